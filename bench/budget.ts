/**
 * The resource budget (issue 14): what one cluster costs in CloudFormation resources, alarms and template
 * bytes, at 3, 30 and 60 brokers and for the other cluster kinds, with the classic per-broker alarms
 * (`BrokerAlarms.perBroker()`, the layout before Metrics Insights alarms) side by side.
 *
 * Each case is one stack (a 3-AZ CompliantVpc with explicit AZs, and one cluster with every default
 * but the case's props), synthesized once with validation off; a VPC-only stack of the same name is the
 * baseline. Cluster resources = the stack's resources minus the VPC's and minus the stack-shared provider
 * (its Lambda and role, shared by every cluster of the stack, counted separately). Template bytes are
 * `JSON.stringify` of the synthesized template (no indentation) minus the VPC-only template's.
 * Synthesis only: nothing here is timed.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BenchCase, runOnce } from './measure';
import { fmtRatio, table } from './report';
import { AZS, ENV } from './variants/topology';
import { CompliantVpc } from '../examples/shared/compliant-vpc';
import { BrokerAlarms, BrokerInstanceType, ProvisionedCluster, ServerlessCluster } from '../src';
import { PROVIDER_ID } from '../src/custom-resources/stack-provider';

/** The budget a default cluster is held to (issue 14; test/monitoring/resource-budget.test.ts). */
export const CLUSTER_BUDGET = 25;
const ALARM_TYPE = 'AWS::CloudWatch::Alarm';
const STACK_NAME = 'MskBudget';
/** Brokers per AZ of the provisioned cases: 3, 30 and 60 brokers over 3 AZs. */
const BROKERS_PER_AZ = [1, 10, 20];

/** One budget case: a cluster built in a stack that already has the VPC. */
interface BudgetCase {
  readonly name: string;
  readonly brokers: number | undefined;
  readonly perBroker: boolean;
  readonly build: (scope: Construct, vpc: CompliantVpc['vpc']) => void;
}

/** What one cluster costs. */
export interface BudgetRow {
  readonly name: string;
  /** Broker count (undefined for serverless). */
  readonly brokers: number | undefined;
  /** `BrokerAlarms.perBroker()` (true) or the default Metrics Insights alarms. */
  readonly perBroker: boolean;
  /** Resources of the cluster: the stack's minus the VPC's and the shared provider's. */
  readonly resources: number;
  readonly alarms: number;
  /** Alarms whose first metric is a Metrics Insights query (`Metrics[0].Expression` starts with SELECT). */
  readonly insightsAlarms: number;
  /** JSON.stringify bytes of the template minus the VPC-only template's (the shared provider included). */
  readonly bytes: number;
  /** Of {@link bytes}: the shared provider's resources. */
  readonly providerBytes: number;
  /** The shared provider's resources by type, e.g. "Lambda::Function 1, IAM::Role 1". */
  readonly provider: string;
}

/** The budget's results. */
export interface Budget {
  readonly rows: BudgetRow[];
  /** Bytes of the VPC-only template (JSON.stringify). */
  readonly vpcBytes: number;
  readonly vpcResources: number;
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: { readonly Metrics?: Array<{ readonly Expression?: unknown }> };
}

const CASES: BudgetCase[] = [
  ...BROKERS_PER_AZ.flatMap((brokersPerAz): BudgetCase[] => [false, true].map((perBroker) => ({
    name: `provisioned, ${3 * brokersPerAz} brokers${perBroker ? ', BrokerAlarms.perBroker()' : ''}`,
    brokers: 3 * brokersPerAz,
    perBroker,
    build: (scope, vpc) => {
      new ProvisionedCluster(scope, 'Cluster', {
        vpc,
        brokersPerAz,
        alarms: perBroker ? { brokerAlarms: BrokerAlarms.perBroker() } : undefined,
      });
    },
  }))),
  {
    name: 'Express (express.m7g.large), 3 brokers',
    brokers: 3,
    perBroker: false,
    build: (scope, vpc) => {
      new ProvisionedCluster(scope, 'Cluster', { vpc, instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
    },
  },
  {
    name: 'serverless',
    brokers: undefined,
    perBroker: false,
    build: (scope, vpc) => {
      new ServerlessCluster(scope, 'Cluster', { vpc });
    },
  },
];

/** Synthesizes every case and the VPC-only baseline. */
export function measureBudget(): Budget {
  const baseline = synthesize(undefined);
  const vpcBytes = jsonBytes(baseline.template);
  const rows = CASES.map((c): BudgetRow => {
    const { template, resources } = synthesize(c);
    let count = 0;
    let alarms = 0;
    let insightsAlarms = 0;
    const providerResources: Record<string, CfnResource> = {};
    const providerTypes = new Map<string, number>();
    for (const [id, resource] of Object.entries(resources)) {
      if (baseline.resources[id] !== undefined) {
        continue;
      }
      if (id.startsWith(PROVIDER_ID)) {
        providerResources[id] = resource;
        const type = resource.Type.replace(/^AWS::/, '');
        providerTypes.set(type, (providerTypes.get(type) ?? 0) + 1);
        continue;
      }
      count++;
      if (resource.Type === ALARM_TYPE) {
        alarms++;
        const expression = resource.Properties?.Metrics?.[0]?.Expression;
        if (typeof expression === 'string' && expression.trimStart().toUpperCase().startsWith('SELECT')) {
          insightsAlarms++;
        }
      }
    }
    return {
      name: c.name,
      brokers: c.brokers,
      perBroker: c.perBroker,
      resources: count,
      alarms,
      insightsAlarms,
      bytes: jsonBytes(template) - vpcBytes,
      providerBytes: jsonBytes(providerResources),
      provider: [...providerTypes].map(([type, n]) => `${type} ${n}`).join(', ') || 'none',
    };
  });
  return { rows, vpcBytes, vpcResources: Object.keys(baseline.resources).length };
}

/** The budget as Markdown: one row per case, then per-broker against Metrics Insights alarms as ratios. */
export function budgetReport(budget: Budget): string {
  const lines: string[] = [];
  lines.push(table(
    ['cluster', 'brokers', 'cluster resources', `within ${CLUSTER_BUDGET}`, 'alarms', 'Metrics Insights alarms', 'classic alarms',
      'template bytes (minus VPC)', 'of which shared provider', 'stack-shared provider resources'],
    budget.rows.map((r) => [
      r.name,
      r.brokers ?? '-',
      r.resources,
      r.perBroker ? '(not held to it)' : r.resources <= CLUSTER_BUDGET ? 'yes' : 'NO',
      r.alarms,
      r.insightsAlarms,
      r.alarms - r.insightsAlarms,
      r.bytes,
      r.providerBytes,
      r.provider,
    ]),
  ));
  lines.push('');
  const ratios: Array<Array<string | number>> = [];
  for (const brokers of BROKERS_PER_AZ.map((b) => 3 * b)) {
    const insights = budget.rows.find((r) => r.brokers === brokers && !r.perBroker && r.name.startsWith('provisioned'));
    const perBroker = budget.rows.find((r) => r.brokers === brokers && r.perBroker);
    if (!insights || !perBroker) {
      continue;
    }
    ratios.push([
      brokers,
      `${perBroker.resources} / ${insights.resources}`,
      fmtRatio(perBroker.resources / insights.resources),
      `${perBroker.alarms} / ${insights.alarms}`,
      fmtRatio(perBroker.alarms / insights.alarms),
      `${perBroker.bytes} / ${insights.bytes}`,
      fmtRatio(perBroker.bytes / insights.bytes),
    ]);
  }
  lines.push(table(['brokers', 'resources, perBroker / default', 'ratio', 'alarms, perBroker / default', 'ratio',
    'template bytes, perBroker / default', 'ratio'], ratios));
  lines.push('');
  lines.push(`VPC-only baseline (subtracted): ${budget.vpcResources} resources, ${budget.vpcBytes} bytes (JSON.stringify).`);
  return lines.join('\n');
}

/** Budget cases of the default layout that exceed {@link CLUSTER_BUDGET}. */
export function overBudget(budget: Budget): BudgetRow[] {
  return budget.rows.filter((r) => !r.perBroker && r.resources > CLUSTER_BUDGET);
}

/** Synthesizes one case (undefined: the VPC alone) and returns its template and resources. */
function synthesize(c: BudgetCase | undefined): { template: Record<string, unknown>; resources: Record<string, CfnResource> } {
  const benchCase: BenchCase = {
    name: c?.name ?? 'vpc-only',
    validation: false,
    build: (app: App) => {
      const stack = new Stack(app, STACK_NAME, { env: ENV });
      const { vpc } = new CompliantVpc(stack, 'Network', { availabilityZones: AZS });
      c?.build(stack, vpc);
      return [stack];
    },
  };
  const { output } = runOnce(benchCase, true);
  const template = output!.templates.get(STACK_NAME)!;
  return { template, resources: (template.Resources ?? {}) as Record<string, CfnResource> };
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

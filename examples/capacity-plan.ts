/**
 * "What will this cost me, and which is cheapest?" The planner sizes the workload on standard brokers
 * with EBS, standard brokers with tiered storage and Express brokers, prices each, prints the
 * comparison at synth, and the cluster is built from the cheapest plan.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/capacity-plan.ts"
 *
 * The library's price table has no price for Express storage or tiered storage: copy them from
 * https://aws.amazon.com/msk/pricing/ to rank those options too:
 *
 *   ... -c expressStorageGBMonthUsd=<price> -c tieredStorageGBMonthUsd=<price>
 *
 * After the first deployment, pass the family it got (`-c deployedFamily=STANDARD` or `EXPRESS`):
 * MSK cannot switch a cluster between Standard and Express brokers, so every later plan keeps it.
 */
import { Annotations, App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClusterSizing, MskPriceOverrides, ProvisionedCluster, SizingBrokerFamily, SizingComparison, SizingInput } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** The workload: 50 MB/s in, 150 MB/s out (three consumer groups), three days kept, 600 partitions. */
export const WORKLOAD: SizingInput = { ingressMBps: 50, egressMBps: 150, retentionHours: 72, partitions: 600 };

/** The planned cluster, and the comparison it came from. */
export class CapacityPlanStack extends Stack {
  /** Every option, sized and priced. */
  public readonly comparison: SizingComparison;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const deployed = familyFromContext(this);
    const input: SizingInput = {
      ...WORKLOAD,
      region: this.region,
      prices: pricesFromContext(this),
      current: deployed === undefined ? undefined : { brokerFamily: deployed },
    };
    this.comparison = ClusterSizing.compare(input);
    // `cdk synth` prints the comparison with the stack's other messages.
    Annotations.of(this).addInfo(this.comparison.summary);
    const chosen = this.comparison.recommendation;
    if (chosen === undefined) {
      throw new Error(`No plan for this workload:\n${this.comparison.summary}`);
    }
    // A first plan: keep the family it chose from now on (the plan is the same, now pinned).
    const plan = deployed !== undefined ? chosen
      : ClusterSizing.recommend({ ...input, brokerFamily: chosen.express ? SizingBrokerFamily.EXPRESS : SizingBrokerFamily.STANDARD });

    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
    const cluster = new ProvisionedCluster(this, 'Events', { vpc, sizing: plan });
    new CfnOutput(this, 'PlannedMonthlyUsd', {
      value: `${plan.estimate?.monthlyUsd}${plan.estimate?.unpriced.length ? ' (lower bound)' : ''}`,
      description: 'The planned monthly cost, us-east-1 list prices',
    });
    new CfnOutput(this, 'ClusterArn', { value: cluster.clusterArn });
  }
}

/** The prices given as context, e.g. `-c expressStorageGBMonthUsd=0.1`. */
function pricesFromContext(scope: Construct): MskPriceOverrides {
  const price = (name: string): number | undefined => {
    const value: unknown = scope.node.tryGetContext(name);
    return value === undefined ? undefined : Number(value);
  };
  return {
    expressStorageGBMonthUsd: price('expressStorageGBMonthUsd'),
    tieredStorageGBMonthUsd: price('tieredStorageGBMonthUsd'),
  };
}

/** The broker family of the deployed cluster, from `-c deployedFamily=STANDARD|EXPRESS`. */
function familyFromContext(scope: Construct): SizingBrokerFamily | undefined {
  const value: unknown = scope.node.tryGetContext('deployedFamily');
  if (value === undefined) {
    return undefined;
  }
  const family = Object.values(SizingBrokerFamily).find((f) => f === value);
  if (family === undefined) {
    throw new Error(`deployedFamily: '${String(value)}' is not a broker family. Fix: pass STANDARD or EXPRESS.`);
  }
  return family;
}

/** Builds the example stack in `app`. */
export function buildCapacityPlan(app: App): CapacityPlanStack {
  return new CapacityPlanStack(app, 'MskCapacityPlan', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildCapacityPlan(app);
  app.synth();
}

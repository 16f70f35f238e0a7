/**
 * Synthesis benchmark of cdk-msk-constructs (`npm run bench`). Prints Markdown to stdout, progress to stderr.
 *
 * 1. Quickstart, head to head: this library (examples/quickstart.ts), the same resources in hand-written L1,
 *    and the same topology with @aws-cdk/aws-msk-alpha, plus the shared VPC alone (the fixed part every
 *    variant contains), each with aws-cdk-lib's built-in CloudFormation validation off and on, and once more
 *    with CDK's creation stack traces turned off app-wide (the like-for-like comparison of the constructs
 *    themselves: the library captures one trace per construct instead of one per resource, see
 *    src/validation/creation-trace.ts, while the L1 and alpha variants keep CDK's default).
 * 2. Resource budget (bench/budget.ts): resources, alarms and template bytes of one cluster at 3, 30 and 60
 *    brokers, Express and serverless, and with BrokerAlarms.perBroker() side by side (synthesized, not timed).
 * 3. Scaling: 0 (VPC only), 1, 10, 50, 100 library clusters in one app, spread over stacks of at most 16
 *    clusters, each stack with its own VPC (CloudFormation's 500 resources per stack).
 * 4. Template size, resource counts, provider Lambdas per stack, handler asset size, targets.
 *
 * Rounds stop early on a slow machine (time budget per section, after a minimum number of rounds).
 * Environment: BENCH_ROUNDS (quickstart rounds at most, default 15), BENCH_SCALE_ROUNDS (default 3),
 * BENCH_SCALE_VALIDATION_MAX (largest N of the validation-on scaling series, default 50; 0 skips it),
 * BENCH_GC=each (force a full GC before every sample: measures a cold-ish state, see measure.ts),
 * BENCH_JSON (a file to write the raw samples to), BENCH_ALLOW_DRIFT=1 (time the quickstart variants even when
 * their resource types and counts differ from the library's; by default the benchmark stops, see sameResourcesCheck).
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { budgetReport, CLUSTER_BUDGET, measureBudget, overBudget } from './budget';
import { BenchCase, median, RoundPlan, runAlternating, runOnce, RunResult, Sample } from './measure';
import {
  fileSizes,
  fmtKiB,
  fmtMs,
  fmtRatio,
  pairedRatio,
  table,
  templateStats,
  TemplateStats,
  TIMING_HEADER,
  timingRow,
  typeDifferences,
} from './report';
import { buildAlphaQuickstart } from './variants/alpha';
import { buildL1Quickstart } from './variants/l1';
import { buildOursQuickstart, buildOursScaling, buildVpcOnly, CLUSTERS_PER_STACK, scalingLayout } from './variants/ours';

const ROOT = path.join(__dirname, '..');
const HANDLER = path.join(ROOT, 'assets', 'custom-resources', 'provider', 'index.js');
const SCALE = [0, 1, 10, 50, 100];
/** Per-cluster cost counts as flat when the marginal cost per cluster from 50 to 100 stays within this factor of 1 to 10. */
const FLAT_FACTOR = 1.2;
const L1_TARGET = 1.15;
/** Provider Lambdas per stack: one serves every custom resource of the library (bootstrap brokers, broker volume size). */
const PROVIDER_LAMBDAS = 1;
/** CloudFormation's quota of resources per stack ("CloudFormation quotas", CloudFormation user guide). */
const STACK_RESOURCE_QUOTA = 500;
/** The quickstart's modes: the two the targets are judged on (CDK defaults), then the like-for-like one. */
interface Mode {
  readonly label: string;
  readonly validation: boolean;
  readonly context?: Record<string, unknown>;
}
const VALIDATION_OFF: Mode = { label: 'validation off', validation: false };
const VALIDATION_ON: Mode = { label: 'validation on', validation: true };
const NO_TRACES: Mode = { label: 'no creation traces', validation: false, context: { 'aws:cdk:disable-creation-stack-traces': true } };
const MODES = [VALIDATION_OFF, VALIDATION_ON, NO_TRACES];
const VARIANTS: Array<[string, (app: App) => Stack]> = [
  ['ours', buildOursQuickstart], ['l1', buildL1Quickstart], ['alpha', buildAlphaQuickstart], ['vpc-only', buildVpcOnly],
];

const QUICK_PLAN: RoundPlan = { warmup: 3, minRounds: 7, maxRounds: intEnv('BENCH_ROUNDS', 25), budgetMs: 90_000 };
const SCALE_PLAN: RoundPlan = { warmup: 1, minRounds: 3, maxRounds: intEnv('BENCH_SCALE_ROUNDS', 7), budgetMs: 90_000 };
const SCALE_VALIDATION_PLAN: RoundPlan = { warmup: 0, minRounds: 2, maxRounds: 3, budgetMs: 45_000 };
const scaleValidationMax = intEnv('BENCH_SCALE_VALIDATION_MAX', 50);
const started = Date.now();
const raw: Record<string, unknown> = {};

function main(): void {
  if (!fs.existsSync(HANDLER)) {
    throw new Error(`${HANDLER} is missing: run \`npx projen bundle\` first (npm run bench does).`);
  }
  if (process.env.CDK_VALIDATION === 'false') {
    throw new Error('CDK_VALIDATION=false disables the built-in validation the benchmark measures; unset it.');
  }
  print(`# cdk-msk-constructs synthesis benchmark\n\n${machine()}\n`);

  // 1. Quickstart variants, after checking that they build the same resources.
  print(`${sameResourcesCheck()}\n`);
  const cases: BenchCase[] = [];
  for (const mode of MODES) {
    for (const [name, build] of VARIANTS) {
      cases.push({ name: caseName(name, mode), validation: mode.validation, context: mode.context, build: (app) => [build(app)] });
    }
  }
  const quick = runSection('quickstart', cases, QUICK_PLAN);
  raw.quickstart = Object.fromEntries(quick.samples);
  print('## Quickstart: library vs hand-written L1 vs aws-msk-alpha\n');
  print('One sample: `new App()` + build the stack (construct) + `app.synth()` (synth). Every variant builds the same CompliantVpc '
    + 'inside the timed region; `vpc-only` is that VPC alone, subtracted for the "net" (cluster-only) figures. '
    + 'Wall time is what the targets are judged on; CPU time (user + system of the process) is the cross-check on a busy machine.\n');
  print(table(TIMING_HEADER, cases.map((c) => timingRow(c.name, quick.samples.get(c.name)!))));
  print('');
  print(ratioTable(quick));
  print('');

  const stats = new Map<string, TemplateStats>();
  for (const [name] of VARIANTS) {
    stats.set(name, onlyStack(quick, caseName(name, VALIDATION_OFF)));
  }
  const vpc = stats.get('vpc-only')!;
  print('Template of each variant (validation does not change the template):\n');
  print(table(['variant', 'template bytes', 'resources', 'resources minus VPC', 'Lambda functions', 'resource types that differ from ours (this/ours)'],
    VARIANTS.map(([name]) => {
      const s = stats.get(name)!;
      return [name, s.bytes, s.resources, s.resources - vpc.resources, s.lambdas, name === 'ours' ? '-' : typeDifferences(s, stats.get('ours')!)];
    })));
  print('');

  // 2. Resource budget.
  progress('resource budget: synthesizing 8 single-cluster stacks and the VPC-only baseline');
  const budget = measureBudget();
  raw.budget = budget;
  print(`## Resource budget of one cluster (budget: ${CLUSTER_BUDGET} resources for a default cluster)\n`);
  print('One stack per row: a 3-AZ CompliantVpc (explicit AZs) and one cluster with every default but the row\'s. '
    + '"cluster resources" excludes the VPC and the stack-shared provider (its Lambda and role, once per stack whatever the number of clusters, '
    + 'listed in the last column). Template bytes: JSON.stringify of the template minus the VPC-only template\'s (the shared provider included). '
    + 'Metrics Insights alarms: Metrics[0].Expression starts with SELECT. `BrokerAlarms.perBroker()` is the classic one-alarm-per-broker layout (the "before").\n');
  print(budgetReport(budget));
  print('');

  // 3. Scaling.
  const scaleCases = (validation: boolean, sizes: number[]): BenchCase[] => sizes.map((n) => ({
    name: scaleName(n, validation),
    validation,
    build: (app) => buildOursScaling(app, n),
  }));
  const scaleOff = runSection('scaling, validation off', scaleCases(false, SCALE), SCALE_PLAN);
  raw.scalingValidationOff = Object.fromEntries(scaleOff.samples);
  print(`## Scaling: N library clusters over stacks of at most ${CLUSTERS_PER_STACK} (a VPC per stack, one bootstrap-brokers output per cluster)\n`);
  print(`Stacks are filled with ${CLUSTERS_PER_STACK} clusters first, the rest in the last one (N=50: ${scalingLayout(50).join(' + ')}; `
    + `N=100: ${scalingLayout(100).join(' + ')}). "net" = minus one VPC-only stack (N=0) per stack, so it is the cost of the clusters, `
    + 'including each stack\'s provider Lambda and role and its per-stack synth work; "marginal" = net cost per added cluster since the previous N. '
    + 'Template bytes are the files as written (1-space indent), summed over the stacks.\n');
  print(scalingTable(scaleOff, false, SCALE));
  print('');
  const validationSizes = SCALE.filter((n) => n <= scaleValidationMax);
  if (scaleValidationMax > 0) {
    const scaleOn = runSection('scaling, validation on', scaleCases(true, validationSizes), SCALE_VALIDATION_PLAN);
    raw.scalingValidationOn = Object.fromEntries(scaleOn.samples);
    print(`With the built-in CloudFormation validation on (N up to ${scaleValidationMax}; BENCH_SCALE_VALIDATION_MAX=100 adds N=100):\n`);
    print(scalingTable(scaleOn, true, validationSizes));
    print('');
  }

  // 4. Handler asset and targets.
  const handler = fileSizes(HANDLER);
  print(`Handler asset (assets/custom-resources/provider/index.js): ${handler.bytes} bytes (${fmtKiB(handler.bytes)}), `
    + `${handler.gzipBytes} bytes gzipped; staged once per stack (one provider per stack).\n`);
  print('## Targets\n');
  print(targets(quick, scaleOff, overBudget(budget).map((r) => `${r.name}: ${r.resources}`)));
  print(`\nTotal benchmark time: ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadAverage()}`);

  if (process.env.BENCH_JSON) {
    fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(raw, undefined, 1));
  }
}

/**
 * Synthesizes each quickstart variant once (untimed) and compares its resource types and counts, and its number of
 * Metrics Insights alarms, with the library's. Throws on any difference, so that the head-to-head ratios cannot
 * silently compare different templates again (the library changed its layout and bench/variants did not follow);
 * BENCH_ALLOW_DRIFT=1 runs anyway and prints the differences.
 */
function sameResourcesCheck(): string {
  const signature = (name: string): TemplateStats => {
    const build = VARIANTS.find(([n]) => n === name)![1];
    const { output } = runOnce({ name, validation: false, build: (app) => [build(app)] }, true);
    const [template] = [...output!.templates.values()];
    const stats = templateStats(template, 0);
    const alarms = Object.values(template.Resources as Record<string, { Type: string; Properties?: { Metrics?: Array<{ Expression?: string }> } }>)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const insights = alarms.filter((r) => r.Properties?.Metrics?.[0]?.Expression?.startsWith('SELECT')).length;
    stats.byType.set('AWS::CloudWatch::Alarm (Metrics Insights)', insights);
    return stats;
  };
  const ours = signature('ours');
  const differences = ['l1', 'alpha'].map((name) => [name, typeDifferences(signature(name), ours)]);
  const drift = differences.filter(([, d]) => d !== 'same types and counts');
  const line = `Same resources by type as ours (checked before timing; Metrics Insights alarms counted apart): ${drift.length === 0 ? 'yes' : 'NO'} `
    + `(${differences.map(([name, d]) => `${name}: ${d}`).join('; ')}; ours: ${ours.resources} resources).`;
  if (drift.length > 0 && process.env.BENCH_ALLOW_DRIFT !== '1') {
    throw new Error(`${line}\nbench/variants (topology.ts, l1.ts, alpha.ts) no longer build what examples/quickstart.ts builds: `
      + 'bring them up to date, or set BENCH_ALLOW_DRIFT=1 to time them anyway.');
  }
  return line;
}

function runSection(title: string, cases: BenchCase[], plan: RoundPlan): RunResult {
  progress(`${title}: ${cases.length} cases, ${plan.minRounds}-${plan.maxRounds} rounds (budget ${plan.budgetMs / 1000} s) after ${plan.warmup} warm-up rounds`);
  return runAlternating(cases, plan, (r) => progress(`  ${title}: round ${r} done`));
}

function ratioTable(result: RunResult): string {
  const rows: Array<Array<string | number>> = [];
  for (const mode of MODES) {
    const get = (name: string): Sample[] => result.samples.get(caseName(name, mode))!;
    const wall = (name: string) => median(get(name).map((s) => s.totalMs));
    const cpu = (name: string) => median(get(name).map((s) => s.cpuMs));
    for (const other of ['l1', 'alpha']) {
      rows.push([
        `ours / ${other}, ${mode.label}`,
        fmtRatio(wall('ours') / wall(other)),
        fmtRatio(pairedRatio(get('ours'), get(other))),
        fmtRatio((wall('ours') - wall('vpc-only')) / (wall(other) - wall('vpc-only'))),
        fmtRatio(cpu('ours') / cpu(other)),
        fmtRatio((cpu('ours') - cpu('vpc-only')) / (cpu(other) - cpu('vpc-only'))),
      ]);
    }
  }
  return table(['ratio', 'wall, of medians', 'wall, median of per-round ratios', 'wall, net of VPC', 'CPU, of medians', 'CPU, net of VPC'], rows);
}

function scalingTable(result: RunResult, validation: boolean, sizes: number[]): string {
  const get = (n: number) => result.samples.get(scaleName(n, validation))!;
  const wall = (n: number) => median(get(n).map((s) => s.totalMs));
  const cpu = (n: number) => median(get(n).map((s) => s.cpuMs));
  const part = (n: number, key: 'constructMs' | 'synthMs') => median(get(n).map((s) => s[key]));
  const netCpu = (n: number) => netOfVpcs(cpu, n) / n;
  const [base] = stacksOf(result, scaleName(0, validation));
  const rows = sizes.map((n, i) => {
    const stacks = stacksOf(result, scaleName(n, validation));
    const bytes = sum(stacks.map((s) => s.bytes));
    const resources = sum(stacks.map((s) => s.resources));
    const prev = i > 0 ? sizes[i - 1] : undefined;
    return [
      n,
      stacks.length,
      fmtMs(wall(n)),
      fmtMs(part(n, 'constructMs')),
      fmtMs(part(n, 'synthMs')),
      fmtMs(cpu(n)),
      n === 0 ? '-' : fmtMs(netOfVpcs(wall, n) / n),
      n === 0 ? '-' : fmtMs(netCpu(n)),
      n === 0 ? '-' : fmtRatio(netCpu(n) / netCpu(1)),
      prev === undefined ? '-' : fmtMs((netOfVpcs(cpu, n) - netOfVpcs(cpu, prev)) / (n - prev)),
      bytes,
      Math.max(...stacks.map((s) => s.bytes)),
      n === 0 ? '-' : Math.round((bytes - stacks.length * base.bytes) / n),
      resources,
      Math.max(...stacks.map((s) => s.resources)),
      n === 0 ? '-' : ((resources - stacks.length * base.resources) / n).toFixed(1),
      distinct(stacks.map((s) => s.lambdas)),
      sum(stacks.map((s) => s.brokerLookups)),
      get(n).length,
    ];
  });
  return table(['clusters', 'stacks', 'wall ms', 'construct ms', 'synth ms', 'CPU ms', 'net wall ms / cluster', 'net CPU ms / cluster',
    'net CPU / cluster vs N=1', 'marginal CPU ms / cluster', 'template bytes (all stacks)', 'template bytes (largest stack)',
    'net template bytes / cluster', 'resources (all stacks)', 'resources (largest stack)', 'net resources / cluster',
    'Lambda functions per stack', 'Custom::MskBootstrapBrokers', 'n'], rows);
}

function targets(quick: RunResult, scale: RunResult, overBudgetRows: string[]): string {
  const lines: string[] = [];
  for (const mode of MODES) {
    const wall = (name: string) => median(quick.samples.get(caseName(name, mode))!.map((s) => s.totalMs));
    const cpu = (name: string) => median(quick.samples.get(caseName(name, mode))!.map((s) => s.cpuMs));
    const l1 = wall('ours') / wall('l1');
    const l1Net = (wall('ours') - wall('vpc-only')) / (wall('l1') - wall('vpc-only'));
    const alpha = wall('ours') / wall('alpha');
    // The targets are judged with CDK's defaults; the like-for-like mode is information.
    const verdict = (met: boolean) => (mode === NO_TRACES ? 'for information' : met ? 'MET' : 'MISSED');
    lines.push(`- ours <= ${L1_TARGET}x L1 (${mode.label}): ${verdict(l1 <= L1_TARGET)} (wall ${fmtRatio(l1)} whole stack, `
      + `${fmtRatio(l1Net)} net of VPC; CPU ${fmtRatio(cpu('ours') / cpu('l1'))})`);
    lines.push(`- faster than alpha (${mode.label}): ${verdict(alpha < 1)} (wall ${fmtRatio(alpha)}; CPU ${fmtRatio(cpu('ours') / cpu('alpha'))})`);
  }
  lines.push(`- a default cluster (3, 30 or 60 brokers, Express, serverless) within ${CLUSTER_BUDGET} resources: `
    + `${overBudgetRows.length === 0 ? 'MET' : `MISSED (${overBudgetRows.join('; ')})`}`);
  const cpu = (n: number) => median(scale.samples.get(scaleName(n, false))!.map((s) => s.cpuMs));
  const wall = (n: number) => median(scale.samples.get(scaleName(n, false))!.map((s) => s.totalMs));
  // Net of the VPC-only stack once per stack, as in the scaling table.
  const marginal = (f: (n: number) => number, a: number, b: number) => (netOfVpcs(f, b) - netOfVpcs(f, a)) / (b - a);
  const flatCpu = marginal(cpu, 50, 100) / marginal(cpu, 1, 10);
  const flatWall = marginal(wall, 50, 100) / marginal(wall, 1, 10);
  lines.push(`- per-cluster cost flat to 100 (marginal cost per cluster 50->100 within ${FLAT_FACTOR}x of 1->10, net of the VPCs, validation off): `
    + `${flatCpu <= FLAT_FACTOR && flatWall <= FLAT_FACTOR ? 'MET' : 'MISSED'} (CPU ${fmtRatio(flatCpu)}, wall ${fmtRatio(flatWall)})`);
  const sizes = SCALE.filter((n) => n > 0);
  const lambdas = sizes.map((n) => stacksOf(scale, scaleName(n, false)).map((s) => s.lambdas));
  // One Lambda for every custom resource of every cluster of a stack: bootstrap brokers and broker volume size.
  lines.push(`- one provider Lambda per stack: ${lambdas.every((l) => l.every((x) => x === PROVIDER_LAMBDAS)) ? 'MET' : 'MISSED'} `
    + `(Lambda functions per stack at N=${sizes.join('/')}: ${lambdas.map(distinct).join('/')})`);
  const largest = Math.max(...sizes.map((n) => Math.max(...stacksOf(scale, scaleName(n, false)).map((s) => s.resources))));
  lines.push(`- every stack within CloudFormation's ${STACK_RESOURCE_QUOTA} resources (${CLUSTERS_PER_STACK} clusters per stack at most): `
    + `${largest <= STACK_RESOURCE_QUOTA ? 'MET' : 'MISSED'} (largest stack: ${largest} resources)`);
  return lines.join('\n');
}

/** A per-N measure minus one VPC-only stack (N=0) per stack of N's layout. */
function netOfVpcs(f: (n: number) => number, n: number): number {
  return f(n) - scalingLayout(n).length * f(0);
}

/** Template statistics of every stack a case synthesized. */
function stacksOf(result: RunResult, name: string): TemplateStats[] {
  const output = result.outputs.get(name)!;
  return [...output.templates.keys()].map((stackName) => templateStats(output.templates.get(stackName)!, output.templateBytes.get(stackName)!));
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** "1" when every value is 1, else the values joined with commas. */
function distinct(values: number[]): string {
  const set = [...new Set(values)];
  return set.length === 1 ? String(set[0]) : values.join(',');
}

/** Template statistics of the single stack a case synthesized. */
function onlyStack(result: RunResult, name: string): TemplateStats {
  const output = result.outputs.get(name)!;
  const [stackName] = [...output.templates.keys()];
  return templateStats(output.templates.get(stackName)!, output.templateBytes.get(stackName)!);
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const pkg = (name: string) => {
    const file = path.join(ROOT, 'node_modules', ...name.split('/'), 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf-8')) as { version: string }).version;
  };
  let revision = 'unknown';
  try {
    revision = execSync('git rev-parse --short HEAD', { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    // not a git checkout
  }
  const plan = (p: RoundPlan) => `${p.minRounds}-${p.maxRounds} rounds, budget ${p.budgetMs / 1000} s, ${p.warmup} warm-up`;
  return [
    `- date: ${new Date().toISOString()}; git HEAD ${revision} (plus uncommitted changes, if any)`,
    `- machine: ${os.cpus().length} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average at start ${loadAverage()}`,
    `- node ${process.version}; aws-cdk-lib ${pkg('aws-cdk-lib')}; @aws-cdk/aws-msk-alpha ${pkg('@aws-cdk/aws-msk-alpha')}; constructs ${pkg('constructs')}`,
    `- GC: ${process.env.BENCH_GC === 'each' ? 'a full GC forced before every sample (BENCH_GC=each: cold-ish state)' : 'not forced (warm state)'}`,
    `- plans: quickstart ${plan(QUICK_PLAN)}; scaling ${plan(SCALE_PLAN)}; scaling with validation ${plan(SCALE_VALIDATION_PLAN)}`,
  ].join('\n');
}

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

function caseName(variant: string, mode: Mode): string {
  return `${variant}, ${mode.label}`;
}

function scaleName(clusters: number, validation: boolean): string {
  return `N=${clusters}, validation ${validation ? 'on' : 'off'}`;
}

function intEnv(name: string, fallback: number): number {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : Math.max(0, parseInt(value, 10));
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function progress(text: string): void {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${text}\n`);
}

main();

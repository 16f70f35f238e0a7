/**
 * Experiment behind the acknowledgement hot path in docs/PERFORMANCE.md (not part of `npm run bench`).
 *
 * The library acknowledges validator rules with `Validations.of(c).acknowledge(...)` (src/validation/acknowledgements.ts):
 * 25 rules per cluster on the two log buckets. aws-cdk-lib records each rule as its own construct metadata entry
 * with a captured stack trace, and under ts-node every stack trace goes through source-map-support. The
 * alternative records the same `aws:cdk:acknowledged-rules` data as ONE metadata entry without a trace.
 * This script swaps `Validations.prototype.acknowledge` for that alternative in half the runs (alternating) and
 * compares, so the gain of the proposed src/ change is measured without editing src/.
 *
 *   npx ts-node --prefer-ts-exts bench/experiments/acknowledge.ts [rounds]
 */
import { App, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { BenchCase, median, runAlternating } from '../measure';
import { fmtMs, fmtRatio, table } from '../report';
import { buildAlphaQuickstart } from '../variants/alpha';
import { buildL1Quickstart } from '../variants/l1';
import { buildOursQuickstart, buildOursScaling } from '../variants/ours';

type Acknowledge = (this: Validations, ...rules: Array<{ id: string; reason: string }>) => void;

const stock: Acknowledge = Validations.prototype.acknowledge;

/** The same metadata as aws-cdk-lib writes (ids qualified the same way), in one entry, without a stack trace. */
const oneEntry: Acknowledge = function (this: Validations, ...rules) {
  const scope = (this as unknown as { scope: IConstruct }).scope;
  const qualified = (id: string) => (id.includes('::') ? id.replace(/ /g, '-') : `Annotation::${id.replace(/ /g, '-')}`);
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Object.fromEntries(rules.map((r) => [qualified(r.id), r.reason])));
};

function withAcknowledge(impl: Acknowledge, build: (app: App) => ReturnType<typeof buildOursQuickstart>) {
  return (app: App) => {
    Validations.prototype.acknowledge = impl;
    return [build(app)];
  };
}

const rounds = parseInt(process.argv[2] ?? '15', 10);
const cases: BenchCase[] = [
  { name: 'ours quickstart, stock acknowledge', validation: false, build: withAcknowledge(stock, buildOursQuickstart) },
  { name: 'ours quickstart, one metadata entry', validation: false, build: withAcknowledge(oneEntry, buildOursQuickstart) },
  { name: 'l1 quickstart', validation: false, build: withAcknowledge(stock, buildL1Quickstart) },
  { name: 'alpha quickstart', validation: false, build: withAcknowledge(stock, buildAlphaQuickstart) },
  { name: '10 clusters, stock acknowledge', validation: false, build: withAcknowledge(stock, (app) => buildOursScaling(app, 10)) },
  { name: '10 clusters, one metadata entry', validation: false, build: withAcknowledge(oneEntry, (app) => buildOursScaling(app, 10)) },
];
const result = runAlternating(cases, { warmup: 3, minRounds: rounds, maxRounds: rounds, budgetMs: 0 },
  (r) => process.stderr.write(`round ${r}/${rounds}\n`));
Validations.prototype.acknowledge = stock;

const wall = (name: string) => median(result.samples.get(name)!.map((s) => s.totalMs));
const cpu = (name: string) => median(result.samples.get(name)!.map((s) => s.cpuMs));
process.stdout.write(`${table(['case', 'wall ms (median)', 'CPU ms (median)', 'n'],
  cases.map((c) => [c.name, fmtMs(wall(c.name)), fmtMs(cpu(c.name)), result.samples.get(c.name)!.length]))}\n\n`);
process.stdout.write(`${table(['comparison', 'wall', 'CPU'], [
  ['quickstart: one entry / stock', fmtRatio(wall(cases[1].name) / wall(cases[0].name)), fmtRatio(cpu(cases[1].name) / cpu(cases[0].name))],
  ['quickstart: stock / l1', fmtRatio(wall(cases[0].name) / wall(cases[2].name)), fmtRatio(cpu(cases[0].name) / cpu(cases[2].name))],
  ['quickstart: one entry / l1', fmtRatio(wall(cases[1].name) / wall(cases[2].name)), fmtRatio(cpu(cases[1].name) / cpu(cases[2].name))],
  ['quickstart: stock / alpha', fmtRatio(wall(cases[0].name) / wall(cases[3].name)), fmtRatio(cpu(cases[0].name) / cpu(cases[3].name))],
  ['quickstart: one entry / alpha', fmtRatio(wall(cases[1].name) / wall(cases[3].name)), fmtRatio(cpu(cases[1].name) / cpu(cases[3].name))],
  ['10 clusters: one entry / stock', fmtRatio(wall(cases[5].name) / wall(cases[4].name)), fmtRatio(cpu(cases[5].name) / cpu(cases[4].name))],
  ['10 clusters: saved ms per cluster', fmtMs((wall(cases[4].name) - wall(cases[5].name)) / 10), fmtMs((cpu(cases[4].name) - cpu(cases[5].name)) / 10)],
])}\n`);

/**
 * The lifecycle matrix: for each public prop of each construct, one or more changes from a `before` to an
 * `after` variant, each synthesized once (without the built-in validation). Every resource's change is
 * classified from the CloudFormation resource specification and the services' own rules
 * (test/util/lifecycle/), and must match the row: `safe` (nothing holding data is replaced or deleted,
 * nothing is refused), `warns` (the synthesis of `after` warns, naming what is replaced or refused) or
 * `fails` (synthesis throws with the rule id). A change that replaces a data-holding resource (cluster,
 * key, topic, bucket, secret, schema, Flink application) with no warning or error fails here, unless the
 * row records it as a library `gap` with the proposed warning.
 *
 * README's "Data safety" tables are generated from these rows:
 *   UPDATE_README_DATA_SAFETY=1 npx jest test/lifecycle/lifecycle-matrix.test.ts
 * and this test fails when the committed README differs. LIFECYCLE_DEBUG=1 prints what each row does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REGENERATE, renderDataSafety, withDataSafety } from './data-safety-doc';
import { CLUSTER_ROWS } from './rows-cluster';
import { INTEGRATION_ROWS } from './rows-integrations';
import { Judgement, judge, MatrixRow, rowProblems, summary } from '../util/lifecycle/matrix';

const ROWS: readonly MatrixRow[] = [...CLUSTER_ROWS, ...INTEGRATION_ROWS];
const README = path.join(__dirname, '..', '..', 'README.md');

const judgements = new Map<MatrixRow, Judgement>();
const judged = (row: MatrixRow): Judgement => {
  let j = judgements.get(row);
  if (!j) {
    j = judge(row);
    judgements.set(row, j);
  }
  return j;
};

const title = (r: MatrixRow) => `${r.construct} ${r.prop}: ${r.before.label} -> ${r.after.label} is ${r.expect.outcome}`
  + `${r.expect.outcome === 'warns' ? ` (${r.expect.warning})` : r.expect.outcome === 'fails' ? ` (${r.expect.rule})` : ''}`
  + `${r.gap !== undefined ? ' [library gap]' : ''}${r.pending ? ` [needs ${r.pending}]` : ''}`;

describe('lifecycle matrix', () => {
  test.each(ROWS.map((r) => [title(r), r] as const))('%s', (name, row) => {
    const judgement = judged(row);
    if (process.env.LIFECYCLE_DEBUG === '1') {
      process.stdout.write(`${name}\n    ${summary(judgement)}\n`);
    }
    const problems = rowProblems(row, judgement);
    if (problems.length > 0) {
      throw new Error(`${name}:\n  - ${problems.join('\n  - ')}`);
    }
  });

  test('covers every construct the data-safety tables promise', () => {
    const constructs = new Set(ROWS.map((r) => r.construct));
    expect([
      'ProvisionedCluster', 'ServerlessCluster', 'addTopic', 'addScramUser', 'ClusterPolicy', 'ClusterVpcConnection', 'KafkaConnector',
      'ConnectCustomPlugin', 'KafkaReplicator', 'KafkaLambdaConsumer', 'KafkaFlinkApplication', 'TopicToS3', 'SchemaRegistry', 'RegistrySchema',
      'DataLakeBucket',
    ].filter((c) => !constructs.has(c))).toEqual([]);
  });
});

describe('README "Data safety"', () => {
  test(`is generated from the matrix (regenerate: ${REGENERATE})`, () => {
    const block = renderDataSafety(ROWS.map((row) => ({ row, judgement: judged(row) })));
    // Re-read just before writing: other prose of the section is edited by hand.
    const readme = fs.readFileSync(README, 'utf-8');
    const generated = withDataSafety(readme, block);
    if (process.env.UPDATE_README_DATA_SAFETY === '1' && generated !== readme) {
      fs.writeFileSync(README, generated);
    }
    const committed = fs.readFileSync(README, 'utf-8');
    if (committed !== generated) {
      throw new Error(`README.md's data-safety block differs from the lifecycle matrix. Regenerate it:\n  ${REGENERATE}`);
    }
  });
});

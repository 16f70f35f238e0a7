/**
 * Property-based tests: random but well-typed props for ProvisionedCluster and ServerlessCluster must
 * either be rejected with this library's validation error (`cdk-msk-constructs: ...`, a `[RuleId]` and
 * the property named for every problem), or build a stack whose template has no `undefined`/`NaN`
 * leftovers and passes the built-in CloudFormation validation (default rules as errors) and the
 * AwsSolutions pack. Any other exception (TypeError, a CDK error, ...) fails the test.
 *
 * Sized for CI with a fixed seed; run more locally:
 *   FUZZ_RUNS=200 npx jest test/fuzz            (FUZZ_SEED=<n> for another seed, FUZZ_SHRINK=1 to shrink a failure)
 * Each run builds one App with BATCH clusters (synthesizing an App costs far more than a cluster).
 */
import { CfnOutput, CfnResource, Stack, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  ClusterRecipe,
  provisionedProps,
  provisionedRecipe,
  serverlessProps,
  serverlessRecipe,
  VpcPool,
  vpcPool,
} from './recipes';
import { ProvisionedCluster, ServerlessCluster, ValidationErrors } from '../../src';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

const SEED = Number(process.env.FUZZ_SEED ?? 20260601);
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
const BATCH = 8;

/** What happened to the recipes, for the coverage checks at the end. */
interface Tally {
  built: number;
  rejected: number;
  readonly ruleIds: Set<string>;
}

/** Why `message` is not an acceptable validation error of this library, or undefined when it is. */
function badLibraryError(message: string): string | undefined {
  if (!message.startsWith('cdk-msk-constructs:')) {
    return 'does not start with "cdk-msk-constructs:"';
  }
  const problems = problemsOf(message);
  if (problems.length === 0) {
    return 'has no [RuleId]';
  }
  for (const { id, text } of problems) {
    if (!/^[A-Za-z][\w.[\]]*: /.test(text)) {
      return `problem [${id}] does not start with the property it is about ("<property>: ...")`;
    }
  }
  return undefined;
}

/** The problems a library error message lists (`ValidationErrors.parse`), as `{ id, text }`. */
function problemsOf(message: string): Array<{ id: string; text: string }> {
  return ValidationErrors.parse(message).map((p) => ({ id: p.ruleId, text: p.message }));
}

/** Strings that show a value leaked into the template unrendered. */
const LEFTOVER = /\bundefined\b|\bNaN\b|\[object Object\]|\bInfinity\b/;

/** Paths (JSON pointer-ish) of template values that are null or contain a leftover. */
function leftovers(value: unknown, where = ''): string[] {
  if (value === null) {
    return [`${where} is null`];
  }
  if (typeof value === 'string') {
    return LEFTOVER.test(value) ? [`${where} = ${JSON.stringify(value.slice(0, 200))}`] : [];
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? [] : [`${where} = ${value}`];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => leftovers(item, `${where}/${i}`));
  }
  if (typeof value === 'object' && value !== undefined) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
      ...(LEFTOVER.test(k) ? [`${where} has key ${JSON.stringify(k)}`] : []),
      ...leftovers(v, `${where}/${k}`),
    ]);
  }
  return [];
}

function describeRecipe(i: number, recipe: ClusterRecipe): string {
  return `case ${i}: ${JSON.stringify(recipe)}`;
}

/**
 * Builds every recipe of the batch in one stack (each under its own `Case<i>` construct, removed again
 * when the cluster is rejected), then synthesizes once through the light wall. Throws on the first
 * violation, naming the recipe.
 */
function checkBatch(recipes: ClusterRecipe[], tally: Tally): void {
  const app = wallApp({}, { validators: 'light' });
  const stack = new Stack(app, 'Fuzz', { env: { region: 'us-east-1' } });
  const pool: VpcPool = vpcPool(stack);
  const built: number[] = [];

  recipes.forEach((recipe, i) => {
    const id = `Case${i}`;
    const scope = new Construct(stack, id);
    let props;
    try {
      props = recipe.kind === 'provisioned' ? provisionedProps(scope, pool, recipe) : serverlessProps(scope, pool, recipe);
    } catch (e) {
      throw new Error(`building the props failed (a bug in test/fuzz/recipes.ts?) for ${describeRecipe(i, recipe)}: ${String(e)}`);
    }
    try {
      const cluster = recipe.kind === 'provisioned'
        ? new ProvisionedCluster(scope, 'Cluster', props as ConstructorParameters<typeof ProvisionedCluster>[2])
        : new ServerlessCluster(scope, 'Cluster', props as ConstructorParameters<typeof ServerlessCluster>[2]);
      if (recipe.readBrokers) {
        new CfnOutput(scope, 'Brokers', { value: cluster.bootstrapBrokers });
      }
      built.push(i);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const problem = badLibraryError(message);
      if (problem !== undefined) {
        const kind = e instanceof Error ? e.constructor.name : typeof e;
        throw new Error(`the error ${problem} (${kind}: ${message})\n  for ${describeRecipe(i, recipe)}`);
      }
      problemsOf(message).forEach(({ id: ruleId }) => tally.ruleIds.add(ruleId));
      tally.rejected++;
      stack.node.tryRemoveChild(id);
    }
  });
  tally.built += built.length;
  if (built.length === 0) {
    return;
  }

  let errors;
  try {
    errors = runValidatorWall(app).errors;
  } catch (e) {
    throw new Error(`synthesis failed: ${String(e)}\n  for the batch:\n  ${built.map((i) => describeRecipe(i, recipes[i])).join('\n  ')}`);
  }
  const caseOf = (resource: string) => /^Fuzz\/Case(\d+)\//.exec(resource)?.[1];
  if (errors.length > 0) {
    const blamed = [...new Set(errors.map((f) => caseOf(f.resource)))];
    const who = blamed.map((i) => (i === undefined ? 'stack-level construct (any case)' : describeRecipe(Number(i), recipes[Number(i)])));
    throw new Error(`the wall found errors:\n  ${formatFindings(errors).join('\n  ')}\n  in:\n  ${who.join('\n  ')}`);
  }

  const template: unknown = app.synth().getStackByName(stack.stackName).template;
  const bad = leftovers(template);
  if (bad.length > 0) {
    const blamed = [...new Set(bad.map((b) => /^\/Resources\/([^/]+)/.exec(b)?.[1] ?? '(outside Resources)'))];
    throw new Error(`the template has unrendered values:\n  ${bad.slice(0, 10).join('\n  ')}\n  (resources ${blamed.join(', ')}) in the batch:\n  `
      + built.map((i) => describeRecipe(i, recipes[i])).join('\n  '));
  }
}

/**
 * Recipes the fuzzer found bugs with (each fixed in src/), kept as regressions: the rule ids they must be
 * rejected with, or [] for recipes that must synthesize and pass the wall.
 */
const REGRESSIONS: Array<[string, ClusterRecipe, string[]]> = [
  [
    'RemovalPolicy.SNAPSHOT on a serverless cluster rendered DeletionPolicy Snapshot, which CloudFormation rejects (F3016)',
    { kind: 'serverless', vpc: 'az3', subnets: 'default', removalPolicy: 'SNAPSHOT', readBrokers: false },
    ['RemovalPolicySnapshot'],
  ],
  [
    'RemovalPolicy.SNAPSHOT on a provisioned cluster (cluster, key and bucket)',
    { kind: 'provisioned', vpc: 'az3', subnets: 'default', ownKey: false, removalPolicy: 'SNAPSHOT', readBrokers: false },
    ['RemovalPolicySnapshot'],
  ],
  [
    'a subnet type the VPC lacks threw CDK\'s "There are no \'Public\' subnet groups" instead of a library error',
    { kind: 'provisioned', vpc: 'az2', subnets: 'publicType', ownKey: false, readBrokers: false },
    ['SubnetSelectionInvalid'],
  ],
  [
    'the default selection in a VPC with public subnets only threw a CDK error',
    { kind: 'serverless', vpc: 'public3', subnets: 'default', readBrokers: false },
    ['SubnetSelectionInvalid'],
  ],
  [
    'a serverless tag key with ";" made a template CloudFormation rejects (F3002)',
    { kind: 'serverless', vpc: 'az3', subnets: 'default', tags: { 'semi;colon': '_' }, readBrokers: false },
    ['TagInvalid'],
  ],
  [
    'serverless tags with letters of any script, spaces and _.:/=+-@ still synthesize',
    { kind: 'serverless', vpc: 'az3', subnets: 'default', tags: { 'Équipe données': 'ß-1 _.:/=+@' }, readBrokers: true },
    [],
  ],
];

describe('the light wall the fuzzer uses', () => {
  test('runs the built-in CloudFormation validation (its errors as errors) and the AwsSolutions pack, nothing else', () => {
    const app = wallApp({}, { validators: 'light' });
    const bucket = new s3.Bucket(new Stack(app, 'Light'), 'Bucket');
    (bucket.node.defaultChild as CfnResource).addPropertyOverride('ObjectLockEnabled', 'maybe');

    const wall = runValidatorWall(app);

    expect([...new Set([...wall.errors, ...wall.warnings].map((f) => f.tool))].sort()).toEqual(['AwsSolutions', 'CloudFormation Validate']);
    expect(wall.errors.map((f) => f.rule)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'CloudFormation-Validate::F3012']));
  });
});

describe('recipes the fuzzer found bugs with', () => {
  test.each(REGRESSIONS)('%s', (_name, recipe, ids) => {
    const tally: Tally = { built: 0, rejected: 0, ruleIds: new Set() };
    checkBatch([recipe], tally);
    expect([...tally.ruleIds]).toEqual(ids);
    expect(tally.built).toBe(ids.length === 0 ? 1 : 0);
  });
});

const batch = fc.array(fc.oneof({ arbitrary: provisionedRecipe, weight: 3 }, { arbitrary: serverlessRecipe, weight: 1 }),
  { minLength: BATCH, maxLength: BATCH });

describe('random cluster props', () => {
  test('are rejected with a library validation error, or synthesize a template that passes CloudFormation validation and AwsSolutions', () => {
    const tally: Tally = { built: 0, rejected: 0, ruleIds: new Set() };
    const numRuns = RUNS ?? 10;
    fc.assert(fc.property(batch, (recipes) => checkBatch(recipes, tally)), {
      seed: SEED,
      numRuns,
      // A failing batch names its recipe in the error; shrinking (an App per step) is slow: FUZZ_SHRINK=1 turns it on.
      endOnFailure: process.env.FUZZ_SHRINK !== '1',
    });
    process.stdout.write(`fuzz: ${tally.built} built, ${tally.rejected} rejected, rule ids hit: ${[...tally.ruleIds].sort().join(', ')}\n`);
    // The generators must reach both outcomes often, or the property proves little.
    expect(tally.built).toBeGreaterThanOrEqual(numRuns * BATCH * 0.25);
    expect(tally.rejected).toBeGreaterThanOrEqual(numRuns * BATCH * 0.25);
  });
});

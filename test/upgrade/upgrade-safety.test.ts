/**
 * Upgrade safety: the examples synthesized with today's code must keep the logical ids, resource types
 * and create-only property values of the committed baselines in test/upgrade/baselines/. A change to any
 * of them makes CloudFormation replace (or delete) the resource on the next deployment, and a replaced
 * cluster, key or bucket loses its data, so a refactor can never do it silently.
 *
 * Create-only properties per type come from the CloudFormation resource specification aws-cdk-lib's L1s are
 * generated from, `@aws-cdk/aws-service-spec` (see create-only.ts). Values are compared as JSON, so references ({ Ref }, { Fn::GetAtt })
 * are compared structurally: they name logical ids, which are pinned too.
 *
 * When a change is intended (and README, "Data safety", tells users about it), update the baselines:
 *   UPDATE_UPGRADE_BASELINE=1 npx jest test/upgrade
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { createOnlyProperties, MSK_CREATE_ONLY_FACTS } from './create-only';
import { buildQuickstart } from '../../examples/quickstart';
import { buildServerless } from '../../examples/serverless';
import { valueAt } from '../util/lifecycle/template';
import { testApp } from '../util/stacks';

const UPDATE = 'UPDATE_UPGRADE_BASELINE=1 npx jest test/upgrade';
const BASELINES = path.join(__dirname, 'baselines');

/** What the baseline keeps of one resource. */
interface BaselineResource {
  readonly type: string;
  /** Create-only property path -> its value; a path the template does not set is left out. */
  readonly createOnly: Record<string, unknown>;
}

interface Baseline {
  readonly stack: string;
  /** Where the create-only lists came from when the baseline was written. */
  readonly createOnlySource: string;
  readonly resources: Record<string, BaselineResource>;
}

const EXAMPLES: Array<[string, (app: App) => Stack]> = [
  ['quickstart', buildQuickstart],
  ['serverless', buildServerless],
];

/** A synthesized CloudFormation template (the parts read here). */
interface Template {
  readonly Resources?: Record<string, { Type: string; Properties?: unknown }>;
}

/** The baseline of a synthesized template, with create-only lists from `createOnly`. */
function snapshot(stackName: string, template: Template): Baseline {
  const createOnly = createOnlyProperties();
  const resources: Record<string, BaselineResource> = {};
  for (const logicalId of Object.keys(template.Resources ?? {}).sort()) {
    const resource = template.Resources![logicalId];
    const values: Record<string, unknown> = {};
    for (const property of createOnly.of(resource.Type)) {
      const value = valueAt(resource.Properties ?? {}, property);
      if (value !== undefined) {
        values[property] = value;
      }
    }
    resources[logicalId] = { type: resource.Type, createOnly: values };
  }
  return { stack: stackName, createOnlySource: createOnly.source, resources };
}

/** Why the current template would replace or delete resources of the baseline (one line each). */
function replacements(baseline: Baseline, current: Baseline, template: Template): string[] {
  const createOnly = createOnlyProperties();
  const problems: string[] = [];
  for (const [logicalId, before] of Object.entries(baseline.resources)) {
    const after = current.resources[logicalId];
    if (!after) {
      const renamedTo = Object.keys(current.resources).filter((id) => !baseline.resources[id] && current.resources[id].type === before.type);
      problems.push(`${logicalId} (${before.type}) is gone: CloudFormation would DELETE it`
        + (renamedTo.length > 0 ? ` and create ${renamedTo.join(', ')} instead (a changed logical id replaces the resource)` : ''));
      continue;
    }
    if (after.type !== before.type) {
      problems.push(`${logicalId} changed type ${before.type} -> ${after.type}: CloudFormation would REPLACE it`);
      continue;
    }
    // Every create-only property the spec or the baseline knows (a path the spec dropped still guards).
    const paths = new Set([...createOnly.of(before.type), ...Object.keys(before.createOnly)]);
    for (const property of [...paths].sort()) {
      const was = before.createOnly[property];
      const now = valueAt(template.Resources?.[logicalId]?.Properties ?? {}, property);
      if (JSON.stringify(was) !== JSON.stringify(now)) {
        problems.push(`${logicalId} (${before.type}): create-only property ${property} changed from ${JSON.stringify(was)} to ${JSON.stringify(now)}: `
          + 'CloudFormation would REPLACE it');
      }
    }
  }
  return problems;
}

/** Each example synthesized once, for every test here (without the built-in validation: the examples test runs it). */
const synthesized = new Map(EXAMPLES.map(([name, build]) => {
  const stack = build(testApp());
  return [name, { stack, template: stackTemplate(stack) }];
}));

describe.each(EXAMPLES)('examples/%s.ts keeps its resources on upgrade', (name) => {
  const file = path.join(BASELINES, `${name}.json`);
  const { stack, template } = synthesized.get(name)!;
  const current = snapshot(stack.stackName, template);

  if (process.env.UPDATE_UPGRADE_BASELINE === '1') {
    fs.mkdirSync(BASELINES, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(current, undefined, 2)}\n`);
  }
  const baseline: Baseline = JSON.parse(fs.readFileSync(file, 'utf-8'));

  test('no resource of the baseline would be replaced or deleted', () => {
    const problems = replacements(baseline, current, template);
    if (problems.length > 0) {
      throw new Error(`Deploying examples/${name}.ts over a stack deployed from the baseline would:\n  - ${problems.join('\n  - ')}\n`
        + 'A replaced cluster, key or bucket loses its data. If this is intended, say so in README ("Data safety") and update '
        + `test/upgrade/baselines/${name}.json with:\n  ${UPDATE}`);
    }
  });

  test('every resource is in the baseline (nothing is replaced by a new resource, but the baseline must know it to guard it)', () => {
    const added = Object.keys(current.resources).filter((id) => !baseline.resources[id]).map((id) => `${id} (${current.resources[id].type})`);
    if (added.length > 0) {
      throw new Error(`examples/${name}.ts has resources the baseline does not know: ${added.join(', ')}. Record them with:\n  ${UPDATE}`);
    }
  });
});

function stackTemplate(stack: Stack): Template {
  const app = stack.node.root as App;
  return app.synth().getStackByName(stack.stackName).template;
}

describe('the check itself', () => {
  const baseline: Baseline = JSON.parse(fs.readFileSync(path.join(BASELINES, 'quickstart.json'), 'utf-8'));
  /** The problems after `change` edits a copy of the quickstart template. */
  const problemsAfter = (change: (template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }) => void) => {
    const template = JSON.parse(JSON.stringify(synthesized.get('quickstart')!.template));
    change(template);
    return replacements(baseline, snapshot('MskQuickstart', template), template);
  };
  const CLUSTER = 'EventsD32975C2';

  test('sees a changed create-only property (the cluster would be replaced)', () => {
    const problems = problemsAfter((t) => {
      (t.Resources[CLUSTER].Properties.BrokerNodeGroupInfo as Record<string, unknown>).SecurityGroups = ['sg-0123456789abcdef0'];
    });
    expect(problems).toEqual([
      expect.stringMatching(/^EventsD32975C2 \(AWS::MSK::Cluster\): create-only property BrokerNodeGroupInfo.SecurityGroups changed from .* to \["sg-0123456789abcdef0"\]: CloudFormation would REPLACE it$/),
    ]);
  });

  test('sees a changed logical id (the old resource would be deleted), and the resources whose references change with it', () => {
    const problems = problemsAfter((t) => {
      const renamed: typeof t = JSON.parse(JSON.stringify(t).replace(new RegExp(`"${CLUSTER}"`, 'g'), '"Cluster"'));
      t.Resources = renamed.Resources;
    });
    expect(problems).toEqual([
      'EventsD32975C2 (AWS::MSK::Cluster) is gone: CloudFormation would DELETE it and create Cluster instead (a changed logical id replaces the resource)',
      'EventsStorageAutoScalingTarget7009EB76 (AWS::ApplicationAutoScaling::ScalableTarget): create-only property ResourceId changed from '
        + '{"Ref":"EventsD32975C2"} to {"Ref":"Cluster"}: CloudFormation would REPLACE it',
    ]);
  });

  test('ignores properties that update in place', () => {
    expect(problemsAfter((t) => {
      t.Resources[CLUSTER].Properties.EnhancedMonitoring = 'PER_TOPIC_PER_BROKER';
    })).toEqual([]);
  });
});

describe('create-only properties', () => {
  const createOnly = createOnlyProperties();

  test('come from the CloudFormation resource specification (@aws-cdk/aws-service-spec)', () => {
    expect(createOnly.source).toBe('aws-service-spec');
    expect(createOnly.knows('AWS::MSK::Cluster')).toBe(true);
    expect(createOnly.of('AWS::MSK::Cluster')).toEqual(expect.arrayContaining(['ClusterName', 'BrokerNodeGroupInfo.ClientSubnets']));
  });

  test('the spec agrees with the create-only lists of the MSK types (msk-facts.md)', () => {
    for (const [type, facts] of Object.entries(MSK_CREATE_ONLY_FACTS)) {
      expect({ type, paths: [...createOnly.of(type)].sort() }).toEqual({ type, paths: [...facts].sort() });
    }
  });

  test('every type of the examples is known to the source, so no replacement goes unseen', () => {
    const unknown = new Set<string>();
    for (const { template } of synthesized.values()) {
      for (const resource of Object.values(template.Resources ?? {})) {
        if (!createOnly.knows(resource.Type) && !resource.Type.startsWith('Custom::')) {
          unknown.add(resource.Type);
        }
      }
    }
    expect([...unknown]).toEqual([]);
  });

  test.each([
    ['a nested path', { A: { B: { C: 1 } } }, 'A.B.C', 1],
    ['an absent path', { A: {} }, 'A.B', undefined],
    ['a path through an array', { A: [{ B: 1 }, { B: 2 }] }, 'A.B', [1, 2]],
    ['a reference, kept as it is', { A: { Ref: 'X' } }, 'A', { Ref: 'X' }],
  ])('read values at %s', (_name, properties, dotted, expected) => {
    expect(valueAt(properties, dotted)).toEqual(expected);
  });
});

import { CfnElement, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DataLakeBucket, ProvisionedCluster, ServerlessCluster } from '../../src';
import { testApp } from '../util/stacks';

const CREATION_STACK = 'aws:cdk:creationStack';
const DISABLE = 'aws:cdk:disable-creation-stack-traces';

function build(context: Record<string, unknown> = {}) {
  const app = testApp({ context });
  const stack = new Stack(app, 'Test', { env: { region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 1 });
  const provisioned = new ProvisionedCluster(stack, 'Events', { vpc });
  const serverless = new ServerlessCluster(stack, 'Serverless', { vpc });
  const lake = new DataLakeBucket(stack, 'Lake');
  const assembly = app.synth();
  return { stack, vpc, provisioned, serverless, lake, assembly };
}

function traces(scope: IConstruct): string[][] {
  return scope.node.findAll().filter(CfnElement.isCfnElement)
    .map((element) => element.node.metadata.filter((entry) => entry.type === CREATION_STACK).map((entry) => entry.data as string[]))
    .map((entries) => entries.flat());
}

describe('creation stack traces', () => {
  test('every resource inside a library construct carries one trace that starts at the line that created it', () => {
    const { provisioned, serverless, lake } = build();
    for (const cluster of [provisioned, serverless, lake]) {
      const found = cluster.node.findAll().filter(CfnElement.isCfnElement);
      expect(found.length).toBeGreaterThan(1);
      for (const element of found) {
        const entries = element.node.metadata.filter((entry) => entry.type === CREATION_STACK);
        expect(entries).toHaveLength(1);
        const frames = entries[0].data as string[];
        expect(frames[0]).toMatch(/creation-trace\.test\.ts:\d+/);
        expect(frames.join('\n')).not.toMatch(/src[\\/](monitoring|logging|encryption)/);
      }
    }
  });

  test('the traces reach the cloud assembly manifest', () => {
    const { assembly } = build();
    const entries = assembly.getStackByName('Test').findMetadataByType(CREATION_STACK);
    const clusterEntry = entries.find((entry) => entry.path.endsWith('/Events/Resource'));
    expect(clusterEntry?.data).toEqual(expect.arrayContaining([expect.stringMatching(/creation-trace\.test\.ts/)]));
  });

  test('resources outside the library keep the trace CDK captures for each of them', () => {
    const { vpc } = build();
    const vpcTraces = traces(vpc);
    expect(vpcTraces.length).toBeGreaterThan(5);
    expect(vpcTraces.every((frames) => frames.length > 0)).toBe(true);
  });

  test('an app that turns creation traces off gets none inside the clusters', () => {
    const { provisioned, serverless } = build({ [DISABLE]: true });
    expect(traces(provisioned).flat()).toEqual([]);
    expect(traces(serverless).flat()).toEqual([]);
  });

  test('an app that sets the context to false keeps CDK\'s own trace for each resource', () => {
    const { provisioned } = build({ [DISABLE]: false });
    const all = traces(provisioned);
    expect(all.every((frames) => frames.length > 0)).toBe(true);
    // CDK's per-resource traces go through the library's own frames, e.g. the alarm factory.
    expect(all.some((frames) => frames.some((frame) => /cluster-monitoring\.ts/.test(frame)))).toBe(true);
  });

  test('under jsii, the host language frames the runtime publishes follow the JavaScript ones', () => {
    const key = Symbol.for('jsii.context.hostStackTrace');
    const host = globalThis as Record<symbol, unknown>;
    host[key] = [['kernel.py', 1, 0, 'invoke'], ['app.py', 12, 5, '<module>'], ['stacks.py', 40, 0, '__init__']];
    try {
      const { provisioned } = build();
      const frames = traces(provisioned)[0];
      expect(frames.slice(-2)).toEqual(['<module> (app.py:12:5)', '__init__ (stacks.py:40)']);
    } finally {
      delete host[key];
    }
  });
});


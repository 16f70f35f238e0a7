import { Stack, Token, aws_lambda as lambda } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ClientAuthentication, KafkaLambdaConsumer, ProvisionedCluster, SchemaFormat, SchemaRegistry } from '../../src';
import { PROVIDER_ID, SERVICE_TIMEOUT } from '../../src/custom-resources/stack-provider';
import { fingerprint } from '../../src/custom-resources/update-guard';
import { GuardedSettingJson } from '../../src/custom-resources/update-guard.lambda';
import { testApp, vpcStack } from '../util/stacks';

const GUARD = 'Custom::MskUpdateGuard';
const DEFINITION = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

/** A stack with a cluster, a topic, a SCRAM user, a Lambda consumer and a registry with a schema. */
function synth() {
  const { stack, vpc } = vpcStack();
  const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc, clientAuthentication: ClientAuthentication.of({ iam: true, scram: true }) });
  cluster.addTopic('Orders', { topicName: 'orders', partitions: 6 });
  cluster.addScramUser('alice');
  const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
  new KafkaLambdaConsumer(fn, 'Billing', { cluster, function: fn, topic: 'orders', consumerGroup: 'billing' });
  new SchemaRegistry(stack, 'Registry', { registryName: 'events' })
    .addSchema('Orders', { schemaName: 'orders-value', dataFormat: SchemaFormat.avro(), definition: DEFINITION });
  const template = Template.fromStack(stack);
  return { stack, template, resources: template.toJSON().Resources as Record<string, Resource> };
}

/** The guard's settings, parsed (the property is a JSON string; nothing in these tests is a token). */
function settings(guard: Resource): GuardedSettingJson[] {
  return JSON.parse(guard.Properties.Settings as string) as GuardedSettingJson[];
}

/** The one guard that `resourceType`'s one resource depends on, with the logical ids of both. */
function guardOf(resources: Record<string, Resource>, resourceType: string): { id: string; guard: Resource; guardId: string } {
  const [id, resource] = Object.entries(resources).filter(([, r]) => r.Type === resourceType).map(([i, r]) => [i, r] as const)[0];
  const guards = (resource.DependsOn ?? []).filter((d) => resources[d]?.Type === GUARD);
  expect(guards).toHaveLength(1);
  return { id, guard: resources[guards[0]], guardId: guards[0] };
}

describe('update guards', () => {
  const { resources } = synth();

  test.each([
    ['AWS::MSK::Topic', ['topicName:replaces:"orders"', 'replicationFactor:replaces:3', 'partitions:grows:6']],
    ['AWS::SecretsManager::Secret', ['secretName:replaces:"AmazonMSK_Test-Cluster-553ACD77_alice"']],
    ['AWS::Lambda::EventSourceMapping', ['consumerGroup:refused:"billing"']],
    ['AWS::Glue::Registry', ['registryName:replaces:"events"']],
    ['AWS::Glue::Schema', ['schemaName:replaces:"orders-value"', 'dataFormat:replaces:"AVRO"', `definition:replaces:"${fingerprint(DEFINITION)}"`]],
  ])('%s depends on its own guard, whose settings are %j', (type, expected) => {
    const { guard } = guardOf(resources, type);
    expect(guard.Properties).toMatchObject({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${PROVIDER_ID}`)), 'Arn'] },
      ServiceTimeout: String(SERVICE_TIMEOUT.toSeconds()),
    });
    expect(settings(guard).map((s) => `${s.Property}:${s.Change}:${JSON.stringify(s.Value)}`)).toEqual(expected);
  });

  test('each reason cites an AWS or Kafka page and gives the fix', () => {
    const guards = Object.values(resources).filter((r) => r.Type === GUARD);
    expect(guards).toHaveLength(5);
    for (const s of guards.flatMap(settings)) {
      expect(s.Reason).toMatch(/(CloudFormation template reference|developer guide|Apache Kafka documentation)/);
      expect(s.Reason).toMatch(/Fix: /);
    }
  });

  test('a guard refers to nothing of what it guards (no dependency cycle)', () => {
    for (const type of ['AWS::MSK::Topic', 'AWS::SecretsManager::Secret', 'AWS::Lambda::EventSourceMapping', 'AWS::Glue::Registry', 'AWS::Glue::Schema']) {
      const { id, guard } = guardOf(resources, type);
      expect(JSON.stringify(guard)).not.toContain(id);
    }
  });

  test('the subject names the resource and its construct path', () => {
    expect(guardOf(resources, 'AWS::MSK::Topic').guard.Properties.Subject).toBe("topic 'orders' (Test/Cluster/Orders)");
    expect(guardOf(resources, 'AWS::SecretsManager::Secret').guard.Properties.Subject).toBe("SCRAM user 'alice' (Test/Cluster/ScramUsers/User-alice)");
    expect(guardOf(resources, 'AWS::Lambda::EventSourceMapping').guard.Properties.Subject).toBe('Lambda consumer Test/Fn/Billing');
  });

  test('the provider may read its own stack\'s status, once, and nothing else for the guards', () => {
    const { stack } = vpcStack();
    new SchemaRegistry(stack, 'Registry', { registryName: 'events' })
      .addSchema('Orders', { schemaName: 'orders-value', dataFormat: SchemaFormat.avro(), definition: DEFINITION });
    const role = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role'))[0] as Resource;
    const policies = role.Properties.Policies as Array<{ PolicyDocument: { Statement: unknown[] } }>;
    expect(policies.flatMap((p) => p.PolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: { Ref: 'AWS::StackId' } },
    ]);
  });

  test('a long definition is compared by its fingerprint; a token definition as it resolves', () => {
    const long = JSON.stringify({ type: 'record', name: 'Big', fields: Array.from({ length: 2000 }, (_, i) => ({ name: `f${i}`, type: 'string' })) });
    expect(fingerprint(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fingerprint(long)).not.toBe(fingerprint(`${long} `));
    const token = Token.asString({ Ref: 'Definition' });
    expect(fingerprint(token)).toBe(token);
    const stack = new Stack(testApp(), 'Resolve');
    expect(stack.resolve(fingerprint(token))).toEqual({ Ref: 'Definition' });
  });
});

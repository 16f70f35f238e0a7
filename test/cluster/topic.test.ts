import { CfnParameter, RemovalPolicy, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BrokerInstanceType, KafkaVersion, ProvisionedCluster, ProvisionedClusterProps, Topic } from '../../src';
import { errorOf } from '../util/errors';
import { testApp, vpcStack } from '../util/stacks';

const ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-7';

function cluster(props: Partial<ProvisionedClusterProps> = {}, azs = 3) {
  const { stack, vpc } = vpcStack(azs);
  return { stack, cluster: new ProvisionedCluster(stack, 'Events', { vpc, ...props }) };
}

describe('addTopic', () => {
  test('creates an AWS::MSK::Topic on the cluster, retained, with the cluster default replication factor', () => {
    const { stack, cluster: c } = cluster();
    const topic = c.addTopic('Orders', { topicName: 'orders.created', partitions: 12 });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::MSK::Topic', {
      Properties: {
        ClusterArn: { Ref: Match.stringLikeRegexp('^Events') },
        TopicName: 'orders.created',
        PartitionCount: 12,
        ReplicationFactor: 3,
        Configs: Match.absent(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(stack.resolve(topic.topicArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EventsOrders/), 'TopicArn'] });
    expect(topic.replicationFactor).toBe(3);
    expect(topic.partitions).toBe(12);
  });

  test('configs are base64 key=value lines, sorted', () => {
    const { stack, cluster: c } = cluster();
    c.addTopic('Orders', { topicName: 'orders', partitions: 3, configs: { 'retention.ms': '604800000', 'cleanup.policy': 'compact' } });
    const configs = Object.values(Template.fromStack(stack).findResources('AWS::MSK::Topic'))[0].Properties.Configs;
    expect(Buffer.from(configs, 'base64').toString('utf8')).toBe('cleanup.policy=compact\nretention.ms=604800000');
  });

  test('config values that are tokens are encoded at deploy time', () => {
    const { stack, cluster: c } = cluster();
    const retention = new CfnParameter(stack, 'Retention').valueAsString;
    c.addTopic('Orders', { topicName: 'orders', partitions: 3, configs: { 'retention.ms': retention } });
    const configs = Object.values(Template.fromStack(stack).findResources('AWS::MSK::Topic'))[0].Properties.Configs;
    expect(configs).toEqual({ 'Fn::Base64': { 'Fn::Join': ['', ['retention.ms=', { Ref: 'Retention' }]] } });
  });

  test('with 2 brokers the default replication factor is 2', () => {
    const { stack, cluster: c } = cluster({}, 2);
    c.addTopic('Orders', { topicName: 'orders', partitions: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Topic', { ReplicationFactor: 2 });
  });

  test('removalPolicy is used as given', () => {
    const { stack, cluster: c } = cluster();
    c.addTopic('Scratch', { topicName: 'scratch', partitions: 1, removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('AWS::MSK::Topic', { DeletionPolicy: 'Delete' });
  });

  test('topic grants scope to the topic', () => {
    const { stack, cluster: c } = cluster();
    const topic = c.addTopic('Orders', { topicName: 'orders', partitions: 3 });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    topic.grantProduce(role);
    topic.grantConsume(role, 'billing');
    const json = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(json).toContain('"/orders"');
    expect(json).toContain('"/billing"');
    expect(json).toContain('kafka-cluster:WriteData');
    expect(json).toContain('kafka-cluster:ReadData');
  });

  test('topics work on a provisioned cluster imported by ARN', () => {
    const stack = new Stack(testApp());
    const imported = ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN);
    imported.addTopic('T', { topicName: 'orders', partitions: 6 });
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Topic', { ClusterArn: ARN, ReplicationFactor: 3 });
  });

  test('warns when the declared partitions exceed the recommended count per broker', () => {
    const { stack, cluster: c } = cluster();
    // 3 brokers of kafka.m7g.large: 1000 recommended, 1500 max replicas per broker; 1100 × 3 / 3 = 1100
    c.addTopic('A', { topicName: 'a', partitions: 600 });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('partition replicas'));
    c.addTopic('B', { topicName: 'b', partitions: 500 });
    Annotations.fromStack(stack).hasWarning('/Test/Events', Match.stringLikeRegexp('1100 partition replicas on each broker, above the 1000 recommended for kafka.m7g.large'));
  });
});

describe('addTopic bad input', () => {
  test('fails when the declared partitions exceed the maximum per broker', () => {
    const { cluster: c } = cluster();
    c.addTopic('A', { topicName: 'a', partitions: 1000 });
    expect(errorOf(() => c.addTopic('B', { topicName: 'b', partitions: 501 })))
      .toMatch(/\[TopicPartitionsAboveMax\] partitions: the declared topics put 1501 partition replicas on each broker, above the 1500 that kafka.m7g.large allows/);
  });

  test('fails when the replication factor exceeds the broker count', () => {
    const { cluster: c } = cluster({}, 2);
    expect(errorOf(() => c.addTopic('A', { topicName: 'a', partitions: 1, replicationFactor: 3 }))).toMatch(/\[TopicReplicationAboveBrokers\] replicationFactor: 3 is more than the 2 brokers/);
  });

  test('fails when an Express topic asks for a replication factor other than 3', () => {
    const { cluster: c } = cluster({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
    expect(errorOf(() => c.addTopic('A', { topicName: 'a', partitions: 1, replicationFactor: 2 }))).toMatch(/\[TopicReplicationFixed\]/);
  });

  test('fails when the Kafka version has no topic API', () => {
    const { cluster: c } = cluster({ kafkaVersion: KafkaVersion.of('3.5.1') });
    expect(errorOf(() => c.addTopic('A', { topicName: 'a', partitions: 1 }))).toMatch(/\[TopicsUnsupported\] addTopic: Kafka 3.5.1 has no topic API/);
  });

  test('fails when the topic is declared on a cluster imported by name', () => {
    const imported = ProvisionedCluster.fromClusterAttributes(new Stack(testApp()), 'Orders', { clusterName: 'orders' });
    expect(errorOf(() => imported.addTopic('A', { topicName: 'a', partitions: 1 }))).toMatch(/a topic needs the cluster ARN/);
  });

  test.each(['bad name', 'x'.repeat(250), 'orders*'])('fails when topicName is %p', (topicName) => {
    const { cluster: c } = cluster();
    expect(errorOf(() => c.addTopic('A', { topicName, partitions: 1 }))).toMatch(/topicName '.*' is not a valid Kafka name/);
  });

  test.each([0, -1, 2.5])('fails when partitions is %p', (partitions) => {
    const { cluster: c } = cluster();
    expect(errorOf(() => c.addTopic('A', { topicName: 'a', partitions }))).toMatch(/\[TopicPartitionsInvalid\] partitions: /);
  });

  test('fails when replicationFactor is 0', () => {
    const { cluster: c } = cluster();
    expect(errorOf(() => c.addTopic('A', { topicName: 'a', partitions: 1, replicationFactor: 0 }))).toMatch(/\[TopicReplicationFactorInvalid\]/);
  });

  test.each(['compact', 'compact,delete'])('fails when a topic with tiered storage (remote.storage.enable=true) has cleanup.policy %p', (policy) => {
    const { cluster: c } = cluster({ storage: { tieredStorage: true } });
    expect(errorOf(() => c.addTopic('Orders', { topicName: 'orders', partitions: 1, configs: { 'cleanup.policy': policy, 'remote.storage.enable': 'true' } })))
      .toMatch(new RegExp(`\\[TopicCompactedTiered\\] configs: cleanup.policy=${policy} with remote.storage.enable=true: compacted topics cannot use MSK tiered storage .*Fix:`));
  });

  test('a compacted topic without remote storage, and a tiered topic that deletes, are accepted on a tiered cluster', () => {
    const { cluster: c } = cluster({ storage: { tieredStorage: true } });
    expect(() => c.addTopic('State', { topicName: 'state', partitions: 1, configs: { 'cleanup.policy': 'compact' } })).not.toThrow();
    expect(() => c.addTopic('Events', { topicName: 'events', partitions: 1, configs: { 'cleanup.policy': 'delete', 'remote.storage.enable': 'true', 'retention.ms': '604800000' } })).not.toThrow();
  });

  test('fails when a config key is not a topic config name', () => {
    const { cluster: c } = cluster();
    expect(errorOf(() => c.addTopic('A', { topicName: 'a', partitions: 1, configs: { 'Retention MS': '1' } }))).toMatch(/\[TopicConfigInvalid\] configs: 'Retention MS'/);
  });

  test('a Topic can be built directly on any cluster (without the cluster budget checks)', () => {
    const { stack, cluster: c } = cluster();
    const topic = new Topic(stack, 'Direct', { cluster: c, topicName: 'direct', partitions: 2 });
    expect(topic.cluster).toBe(c);
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Topic', { TopicName: 'direct', ReplicationFactor: 3 });
  });
});

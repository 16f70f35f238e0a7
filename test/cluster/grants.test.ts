import { Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IMskCluster, ProvisionedCluster, ServerlessCluster } from '../../src';
import { vpcStack } from '../util/stacks';

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-7';
const BASE = 'arn:aws:kafka:us-east-1:111111111111';
const PATH = 'orders/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-7';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** The statements of the grantee role's policy, resolved. */
function statements(stack: Stack): Statement[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

interface Kind {
  readonly name: string;
  readonly make: (stack: Stack, vpc: ec2.IVpc) => IMskCluster;
  /** The resource of topic `t`, group `g` etc. as it appears in the template. */
  readonly arn: (kind: string, name?: string) => unknown;
  /** True for serverless clusters, which do not support DescribeClusterDynamicConfiguration. */
  readonly serverless?: boolean;
}

/** A provisioned or serverless cluster defined in the app: ARNs derived from its Ref with Split/Join. */
const derived = (logicalIdPrefix: RegExp) => (kind: string, name?: string) => {
  if (kind === 'cluster') {
    return { Ref: expect.stringMatching(logicalIdPrefix) };
  }
  const parts = { 'Fn::Split': [':cluster/', { Ref: expect.stringMatching(logicalIdPrefix) }] };
  return { 'Fn::Join': ['', [{ 'Fn::Select': [0, parts] }, `:${kind}/`, { 'Fn::Select': [1, parts] }, `/${name}`]] };
};

const KINDS: Kind[] = [
  {
    name: 'provisioned',
    make: (stack, vpc) => new ProvisionedCluster(stack, 'Events', { vpc }),
    arn: derived(/^Events[0-9A-F]{8}$/),
  },
  {
    name: 'serverless',
    make: (stack, vpc) => new ServerlessCluster(stack, 'Events', { vpc }),
    arn: derived(/^Events[0-9A-F]{8}$/),
    serverless: true,
  },
  {
    name: 'imported by ARN',
    make: (stack) => ProvisionedCluster.fromClusterArn(stack, 'Events', CLUSTER_ARN),
    arn: (kind, name) => (kind === 'cluster' ? CLUSTER_ARN : `${BASE}:${kind}/${PATH}/${name}`),
  },
  {
    name: 'imported serverless by ARN',
    make: (stack) => ServerlessCluster.fromClusterArn(stack, 'Events', CLUSTER_ARN),
    arn: (kind, name) => (kind === 'cluster' ? CLUSTER_ARN : `${BASE}:${kind}/${PATH}/${name}`),
    serverless: true,
  },
  {
    name: 'imported by name',
    make: (stack) => ProvisionedCluster.fromClusterAttributes(stack, 'Events', { clusterName: 'orders' }),
    arn: (kind, name) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, kind === 'cluster'
        ? ':kafka:us-east-1:111111111111:cluster/orders/*'
        : `:kafka:us-east-1:111111111111:${kind}/orders/*/${name}`]],
    }),
  },
];

function setup(kind: Kind) {
  const { stack, vpc } = vpcStack(3, '111111111111');
  const cluster = kind.make(stack, vpc);
  const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return { stack, cluster, role };
}

const kc = (...names: string[]) => names.map((n) => `kafka-cluster:${n}`);

describe.each(KINDS)('grants on a $name cluster', (kind) => {
  test('grantConnect: Connect and DescribeCluster on the cluster only', () => {
    const { stack, cluster, role } = setup(kind);
    const grant = cluster.grantConnect(role);
    expect(grant.success).toBe(true);
    expect(statements(stack)).toEqual([
      { Effect: 'Allow', Action: kc('Connect', 'DescribeCluster'), Resource: kind.arn('cluster') },
    ]);
  });

  test('grantProduce: idempotent writes to one topic', () => {
    const { stack, cluster, role } = setup(kind);
    cluster.grantProduce(role, 'orders.created');
    expect(statements(stack)).toEqual([
      { Effect: 'Allow', Action: kc('Connect', 'WriteDataIdempotently'), Resource: kind.arn('cluster') },
      { Effect: 'Allow', Action: kc('DescribeTopic', 'WriteData'), Resource: kind.arn('topic', 'orders.created') },
    ]);
  });

  test('grantConsume: reads of one topic in one group, with the group actions ReadData needs', () => {
    const { stack, cluster, role } = setup(kind);
    cluster.grantConsume(role, 'orders.created', 'billing');
    expect(statements(stack)).toEqual([
      { Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: kind.arn('cluster') },
      { Effect: 'Allow', Action: kc('DescribeTopic', 'ReadData'), Resource: kind.arn('topic', 'orders.created') },
      { Effect: 'Allow', Action: kc('DescribeGroup', 'AlterGroup'), Resource: kind.arn('group', 'billing') },
    ]);
  });

  test('grantTransactionalProduce: produce plus one transactional id', () => {
    const { stack, cluster, role } = setup(kind);
    cluster.grantTransactionalProduce(role, 'payments', 'payments-writer');
    expect(statements(stack)).toEqual([
      { Effect: 'Allow', Action: kc('Connect', 'WriteDataIdempotently'), Resource: kind.arn('cluster') },
      { Effect: 'Allow', Action: kc('DescribeTopic', 'WriteData'), Resource: kind.arn('topic', 'payments') },
      { Effect: 'Allow', Action: kc('DescribeTransactionalId', 'AlterTransactionalId'), Resource: kind.arn('transactional-id', 'payments-writer') },
    ]);
  });

  test('grantAdmin: topic and group administration and cluster configuration reads (not on serverless), never kafka-cluster:*', () => {
    const { stack, cluster, role } = setup(kind);
    cluster.grantAdmin(role);
    const all = statements(stack);
    // MSK Serverless does not support DescribeClusterDynamicConfiguration (MSK developer guide, kafka-actions).
    const clusterActions = kind.serverless ? kc('Connect', 'DescribeCluster') : kc('Connect', 'DescribeCluster', 'DescribeClusterDynamicConfiguration');
    expect(all).toEqual([
      { Effect: 'Allow', Action: clusterActions, Resource: kind.arn('cluster') },
      {
        Effect: 'Allow',
        Action: kc('CreateTopic', 'DescribeTopic', 'AlterTopic', 'DeleteTopic', 'DescribeTopicDynamicConfiguration', 'AlterTopicDynamicConfiguration'),
        Resource: kind.arn('topic', '*'),
      },
      { Effect: 'Allow', Action: kc('DescribeGroup', 'AlterGroup', 'DeleteGroup'), Resource: kind.arn('group', '*') },
    ]);
    expect(JSON.stringify(all)).not.toContain('kafka-cluster:*');
  });

  test('grant: the given MSK actions on the cluster ARN, through iam.Grant', () => {
    const { stack, cluster, role } = setup(kind);
    const grant = cluster.grant(role, 'kafka-cluster:DescribeClusterDynamicConfiguration', 'kafka:GetBootstrapBrokers');
    expect(grant.success).toBe(true);
    expect(grant.principalStatements.map((st) => st.actions)).toEqual([['kafka-cluster:DescribeClusterDynamicConfiguration', 'kafka:GetBootstrapBrokers']]);
    expect(statements(stack)).toEqual([
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeClusterDynamicConfiguration', 'kafka:GetBootstrapBrokers'], Resource: kind.arn('cluster') },
    ]);
  });

  test('fails when grant is given an action of another service, naming it and the fix', () => {
    const { cluster, role } = setup(kind);
    expect(() => cluster.grant(role, 'kafka-cluster:Connect', 's3:GetObject', 'kafka-cluster')).toThrow(
      /\[GrantActionNotMsk\] actions: 's3:GetObject', 'kafka-cluster' is not an MSK action on a cluster ARN \(kafka:<Action> or kafka-cluster:<Action>\)\. Fix: /);
  });

  test('fails when grant is given no action', () => {
    const { cluster, role } = setup(kind);
    expect(() => cluster.grant(role)).toThrow(/\[GrantActionsMissing\] actions: none given\. Fix: /);
  });

  test('prefix patterns end up in the resource', () => {
    const { stack, cluster, role } = setup(kind);
    cluster.grantConsume(role, 'orders.*', 'billing-*');
    const all = statements(stack);
    expect(all[1].Resource).toEqual(kind.arn('topic', 'orders.*'));
    expect(all[2].Resource).toEqual(kind.arn('group', 'billing-*'));
  });

  test.each([
    ['topic with a space', (c: IMskCluster, r: iam.IGrantable) => c.grantProduce(r, 'bad topic'), /grantProduce: topicName 'bad topic' is not a valid Kafka name/],
    ['topic over 249 characters', (c: IMskCluster, r: iam.IGrantable) => c.grantProduce(r, 'x'.repeat(250)), /topicName 'x+' is not a valid Kafka name/],
    ['wildcard in the middle', (c: IMskCluster, r: iam.IGrantable) => c.grantConsume(r, 'a*b', 'g'), /topicName 'a\*b'/],
    ['group with a slash', (c: IMskCluster, r: iam.IGrantable) => c.grantConsume(r, 't', 'team/billing'), /consumerGroup 'team\/billing'/],
    ['empty transactional id', (c: IMskCluster, r: iam.IGrantable) => c.grantTransactionalProduce(r, 't', ''), /transactionalId ''/],
  ])('fails when given a %s', (_name, call, message) => {
    const { cluster, role } = setup(kind);
    expect(() => call(cluster, role)).toThrow(message);
  });
});

test('no grant on a cluster known by ARN uses a wildcard for the UUID', () => {
  const { stack, cluster, role } = setup(KINDS[0]);
  cluster.grantProduce(role, 'orders');
  cluster.grantConsume(role, 'orders', 'billing');
  expect(JSON.stringify(statements(stack))).not.toContain('*');
});

import { Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { IMskCluster, ManagedPolicyGrantee, ProvisionedCluster, ServerlessCluster } from '../../src';
import { AccessModel, Decision, kafkaResourceArn } from '../util/access/access-model';
import { vpcStack } from '../util/stacks';

/**
 * Clients through every grant of IMskCluster, on provisioned, serverless and imported clusters:
 * the kafka-cluster actions each Kafka operation needs (MSK developer guide, "IAM access control":
 * "Semantics of IAM authorization policy actions and resources", with the dependent actions:
 * ReadData needs Connect, DescribeTopic and AlterGroup; WriteData needs Connect and DescribeTopic).
 */
const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const IMPORTED_ARN = `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/shared-events/0f3a2b1c-1111-2222-3333-444455556666-2`;

type Kind = 'provisioned' | 'serverless' | 'imported by ARN' | 'imported by name' | 'imported serverless';

const KINDS: Array<[Kind, (stack: Stack, vpc: ec2.IVpc) => IMskCluster]> = [
  ['provisioned', (stack, vpc) => new ProvisionedCluster(stack, 'Events', { vpc })],
  ['serverless', (stack, vpc) => new ServerlessCluster(stack, 'Events', { vpc })],
  ['imported by ARN', (stack) => ProvisionedCluster.fromClusterArn(stack, 'Events', IMPORTED_ARN)],
  ['imported by name', (stack) => ProvisionedCluster.fromClusterAttributes(stack, 'Events', { clusterName: 'shared-events' })],
  ['imported serverless', (stack) => ServerlessCluster.fromClusterArn(stack, 'Events', IMPORTED_ARN)],
];

function role(stack: Stack, id: string): iam.Role {
  return new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
}

/** A stack with one role per grant on a cluster of `kind`. */
function grantsStack(make: (stack: Stack, vpc: ec2.IVpc) => IMskCluster) {
  const { stack, vpc } = vpcStack(3, ACCOUNT);
  const cluster = make(stack, vpc);
  cluster.grantConnect(role(stack, 'Connector'));
  cluster.grantProduce(role(stack, 'Producer'), 'orders');
  cluster.grantConsume(role(stack, 'Consumer'), 'orders', 'billing');
  cluster.grantConsume(role(stack, 'PrefixConsumer'), 'audit.*', 'auditors-*');
  cluster.grantTransactionalProduce(role(stack, 'Transactional'), 'orders', 'order-tx-*');
  cluster.grantAdmin(role(stack, 'Admin'));
  cluster.grantAdmin(role(stack, 'TeamAdmin'), 'team-a.*', 'team-a-*');
  // A compliance setup: the grants go to a customer-managed policy instead of the inline one.
  cluster.grantProduce(new ManagedPolicyGrantee(stack, 'Managed', { role: role(stack, 'ManagedRole') }), 'orders');
  return AccessModel.of(stack);
}

/** The concrete ARN of the cluster the grants target, as deployed. */
function clusterArnOf(m: AccessModel, kind: Kind): string {
  if (kind === 'provisioned') {
    return m.arn('Events', undefined, 'AWS::MSK::Cluster');
  }
  if (kind === 'serverless') {
    return m.arn('Events', undefined, 'AWS::MSK::ServerlessCluster');
  }
  return kind === 'imported by name' ? `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/shared-events/9e8d7c6b-aaaa-bbbb-cccc-ddddeeeeffff-3` : IMPORTED_ARN;
}

describe.each(KINDS)('grants on a %s cluster', (kind, make) => {
  const m = grantsStack(make);
  const cluster = clusterArnOf(m, kind);
  const topic = (name: string) => kafkaResourceArn(cluster, 'topic', name);
  const group = (name: string) => kafkaResourceArn(cluster, 'group', name);
  const txn = (name: string) => kafkaResourceArn(cluster, 'transactional-id', name);
  /** Another cluster of the same account and Region, and the same cluster name in another account. */
  const otherCluster = cluster.replace(/cluster\/[^/]+\/[^/]+$/, 'cluster/other-events/11111111-2222-3333-4444-555555555555-1');
  const otherAccount = cluster.replace(`:${ACCOUNT}:`, `:${OTHER_ACCOUNT}:`);
  const serverless = kind === 'serverless' || kind === 'imported serverless';

  const rows: Array<[string, string, string, () => string, Decision]> = [
    ['Connector', 'connects', 'kafka-cluster:Connect', () => cluster, 'Allowed'],
    ['Connector', 'describes the cluster', 'kafka-cluster:DescribeCluster', () => cluster, 'Allowed'],
    ['Connector', 'may not read a topic', 'kafka-cluster:ReadData', () => topic('orders'), 'ImplicitlyDenied'],
    ['Connector', 'may not connect to another cluster', 'kafka-cluster:Connect', () => otherCluster, 'ImplicitlyDenied'],

    ['Producer', 'connects', 'kafka-cluster:Connect', () => cluster, 'Allowed'],
    ['Producer', 'writes idempotently', 'kafka-cluster:WriteDataIdempotently', () => cluster, 'Allowed'],
    ['Producer', 'describes its topic', 'kafka-cluster:DescribeTopic', () => topic('orders'), 'Allowed'],
    ['Producer', 'writes its topic', 'kafka-cluster:WriteData', () => topic('orders'), 'Allowed'],
    ['Producer', 'may not write another topic', 'kafka-cluster:WriteData', () => topic('payments'), 'ImplicitlyDenied'],
    ['Producer', 'may not write a topic whose name starts with its topic\'s', 'kafka-cluster:WriteData', () => topic('orders-archive'), 'ImplicitlyDenied'],
    ['Producer', 'may not read its topic', 'kafka-cluster:ReadData', () => topic('orders'), 'ImplicitlyDenied'],
    ['Producer', 'may not write the same topic on another cluster', 'kafka-cluster:WriteData', () => kafkaResourceArn(otherCluster, 'topic', 'orders'), 'ImplicitlyDenied'],
    ['Producer', 'may not write the same topic in another account', 'kafka-cluster:WriteData', () => kafkaResourceArn(otherAccount, 'topic', 'orders'), 'ImplicitlyDenied'],
    ['Producer', 'may not create topics', 'kafka-cluster:CreateTopic', () => topic('orders'), 'ImplicitlyDenied'],

    ['Consumer', 'connects', 'kafka-cluster:Connect', () => cluster, 'Allowed'],
    ['Consumer', 'describes its topic', 'kafka-cluster:DescribeTopic', () => topic('orders'), 'Allowed'],
    ['Consumer', 'reads its topic', 'kafka-cluster:ReadData', () => topic('orders'), 'Allowed'],
    ['Consumer', 'describes its group', 'kafka-cluster:DescribeGroup', () => group('billing'), 'Allowed'],
    ['Consumer', 'joins and commits in its group', 'kafka-cluster:AlterGroup', () => group('billing'), 'Allowed'],
    ['Consumer', 'may not read another topic', 'kafka-cluster:ReadData', () => topic('payments'), 'ImplicitlyDenied'],
    ['Consumer', 'may not join another group', 'kafka-cluster:AlterGroup', () => group('fraud'), 'ImplicitlyDenied'],
    ['Consumer', 'may not delete its group', 'kafka-cluster:DeleteGroup', () => group('billing'), 'ImplicitlyDenied'],
    ['Consumer', 'may not write its topic', 'kafka-cluster:WriteData', () => topic('orders'), 'ImplicitlyDenied'],
    ['Consumer', 'may not read its topic on another cluster', 'kafka-cluster:ReadData', () => kafkaResourceArn(otherCluster, 'topic', 'orders'), 'ImplicitlyDenied'],

    ['PrefixConsumer', 'reads a topic of its prefix', 'kafka-cluster:ReadData', () => topic('audit.logins'), 'Allowed'],
    ['PrefixConsumer', 'joins a group of its prefix', 'kafka-cluster:AlterGroup', () => group('auditors-eu'), 'Allowed'],
    ['PrefixConsumer', 'may not read a topic outside its prefix', 'kafka-cluster:ReadData', () => topic('auditing'), 'ImplicitlyDenied'],
    ['PrefixConsumer', 'may not join a group outside its prefix', 'kafka-cluster:AlterGroup', () => group('auditor'), 'ImplicitlyDenied'],

    ['Transactional', 'writes its topic', 'kafka-cluster:WriteData', () => topic('orders'), 'Allowed'],
    ['Transactional', 'describes its transactional id', 'kafka-cluster:DescribeTransactionalId', () => txn('order-tx-1'), 'Allowed'],
    ['Transactional', 'uses its transactional id', 'kafka-cluster:AlterTransactionalId', () => txn('order-tx-1'), 'Allowed'],
    ['Transactional', 'may not use another transactional id', 'kafka-cluster:AlterTransactionalId', () => txn('payment-tx-1'), 'ImplicitlyDenied'],

    ['Admin', 'connects', 'kafka-cluster:Connect', () => cluster, 'Allowed'],
    ['Admin', 'creates any topic', 'kafka-cluster:CreateTopic', () => topic('anything'), 'Allowed'],
    ['Admin', 'deletes any topic', 'kafka-cluster:DeleteTopic', () => topic('anything'), 'Allowed'],
    ['Admin', 'alters a topic\'s configuration', 'kafka-cluster:AlterTopicDynamicConfiguration', () => topic('anything'), 'Allowed'],
    ['Admin', 'deletes any group', 'kafka-cluster:DeleteGroup', () => group('anything'), 'Allowed'],
    // MSK Serverless does not support cluster dynamic configuration ("Semantics of IAM authorization policy actions").
    ['Admin', `${serverless ? 'is not granted' : 'describes'} the cluster's dynamic configuration`, 'kafka-cluster:DescribeClusterDynamicConfiguration', () => cluster, serverless ? 'ImplicitlyDenied' : 'Allowed'],
    ['Admin', 'may not alter the cluster', 'kafka-cluster:AlterCluster', () => cluster, 'ImplicitlyDenied'],
    ['Admin', 'may not read data', 'kafka-cluster:ReadData', () => topic('anything'), 'ImplicitlyDenied'],
    ['Admin', 'may not administer another cluster', 'kafka-cluster:CreateTopic', () => kafkaResourceArn(otherCluster, 'topic', 'anything'), 'ImplicitlyDenied'],

    ['TeamAdmin', 'creates a topic of its prefix', 'kafka-cluster:CreateTopic', () => topic('team-a.events'), 'Allowed'],
    ['TeamAdmin', 'deletes a group of its prefix', 'kafka-cluster:DeleteGroup', () => group('team-a-workers'), 'Allowed'],
    ['TeamAdmin', 'may not create a topic outside its prefix', 'kafka-cluster:CreateTopic', () => topic('team-b.events'), 'ImplicitlyDenied'],
    ['TeamAdmin', 'may not delete a group outside its prefix', 'kafka-cluster:DeleteGroup', () => group('team-b-workers'), 'ImplicitlyDenied'],

    ['ManagedRole', 'writes its topic through the customer-managed policy', 'kafka-cluster:WriteData', () => topic('orders'), 'Allowed'],
    ['ManagedRole', 'may not write another topic', 'kafka-cluster:WriteData', () => topic('payments'), 'ImplicitlyDenied'],
  ];

  test.each(rows)('%s %s (%s)', async (principal, _what, action, resource, expected) => {
    expect(await m.decide({ principal: { role: principal }, action, resource: resource() })).toBe(expected);
  });
});

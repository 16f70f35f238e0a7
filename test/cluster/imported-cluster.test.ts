import { Fn, Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ClientAuthentication, ProvisionedCluster, ServerlessCluster } from '../../src';
import { testApp, vpcStack } from '../util/stacks';

const ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-7';

describe('imported clusters', () => {
  test('fromClusterArn parses the name and keeps the ARN', () => {
    const stack = new Stack(testApp());
    const cluster = ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN);
    expect(cluster.clusterArn).toBe(ARN);
    expect(cluster.clusterName).toBe('orders');
  });

  test('fromClusterArn with a token ARN selects the name from it', () => {
    const stack = new Stack(testApp());
    const cluster = ServerlessCluster.fromClusterArn(stack, 'Orders', Fn.importValue('OrdersArn'));
    // Arn.split: the 6th ':'-field (cluster/<name>/<uuid>), then its 2nd '/'-field.
    const resource = { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::ImportValue': 'OrdersArn' }] }] };
    expect(stack.resolve(cluster.clusterName)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', resource] }] });
  });

  test('attributes give broker strings, security groups and the auth mode', () => {
    const { stack, vpc } = vpcStack();
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0', { mutable: true });
    const cluster = ProvisionedCluster.fromClusterAttributes(stack, 'Orders', {
      clusterArn: ARN,
      securityGroups: [group],
      clientAuthentication: ClientAuthentication.scram(),
      bootstrapBrokersSaslScram: 'b-1:9096,b-2:9096',
    });
    expect(cluster.bootstrapBrokers).toBe('b-1:9096,b-2:9096');
    expect(cluster.bootstrapBrokersSaslScram).toBe('b-1:9096,b-2:9096');
    expect(cluster.connections.defaultPort?.toString()).toBe('9096');
    cluster.connections.allowDefaultPortFrom(new ec2.SecurityGroup(stack, 'App', { vpc }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0', FromPort: 9096 });
  });

  test.each([
    ['bootstrapBrokers', /ProvisionedCluster 'Default\/Orders' was imported without bootstrapBrokers. Fix: pass bootstrapBrokers/],
    ['bootstrapBrokersSaslIam', /imported without bootstrapBrokersSaslIam/],
    ['bootstrapBrokersSaslScram', /imported without bootstrapBrokersSaslScram/],
    ['bootstrapBrokersTls', /imported without bootstrapBrokersTls/],
  ] as const)('fails when %s was not given and is read', (getter, message) => {
    const cluster = ProvisionedCluster.fromClusterArn(new Stack(testApp()), 'Orders', ARN);
    expect(() => cluster[getter]).toThrow(message);
  });

  test('fails when clusterArn is read on a cluster imported by name', () => {
    const cluster = ProvisionedCluster.fromClusterAttributes(new Stack(testApp()), 'Orders', { clusterName: 'orders' });
    expect(() => cluster.clusterArn).toThrow(/imported without clusterArn. Fix: import the cluster with its ARN/);
    expect(cluster.clusterName).toBe('orders');
  });

  test('fails when neither clusterArn nor clusterName is given', () => {
    expect(() => ProvisionedCluster.fromClusterAttributes(new Stack(testApp()), 'Orders', {})).toThrow(/give clusterArn \(preferred\) or clusterName/);
  });

  test('fails when the ARN is not a cluster ARN and a topic grant derives from it', () => {
    const stack = new Stack(testApp());
    const cluster = ProvisionedCluster.fromClusterArn(stack, 'Orders', 'arn:aws:kafka:us-east-1:111111111111:topic/orders/x/t');
    expect(() => cluster.grantProduce(new iam.User(stack, 'U'), 't')).toThrow(/clusterArn: .* is not an MSK cluster ARN/);
  });

  test('serverless imports take only the IAM broker string', () => {
    const cluster = ServerlessCluster.fromClusterAttributes(new Stack(testApp()), 'Spiky', { clusterArn: ARN, bootstrapBrokers: 'boot:9098' });
    expect(cluster.bootstrapBrokers).toBe('boot:9098');
    expect(cluster.connections.defaultPort?.toString()).toBe('9098');
  });
});

import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { buildMultiVpc } from '../../examples/multi-vpc';
import { ProvisionedCluster } from '../../src';
import { KafkaReplicator } from '../../src/integrations/replicator/replicator';
import { AccessModel, PolicyDocument } from '../util/access/access-model';
import { testApp } from '../util/stacks';

const CLIENT_ACCOUNT = '222222222222';
const STRANGER_ACCOUNT = '333333333333';

/** What the client account's administrator grants its own role (the identity side of a cross-account request). */
const delegated = (actions: string[], resource: string): PolicyDocument[] => [
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] },
];

/**
 * Multi-VPC private connectivity: the cluster policy lets a client account create its managed VPC
 * connection and read the brokers (MSK developer guide, "Permissions for multi-VPC private
 * connectivity": kafka:CreateVpcConnection, kafka:GetBootstrapBrokers, kafka:DescribeCluster and
 * kafka:DescribeClusterV2 for the client account); a cross-account request also needs the client's
 * own identity policy.
 */
describe('multi-VPC cluster policy (examples/multi-vpc.ts)', () => {
  const m = AccessModel.of(buildMultiVpc(testApp()));
  const cluster = m.arn('Shared', undefined, 'AWS::MSK::Cluster');
  const actions = ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeCluster', 'kafka:DescribeClusterV2'];

  test.each(actions)('a role of the client account may %s, when its own account allows it', async (action) => {
    const principal = { arn: `arn:aws:iam::${CLIENT_ACCOUNT}:role/platform-client` };
    expect(await m.decide({ principal, action, resource: cluster, identityPolicies: delegated(actions, cluster) })).toBe('Allowed');
    expect(await m.decide({ principal, action, resource: cluster })).not.toBe('Allowed');
  });

  test('another account may not, whatever its own policies say', async () => {
    const principal = { arn: `arn:aws:iam::${STRANGER_ACCOUNT}:role/intruder` };
    expect(await m.decide({ principal, action: 'kafka:CreateVpcConnection', resource: cluster, identityPolicies: delegated(['kafka:*'], '*') })).not.toBe('Allowed');
  });

  test('the client account may do nothing else to the cluster', async () => {
    const principal = { arn: `arn:aws:iam::${CLIENT_ACCOUNT}:role/platform-client` };
    for (const action of ['kafka:UpdateClusterConfiguration', 'kafka:DeleteCluster', 'kafka:PutClusterPolicy']) {
      expect(await m.decide({ principal, action, resource: cluster, identityPolicies: delegated(['kafka:*'], '*') })).not.toBe('Allowed');
    }
  });
});

/**
 * A cross-Region replicator reaches its source through a managed VPC connection: the source's
 * cluster policy lets MSK (kafka.amazonaws.com) create it and read the brokers, without
 * kafka:DescribeCluster (MSK developer guide, "Prepare the Amazon MSK source cluster").
 */
describe('cross-Region replicator source cluster policy', () => {
  const app = testApp();
  const west = new Stack(app, 'West', { env: { region: 'us-west-2', account: '111111111111' } });
  const east = new Stack(app, 'East', { env: { region: 'us-east-1', account: '111111111111' }, crossRegionReferences: true });
  const source = new ProvisionedCluster(west, 'Edge', {
    vpc: new ec2.Vpc(west, 'Vpc', { availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'], natGateways: 0 }),
    multiVpcConnectivity: { iam: true },
  });
  const target = new ProvisionedCluster(east, 'Central', {
    vpc: new ec2.Vpc(east, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 0 }),
  });
  new KafkaReplicator(east, 'Replicator', { source, target, topicsToReplicate: ['logs'] });
  const m = AccessModel.of(west);
  const cluster = m.arn('Edge', undefined, 'AWS::MSK::Cluster');
  const msk = { service: 'kafka.amazonaws.com' };

  test.each(['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'])('MSK may %s on the source', async (action) => {
    expect(await m.decide({ principal: msk, action, resource: cluster })).toBe('Allowed');
  });

  test('MSK may not kafka:DescribeCluster or change the source; another service may not connect', async () => {
    expect(await m.decide({ principal: msk, action: 'kafka:DescribeCluster', resource: cluster })).not.toBe('Allowed');
    expect(await m.decide({ principal: msk, action: 'kafka:UpdateClusterConfiguration', resource: cluster })).not.toBe('Allowed');
    expect(await m.decide({ principal: { service: 'firehose.amazonaws.com' }, action: 'kafka:CreateVpcConnection', resource: cluster })).not.toBe('Allowed');
  });
});

import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Annotations as Found, Match, Template } from 'aws-cdk-lib/assertions';
import { ClusterVpcConnection, ClusterVpcConnectionProps, VpcConnectionAuthentication, VpcConnectionPorts } from '../../src/network/cluster-vpc-connection';
import { errorOf } from '../util/errors';
import { testApp, vpcStack } from '../util/stacks';

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7';

function connection(props: Partial<ClusterVpcConnectionProps> = {}, azs = 3) {
  const { stack, vpc } = vpcStack(azs, '222222222222');
  const conn = new ClusterVpcConnection(stack, 'Connection', {
    targetClusterArn: CLUSTER_ARN,
    vpc,
    authentication: VpcConnectionAuthentication.IAM,
    ...props,
  });
  return { stack, vpc, conn };
}

describe('ClusterVpcConnection', () => {
  test('defaults: one private subnet per AZ, a new closed security group, the client VPC', () => {
    const { stack, vpc } = connection();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::MSK::VpcConnection', {
      Authentication: 'SASL_IAM',
      TargetClusterArn: CLUSTER_ARN,
      VpcId: stack.resolve(vpc.vpcId),
      ClientSubnets: vpc.privateSubnets.map((s) => stack.resolve(s.subnetId)),
      SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ConnectionSecurityGroup'), 'GroupId'] }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'MSK managed VPC connection Test/Connection',
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })], // no egress
      SecurityGroupIngress: Match.absent(),
    });
  });

  test.each<[VpcConnectionAuthentication, string]>([
    [VpcConnectionAuthentication.IAM, 'SASL_IAM'],
    [VpcConnectionAuthentication.SCRAM, 'SASL_SCRAM'],
    [VpcConnectionAuthentication.TLS, 'TLS'],
  ])('authentication %s renders %s', (authentication, rendered) => {
    const { stack, conn } = connection({ authentication });
    expect(conn.authentication).toBe(authentication);
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::VpcConnection', { Authentication: rendered });
  });

  test('exposes the connection ARN and the target cluster ARN', () => {
    const { stack, conn } = connection();
    expect(stack.resolve(conn.vpcConnectionArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Connection[0-9A-F]{8}$/), 'Arn'] });
    expect(conn.targetClusterArn).toBe(CLUSTER_ARN);
  });

  test('connections open ports 14001-14100 to clients', () => {
    const { stack, vpc, conn } = connection();
    const clients = new ec2.SecurityGroup(stack, 'Clients', { vpc });
    conn.connections.allowDefaultPortFrom(clients);
    expect([VpcConnectionPorts.FIRST, VpcConnectionPorts.LAST]).toEqual([14001, 14100]);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 14001,
      ToPort: 14100,
      SourceSecurityGroupId: stack.resolve(clients.securityGroupId),
    });
  });

  test('takes given subnets and security groups', () => {
    const { stack, vpc } = vpcStack();
    const groups = [new ec2.SecurityGroup(stack, 'A', { vpc }), new ec2.SecurityGroup(stack, 'B', { vpc })];
    new ClusterVpcConnection(stack, 'Connection', {
      targetClusterArn: CLUSTER_ARN,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: ['us-east-1a', 'us-east-1b'] },
      securityGroups: groups,
      authentication: VpcConnectionAuthentication.SCRAM,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::MSK::VpcConnection', {
      ClientSubnets: vpc.privateSubnets.slice(0, 2).map((s) => stack.resolve(s.subnetId)),
      SecurityGroups: groups.map((g) => stack.resolve(g.securityGroupId)),
    });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 2);
  });
});

describe('ClusterVpcConnection validation', () => {
  test('fails with one subnet, naming vpcSubnets, the count and the fix', () => {
    expect(errorOf(() => connection({}, 1))).toBe("cdk-msk-constructs: 1 problem in ClusterVpcConnection 'Test/Connection':\n"
      + '  - [VpcConnectionSubnetsTooFew] vpcSubnets: selects 1 subnet(s); a managed VPC connection needs one client subnet in each AZ of the cluster (2 or 3). '
      + "Fix: select one subnet in each of the cluster's AZs (by AZ ID), e.g. { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true }.");
  });

  test('fails with more than 3 subnets', () => {
    expect(errorOf(() => connection({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }, 4)))
      .toContain('[VpcConnectionSubnetsTooMany] vpcSubnets: selects 4 subnets; a managed VPC connection takes as many client subnets as the cluster has (2 or 3).');
  });

  test('fails when subnets share an AZ', () => {
    const { stack, vpc } = vpcStack();
    const subnets = ['subnet-0aaa', 'subnet-0bbb'].map((id) => ec2.Subnet.fromSubnetAttributes(stack, id, { subnetId: id, availabilityZone: 'us-east-1a' }));
    expect(errorOf(() => new ClusterVpcConnection(stack, 'Connection', { targetClusterArn: CLUSTER_ARN, vpc, vpcSubnets: { subnets }, authentication: VpcConnectionAuthentication.IAM })))
      .toContain('[VpcConnectionSubnetsShareAz] vpcSubnets: subnets share an availability zone (us-east-1a, us-east-1a)');
  });

  test.each([0, 6])('fails with %d security groups', (count) => {
    const { stack, vpc } = vpcStack();
    const groups = Array.from({ length: count }, (_, i) => ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${i}`, `sg-0${i}`));
    expect(errorOf(() => new ClusterVpcConnection(stack, 'Connection', { targetClusterArn: CLUSTER_ARN, vpc, securityGroups: groups, authentication: VpcConnectionAuthentication.IAM })))
      .toContain(`[VpcConnectionSecurityGroupCount] securityGroups: ${count} given; a managed VPC connection takes 1 to 5.`);
  });

  test('fails for a literal that is not a cluster ARN', () => {
    expect(errorOf(() => connection({ targetClusterArn: 'events' })))
      .toContain("[VpcConnectionArnInvalid] targetClusterArn: 'events' is not an MSK cluster ARN.");
  });

  test('fails for a cluster in another Region', () => {
    expect(errorOf(() => connection({ targetClusterArn: CLUSTER_ARN.replace('us-east-1', 'eu-west-1') })))
      .toContain("[VpcConnectionCrossRegion] targetClusterArn: the cluster is in eu-west-1 but the connection's stack is in us-east-1; multi-VPC private connectivity only works within one Region.");
  });

  test('a token ARN and a region-agnostic stack are not validated', () => {
    const app = testApp();
    const stack = new Stack(app, 'Agnostic');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    expect(() => new ClusterVpcConnection(stack, 'FromToken', { targetClusterArn: stack.stackId, vpc, authentication: VpcConnectionAuthentication.TLS })).not.toThrow();
    expect(() => new ClusterVpcConnection(stack, 'FromLiteral', { targetClusterArn: CLUSTER_ARN.replace('us-east-1', 'eu-west-1'), vpc, authentication: VpcConnectionAuthentication.TLS })).not.toThrow();
  });

  test('warns when the client VPC has DNS hostnames off', () => {
    const app = testApp();
    const stack = new Stack(app, 'Dns', { env: { region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 0, enableDnsHostnames: false });
    new ClusterVpcConnection(stack, 'Connection', { targetClusterArn: CLUSTER_ARN, vpc, authentication: VpcConnectionAuthentication.IAM });
    Found.fromStack(stack).hasWarning('/Dns/Connection', Match.stringLikeRegexp('DNS support or DNS hostnames is off in the client VPC'));
    const { stack: fine } = connection();
    expect(Found.fromStack(fine).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

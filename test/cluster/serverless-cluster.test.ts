import { RemovalPolicy, Tags, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ServerlessCluster, ServerlessClusterProps } from '../../src';
import { errorOf } from '../util/errors';
import { vpcStack } from '../util/stacks';

function synth(props: Partial<ServerlessClusterProps> = {}, azs = 3) {
  const { stack, vpc } = vpcStack(azs);
  const cluster = new ServerlessCluster(stack, 'Spiky', { vpc, ...props });
  return { stack, vpc, cluster, template: Template.fromStack(stack) };
}

describe('ServerlessCluster defaults', () => {
  const { template, cluster } = synth();

  test('IAM authentication, one private subnet per AZ in 3 AZs, a new security group', () => {
    template.hasResourceProperties('AWS::MSK::ServerlessCluster', {
      ClusterName: Match.stringLikeRegexp('^Test-Spiky-[0-9A-F]{8}$'),
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
      VpcConfigs: [{
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') },
          { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') },
          { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet3') },
        ],
        SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^SpikySecurityGroup'), 'GroupId'] }],
      }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: 'MSK Serverless cluster Test/Spiky', SecurityGroupIngress: Match.absent() });
    expect(cluster.connections.defaultPort?.toString()).toBe('9098');
  });

  test('is retained when it leaves the stack, with the security group its VPC endpoints use', () => {
    template.hasResource('AWS::MSK::ServerlessCluster', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::EC2::SecurityGroup', { Properties: Match.objectLike({ GroupDescription: 'MSK Serverless cluster Test/Spiky' }), DeletionPolicy: 'Retain' });
  });
});

describe('ServerlessCluster options', () => {
  test('additionalVpcs add VPC configurations, each with its own new group unless given', () => {
    const { stack, vpc } = vpcStack();
    const other = new ec2.Vpc(stack, 'Other', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 0 });
    const third = new ec2.Vpc(stack, 'Third', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 0 });
    const group = new ec2.SecurityGroup(stack, 'Mine', { vpc: third });
    const cluster = new ServerlessCluster(stack, 'Spiky', {
      vpc,
      additionalVpcs: [{ vpc: other }, { vpc: third, securityGroups: [group] }],
    });
    const template = Template.fromStack(stack);
    const configs = Object.values(template.findResources('AWS::MSK::ServerlessCluster'))[0].Properties.VpcConfigs;
    expect(configs).toHaveLength(3);
    expect(configs[1].SubnetIds).toHaveLength(2);
    expect(configs[1].SecurityGroups).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^SpikySecurityGroup2/), 'GroupId'] }]);
    expect(configs[2].SecurityGroups).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^Mine/), 'GroupId'] }]);
    expect(cluster.securityGroups).toHaveLength(3);
  });

  test('clusterName, removalPolicy and tags are used as given', () => {
    const { template } = synth({ clusterName: 'spiky-prod', removalPolicy: RemovalPolicy.DESTROY, tags: { team: 'payments' } });
    template.hasResource('AWS::MSK::ServerlessCluster', {
      Properties: Match.objectLike({ ClusterName: 'spiky-prod', Tags: { team: 'payments' } }),
      DeletionPolicy: 'Delete',
    });
  });

  test('allowClientAccessFrom opens 9098 only', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Spiky', { vpc });
    cluster.allowClientAccessFrom(ec2.Peer.ipv4('10.1.0.0/16'));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'MSK Serverless cluster Test/Spiky',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.1.0.0/16', FromPort: 9098, ToPort: 9098 })],
    });
  });

  test('bootstrapBrokers reads the IAM string', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Spiky', { vpc });
    expect(stack.resolve(cluster.bootstrapBrokers)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SpikyBootstrapBrokers/), 'BootstrapBrokerStringSaslIam'] });
  });
});

describe('ServerlessCluster bad input', () => {
  test('fails when the VPC has 1 AZ', () => {
    expect(errorOf(() => synth({}, 1))).toMatch(/\[SubnetsTooFew\] vpcSubnets: selects 1 subnet\(s\).*Fix:/);
  });

  test('fails when more than 5 VPC configurations are given', () => {
    const { stack, vpc } = vpcStack();
    const additionalVpcs = [1, 2, 3, 4, 5].map((i) => ({ vpc: new ec2.Vpc(stack, `V${i}`, { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 0 }) }));
    expect(errorOf(() => new ServerlessCluster(stack, 'Spiky', { vpc, additionalVpcs }))).toMatch(/\[VpcConfigCount\] additionalVpcs: 6 VPC configurations/);
  });

  test('fails when an additional VPC has subnets in one AZ, naming it', () => {
    const { stack, vpc } = vpcStack();
    const single = new ec2.Vpc(stack, 'Single', { availabilityZones: ['us-east-1a'], natGateways: 0 });
    expect(errorOf(() => new ServerlessCluster(stack, 'Spiky', { vpc, additionalVpcs: [{ vpc: single }] })))
      .toMatch(/additionalVpcs\[0\].vpcSubnets: selects 1 subnet/);
  });

  test('fails when subnets share an AZ', () => {
    const { stack, vpc } = vpcStack();
    const a = ec2.Subnet.fromSubnetAttributes(stack, 'A', { subnetId: 'subnet-a', availabilityZone: 'us-east-1a' });
    const b = ec2.Subnet.fromSubnetAttributes(stack, 'B', { subnetId: 'subnet-b', availabilityZone: 'us-east-1a' });
    expect(errorOf(() => new ServerlessCluster(stack, 'Spiky', { vpc, vpcSubnets: { subnets: [a, b] } }))).toMatch(/\[SubnetsShareAz\] vpc: subnets share an AZ/);
  });

  test('fails when 0 or 6 security groups are given', () => {
    const { stack, vpc } = vpcStack();
    const groups = [1, 2, 3, 4, 5, 6].map((i) => new ec2.SecurityGroup(stack, `G${i}`, { vpc }));
    expect(errorOf(() => new ServerlessCluster(stack, 'A', { vpc, securityGroups: groups }))).toMatch(/\[SecurityGroupCount\] securityGroups: 6 given/);
    expect(errorOf(() => new ServerlessCluster(stack, 'B', { vpc, securityGroups: [] }))).toMatch(/securityGroups: 0 given/);
  });

  test('fails when clusterName is invalid', () => {
    expect(errorOf(() => synth({ clusterName: 'no spaces' }))).toMatch(/\[ClusterNameInvalid\]/);
  });

  test('has no addTopic and no per-broker metrics: MSK Serverless has neither topic resources nor brokers', () => {
    const { stack, cluster } = synth();
    const imported = ServerlessCluster.fromClusterArn(stack, 'Imported', 'arn:aws:kafka:us-east-1:123456789012:cluster/iot/5a6b7c8d-1234-5678-9abc-def012345678-s1');
    for (const c of [cluster, imported]) {
      expect('addTopic' in c).toBe(false);
      expect('metricCpuUser' in c).toBe(false);
      expect('metricForBroker' in c).toBe(false);
      expect(typeof c.metricMaxOffsetLag).toBe('function');
    }
  });
});

describe('ServerlessCluster tags inherited from Tags.of()', () => {
  const WARNING_ID = 'cdk-msk-constructs:ServerlessTagsIgnored';

  function tagged(props: Partial<ServerlessClusterProps>, tag: (app: ReturnType<typeof vpcStack>['app'], cluster: ServerlessCluster) => void) {
    const { app, stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Spiky', { vpc, ...props });
    tag(app, cluster);
    const template = Template.fromStack(stack);
    return { stack, template, warnings: Annotations.fromStack(stack).findWarning('/Test/Spiky', Match.stringLikeRegexp('ServerlessTagsIgnored')) };
  }

  test('an organisation-wide Tags.of(app) does not reach the cluster (create-only: it would replace it); a warning names the key and the fix', () => {
    const { template, warnings } = tagged({ tags: { team: 'payments' } }, (app) => Tags.of(app).add('CostCenter', 'cc-42'));
    const cluster = Object.values(template.findResources('AWS::MSK::ServerlessCluster'))[0];
    expect(cluster.Properties.Tags).toEqual({ team: 'payments' });
    // The cluster's other resources are tagged as usual.
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { Tags: Match.arrayWith([{ Key: 'CostCenter', Value: 'cc-42' }]) });
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toContain('tags: the inherited tag(s) "CostCenter" (Tags.of() on the cluster or an enclosing scope) are not applied');
    expect(String(warnings[0].entry.data)).toContain('give the tags in the `tags` prop before it is first deployed');
    expect(String(warnings[0].entry.data)).toContain(`[ack: ${WARNING_ID}]`);
  });

  test('without the tags prop, the cluster has no Tags at all', () => {
    const { template, warnings } = tagged({}, (app) => Tags.of(app).add('CostCenter', 'cc-42'));
    expect(Object.values(template.findResources('AWS::MSK::ServerlessCluster'))[0].Properties.Tags).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  test('an inherited tag that changes the value of a prop tag does not change the cluster, and is named', () => {
    const { template, warnings } = tagged({ tags: { team: 'payments' } }, (_app, cluster) => Tags.of(cluster).add('team', 'billing'));
    expect(Object.values(template.findResources('AWS::MSK::ServerlessCluster'))[0].Properties.Tags).toEqual({ team: 'payments' });
    expect(String(warnings[0].entry.data)).toContain('"team"');
  });

  test('an inherited tag equal to a prop tag changes nothing and is not warned about', () => {
    const { template, warnings } = tagged({ tags: { team: 'payments' } }, (app) => Tags.of(app).add('team', 'payments'));
    expect(Object.values(template.findResources('AWS::MSK::ServerlessCluster'))[0].Properties.Tags).toEqual({ team: 'payments' });
    expect(warnings).toEqual([]);
  });

  test('no warning when nothing is inherited', () => {
    expect(tagged({ tags: { team: 'payments' } }, () => undefined).warnings).toEqual([]);
  });
});


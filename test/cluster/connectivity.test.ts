import { aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ClientAuthentication, ProvisionedCluster, ProvisionedClusterProps } from '../../src';
import { errorOf } from '../util/errors';
import { vpcStack } from '../util/stacks';

function cluster(props: Partial<ProvisionedClusterProps> = {}) {
  const { stack, vpc } = vpcStack();
  return { stack, vpc, cluster: new ProvisionedCluster(stack, 'Events', { vpc, ...props }) };
}

describe('multi-VPC connectivity on a ProvisionedCluster', () => {
  test('renders the enabled schemes explicitly and warns about the two-step deployment', () => {
    const { stack } = cluster({ multiVpcConnectivity: { iam: true } });
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Cluster', {
      BrokerNodeGroupInfo: Match.objectLike({
        ConnectivityInfo: {
          VpcConnectivity: { ClientAuthentication: { Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } }, Tls: { Enabled: false } } },
        },
      }),
    });
    Annotations.fromStack(stack).hasWarning('/Test/Events', Match.stringLikeRegexp('deploy'));
  });

  test('grantVpcConnection and addToResourcePolicy share one cluster policy', () => {
    const { stack, cluster: c } = cluster({ multiVpcConnectivity: { iam: true } });
    c.grantVpcConnection(new iam.AccountPrincipal('222222222222'));
    c.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal('222222222222')],
      actions: ['kafka-cluster:Connect'],
      resources: [c.clusterArn],
    }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::MSK::ClusterPolicy', 1);
    template.hasResourceProperties('AWS::MSK::ClusterPolicy', {
      ClusterArn: { Ref: Match.stringLikeRegexp('^Events[0-9A-F]{8}$') },
      Policy: {
        Version: '2012-10-17',
        Statement: [
          Match.objectLike({ Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeCluster', 'kafka:DescribeClusterV2'] }),
          Match.objectLike({ Action: 'kafka-cluster:Connect' }),
        ],
      },
    });
  });

  test('fails when a multi-VPC scheme is not enabled on the cluster', () => {
    expect(errorOf(() => cluster({ multiVpcConnectivity: { scram: true } }))).toMatch(/\[MultiVpcSchemeNotOnCluster\]/);
  });
});

describe('public access on a ProvisionedCluster', () => {
  test('fails when the brokers are in private subnets', () => {
    expect(errorOf(() => cluster({ publicAccess: true }))).toMatch(/\[PublicAccessPrivateSubnets\]/);
  });

  test('in public subnets: SERVICE_PROVIDED_EIPS, a loud warning, and public ports opened per peer', () => {
    const { stack, cluster: c } = cluster({ publicAccess: true, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC, onePerAz: true } });
    c.allowPublicClientAccessFrom(ec2.Peer.ipv4('203.0.113.0/24'));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::MSK::Cluster', {
      BrokerNodeGroupInfo: Match.objectLike({ ConnectivityInfo: { PublicAccess: { Type: 'SERVICE_PROVIDED_EIPS' } } }),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'MSK brokers of Test/Events',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '203.0.113.0/24', FromPort: 9198, ToPort: 9198 })],
    });
    Annotations.fromStack(stack).hasWarning('/Test/Events', Match.stringLikeRegexp('[Pp]ublic'));
  });

  test('fails when public ports are opened without public access', () => {
    const { cluster: c } = cluster({ clientAuthentication: ClientAuthentication.iam() });
    expect(() => c.allowPublicClientAccessFrom(ec2.Peer.anyIpv4())).toThrow(/allowPublicClientAccessFrom: .* has no public access/);
  });
});

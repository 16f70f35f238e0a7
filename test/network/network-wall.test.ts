import { Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';
import { ClusterPolicy } from '../../src/network/cluster-policy';
import { ClusterVpcConnection, VpcConnectionAuthentication } from '../../src/network/cluster-vpc-connection';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7';

/**
 * The wall on the multi-VPC pieces: the cluster owner's ClusterPolicy and the client account's
 * ClusterVpcConnection (default security group, opened to a client group), in a compliant VPC.
 */
describe('multi-VPC constructs pass the validator wall', () => {
  const app = wallApp();
  const owner = new Stack(app, 'Owner', { env: { region: 'us-east-1', account: '111111111111' } });
  const policy = new ClusterPolicy(owner, 'Policy', { clusterArn: CLUSTER_ARN });
  policy.grantVpcConnection(new iam.AccountPrincipal('222222222222'));

  const client = new Stack(app, 'Client', { env: { region: 'us-east-1', account: '222222222222' } });
  const { vpc } = new CompliantVpc(client, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  const connection = new ClusterVpcConnection(client, 'Connection', { targetClusterArn: CLUSTER_ARN, vpc, authentication: VpcConnectionAuthentication.IAM });
  const clients = new ec2.SecurityGroup(client, 'Clients', { vpc, description: 'Kafka clients', allowAllOutbound: false });
  connection.connections.allowDefaultPortFrom(clients);

  // Test-only control, in its own stack: an open SSH group, which the wall must report.
  const control = new Stack(app, 'Control', { env: { region: 'us-east-1', account: '222222222222' } });
  new ec2.CfnSecurityGroup(control, 'OpenSsh', {
    groupDescription: 'open',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }],
  });

  const wall = runValidatorWall(app);
  const ours = (findings: typeof wall.errors) => findings.filter((f) => f.resource.startsWith('Owner/Policy') || f.resource.startsWith('Client/Connection'));

  test('no error findings on the library constructs, and nothing acknowledged', () => {
    expect(formatFindings(ours(wall.errors))).toEqual([]);
    const acknowledged = [...policy.node.findAll(), ...connection.node.findAll()]
      .filter((c) => c.node.metadata.some((m) => m.type === 'aws:cdk:acknowledged-rules'));
    expect(acknowledged).toEqual([]);
  });

  test('no error findings anywhere in the two stacks (the compliant VPC and the client group included)', () => {
    expect(formatFindings(wall.errors.filter((f) => !f.resource.startsWith('Control')))).toEqual([]);
  });

  test('the wall ran: the control group gets error findings', () => {
    expect(wall.errors.filter((f) => f.resource.startsWith('Control/OpenSsh')).length).toBeGreaterThan(0);
  });

  test('the wall saw the policy, the connection and its security group', () => {
    type Resources = { Resources: Record<string, { Type: string }> };
    const types = (stack: Stack) => Object.values((app.synth().getStackByName(stack.stackName).template as Resources).Resources).map((r) => r.Type);
    expect(types(owner)).toEqual(['AWS::MSK::ClusterPolicy']);
    expect(types(client)).toEqual(expect.arrayContaining(['AWS::MSK::VpcConnection', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress']));
  });

  test('warnings on the library constructs, if any, are listed', () => {
    expect(formatFindings(ours(wall.warnings))).toEqual([]);
  });
});

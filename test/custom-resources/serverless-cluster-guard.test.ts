import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ProvisionedCluster, ServerlessCluster, ServerlessClusterProps } from '../../src';
import { PROVIDER_ID, SERVICE_TIMEOUT } from '../../src/custom-resources/stack-provider';
import { vpcStack } from '../util/stacks';

const GUARD = 'Custom::MskServerlessClusterGuard';

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

function synth(props: Partial<ServerlessClusterProps> = {}) {
  const { stack, vpc } = vpcStack();
  const cluster = new ServerlessCluster(stack, 'Events', { vpc, clusterName: 'events', ...props });
  return { stack, vpc, cluster, template: Template.fromStack(stack) };
}

function only(template: Template, type: string): [string, Resource] {
  const found = Object.entries(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}

/** The guard's properties with their tokens resolved to strings, as CloudFormation would (Refs and GetAtts named). */
function resolvedJson(stack: Stack, value: unknown): unknown {
  const rendered = stack.resolve(value) as unknown;
  const text = (part: unknown): string => {
    if (typeof part === 'string') {
      return part;
    }
    const token = part as { 'Ref'?: string; 'Fn::GetAtt'?: string[]; 'Fn::Join'?: [string, unknown[]] };
    if (token.Ref) {
      return `<${token.Ref}>`;
    }
    if (token['Fn::GetAtt']) {
      return `<${token['Fn::GetAtt'].join('.')}>`;
    }
    if (token['Fn::Join']) {
      return token['Fn::Join'][1].map(text).join(token['Fn::Join'][0]);
    }
    throw new Error(`unexpected ${JSON.stringify(part)}`);
  };
  return JSON.parse(text(rendered));
}

describe('the serverless cluster guard', () => {
  test('names the cluster and its create-only settings, with tokens that resolve at deploy time', () => {
    const { stack, template } = synth({ tags: { team: 'data', app: 'events' } });
    const [, guard] = only(template, GUARD);
    expect(guard.Properties).toMatchObject({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${PROVIDER_ID}`)), 'Arn'] },
      ServiceTimeout: String(SERVICE_TIMEOUT.toSeconds()),
      ClusterName: 'events',
    });
    const vpcConfigs = resolvedJson(stack, guard.Properties.VpcConfigs) as Array<{ SubnetIds: string[]; SecurityGroups: string[] }>;
    expect(vpcConfigs).toEqual([{
      SubnetIds: [expect.stringMatching(/^<VpcPrivateSubnet1/), expect.stringMatching(/^<VpcPrivateSubnet2/), expect.stringMatching(/^<VpcPrivateSubnet3/)],
      SecurityGroups: [expect.stringMatching(/^<EventsSecurityGroup.*\.GroupId>$/)],
    }]);
    expect(resolvedJson(stack, guard.Properties.ClientAuthentication)).toEqual({ sasl: { iam: { enabled: true } } });
    // Sorted keys: the same tags always give the same string.
    expect(guard.Properties.Tags).toBe('{"app":"events","team":"data"}');
  });

  test('the cluster depends on the guard, and the guard on nothing of the cluster (no dependency cycle)', () => {
    const { template } = synth();
    const [guardId, guard] = only(template, GUARD);
    const [clusterId, cluster] = only(template, 'AWS::MSK::ServerlessCluster');
    expect(cluster.DependsOn).toContain(guardId);
    expect(JSON.stringify(guard)).not.toContain(clusterId);
    expect(guard.DependsOn ?? []).not.toContain(clusterId);
  });

  test('its properties change with the security groups, the subnets, the additional VPCs and the tags', () => {
    const base = only(synth().template, GUARD)[1].Properties;
    const { stack: s1, vpc } = vpcStack();
    const group = new ec2.SecurityGroup(s1, 'Other', { vpc });
    new ServerlessCluster(s1, 'Events', { vpc, clusterName: 'events', securityGroups: [group] });
    const withGroup = only(Template.fromStack(s1), GUARD)[1].Properties;
    expect(JSON.stringify(withGroup.VpcConfigs)).not.toEqual(JSON.stringify(base.VpcConfigs));

    const publicSubnets = only(synth({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }).template, GUARD)[1].Properties;
    expect(JSON.stringify(publicSubnets.VpcConfigs)).not.toEqual(JSON.stringify(base.VpcConfigs));

    const { stack: s2, vpc: vpc2 } = vpcStack();
    const other = new ec2.Vpc(s2, 'Other', { maxAzs: 2 });
    new ServerlessCluster(s2, 'Events', { vpc: vpc2, clusterName: 'events', additionalVpcs: [{ vpc: other }] });
    const twoVpcs = only(Template.fromStack(s2), GUARD)[1].Properties;
    expect(resolvedJson(s2, twoVpcs.VpcConfigs)).toHaveLength(2);

    const tagged = only(synth({ tags: { team: 'data' } }).template, GUARD)[1].Properties;
    expect(tagged.Tags).not.toEqual(base.Tags);
    expect(base.Tags).toBe('{}');
  });

  test('an unchanged cluster gives the same properties on every synthesis (no update each deployment)', () => {
    expect(only(synth().template, GUARD)[1].Properties).toEqual(only(synth().template, GUARD)[1].Properties);
  });

  test('shares the provider and its statements with provisioned clusters, each statement once', () => {
    const { stack, vpc } = vpcStack();
    new ServerlessCluster(stack, 'A', { vpc });
    new ServerlessCluster(stack, 'B', { vpc });
    new ProvisionedCluster(stack, 'C', { vpc });
    const template = Template.fromStack(stack);
    const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith(PROVIDER_ID));
    expect(roles).toHaveLength(1);
    const statements = JSON.stringify(roles[0][1].Properties.Policies);
    expect(statements.match(/kafka:ListClustersV2/g)).toHaveLength(1);
    expect(statements.match(/cloudformation:DescribeStacks/g)).toHaveLength(1);
    expect(Object.keys(template.findResources(GUARD))).toHaveLength(2);
  });

  test('a serverless cluster alone gets the lookup statements on the provider role', () => {
    const { template } = synth();
    const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith(PROVIDER_ID));
    expect(JSON.stringify(roles[0][1].Properties.Policies)).toContain('kafka:ListClustersV2');
  });
});

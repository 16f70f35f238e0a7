import { Size, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BrokerInstanceType, ClientAuthentication, KafkaVersion, ProvisionedCluster, ProvisionedClusterProps } from '../../src';
import { PROVIDER_ID, PROVIDER_TIMEOUT, SERVICE_TIMEOUT } from '../../src/custom-resources/stack-provider';
import { vpcStack } from '../util/stacks';

const LOOKUP = 'Custom::MskBrokerVolumeSize';

function synth(props: Partial<ProvisionedClusterProps> = {}, clusters = 1) {
  const { stack, vpc } = vpcStack();
  for (let i = 0; i < clusters; i++) {
    new ProvisionedCluster(stack, i === 0 ? 'Events' : `Events${i}`, { vpc, ...props });
  }
  return { stack, template: Template.fromStack(stack) };
}

function only(template: Template, type: string): [string, { Properties: Record<string, unknown>; DependsOn?: string[] }] {
  const found = Object.entries(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, { Properties: Record<string, unknown>; DependsOn?: string[] }];
}

/** The lookup's network and key properties for the default cluster 'Events' in vpcStack's VPC. */
const NETWORK = {
  ClientSubnets: {
    'Fn::Join': [',', [{ Ref: expect.stringMatching(/^VpcPrivateSubnet1/) }, { Ref: expect.stringMatching(/^VpcPrivateSubnet2/) },
      { Ref: expect.stringMatching(/^VpcPrivateSubnet3/) }]],
  },
  SecurityGroups: { 'Fn::GetAtt': [expect.stringMatching(/^EventsSecurityGroup/), 'GroupId'] },
  DataVolumeKmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^EventsKey/), 'Arn'] },
};

/** Every resource `from` depends on, directly or not (Ref, Fn::GetAtt, Fn::Sub names, DependsOn). */
function dependencies(template: Template, from: string): string[] {
  const resources = template.toJSON().Resources as Record<string, { DependsOn?: string | string[] }>;
  const direct = (id: string): string[] => {
    const resource = resources[id];
    const text = JSON.stringify({ ...resource, DependsOn: undefined });
    const named = Object.keys(resources).filter((other) => other !== id
      && (text.includes(`"Ref":"${other}"`) || text.includes(`"Fn::GetAtt":["${other}"`) || text.includes(`\${${other}`)));
    return [...named, ...([resource.DependsOn ?? []].flat())];
  };
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    for (const next of direct(queue.pop()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

function providerRole(template: Template) {
  const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith(PROVIDER_ID));
  expect(roles).toHaveLength(1);
  return roles[0][1].Properties;
}

describe('broker volume size lookup', () => {
  test("feeds the cluster's VolumeSize", () => {
    const { template } = synth();
    const [lookupId] = only(template, LOOKUP);
    const [, cluster] = only(template, 'AWS::MSK::Cluster');
    expect(cluster.Properties.BrokerNodeGroupInfo).toMatchObject({
      StorageInfo: { EBSStorageInfo: { VolumeSize: { 'Fn::GetAtt': [lookupId, 'VolumeSize'] } } },
    });
  });

  test('names the cluster and the desired storage settings, nothing that depends on the cluster (no cycle)', () => {
    const { template } = synth({ clusterName: 'orders' });
    const [clusterId] = only(template, 'AWS::MSK::Cluster');
    const [, lookup] = only(template, LOOKUP);
    expect(lookup.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${PROVIDER_ID}`)), 'Arn'] },
      ServiceTimeout: String(SERVICE_TIMEOUT.toSeconds()),
      ClusterName: 'orders',
      VolumeSize: '100',
      ProvisionedThroughput: '',
      StorageMode: 'LOCAL',
      KafkaVersion: '3.9.x.kraft',
      InstanceType: 'kafka.m7g.large',
      ...NETWORK,
    });
    expect(JSON.stringify(lookup)).not.toContain(clusterId);
  });

  test('names the client subnets, security groups and volume key the cluster gets (the replacement guard)', () => {
    const { template } = synth();
    const [, lookup] = only(template, LOOKUP);
    const [, cluster] = only(template, 'AWS::MSK::Cluster');
    const info = cluster.Properties.BrokerNodeGroupInfo as { ClientSubnets: unknown[]; SecurityGroups: unknown[] };
    const encryption = cluster.Properties.EncryptionInfo as { EncryptionAtRest: { DataVolumeKMSKeyId: unknown } };
    expect(lookup.Properties).toMatchObject({
      ClientSubnets: { 'Fn::Join': [',', info.ClientSubnets] },
      DataVolumeKmsKeyId: encryption.EncryptionAtRest.DataVolumeKMSKeyId,
    });
    // One group: Fn::Join of one element resolves to the element itself.
    expect(info.SecurityGroups).toEqual([lookup.Properties.SecurityGroups]);
  });

  test('its properties change with vpcSubnets, securityGroups and encryptionKey, given as literals or tokens', () => {
    const { stack, vpc } = vpcStack();
    const groups = [new ec2.SecurityGroup(stack, 'A', { vpc }), ec2.SecurityGroup.fromSecurityGroupId(stack, 'B', 'sg-0123456789abcdef0')];
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1111aaaa-1111-2222-3333-444455556666');
    new ProvisionedCluster(stack, 'Events', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, securityGroups: groups, encryptionKey: key });
    const [, lookup] = only(Template.fromStack(stack), LOOKUP);
    expect(lookup.Properties).toMatchObject({
      ClientSubnets: {
        'Fn::Join': [',', [{ Ref: expect.stringMatching(/^VpcPublicSubnet1/) }, { Ref: expect.stringMatching(/^VpcPublicSubnet2/) },
          { Ref: expect.stringMatching(/^VpcPublicSubnet3/) }]],
      },
      SecurityGroups: { 'Fn::Join': [',', [{ 'Fn::GetAtt': [expect.stringMatching(/^A/), 'GroupId'] }, 'sg-0123456789abcdef0']] },
      DataVolumeKmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1111aaaa-1111-2222-3333-444455556666',
    });
  });

  test('depends on nothing that depends on the cluster (no dependency cycle), with topics, SCRAM users and storage autoscaling', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: ClientAuthentication.scram() });
    cluster.addTopic('Orders', { topicName: 'orders', partitions: 6 });
    cluster.addScramUser('alice');
    const template = Template.fromStack(stack);
    const [lookupId] = only(template, LOOKUP);
    const [clusterId] = only(template, 'AWS::MSK::Cluster');
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    template.resourceCountIs('AWS::MSK::Topic', 1);
    const reached = dependencies(template, lookupId);
    expect(reached).not.toContain(clusterId);
    expect(reached).toEqual(expect.arrayContaining([expect.stringMatching(/^EventsKey/), expect.stringMatching(/^EventsSecurityGroup/)]));
  });

  test('its properties change with the provisioned throughput, the volume size and the storage mode', () => {
    const { template } = synth({
      instanceType: BrokerInstanceType.KAFKA_M7G_4XLARGE,
      storage: { volumeSize: Size.gibibytes(1000), maxVolumeSize: Size.gibibytes(4000), provisionedThroughputMiBps: 500, tieredStorage: true },
    });
    const [lookupId, lookup] = only(template, LOOKUP);
    expect(lookup.Properties).toMatchObject({ VolumeSize: '1000', ProvisionedThroughput: '500', StorageMode: 'TIERED' });
    const [, cluster] = only(template, 'AWS::MSK::Cluster');
    expect(cluster.Properties.BrokerNodeGroupInfo).toMatchObject({
      StorageInfo: { EBSStorageInfo: { VolumeSize: { 'Fn::GetAtt': [lookupId, 'VolumeSize'] }, ProvisionedThroughput: { Enabled: true, VolumeThroughput: 500 } } },
    });
  });

  test('an unchanged cluster gives the same properties on every synthesis (no storage update each deployment)', () => {
    const a = only(synth().template, LOOKUP)[1].Properties;
    const b = only(synth().template, LOOKUP)[1].Properties;
    expect(a).toEqual(b);
  });

  test('its properties change with the Kafka version and the instance type (the downgrade and broker-family guard)', () => {
    const [, lookup] = only(synth({ kafkaVersion: KafkaVersion.V3_8_X, instanceType: BrokerInstanceType.KAFKA_M5_LARGE }).template, LOOKUP);
    expect(lookup.Properties).toMatchObject({ KafkaVersion: '3.8.x', InstanceType: 'kafka.m5.large' });
  });

  test('Express clusters get the lookup too, with no storage settings, and the cluster waits for it without reading it', () => {
    const { template } = synth({ clusterName: 'orders', instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
    const [lookupId, lookup] = only(template, LOOKUP);
    expect(lookup.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${PROVIDER_ID}`)), 'Arn'] },
      ServiceTimeout: String(SERVICE_TIMEOUT.toSeconds()),
      ClusterName: 'orders',
      KafkaVersion: '3.9.x.kraft',
      InstanceType: 'express.m7g.large',
      ...NETWORK,
    });
    const [, cluster] = only(template, 'AWS::MSK::Cluster');
    expect(cluster.DependsOn).toContain(lookupId);
    expect(cluster.Properties.BrokerNodeGroupInfo).not.toHaveProperty('StorageInfo');
    expect(JSON.stringify(cluster.Properties)).not.toContain(lookupId);
  });

  test('a Standard and an Express cluster have the same lookup logical id (a broker-type switch updates it, and fails there)', () => {
    const [standard] = only(synth().template, LOOKUP);
    const [express] = only(synth({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE }).template, LOOKUP);
    expect(express).toBe(standard);
  });

  test('answers before CloudFormation gives up, like the bootstrap-brokers lookup', () => {
    const { template } = synth();
    const [, lookup] = only(template, LOOKUP);
    expect(lookup.Properties.ServiceTimeout).toBe(String(SERVICE_TIMEOUT.toSeconds()));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'cdk-msk-constructs: reads MSK bootstrap brokers and broker volume sizes, and refuses updates that would replace data or that the services reject, at deploy time',
      Timeout: PROVIDER_TIMEOUT.toSeconds(),
      Runtime: 'nodejs22.x',
    });
  });

  test('a stack with 10 clusters has one provider Lambda and role, with each statement once', () => {
    const { template } = synth({}, 10);
    template.resourceCountIs(LOOKUP, 10);
    const lambdas = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith(PROVIDER_ID));
    expect(lambdas).toHaveLength(1);
    expect(providerRole(template).Policies).toEqual([{
      PolicyName: 'Inline',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'kafka:ListClustersV2', Resource: '*' },
          { Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: { Ref: 'AWS::StackId' } },
        ],
      },
    }]);
  });

  test('acknowledges the ListClustersV2 wildcard finding by name, on the provider only, once however many clusters use it', () => {
    const { stack } = synth({}, 3);
    const provider = stack.node.findChild(`${PROVIDER_ID}CustomResourceProvider`);
    const entries = provider.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data as Record<string, string>);
    expect(entries).toHaveLength(2); // the provider's own, then the lookup's wildcard
    const acknowledged = Object.assign({}, ...entries);
    expect(Object.keys(acknowledged).sort()).toEqual(['AwsSolutions-IAM5[Resource::*]', 'cdk-validator-cfnguard::lambda_inside_vpc_check']);
    expect(acknowledged['AwsSolutions-IAM5[Resource::*]']).toContain('no resource-level permissions');
  });

});

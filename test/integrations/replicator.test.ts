import { Duration, RemovalPolicy, Stack, aws_cloudwatch_actions as actions, aws_ec2 as ec2, aws_logs as logs, aws_sns as sns } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';
import { BrokerInstanceType, ClientAuthentication, IMskCluster, ProvisionedCluster, ServerlessCluster } from '../../src';
import { KafkaReplicator, KafkaReplicatorProps, namePatterns } from '../../src/integrations/replicator/replicator';
import {
  ConsumerGroupOffsetSync,
  ReplicatedTopicNaming,
  ReplicationCompression,
  ReplicationStartingPosition,
} from '../../src/integrations/replicator/replicator-options';
import { errorOf } from '../util/errors';
import { alarmCount, expectActions, expectAlarm } from '../util/integration-alarms';
import { testApp, vpcStack } from '../util/stacks';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

const ARN_EAST = 'arn:aws:kafka:us-east-1:111111111111:cluster/edge/0f3a2b1c-1111-2222-3333-444455556666-7';
const ARN_WEST = 'arn:aws:kafka:us-west-2:111111111111:cluster/edge/0f3a2b1c-1111-2222-3333-444455556666-8';
const ARN_OTHER_ACCOUNT = 'arn:aws:kafka:us-east-1:222222222222:cluster/edge/0f3a2b1c-1111-2222-3333-444455556666-9';

type Overrides = Partial<KafkaReplicatorProps>;

/** Two provisioned clusters in one VPC and a replicator of `logs` between them. */
function synth(overrides: Overrides = {}) {
  const { stack, vpc } = vpcStack();
  const source = new ProvisionedCluster(stack, 'Edge', { vpc });
  const target = new ProvisionedCluster(stack, 'Central', { vpc });
  const replicator = new KafkaReplicator(stack, 'Replicator', { source, target, topicsToReplicate: ['logs'], ...overrides });
  return { stack, vpc, source, target, replicator, template: Template.fromStack(stack) };
}

/** The replicator resource of a template. */
function replicatorOf(template: Template): Record<string, any> {
  const found = Object.values(template.findResources('AWS::MSK::Replicator'));
  expect(found).toHaveLength(1);
  return found[0];
}

/** The policy statements on one cluster (by logical id prefix of its Ref), as JSON text. */
function statementsOn(template: Template, clusterId: string): string {
  const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .find((p) => JSON.stringify(p.Properties.Roles).includes('ReplicatorRole'))!;
  const statements = policy.Properties.PolicyDocument.Statement as unknown[];
  return JSON.stringify(statements.filter((s) => JSON.stringify(s).includes(`"Ref":"${clusterId}`)));
}

/** Every statement of the replicator role's managed policy. */
function replicatorStatements(template: Template): unknown[] {
  const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .find((p) => JSON.stringify(p.Properties.Roles).includes('ReplicatorRole'))!;
  return policy.Properties.PolicyDocument.Statement;
}

const kc = (...names: string[]) => names.map((n) => `kafka-cluster:${n}`);
const clusterRef = (id: string) => ({ Ref: expect.stringMatching(new RegExp(`^${id}[0-9A-F]{8}$`)) });
/** A topic or group ARN derived from a cluster of the app, as the template renders it. */
const childArn = (id: string, kind: string, name: string) => {
  const parts = { 'Fn::Split': [':cluster/', clusterRef(id)] };
  return { 'Fn::Join': ['', [{ 'Fn::Select': [0, parts] }, `:${kind}/`, { 'Fn::Select': [1, parts] }, `/${name}`]] };
};
const INTERNAL_TOPICS = ['*__amazon_msk_replicator_*', 'mskr-offset-syncs.*', '*.checkpoints.internal'];
const INTERNAL_TOPIC_ACTIONS = kc('CreateTopic', 'ReadData', 'WriteData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration', 'AlterTopic', 'AlterTopicDynamicConfiguration');
const allow = (Action: string | string[], Resource: unknown) => ({ Effect: 'Allow', Action, Resource });

/** An imported IAM cluster. */
function imported(stack: Stack, id: string, clusterArn: string): IMskCluster {
  return ProvisionedCluster.fromClusterArn(stack, id, clusterArn);
}

describe('KafkaReplicator defaults', () => {
  const { template, replicator } = synth();
  const resource = replicatorOf(template);

  test('two clusters, each with its client subnets and a security group of the replicator', () => {
    const clusters = resource.Properties.KafkaClusters;
    expect(clusters).toHaveLength(2);
    expect(clusters[0]).toEqual({
      AmazonMskCluster: { MskClusterArn: { Ref: expect.stringMatching(/^Edge/) } },
      VpcConfig: {
        SubnetIds: [1, 2, 3].map((n) => ({ Ref: expect.stringMatching(new RegExp(`^VpcPrivateSubnet${n}`)) })),
        SecurityGroupIds: [{ 'Fn::GetAtt': [expect.stringMatching(/^ReplicatorSourceSecurityGroup/), 'GroupId'] }],
      },
    });
    expect(clusters[1].AmazonMskCluster.MskClusterArn).toEqual({ Ref: expect.stringMatching(/^Central/) });
    expect(clusters[1].VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^ReplicatorTargetSecurityGroup/), 'GroupId'] }]);
    expect(replicator.securityGroups).toHaveLength(2);
  });

  test('one replication entry: latest, prefixed names, no compression, configs copied, ACLs not, all groups with offsets', () => {
    expect(resource.Properties.ReplicationInfoList).toEqual([{
      SourceKafkaClusterArn: { Ref: expect.stringMatching(/^Edge/) },
      TargetKafkaClusterArn: { Ref: expect.stringMatching(/^Central/) },
      TargetCompressionType: 'NONE',
      TopicReplication: {
        TopicsToReplicate: ['logs'],
        CopyTopicConfigurations: true,
        CopyAccessControlListsForTopics: false,
        DetectAndCopyNewTopics: true,
        StartingPosition: { Type: 'LATEST' },
        TopicNameConfiguration: { Type: 'PREFIXED_WITH_SOURCE_CLUSTER_ALIAS' },
      },
      ConsumerGroupReplication: {
        ConsumerGroupsToReplicate: ['.*'],
        DetectAndCopyNewConsumerGroups: true,
        SynchroniseConsumerGroupOffsets: true,
        ConsumerGroupOffsetSyncMode: 'LEGACY',
      },
    }]);
    expect(resource.Properties.LogDelivery).toBeUndefined();
  });

  test('a valid default name from the path plus a hash of the settings fixed at creation', () => {
    expect(resource.Properties.ReplicatorName).toMatch(/^Test-Replicator-[0-9A-F]{8}-[0-9a-f]{8}$/);
    expect(resource.Properties.ReplicatorName.length).toBeLessThanOrEqual(128);
  });

  test('the role trusts only MSK of this account; grants sit in a managed policy, never inline', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Principal: { Service: 'kafka.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }],
      },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResource('AWS::MSK::Replicator', { DependsOn: [Match.stringLikeRegexp('^ReplicatorAccessPolicy')], DeletionPolicy: 'Delete' });
  });

  test('least privilege as MSK documents it per side: read the source data topics, write the target, internal topics on both', () => {
    // MSK developer guide, "Service execution role permissions reference" and its pages.
    expect(replicatorStatements(template)).toEqual([
      // Source: connect; internal topics; read (never write or alter) the replicated topics; read the groups' offsets.
      allow(kc('Connect', 'DescribeCluster', 'WriteDataIdempotently'), clusterRef('Edge')),
      allow(INTERNAL_TOPIC_ACTIONS, INTERNAL_TOPICS.map((t) => childArn('Edge', 'topic', t))),
      allow(kc('ReadData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration'), childArn('Edge', 'topic', 'logs')),
      allow('kafka-cluster:DescribeGroup', childArn('Edge', 'group', '*')),
      // Target: connect; internal topics; create, write and configure the replicated topics; commit group offsets.
      allow(kc('Connect', 'DescribeCluster', 'WriteDataIdempotently'), clusterRef('Central')),
      allow(INTERNAL_TOPIC_ACTIONS, INTERNAL_TOPICS.map((t) => childArn('Central', 'topic', t))),
      allow(kc('CreateTopic', 'WriteData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration', 'AlterTopic', 'AlterTopicDynamicConfiguration'),
        childArn('Central', 'topic', '*.logs')),
      allow(kc('AlterGroup', 'DescribeGroup'), childArn('Central', 'group', '*')),
    ]);
    const policy = JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policy).not.toContain('arn:aws:kafka:*');
  });

  test('both clusters allow the replicator on the IAM port', () => {
    for (const [cluster, group] of [['^Edge', '^ReplicatorSourceSecurityGroup'], ['^Central', '^ReplicatorTargetSecurityGroup']]) {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: 9098,
        ToPort: 9098,
        GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp(cluster), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp(group), 'GroupId'] },
      });
    }
  });
});

describe('KafkaReplicator permissions follow the features', () => {
  /** The statements on one side, by cluster id, as [actions, resources]. */
  const side = (overrides: Overrides, id: string) => replicatorStatements(synth(overrides).template)
    .filter((statement) => JSON.stringify(statement).includes(`"Ref":"${id}`)) as Array<{ Action: string | string[]; Resource: unknown }>;
  const find = (statements: Array<{ Action: string | string[]; Resource: unknown }>, fragment: string) =>
    statements.find((statement) => JSON.stringify(statement.Resource).includes(fragment));

  test('identical names: the target data topics are the source names, without a prefix', () => {
    const target = side({ topicNaming: ReplicatedTopicNaming.identical(), topicsToReplicate: ['orders', 'logs\\.app-.*'] }, 'Central');
    expect(find(target, ':topic/')).toBeDefined();
    expect(target.filter((t) => [t.Action].flat().includes('kafka-cluster:WriteData') && !JSON.stringify(t.Resource).includes('amazon_msk_replicator')))
      .toEqual([allow(kc('CreateTopic', 'WriteData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration', 'AlterTopic', 'AlterTopicDynamicConfiguration'),
        [childArn('Central', 'topic', 'orders'), childArn('Central', 'topic', 'logs.app-*')])]);
  });

  test('the source reads exactly the replicated topics when the expressions are names or prefixes', () => {
    const source = side({ topicsToReplicate: ['orders', 'logs\\.app-.*'] }, 'Edge');
    expect(source).toContainEqual(allow(kc('ReadData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration'),
      [childArn('Edge', 'topic', 'orders'), childArn('Edge', 'topic', 'logs.app-*')]));
  });

  test('any other regular expression grants every topic of the cluster, never another cluster', () => {
    const source = side({ topicsToReplicate: ['orders', 'logs|audit'] }, 'Edge');
    expect(source).toContainEqual(allow(kc('ReadData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration'), childArn('Edge', 'topic', '*')));
  });

  test('without copyTopicConfigurations the target topics are not altered', () => {
    const target = side({ copyTopicConfigurations: false }, 'Central');
    expect(target).toContainEqual(allow(kc('CreateTopic', 'WriteData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration'), childArn('Central', 'topic', '*.logs')));
  });

  test('without group offset sync: no source group access, and only the replicator\'s own groups on the target', () => {
    expect(JSON.stringify(side({ synchroniseConsumerGroupOffsets: false }, 'Edge'))).not.toContain(':group/');
    expect(side({ synchroniseConsumerGroupOffsets: false }, 'Central'))
      .toContainEqual(allow(kc('AlterGroup', 'DescribeGroup'), childArn('Central', 'group', '*__amazon_msk_replicator_*')));
  });

  test('named consumer groups: described on the source, committed on the target', () => {
    expect(side({ consumerGroupsToReplicate: ['billing', 'audit-.*'] }, 'Edge'))
      .toContainEqual(allow('kafka-cluster:DescribeGroup', [childArn('Edge', 'group', 'billing'), childArn('Edge', 'group', 'audit-*')]));
    expect(side({ consumerGroupsToReplicate: ['billing'] }, 'Central')).toContainEqual(allow(kc('AlterGroup', 'DescribeGroup'),
      [childArn('Central', 'group', '*__amazon_msk_replicator_*'), childArn('Central', 'group', 'billing')]));
  });

  test('copying ACLs adds AlterCluster on the target only', () => {
    expect(side({ copyAccessControlLists: true }, 'Central')[0]).toEqual(allow(kc('Connect', 'DescribeCluster', 'WriteDataIdempotently', 'AlterCluster'), clusterRef('Central')));
    expect(JSON.stringify(side({ copyAccessControlLists: true }, 'Edge'))).not.toContain('AlterCluster');
  });

  test.each<[string[], string[]]>([
    [['orders'], ['orders']],
    [['orders', 'orders'], ['orders']],
    [['logs\\.app-.*'], ['logs.app-*']],
    [['.*'], ['*']],
    [['orders', '.*'], ['*']],
    [['logs.app'], ['*']],
    [['a+'], ['*']],
    [['(orders)'], ['*']],
  ])('namePatterns(%j) is %j', (expressions, expected) => {
    expect(namePatterns(expressions)).toEqual(expected);
  });
});

describe('KafkaReplicator options', () => {
  test('choices, patterns and a log group are rendered as given', () => {
    const { stack, vpc } = vpcStack();
    const source = new ProvisionedCluster(stack, 'Edge', { vpc });
    const target = new ProvisionedCluster(stack, 'Central', { vpc });
    const logGroup = new logs.LogGroup(stack, 'ReplicatorLogs');
    new KafkaReplicator(stack, 'Replicator', {
      source,
      target,
      topicsToReplicate: ['logs', 'audit\\..*'],
      topicsToExclude: ['audit\\.debug'],
      consumerGroupsToReplicate: ['billing'],
      consumerGroupsToExclude: ['billing-test'],
      startingPosition: ReplicationStartingPosition.earliest(),
      topicNaming: ReplicatedTopicNaming.identical(),
      compression: ReplicationCompression.ZSTD,
      consumerGroupOffsetSync: ConsumerGroupOffsetSync.enhanced(),
      copyTopicConfigurations: false,
      detectAndCopyNewTopics: false,
      detectAndCopyNewConsumerGroups: false,
      synchroniseConsumerGroupOffsets: false,
      replicatorName: 'logs-to-central',
      description: 'Edge logs to the central cluster',
      logGroup,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::MSK::Replicator', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        ReplicatorName: 'logs-to-central',
        Description: 'Edge logs to the central cluster',
        LogDelivery: { ReplicatorLogDelivery: { CloudWatchLogs: { Enabled: true, LogGroup: { Ref: Match.stringLikeRegexp('^ReplicatorLogs') } } } },
        ReplicationInfoList: [Match.objectLike({
          TargetCompressionType: 'ZSTD',
          TopicReplication: {
            TopicsToReplicate: ['logs', 'audit\\..*'],
            TopicsToExclude: ['audit\\.debug'],
            CopyTopicConfigurations: false,
            CopyAccessControlListsForTopics: false,
            DetectAndCopyNewTopics: false,
            StartingPosition: { Type: 'EARLIEST' },
            TopicNameConfiguration: { Type: 'IDENTICAL' },
          },
          ConsumerGroupReplication: {
            ConsumerGroupsToReplicate: ['billing'],
            ConsumerGroupsToExclude: ['billing-test'],
            DetectAndCopyNewConsumerGroups: false,
            SynchroniseConsumerGroupOffsets: false,
            ConsumerGroupOffsetSyncMode: 'ENHANCED',
          },
        })],
      }),
    });
  });

  test('the default name changes with settings fixed at creation, not with updatable ones', () => {
    const name = (overrides: Overrides) => replicatorOf(synth(overrides).template).Properties.ReplicatorName;
    const base = name({});
    expect(name({ topicsToReplicate: ['logs', 'audit'] })).toBe(base);
    expect(name({ consumerGroupsToReplicate: ['billing'] })).toBe(base);
    expect(name({ startingPosition: ReplicationStartingPosition.earliest() })).not.toBe(base);
    expect(name({ compression: ReplicationCompression.LZ4 })).not.toBe(base);
    expect(name({ description: 'logs' })).not.toBe(base);
  });

  test('a fixed replicatorName is kept, with the ReplicatorNameFixed warning naming the fix; the default name gives none', () => {
    const fixedName = (overrides: Overrides) => Annotations.fromStack(synth(overrides).stack)
      .findWarning('*', Match.stringLikeRegexp('ReplicatorNameFixed')).map((w) => String(w.entry.data));
    const named = synth({ replicatorName: 'edge' });
    expect(replicatorOf(named.template).Properties.ReplicatorName).toBe('edge');
    const [message, ...more] = fixedName({ replicatorName: 'edge' });
    expect(more).toEqual([]);
    expect(message).toMatch(/^replicatorName: 'edge' is fixed, so a change that replaces the replicator .* fails: .*Fix: omit replicatorName/);
    expect(message).toContain('AWS::MSK::Replicator');
    expect(fixedName({})).toEqual([]);
  });

  test('copyAccessControlLists grants AlterCluster on the target only', () => {
    const { template } = synth({ copyAccessControlLists: true });
    expect(statementsOn(template, 'Central')).toContain('kafka-cluster:AlterCluster');
    expect(statementsOn(template, 'Edge')).not.toContain('kafka-cluster:AlterCluster');
    expect(JSON.stringify(replicatorOf(template))).toContain('"CopyAccessControlListsForTopics":true');
  });

  test('imported clusters use the given subnets and groups; the brokers\' groups are opened to them', () => {
    const { stack, vpc } = vpcStack();
    const brokers = new ec2.SecurityGroup(stack, 'Brokers', { vpc });
    const replicatorGroup = new ec2.SecurityGroup(stack, 'ReplicatorGroup', { vpc });
    const source = ProvisionedCluster.fromClusterAttributes(stack, 'Edge', { clusterArn: ARN_EAST, securityGroups: [brokers] });
    const target = new ServerlessCluster(stack, 'Central', { vpc });
    const subnetIds = vpc.privateSubnets.map((s) => s.subnetId);
    const replicator = new KafkaReplicator(stack, 'Replicator', {
      source, target, topicsToReplicate: ['logs'], sourceNetwork: { subnetIds, securityGroups: [replicatorGroup] },
    });
    const template = Template.fromStack(stack);
    const clusters = replicatorOf(template).Properties.KafkaClusters;
    expect(clusters[0].AmazonMskCluster.MskClusterArn).toBe(ARN_EAST);
    expect(clusters[0].VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^ReplicatorGroup/), 'GroupId'] }]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 9098, GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Brokers'), 'GroupId'] },
    });
    expect(replicator.securityGroups).toHaveLength(1);
    expect(JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'))).toContain(':topic/edge/0f3a2b1c-1111-2222-3333-444455556666-7/*');
  });

  test('cross-Region: a source with multi-VPC IAM gets a cluster policy statement for MSK, and no replicator group', () => {
    const app = testApp();
    const west = new Stack(app, 'West', { env: { region: 'us-west-2', account: '111111111111' } });
    const east = new Stack(app, 'East', { env: { region: 'us-east-1', account: '111111111111' }, crossRegionReferences: true });
    const westVpc = new ec2.Vpc(west, 'Vpc', { availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'], natGateways: 0 });
    const eastVpc = new ec2.Vpc(east, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 0 });
    const source = new ProvisionedCluster(west, 'Edge', { vpc: westVpc, multiVpcConnectivity: { iam: true } });
    const target = new ProvisionedCluster(east, 'Central', { vpc: eastVpc });
    const replicator = new KafkaReplicator(east, 'Replicator', { source, target, topicsToReplicate: ['logs'] });
    // What MSK documents for a cross-Region source ("Prepare the Amazon MSK source cluster"): no kafka:DescribeCluster.
    const [policy] = Object.values(Template.fromStack(west).findResources('AWS::MSK::ClusterPolicy'));
    expect(policy.Properties.Policy.Statement).toEqual([{
      Sid: 'AllowMskReplicatorVpcConnection',
      Effect: 'Allow',
      Principal: { Service: 'kafka.amazonaws.com' },
      Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
      Resource: clusterRef('Edge'),
    }]);
    expect(replicator.securityGroups.map((g) => g.node.id)).toEqual(['TargetSecurityGroup']);
  });
});

describe('KafkaReplicator validation', () => {
  test('fails when source and target are the same cluster', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Edge', { vpc });
    expect(errorOf(() => new KafkaReplicator(stack, 'Replicator', { source: cluster, target: cluster, topicsToReplicate: ['logs'] })))
      .toContain("[ReplicatorSameCluster] source, target: both are 'Test/Edge'");
  });

  test('fails when a cluster has no IAM authentication, too few brokers, or t3.small brokers, naming each cluster', () => {
    const { stack } = vpcStack();
    const twoAzs = new ec2.Vpc(stack, 'TwoAzs', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 0 });
    const source = new ProvisionedCluster(stack, 'Edge', { vpc: twoAzs, clientAuthentication: ClientAuthentication.scram() });
    const target = new ProvisionedCluster(stack, 'Central', { vpc: twoAzs, instanceType: BrokerInstanceType.KAFKA_T3_SMALL, brokersPerAz: 2 });
    const error = errorOf(() => new KafkaReplicator(stack, 'Replicator', { source, target, topicsToReplicate: ['logs'] }));
    expect(error).toContain("[ReplicatorClusterWithoutIam] source, target: source 'Test/Edge' do not enable IAM");
    expect(error).toContain("[ReplicatorTooFewBrokers] source, target: source 'Test/Edge' has 2 brokers in 2 AZs");
    expect(error).toContain("[ReplicatorBurstableBrokers] source, target: target 'Test/Central' runs kafka.t3.small");
  });

  test('fails on a bad name, long description, no topics, too many or too long patterns, reporting every problem at once', () => {
    const many = Array.from({ length: 101 }, (_, i) => `t${i}`);
    const error = errorOf(() => synth({
      replicatorName: '-bad_name',
      description: 'x'.repeat(1025),
      topicsToReplicate: [],
      topicsToExclude: many,
      consumerGroupsToReplicate: ['g'.repeat(257)],
    }));
    expect(error).toContain('5 problems');
    for (const id of ['ReplicatorNameInvalid', 'ReplicatorDescriptionTooLong', 'ReplicatorNoTopics', 'ReplicatorTooManyPatterns', 'ReplicatorPatternLength']) {
      expect(error).toContain(`[${id}]`);
    }
    expect(error).toContain('topicsToExclude (101)');
    expect(error).toContain('consumerGroupsToReplicate: patterns');
  });

  test('fails when ACLs are copied with a serverless cluster, or enhanced offset sync lacks identical names', () => {
    const { stack, vpc } = vpcStack();
    const source = new ProvisionedCluster(stack, 'Edge', { vpc });
    const target = new ServerlessCluster(stack, 'Central', { vpc });
    const error = errorOf(() => new KafkaReplicator(stack, 'Replicator', {
      source, target, topicsToReplicate: ['logs'], copyAccessControlLists: true, consumerGroupOffsetSync: ConsumerGroupOffsetSync.enhanced(),
    }));
    expect(error).toContain("[ReplicatorAclsWithServerless] copyAccessControlLists: target 'Test/Central' are MSK Serverless");
    expect(error).toContain('[ReplicatorEnhancedSyncNeedsIdenticalNames]');
  });

  test('fails when imported clusters come without subnets, or with fewer than 2', () => {
    const stack = new Stack(undefined, 'Test', { env: { region: 'us-east-1', account: '111111111111' } });
    const source = imported(stack, 'Edge', ARN_EAST);
    const target = imported(stack, 'Central', ARN_EAST.replace('-7', '-8'));
    expect(errorOf(() => new KafkaReplicator(stack, 'Replicator', { source, target, topicsToReplicate: ['logs'] })))
      .toContain("[ReplicatorClusterNetworkMissing] sourceNetwork, targetNetwork: the subnets of imported source 'Test/Edge' and target 'Test/Central' are unknown");
    expect(errorOf(() => new KafkaReplicator(stack, 'Replicator2', {
      source, target, topicsToReplicate: ['logs'], sourceNetwork: { subnetIds: ['subnet-1'] }, targetNetwork: { subnetIds: ['subnet-2', 'subnet-3'] },
    }))).toContain('[ReplicatorTooFewSubnets] sourceNetwork, targetNetwork: source has 1 subnet(s)');
  });

  test('an imported cluster\'s network can be a VPC and a subnet selection, as for other CDK constructs', () => {
    const stack = new Stack(testApp(), 'Test', { env: { region: 'us-east-1', account: '111111111111' } });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['subnet-a', 'subnet-b'], isolatedSubnetIds: ['subnet-c', 'subnet-d'],
    });
    new KafkaReplicator(stack, 'Replicator', {
      source: imported(stack, 'Edge', ARN_EAST),
      target: imported(stack, 'Central', ARN_EAST.replace('-7', '-8')),
      topicsToReplicate: ['logs'],
      sourceNetwork: { vpc },
      targetNetwork: { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } },
    });
    const clusters = Template.fromStack(stack).findResources('AWS::MSK::Replicator');
    const kafkaClusters = Object.values(clusters)[0].Properties.KafkaClusters as Array<{ VpcConfig: { SubnetIds: string[] } }>;
    expect(kafkaClusters.map((c) => c.VpcConfig.SubnetIds)).toEqual([['subnet-a', 'subnet-b'], ['subnet-c', 'subnet-d']]);
  });

  test('fails when a network gives both a VPC and subnet ids, or neither', () => {
    const stack = new Stack(testApp(), 'Test', { env: { region: 'us-east-1', account: '111111111111' } });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['subnet-a', 'subnet-b'] });
    expect(errorOf(() => new KafkaReplicator(stack, 'Replicator', {
      source: imported(stack, 'Edge', ARN_EAST),
      target: imported(stack, 'Central', ARN_EAST.replace('-7', '-8')),
      topicsToReplicate: ['logs'],
      sourceNetwork: { vpc, subnetIds: ['subnet-1', 'subnet-2'] },
      targetNetwork: {},
    }))).toContain('[ReplicatorNetworkSubnets] sourceNetwork, targetNetwork: the source network gives both vpc and subnetIds; '
      + 'the target network gives neither vpc nor subnetIds. Fix: ');
  });

  test('fails when the target is in another Region than the replicator, or the clusters in different accounts', () => {
    const stack = new Stack(undefined, 'Test', { env: { region: 'us-east-1', account: '111111111111' } });
    const network = { subnetIds: ['subnet-1', 'subnet-2'] };
    const westTarget = imported(stack, 'West', ARN_WEST);
    expect(errorOf(() => new KafkaReplicator(stack, 'ToWest', {
      source: imported(stack, 'Edge', ARN_EAST), target: westTarget, topicsToReplicate: ['logs'], sourceNetwork: network, targetNetwork: network,
    }))).toContain('[ReplicatorNotInTargetRegion] target: the replicator is in us-east-1 but target \'Test/West\' is in us-west-2');
    expect(errorOf(() => new KafkaReplicator(stack, 'Across', {
      source: imported(stack, 'Other', ARN_OTHER_ACCOUNT), target: imported(stack, 'Mine', ARN_EAST), topicsToReplicate: ['logs'], sourceNetwork: network, targetNetwork: network,
    }))).toContain('[ReplicatorCrossAccount] source, target: accounts 222222222222 and 111111111111 differ');
  });

  test('fails when a cross-Region provisioned source has no multi-VPC IAM connectivity', () => {
    const app = testApp();
    const west = new Stack(app, 'West', { env: { region: 'us-west-2', account: '111111111111' } });
    const east = new Stack(app, 'East', { env: { region: 'us-east-1', account: '111111111111' } });
    const source = new ProvisionedCluster(west, 'Edge', { vpc: new ec2.Vpc(west, 'Vpc', { natGateways: 0, maxAzs: 3 }) });
    const target = new ProvisionedCluster(east, 'Central', { vpc: new ec2.Vpc(east, 'Vpc', { natGateways: 0, maxAzs: 3 }) });
    expect(errorOf(() => new KafkaReplicator(east, 'Replicator', { source, target, topicsToReplicate: ['logs'] })))
      .toContain("[ReplicatorCrossRegionSourceWithoutMultiVpc] source: 'West/Edge' is in us-west-2, the target in us-east-1");
  });

  test('warns for imported networks without security groups, a cross-Region imported source, and patterns that are not regular expressions', () => {
    const stack = new Stack(undefined, 'Test', { env: { region: 'us-east-1', account: '111111111111' } });
    const replicator = new KafkaReplicator(stack, 'Replicator', {
      source: imported(stack, 'Edge', ARN_WEST),
      target: imported(stack, 'Central', ARN_EAST),
      topicsToReplicate: ['logs(['],
      sourceNetwork: { subnetIds: ['subnet-1', 'subnet-2'] },
      targetNetwork: { subnetIds: ['subnet-3', 'subnet-4'] },
    });
    const warnings = Annotations.fromStack(Stack.of(replicator)).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data)).join('\n');
    expect(warnings).toMatch(/no securityGroups for target 'Test\/Central'.*ReplicatorNoSecurityGroups/);
    expect(warnings).not.toMatch(/no securityGroups for source/);
    expect(warnings).toContain('cdk-msk-constructs:ReplicatorCrossRegionImportedSource');
    expect(warnings).toMatch(/topicsToReplicate 'logs\(\['.*ReplicatorPatternNotRegex/);
  });
});

describe('KafkaReplicator alarms', () => {
  const alarm = (metricName: string, name: string, statistic: string, threshold: number, evaluationPeriods: number) => ({
    namespace: 'AWS/Kafka',
    metricName,
    dimensions: { ReplicatorName: name },
    statistic,
    period: 300,
    threshold,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods,
    datapointsToAlarm: evaluationPeriods,
    treatMissingData: 'notBreaching',
  });

  test('latency, lag, replicator and replication failures, and offset sync failures, notifying the target cluster\'s alarm topic', () => {
    const { stack, template, replicator, target } = synth();
    const name = stack.resolve(replicator.replicatorName);
    expect(typeof name).toBe('string');
    expectAlarm(template, 'ReplicatorReplicationLatencyAlarm', alarm('ReplicationLatency', name, 'Maximum', 60_000, 3));
    expectAlarm(template, 'ReplicatorMessageLagAlarm', alarm('MessageLag', name, 'Maximum', 100_000, 3));
    expectAlarm(template, 'ReplicatorReplicatorFailureAlarm', alarm('ReplicatorFailure', name, 'Sum', 0, 1));
    expectAlarm(template, 'ReplicatorReplicationFailuresAlarm', alarm('ReplicationFailures', name, 'Sum', 0, 1));
    expectAlarm(template, 'ReplicatorConsumerGroupOffsetSyncFailureAlarm', alarm('ConsumerGroupOffsetSyncFailure', name, 'Sum', 0, 1));
    expect(replicator.alarms).toHaveLength(5);
    expect(alarmCount(template, 'Replicator')).toBe(5);
    expectActions(stack, template, 'Replicator', [target.alarmTopic.topicArn]);
  });

  test('thresholds can be set; without offset sync there is no offset sync alarm', () => {
    const { stack, template, replicator } = synth({
      replicationLatencyAlarmThreshold: Duration.seconds(30), messageLagAlarmThreshold: 5000, synchroniseConsumerGroupOffsets: false,
    });
    const name = stack.resolve(replicator.replicatorName);
    expectAlarm(template, 'ReplicatorReplicationLatencyAlarm', alarm('ReplicationLatency', name, 'Maximum', 30_000, 3));
    expectAlarm(template, 'ReplicatorMessageLagAlarm', alarm('MessageLag', name, 'Maximum', 5000, 3));
    expect(alarmCount(template, 'ReplicatorConsumerGroupOffsetSync')).toBe(0);
    expect(replicator.alarms).toHaveLength(4);
  });

  test('alarms.actions replaces the cluster\'s actions; enabled: false creates none', () => {
    const { stack, vpc } = vpcStack();
    const source = new ProvisionedCluster(stack, 'Edge', { vpc });
    const target = new ProvisionedCluster(stack, 'Central', { vpc });
    const pager = new sns.Topic(stack, 'Pager', { enforceSSL: true });
    new KafkaReplicator(stack, 'Paged', { source, target, topicsToReplicate: ['logs'], alarms: { actions: [new actions.SnsAction(pager)] } });
    new KafkaReplicator(stack, 'Silent', { source, target, topicsToReplicate: ['audit'], alarms: { actions: [] } });
    const off = new KafkaReplicator(stack, 'Off', { source, target, topicsToReplicate: ['metrics'], alarms: { enabled: false } });
    const template = Template.fromStack(stack);
    expectActions(stack, template, 'Paged', [pager.topicArn]);
    expectActions(stack, template, 'Silent', undefined);
    expect(alarmCount(template, 'Off')).toBe(0);
    expect(off.alarms).toEqual([]);
  });

  test('an imported target gives alarms without actions', () => {
    const { stack, vpc } = vpcStack();
    const source = new ProvisionedCluster(stack, 'Edge', { vpc });
    const target = ProvisionedCluster.fromClusterArn(stack, 'Central', ARN_EAST.replace('-7', '-9'));
    const subnetIds = vpc.privateSubnets.map((subnet) => subnet.subnetId);
    const replicator = new KafkaReplicator(stack, 'Replicator', { source, target, topicsToReplicate: ['logs'], targetNetwork: { subnetIds } });
    const template = Template.fromStack(stack);
    expect(replicator.alarms).toHaveLength(5);
    expectActions(stack, template, 'Replicator', undefined);
  });

  test('metric() adds dimensions to ReplicatorName and is attached to the replicator', () => {
    const { stack, replicator } = synth();
    const metric = replicator.metric('ThrottleTime', { statistic: 'Maximum', dimensionsMap: { ClusterAlias: 'source' } });
    expect(metric.namespace).toBe('AWS/Kafka');
    expect(stack.resolve(metric.dimensions)).toEqual({ ReplicatorName: stack.resolve(replicator.replicatorName), ClusterAlias: 'source' });
    expect(metric.period.toSeconds()).toBe(300);
    expect(replicator.metricReplicatorThroughput().metricName).toBe('ReplicatorThroughput');
    expect(replicator.metricReplicatorBytesInPerSec().metricName).toBe('ReplicatorBytesInPerSec');
  });
});

describe('KafkaReplicator passes the validator wall', () => {
  const app = wallApp();
  const stack = new Stack(app, 'Logs', { env: { region: 'us-east-1' } });
  const { vpc } = new CompliantVpc(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  const source = new ProvisionedCluster(stack, 'Edge', { vpc });
  const target = new ServerlessCluster(stack, 'Central', { vpc });
  const logGroup = new logs.LogGroup(stack, 'ReplicatorLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  const replicator = new KafkaReplicator(stack, 'Replicator', { source, target, topicsToReplicate: ['logs'], logGroup });
  const wall = runValidatorWall(app);
  const ours = (findings: typeof wall.errors) => findings.filter((f) => f.resource.startsWith('Logs/Replicator/'));

  test('no error findings on the replicator: built-in CloudFormation validation, six cdk-nag packs, cfn-guard', () => {
    expect(formatFindings(ours(wall.errors))).toEqual([]);
  });

  test('only the per-cluster wildcard resources of the policy are acknowledged', () => {
    const acknowledged = replicator.node.findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => Object.keys(m.data as object)))
      .flat()
      .map((id) => id.replace(/^Annotation::/, ''));
    // Per cluster: the three internal-topic patterns and every group; on the target also the prefixed replicated topics.
    expect(acknowledged).toHaveLength(9);
    const names = acknowledged.map((id) => /^AwsSolutions-IAM5\[Resource::.*:(topic|group)\/.*\/([^/]*)\]$/.exec(id)?.slice(1).join(' ')).sort();
    expect(names).toEqual([
      'group *', 'group *',
      'topic *.checkpoints.internal', 'topic *.checkpoints.internal', 'topic *.logs',
      'topic *__amazon_msk_replicator_*', 'topic *__amazon_msk_replicator_*', 'topic mskr-offset-syncs.*', 'topic mskr-offset-syncs.*',
    ]);
  });

  test('no warnings on the replicator', () => {
    expect(formatFindings(ours(wall.warnings))).toEqual([]);
  });
});

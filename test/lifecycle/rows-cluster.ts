/**
 * Lifecycle rows of the cluster constructs: ProvisionedCluster, ServerlessCluster, addTopic, ScramUsers
 * (addScramUser), ClusterPolicy, ClusterVpcConnection.
 */
import { Duration, RemovalPolicy, Size, Stack, Tags, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import {
  BrokerInstanceType, BrokerLogs, ClientAuthentication, ClusterPolicy, ClusterSizing, ClusterVpcConnection, ClusterVpcConnectionProps, KafkaVersion,
  MonitoringLevel, ScramUser, SizingBrokerFamily, SizingInput,
  ProvisionedCluster, ProvisionedClusterProps, ServerlessCluster, ServerlessClusterProps, TopicOptions, VpcConnectionAuthentication,
} from '../../src';
import { MatrixRow, UPDATE_GUARD, Variant } from '../util/lifecycle/matrix';
import { LifecycleEnv } from '../util/lifecycle/synth';

type Props<T> = (stack: Stack, env: LifecycleEnv) => Partial<T>;

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7';

/** A ProvisionedCluster 'Cluster' in the shared VPC with `props`. */
export function provisioned(label: string, props: Props<ProvisionedClusterProps> = () => ({})): Variant {
  return { label, build: (s, env) => new ProvisionedCluster(s, 'Cluster', { vpc: env.vpc, ...props(s, env) }) };
}

function serverless(label: string, props: Props<ServerlessClusterProps> = () => ({}), then?: (cluster: ServerlessCluster) => void): Variant {
  return {
    label,
    build: (s, env) => {
      const cluster = new ServerlessCluster(s, 'Cluster', { vpc: env.vpc, ...props(s, env) });
      then?.(cluster);
    },
  };
}

function withTopic(label: string, options: Partial<TopicOptions> = {}): Variant {
  return {
    label,
    build: (s, env) => new ProvisionedCluster(s, 'Cluster', { vpc: env.vpc }).addTopic('Orders', { topicName: 'orders', partitions: 6, ...options }),
  };
}

function withScramUser(label: string, users: Array<[string, { secretName?: string; removalPolicy?: RemovalPolicy }]>): Variant {
  return {
    label,
    build: (s, env) => {
      const cluster = new ProvisionedCluster(s, 'Cluster', { vpc: env.vpc, clientAuthentication: ClientAuthentication.scram() });
      users.forEach(([name, options]) => cluster.addScramUser(name, options));
    },
  };
}

function clusterPolicy(label: string, clusterArn: string, accounts: string[]): Variant {
  return {
    label,
    build: (s) => {
      const policy = new ClusterPolicy(s, 'Policy', { clusterArn });
      accounts.forEach((a) => policy.grantVpcConnection(new iam.AccountPrincipal(a)));
    },
  };
}

function vpcConnection(label: string, props: Props<ClusterVpcConnectionProps> = () => ({})): Variant {
  return {
    label,
    build: (s, env) => new ClusterVpcConnection(s, 'Connection', {
      targetClusterArn: CLUSTER_ARN, vpc: env.vpc, authentication: VpcConnectionAuthentication.IAM, ...props(s, env),
    }),
  };
}

const DEFAULT = provisioned('default');

/** A cluster sized by ClusterSizing for 20 MB/s in, 40 MB/s out, 72 h, 300 partitions, with `input` on top. */
function sized(label: string, input: Partial<SizingInput>): Variant {
  const plan = ClusterSizing.recommend({ ingressMBps: 20, egressMBps: 40, retentionHours: 72, partitions: 300, ...input });
  return provisioned(label, () => ({ sizing: plan }));
}
const SIZED_RF2 = sized('planned for RF 2 (Standard, family not pinned)', { replicationFactor: 2 });
const SIZED_STANDARD = sized('pinned Standard', { brokerFamily: SizingBrokerFamily.STANDARD });
const VOLUME_1000 = provisioned('volumeSize: 1000 GiB', () => ({ storage: { volumeSize: Size.gibibytes(1000) } }));
const NAMED = provisioned("clusterName: 'events'", () => ({ clusterName: 'events' }));
const EXPRESS = provisioned('express.m7g.large', () => ({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE }));
const EXPRESS_REBALANCING = provisioned('express.m7g.large, rebalancing: true', () => ({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, rebalancing: true }));
const ZOOKEEPER_38 = provisioned('KafkaVersion.V3_8_X', () => ({ kafkaVersion: KafkaVersion.V3_8_X }));
const ZOOKEEPER_39 = provisioned('KafkaVersion.V3_9_X', () => ({ kafkaVersion: KafkaVersion.V3_9_X }));
const SERVERLESS = serverless('default');
const SERVERLESS_ALARMS = serverless("addThroughputAlarms(['orders'])", () => ({}), (c) => c.addThroughputAlarms(['orders']));
const TOPIC = withTopic("topicName: 'orders', partitions: 6");
const SCRAM_ALICE = withScramUser("addScramUser('alice')", [['alice', {}]]);

/** A SCRAM cluster whose user alice has Kafka ACLs from `grant`, with `props` on the cluster. */
function withAcls(label: string, grant: (alice: ScramUser) => void, props: Partial<ProvisionedClusterProps> = {}): Variant {
  return {
    label,
    build: (s, env) => {
      const cluster = new ProvisionedCluster(s, 'Cluster', { vpc: env.vpc, clientAuthentication: ClientAuthentication.scram(), ...props });
      grant(cluster.addScramUser('alice'));
    },
  };
}
const ACLS_ORDERS = withAcls("alice.grantConsume('orders', 'billing')", (alice) => alice.grantConsume('orders', 'billing'));
const DENY_BY_DEFAULT = { serverProperties: { 'allow.everyone.if.no.acl.found': 'false' } };
const POLICY = clusterPolicy('grantVpcConnection(111111111111)', CLUSTER_ARN, ['222222222222']);
const CONNECTION = vpcConnection('IAM, default subnets');

/** A replaced cluster takes its storage scaling target and policy with it (they name its ARN). */
const CLUSTER_REPLACED = ['AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy', 'AWS::MSK::Cluster'];

const row = (construct: string, prop: string, before: Variant, after: Variant, expect: MatrixRow['expect'], extra: Partial<MatrixRow> = {}): MatrixRow =>
  ({ construct, prop, before, after, expect, ...extra });

/** README sections that explain changes no synthesis can see. */
const KAFKA_VERSION = '"Kafka version"';
const NO_FAMILY_SWITCH = '"Broker instance types"';
/**
 * The deploy-time lookup that refuses, against the live cluster of the same name, a Kafka downgrade, a Standard <->
 * Express switch, and a change of the client subnets, security groups or volume key (which would replace it).
 */
const LIVE_GUARD = 'Custom::MskBrokerVolumeSize';
/** The deploy-time guard of a serverless cluster: refuses any change of its (create-only) settings against the live cluster. */
const SERVERLESS_GUARD = 'Custom::MskServerlessClusterGuard';

/**
 * A new clusterName replaces the cluster, and the new one starts empty (the old one is retained with its data).
 * No ClusterNameFixed warning: the change is the rename itself, and the deployed name is unknown at synth. A name
 * you give is no riskier than the default one, which is derived from the construct path and just as fixed: a
 * replacing change that keeps either name fails at deployment before the old cluster is touched ("CloudFormation
 * cannot update a stack when a custom-named resource requires replacing": AWS Knowledge Center,
 * "cloudformation-custom-name"; CloudFormation user guide, "Name type"), which protects its data, so a warning on
 * every named cluster would only trade one fixed name for another. README "Default settings" says that changing
 * the name replaces the cluster.
 */
const CLUSTER_NAME_DOC = '"Default settings", clusterName';

export const CLUSTER_ROWS: readonly MatrixRow[] = [
  // ProvisionedCluster
  row('ProvisionedCluster', 'clusterName', DEFAULT, NAMED,
    { outcome: 'unguarded', documented: CLUSTER_NAME_DOC, replaces: CLUSTER_REPLACED }),
  // Create-only: the deploy-time lookup compares them with the live cluster of the same name and fails the
  // replacement before it starts (a new clusterName in the same deployment lets it through, deliberately).
  row('ProvisionedCluster', 'vpc', DEFAULT, provisioned('another VPC', (_s, env) => ({ vpc: env.otherVpc })),
    { outcome: 'guarded', guard: LIVE_GUARD, replaces: ['AWS::EC2::SecurityGroup', ...CLUSTER_REPLACED] }),
  row('ProvisionedCluster', 'vpcSubnets', DEFAULT, provisioned('public subnets', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })),
    { outcome: 'guarded', guard: LIVE_GUARD, replaces: CLUSTER_REPLACED }),
  row('ProvisionedCluster', 'securityGroups', DEFAULT,
    provisioned('a security group of your own', (s, env) => ({ securityGroups: [new ec2.SecurityGroup(s, 'Own', { vpc: env.vpc })] })),
    { outcome: 'guarded', guard: LIVE_GUARD, replaces: CLUSTER_REPLACED }),
  row('ProvisionedCluster', 'encryptionKey', DEFAULT,
    provisioned('a key of your own', (s) => ({ encryptionKey: new kms.Key(s, 'Own', { enableKeyRotation: true }) })),
    { outcome: 'guarded', guard: LIVE_GUARD, replaces: CLUSTER_REPLACED }),
  row('ProvisionedCluster', 'brokersPerAz', DEFAULT, provisioned('2', () => ({ brokersPerAz: 2 })), { outcome: 'safe' }),
  // The configuration's name and KafkaVersionsList follow the version: a new one replaces it, and CloudFormation
  // deletes the old one after the cluster has moved to the new one.
  row('ProvisionedCluster', 'kafkaVersion', ZOOKEEPER_38, ZOOKEEPER_39, { outcome: 'safe', replaces: ['AWS::MSK::Configuration'] }),
  row('ProvisionedCluster', 'kafkaVersion', ZOOKEEPER_39, provisioned('KafkaVersion.V3_9_X_KRAFT (default)'),
    { outcome: 'safe', replaces: ['AWS::MSK::Configuration'] }),
  // Refused by MSK, which no synthesis can see; the deploy-time lookup compares with the live cluster and fails first.
  row('ProvisionedCluster', 'kafkaVersion', ZOOKEEPER_39, ZOOKEEPER_38,
    { outcome: 'guarded', guard: LIVE_GUARD, documented: KAFKA_VERSION, replaces: ['AWS::MSK::Configuration'] }),
  row('ProvisionedCluster', 'kafkaVersion', ZOOKEEPER_38, provisioned('KafkaVersion.V3_9_X_KRAFT (default)'),
    { outcome: 'guarded', guard: LIVE_GUARD, documented: KAFKA_VERSION, replaces: ['AWS::MSK::Configuration'] }),
  row('ProvisionedCluster', 'instanceType', DEFAULT, provisioned('kafka.m7g.xlarge', () => ({ instanceType: BrokerInstanceType.KAFKA_M7G_XLARGE })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'instanceType', DEFAULT, provisioned('express.m7g.large', () => ({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE })),
    { outcome: 'guarded', guard: LIVE_GUARD, documented: NO_FAMILY_SWITCH }),
  row('ProvisionedCluster', 'sizing', SIZED_RF2, sized('re-planned for RF 3 (Express, cheapest at an assumed storage price)', { replicationFactor: 3, prices: { expressStorageGBMonthUsd: 0.01 } }),
    { outcome: 'warns', warning: 'SizingFamilyNotPinned', names: 'Express' }),
  row('ProvisionedCluster', 'sizing', SIZED_STANDARD, sized('pinned Standard, 4x ingress', { brokerFamily: SizingBrokerFamily.STANDARD, ingressMBps: 80 }),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'sizing', SIZED_STANDARD, sized('pinned Standard, 24 h retention', { brokerFamily: SizingBrokerFamily.STANDARD, retentionHours: 24 }),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'sizing', SIZED_STANDARD, sized('re-planned with current: Standard at 4x ingress, where Express is cheaper', {
    ingressMBps: 80, current: { brokerFamily: SizingBrokerFamily.STANDARD }, prices: { expressStorageGBMonthUsd: 0.01 },
  }), { outcome: 'safe' }),
  row('ProvisionedCluster', 'sizing', SIZED_STANDARD, sized('re-planned to tiered storage (cheapest at an assumed tiered price)', {
    brokerFamily: SizingBrokerFamily.STANDARD, prices: { tieredStorageGBMonthUsd: 0.01 },
  }), { outcome: 'safe' }),
  row('ProvisionedCluster', 'storage.volumeSize', VOLUME_1000, provisioned('volumeSize: 1100 GiB', () => ({ storage: { volumeSize: Size.gibibytes(1100) } })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'storage.volumeSize', VOLUME_1000, provisioned('volumeSize: 500 GiB', () => ({ storage: { volumeSize: Size.gibibytes(500) } })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'storage.maxVolumeSize', DEFAULT, provisioned('maxVolumeSize: 4000 GiB', () => ({ storage: { maxVolumeSize: Size.gibibytes(4000) } })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'storage.targetUtilization', DEFAULT, provisioned('targetUtilization: 70', () => ({ storage: { targetUtilization: 70 } })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'storage.tieredStorage', DEFAULT, provisioned('tieredStorage: true', () => ({ storage: { tieredStorage: true } })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'storage.provisionedThroughputMiBps',
    provisioned('kafka.m7g.4xlarge', () => ({ instanceType: BrokerInstanceType.KAFKA_M7G_4XLARGE })),
    provisioned('kafka.m7g.4xlarge, 250 MiB/s', () => ({ instanceType: BrokerInstanceType.KAFKA_M7G_4XLARGE, storage: { provisionedThroughputMiBps: 250 } })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'serverProperties', DEFAULT, provisioned("'auto.create.topics.enable': 'true'", () => ({ serverProperties: { 'auto.create.topics.enable': 'true' } })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'clientAuthentication', DEFAULT, provisioned('IAM and SASL/SCRAM', () => ({ clientAuthentication: ClientAuthentication.of({ iam: true, scram: true }) })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'monitoringLevel', DEFAULT, provisioned('PER_TOPIC_PER_PARTITION', () => ({ monitoringLevel: MonitoringLevel.PER_TOPIC_PER_PARTITION })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'authorizerLogs', DEFAULT, provisioned('true', () => ({ authorizerLogs: true })), { outcome: 'safe' }),
  row('ProvisionedCluster', 'brokerLogs', DEFAULT, provisioned('BrokerLogs.cloudWatch()', () => ({ brokerLogs: BrokerLogs.cloudWatch() })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'multiVpcConnectivity', DEFAULT, provisioned('{ iam: true }', () => ({ multiVpcConnectivity: { iam: true } })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'publicAccess', provisioned('public subnets', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })),
    provisioned('public subnets, publicAccess: true', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, publicAccess: true })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'zookeeperClientAccess', ZOOKEEPER_39,
    provisioned('KafkaVersion.V3_9_X, zookeeperClientAccess: true', () => ({ kafkaVersion: KafkaVersion.V3_9_X, zookeeperClientAccess: true })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'openMonitoring', DEFAULT, provisioned('{ jmxExporter: true }', () => ({ openMonitoring: { jmxExporter: true } })),
    { outcome: 'safe' }),
  // Intelligent rebalancing (Express only): CloudFormation "AWS::MSK::Cluster Rebalancing", update with no interruption.
  row('ProvisionedCluster', 'rebalancing', EXPRESS, EXPRESS_REBALANCING, { outcome: 'safe' }),
  row('ProvisionedCluster', 'rebalancing', EXPRESS_REBALANCING,
    provisioned('express.m7g.large, rebalancing: false', () => ({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, rebalancing: false })),
    { outcome: 'safe' }),
  row('ProvisionedCluster', 'alarms', DEFAULT, provisioned('{ enabled: false }', () => ({ alarms: { enabled: false } })), { outcome: 'safe' }),
  row('ProvisionedCluster', 'dashboard', DEFAULT, provisioned('false', () => ({ dashboard: false })), { outcome: 'safe' }),
  row('ProvisionedCluster', 'removalPolicy', DEFAULT, provisioned('DESTROY', () => ({ removalPolicy: RemovalPolicy.DESTROY })), { outcome: 'safe' }),
  // Removing the construct: the retained cluster still uses its configuration, so that must stay too.
  row('ProvisionedCluster', '(removed from the app)', DEFAULT, { label: 'nothing', build: () => undefined }, { outcome: 'safe' }),

  // ServerlessCluster
  row('ServerlessCluster', 'clusterName', SERVERLESS, serverless("'events'", () => ({ clusterName: 'events' })),
    { outcome: 'unguarded', documented: CLUSTER_NAME_DOC, replaces: ['AWS::MSK::ServerlessCluster'] }),
  row('ServerlessCluster', 'vpc', SERVERLESS, serverless('another VPC', (_s, env) => ({ vpc: env.otherVpc })),
    { outcome: 'guarded', guard: SERVERLESS_GUARD, replaces: ['AWS::EC2::SecurityGroup', 'AWS::MSK::ServerlessCluster'] }),
  row('ServerlessCluster', 'securityGroups', SERVERLESS,
    serverless('a security group of your own', (s, env) => ({ securityGroups: [new ec2.SecurityGroup(s, 'Own', { vpc: env.vpc })] })),
    { outcome: 'guarded', guard: SERVERLESS_GUARD, replaces: ['AWS::MSK::ServerlessCluster'] }),
  row('ServerlessCluster', 'vpcSubnets', SERVERLESS, serverless('public subnets', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })),
    { outcome: 'guarded', guard: SERVERLESS_GUARD, replaces: ['AWS::MSK::ServerlessCluster'] }),
  row('ServerlessCluster', 'additionalVpcs', SERVERLESS, serverless('one more VPC', (_s, env) => ({ additionalVpcs: [{ vpc: env.otherVpc }] })),
    { outcome: 'guarded', guard: SERVERLESS_GUARD, replaces: ['AWS::MSK::ServerlessCluster'] }),
  row('ServerlessCluster', 'tags', SERVERLESS, serverless("{ team: 'payments' }", () => ({ tags: { team: 'payments' } })),
    { outcome: 'guarded', guard: SERVERLESS_GUARD, replaces: ['AWS::MSK::ServerlessCluster'] }),
  row('ServerlessCluster', 'Tags.of(app)', SERVERLESS, serverless("Tags.of(stack).add('team', 'payments')", () => ({}), (c) => Tags.of(Stack.of(c)).add('team', 'payments')),
    { outcome: 'warns', warning: 'ServerlessTagsIgnored', names: 'team' }),
  row('ServerlessCluster', 'alarms', SERVERLESS_ALARMS, serverless("{ actions: [] }, addThroughputAlarms(['orders'])", () => ({ alarms: { actions: [] } }),
    (c) => c.addThroughputAlarms(['orders'])), { outcome: 'safe' }),
  row('ServerlessCluster', 'dashboard', SERVERLESS, serverless('false', () => ({ dashboard: false })), { outcome: 'safe' }),
  row('ServerlessCluster', 'removalPolicy', SERVERLESS, serverless('DESTROY', () => ({ removalPolicy: RemovalPolicy.DESTROY })), { outcome: 'safe' }),

  // addTopic
  row('addTopic', 'partitions', TOPIC, withTopic('partitions: 12', { partitions: 12 }), { outcome: 'safe' }),
  row('addTopic', 'partitions', TOPIC, withTopic('partitions: 3', { partitions: 3 }), { outcome: 'guarded', guard: UPDATE_GUARD }),
  row('addTopic', 'topicName', TOPIC, withTopic("topicName: 'payments'", { topicName: 'payments' }),
    { outcome: 'guarded', guard: UPDATE_GUARD, replaces: ['AWS::MSK::Topic'] }),
  // The same name in the same cluster: the new topic cannot be created while the old one exists.
  row('addTopic', 'replicationFactor', TOPIC, withTopic('replicationFactor: 2', { replicationFactor: 2 }),
    { outcome: 'guarded', guard: UPDATE_GUARD, replaces: ['AWS::MSK::Topic'] }),
  row('addTopic', 'configs', TOPIC, withTopic("'retention.ms': '86400000'", { configs: { 'retention.ms': String(Duration.days(1).toMilliseconds()) } }),
    { outcome: 'safe' }),
  row('addTopic', 'removalPolicy', TOPIC, withTopic('DESTROY', { removalPolicy: RemovalPolicy.DESTROY }), { outcome: 'safe' }),

  // ScramUsers
  row('addScramUser', 'username', SCRAM_ALICE, withScramUser("addScramUser('alice'), addScramUser('bob')", [['alice', {}], ['bob', {}]]),
    { outcome: 'safe' }),
  row('addScramUser', 'secretName', SCRAM_ALICE, withScramUser("secretName: 'AmazonMSK_alice'", [['alice', { secretName: 'AmazonMSK_alice' }]]),
    { outcome: 'guarded', guard: UPDATE_GUARD, replaces: ['AWS::SecretsManager::Secret'] }),
  row('addScramUser', 'removalPolicy', SCRAM_ALICE, withScramUser('DESTROY', [['alice', { removalPolicy: RemovalPolicy.DESTROY }]]), { outcome: 'safe' }),

  // Kafka ACLs (README, "Kafka ACLs"): adding, changing and removing grants touches no data.
  row('kafkaAcls', 'grants', SCRAM_ALICE, ACLS_ORDERS, { outcome: 'safe' }),
  row('kafkaAcls', 'grants', ACLS_ORDERS, withAcls("alice.grantConsume('payments', 'billing-v2')", (alice) => alice.grantConsume('payments', 'billing-v2')),
    { outcome: 'safe' }),
  row('kafkaAcls', 'grants', ACLS_ORDERS, withAcls('no grants', () => undefined), { outcome: 'safe' }),
  row('kafkaAcls', 'serverProperties', ACLS_ORDERS, withAcls("'allow.everyone.if.no.acl.found': 'false'", (alice) => alice.grantConsume('orders', 'billing'), DENY_BY_DEFAULT),
    { outcome: 'safe' }),

  // ClusterPolicy
  row('ClusterPolicy', 'policyDocument', POLICY, clusterPolicy('two accounts', CLUSTER_ARN, ['222222222222', '333333333333']), { outcome: 'safe' }),
  row('ClusterPolicy', 'clusterArn', POLICY, clusterPolicy('another cluster', CLUSTER_ARN.replace('events', 'orders'), ['222222222222']),
    { outcome: 'safe', replaces: ['AWS::MSK::ClusterPolicy'] }),

  // ClusterVpcConnection
  row('ClusterVpcConnection', 'targetClusterArn', CONNECTION, vpcConnection('another cluster', () => ({ targetClusterArn: CLUSTER_ARN.replace('events', 'orders') })),
    { outcome: 'safe', replaces: ['AWS::MSK::VpcConnection'] }),
  row('ClusterVpcConnection', 'vpc', CONNECTION, vpcConnection('another VPC', (_s, env) => ({ vpc: env.otherVpc })),
    { outcome: 'safe', replaces: ['AWS::EC2::SecurityGroup', 'AWS::MSK::VpcConnection'] }),
  row('ClusterVpcConnection', 'vpcSubnets', CONNECTION, vpcConnection('public subnets', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })),
    { outcome: 'safe', replaces: ['AWS::MSK::VpcConnection'] }),
  row('ClusterVpcConnection', 'securityGroups', CONNECTION,
    vpcConnection('a security group of your own', (s, env) => ({ securityGroups: [new ec2.SecurityGroup(s, 'Own', { vpc: env.vpc })] })),
    { outcome: 'safe', replaces: ['AWS::MSK::VpcConnection'] }),
  row('ClusterVpcConnection', 'authentication', CONNECTION, vpcConnection('SASL/SCRAM', () => ({ authentication: VpcConnectionAuthentication.SCRAM })),
    { outcome: 'safe', replaces: ['AWS::MSK::VpcConnection'] }),
];

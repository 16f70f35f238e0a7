/**
 * Random but well-typed prop sets for ProvisionedCluster and ServerlessCluster, as plain-data "recipes"
 * (readable when fast-check prints a counterexample) plus the code that turns a recipe into props
 * inside a scope. Used by cluster-props.test.ts.
 *
 * Generators lean towards valid values (weights) so that a good share of recipes reaches synthesis,
 * while every library rule still gets inputs that break it.
 */
import {
  RemovalPolicy,
  Size,
  Stack,
  aws_acmpca as acmpca,
  aws_ec2 as ec2,
  aws_kinesisfirehose as firehose,
  aws_kms as kms,
  aws_logs as logs,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  BrokerInstanceType,
  BrokerLogs,
  ClientAuthentication,
  ClusterSizing,
  KafkaVersion,
  MonitoringLevel,
  ProvisionedClusterProps,
  ServerlessClusterProps,
  SizingInput,
} from '../../src';

// ---------------------------------------------------------------------------------------------
// Shared VPCs: one set per App, reused by every recipe in it.

/** Keys of the VPCs every fuzz stack has. */
export type VpcKey = 'az3' | 'az2' | 'az4' | 'public3';

/** The VPCs of one fuzz stack, by key. */
export type VpcPool = Record<VpcKey, ec2.IVpc>;

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'];

/**
 * The VPCs of a fuzz stack, imported so that they add no resources (the wall's cost grows with the
 * template): isolated subnets over 3 and 2 AZs, private subnets with egress over 4 AZs, and public
 * subnets only over 3 AZs (for publicAccess).
 */
export function vpcPool(stack: Stack): VpcPool {
  const ids = (vpc: number, n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-0${vpc}${i}${'0'.repeat(14)}`);
  const vpc = (id: string, n: number, azs: number, type: 'isolated' | 'private' | 'public') => ec2.Vpc.fromVpcAttributes(stack, id, {
    vpcId: `vpc-0${n}${'0'.repeat(15)}`,
    vpcCidrBlock: `10.${n}.0.0/16`,
    availabilityZones: AZS.slice(0, azs),
    [`${type}SubnetIds`]: ids(n, azs, 'subnet'),
    [`${type}SubnetRouteTableIds`]: ids(n, azs, 'rtb'),
  });
  return { az3: vpc('Az3', 1, 3, 'isolated'), az2: vpc('Az2', 2, 2, 'isolated'), az4: vpc('Az4', 3, 4, 'private'), public3: vpc('Public3', 4, 3, 'public') };
}

// ---------------------------------------------------------------------------------------------
// Recipes.

/** How broker subnets are chosen. */
export type SubnetChoice =
  | 'default'
  | 'onePerAz'
  | 'firstAz'
  | 'firstTwoAzs'
  | 'publicType'
  | 'importedSameAz'
  | 'importedThree';

export interface AuthRecipe {
  readonly iam?: boolean;
  readonly scram?: boolean;
  /** Number of certificate authorities for mutual TLS (0 = mutual TLS on without a CA); undefined = off. */
  readonly tlsCas?: number;
}

export interface StorageRecipe {
  readonly volumeGiB?: number;
  readonly maxVolumeGiB?: number;
  readonly targetUtilization?: number;
  readonly throughputMiBps?: number;
  readonly tiered?: boolean;
}

export type LogDestinationRecipe =
  | 's3'
  | 's3Prefix'
  | 's3Imported'
  | 'cloudWatch'
  | 'cloudWatchRetention'
  | 'cloudWatchNoPolicy'
  | 'cloudWatchImported'
  | 'cloudWatchImportedRetention'
  | 'firehoseImported';

export interface AlarmsRecipe {
  readonly enabled?: boolean;
  readonly noActions?: boolean;
  readonly thresholds?: {
    readonly cpuPercent?: number;
    readonly diskUsedPercent?: number;
    readonly heapMemoryPercent?: number;
    readonly connectionCount?: number;
    readonly cpuCreditBalance?: number;
    readonly throughputPercentOfQuota?: number;
  };
}

export type RemovalPolicyName = 'RETAIN' | 'DESTROY' | 'SNAPSHOT' | 'RETAIN_ON_UPDATE_OR_DELETE';

export interface ProvisionedRecipe {
  readonly kind: 'provisioned';
  readonly vpc: VpcKey;
  readonly subnets: SubnetChoice;
  readonly brokersPerAz?: number;
  /** A KafkaVersion constant's version string, or any string for KafkaVersion.of(). */
  readonly kafkaVersion?: string;
  readonly instanceType?: string;
  readonly sizing?: SizingInput;
  readonly ownKey: boolean;
  readonly auth?: AuthRecipe;
  readonly securityGroups?: number;
  readonly storage?: StorageRecipe;
  readonly serverProperties?: Record<string, string>;
  readonly monitoringLevel?: MonitoringLevel;
  /** One destination: BrokerLogs.x(); several (or none): BrokerLogs.combine(...). */
  readonly brokerLogs?: LogDestinationRecipe[];
  readonly multiVpc?: { readonly iam?: boolean; readonly scram?: boolean; readonly tls?: boolean };
  readonly publicAccess?: boolean;
  readonly zookeeperClientAccess?: boolean;
  readonly openMonitoring?: { readonly jmxExporter?: boolean; readonly nodeExporter?: boolean };
  readonly alarms?: AlarmsRecipe;
  readonly dashboard?: boolean;
  readonly clusterName?: string;
  readonly removalPolicy?: RemovalPolicyName;
  /** Read cluster.bootstrapBrokers (creates the custom resource and its provider). */
  readonly readBrokers: boolean;
}

export interface ServerlessVpcRecipe {
  readonly vpc: VpcKey;
  readonly subnets: SubnetChoice;
  readonly securityGroups?: number;
}

export interface ServerlessRecipe {
  readonly kind: 'serverless';
  readonly vpc: VpcKey;
  readonly subnets: SubnetChoice;
  readonly securityGroups?: number;
  readonly additionalVpcs?: ServerlessVpcRecipe[];
  readonly clusterName?: string;
  readonly removalPolicy?: RemovalPolicyName;
  readonly alarms?: AlarmsRecipe;
  readonly dashboard?: boolean;
  readonly tags?: Record<string, string>;
  readonly readBrokers: boolean;
}

export type ClusterRecipe = ProvisionedRecipe | ServerlessRecipe;

// ---------------------------------------------------------------------------------------------
// Arbitraries. Each recipe is drawn "clean" (only values that are valid on their own, so invalid
// recipes come from combinations) or "dirty" (each value is sometimes invalid on its own).

/** `valid` when clean; when dirty, `valid` most of the time and `invalid` sometimes. */
function mostly<T>(dirty: boolean, valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>, validWeight = 4): fc.Arbitrary<T> {
  return dirty ? fc.oneof({ arbitrary: valid, weight: validWeight }, { arbitrary: invalid, weight: 1 }) : valid;
}

/** A value from `arb` 1 time in `oneIn`, else undefined (the default). */
function maybe<T>(arb: fc.Arbitrary<T>, oneIn = 2): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary: arb, weight: 1 });
}

const KAFKA_VERSIONS = [
  KafkaVersion.V3_6_0, KafkaVersion.V3_7_X, KafkaVersion.V3_7_X_KRAFT, KafkaVersion.V3_8_X, KafkaVersion.V3_8_X_KRAFT,
  KafkaVersion.V3_9_X, KafkaVersion.V3_9_X_KRAFT, KafkaVersion.V4_0_X_KRAFT, KafkaVersion.V4_1_X_KRAFT, KafkaVersion.V4_2_X_KRAFT,
].map((v) => v.version);
/** Version strings KafkaVersion.of() accepts that are old, odd or unknown. */
const ODD_KAFKA_VERSIONS = ['2.6.0', '2.7.1', '2.8.1', '2.8.2.tiered', '3.5.1', '5.0.x.kraft', 'latest'];

const STANDARD_TYPES = [
  BrokerInstanceType.KAFKA_M5_LARGE, BrokerInstanceType.KAFKA_M5_4XLARGE, BrokerInstanceType.KAFKA_M5_24XLARGE,
  BrokerInstanceType.KAFKA_M7G_LARGE, BrokerInstanceType.KAFKA_M7G_2XLARGE, BrokerInstanceType.KAFKA_M7G_16XLARGE,
].map((t) => t.instanceType).concat(['kafka.m5.xlarge', 'kafka.m7g.xlarge']);
const OTHER_TYPES = [BrokerInstanceType.KAFKA_T3_SMALL, BrokerInstanceType.EXPRESS_M7G_LARGE, BrokerInstanceType.EXPRESS_M7G_4XLARGE]
  .map((t) => t.instanceType);

const subnetChoice = (dirty: boolean): fc.Arbitrary<SubnetChoice> => mostly(dirty,
  fc.constantFrom<SubnetChoice>('default', 'default', 'onePerAz', 'firstTwoAzs', 'importedThree'),
  fc.constantFrom<SubnetChoice>('firstAz', 'importedSameAz', 'publicType'),
);

const vpcKey: fc.Arbitrary<VpcKey> = fc.constantFrom<VpcKey>('az3', 'az3', 'az2', 'az4', 'public3');

const count = (dirty: boolean, validMax: number, invalidMax: number) =>
  mostly(dirty, fc.integer({ min: 1, max: validMax }), fc.constantFrom(0, invalidMax));

const authRecipe = (dirty: boolean): fc.Arbitrary<AuthRecipe> => fc.record(
  { iam: fc.boolean(), scram: fc.boolean(), tlsCas: mostly(dirty, fc.integer({ min: 1, max: 2 }), fc.constant(0)) },
  { requiredKeys: [] },
);

const storageRecipe = (dirty: boolean): fc.Arbitrary<StorageRecipe> => fc.record({
  volumeGiB: mostly(dirty, fc.integer({ min: 10, max: 16384 }), fc.constantFrom(0, 16385, 2.5)),
  maxVolumeGiB: mostly(dirty, fc.constant(16384), fc.constantFrom(0, 20000)),
  targetUtilization: mostly(dirty, fc.integer({ min: 10, max: 80 }), fc.constantFrom(5, 81, 100)),
  throughputMiBps: maybe(mostly(dirty, fc.integer({ min: 250, max: 312 }), fc.constantFrom(0, 100, 5000)), 4),
  tiered: fc.boolean(),
}, { requiredKeys: [] });

/** Property names: valid Kafka names, or (dirty) names with spaces, '=' or nothing. */
const propertyKey = (dirty: boolean) => mostly(dirty,
  fc.constantFrom(
    'auto.create.topics.enable', 'log.retention.hours', 'num.partitions', 'min.insync.replicas',
    'default.replication.factor', 'unclean.leader.election.enable', 'allow.everyone.if.no.acl.found',
    'message.max.bytes', 'compression.type',
  ),
  fc.oneof(fc.constantFrom('bad key', 'a=b', '', '.hidden', 'ümlaut', '__proto__'), fc.string({ maxLength: 12 })),
);
const propertyValue = (dirty: boolean) => mostly(dirty,
  fc.constantFrom('true', 'false', '1', '2', '3', '168', 'zstd', '1048588'),
  fc.oneof(fc.constantFrom('two\nlines', 'cr\rvalue', '', ' '), fc.string({ maxLength: 12 })),
);

const ONE_OF_EACH_KIND: readonly LogDestinationRecipe[][] = [
  ['s3', 's3Prefix', 's3Imported'],
  ['cloudWatch', 'cloudWatchNoPolicy', 'cloudWatchImported'],
  ['firehoseImported'],
];
const ALL_DESTINATIONS: readonly LogDestinationRecipe[] = [...ONE_OF_EACH_KIND.flat(), 'cloudWatchRetention', 'cloudWatchImportedRetention'];

/** Clean: 1 to 3 destinations of distinct kinds. Dirty: 0 to 3 of any kind, any options. */
const brokerLogsRecipe = (dirty: boolean): fc.Arbitrary<LogDestinationRecipe[]> => dirty
  ? fc.array(fc.constantFrom(...ALL_DESTINATIONS), { maxLength: 3 })
  : fc.tuple(...ONE_OF_EACH_KIND.map((kind) => fc.option(fc.constantFrom(...kind), { nil: undefined })))
    .map((picked) => picked.filter((d): d is LogDestinationRecipe => d !== undefined))
    .filter((picked) => picked.length > 0);

const threshold = (dirty: boolean) => mostly(dirty, fc.integer({ min: 1, max: 5000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
const alarmsRecipe = (dirty: boolean): fc.Arbitrary<AlarmsRecipe> => fc.record({
  enabled: fc.boolean(),
  noActions: fc.boolean(),
  thresholds: fc.record({
    cpuPercent: threshold(dirty),
    diskUsedPercent: threshold(dirty),
    heapMemoryPercent: threshold(dirty),
    connectionCount: threshold(dirty),
    cpuCreditBalance: threshold(dirty),
    throughputPercentOfQuota: threshold(dirty),
  }, { requiredKeys: [] }),
}, { requiredKeys: [] });

/** Cluster names: valid MSK names, or (dirty) empty, too long or with bad characters. */
const clusterName = (dirty: boolean) => mostly(dirty,
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,20}$/),
  fc.oneof(fc.constantFrom('', '-leading', 'has_underscore', 'has space', 'x'.repeat(65)), fc.string({ maxLength: 70 })),
);

const removalPolicy = (dirty: boolean) => mostly(dirty,
  fc.constantFrom<RemovalPolicyName>('RETAIN', 'DESTROY', 'RETAIN_ON_UPDATE_OR_DELETE'),
  fc.constant<RemovalPolicyName>('SNAPSHOT'));

/** Workloads small enough for a few brokers each: every broker adds alarms, and the wall's cost grows with the template. */
const sizingInput: fc.Arbitrary<SizingInput> = fc.record({
  ingressMBps: fc.integer({ min: 1, max: 150 }),
  egressMBps: fc.integer({ min: 0, max: 300 }),
  retentionHours: fc.integer({ min: 1, max: 24 * 30 }),
  partitions: fc.integer({ min: 1, max: 3000 }),
  replicationFactor: fc.constantFrom(2, 3),
  azCount: fc.constantFrom(2, 3),
  allowExpress: fc.boolean(),
}, { requiredKeys: ['ingressMBps', 'egressMBps', 'retentionHours', 'partitions'] });

const provisioned = (dirty: boolean): fc.Arbitrary<ProvisionedRecipe> => fc.record({
  kind: fc.constant('provisioned' as const),
  vpc: vpcKey,
  subnets: subnetChoice(dirty),
  brokersPerAz: maybe(mostly(dirty, fc.integer({ min: 1, max: 2 }), fc.constantFrom(0, -1, 1.5))),
  kafkaVersion: maybe(mostly(dirty, fc.constantFrom(...KAFKA_VERSIONS), fc.constantFrom(...ODD_KAFKA_VERSIONS))),
  instanceType: maybe(fc.oneof(
    { arbitrary: fc.constantFrom(...STANDARD_TYPES), weight: 4 },
    { arbitrary: fc.constantFrom(...OTHER_TYPES), weight: 1 },
  )),
  sizing: maybe(sizingInput, 5),
  ownKey: fc.boolean(),
  auth: maybe(authRecipe(dirty)),
  securityGroups: maybe(count(dirty, 5, 6)),
  storage: maybe(storageRecipe(dirty), 3),
  serverProperties: maybe(fc.dictionary(propertyKey(dirty), propertyValue(dirty), { maxKeys: 4 })),
  monitoringLevel: maybe(fc.constantFrom(...Object.values(MonitoringLevel))),
  brokerLogs: maybe(brokerLogsRecipe(dirty)),
  multiVpc: maybe(fc.record({ iam: fc.boolean(), scram: fc.boolean(), tls: fc.boolean() }, { requiredKeys: [] }), 6),
  publicAccess: maybe(fc.boolean(), 6),
  zookeeperClientAccess: maybe(fc.boolean(), 6),
  openMonitoring: maybe(fc.record({ jmxExporter: fc.boolean(), nodeExporter: fc.boolean() }, { requiredKeys: [] })),
  alarms: maybe(alarmsRecipe(dirty)),
  dashboard: maybe(fc.boolean()),
  clusterName: maybe(clusterName(dirty)),
  removalPolicy: maybe(removalPolicy(dirty)),
  readBrokers: fc.boolean(),
}, { requiredKeys: ['kind', 'vpc', 'subnets', 'ownKey', 'readBrokers'] });

/** ProvisionedCluster recipes, clean 2 times in 3. */
export const provisionedRecipe: fc.Arbitrary<ProvisionedRecipe> = fc.oneof(
  { arbitrary: provisioned(false), weight: 2 }, { arbitrary: provisioned(true), weight: 1 });

/** Tag keys and values: plain, or (dirty) characters or lengths CloudFormation refuses. */
const tagText = (dirty: boolean, maxLength: number) => mostly(dirty,
  fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{1,20}$/),
  fc.oneof(fc.constantFrom('', 'aws:reserved', 'x'.repeat(maxLength + 1), 'emoji 🚀', 'semi;colon'), fc.string({ maxLength: 30 })),
);

const serverlessVpcRecipe = (dirty: boolean): fc.Arbitrary<ServerlessVpcRecipe> => fc.record({
  vpc: vpcKey,
  subnets: subnetChoice(dirty),
  securityGroups: maybe(count(dirty, 5, 6)),
}, { requiredKeys: ['vpc', 'subnets'] });

const serverless = (dirty: boolean): fc.Arbitrary<ServerlessRecipe> => fc.record({
  kind: fc.constant('serverless' as const),
  vpc: vpcKey,
  subnets: subnetChoice(dirty),
  securityGroups: maybe(count(dirty, 5, 6)),
  additionalVpcs: maybe(mostly(dirty,
    fc.array(serverlessVpcRecipe(dirty), { maxLength: 2 }),
    fc.array(serverlessVpcRecipe(dirty), { minLength: 3, maxLength: 5 }))),
  clusterName: maybe(clusterName(dirty)),
  removalPolicy: maybe(removalPolicy(dirty)),
  alarms: maybe(alarmsRecipe(dirty)),
  dashboard: maybe(fc.boolean()),
  tags: maybe(fc.dictionary(tagText(dirty, 128), tagText(dirty, 256), { maxKeys: 3 })),
  readBrokers: fc.boolean(),
}, { requiredKeys: ['kind', 'vpc', 'subnets', 'readBrokers'] });

/** ServerlessCluster recipes, clean 2 times in 3. */
export const serverlessRecipe: fc.Arbitrary<ServerlessRecipe> = fc.oneof(
  { arbitrary: serverless(false), weight: 2 }, { arbitrary: serverless(true), weight: 1 });

// ---------------------------------------------------------------------------------------------
// Building props from a recipe. Every construct a recipe needs is created inside `scope`, so a
// failed case can be removed from the tree as a whole.

function subnetSelection(scope: Construct, id: string, vpc: ec2.IVpc, choice: SubnetChoice): ec2.SubnetSelection | undefined {
  const azs = [...new Set(vpc.selectSubnets({ subnetType: anySubnetType(vpc) }).subnets.map((s) => s.availabilityZone))];
  const imported = (n: number, sameAz: boolean) => Array.from({ length: n }, (_, i) => ec2.Subnet.fromSubnetAttributes(scope, `${id}Subnet${i}`, {
    subnetId: `subnet-0${i}${'0'.repeat(15)}`.slice(0, 24),
    availabilityZone: sameAz ? AZS[0] : AZS[i],
  }));
  switch (choice) {
    case 'default': return undefined;
    case 'onePerAz': return { onePerAz: true, subnetType: anySubnetType(vpc) };
    case 'firstAz': return { availabilityZones: azs.slice(0, 1), subnetType: anySubnetType(vpc) };
    case 'firstTwoAzs': return { availabilityZones: azs.slice(0, 2), subnetType: anySubnetType(vpc) };
    case 'publicType': return { subnetType: ec2.SubnetType.PUBLIC };
    case 'importedSameAz': return { subnets: imported(2, true) };
    case 'importedThree': return { subnets: imported(3, false) };
  }
}

/** The subnet type the VPC has (the pool's VPCs have one type each). */
function anySubnetType(vpc: ec2.IVpc): ec2.SubnetType {
  if (vpc.isolatedSubnets.length > 0) {
    return ec2.SubnetType.PRIVATE_ISOLATED;
  }
  return vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC;
}

function securityGroups(scope: Construct, id: string, vpc: ec2.IVpc, n: number | undefined): ec2.ISecurityGroup[] | undefined {
  if (n === undefined) {
    return undefined;
  }
  return Array.from({ length: n }, (_, i) => new ec2.SecurityGroup(scope, `${id}Sg${i}`, { vpc, allowAllOutbound: false, description: `fuzz ${i}` }));
}

function removal(name: RemovalPolicyName | undefined): RemovalPolicy | undefined {
  return name === undefined ? undefined : RemovalPolicy[name];
}

function alarms(recipe: AlarmsRecipe | undefined) {
  if (!recipe) {
    return undefined;
  }
  return { enabled: recipe.enabled, actions: recipe.noActions ? [] : undefined, thresholds: recipe.thresholds };
}

function brokerLogs(scope: Construct, destinations: LogDestinationRecipe[] | undefined): BrokerLogs | undefined {
  if (destinations === undefined) {
    return undefined;
  }
  const one = (d: LogDestinationRecipe, i: number): BrokerLogs => {
    switch (d) {
      case 's3': return BrokerLogs.s3();
      case 's3Prefix': return BrokerLogs.s3({ prefix: 'msk/logs/' });
      case 's3Imported': return BrokerLogs.s3({ bucket: s3.Bucket.fromBucketName(scope, `LogBucket${i}`, 'fuzz-broker-logs') });
      case 'cloudWatch': return BrokerLogs.cloudWatch();
      case 'cloudWatchRetention': return BrokerLogs.cloudWatch({ retention: logs.RetentionDays.ONE_MONTH });
      case 'cloudWatchNoPolicy': return BrokerLogs.cloudWatch({ addDeliveryPolicy: false });
      case 'cloudWatchImported': return BrokerLogs.cloudWatch({ logGroup: logs.LogGroup.fromLogGroupName(scope, `LogGroup${i}`, 'fuzz-broker-logs') });
      case 'cloudWatchImportedRetention': return BrokerLogs.cloudWatch({
        logGroup: logs.LogGroup.fromLogGroupName(scope, `LogGroup${i}`, 'fuzz-broker-logs'),
        retention: logs.RetentionDays.ONE_WEEK,
      });
      case 'firehoseImported': return BrokerLogs.firehose(firehose.DeliveryStream.fromDeliveryStreamName(scope, `Stream${i}`, 'fuzz-broker-logs'));
    }
  };
  return destinations.length === 1 ? one(destinations[0], 0) : BrokerLogs.combine(...destinations.map(one));
}

function clientAuthentication(scope: Construct, recipe: AuthRecipe | undefined): ClientAuthentication | undefined {
  if (!recipe) {
    return undefined;
  }
  const cas = recipe.tlsCas === undefined ? undefined : Array.from({ length: recipe.tlsCas }, (_, i) =>
    acmpca.CertificateAuthority.fromCertificateAuthorityArn(scope, `Ca${i}`, `arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/fuzz-${i}`));
  return ClientAuthentication.of({ iam: recipe.iam, scram: recipe.scram, mutualTls: cas });
}

function storage(recipe: StorageRecipe | undefined) {
  if (!recipe) {
    return undefined;
  }
  return {
    volumeSize: recipe.volumeGiB === undefined ? undefined : Size.gibibytes(recipe.volumeGiB),
    maxVolumeSize: recipe.maxVolumeGiB === undefined ? undefined : Size.gibibytes(recipe.maxVolumeGiB),
    targetUtilization: recipe.targetUtilization,
    provisionedThroughputMiBps: recipe.throughputMiBps,
    tieredStorage: recipe.tiered,
  };
}

/** The ProvisionedClusterProps a recipe stands for, with its constructs created in `scope`. */
export function provisionedProps(scope: Construct, pool: VpcPool, recipe: ProvisionedRecipe): ProvisionedClusterProps {
  const vpc = pool[recipe.vpc];
  return {
    vpc,
    vpcSubnets: subnetSelection(scope, 'Broker', vpc, recipe.subnets),
    brokersPerAz: recipe.brokersPerAz,
    kafkaVersion: recipe.kafkaVersion === undefined ? undefined : KafkaVersion.of(recipe.kafkaVersion),
    instanceType: recipe.instanceType === undefined ? undefined : BrokerInstanceType.of(recipe.instanceType),
    sizing: recipe.sizing === undefined ? undefined : ClusterSizing.recommend(recipe.sizing),
    encryptionKey: recipe.ownKey ? new kms.Key(scope, 'OwnKey', { enableKeyRotation: true }) : undefined,
    clientAuthentication: clientAuthentication(scope, recipe.auth),
    securityGroups: securityGroups(scope, 'Broker', vpc, recipe.securityGroups),
    storage: storage(recipe.storage),
    serverProperties: recipe.serverProperties,
    monitoringLevel: recipe.monitoringLevel,
    brokerLogs: brokerLogs(scope, recipe.brokerLogs),
    multiVpcConnectivity: recipe.multiVpc,
    publicAccess: recipe.publicAccess,
    zookeeperClientAccess: recipe.zookeeperClientAccess,
    openMonitoring: recipe.openMonitoring,
    alarms: alarms(recipe.alarms),
    dashboard: recipe.dashboard,
    clusterName: recipe.clusterName,
    removalPolicy: removal(recipe.removalPolicy),
  };
}

/** The ServerlessClusterProps a recipe stands for, with its constructs created in `scope`. */
export function serverlessProps(scope: Construct, pool: VpcPool, recipe: ServerlessRecipe): ServerlessClusterProps {
  const vpc = pool[recipe.vpc];
  return {
    vpc,
    vpcSubnets: subnetSelection(scope, 'Main', vpc, recipe.subnets),
    securityGroups: securityGroups(scope, 'Main', vpc, recipe.securityGroups),
    additionalVpcs: recipe.additionalVpcs?.map((extra, i) => ({
      vpc: pool[extra.vpc],
      vpcSubnets: subnetSelection(scope, `Extra${i}`, pool[extra.vpc], extra.subnets),
      securityGroups: securityGroups(scope, `Extra${i}`, pool[extra.vpc], extra.securityGroups),
    })),
    clusterName: recipe.clusterName,
    removalPolicy: removal(recipe.removalPolicy),
    alarms: alarms(recipe.alarms),
    dashboard: recipe.dashboard,
    tags: recipe.tags,
  };
}

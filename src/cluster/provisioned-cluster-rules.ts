import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CLUSTER_NAME_MAX_LENGTH, isValidClusterName } from './cluster-name';
import { ClientAuthentication } from '../auth/client-authentication';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { KafkaVersion } from '../config/kafka-version';
import { BrokerSubnets } from '../network/broker-subnets';
import { ResolvedStorage, STORAGE_DEFAULTS } from '../storage/resolved-storage';
import { defineMessages, registerRules } from '../validation/registry';
import { Rule, WarningRule } from '../validation/rules';

/** Everything the provisioned-cluster rules look at, with defaults applied. */
export interface ProvisionedClusterFacts {
  readonly subnets: BrokerSubnets;
  readonly brokersPerAz: number;
  readonly brokerCount: number;
  readonly storage: ResolvedStorage;
  readonly storageGiven: boolean;
  readonly clusterName: string;
  readonly instanceType: BrokerInstanceType;
  readonly kafkaVersion: KafkaVersion;
  readonly clientAuthentication: ClientAuthentication;
  readonly securityGroupCount?: number;
  readonly serverProperties: { [key: string]: string };
  readonly zookeeperClientAccess?: boolean;
  /** The removal policy given, if any. */
  readonly removalPolicy?: RemovalPolicy;
  /** The `rebalancing` prop as given (undefined: not set, MSK's default applies). */
  readonly rebalancing?: boolean;
  /** True when the instance type comes from a `sizing` plan that did not pin the broker family. */
  readonly sizingFamilyNotPinned?: boolean;
  /** The Region of the prices of the `sizing` plan, when it was priced. */
  readonly sizingPriceRegion?: string;
  /** The stack's Region, when it is known at synth time. */
  readonly stackRegion?: string;
  /**
   * The day the app is synthesized, for dated warnings (end of support).
   * @default - today
   */
  readonly synthDate?: Date;
}

/** Context key that fixes the synthesis date of dated warnings (`YYYY-MM-DD`), e.g. in tests. */
export const SYNTH_DATE_CONTEXT = 'cdk-msk-constructs:synthDate';

const SYNTH_DATE_ERRORS = defineMessages({
  name: 'SYNTH_DATE_ERRORS',
  file: 'src/cluster/provisioned-cluster-rules.ts',
  severity: 'error',
  kind: 'ProvisionedCluster',
  checkedBy: ['ProvisionedCluster'],
}, {
  SynthDateInvalid: (value: string) => `context: ${SYNTH_DATE_CONTEXT} '${value}' is not a date. Fix: use YYYY-MM-DD, e.g. '2026-01-31', or remove it to use today.`,
});

/** The synthesis date: the context value `cdk-msk-constructs:synthDate` when set, else today. */
export function synthDate(scope: IConstruct): Date {
  const fixed: unknown = scope.node.tryGetContext(SYNTH_DATE_CONTEXT);
  if (fixed === undefined) {
    return new Date();
  }
  const date = typeof fixed === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(fixed) ? new Date(`${fixed}T00:00:00Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw SYNTH_DATE_ERRORS.error(scope, 'SynthDateInvalid', String(fixed));
  }
  return date;
}

/** Warn this many months before MSK's end-of-support date (and after it). */
export const END_OF_SUPPORT_NOTICE_MONTHS = 6;

/** The version's end-of-support date when it is within the notice period of `today`, or past. */
function endOfSupportSoon(f: ProvisionedClusterFacts): string | undefined {
  const date = f.kafkaVersion.endOfSupportDate;
  if (date === undefined || f.kafkaVersion.isEndOfSupport) {
    return undefined; // none published, or VersionEndOfSupport already says so
  }
  const notice = new Date(`${date}T00:00:00Z`);
  notice.setUTCMonth(notice.getUTCMonth() - END_OF_SUPPORT_NOTICE_MONTHS);
  return (f.synthDate ?? new Date()).getTime() >= notice.getTime() ? date : undefined;
}

/** The broker-level `log.cleanup.policy` when it asks for compaction (e.g. `compact` or `compact,delete`). */
const compactingCleanupPolicy = (f: ProvisionedClusterFacts): string | undefined => {
  const policy = f.serverProperties['log.cleanup.policy'];
  return policy !== undefined && !Token.isUnresolved(policy) && /compact/i.test(policy) ? policy : undefined;
};

const PROPERTY_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const badProperties = (f: ProvisionedClusterFacts) => Object.entries(f.serverProperties)
  .filter(([key, value]) => !Token.isUnresolved(key) && (!PROPERTY_KEY.test(key) || (!Token.isUnresolved(value) && /[\r\n]/.test(value))))
  .map(([key]) => key);

const known = (value: number) => !Token.isUnresolved(value);
const outside = (value: number, min: number, max: number) => known(value) && (value < min || value > max || !Number.isInteger(value));

/** The storage properties given as tokens (values known only later), by their property names. */
function unresolvedStorage(f: ProvisionedClusterFacts): string[] {
  if (f.instanceType.isExpress || !f.storageGiven) {
    return [];
  }
  const values: Array<[string, number | undefined]> = [
    ['volumeSize', f.storage.volumeSizeGiB],
    ['maxVolumeSize', f.storage.maxVolumeSizeGiB],
    ['targetUtilization', f.storage.targetUtilization],
    ['provisionedThroughputMiBps', f.storage.provisionedThroughputMiBps],
  ];
  return values.filter(([, value]) => value !== undefined && Token.isUnresolved(value)).map(([name]) => `storage.${name}`);
}

/** Errors: each names the property, the value and the fix. */
export const PROVISIONED_CLUSTER_RULES: ReadonlyArray<Rule<ProvisionedClusterFacts>> = [
  {
    id: 'SubnetSelectionInvalid',
    failsWhen: (f) => f.subnets.selectionError !== undefined,
    message: (f) => `vpcSubnets: ${f.subnets.selectionError}. Fix: select subnets the VPC has (by subnetType, subnetGroupName or subnets), `
      + 'e.g. { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, onePerAz: true }.',
  },
  {
    id: 'SubnetsTooFew',
    failsWhen: (f) => f.subnets.selectionError === undefined && f.subnets.subnetIds.length < 2,
    message: (f) => `vpcSubnets: selects ${f.subnets.subnetIds.length} subnet(s); MSK needs 2 or 3 subnets in distinct availability zones. Fix: select one subnet in each of 2 or 3 AZs, or use a VPC with at least 2 AZs.`,
  },
  {
    id: 'SubnetsTooMany',
    failsWhen: (f) => f.subnets.subnetIds.length > 3,
    message: (f) => `vpcSubnets: selects ${f.subnets.subnetIds.length} subnets; MSK takes at most 3 (one per AZ). Fix: add \`onePerAz: true\` or list 2 or 3 subnets.`,
  },
  {
    id: 'SubnetsShareAz',
    failsWhen: (f) => f.subnets.azsKnown && new Set(f.subnets.availabilityZones).size < f.subnets.availabilityZones.length,
    message: (f) => `vpcSubnets: subnets share an availability zone (${f.subnets.availabilityZones.join(', ')}); MSK needs each subnet in a different AZ. Fix: add \`onePerAz: true\` to the selection.`,
  },
  {
    id: 'BrokersPerAzInvalid',
    failsWhen: (f) => known(f.brokersPerAz) && (f.brokersPerAz < 1 || !Number.isInteger(f.brokersPerAz)),
    message: (f) => `brokersPerAz: ${f.brokersPerAz} is not a whole number of at least 1. Fix: use 1 or more.`,
  },
  {
    id: 'VolumeSizeOutOfRange',
    failsWhen: (f) => !f.instanceType.isExpress && outside(f.storage.volumeSizeGiB, STORAGE_DEFAULTS.minVolumeGiB, STORAGE_DEFAULTS.maxVolumeGiB),
    message: (f) => `storage.volumeSize: ${f.storage.volumeSizeGiB} GiB is outside 1–16384 GiB per broker. Fix: use Size.gibibytes(n) with n from 1 to 16384.`,
  },
  {
    id: 'MaxVolumeSizeOutOfRange',
    failsWhen: (f) => !f.instanceType.isExpress && known(f.storage.maxVolumeSizeGiB) && known(f.storage.volumeSizeGiB)
      && (f.storage.maxVolumeSizeGiB < f.storage.volumeSizeGiB || f.storage.maxVolumeSizeGiB > STORAGE_DEFAULTS.maxVolumeGiB),
    message: (f) => `storage.maxVolumeSize: ${f.storage.maxVolumeSizeGiB} GiB must be at least storage.volumeSize (${f.storage.volumeSizeGiB} GiB) and at most 16384 GiB. Fix: raise it to at least the volume size (equal turns autoscaling off).`,
  },
  {
    id: 'TargetUtilizationOutOfRange',
    failsWhen: (f) => !f.instanceType.isExpress && known(f.storage.targetUtilization)
      && (f.storage.targetUtilization < STORAGE_DEFAULTS.minTargetUtilization || f.storage.targetUtilization > STORAGE_DEFAULTS.maxTargetUtilization),
    message: (f) => `storage.targetUtilization: ${f.storage.targetUtilization} is outside 10–80 percent. Fix: use a value from 10 to 80 (AWS suggests 50–60).`,
  },
  {
    id: 'ThroughputInstanceType',
    failsWhen: (f) => f.storage.provisionedThroughputMiBps !== undefined && !f.instanceType.isExpress && f.instanceType.isKnown
      && f.instanceType.maxProvisionedThroughputMiBps === undefined,
    message: (f) => `storage.provisionedThroughputMiBps: ${f.instanceType.instanceType} cannot provision storage throughput. Fix: use kafka.m5.4xlarge, kafka.m7g.2xlarge or larger, or remove provisionedThroughputMiBps.`,
  },
  {
    id: 'ThroughputOutOfRange',
    failsWhen: (f) => {
      const t = f.storage.provisionedThroughputMiBps;
      const max = f.instanceType.maxProvisionedThroughputMiBps;
      return t !== undefined && known(t) && max !== undefined && (t < STORAGE_DEFAULTS.minProvisionedThroughputMiBps || t > max);
    },
    message: (f) => `storage.provisionedThroughputMiBps: ${f.storage.provisionedThroughputMiBps} MiB/s is outside 250–${f.instanceType.maxProvisionedThroughputMiBps} MiB/s for ${f.instanceType.instanceType}. Fix: use a value in that range, or a larger instance type.`,
  },
  {
    id: 'ThroughputVolumeTooSmall',
    failsWhen: (f) => f.storage.provisionedThroughputMiBps !== undefined && known(f.storage.volumeSizeGiB)
      && f.storage.volumeSizeGiB < STORAGE_DEFAULTS.minVolumeForThroughputGiB,
    message: (f) => `storage.volumeSize: ${f.storage.volumeSizeGiB} GiB is too small for provisioned throughput. Fix: use at least 10 GiB.`,
  },
  {
    id: 'TieredStorageUnsupported',
    failsWhen: (f) => f.storage.tieredStorage && (!f.kafkaVersion.supportsTieredStorage || f.instanceType.isBurstable),
    message: (f) => `storage.tieredStorage: ${f.kafkaVersion.version} on ${f.instanceType.instanceType} cannot use tiered storage. Fix: use Kafka 3.6 or later on kafka.m5/kafka.m7g brokers, or remove tieredStorage.`,
  },
  {
    // MSK developer guide, "Tiered storage constraints and limitations" (no compacted topics), and the
    // note in "Enable tiered storage on an existing Amazon MSK cluster": tiered storage can be enabled
    // only when the cluster's log.cleanup.policy is delete.
    id: 'TieredStorageCompaction',
    failsWhen: (f) => f.storage.tieredStorage && compactingCleanupPolicy(f) !== undefined,
    message: (f) => `serverProperties: log.cleanup.policy=${compactingCleanupPolicy(f)} with storage.tieredStorage: MSK enables tiered storage only when the cluster's log.cleanup.policy is delete, `
      + 'as compacted topics cannot be tiered (MSK developer guide, \'Tiered storage constraints and limitations\'). '
      + 'Fix: remove log.cleanup.policy (Kafka\'s default is delete) and compact single topics that do not use tiered storage with the topic config cleanup.policy=compact, or remove tieredStorage.',
  },
  {
    id: 'ZookeeperAccessOnKraft',
    failsWhen: (f) => f.zookeeperClientAccess !== undefined && f.kafkaVersion.isKraft,
    message: (f) => `zookeeperClientAccess: ${f.kafkaVersion.version} runs in KRaft mode and has no ZooKeeper. Fix: remove zookeeperClientAccess.`,
  },
  {
    id: 'ClusterNameInvalid',
    failsWhen: (f) => !isValidClusterName(f.clusterName),
    message: (f) => `clusterName: '${f.clusterName}' is not a valid MSK cluster name. Fix: use 1–${CLUSTER_NAME_MAX_LENGTH} letters, digits and hyphens, starting with a letter or digit.`,
  },
  {
    id: 'BurstableKraft',
    failsWhen: (f) => f.instanceType.isBurstable && f.kafkaVersion.isKraft,
    message: (f) => `kafkaVersion: ${f.kafkaVersion.version} runs in KRaft mode, which ${f.instanceType.instanceType} cannot run. Fix: use a ZooKeeper version such as KafkaVersion.V3_9_X, or a larger instance type such as BrokerInstanceType.KAFKA_M7G_LARGE.`,
  },
  {
    id: 'ExpressStorage',
    failsWhen: (f) => f.instanceType.isExpress && f.storageGiven,
    message: (f) => `storage: Express brokers (${f.instanceType.instanceType}) manage their own storage (no volume, throughput or tiered settings). Fix: remove the storage property.`,
  },
  {
    id: 'ExpressAzCount',
    failsWhen: (f) => f.instanceType.isExpress && f.subnets.selectionError === undefined && f.subnets.subnetIds.length !== 3,
    message: (f) => `vpcSubnets: Express brokers need exactly 3 subnets in 3 AZs; ${f.subnets.subnetIds.length} selected. Fix: use a VPC with 3 AZs and one subnet in each.`,
  },
  {
    id: 'ExpressVersion',
    failsWhen: (f) => f.instanceType.isExpress && !f.kafkaVersion.supportsExpress,
    message: (f) => `kafkaVersion: ${f.kafkaVersion.version} is not offered on Express brokers. Fix: use a 3.6, 3.8, 3.9 or 4.2 version, e.g. KafkaVersion.V3_9_X_KRAFT.`,
  },
  {
    // Intelligent rebalancing is a feature of MSK Provisioned clusters with Express brokers: MSK developer guide,
    // "Intelligent rebalancing for clusters", and the MSK API "UpdateRebalancing" (Express-based clusters only).
    // A token (not a boolean known at synth time) is left to MSK.
    id: 'RebalancingNotExpress',
    failsWhen: (f) => f.rebalancing !== undefined && !Token.isUnresolved(f.rebalancing) && !f.instanceType.isExpress,
    message: (f) => `rebalancing: intelligent rebalancing is a feature of Express brokers, and ${f.instanceType.instanceType} is a Standard broker type `
      + '(MSK developer guide, \'Intelligent rebalancing for clusters\'; MSK API \'UpdateRebalancing\'). '
      + 'Fix: remove rebalancing, or use an Express instance type such as BrokerInstanceType.EXPRESS_M7G_LARGE in a new cluster.',
  },
  {
    id: 'NoAuthentication',
    failsWhen: (f) => f.clientAuthentication.modes.length === 0,
    message: () => 'clientAuthentication: no mode is enabled and unauthenticated access is not offered. Fix: use ClientAuthentication.iam(), .scram(), .mutualTls(cas) or .of({...}) with at least one mode.',
  },
  {
    id: 'MutualTlsWithoutCa',
    failsWhen: (f) => f.clientAuthentication.mutualTlsEnabled && f.clientAuthentication.certificateAuthorities.length === 0,
    message: () => 'clientAuthentication: mutual TLS needs at least one AWS Private CA. Fix: pass the certificate authorities that issue client certificates to ClientAuthentication.mutualTls([ca]).',
  },
  {
    id: 'SecurityGroupCount',
    failsWhen: (f) => f.securityGroupCount !== undefined && (f.securityGroupCount < 1 || f.securityGroupCount > 5),
    message: (f) => `securityGroups: ${f.securityGroupCount} given; MSK takes 1 to 5. Fix: pass 1–5 groups, or omit the property to get a new group.`,
  },
  {
    id: 'RemovalPolicySnapshot',
    failsWhen: (f) => f.removalPolicy === RemovalPolicy.SNAPSHOT,
    message: () => 'removalPolicy: RemovalPolicy.SNAPSHOT is not a deletion policy CloudFormation accepts for AWS::MSK::Cluster, its KMS key or its log bucket '
      + '(MSK has no cluster snapshots). Fix: use RemovalPolicy.RETAIN (the default) or RemovalPolicy.DESTROY.',
  },
  {
    id: 'ServerPropertyInvalid',
    failsWhen: (f) => badProperties(f).length > 0,
    message: (f) => `serverProperties: ${badProperties(f).map((k) => `'${k}'`).join(', ')} cannot go into server.properties. Fix: use Kafka property names (letters, digits, '.', '_', '-') and single-line values.`,
  },
];
registerRules({ name: 'PROVISIONED_CLUSTER_RULES', file: 'src/cluster/provisioned-cluster-rules.ts', severity: 'error', checkedBy: ['ProvisionedCluster'] }, PROVISIONED_CLUSTER_RULES);


/** Warnings: not fatal, but worth a look. Acknowledge with Annotations.of(cluster).acknowledgeWarning(id). */
export const PROVISIONED_CLUSTER_WARNINGS: ReadonlyArray<WarningRule<ProvisionedClusterFacts>> = [
  {
    id: 'FewerThanThreeBrokers',
    failsWhen: (f) => !f.instanceType.isExpress && known(f.brokerCount) && f.brokerCount < 3,
    message: (f) => `vpcSubnets, brokersPerAz: the cluster has ${f.brokerCount} broker(s): topics get a replication factor of ${Math.min(3, f.brokerCount)}, so losing a broker risks data or availability. Use 3 AZs, or brokersPerAz: 2 with 2 AZs.`,
  },
  {
    id: 'BrokerQuota',
    failsWhen: (f) => known(f.brokerCount) && f.brokerCount > (f.kafkaVersion.isKraft ? 60 : 30),
    message: (f) => `brokersPerAz: the cluster has ${f.brokerCount} brokers; the default MSK quota is ${f.kafkaVersion.isKraft ? 60 : 30} per cluster (${f.kafkaVersion.isKraft ? 'KRaft' : 'ZooKeeper'}). Request a quota increase before deploying.`,
  },
  {
    id: 'VersionEndOfSupport',
    failsWhen: (f) => f.kafkaVersion.isEndOfSupport,
    message: (f) => `kafkaVersion: ${f.kafkaVersion.version} is past MSK end of support: new clusters are rejected and existing ones are upgraded by MSK. Use KafkaVersion.V3_9_X_KRAFT or later.`,
  },
  {
    id: 'VersionNearEndOfSupport',
    failsWhen: (f) => endOfSupportSoon(f) !== undefined,
    message: (f) => `kafkaVersion: ${f.kafkaVersion.version} reaches MSK end of support on ${endOfSupportSoon(f)} (MSK developer guide, 'Supported Apache Kafka versions'); `
      + 'after that date MSK may upgrade the cluster to its recommended version at any time, without notice (\'Amazon MSK version support\'). '
      + 'Upgrade before then, in a deployment that changes nothing else (see README, "Kafka version"), e.g. to KafkaVersion.V3_9_X_KRAFT.',
  },
  {
    id: 'InstanceTypeUnknown',
    failsWhen: (f) => !f.instanceType.isKnown,
    message: (f) => `instanceType: ${f.instanceType.instanceType} is not a type this library knows: its partition and throughput limits are unknown, so the partition-limit, `
      + 'provisioned-throughput and Express throughput checks and alarms that need them are skipped. Check the type in the MSK developer guide (\'Broker instance types\') and size it yourself, '
      + 'or use a BrokerInstanceType constant.',
  },
  {
    id: 'SizingFamilyNotPinned',
    failsWhen: (f) => f.sizingFamilyNotPinned === true,
    message: (f) => `sizing: the instance type (${f.instanceType.instanceType}) comes from a ClusterSizing plan that did not pin the broker family, so a later re-plan (another workload, RF or AZ count) `
      + `could choose ${f.instanceType.isExpress ? 'standard' : 'Express'} brokers, and MSK cannot switch a cluster between Standard and Express brokers by changing its instance type `
      + '(MSK developer guide, \'Broker instance types\'). Pin the family you deploy: ClusterSizing.compare or recommend({ ..., current: { brokerFamily: '
      + `SizingBrokerFamily.${f.instanceType.isExpress ? 'EXPRESS' : 'STANDARD'} } }) (or brokerFamily), or set instanceType.`,
  },
  {
    // MSK prices differ by Region (https://aws.amazon.com/msk/pricing/); the library's table is us-east-1's.
    id: 'SizingPriceRegion',
    failsWhen: (f) => f.sizingPriceRegion !== undefined && f.stackRegion !== undefined && f.sizingPriceRegion !== f.stackRegion,
    message: (f) => `sizing: the plan was priced with ${f.sizingPriceRegion} prices, but the stack is in ${f.stackRegion}, and MSK prices differ by Region, `
      + 'so the plan\'s estimate (and the choice between broker families behind it) may be wrong. '
      + `Fix: copy ${f.stackRegion}'s prices from https://aws.amazon.com/msk/pricing/ into ClusterSizing.compare({ ..., prices: { region: '${f.stackRegion}', brokerHourUsdByInstanceType: {...}, storageGBMonthUsd, ... } }).`,
  },
  {
    // A number token cannot be compared at synth time: say which checks are skipped rather than skip them silently.
    id: 'BrokerCountUnresolved',
    failsWhen: (f) => Token.isUnresolved(f.brokersPerAz),
    message: () => 'brokersPerAz: is a token, so the broker count is unknown at synth time and cannot be checked: the whole-number check (BrokersPerAzInvalid), '
      + 'the FewerThanThreeBrokers and BrokerQuota warnings and per-broker alarms and dashboard widgets are skipped, and the topic and durability defaults '
      + '(replication factor, min.insync.replicas) are sized for the fewest brokers it can be, one per AZ. The token must resolve to a number at synth time (CloudFormation cannot multiply a '
      + 'deploy-time value by the AZ count). Pass a number to get these checks.',
  },
  {
    id: 'StorageValueUnresolved',
    failsWhen: (f) => unresolvedStorage(f).length > 0,
    message: (f) => `storage: ${unresolvedStorage(f).join(', ')} is a token, so its range checks (volume 1–16384 GiB, maximum at least the volume size, `
      + 'target utilization 10–80 percent, throughput within the instance type\'s limit) cannot run at synth time; CloudFormation or MSK reports an out-of-range '
      + 'value at deploy time. Pass numbers (Size.gibibytes(n)) to get these checks.',
  },
  {
    id: 'BurstableBrokers',
    failsWhen: (f) => f.instanceType.isBurstable,
    message: (f) => `instanceType: ${f.instanceType.instanceType} is for development: 300 partitions per broker, CPU credits, 4 new connections per second. Use kafka.m7g.large or larger in production.`,
  },
];
registerRules({ name: 'PROVISIONED_CLUSTER_WARNINGS', file: 'src/cluster/provisioned-cluster-rules.ts', severity: 'warning', checkedBy: ['ProvisionedCluster'] }, PROVISIONED_CLUSTER_WARNINGS);


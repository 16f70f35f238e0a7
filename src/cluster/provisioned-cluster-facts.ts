import { IResolvable, IResolveContext, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CLUSTER_ERRORS } from './cluster-errors';
import { defaultClusterName } from './cluster-name';
import { applySizing, ProvisionedClusterProps, sizingFamilyNotPinned } from './provisioned-cluster-props';
import { ProvisionedClusterFacts, synthDate } from './provisioned-cluster-rules';
import { ClientAuthentication } from '../auth/client-authentication';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { KafkaVersion } from '../config/kafka-version';
import { durableDefaults, ServerProperties } from '../config/server-properties';
import { BrokerSubnets, selectBrokerSubnets } from '../network/broker-subnets';
import { MultiVpcFacts } from '../network/multi-vpc-rules';
import { PublicAccessFacts, subnetIdsArePublic } from '../network/public-access-rules';
import { ResolvedStorage, resolveStorage } from '../storage/resolved-storage';
import { StorageAutoScalingFacts } from '../storage/storage-autoscaling-rules';

/** Defaults, in one place for README and tests. */
export const PROVISIONED_DEFAULTS = {
  kafkaVersion: KafkaVersion.V3_9_X_KRAFT,
  /** kafka.t3.small cannot run KRaft. */
  burstableKafkaVersion: KafkaVersion.V3_9_X,
  instanceType: BrokerInstanceType.KAFKA_M7G_LARGE,
  brokersPerAz: 1,
  maxAzs: 3,
} as const;

/**
 * A provisioned cluster's props with every default applied, and the facts each rule table reads.
 * Built by {@link resolveProvisionedCluster} before anything is validated or created.
 */
export interface ProvisionedClusterResolution {
  /** The props after the sizing plan is applied (explicit properties win over the plan). */
  readonly props: ProvisionedClusterProps;
  readonly removalPolicy: RemovalPolicy;
  readonly instanceType: BrokerInstanceType;
  readonly kafkaVersion: KafkaVersion;
  readonly clientAuthentication: ClientAuthentication;
  readonly clusterName: string;
  readonly subnets: BrokerSubnets;
  /**
   * AZs times brokers per AZ. A token when `brokersPerAz` is one: it resolves to the product when the
   * token resolves to a number at synth time (CloudFormation has no arithmetic for deploy-time values).
   */
  readonly numberOfBrokerNodes: number;
  readonly storage: ResolvedStorage;
  /** The user's server properties (no library defaults). */
  readonly serverProperties: ServerProperties;
  /** The library's durability defaults for this broker count and family. */
  readonly durableDefaults: ServerProperties;
  /** Facts of `PROVISIONED_CLUSTER_RULES` and `PROVISIONED_CLUSTER_WARNINGS`. */
  readonly cluster: ProvisionedClusterFacts;
  /** Facts of `MULTI_VPC_RULES` and `MULTI_VPC_WARNINGS`. */
  readonly multiVpc: MultiVpcFacts;
  /** Facts of `PUBLIC_ACCESS_RULES` and `PUBLIC_ACCESS_WARNINGS`. */
  readonly publicAccess: PublicAccessFacts;
  /** Facts of `STORAGE_AUTOSCALING_WARNINGS`. */
  readonly storageAutoScaling: StorageAutoScalingFacts;
}

/**
 * Resolves props to facts: applies the sizing plan and the defaults, selects the broker subnets and
 * assembles what every rule table reads. Creates nothing and throws nothing of its own.
 */
export function resolveProvisionedCluster(scope: Construct, given: ProvisionedClusterProps): ProvisionedClusterResolution {
  const unpinnedSizing = sizingFamilyNotPinned(given);
  const props = applySizing(given);
  const instanceType = props.instanceType ?? PROVISIONED_DEFAULTS.instanceType;
  const kafkaVersion = props.kafkaVersion
    ?? (instanceType.isBurstable ? PROVISIONED_DEFAULTS.burstableKafkaVersion : PROVISIONED_DEFAULTS.kafkaVersion);
  const clientAuthentication = props.clientAuthentication ?? ClientAuthentication.iam();
  const clusterName = props.clusterName ?? defaultClusterName(scope);
  const subnets = selectBrokerSubnets(props.vpc, PROVISIONED_DEFAULTS.maxAzs, props.vpcSubnets);
  const brokersPerAz = props.brokersPerAz ?? PROVISIONED_DEFAULTS.brokersPerAz;
  const azCount = subnets.subnetIds.length;
  const numberOfBrokerNodes = brokerCount(azCount, brokersPerAz);
  const storage = resolveStorage(props.storage);
  const serverProperties = props.serverProperties ?? {};
  // Unknown broker count: size the replication defaults for the fewest brokers it can be (one per AZ), so
  // that topics never ask for more replicas than there are brokers.
  const durable = durableDefaults(Token.isUnresolved(numberOfBrokerNodes) ? azCount : numberOfBrokerNodes, instanceType.isExpress);
  const region = Stack.of(scope).region;
  return {
    props,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    instanceType,
    kafkaVersion,
    clientAuthentication,
    clusterName,
    subnets,
    numberOfBrokerNodes,
    storage,
    serverProperties,
    durableDefaults: durable,
    cluster: {
      subnets,
      brokersPerAz,
      brokerCount: numberOfBrokerNodes,
      storage,
      storageGiven: props.storage !== undefined,
      clusterName,
      instanceType,
      kafkaVersion,
      clientAuthentication,
      securityGroupCount: props.securityGroups?.length,
      serverProperties,
      zookeeperClientAccess: props.zookeeperClientAccess,
      removalPolicy: props.removalPolicy,
      rebalancing: props.rebalancing,
      sizingFamilyNotPinned: unpinnedSizing,
      sizingPriceRegion: given.sizing?.priceRegion,
      stackRegion: Token.isUnresolved(region) ? undefined : region,
      synthDate: synthDate(scope),
    },
    multiVpc: {
      options: props.multiVpcConnectivity,
      clientAuthentication,
      instanceType,
      kafkaVersion,
      serverProperties,
    },
    publicAccess: {
      enabled: props.publicAccess === true,
      subnetsArePublic: subnetIdsArePublic(props.vpc, subnets.subnetIds),
      clientAuthentication,
      kafkaVersion,
      instanceType,
      serverProperties,
      openMonitoring: Boolean(props.openMonitoring?.jmxExporter || props.openMonitoring?.nodeExporter),
    },
    storageAutoScaling: {
      region: Token.isUnresolved(region) ? undefined : region,
      autoscalingRequested: !instanceType.isExpress && storage.autoscaling && !Token.isUnresolved(storage.maxVolumeSizeGiB),
    },
  };
}

/**
 * AZs times brokers per AZ. A number token cannot be multiplied as a number (the product is no longer a
 * token), so a token `brokersPerAz` gives a token that multiplies once the value is resolved.
 */
function brokerCount(azCount: number, brokersPerAz: number): number {
  if (!Token.isUnresolved(brokersPerAz)) {
    return azCount * brokersPerAz;
  }
  if (azCount === 1) {
    return brokersPerAz;
  }
  const product: IResolvable = {
    creationStack: [],
    resolve: (context: IResolveContext) => {
      const value: unknown = context.resolve(brokersPerAz);
      if (typeof value !== 'number') {
        // CloudFormation has no arithmetic: a deploy-time value (a parameter, an attribute) cannot be multiplied.
        throw CLUSTER_ERRORS.error(undefined, 'BrokersPerAzDeployTime', JSON.stringify(value), azCount);
      }
      return azCount * value;
    },
    toString: () => `${azCount} AZs * brokersPerAz`,
  };
  return Token.asNumber(product);
}

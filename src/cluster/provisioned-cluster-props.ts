import { RemovalPolicy, Size, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { ClientAuthentication } from '../auth/client-authentication';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { KafkaVersion } from '../config/kafka-version';
import { BrokerLogs } from '../logging/broker-logs';
import { ClusterAlarmOptions } from '../monitoring/alarm-options';
import { MonitoringLevel } from '../monitoring/monitoring-level';
import { OpenMonitoringOptions } from '../monitoring/open-monitoring';
import { MultiVpcConnectivityOptions } from '../network/multi-vpc';
import { SizingRecommendation } from '../sizing/cluster-sizing';
import { BrokerStorageOptions } from '../storage/broker-storage';

/** Props of {@link ProvisionedCluster}. Only `vpc` is required. */
export interface ProvisionedClusterProps {
  /**
   * The VPC the brokers run in. Changing it would replace the cluster with a new, empty one: the deployment fails
   * before the cluster is touched (README, "Data safety"), unless `clusterName` changes in the same deployment.
   */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets for the brokers: 2 or 3, in distinct AZs (Express: exactly 3).
   * Changing them would replace the cluster with a new, empty one: the deployment fails before the cluster is
   * touched (README, "Data safety"), unless `clusterName` changes in the same deployment.
   * @default - one private subnet per AZ in up to 3 AZs
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Brokers in each AZ. The broker count is this times the number of AZs and can only grow.
   * @default 1
   */
  readonly brokersPerAz?: number;
  /**
   * Apache Kafka version.
   * @default KafkaVersion.V3_9_X_KRAFT (KafkaVersion.V3_9_X on kafka.t3.small, which cannot run KRaft)
   */
  readonly kafkaVersion?: KafkaVersion;
  /**
   * A capacity plan from `ClusterSizing.recommend()`: sets `instanceType`, `brokersPerAz` and,
   * for standard brokers, the volume size, provisioned throughput and tiered storage. Properties
   * given explicitly win over the plan.
   * @default - no plan
   */
  readonly sizing?: SizingRecommendation;
  /**
   * Broker instance type, standard or Express.
   * @default BrokerInstanceType.KAFKA_M7G_LARGE
   */
  readonly instanceType?: BrokerInstanceType;
  /**
   * Customer-managed key that encrypts the broker volumes. Changing it would replace the cluster with a new, empty
   * one: the deployment fails before the cluster is touched (README, "Data safety"), unless `clusterName` changes
   * in the same deployment.
   * @default - a new key with rotation on, kept when the stack is deleted (per `removalPolicy`)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * How clients authenticate. Traffic is always TLS-encrypted; unauthenticated access is not offered.
   * @default ClientAuthentication.iam()
   */
  readonly clientAuthentication?: ClientAuthentication;
  /**
   * Security groups of the brokers (1–5). Changing them would replace the cluster with a new, empty one: the
   * deployment fails before the cluster is touched (README, "Data safety"), unless `clusterName` changes in the
   * same deployment.
   * @default - a new security group with no ingress rules; open it with `cluster.connections` or `allowClientAccessFrom()`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * EBS storage per broker and its autoscaling (standard brokers only).
   * @default - 100 GiB, autoscaling to 2000 GiB at 60% utilization
   */
  readonly storage?: BrokerStorageOptions;
  /**
   * Kafka server properties, merged over the durable defaults (see README, "Default settings").
   * Overrides that weaken durability produce a warning you can acknowledge.
   * @default - the durable defaults only
   */
  readonly serverProperties?: { [key: string]: string };
  /**
   * CloudWatch metrics level.
   * @default MonitoringLevel.PER_BROKER
   */
  readonly monitoringLevel?: MonitoringLevel;
  /**
   * Where broker logs go.
   * @default BrokerLogs.s3() - a new secure bucket
   */
  readonly brokerLogs?: BrokerLogs;
  /**
   * Also deliver the authorizer logs (Kafka's allow and deny decisions for SASL/SCRAM and mutual-TLS
   * principals) to the `brokerLogs` destinations. MSK supports authorizer logs on Standard and Express
   * brokers (MSK developer guide, "Amazon MSK logging").
   * @default false
   */
  readonly authorizerLogs?: boolean;
  /**
   * Multi-VPC private connectivity (AWS PrivateLink) per authentication scheme; each scheme must
   * also be enabled in `clientAuthentication`. CloudFormation rejects it when the cluster is
   * created: deploy the cluster once without it, then add it (a warning reminds you until you
   * acknowledge it). Give client accounts access with `grantVpcConnection()`.
   * @default - off
   */
  readonly multiVpcConnectivity?: MultiVpcConnectivityOptions;
  /**
   * Public access to the brokers over the internet (ports 9194/9196/9198), for clusters in public
   * subnets. Explicit opt-in with a loud warning; like multi-VPC it cannot be turned on at
   * creation: deploy once without it, then set it. `false` turns it off explicitly.
   * @default - off
   */
  readonly publicAccess?: boolean;
  /**
   * Whether clients may reach ZooKeeper directly (ZooKeeper versions only). Set `false` before
   * migrating in place to KRaft (see README, "Kafka version").
   * @default - MSK's default
   */
  readonly zookeeperClientAccess?: boolean;
  /**
   * Prometheus open monitoring: exporters on every broker (JMX 11001, node 11002). Open the
   * ports to your Prometheus server with `allowPrometheusFrom()`.
   * @default - off
   */
  readonly openMonitoring?: OpenMonitoringOptions;
  /**
   * Intelligent rebalancing (Express brokers only): `true` sets it ACTIVE, `false` sets it PAUSED. While it is
   * active, MSK moves partitions itself when brokers are added or removed and when brokers become unevenly
   * loaded; do not use third-party partition-reassignment tools such as Cruise Control then (pause it first).
   * Changing it is an in-place update. Setting it on Standard brokers is an error (`RebalancingNotExpress`).
   * See the MSK developer guide, "Intelligent rebalancing for clusters".
   * @default - not set in the template: MSK's default applies, ACTIVE for Express clusters created since
   * 2025-11-20 and PAUSED for older ones
   */
  readonly rebalancing?: boolean;
  /**
   * The recommended CloudWatch alarms: on by default, each notifying `alarmTopic` unless
   * `actions` are given (see docs/ALARMS.md).
   * @default - every recommended alarm, default thresholds, a new alarm topic
   */
  readonly alarms?: ClusterAlarmOptions;
  /**
   * Create a CloudWatch dashboard for the cluster.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Name of the cluster. Changing it replaces the cluster.
   * @default - derived from the construct path, at most 64 characters
   */
  readonly clusterName?: string;
  /**
   * What happens to the cluster, its key and its log bucket when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * True when the cluster takes its instance type from a `sizing` plan that did not pin the broker
 * family: a later re-plan could pick the other family, which MSK cannot switch in place.
 */
export function sizingFamilyNotPinned(props: ProvisionedClusterProps): boolean {
  return props.sizing !== undefined && props.instanceType === undefined && props.sizing.brokerFamilyPinned !== true;
}

/** Fills the props a capacity plan decides, leaving explicit ones alone. */
export function applySizing(props: ProvisionedClusterProps): ProvisionedClusterProps {
  const plan = props.sizing;
  if (!plan) {
    return props;
  }
  const storage: BrokerStorageOptions | undefined = plan.express ? props.storage : {
    volumeSize: plan.volumeSizeGiB === undefined ? undefined : Size.gibibytes(plan.volumeSizeGiB),
    provisionedThroughputMiBps: plan.provisionedThroughputMiBps,
    tieredStorage: (plan.tieredStorage ?? plan.tieredStorageAdvised) || undefined,
    ...props.storage,
  };
  return {
    ...props,
    instanceType: props.instanceType ?? plan.instanceType,
    brokersPerAz: props.brokersPerAz ?? plan.brokersPerAz,
    storage,
  };
}


import {
  Duration,
  Lazy,
  RemovalPolicy,
  Resource,
  Stack,
  Token,
  aws_cloudwatch as cloudwatch,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_logs as logs,
  aws_msk as msk,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  ConsumerGroupOffsetSync,
  ReplicatedTopicNaming,
  ReplicationCompression,
  ReplicationStartingPosition,
} from './replicator-options';
import { MAX_REPLICATOR_NAME_LENGTH, REPLICATOR_RULES, REPLICATOR_WARNINGS, ReplicatorClusterFacts } from './replicator-rules';
import { ClusterArns, literalArnEnvironment } from '../../auth/cluster-arns';
import { ManagedPolicyGrantee } from '../../auth/managed-policy-grantee';
import { clusterInternals } from '../../cluster/cluster-internals';
import { ClusterNetworkInfo } from '../../cluster/cluster-network';
import { IMskCluster } from '../../cluster/cluster-ref';
import { ProvisionedCluster } from '../../cluster/provisioned-cluster';
import { IntegrationAlarmOptions } from '../../monitoring/alarm-options';
import { BrokerPorts } from '../../network/ports';
import { shareCreationTrace } from '../../validation/creation-trace';
import { checkRules, warnRules } from '../../validation/rules';
import { acknowledgeWildcardResources } from '../../validation/wildcard-findings';
import { nameWithCreateOnlyHash } from '../create-only-name';
import { IntegrationAlarm, createIntegrationAlarms } from '../integration-alarms';

const REPLICATOR_SERVICE = 'kafka.amazonaws.com';
const a = (...names: string[]) => names.map((name) => `kafka-cluster:${name}`);

// The service execution role's permissions, per side and feature, as the MSK developer guide
// documents them: "Service execution role permissions reference" and its pages "Topic replication
// permissions", "Topic configuration replication permissions", "ACL replication permissions" and
// "Consumer group offset sync permissions".

/** Cluster actions on both sides: connect, describe, and write idempotently (the replicator produces to both). */
export const REPLICATOR_CLUSTER_ACTIONS: ReadonlyArray<string> = a('Connect', 'DescribeCluster', 'WriteDataIdempotently');
/**
 * Name patterns of the replicator's internal topics (heartbeats, offset syncs, checkpoints), which it
 * keeps on both clusters.
 */
export const REPLICATOR_INTERNAL_TOPICS: ReadonlyArray<string> = ['*__amazon_msk_replicator_*', 'mskr-offset-syncs.*', '*.checkpoints.internal'];
/** What the replicator does with its internal topics, on both clusters. */
export const REPLICATOR_INTERNAL_TOPIC_ACTIONS: ReadonlyArray<string> = a(
  'CreateTopic', 'ReadData', 'WriteData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration', 'AlterTopic', 'AlterTopicDynamicConfiguration');
/** The replicator's own consumer groups on the target. */
export const REPLICATOR_INTERNAL_GROUPS: ReadonlyArray<string> = ['*__amazon_msk_replicator_*'];
/** Source data topics: read them and their configuration. Never written or altered. */
export const REPLICATOR_SOURCE_TOPIC_ACTIONS: ReadonlyArray<string> = a('ReadData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration');
/** Target data topics: create and write them; alter them only to copy the source configuration. */
export const REPLICATOR_TARGET_TOPIC_ACTIONS: ReadonlyArray<string> = a('CreateTopic', 'WriteData', 'DescribeTopic', 'DescribeTopicDynamicConfiguration');
/** Target data topics, with `copyTopicConfigurations`: apply the source configuration and partitions. */
export const REPLICATOR_TARGET_TOPIC_CONFIG_ACTIONS: ReadonlyArray<string> = a('AlterTopic', 'AlterTopicDynamicConfiguration');

/** Why the replicator's policy has wildcard resources (listed in README). */
export const REPLICATOR_WILDCARD_REASON = 'MSK Replicator keeps internal topics and groups whose names follow documented patterns on both clusters '
  + '(MSK developer guide, "Topic replication permissions"); replicated topics and groups are selected by regular expressions, which are '
  + 'granted as exact names or prefixes when they are plain names or a name followed by .*, else as every topic or group of exactly these two clusters.';

/** Subnets and security groups the replicator uses to reach one cluster: give `vpc` (with `vpcSubnets`) or `subnetIds`. */
export interface ReplicatorClusterNetwork {
  /**
   * The VPC of the replicator's network interfaces, with `vpcSubnets`.
   * @default - `subnetIds`
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets of `vpc` for the replicator's network interfaces: 2 or 3, in distinct AZs, that reach the brokers.
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Subnet ids for the replicator's network interfaces, when the VPC is not in the app.
   * @default - the subnets of `vpc`
   * @deprecated give `vpc` and `vpcSubnets`, as for other CDK constructs
   */
  readonly subnetIds?: string[];
  /**
   * Security groups of the replicator's network interfaces; the broker port 9098 is opened to
   * them when the cluster's security groups are known. Not needed for a cross-Region source.
   * @default - none: the VPC's default security group
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** Props of {@link KafkaReplicator}. */
export interface KafkaReplicatorProps {
  /** The cluster to copy from. IAM authentication required. */
  readonly source: IMskCluster;
  /** The cluster to copy to, in the replicator's Region and account. IAM authentication required. */
  readonly target: IMskCluster;
  /**
   * How the replicator reaches the source. Required for an imported source.
   * @default - the source's client subnets and a new security group allowed on its brokers (none across Regions)
   */
  readonly sourceNetwork?: ReplicatorClusterNetwork;
  /**
   * How the replicator reaches the target. Required for an imported target.
   * @default - the target's client subnets and a new security group allowed on its brokers
   */
  readonly targetNetwork?: ReplicatorClusterNetwork;
  /** Regular expressions of the topics to copy (1-100, each at most 249 characters), e.g. `['orders', 'logs\\..*']`. */
  readonly topicsToReplicate: string[];
  /**
   * Regular expressions of topics not to copy.
   * @default - none
   */
  readonly topicsToExclude?: string[];
  /**
   * Regular expressions of the consumer groups to copy (at most 100, each at most 256 characters).
   * @default ['.*']
   */
  readonly consumerGroupsToReplicate?: string[];
  /**
   * Regular expressions of consumer groups not to copy.
   * @default - none
   */
  readonly consumerGroupsToExclude?: string[];
  /**
   * Where replication starts. Fixed at creation.
   * @default ReplicationStartingPosition.latest()
   */
  readonly startingPosition?: ReplicationStartingPosition;
  /**
   * Names of the replicated topics on the target. Fixed at creation.
   * @default ReplicatedTopicNaming.prefixedWithSourceAlias()
   */
  readonly topicNaming?: ReplicatedTopicNaming;
  /**
   * Compression of the records written to the target. Fixed at creation.
   * @default ReplicationCompression.NONE
   */
  readonly compression?: ReplicationCompression;
  /**
   * Keep the target topics' configuration in line with the source topics.
   * @default true
   */
  readonly copyTopicConfigurations?: boolean;
  /**
   * Copy the Kafka ACLs of the replicated topics (only meaningful for SCRAM or mutual-TLS
   * clients; grants kafka-cluster:AlterCluster on the target). Not for MSK Serverless.
   * @default false
   */
  readonly copyAccessControlLists?: boolean;
  /**
   * Detect and copy new topics and partitions matching the patterns.
   * @default true
   */
  readonly detectAndCopyNewTopics?: boolean;
  /**
   * Detect and copy new consumer groups matching the patterns.
   * @default true
   */
  readonly detectAndCopyNewConsumerGroups?: boolean;
  /**
   * Write the translated offsets of the replicated groups to the target, so consumers can fail
   * over without reprocessing everything.
   * @default true
   */
  readonly synchroniseConsumerGroupOffsets?: boolean;
  /**
   * How group offsets are synchronized. Fixed at creation.
   * @default ConsumerGroupOffsetSync.legacy()
   */
  readonly consumerGroupOffsetSync?: ConsumerGroupOffsetSync;
  /**
   * Name of the replicator (letters, digits, '-'; at most 128). With a fixed name, changes that
   * replace the replicator fail (the old one still holds the name).
   * @default - derived from the construct path, plus a hash of the settings fixed at creation, so a replacement gets a new name
   */
  readonly replicatorName?: string;
  /**
   * Description of the replicator (at most 1024 characters). Fixed at creation.
   * @default - none
   */
  readonly description?: string;
  /**
   * A log group that receives the replicator's logs (encrypt it with a customer-managed key).
   * @default - no log delivery
   */
  readonly logGroup?: logs.ILogGroup;
  /**
   * Removal policy of the replicator. It holds no data: deleting it stops replication and
   * leaves the replicated topics on the target.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The recommended alarms (replication latency, message lag, replicator and replication failures,
   * consumer group offset sync failures). Their actions default to the **target** cluster's alarm
   * actions: MSK publishes the replicator's metrics in the target cluster's Region, where the
   * replicator runs, and an alarm can only notify a topic of its own Region.
   * @default - on, with the target cluster's alarm actions (none for an imported target)
   */
  readonly alarms?: IntegrationAlarmOptions;
  /**
   * The replication latency (ReplicationLatency, maximum over partitions) above which the latency
   * alarm fires when it lasts 15 minutes.
   * @default Duration.minutes(1)
   */
  readonly replicationLatencyAlarmThreshold?: Duration;
  /**
   * The number of source messages the replicator may stay behind (MessageLag, summed over
   * partitions) for 15 minutes before the lag alarm fires. Size it to your throughput: the number
   * of messages produced in the delay you accept.
   * @default 100000
   */
  readonly messageLagAlarmThreshold?: number;
}

/** Namespace of MSK Replicator metrics (MSK developer guide, "Monitor replication"). */
const REPLICATOR_NAMESPACE = 'AWS/Kafka';
const FIVE_MINUTES = Duration.minutes(5);

/**
 * An MSK Replicator (AWS::MSK::Replicator) that copies topics, their configuration and consumer
 * group offsets from a source cluster to a target cluster in the same account, in the same or
 * another Region. Create it in the target's Region.
 *
 * The service execution role trusts only MSK in this account and gets, in a customer-managed
 * policy, read access to the source and write access to the target, on exactly these two
 * clusters. For clusters defined in the app, the replicator gets a security group per cluster
 * that the brokers allow on the IAM port; across Regions, the source's cluster policy lets MSK
 * connect through multi-VPC private connectivity.
 *
 * Most settings are fixed at creation: changing them replaces the replicator, which starts
 * again from `startingPosition` (records may be copied twice). The default name changes with
 * them, so the replacement can be created before the old replicator is deleted.
 */
export class KafkaReplicator extends Resource {
  /** ARN of the replicator. */
  public readonly replicatorArn: string;
  /** Name of the replicator. */
  public readonly replicatorName: string;
  /** The service execution role. */
  public readonly role: iam.IRole;
  /** The customer-managed policy of the role. */
  public readonly policy: iam.ManagedPolicy;
  /** The security groups the library created for the replicator's network interfaces. */
  public readonly securityGroups: ec2.ISecurityGroup[];
  /** The underlying AWS::MSK::Replicator. */
  public readonly cfnReplicator: msk.CfnReplicator;
  /** The recommended alarms (empty with `alarms: { enabled: false }`). */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: KafkaReplicatorProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    const stack = Stack.of(this);
    const source = describe('source', props.source, props.sourceNetwork);
    const target = describe('target', props.target, props.targetNetwork);
    const topicNaming = props.topicNaming ?? ReplicatedTopicNaming.prefixedWithSourceAlias();
    const offsetSync = props.consumerGroupOffsetSync ?? ConsumerGroupOffsetSync.legacy();
    const copyAccessControlLists = props.copyAccessControlLists ?? false;
    const groups = props.consumerGroupsToReplicate ?? ['.*'];
    const facts = {
      source: source.facts,
      target: target.facts,
      sameCluster: props.source === props.target || sameLiteral(props.source, props.target),
      region: literalOrUndefined(stack.region),
      account: literalOrUndefined(stack.account),
      name: props.replicatorName,
      description: props.description,
      topics: props.topicsToReplicate,
      topicsToExclude: props.topicsToExclude ?? [],
      groups,
      groupsToExclude: props.consumerGroupsToExclude ?? [],
      copyAccessControlLists,
      topicNaming: topicNaming.value,
      offsetSync: offsetSync.value,
    };
    checkRules(this, 'KafkaReplicator', REPLICATOR_RULES, facts);
    warnRules(this, REPLICATOR_WARNINGS, facts);
    const crossRegion = source.facts.region !== undefined && target.facts.region !== undefined && source.facts.region !== target.facts.region;

    // Identity: only MSK in this account may assume the role; grants in a managed policy.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal(REPLICATOR_SERVICE).withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } }),
      description: `Service execution role of MSK Replicator ${this.node.path}`,
    });
    const grantee = new ManagedPolicyGrantee(this, 'Access', { role: this.role });
    this.policy = grantee.policy;
    const statements = grantReplication(grantee, props.source, props.target, {
      topics: namePatterns(props.topicsToReplicate),
      groups: namePatterns(groups),
      prefixedTopics: topicNaming.value === ReplicatedTopicNaming.prefixedWithSourceAlias().value,
      copyTopicConfigurations: props.copyTopicConfigurations ?? true,
      copyAccessControlLists,
      synchroniseGroupOffsets: props.synchroniseConsumerGroupOffsets ?? true,
    });
    acknowledgeWildcardResources(this.policy, statements, REPLICATOR_WILDCARD_REASON);

    // Network: one group per cluster defined here, allowed on its brokers (none for a cross-Region source).
    this.securityGroups = [];
    const sourceGroups = this.networkGroups('Source', props.source, source.info, props.sourceNetwork, crossRegion);
    const targetGroups = this.networkGroups('Target', props.target, target.info, props.targetNetwork, false);
    if (crossRegion && props.source instanceof ProvisionedCluster && source.info.multiVpcIam) {
      // What MSK documents for a cross-Region source ("Prepare the Amazon MSK source cluster"): MSK may
      // create its VPC connection and read the brokers; no kafka:DescribeCluster.
      props.source.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowMskReplicatorVpcConnection',
        principals: [new iam.ServicePrincipal(REPLICATOR_SERVICE)],
        actions: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
        resources: [props.source.clusterArn],
      }));
    }

    const kafkaCluster = (cluster: IMskCluster, subnetIds: string[], groupsOfSide: ec2.ISecurityGroup[]): msk.CfnReplicator.KafkaClusterProperty => ({
      amazonMskCluster: { mskClusterArn: cluster.clusterArn },
      vpcConfig: {
        subnetIds,
        securityGroupIds: groupsOfSide.length > 0 ? groupsOfSide.map((group) => group.securityGroupId) : undefined,
      },
    });
    const kafkaClusters = [
      kafkaCluster(props.source, source.subnetIds, sourceGroups),
      kafkaCluster(props.target, target.subnetIds, targetGroups),
    ];
    const fixedAtCreation = {
      description: props.description,
      kafkaClusters,
      source: props.source.clusterArn,
      target: props.target.clusterArn,
      compression: (props.compression ?? ReplicationCompression.NONE).value,
      startingPosition: (props.startingPosition ?? ReplicationStartingPosition.latest()).value,
      topicNaming: topicNaming.value,
      offsetSync: offsetSync.value,
      role: this.role.roleArn,
    };

    this.cfnReplicator = new msk.CfnReplicator(this, 'Resource', {
      replicatorName: props.replicatorName
        ?? Lazy.string({ produce: () => nameWithCreateOnlyHash(this, fixedAtCreation, { maxLength: MAX_REPLICATOR_NAME_LENGTH }) }),
      description: props.description,
      serviceExecutionRoleArn: this.role.roleArn,
      kafkaClusters,
      replicationInfoList: [{
        sourceKafkaClusterArn: props.source.clusterArn,
        targetKafkaClusterArn: props.target.clusterArn,
        targetCompressionType: fixedAtCreation.compression,
        topicReplication: {
          topicsToReplicate: props.topicsToReplicate,
          topicsToExclude: props.topicsToExclude,
          copyTopicConfigurations: props.copyTopicConfigurations ?? true,
          copyAccessControlListsForTopics: copyAccessControlLists,
          detectAndCopyNewTopics: props.detectAndCopyNewTopics ?? true,
          startingPosition: { type: fixedAtCreation.startingPosition },
          topicNameConfiguration: { type: topicNaming.value },
        },
        consumerGroupReplication: {
          consumerGroupsToReplicate: groups,
          consumerGroupsToExclude: props.consumerGroupsToExclude,
          detectAndCopyNewConsumerGroups: props.detectAndCopyNewConsumerGroups ?? true,
          synchroniseConsumerGroupOffsets: props.synchroniseConsumerGroupOffsets ?? true,
          consumerGroupOffsetSyncMode: offsetSync.value,
        },
      }],
      logDelivery: props.logGroup
        ? { replicatorLogDelivery: { cloudWatchLogs: { enabled: true, logGroup: props.logGroup.logGroupName } } }
        : undefined,
    });
    this.cfnReplicator.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.DESTROY);
    // The service checks the role's access when the replicator is created.
    this.cfnReplicator.node.addDependency(this.policy);
    this.replicatorArn = this.cfnReplicator.attrReplicatorArn;
    this.replicatorName = this.cfnReplicator.replicatorName;
    this.alarms = createIntegrationAlarms(this, props.alarms, () => props.target.alarmActions,
      this.recommendedAlarms(props, props.synchroniseConsumerGroupOffsets ?? true));
  }

  /**
   * An MSK Replicator metric of this replicator (namespace AWS/Kafka, dimension ReplicatorName), e.g.
   * `ReplicationLatency`, `MessageLag`, `ReplicatorThroughput`. Dimensions given in `props` are added to
   * ReplicatorName, e.g. `{ Topic: 'logs' }` for a topic, or `{ ClusterAlias: ... }` for AuthError,
   * ThrottleTime and KafkaClusterPingSuccessCount (MSK developer guide, "Metrics reference" of MSK Replicator).
   * @default - Average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: REPLICATOR_NAMESPACE,
      metricName,
      period: FIVE_MINUTES,
      ...props,
      dimensionsMap: { ReplicatorName: this.replicatorName, ...props?.dimensionsMap },
    }).attachTo(this);
  }

  /**
   * Time records take from being produced on the source to being written on the target, in
   * milliseconds (ReplicationLatency, the maximum over partitions). Maximum over 5 minutes.
   */
  public metricReplicationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ReplicationLatency', { statistic: 'Maximum', ...props });
  }

  /**
   * Messages produced to the source that the replicator has not consumed yet (MessageLag, the sum
   * over partitions; not the lag between source and target). Maximum over 5 minutes.
   */
  public metricMessageLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('MessageLag', { statistic: 'Maximum', ...props });
  }

  /** Bytes replicated per second (ReplicatorThroughput). Average over 5 minutes. */
  public metricReplicatorThroughput(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ReplicatorThroughput', { statistic: 'Average', ...props });
  }

  /** Bytes the replicator processes per second, including records it filters out (ReplicatorBytesInPerSec). Average over 5 minutes. */
  public metricReplicatorBytesInPerSec(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ReplicatorBytesInPerSec', { statistic: 'Average', ...props });
  }

  /** Failures the replicator is experiencing (ReplicatorFailure). Sum over 5 minutes. */
  public metricReplicatorFailure(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ReplicatorFailure', { statistic: 'Sum', ...props });
  }

  /**
   * Records that failed to replicate, e.g. above the message size limit or with invalid timestamps
   * (ReplicationFailures; 0 when healthy). Sum over 5 minutes.
   */
  public metricReplicationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ReplicationFailures', { statistic: 'Sum', ...props });
  }

  /** Consumer group offset synchronization failures (ConsumerGroupOffsetSyncFailure; 0 when healthy). Sum over 5 minutes. */
  public metricConsumerGroupOffsetSyncFailure(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConsumerGroupOffsetSyncFailure', { statistic: 'Sum', ...props });
  }

  /**
   * The recommended alarms (docs/ALARMS.md, "Integration alarms"). Metrics, units and "should be 0"
   * come from the MSK developer guide, "Metrics reference" (MSK Replicator); AWS gives no threshold
   * for latency or lag, so those are props with the defaults justified below.
   */
  private recommendedAlarms(props: KafkaReplicatorProps, offsetSync: boolean): IntegrationAlarm[] {
    const latency = props.replicationLatencyAlarmThreshold ?? Duration.minutes(1);
    const lag = props.messageLagAlarmThreshold ?? 100_000;
    const alarms: IntegrationAlarm[] = [
      {
        id: 'ReplicationLatencyAlarm',
        definition: {
          // The replicator copies within seconds when it keeps up; a maximum above the threshold in three
          // consecutive 5-minute periods is a sustained delay, not a burst. Missing data: the source topics
          // are idle (nothing to replicate), which is not a delay: notBreaching.
          metric: this.metricReplicationLatency(),
          threshold: latency.toMilliseconds(),
          comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          summary: `Records of MSK Replicator ${this.node.path} take more than ${latency.isUnresolved() ? 'the threshold' : latency.toHumanString()} to reach the target cluster (ReplicationLatency, 15 minutes).`,
          action: 'Check the replicator\'s throughput against the source and for throttling (ThrottleTime); AWS advises enough partitions for the '
            + 'throughput, as a low partition count causes high replication latency.',
        },
      },
      {
        id: 'MessageLagAlarm',
        definition: {
          // MessageLag grows while the replicator falls behind the source (it drops back to 0 once it caught
          // up); above the threshold for 15 minutes it is not catching up. Missing data: no lag reported (idle
          // topics): notBreaching.
          metric: this.metricMessageLag(),
          threshold: lag,
          comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          summary: `MSK Replicator ${this.node.path} is more than ${Token.isUnresolved(lag) ? 'the threshold of' : lag} messages behind the source cluster for 15 minutes (MessageLag).`,
          action: 'Check that the source cluster is reachable (KafkaClusterPingSuccessCount, AuthError) and whether the source produces more than '
            + 'the replicator copies (ReplicatorThroughput).',
        },
      },
      {
        id: 'ReplicatorFailureAlarm',
        definition: {
          // Any failure counts; the metric is only reported when there is something to count: notBreaching.
          metric: this.metricReplicatorFailure(),
          threshold: 0,
          comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          summary: `MSK Replicator ${this.node.path} reports failures (ReplicatorFailure).`,
          action: 'Read the replicator\'s logs and its state in the MSK console; check its role\'s permissions and the network path to both '
            + 'clusters (AuthError, KafkaClusterPingSuccessCount).',
        },
      },
      {
        id: 'ReplicationFailuresAlarm',
        definition: {
          // AWS: "Should be 0 for healthy replication". Missing data means nothing failed: notBreaching.
          metric: this.metricReplicationFailures(),
          threshold: 0,
          comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          summary: `MSK Replicator ${this.node.path} failed to replicate records (ReplicationFailures).`,
          action: 'Compare the source records with the target\'s limits: message size (max.message.bytes), timestamps and record batch size.',
        },
      },
    ];
    if (offsetSync) {
      alarms.push({
        id: 'ConsumerGroupOffsetSyncFailureAlarm',
        definition: {
          // AWS: "Should be 0". Missing data means no failure: notBreaching.
          metric: this.metricConsumerGroupOffsetSyncFailure(),
          threshold: 0,
          comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          summary: `MSK Replicator ${this.node.path} fails to synchronize consumer group offsets to the target (ConsumerGroupOffsetSyncFailure).`,
          action: 'Check that the replicated consumer groups are active on the source and that the replicator may describe them there and '
            + 'alter them on the target.',
        },
      });
    }
    return alarms;
  }

  /**
   * The security groups for one side: the given ones, or a new group in the VPC of a cluster
   * defined here (none for a cross-Region source); the brokers allow them on the IAM port.
   */
  private networkGroups(side: string, cluster: IMskCluster, info: ClusterNetworkInfo,
    network: ReplicatorClusterNetwork | undefined, crossRegionSource: boolean): ec2.ISecurityGroup[] {
    let groups = network?.securityGroups ?? [];
    if (network === undefined && info.definedHere && info.vpc && !crossRegionSource) {
      const group = new ec2.SecurityGroup(this, `${side}SecurityGroup`, {
        vpc: info.vpc,
        description: `MSK Replicator ${this.node.path} to ${side.toLowerCase()} cluster ${cluster.node.path}`,
        allowAllOutbound: false,
      });
      this.securityGroups.push(group);
      groups = [group];
    }
    for (const group of groups) {
      cluster.connections.allowFrom(group, ec2.Port.tcp(BrokerPorts.SASL_IAM), `MSK Replicator ${this.node.path}`);
    }
    return groups;
  }
}

/** One side of the replication: network facts, subnets, and what the rules check. */
function describe(role: string, cluster: IMskCluster, network: ReplicatorClusterNetwork | undefined) {
  const info = clusterInternals(cluster).assumedNetwork;
  const provisioned = cluster instanceof ProvisionedCluster ? cluster : undefined;
  const networkSubnets = network?.vpc !== undefined ? network.vpc.selectSubnets(network.vpcSubnets).subnetIds : network?.subnetIds;
  const subnetIds = networkSubnets ?? info.subnetIds ?? [];
  const subnetsKnown = (networkSubnets !== undefined || info.subnetIds !== undefined) && !Token.isUnresolved(subnetIds);
  const facts: ReplicatorClusterFacts = {
    role,
    path: cluster.node.path,
    kind: info.kind,
    definedHere: info.definedHere,
    iam: info.clientAuthentication.iamEnabled,
    brokers: provisioned?.numberOfBrokerNodes,
    azs: info.subnetIds?.length,
    instanceType: provisioned?.instanceType.instanceType,
    burstable: provisioned?.instanceType.isBurstable ?? false,
    multiVpcIam: info.multiVpcIam,
    region: info.definedHere ? literalOrUndefined(Stack.of(cluster).region) : arnPart(cluster, 3),
    account: info.definedHere ? literalOrUndefined(Stack.of(cluster).account) : arnPart(cluster, 4),
    networkGiven: network !== undefined,
    networkSubnetSources: network === undefined ? undefined : (network.vpc !== undefined ? 1 : 0) + (network.subnetIds !== undefined ? 1 : 0),
    subnetCount: subnetsKnown ? subnetIds.length : undefined,
    securityGroupCount: network?.securityGroups?.length,
  };
  return { info, facts, subnetIds };
}

/** A field of a literal cluster ARN (3: Region, 4: account); undefined for tokens or imports by name. */
function arnPart(cluster: IMskCluster, index: number): string | undefined {
  let arn: string;
  try {
    arn = cluster.clusterArn;
  } catch {
    return undefined;
  }
  const env = literalArnEnvironment(arn);
  return literalOrUndefined(index === 3 ? env?.region : env?.account);
}

/** True when both clusters have the same literal ARN. */
function sameLiteral(x: IMskCluster, y: IMskCluster): boolean {
  try {
    return !Token.isUnresolved(x.clusterArn) && x.clusterArn === y.clusterArn;
  } catch {
    return false;
  }
}

function literalOrUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' || Token.isUnresolved(value) ? undefined : value;
}

/** What decides the replicator's permissions. */
interface ReplicationGrants {
  /** IAM name patterns of the replicated topics (source names). */
  readonly topics: string[];
  /** IAM name patterns of the replicated consumer groups. */
  readonly groups: string[];
  /** True when target topics are named `<source alias>.<source name>`. */
  readonly prefixedTopics: boolean;
  readonly copyTopicConfigurations: boolean;
  readonly copyAccessControlLists: boolean;
  readonly synchroniseGroupOffsets: boolean;
}

/**
 * The documented least privilege of each side (see REPLICATOR_CLUSTER_ACTIONS): read on the source
 * (plus the replicator's internal topics there), write on the target.
 */
function grantReplication(grantee: iam.IGrantable, source: IMskCluster, target: IMskCluster, g: ReplicationGrants): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  const allow = (actions: ReadonlyArray<string>, resources: string[]) => {
    statements.push(...iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: resources }).principalStatements);
  };
  const src = arnsOf(source);
  const dst = arnsOf(target);

  // Source: connect; read the replicated topics; keep the internal topics; read the groups' offsets.
  allow(REPLICATOR_CLUSTER_ACTIONS, [src.cluster()]);
  allow(REPLICATOR_INTERNAL_TOPIC_ACTIONS, REPLICATOR_INTERNAL_TOPICS.map((t) => src.topic(t)));
  allow(REPLICATOR_SOURCE_TOPIC_ACTIONS, g.topics.map((t) => src.topic(t)));
  if (g.synchroniseGroupOffsets) {
    allow(a('DescribeGroup'), g.groups.map((group) => src.group(group)));
  }

  // Target: connect (and write ACLs); keep the internal topics; create and write the replicated
  // topics (and copy their configuration); commit the translated group offsets.
  allow(g.copyAccessControlLists ? [...REPLICATOR_CLUSTER_ACTIONS, 'kafka-cluster:AlterCluster'] : REPLICATOR_CLUSTER_ACTIONS, [dst.cluster()]);
  allow(REPLICATOR_INTERNAL_TOPIC_ACTIONS, REPLICATOR_INTERNAL_TOPICS.map((t) => dst.topic(t)));
  const targetTopics = g.topics.map((t) => (g.prefixedTopics && t !== '*' ? `*.${t}` : t));
  allow(g.copyTopicConfigurations ? [...REPLICATOR_TARGET_TOPIC_ACTIONS, ...REPLICATOR_TARGET_TOPIC_CONFIG_ACTIONS] : REPLICATOR_TARGET_TOPIC_ACTIONS,
    targetTopics.map((t) => dst.topic(t)));
  const targetGroups = g.synchroniseGroupOffsets && g.groups.includes('*') ? ['*']
    : [...REPLICATOR_INTERNAL_GROUPS, ...(g.synchroniseGroupOffsets ? g.groups : [])];
  allow(a('AlterGroup', 'DescribeGroup'), targetGroups.map((group) => dst.group(group)));
  return statements;
}

function arnsOf(cluster: IMskCluster): ClusterArns {
  return clusterInternals(cluster).arns;
}

/**
 * IAM name patterns for the replicator's regular expressions: a plain name (letters, digits, '_',
 * '-', escaped dots) is itself, a plain name followed by `.*` is a prefix; when any expression is
 * anything else (or a token), every name ('*'). Replicator patterns match whole names, as MSK's
 * permission examples pair `my-app-.*` with the resource `my-app-*`.
 */
export function namePatterns(expressions: string[]): string[] {
  const globs = expressions.map((expression) => {
    if (Token.isUnresolved(expression)) {
      return undefined;
    }
    const prefix = expression.endsWith('.*');
    const body = prefix ? expression.slice(0, -2) : expression;
    if (!/^(?:[A-Za-z0-9_-]|\\\.)*$/.test(body) || (body === '' && !prefix)) {
      return undefined;
    }
    return `${body.replace(/\\\./g, '.')}${prefix ? '*' : ''}`;
  });
  return globs.some((glob) => glob === undefined) || globs.includes('*') ? ['*'] : [...new Set(globs as string[])];
}

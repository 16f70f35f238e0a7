import { Duration, Resource, Token, aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_iam as iam, aws_sns as sns } from 'aws-cdk-lib';
import { CLUSTER_ERRORS, CLUSTER_WARNINGS } from './cluster-errors';
import { ClusterNetworkInfo } from './cluster-network';
import { IMskCluster, IProvisionedCluster } from './cluster-ref';
import { Topic, TopicOptions } from './topic';
import { ClusterArns } from '../auth/cluster-arns';
import { grantActionSet } from '../auth/grants';
import type { KafkaAclAccess } from '../auth/kafka-acls/kafka-acl-access';
import { checkKafkaName } from '../auth/kafka-names';
import { ADMIN, CONNECT, CONSUME, PRODUCE, TRANSACTIONAL_PRODUCE, actionsFor } from '../auth/permissions';
import { MetricFactory } from '../monitoring/metric-factory';
import { registerRules } from '../validation/registry';
import { checkRules, Rule } from '../validation/rules';

/**
 * What a cluster allows for topics declared on it.
 * @internal
 */
export interface TopicLimits {
  /** Why topics cannot be declared on this cluster, if they cannot. */
  readonly unsupported?: string;
  /** Replication factor used when a topic gives none. */
  readonly defaultReplicationFactor: number;
  /** Number of brokers, when known. */
  readonly brokerCount?: number;
  /** A replication factor the cluster imposes (Express: 3). */
  readonly requiredReplicationFactor?: number;
  /** Recommended and maximum partition replicas per broker, when known. */
  readonly recommendedPartitionsPerBroker?: number;
  readonly maxPartitionsPerBroker?: number;
  /** The instance type, for messages. */
  readonly instanceType?: string;
}

interface TopicBudgetFacts {
  readonly limits: TopicLimits;
  readonly options: TopicOptions;
  readonly replicationFactor: number;
  readonly replicasPerBroker?: number;
}

const ONE_MINUTE = Duration.minutes(1);

const TOPIC_ON_CLUSTER_RULES: ReadonlyArray<Rule<TopicBudgetFacts>> = [
  {
    id: 'TopicsUnsupported',
    failsWhen: (f) => f.limits.unsupported !== undefined,
    message: (f) => `addTopic: ${f.limits.unsupported}`,
  },
  {
    id: 'TopicReplicationAboveBrokers',
    failsWhen: (f) => f.limits.brokerCount !== undefined && !Token.isUnresolved(f.replicationFactor)
      && !Token.isUnresolved(f.limits.brokerCount) && f.replicationFactor > f.limits.brokerCount,
    message: (f) => `replicationFactor: ${f.replicationFactor} is more than the ${f.limits.brokerCount} brokers of the cluster. Fix: use at most ${f.limits.brokerCount}.`,
  },
  {
    id: 'TopicReplicationFixed',
    failsWhen: (f) => f.limits.requiredReplicationFactor !== undefined && !Token.isUnresolved(f.replicationFactor)
      && f.replicationFactor !== f.limits.requiredReplicationFactor,
    message: (f) => `replicationFactor: ${f.limits.instanceType} brokers replicate every partition ${f.limits.requiredReplicationFactor} times. Fix: omit replicationFactor.`,
  },
  {
    id: 'TopicPartitionsAboveMax',
    failsWhen: (f) => f.replicasPerBroker !== undefined && f.limits.maxPartitionsPerBroker !== undefined
      && f.replicasPerBroker > f.limits.maxPartitionsPerBroker,
    message: (f) => `partitions: the declared topics put ${Math.ceil(f.replicasPerBroker!)} partition replicas on each broker, above the ${f.limits.maxPartitionsPerBroker} that ${f.limits.instanceType} allows (MSK then blocks configuration updates). Fix: use fewer partitions, more brokers (brokersPerAz) or a larger instance type.`,
  },
];
registerRules({ name: 'TOPIC_ON_CLUSTER_RULES', file: 'src/cluster/cluster-base.ts', severity: 'error', checkedBy: ['addTopic'] }, TOPIC_ON_CLUSTER_RULES);


interface GrantFacts {
  readonly actions: string[];
}

/** The IAM service prefixes of MSK: `kafka` (control plane) and `kafka-cluster` (Kafka data plane). */
const MSK_ACTION = /^(kafka|kafka-cluster):[A-Za-z*]+$/;

const GRANT_RULES: ReadonlyArray<Rule<GrantFacts>> = [
  {
    id: 'GrantActionsMissing',
    failsWhen: (f) => f.actions.length === 0,
    message: () => 'actions: none given. Fix: name at least one action, e.g. grant(role, \'kafka-cluster:DescribeCluster\').',
  },
  {
    id: 'GrantActionNotMsk',
    failsWhen: (f) => f.actions.some((a) => !Token.isUnresolved(a) && !MSK_ACTION.test(a)),
    // Service prefixes: Service Authorization Reference, "Actions, resources, and condition keys for
    // Amazon Managed Streaming for Apache Kafka" (kafka:) and "... for Apache Kafka APIs for Amazon MSK clusters" (kafka-cluster:).
    message: (f) => `actions: ${f.actions.filter((a) => !Token.isUnresolved(a) && !MSK_ACTION.test(a)).map((a) => `'${a}'`).join(', ')} `
      + 'is not an MSK action on a cluster ARN (kafka:<Action> or kafka-cluster:<Action>). '
      + 'Fix: use kafka-cluster: or kafka: actions here, and grant other services\' actions on their own resources.',
  },
];
registerRules({ name: 'GRANT_RULES', file: 'src/cluster/cluster-base.ts', severity: 'error', checkedBy: ['grant'] }, GRANT_RULES);


/**
 * The alarms, alarm actions and dashboard a monitoring construct gives a cluster.
 * @internal
 */
export interface MonitoringAttachment {
  readonly alarms: cloudwatch.Alarm[];
  readonly alarmActions: cloudwatch.IAlarmAction[];
  readonly alarmTopic?: sns.ITopic;
  readonly dashboard?: cloudwatch.Dashboard;
  addConsumerLagAlarm(consumerGroup: string, topic: string, threshold: number): cloudwatch.Alarm;
}

/**
 * What provisioned, serverless and imported clusters share: connections, IAM grants derived
 * from the cluster ARN (or name), cluster-, topic- and consumer-level metrics, and the alarms of
 * the cluster's monitoring (`MskClusterMonitoring`).
 */
export abstract class ClusterBase extends Resource implements IMskCluster {
  public abstract readonly clusterArn: string;
  public abstract readonly clusterName: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly bootstrapBrokers: string;

  private metricFactory?: MetricFactory;

  /**
   * The alarms and dashboard of the cluster: created with a cluster defined in this app, or by an
   * `MskClusterMonitoring` of an imported cluster.
   * @internal
   */
  protected _monitoring?: MonitoringAttachment;

  /**
   * Grants `actions` (MSK actions: `kafka-cluster:...` or `kafka:...`) on the cluster ARN, for what
   * the other grant methods do not cover. Topic, group and transactional-id actions need their own
   * ARNs: use grantProduce, grantConsume, grantTransactionalProduce or grantAdmin for those.
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    checkRules(this, 'grant', GRANT_RULES, { actions });
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this._policyArns().cluster()] });
  }

  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return grantActionSet(grantee, this._policyArns(), CONNECT, {});
  }

  public grantProduce(grantee: iam.IGrantable, topicName: string): iam.Grant {
    checkKafkaName(topicName, 'topicName', 'grantProduce', true);
    return grantActionSet(grantee, this._policyArns(), PRODUCE, { topic: topicName });
  }

  public grantConsume(grantee: iam.IGrantable, topicName: string, consumerGroup: string): iam.Grant {
    checkKafkaName(topicName, 'topicName', 'grantConsume', true);
    checkKafkaName(consumerGroup, 'consumerGroup', 'grantConsume', true);
    return grantActionSet(grantee, this._policyArns(), CONSUME, { topic: topicName, group: consumerGroup });
  }

  public grantTransactionalProduce(grantee: iam.IGrantable, topicName: string, transactionalId: string): iam.Grant {
    checkKafkaName(topicName, 'topicName', 'grantTransactionalProduce', true);
    checkKafkaName(transactionalId, 'transactionalId', 'grantTransactionalProduce', true);
    return grantActionSet(grantee, this._policyArns(), TRANSACTIONAL_PRODUCE, { topic: topicName, transactionalId });
  }

  public grantAdmin(grantee: iam.IGrantable, topicPattern: string = '*', groupPattern: string = '*'): iam.Grant {
    checkKafkaName(topicPattern, 'topicPattern', 'grantAdmin', true);
    checkKafkaName(groupPattern, 'groupPattern', 'grantAdmin', true);
    return grantActionSet(grantee, this._policyArns(), actionsFor(ADMIN, this._networkInfo().kind), { topic: topicPattern, group: groupPattern });
  }

  /**
   * An MSK metric of this cluster (namespace AWS/Kafka, dimension "Cluster Name"); add more
   * dimensions with `props.dimensionsMap`.
   * @default - statistic and period as documented in docs/ALARMS.md (Average over 5 minutes for others)
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._metrics().metric(metricName, {}, props);
  }

  /** Bytes per second received on a topic (the throughput metric of MSK Serverless). Sum over 1 minute. */
  public metricTopicBytesInPerSec(topic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._metrics().topic('BytesInPerSec', topic, { statistic: 'Sum', period: ONE_MINUTE, ...props });
  }

  /** Bytes per second sent from a topic (MSK Serverless). Sum over 1 minute. */
  public metricTopicBytesOutPerSec(topic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._metrics().topic('BytesOutPerSec', topic, { statistic: 'Sum', period: ONE_MINUTE, ...props });
  }

  /** Largest offset lag of the consumer group on the topic, in messages. Maximum over 1 minute. */
  public metricMaxOffsetLag(consumerGroup: string, topic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._metrics().consumer('MaxOffsetLag', consumerGroup, topic, props);
  }

  /** Total offset lag of the consumer group on the topic, in messages. Maximum over 1 minute. */
  public metricSumOffsetLag(consumerGroup: string, topic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._metrics().consumer('SumOffsetLag', consumerGroup, topic, props);
  }

  /**
   * Estimated time, in seconds, the consumer group needs to catch up on the topic. Maximum over 1 minute.
   * MSK names it EstimatedMaxTimeLag on provisioned clusters and MaxEstimatedTimeLag on MSK Serverless
   * (MSK developer guide, "Monitoring MSK Serverless clusters"): the metric follows the cluster's kind.
   */
  public metricEstimatedMaxTimeLag(consumerGroup: string, topic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const metricName = this._networkInfo().kind === 'serverless' ? 'MaxEstimatedTimeLag' : 'EstimatedMaxTimeLag';
    return this._metrics().consumer(metricName, consumerGroup, topic, props);
  }

  /** Every alarm the cluster created (recommended alarms, then consumer-lag alarms). */
  public get alarms(): cloudwatch.Alarm[] {
    return [...(this._monitoring?.alarms ?? [])];
  }

  public get alarmActions(): cloudwatch.IAlarmAction[] {
    return this._monitoring?.alarmActions ?? [];
  }

  /**
   * The SNS topic the cluster's alarms notify, which the library created: subscribe people or tools to it.
   * A cluster whose alarms notify a topic or actions you gave (`alarms.topic`, `alarms.actions`), whose alarms
   * are off, or an imported cluster without an `MskClusterMonitoring`, has none: reading it then fails and says
   * why (`cluster.alarmActions` works for every cluster).
   */
  public get alarmTopic(): sns.ITopic {
    const topic = this._monitoring?.alarmTopic;
    if (topic === undefined) {
      throw CLUSTER_ERRORS.error(this, 'AlarmTopicAbsent', this.node.path, this._monitoring === undefined
        ? 'it is imported and no MskClusterMonitoring watches it'
        : 'its alarms are off, or notify the alarms.topic or alarms.actions given');
    }
    return topic;
  }

  /**
   * The cluster's CloudWatch dashboard. A cluster created with `dashboard: false`, or an imported cluster without
   * an `MskClusterMonitoring`, has none: reading it then fails and says why.
   */
  public get dashboard(): cloudwatch.Dashboard {
    const dashboard = this._monitoring?.dashboard;
    if (dashboard === undefined) {
      throw CLUSTER_ERRORS.error(this, 'DashboardAbsent', this.node.path, this._monitoring === undefined
        ? 'it is imported and no MskClusterMonitoring watches it' : 'it was created with dashboard: false');
    }
    return dashboard;
  }

  /**
   * Alarms when `consumerGroup` stays more than `threshold` messages behind on `topic` for
   * 5 minutes (MaxOffsetLag), and shows the lag on the dashboard.
   */
  public addConsumerLagAlarm(consumerGroup: string, topic: string, threshold: number): cloudwatch.Alarm {
    return this.monitoringOrThrow('addConsumerLagAlarm').addConsumerLagAlarm(consumerGroup, topic, threshold);
  }

  /**
   * Makes `monitoring` the cluster's alarms, alarm actions and dashboard, unless it has some already.
   * @internal
   */
  public _attachMonitoring(monitoring: MonitoringAttachment): boolean {
    if (this._monitoring) {
      return false;
    }
    this._monitoring = monitoring;
    return true;
  }

  private monitoringOrThrow(method: string): MonitoringAttachment {
    if (!this._monitoring) {
      throw CLUSTER_ERRORS.errorAs(this.constructor.name, this, 'ImportedClusterNoAlarmActions', method, this.node.path);
    }
    return this._monitoring;
  }

  /**
   * The metric factory of this cluster.
   * @internal
   */
  protected _metrics(): MetricFactory {
    this.metricFactory ??= new MetricFactory(this, this.clusterName);
    return this.metricFactory;
  }

  /**
   * ARNs used in IAM policies.
   * @internal
   */
  public abstract _policyArns(): ClusterArns;

  /**
   * Kind, authentication and network of the cluster, for integrations.
   * @internal
   */
  public abstract _networkInfo(): ClusterNetworkInfo;

  /**
   * What Kafka ACL management needs of the cluster (provisioned clusters defined in this app only).
   * @internal
   */
  public _kafkaAclAccess(): KafkaAclAccess | undefined {
    return undefined;
  }
}

/**
 * What provisioned clusters, defined in this app or imported, add to {@link ClusterBase}: topics
 * (AWS::MSK::Topic exists for provisioned clusters only) and broker-level metrics.
 */
export abstract class ProvisionedClusterBase extends ClusterBase implements IProvisionedCluster {
  public abstract readonly bootstrapBrokersSaslIam: string;
  public abstract readonly bootstrapBrokersSaslScram: string;
  public abstract readonly bootstrapBrokersTls: string;

  /** Partition replicas of the topics declared so far (partitions × replication factor). */
  private declaredReplicas = 0;

  /**
   * Declares a topic (AWS::MSK::Topic), checked against the cluster's broker count and partition limits.
   */
  public addTopic(id: string, options: TopicOptions): Topic {
    const limits = this._topicLimits();
    const replicationFactor = options.replicationFactor ?? limits.requiredReplicationFactor ?? limits.defaultReplicationFactor;
    const countable = [options.partitions, replicationFactor, limits.brokerCount ?? NaN].every((n) => !Token.isUnresolved(n));
    const replicas = countable ? this.declaredReplicas + options.partitions * replicationFactor : undefined;
    const replicasPerBroker = replicas !== undefined && limits.brokerCount ? replicas / limits.brokerCount : undefined;
    checkRules(this, 'addTopic', TOPIC_ON_CLUSTER_RULES, { limits, options, replicationFactor, replicasPerBroker });

    const topic = new Topic(this, id, { ...options, replicationFactor, cluster: this });
    if (replicas !== undefined) {
      this.declaredReplicas = replicas;
    }
    const recommended = limits.recommendedPartitionsPerBroker;
    if (replicasPerBroker !== undefined && recommended !== undefined && replicasPerBroker > recommended) {
      CLUSTER_WARNINGS.warn(this, 'PartitionsAboveRecommended', Math.ceil(replicasPerBroker), recommended, limits.instanceType ?? 'this instance type');
    }
    return topic;
  }

  /** A per-broker metric (dimensions "Cluster Name" and "Broker ID"). */
  public metricForBroker(metricName: string, brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._metrics().broker(metricName, brokerId, props);
  }

  /** Percent of the broker's data volume in use. Maximum over 5 minutes. */
  public metricKafkaDataLogsDiskUsed(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('KafkaDataLogsDiskUsed', brokerId, props);
  }

  /** Percent of CPU in user space. Average over 5 minutes. */
  public metricCpuUser(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('CpuUser', brokerId, props);
  }

  /** Percent of CPU in kernel space. Average over 5 minutes. */
  public metricCpuSystem(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('CpuSystem', brokerId, props);
  }

  /** Active controllers in the cluster (should be 1). Maximum over 1 minute. */
  public metricActiveControllerCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ActiveControllerCount', props);
  }

  /** Partitions without a leader. Sum over 1 minute. */
  public metricOfflinePartitionsCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('OfflinePartitionsCount', props);
  }

  /** Under-replicated partitions on the broker. Maximum over 5 minutes. */
  public metricUnderReplicatedPartitions(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('UnderReplicatedPartitions', brokerId, props);
  }

  /** Partitions below min.insync.replicas on the broker. Maximum over 5 minutes. */
  public metricUnderMinIsrPartitionCount(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('UnderMinIsrPartitionCount', brokerId, props);
  }

  /** Percent of JVM heap in use after garbage collection (PER_BROKER level). Maximum over 5 minutes. */
  public metricHeapMemoryAfterGc(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('HeapMemoryAfterGC', brokerId, props);
  }

  /** Active client connections to the broker. Maximum over 5 minutes. */
  public metricConnectionCount(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('ConnectionCount', brokerId, props);
  }

  /** IAM connections refused for exceeding the limit (PER_BROKER level). Sum over 5 minutes. */
  public metricIamTooManyConnections(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('IAMTooManyConnections', brokerId, props);
  }

  /** CPU credits of a kafka.t3 broker. Minimum over 5 minutes. */
  public metricCpuCreditBalance(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('CPUCreditBalance', brokerId, props);
  }

  /** Bytes per second received by the broker. Average over 5 minutes. */
  public metricBytesInPerSec(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('BytesInPerSec', brokerId, props);
  }

  /** Bytes per second sent by the broker. Average over 5 minutes. */
  public metricBytesOutPerSec(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricForBroker('BytesOutPerSec', brokerId, props);
  }

  /**
   * What topics on this cluster may be.
   * @internal
   */
  public abstract _topicLimits(): TopicLimits;
}

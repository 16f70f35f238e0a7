import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { ResolvedThresholds } from './alarm-defaults';
import { InsightsFunction } from './insights-query';

/** What an alarm set is chosen from. */
export interface AlarmContext {
  readonly kind: 'standard' | 'express' | 'serverless';
  readonly burstable: boolean;
  readonly iam: boolean;
  /** True when the monitoring level emits PER_BROKER metrics (PER_BROKER or finer). */
  readonly perBrokerMetrics: boolean;
  /** Broker ids 1 to N (empty when the broker count is a token or the cluster is serverless). */
  readonly brokerIds: number[];
  readonly ingressMBps?: number;
  readonly egressMBps?: number;
}

/**
 * Which series an alarm reads:
 * - `broker`: one per broker, dimensions "Cluster Name", "Broker ID";
 * - `brokerTopics`: the per-topic series of each broker, summed per broker ("Cluster Name", "Broker ID",
 *   "Topic"), for throughput MSK publishes per topic at the DEFAULT level;
 * - `cluster`: the cluster's one series ("Cluster Name");
 * - `topics`: every topic of the cluster, summed ("Cluster Name", "Topic"; MSK Serverless);
 * - `consumerGroups`: one per consumer group, its worst topic ("Cluster Name", "Consumer Group", "Topic").
 */
export type AlarmSource = 'broker' | 'brokerTopics' | 'cluster' | 'topics' | 'consumerGroups';

/** One recommended alarm: what it reads, when it fires, what to tell the person it pages (docs/ALARMS.md). */
export interface AlarmSpec {
  /** Stable id: the construct id (plus `Broker<N>` for per-broker alarms) and the docs/ALARMS.md anchor. */
  readonly id: string;
  readonly appliesTo: (ctx: AlarmContext) => boolean;
  readonly source: AlarmSource;
  readonly metricName: string;
  /** The unit of the metric and of the threshold: `%`, `bytes/s`, `ms`, `s`, or what is counted. */
  readonly unit: string;
  /** Combines the datapoints of a period (and, for a summed source, the series): see the source. */
  readonly fn: InsightsFunction;
  readonly period: Duration;
  readonly threshold: (t: ResolvedThresholds, ctx: AlarmContext) => number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** What is wrong, in one sentence, with the threshold in the metric's unit. */
  readonly summary: (t: ResolvedThresholds, ctx: AlarmContext) => string;
  /** What the on-call engineer does first. */
  readonly action: string;
}

const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
const LTE = cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
/** A cluster that is being created, or has no traffic, reports nothing: that is not a problem. */
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
/** Bytes in a megabyte: MSK quotas are in MBps of 10^6 bytes ("Amazon MSK quota"). */
export const MB = 1_000_000;
/** MSK Serverless cluster quotas, MBps ("Amazon MSK quota", section "MSK Serverless quota"). */
export const SERVERLESS_INGRESS_MBPS = 200;
export const SERVERLESS_EGRESS_MBPS = 400;

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

const provisioned = (ctx: AlarmContext) => ctx.kind !== 'serverless';
const standard = (ctx: AlarmContext) => ctx.kind === 'standard';

/**
 * The recommended alarms. Metrics, dimensions and levels: MSK developer guide, "Amazon MSK metrics for
 * monitoring Standard brokers with CloudWatch", "... Express brokers ..." and "Monitoring MSK Serverless
 * clusters"; thresholds: "Best practices for Standard brokers" / "... Express brokers". Why each reads
 * what it reads, and how it treats missing data: docs/ALARMS.md.
 */
export const ALARM_CATALOG: ReadonlyArray<AlarmSpec> = [
  {
    // CpuIdle below 100 - x % is CpuUser + CpuSystem (+ the small CpuIoWait) above x %: one metric, so one
    // Metrics Insights query per cluster.
    id: 'CpuHigh',
    appliesTo: provisioned,
    source: 'broker',
    metricName: 'CpuIdle',
    unit: '%',
    fn: 'AVG',
    period: FIVE_MINUTES,
    threshold: (t) => 100 - t.cpuPercent,
    comparison: LT,
    evaluationPeriods: 3,
    treatMissingData: NOT_BREACHING,
    summary: (t) => `A broker's CPU has been more than ${t.cpuPercent} % busy (CpuIdle below ${100 - t.cpuPercent} %) for 15 minutes.`,
    action: 'Find the busiest topics and clients (BytesInPerSec per topic, connection rates); spread partitions, add brokers or use a larger broker size. MSK needs the headroom to absorb a failed broker and patching.',
  },
  {
    id: 'DiskUsedHigh',
    appliesTo: standard,
    source: 'broker',
    metricName: 'KafkaDataLogsDiskUsed',
    unit: '%',
    fn: 'MAX',
    period: FIVE_MINUTES,
    threshold: (t) => t.diskUsedPercent,
    comparison: GTE,
    evaluationPeriods: 1,
    treatMissingData: NOT_BREACHING,
    summary: (t) => `A broker's data volume is at least ${t.diskUsedPercent} % full; a full volume stops the broker.`,
    action: 'Storage autoscaling may already be growing it (at most every 6 hours); otherwise raise storage.maxVolumeSize or volumeSize, shorten retention.ms of large topics, or turn on tiered storage.',
  },
  {
    id: 'HeapMemoryHigh',
    appliesTo: standard,
    source: 'broker',
    metricName: 'HeapMemoryAfterGC',
    unit: '%',
    fn: 'MAX',
    period: FIVE_MINUTES,
    threshold: (t) => t.heapMemoryPercent,
    comparison: GT,
    evaluationPeriods: 3,
    treatMissingData: NOT_BREACHING,
    summary: (t) => `A broker's JVM heap has stayed more than ${t.heapMemoryPercent} % full after garbage collection for 15 minutes.`,
    action: 'Look for too many partitions per broker or too many client connections; reduce them or use a larger broker size before the broker restarts.',
  },
  {
    id: 'UnderReplicatedPartitions',
    appliesTo: standard,
    source: 'broker',
    metricName: 'UnderReplicatedPartitions',
    unit: 'partitions',
    fn: 'MAX',
    period: FIVE_MINUTES,
    threshold: () => 0,
    comparison: GT,
    evaluationPeriods: 3,
    treatMissingData: NOT_BREACHING,
    summary: () => 'A broker has had under-replicated partitions for 15 minutes: the cluster is less durable than configured.',
    action: 'Check the broker named by the alarm (CPU, disk, network); a broker being patched or replaced recovers by itself. Persisting: look for an overloaded broker and rebalance partitions.',
  },
  {
    id: 'UnderMinIsrPartitions',
    appliesTo: standard,
    source: 'broker',
    metricName: 'UnderMinIsrPartitionCount',
    unit: 'partitions',
    fn: 'MAX',
    period: ONE_MINUTE,
    threshold: () => 1,
    comparison: GTE,
    evaluationPeriods: 1,
    treatMissingData: NOT_BREACHING,
    summary: () => 'Partitions have fewer in-sync replicas than min.insync.replicas: producers with acks=all cannot write to them.',
    action: 'Find the brokers that are down or lagging (UnderReplicatedPartitions, CPU, disk); restore them. Do not lower min.insync.replicas to make the alarm go away.',
  },
  {
    id: 'ConnectionCountHigh',
    appliesTo: (ctx) => provisioned(ctx) && ctx.iam,
    source: 'broker',
    metricName: 'ConnectionCount',
    unit: 'connections',
    fn: 'MAX',
    period: FIVE_MINUTES,
    threshold: (t) => t.connectionCount,
    comparison: GT,
    evaluationPeriods: 1,
    treatMissingData: NOT_BREACHING,
    summary: (t) => `A broker has more than ${t.connectionCount} connections; with IAM authentication it accepts at most 3000.`,
    action: 'Find clients that open a connection per request or leak them; share producers and consumers, or add brokers.',
  },
  {
    id: 'IamTooManyConnections',
    appliesTo: (ctx) => provisioned(ctx) && ctx.iam && ctx.perBrokerMetrics,
    source: 'broker',
    metricName: 'IAMTooManyConnections',
    unit: 'refused connections',
    fn: 'SUM',
    period: FIVE_MINUTES,
    threshold: () => 0,
    comparison: GT,
    evaluationPeriods: 1,
    treatMissingData: NOT_BREACHING,
    summary: () => 'A broker refused IAM connections: clients opened more than it allows.',
    action: 'Find the clients reconnecting in a loop (ConnectionCreationRate) and give them a backoff; add brokers if the load is real.',
  },
  {
    id: 'CpuCreditBalanceLow',
    appliesTo: (ctx) => standard(ctx) && ctx.burstable,
    source: 'broker',
    metricName: 'CPUCreditBalance',
    unit: 'credits',
    fn: 'MIN',
    period: FIVE_MINUTES,
    threshold: (t) => t.cpuCreditBalance,
    comparison: LTE,
    evaluationPeriods: 3,
    treatMissingData: NOT_BREACHING,
    summary: (t) => `A kafka.t3 broker has ${t.cpuCreditBalance} CPU credits or fewer left; it will be throttled.`,
    action: 'Reduce the load, or move to an m5/m7g broker size: t3 brokers suit development only.',
  },
  {
    // BytesInPerSec is a per-second rate published once a minute per broker and topic: SUM over the topics of
    // one broker in a 1-minute period is that broker's rate, comparable with its sustained throughput.
    id: 'IngressNearQuota',
    appliesTo: (ctx) => ctx.kind === 'express' && ctx.ingressMBps !== undefined,
    source: 'brokerTopics',
    metricName: 'BytesInPerSec',
    unit: 'bytes/s',
    fn: 'SUM',
    period: ONE_MINUTE,
    threshold: (t, ctx) => Math.round(ctx.ingressMBps! * MB * t.throughputPercentOfQuota / 100),
    comparison: GT,
    evaluationPeriods: 15,
    treatMissingData: NOT_BREACHING,
    summary: (t, ctx) => `Ingress to an Express broker has been above ${t.throughputPercentOfQuota} % of its sustained ${ctx.ingressMBps} MBps for 15 minutes; beyond it MSK throttles producers.`,
    action: 'Add brokers or use a larger broker size, or spread the hot partitions.',
  },
  {
    id: 'EgressNearQuota',
    appliesTo: (ctx) => ctx.kind === 'express' && ctx.egressMBps !== undefined,
    source: 'brokerTopics',
    metricName: 'BytesOutPerSec',
    unit: 'bytes/s',
    fn: 'SUM',
    period: ONE_MINUTE,
    threshold: (t, ctx) => Math.round(ctx.egressMBps! * MB * t.throughputPercentOfQuota / 100),
    comparison: GT,
    evaluationPeriods: 15,
    treatMissingData: NOT_BREACHING,
    summary: (t, ctx) => `Egress from an Express broker has been above ${t.throughputPercentOfQuota} % of its sustained ${ctx.egressMBps} MBps for 15 minutes; beyond it MSK throttles consumers.`,
    action: 'Add brokers or use a larger broker size; check for consumers re-reading from the beginning.',
  },
  {
    id: 'ProduceThrottled',
    appliesTo: (ctx) => ctx.kind === 'express' && ctx.perBrokerMetrics,
    source: 'broker',
    metricName: 'ProduceThrottleTime',
    unit: 'ms',
    fn: 'AVG',
    period: FIVE_MINUTES,
    threshold: () => 0,
    comparison: GT,
    evaluationPeriods: 3,
    treatMissingData: NOT_BREACHING,
    summary: () => 'An Express broker has been throttling producers for 15 minutes.',
    action: 'The broker is at its throughput quota: add brokers or use a larger broker size.',
  },
  {
    // A cluster-level metric: one series, no query needed.
    id: 'ActiveControllerMissing',
    appliesTo: provisioned,
    source: 'cluster',
    metricName: 'ActiveControllerCount',
    unit: 'controllers',
    fn: 'MAX',
    period: ONE_MINUTE,
    threshold: () => 1,
    comparison: LT,
    evaluationPeriods: 5,
    // A cluster that stops reporting its controller is not healthy: missing data counts as breaching.
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    summary: () => 'No active controller has been reported for 5 minutes: partition leadership and metadata changes stop.',
    action: 'Check the cluster state in the MSK console and AWS Health; open an AWS support case if it is ACTIVE. Right after the cluster is created this fires until it reports.',
  },
  {
    id: 'OfflinePartitions',
    appliesTo: standard,
    source: 'cluster',
    metricName: 'OfflinePartitionsCount',
    unit: 'partitions',
    fn: 'MAX',
    period: ONE_MINUTE,
    threshold: () => 0,
    comparison: GT,
    evaluationPeriods: 1,
    treatMissingData: NOT_BREACHING,
    summary: () => 'Partitions have no leader: they can be neither written nor read.',
    action: 'Find the brokers that are down (MSK console, UnderReplicatedPartitions); restore them. Check AWS Health for the cluster.',
  },
  {
    // MSK Serverless publishes throughput per topic and partition; AWS says to use the Sum statistic, which is
    // a per-second rate over a 1-minute period ("Monitoring MSK Serverless clusters"). SUM over every topic in
    // a 1-minute period is the cluster's rate.
    id: 'ClusterIngressNearQuota',
    appliesTo: (ctx) => ctx.kind === 'serverless',
    source: 'topics',
    metricName: 'BytesInPerSec',
    unit: 'bytes/s',
    fn: 'SUM',
    period: ONE_MINUTE,
    threshold: (t) => Math.round(SERVERLESS_INGRESS_MBPS * MB * t.throughputPercentOfQuota / 100),
    comparison: GT,
    evaluationPeriods: 15,
    treatMissingData: NOT_BREACHING,
    summary: (t) => `Ingress to the serverless cluster has been above ${t.throughputPercentOfQuota} % of its ${SERVERLESS_INGRESS_MBPS} MBps quota for 15 minutes; beyond it MSK throttles producers.`,
    action: 'Spread the load over another cluster, or ask AWS support for a higher quota.',
  },
  {
    id: 'ClusterEgressNearQuota',
    appliesTo: (ctx) => ctx.kind === 'serverless',
    source: 'topics',
    metricName: 'BytesOutPerSec',
    unit: 'bytes/s',
    fn: 'SUM',
    period: ONE_MINUTE,
    threshold: (t) => Math.round(SERVERLESS_EGRESS_MBPS * MB * t.throughputPercentOfQuota / 100),
    comparison: GT,
    evaluationPeriods: 15,
    treatMissingData: NOT_BREACHING,
    summary: (t) => `Egress from the serverless cluster has been above ${t.throughputPercentOfQuota} % of its ${SERVERLESS_EGRESS_MBPS} MBps quota for 15 minutes; beyond it MSK throttles consumers.`,
    action: 'Find consumers re-reading old data; spread the load over another cluster, or ask AWS support for a higher quota.',
  },
  {
    // MSK Serverless names the time lag MaxEstimatedTimeLag ("Monitoring MSK Serverless clusters").
    id: 'ConsumerGroupLagHigh',
    appliesTo: (ctx) => ctx.kind === 'serverless',
    source: 'consumerGroups',
    metricName: 'MaxEstimatedTimeLag',
    unit: 's',
    fn: 'MAX',
    period: ONE_MINUTE,
    threshold: (t) => t.consumerLagSeconds,
    comparison: GT,
    evaluationPeriods: 5,
    treatMissingData: NOT_BREACHING,
    summary: (t) => `A consumer group has been more than ${t.consumerLagSeconds} seconds behind on a topic for 5 minutes.`,
    action: 'Check that the group\'s consumers run and keep up (errors, rebalances); add consumers, up to the partition count.',
  },
];

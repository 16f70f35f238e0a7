import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { ResolvedThresholds } from './alarm-defaults';
import { MetricFactory } from './metric-factory';

/** What an alarm set is chosen from. */
export interface AlarmContext {
  readonly kind: 'standard' | 'express' | 'serverless';
  readonly burstable: boolean;
  readonly iam: boolean;
  /** True when the monitoring level emits per-broker metrics (PER_BROKER or finer). */
  readonly perBrokerMetrics: boolean;
  readonly brokerIds: number[];
  readonly ingressMBps?: number;
  readonly egressMBps?: number;
}

/** One recommended alarm: how to build it, and what to tell an operator (docs/ALARMS.md). */
export interface AlarmSpec {
  /** Stable id: part of the construct id and of docs/ALARMS.md. */
  readonly id: string;
  readonly appliesTo: (ctx: AlarmContext) => boolean;
  /** One alarm per broker (true) or one for the cluster. */
  readonly perBroker: boolean;
  readonly metric: (m: MetricFactory, brokerId: number, ctx: AlarmContext) => cloudwatch.IMetric;
  readonly threshold: (t: ResolvedThresholds, ctx: AlarmContext) => number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly description: string;
}

const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
const LTE = cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
const MB = 1_000_000;

const brokers = (ctx: AlarmContext) => ctx.kind !== 'serverless';
const standard = (ctx: AlarmContext) => ctx.kind === 'standard';

/** The recommended alarms for provisioned clusters (standard and Express brokers). */
export const ALARM_CATALOG: ReadonlyArray<AlarmSpec> = [
  {
    id: 'CpuHigh',
    appliesTo: brokers,
    perBroker: true,
    metric: (m, id) => new cloudwatch.MathExpression({
      expression: 'cpuUser + cpuSystem',
      usingMetrics: { cpuUser: m.broker('CpuUser', id), cpuSystem: m.broker('CpuSystem', id) },
      label: `CPU user + system, broker ${id}`,
    }),
    threshold: (t) => t.cpuPercent,
    comparison: GT,
    evaluationPeriods: 3,
    description: 'CPU (user + system) of the broker has been above the threshold for 15 minutes.',
  },
  {
    id: 'DiskUsedHigh',
    appliesTo: standard,
    perBroker: true,
    metric: (m, id) => m.broker('KafkaDataLogsDiskUsed', id),
    threshold: (t) => t.diskUsedPercent,
    comparison: GTE,
    evaluationPeriods: 1,
    description: 'The broker data volume is nearly full.',
  },
  {
    id: 'HeapMemoryHigh',
    appliesTo: (ctx) => standard(ctx) && ctx.perBrokerMetrics,
    perBroker: true,
    metric: (m, id) => m.broker('HeapMemoryAfterGC', id),
    threshold: (t) => t.heapMemoryPercent,
    comparison: GT,
    evaluationPeriods: 3,
    description: 'JVM heap in use after garbage collection has been high for 15 minutes.',
  },
  {
    id: 'UnderReplicatedPartitions',
    appliesTo: standard,
    perBroker: true,
    metric: (m, id) => m.broker('UnderReplicatedPartitions', id),
    threshold: () => 0,
    comparison: GT,
    evaluationPeriods: 3,
    description: 'The broker has had under-replicated partitions for 15 minutes.',
  },
  {
    id: 'UnderMinIsrPartitions',
    appliesTo: standard,
    perBroker: true,
    metric: (m, id) => m.broker('UnderMinIsrPartitionCount', id),
    threshold: () => 1,
    comparison: GTE,
    evaluationPeriods: 1,
    description: 'Partitions have fewer in-sync replicas than min.insync.replicas: acks=all writes to them fail.',
  },
  {
    id: 'ConnectionCountHigh',
    appliesTo: (ctx) => brokers(ctx) && ctx.iam,
    perBroker: true,
    metric: (m, id) => m.broker('ConnectionCount', id),
    threshold: (t) => t.connectionCount,
    comparison: GT,
    evaluationPeriods: 1,
    description: 'The broker is near the 3000 IAM-authenticated connections it allows.',
  },
  {
    id: 'IamTooManyConnections',
    appliesTo: (ctx) => brokers(ctx) && ctx.iam && ctx.perBrokerMetrics,
    perBroker: true,
    metric: (m, id) => m.broker('IAMTooManyConnections', id),
    threshold: () => 0,
    comparison: GT,
    evaluationPeriods: 1,
    description: 'The broker refused IAM connections because it reached its connection limit.',
  },
  {
    id: 'CpuCreditBalanceLow',
    appliesTo: (ctx) => standard(ctx) && ctx.burstable,
    perBroker: true,
    metric: (m, id) => m.broker('CPUCreditBalance', id),
    threshold: (t) => t.cpuCreditBalance,
    comparison: LTE,
    evaluationPeriods: 1,
    description: 'The kafka.t3 broker is running out of CPU credits and will be throttled.',
  },
  {
    id: 'IngressNearQuota',
    appliesTo: (ctx) => ctx.kind === 'express' && ctx.ingressMBps !== undefined,
    perBroker: true,
    metric: (m, id) => m.broker('BytesInPerSec', id),
    threshold: (t, ctx) => Math.round(ctx.ingressMBps! * MB * t.throughputPercentOfQuota / 100),
    comparison: GT,
    evaluationPeriods: 3,
    description: 'Ingress to the Express broker is near its sustained throughput.',
  },
  {
    id: 'EgressNearQuota',
    appliesTo: (ctx) => ctx.kind === 'express' && ctx.egressMBps !== undefined,
    perBroker: true,
    metric: (m, id) => m.broker('BytesOutPerSec', id),
    threshold: (t, ctx) => Math.round(ctx.egressMBps! * MB * t.throughputPercentOfQuota / 100),
    comparison: GT,
    evaluationPeriods: 3,
    description: 'Egress from the Express broker is near its sustained throughput.',
  },
  {
    id: 'ProduceThrottled',
    appliesTo: (ctx) => ctx.kind === 'express',
    perBroker: true,
    metric: (m, id) => m.broker('ProduceThrottleTime', id),
    threshold: () => 0,
    comparison: GT,
    evaluationPeriods: 3,
    description: 'The Express broker has been throttling producers for 15 minutes.',
  },
  {
    id: 'ActiveControllerMissing',
    appliesTo: standard,
    perBroker: false,
    metric: (m) => m.metric('ActiveControllerCount', {}),
    threshold: () => 1,
    comparison: LT,
    evaluationPeriods: 3,
    description: 'No broker reports being the active controller.',
  },
  {
    id: 'OfflinePartitions',
    appliesTo: standard,
    perBroker: false,
    metric: (m) => m.metric('OfflinePartitionsCount', {}),
    threshold: () => 0,
    comparison: GT,
    evaluationPeriods: 1,
    description: 'Partitions have no leader: they can be neither written nor read.',
  },
];

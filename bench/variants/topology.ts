/**
 * The quickstart topology, as data: what examples/quickstart.ts produces with the library's defaults
 * (one provisioned cluster, 3 brokers over 3 AZs, IAM auth, durable configuration, S3 broker logs,
 * the recommended alarms and a dashboard). The hand-written variants (l1.ts, alpha.ts) read it so that
 * they build the same resources; ours.ts does not (it uses the library's defaults).
 */

/** Stack environment of every variant (as in examples/*.ts: a Region, no account). */
export const ENV = { region: 'us-east-1' };
/** The AZs the shared VPC spans (as in examples/quickstart.ts). */
export const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

export const KAFKA_VERSION = '3.9.x.kraft';
export const INSTANCE_TYPE = 'kafka.m7g.large';
export const BROKER_IDS = [1, 2, 3];
export const VOLUME_GIB = 100;
export const MAX_VOLUME_GIB = 2000;
export const STORAGE_TARGET_PERCENT = 60;
export const LOG_RETENTION_DAYS = 365;
export const NONCURRENT_RETENTION_DAYS = 30;
export const ACCESS_LOG_PREFIX = 'broker-log-bucket/';

/** The durable broker configuration for 3 standard brokers. */
export const SERVER_PROPERTIES = [
  'auto.create.topics.enable=false',
  'default.replication.factor=3',
  'min.insync.replicas=2',
  'offsets.topic.replication.factor=3',
  'transaction.state.log.min.isr=2',
  'transaction.state.log.replication.factor=3',
  'unclean.leader.election.enable=false',
].join('\n');

/** CloudFormation comparison operators used by the alarms. */
export type Comparison = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';

/** One recommended alarm. `metricName` 'CpuUser+CpuSystem' is a math expression over the two metrics. */
export interface AlarmRow {
  readonly id: string;
  readonly metricName: string;
  readonly statistic: string;
  readonly periodSeconds: number;
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly evaluationPeriods: number;
  readonly perBroker: boolean;
  readonly description: string;
}

export const CPU_EXPRESSION = 'CpuUser+CpuSystem';

/** The alarms the library creates for a standard, IAM, PER_BROKER cluster (23 with 3 brokers). */
export const ALARMS: AlarmRow[] = [
  row('CpuHigh', CPU_EXPRESSION, 'Average', 300, 60, 'GreaterThanThreshold', 3, true,
    'CPU (user + system) of the broker has been above the threshold for 15 minutes.'),
  row('DiskUsedHigh', 'KafkaDataLogsDiskUsed', 'Maximum', 300, 85, 'GreaterThanOrEqualToThreshold', 1, true,
    'The broker data volume is nearly full.'),
  row('HeapMemoryHigh', 'HeapMemoryAfterGC', 'Maximum', 300, 60, 'GreaterThanThreshold', 3, true,
    'JVM heap in use after garbage collection has been high for 15 minutes.'),
  row('UnderReplicatedPartitions', 'UnderReplicatedPartitions', 'Maximum', 300, 0, 'GreaterThanThreshold', 3, true,
    'The broker has had under-replicated partitions for 15 minutes.'),
  row('UnderMinIsrPartitions', 'UnderMinIsrPartitionCount', 'Maximum', 300, 1, 'GreaterThanOrEqualToThreshold', 1, true,
    'Partitions have fewer in-sync replicas than min.insync.replicas: acks=all writes to them fail.'),
  row('ConnectionCountHigh', 'ConnectionCount', 'Maximum', 300, 2400, 'GreaterThanThreshold', 1, true,
    'The broker is near the 3000 IAM-authenticated connections it allows.'),
  row('IamTooManyConnections', 'IAMTooManyConnections', 'Sum', 300, 0, 'GreaterThanThreshold', 1, true,
    'The broker refused IAM connections because it reached its connection limit.'),
  row('ActiveControllerMissing', 'ActiveControllerCount', 'Maximum', 60, 1, 'LessThanThreshold', 3, false,
    'No broker reports being the active controller.'),
  row('OfflinePartitions', 'OfflinePartitionsCount', 'Sum', 60, 0, 'GreaterThanThreshold', 1, false,
    'Partitions have no leader: they can be neither written nor read.'),
];

/** One alarm instance: a row for one broker (brokerId > 0) or for the cluster (brokerId 0). */
export interface AlarmInstance {
  readonly id: string;
  readonly brokerId: number;
  readonly row: AlarmRow;
  readonly description: string;
}

/** Every alarm of one cluster, in the library's order. */
export function alarmInstances(): AlarmInstance[] {
  return ALARMS.flatMap((r) => (r.perBroker ? BROKER_IDS : [0]).map((brokerId) => ({
    id: brokerId > 0 ? `${r.id}Broker${brokerId}` : r.id,
    brokerId,
    row: r,
    description: `${brokerId > 0 ? `Broker ${brokerId}: ` : ''}${r.description} Runbook: docs/ALARMS.md#${r.id.toLowerCase()}`,
  })));
}

/** Dashboard graphs (title, metric names on the left axis, on the right axis) before the lag and alarm widgets. */
export const DASHBOARD_GRAPHS: Array<{ title: string; left: string[]; right?: string[] }> = [
  { title: 'Bytes in (left) / out (right) per broker', left: ['BytesInPerSec'], right: ['BytesOutPerSec'] },
  { title: 'CPU user + system (%)', left: [CPU_EXPRESSION] },
  { title: 'Data disk used (%)', left: ['KafkaDataLogsDiskUsed'] },
  { title: 'Partition health', left: ['OfflinePartitionsCount', 'ActiveControllerCount', 'UnderReplicatedPartitions', 'UnderMinIsrPartitionCount'] },
  { title: 'Connections per broker', left: ['ConnectionCount'] },
];

/** Statistic and period of the dashboard's metrics. */
export const METRIC_STATS: Record<string, { statistic: string; periodSeconds: number; perBroker: boolean }> = {
  BytesInPerSec: { statistic: 'Average', periodSeconds: 300, perBroker: true },
  BytesOutPerSec: { statistic: 'Average', periodSeconds: 300, perBroker: true },
  CpuUser: { statistic: 'Average', periodSeconds: 300, perBroker: true },
  CpuSystem: { statistic: 'Average', periodSeconds: 300, perBroker: true },
  KafkaDataLogsDiskUsed: { statistic: 'Maximum', periodSeconds: 300, perBroker: true },
  OfflinePartitionsCount: { statistic: 'Sum', periodSeconds: 60, perBroker: false },
  ActiveControllerCount: { statistic: 'Maximum', periodSeconds: 60, perBroker: false },
  UnderReplicatedPartitions: { statistic: 'Maximum', periodSeconds: 300, perBroker: true },
  UnderMinIsrPartitionCount: { statistic: 'Maximum', periodSeconds: 300, perBroker: true },
  ConnectionCount: { statistic: 'Maximum', periodSeconds: 300, perBroker: true },
};

function row(id: string, metricName: string, statistic: string, periodSeconds: number, threshold: number,
  comparison: Comparison, evaluationPeriods: number, perBroker: boolean, description: string): AlarmRow {
  return { id, metricName, statistic, periodSeconds, threshold, comparison, evaluationPeriods, perBroker, description };
}

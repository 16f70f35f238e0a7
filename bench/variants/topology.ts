/**
 * The quickstart topology, as data: what examples/quickstart.ts produces with the library's defaults
 * (one provisioned cluster, 3 brokers over 3 AZs, IAM auth, durable configuration, S3 broker logs,
 * the recommended alarms and a dashboard, the broker volume size lookup and the stack's provider
 * Lambda). The hand-written variants (l1.ts, alpha.ts) read it so that they build the same resources;
 * ours.ts does not (it uses the library's defaults). bench/run.ts checks before timing that the three
 * have the same resource types and counts.
 */
import * as path from 'path';
import { CustomResourceProvider, CustomResourceProviderRuntime, Duration, Size, Stack } from 'aws-cdk-lib';

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

/** A Metrics Insights aggregate function, and the CloudWatch statistic of the same name. */
export type InsightsFunction = 'AVG' | 'MAX' | 'SUM';
export const STATISTIC_OF: Record<InsightsFunction, string> = { AVG: 'Average', MAX: 'Maximum', SUM: 'Sum' };

/**
 * One recommended alarm. `perBroker` alarms are one CloudWatch alarm on a Metrics Insights query grouped by
 * "Broker ID" (one contributor per broker); the others are classic alarms on the cluster-level metric.
 */
export interface AlarmRow {
  readonly id: string;
  readonly metricName: string;
  readonly fn: InsightsFunction;
  readonly periodSeconds: number;
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly evaluationPeriods: number;
  readonly treatMissingData: 'notBreaching' | 'breaching';
  readonly perBroker: boolean;
  readonly description: string;
}

/**
 * The alarms the library creates for a default standard, IAM cluster (src/monitoring/alarm-catalog.ts): 7
 * Metrics Insights alarms and 2 classic ones, 9 whatever the broker count. Descriptions are the library's.
 */
export const ALARMS: AlarmRow[] = [
  row('CpuHigh', 'CpuIdle', 'AVG', 300, 40, 'LessThanThreshold', 3, 'notBreaching', true,
    'A broker\'s CPU has been more than 60 % busy (CpuIdle below 40 %) for 15 minutes. What to do: Find the busiest topics and clients '
    + '(BytesInPerSec per topic, connection rates); spread partitions, add brokers or use a larger broker size. MSK needs the headroom to '
    + 'absorb a failed broker and patching.'),
  row('DiskUsedHigh', 'KafkaDataLogsDiskUsed', 'MAX', 300, 85, 'GreaterThanOrEqualToThreshold', 1, 'notBreaching', true,
    'A broker\'s data volume is at least 85 % full; a full volume stops the broker. What to do: Storage autoscaling may already be growing '
    + 'it (at most every 6 hours); otherwise raise storage.maxVolumeSize or volumeSize, shorten retention.ms of large topics, or turn on tiered storage.'),
  row('HeapMemoryHigh', 'HeapMemoryAfterGC', 'MAX', 300, 60, 'GreaterThanThreshold', 3, 'notBreaching', true,
    'A broker\'s JVM heap has stayed more than 60 % full after garbage collection for 15 minutes. What to do: Look for too many partitions '
    + 'per broker or too many client connections; reduce them or use a larger broker size before the broker restarts.'),
  row('UnderReplicatedPartitions', 'UnderReplicatedPartitions', 'MAX', 300, 0, 'GreaterThanThreshold', 3, 'notBreaching', true,
    'A broker has had under-replicated partitions for 15 minutes: the cluster is less durable than configured. What to do: Check the broker '
    + 'named by the alarm (CPU, disk, network); a broker being patched or replaced recovers by itself. Persisting: look for an overloaded '
    + 'broker and rebalance partitions.'),
  row('UnderMinIsrPartitions', 'UnderMinIsrPartitionCount', 'MAX', 60, 1, 'GreaterThanOrEqualToThreshold', 1, 'notBreaching', true,
    'Partitions have fewer in-sync replicas than min.insync.replicas: producers with acks=all cannot write to them. What to do: Find the '
    + 'brokers that are down or lagging (UnderReplicatedPartitions, CPU, disk); restore them. Do not lower min.insync.replicas to make the alarm go away.'),
  row('ConnectionCountHigh', 'ConnectionCount', 'MAX', 300, 2400, 'GreaterThanThreshold', 1, 'notBreaching', true,
    'A broker has more than 2400 connections; with IAM authentication it accepts at most 3000. What to do: Find clients that open a '
    + 'connection per request or leak them; share producers and consumers, or add brokers.'),
  row('IamTooManyConnections', 'IAMTooManyConnections', 'SUM', 300, 0, 'GreaterThanThreshold', 1, 'notBreaching', true,
    'A broker refused IAM connections: clients opened more than it allows. What to do: Find the clients reconnecting in a loop '
    + '(ConnectionCreationRate) and give them a backoff; add brokers if the load is real.'),
  row('ActiveControllerMissing', 'ActiveControllerCount', 'MAX', 60, 1, 'LessThanThreshold', 5, 'breaching', false,
    'No active controller has been reported for 5 minutes: partition leadership and metadata changes stop. What to do: Check the cluster '
    + 'state in the MSK console and AWS Health; open an AWS support case if it is ACTIVE. Right after the cluster is created this fires until it reports.'),
  row('OfflinePartitions', 'OfflinePartitionsCount', 'MAX', 60, 0, 'GreaterThanThreshold', 1, 'notBreaching', false,
    'Partitions have no leader: they can be neither written nor read. What to do: Find the brokers that are down (MSK console, '
    + 'UnderReplicatedPartitions); restore them. Check AWS Health for the cluster.'),
];

/**
 * The Metrics Insights query of one metric of the cluster, one series per broker (as the library's
 * insightsSql with groupBy "Broker ID"): ORDER BY ascending when a low value is bad, so that the series
 * nearest the threshold come first.
 */
export function brokerQuery(fn: InsightsFunction, metricName: string, clusterName: string, order: 'ASC' | 'DESC' = 'DESC'): string {
  return `SELECT ${fn}(${metricName}) FROM SCHEMA("AWS/Kafka", "Broker ID", "Cluster Name") WHERE "Cluster Name" = '${clusterName}' `
    + `GROUP BY "Broker ID" ORDER BY ${fn}() ${order}`;
}

/** The query of a per-broker alarm row. */
export function alarmQuery(r: AlarmRow, clusterName: string): string {
  return brokerQuery(r.fn, r.metricName, clusterName, r.comparison === 'LessThanThreshold' ? 'ASC' : 'DESC');
}

/** The label of a per-broker alarm's expression. */
export function alarmLabel(r: AlarmRow): string {
  return `${r.metricName} (${r.fn}, per broker)`;
}

/** One line of a dashboard graph: a per-broker Metrics Insights query, or a classic cluster-level metric. */
export interface DashboardLine {
  readonly metricName: string;
  readonly fn: InsightsFunction;
  readonly label: string;
  readonly perBroker: boolean;
  /** Period of a classic line (the queries use the graph's default, 300 s). */
  readonly periodSeconds?: number;
}

/** Dashboard graphs (title, lines on the left axis, on the right axis) before the lag and alarm widgets, 3 per row. */
export const DASHBOARD_GRAPHS: Array<{ title: string; left: DashboardLine[]; right?: DashboardLine[] }> = [
  { title: 'Bytes in (left) / out (right) per broker', left: [query('AVG', 'BytesInPerSec', 'in')], right: [query('AVG', 'BytesOutPerSec', 'out')] },
  { title: 'CPU idle per broker (%): below 40 means above the 60 % recommended', left: [query('AVG', 'CpuIdle', 'idle')] },
  { title: 'Data disk used per broker (%)', left: [query('MAX', 'KafkaDataLogsDiskUsed', 'disk')] },
  {
    title: 'Partition health',
    left: [
      { metricName: 'OfflinePartitionsCount', fn: 'SUM', label: 'offline partitions', perBroker: false, periodSeconds: 60 },
      { metricName: 'ActiveControllerCount', fn: 'MAX', label: 'active controllers', perBroker: false, periodSeconds: 60 },
      query('MAX', 'UnderReplicatedPartitions', 'under-replicated'),
    ],
  },
  { title: 'Connections per broker', left: [query('MAX', 'ConnectionCount', 'connections')] },
];

/** Dashboard widget size (every graph; the alarm status widget is twice as wide). */
export const WIDGET_WIDTH = 8;
export const WIDGET_HEIGHT = 6;

/**
 * Settings of the Lambda function the library adds once per stack for its custom resources (aws-cdk-lib's
 * CustomResourceProvider around the bundled handler, src/custom-resources/stack-provider.ts).
 */
export const PROVIDER = {
  id: 'CdkMskConstructsBootstrapBrokersProvider',
  /** The library's bundled handler (npx projen bundle); the same asset in every variant. */
  codeDirectory: path.join(__dirname, '..', '..', 'assets', 'custom-resources', 'provider'),
  timeoutSeconds: 600,
  memoryMiB: 256,
  /** CloudFormation waits this long for an answer (the custom resource's ServiceTimeout). */
  serviceTimeoutSeconds: 900,
  description: 'cdk-msk-constructs: reads MSK bootstrap brokers and broker volume sizes, and refuses updates that would replace data '
    + 'or that the services reject, at deploy time',
  /** What the broker volume size lookup needs (kafka:ListClustersV2; the stack status read is added in stackProvider). */
  lookupStatement: { Effect: 'Allow', Action: 'kafka:ListClustersV2', Resource: '*' },
};
export const BROKER_VOLUME_SIZE_TYPE = 'Custom::MskBrokerVolumeSize';

/**
 * The stack's provider Lambda and its role, made once per stack (l1.ts and alpha.ts alike): aws-cdk-lib's
 * CustomResourceProvider, as in the library. It is core, not an L2: it writes the Lambda and role as plain
 * CfnResources, and stages the handler with the response wrapper it answers CloudFormation through, which a
 * hand-written CfnFunction would have to stage too. (There is no L2 for a singleton provider;
 * custom_resources.Provider would add a framework Lambda.)
 */
export function stackProvider(stack: Stack): CustomResourceProvider {
  const existing = stack.node.tryFindChild(`${PROVIDER.id}CustomResourceProvider`);
  const provider = CustomResourceProvider.getOrCreateProvider(stack, PROVIDER.id, {
    codeDirectory: PROVIDER.codeDirectory,
    runtime: CustomResourceProviderRuntime.NODEJS_22_X,
    timeout: Duration.seconds(PROVIDER.timeoutSeconds),
    memorySize: Size.mebibytes(PROVIDER.memoryMiB),
    description: PROVIDER.description,
  });
  if (!existing) {
    provider.addToRolePolicy(PROVIDER.lookupStatement);
    provider.addToRolePolicy({ Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: stack.stackId });
  }
  return provider;
}

function query(fn: InsightsFunction, metricName: string, label: string): DashboardLine {
  return { metricName, fn, label, perBroker: true };
}

function row(id: string, metricName: string, fn: InsightsFunction, periodSeconds: number, threshold: number, comparison: Comparison,
  evaluationPeriods: number, treatMissingData: 'notBreaching' | 'breaching', perBroker: boolean, description: string): AlarmRow {
  return { id, metricName, fn, periodSeconds, threshold, comparison, evaluationPeriods, treatMissingData, perBroker, description };
}

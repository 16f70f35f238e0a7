import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** CloudWatch namespace of MSK metrics. */
export const MSK_NAMESPACE = 'AWS/Kafka';

/** Dimension names exactly as MSK emits them. */
export const Dimension = {
  CLUSTER_NAME: 'Cluster Name',
  BROKER_ID: 'Broker ID',
  TOPIC: 'Topic',
  CONSUMER_GROUP: 'Consumer Group',
} as const;

/** A metric's defaults: statistic and period. */
export interface MetricDefaults {
  readonly statistic: string;
  readonly period: Duration;
}

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/**
 * The metrics the library documents, with their default statistic and period. Controller and
 * partition-health metrics use Maximum/Sum so a single broker's report is never averaged away.
 */
export const METRIC_DEFAULTS: Record<string, MetricDefaults> = {
  KafkaDataLogsDiskUsed: { statistic: 'Maximum', period: FIVE_MINUTES },
  CpuUser: { statistic: 'Average', period: FIVE_MINUTES },
  CpuSystem: { statistic: 'Average', period: FIVE_MINUTES },
  ActiveControllerCount: { statistic: 'Maximum', period: ONE_MINUTE },
  OfflinePartitionsCount: { statistic: 'Sum', period: ONE_MINUTE },
  UnderReplicatedPartitions: { statistic: 'Maximum', period: FIVE_MINUTES },
  UnderMinIsrPartitionCount: { statistic: 'Maximum', period: FIVE_MINUTES },
  HeapMemoryAfterGC: { statistic: 'Maximum', period: FIVE_MINUTES },
  ConnectionCount: { statistic: 'Maximum', period: FIVE_MINUTES },
  IAMTooManyConnections: { statistic: 'Sum', period: FIVE_MINUTES },
  CPUCreditBalance: { statistic: 'Minimum', period: FIVE_MINUTES },
  BytesInPerSec: { statistic: 'Average', period: FIVE_MINUTES },
  BytesOutPerSec: { statistic: 'Average', period: FIVE_MINUTES },
  ProduceThrottleTime: { statistic: 'Average', period: FIVE_MINUTES },
  FetchThrottleTime: { statistic: 'Average', period: FIVE_MINUTES },
  MaxOffsetLag: { statistic: 'Maximum', period: ONE_MINUTE },
  SumOffsetLag: { statistic: 'Maximum', period: ONE_MINUTE },
  EstimatedMaxTimeLag: { statistic: 'Maximum', period: ONE_MINUTE },
  MaxEstimatedTimeLag: { statistic: 'Maximum', period: ONE_MINUTE },
};

/**
 * Builds MSK metrics for one cluster, attached to the construct that owns them.
 */
export class MetricFactory {
  constructor(private readonly owner: IConstruct, private readonly clusterName: string) {}

  /** A metric with the "Cluster Name" dimension plus `extra`; documented defaults apply, then `props`. */
  public metric(metricName: string, extra: Record<string, string>, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    const defaults = METRIC_DEFAULTS[metricName] ?? { statistic: 'Average', period: FIVE_MINUTES };
    return new cloudwatch.Metric({
      namespace: MSK_NAMESPACE,
      metricName,
      statistic: defaults.statistic,
      period: defaults.period,
      ...props,
      dimensionsMap: { [Dimension.CLUSTER_NAME]: this.clusterName, ...extra, ...props.dimensionsMap },
    }).attachTo(this.owner);
  }

  /** A per-broker metric ("Cluster Name", "Broker ID"). */
  public broker(metricName: string, brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(metricName, { [Dimension.BROKER_ID]: String(brokerId) }, props);
  }

  /** A consumer-group metric ("Cluster Name", "Consumer Group", "Topic"). */
  public consumer(metricName: string, consumerGroup: string, topic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(metricName, { [Dimension.CONSUMER_GROUP]: consumerGroup, [Dimension.TOPIC]: topic }, props);
  }

  /** A per-topic metric ("Cluster Name", "Topic"), as MSK Serverless emits them. */
  public topic(metricName: string, topic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(metricName, { [Dimension.TOPIC]: topic }, props);
  }
}

/**
 * The level of CloudWatch metrics MSK emits for a provisioned cluster.
 */
export enum MonitoringLevel {
  /** Free cluster- and broker-level metrics (CPU, disk, heap, controller, partitions, consumer lag). */
  DEFAULT = 'DEFAULT',
  /**
   * Adds paid per-broker metrics such as IAMTooManyConnections and, on Express brokers,
   * ProduceThrottleTime, that two recommended alarms need (MSK developer guide, "Amazon MSK
   * metrics for monitoring Standard brokers with CloudWatch"). The library's default.
   */
  PER_BROKER = 'PER_BROKER',
  /** Adds per-topic, per-broker metrics. */
  PER_TOPIC_PER_BROKER = 'PER_TOPIC_PER_BROKER',
  /** Adds per-topic, per-partition metrics (consumer lag per partition). */
  PER_TOPIC_PER_PARTITION = 'PER_TOPIC_PER_PARTITION',
}

/**
 * The level of CloudWatch metrics MSK emits for a provisioned cluster.
 */
export enum MonitoringLevel {
  /** Free cluster- and broker-level metrics (CPU, disk, controller, partitions). */
  DEFAULT = 'DEFAULT',
  /**
   * Adds per-broker metrics such as HeapMemoryAfterGC and IAMTooManyConnections that the
   * recommended alarms need. The library's default.
   */
  PER_BROKER = 'PER_BROKER',
  /** Adds per-topic, per-broker metrics. */
  PER_TOPIC_PER_BROKER = 'PER_TOPIC_PER_BROKER',
  /** Adds per-topic, per-partition metrics (consumer lag per partition). */
  PER_TOPIC_PER_PARTITION = 'PER_TOPIC_PER_PARTITION',
}

import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';

/**
 * Thresholds of the recommended alarms. Each defaults to the value in docs/ALARMS.md.
 */
export interface AlarmThresholds {
  /**
   * CpuUser + CpuSystem per broker, percent (sustained 15 minutes).
   * @default 60
   */
  readonly cpuPercent?: number;
  /**
   * KafkaDataLogsDiskUsed per broker, percent.
   * @default 85
   */
  readonly diskUsedPercent?: number;
  /**
   * HeapMemoryAfterGC per broker, percent (sustained 15 minutes).
   * @default 60
   */
  readonly heapMemoryPercent?: number;
  /**
   * ConnectionCount per broker (IAM allows 3000 per broker).
   * @default 2400
   */
  readonly connectionCount?: number;
  /**
   * CPUCreditBalance per kafka.t3 broker (minimum).
   * @default 100
   */
  readonly cpuCreditBalance?: number;
  /**
   * Express brokers: ingress or egress per broker as a percent of its sustained throughput.
   * @default 80
   */
  readonly throughputPercentOfQuota?: number;
}

/** Alarm settings of a cluster. */
export interface ClusterAlarmOptions {
  /**
   * Create the recommended alarms.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * What every alarm does when it fires and when it recovers.
   * @default - notify a new SNS topic (KMS-encrypted, SSL only), exposed as `cluster.alarmTopic`
   */
  readonly actions?: cloudwatch.IAlarmAction[];
  /**
   * Threshold overrides.
   * @default - the recommended thresholds
   */
  readonly thresholds?: AlarmThresholds;
}

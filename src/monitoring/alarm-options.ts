import { aws_cloudwatch as cloudwatch, aws_sns as sns } from 'aws-cdk-lib';
import { BrokerAlarms } from './broker-alarms';

/**
 * Thresholds of the recommended alarms. Each defaults to the value in docs/ALARMS.md.
 */
export interface AlarmThresholds {
  /**
   * CPU in use per broker, percent, sustained 15 minutes (alarms on CpuIdle below 100 minus this).
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
   * Ingress or egress as a percent of the quota: of each Express broker's sustained throughput,
   * or of an MSK Serverless cluster's 200 MBps in and 400 MBps out.
   * @default 80
   */
  readonly throughputPercentOfQuota?: number;
  /**
   * MSK Serverless: seconds a consumer group may fall behind on a topic (MaxEstimatedTimeLag)
   * for 5 minutes before its alarm fires.
   * @default 600
   */
  readonly consumerLagSeconds?: number;
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
   * @default - notify `topic`, or a new SNS topic (KMS-encrypted, SSL only), exposed as `cluster.alarmTopic`
   */
  readonly actions?: cloudwatch.IAlarmAction[];
  /**
   * An SNS topic to notify instead of creating one per cluster: several clusters can share one
   * (see README, "What each cluster creates"). When it is an `sns.Topic` of this app, the library
   * lets CloudWatch alarms of the stack's account and Region publish to it and use its key (a
   * `kms.Key` of this app); for an imported topic, grant that yourself (docs/ALARMS.md, Delivery).
   * Ignored when `actions` is given.
   * @default - a new topic per cluster
   */
  readonly topic?: sns.ITopic;
  /**
   * How the alarms that watch every broker are built.
   * @default BrokerAlarms.metricsInsights()
   */
  readonly brokerAlarms?: BrokerAlarms;
  /**
   * Threshold overrides.
   * @default - the recommended thresholds
   */
  readonly thresholds?: AlarmThresholds;
}

/**
 * Alarm settings of an integration (a replicator, a connector, a Firehose stream, a Lambda
 * consumer). Its recommended alarms are on by default and take the cluster's alarm actions.
 */
export interface IntegrationAlarmOptions {
  /**
   * Create the recommended alarms.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * What every alarm does when it fires and when it recovers.
   * @default - the alarm actions of the cluster (`cluster.alarmActions`); none for an imported cluster
   */
  readonly actions?: cloudwatch.IAlarmAction[];
}

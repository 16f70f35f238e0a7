import { Size } from 'aws-cdk-lib';

/** EBS storage of standard brokers, and its automatic growth. */
export interface BrokerStorageOptions {
  /**
   * Initial EBS volume per broker (1–16384 GiB). MSK volumes only grow.
   * @default Size.gibibytes(100)
   */
  readonly volumeSize?: Size;
  /**
   * Ceiling for storage autoscaling per broker (up to 16384 GiB). Set it equal to `volumeSize`
   * to turn autoscaling off.
   * @default Size.gibibytes(2000)
   */
  readonly maxVolumeSize?: Size;
  /**
   * Disk utilization (percent, 10–80) that storage autoscaling keeps the brokers at.
   * @default 60
   */
  readonly targetUtilization?: number;
  /**
   * Provisioned EBS throughput per broker, MiB/s (250 up to the instance type's maximum;
   * kafka.m5.4xlarge, kafka.m7g.2xlarge and larger; volume of at least 10 GiB). Raise it when
   * client ingress × replication factor approaches 250 MiB/s per broker.
   * @default - the EBS baseline (250 MiB/s), nothing provisioned
   */
  readonly provisionedThroughputMiBps?: number;
  /**
   * Tiered storage: keep recent data on the brokers' EBS volumes and older data in MSK's
   * low-cost tier (Kafka 3.6 or later, not kafka.t3.small, not Express). Topics then need
   * `remote.storage.enable=true`, retention of at least 3 days, and no compaction.
   * @default false
   */
  readonly tieredStorage?: boolean;
}

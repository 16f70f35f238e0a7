import { aws_logs as logs, aws_msk as msk, aws_s3 as s3 } from 'aws-cdk-lib';
import { IDependable } from 'constructs';

/** What binding broker logs to a cluster produced (`BrokerLogs._bind`). Internal: not exported from the package. */
export interface BrokerLogsBinding {
  /** The LoggingInfo of AWS::MSK::Cluster, with every enabled destination. */
  readonly loggingInfo: msk.CfnCluster.LoggingInfoProperty;
  /** The bucket the library created, if any. */
  readonly createdBucket?: s3.IBucket;
  /** The log group the library created, if any. */
  readonly createdLogGroup?: logs.ILogGroup;
  /** Resources the cluster must wait for (destination policies). */
  readonly dependencies: IDependable[];
}

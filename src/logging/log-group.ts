import { RemovalPolicy, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { allowCloudWatchLogsToUseKey } from './encrypted-log-group';
import { createManagedKey } from '../encryption/cluster-key';

/** Props of {@link BrokerLogGroup}. */
export interface BrokerLogGroupProps {
  /** How long broker log events are kept. */
  readonly retention: logs.RetentionDays;
  /** Removal policy of the log group and its key. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A CloudWatch log group for MSK broker logs, encrypted with its own customer-managed key
 * (rotation on, grants only for AWS resources) that CloudWatch Logs may use for this account's
 * log groups only.
 */
export class BrokerLogGroup extends Construct {
  /** The log group broker logs are delivered to. */
  public readonly logGroup: logs.LogGroup;
  /** The key that encrypts the log group. */
  public readonly encryptionKey: kms.Key;

  constructor(scope: Construct, id: string, props: BrokerLogGroupProps) {
    super(scope, id);
    this.encryptionKey = createManagedKey(this, 'Key', {
      description: `Encrypts MSK broker logs in ${this.node.path}`,
      removalPolicy: props.removalPolicy,
    });
    // CloudWatch Logs (not the delivery service) encrypts the events.
    allowCloudWatchLogsToUseKey(this.encryptionKey);
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      encryptionKey: this.encryptionKey,
      retention: props.retention,
      removalPolicy: props.removalPolicy,
    });
  }
}

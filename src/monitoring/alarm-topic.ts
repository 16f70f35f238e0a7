import { RemovalPolicy, aws_iam as iam, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { createManagedKey } from '../encryption/cluster-key';

/**
 * The SNS topic alarms notify by default: encrypted with a rotated customer-managed key that
 * CloudWatch may use, and reachable over SSL only. Subscribe people or tools to it.
 */
export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly encryptionKey: kms.Key;

  constructor(scope: Construct, id: string, removalPolicy: RemovalPolicy) {
    super(scope, id);
    this.encryptionKey = createManagedKey(this, 'Key', {
      description: `Encrypts the alarm topic of ${scope.node.path}`,
      removalPolicy,
    });
    // CloudWatch alarms publish to the encrypted topic through the service.
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarms',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
    this.topic = new sns.Topic(this, 'Resource', {
      masterKey: this.encryptionKey,
      enforceSSL: true,
      displayName: `MSK alarms of ${scope.node.path}`.slice(0, 100),
    });
  }
}

import { ArnFormat, RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { createManagedKey } from '../encryption/cluster-key';

/** Options of {@link createEncryptedLogGroup}. */
export interface EncryptedLogGroupOptions {
  /** What the log group holds, for the key's description. */
  readonly purpose: string;
  /** How long log events are kept. */
  readonly retention: logs.RetentionDays;
  /** Removal policy of the log group and its key. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A CloudWatch log group for an integration (Firehose delivery errors, MSK Connect worker logs),
 * encrypted with its own customer-managed key (rotation on, grants only for AWS resources) that
 * CloudWatch Logs may use for this account's log groups in this Region only.
 */
export function createEncryptedLogGroup(scope: Construct, id: string, options: EncryptedLogGroupOptions): logs.LogGroup {
  const key = createManagedKey(scope, `${id}Key`, {
    description: `Encrypts ${options.purpose} in ${scope.node.path}`,
    removalPolicy: options.removalPolicy,
  });
  allowCloudWatchLogsToUseKey(key);
  return new logs.LogGroup(scope, id, {
    encryptionKey: key,
    retention: options.retention,
    removalPolicy: options.removalPolicy,
  });
}

/**
 * Lets CloudWatch Logs of this Region use `key` for this account's log groups. A log group's
 * name is generated at deploy time and the log group refers to the key, so the encryption
 * context is bounded to the account's log groups in the Region rather than to the one group.
 */
export function allowCloudWatchLogsToUseKey(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsForThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }));
}

import { ArnFormat, RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { createManagedKey } from '../encryption/cluster-key';

/**
 * Conditions that limit the CloudWatch service principal to alarms of this stack's account and
 * Region (the confused-deputy protection of the `aws:SourceAccount` / `aws:SourceArn` global
 * condition keys).
 */
function cloudWatchAlarmConditions(scope: Construct): { [operator: string]: { [key: string]: string } } {
  const stack = Stack.of(scope);
  const alarms = stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': alarms },
  };
}

/**
 * The SNS topic alarms notify by default: encrypted with a rotated customer-managed key that
 * CloudWatch may use, and reachable over SSL only. Subscribe people or tools to it.
 *
 * Both halves of CloudWatch's access are needed, or no notification is ever delivered:
 * - the topic policy must allow `cloudwatch.amazonaws.com` to `sns:Publish`: the SSL-only
 *   statement (`enforceSSL`) creates a topic policy, which replaces SNS's default policy (re:Post
 *   Knowledge Center, "Why didn't I receive an SNS notification for my CloudWatch alarm trigger?");
 * - the key policy must let the same principal use the key (`kms:Decrypt`,
 *   `kms:GenerateDataKey*`): SNS developer guide, "Managing Amazon SNS encryption keys and
 *   costs" (sns-key-management.html), sections "Configuring AWS KMS permissions" and "Enable
 *   compatibility between event sources from AWS services and encrypted topics".
 * Both statements carry `aws:SourceAccount` (this account) and `aws:SourceArn`
 * (`arn:<partition>:cloudwatch:<region>:<account>:alarm:*`), so only this account's alarms in this
 * Region can use them.
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
    this.topic = new sns.Topic(this, 'Resource', {
      masterKey: this.encryptionKey,
      enforceSSL: true,
      displayName: `MSK alarms of ${scope.node.path}`.slice(0, 100),
    });
    allowCloudWatchAlarms(this.topic);
  }
}

/** Topics (and keys) already opened to CloudWatch alarms: a topic shared by many clusters gets each statement once. */
const OPENED = new WeakSet<object>();

/**
 * Lets CloudWatch alarms of the topic's stack account and Region publish to `topic` (a topic policy
 * statement) and use its key (a key policy statement), when the topic and its key are defined in this app;
 * true when it could, false for an imported topic or key (whose policies the library cannot change). Each
 * statement is added once, however many clusters share the topic.
 */
export function allowCloudWatchAlarms(topic: sns.ITopic): boolean {
  if (!(topic instanceof sns.Topic)) {
    return false;
  }
  const conditions = cloudWatchAlarmConditions(topic);
  const key = topic.masterKey;
  let keyOpened = key === undefined;
  if (key instanceof kms.Key) {
    if (!OPENED.has(key)) {
      OPENED.add(key);
      // CloudWatch alarms publish to the encrypted topic through the service.
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions,
      }));
    }
    keyOpened = true;
  }
  if (!OPENED.has(topic)) {
    OPENED.add(topic);
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions,
    }));
  }
  return keyOpened;
}

import { BrokerLogs, ProvisionedCluster } from '../../src';
import { AccessModel } from '../util/access/access-model';
import { vpcStack } from '../util/stacks';

const OTHER_ACCOUNT = '222222222222';
const ACL = { 's3:x-amz-acl': 'bucket-owner-full-control' };

/**
 * Broker logs to S3: vended-log delivery (delivery.logs.amazonaws.com) writes objects under
 * AWSLogs/<account>/ with the bucket-owner-full-control ACL and uses the bucket's key (CloudWatch
 * Logs user guide, "Logging that requires additional permissions [V2]", "Logs sent to Amazon S3":
 * bucket policy and, for SSE-KMS, key policy statements for delivery.logs.amazonaws.com with
 * aws:SourceAccount and aws:SourceArn). S3 server access logs of the log bucket are written by
 * logging.s3.amazonaws.com (S3 user guide, "Enabling Amazon S3 server access logging").
 */
describe('broker logs to S3', () => {
  const { stack, vpc } = vpcStack();
  new ProvisionedCluster(stack, 'Events', { vpc });
  const m = AccessModel.of(stack);
  const bucket = m.arn('EventsBrokerLogBucket', 'Arn', 'AWS::S3::Bucket');
  const key = m.arn('EventsBrokerLogBucketKey', 'Arn', 'AWS::KMS::Key');
  const delivery = { service: 'delivery.logs.amazonaws.com' };
  const source = { 'aws:SourceAccount': m.env.account, 'aws:SourceArn': m.localArn('logs', 'delivery-source:msk-broker-logs') };
  const object = `${bucket}/AWSLogs/${m.env.account}/KafkaBrokerLogs/us-east-1/events-1/2026-01-01-00/1-00000001.log.gz`;

  test('delivery may write a log object of the account with the bucket-owner-full-control ACL', async () => {
    expect(await m.decide({ principal: delivery, action: 's3:PutObject', resource: object, context: { ...source, ...ACL } })).toBe('Allowed');
  });

  test.each(['s3:GetBucketAcl', 's3:ListBucket'])('delivery may check the bucket with %s', async (action) => {
    expect(await m.decide({ principal: delivery, action, resource: bucket, context: source })).toBe('Allowed');
  });

  test.each(['kms:GenerateDataKey', 'kms:Decrypt'])('delivery may use the bucket key: %s', async (action) => {
    expect(await m.decide({ principal: delivery, action, resource: key, context: source })).toBe('Allowed');
  });

  test('delivery may not write without the ACL', async () => {
    expect(await m.decide({ principal: delivery, action: 's3:PutObject', resource: object, context: source })).not.toBe('Allowed');
  });

  test('delivery may not write outside AWSLogs/<account>/', async () => {
    const elsewhere = `${bucket}/AWSLogs/${OTHER_ACCOUNT}/KafkaBrokerLogs/x.log.gz`;
    expect(await m.decide({ principal: delivery, action: 's3:PutObject', resource: elsewhere, context: { ...source, ...ACL } })).not.toBe('Allowed');
    expect(await m.decide({ principal: delivery, action: 's3:PutObject', resource: `${bucket}/other/x.log.gz`, context: { ...source, ...ACL } })).not.toBe('Allowed');
  });

  test('delivery on behalf of another account may neither write nor use the key', async () => {
    const foreign = { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': m.localArn('logs', 'delivery-source:x', { account: OTHER_ACCOUNT }) };
    expect(await m.decide({ principal: delivery, action: 's3:PutObject', resource: object, context: { ...foreign, ...ACL } })).not.toBe('Allowed');
    expect(await m.decide({ principal: delivery, action: 'kms:GenerateDataKey', resource: key, context: foreign })).not.toBe('Allowed');
  });

  test('a write without TLS is explicitly denied', async () => {
    expect(await m.decide({ principal: delivery, action: 's3:PutObject', resource: object, context: { ...source, ...ACL, 'aws:SecureTransport': 'false' } }))
      .toBe('ExplicitlyDenied');
  });

  test('delivery may not read or delete log objects', async () => {
    expect(await m.decide({ principal: delivery, action: 's3:GetObject', resource: object, context: source })).not.toBe('Allowed');
    expect(await m.decide({ principal: delivery, action: 's3:DeleteObject', resource: object, context: source })).not.toBe('Allowed');
  });

  test('S3 server access logging of the log bucket may write to the access-log bucket, only for the log bucket', async () => {
    const accessLogs = m.arn('EventsBrokerLogBucketAccessLogs', 'Arn', 'AWS::S3::Bucket');
    const logging = { service: 'logging.s3.amazonaws.com' };
    const target = `${accessLogs}/broker-log-bucket/2026-01-01-00-00-00-ABCDEF`;
    expect(await m.decide({ principal: logging, action: 's3:PutObject', resource: target, context: { 'aws:SourceAccount': m.env.account, 'aws:SourceArn': bucket } }))
      .toBe('Allowed');
    expect(await m.decide({ principal: logging, action: 's3:PutObject', resource: target, context: { 'aws:SourceAccount': m.env.account, 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' } }))
      .not.toBe('Allowed');
  });
});

/**
 * Broker logs to CloudWatch Logs: vended-log delivery writes log streams through the account's
 * CloudWatch Logs resource policy, and CloudWatch Logs (logs.<region>.amazonaws.com) encrypts the
 * events with the log group's key, with the log group's ARN as encryption context (CloudWatch Logs
 * user guide, "Encrypt log data in CloudWatch Logs using AWS KMS").
 */
describe('broker logs to CloudWatch Logs', () => {
  const { stack, vpc } = vpcStack();
  new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.cloudWatch() });
  const m = AccessModel.of(stack);
  const logGroupName = m.arn('EventsBrokerLogGroup', undefined, 'AWS::Logs::LogGroup');
  const logGroup = m.localArn('logs', `log-group:${logGroupName}`);
  const stream = `${logGroup}:log-stream:events-broker-1`;
  const key = m.arn('EventsBrokerLogGroupKey', 'Arn', 'AWS::KMS::Key');
  const delivery = { service: 'delivery.logs.amazonaws.com' };
  const source = { 'aws:SourceAccount': m.env.account, 'aws:SourceArn': m.localArn('logs', 'delivery-source:msk-broker-logs') };
  const logs = { service: `logs.${m.env.region}.amazonaws.com` };

  test.each([
    // Both act on the log stream (Service Authorization Reference, CloudWatch Logs: resource type log-stream).
    ['logs:CreateLogStream', () => stream],
    ['logs:PutLogEvents', () => stream],
  ])('delivery may %s in the broker log group', async (action, resource) => {
    expect(await m.decide({ principal: delivery, action, resource: resource(), context: source })).toBe('Allowed');
  });

  test('delivery may not write to another log group, nor for another account', async () => {
    const other = m.localArn('logs', 'log-group:someone-else:log-stream:x');
    expect(await m.decide({ principal: delivery, action: 'logs:PutLogEvents', resource: other, context: source })).not.toBe('Allowed');
    const foreign = { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': m.localArn('logs', 'delivery-source:x', { account: OTHER_ACCOUNT }) };
    expect(await m.decide({ principal: delivery, action: 'logs:PutLogEvents', resource: stream, context: foreign })).not.toBe('Allowed');
  });

  test.each(['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'])('CloudWatch Logs may use the log group key for the account\'s log groups: %s', async (action) => {
    expect(await m.decide({ principal: logs, action, resource: key, context: { 'kms:EncryptionContext:aws:logs:arn': logGroup } })).toBe('Allowed');
  });

  test('CloudWatch Logs may not use the key for a log group of another account, nor without the encryption context', async () => {
    const foreign = m.localArn('logs', 'log-group:x', { account: OTHER_ACCOUNT });
    expect(await m.decide({ principal: logs, action: 'kms:GenerateDataKey', resource: key, context: { 'kms:EncryptionContext:aws:logs:arn': foreign } })).not.toBe('Allowed');
    expect(await m.decide({ principal: logs, action: 'kms:GenerateDataKey', resource: key })).not.toBe('Allowed');
  });

  test('CloudWatch Logs of another Region may not use the key', async () => {
    expect(await m.decide({ principal: { service: 'logs.eu-west-1.amazonaws.com' }, action: 'kms:Decrypt', resource: key, context: { 'kms:EncryptionContext:aws:logs:arn': logGroup } }))
      .not.toBe('Allowed');
  });
});

import { Stack } from 'aws-cdk-lib';
import { ProvisionedCluster } from '../../src';
import { AccessModel } from '../util/access/access-model';
import { vpcStack } from '../util/stacks';

/**
 * CloudWatch delivers alarm notifications to the alarm topic: sns:Publish on the topic, and
 * kms:GenerateDataKey* / kms:Decrypt on the topic's key, as the service principal
 * cloudwatch.amazonaws.com with aws:SourceAccount and aws:SourceArn (the alarm) set (SNS developer
 * guide, "Encrypted topics": the key must let the AWS service that publishes use it; CloudWatch
 * user guide, "Using Amazon CloudWatch alarms": the topic policy must allow cloudwatch.amazonaws.com).
 */
const OTHER_ACCOUNT = '222222222222';

function model(): { model: AccessModel; stack: Stack } {
  const { stack, vpc } = vpcStack();
  new ProvisionedCluster(stack, 'Events', { vpc });
  return { model: AccessModel.of(stack), stack };
}

describe('CloudWatch alarm delivery', () => {
  const { model: m } = model();
  const topic = m.arn('EventsMonitoringAlarmTopic', undefined, 'AWS::SNS::Topic');
  const key = m.arn('EventsMonitoringAlarmTopicKey', 'Arn', 'AWS::KMS::Key');
  const cloudwatch = { service: 'cloudwatch.amazonaws.com' };
  const ownAlarm = {
    'aws:SourceAccount': m.env.account,
    'aws:SourceArn': m.localArn('cloudwatch', 'alarm:EventsOfflinePartitions'),
  };
  const otherAccountAlarm = {
    'aws:SourceAccount': OTHER_ACCOUNT,
    'aws:SourceArn': m.localArn('cloudwatch', 'alarm:Stolen', { account: OTHER_ACCOUNT }),
  };

  test.each([
    ['sns:Publish', () => topic],
    ['kms:GenerateDataKey', () => key],
    ['kms:Decrypt', () => key],
  ])('an alarm of the stack\'s account may %s', async (action, resource) => {
    expect(await m.decide({ principal: cloudwatch, action, resource: resource(), context: ownAlarm })).toBe('Allowed');
  });

  test.each([
    ['sns:Publish', () => topic],
    ['kms:GenerateDataKey', () => key],
    ['kms:Decrypt', () => key],
  ])('an alarm of another account may not %s', async (action, resource) => {
    expect(await m.decide({ principal: cloudwatch, action, resource: resource(), context: otherAccountAlarm })).not.toBe('Allowed');
  });

  test('a request without TLS is explicitly denied, even from an alarm of the account', async () => {
    expect(await m.decide({ principal: cloudwatch, action: 'sns:Publish', resource: topic, context: { ...ownAlarm, 'aws:SecureTransport': 'false' } }))
      .toBe('ExplicitlyDenied');
  });

  test('a request of the account from another Region\'s alarm is denied', async () => {
    const elsewhere = { ...ownAlarm, 'aws:SourceArn': m.localArn('cloudwatch', 'alarm:EventsOfflinePartitions', { region: 'eu-west-1' }) };
    expect(await m.decide({ principal: cloudwatch, action: 'sns:Publish', resource: topic, context: elsewhere })).not.toBe('Allowed');
  });

  test('another service may not publish', async () => {
    expect(await m.decide({ principal: { service: 'events.amazonaws.com' }, action: 'sns:Publish', resource: topic, context: ownAlarm })).not.toBe('Allowed');
  });

  test('CloudWatch may not use the key for anything but delivery', async () => {
    expect(await m.decide({ principal: cloudwatch, action: 'kms:ScheduleKeyDeletion', resource: key, context: ownAlarm })).not.toBe('Allowed');
  });
});

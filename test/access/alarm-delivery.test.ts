import { Stack, aws_cloudwatch_actions as cloudwatch_actions, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { ALL_EXAMPLES } from '../../examples/all';
import { ProvisionedCluster, ServerlessCluster } from '../../src';
import { AccessModel } from '../util/access/access-model';
import { testApp, vpcStack } from '../util/stacks';

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

/**
 * Every alarm the library creates, in every example and for a shared topic: each of its actions is an SNS topic
 * CloudWatch may publish to, with a key CloudWatch may use. Actions to topics the example's author passed in are
 * held to the same standard (the examples pass none without the statements).
 */
describe('every alarm\'s actions can be delivered', () => {
  /** The alarm actions of `stack` that are topics of its template: [alarm logical id, topic logical id]. */
  function alarmTopics(m: AccessModel): Array<[string, string]> {
    const found: Array<[string, string]> = [];
    for (const alarmId of m.logicalIdsOf('AWS::CloudWatch::Alarm')) {
      const props = m.resolver.resources[alarmId].Properties as { AlarmActions?: unknown[]; OKActions?: unknown[] };
      for (const action of [...(props.AlarmActions ?? []), ...(props.OKActions ?? [])]) {
        const ref = (action as { Ref?: string }).Ref;
        if (ref !== undefined && m.resolver.resources[ref]?.Type === 'AWS::SNS::Topic') {
          found.push([alarmId, ref]);
        }
      }
    }
    return found;
  }

  async function undeliverable(m: AccessModel): Promise<string[]> {
    const problems: string[] = [];
    const pairs = alarmTopics(m);
    for (const topicId of [...new Set(pairs.map(([, t]) => t))]) {
      const alarmId = pairs.find(([, t]) => t === topicId)![0];
      const context = { 'aws:SourceAccount': m.env.account, 'aws:SourceArn': m.localArn('cloudwatch', `alarm:${alarmId}`) };
      const principal = { service: 'cloudwatch.amazonaws.com' };
      if (await m.decide({ principal, action: 'sns:Publish', resource: m.resolver.ref(topicId), context }) !== 'Allowed') {
        problems.push(`${topicId}: CloudWatch may not publish (alarm ${alarmId})`);
      }
      const keyRef = (m.resolver.resources[topicId].Properties as undefined | { KmsMasterKeyId?: { 'Fn::GetAtt'?: [string, string] } })?.KmsMasterKeyId;
      const keyId = keyRef?.['Fn::GetAtt']?.[0];
      if (keyId !== undefined) {
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          if (await m.decide({ principal, action, resource: m.resolver.getAtt(keyId, 'Arn'), context }) !== 'Allowed') {
            problems.push(`${topicId}: CloudWatch may not ${action} on ${keyId}`);
          }
        }
      }
    }
    return problems;
  }

  test.each(Object.entries(ALL_EXAMPLES))('%s: every alarm topic takes CloudWatch notifications', async (_name, build) => {
    const m = AccessModel.of(build(testApp()));
    expect(alarmTopics(m).length).toBeGreaterThan(0);
    expect(await undeliverable(m)).toEqual([]);
  });

  test('a default serverless cluster, and clusters sharing one topic of the app with its own key', async () => {
    const { stack, vpc } = vpcStack();
    new ServerlessCluster(stack, 'Spiky', { vpc });
    const key = new kms.Key(stack, 'SharedKey', { enableKeyRotation: true });
    const shared = new sns.Topic(stack, 'Shared', { enforceSSL: true, masterKey: key });
    new ProvisionedCluster(stack, 'A', { vpc, alarms: { topic: shared } });
    new ProvisionedCluster(stack, 'B', { vpc, alarms: { topic: shared } });
    const m = AccessModel.of(stack);
    expect(new Set(alarmTopics(m).map(([, t]) => t)).size).toBe(2);
    expect(await undeliverable(m)).toEqual([]);
  });

  test('the check fails for a topic of the app that CloudWatch may not publish to (alarms.actions)', async () => {
    const { stack, vpc } = vpcStack();
    const closed = new sns.Topic(stack, 'Closed', { enforceSSL: true });
    new ProvisionedCluster(stack, 'A', { vpc, alarms: { actions: [new cloudwatch_actions.SnsAction(closed)] } });
    expect(await undeliverable(AccessModel.of(stack))).toEqual([expect.stringMatching(/^Closed[0-9A-F]{8}: CloudWatch may not publish/)]);
  });
});

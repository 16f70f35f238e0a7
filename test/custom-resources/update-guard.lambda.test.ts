import { CloudFormationClient, DescribeStacksCommand, StackStatus } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GuardedSettingJson,
  onEvent,
  parseSettings,
  refusedChanges,
  UpdateGuardDeps,
  UpdateGuardEvent,
} from '../../src/custom-resources/update-guard.lambda';
import { fakeHandlerTime } from '../util/handler-time';

const cloudFormationMock = mockClient(CloudFormationClient);

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Demo/11111111-2222-3333-4444-555555555555';
const SUBJECT = "topic 'orders' (Demo/Cluster/Orders)";
const START = 1_700_000_000_000;

function setting(property: string, value: string | number, change: GuardedSettingJson['Change']): GuardedSettingJson {
  return { Property: property, Value: value, Change: change, Reason: `${property} reason. Fix: ${property} fix.` };
}

function topic(name: string, replicationFactor: number, partitions: number): GuardedSettingJson[] {
  return [setting('topicName', name, 'replaces'), setting('replicationFactor', replicationFactor, 'replaces'), setting('partitions', partitions, 'grows')];
}

function fakeDeps(logs: string[] = []): UpdateGuardDeps {
  return {
    cloudFormation: new CloudFormationClient({ region: 'us-east-1' }),
    ...fakeHandlerTime(START, logs),
  };
}

function update(before: GuardedSettingJson[], after: GuardedSettingJson[]): UpdateGuardEvent {
  return {
    RequestType: 'Update',
    StackId: STACK_ID,
    PhysicalResourceId: 'guard-1',
    OldResourceProperties: { ServiceToken: 't', Subject: SUBJECT, Settings: JSON.stringify(before) },
    ResourceProperties: { ServiceToken: 't', Subject: SUBJECT, Settings: JSON.stringify(after) },
  };
}

function stackIn(status: string | Error): void {
  if (status instanceof Error) {
    cloudFormationMock.on(DescribeStacksCommand).rejects(status);
  } else {
    cloudFormationMock.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Demo', StackStatus: status as StackStatus, CreationTime: new Date(START) }] });
  }
}

beforeEach(() => {
  cloudFormationMock.reset();
});

describe('refusedChanges', () => {
  test('refuses a changed replaces or refused setting, and a lower grows setting, naming both values and the reason', () => {
    expect(refusedChanges(SUBJECT, topic('orders', 3, 6), topic('payments', 2, 3))).toEqual([
      { property: 'topicName', change: 'replaces', message: `topicName of ${SUBJECT} changes from "orders" to "payments": topicName reason. Fix: topicName fix.` },
      { property: 'replicationFactor', change: 'replaces', message: `replicationFactor of ${SUBJECT} changes from 3 to 2: replicationFactor reason. Fix: replicationFactor fix.` },
      { property: 'partitions', change: 'grows', message: `partitions of ${SUBJECT} changes from 6 to 3: partitions reason. Fix: partitions fix.` },
    ]);
    expect(refusedChanges(SUBJECT, [setting('consumerGroup', 'a', 'refused')], [setting('consumerGroup', 'b', 'refused')]).map((r) => r.property))
      .toEqual(['consumerGroup']);
  });

  test('lets more partitions, unchanged settings and settings only one side has through', () => {
    expect(refusedChanges(SUBJECT, topic('orders', 3, 6), topic('orders', 3, 12))).toEqual([]);
    // A setting added by a library upgrade has no old value to compare.
    expect(refusedChanges(SUBJECT, [setting('topicName', 'orders', 'replaces')], topic('orders', 3, 6))).toEqual([]);
    expect(refusedChanges(SUBJECT, topic('orders', 3, 6), [setting('topicName', 'orders', 'replaces')])).toEqual([]);
  });
});

describe('parseSettings', () => {
  test('fails when the settings are not a JSON list of settings, naming the subject', () => {
    expect(() => parseSettings(SUBJECT, 'not json')).toThrow(`The Settings property of the update guard of ${SUBJECT} is not JSON`);
    expect(() => parseSettings(SUBJECT, '{"a":1}')).toThrow(/is not a list of settings/);
    expect(() => parseSettings(SUBJECT, '[{"Value":1}]')).toThrow(/is not a list of settings/);
    expect(parseSettings(SUBJECT, JSON.stringify(topic('orders', 3, 6)))).toEqual(topic('orders', 3, 6));
  });
});

describe('onEvent', () => {
  test('create checks nothing and calls nothing', async () => {
    const event: UpdateGuardEvent = { RequestType: 'Create', StackId: STACK_ID, ResourceProperties: update([], topic('orders', 3, 6)).ResourceProperties };
    await expect(onEvent(event, fakeDeps())).resolves.toEqual({});
    expect(cloudFormationMock.calls()).toHaveLength(0);
  });

  test('delete does nothing', async () => {
    const event: UpdateGuardEvent = { ...update([], []), RequestType: 'Delete' };
    await expect(onEvent(event, fakeDeps())).resolves.toEqual({ PhysicalResourceId: 'guard-1' });
    expect(cloudFormationMock.calls()).toHaveLength(0);
  });

  test('an update that changes no guarded setting passes without reading the stack', async () => {
    await expect(onEvent(update(topic('orders', 3, 6), topic('orders', 3, 12)), fakeDeps())).resolves.toEqual({});
    expect(cloudFormationMock.calls()).toHaveLength(0);
  });

  test('fails when a topic would be replaced or lose partitions, with every refused setting, both values and the fix', async () => {
    stackIn('UPDATE_IN_PROGRESS');
    const error = onEvent(update(topic('orders', 3, 6), topic('orders', 2, 3)), fakeDeps());
    await expect(error).rejects.toThrow(new RegExp(`^replicationFactor of ${SUBJECT.replace(/[()]/g, '\\$&')} changes from 3 to 2: .*Fix: replicationFactor fix\\. `
      + 'partitions of .* changes from 6 to 3: .*Fix: partitions fix\\. Nothing was changed \\(cdk-msk-constructs update guard, README "Data safety"\\)\\.$'));
    expect(cloudFormationMock.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: STACK_ID });
  });

  test('does not fail while the stack rolls back (the old values coming back)', async () => {
    stackIn('UPDATE_ROLLBACK_IN_PROGRESS');
    const logs: string[] = [];
    await expect(onEvent(update(topic('orders', 3, 12), topic('orders', 3, 6)), fakeDeps(logs))).resolves.toEqual({});
    expect(logs.join('\n')).toContain('UPDATE_ROLLBACK_IN_PROGRESS');
  });

  test('fails when the stack status cannot be read and the change would replace the resource', async () => {
    stackIn(new Error('denied'));
    await expect(onEvent(update(topic('orders', 3, 6), topic('payments', 3, 6)), fakeDeps()))
      .rejects.toThrow(/topicName of .* changes from "orders" to "payments".*The stack status could not be read \(.*denied.*\).*continue-update-rollback/);
  });

  test('only logs when the stack status cannot be read and the service refuses the change by itself', async () => {
    stackIn(new Error('denied'));
    const logs: string[] = [];
    await expect(onEvent(update(topic('orders', 3, 6), topic('orders', 3, 3)), fakeDeps(logs))).resolves.toEqual({});
    expect(logs.join('\n')).toMatch(/partitions of .* changed, and the stack status could not be read/);
  });

  test('fails when the subject is missing', async () => {
    const event = update([], []);
    await expect(onEvent({ ...event, ResourceProperties: { ...event.ResourceProperties, Subject: '' } }, fakeDeps())).rejects.toThrow('The Subject property is required');
  });
});

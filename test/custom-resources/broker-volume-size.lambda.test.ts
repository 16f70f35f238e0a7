import { CloudFormationClient, DescribeStacksCommand, DescribeStacksCommandOutput, StackStatus } from '@aws-sdk/client-cloudformation';
import {
  BadRequestException,
  ClusterInfo,
  ForbiddenException,
  KafkaClient,
  ListClustersV2Command,
  ListClustersV2CommandOutput,
  ServiceUnavailableException,
  TooManyRequestsException,
} from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import {
  BrokerVolumeSizeDeps,
  BrokerVolumeSizeEvent,
  BrokerVolumeSizeResourceProperties,
  handler,
  MAX_PAGES,
  MAX_VOLUME_GIB,
  MIN_INCREASE_GIB,
  onEvent,
  physicalResourceId,
  previousVolumeSize,
  volumeSizeToSend,
} from '../../src/custom-resources/broker-volume-size.lambda';
import {
  brokerFamily, compareKafkaVersions, kafkaVersionRefusal, kmsKeyIdOf, replacingChanges, sameIdSet, sameKmsKey, splitIds,
} from '../../src/custom-resources/update-refusals';

const kafkaMock = mockClient(KafkaClient);
const cloudFormationMock = mockClient(CloudFormationClient);

const NAME = 'orders';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Demo/11111111-2222-3333-4444-555555555555';
const START = 1_700_000_000_000;
const FOURTEEN_MINUTES = 14 * 60_000;
const METADATA = { httpStatusCode: 200 };

interface FakeEnv {
  readonly deps: BrokerVolumeSizeDeps;
  readonly sleeps: number[];
  readonly logs: string[];
  /** The stacks DescribeStacks was called for. */
  statusCalls(): Array<string | undefined>;
  elapsed(): number;
}

function fakeEnv(options: { budgetMs?: number; stackStatus?: string | Error } = {}): FakeEnv {
  let now = START;
  const sleeps: number[] = [];
  const logs: string[] = [];
  const status = options.stackStatus ?? 'UPDATE_IN_PROGRESS';
  if (status instanceof Error) {
    cloudFormationMock.on(DescribeStacksCommand).rejects(status);
  } else {
    cloudFormationMock.on(DescribeStacksCommand).resolves(stacks(status));
  }
  return {
    deps: {
      client: new KafkaClient({ region: 'us-east-1' }),
      cloudFormation: new CloudFormationClient({ region: 'us-east-1' }),
      deadline: START + (options.budgetMs ?? FOURTEEN_MINUTES),
      now: () => now,
      sleep: async (ms) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        sleeps.push(ms);
        now += ms;
      },
      random: () => 1,
      log: (message) => logs.push(message),
      setTimer: (ms, fire) => {
        let cancelled = false;
        setImmediate(() => {
          if (!cancelled) {
            now += ms;
            fire();
          }
        });
        return () => {
          cancelled = true;
        };
      },
    },
    sleeps,
    logs,
    statusCalls: () => cloudFormationMock.commandCalls(DescribeStacksCommand).map((call) => call.args[0].input.StackName),
    elapsed: () => now - START,
  };
}

function props(volumeSize: number, extra: Partial<BrokerVolumeSizeResourceProperties> = {}): BrokerVolumeSizeResourceProperties {
  return { ServiceToken: 'token', ClusterName: NAME, VolumeSize: String(volumeSize), ProvisionedThroughput: '', StorageMode: 'LOCAL', ...extra };
}

function createEvent(volumeSize = 100, extra: Partial<BrokerVolumeSizeResourceProperties> = {}): BrokerVolumeSizeEvent {
  return { RequestType: 'Create', StackId: STACK_ID, ResourceProperties: props(volumeSize, extra) };
}

interface UpdateOptions {
  readonly from: number;
  readonly to: number;
  readonly previous?: number;
  readonly oldExtra?: Partial<BrokerVolumeSizeResourceProperties>;
  readonly newExtra?: Partial<BrokerVolumeSizeResourceProperties>;
}

function updateEvent(options: UpdateOptions): BrokerVolumeSizeEvent {
  return {
    RequestType: 'Update',
    StackId: STACK_ID,
    PhysicalResourceId: physicalResourceId(NAME, options.previous ?? options.from),
    OldResourceProperties: props(options.from, options.oldExtra),
    ResourceProperties: props(options.to, options.newExtra),
  };
}

interface LiveSettings {
  readonly kafkaVersion?: string;
  readonly instanceType?: string;
  readonly clientSubnets?: string[];
  readonly securityGroups?: string[];
  readonly keyId?: string;
}

function cluster(name: string, volumeSize: number | undefined, state = 'ACTIVE', live: LiveSettings = {}): ClusterInfo {
  return {
    ClusterName: name,
    ClusterType: 'PROVISIONED',
    State: state as ClusterInfo['State'],
    Provisioned: {
      EncryptionInfo: live.keyId === undefined ? undefined : { EncryptionAtRest: { DataVolumeKMSKeyId: live.keyId } },
      BrokerNodeGroupInfo: {
        ClientSubnets: live.clientSubnets ?? [],
        SecurityGroups: live.securityGroups,
        InstanceType: live.instanceType ?? 'kafka.m7g.large',
        StorageInfo: volumeSize === undefined && live.instanceType?.startsWith('express.') ? undefined : { EbsStorageInfo: { VolumeSize: volumeSize } },
      },
      CurrentBrokerSoftwareInfo: { KafkaVersion: live.kafkaVersion ?? '3.9.x.kraft' },
    },
  } as ClusterInfo;
}

/** The properties of an Express cluster's lookup: no storage settings. */
function expressProps(extra: Partial<BrokerVolumeSizeResourceProperties> = {}): BrokerVolumeSizeResourceProperties {
  return { ServiceToken: 'token', ClusterName: NAME, KafkaVersion: '3.9.x.kraft', InstanceType: 'express.m7g.large', ...extra };
}

function listing(clusters: ClusterInfo[], nextToken?: string): ListClustersV2CommandOutput {
  return { $metadata: METADATA, ClusterInfoList: clusters, NextToken: nextToken };
}

/** A DescribeStacks answer for the stack, in `status` (undefined: no stack at all). */
function stacks(status: string | undefined): DescribeStacksCommandOutput {
  return {
    $metadata: METADATA,
    Stacks: status === undefined ? [] : [{ StackId: STACK_ID, StackName: 'Demo', CreationTime: new Date(START), StackStatus: status as StackStatus }],
  };
}

function throttled(): TooManyRequestsException {
  return new TooManyRequestsException({ message: 'Too Many Requests', $metadata: { httpStatusCode: 429 } });
}

function listCalls(): number {
  return kafkaMock.commandCalls(ListClustersV2Command).length;
}

beforeEach(() => {
  kafkaMock.reset();
  cloudFormationMock.reset();
});

describe('volumeSizeToSend', () => {
  test.each([
    // desired, live, previous, storage settings change, expected
    [100, undefined, undefined, false, 100], // no cluster yet: the desired size
    [100, undefined, 80, true, 100], // renamed cluster (a replacement): the desired size
    [100, 150, undefined, false, 100], // create on an existing cluster, storage unchanged: what the template already holds
    [100, 150, 100, false, 100], // nothing to send: keep the previous value, CloudFormation sends nothing
    [120, 150, 100, false, 100], // raised, but still below the live size: nothing to send
    [100, 150, 100, true, 150], // throughput changes: the live size, never below it
    [200, 150, 100, false, 200], // raised above the live size: the volumes grow
    [155, 150, 100, false, 160], // less than 10 GiB above the live size: the least step MSK accepts
    [16380, 16376, 16000, false, 16384], // the step never goes past the maximum
  ])('desired %p, live %p, previous %p, storage change %p -> %p', (desired, live, previous, change, expected) => {
    expect(volumeSizeToSend(desired, live, previous, change)).toBe(expected);
  });

  test('never sends a changed size below the live one, and grows by at least 10 GiB when it grows', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: MAX_VOLUME_GIB }), fc.integer({ min: 1, max: MAX_VOLUME_GIB }),
      fc.integer({ min: 1, max: MAX_VOLUME_GIB }), fc.boolean(),
      (desired, live, previousRaw, change) => {
        const previous = Math.min(previousRaw, live); // the last value sent was applied, and volumes never shrink
        const sent = volumeSizeToSend(desired, live, previous, change);
        if (sent !== previous || change) {
          expect(sent).toBeGreaterThanOrEqual(live);
        }
        if (sent > live) {
          expect(sent).toBeGreaterThanOrEqual(Math.min(live + MIN_INCREASE_GIB, MAX_VOLUME_GIB));
          expect(sent).toBeGreaterThanOrEqual(desired);
        }
        expect(sent).toBeLessThanOrEqual(Math.max(desired, MAX_VOLUME_GIB));
      }));
  });
});

describe('physical resource id', () => {
  test('carries the value returned, read back on the next update', () => {
    expect(physicalResourceId('orders-1', 250)).toBe('orders-1:250');
    expect(previousVolumeSize('orders-1:250')).toBe(250);
  });

  test.each([undefined, 'orders', 'orders:', 'orders:abc', 'orders:0', 'orders:1.5'])('reads nothing from %p', (id) => {
    expect(previousVolumeSize(id)).toBeUndefined();
  });
});

describe('onEvent', () => {
  test('returns the desired size when no cluster has the name yet (first deployment)', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([]));

    const result = await onEvent(createEvent(100), fakeEnv().deps);

    expect(result).toEqual({ PhysicalResourceId: 'orders:100', Data: { VolumeSize: 100 } });
    expect(kafkaMock.commandCalls(ListClustersV2Command)[0].args[0].input).toEqual({
      ClusterNameFilter: NAME, ClusterTypeFilter: 'PROVISIONED', NextToken: undefined,
    });
  });

  test('matches the exact name only (the filter is a prefix)', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster('orders-archive', 900), cluster('orders2', 700)]));

    const result = await onEvent(createEvent(100), fakeEnv().deps);

    expect(result.Data).toEqual({ VolumeSize: 100 });
  });

  test('returns the live size when autoscaling has grown it and the throughput changes', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 1450)]));

    const result = await onEvent(updateEvent({ from: 1000, to: 1000, oldExtra: { ProvisionedThroughput: '' }, newExtra: { ProvisionedThroughput: '500' } }), fakeEnv().deps);

    expect(result).toEqual({ PhysicalResourceId: 'orders:1450', Data: { VolumeSize: 1450 } });
  });

  test('returns the live size when the storage mode changes', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));

    const result = await onEvent(updateEvent({ from: 100, to: 100, newExtra: { StorageMode: 'TIERED' } }), fakeEnv().deps);

    expect(result.Data).toEqual({ VolumeSize: 300 });
  });

  test('keeps the previous value when a raised size is still below the live one (nothing for CloudFormation to send)', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));

    const result = await onEvent(updateEvent({ from: 100, to: 200 }), fakeEnv().deps);

    expect(result).toEqual({ PhysicalResourceId: 'orders:100', Data: { VolumeSize: 100 } });
  });

  test('grows the volumes by at least 10 GiB over the live size', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));

    const result = await onEvent(updateEvent({ from: 100, to: 305 }), fakeEnv().deps);

    expect(result.Data).toEqual({ VolumeSize: 310 });
  });

  test('ignores a deleted cluster of the same name, and takes the larger of two live ones', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 5000, 'DELETING'), cluster(NAME, 400), cluster(NAME, 450, 'UPDATING')]));

    const result = await onEvent(updateEvent({ from: 100, to: 100, newExtra: { ProvisionedThroughput: '250' } }), fakeEnv().deps);

    expect(result.Data).toEqual({ VolumeSize: 450 });
  });

  test('reads every page', async () => {
    kafkaMock.on(ListClustersV2Command)
      .resolvesOnce(listing([cluster('orders-a', 1)], 'page-2'))
      .resolvesOnce(listing([cluster(NAME, 800)]));

    const result = await onEvent(createEvent(1000), fakeEnv().deps);

    expect(result.Data).toEqual({ VolumeSize: 1000 });
    expect(listCalls()).toBe(2);
    expect(kafkaMock.commandCalls(ListClustersV2Command)[1].args[0].input.NextToken).toBe('page-2');
  });

  test('fails when the listing never ends', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([], 'again'));

    await expect(onEvent(createEvent(), fakeEnv().deps)).rejects.toThrow(`more than ${MAX_PAGES} pages`);
    expect(listCalls()).toBe(MAX_PAGES);
  });

  test('falls back to the old desired size when the physical id carries no value', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));
    const event = { ...updateEvent({ from: 120, to: 150 }), PhysicalResourceId: 'some-request-id' };

    const result = await onEvent(event, fakeEnv().deps);

    expect(result.Data).toEqual({ VolumeSize: 120 });
  });

  test('fails when the desired size is lowered, before touching anything', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));
    const env = fakeEnv({ stackStatus: 'UPDATE_IN_PROGRESS' });

    await expect(onEvent(updateEvent({ from: 200, to: 100, previous: 300 }), env.deps)).rejects.toThrow(
      'storage.volumeSize: the broker volume size of MSK cluster orders went down from 200 to 100 GiB');
    expect(env.statusCalls()).toEqual([STACK_ID]);
    expect(listCalls()).toBe(0);
  });

  test('the lowering error names the fix', async () => {
    const env = fakeEnv();

    await expect(onEvent(updateEvent({ from: 200, to: 100 }), env.deps)).rejects.toThrow(/Fix: keep volumeSize at 200 GiB or more/);
  });

  test.each(['UPDATE_ROLLBACK_IN_PROGRESS', 'IMPORT_ROLLBACK_IN_PROGRESS'])('accepts a lowered size while the stack is in %s (the previous size coming back)', async (status) => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));
    const env = fakeEnv({ stackStatus: status });

    const result = await onEvent(updateEvent({ from: 300, to: 100, previous: 300 }), env.deps);

    expect(result).toEqual({ PhysicalResourceId: 'orders:300', Data: { VolumeSize: 300 } });
    expect(env.logs.join('\n')).toContain(status);
  });

  test('goes on when the stack status cannot be read, never below the live size', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));
    const env = fakeEnv({ stackStatus: new Error('denied') });

    const result = await onEvent(updateEvent({ from: 200, to: 100, previous: 300, newExtra: { ProvisionedThroughput: '250' } }), env.deps);

    expect(result.Data).toEqual({ VolumeSize: 300 });
    expect(env.logs.join('\n')).toContain(`could not be read (Error: DescribeStacks failed for stack ${STACK_ID}: Error: denied)`);
  });

  test('does not read the stack status when the size is not lowered', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([]));
    const env = fakeEnv();

    await onEvent(updateEvent({ from: 100, to: 100, newExtra: { ProvisionedThroughput: '300' } }), env.deps);
    await onEvent(createEvent(50), env.deps);

    expect(env.statusCalls()).toEqual([]);
  });

  test('retries throttling with backoff', async () => {
    kafkaMock.on(ListClustersV2Command)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves(listing([cluster(NAME, 250)]));
    const env = fakeEnv();

    const result = await onEvent(createEvent(255), env.deps);

    expect(result.Data).toEqual({ VolumeSize: 260 });
    expect(env.sleeps).toEqual([1_000, 2_000]);
    expect(listCalls()).toBe(3);
  });

  test('retries transient errors and access denials (IAM propagation)', async () => {
    kafkaMock.on(ListClustersV2Command)
      .rejectsOnce(new ServiceUnavailableException({ message: 'busy', $metadata: { httpStatusCode: 503 } }))
      .rejectsOnce(new ForbiddenException({ message: 'not authorized', $metadata: { httpStatusCode: 403 } }))
      .resolves(listing([]));
    const env = fakeEnv();

    await onEvent(createEvent(), env.deps);

    expect(listCalls()).toBe(3);
  });

  test('fails when throttling lasts until the deadline', async () => {
    kafkaMock.on(ListClustersV2Command).rejects(throttled());
    const env = fakeEnv({ budgetMs: 60_000 });

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      'Timed out calling ListClustersV2 for MSK clusters named orders while waiting for throttling to stop');
    expect(env.elapsed()).toBe(60_000);
  });

  test('fails when access stays denied, naming the permission', async () => {
    kafkaMock.on(ListClustersV2Command).rejects(new ForbiddenException({ message: 'not authorized', $metadata: { httpStatusCode: 403 } }));

    await expect(onEvent(createEvent(), fakeEnv().deps)).rejects.toThrow(/still denied after retrying for 180 s .*allows kafka:ListClustersV2/);
  });

  test('fails immediately on other errors', async () => {
    kafkaMock.on(ListClustersV2Command).rejects(new BadRequestException({ message: 'bad filter', $metadata: { httpStatusCode: 400 } }));
    const env = fakeEnv();

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow('ListClustersV2 failed for MSK clusters named orders: BadRequestException: bad filter');
    expect(env.sleeps).toEqual([]);
  });

  test.each([
    ['', 'VolumeSize'], ['0', 'VolumeSize'], ['abc', 'VolumeSize'], ['1.5', 'VolumeSize'],
  ])('fails when VolumeSize is %p', async (value) => {
    const event: BrokerVolumeSizeEvent = { RequestType: 'Create', ResourceProperties: { ...props(1), VolumeSize: value } };

    await expect(onEvent(event, fakeEnv().deps)).rejects.toThrow('The VolumeSize property must be a whole number of GiB greater than 0');
    expect(kafkaMock.calls()).toHaveLength(0);
  });

  test('fails when ClusterName is missing', async () => {
    const event: BrokerVolumeSizeEvent = { RequestType: 'Create', ResourceProperties: { ...props(1), ClusterName: '' } };

    await expect(onEvent(event, fakeEnv().deps)).rejects.toThrow('The ClusterName property is required');
  });

  test('Delete makes no SDK calls and returns the physical id', async () => {
    const result = await onEvent({ RequestType: 'Delete', PhysicalResourceId: 'orders:300', ResourceProperties: props(100) }, fakeEnv().deps);

    expect(result).toEqual({ PhysicalResourceId: 'orders:300' });
    expect(kafkaMock.calls()).toHaveLength(0);
  });

  test('fails on an unknown request type', async () => {
    const event = { RequestType: 'Refresh', ResourceProperties: props(1) } as unknown as BrokerVolumeSizeEvent;

    await expect(onEvent(event, fakeEnv().deps)).rejects.toThrow('Unsupported RequestType: Refresh');
  });
});

describe('stack status (lowered sizes), read with the CloudFormation client', () => {
  test('reads the status of its own stack with DescribeStacks', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));
    const env = fakeEnv({ stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' });

    await onEvent(updateEvent({ from: 300, to: 100, previous: 300 }), env.deps);

    expect(cloudFormationMock.commandCalls(DescribeStacksCommand).map((call) => call.args[0].input)).toEqual([{ StackName: STACK_ID }]);
  });

  test('fails when the stack is not rolling back, reading DescribeStacks before ListClustersV2', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));
    const env = fakeEnv({ stackStatus: 'UPDATE_IN_PROGRESS' });

    await expect(onEvent(updateEvent({ from: 300, to: 100, previous: 300 }), env.deps)).rejects.toThrow(/went down from 300 to 100 GiB/);
    expect(listCalls()).toBe(0);
  });

  test('goes on when DescribeStacks returns no stack (the status is unknown), logging why', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));
    const env = fakeEnv();
    cloudFormationMock.on(DescribeStacksCommand).resolves(stacks(undefined));

    const result = await onEvent(updateEvent({ from: 300, to: 100, previous: 300 }), env.deps);

    expect(result.Data).toEqual({ VolumeSize: 300 });
    expect(env.logs.join('\n')).toContain(`DescribeStacks returned no status for ${STACK_ID}`);
  });

  test('retries a throttled DescribeStacks like every other call', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));
    const env = fakeEnv();
    cloudFormationMock.on(DescribeStacksCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
      .resolves(stacks('UPDATE_ROLLBACK_IN_PROGRESS'));

    const result = await onEvent(updateEvent({ from: 300, to: 100, previous: 300 }), env.deps);

    expect(result.Data).toEqual({ VolumeSize: 300 });
    expect(env.sleeps).toEqual([1_000]);
    expect(env.statusCalls()).toEqual([STACK_ID, STACK_ID]);
  });

  test('names cloudformation:DescribeStacks when access stays denied, and goes on', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300)]));
    const env = fakeEnv({ stackStatus: Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }) });

    const result = await onEvent(updateEvent({ from: 300, to: 100, previous: 300 }), env.deps);

    expect(result.Data).toEqual({ VolumeSize: 300 });
    expect(env.logs.join('\n')).toMatch(/could not be read \(Error: DescribeStacks on stack .* allows cloudformation:DescribeStacks/);
  });
});

describe('compareKafkaVersions and kafkaVersionRefusal', () => {
  test.each([
    ['3.8.x', '3.9.x', -1], ['3.9.x', '3.8.x', 1], ['3.9.x', '3.9.x.kraft', 0], ['3.10.0', '3.9.x', 1], ['4.0.x.kraft', '3.9.x.kraft', 1],
    ['2.8.2.tiered', '2.8.2', 0], ['3.9.x', '3.9.1', 0], ['2.4.1.1', '2.4.1', 0], ['3.6.0', '2.8.2.tiered', 1], ['not-a-version', '3.9.x', 0],
  ])('compares %p with %p', (a, b, sign) => {
    expect(Math.sign(compareKafkaVersions(a, b))).toBe(sign);
  });

  test.each([
    ['3.9.x', '3.8.x', /older than the live 3\.9\.x.*"Amazon MSK version support"/],
    ['4.1.x.kraft', '4.0.x.kraft', /older than the live 4\.1\.x\.kraft/],
    ['3.9.x.kraft', '3.9.x', /runs ZooKeeper and the live 3\.9\.x\.kraft runs KRaft.*"Migrate from ZooKeeper to KRaft mode"/],
    ['3.8.x', '3.9.x.kraft', /only from 3\.9\.x to 3\.9\.x\.kraft/],
    ['3.9.x', '4.0.x.kraft', /only from 3\.9\.x to 3\.9\.x\.kraft/],
    ['3.8.x.kraft', '3.8.x', /cannot go back to ZooKeeper/],
  ])('refuses %p -> %p', (live, desired, reason) => {
    expect(kafkaVersionRefusal(live, desired)).toMatch(reason);
  });

  test.each([
    ['3.9.x', '3.9.x'], ['3.8.x', '3.9.x'], ['3.9.x', '3.9.x.kraft'], ['3.9.x.kraft', '4.0.x.kraft'], ['3.6.0', '3.7.x'],
    ['2.8.2.tiered', '3.6.0'], ['3.9.x', '3.9.1'], ['something', 'else'],
  ])('accepts %p -> %p (an upgrade, no change, or an order it cannot tell)', (live, desired) => {
    expect(kafkaVersionRefusal(live, desired)).toBeUndefined();
  });

  test('never accepts a version older than the live one (property)', () => {
    const version = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 12 }), fc.boolean());
    fc.assert(fc.property(version, version, ([aMajor, aMinor, aKraft], [bMajor, bMinor, bKraft]) => {
      const live = `${aMajor}.${aMinor}.x${aKraft ? '.kraft' : ''}`;
      const desired = `${bMajor}.${bMinor}.x${bKraft ? '.kraft' : ''}`;
      if (bMajor < aMajor || (bMajor === aMajor && bMinor < aMinor)) {
        expect(kafkaVersionRefusal(live, desired)).toBeDefined();
      }
    }));
  });

  test('tells the broker family from the instance type prefix', () => {
    expect(brokerFamily('express.m7g.large')).toBe('Express');
    expect(brokerFamily('kafka.m7g.large')).toBe('Standard');
    expect(brokerFamily('kafka.t3.small')).toBe('Standard');
  });
});

describe('Kafka version and broker family guard', () => {
  function versionUpdate(from: string, to: string, extra: Partial<BrokerVolumeSizeResourceProperties> = {}): BrokerVolumeSizeEvent {
    return {
      ...updateEvent({ from: 100, to: 100, previous: 100, oldExtra: { KafkaVersion: from, InstanceType: 'kafka.m7g.large' } }),
      ResourceProperties: props(100, { KafkaVersion: to, InstanceType: 'kafka.m7g.large', ...extra }),
    };
  }

  test('fails when the template asks for an older Kafka version than the live one, naming the property, the live value and the fix', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 100, 'ACTIVE', { kafkaVersion: '3.9.x' })]));
    const env = fakeEnv({ stackStatus: 'UPDATE_IN_PROGRESS' });

    const error = await onEvent(versionUpdate('3.9.x', '3.8.x'), env.deps).then(() => undefined, (e: Error) => e.message);

    expect(error).toMatch(/^kafkaVersion: for MSK cluster orders, the template's 3\.8\.x is older than the live 3\.9\.x/);
    expect(error).toContain('"Amazon MSK version support"');
    expect(error).toContain('Fix: set kafkaVersion to 3.9.x or a newer version');
    expect(env.statusCalls()).toEqual([STACK_ID]);
  });

  test('fails when the live cluster runs KRaft and the template asks for ZooKeeper', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 100, 'ACTIVE', { kafkaVersion: '3.9.x.kraft' })]));

    await expect(onEvent(versionUpdate('3.9.x.kraft', '3.9.x'), fakeEnv().deps)).rejects.toThrow(/cannot go back to ZooKeeper/);
  });

  test('compares with the live version, not the old template one (a version changed outside CloudFormation)', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 100, 'ACTIVE', { kafkaVersion: '4.0.x.kraft' })]));

    await expect(onEvent(versionUpdate('3.9.x.kraft', '3.9.x.kraft', { VolumeSize: '100' }), fakeEnv().deps)).rejects.toThrow(/older than the live 4\.0\.x\.kraft/);
  });

  test.each(['UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS'])('never fails a downgrade while the stack is in %s (the old version coming back)', async (status) => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 100, 'ACTIVE', { kafkaVersion: '3.9.x' })]));
    const env = fakeEnv({ stackStatus: status });

    const result = await onEvent(versionUpdate('3.9.x', '3.8.x'), env.deps);

    expect(result).toEqual({ PhysicalResourceId: 'orders:100', Data: { VolumeSize: 100 } });
    expect(env.logs.join('\n')).toContain(status);
  });

  test('goes on, logging, when the stack status cannot be read', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 100, 'ACTIVE', { kafkaVersion: '3.9.x' })]));
    const env = fakeEnv({ stackStatus: new Error('denied') });

    await expect(onEvent(versionUpdate('3.9.x', '3.8.x'), env.deps)).resolves.toEqual({ PhysicalResourceId: 'orders:100', Data: { VolumeSize: 100 } });
    expect(env.logs.join('\n')).toContain('KafkaVersion 3.9.x -> 3.8.x refused by MSK, and the stack status could not be read');
  });

  test('an upgrade only logs the "upgrade alone" advice, and keeps the volume size (nothing for CloudFormation to send)', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 400, 'ACTIVE', { kafkaVersion: '3.8.x' })]));
    const env = fakeEnv();

    const result = await onEvent({ ...versionUpdate('3.8.x', '3.9.x'), PhysicalResourceId: physicalResourceId(NAME, 100) }, env.deps);

    expect(result).toEqual({ PhysicalResourceId: 'orders:100', Data: { VolumeSize: 100 } });
    expect(env.logs.join('\n')).toMatch(/3\.8\.x -> 3\.9\.x, an in-place upgrade\. Upgrade alone/);
    expect(env.statusCalls()).toEqual([]);
  });

  test('an instance type change alone keeps the previous volume size', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 400)]));
    const env = fakeEnv();
    const event = updateEvent({ from: 100, to: 100, previous: 100, oldExtra: { InstanceType: 'kafka.m7g.large' }, newExtra: { InstanceType: 'kafka.m7g.xlarge' } });

    expect(await onEvent(event, env.deps)).toEqual({ PhysicalResourceId: 'orders:100', Data: { VolumeSize: 100 } });
    expect(env.statusCalls()).toEqual([]);
  });

  test('adding the version and instance type to an existing lookup (a library upgrade) keeps the previous volume size', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 400)]));
    const event = updateEvent({ from: 100, to: 100, previous: 250, newExtra: { KafkaVersion: '3.9.x.kraft', InstanceType: 'kafka.m7g.large' } });

    expect(await onEvent(event, fakeEnv().deps)).toEqual({ PhysicalResourceId: 'orders:250', Data: { VolumeSize: 250 } });
  });

  test('fails a switch from Standard to Express brokers, naming the property, the live type and the fix', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 100)]));
    const env = fakeEnv();
    const event: BrokerVolumeSizeEvent = {
      RequestType: 'Update',
      StackId: STACK_ID,
      PhysicalResourceId: physicalResourceId(NAME, 100),
      OldResourceProperties: props(100, { KafkaVersion: '3.9.x.kraft', InstanceType: 'kafka.m7g.large' }),
      ResourceProperties: expressProps(),
    };

    const error = await onEvent(event, env.deps).then(() => undefined, (e: Error) => e.message);

    expect(error).toMatch(/^instanceType: MSK cluster orders runs Standard brokers \(kafka\.m7g\.large\), and the template asks for Express brokers \(express\.m7g\.large\)/);
    expect(error).toContain('"Amazon MSK broker types"');
    expect(error).toContain('Fix: keep an instance type of the Standard family (kafka.*)');
  });

  test('fails a switch from Express to Standard brokers', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, undefined, 'ACTIVE', { instanceType: 'express.m7g.large' })]));
    const event: BrokerVolumeSizeEvent = {
      RequestType: 'Update',
      StackId: STACK_ID,
      PhysicalResourceId: physicalResourceId(NAME, 0),
      OldResourceProperties: expressProps(),
      ResourceProperties: props(100, { KafkaVersion: '3.9.x.kraft', InstanceType: 'kafka.m7g.large' }),
    };

    await expect(onEvent(event, fakeEnv().deps)).rejects.toThrow(/runs Express brokers \(express\.m7g\.large\).*Fix: keep an instance type of the Express family \(express\.\*\)/);
  });

  test('never fails a switch while the stack rolls back, and the Standard lookup gets its previous value back', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 400)]));
    const event: BrokerVolumeSizeEvent = {
      RequestType: 'Update',
      StackId: STACK_ID,
      PhysicalResourceId: physicalResourceId(NAME, 100),
      OldResourceProperties: expressProps(),
      ResourceProperties: props(100, { KafkaVersion: '3.9.x.kraft', InstanceType: 'kafka.m7g.large' }),
    };

    expect(await onEvent(event, fakeEnv({ stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' }).deps))
      .toEqual({ PhysicalResourceId: 'orders:100', Data: { VolumeSize: 100 } });
  });

  test('an Express lookup returns VolumeSize 0 and checks the version', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, undefined, 'ACTIVE', { instanceType: 'express.m7g.large', kafkaVersion: '3.9.x.kraft' })]));
    const create: BrokerVolumeSizeEvent = { RequestType: 'Create', StackId: STACK_ID, ResourceProperties: expressProps() };

    expect(await onEvent(create, fakeEnv().deps)).toEqual({ PhysicalResourceId: 'orders:0', Data: { VolumeSize: 0 } });
    await expect(onEvent({ ...create, ResourceProperties: expressProps({ KafkaVersion: '3.8.x' }) }, fakeEnv().deps)).rejects.toThrow(/^kafkaVersion: /);
  });

  test('checks nothing against a cluster that does not exist yet (first deployment, or a new name)', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([]));
    const env = fakeEnv();

    expect(await onEvent(createEvent(100, { KafkaVersion: '3.6.0', InstanceType: 'express.m7g.large' }), env.deps)).toEqual({ PhysicalResourceId: 'orders:100', Data: { VolumeSize: 100 } });
    expect(env.statusCalls()).toEqual([]);
  });

  test('checks nothing a lookup written by an older release does not carry', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 100, 'ACTIVE', { kafkaVersion: '4.1.x.kraft', instanceType: 'express.m7g.large' })]));
    const env = fakeEnv();

    await onEvent(createEvent(100), env.deps);
    expect(env.statusCalls()).toEqual([]);
  });

  test('reads the stack status once when several checks fail during a rollback', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 300, 'ACTIVE', { kafkaVersion: '3.9.x', instanceType: 'express.m7g.large' })]));
    const env = fakeEnv({ stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' });
    const event = updateEvent({ from: 300, to: 200, previous: 300, newExtra: { KafkaVersion: '3.8.x', InstanceType: 'kafka.m7g.large' } });

    expect(await onEvent(event, env.deps)).toEqual({ PhysicalResourceId: 'orders:300', Data: { VolumeSize: 300 } });
    expect(env.statusCalls()).toEqual([STACK_ID]);
  });
});

const KEY_A = 'arn:aws:kms:us-east-1:123456789012:key/1111aaaa-1111-2222-3333-444455556666';
const KEY_B = 'arn:aws:kms:us-east-1:123456789012:key/2222bbbb-1111-2222-3333-444455556666';
const NETWORK = { clientSubnets: ['subnet-a', 'subnet-b', 'subnet-c'], securityGroups: ['sg-1'], keyId: KEY_A };
/** The lookup properties matching NETWORK. */
const NETWORK_PROPS = { ClientSubnets: 'subnet-a,subnet-b,subnet-c', SecurityGroups: 'sg-1', DataVolumeKmsKeyId: KEY_A };

describe('replacingChanges and its helpers', () => {
  test('compares id lists as sets', () => {
    expect(sameIdSet(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameIdSet(['a', 'b'], ['a', 'b', 'b'])).toBe(true);
    expect(sameIdSet(['a', 'b'], ['a', 'c'])).toBe(false);
    expect(sameIdSet(['a', 'b'], ['a'])).toBe(false);
    expect(splitIds('subnet-a, subnet-b,,')).toEqual(['subnet-a', 'subnet-b']);
    expect(splitIds('')).toEqual([]);
  });

  test('a set equals every reordering of itself, and differs once an id is swapped for a new one (property)', () => {
    const ids = fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(ids, fc.nat(), fc.boolean(), fc.stringMatching(/^[a-z0-9-]{1,12}$/), (list, turn, reverse, other) => {
      fc.pre(!list.includes(other));
      const rotated = [...list.slice(turn % list.length), ...list.slice(0, turn % list.length)];
      const reordered = reverse ? rotated.reverse() : rotated;
      expect(sameIdSet(list, reordered)).toBe(true);
      expect(splitIds(reordered.join(','))).toEqual(reordered);
      expect(sameIdSet(list, [other, ...list.slice(1)])).toBe(false);
      expect(sameIdSet(list, [...list, other])).toBe(false);
    }));
  });

  test('tells a KMS key by ARN or id, and an alias not at all', () => {
    expect(kmsKeyIdOf(KEY_A)).toBe('1111aaaa-1111-2222-3333-444455556666');
    expect(kmsKeyIdOf('1111aaaa-1111-2222-3333-444455556666')).toBe('1111aaaa-1111-2222-3333-444455556666');
    expect(kmsKeyIdOf('mrk-1234abcd')).toBe('mrk-1234abcd');
    expect(kmsKeyIdOf('alias/aws/kafka')).toBeUndefined();
    expect(kmsKeyIdOf('arn:aws:kms:us-east-1:123456789012:alias/orders')).toBeUndefined();
    expect(sameKmsKey(KEY_A, KEY_A)).toBe(true);
    expect(sameKmsKey(KEY_A, '1111aaaa-1111-2222-3333-444455556666')).toBe(true);
    expect(sameKmsKey('1111aaaa-1111-2222-3333-444455556666', KEY_A)).toBe(true);
    expect(sameKmsKey(KEY_A, KEY_B)).toBe(false);
    expect(sameKmsKey(KEY_A, '2222bbbb-1111-2222-3333-444455556666')).toBe(false);
    // The same key id in another account is another key.
    expect(sameKmsKey(KEY_A, KEY_A.replace('123456789012', '210987654321'))).toBe(false);
    expect(sameKmsKey(KEY_A, 'arn:aws:kms:us-east-1:123456789012:alias/orders')).toBeUndefined();
  });

  test('a key ARN and its id are the same key; two ids or ARNs are the same key exactly when equal (property)', () => {
    const keyId = fc.uuid();
    fc.assert(fc.property(keyId, keyId, (a, b) => {
      const arn = (id: string) => `arn:aws:kms:eu-west-1:123456789012:key/${id}`;
      expect(sameKmsKey(arn(a), a)).toBe(true);
      expect(sameKmsKey(a, arn(a))).toBe(true);
      expect(sameKmsKey(arn(a), arn(b))).toBe(a === b);
      expect(sameKmsKey(a, arn(b))).toBe(a === b);
      expect(sameKmsKey(a, b)).toBe(a === b);
    }));
  });

  test('names each changed setting with its prop, live and new values', () => {
    const live = { clientSubnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], dataVolumeKmsKeyId: KEY_A };
    expect(replacingChanges(live, { clientSubnets: ['subnet-b', 'subnet-a'], securityGroups: ['sg-1'], dataVolumeKmsKeyId: KEY_A })).toEqual([]);
    expect(replacingChanges(live, { clientSubnets: ['subnet-c', 'subnet-d'], securityGroups: ['sg-2', 'sg-1'], dataVolumeKmsKeyId: KEY_B })).toEqual([
      { property: 'vpc/vpcSubnets', setting: 'client subnets', live: 'subnet-a, subnet-b', desired: 'subnet-c, subnet-d' },
      { property: 'securityGroups', setting: 'security groups', live: 'sg-1', desired: 'sg-2, sg-1' },
      { property: 'encryptionKey', setting: 'at-rest encryption key', live: KEY_A, desired: KEY_B },
    ]);
  });

  test('compares nothing unknown on either side, nor keys given by alias', () => {
    const live = { clientSubnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], dataVolumeKmsKeyId: KEY_A };
    expect(replacingChanges(live, {})).toEqual([]);
    expect(replacingChanges({}, { clientSubnets: ['subnet-c'], securityGroups: ['sg-9'], dataVolumeKmsKeyId: KEY_B })).toEqual([]);
    expect(replacingChanges(live, { dataVolumeKmsKeyId: 'alias/orders' })).toEqual([]);
  });
});

describe('replacement guard (client subnets, security groups, volume key)', () => {
  function networkUpdate(newExtra: Partial<BrokerVolumeSizeResourceProperties>, previous = 100): BrokerVolumeSizeEvent {
    return updateEvent({ from: 100, to: 100, previous, oldExtra: NETWORK_PROPS, newExtra: { ...NETWORK_PROPS, ...newExtra } });
  }

  test.each<[string, Partial<BrokerVolumeSizeResourceProperties>, RegExp]>([
    ['vpcSubnets', { ClientSubnets: 'subnet-d,subnet-e,subnet-f' },
      /^vpc\/vpcSubnets: MSK cluster orders has the client subnets subnet-a, subnet-b, subnet-c, and the template asks for subnet-d, subnet-e, subnet-f\./],
    ['securityGroups', { SecurityGroups: 'sg-2' }, /^securityGroups: MSK cluster orders has the security groups sg-1, and the template asks for sg-2\./],
    ['encryptionKey', { DataVolumeKmsKeyId: KEY_B }, new RegExp(`^encryptionKey: MSK cluster orders has the at-rest encryption key ${KEY_A}, and the template asks for ${KEY_B}\\.`)],
  ])('fails when the %s change would replace the live cluster, naming the property, both values and the fix', async (_prop, extra, start) => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 100, 'ACTIVE', NETWORK)]));
    const env = fakeEnv();

    const error = await onEvent(networkUpdate(extra), env.deps).then(() => undefined, (e: Error) => e.message);

    expect(error).toMatch(start);
    expect(error).toContain('"Update requires: Replacement"');
    expect(error).toContain('replace the cluster with a new, empty one');
    expect(error).toMatch(/Fix: revert the .* change\. To move to a new cluster deliberately, also give it a new clusterName in the same deployment/);
    expect(error).toContain('KafkaReplicator');
    expect(env.statusCalls()).toEqual([STACK_ID]);
  });

  test('lets unchanged settings through, in any order and with the key given by id, and keeps the previous volume size', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 400, 'ACTIVE', NETWORK)]));
    const env = fakeEnv();
    const event = networkUpdate({ ClientSubnets: 'subnet-c,subnet-a,subnet-b', DataVolumeKmsKeyId: '1111aaaa-1111-2222-3333-444455556666' }, 250);

    expect(await onEvent(event, env.deps)).toEqual({ PhysicalResourceId: 'orders:250', Data: { VolumeSize: 250 } });
    expect(env.statusCalls()).toEqual([]);
  });

  test('adding the settings to an existing lookup (a library upgrade) keeps the previous volume size when they match', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 400, 'ACTIVE', NETWORK)]));
    const event = updateEvent({ from: 100, to: 100, previous: 250, newExtra: NETWORK_PROPS });

    expect(await onEvent(event, fakeEnv().deps)).toEqual({ PhysicalResourceId: 'orders:250', Data: { VolumeSize: 250 } });
  });

  test('a new clusterName with the new settings is let through: no live cluster has that name, and the desired size is returned', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 400, 'ACTIVE', NETWORK)]));
    const event: BrokerVolumeSizeEvent = {
      ...networkUpdate({ ClusterName: 'orders-2', ClientSubnets: 'subnet-d,subnet-e', SecurityGroups: 'sg-2', DataVolumeKmsKeyId: KEY_B, VolumeSize: '120' }),
    };

    expect(await onEvent(event, fakeEnv().deps)).toEqual({ PhysicalResourceId: 'orders-2:120', Data: { VolumeSize: 120 } });
  });

  test('never fails while the stack rolls back, and returns the previous volume size (the old settings coming back)', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 400, 'ACTIVE', NETWORK)]));
    const env = fakeEnv({ stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' });

    expect(await onEvent(networkUpdate({ SecurityGroups: 'sg-2', ClientSubnets: 'subnet-x,subnet-y' }, 250), env.deps))
      .toEqual({ PhysicalResourceId: 'orders:250', Data: { VolumeSize: 250 } });
    expect(env.logs.join('\n')).toMatch(/client subnets of orders changed: the cluster would be replaced while the stack is in UPDATE_ROLLBACK_IN_PROGRESS/);
    expect(env.statusCalls()).toEqual([STACK_ID]);
  });

  test('fails when the stack status cannot be read (going on would replace the cluster), saying how to continue a rollback', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 100, 'ACTIVE', NETWORK)]));
    const env = fakeEnv({ stackStatus: new Error('denied') });

    const error = await onEvent(networkUpdate({ DataVolumeKmsKeyId: KEY_B }), env.deps).then(() => undefined, (e: Error) => e.message);

    expect(error).toMatch(/^encryptionKey: MSK cluster orders has the at-rest encryption key/);
    expect(error).toMatch(/The stack status could not be read \(.*denied.*\): .*continue-update-rollback --resources-to-skip/);
  });

  test('checks an Express cluster too', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, undefined, 'ACTIVE', { ...NETWORK, instanceType: 'express.m7g.large' })]));
    const create: BrokerVolumeSizeEvent = { RequestType: 'Create', StackId: STACK_ID, ResourceProperties: expressProps({ ...NETWORK_PROPS, SecurityGroups: 'sg-2' }) };

    await expect(onEvent(create, fakeEnv().deps)).rejects.toThrow(/^securityGroups: MSK cluster orders has the security groups sg-1/);
  });
});

describe('handler', () => {
  let logSpy: jest.SpyInstance;
  beforeEach(() => {
    logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    logSpy.mockRestore();
  });

  test('wires the real client and returns the size', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 700)]));

    const result = await handler(createEvent(500), { getRemainingTimeInMillis: () => 900_000 });

    expect(result).toEqual({ PhysicalResourceId: 'orders:500', Data: { VolumeSize: 500 } });
    expect(logSpy).toHaveBeenCalledTimes(1);
  });

  test('wires the real CloudFormation client: a lowered size passes during a rollback', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 700)]));
    cloudFormationMock.on(DescribeStacksCommand).resolves(stacks('UPDATE_ROLLBACK_IN_PROGRESS'));

    const result = await handler(updateEvent({ from: 500, to: 400, previous: 500 }), { getRemainingTimeInMillis: () => 900_000 });

    expect(result.Data).toEqual({ VolumeSize: 500 });
    expect(cloudFormationMock.commandCalls(DescribeStacksCommand).map((call) => call.args[0].input)).toEqual([{ StackName: STACK_ID }]);
    expect(logSpy.mock.calls.flat().join('\n')).toContain('UPDATE_ROLLBACK_IN_PROGRESS');
  });

  test('fails a Kafka downgrade with the real clients when the stack is not rolling back', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 700, 'ACTIVE', { kafkaVersion: '3.9.x.kraft' })]));
    cloudFormationMock.on(DescribeStacksCommand).resolves(stacks('UPDATE_IN_PROGRESS'));

    await expect(handler(createEvent(500, { KafkaVersion: '3.8.x.kraft', InstanceType: 'kafka.m7g.large' }), { getRemainingTimeInMillis: () => 900_000 }))
      .rejects.toThrow(/^kafkaVersion: .*older than the live 3\.9\.x\.kraft/);
  });

  test('fails when the real CloudFormation client reports no rollback and the size is lowered', async () => {
    kafkaMock.on(ListClustersV2Command).resolves(listing([cluster(NAME, 700)]));
    cloudFormationMock.on(DescribeStacksCommand).resolves(stacks('UPDATE_IN_PROGRESS'));

    await expect(handler(updateEvent({ from: 500, to: 400, previous: 500 }), { getRemainingTimeInMillis: () => 900_000 }))
      .rejects.toThrow(/went down from 500 to 400 GiB/);
    expect(listCalls()).toBe(0);
  });

  test('fails before the Lambda timeout when less than the safety margin remains and MSK throttles', async () => {
    kafkaMock.on(ListClustersV2Command).rejects(throttled());

    await expect(handler(createEvent(), { getRemainingTimeInMillis: () => 29_000 })).rejects.toThrow(/Timed out calling ListClustersV2/);
  });
});

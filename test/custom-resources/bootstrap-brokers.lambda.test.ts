import {
  BadRequestException,
  ClusterState,
  DescribeClusterV2Command,
  DescribeClusterV2CommandOutput,
  ForbiddenException,
  GetBootstrapBrokersCommand,
  GetBootstrapBrokersCommandOutput,
  InternalServerErrorException,
  KafkaClient,
  KafkaServiceException,
  NotFoundException,
  ServiceUnavailableException,
  TooManyRequestsException,
  UnauthorizedException,
} from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import { BOOTSTRAP_BROKER_ATTRIBUTES, BootstrapBrokerAttribute } from '../../src/custom-resources/bootstrap-brokers-attributes';
import {
  ACCESS_DENIED_RETRY_WINDOW_MS,
  BootstrapBrokersDeps,
  BootstrapBrokersEvent,
  CALL_TIMEOUT_MS,
  createHandler,
  handler,
  MAX_RETRIES_PER_CALL,
  MIN_CALL_TIMEOUT_MS,
  onEvent,
  POLL_INTERVAL_MS,
  RESPONSE_RESERVE_MS,
} from '../../src/custom-resources/bootstrap-brokers.lambda';

// Compile-time checks: the attribute list is exactly the set of GetBootstrapBrokers output fields.
type BrokerFields = Exclude<keyof GetBootstrapBrokersCommandOutput, '$metadata'>;
type Assert<T extends true> = T;
export type AttributesAreFields = Assert<[BootstrapBrokerAttribute] extends [BrokerFields] ? true : false>;
export type FieldsAreAttributes = Assert<[BrokerFields] extends [BootstrapBrokerAttribute] ? true : false>;

const kafkaMock = mockClient(KafkaClient);

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/demo/11111111-2222-3333-4444-555555555555-1';
const NEW_CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/demo2/66666666-7777-8888-9999-000000000000-1';
const START = 1_700_000_000_000;
const FOURTEEN_MINUTES = 14 * 60_000;
const METADATA = { httpStatusCode: 200 };

interface FakeEnv {
  readonly deps: BootstrapBrokersDeps;
  readonly sleeps: number[];
  readonly logs: string[];
  elapsed(): number;
}

function fakeEnv(options: { budgetMs?: number; random?: () => number } = {}): FakeEnv {
  let now = START;
  const sleeps: number[] = [];
  const logs: string[] = [];
  return {
    deps: {
      client: new KafkaClient({ region: 'us-east-1' }),
      deadline: START + (options.budgetMs ?? FOURTEEN_MINUTES),
      now: () => now,
      sleep: async (ms) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        sleeps.push(ms);
        now += ms;
      },
      random: options.random ?? (() => 1),
      log: (message) => logs.push(message),
      // A call timeout fires after the mocked call had every chance to answer (mocks answer in microtasks),
      // and moves the fake clock by its duration: only calls that never answer time out.
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
    elapsed: () => now - START,
  };
}

function createEvent(clusterArn: string = CLUSTER_ARN): BootstrapBrokersEvent {
  return {
    RequestType: 'Create',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', ClusterArn: clusterArn, RequiredAttributes: DEFAULT_REQUIRED.join(',') },
  };
}

function describing(state: ClusterState | undefined, stateInfo?: { Code?: string; Message?: string }): DescribeClusterV2CommandOutput {
  return {
    $metadata: METADATA,
    ClusterInfo: { ClusterArn: CLUSTER_ARN, ClusterName: 'demo', ClusterType: 'PROVISIONED', State: state, StateInfo: stateInfo },
  };
}

const PROVISIONED_BROKERS = {
  BootstrapBrokerString: 'b-1.demo.kafka.us-east-1.amazonaws.com:9092,b-2.demo.kafka.us-east-1.amazonaws.com:9092',
  BootstrapBrokerStringTls: 'b-1.demo.kafka.us-east-1.amazonaws.com:9094,b-2.demo.kafka.us-east-1.amazonaws.com:9094',
  BootstrapBrokerStringSaslIam: 'b-1.demo.kafka.us-east-1.amazonaws.com:9098,b-2.demo.kafka.us-east-1.amazonaws.com:9098',
};
const SERVERLESS_BROKERS = {
  BootstrapBrokerStringSaslIam: 'boot-abcd1234.c2.kafka-serverless.us-east-1.amazonaws.com:9098',
};

/** What `createEvent` says the stack reads. */
const DEFAULT_REQUIRED: BootstrapBrokerAttribute[] = ['BootstrapBrokerStringSaslIam'];

/** The response data: the strings the stack reads, and only those. */
type Strings = Partial<Record<BootstrapBrokerAttribute, string>>;
function expectedData(present: Strings, required: BootstrapBrokerAttribute[] = DEFAULT_REQUIRED): Strings {
  return Object.fromEntries(required.filter((key) => present[key] !== undefined).map((key) => [key, present[key]]));
}

function throttled(): TooManyRequestsException {
  return new TooManyRequestsException({ message: 'Too Many Requests', $metadata: { httpStatusCode: 429 } });
}

function forbidden(): ForbiddenException {
  return new ForbiddenException({
    message: 'User: arn:aws:sts::123456789012:assumed-role/handler is not authorized to perform: kafka:GetBootstrapBrokers',
    $metadata: { httpStatusCode: 403 },
  });
}

function describeCalls(): number {
  return kafkaMock.commandCalls(DescribeClusterV2Command).length;
}

function brokerCalls(): number {
  return kafkaMock.commandCalls(GetBootstrapBrokersCommand).length;
}

beforeEach(() => {
  kafkaMock.reset();
});

describe('attributes', () => {
  test('are unique', () => {
    expect(new Set(BOOTSTRAP_BROKER_ATTRIBUTES).size).toBe(BOOTSTRAP_BROKER_ATTRIBUTES.length);
  });
});

describe('Create', () => {
  test('returns only the strings the stack reads (no empty string for the others) for an ACTIVE provisioned cluster', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv();

    const result = await onEvent(createEvent(), env.deps);

    expect(result).toEqual({ PhysicalResourceId: CLUSTER_ARN, Data: expectedData(PROVISIONED_BROKERS) });
    expect(Object.keys(result.Data ?? {})).toEqual(['BootstrapBrokerStringSaslIam']);
    expect(result.Data).not.toHaveProperty('BootstrapBrokerStringTls');
    expect(result.Data).not.toHaveProperty('BootstrapBrokerStringPublicTls');
    expect(kafkaMock.commandCalls(DescribeClusterV2Command, { ClusterArn: CLUSTER_ARN }, true)).toHaveLength(1);
    expect(kafkaMock.commandCalls(GetBootstrapBrokersCommand, { ClusterArn: CLUSTER_ARN }, true)).toHaveLength(1);
    expect(env.sleeps).toEqual([]);
    expect(env.logs).toHaveLength(1);
  });

  test('returns only the SASL/IAM string for a serverless cluster', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves({
      $metadata: METADATA,
      ClusterInfo: { ClusterArn: CLUSTER_ARN, ClusterType: 'SERVERLESS', State: 'ACTIVE', Serverless: { VpcConfigs: [] } },
    });
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...SERVERLESS_BROKERS });

    const result = await onEvent(createEvent(), fakeEnv().deps);

    expect(result.PhysicalResourceId).toBe(CLUSTER_ARN);
    expect(result.Data).toEqual(expectedData(SERVERLESS_BROKERS));
    expect(Object.values(result.Data ?? {}).filter((v) => v !== '')).toEqual([SERVERLESS_BROKERS.BootstrapBrokerStringSaslIam]);
  });

  test('returns no data when the stack reads no string', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const event = createEvent();

    const result = await onEvent({ ...event, ResourceProperties: { ...event.ResourceProperties, RequiredAttributes: '' } }, fakeEnv().deps);

    expect(result.Data).toEqual({});
  });

  test.each(['UPDATING', 'HEALING', 'MAINTENANCE', 'REBOOTING_BROKER'] as const)('reads the brokers right away when the cluster is %s', async (state) => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing(state));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv();

    const result = await onEvent(createEvent(), env.deps);

    expect(result.Data).toEqual(expectedData(PROVISIONED_BROKERS));
    expect(describeCalls()).toBe(1);
    expect(env.sleeps).toEqual([]);
  });

  test('polls every 15 s while the cluster is CREATING, then reads the brokers once ACTIVE', async () => {
    kafkaMock.on(DescribeClusterV2Command)
      .resolvesOnce(describing('CREATING'))
      .resolvesOnce(describing('CREATING'))
      .resolvesOnce(describing('CREATING'))
      .resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv();

    const result = await onEvent(createEvent(), env.deps);

    expect(result.Data).toEqual(expectedData(PROVISIONED_BROKERS));
    expect(describeCalls()).toBe(4);
    expect(brokerCalls()).toBe(1);
    expect(env.sleeps).toEqual([POLL_INTERVAL_MS, POLL_INTERVAL_MS, POLL_INTERVAL_MS]);
    // GetBootstrapBrokers only after the cluster became usable.
    const calls = kafkaMock.calls().map((call) => call.args[0].constructor.name);
    expect(calls).toEqual(['DescribeClusterV2Command', 'DescribeClusterV2Command', 'DescribeClusterV2Command', 'DescribeClusterV2Command', 'GetBootstrapBrokersCommand']);
    expect(env.logs).toHaveLength(4);
  });

  test('polls while the cluster reports no state yet', async () => {
    kafkaMock.on(DescribeClusterV2Command)
      .resolvesOnce({ $metadata: METADATA })
      .resolvesOnce(describing(undefined))
      .resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv();

    await onEvent(createEvent(), env.deps);

    expect(describeCalls()).toBe(3);
    expect(env.sleeps).toEqual([POLL_INTERVAL_MS, POLL_INTERVAL_MS]);
  });

  test('fails when the cluster does not become ACTIVE before the deadline', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('CREATING'));
    const env = fakeEnv({ budgetMs: 100_000 });

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      `Timed out waiting for MSK cluster ${CLUSTER_ARN} to become ACTIVE (last state: CREATING)`);

    // 6 full polls (90 s), one shortened to hit the deadline exactly, then a last check.
    expect(env.sleeps).toEqual([15_000, 15_000, 15_000, 15_000, 15_000, 15_000, 10_000]);
    expect(env.elapsed()).toBe(100_000);
    expect(describeCalls()).toBe(8);
    expect(brokerCalls()).toBe(0);
  });

  test('fails when the deadline has already passed and the cluster is CREATING, without sleeping', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('CREATING'));
    const env = fakeEnv({ budgetMs: -5_000 });

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(/Timed out waiting for MSK cluster .* to become ACTIVE/);
    expect(env.sleeps).toEqual([]);
    expect(describeCalls()).toBe(1);
  });

  test.each(['FAILED', 'DELETING'] as const)('fails when the cluster is %s', async (state) => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing(state));
    const env = fakeEnv();

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      `MSK cluster ${CLUSTER_ARN} is in state ${state}; its bootstrap brokers cannot be read`);
    expect(describeCalls()).toBe(1);
    expect(brokerCalls()).toBe(0);
    expect(env.sleeps).toEqual([]);
  });

  test('fails when the cluster turns FAILED while being created, and reports the state info', async () => {
    kafkaMock.on(DescribeClusterV2Command)
      .resolvesOnce(describing('CREATING'))
      .resolves(describing('FAILED', { Code: 'InsufficientCapacity', Message: 'Not enough capacity' }));
    const env = fakeEnv();

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      `MSK cluster ${CLUSTER_ARN} is in state FAILED (InsufficientCapacity: Not enough capacity)`);
    expect(describeCalls()).toBe(2);
    expect(env.sleeps).toEqual([POLL_INTERVAL_MS]);
  });

  test('fails when ClusterArn is missing', async () => {
    const event: BootstrapBrokersEvent = { RequestType: 'Create', ResourceProperties: { ServiceToken: 'token', ClusterArn: '' } };

    await expect(onEvent(event, fakeEnv().deps)).rejects.toThrow('The ClusterArn property is required');
    expect(kafkaMock.calls()).toHaveLength(0);
  });
});

describe('retries', () => {
  test('retries throttled GetBootstrapBrokers with exponential backoff and full jitter', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv({ random: () => 0.5 });

    const result = await onEvent(createEvent(), env.deps);

    expect(result.Data).toEqual(expectedData(PROVISIONED_BROKERS));
    expect(brokerCalls()).toBe(3);
    expect(env.sleeps).toEqual([500, 1_000]);
    expect(env.logs).toHaveLength(3); // two retries + outcome
  });

  test('caps the backoff at 20 s', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    const stub = kafkaMock.on(GetBootstrapBrokersCommand);
    for (let i = 0; i < 8; i++) {
      stub.rejectsOnce(throttled());
    }
    stub.resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv({ random: () => 1 });

    await onEvent(createEvent(), env.deps);

    expect(env.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000, 20_000]);
    expect(brokerCalls()).toBe(9);
  });

  test('uses the jitter source for every delay', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const jitter = [0, 0.25, 0.999];
    const env = fakeEnv({ random: () => jitter.shift() ?? 0 });

    await onEvent(createEvent(), env.deps);

    expect(env.sleeps).toEqual([0, 500, 3_996]);
  });

  test('retries a throttled DescribeClusterV2', async () => {
    kafkaMock.on(DescribeClusterV2Command)
      .rejectsOnce(throttled())
      .resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv();

    await onEvent(createEvent(), env.deps);

    expect(describeCalls()).toBe(2);
    expect(env.sleeps).toEqual([1_000]);
  });

  test('retries a ThrottlingException', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv();

    await onEvent(createEvent(), env.deps);

    expect(brokerCalls()).toBe(2);
    expect(env.sleeps).toEqual([1_000]);
  });

  test('retries an unmodeled error with HTTP status 429', async () => {
    // Shape of an error the SDK could not map to a modeled exception: the name is the HTTP status code.
    const error = new KafkaServiceException({ name: '429', $fault: 'client', message: 'UnknownError', $metadata: { httpStatusCode: 429 } });
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand)
      .rejectsOnce(error)
      .resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv();

    await onEvent(createEvent(), env.deps);

    expect(brokerCalls()).toBe(2);
    expect(env.sleeps).toEqual([1_000]);
  });

  test('fails when throttling lasts until the deadline', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).rejects(throttled());
    const env = fakeEnv({ budgetMs: 60_000 });

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      `Timed out calling GetBootstrapBrokers for MSK cluster ${CLUSTER_ARN} while waiting for throttling to stop: TooManyRequestsException: Too Many Requests`);

    // 1+2+4+8+16+20 = 51 s, then the last delay is shortened to end at the deadline.
    expect(env.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 9_000]);
    expect(env.elapsed()).toBe(60_000);
    expect(brokerCalls()).toBe(8);
  });

  test('retries access denied until IAM propagates', async () => {
    kafkaMock.on(DescribeClusterV2Command)
      .rejectsOnce(forbidden())
      .rejectsOnce(forbidden())
      .rejectsOnce(forbidden())
      .rejectsOnce(forbidden())
      .resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv();

    const result = await onEvent(createEvent(), env.deps);

    expect(result.Data).toEqual(expectedData(PROVISIONED_BROKERS));
    expect(describeCalls()).toBe(5);
    expect(env.sleeps).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  test.each([
    ['AccessDeniedException', Object.assign(new Error('denied'), { name: 'AccessDeniedException' })],
    ['UnauthorizedException', new UnauthorizedException({ message: 'unauthorized', $metadata: { httpStatusCode: 401 } })],
    ['HTTP 403', new KafkaServiceException({ name: '403', $fault: 'client', message: 'UnknownError', $metadata: { httpStatusCode: 403 } })],
  ])('retries %s as access denied', async (_label, error) => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand)
      .rejectsOnce(error)
      .resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv();

    await onEvent(createEvent(), env.deps);

    expect(brokerCalls()).toBe(2);
    expect(env.sleeps).toEqual([1_000]);
  });

  test('fails when access is denied for longer than 3 minutes, mentioning IAM propagation', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).rejects(forbidden());
    const env = fakeEnv();

    const error = await onEvent(createEvent(), env.deps).then(() => undefined, (e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`GetBootstrapBrokers on MSK cluster ${CLUSTER_ARN} was still denied after retrying for 180 s`);
    expect(message).toContain('IAM propagation');
    expect(message).toContain('kafka:GetBootstrapBrokers');
    expect((error as Error).cause).toBeInstanceOf(ForbiddenException);
    // Retried for exactly the window (last delay shortened), not until the Lambda deadline.
    expect(env.elapsed()).toBe(ACCESS_DENIED_RETRY_WINDOW_MS);
    expect(env.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000, 20_000, 20_000, 20_000, 20_000, 20_000, 9_000]);
    expect(brokerCalls()).toBe(14);
  });

  test('counts the access-denied window from the first denial, across throttling', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    const stub = kafkaMock.on(GetBootstrapBrokersCommand).rejectsOnce(forbidden());
    for (let i = 0; i < 12; i++) {
      stub.rejectsOnce(throttled());
    }
    stub.rejects(forbidden());
    const env = fakeEnv();

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(/still denied after retrying for 180 s/);
    // Denied at 0 s, throttled until 191 s, denied again: the window had expired, so no fresh 3 minutes.
    expect(env.elapsed()).toBe(191_000);
    expect(brokerCalls()).toBe(14);
  });

  test('fails when access is still denied at the deadline', async () => {
    kafkaMock.on(DescribeClusterV2Command).rejects(forbidden());
    const env = fakeEnv({ budgetMs: 10_000 });

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      `Timed out calling DescribeClusterV2 for MSK cluster ${CLUSTER_ARN} while waiting for access to be granted (IAM propagation)`);
    expect(env.elapsed()).toBe(10_000);
  });

  test('fails when the cluster is not found', async () => {
    kafkaMock.on(DescribeClusterV2Command).rejects(new NotFoundException({ message: 'The specified cluster was not found.', $metadata: { httpStatusCode: 404 } }));
    const env = fakeEnv();

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      `MSK cluster ${CLUSTER_ARN} not found (DescribeClusterV2: NotFoundException: The specified cluster was not found.)`);
    expect(describeCalls()).toBe(1);
    expect(brokerCalls()).toBe(0);
    expect(env.sleeps).toEqual([]);
  });

  test('fails when the cluster disappears before GetBootstrapBrokers', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).rejects(new NotFoundException({ message: 'gone', $metadata: { httpStatusCode: 404 } }));

    await expect(onEvent(createEvent(), fakeEnv().deps)).rejects.toThrow(`MSK cluster ${CLUSTER_ARN} not found (GetBootstrapBrokers`);
    expect(brokerCalls()).toBe(1);
  });

  test('fails immediately on any other error, without retrying', async () => {
    const cause = new BadRequestException({ message: 'Invalid ARN', $metadata: { httpStatusCode: 400 } });
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).rejects(cause);
    const env = fakeEnv();

    const error = await onEvent(createEvent(), env.deps).then(() => undefined, (e: unknown) => e);

    expect((error as Error).message).toBe(`GetBootstrapBrokers failed for MSK cluster ${CLUSTER_ARN}: BadRequestException: Invalid ARN`);
    expect((error as Error).cause).toBe(cause);
    expect(brokerCalls()).toBe(1);
    expect(env.sleeps).toEqual([]);
  });

  test('fails immediately on a plain (non-SDK) error', async () => {
    kafkaMock.on(DescribeClusterV2Command).rejects(new Error('socket hang up'));
    const env = fakeEnv();

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(`DescribeClusterV2 failed for MSK cluster ${CLUSTER_ARN}: Error: socket hang up`);
    expect(describeCalls()).toBe(1);
    expect(env.sleeps).toEqual([]);
  });
});

describe('Update', () => {
  test('returns the new cluster ARN as physical id when the cluster is replaced', async () => {
    kafkaMock.on(DescribeClusterV2Command, { ClusterArn: NEW_CLUSTER_ARN }).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand, { ClusterArn: NEW_CLUSTER_ARN }).resolves({ $metadata: METADATA, ...SERVERLESS_BROKERS });
    const event: BootstrapBrokersEvent = {
      RequestType: 'Update',
      PhysicalResourceId: CLUSTER_ARN,
      ResourceProperties: { ServiceToken: 'token', ClusterArn: NEW_CLUSTER_ARN, RequiredAttributes: 'BootstrapBrokerStringSaslIam' },
      OldResourceProperties: { ServiceToken: 'token', ClusterArn: CLUSTER_ARN, RequiredAttributes: 'BootstrapBrokerStringSaslIam' },
    };

    const result = await onEvent(event, fakeEnv().deps);

    expect(result).toEqual({ PhysicalResourceId: NEW_CLUSTER_ARN, Data: expectedData(SERVERLESS_BROKERS) });
    expect(kafkaMock.calls().map((call) => call.args[0].input)).toEqual([{ ClusterArn: NEW_CLUSTER_ARN }, { ClusterArn: NEW_CLUSTER_ARN }]);
  });

  test('re-reads the brokers of the same cluster and keeps the physical id', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('UPDATING'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({
      $metadata: METADATA,
      ...PROVISIONED_BROKERS,
      BootstrapBrokerStringPublicSaslIam: 'b-1-public.demo.kafka.us-east-1.amazonaws.com:9198',
    });
    const event: BootstrapBrokersEvent = {
      RequestType: 'Update',
      PhysicalResourceId: CLUSTER_ARN,
      ResourceProperties: { ServiceToken: 'token', ClusterArn: CLUSTER_ARN, Revision: '2', RequiredAttributes: 'BootstrapBrokerStringPublicSaslIam' },
      OldResourceProperties: { ServiceToken: 'token', ClusterArn: CLUSTER_ARN, Revision: '1' },
    };

    const result = await onEvent(event, fakeEnv().deps);

    expect(result.PhysicalResourceId).toBe(CLUSTER_ARN);
    expect(result.Data?.BootstrapBrokerStringPublicSaslIam).toBe('b-1-public.demo.kafka.us-east-1.amazonaws.com:9198');
  });
});

describe('Delete', () => {
  const deleteEvent: BootstrapBrokersEvent = {
    RequestType: 'Delete',
    PhysicalResourceId: CLUSTER_ARN,
    ResourceProperties: { ServiceToken: 'token', ClusterArn: CLUSTER_ARN },
  };

  test('makes no SDK calls and returns the old physical id', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    const env = fakeEnv();

    const result = await onEvent(deleteEvent, env.deps);

    expect(result).toEqual({ PhysicalResourceId: CLUSTER_ARN });
    expect(kafkaMock.calls().length).toBe(0);
    expect(env.sleeps).toEqual([]);
  });

  test('succeeds without SDK calls when the cluster is already gone', async () => {
    kafkaMock.rejects(new NotFoundException({ message: 'gone', $metadata: { httpStatusCode: 404 } }));

    const result = await onEvent(deleteEvent, fakeEnv().deps);

    expect(result).toEqual({ PhysicalResourceId: CLUSTER_ARN });
    expect(kafkaMock.calls().length).toBe(0);
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

  test('wires the real client and returns the brokers', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });

    const result = await handler(createEvent(), { getRemainingTimeInMillis: () => 900_000 });

    expect(result).toEqual({ PhysicalResourceId: CLUSTER_ARN, Data: expectedData(PROVISIONED_BROKERS) });
    expect(logSpy).toHaveBeenCalledTimes(1);
  });

  test('reuses one KafkaClient across invocations', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const context = { getRemainingTimeInMillis: () => 900_000 };

    await handler(createEvent(), context);
    await handler(createEvent(), context);

    const clients = new Set(kafkaMock.send.thisValues);
    expect(clients.size).toBe(1);
    expect(kafkaMock.calls()).toHaveLength(4);
  });

  test('fails when less than the 30 s safety margin remains and the cluster is not ready, without waiting', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('CREATING'));

    await expect(handler(createEvent(), { getRemainingTimeInMillis: () => 29_000 })).rejects.toThrow(/Timed out waiting for MSK cluster/);
    expect(describeCalls()).toBe(1);
  });

  test('Delete makes no SDK calls', async () => {
    const result = await handler({
      RequestType: 'Delete',
      PhysicalResourceId: CLUSTER_ARN,
      ResourceProperties: { ServiceToken: 'token', ClusterArn: CLUSTER_ARN },
    }, { getRemainingTimeInMillis: () => 900_000 });

    expect(result).toEqual({ PhysicalResourceId: CLUSTER_ARN });
    expect(kafkaMock.calls()).toHaveLength(0);
  });
});

/** A call that never answers (a hung connection). */
function hang(): Promise<never> {
  return new Promise<never>(() => undefined);
}

function abortSignalOf(call: number): AbortSignal | undefined {
  const options: unknown = (kafkaMock.send.getCall(call).args as unknown[])[1];
  return typeof options === 'object' && options !== null && 'abortSignal' in options ? options.abortSignal as AbortSignal : undefined;
}

describe('timeouts', () => {
  test('abandons (aborts) a call that does not answer within 30 s, and retries it', async () => {
    kafkaMock.on(DescribeClusterV2Command).callsFakeOnce(hang).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv({ random: () => 0.5 });

    const result = await onEvent(createEvent(), env.deps);

    expect(result.Data).toEqual(expectedData(PROVISIONED_BROKERS));
    expect(describeCalls()).toBe(2);
    expect(abortSignalOf(0)?.aborted).toBe(true);
    expect(abortSignalOf(1)?.aborted).toBe(false);
    expect(env.elapsed()).toBe(CALL_TIMEOUT_MS + 500);
    expect(env.logs[0]).toMatch(/DescribeClusterV2 .*: transient \(CallTimeoutError: no answer within 30 s; the call was abandoned\); retry 1 in 500 ms/);
  });

  test('fails soon after the deadline when every call hangs: the last call gets the time left, at least 5 s', async () => {
    kafkaMock.on(DescribeClusterV2Command).callsFake(hang);
    const env = fakeEnv({ budgetMs: 100_000, random: () => 1 });

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      `Timed out calling DescribeClusterV2 for MSK cluster ${CLUSTER_ARN} while waiting for the MSK API to answer: CallTimeoutError: no answer within`);

    expect(env.elapsed()).toBeGreaterThanOrEqual(100_000);
    expect(env.elapsed()).toBeLessThanOrEqual(100_000 + MIN_CALL_TIMEOUT_MS);
    expect(brokerCalls()).toBe(0);
  });

  test('a hung GetBootstrapBrokers is retried like throttling', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).callsFakeOnce(hang).callsFakeOnce(hang).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv({ random: () => 1 });

    const result = await onEvent(createEvent(), env.deps);

    expect(result.Data).toEqual(expectedData(PROVISIONED_BROKERS));
    expect(brokerCalls()).toBe(3);
    expect(env.sleeps).toEqual([1_000, 2_000]);
  });

  test('handler gives up 15 s before the Lambda timeout, even while a call is still running', async () => {
    jest.useFakeTimers();
    const logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      kafkaMock.on(DescribeClusterV2Command).callsFake(hang);
      // 18 s left: the hung call would get 5 s, but the handler must answer within 18 - 15 = 3 s.
      const outcome = createHandler((ms, fire) => {
        const t = setTimeout(fire, ms);
        return () => clearTimeout(t);
      })(createEvent(), { getRemainingTimeInMillis: () => 18_000 }).then(() => 'resolved', (e: Error) => e.message);

      await jest.advanceTimersByTimeAsync(18_000 - RESPONSE_RESERVE_MS);

      await expect(outcome).resolves.toMatch(/^Gave up after 3 s, 15 s before the Lambda timeout, so that CloudFormation gets an answer \(cluster arn:aws:kafka:/);
    } finally {
      jest.useRealTimers();
      logSpy.mockRestore();
    }
  });
});

describe('bounded retries', () => {
  test('stops after 100 retries of a call even when the jitter makes every delay 0', async () => {
    kafkaMock.on(DescribeClusterV2Command).rejects(throttled());
    const env = fakeEnv({ random: () => 0 });

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      `Gave up after ${MAX_RETRIES_PER_CALL + 1} attempts calling DescribeClusterV2 for MSK cluster ${CLUSTER_ARN} while waiting for throttling to stop`);
    expect(describeCalls()).toBe(MAX_RETRIES_PER_CALL + 1);
  });
});

describe('transient errors', () => {
  test.each([
    ['InternalServerErrorException', new InternalServerErrorException({ message: 'oops', $metadata: { httpStatusCode: 500 } })],
    ['ServiceUnavailableException', new ServiceUnavailableException({ message: 'busy', $metadata: { httpStatusCode: 503 } })],
    ['an unmodeled 502', new KafkaServiceException({ name: '502', $fault: 'server', message: 'Bad Gateway', $metadata: { httpStatusCode: 502 } })],
    ['a socket TimeoutError', Object.assign(new Error('Connection timed out after 20000 ms'), { name: 'TimeoutError' })],
  ])('retries %s with backoff', async (_label, error) => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).rejectsOnce(error).rejectsOnce(error).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv({ random: () => 1 });

    const result = await onEvent(createEvent(), env.deps);

    expect(result.Data).toEqual(expectedData(PROVISIONED_BROKERS));
    expect(env.sleeps).toEqual([1_000, 2_000]);
  });

  test('fails at the deadline when the API keeps failing, saying what it waited for', async () => {
    kafkaMock.on(DescribeClusterV2Command).rejects(new ServiceUnavailableException({ message: 'busy', $metadata: { httpStatusCode: 503 } }));
    const env = fakeEnv({ budgetMs: 30_000 });

    await expect(onEvent(createEvent(), env.deps)).rejects.toThrow(
      `Timed out calling DescribeClusterV2 for MSK cluster ${CLUSTER_ARN} while waiting for the MSK API to answer: ServiceUnavailableException: busy`);
    expect(env.elapsed()).toBe(30_000);
  });
});

describe('partial responses', () => {
  function requiring(attributes: string): BootstrapBrokersEvent {
    const event = createEvent();
    return { ...event, ResourceProperties: { ...event.ResourceProperties, RequiredAttributes: attributes } };
  }

  test('waits for a string the stack reads that the cluster does not return yet (a mode being enabled)', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('UPDATING'));
    const withScram = { ...PROVISIONED_BROKERS, BootstrapBrokerStringSaslScram: 'b-1.demo.kafka.us-east-1.amazonaws.com:9096' };
    kafkaMock.on(GetBootstrapBrokersCommand)
      .resolvesOnce({ $metadata: METADATA, ...PROVISIONED_BROKERS })
      .resolves({ $metadata: METADATA, ...withScram });
    const env = fakeEnv();

    const result = await onEvent(requiring('BootstrapBrokerStringSaslIam,BootstrapBrokerStringSaslScram'), env.deps);

    expect(result.Data).toEqual(expectedData(withScram, ['BootstrapBrokerStringSaslIam', 'BootstrapBrokerStringSaslScram']));
    expect(brokerCalls()).toBe(2);
    expect(env.sleeps).toEqual([POLL_INTERVAL_MS]);
    expect(env.logs[0]).toMatch(/has no BootstrapBrokerStringSaslScram yet; reading again in 15000 ms/);
  });

  test('fails at the deadline naming the string that never came', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, ...PROVISIONED_BROKERS });
    const env = fakeEnv({ budgetMs: 60_000 });

    await expect(onEvent(requiring('BootstrapBrokerStringTls,BootstrapBrokerStringSaslScram'), env.deps)).rejects.toThrow(
      `GetBootstrapBrokers for MSK cluster ${CLUSTER_ARN} (ACTIVE) still returns no BootstrapBrokerStringSaslScram, which the stack reads`);
    expect(env.elapsed()).toBe(60_000);
  });

  test('strings nobody reads may be missing: they are left out', async () => {
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, BootstrapBrokerStringSaslIam: 'b-1:9098', BootstrapBrokerStringTls: undefined });

    const result = await onEvent(requiring('BootstrapBrokerStringSaslIam'), fakeEnv().deps);

    expect(result.Data).toEqual(expectedData({ BootstrapBrokerStringSaslIam: 'b-1:9098' }));
    expect(brokerCalls()).toBe(1);
  });

  test('a 60-broker cluster: the response CloudFormation gets stays within 4096 bytes, and the log says what was shortened', async () => {
    const name = 'c'.repeat(64);
    const hosts = (port: number) => Array.from({ length: 60 }, (_, i) => `b-${i + 1}.${name}.abc123.c25.kafka.us-east-1.amazonaws.com:${port}`).join(',');
    kafkaMock.on(DescribeClusterV2Command).resolves(describing('ACTIVE'));
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({
      $metadata: METADATA,
      BootstrapBrokerStringSaslIam: hosts(9098),
      BootstrapBrokerStringSaslScram: hosts(9096),
      BootstrapBrokerStringTls: hosts(9094),
    });
    const env = fakeEnv();
    const event: BootstrapBrokersEvent = {
      ...requiring('BootstrapBrokerStringSaslIam,BootstrapBrokerStringSaslScram'),
      StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${'s'.repeat(128)}/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
      RequestId: '0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      LogicalResourceId: 'L'.repeat(255),
    };

    const result = await onEvent(event, env.deps);

    // What aws-cdk-lib's provider entrypoint sends.
    const body = JSON.stringify({
      Status: 'SUCCESS',
      Reason: 'SUCCESS',
      StackId: event.StackId,
      RequestId: event.RequestId,
      PhysicalResourceId: result.PhysicalResourceId,
      LogicalResourceId: event.LogicalResourceId,
      Data: result.Data,
    });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(4096);
    expect(Object.keys(result.Data ?? {}).sort()).toEqual(['BootstrapBrokerStringSaslIam', 'BootstrapBrokerStringSaslScram']);
    expect(hosts(9098).startsWith(result.Data!.BootstrapBrokerStringSaslIam!)).toBe(true);
    expect(env.logs.join('\n')).toMatch(/BootstrapBrokerStringSaslIam: returning \d+ of 60 brokers, to fit the 4096-byte response limit/);
  });

  test('rejects unknown attribute names before any call', async () => {
    await expect(onEvent(requiring('BootstrapBrokerStringSaslIam,BootstrapBrokers'), fakeEnv().deps)).rejects.toThrow(
      'RequiredAttributes names unknown bootstrap broker attributes: BootstrapBrokers');
    expect(kafkaMock.calls()).toHaveLength(0);
  });
});

describe('whatever the MSK API does', () => {
  /** What one call returns. */
  type Outcome =
    | { readonly kind: 'state'; readonly state: ClusterState | undefined }
    | { readonly kind: 'brokers'; readonly present: BootstrapBrokerAttribute[] }
    | { readonly kind: 'throttled' | 'denied' | 'unavailable' | 'hang' | 'notFound' | 'badRequest' };

  const failure = fc.constantFrom<Outcome>(
    { kind: 'throttled' }, { kind: 'denied' }, { kind: 'unavailable' }, { kind: 'hang' }, { kind: 'notFound' }, { kind: 'badRequest' });
  const describeOutcome = fc.oneof(
    { arbitrary: fc.constantFrom<ClusterState | undefined>('ACTIVE', 'CREATING', 'UPDATING', 'FAILED', 'DELETING', undefined).map((state): Outcome => ({ kind: 'state', state })), weight: 3 },
    { arbitrary: failure, weight: 1 });
  const brokersOutcome = fc.oneof(
    { arbitrary: fc.subarray([...BOOTSTRAP_BROKER_ATTRIBUTES]).map((present): Outcome => ({ kind: 'brokers', present })), weight: 3 },
    { arbitrary: failure, weight: 1 });

  function play(outcome: Outcome, command: string): Promise<unknown> {
    switch (outcome.kind) {
      case 'state': return Promise.resolve(describing(outcome.state));
      case 'brokers': return Promise.resolve({ $metadata: METADATA, ...Object.fromEntries(outcome.present.map((key) => [key, `${key}:9098`])) });
      case 'throttled': return Promise.reject(throttled());
      case 'denied': return Promise.reject(forbidden());
      case 'unavailable': return Promise.reject(new ServiceUnavailableException({ message: 'busy', $metadata: { httpStatusCode: 503 } }));
      case 'hang': return hang();
      case 'notFound': return Promise.reject(new NotFoundException({ message: `${command}: not found`, $metadata: { httpStatusCode: 404 } }));
      case 'badRequest': return Promise.reject(new BadRequestException({ message: 'bad', $metadata: { httpStatusCode: 400 } }));
    }
  }

  test('the handler settles by the deadline (plus one last call of at most 5 s), and returns exactly the strings the stack reads or fails naming the cluster', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(describeOutcome, { minLength: 1, maxLength: 12 }),
      fc.array(brokersOutcome, { minLength: 1, maxLength: 12 }),
      fc.subarray([...BOOTSTRAP_BROKER_ATTRIBUTES], { maxLength: 3 }),
      fc.integer({ min: -10_000, max: FOURTEEN_MINUTES }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      async (describes, brokers, required, budgetMs, jitter) => {
        kafkaMock.reset();
        // Each script plays in order, its last outcome forever after.
        let d = 0;
        let b = 0;
        kafkaMock.on(DescribeClusterV2Command).callsFake(() => play(describes[Math.min(d++, describes.length - 1)], 'DescribeClusterV2'));
        kafkaMock.on(GetBootstrapBrokersCommand).callsFake(() => play(brokers[Math.min(b++, brokers.length - 1)], 'GetBootstrapBrokers'));
        const env = fakeEnv({ budgetMs, random: () => jitter });
        const event = createEvent();
        const withRequired: BootstrapBrokersEvent = { ...event, ResourceProperties: { ...event.ResourceProperties, RequiredAttributes: required.join(',') } };

        const outcome = await onEvent(withRequired, env.deps).then((r) => ({ ok: r }), (e: unknown) => ({ error: e }));

        expect(env.elapsed()).toBeLessThanOrEqual(Math.max(0, budgetMs) + MIN_CALL_TIMEOUT_MS);
        if ('ok' in outcome) {
          expect(outcome.ok.PhysicalResourceId).toBe(CLUSTER_ARN);
          // Exactly the strings the stack reads, none of them empty.
          expect(Object.keys(outcome.ok.Data ?? {}).sort()).toEqual([...required].sort());
          for (const key of required) {
            expect(outcome.ok.Data?.[key]).not.toBe('');
          }
        } else {
          expect(outcome.error).toBeInstanceOf(Error);
          expect((outcome.error as Error).message).toContain(CLUSTER_ARN);
        }
      }), { seed: 20260601, numRuns: 150 });
  });
});

import {
  KafkaAclsDispatchDeps, KafkaAclsDispatchEvent, onEvent, parseAdminSecret, readWorkerPayload,
} from '../../src/custom-resources/kafka-acls-dispatch.lambda';
import { KafkaWorkerRequest } from '../../src/custom-resources/kafka-worker-request.lambda';
import { ACCESS_DENIED_RETRY_WINDOW_MS, MAX_RETRIES_PER_CALL } from '../../src/custom-resources/sdk-retry';
import { fakeHandlerTime } from '../util/handler-time';
import { messageWithout } from '../util/secret-free';

const START = 1_700_000_000_000;
const FOURTEEN_MINUTES = 14 * 60_000;
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_events_cdk-msk-acl-admin-AbCdEf';
const WORKER = 'arn:aws:lambda:us-east-1:123456789012:function:Demo-EventsAclWorker';
const SUBJECT = 'ACLs of cluster Events (Demo/Events/Acls)';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Demo/11111111-2222-3333-4444-555555555555';
/** The admin's password: no log line and no error message may contain it. */
const PASSWORD = 'Pw-9f8e7d6c5b4a39281706';
const CREDENTIALS = { username: 'cdk-msk-acl-admin', password: PASSWORD };

const PROPERTIES: KafkaAclsDispatchEvent['ResourceProperties'] = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
  Subject: SUBJECT,
  ClusterId: 'arn:aws:kafka:us-east-1:123456789012:cluster/events/11111111-2222-3333-4444-555555555555-1',
  BootstrapServers: 'b-1.events.kafka.us-east-1.amazonaws.com:9096',
  Tls: 'true',
  AdminSecretArn: SECRET_ARN,
  Acls: '[{"resourceType":"TOPIC","resourceName":"orders","principal":"User:alice","operation":"READ"}]',
  WorkerFunction: WORKER,
};

function event(requestType: KafkaAclsDispatchEvent['RequestType'], extra: Partial<KafkaAclsDispatchEvent['ResourceProperties']> = {}): KafkaAclsDispatchEvent {
  const base = {
    RequestType: requestType,
    LogicalResourceId: 'EventsAcls',
    StackId: STACK_ID,
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/presigned',
    ResourceProperties: { ...PROPERTIES, ...extra },
  };
  if (requestType === 'Create') {
    return base;
  }
  return {
    ...base,
    PhysicalResourceId: 'kafka-acls-EventsAcls-abc',
    ...(requestType === 'Update' ? { OldResourceProperties: { ...PROPERTIES, Acls: '[]' } } : {}),
  };
}

function sdkError(name: string, message = `${name} message`, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

interface Env {
  readonly deps: KafkaAclsDispatchDeps & { now(): number };
  readonly logs: string[];
  readonly invocations: Array<{ functionArn: string; request: KafkaWorkerRequest }>;
  readonly secretReads: string[];
}

/**
 * Fake secret and worker: `secret` answers each read in turn (the last one repeats), `worker` each invocation
 * (a value: the answer; an Error: the invocation fails with it).
 */
function env(options: {
  secret?: Array<Error | typeof CREDENTIALS>;
  worker?: Array<Error | Awaited<ReturnType<KafkaAclsDispatchDeps['invokeWorker']>>>;
} = {}): Env {
  const logs: string[] = [];
  const invocations: Env['invocations'] = [];
  const secretReads: string[] = [];
  const secret = options.secret ?? [CREDENTIALS];
  const worker = options.worker ?? [{ result: { PhysicalResourceId: 'kafka-acls-EventsAcls-new' } }];
  const answer = <T>(list: Array<Error | T>, index: number): T => {
    const value = list[Math.min(index, list.length - 1)];
    if (value instanceof Error) {
      throw value;
    }
    return value;
  };
  return {
    logs,
    invocations,
    secretReads,
    deps: {
      ...fakeHandlerTime(START, logs),
      readSecret: async (secretArn) => {
        secretReads.push(secretArn);
        return answer(secret, secretReads.length - 1);
      },
      invokeWorker: async (functionArn, request) => {
        invocations.push({ functionArn, request });
        return answer(worker, invocations.length - 1);
      },
    } as KafkaAclsDispatchDeps & { now(): number },
  };
}

/** Runs `work`; returns its error's message ('' when it succeeds), which never contains the admin's password. */
const messageOf = (work: Promise<unknown>): Promise<string> => messageWithout(PASSWORD, work);

let current: Env[] = [];
function track(e: Env): Env {
  current.push(e);
  return e;
}
beforeEach(() => {
  current = [];
});
afterEach(() => {
  // The admin's password never reaches a log line.
  for (const e of current) {
    for (const line of e.logs) {
      expect(line).not.toContain(PASSWORD);
    }
  }
});

describe('onEvent', () => {
  test.each(['Create', 'Update', 'Delete'] as const)('%s passes the request without its ResponseURL and the credentials to the worker, and returns its physical id',
    async (requestType) => {
      const e = track(env());
      const result = await onEvent(event(requestType), e.deps);

      expect(result).toEqual({ PhysicalResourceId: 'kafka-acls-EventsAcls-new' });
      expect(e.secretReads).toEqual([SECRET_ARN]);
      expect(e.invocations).toHaveLength(1);
      const { functionArn, request } = e.invocations[0];
      expect(functionArn).toBe(WORKER);
      expect(request.credentials).toEqual(CREDENTIALS);
      expect('event' in request).toBe(true);
      const sent = 'event' in request ? request.event : undefined;
      expect(sent).toEqual({
        RequestType: requestType,
        ResourceProperties: { ...PROPERTIES },
        OldResourceProperties: requestType === 'Update' ? { ...PROPERTIES, Acls: '[]' } : undefined,
        PhysicalResourceId: requestType === 'Create' ? undefined : 'kafka-acls-EventsAcls-abc',
        LogicalResourceId: 'EventsAcls',
        StackId: STACK_ID,
      });
      expect(JSON.stringify(request)).not.toContain('ResponseURL');
      expect(JSON.stringify(request)).not.toContain('presigned');
    });

  test('fails when the worker fails, with the worker\'s message and its ARN', async () => {
    const e = track(env({ worker: [{ errorMessage: "Creating ACL User:alice ALLOW READ on TOPIC 'orders' (LITERAL) from host * failed: Kafka error CLUSTER_AUTHORIZATION_FAILED" }] }));

    const message = await messageOf(onEvent(event('Create'), e.deps));

    expect(message).toBe(`Create of ${SUBJECT} failed in the Kafka ACL worker (${WORKER}; its log has each step): `
      + "Creating ACL User:alice ALLOW READ on TOPIC 'orders' (LITERAL) from host * failed: Kafka error CLUSTER_AUTHORIZATION_FAILED");
    expect(message).not.toContain(PASSWORD);
    expect(e.invocations).toHaveLength(1);
  });

  test.each([
    ['a function not ready yet (ResourceConflictException)', sdkError('ResourceConflictException', 'The operation cannot be performed at this time. The function is currently in the following state: Pending', 409)],
    ['throttling', sdkError('TooManyRequestsException', 'Rate exceeded', 429)],
    ['a transient error', sdkError('ServiceException', 'internal error', 500)],
  ])('retries %s with backoff, then succeeds', async (_what, error) => {
    const e = track(env({ worker: [error, error, { result: { PhysicalResourceId: 'kafka-acls-EventsAcls-new' } }] }));

    await expect(onEvent(event('Create'), e.deps)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-EventsAcls-new' });

    expect(e.invocations).toHaveLength(3);
    expect(e.deps.now()).toBe(START + 1000 + 2000);
    expect(e.logs.filter((line) => line.startsWith(`Invoke ${WORKER}:`))).toEqual([
      expect.stringMatching(/retry 1 in 1000 ms$/),
      expect.stringMatching(/retry 2 in 2000 ms$/),
    ]);
  });

  test('fails when the function stays not ready until the deadline, after bounded retries', async () => {
    const e = track(env({ worker: [sdkError('ResourceConflictException', 'The function is currently in the following state: Pending', 409)] }));

    const message = await messageOf(onEvent(event('Create'), e.deps));

    expect(message).toMatch(new RegExp(`^Invoking the Kafka ACL worker ${WORKER} for ${SUBJECT.replace(/[()]/g, '\\$&')} failed after \\d+ attempt\\(s\\): `
      + 'ResourceConflictException: The function is currently in the following state: Pending$'));
    expect(e.deps.now()).toBe(START + FOURTEEN_MINUTES);
    expect(e.invocations.length).toBeLessThanOrEqual(MAX_RETRIES_PER_CALL + 1);
  });

  test('retries access denied while IAM propagates the provider\'s permission, then succeeds', async () => {
    const denied = sdkError('AccessDeniedException', `User is not authorized to perform: lambda:InvokeFunction on resource: ${WORKER}`, 403);
    const e = track(env({ worker: [denied, denied, { result: { PhysicalResourceId: 'kafka-acls-EventsAcls-new' } }] }));

    await expect(onEvent(event('Create'), e.deps)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-EventsAcls-new' });
    expect(e.invocations).toHaveLength(3);
    expect(e.logs.filter((line) => line.startsWith(`Invoke ${WORKER}: access-denied`))).toHaveLength(2);
  });

  test('fails when access stays denied for the IAM propagation window, naming lambda:InvokeFunction', async () => {
    const denied = sdkError('AccessDeniedException', `User is not authorized to perform: lambda:InvokeFunction on resource: ${WORKER}`, 403);
    const e = track(env({ worker: [denied] }));

    const message = await messageOf(onEvent(event('Create'), e.deps));

    expect(message).toMatch(new RegExp(`^Invoking the Kafka ACL worker ${WORKER} for .* failed after \\d+ attempt\\(s\\); `
      + `check that the provider's role allows lambda:InvokeFunction on ${WORKER} \\(still denied after ${ACCESS_DENIED_RETRY_WINDOW_MS / 1000} s`));
    expect(e.deps.now()).toBe(START + ACCESS_DENIED_RETRY_WINDOW_MS);
    expect(e.invocations.length).toBeGreaterThan(2);
  });

  test('fails when Invoke fails otherwise (the function does not exist), without retrying', async () => {
    const e = track(env({ worker: [sdkError('ResourceNotFoundException', `Function not found: ${WORKER}`, 404)] }));

    const message = await messageOf(onEvent(event('Update'), e.deps));

    expect(message).toBe(`Invoking the Kafka ACL worker ${WORKER} for ${SUBJECT} failed: ResourceNotFoundException: Function not found: ${WORKER}`);
    expect(e.invocations).toHaveLength(1);
  });

  test('a Delete with RetainOnDelete neither reads the secret nor invokes the worker', async () => {
    const e = track(env());

    await expect(onEvent(event('Delete', { RetainOnDelete: 'true' }), e.deps)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-EventsAcls-abc' });
    expect(e.secretReads).toEqual([]);
    expect(e.invocations).toEqual([]);
    expect(e.logs).toEqual([`Delete ${SUBJECT}: RetainOnDelete is set, the ACLs stay`]);
  });

  test('a Delete whose secret cannot be read succeeds with a log line, without invoking the worker', async () => {
    const e = track(env({ secret: [sdkError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")] }));

    await expect(onEvent(event('Delete'), e.deps)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-EventsAcls-abc' });
    expect(e.invocations).toEqual([]);
    expect(e.logs).toEqual([expect.stringMatching(new RegExp(`^Delete ${SUBJECT.replace(/[()]/g, '\\$&')}: the ACLs were not deleted and the delete succeeds anyway, `
      + 'the admin secret cannot be read: .*ResourceNotFoundException'))]);
  });

  test('fails when the secret cannot be read on Create, naming secretsmanager:GetSecretValue', async () => {
    const denied = sdkError('AccessDeniedException', 'not authorized to perform: secretsmanager:GetSecretValue', 403);
    const e = track(env({ secret: [denied] }));

    const message = await messageOf(onEvent(event('Create'), e.deps));

    expect(message).toContain(`GetSecretValue on the Kafka admin secret ${SECRET_ARN} was still denied`);
    expect(message).toContain('check that the handler\'s role allows secretsmanager:GetSecretValue');
    expect(e.invocations).toEqual([]);
  });

  test.each([
    ['WorkerFunction', { WorkerFunction: '' }],
    ['AdminSecretArn', { AdminSecretArn: '' }],
  ])('fails when %s is missing on Create, and a Delete passes without invoking', async (_name, extra) => {
    const e = track(env());

    expect(await messageOf(onEvent(event('Create', extra), e.deps))).toBe(
      `Create of ${SUBJECT} failed: the WorkerFunction and AdminSecretArn properties of ${SUBJECT} must both be set`);
    await expect(onEvent(event('Delete', extra), e.deps)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-EventsAcls-abc' });
    expect(e.logs).toEqual([`Delete ${SUBJECT}: nothing deleted, the WorkerFunction and AdminSecretArn properties of ${SUBJECT} must both be set`]);
    expect(e.secretReads).toEqual([]);
    expect(e.invocations).toEqual([]);
  });

  test('fails when the secret is malformed, with a clear message that never shows the password', async () => {
    // The reader parses the secret; a malformed one fails the read (not retried: it is not an SDK error to wait out).
    const e = track(env());
    const malformed: KafkaAclsDispatchDeps = {
      ...e.deps,
      readSecret: async (arn) => parseAdminSecret(arn, JSON.stringify({ user: 'cdk-msk-acl-admin', password: PASSWORD })),
    };

    const message = await messageOf(onEvent(event('Create'), malformed));

    expect(message).toBe(`GetSecretValue failed for the Kafka admin secret ${SECRET_ARN}: Error: The Kafka admin secret ${SECRET_ARN} has no string "username" and "password"`);
    expect(message).not.toContain(PASSWORD);
    expect(e.invocations).toEqual([]);
  });
});

describe('parseAdminSecret', () => {
  test('reads username and password', () => {
    expect(parseAdminSecret(SECRET_ARN, JSON.stringify({ username: 'cdk-msk-acl-admin', password: PASSWORD }))).toEqual(CREDENTIALS);
  });

  test.each([
    ['not JSON', `password=${PASSWORD}`, 'is not JSON {"username": ..., "password": ...}'],
    ['empty', undefined, 'is not JSON {"username": ..., "password": ...}'],
    ['without a username', JSON.stringify({ password: PASSWORD }), 'has no string "username" and "password"'],
    ['with an empty password', JSON.stringify({ username: 'admin', password: '' }), 'has no string "username" and "password"'],
    ['with a number as password', JSON.stringify({ username: 'admin', password: 12345 }), 'has no string "username" and "password"'],
    ['a JSON string', JSON.stringify(PASSWORD), 'has no string "username" and "password"'],
    ['null', 'null', 'has no string "username" and "password"'],
  ])('fails when the secret is %s, naming the secret and never the password', (_what, secretString, expected) => {
    let message = '';
    try {
      parseAdminSecret(SECRET_ARN, secretString);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`The Kafka admin secret ${SECRET_ARN} ${expected}`);
    expect(message).not.toContain(PASSWORD);
  });
});

describe('readWorkerPayload', () => {
  const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value)));

  test('a result carries the worker\'s physical id, and nothing else', () => {
    expect(readWorkerPayload(undefined, bytes({ PhysicalResourceId: 'kafka-acls-EventsAcls-abc', Extra: 'x' }))).toEqual({ result: { PhysicalResourceId: 'kafka-acls-EventsAcls-abc' } });
    expect(readWorkerPayload(undefined, bytes({}))).toEqual({ result: { PhysicalResourceId: undefined } });
    expect(readWorkerPayload(undefined, undefined)).toEqual({ result: { PhysicalResourceId: undefined } });
  });

  test('a FunctionError gives the worker\'s errorMessage, or the raw payload when it has none', () => {
    expect(readWorkerPayload('Unhandled', bytes({ errorType: 'Error', errorMessage: 'Creating ACL ... failed', trace: [] }))).toEqual({ errorMessage: 'Creating ACL ... failed' });
    expect(readWorkerPayload('Unhandled', new Uint8Array(Buffer.from('Task timed out after 300.00 seconds')))).toEqual({ errorMessage: 'Unhandled: Task timed out after 300.00 seconds' });
    expect(readWorkerPayload('Unhandled', undefined)).toEqual({ errorMessage: 'Unhandled: ' });
  });
});

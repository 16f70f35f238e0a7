import { KafkaAclAdmin, KafkaAdminConnection } from '../../src/custom-resources/kafka-acl-admin';
import { aclKey, diffAcls, KafkaAclEntry, parseAcls } from '../../src/custom-resources/kafka-acl-set';
import {
  checkAdmin,
  classifyKafkaError,
  DELETE_UNREACHABLE_WINDOW_MS,
  KafkaAclsDeps,
  KafkaAclsEvent,
  KafkaAclsResourceProperties,
  missingAdminOperations,
  onEvent,
  physicalIdOf,
} from '../../src/custom-resources/kafka-acls.lambda';
import { createWorkerHandler, KafkaWorkerRequest, WORKER_REQUEST_SHAPE } from '../../src/custom-resources/kafka-worker-request.lambda';
import { MAX_RETRIES_PER_CALL } from '../../src/custom-resources/sdk-retry';
import { fakeHandlerTime } from '../util/handler-time';

const START = 1_700_000_000_000;
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_admin-AbCdEf';
const SUBJECT = 'ACLs of cluster Events (Demo/Events/Acls)';
const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/events/11111111-2222-3333-4444-555555555555-1';

function acl(resourceType: KafkaAclEntry['resourceType'], resourceName: string, operation: KafkaAclEntry['operation'],
  principal = 'User:alice'): KafkaAclEntry {
  return { resourceType, resourceName, patternType: 'LITERAL', principal, host: '*', operation, permissionType: 'ALLOW' };
}

const READ_ORDERS = acl('TOPIC', 'orders', 'READ');
const DESCRIBE_ORDERS = acl('TOPIC', 'orders', 'DESCRIBE');
const GROUP_BILLING = acl('GROUP', 'billing', 'READ');
const GROUP_BILLING_V2 = acl('GROUP', 'billing-v2', 'READ');
const READ_PAYMENTS = acl('TOPIC', 'payments', 'READ');

/** A Kafka-like error as @platformatic/kafka throws it: a ResponseError wrapping ProtocolErrors. */
function kafkaError(apiId: string, canRetry: boolean): Error {
  const protocol = Object.assign(new Error(`${apiId} message`), { code: 'PLT_KFK_PROTOCOL', apiId, canRetry });
  return Object.assign(new AggregateError([protocol], 'Received response with error while executing API'), { code: 'PLT_KFK_RESPONSE' });
}

function networkError(): Error {
  const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:9096'), { code: 'ECONNREFUSED' });
  return Object.assign(new Error('Connection failed', { cause }), { code: 'PLT_KFK_NETWORK', canRetry: true });
}

/** A fake cluster: the ACLs it holds, every call in order, and errors to throw from the next calls. */
class FakeCluster {
  readonly acls = new Map<string, KafkaAclEntry>();
  readonly calls: string[] = [];
  readonly connections: KafkaAdminConnection[] = [];
  /** What the next calls throw (one entry per call, undefined: succeed), before doing anything. */
  readonly failures: Array<Error | undefined> = [];
  closed = 0;

  connect = (connection: KafkaAdminConnection): KafkaAclAdmin => {
    this.connections.push(connection);
    return {
      createAcl: async (a) => {
        this.calls.push(`create ${a.resourceType}:${a.resourceName}:${a.operation}`);
        this.failNext();
        this.acls.set(aclKey(a), a);
      },
      deleteAcl: async (a) => {
        this.calls.push(`delete ${a.resourceType}:${a.resourceName}:${a.operation}`);
        this.failNext();
        return this.acls.delete(aclKey(a)) ? 1 : 0;
      },
      describeClusterAcls: async (principal) => {
        this.calls.push(`describe CLUSTER ${principal}`);
        this.failNext();
        return [...this.acls.values()].filter((a) => a.resourceType === 'CLUSTER' && a.patternType === 'LITERAL' && a.principal === principal);
      },
      close: async () => {
        this.closed++;
      },
    };
  };

  held(): string[] {
    return [...this.acls.values()].map((a) => `${a.resourceType}:${a.resourceName}:${a.operation}`).sort();
  }

  private failNext(): void {
    const failure = this.failures.shift();
    if (failure) {
      throw failure;
    }
  }
}

function props(acls: KafkaAclEntry[], extra: Partial<KafkaAclsResourceProperties> = {}): KafkaAclsResourceProperties {
  return {
    ServiceToken: 'token',
    Subject: SUBJECT,
    ClusterId: CLUSTER_ARN,
    BootstrapServers: 'b-1.events.kafka.us-east-1.amazonaws.com:9096,b-2.events.kafka.us-east-1.amazonaws.com:9096',
    Tls: 'true',
    AdminSecretArn: SECRET_ARN,
    Acls: JSON.stringify(acls),
    ...extra,
  };
}

function create(acls: KafkaAclEntry[], extra: Partial<KafkaAclsResourceProperties> = {}): KafkaAclsEvent {
  return { RequestType: 'Create', LogicalResourceId: 'EventsAcls', ResourceProperties: props(acls, extra) };
}

function update(before: KafkaAclEntry[], after: KafkaAclEntry[], afterExtra: Partial<KafkaAclsResourceProperties> = {}): KafkaAclsEvent {
  return {
    RequestType: 'Update',
    LogicalResourceId: 'EventsAcls',
    PhysicalResourceId: 'kafka-acls-EventsAcls-abc',
    OldResourceProperties: props(before),
    ResourceProperties: props(after, afterExtra),
  };
}

function del(acls: KafkaAclEntry[], extra: Partial<KafkaAclsResourceProperties> = {}): KafkaAclsEvent {
  return { RequestType: 'Delete', LogicalResourceId: 'EventsAcls', PhysicalResourceId: 'kafka-acls-EventsAcls-abc', ResourceProperties: props(acls, extra) };
}

function deps(cluster: FakeCluster, logs: string[] = [], readSecret?: KafkaAclsDeps['readSecret']): KafkaAclsDeps & { now(): number } {
  return {
    ...fakeHandlerTime(START, logs),
    connectAdmin: cluster.connect,
    readSecret: readSecret ?? (async (arn) => {
      expect(arn).toBe(SECRET_ARN);
      return { username: 'admin', password: 'admin-secret' };
    }),
  };
}

describe('the ACL set', () => {
  test('parses declared ACLs with defaults (host *, LITERAL, ALLOW) and drops duplicates', () => {
    const json = JSON.stringify([
      { resourceType: 'TOPIC', resourceName: 'orders', principal: 'User:alice', operation: 'READ' },
      { resourceType: 'TOPIC', resourceName: 'orders', principal: 'User:alice', operation: 'READ', host: '*', patternType: 'LITERAL', permissionType: 'ALLOW' },
      { resourceType: 'GROUP', resourceName: 'billing-', patternType: 'PREFIXED', principal: 'User:CN=partner.example.com,O=Partner', operation: 'READ', permissionType: 'DENY', host: '10.0.0.1' },
      { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', principal: 'User:alice', operation: 'IDEMPOTENT_WRITE' },
    ]);
    expect(parseAcls(SUBJECT, json)).toEqual([
      READ_ORDERS,
      { resourceType: 'GROUP', resourceName: 'billing-', patternType: 'PREFIXED', principal: 'User:CN=partner.example.com,O=Partner', host: '10.0.0.1', operation: 'READ', permissionType: 'DENY' },
      acl('CLUSTER', 'kafka-cluster', 'IDEMPOTENT_WRITE'),
    ]);
  });

  test('fails when an ACL is not valid, naming the subject, the entry and every problem', () => {
    expect(() => parseAcls(SUBJECT, 'nope')).toThrow(`The Acls property of ${SUBJECT} is not JSON`);
    expect(() => parseAcls(SUBJECT, '{}')).toThrow('is not a list of ACLs');
    const error = (() => {
      try {
        parseAcls(SUBJECT, JSON.stringify([
          READ_ORDERS,
          { resourceType: 'TOPICS', resourceName: '', principal: 'alice', operation: 'READ_ALL', host: '' },
          { resourceType: 'CLUSTER', resourceName: 'mine', principal: 'User:alice', operation: 'ALTER' },
        ]));
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toContain(`The Acls property of ${SUBJECT} has invalid ACLs: entry 1`);
    expect(error).toContain('resourceType must be one of TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID (got "TOPICS")');
    expect(error).toContain('operation must be one of ALL, READ');
    expect(error).toContain('resourceName must be a non-empty string');
    expect(error).toContain("principal must be 'User:<name>' or 'User:CN=...'");
    expect(error).toContain('host must be a non-empty string');
    expect(error).toContain("entry 2 ({\"resourceType\":\"CLUSTER\",\"resourceName\":\"mine\",\"principal\":\"User:alice\",\"operation\":\"ALTER\"}): resourceName of a CLUSTER ACL must be 'kafka-cluster'");
  });

  test('the difference is exactly the ACLs only one side has, by canonical key', () => {
    const { create: added, remove } = diffAcls([READ_ORDERS, DESCRIBE_ORDERS, GROUP_BILLING],
      [{ ...DESCRIBE_ORDERS }, READ_ORDERS, GROUP_BILLING_V2, READ_PAYMENTS]);
    expect(added).toEqual([GROUP_BILLING_V2, READ_PAYMENTS]);
    expect(remove).toEqual([GROUP_BILLING]);
    // Another host, pattern type or permission is another ACL.
    expect(diffAcls([READ_ORDERS], [{ ...READ_ORDERS, host: '10.0.0.1' }]).remove).toEqual([READ_ORDERS]);
    expect(diffAcls([READ_ORDERS], [{ ...READ_ORDERS, patternType: 'PREFIXED' }]).create).toHaveLength(1);
    expect(diffAcls([READ_ORDERS], [{ ...READ_ORDERS, permissionType: 'DENY' }]).create).toHaveLength(1);
  });
});

describe('Create', () => {
  test('creates every declared ACL as the secret\'s admin, over TLS, and returns a stable physical id', async () => {
    const cluster = new FakeCluster();
    const result = await onEvent(create([READ_ORDERS, DESCRIBE_ORDERS, GROUP_BILLING]), deps(cluster));
    expect(cluster.held()).toEqual(['GROUP:billing:READ', 'TOPIC:orders:DESCRIBE', 'TOPIC:orders:READ']);
    expect(cluster.connections).toEqual([{
      bootstrapServers: ['b-1.events.kafka.us-east-1.amazonaws.com:9096', 'b-2.events.kafka.us-east-1.amazonaws.com:9096'],
      username: 'admin',
      password: 'admin-secret',
      tls: true,
    }]);
    expect(cluster.closed).toBe(1);
    expect(result).toEqual({ PhysicalResourceId: physicalIdOf(create([])) });
    expect(result.PhysicalResourceId).toMatch(/^kafka-acls-EventsAcls-[0-9a-f]{12}$/);
    // Only the physical id comes back (custom resource responses are limited to 4096 bytes).
    expect(Object.keys(result)).toEqual(['PhysicalResourceId']);
  });

  test('is idempotent: creating ACLs that exist already succeeds', async () => {
    const cluster = new FakeCluster();
    await onEvent(create([READ_ORDERS]), deps(cluster));
    await onEvent(create([READ_ORDERS, GROUP_BILLING]), deps(cluster));
    expect(cluster.held()).toEqual(['GROUP:billing:READ', 'TOPIC:orders:READ']);
  });

  test('retries retriable Kafka errors and network errors with backoff, then succeeds', async () => {
    const cluster = new FakeCluster();
    cluster.failures.push(networkError(), kafkaError('NOT_CONTROLLER', true));
    const logs: string[] = [];
    const d = deps(cluster, logs);
    await onEvent(create([READ_ORDERS]), d);
    expect(cluster.held()).toEqual(['TOPIC:orders:READ']);
    expect(cluster.calls).toEqual(['create TOPIC:orders:READ', 'create TOPIC:orders:READ', 'create TOPIC:orders:READ']);
    expect(logs.filter((l) => l.includes('retry'))).toEqual([
      expect.stringMatching(/^Creating ACL User:alice ALLOW READ on TOPIC 'orders' \(LITERAL\) from host \*: unreachable .*retry 1 in 1000 ms$/),
      expect.stringMatching(/: retriable \(Kafka error NOT_CONTROLLER .*retry 2 in 2000 ms$/),
    ]);
    expect(d.now()).toBe(START + 3000);
  });

  test('fails when Kafka refuses an ACL, naming the ACL and the Kafka error, without retrying', async () => {
    const cluster = new FakeCluster();
    cluster.failures.push(kafkaError('CLUSTER_AUTHORIZATION_FAILED', false));
    await expect(onEvent(create([READ_ORDERS, GROUP_BILLING]), deps(cluster))).rejects.toThrow(
      "Creating ACL User:alice ALLOW READ on TOPIC 'orders' (LITERAL) from host * failed: Kafka error CLUSTER_AUTHORIZATION_FAILED");
    expect(cluster.calls).toEqual(['create TOPIC:orders:READ']);
    expect(cluster.closed).toBe(1);
  });

  test('fails when the cluster stays unreachable, after bounded retries until the deadline', async () => {
    const cluster = new FakeCluster();
    for (let i = 0; i < MAX_RETRIES_PER_CALL + 5; i++) cluster.failures.push(networkError());
    const d = deps(cluster);
    await expect(onEvent(create([READ_ORDERS]), d)).rejects.toThrow(
      /^Creating ACL User:alice ALLOW READ on TOPIC 'orders' \(LITERAL\) from host \* failed after \d+ attempt\(s\), at the deadline: the cluster could not be reached: Error: Connection failed$/);
    expect(d.now()).toBe(START + 14 * 60_000);
    expect(cluster.calls.length).toBeLessThanOrEqual(MAX_RETRIES_PER_CALL + 1);
  });

  test('fails when the properties are invalid, before connecting', async () => {
    const cluster = new FakeCluster();
    await expect(onEvent({ ...create([]), ResourceProperties: props([], { Acls: '[{"resourceType":"TOPIC"}]' }) }, deps(cluster)))
      .rejects.toThrow(`The Acls property of ${SUBJECT} has invalid ACLs`);
    await expect(onEvent(create([READ_ORDERS], { BootstrapServers: ' ' }), deps(cluster))).rejects.toThrow(`The BootstrapServers property of ${SUBJECT} is empty`);
    expect(cluster.connections).toEqual([]);
  });
});

describe('Update', () => {
  test('creates the added ACLs before deleting the removed ones, exactly the difference, keeping the physical id', async () => {
    const cluster = new FakeCluster();
    await onEvent(create([READ_ORDERS, DESCRIBE_ORDERS, GROUP_BILLING]), deps(cluster));
    cluster.calls.length = 0;
    const event = update([READ_ORDERS, DESCRIBE_ORDERS, GROUP_BILLING], [READ_ORDERS, DESCRIBE_ORDERS, GROUP_BILLING_V2, READ_PAYMENTS]);
    const result = await onEvent(event, deps(cluster));
    expect(cluster.calls).toEqual(['create GROUP:billing-v2:READ', 'create TOPIC:payments:READ', 'delete GROUP:billing:READ']);
    expect(cluster.held()).toEqual(['GROUP:billing-v2:READ', 'TOPIC:orders:DESCRIBE', 'TOPIC:orders:READ', 'TOPIC:payments:READ']);
    expect(result).toEqual({ PhysicalResourceId: 'kafka-acls-EventsAcls-abc' });
  });

  test('makes no Kafka call when the set is unchanged (other order, defaults left out)', async () => {
    const cluster = new FakeCluster();
    const { host: _host, patternType: _pattern, permissionType: _permission, ...withDefaults } = GROUP_BILLING;
    const event = update([READ_ORDERS, GROUP_BILLING], []);
    const result = await onEvent({ ...event, ResourceProperties: props([], { Acls: JSON.stringify([withDefaults, READ_ORDERS]) }) }, deps(cluster));
    expect(cluster.connections).toEqual([]);
    expect(result.PhysicalResourceId).toBe('kafka-acls-EventsAcls-abc');
  });

  test('on another cluster creates the whole set there and returns a new physical id (CloudFormation deletes the old ACLs)', async () => {
    const cluster = new FakeCluster();
    const event = update([READ_ORDERS, GROUP_BILLING], [READ_ORDERS], { ClusterId: `${CLUSTER_ARN}-other` });
    const result = await onEvent(event, deps(cluster));
    expect(cluster.calls).toEqual(['create TOPIC:orders:READ']);
    expect(result.PhysicalResourceId).toBe(physicalIdOf(event));
    expect(result.PhysicalResourceId).not.toBe(physicalIdOf(update([], [])));
  });

  test('fails when deleting a removed ACL is refused, naming that ACL; the added ones are in place', async () => {
    const cluster = new FakeCluster();
    // The creation succeeds, the deletion is refused.
    cluster.failures.push(undefined, kafkaError('SECURITY_DISABLED', false));
    await expect(onEvent(update([GROUP_BILLING], [GROUP_BILLING_V2]), deps(cluster))).rejects.toThrow(
      "Deleting ACL User:alice ALLOW READ on GROUP 'billing' (LITERAL) from host * failed: Kafka error SECURITY_DISABLED");
    expect(cluster.calls).toEqual(['create GROUP:billing-v2:READ', 'delete GROUP:billing:READ']);
    expect(cluster.held()).toEqual(['GROUP:billing-v2:READ']);
  });
});

describe('Delete', () => {
  test('deletes the declared ACLs, tolerating ACLs that are already gone', async () => {
    const cluster = new FakeCluster();
    await onEvent(create([READ_ORDERS, GROUP_BILLING]), deps(cluster));
    cluster.acls.delete(aclKey(GROUP_BILLING));
    const logs: string[] = [];
    const result = await onEvent(del([READ_ORDERS, GROUP_BILLING]), deps(cluster, logs));
    expect(result).toEqual({ PhysicalResourceId: 'kafka-acls-EventsAcls-abc' });
    expect(cluster.held()).toEqual([]);
    expect(logs).toContain("ACL User:alice ALLOW READ on GROUP 'billing' (LITERAL) from host * was already gone");
  });

  test('keeps the ACLs when RetainOnDelete is true, without connecting', async () => {
    const cluster = new FakeCluster();
    await onEvent(del([READ_ORDERS], { RetainOnDelete: 'true' }), deps(cluster));
    expect(cluster.connections).toEqual([]);
  });

  test('succeeds when the cluster cannot be reached, after trying for a bounded time', async () => {
    const cluster = new FakeCluster();
    for (let i = 0; i < MAX_RETRIES_PER_CALL + 5; i++) cluster.failures.push(networkError());
    const logs: string[] = [];
    const d = deps(cluster, logs);
    await expect(onEvent(del([READ_ORDERS, GROUP_BILLING]), d)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-EventsAcls-abc' });
    expect(d.now()).toBe(START + DELETE_UNREACHABLE_WINDOW_MS);
    expect(logs[logs.length - 1]).toMatch(/^Delete ACLs of cluster Events \(Demo\/Events\/Acls\): the ACLs were not deleted and the delete succeeds anyway, assuming the cluster is gone: Deleting ACL .*the cluster could not be reached/);
    expect(cluster.closed).toBe(1);
  });

  test('succeeds when the admin secret cannot be read, or the properties are not valid', async () => {
    const cluster = new FakeCluster();
    const gone = Object.assign(new Error('Secrets Manager can\'t find the specified secret.'), { name: 'ResourceNotFoundException' });
    await expect(onEvent(del([READ_ORDERS]), deps(cluster, [], async () => { throw gone; }))).resolves.toBeDefined();
    await expect(onEvent({ ...del([]), ResourceProperties: props([], { Acls: 'not json' }) }, deps(cluster))).resolves.toBeDefined();
    await expect(onEvent(del([READ_ORDERS], { BootstrapServers: '' }), deps(cluster))).resolves.toBeDefined();
    expect(cluster.connections).toEqual([]);
  });

  test('fails when Kafka refuses the deletion (the cluster is there), naming the ACL', async () => {
    const cluster = new FakeCluster();
    cluster.failures.push(kafkaError('CLUSTER_AUTHORIZATION_FAILED', false));
    await expect(onEvent(del([READ_ORDERS]), deps(cluster))).rejects.toThrow(
      "Deleting ACL User:alice ALLOW READ on TOPIC 'orders' (LITERAL) from host * failed: Kafka error CLUSTER_AUTHORIZATION_FAILED");
  });
});

describe('classifyKafkaError', () => {
  test('a refusal wrapped in a network error is not retried; network, timeout and retriable errors are', () => {
    const authentication = Object.assign(new Error('SASL authentication failed'), { code: 'PLT_KFK_AUTHENTICATION', canRetry: false });
    expect(classifyKafkaError(Object.assign(new Error('Connection failed', { cause: authentication }), { code: 'PLT_KFK_NETWORK', canRetry: true }))).toBe('other');
    expect(classifyKafkaError(networkError())).toBe('unreachable');
    expect(classifyKafkaError(Object.assign(new Error('no answer'), { name: 'CallTimeoutError' }))).toBe('unreachable');
    expect(classifyKafkaError(kafkaError('REQUEST_TIMED_OUT', true))).toBe('retriable');
    expect(classifyKafkaError(kafkaError('INVALID_REQUEST', false))).toBe('other');
    expect(classifyKafkaError(new TypeError('bug'))).toBe('other');
  });
});

describe('AdminAcls (the admin principal\'s own CLUSTER ACLs)', () => {
  const ADMIN_ALTER = acl('CLUSTER', 'kafka-cluster', 'ALTER', 'User:cdk-msk-acl-admin');
  const ADMIN_DESCRIBE = acl('CLUSTER', 'kafka-cluster', 'DESCRIBE', 'User:cdk-msk-acl-admin');
  const ADMIN_ALL = acl('CLUSTER', 'kafka-cluster', 'ALL', 'User:cdk-msk-acl-admin');
  const adminAcls = (...acls: KafkaAclEntry[]) => ({ AdminAcls: JSON.stringify(acls) });
  const updateWithAdmin = (before: KafkaAclEntry[], beforeAdmin: KafkaAclEntry[], after: KafkaAclEntry[],
    afterAdmin: KafkaAclEntry[]): KafkaAclsEvent => {
    const event = update(before, after, adminAcls(...afterAdmin));
    return { ...event, OldResourceProperties: props(before, adminAcls(...beforeAdmin)) };
  };

  test('are created before the declared ACLs on Create', async () => {
    const cluster = new FakeCluster();
    const logs: string[] = [];
    await onEvent(create([READ_ORDERS, GROUP_BILLING], adminAcls(ADMIN_ALTER, ADMIN_DESCRIBE)), deps(cluster, logs));
    expect(cluster.calls).toEqual(['create CLUSTER:kafka-cluster:ALTER', 'create CLUSTER:kafka-cluster:DESCRIBE', 'create TOPIC:orders:READ', 'create GROUP:billing:READ']);
    expect(logs[logs.length - 1]).toBe(`Create ${SUBJECT}: 4 ACL(s) in place`);
  });

  test('are created first on an Update to another cluster', async () => {
    const cluster = new FakeCluster();
    await onEvent(update([READ_ORDERS], [READ_ORDERS], { ClusterId: `${CLUSTER_ARN}-other`, ...adminAcls(ADMIN_ALTER) }), deps(cluster));
    expect(cluster.calls).toEqual(['create CLUSTER:kafka-cluster:ALTER', 'create TOPIC:orders:READ']);
  });

  test('new admin ACLs are created on Update, first; removed admin ACLs are not deleted', async () => {
    const cluster = new FakeCluster();
    await onEvent(create([READ_ORDERS], adminAcls(ADMIN_ALTER, ADMIN_DESCRIBE)), deps(cluster));
    cluster.calls.length = 0;

    await onEvent(updateWithAdmin([READ_ORDERS], [ADMIN_ALTER, ADMIN_DESCRIBE], [READ_ORDERS, GROUP_BILLING], [ADMIN_ALL]), deps(cluster));

    expect(cluster.calls).toEqual(['create CLUSTER:kafka-cluster:ALL', 'create GROUP:billing:READ']);
    expect(cluster.held()).toEqual(['CLUSTER:kafka-cluster:ALL', 'CLUSTER:kafka-cluster:ALTER', 'CLUSTER:kafka-cluster:DESCRIBE', 'GROUP:billing:READ', 'TOPIC:orders:READ']);
  });

  test('an Update that drops every admin ACL deletes none of them', async () => {
    const cluster = new FakeCluster();
    await onEvent(create([READ_ORDERS], adminAcls(ADMIN_ALTER, ADMIN_DESCRIBE)), deps(cluster));
    cluster.calls.length = 0;

    await onEvent(updateWithAdmin([READ_ORDERS], [ADMIN_ALTER, ADMIN_DESCRIBE], [READ_ORDERS], []), deps(cluster));

    expect(cluster.calls).toEqual([]);
    expect(cluster.held()).toEqual(['CLUSTER:kafka-cluster:ALTER', 'CLUSTER:kafka-cluster:DESCRIBE', 'TOPIC:orders:READ']);
  });

  test('a declared ACL that equals an admin ACL is never deleted by an Update that removes it from the declared set', async () => {
    const cluster = new FakeCluster();
    await onEvent(create([READ_ORDERS, ADMIN_ALTER], adminAcls(ADMIN_ALTER, ADMIN_DESCRIBE)), deps(cluster));
    cluster.calls.length = 0;

    await onEvent(updateWithAdmin([READ_ORDERS, ADMIN_ALTER], [ADMIN_ALTER, ADMIN_DESCRIBE], [], [ADMIN_ALTER, ADMIN_DESCRIBE]), deps(cluster));

    expect(cluster.calls).toEqual(['delete TOPIC:orders:READ']);
    expect(cluster.held()).toEqual(['CLUSTER:kafka-cluster:ALTER', 'CLUSTER:kafka-cluster:DESCRIBE']);
  });

  test('Delete deletes the declared ACLs but not the admin ones, even when declared too', async () => {
    const cluster = new FakeCluster();
    await onEvent(create([READ_ORDERS, GROUP_BILLING, ADMIN_DESCRIBE], adminAcls(ADMIN_ALTER, ADMIN_DESCRIBE)), deps(cluster));
    cluster.calls.length = 0;
    const logs: string[] = [];

    await onEvent(del([READ_ORDERS, GROUP_BILLING, ADMIN_DESCRIBE], adminAcls(ADMIN_ALTER, ADMIN_DESCRIBE)), deps(cluster, logs));

    expect(cluster.calls).toEqual(['delete TOPIC:orders:READ', 'delete GROUP:billing:READ']);
    expect(cluster.held()).toEqual(['CLUSTER:kafka-cluster:ALTER', 'CLUSTER:kafka-cluster:DESCRIBE']);
    expect(logs[logs.length - 1]).toBe(`Delete ${SUBJECT}: 2 ACL(s) deleted`);
  });

  test('fails when the AdminAcls property is not valid, before connecting', async () => {
    const cluster = new FakeCluster();
    await expect(onEvent(create([READ_ORDERS], { AdminAcls: '{"resourceType":"CLUSTER"}' }), deps(cluster)))
      .rejects.toThrow(`The Acls property of ${SUBJECT} (admin ACLs) is not a list of ACLs`);
    expect(cluster.connections).toEqual([]);
  });
});

describe('the worker\'s entry point (createWorkerHandler)', () => {
  const CONTEXT = { getRemainingTimeInMillis: () => 300_000 };
  const WORKER_PASSWORD = 'Pw-worker-0a1b2c3d4e5f';
  const timer = (ms: number, fire: () => void) => {
    const timeout = setTimeout(fire, ms);
    return () => clearTimeout(timeout);
  };
  let logSpy: jest.SpyInstance;
  beforeEach(() => {
    logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    expect(logSpy.mock.calls.flat().join('\n')).not.toContain(WORKER_PASSWORD);
    logSpy.mockRestore();
  });

  test.each([
    ['not an object', 'Create'],
    ['null', null],
    ['without credentials', { event: create([READ_ORDERS]) }],
    ['without a password', { event: create([READ_ORDERS]), credentials: { username: 'admin' } }],
    ['a CloudFormation request itself', create([READ_ORDERS])],
    ['of an unknown action', { action: 'deleteEverything', event: create([READ_ORDERS]), credentials: { username: 'admin', password: WORKER_PASSWORD } }],
    ['a checkAdmin without a check', { action: 'checkAdmin', credentials: { username: 'admin', password: WORKER_PASSWORD } }],
    ['a checkAdmin without an admin principal', { action: 'checkAdmin', check: { bootstrapServers: 'b-1:9096', tls: true }, credentials: { username: 'admin', password: WORKER_PASSWORD } }],
  ])('fails when the request is %s, saying what it takes', async (_what, request) => {
    const cluster = new FakeCluster();
    const handle = createWorkerHandler(timer, cluster.connect);
    await expect(handle(request as unknown as KafkaWorkerRequest, CONTEXT)).rejects.toThrow(WORKER_REQUEST_SHAPE);
    expect(WORKER_REQUEST_SHAPE).toBe('The Kafka ACL worker takes {event, credentials: {username, password}} or '
      + "{action: 'checkAdmin', check: {bootstrapServers, tls, adminPrincipal}, credentials: {username, password}} from the cdk-msk-constructs provider only");
    expect(cluster.connections).toEqual([]);
  });

  test('runs the handler with the payload\'s credentials', async () => {
    const cluster = new FakeCluster();
    const handle = createWorkerHandler(timer, cluster.connect);

    const result = await handle({ event: create([READ_ORDERS]), credentials: { username: 'cdk-msk-acl-admin', password: WORKER_PASSWORD } }, CONTEXT);

    expect(result).toEqual({ PhysicalResourceId: physicalIdOf(create([])) });
    expect(cluster.connections.map((c) => [c.username, c.password, c.tls])).toEqual([['cdk-msk-acl-admin', WORKER_PASSWORD, true]]);
    expect(cluster.held()).toEqual(['TOPIC:orders:READ']);
  });
});

describe('the admin check (the worker\'s side of Custom::MskKafkaAclsReady)', () => {
  const ADMIN = 'User:cdk-msk-acl-admin';
  const CHECK = { bootstrapServers: 'b-1.events.kafka.us-east-1.amazonaws.com:9096, b-2.events.kafka.us-east-1.amazonaws.com:9096', tls: true, adminPrincipal: ADMIN };
  const CHECK_PASSWORD = 'Pw-check-77aa66bb55cc';
  const ADMIN_CREDENTIALS = { username: 'cdk-msk-acl-admin', password: CHECK_PASSWORD };
  const cluster = (op: KafkaAclEntry['operation'], extra: Partial<KafkaAclEntry> = {}): KafkaAclEntry => ({ ...acl('CLUSTER', 'kafka-cluster', op, ADMIN), ...extra });
  const checkDeps = (c: FakeCluster, logs: string[] = []) => ({ ...fakeHandlerTime(START, logs), connectAdmin: c.connect });

  test.each([
    ['ALTER', [cluster('ALTER')], []],
    ['ALL', [cluster('ALL')], []],
    ['ALTER and DESCRIBE', [cluster('ALTER'), cluster('DESCRIBE')], []],
    ['DESCRIBE only', [cluster('DESCRIBE')], ['ALTER']],
    ['nothing', [], ['ALTER', 'DESCRIBE']],
    ['ALTER from one host only', [cluster('ALTER', { host: '10.0.0.5' })], ['ALTER', 'DESCRIBE']],
    ['ALTER denied', [cluster('ALL'), cluster('ALTER', { permissionType: 'DENY' })], ['ALTER']],
    ['ALL denied from one host', [cluster('ALTER'), cluster('ALL', { permissionType: 'DENY', host: '10.0.0.5' })], ['ALTER', 'DESCRIBE']],
    ['DESCRIBE denied', [cluster('ALTER'), cluster('DESCRIBE', { permissionType: 'DENY' })], ['DESCRIBE']],
    ['ALTER for another principal', [acl('CLUSTER', 'kafka-cluster', 'ALTER', 'User:alice')], ['ALTER', 'DESCRIBE']],
    ['ALTER by a PREFIXED pattern', [cluster('ALTER', { patternType: 'PREFIXED' })], ['ALTER', 'DESCRIBE']],
    ['READ on a topic', [acl('TOPIC', 'kafka-cluster', 'ALL', ADMIN)], ['ALTER', 'DESCRIBE']],
  ])('with %s: what the admin lacks on the cluster', (_what, acls, missing) => {
    expect(missingAdminOperations(ADMIN, acls)).toEqual(missing);
  });

  test('reads the admin\'s ACLs on the cluster as the admin, over TLS, and answers what it lacks', async () => {
    const c = new FakeCluster();
    for (const a of [cluster('DESCRIBE'), READ_ORDERS]) c.acls.set(aclKey(a), a);
    const logs: string[] = [];

    const result = await checkAdmin(CHECK, ADMIN_CREDENTIALS, checkDeps(c, logs));

    expect(result).toEqual({ authenticated: true, missing: ['ALTER'], found: [`${ADMIN} ALLOW DESCRIBE on CLUSTER 'kafka-cluster' (LITERAL) from host *`] });
    expect(c.calls).toEqual([`describe CLUSTER ${ADMIN}`]);
    expect(c.connections).toEqual([{
      bootstrapServers: ['b-1.events.kafka.us-east-1.amazonaws.com:9096', 'b-2.events.kafka.us-east-1.amazonaws.com:9096'],
      username: 'cdk-msk-acl-admin',
      password: CHECK_PASSWORD,
      tls: true,
    }]);
    expect(c.closed).toBe(1);
    expect(logs.join('\n')).not.toContain(CHECK_PASSWORD);
  });

  test('an admin with ALTER lacks nothing', async () => {
    const c = new FakeCluster();
    c.acls.set(aclKey(cluster('ALTER')), cluster('ALTER'));
    await expect(checkAdmin(CHECK, ADMIN_CREDENTIALS, checkDeps(c))).resolves.toEqual({ authenticated: true, missing: [], found: [expect.stringContaining('ALLOW ALTER')] });
  });

  test('an admin whose credentials are refused is not authenticated (an answer, not an error)', async () => {
    const c = new FakeCluster();
    const authentication = Object.assign(new Error('SASL authentication failed'), { code: 'PLT_KFK_AUTHENTICATION', canRetry: false });
    c.failures.push(Object.assign(new Error('Connection failed', { cause: authentication }), { code: 'PLT_KFK_NETWORK', canRetry: true }));

    const result = await checkAdmin(CHECK, ADMIN_CREDENTIALS, checkDeps(c));

    expect(result).toEqual({ authenticated: false, missing: ['ALTER', 'DESCRIBE'], found: [], error: expect.stringContaining('Connection failed') });
    expect(c.calls).toHaveLength(1);
    expect(c.closed).toBe(1);
  });

  test('an admin refused by the broker\'s SASL answer (SASL_AUTHENTICATION_FAILED, as a real broker sends it) is not authenticated', async () => {
    const c = new FakeCluster();
    c.failures.push(kafkaError('SASL_AUTHENTICATION_FAILED', false));

    await expect(checkAdmin(CHECK, ADMIN_CREDENTIALS, checkDeps(c))).resolves.toEqual({
      authenticated: false, missing: ['ALTER', 'DESCRIBE'], found: [], error: expect.stringContaining('Kafka error SASL_AUTHENTICATION_FAILED'),
    });
    expect(c.calls).toHaveLength(1);
  });

  test('an admin refused DescribeAcls (CLUSTER_AUTHORIZATION_FAILED) lacks both ALTER and DESCRIBE', async () => {
    const c = new FakeCluster();
    c.failures.push(kafkaError('CLUSTER_AUTHORIZATION_FAILED', false));

    await expect(checkAdmin(CHECK, ADMIN_CREDENTIALS, checkDeps(c))).resolves.toEqual({
      authenticated: true, missing: ['ALTER', 'DESCRIBE'], found: [], error: expect.stringContaining('Kafka error CLUSTER_AUTHORIZATION_FAILED'),
    });
  });

  test('retries an unreachable cluster, then answers', async () => {
    const c = new FakeCluster();
    c.failures.push(networkError(), kafkaError('NOT_CONTROLLER', true));
    c.acls.set(aclKey(cluster('ALL')), cluster('ALL'));

    await expect(checkAdmin(CHECK, ADMIN_CREDENTIALS, checkDeps(c))).resolves.toMatchObject({ authenticated: true, missing: [] });
    expect(c.calls).toHaveLength(3);
  });

  test('fails when the cluster stays unreachable until the deadline', async () => {
    const c = new FakeCluster();
    for (let i = 0; i < MAX_RETRIES_PER_CALL + 5; i++) c.failures.push(networkError());

    await expect(checkAdmin(CHECK, ADMIN_CREDENTIALS, checkDeps(c))).rejects.toThrow(
      /^Describing the ACLs of User:cdk-msk-acl-admin on the cluster failed after \d+ attempt\(s\), at the deadline: the cluster could not be reached/);
    expect(c.closed).toBe(1);
  });

  test('fails when Kafka refuses otherwise', async () => {
    const c = new FakeCluster();
    c.failures.push(kafkaError('SECURITY_DISABLED', false));
    await expect(checkAdmin(CHECK, ADMIN_CREDENTIALS, checkDeps(c))).rejects.toThrow(
      'Describing the ACLs of User:cdk-msk-acl-admin on the cluster failed: Kafka error SECURITY_DISABLED');
  });

  test('fails when the check has no brokers or no principal, before connecting', async () => {
    const c = new FakeCluster();
    await expect(checkAdmin({ ...CHECK, bootstrapServers: ' , ' }, ADMIN_CREDENTIALS, checkDeps(c))).rejects.toThrow('The Kafka admin check needs bootstrapServers and adminPrincipal');
    await expect(checkAdmin({ ...CHECK, adminPrincipal: '' }, ADMIN_CREDENTIALS, checkDeps(c))).rejects.toThrow('The Kafka admin check needs bootstrapServers and adminPrincipal');
    expect(c.connections).toEqual([]);
  });

  test('the worker runs a checkAdmin request with the payload\'s credentials', async () => {
    const c = new FakeCluster();
    c.acls.set(aclKey(cluster('ALTER')), cluster('ALTER'));
    const logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const handle = createWorkerHandler((ms, fire) => {
        const timeout = setTimeout(fire, ms);
        return () => clearTimeout(timeout);
      }, c.connect);

      const result = await handle({ action: 'checkAdmin', check: CHECK, credentials: ADMIN_CREDENTIALS }, { getRemainingTimeInMillis: () => 300_000 });

      expect(result).toEqual({ authenticated: true, missing: [], found: [expect.stringContaining('ALLOW ALTER')] });
      expect(c.connections.map((x) => [x.username, x.password, x.tls])).toEqual([['cdk-msk-acl-admin', CHECK_PASSWORD, true]]);
      expect(logSpy.mock.calls.flat().join('\n')).not.toContain(CHECK_PASSWORD);
    } finally {
      logSpy.mockRestore();
    }
  });
});

/**
 * The BUNDLED Kafka ACL worker Lambda (assets/custom-resources/kafka-worker/index.js, built by
 * `npx projen bundle`, which the projen test task runs before jest) against Apache Kafka itself
 * (test/kafka/broker.ts), called exactly as the stack's provider invokes it
 * (src/custom-resources/kafka-acls-dispatch.lambda.ts: `{ event, credentials }`), with the credentials of
 * the library's admin principal `cdk-msk-acl-admin`, a NORMAL user (not a super user, as on MSK).
 *
 * The story of "deny by default, safely" (README: the two steps), checked with real consumers before and after
 * each step:
 *   a. the broker allows everyone when a resource has no ACL (allow.everyone.if.no.acl.found=true, MSK's default);
 *   b. Create: the admin's own CLUSTER ACLs (ALTER, DESCRIBE) first, then alice's; allowed because the cluster
 *      resource has no ACL yet;
 *   c. the broker restarts denying by default (step two); alice reads what she was granted, nothing else;
 *   d. Update: the admin still manages ACLs, thanks to its own ACLs;
 *   e. Delete: alice's ACLs go, the admin's stay and it still manages ACLs;
 *   f. negative control on a second broker: without the admin ACLs, the first Update after step two fails with
 *      CLUSTER_AUTHORIZATION_FAILED.
 * Needs Java 17+ and Maven (see README.md here).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tls from 'tls';
import { buildSync } from 'esbuild';
import { ClientCertificate, ensureBrokerJars, RunningBroker, ScramUser, startBroker } from './broker';
import {
  consumeFirstAs, seedOrdersAndPayments, installPromiseWithResolvers, KafkaAclFilter, KafkaAdmin, KafkaClientModule, consumeFirst, kafkaErrorNames,
  loadKafkaClient, scram,
} from './client';
import { KAFKA_ACL_ADMIN_USERNAME } from '../../src/auth/kafka-acls/kafka-acl-admin-user';
import { aclManagerAcls, consumeAcls, toAclEntry } from '../../src/auth/kafka-acls/kafka-acl-vocabulary';
import { KafkaPrincipal } from '../../src/auth/kafka-acls/kafka-principal';
import { aclKey, KafkaAclEntry } from '../../src/custom-resources/kafka-acl-set';
import { KafkaAclsDispatchEvent } from '../../src/custom-resources/kafka-acls-dispatch.lambda';
import { KafkaAclsResult, KafkaAdminCheckResult } from '../../src/custom-resources/kafka-acls.lambda';
import { KafkaWorkerRequest, workerApplyRequest } from '../../src/custom-resources/kafka-worker-request.lambda';
import { LambdaContext } from '../../src/custom-resources/sdk-retry';

jest.setTimeout(300_000);

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WORKER_ASSET = path.join(REPO_ROOT, 'assets', 'custom-resources', 'kafka-worker', 'index.js');
const WORKER_SOURCE = path.join(REPO_ROOT, 'src', 'custom-resources', 'kafka-worker.lambda.ts');
const CONTEXT: LambdaContext = { getRemainingTimeInMillis: () => 120_000 };
const ADMIN_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_events_cdk-msk-acl-admin-AbCdEf';
const WORKER_FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:KafkaAclWorker';
const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/events/11111111-2222-3333-4444-555555555555-1';

type WorkerHandler = (request: KafkaWorkerRequest, context: LambdaContext) => Promise<KafkaAclsResult>;

let kafka: KafkaClientModule;
let worker: WorkerHandler;
const workerLogs: string[] = [];
const timings: Record<string, number> = {};
const suiteStarted = Date.now();

const principal = (name: string) => KafkaPrincipal.scramUser(name);
/** What the construct sends as AdminAcls (src/auth/kafka-acls/kafka-acls.ts), for cdk-msk-acl-admin. */
const ADMIN_ACLS: KafkaAclEntry[] = aclManagerAcls(principal(KAFKA_ACL_ADMIN_USERNAME)).map(toAclEntry);
/** alice consumes orders in group billing (READ + DESCRIBE on both, the library's consume grant). */
const FIRST_SET: KafkaAclEntry[] = consumeAcls(principal('alice'), 'orders', 'billing').map(toAclEntry);
/** alice consumes orders and payments in group billing-v2 (and no longer in billing); the group's ACLs once. */
const SECOND_SET: KafkaAclEntry[] = [...new Map([
  ...consumeAcls(principal('alice'), 'orders', 'billing-v2'),
  ...consumeAcls(principal('alice'), 'payments', 'billing-v2'),
].map(toAclEntry).map((acl) => [aclKey(acl), acl])).values()];

/**
 * Requires the bundled worker (after the Promise.withResolvers polyfill: the asset targets nodejs22.x, the tests
 * run on Node 20). Fails, never skips, when the asset is missing or older than the sources it bundles.
 */
function loadWorker(): WorkerHandler {
  if (!fs.existsSync(WORKER_ASSET)) {
    throw new Error(`The bundled Kafka ACL worker ${path.relative(REPO_ROOT, WORKER_ASSET)} is missing: run \`npx projen bundle\` `
      + '(the projen test task runs it before jest)');
  }
  // The repository's sources the asset bundles (esbuild's own account of its inputs), none newer than the asset.
  const { metafile } = buildSync({
    absWorkingDir: REPO_ROOT,
    entryPoints: [WORKER_SOURCE],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    external: ['@platformatic/*', '@node-rs/*'],
    logLevel: 'silent',
  });
  const assetTime = fs.statSync(WORKER_ASSET).mtimeMs;
  const newer = Object.keys(metafile.inputs).filter((f) => f.startsWith('src/') && fs.statSync(path.join(REPO_ROOT, f)).mtimeMs > assetTime);
  if (newer.length > 0) {
    throw new Error(`The bundled Kafka ACL worker ${path.relative(REPO_ROOT, WORKER_ASSET)} is older than ${newer.join(', ')}: `
      + 'run `npx projen bundle` (the projen test task runs it before jest)');
  }
  installPromiseWithResolvers();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const asset = require(WORKER_ASSET) as { handler?: unknown };
  if (typeof asset.handler !== 'function') {
    throw new Error(`${WORKER_ASSET} exports no handler function: run \`npx projen bundle\``);
  }
  return asset.handler as WorkerHandler;
}

function properties(b: RunningBroker, acls: KafkaAclEntry[], adminAcls: KafkaAclEntry[] | undefined): KafkaAclsDispatchEvent['ResourceProperties'] {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:MskConstructsProvider',
    Subject: 'Kafka ACLs of cluster events (Stack/Events/KafkaAcls)',
    ClusterId: CLUSTER_ARN,
    BootstrapServers: b.bootstrap,
    Tls: 'false',
    AdminSecretArn: ADMIN_SECRET_ARN,
    WorkerFunction: WORKER_FUNCTION,
    ...(adminAcls ? { AdminAcls: JSON.stringify(adminAcls) } : {}),
    Acls: JSON.stringify(acls),
  };
}

/**
 * Invokes the worker as the provider does (kafka-acls-dispatch.lambda.ts: the event without ResponseURL, and the
 * admin's credentials), keeping its log lines. Resolves with its result or rejects with its error (what Lambda
 * returns as FunctionError/errorMessage).
 */
async function invoke(event: KafkaAclsDispatchEvent, credentials: ScramUser): Promise<KafkaAclsResult> {
  const request = workerApplyRequest(event, { username: credentials.username, password: credentials.password });
  const log = jest.spyOn(console, 'log').mockImplementation((message: string) => {
    workerLogs.push(message);
  });
  try {
    // Through JSON, as the Lambda payload travels.
    return await worker(JSON.parse(JSON.stringify(request)) as KafkaWorkerRequest, CONTEXT);
  } finally {
    log.mockRestore();
  }
}

/**
 * Asks the worker, as the deny-by-default check does (kafka-acls-ready.lambda.ts: `checkAdmin`), whether `credentials`
 * may manage ACLs on the broker: `authenticated`, and the missing operations of ALTER and DESCRIBE on the cluster.
 */
async function checkAdmin(b: RunningBroker, credentials: ScramUser): Promise<{ authenticated: boolean; missing: string[] }> {
  const request: KafkaWorkerRequest = {
    action: 'checkAdmin',
    check: { bootstrapServers: b.bootstrap, tls: false, adminPrincipal: `User:${KAFKA_ACL_ADMIN_USERNAME}` },
    credentials: { username: credentials.username, password: credentials.password },
  };
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const answer = await (worker as unknown as (r: KafkaWorkerRequest, c: LambdaContext) => Promise<KafkaAdminCheckResult>)(
      JSON.parse(JSON.stringify(request)) as KafkaWorkerRequest, CONTEXT);
    return { authenticated: answer.authenticated, missing: [...answer.missing].sort() };
  } finally {
    log.mockRestore();
  }
}

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Stack/abc';

/** One broker of a scenario, with its super-user admin client for setup and checks. */
class Scenario {
  public static async start(allowEveryoneIfNoAclFound: boolean, withTls = false): Promise<Scenario> {
    const broker = await startBroker({ users: [KAFKA_ACL_ADMIN_USERNAME, 'alice', 'bob'], allowEveryoneIfNoAclFound, tls: withTls });
    const s = new Scenario(broker);
    await seedOrdersAndPayments(kafka, s.superAdmin, broker.bootstrap, broker.admin);
    return s;
  }

  public readonly superAdmin: KafkaAdmin;
  private constructor(public readonly broker: RunningBroker) {
    this.superAdmin = this.adminClient(broker.admin);
  }

  public get aclAdmin(): ScramUser {
    return this.user(KAFKA_ACL_ADMIN_USERNAME);
  }

  public user(name: string): ScramUser {
    const u = this.broker.users[name];
    if (!u) throw new Error(`no user ${name}`);
    return u;
  }

  public adminClient(user: ScramUser): KafkaAdmin {
    return new kafka.Admin({ clientId: `admin-${user.username}`, bootstrapBrokers: [this.broker.bootstrap], sasl: scram(user.username, user.password) });
  }

  /** Restarts the broker with the flag; the super user's client reconnects by itself. */
  public async restart(allowEveryoneIfNoAclFound: boolean): Promise<number> {
    return this.broker.restart({ allowEveryoneIfNoAclFound });
  }

  /** The ACLs on the broker (as `User:x ALLOW OP on TYPE:name`, sorted) as `viewer` sees them, all principals. */
  public async aclsSeenBy(viewer: KafkaAdmin, principalName: string | null = null): Promise<string[]> {
    const filter: KafkaAclFilter = {
      resourceType: kafka.ResourceTypes.ANY,
      resourceName: null,
      resourcePatternType: kafka.ResourcePatternTypes.ANY,
      principal: principalName,
      host: null,
      operation: kafka.AclOperations.ANY,
      permissionType: kafka.AclPermissionTypes.ANY,
    };
    const described = await viewer.describeAcls({ filter });
    return described.flatMap((r) => r.acls.map((a) => `${a.principal} ${nameOf(kafka.AclPermissionTypes, a.permissionType)} `
      + `${nameOf(kafka.AclOperations, a.operation)} on ${nameOf(kafka.ResourceTypes, r.resourceType)}:${r.resourceName}`)).sort();
  }

  /** The broker's ACLs (seen by the super user) once they equal `want`, or after 15 s: DescribeAcls follows the metadata log. */
  public async aclsEventually(want: string[]): Promise<string[]> {
    return eventually(() => this.aclsSeenBy(this.superAdmin), (seen) => same(seen, want));
  }

  /** What `who` gets reading `topic` in `group` from the earliest offset: the first record, or the Kafka error names. */
  public async reads(who: string, topic: string, group: string): Promise<string> {
    try {
      return await consumeFirst(kafka, this.broker.bootstrap, this.user(who), topic, group, 20_000);
    } catch (e) {
      const names = kafkaErrorNames(e);
      if (names.length === 0) throw e;
      return names.join(',');
    }
  }

  /** What the holder of a client certificate for `subject` gets reading `topic` in `group` on the SSL listener. */
  public async readsWithCertificate(certificate: ClientCertificate, topic: string, group: string): Promise<string> {
    const bootstrap = this.broker.tlsBootstrap;
    if (!bootstrap) throw new Error('the broker has no SSL listener');
    try {
      return await consumeFirstAs(kafka, bootstrap, 'mtls', { tls: certificate }, topic, group, 20_000);
    } catch (e) {
      const names = kafkaErrorNames(e);
      if (names.length === 0) throw e;
      return names.join(',');
    }
  }

  /**
   * Every probe (`'alice: orders in billing'`) answered, once all answer as expected or after 15 s (ACL and
   * configuration changes reach the authorizer through the metadata log).
   */
  public async access(expectations: Record<string, string>): Promise<Record<string, string>> {
    return eventually(async () => {
      const answers: Record<string, string> = {};
      for (const probe of Object.keys(expectations)) {
        const m = /^(\S+): (\S+) in (\S+)$/.exec(probe);
        if (!m) throw new Error(`bad probe ${probe}`);
        answers[probe] = await this.reads(m[1], m[2], m[3]);
      }
      return answers;
    }, (answers) => Object.keys(expectations).every((k) => answers[k] === expectations[k]));
  }

  public async stop(): Promise<void> {
    await this.superAdmin.close().catch(() => undefined);
    await this.broker.stop();
  }
}

function nameOf(table: Readonly<Record<string, number>>, code: number): string {
  return Object.keys(table).find((k) => table[k] === code && k !== 'ANY') ?? String(code);
}

function same(a: string[], b: string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/** `User:x ALLOW OP on TYPE:name` of each entry, sorted. */
function shown(acls: KafkaAclEntry[]): string[] {
  return acls.map((a) => `${a.principal} ${a.permissionType} ${a.operation} on ${a.resourceType}:${a.resourceName}`).sort();
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Sends one ApiVersions request (api key 18, version 0) over TLS to `bootstrap` with `options` (a client certificate
 * or not): 'answered' when the broker answers, or the error that ended the connection.
 */
function apiVersionsOverTls(bootstrap: string, options: { ca: string; key?: string; cert?: string }): Promise<string> {
  const [host, port] = bootstrap.split(':');
  return new Promise((resolve) => {
    const clientId = Buffer.from('tls-probe');
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
    let o = body.writeInt16BE(18, 0);
    o = body.writeInt16BE(0, o);
    o = body.writeInt32BE(7, o);
    o = body.writeInt16BE(clientId.length, o);
    clientId.copy(body, o);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    const socket = tls.connect({ host, port: Number(port), ...options });
    const done = (answer: string) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(10_000, () => done('timed out'));
    socket.on('secureConnect', () => socket.write(Buffer.concat([size, body])));
    socket.on('data', (chunk: Buffer) => done(chunk.length >= 8 && chunk.readInt32BE(4) === 7 ? 'answered' : 'unexpected answer'));
    socket.on('error', (e: Error) => done(e.message));
    socket.on('end', () => done('closed by the broker'));
  });
}

/** The Kafka error names a call fails with ([] when it succeeds). */
async function refusal(call: () => Promise<unknown>): Promise<string[]> {
  try {
    await call();
    return [];
  } catch (e) {
    const names = kafkaErrorNames(e);
    if (names.length === 0) throw e;
    return names;
  }
}

beforeAll(() => {
  timings.jarDownloadMs = ensureBrokerJars();
  const loaded = loadKafkaClient();
  kafka = loaded.client;
  timings.clientBundleMs = loaded.installMillis;
  const t = Date.now();
  worker = loadWorker();
  timings.workerLoadMs = Date.now() - t;
});

afterAll(() => {
  timings.wholeSuiteMs = Date.now() - suiteStarted;
  // eslint-disable-next-line no-console
  console.log(`kafka worker asset test timings (ms): ${JSON.stringify(timings)}`);
});

test('the admin ACLs the construct sends are ALTER then DESCRIBE on the cluster, for the non-super user cdk-msk-acl-admin', () => {
  // ALTER first: with no ACL on the cluster the first creation is allowed to anyone, but once an ACL exists on the
  // cluster only an ALLOW matches; DESCRIBE first would leave the admin without ALTER for the second creation.
  expect(ADMIN_ACLS).toEqual([
    { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', principal: 'User:cdk-msk-acl-admin', host: '*', operation: 'ALTER', permissionType: 'ALLOW' },
    { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', principal: 'User:cdk-msk-acl-admin', host: '*', operation: 'DESCRIBE', permissionType: 'ALLOW' },
  ]);
});

describe('deny by default in two steps, with the admin ACLs', () => {
  let s: Scenario;
  let physicalId: string | undefined;
  const createEvent = (): KafkaAclsDispatchEvent => ({
    RequestType: 'Create', LogicalResourceId: 'KafkaAcls', StackId: STACK_ID, ResourceProperties: properties(s.broker, FIRST_SET, ADMIN_ACLS),
  });
  const updateEvent = (): KafkaAclsDispatchEvent => ({
    RequestType: 'Update',
    LogicalResourceId: 'KafkaAcls',
    StackId: STACK_ID,
    PhysicalResourceId: physicalId,
    OldResourceProperties: properties(s.broker, FIRST_SET, ADMIN_ACLS),
    ResourceProperties: properties(s.broker, SECOND_SET, ADMIN_ACLS),
  });

  beforeAll(async () => {
    s = await Scenario.start(true, true);
    timings.brokerStartMs = s.broker.startMillis;
  });

  afterAll(async () => {
    await s?.stop();
  });

  test('a. with allow.everyone.if.no.acl.found=true and no ACL, every user reads every topic and may describe ACLs', async () => {
    expect(s.broker.allowEveryoneIfNoAclFound).toBe(true);
    expect(await s.aclsEventually([])).toEqual([]);
    const open = { 'alice: orders in billing': 'order-1', 'bob: orders in bob-group': 'order-1', 'alice: payments in other': 'payment-1' };
    expect(await s.access(open)).toEqual(open);
    // Even ACL management is open to any user while the cluster resource has no ACL (MSK's default).
    const bob = s.adminClient(s.user('bob'));
    try {
      expect(await refusal(() => bob.describeAcls({
        filter: {
          resourceType: kafka.ResourceTypes.ANY,
          resourceName: null,
          resourcePatternType: kafka.ResourcePatternTypes.ANY,
          principal: null,
          host: null,
          operation: kafka.AclOperations.ANY,
          permissionType: kafka.AclPermissionTypes.ANY,
        },
      }))).toEqual([]);
    } finally {
      await bob.close();
    }
  });

  test('b. Create by cdk-msk-acl-admin: its own cluster ACLs first, then alice\'s; ACLs on a resource close it to others', async () => {
    workerLogs.length = 0;
    const t = Date.now();
    const result = await invoke(createEvent(), s.aclAdmin);
    timings.createMs = Date.now() - t;
    physicalId = result.PhysicalResourceId;
    expect(physicalId).toMatch(/^kafka-acls-KafkaAcls-[0-9a-f]{12}$/);
    expect(workerLogs.filter((l) => l.startsWith('created ACL'))).toEqual([
      "created ACL User:cdk-msk-acl-admin ALLOW ALTER on CLUSTER 'kafka-cluster' (LITERAL) from host *",
      "created ACL User:cdk-msk-acl-admin ALLOW DESCRIBE on CLUSTER 'kafka-cluster' (LITERAL) from host *",
      "created ACL User:alice ALLOW READ on TOPIC 'orders' (LITERAL) from host *",
      "created ACL User:alice ALLOW DESCRIBE on TOPIC 'orders' (LITERAL) from host *",
      "created ACL User:alice ALLOW READ on GROUP 'billing' (LITERAL) from host *",
      "created ACL User:alice ALLOW DESCRIBE on GROUP 'billing' (LITERAL) from host *",
    ]);
    const want = shown([...ADMIN_ACLS, ...FIRST_SET]);
    expect(await s.aclsEventually(want)).toEqual(want);
    // Still allow-everyone: resources without ACLs stay open (payments, group bob-group), the ones with ACLs do not.
    const access = {
      'alice: orders in billing': 'order-1',
      'bob: orders in bob-group': 'TOPIC_AUTHORIZATION_FAILED',
      'bob: payments in bob-group': 'payment-1',
      'bob: payments in billing': 'GROUP_AUTHORIZATION_FAILED',
    };
    expect(await s.access(access)).toEqual(access);
    // What the deny-by-default check reads before step two: the admin may manage ACLs; a wrong password is not signed in.
    expect(await checkAdmin(s.broker, s.aclAdmin)).toEqual({ authenticated: true, missing: [] });
    expect(await checkAdmin(s.broker, { ...s.aclAdmin, password: 'not-the-password' })).toEqual({ authenticated: false, missing: ['ALTER', 'DESCRIBE'] });
  });

  test('c. after the restart with allow.everyone.if.no.acl.found=false, alice reads only what she was granted and bob nothing', async () => {
    timings.restartMs = await s.restart(false);
    expect(s.broker.allowEveryoneIfNoAclFound).toBe(false);
    // The ACLs live in the KRaft metadata log: the restart keeps them.
    const want = shown([...ADMIN_ACLS, ...FIRST_SET]);
    expect(await s.aclsEventually(want)).toEqual(want);
    const access = {
      'alice: orders in billing': 'order-1',
      'alice: payments in billing': 'TOPIC_AUTHORIZATION_FAILED',
      'alice: orders in other': 'GROUP_AUTHORIZATION_FAILED',
      'alice: payments in billing-v2': 'GROUP_AUTHORIZATION_FAILED',
      'bob: orders in bob-group': 'GROUP_AUTHORIZATION_FAILED',
      'bob: payments in bob-group': 'GROUP_AUTHORIZATION_FAILED',
    };
    expect(await s.access(access)).toEqual(access);
    // Denying by default, the admin still passes the check (its own ACLs).
    expect(await checkAdmin(s.broker, s.aclAdmin)).toEqual({ authenticated: true, missing: [] });
  });

  test('d. Update by cdk-msk-acl-admin (not a super user): alice gains payments and group billing-v2, loses group billing', async () => {
    workerLogs.length = 0;
    const t = Date.now();
    const result = await invoke(updateEvent(), s.aclAdmin);
    timings.updateMs = Date.now() - t;
    expect(result).toEqual({ PhysicalResourceId: physicalId });
    // Exactly the difference, creations first (the admin's ACLs are unchanged: not touched).
    const changes = workerLogs.filter((l) => /^(created|deleted) ACL/.test(l));
    expect(changes.slice(0, 4).sort()).toEqual([
      "created ACL User:alice ALLOW DESCRIBE on GROUP 'billing-v2' (LITERAL) from host *",
      "created ACL User:alice ALLOW DESCRIBE on TOPIC 'payments' (LITERAL) from host *",
      "created ACL User:alice ALLOW READ on GROUP 'billing-v2' (LITERAL) from host *",
      "created ACL User:alice ALLOW READ on TOPIC 'payments' (LITERAL) from host *",
    ]);
    expect(changes.slice(4).sort()).toEqual([
      "deleted ACL User:alice ALLOW DESCRIBE on GROUP 'billing' (LITERAL) from host *",
      "deleted ACL User:alice ALLOW READ on GROUP 'billing' (LITERAL) from host *",
    ]);
    const want = shown([...ADMIN_ACLS, ...SECOND_SET]);
    expect(await s.aclsEventually(want)).toEqual(want);
    const access = {
      'alice: payments in billing-v2': 'payment-1',
      'alice: orders in billing-v2': 'order-1',
      'alice: orders in billing': 'GROUP_AUTHORIZATION_FAILED',
      'bob: orders in billing-v2': 'GROUP_AUTHORIZATION_FAILED',
    };
    expect(await s.access(access)).toEqual(access);
  });

  test('e. Delete removes alice\'s ACLs and keeps the admin\'s, which still manages and describes ACLs', async () => {
    const t = Date.now();
    const result = await invoke({
      RequestType: 'Delete',
      LogicalResourceId: 'KafkaAcls',
      StackId: STACK_ID,
      PhysicalResourceId: physicalId,
      ResourceProperties: properties(s.broker, SECOND_SET, ADMIN_ACLS),
    }, s.aclAdmin);
    timings.deleteMs = Date.now() - t;
    expect(result).toEqual({ PhysicalResourceId: physicalId });
    const adminOnly = shown(ADMIN_ACLS);
    expect(await s.aclsEventually(adminOnly)).toEqual(adminOnly);
    const refused = { 'alice: orders in billing-v2': 'GROUP_AUTHORIZATION_FAILED', 'alice: payments in billing-v2': 'GROUP_AUTHORIZATION_FAILED' };
    expect(await s.access(refused)).toEqual(refused);

    // The admin (its own client, not the super user's) describes the ACLs: its DESCRIBE on the cluster.
    const aclAdmin = s.adminClient(s.aclAdmin);
    try {
      expect(await s.aclsSeenBy(aclAdmin)).toEqual(adminOnly);
    } finally {
      await aclAdmin.close();
    }
    // And creates ACLs again: another resource grants bob payments in group audit.
    const bobSet = consumeAcls(principal('bob'), 'payments', 'audit').map(toAclEntry);
    await invoke({ RequestType: 'Create', LogicalResourceId: 'BobAcls', StackId: STACK_ID, ResourceProperties: properties(s.broker, bobSet, ADMIN_ACLS) }, s.aclAdmin);
    const withBob = shown([...ADMIN_ACLS, ...bobSet]);
    expect(await s.aclsEventually(withBob)).toEqual(withBob);
    const bob = { 'bob: payments in audit': 'payment-1', 'bob: orders in audit': 'TOPIC_AUTHORIZATION_FAILED' };
    expect(await s.access(bob)).toEqual(bob);
  });

  test('mTLS: an ACL for KafkaPrincipal.certificate(subject) lets the client with that certificate consume, and no other', async () => {
    // After step c: deny by default.
    expect(s.broker.allowEveryoneIfNoAclFound).toBe(false);
    // Kafka's principal for a client certificate is its subject as Java writes it (RFC 2253: most specific first,
    // no spaces), with the default ssl.principal.mapping.rules.
    const ordersClient = KafkaPrincipal.certificate('CN=orders-client');
    const paymentsClient = KafkaPrincipal.certificate('CN=payments-client,OU=Payments,O=Example,C=US');
    const certificateSet = [
      ...consumeAcls(ordersClient, 'orders', 'orders-app'),
      ...consumeAcls(paymentsClient, 'payments', 'payments-app'),
    ].map(toAclEntry);
    const t = Date.now();
    const orders = s.broker.issueClientCertificate('/CN=orders-client');
    const payments = s.broker.issueClientCertificate('/C=US/O=Example/OU=Payments/CN=payments-client');
    const other = s.broker.issueClientCertificate('/CN=other');
    timings.certificatesMs = Date.now() - t;
    const read = async () => ({
      ordersInOrdersApp: await s.readsWithCertificate(orders, 'orders', 'orders-app'),
      paymentsInOrdersApp: await s.readsWithCertificate(orders, 'payments', 'orders-app'),
      paymentsWithItsName: await s.readsWithCertificate(payments, 'payments', 'payments-app'),
      otherInOrdersApp: await s.readsWithCertificate(other, 'orders', 'orders-app'),
    });
    // Deny by default: no certificate reads anything before its ACLs exist.
    expect(await read()).toEqual({
      ordersInOrdersApp: 'GROUP_AUTHORIZATION_FAILED',
      paymentsInOrdersApp: 'GROUP_AUTHORIZATION_FAILED',
      paymentsWithItsName: 'GROUP_AUTHORIZATION_FAILED',
      otherInOrdersApp: 'GROUP_AUTHORIZATION_FAILED',
    });

    await invoke({
      RequestType: 'Create', LogicalResourceId: 'CertificateAcls', StackId: STACK_ID, ResourceProperties: properties(s.broker, certificateSet, ADMIN_ACLS),
    }, s.aclAdmin);
    const granted = {
      ordersInOrdersApp: 'order-1',
      paymentsInOrdersApp: 'TOPIC_AUTHORIZATION_FAILED',
      paymentsWithItsName: 'payment-1',
      otherInOrdersApp: 'GROUP_AUTHORIZATION_FAILED',
    };
    expect(await eventually(read, (r) => JSON.stringify(r) === JSON.stringify(granted))).toEqual(granted);
    // The authorizer names the refused certificate's principal in that form.
    expect(s.broker.logTail(100_000)).toContain('Principal = User:CN=other is Denied');
    // Without a certificate the TLS handshake is refused (ssl.client.auth=required): no anonymous principal, which
    // this test broker makes a super user for its controller listener.
    expect(await apiVersionsOverTls(s.broker.tlsBootstrap ?? '', { ca: orders.ca })).toMatch(/alert (bad certificate|certificate required)/);
    expect(await apiVersionsOverTls(s.broker.tlsBootstrap ?? '', orders)).toBe('answered');
  });
});

describe('negative control: without the admin ACLs', () => {
  let s: Scenario;
  const event = (requestType: 'Create' | 'Update', acls: KafkaAclEntry[], old?: KafkaAclEntry[]): KafkaAclsDispatchEvent => ({
    RequestType: requestType,
    LogicalResourceId: 'KafkaAcls',
    StackId: STACK_ID,
    PhysicalResourceId: old ? 'kafka-acls-KafkaAcls' : undefined,
    OldResourceProperties: old ? properties(s.broker, old, undefined) : undefined,
    ResourceProperties: properties(s.broker, acls, undefined),
  });

  beforeAll(async () => {
    s = await Scenario.start(true);
  });

  afterAll(async () => {
    await s?.stop();
  });

  test('with allow.everyone.if.no.acl.found=true, Create without AdminAcls succeeds and leaves no ACL on the cluster', async () => {
    await invoke(event('Create', FIRST_SET), s.aclAdmin);
    const want = shown(FIRST_SET);
    expect(await s.aclsEventually(want)).toEqual(want);
    // The deny-by-default check would refuse step two here: the admin holds neither ALTER nor DESCRIBE on the cluster.
    expect(await checkAdmin(s.broker, s.aclAdmin)).toEqual({ authenticated: true, missing: ['ALTER', 'DESCRIBE'] });
  });

  test('fails when an Update comes after allow.everyone.if.no.acl.found=false: CLUSTER_AUTHORIZATION_FAILED, nothing changed', async () => {
    timings.negativeRestartMs = await s.restart(false);
    // The same ACLs as before the restart: the admin's are the only difference with the scenario above.
    expect(await s.aclsEventually(shown(FIRST_SET))).toEqual(shown(FIRST_SET));
    await expect(invoke(event('Update', SECOND_SET, FIRST_SET), s.aclAdmin)).rejects.toThrow(
      /^Creating ACL User:alice ALLOW \w+ on \w+ '[\w-]+' \(LITERAL\) from host \* failed: Kafka error CLUSTER_AUTHORIZATION_FAILED/);
    expect(await s.aclsSeenBy(s.superAdmin)).toEqual(shown(FIRST_SET));
    const access = { 'alice: orders in billing': 'order-1', 'alice: payments in billing-v2': 'GROUP_AUTHORIZATION_FAILED' };
    expect(await s.access(access)).toEqual(access);
  });
});

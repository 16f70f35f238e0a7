/**
 * The Kafka ACL handler (src/custom-resources/kafka-acls.lambda.ts) run against Apache Kafka itself
 * (test/kafka/broker.ts: KRaft, SASL/SCRAM-SHA-512, StandardAuthorizer, allow.everyone.if.no.acl.found=false)
 * with the real client (@platformatic/kafka through the handler's adapter): Create, Update and Delete, each
 * checked with a real consumer as `alice`, before and after. Needs Java 17+ and Maven (see README.md here).
 */
import { ensureBrokerJars, RunningBroker, startBroker } from './broker';
import { KafkaAclFilter, KafkaAdmin, KafkaClientModule, consumeFirst, kafkaErrorNames, loadKafkaClient, scram, seedOrdersAndPayments } from './client';
import { KafkaAclAdminFactory, platformaticAclAdminFactory } from '../../src/custom-resources/kafka-acl-admin';
import { KafkaAclEntry } from '../../src/custom-resources/kafka-acl-set';
import {
  classifyKafkaError, createHandler, KafkaAclsEvent, KafkaAclsResourceProperties, KafkaAclsResult, onEvent,
} from '../../src/custom-resources/kafka-acls.lambda';
import { LambdaContext, realTimer } from '../../src/custom-resources/sdk-retry';
import { fakeHandlerTime } from '../util/handler-time';

jest.setTimeout(300_000);

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_admin-AbCdEf';
const CONTEXT: LambdaContext = { getRemainingTimeInMillis: () => 120_000 };

let broker: RunningBroker | undefined;
let kafka: KafkaClientModule;
let admin: KafkaAdmin;
let connectAdmin: KafkaAclAdminFactory;
let handler: (event: KafkaAclsEvent, context: LambdaContext) => Promise<KafkaAclsResult>;
const handlerLogs: string[] = [];
const timings: Record<string, number> = {};
const suiteStarted = Date.now();

function b(): RunningBroker {
  if (!broker) throw new Error('broker not started');
  return broker;
}

function allowAlice(resourceType: KafkaAclEntry['resourceType'], resourceName: string, operation: KafkaAclEntry['operation']): KafkaAclEntry {
  return { resourceType, resourceName, patternType: 'LITERAL', principal: 'User:alice', host: '*', operation, permissionType: 'ALLOW' };
}

const FIRST_SET = [allowAlice('TOPIC', 'orders', 'READ'), allowAlice('TOPIC', 'orders', 'DESCRIBE'), allowAlice('GROUP', 'billing', 'READ')];
const SECOND_SET = [
  allowAlice('TOPIC', 'orders', 'READ'), allowAlice('TOPIC', 'orders', 'DESCRIBE'),
  allowAlice('TOPIC', 'payments', 'READ'), allowAlice('TOPIC', 'payments', 'DESCRIBE'),
  allowAlice('GROUP', 'billing-v2', 'READ'),
];

function properties(acls: KafkaAclEntry[]): KafkaAclsResourceProperties {
  return {
    ServiceToken: 'token',
    Subject: 'ACLs of the test broker (KafkaTest/Acls)',
    ClusterId: 'test-broker',
    BootstrapServers: b().bootstrap,
    Tls: 'false',
    AdminSecretArn: SECRET_ARN,
    Acls: JSON.stringify(acls),
  };
}

/** What the admin sees of alice's ACLs, as `TYPE:name:OPERATION` (sorted). */
async function aliceAclsOnBroker(): Promise<string[]> {
  const filter: KafkaAclFilter = {
    resourceType: kafka.ResourceTypes.ANY,
    resourceName: null,
    resourcePatternType: kafka.ResourcePatternTypes.ANY,
    principal: 'User:alice',
    host: null,
    operation: kafka.AclOperations.ANY,
    permissionType: kafka.AclPermissionTypes.ANY,
  };
  const nameOf = (table: Readonly<Record<string, number>>, code: number) => Object.keys(table).find((k) => table[k] === code);
  const typeName = (code: number) => nameOf(kafka.ResourceTypes, code);
  const operationName = (code: number) => nameOf(kafka.AclOperations, code);
  const described = await admin.describeAcls({ filter });
  return described.flatMap((r) => r.acls.map((a) => `${typeName(r.resourceType)}:${r.resourceName}:${operationName(a.operation)}`)).sort();
}

/**
 * What the admin sees of alice's ACLs once it equals `want`, or after 15 s: the broker answers DescribeAcls from its
 * metadata image, which follows the controller's commit of a change.
 */
async function aliceAclsEventually(want: string[], timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await aliceAclsOnBroker();
    if (JSON.stringify(seen) === JSON.stringify(want) || Date.now() > deadline) {
      return seen;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function expected(acls: KafkaAclEntry[]): string[] {
  return acls.map((a) => `${a.resourceType}:${a.resourceName}:${a.operation}`).sort();
}

/** Consumes the first record of `topic` as alice in `groupId`; rejects with the client's error. */
function aliceConsumesFirst(topic: string, groupId: string): Promise<string> {
  return consumeFirst(kafka, b().bootstrap, b().users.alice, topic, groupId, 20_000);
}

/** What alice gets reading `topic` in `groupId`: the first record, or the Kafka error names. */
async function aliceReads(topic: string, groupId: string): Promise<string> {
  try {
    return await aliceConsumesFirst(topic, groupId);
  } catch (e) {
    const names = kafkaErrorNames(e);
    if (names.length === 0) throw e;
    return names.join(',');
  }
}

/**
 * ACL changes reach the authorizer through the metadata log: wait (bounded) until every probe gives its
 * expected answer, and return the answers.
 */
async function accessEventually(expectations: Record<string, string>, timeoutMs = 15_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answers: Record<string, string> = {};
    for (const probe of Object.keys(expectations)) {
      const [topic, group] = probe.split(' in ');
      answers[probe] = await aliceReads(topic, group);
    }
    if (Object.keys(expectations).every((k) => answers[k] === expectations[k]) || Date.now() > deadline) return answers;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  timings.jarDownloadMs = ensureBrokerJars();
  const loaded = loadKafkaClient();
  kafka = loaded.client;
  timings.clientInstallMs = loaded.installMillis;
  broker = await startBroker();
  timings.brokerStartMs = broker.startMillis;

  admin = new kafka.Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.bootstrap], sasl: scram(broker.admin.username, broker.admin.password) });
  await seedOrdersAndPayments(kafka, admin, broker.bootstrap, broker.admin);

  // The handler's own adapter over the real client; the secret holds the broker's admin (a super user).
  connectAdmin = platformaticAclAdminFactory(kafka);
  const brokerAdmin = broker.admin;
  const entry = createHandler(realTimer, connectAdmin, async (arn) => {
    if (arn !== SECRET_ARN) throw new Error(`unexpected secret ${arn}`);
    return { username: brokerAdmin.username, password: brokerAdmin.password };
  });
  // Keep the handler's log lines for the assertions (the entry point logs to the console).
  handler = async (event, context) => {
    const log = jest.spyOn(console, 'log').mockImplementation((message: string) => {
      handlerLogs.push(message);
    });
    try {
      return await entry(event, context);
    } finally {
      log.mockRestore();
    }
  };
});

afterAll(async () => {
  await admin?.close().catch(() => undefined);
  await broker?.stop();
  timings.wholeSuiteMs = Date.now() - suiteStarted;
  // eslint-disable-next-line no-console
  console.log(`kafka ACL handler test timings (ms): ${JSON.stringify(timings)}`);
});

let physicalId: string | undefined;

test('before Create, alice is refused (no ACLs, allow.everyone.if.no.acl.found=false)', async () => {
  expect(await aliceAclsEventually([])).toEqual([]);
  expect(await aliceReads('orders', 'billing')).toBe('GROUP_AUTHORIZATION_FAILED');
});

test('Create: alice reads orders in group billing, and is refused payments and group other', async () => {
  const t = Date.now();
  const result = await handler({ RequestType: 'Create', LogicalResourceId: 'Acls', ResourceProperties: properties(FIRST_SET) }, CONTEXT);
  timings.createMs = Date.now() - t;
  physicalId = result.PhysicalResourceId;
  expect(physicalId).toMatch(/^kafka-acls-Acls-[0-9a-f]{12}$/);
  expect(await aliceAclsEventually(expected(FIRST_SET))).toEqual(expected(FIRST_SET));
  expect(await accessEventually({
    'orders in billing': 'order-1',
    'payments in billing': 'TOPIC_AUTHORIZATION_FAILED',
    'orders in other': 'GROUP_AUTHORIZATION_FAILED',
    // What the update will grant is refused until then.
    'payments in billing-v2': 'GROUP_AUTHORIZATION_FAILED',
  })).toEqual({
    'orders in billing': 'order-1',
    'payments in billing': 'TOPIC_AUTHORIZATION_FAILED',
    'orders in other': 'GROUP_AUTHORIZATION_FAILED',
    'payments in billing-v2': 'GROUP_AUTHORIZATION_FAILED',
  });
});

test('Create again (a retried request) is idempotent', async () => {
  await handler({ RequestType: 'Create', LogicalResourceId: 'Acls', ResourceProperties: properties(FIRST_SET) }, CONTEXT);
  expect(await aliceAclsEventually(expected(FIRST_SET))).toEqual(expected(FIRST_SET));
});

test('Update: alice gains payments and group billing-v2 and loses group billing; exactly the difference is changed', async () => {
  handlerLogs.length = 0;
  const t = Date.now();
  const result = await handler({
    RequestType: 'Update',
    LogicalResourceId: 'Acls',
    PhysicalResourceId: physicalId,
    OldResourceProperties: properties(FIRST_SET),
    ResourceProperties: properties(SECOND_SET),
  }, CONTEXT);
  timings.updateMs = Date.now() - t;
  expect(result).toEqual({ PhysicalResourceId: physicalId });
  // Creations first, then the one deletion; the ACLs both sets hold are not touched.
  expect(handlerLogs.filter((l) => /^(created|deleted) ACL/.test(l))).toEqual([
    "created ACL User:alice ALLOW READ on TOPIC 'payments' (LITERAL) from host *",
    "created ACL User:alice ALLOW DESCRIBE on TOPIC 'payments' (LITERAL) from host *",
    "created ACL User:alice ALLOW READ on GROUP 'billing-v2' (LITERAL) from host *",
    "deleted ACL User:alice ALLOW READ on GROUP 'billing' (LITERAL) from host *",
  ]);
  expect(await aliceAclsEventually(expected(SECOND_SET))).toEqual(expected(SECOND_SET));
  const after = {
    'payments in billing-v2': 'payment-1',
    'orders in billing-v2': 'order-1',
    'orders in billing': 'GROUP_AUTHORIZATION_FAILED',
    'orders in other': 'GROUP_AUTHORIZATION_FAILED',
  };
  expect(await accessEventually(after)).toEqual(after);
});

test('Delete: alice is refused everything', async () => {
  const t = Date.now();
  const result = await handler({ RequestType: 'Delete', LogicalResourceId: 'Acls', PhysicalResourceId: physicalId, ResourceProperties: properties(SECOND_SET) }, CONTEXT);
  timings.deleteMs = Date.now() - t;
  expect(result).toEqual({ PhysicalResourceId: physicalId });
  expect(await aliceAclsEventually([])).toEqual([]);
  const refused = {
    'orders in billing-v2': 'GROUP_AUTHORIZATION_FAILED',
    'payments in billing-v2': 'GROUP_AUTHORIZATION_FAILED',
    'orders in billing': 'GROUP_AUTHORIZATION_FAILED',
  };
  expect(await accessEventually(refused)).toEqual(refused);
  // Deleting again (ACLs already gone) succeeds.
  await handler({ RequestType: 'Delete', LogicalResourceId: 'Acls', PhysicalResourceId: physicalId, ResourceProperties: properties(SECOND_SET) }, CONTEXT);
});

test('fails when the credential may not manage ACLs, naming the ACL and the Kafka error', async () => {
  const alice = b().users.alice;
  const event: KafkaAclsEvent = { RequestType: 'Create', LogicalResourceId: 'Acls', ResourceProperties: properties(FIRST_SET) };
  await expect(onEvent(event, { ...fakeHandlerTime(Date.now()), connectAdmin, readSecret: async () => alice })).rejects.toThrow(
    /^Creating ACL User:alice ALLOW READ on TOPIC 'orders' \(LITERAL\) from host \* failed: Kafka error CLUSTER_AUTHORIZATION_FAILED/);
});

test('the real client\'s errors are classified: a closed port is unreachable, a wrong password is not retried', async () => {
  const probe = async (bootstrap: string, password: string) => {
    const client = connectAdmin({ bootstrapServers: [bootstrap], username: b().admin.username, password, tls: false });
    try {
      await client.createAcl(FIRST_SET[0]);
      return 'created';
    } catch (e) {
      return classifyKafkaError(e);
    } finally {
      await client.close().catch(() => undefined);
    }
  };
  // Port 1 (tcpmux): nothing listens there on the test machine.
  expect(await probe('127.0.0.1:1', b().admin.password)).toBe('unreachable');
  expect(await probe(b().bootstrap, 'wrong-password')).toBe('other');
});

/**
 * Proves the real-broker harness (test/kafka/broker.ts) and the Kafka client chosen for the ACL
 * handler (@platformatic/kafka, test/kafka/client.ts): ACLs for a SCRAM user, created and deleted
 * with the client, are enforced by Apache Kafka's StandardAuthorizer with
 * allow.everyone.if.no.acl.found=false. Needs Java 17+ and Maven (first run downloads the jars).
 */
import { ensureBrokerJars, RunningBroker, startBroker } from './broker';
import { KafkaAcl, KafkaAclFilter, KafkaAdmin, KafkaClientModule, consumeFirst, kafkaErrorNames, loadKafkaClient, scram, seedOrdersAndPayments } from './client';

jest.setTimeout(300_000);

let broker: RunningBroker | undefined;
let kafka: KafkaClientModule;
let admin: KafkaAdmin;
const timings: Record<string, number> = {};
const suiteStarted = Date.now();

function b(): RunningBroker {
  if (!broker) throw new Error('broker not started');
  return broker;
}

function aliceAcls(): KafkaAcl[] {
  const allow = (resourceType: number, resourceName: string, operation: number): KafkaAcl => ({
    resourceType,
    resourceName,
    resourcePatternType: kafka.ResourcePatternTypes.LITERAL,
    principal: 'User:alice',
    host: '*',
    operation,
    permissionType: kafka.AclPermissionTypes.ALLOW,
  });
  return [
    allow(kafka.ResourceTypes.TOPIC, 'orders', kafka.AclOperations.READ),
    allow(kafka.ResourceTypes.TOPIC, 'orders', kafka.AclOperations.DESCRIBE),
    allow(kafka.ResourceTypes.GROUP, 'billing', kafka.AclOperations.READ),
  ];
}

function everyAclOf(principal: string): KafkaAclFilter {
  return {
    resourceType: kafka.ResourceTypes.ANY,
    resourceName: null,
    resourcePatternType: kafka.ResourcePatternTypes.ANY,
    principal,
    host: null,
    operation: kafka.AclOperations.ANY,
    permissionType: kafka.AclPermissionTypes.ANY,
  };
}

/** Consumes the first record of `topic` as alice in `groupId`; rejects with the client's error. */
function aliceConsumesFirst(topic: string, groupId: string): Promise<string> {
  return consumeFirst(kafka, b().bootstrap, b().users.alice, topic, groupId, 30_000);
}

/** The Kafka error names alice's attempt fails with ([] if it succeeds). */
async function aliceRefusal(topic: string, groupId: string): Promise<string[]> {
  try {
    await aliceConsumesFirst(topic, groupId);
    return [];
  } catch (e) {
    const names = kafkaErrorNames(e);
    if (names.length === 0) throw e;
    return names;
  }
}

/** ACL changes reach the broker's authorizer through the metadata log: retry briefly, bounded. */
async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  timings.jarDownloadMs = ensureBrokerJars();
  const loaded = loadKafkaClient();
  kafka = loaded.client;
  timings.clientInstallMs = loaded.installMillis;

  const t = Date.now();
  broker = await startBroker();
  timings.brokerStartMs = broker.startMillis;
  timings.formatAndStartMs = Date.now() - t;

  admin = new kafka.Admin({ clientId: 'admin', bootstrapBrokers: [broker.bootstrap], sasl: scram(broker.admin.username, broker.admin.password) });
  await seedOrdersAndPayments(kafka, admin, broker.bootstrap, broker.admin);
});

afterAll(async () => {
  await admin?.close().catch(() => undefined);
  await broker?.stop();
  timings.wholeSuiteMs = Date.now() - suiteStarted;
  // eslint-disable-next-line no-console
  console.log(`kafka broker test timings (ms): ${JSON.stringify(timings)}`);
});

test('without ACLs alice is refused (allow.everyone.if.no.acl.found=false): her group is checked first', async () => {
  expect(await aliceRefusal('orders', 'billing')).toEqual(['GROUP_AUTHORIZATION_FAILED']);
});

test('with ACLs from the client, alice consumes orders in group billing and is refused payments and group other', async () => {
  await admin.createAcls({ creations: aliceAcls() });

  // DescribeAcls reads the broker's metadata image, which follows the controller's commit: poll until all three show.
  const described = await eventually(() => admin.describeAcls({ filter: everyAclOf('User:alice') }),
    (found) => found.reduce((n, r) => n + r.acls.length, 0) >= aliceAcls().length);
  const flat = described.flatMap(r => r.acls.map(a => `${r.resourceType}:${r.resourceName}:${r.resourcePatternType}:${a.operation}:${a.permissionType}:${a.host}`));
  expect(flat.sort()).toEqual(aliceAcls().map(a => `${a.resourceType}:${a.resourceName}:${a.resourcePatternType}:${a.operation}:${a.permissionType}:${a.host}`).sort());

  expect(await eventually(() => aliceConsumesFirst('orders', 'billing').catch(() => ''), v => v !== '')).toBe('order-1');
  expect(await aliceRefusal('payments', 'billing')).toEqual(['TOPIC_AUTHORIZATION_FAILED']);
  expect(await aliceRefusal('orders', 'other')).toEqual(['GROUP_AUTHORIZATION_FAILED']);
});

test('after the client deletes her ACLs, alice is refused orders too', async () => {
  // First only the topic ACLs: her group still works, so the refusal is the topic's.
  const deletedTopicAcls = await admin.deleteAcls({
    filters: [{ ...everyAclOf('User:alice'), resourceType: kafka.ResourceTypes.TOPIC, resourceName: 'orders' }],
  });
  expect(deletedTopicAcls).toHaveLength(2);
  const topicRefusal = await eventually(() => aliceRefusal('orders', 'billing'), names => names.length > 0);
  expect(topicRefusal).toEqual(['TOPIC_AUTHORIZATION_FAILED']);

  // Then everything else she has.
  expect(await admin.deleteAcls({ filters: [everyAclOf('User:alice')] })).toHaveLength(1);
  // The broker answers DescribeAcls from its metadata image, which follows the controller's commit: poll.
  expect(await eventually(() => admin.describeAcls({ filter: everyAclOf('User:alice') }), (acls) => acls.length === 0)).toEqual([]);
  const groupRefusal = await eventually(() => aliceRefusal('orders', 'billing'), names => names.includes('GROUP_AUTHORIZATION_FAILED'));
  expect(groupRefusal).toEqual(['GROUP_AUTHORIZATION_FAILED']);
});

test('the broker log shows the authorizer denying alice', () => {
  expect(b().logTail(100_000)).toMatch(/Principal = User:alice is Denied operation/);
});

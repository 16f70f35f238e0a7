/**
 * The Kafka client of the ACL handler (@platformatic/kafka, a devDependency of the repository), for tests.
 *
 * The package is ESM-only and jest runs CommonJS, so test/kafka/client/entry.mjs (the exports the tests
 * use, after the Promise.withResolvers polyfill) is bundled from the repository's node_modules with esbuild
 * into one CommonJS file under .tmp/kafka/client/ (gitignored), rebuilt when entry.mjs, polyfill.mjs or the
 * installed package version change. The bundling options are those of the worker Lambda's asset
 * (.projenrc.ts, task `bundle`). See test/kafka/README.md.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { KAFKA_CACHE_DIR } from './broker';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_DIR = path.join(__dirname, 'client');
const BUNDLE_DIR = path.join(KAFKA_CACHE_DIR, 'client');
/** The files bundled; a change to either rebuilds the bundle. */
const SOURCES = ['entry.mjs', 'polyfill.mjs'];
/** Bumped when the esbuild options below change, so that a stale bundle is not reused. */
const BUNDLE_OPTIONS_VERSION = '1';

/** The subset of @platformatic/kafka the tests use, as the bundle exports it. */
export interface KafkaClientModule {
  readonly Admin: new (options: ClientOptions) => KafkaAdmin;
  readonly Producer: new (options: ClientOptions & { serializers: unknown }) => KafkaProducer;
  readonly Consumer: new (options: ClientOptions & { groupId: string; deserializers: unknown }) => KafkaConsumer;
  readonly stringSerializers: unknown;
  readonly stringDeserializers: unknown;
  readonly AclOperations: Record<'ANY' | 'ALL' | 'READ' | 'WRITE' | 'DESCRIBE', number>;
  readonly AclPermissionTypes: Record<'ANY' | 'DENY' | 'ALLOW', number>;
  readonly ResourcePatternTypes: Record<'ANY' | 'MATCH' | 'LITERAL' | 'PREFIXED', number>;
  readonly ResourceTypes: Record<'ANY' | 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID', number>;
}

export interface ClientOptions {
  readonly clientId: string;
  readonly bootstrapBrokers: string[];
  /** SASL/SCRAM-SHA-512 (the SASL_PLAINTEXT listener). */
  readonly sasl?: { mechanism: 'SCRAM-SHA-512'; username: string; password: string };
  /** TLS (Node's tls.connect options; with `key` and `cert`, a client certificate for the SSL listener). */
  readonly tls?: { ca?: string; key?: string; cert?: string };
  readonly retries?: number;
  readonly timeout?: number;
}

export interface KafkaAcl {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly resourcePatternType: number;
  readonly principal: string;
  readonly host: string;
  readonly operation: number;
  readonly permissionType: number;
}

export type KafkaAclFilter = Omit<KafkaAcl, 'resourceName' | 'principal' | 'host'> & {
  readonly resourceName: string | null;
  readonly principal: string | null;
  readonly host: string | null;
};

export interface DescribedAclResource {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly resourcePatternType: number;
  readonly acls: ReadonlyArray<{ principal: string; host: string; operation: number; permissionType: number }>;
}

export interface KafkaAdmin {
  createTopics(options: { topics: string[]; partitions: number; replicas: number }): Promise<unknown>;
  createAcls(options: { creations: KafkaAcl[] }): Promise<void>;
  describeAcls(options: { filter: KafkaAclFilter }): Promise<DescribedAclResource[]>;
  deleteAcls(options: { filters: KafkaAclFilter[] }): Promise<KafkaAcl[]>;
  close(): Promise<void>;
}

export interface KafkaProducer {
  send(options: { messages: Array<{ topic: string; key?: string; value: string }> }): Promise<unknown>;
  close(): Promise<void>;
}

export interface KafkaMessage {
  readonly topic: string;
  readonly value: string;
}

export interface KafkaStream extends AsyncIterable<KafkaMessage> {
  close(): Promise<void>;
}

export interface KafkaConsumer {
  consume(options: { topics: string[]; mode: 'earliest' | 'latest'; autocommit?: boolean }): Promise<KafkaStream>;
  close(force?: boolean): Promise<void>;
}

/** The version of @platformatic/kafka installed in the repository's node_modules. */
export function installedClientVersion(): string {
  const manifest = path.join(REPO_ROOT, 'node_modules', '@platformatic', 'kafka', 'package.json');
  if (!fs.existsSync(manifest)) {
    throw new Error(`@platformatic/kafka is not installed (${manifest} is missing): it is a devDependency, run \`npm ci\``);
  }
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * Bundles the client (unless a bundle for the same sources and package version is cached) and requires the
 * bundle, which installs the Promise.withResolvers polyfill first. Returns the module and the milliseconds
 * spent bundling (0 when cached).
 */
export function loadKafkaClient(): { client: KafkaClientModule; installMillis: number } {
  const started = Date.now();
  const { file, built } = bundled('entry.mjs', 'client', `@platformatic/kafka ${installedClientVersion()}`);
  const installMillis = built ? Date.now() - started : 0;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const client = require(file) as KafkaClientModule;
  return { client, installMillis };
}

/**
 * Installs test/kafka/client/polyfill.mjs (Promise.withResolvers, missing on Node 20 and called by
 * @platformatic/kafka), e.g. before requiring the worker Lambda's asset, which expects Node 22. Checks it.
 */
export function installPromiseWithResolvers(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(bundled('polyfill.mjs', 'polyfill', '').file);
  if (typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers !== 'function') {
    throw new Error('test/kafka/client/polyfill.mjs did not install Promise.withResolvers');
  }
}

/**
 * The CommonJS bundle of test/kafka/client/`entry` under .tmp/kafka/client/, named by a hash of the
 * sources, `key` and the bundling options; built (with the worker asset's esbuild options) when missing.
 */
function bundled(entry: string, prefix: string, key: string): { file: string; built: boolean } {
  const hash = createHash('sha256');
  hash.update(`options ${BUNDLE_OPTIONS_VERSION}\n${key}\n`);
  for (const f of SOURCES) hash.update(f).update(fs.readFileSync(path.join(SOURCE_DIR, f)));
  const file = path.join(BUNDLE_DIR, `${prefix}-${hash.digest('hex').slice(0, 16)}.cjs`);
  if (fs.existsSync(file)) return { file, built: false };

  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  // Written next to its final name, then renamed: a concurrent or interrupted run never sees half a bundle.
  const partial = `${file}.${process.pid}.partial`;
  buildSync({
    absWorkingDir: REPO_ROOT,
    entryPoints: [path.join(SOURCE_DIR, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Optional native CRC32C; the client falls back to WebAssembly/JavaScript without it.
    external: ['@node-rs/crc32'],
    // The default entry of @platformatic/wasm-utils reads native.wasm next to itself through
    // import.meta.url; its `bundled` entry embeds the same module (base64), made for bundlers.
    alias: { '@platformatic/wasm-utils': '@platformatic/wasm-utils/bundled' },
    // import.meta does not exist in CommonJS: give the remaining uses (createRequire) a real URL.
    define: { 'import.meta.url': '__kafkaImportMetaUrl' },
    banner: { js: "const __kafkaImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
    outfile: partial,
    logLevel: 'error',
  });
  fs.renameSync(partial, file);
  return { file, built: true };
}

/**
 * The Kafka protocol error names (e.g. TOPIC_AUTHORIZATION_FAILED) inside an error thrown by the
 * client: it wraps broker errors as ProtocolError { apiId } inside MultipleErrors { errors }.
 */
export function kafkaErrorNames(error: unknown): string[] {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (e: unknown) => {
    if (typeof e !== 'object' || e === null || seen.has(e)) return;
    seen.add(e);
    const o = e as { apiId?: unknown; errors?: unknown; cause?: unknown };
    if (typeof o.apiId === 'string') names.add(o.apiId);
    if (Array.isArray(o.errors)) o.errors.forEach(visit);
    visit(o.cause);
  };
  visit(error);
  return [...names];
}

/** SASL/SCRAM-SHA-512 client options for `username`. */
export function scram(username: string, password: string): ClientOptions['sasl'] {
  return { mechanism: 'SCRAM-SHA-512', username, password };
}

/**
 * Consumes the first record of `topic` as `user` in `groupId` from the earliest offset; rejects with the client's
 * error (an authorization refusal, say), or after `timeoutMs` without a record.
 */
export async function consumeFirst(kafka: KafkaClientModule, bootstrap: string, user: { username: string; password: string },
  topic: string, groupId: string, timeoutMs: number): Promise<string> {
  return consumeFirstAs(kafka, bootstrap, user.username, { sasl: scram(user.username, user.password) }, topic, groupId, timeoutMs);
}

/** consumeFirst with the authentication given (SASL, or a TLS client certificate); `name` goes into the client id. */
export async function consumeFirstAs(kafka: KafkaClientModule, bootstrap: string, name: string, auth: Pick<ClientOptions, 'sasl' | 'tls'>,
  topic: string, groupId: string, timeoutMs: number): Promise<string> {
  const consumer = new kafka.Consumer({
    clientId: `${name.replace(/[^A-Za-z0-9._-]/g, '_')}-${groupId}-${topic}`,
    groupId,
    bootstrapBrokers: [bootstrap],
    ...auth,
    deserializers: kafka.stringDeserializers,
    retries: 1,
    timeout: 10_000,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = (async () => {
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: true });
      try {
        for await (const message of stream) return message.value;
        throw new Error('stream ended without a record');
      } finally {
        await stream.close();
      }
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no record from ${topic} within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    return await Promise.race([first, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
    await consumer.close(true).catch(() => undefined);
  }
}

/**
 * Creates topics `orders` and `payments` (one partition each) as the broker's super user `admin` and writes one
 * record to each (`order-1`, `payment-1`): what every real-broker test reads back.
 */
export async function seedOrdersAndPayments(kafka: KafkaClientModule, admin: KafkaAdmin, bootstrap: string,
  superUser: { username: string; password: string }): Promise<void> {
  await admin.createTopics({ topics: ['orders', 'payments'], partitions: 1, replicas: 1 });
  const producer = new kafka.Producer({
    clientId: 'test-producer',
    bootstrapBrokers: [bootstrap],
    sasl: scram(superUser.username, superUser.password),
    serializers: kafka.stringSerializers,
  });
  try {
    await producer.send({ messages: [{ topic: 'orders', key: 'o1', value: 'order-1' }, { topic: 'payments', key: 'p1', value: 'payment-1' }] });
  } finally {
    await producer.close();
  }
}

/**
 * The Kafka client under evaluation for the ACL handler (@platformatic/kafka), for tests.
 *
 * For now it lives outside the repository's dependencies: test/kafka/client/package.json (+ lock) is
 * installed with `npm ci` into .tmp/kafka/client-spike (gitignored), and test/kafka/client/entry.mjs
 * is bundled there with esbuild into one CommonJS file that jest can require (the package is
 * ESM-only). See test/kafka/README.md.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { KAFKA_CACHE_DIR } from './broker';

const SOURCE_DIR = path.join(__dirname, 'client');
const SPIKE_DIR = path.join(KAFKA_CACHE_DIR, 'client-spike');
const BUNDLE = path.join(SPIKE_DIR, 'dist', 'client.cjs');
const MARKER = path.join(SPIKE_DIR, '.installed');
const SOURCES = ['package.json', 'package-lock.json', 'entry.mjs', 'polyfill.mjs', 'acl-handler-sketch.mjs'];

/** The subset of @platformatic/kafka the tests use (typed here: the package is not a dependency yet). */
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
  readonly sasl: { mechanism: 'SCRAM-SHA-512'; username: string; password: string };
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

/**
 * Installs (when the pinned sources changed) and bundles the client, then requires the bundle.
 * Returns the module and the milliseconds spent installing (0 when cached).
 */
export function loadKafkaClient(): { client: KafkaClientModule; installMillis: number } {
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(f).update(fs.readFileSync(path.join(SOURCE_DIR, f)));
  const digest = hash.digest('hex');

  let installMillis = 0;
  if (!fs.existsSync(MARKER) || fs.readFileSync(MARKER, 'utf8').trim() !== digest || !fs.existsSync(BUNDLE)) {
    const started = Date.now();
    fs.mkdirSync(SPIKE_DIR, { recursive: true });
    for (const f of SOURCES) fs.copyFileSync(path.join(SOURCE_DIR, f), path.join(SPIKE_DIR, f));
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', SPIKE_DIR], {
      cwd: SPIKE_DIR, stdio: ['ignore', 'ignore', 'inherit'], timeout: 5 * 60_000,
    });
    buildSync({
      absWorkingDir: SPIKE_DIR,
      entryPoints: [path.join(SPIKE_DIR, 'entry.mjs')],
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
      outfile: BUNDLE,
      logLevel: 'error',
    });
    fs.writeFileSync(MARKER, digest + '\n');
    installMillis = Date.now() - started;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const client = require(BUNDLE) as KafkaClientModule;
  return { client, installMillis };
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
  const consumer = new kafka.Consumer({
    clientId: `${user.username}-${groupId}-${topic}`,
    groupId,
    bootstrapBrokers: [bootstrap],
    sasl: scram(user.username, user.password),
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

/**
 * A real Apache Kafka broker for tests: KRaft combined mode (broker + controller in one JVM), a
 * SASL_PLAINTEXT listener with SCRAM-SHA-512, the standard authorizer, `User:admin` as super user and
 * `allow.everyone.if.no.acl.found=false` (or true, MSK's default, on request; `restart()` changes it
 * keeping the data, so SCRAM users, topics and ACLs, which KRaft keeps in its metadata log). The official jars come from Maven Central (see
 * test/kafka/broker/pom.xml) and are cached in .tmp/kafka/lib. See test/kafka/README.md.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

/** Repository root (this file is test/kafka/broker.ts). */
const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Cache root for everything Kafka-related: gitignored (.tmp). */
export const KAFKA_CACHE_DIR = path.join(REPO_ROOT, '.tmp', 'kafka');
const LIB_DIR = path.join(KAFKA_CACHE_DIR, 'lib');
const M2_DIR = path.join(KAFKA_CACHE_DIR, 'm2');
const POM = path.join(__dirname, 'broker', 'pom.xml');
const LOG4J_CONFIG = path.join(__dirname, 'broker', 'log4j2.properties');
/** Written after a complete download; holds the pom's hash so a version change downloads again. */
const LIB_MARKER = path.join(LIB_DIR, '.complete');

/** A SCRAM-SHA-512 user known to the broker. */
export interface ScramUser {
  readonly username: string;
  readonly password: string;
}

export interface RunningBroker {
  /** `127.0.0.1:<port>` of the SASL_PLAINTEXT (SCRAM-SHA-512) listener (IPv4 loopback: no localhost ambiguity). */
  readonly bootstrap: string;
  /** The super user (`User:admin`). */
  readonly admin: ScramUser;
  /** Further SCRAM users created at format time, by name (by default `alice`). */
  readonly users: Readonly<Record<string, ScramUser>>;
  /** The run directory (config, data, broker.log). */
  readonly runDir: string;
  /**
   * `127.0.0.1:<port>` of the SSL listener with client-certificate authentication (`ssl.client.auth=required`),
   * when started with `tls: true`. Its principal is the client certificate's subject as Java writes it
   * (RFC 2253, most specific first): `User:CN=orders-client`.
   */
  readonly tlsBootstrap?: string;
  /** Milliseconds from spawning the JVM to the first successful SASL handshake (of the latest start). */
  readonly startMillis: number;
  /** The broker's current `allow.everyone.if.no.acl.found`. */
  readonly allowEveryoneIfNoAclFound: boolean;
  /**
   * A client key and certificate for `subject` (OpenSSL form, e.g. `/CN=orders-client` or
   * `/C=US/O=Example/CN=orders-client`) issued by the broker's test CA, and the CA; only with `tls: true`.
   */
  issueClientCertificate(subject: string): ClientCertificate;
  /** Last lines of the broker's log, for failure messages. */
  logTail(lines?: number): string;
  /**
   * Stops the broker and starts it again on the same run directory and ports (same data: SCRAM users,
   * topics, records and ACLs are kept), with `allow.everyone.if.no.acl.found` changed when given.
   * Resolves once the listener answers again; returns the milliseconds of the whole restart.
   */
  restart(options?: RestartBrokerOptions): Promise<number>;
  /** Stops the broker: SIGTERM, then SIGKILL after a timeout. Idempotent. */
  stop(): Promise<void>;
}

/** PEM client credentials for the SSL listener. */
export interface ClientCertificate {
  /** The private key (PKCS#8). */
  readonly key: string;
  /** The certificate, signed by the broker's test CA. */
  readonly cert: string;
  /** The CA certificate (the broker's certificate is signed by it too). */
  readonly ca: string;
}

export interface RestartBrokerOptions {
  /** The new `allow.everyone.if.no.acl.found`. Default: unchanged. */
  readonly allowEveryoneIfNoAclFound?: boolean;
}

export interface StartBrokerOptions {
  /**
   * Extra SCRAM users to create (names; normal users, not super users). Default: ['alice']. `admin` is
   * the super user and always exists.
   */
  readonly users?: string[];
  /**
   * `allow.everyone.if.no.acl.found`: false (the default) denies a resource without ACLs to every
   * principal but the super users; true (MSK's default) allows it to everyone.
   */
  readonly allowEveryoneIfNoAclFound?: boolean;
  /**
   * Also open an SSL listener requiring a client certificate (mutual TLS, as MSK's TLS client authentication),
   * with a CA and certificates made with `openssl` in the run directory. Default false.
   */
  readonly tls?: boolean;
  /** How long to wait for the SASL listener. Default 60 s. */
  readonly readyTimeoutMs?: number;
  /** Keep the run directory after stop (also when KAFKA_KEEP_RUN=1). Default false. */
  readonly keepRunDir?: boolean;
}

/**
 * Downloads the broker jars into .tmp/kafka/lib with Maven unless they are already there for the
 * current pom.xml. Returns the milliseconds spent (0 when cached).
 */
export function ensureBrokerJars(): number {
  const pomHash = createHash('sha256').update(fs.readFileSync(POM)).digest('hex');
  if (fs.existsSync(LIB_MARKER) && fs.readFileSync(LIB_MARKER, 'utf8').trim() === pomHash) {
    return 0;
  }
  const started = Date.now();
  fs.rmSync(LIB_DIR, { recursive: true, force: true });
  fs.mkdirSync(LIB_DIR, { recursive: true });
  execFileSync('mvn', [
    '-B', '-q',
    '-f', POM,
    `-Dmaven.repo.local=${M2_DIR}`,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${LIB_DIR}`,
  ], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 10 * 60_000 });
  fs.writeFileSync(LIB_MARKER, pomHash + '\n');
  return Date.now() - started;
}

/** Starts a broker. Always call `stop()` (e.g. in afterAll). */
export async function startBroker(options: StartBrokerOptions = {}): Promise<RunningBroker> {
  ensureBrokerJars();

  const runDir = fs.mkdtempSync(path.join(KAFKA_CACHE_DIR, 'run-'));
  const dataDir = path.join(runDir, 'data');
  const logFile = path.join(runDir, 'broker.log');
  const [port, controllerPort, tlsPort] = await freePorts(3);
  const tls = options.tls ? makeTlsFiles(path.join(runDir, 'tls')) : undefined;

  const admin: ScramUser = { username: 'admin', password: secret() };
  const users: Record<string, ScramUser> = {};
  for (const name of options.users ?? ['alice']) {
    // The name goes into --add-scram 'SCRAM-SHA-512=[name=...,password=...]' and must not be the super user.
    if (name === admin.username || !/^[A-Za-z0-9._-]+$/.test(name)) {
      throw new Error(`startBroker: user name ${JSON.stringify(name)} must match [A-Za-z0-9._-]+ and not be '${admin.username}'`);
    }
    users[name] = { username: name, password: secret() };
  }

  const serverProperties = path.join(runDir, 'server.properties');
  const config: ConfigInput = {
    port,
    controllerPort,
    dataDir,
    admin,
    allowEveryoneIfNoAclFound: options.allowEveryoneIfNoAclFound ?? false,
    tls: tls ? { port: tlsPort, ...tls } : undefined,
  };
  fs.writeFileSync(serverProperties, serverConfig(config));

  const classpath = path.join(LIB_DIR, '*');
  const jvm = [
    '-Xms256m', '-Xmx512m',
    '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`,
    '-cp', classpath,
  ];

  // Format the metadata log, with the SCRAM credentials (SCRAM users live in the KRaft metadata).
  const scram = [admin, ...Object.values(users)]
    .flatMap(u => ['--add-scram', `SCRAM-SHA-512=[name=${u.username},password=${u.password}]`]);
  try {
    execFileSync('java', [
      ...jvm, 'kafka.tools.StorageTool', 'format',
      '--config', serverProperties,
      '--cluster-id', clusterId(),
      ...scram,
    ], { stdio: 'pipe', timeout: 60_000 });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`Kafka storage format failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }

  let current = await launch(jvm, serverProperties, config, logFile, options.readyTimeoutMs ?? 60_000);
  let stopped: Promise<void> | undefined;
  let restarting: Promise<number> | undefined;
  const keepRunDir = options.keepRunDir || process.env.KAFKA_KEEP_RUN === '1';
  const broker = {
    bootstrap: `127.0.0.1:${port}`,
    admin,
    users,
    runDir,
    tlsBootstrap: tls ? `127.0.0.1:${tlsPort}` : undefined,
    issueClientCertificate: (subject: string): ClientCertificate => {
      if (!tls) throw new Error('issueClientCertificate: the broker was started without tls: true');
      return issueCertificate(path.join(runDir, 'tls'), subject, 'clientAuth');
    },
    get startMillis() { return current.startMillis; },
    get allowEveryoneIfNoAclFound() { return config.allowEveryoneIfNoAclFound; },
    logTail: (lines = 60) => tail(logFile, lines),
    restart: (restartOptions: RestartBrokerOptions = {}) => {
      if (stopped) return Promise.reject(new Error('the Kafka broker is stopped: it cannot restart'));
      if (restarting) return Promise.reject(new Error('the Kafka broker is already restarting'));
      restarting = (async () => {
        const began = Date.now();
        await current.terminate(30_000);
        if (restartOptions.allowEveryoneIfNoAclFound !== undefined) {
          config.allowEveryoneIfNoAclFound = restartOptions.allowEveryoneIfNoAclFound;
        }
        fs.appendFileSync(logFile, `\n# --- restart by test/kafka/broker.ts: allow.everyone.if.no.acl.found=${config.allowEveryoneIfNoAclFound} ---\n`);
        current = await launch(jvm, serverProperties, config, logFile, options.readyTimeoutMs ?? 60_000);
        return Date.now() - began;
      })().finally(() => { restarting = undefined; });
      return restarting;
    },
    stop: () => {
      stopped ??= (async () => {
        await restarting?.catch(() => undefined);
        await current.terminate(30_000);
        if (!keepRunDir) fs.rmSync(runDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
  return broker;
}

/** One JVM of a broker. */
interface BrokerProcess {
  readonly startMillis: number;
  /** SIGTERM, then SIGKILL after `graceMs`; stops watching for the test process's exit. */
  terminate(graceMs: number): Promise<void>;
}

/**
 * Writes server.properties for `config` and runs the broker until its listener answers. On timeout or
 * early exit, kills the JVM and throws with the broker log's tail.
 */
async function launch(jvm: string[], serverProperties: string, config: ConfigInput, logFile: string, readyTimeoutMs: number): Promise<BrokerProcess> {
  fs.writeFileSync(serverProperties, serverConfig(config));
  const log = fs.openSync(logFile, 'a');
  const started = Date.now();
  const child = spawn('java', [...jvm, 'kafka.Kafka', serverProperties], {
    stdio: ['ignore', log, log],
    cwd: path.dirname(serverProperties),
  });
  fs.closeSync(log);
  // No orphan JVM when the test process exits without stopping the broker.
  const killOnExit = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  process.on('exit', killOnExit);
  const stop = async (graceMs: number) => {
    await terminate(child, graceMs);
    process.removeListener('exit', killOnExit);
  };

  try {
    await waitForSasl(child, config.port, readyTimeoutMs);
  } catch (e) {
    const message = `${(e as Error).message}\n--- broker log tail (${logFile}) ---\n${tail(logFile, 60)}`;
    await stop(10_000);
    throw new Error(message);
  }
  return { startMillis: Date.now() - started, terminate: stop };
}

interface ConfigInput {
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  readonly admin: ScramUser;
  allowEveryoneIfNoAclFound: boolean;
  /** The SSL listener: its port, the CA file and the broker's PEM key store (key + certificate). */
  readonly tls?: { readonly port: number; readonly caFile: string; readonly keyStoreFile: string };
}

function serverConfig(c: ConfigInput): string {
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${c.admin.username}" password="${c.admin.password}";`;
  return [
    '# Written by test/kafka/broker.ts: single-node KRaft (combined mode) test broker.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${c.controllerPort}`,
    `listeners=SASL_PLAINTEXT://127.0.0.1:${c.port},CONTROLLER://127.0.0.1:${c.controllerPort}${c.tls ? `,SSL://127.0.0.1:${c.tls.port}` : ''}`,
    `advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${c.port}${c.tls ? `,SSL://127.0.0.1:${c.tls.port}` : ''}`,
    'listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=SASL_PLAINTEXT',
    // SCRAM for clients and for the broker's own connections to itself.
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=${jaas}`,
    // Mutual TLS: PEM key and trust stores (no keytool); the principal is the client certificate's subject
    // (the default ssl.principal.mapping.rules, DEFAULT: the RFC 2253 name Java gives).
    ...(c.tls ? [
      'listener.name.ssl.ssl.client.auth=required',
      'listener.name.ssl.ssl.keystore.type=PEM',
      `listener.name.ssl.ssl.keystore.location=${c.tls.keyStoreFile}`,
      'listener.name.ssl.ssl.truststore.type=PEM',
      `listener.name.ssl.ssl.truststore.location=${c.tls.caFile}`,
    ] : []),
    // Authorization: deny by default unless asked otherwise, admin is the super user. The controller listener is
    // PLAINTEXT on the loopback only (SCRAM cannot authenticate controller connections in KRaft:
    // the credentials live in the metadata log the controller serves), so its principal is
    // User:ANONYMOUS, which must be a super user for the broker to register with the controller.
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=User:${c.admin.username};User:ANONYMOUS`,
    `allow.everyone.if.no.acl.found=${c.allowEveryoneIfNoAclFound}`,
    // Single node.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'num.partitions=1',
    'default.replication.factor=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    `log.dirs=${c.dataDir}`,
    '',
  ].join('\n');
}

/**
 * A test CA and the broker's certificate (for 127.0.0.1) in `dir`, made with openssl (EC P-256 keys, valid 2 days).
 * Returns the CA file and the broker's PEM key store (PKCS#8 key + certificate).
 */
function makeTlsFiles(dir: string): { caFile: string; keyStoreFile: string } {
  fs.mkdirSync(dir, { recursive: true });
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
    '-days', '2', '-subj', '/CN=cdk-msk-constructs test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const server = issueCertificate(dir, '/CN=127.0.0.1', 'serverAuth');
  const keyStoreFile = path.join(dir, 'broker-keystore.pem');
  fs.writeFileSync(keyStoreFile, server.key + server.cert);
  return { caFile: path.join(dir, 'ca.pem'), keyStoreFile };
}

let certificateSerial = 0;

/** A key and a certificate for `subject` signed by the CA in `dir` (made by makeTlsFiles). */
function issueCertificate(dir: string, subject: string, usage: 'serverAuth' | 'clientAuth'): ClientCertificate {
  const name = `cert-${process.pid}-${++certificateSerial}`;
  const extensions = path.join(dir, `${name}.ext`);
  fs.writeFileSync(extensions, [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyAgreement',
    `extendedKeyUsage=${usage}`,
    ...(usage === 'serverAuth' ? ['subjectAltName=IP:127.0.0.1'] : []),
    '',
  ].join('\n'));
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`,
    '-out', `${name}.csr`, '-subj', subject]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(Date.now() * 100 + certificateSerial),
    '-days', '2', '-extfile', extensions, '-out', `${name}.pem`]);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return { key: read(`${name}.key`), cert: read(`${name}.pem`), ca: read('ca.pem') };
}

function openssl(cwd: string, args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: 'pipe', timeout: 30_000 });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`openssl ${args[0]} failed (the TLS listener needs openssl on PATH): ${err.message}\n${err.stderr ?? ''}`);
  }
}

/** Waits until the listener answers a SaslHandshake for SCRAM-SHA-512 with no error. */
async function waitForSasl(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not tried';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Kafka broker exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      await saslHandshake(port, 'SCRAM-SHA-512');
      return;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`Kafka broker did not accept a SASL connection on 127.0.0.1:${port} within ${timeoutMs} ms (last error: ${lastError})`);
}

/**
 * Sends one SaslHandshake request (api key 17, version 1) and checks the response's error code.
 * The broker only opens its data-plane listeners once it has started, so this is a readiness probe.
 */
function saslHandshake(port: number, mechanism: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('broker-ts-probe');
    const mech = Buffer.from(mechanism);
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 2 + mech.length);
    let o = 0;
    o = body.writeInt16BE(17, o); // api key: SaslHandshake
    o = body.writeInt16BE(1, o); // api version
    o = body.writeInt32BE(42, o); // correlation id
    o = body.writeInt16BE(clientId.length, o);
    o += clientId.copy(body, o);
    o = body.writeInt16BE(mech.length, o);
    mech.copy(body, o);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);

    const socket = net.connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const done = (err?: Error) => { socket.destroy(); if (err) reject(err); else resolve(); };
    socket.setTimeout(2_000, () => done(new Error('handshake timed out')));
    socket.on('error', done);
    socket.on('connect', () => socket.write(Buffer.concat([size, body])));
    socket.on('data', chunk => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      const correlation = received.readInt32BE(4);
      const errorCode = received.readInt16BE(8);
      if (correlation !== 42) done(new Error(`unexpected correlation id ${correlation}`));
      else if (errorCode !== 0) done(new Error(`SaslHandshake error code ${errorCode}`));
      else done();
    });
    socket.on('end', () => done(new Error('connection closed before a response')));
  });
}

/** SIGTERM, then SIGKILL when the process has not exited after `graceMs`. */
async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>(resolve => {
    const t = setTimeout(() => resolve('timeout'), graceMs);
    t.unref();
  });
  if (await Promise.race([exited.then(() => 'exited' as const), timer]) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Ports the OS reports free (bound to port 0 at the same time, so they differ). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map(s => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map(s => new Promise<void>(resolve => s.close(() => resolve()))));
  return ports;
}

/**
 * A Kafka cluster id: 16 random bytes, base64url without padding (what `random-uuid` prints).
 * Like Kafka's Uuid.randomUuid, never starting with '-' (it would read as a command-line option).
 */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** A password without characters that need quoting in JAAS or in --add-scram. */
function secret(): string {
  return randomBytes(18).toString('hex');
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Custom-resource handler that keeps the Kafka ACLs a resource declares on a cluster (SCRAM and mTLS
 * principals: Apache Kafka's authorizer, MSK developer guide "Apache Kafka ACLs"). It talks Kafka as an
 * admin principal whose SCRAM credentials are in a Secrets Manager secret ({username, password}).
 *
 * - Admin ACLs (AdminAcls: the admin principal's own CLUSTER ACLs) come first in every Create and Update, so
 *   that the admin keeps the right to manage ACLs once the cluster denies by default; they are never deleted
 *   (not by an Update that drops them, not by a Delete): removing them could lock every manager out.
 * - Create: creates every declared ACL.
 * - Update: creates the ACLs the new set adds, then deletes the ones it removes: exactly the difference by
 *   canonical key (./kafka-acl-set.ts), and creations first, so that a principal never loses an access the
 *   two versions both grant. When the cluster changes (ClusterId), it creates the whole set on the new
 *   cluster and returns a new physical id: CloudFormation treats a new physical id as a replacement and sends
 *   the old resource a Delete (CloudFormation user guide, "Custom resource response objects",
 *   PhysicalResourceId), which removes the old ACLs from the old cluster.
 * - Delete: deletes the declared ACLs, unless RetainOnDelete is 'true'. A cluster that cannot be reached
 *   (gone, or its network) for DELETE_UNREACHABLE_WINDOW_MS, an unreadable secret or unreadable properties
 *   are logged and the delete succeeds, so that a stack deletion or rollback never hangs on them.
 * Idempotent: Kafka accepts an ACL created twice and deleting a missing ACL matches nothing. Retriable Kafka
 * errors (network, timeouts, errors Kafka marks retriable) are retried with capped, jittered backoff until
 * the deadline (./sdk-retry.ts); any other error fails the request, naming the ACL and the Kafka error.
 * Returns the physical id only (a custom resource's response body is limited to 4096 bytes: CloudFormation
 * user guide, "Custom resource response objects"). Not compiled by jsii; bundled by esbuild.
 */
import { createHash } from 'crypto';
import { CustomResourceEvent, HandlerTimeDeps, withDefaults } from './handler-kit';
import { KafkaAclAdmin, KafkaAclAdminFactory } from './kafka-acl-admin';
import { aclKey, describeAcl, diffAcls, KafkaAclEntry, parseAcls } from './kafka-acl-set';
import {
  backoffDelay, CALL_TIMEOUT_ERROR, callWithRetries, describeError, LambdaContext, MAX_RETRIES_PER_CALL, RetryDeps,
  timeLimitedEntryPoint, withCallTimeout,
} from './sdk-retry';

/** How long a Delete keeps trying to reach a cluster that does not answer before it assumes the cluster is gone. */
export const DELETE_UNREACHABLE_WINDOW_MS = 2 * 60_000;

/** Properties of the custom resource (CloudFormation passes every value as a string). */
export interface KafkaAclsResourceProperties {
  readonly ServiceToken: string;
  /** What the ACLs belong to, for messages, e.g. `ACLs of cluster Events (Stack/Events/Acls)`. */
  readonly Subject: string;
  /** Identity of the cluster (e.g. its ARN): a change means other brokers, so the old ACLs are left to the old resource's Delete. */
  readonly ClusterId?: string;
  /** Comma-separated `host:port` bootstrap brokers of the SASL/SCRAM listener. */
  readonly BootstrapServers: string;
  /** 'true' when the listener uses TLS (MSK's SASL/SCRAM listeners do). */
  readonly Tls?: string;
  /** ARN of the Secrets Manager secret holding the admin principal's {username, password}. */
  readonly AdminSecretArn: string;
  /** The declared ACLs, as JSON (see parseAcls). */
  readonly Acls: string;
  /** The admin principal's own ACLs, as JSON: created first, never deleted. */
  readonly AdminAcls?: string;
  /** 'true' to leave the ACLs in place when the resource is deleted. */
  readonly RetainOnDelete?: string;
  readonly [key: string]: string | undefined;
}

/** The request, with the logical id the physical id derives from. */
export type KafkaAclsEvent = CustomResourceEvent<KafkaAclsResourceProperties> & { readonly LogicalResourceId?: string };

export interface KafkaAclsResult {
  readonly PhysicalResourceId?: string;
}

/** SCRAM credentials of the admin principal. */
export interface KafkaAdminCredentials {
  readonly username: string;
  readonly password: string;
}

/** Injected dependencies: Kafka, the secret and time. */
export interface KafkaAclsDeps extends HandlerTimeDeps {
  readonly connectAdmin: KafkaAclAdminFactory;
  /** Reads the admin secret (Secrets Manager GetSecretValue in the Lambda; errors are classified like SDK errors). */
  readSecret(secretArn: string): Promise<KafkaAdminCredentials>;
}

/** A Kafka call that failed because the cluster could not be reached, for longer than the caller allowed. */
export class KafkaUnreachableError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'KafkaUnreachableError';
  }
}

/** The physical id: the logical id, plus a short hash of the cluster identity when there is one. */
export function physicalIdOf(event: KafkaAclsEvent): string {
  const base = `kafka-acls-${event.LogicalResourceId ?? 'resource'}`;
  const cluster = event.ResourceProperties.ClusterId;
  return cluster ? `${base}-${createHash('sha256').update(cluster).digest('hex').slice(0, 12)}` : base;
}

/** Handles a custom-resource event with injected dependencies. */
export async function onEvent(event: KafkaAclsEvent, deps: KafkaAclsDeps): Promise<KafkaAclsResult> {
  const d = withDefaults(deps);
  const props = event.ResourceProperties;
  const subject = typeof props.Subject === 'string' && props.Subject !== '' ? props.Subject : 'Kafka ACLs';
  switch (event.RequestType) {
    case 'Create': {
      const acls = parseAcls(subject, props.Acls);
      const adminAcls = parseAdminAcls(subject, props.AdminAcls);
      await withAdmin(props, d, 'Create', async (admin) => createAll(admin, [...adminAcls, ...acls], d));
      d.log(`Create ${subject}: ${adminAcls.length + acls.length} ACL(s) in place`);
      return { PhysicalResourceId: physicalIdOf(event) };
    }
    case 'Update': {
      const after = parseAcls(subject, props.Acls);
      const adminAcls = parseAdminAcls(subject, props.AdminAcls);
      const old = event.OldResourceProperties;
      if (old === undefined || (old.ClusterId ?? '') !== (props.ClusterId ?? '')) {
        // Another cluster: all of the set goes there; the old resource's Delete removes the old ACLs.
        await withAdmin(props, d, 'Update', async (admin) => createAll(admin, [...adminAcls, ...after], d));
        d.log(`Update ${subject}: ${adminAcls.length + after.length} ACL(s) in place on ${props.ClusterId ?? 'the cluster'}`);
        return { PhysicalResourceId: physicalIdOf(event) };
      }
      const keep = new Set(adminAcls.map(aclKey));
      const diff = diffAcls(parseAcls(subject, old.Acls), after);
      const create = [...diffAcls(parseAdminAcls(subject, old.AdminAcls), adminAcls).create, ...diff.create];
      const remove = diff.remove.filter((acl) => !keep.has(aclKey(acl)));
      if (create.length > 0 || remove.length > 0) {
        await withAdmin(props, d, 'Update', async (admin) => {
          await createAll(admin, create, d);
          await deleteAll(admin, remove, d);
        });
      }
      d.log(`Update ${subject}: ${create.length} ACL(s) created, ${remove.length} deleted`);
      return { PhysicalResourceId: event.PhysicalResourceId ?? physicalIdOf(event) };
    }
    case 'Delete':
      await onDelete(event, subject, d);
      return { PhysicalResourceId: event.PhysicalResourceId };
    default:
      throw new Error(`Unsupported RequestType: ${String(event.RequestType)}`);
  }
}

async function onDelete(event: KafkaAclsEvent, subject: string, d: KafkaAclsDeps & RetryDeps): Promise<void> {
  const props = event.ResourceProperties;
  if (props.RetainOnDelete === 'true') {
    d.log(`Delete ${subject}: RetainOnDelete is set, the ACLs stay`);
    return;
  }
  let acls: KafkaAclEntry[];
  try {
    const keep = new Set(parseAdminAcls(subject, props.AdminAcls).map(aclKey));
    acls = parseAcls(subject, props.Acls).filter((acl) => !keep.has(aclKey(acl)));
  } catch (err) {
    d.log(`Delete ${subject}: nothing deleted, the properties are not valid (${describeError(err)})`);
    return;
  }
  try {
    await withAdmin(props, d, 'Delete', async (admin) => deleteAll(admin, acls, d, d.now() + DELETE_UNREACHABLE_WINDOW_MS));
  } catch (err) {
    if (err instanceof InvalidPropertiesError) {
      d.log(`Delete ${subject}: nothing deleted, the properties are not valid (${err.message})`);
      return;
    }
    if (err instanceof KafkaUnreachableError || err instanceof SecretUnreadableError) {
      d.log(`Delete ${subject}: the ACLs were not deleted and the delete succeeds anyway, assuming the cluster is gone: ${err.message}`);
      return;
    }
    throw err;
  }
  d.log(`Delete ${subject}: ${acls.length} ACL(s) deleted`);
}

/** The AdminAcls property's ACLs (none when it is absent). */
function parseAdminAcls(subject: string, json: string | undefined): KafkaAclEntry[] {
  return json === undefined || json === '' ? [] : parseAcls(`${subject} (admin ACLs)`, json);
}

class InvalidPropertiesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPropertiesError';
  }
}

class SecretUnreadableError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'SecretUnreadableError';
  }
}

/** Reads the secret, connects, runs `work` and closes the client whatever happens. */
async function withAdmin(props: KafkaAclsResourceProperties, d: KafkaAclsDeps & RetryDeps, request: string,
  work: (admin: KafkaAclAdmin) => Promise<void>): Promise<void> {
  const bootstrapServers = (props.BootstrapServers ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (bootstrapServers.length === 0) {
    throw new InvalidPropertiesError(`The BootstrapServers property of ${props.Subject ?? 'the Kafka ACLs'} is empty`);
  }
  if (typeof props.AdminSecretArn !== 'string' || props.AdminSecretArn === '') {
    throw new InvalidPropertiesError(`The AdminSecretArn property of ${props.Subject ?? 'the Kafka ACLs'} is empty`);
  }
  let credentials: KafkaAdminCredentials;
  try {
    credentials = await callWithRetries('GetSecretValue', `the Kafka admin secret ${props.AdminSecretArn}`, d,
      () => d.readSecret(props.AdminSecretArn), 'secretsmanager:GetSecretValue');
  } catch (err) {
    if (request === 'Delete') {
      throw new SecretUnreadableError(describeError(err), { cause: err });
    }
    throw err;
  }
  const admin = d.connectAdmin({ bootstrapServers, username: credentials.username, password: credentials.password, tls: props.Tls === 'true' });
  try {
    await work(admin);
  } finally {
    await admin.close().catch((err: unknown) => d.log(`closing the Kafka admin client failed: ${describeError(err)}`));
  }
}

async function createAll(admin: KafkaAclAdmin, acls: readonly KafkaAclEntry[], d: RetryDeps): Promise<void> {
  for (const acl of acls) {
    await kafkaCall(`Creating ACL ${describeAcl(acl)}`, d, () => admin.createAcl(acl));
    d.log(`created ACL ${describeAcl(acl)}`);
  }
}

async function deleteAll(admin: KafkaAclAdmin, acls: readonly KafkaAclEntry[], d: RetryDeps, unreachableUntil?: number): Promise<void> {
  for (const acl of acls) {
    const matched = await kafkaCall(`Deleting ACL ${describeAcl(acl)}`, d, () => admin.deleteAcl(acl), unreachableUntil);
    d.log(matched > 0 ? `deleted ACL ${describeAcl(acl)}` : `ACL ${describeAcl(acl)} was already gone`);
  }
}

/** How a Kafka client error is handled. */
export type KafkaErrorKind = 'unreachable' | 'retriable' | 'other';

/**
 * `unreachable` (network errors, client timeouts, abandoned calls), `retriable` (errors Kafka marks
 * retriable, e.g. NOT_CONTROLLER or REQUEST_TIMED_OUT) or `other` (e.g. CLUSTER_AUTHORIZATION_FAILED,
 * authentication failures, invalid requests).
 */
export function classifyKafkaError(err: unknown): KafkaErrorKind {
  let fatal = false;
  let unreachable = false;
  let retriable = false;
  visitErrors(err, (e) => {
    if (e.code === 'PLT_KFK_AUTHENTICATION' || (typeof e.apiId === 'string' && e.canRetry === false)) {
      // A refusal by Kafka (wrong credentials, authorization, invalid request) wins over the network errors wrapping it.
      fatal = true;
    } else if (e.name === CALL_TIMEOUT_ERROR || e.code === 'PLT_KFK_NETWORK' || e.code === 'PLT_KFK_TIMEOUT'
      || (typeof e.code === 'string' && NODE_NETWORK_CODES.includes(e.code))) {
      unreachable = true;
    } else if (e.canRetry === true) {
      retriable = true;
    }
  });
  return fatal ? 'other' : unreachable ? 'unreachable' : retriable ? 'retriable' : 'other';
}

const NODE_NETWORK_CODES: readonly string[] = [
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
];

/** The Kafka error names (e.g. TOPIC_AUTHORIZATION_FAILED) inside a client error, outermost first. */
export function kafkaErrorNames(err: unknown): string[] {
  const names: string[] = [];
  visitErrors(err, (e) => {
    if (typeof e.apiId === 'string' && !names.includes(e.apiId)) {
      names.push(e.apiId);
    }
  });
  return names;
}

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly apiId?: unknown;
  readonly canRetry?: unknown;
  readonly errors?: unknown;
  readonly cause?: unknown;
}

/** Calls `visit` on `err` and the errors it wraps (`errors` of an AggregateError, `cause`). */
function visitErrors(err: unknown, visit: (e: ErrorLike) => void): void {
  const seen = new Set<unknown>();
  const walk = (e: unknown): void => {
    if (typeof e !== 'object' || e === null || seen.has(e)) {
      return;
    }
    seen.add(e);
    const o = e as ErrorLike;
    visit(o);
    if (Array.isArray(o.errors)) {
      o.errors.forEach(walk);
    }
    walk(o.cause);
  };
  walk(err);
}

/** `Kafka error NAME[, NAME2] (Name: message)` or the error's own description. */
function describeKafkaError(err: unknown): string {
  const names = kafkaErrorNames(err);
  return names.length > 0 ? `Kafka error ${names.join(', ')} (${describeError(err)})` : describeError(err);
}

/**
 * Runs one Kafka call, abandoning it after CALL_TIMEOUT_MS and retrying unreachable and retriable errors
 * with backoff until the deadline (unreachable ones only until `unreachableUntil`, then a
 * KafkaUnreachableError) and at most MAX_RETRIES_PER_CALL times; any other error fails at once.
 * Every error names `what` (the ACL) and the Kafka error.
 */
export async function kafkaCall<T>(what: string, d: RetryDeps, call: () => Promise<T>, unreachableUntil?: number): Promise<T> {
  let retries = 0;
  for (;;) {
    try {
      return await withCallTimeout(d, () => call());
    } catch (err) {
      const kind = classifyKafkaError(err);
      const description = describeKafkaError(err);
      if (kind === 'other') {
        throw new Error(`${what} failed: ${description}`, { cause: err });
      }
      const now = d.now();
      const retryUntil = kind === 'unreachable' && unreachableUntil !== undefined ? Math.min(unreachableUntil, d.deadline) : d.deadline;
      if (now >= retryUntil || retries >= MAX_RETRIES_PER_CALL) {
        const message = `${what} failed after ${retries + 1} attempt(s)${now >= d.deadline ? ', at the deadline' : ''}: `
          + `${kind === 'unreachable' ? 'the cluster could not be reached' : 'Kafka kept answering with a retriable error'}: ${description}`;
        throw kind === 'unreachable' ? new KafkaUnreachableError(message, { cause: err }) : new Error(message, { cause: err });
      }
      const delay = Math.min(backoffDelay(retries, d.random), retryUntil - now);
      retries++;
      d.log(`${what}: ${kind} (${description}); retry ${retries} in ${delay} ms`);
      await d.sleep(delay);
    }
  }
}

/** What the deploy-time "ready" check asks the worker (./kafka-acls-ready.lambda.ts): can the admin manage ACLs? */
export interface KafkaAdminCheck {
  /** Comma-separated `host:port` bootstrap brokers of the SASL/SCRAM listener. */
  readonly bootstrapServers: string;
  /** Whether the listener uses TLS (MSK's SASL/SCRAM listeners do). */
  readonly tls: boolean;
  /** The admin principal, e.g. `User:cdk-msk-acl-admin`. */
  readonly adminPrincipal: string;
}

/** The worker's answer to a KafkaAdminCheck. */
export interface KafkaAdminCheckResult {
  /** False when the brokers refused the admin's credentials (then `missing` lists both ACLs: nothing could be checked). */
  readonly authenticated: boolean;
  /** The operations the admin lacks on the cluster resource: `ALTER` (CreateAcls, DeleteAcls) and/or `DESCRIBE` (DescribeAcls). */
  readonly missing: string[];
  /** The admin's ACLs on the cluster resource that Kafka listed, described (e.g. `User:admin ALLOW ALTER on CLUSTER ...`). */
  readonly found: string[];
  /** The Kafka error when the admin could not sign in, or was refused DescribeAcls. */
  readonly error?: string;
}

/** The ACL operations the admin needs on the cluster resource to manage ACLs. */
export const ADMIN_CLUSTER_OPERATIONS: readonly string[] = ['ALTER', 'DESCRIBE'];

/**
 * Which of ALTER and DESCRIBE on the cluster resource `principal` lacks, from its LITERAL ACLs on CLUSTER 'kafka-cluster'.
 * Apache Kafka documentation, "Authorization and ACLs": CreateAcls and DeleteAcls need ALTER on the cluster, DescribeAcls
 * needs DESCRIBE; ALL grants every operation, and ALTER (like READ, WRITE and DELETE) implies DESCRIBE. A DENY wins over an
 * ALLOW for its operation (DENY ALL over every one). Only ALLOW ACLs for any host ('*') count, since the worker's address
 * in the VPC is not fixed; DENY ACLs count for every host. ACLs of the wildcard principal `User:*` are not looked at
 * (the check may then fail although the admin could manage ACLs: safe, and the message lists what it found).
 */
export function missingAdminOperations(principal: string, acls: readonly KafkaAclEntry[]): string[] {
  const mine = acls.filter((a) => a.principal === principal && a.resourceType === 'CLUSTER' && a.patternType === 'LITERAL');
  const allowed = new Set(mine.filter((a) => a.permissionType === 'ALLOW' && a.host === '*').map((a) => a.operation));
  const denied = new Set(mine.filter((a) => a.permissionType === 'DENY').map((a) => a.operation));
  const alter = !denied.has('ALL') && !denied.has('ALTER') && (allowed.has('ALL') || allowed.has('ALTER'));
  const describe = !denied.has('ALL') && !denied.has('DESCRIBE') && (allowed.has('ALL') || allowed.has('ALTER') || allowed.has('DESCRIBE'));
  return [...(alter ? [] : ['ALTER']), ...(describe ? [] : ['DESCRIBE'])];
}

/** Whether `err` (or an error it wraps) is Kafka refusing the client's credentials. */
export function isAuthenticationError(err: unknown): boolean {
  let found = false;
  visitErrors(err, (e) => {
    if (e.code === 'PLT_KFK_AUTHENTICATION' || e.apiId === 'SASL_AUTHENTICATION_FAILED') {
      found = true;
    }
  });
  return found;
}

/** Injected dependencies of the admin check: Kafka and time. */
export interface KafkaAdminCheckDeps extends HandlerTimeDeps {
  readonly connectAdmin: KafkaAclAdminFactory;
}

/**
 * Connects as the admin and reads its ACLs on the cluster resource (retrying unreachable and retriable Kafka errors until
 * the deadline, like every ACL call): which of ALTER and DESCRIBE it lacks. A refusal of its credentials, or of DescribeAcls
 * (CLUSTER_AUTHORIZATION_FAILED: it has no DESCRIBE, hence no ALTER either, which would imply it), is an answer, not an error.
 */
export async function checkAdmin(check: KafkaAdminCheck, credentials: KafkaAdminCredentials,
  deps: KafkaAdminCheckDeps): Promise<KafkaAdminCheckResult> {
  const d = withDefaults(deps);
  const bootstrapServers = String(check.bootstrapServers ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (bootstrapServers.length === 0 || typeof check.adminPrincipal !== 'string' || check.adminPrincipal === '') {
    throw new Error('The Kafka admin check needs bootstrapServers and adminPrincipal');
  }
  const principal = check.adminPrincipal;
  const admin = d.connectAdmin({ bootstrapServers, username: credentials.username, password: credentials.password, tls: check.tls === true });
  try {
    let acls: KafkaAclEntry[];
    try {
      acls = await kafkaCall(`Describing the ACLs of ${principal} on the cluster`, d, () => admin.describeClusterAcls(principal));
    } catch (err) {
      if (isAuthenticationError(err)) {
        d.log(`Admin check: ${principal} could not sign in: ${describeKafkaError(err)}`);
        return { authenticated: false, missing: [...ADMIN_CLUSTER_OPERATIONS], found: [], error: describeKafkaError(err) };
      }
      if (kafkaErrorNames(err).includes('CLUSTER_AUTHORIZATION_FAILED')) {
        d.log(`Admin check: ${principal} may not describe ACLs: ${describeKafkaError(err)}`);
        return { authenticated: true, missing: [...ADMIN_CLUSTER_OPERATIONS], found: [], error: describeKafkaError(err) };
      }
      throw err;
    }
    const missing = missingAdminOperations(principal, acls);
    const found = acls.map(describeAcl);
    d.log(`Admin check: ${principal} has ${found.length === 0 ? 'no ACL' : found.join('; ')} on the cluster; `
      + `${missing.length === 0 ? 'it can manage ACLs' : `missing: ${missing.join(', ')}`}`);
    return { authenticated: true, missing, found };
  } finally {
    await admin.close().catch((err: unknown) => d.log(`closing the Kafka admin client failed: ${describeError(err)}`));
  }
}

/** The worker's entry point for a KafkaAdminCheck, with `timer` for every wait; it settles before the Lambda timeout. */
export function createAdminCheckHandler(timer: (ms: number, fire: () => void) => () => void, connectAdmin: KafkaAclAdminFactory):
(check: KafkaAdminCheck, credentials: KafkaAdminCredentials, context: LambdaContext) => Promise<KafkaAdminCheckResult> {
  return (check, credentials, context) => timeLimitedEntryPoint<KafkaAdminCheck, KafkaAdminCheckResult>(timer,
    (c) => `the ACL admin check of ${c.adminPrincipal}`,
    (c, deps) => checkAdmin(c, credentials, { ...deps, connectAdmin }))(check, context);
}

/** The Lambda entry point with `timer` for every wait and the real Kafka client and secret reader; it settles before the Lambda timeout. */
export function createHandler(timer: (ms: number, fire: () => void) => () => void,
  connectAdmin: KafkaAclAdminFactory, readSecret: KafkaAclsDeps['readSecret']):
  (event: KafkaAclsEvent, context: LambdaContext) => Promise<KafkaAclsResult> {
  return timeLimitedEntryPoint<KafkaAclsEvent, KafkaAclsResult>(timer,
    (event) => `${event.RequestType} of ${event.ResourceProperties.Subject}`,
    (event, deps) => onEvent(event, { ...deps, connectAdmin, readSecret }));
}

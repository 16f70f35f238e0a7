/**
 * Custom-resource handler returning an MSK cluster's bootstrap broker strings.
 *
 * Bundled by esbuild (with `@aws-sdk/*` external) for the Lambda nodejs22.x runtime and invoked
 * through aws-cdk-lib's `CustomResourceProvider` entrypoint, which implements the CloudFormation
 * response protocol: this handler only returns `{ PhysicalResourceId, Data }` or throws.
 *
 * The entrypoint sends no response when the Lambda is killed by its timeout (CloudFormation would then
 * wait for the resource's ServiceTimeout), so the handler bounds everything it waits for:
 * - every SDK call is abandoned after CALL_TIMEOUT_MS (or at the deadline) and counts as a failed attempt;
 * - throttling, transient server errors and abandoned calls are retried with capped exponential backoff
 *   and full jitter, access denials for ACCESS_DENIED_RETRY_WINDOW_MS, all only until the deadline
 *   (DEADLINE_SAFETY_MARGIN_MS before the Lambda timeout) and at most MAX_RETRIES_PER_CALL times;
 * - `handler` gives up RESPONSE_RESERVE_MS before the Lambda timeout whatever it is waiting for, so the
 *   entrypoint always has time to report a failure.
 *
 * Not compiled by jsii.
 */
// The SDK is a devDependency on purpose: it is provided by the Lambda runtime and kept external when bundling.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  DescribeClusterV2Command,
  GetBootstrapBrokersCommand,
  GetBootstrapBrokersCommandOutput,
  KafkaClient,
} from '@aws-sdk/client-kafka';
import { BOOTSTRAP_BROKER_ATTRIBUTES, BootstrapBrokerAttribute } from './bootstrap-brokers-attributes';

/** Interval between DescribeClusterV2 polls while the cluster is being created. */
export const POLL_INTERVAL_MS = 15_000;
/** First backoff delay for throttled / access-denied / transient calls (doubles per retry, full jitter). */
export const BACKOFF_BASE_MS = 1_000;
/** Upper bound of a single backoff delay. */
export const BACKOFF_MAX_MS = 20_000;
/** How long access-denied errors are retried (IAM propagation), counted from the first denial of a call. */
export const ACCESS_DENIED_RETRY_WINDOW_MS = 3 * 60_000;
/**
 * Most retries of one call. Time (the deadline) bounds them already; this also bounds them when the
 * jitter happens to make the delays tiny.
 */
export const MAX_RETRIES_PER_CALL = 100;
/** Time kept in reserve before the Lambda timeout, so a clear error can still be reported. */
export const DEADLINE_SAFETY_MARGIN_MS = 30_000;
/**
 * Longest one SDK call (the SDK's own retries included) may take before it is abandoned (aborted) and,
 * like throttling, retried with backoff until the deadline.
 */
export const CALL_TIMEOUT_MS = 30_000;
/** Least time a call gets, even one started at the deadline (DEADLINE_SAFETY_MARGIN_MS covers it). */
export const MIN_CALL_TIMEOUT_MS = 5_000;
/**
 * Time kept before the Lambda timeout for the provider framework to send the response to CloudFormation:
 * `handler` gives up (throws) this long before the Lambda would be killed, whatever it is waiting for.
 */
export const RESPONSE_RESERVE_MS = 15_000;

/** Cluster states in which the bootstrap brokers can be read. */
export const USABLE_CLUSTER_STATES: readonly string[] = ['ACTIVE', 'UPDATING', 'HEALING', 'MAINTENANCE', 'REBOOTING_BROKER'];
/** Cluster states from which the cluster will never become usable. */
export const FAILED_CLUSTER_STATES: readonly string[] = ['FAILED', 'DELETING'];

/** Name of the error an abandoned call rejects with. */
export const CALL_TIMEOUT_ERROR = 'CallTimeoutError';

const THROTTLING_ERROR_NAMES: readonly string[] = ['ThrottlingException', 'TooManyRequestsException'];
const ACCESS_DENIED_ERROR_NAMES: readonly string[] = ['AccessDeniedException', 'ForbiddenException', 'UnauthorizedException'];
/** Server-side errors and timeouts (left after the SDK's own retries), retried until the deadline. */
const TRANSIENT_ERROR_NAMES: readonly string[] = [
  'InternalServerErrorException', 'ServiceUnavailableException', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', CALL_TIMEOUT_ERROR,
];

/** Properties of the custom resource (CloudFormation passes every value as a string). */
export interface BootstrapBrokersResourceProperties {
  readonly ServiceToken: string;
  readonly ClusterArn: string;
  /**
   * Comma-separated attributes the stack reads: the handler waits until GetBootstrapBrokers returns
   * each of them (a mode being enabled may not have its string yet) and fails at the deadline otherwise.
   */
  readonly RequiredAttributes?: string;
  readonly [key: string]: string | undefined;
}

/** The subset of the CloudFormation custom-resource event used by this handler. */
export interface BootstrapBrokersEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: BootstrapBrokersResourceProperties;
  readonly OldResourceProperties?: BootstrapBrokersResourceProperties;
  readonly PhysicalResourceId?: string;
}

/** The subset of the Lambda context used by this handler. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** Every attribute, '' when the cluster has no such broker string. */
export type BootstrapBrokersData = Record<BootstrapBrokerAttribute, string>;

/** What the CustomResourceProvider entrypoint expects back. */
export interface BootstrapBrokersResult {
  readonly PhysicalResourceId?: string;
  readonly Data?: BootstrapBrokersData;
}

/** Injected dependencies, so that tests control the SDK and time. */
export interface BootstrapBrokersDeps {
  readonly client: KafkaClient;
  /** Epoch ms after which no further attempt is started. */
  readonly deadline: number;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** [0, 1) jitter source; defaults to Math.random. */
  random?(): number;
  /** One concise line per attempt / outcome; defaults to a no-op. */
  log?(message: string): void;
  /** Calls `fire` after `ms` unless the returned function is called first; defaults to setTimeout. */
  setTimer?(ms: number, fire: () => void): () => void;
}

type ErrorKind = 'throttled' | 'access-denied' | 'transient' | 'not-found' | 'other';

interface ResolvedDeps extends BootstrapBrokersDeps {
  random(): number;
  log(message: string): void;
  setTimer(ms: number, fire: () => void): () => void;
}

/**
 * Handles a custom-resource event with injected dependencies.
 */
export async function onEvent(event: BootstrapBrokersEvent, deps: BootstrapBrokersDeps): Promise<BootstrapBrokersResult> {
  const d: ResolvedDeps = {
    ...deps,
    random: deps.random ?? Math.random,
    log: deps.log ?? (() => undefined),
    setTimer: deps.setTimer ?? realTimer,
  };

  if (event.RequestType === 'Delete') {
    // Nothing to delete, and the cluster may already be gone: no API calls.
    d.log(`Delete ${event.PhysicalResourceId}: nothing to do`);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  if (event.RequestType !== 'Create' && event.RequestType !== 'Update') {
    throw new Error(`Unsupported RequestType: ${String(event.RequestType)}`);
  }

  const clusterArn = event.ResourceProperties.ClusterArn;
  if (typeof clusterArn !== 'string' || clusterArn === '') {
    throw new Error('The ClusterArn property is required');
  }
  const required = requiredAttributes(event.ResourceProperties.RequiredAttributes);

  const state = await waitForUsableCluster(clusterArn, d);
  const data = await readBrokers(clusterArn, state, required, d);
  const present = BOOTSTRAP_BROKER_ATTRIBUTES.filter((key) => data[key] !== '');
  d.log(`${event.RequestType} ${clusterArn} (${state}): ${present.join(', ') || 'no bootstrap broker strings'}`);
  return { PhysicalResourceId: clusterArn, Data: data };
}

let kafkaClient: KafkaClient | undefined;

/**
 * The Lambda entry point (called by the CustomResourceProvider entrypoint) with `timer` for every
 * wait; it settles at the latest RESPONSE_RESERVE_MS before the Lambda timeout.
 */
export function createHandler(timer: (ms: number, fire: () => void) => () => void):
(event: BootstrapBrokersEvent, context: LambdaContext) => Promise<BootstrapBrokersResult> {
  return async (event, context) => {
    kafkaClient ??= new KafkaClient({
      // Never let a single hung request eat the safety margin.
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 },
    });
    const remaining = context.getRemainingTimeInMillis();
    const work = onEvent(event, {
      client: kafkaClient,
      deadline: Date.now() + remaining - DEADLINE_SAFETY_MARGIN_MS,
      sleep: (ms) => new Promise<void>((resolve) => {
        timer(ms, resolve);
      }),
      now: () => Date.now(),
      random: Math.random,
      log: (message) => console.log(message),
      setTimer: timer,
    });
    const stopAfter = Math.max(0, remaining - RESPONSE_RESERVE_MS);
    return withTimeLimit(work, stopAfter, timer, () => new Error(
      `Gave up after ${Math.round(stopAfter / 1000)} s, ${RESPONSE_RESERVE_MS / 1000} s before the Lambda timeout, so that CloudFormation gets an answer `
      + `(cluster ${event.ResourceProperties.ClusterArn}); the function's log shows what it was waiting for`));
  };
}

/** Lambda entry point (called by the CustomResourceProvider entrypoint). */
export const handler = createHandler(realTimer);

/** setTimeout, cancelled by the returned function. */
function realTimer(ms: number, fire: () => void): () => void {
  const timeout = setTimeout(fire, ms);
  return () => clearTimeout(timeout);
}

/** `work`, or a rejection with `error()` when it has not settled after `ms`. */
async function withTimeLimit<T>(work: Promise<T>, ms: number, timer: ResolvedDeps['setTimer'], error: () => Error): Promise<T> {
  let cancel: () => void = () => undefined;
  const limit = new Promise<never>((_, reject) => {
    cancel = timer(ms, () => reject(error()));
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    cancel();
  }
}

/** The attribute names of RequiredAttributes; unknown names are an error (the construct wrote them). */
function requiredAttributes(value: string | undefined): BootstrapBrokerAttribute[] {
  const names = (value ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(BOOTSTRAP_BROKER_ATTRIBUTES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`RequiredAttributes names unknown bootstrap broker attributes: ${unknown.join(', ')}`);
  }
  return names as BootstrapBrokerAttribute[];
}

/** Describes the cluster until it is in a usable state; returns that state. */
async function waitForUsableCluster(clusterArn: string, d: ResolvedDeps): Promise<string> {
  for (;;) {
    const out = await callWithRetries('DescribeClusterV2', clusterArn, d,
      (abortSignal) => d.client.send(new DescribeClusterV2Command({ ClusterArn: clusterArn }), { abortSignal }));
    const state: string | undefined = out.ClusterInfo?.State;
    if (state !== undefined && USABLE_CLUSTER_STATES.includes(state)) {
      return state;
    }
    if (state !== undefined && FAILED_CLUSTER_STATES.includes(state)) {
      const info = out.ClusterInfo?.StateInfo;
      const detail = info?.Code || info?.Message ? ` (${[info.Code, info.Message].filter(Boolean).join(': ')})` : '';
      throw new Error(`MSK cluster ${clusterArn} is in state ${state}${detail}; its bootstrap brokers cannot be read`);
    }
    // CREATING, no state yet, or a state this handler does not know: wait.
    const now = d.now();
    if (now >= d.deadline) {
      throw new Error(`Timed out waiting for MSK cluster ${clusterArn} to become ACTIVE (last state: ${state ?? 'unknown'})`);
    }
    const delay = Math.min(POLL_INTERVAL_MS, d.deadline - now);
    d.log(`MSK cluster ${clusterArn} is ${state ?? 'in no reported state'}; checking again in ${delay} ms`);
    await d.sleep(delay);
  }
}

/**
 * Reads the broker strings until every required one is there (a mode just enabled may not have its
 * string yet); '' for the others the cluster does not have.
 */
async function readBrokers(clusterArn: string, state: string, required: BootstrapBrokerAttribute[], d: ResolvedDeps): Promise<BootstrapBrokersData> {
  for (;;) {
    const brokers = await callWithRetries('GetBootstrapBrokers', clusterArn, d,
      (abortSignal) => d.client.send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }), { abortSignal }));
    const data = toData(brokers);
    const missing = required.filter((key) => data[key] === '');
    if (missing.length === 0) {
      return data;
    }
    const now = d.now();
    if (now >= d.deadline) {
      throw new Error(`GetBootstrapBrokers for MSK cluster ${clusterArn} (${state}) still returns no ${missing.join(', ')}, which the stack reads; `
        + 'check that the cluster enables the matching client authentication mode');
    }
    const delay = Math.min(POLL_INTERVAL_MS, d.deadline - now);
    d.log(`MSK cluster ${clusterArn} has no ${missing.join(', ')} yet; reading again in ${delay} ms`);
    await d.sleep(delay);
  }
}

/**
 * Calls the SDK, abandoning a call after CALL_TIMEOUT_MS (or at the deadline), retrying throttling,
 * transient errors and abandoned calls until the deadline and access denials for
 * ACCESS_DENIED_RETRY_WINDOW_MS; everything else fails immediately.
 */
async function callWithRetries<T>(operation: string, clusterArn: string, d: ResolvedDeps, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  let retries = 0;
  let firstDeniedAt: number | undefined;
  for (;;) {
    try {
      return await withCallTimeout(d, call);
    } catch (err) {
      const kind = classifyError(err);
      const description = describeError(err);
      if (kind === 'not-found') {
        throw new Error(`MSK cluster ${clusterArn} not found (${operation}: ${description})`, { cause: err });
      }
      if (kind === 'other') {
        throw new Error(`${operation} failed for MSK cluster ${clusterArn}: ${description}`, { cause: err });
      }

      const now = d.now();
      let retryUntil = d.deadline;
      if (kind === 'access-denied') {
        firstDeniedAt ??= now;
        const deniedUntil = firstDeniedAt + ACCESS_DENIED_RETRY_WINDOW_MS;
        if (now >= deniedUntil) {
          throw new Error(
            `${operation} on MSK cluster ${clusterArn} was still denied after retrying for ${ACCESS_DENIED_RETRY_WINDOW_MS / 1000} s `
            + `(longer than IAM propagation normally takes); check that the handler's role allows kafka:${operation} on the cluster: ${description}`,
            { cause: err });
        }
        retryUntil = Math.min(retryUntil, deniedUntil);
      }
      if (now >= d.deadline || retries >= MAX_RETRIES_PER_CALL) {
        const waitingFor = kind === 'throttled' ? 'throttling to stop'
          : kind === 'transient' ? 'the MSK API to answer' : 'access to be granted (IAM propagation)';
        const gaveUp = now >= d.deadline ? 'Timed out' : `Gave up after ${retries + 1} attempts`;
        throw new Error(`${gaveUp} calling ${operation} for MSK cluster ${clusterArn} while waiting for ${waitingFor}: ${description}`, { cause: err });
      }

      const delay = Math.min(backoffDelay(retries, d.random), retryUntil - now);
      retries++;
      d.log(`${operation} ${clusterArn}: ${kind} (${description}); retry ${retries} in ${delay} ms`);
      await d.sleep(delay);
    }
  }
}

/** An error for a call abandoned after `ms`. */
class CallTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms / 1000} s; the call was abandoned`);
    this.name = CALL_TIMEOUT_ERROR;
  }
}

/**
 * `call`, aborted and rejected with a CallTimeoutError when it has not settled within CALL_TIMEOUT_MS,
 * or by the deadline (at least MIN_CALL_TIMEOUT_MS).
 */
async function withCallTimeout<T>(d: ResolvedDeps, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ms = Math.min(CALL_TIMEOUT_MS, Math.max(MIN_CALL_TIMEOUT_MS, d.deadline - d.now()));
  const controller = new AbortController();
  let cancel: () => void = () => undefined;
  const timedOut = new Promise<never>((_, reject) => {
    cancel = d.setTimer(ms, () => {
      controller.abort();
      reject(new CallTimeoutError(ms));
    });
  });
  try {
    return await Promise.race([call(controller.signal), timedOut]);
  } finally {
    cancel();
  }
}

/** Exponential backoff with full jitter: random in [0, min(cap, base * 2^retry)). */
function backoffDelay(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

function classifyError(err: unknown): ErrorKind {
  const name = errorName(err);
  const status = httpStatusCode(err);
  if ((name !== undefined && THROTTLING_ERROR_NAMES.includes(name)) || status === 429) {
    return 'throttled';
  }
  if ((name !== undefined && ACCESS_DENIED_ERROR_NAMES.includes(name)) || status === 403) {
    return 'access-denied';
  }
  if (name === 'NotFoundException') {
    return 'not-found';
  }
  if ((name !== undefined && TRANSIENT_ERROR_NAMES.includes(name)) || (status !== undefined && status >= 500)) {
    return 'transient';
  }
  return 'other';
}

function errorName(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string' ? err.name : undefined;
}

function httpStatusCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('$metadata' in err)) {
    return undefined;
  }
  const metadata = err.$metadata;
  if (typeof metadata !== 'object' || metadata === null || !('httpStatusCode' in metadata)) {
    return undefined;
  }
  return typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    return err.message ? `${err.name}: ${err.message}` : err.name;
  }
  return String(err);
}

function toData(brokers: GetBootstrapBrokersCommandOutput | undefined): BootstrapBrokersData {
  const data = {} as BootstrapBrokersData;
  for (const key of BOOTSTRAP_BROKER_ATTRIBUTES) {
    const value = brokers?.[key];
    data[key] = typeof value === 'string' ? value : '';
  }
  return data;
}

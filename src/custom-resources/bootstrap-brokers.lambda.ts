/**
 * Custom-resource handler returning an MSK cluster's bootstrap broker strings.
 *
 * Bundled by esbuild (with `@aws-sdk/*` external) for the Lambda nodejs22.x runtime and invoked
 * through aws-cdk-lib's `CustomResourceProvider` entrypoint, which implements the CloudFormation
 * response protocol: this handler only returns `{ PhysicalResourceId, Data }` or throws.
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
/** First backoff delay for throttled / access-denied calls (doubles per retry, full jitter). */
export const BACKOFF_BASE_MS = 1_000;
/** Upper bound of a single backoff delay. */
export const BACKOFF_MAX_MS = 20_000;
/** How long access-denied errors are retried (IAM propagation), counted from the first denial of a call. */
export const ACCESS_DENIED_RETRY_WINDOW_MS = 3 * 60_000;
/** Time kept in reserve before the Lambda timeout, so a clear error can still be reported. */
export const DEADLINE_SAFETY_MARGIN_MS = 30_000;

/** Cluster states in which the bootstrap brokers can be read. */
export const USABLE_CLUSTER_STATES: readonly string[] = ['ACTIVE', 'UPDATING', 'HEALING', 'MAINTENANCE', 'REBOOTING_BROKER'];
/** Cluster states from which the cluster will never become usable. */
export const FAILED_CLUSTER_STATES: readonly string[] = ['FAILED', 'DELETING'];

const THROTTLING_ERROR_NAMES: readonly string[] = ['ThrottlingException', 'TooManyRequestsException'];
const ACCESS_DENIED_ERROR_NAMES: readonly string[] = ['AccessDeniedException', 'ForbiddenException', 'UnauthorizedException'];

/** Properties of the custom resource (CloudFormation passes every value as a string). */
export interface BootstrapBrokersResourceProperties {
  readonly ServiceToken: string;
  readonly ClusterArn: string;
  readonly [key: string]: string;
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
}

type ErrorKind = 'throttled' | 'access-denied' | 'not-found' | 'other';

interface ResolvedDeps extends BootstrapBrokersDeps {
  random(): number;
  log(message: string): void;
}

/**
 * Handles a custom-resource event with injected dependencies.
 */
export async function onEvent(event: BootstrapBrokersEvent, deps: BootstrapBrokersDeps): Promise<BootstrapBrokersResult> {
  const d: ResolvedDeps = {
    ...deps,
    random: deps.random ?? Math.random,
    log: deps.log ?? (() => undefined),
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

  const state = await waitForUsableCluster(clusterArn, d);
  const brokers = await callWithRetries('GetBootstrapBrokers', clusterArn, d,
    () => d.client.send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn })));
  const data = toData(brokers);
  const present = BOOTSTRAP_BROKER_ATTRIBUTES.filter((key) => data[key] !== '');
  d.log(`${event.RequestType} ${clusterArn} (${state}): ${present.join(', ') || 'no bootstrap broker strings'}`);
  return { PhysicalResourceId: clusterArn, Data: data };
}

let kafkaClient: KafkaClient | undefined;

/**
 * Lambda entry point (called by the CustomResourceProvider entrypoint).
 */
export async function handler(event: BootstrapBrokersEvent, context: LambdaContext): Promise<BootstrapBrokersResult> {
  kafkaClient ??= new KafkaClient({
    // Never let a single hung request eat the safety margin.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 },
  });
  return onEvent(event, {
    client: kafkaClient,
    deadline: Date.now() + context.getRemainingTimeInMillis() - DEADLINE_SAFETY_MARGIN_MS,
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: Math.random,
    log: (message) => console.log(message),
  });
}

/** Describes the cluster until it is in a usable state; returns that state. */
async function waitForUsableCluster(clusterArn: string, d: ResolvedDeps): Promise<string> {
  for (;;) {
    const out = await callWithRetries('DescribeClusterV2', clusterArn, d,
      () => d.client.send(new DescribeClusterV2Command({ ClusterArn: clusterArn })));
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
 * Calls the SDK, retrying throttling until the deadline and access denials for
 * ACCESS_DENIED_RETRY_WINDOW_MS; everything else fails immediately.
 */
async function callWithRetries<T>(operation: string, clusterArn: string, d: ResolvedDeps, call: () => Promise<T>): Promise<T> {
  let retries = 0;
  let firstDeniedAt: number | undefined;
  for (;;) {
    try {
      return await call();
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
      if (now >= d.deadline) {
        const waitingFor = kind === 'throttled' ? 'throttling to stop' : 'access to be granted (IAM propagation)';
        throw new Error(`Timed out calling ${operation} for MSK cluster ${clusterArn} while waiting for ${waitingFor}: ${description}`, { cause: err });
      }

      const delay = Math.min(backoffDelay(retries, d.random), retryUntil - now);
      retries++;
      d.log(`${operation} ${clusterArn}: ${kind} (${description}); retry ${retries} in ${delay} ms`);
      await d.sleep(delay);
    }
  }
}

/** Exponential backoff with full jitter: random in [0, min(cap, base * 2^retry)). */
function backoffDelay(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** retry);
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

function toData(brokers: GetBootstrapBrokersCommandOutput): BootstrapBrokersData {
  const data = {} as BootstrapBrokersData;
  for (const key of BOOTSTRAP_BROKER_ATTRIBUTES) {
    data[key] = brokers[key] ?? '';
  }
  return data;
}

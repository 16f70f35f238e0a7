/**
 * Custom-resource handler returning an MSK cluster's bootstrap broker strings.
 *
 * Served by the stack's one provider Lambda (./provider.lambda.ts, bundled by esbuild with `@aws-sdk/*`
 * external for the Lambda nodejs22.x runtime), invoked through aws-cdk-lib's `CustomResourceProvider`
 * entrypoint, which implements the CloudFormation response protocol: this handler only returns
 * `{ PhysicalResourceId, Data }` or throws.
 *
 * The entrypoint sends no response when the Lambda is killed by its timeout (CloudFormation would then
 * wait for the resource's ServiceTimeout), so the handler bounds everything it waits for, with the
 * retries and time limits of ./sdk-retry (shared with the other handlers).
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
import { BootstrapBrokersData, MAX_RESPONSE_BYTES, shapeResponseData } from './bootstrap-brokers-data';
import { answerDelete, CustomResourceEvent, HandlerTimeDeps, withDefaults } from './handler-kit';
import {
  callWithRetries,
  LambdaContext,
  realTimer,
  RetryDeps,
  timeLimitedEntryPoint,
} from './sdk-retry';

export {
  ACCESS_DENIED_RETRY_WINDOW_MS,
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  CALL_TIMEOUT_ERROR,
  CALL_TIMEOUT_MS,
  DEADLINE_SAFETY_MARGIN_MS,
  MAX_RETRIES_PER_CALL,
  MIN_CALL_TIMEOUT_MS,
  RESPONSE_RESERVE_MS,
} from './sdk-retry';

/** Interval between DescribeClusterV2 polls while the cluster is being created. */
export const POLL_INTERVAL_MS = 15_000;
/** Cluster states in which the bootstrap brokers can be read. */
export const USABLE_CLUSTER_STATES: readonly string[] = ['ACTIVE', 'UPDATING', 'HEALING', 'MAINTENANCE', 'REBOOTING_BROKER'];
/** Cluster states from which the cluster will never become usable. */
export const FAILED_CLUSTER_STATES: readonly string[] = ['FAILED', 'DELETING'];

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
export interface BootstrapBrokersEvent extends CustomResourceEvent<BootstrapBrokersResourceProperties> {
  /** Copied into the response with StackId, so they count towards its 4096-byte limit. */
  readonly RequestId?: string;
  readonly LogicalResourceId?: string;
}

/** Every GetBootstrapBrokers string, '' when the cluster has no such string (the handler's working copy). */
type BrokerStrings = Record<BootstrapBrokerAttribute, string>;

/** What the CustomResourceProvider entrypoint expects back. */
export interface BootstrapBrokersResult {
  readonly PhysicalResourceId?: string;
  readonly Data?: BootstrapBrokersData;
}

/** Injected dependencies, so that tests control the SDK and time. */
export interface BootstrapBrokersDeps extends HandlerTimeDeps {
  readonly client: KafkaClient;
}

type ResolvedDeps = BootstrapBrokersDeps & RetryDeps;

/**
 * Handles a custom-resource event with injected dependencies.
 */
export async function onEvent(event: BootstrapBrokersEvent, deps: BootstrapBrokersDeps): Promise<BootstrapBrokersResult> {
  const d: ResolvedDeps = withDefaults(deps);
  const deleted = answerDelete(event, d.log);
  if (deleted) {
    return deleted;
  }

  const clusterArn = event.ResourceProperties.ClusterArn;
  if (typeof clusterArn !== 'string' || clusterArn === '') {
    throw new Error('The ClusterArn property is required');
  }
  const required = requiredAttributes(event.ResourceProperties.RequiredAttributes);

  const state = await waitForUsableCluster(clusterArn, d);
  const brokers = await readBrokers(clusterArn, state, required, d);
  const present = BOOTSTRAP_BROKER_ATTRIBUTES.filter((key) => brokers[key] !== '');
  d.log(`${event.RequestType} ${clusterArn} (${state}): ${present.join(', ') || 'no bootstrap broker strings'}; returning ${required.join(', ') || 'none'}`);
  // Only what the stack reads, so the response stays within CloudFormation's 4096 bytes.
  const { data, shortened } = shapeResponseData(brokers, required, {
    PhysicalResourceId: clusterArn, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
  });
  for (const s of shortened) {
    d.log(`${s.attribute}: returning ${s.kept} of ${s.of} brokers, to fit the ${MAX_RESPONSE_BYTES}-byte response limit`);
  }
  return { PhysicalResourceId: clusterArn, Data: data };
}

let kafkaClient: KafkaClient | undefined;

/**
 * The Lambda entry point (called by the CustomResourceProvider entrypoint) with `timer` for every
 * wait; it settles at the latest RESPONSE_RESERVE_MS before the Lambda timeout.
 */
export function createHandler(timer: (ms: number, fire: () => void) => () => void):
(event: BootstrapBrokersEvent, context: LambdaContext) => Promise<BootstrapBrokersResult> {
  return timeLimitedEntryPoint<BootstrapBrokersEvent, BootstrapBrokersResult>(timer,
    (event) => `cluster ${event.ResourceProperties.ClusterArn}`,
    (event, deps) => {
      // Never let a single hung request eat the safety margin.
      kafkaClient ??= new KafkaClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 } });
      return onEvent(event, { ...deps, client: kafkaClient });
    });
}

/** Lambda entry point (called by the CustomResourceProvider entrypoint). */
export const handler = createHandler(realTimer);

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
    const out = await callWithRetries('DescribeClusterV2', `MSK cluster ${clusterArn}`, d,
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
async function readBrokers(clusterArn: string, state: string, required: BootstrapBrokerAttribute[], d: ResolvedDeps): Promise<BrokerStrings> {
  for (;;) {
    const brokers = await callWithRetries('GetBootstrapBrokers', `MSK cluster ${clusterArn}`, d,
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

function toData(brokers: GetBootstrapBrokersCommandOutput | undefined): BrokerStrings {
  const data = {} as BrokerStrings;
  for (const key of BOOTSTRAP_BROKER_ATTRIBUTES) {
    const value = brokers?.[key];
    data[key] = typeof value === 'string' ? value : '';
  }
  return data;
}

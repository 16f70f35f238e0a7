/**
 * `Custom::MskKafkaAcls` in the stack's provider (outside any VPC): reads the Kafka admin's SCRAM secret,
 * then invokes the Kafka ACL worker inside the cluster's VPC (WorkerFunction) with the request and the
 * credentials, and returns its answer (./kafka-worker-request.lambda.ts says why the work is split).
 *
 * - RetainOnDelete on a Delete: nothing to do, the worker is not invoked.
 * - A Delete whose secret cannot be read (deleted with its key, or access gone) succeeds with a log line,
 *   as the worker's own Delete does for a cluster that cannot be reached: a stack deletion never hangs on it.
 * - The invocation is synchronous; a function that is not ready yet (ResourceConflictException while its
 *   network interfaces are being set up), throttling and transient errors are retried until the deadline, and
 *   access denials for ACCESS_DENIED_RETRY_WINDOW_MS (the provider's lambda:InvokeFunction grant propagating).
 *   An error of the worker fails the request with the worker's message (it names the ACL and the Kafka error).
 * - The secret reading and the invocation are shared with ./kafka-acls-ready.lambda.ts (the deny-by-default check).
 *
 * Not compiled by jsii; bundled into the provider by esbuild with `@aws-sdk/*` external.
 */
// The SDK clients are devDependencies on purpose: the Lambda runtime provides them, and they stay external when bundling.
// eslint-disable-next-line import/no-extraneous-dependencies
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
// eslint-disable-next-line import/no-extraneous-dependencies
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HandlerTimeDeps, withDefaults } from './handler-kit';
import { KafkaAclsEvent, KafkaAclsResult, KafkaAdminCredentials } from './kafka-acls.lambda';
import { KafkaWorkerRequest, workerApplyRequest } from './kafka-worker-request.lambda';
import {
  ACCESS_DENIED_RETRY_WINDOW_MS, backoffDelay, callWithRetries, classifyError, describeError, LambdaContext, MAX_RETRIES_PER_CALL, RetryDeps,
  timeLimitedEntryPoint,
} from './sdk-retry';

/** The provider's view of a `Custom::MskKafkaAcls` request: the worker's function too. */
export type KafkaAclsDispatchEvent = KafkaAclsEvent & {
  readonly ResourceProperties: KafkaAclsEvent['ResourceProperties'] & {
    /** ARN of the Kafka ACL worker Lambda in the cluster's VPC. */
    readonly WorkerFunction: string;
  };
};

/** What the worker answered: its result, or the message of the error it threw. */
export type WorkerAnswer<R = KafkaAclsResult> = { readonly result: R } | { readonly errorMessage: string };

/** Injected dependencies: the secret, the worker and time. */
export interface KafkaAclsDispatchDeps extends HandlerTimeDeps {
  /** Secrets Manager GetSecretValue of `secretArn`, parsed ({username, password}). */
  readSecret(secretArn: string, abortSignal: AbortSignal): Promise<KafkaAdminCredentials>;
  /** Invokes the worker synchronously; rejects with the SDK's error when the invocation itself fails. */
  invokeWorker(functionArn: string, request: KafkaWorkerRequest, abortSignal: AbortSignal): Promise<WorkerAnswer>;
}

/** SDK errors of Invoke worth another attempt besides throttling and transient ones: the function is not ready yet. */
const NOT_READY_ERRORS: readonly string[] = ['ResourceConflictException', 'ResourceNotReadyException', 'EC2ThrottledException'];

/** Handles the request with injected dependencies. */
export async function onEvent(event: KafkaAclsDispatchEvent, deps: KafkaAclsDispatchDeps): Promise<KafkaAclsResult> {
  const d = withDefaults(deps);
  const props = event.ResourceProperties;
  const subject = typeof props.Subject === 'string' && props.Subject !== '' ? props.Subject : 'Kafka ACLs';
  if (event.RequestType === 'Delete' && props.RetainOnDelete === 'true') {
    d.log(`Delete ${subject}: RetainOnDelete is set, the ACLs stay`);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  if (typeof props.WorkerFunction !== 'string' || props.WorkerFunction === '' || typeof props.AdminSecretArn !== 'string' || props.AdminSecretArn === '') {
    const problem = `the WorkerFunction and AdminSecretArn properties of ${subject} must both be set`;
    if (event.RequestType === 'Delete') {
      d.log(`Delete ${subject}: nothing deleted, ${problem}`);
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    throw new Error(`${event.RequestType} of ${subject} failed: ${problem}`);
  }

  let credentials: KafkaAdminCredentials;
  try {
    credentials = await readAdminSecret(props.AdminSecretArn, d, d.readSecret);
  } catch (err) {
    if (event.RequestType === 'Delete') {
      d.log(`Delete ${subject}: the ACLs were not deleted and the delete succeeds anyway, the admin secret cannot be read: ${describeError(err)}`);
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    throw err;
  }

  const request = workerApplyRequest(event, credentials);
  const answer = await invokeWithRetries(props.WorkerFunction, request, subject, d, d.invokeWorker);
  if ('errorMessage' in answer) {
    throw new Error(`${event.RequestType} of ${subject} failed in the Kafka ACL worker (${props.WorkerFunction}; its log has each step): ${answer.errorMessage}`);
  }
  return answer.result;
}

/** Reads the admin secret with `read`, with the retries of every SDK call (./sdk-retry.ts); a denial names secretsmanager:GetSecretValue. */
export async function readAdminSecret(secretArn: string, d: RetryDeps,
  read: (secretArn: string, abortSignal: AbortSignal) => Promise<KafkaAdminCredentials>): Promise<KafkaAdminCredentials> {
  return callWithRetries('GetSecretValue', `the Kafka admin secret ${secretArn}`, d, (signal) => read(secretArn, signal), 'secretsmanager:GetSecretValue');
}

/**
 * Invokes the worker, retrying (with backoff, until the deadline, at most MAX_RETRIES_PER_CALL times) a function that
 * is not ready yet, throttling, transient errors and, for ACCESS_DENIED_RETRY_WINDOW_MS from the first denial, access
 * denials: the provider's lambda:InvokeFunction grant may still be propagating (IAM user guide, "Changes that I make
 * are not always immediately visible"), as callWithRetries does for the other SDK calls.
 */
export async function invokeWithRetries<Q extends KafkaWorkerRequest, R>(functionArn: string, request: Q, subject: string, d: RetryDeps,
  invoke: (functionArn: string, request: Q, abortSignal: AbortSignal) => Promise<R>): Promise<R> {
  let retries = 0;
  let firstDeniedAt: number | undefined;
  for (;;) {
    const controller = new AbortController();
    // The worker settles before its own timeout; the provider stops waiting at its deadline at the latest.
    const cancel = d.setTimer(Math.max(0, d.deadline - d.now()), () => controller.abort());
    try {
      return await invoke(functionArn, request, controller.signal);
    } catch (err) {
      const name = (err as { name?: unknown }).name;
      const kind = classifyError(err);
      const denied = kind === 'access-denied';
      const retriable = denied || kind === 'throttled' || kind === 'transient' || (typeof name === 'string' && NOT_READY_ERRORS.includes(name));
      const now = d.now();
      let retryUntil = d.deadline;
      if (denied) {
        firstDeniedAt ??= now;
        retryUntil = Math.min(retryUntil, firstDeniedAt + ACCESS_DENIED_RETRY_WINDOW_MS);
      }
      if (!retriable || now >= retryUntil || retries >= MAX_RETRIES_PER_CALL) {
        const hint = denied ? `; check that the provider's role allows lambda:InvokeFunction on ${functionArn} `
          + `(still denied after ${Math.round((now - (firstDeniedAt ?? now)) / 1000)} s, longer than IAM propagation normally takes)` : '';
        throw new Error(`Invoking the Kafka ACL worker ${functionArn} for ${subject} failed`
          + `${retriable ? ` after ${retries + 1} attempt(s)` : ''}${hint}: ${describeError(err)}`, { cause: err });
      }
      const delay = Math.min(backoffDelay(retries, d.random), retryUntil - now);
      retries++;
      d.log(`Invoke ${functionArn}: ${kind === 'other' ? 'not ready' : kind} (${describeError(err)}); retry ${retries} in ${delay} ms`);
      await d.sleep(delay);
    } finally {
      cancel();
    }
  }
}

/** Parses a GetSecretValue SecretString: a JSON object with string `username` and `password`. */
export function parseAdminSecret(secretArn: string, secretString: string | undefined): KafkaAdminCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? '');
  } catch {
    throw new Error(`The Kafka admin secret ${secretArn} is not JSON {"username": ..., "password": ...}`);
  }
  const o = parsed as { username?: unknown; password?: unknown };
  if (typeof o !== 'object' || o === null || typeof o.username !== 'string' || typeof o.password !== 'string' || o.username === '' || o.password === '') {
    throw new Error(`The Kafka admin secret ${secretArn} has no string "username" and "password"`);
  }
  return { username: o.username, password: o.password };
}

/**
 * Reads a Lambda Invoke output: the worker's result (`read` of its parsed JSON payload), or its error message when
 * FunctionError is set (the runtime's `errorMessage`, or the raw payload, e.g. a timeout's).
 */
export function readWorkerAnswer<R>(functionError: string | undefined, payload: Uint8Array | undefined,
  read: (parsed: unknown) => R): WorkerAnswer<R> {
  const text = payload ? Buffer.from(payload).toString('utf8') : '';
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (functionError !== undefined) {
    const message = (parsed as { errorMessage?: unknown } | undefined)?.errorMessage;
    return { errorMessage: typeof message === 'string' ? message : `${functionError}: ${text.slice(0, 1000)}` };
  }
  return { result: read(parsed) };
}

/** Reads a Lambda Invoke output of an `apply` request: the worker's physical id, or its error message when FunctionError is set. */
export function readWorkerPayload(functionError: string | undefined, payload: Uint8Array | undefined): WorkerAnswer {
  return readWorkerAnswer(functionError, payload, (parsed) => {
    const physicalId = (parsed as { PhysicalResourceId?: unknown } | undefined)?.PhysicalResourceId;
    return { PhysicalResourceId: typeof physicalId === 'string' ? physicalId : undefined };
  });
}

/** `readSecret` over a Secrets Manager client: GetSecretValue, parsed ({username, password}). */
export function secretReader(secrets: SecretsManagerClient): (secretArn: string, abortSignal: AbortSignal) => Promise<KafkaAdminCredentials> {
  return async (secretArn, abortSignal) => {
    const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }), { abortSignal });
    return parseAdminSecret(secretArn, out.SecretString);
  };
}

/** Invokes the worker synchronously over a Lambda client and reads its answer with `read`. */
export function workerInvoker<Q extends KafkaWorkerRequest, R>(lambda: LambdaClient,
  read: (functionError: string | undefined, payload: Uint8Array | undefined) => R):
  (functionArn: string, request: Q, abortSignal: AbortSignal) => Promise<R> {
  return async (functionArn, request, abortSignal) => {
    const out = await lambda.send(new InvokeCommand({
      FunctionName: functionArn,
      InvocationType: 'RequestResponse',
      Payload: Buffer.from(JSON.stringify(request)),
    }), { abortSignal });
    return read(out.FunctionError, out.Payload);
  };
}

/** A Lambda client for worker invocations: one attempt per Invoke (retries are invokeWithRetries', bounded by the deadline). */
export function workerLambdaClient(): LambdaClient {
  return new LambdaClient({ maxAttempts: 1 });
}

/** The entry point with `timer` for every wait, and real SDK clients. */
export function createHandler(timer: (ms: number, fire: () => void) => () => void):
(event: KafkaAclsDispatchEvent, context: LambdaContext) => Promise<KafkaAclsResult> {
  const readSecret = secretReader(new SecretsManagerClient({}));
  // The worker may run for minutes.
  const invokeWorker = workerInvoker<KafkaWorkerRequest, WorkerAnswer>(workerLambdaClient(), readWorkerPayload);
  return timeLimitedEntryPoint<KafkaAclsDispatchEvent, KafkaAclsResult>(timer,
    (event) => `${event.RequestType} of ${event.ResourceProperties.Subject}`,
    (event, deps) => onEvent(event, { ...deps, readSecret, invokeWorker }));
}

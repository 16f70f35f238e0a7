/**
 * Bounded retries and time limits shared by the custom-resource handlers (`*.lambda.ts`).
 *
 * The CustomResourceProvider entrypoint sends no response when the Lambda is killed by its timeout
 * (CloudFormation would then wait for the resource's ServiceTimeout), so a handler bounds everything
 * it waits for:
 * - every SDK call is abandoned after CALL_TIMEOUT_MS (or at the deadline) and counts as a failed attempt;
 * - throttling, transient server errors and abandoned calls are retried with capped exponential backoff
 *   and full jitter, access denials for ACCESS_DENIED_RETRY_WINDOW_MS, all only until the deadline
 *   (DEADLINE_SAFETY_MARGIN_MS before the Lambda timeout) and at most MAX_RETRIES_PER_CALL times;
 * - the handler gives up RESPONSE_RESERVE_MS before the Lambda timeout whatever it is waiting for
 *   ({@link withTimeLimit}), so the entrypoint always has time to report a failure.
 *
 * Free of any SDK import (errors are recognised by name and HTTP status).
 */

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
 * the handler gives up (throws) this long before the Lambda would be killed, whatever it is waiting for.
 */
export const RESPONSE_RESERVE_MS = 15_000;

/** Name of the error an abandoned call rejects with. */
export const CALL_TIMEOUT_ERROR = 'CallTimeoutError';

const THROTTLING_ERROR_NAMES: readonly string[] = ['ThrottlingException', 'TooManyRequestsException'];
const ACCESS_DENIED_ERROR_NAMES: readonly string[] = ['AccessDeniedException', 'ForbiddenException', 'UnauthorizedException'];
/** Server-side errors and timeouts (left after the SDK's own retries), retried until the deadline. */
const TRANSIENT_ERROR_NAMES: readonly string[] = [
  'InternalServerErrorException', 'ServiceUnavailableException', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', CALL_TIMEOUT_ERROR,
];

/** Time, randomness and logging a retrying handler needs (injected, so that tests control them). */
export interface RetryDeps {
  /** Epoch ms after which no further attempt is started. */
  readonly deadline: number;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** [0, 1) jitter source. */
  random(): number;
  /** One concise line per attempt / outcome. */
  log(message: string): void;
  /** Calls `fire` after `ms` unless the returned function is called first. */
  setTimer(ms: number, fire: () => void): () => void;
}

/** How an error is handled: retried (throttled, access-denied, transient) or not. */
export type ErrorKind = 'throttled' | 'access-denied' | 'transient' | 'not-found' | 'other';

/**
 * Calls the SDK, abandoning a call after CALL_TIMEOUT_MS (or at the deadline), retrying throttling,
 * transient errors and abandoned calls until the deadline and access denials for
 * ACCESS_DENIED_RETRY_WINDOW_MS; everything else fails immediately.
 *
 * @param operation the API name
 * @param subject what is being read, for messages (e.g. "MSK cluster arn:...")
 * @param action the IAM action a denial names
 */
export async function callWithRetries<T>(operation: string, subject: string, d: RetryDeps, call: (signal: AbortSignal) => Promise<T>,
  action: string = `kafka:${operation}`): Promise<T> {
  let retries = 0;
  let firstDeniedAt: number | undefined;
  for (;;) {
    try {
      return await withCallTimeout(d, call);
    } catch (err) {
      const kind = classifyError(err);
      const description = describeError(err);
      if (kind === 'not-found') {
        throw new Error(`${subject} not found (${operation}: ${description})`, { cause: err });
      }
      if (kind === 'other') {
        throw new Error(`${operation} failed for ${subject}: ${description}`, { cause: err });
      }

      const now = d.now();
      let retryUntil = d.deadline;
      if (kind === 'access-denied') {
        firstDeniedAt ??= now;
        const deniedUntil = firstDeniedAt + ACCESS_DENIED_RETRY_WINDOW_MS;
        if (now >= deniedUntil) {
          throw new Error(
            `${operation} on ${subject} was still denied after retrying for ${ACCESS_DENIED_RETRY_WINDOW_MS / 1000} s `
            + `(longer than IAM propagation normally takes); check that the handler's role allows ${action}: ${description}`,
            { cause: err });
        }
        retryUntil = Math.min(retryUntil, deniedUntil);
      }
      if (now >= d.deadline || retries >= MAX_RETRIES_PER_CALL) {
        const waitingFor = kind === 'throttled' ? 'throttling to stop'
          : kind === 'transient' ? 'the MSK API to answer' : 'access to be granted (IAM propagation)';
        const gaveUp = now >= d.deadline ? 'Timed out' : `Gave up after ${retries + 1} attempts`;
        throw new Error(`${gaveUp} calling ${operation} for ${subject} while waiting for ${waitingFor}: ${description}`, { cause: err });
      }

      const delay = Math.min(backoffDelay(retries, d.random), retryUntil - now);
      retries++;
      d.log(`${operation} ${subject}: ${kind} (${description}); retry ${retries} in ${delay} ms`);
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
export async function withCallTimeout<T>(d: RetryDeps, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
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

/** `work`, or a rejection with `error()` when it has not settled after `ms`. */
export async function withTimeLimit<T>(work: Promise<T>, ms: number, timer: RetryDeps['setTimer'], error: () => Error): Promise<T> {
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

/** setTimeout, cancelled by the returned function. */
export function realTimer(ms: number, fire: () => void): () => void {
  const timeout = setTimeout(fire, ms);
  return () => clearTimeout(timeout);
}

/** Exponential backoff with full jitter: random in [0, min(cap, base * 2^retry)). */
export function backoffDelay(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/** Throttling, access denial, not found, transient (retried until the deadline) or anything else. */
export function classifyError(err: unknown): ErrorKind {
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

/** `Name: message` of an error, for messages and logs. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    return err.message ? `${err.name}: ${err.message}` : err.name;
  }
  return String(err);
}

/** The subset of the Lambda context a handler uses. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/**
 * A Lambda entry point (called by the CustomResourceProvider entrypoint) that runs `run` with real time
 * and logging, a deadline DEADLINE_SAFETY_MARGIN_MS before the Lambda timeout, and settles at the latest
 * RESPONSE_RESERVE_MS before that timeout, so that CloudFormation always gets an answer. `subject` names
 * what the event is about, for the give-up message.
 */
export function timeLimitedEntryPoint<E, R>(
  timer: (ms: number, fire: () => void) => () => void,
  subject: (event: E) => string,
  run: (event: E, deps: RetryDeps) => Promise<R>,
): (event: E, context: LambdaContext) => Promise<R> {
  return async (event, context) => {
    const remaining = context.getRemainingTimeInMillis();
    const work = run(event, {
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
      + `(${subject(event)}); the function's log shows what it was waiting for`));
  };
}

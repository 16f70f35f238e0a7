/**
 * What every custom-resource handler of the library shares: the part of the CloudFormation request it
 * reads, the injected time and logging (with real defaults), and the answer to a Delete. Not compiled by
 * jsii (handlers are bundled by esbuild); kept free of SDK imports.
 */
import { realTimer, RetryDeps } from './sdk-retry';

/** The subset of a CloudFormation custom-resource request the handlers read. */
export interface CustomResourceEvent<P> {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: P;
  readonly OldResourceProperties?: P;
  readonly PhysicalResourceId?: string;
  /** ARN of the stack (every CloudFormation request carries it). */
  readonly StackId?: string;
}

/** Time, randomness and logging a handler takes, injected so that tests control them. */
export interface HandlerTimeDeps {
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

/** `deps` with the optional ones filled in. */
export function withDefaults<D extends HandlerTimeDeps>(deps: D): D & RetryDeps {
  return {
    ...deps,
    random: deps.random ?? Math.random,
    log: deps.log ?? (() => undefined),
    setTimer: deps.setTimer ?? realTimer,
  };
}

/**
 * The answer to a Delete (the library's custom resources own nothing, and the cluster may already be gone:
 * no API calls); undefined for a Create or an Update; an error for any other request type.
 */
export function answerDelete(event: CustomResourceEvent<unknown>, log: (message: string) => void): { PhysicalResourceId?: string } | undefined {
  if (event.RequestType === 'Delete') {
    log(`Delete ${event.PhysicalResourceId}: nothing to do`);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  if (event.RequestType !== 'Create' && event.RequestType !== 'Update') {
    throw new Error(`Unsupported RequestType: ${String(event.RequestType)}`);
  }
  return undefined;
}

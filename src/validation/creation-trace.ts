import { CfnElement, cx_api as cxapi } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The metadata type CDK uses for a resource's creation stack trace (cloud-assembly-schema). */
const CREATION_STACK = 'aws:cdk:creationStack';

/** Frames kept, as CDK keeps by default (Error.stackTraceLimit 10). */
const MAX_FRAMES = 10;

/**
 * Captures ONE creation stack trace for an L3 construct (where the user created it) and gives it to every
 * resource inside, instead of letting CDK capture a trace per resource.
 *
 * CDK records a creation stack trace for each CfnElement, to show in validation reports. For the resources
 * inside an L3 construct, those traces differ only in library frames, and capturing them (source-mapped under
 * ts-node) was the largest single synthesis cost of a cluster: 38 traces, ~12% of a quickstart synth. This
 * turns CDK's per-resource capture off inside `construct` (the context `aws:cdk:disable-creation-stack-traces`
 * set on its node only) and, when the tree is validated at synthesis, adds the construct's own trace to each
 * resource inside that has none. Reports still point at the user's `new ...(...)` line.
 *
 * Nothing changes when the user has set that context themselves (either value) or runs with `CDK_DEBUG`
 * (CDK then captures every trace regardless). Resources a user creates inside the construct's scope, and
 * library constructs nested in it, get the outer construct's trace.
 *
 * @param construct the L3 construct, before it has children
 * @param constructor the L3's `new.target`; frames from it inward are left out
 */
export function shareCreationTrace(construct: IConstruct, constructor: Function): void {
  const node = construct.node;
  if (node.tryGetContext(cxapi.DISABLE_CREATION_STACK_TRACES) !== undefined || node.children.length > 0) {
    return;
  }
  const trace = captureTrace(constructor);
  node.setContext(cxapi.DISABLE_CREATION_STACK_TRACES, true);
  node.addValidation({
    validate: () => {
      for (const child of node.findAll()) {
        if (CfnElement.isCfnElement(child) && !child.node.metadata.some((entry) => entry.type === CREATION_STACK)) {
          child.node.addMetadata(CREATION_STACK, trace);
        }
      }
      return [];
    },
  });
}

function captureTrace(below: Function): string[] {
  return jsFrames(below, MAX_FRAMES).map((line) => line.slice('at '.length)).concat(hostFrames());
}

/** The JavaScript stack frames above `below` (`at ...` lines, trimmed), at most `limit`. */
export function jsFrames(below: Function, limit: number): string[] {
  const holder: { stack?: string } = {};
  const previousLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = limit;
  try {
    Error.captureStackTrace(holder, below);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  return (holder.stack ?? '').split('\n').map((line) => line.trim()).filter((line) => line.startsWith('at '));
}

/**
 * Under jsii (Python, Java, .NET, Go), the caller's own frames: the jsii runtime publishes them on this global
 * symbol as [file, line, column, function] tuples, and CDK appends them to its traces the same way.
 */
export function hostFrames(): string[] {
  const hostTrace: unknown = (globalThis as Record<symbol, unknown>)[Symbol.for('jsii.context.hostStackTrace')];
  if (!Array.isArray(hostTrace)) {
    return [];
  }
  return hostTrace.slice(1).filter((frame): frame is unknown[] => Array.isArray(frame)).map((frame) => {
    const [file, line, column, name] = frame;
    return `${String(name)} (${String(file)}:${String(line)}${typeof column === 'number' && column > 0 ? `:${column}` : ''})`;
  });
}

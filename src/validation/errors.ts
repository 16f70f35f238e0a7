import * as path from 'path';
import { hostFrames, jsFrames } from './creation-trace';

/** Prefix of every warning id and error id this library emits. */
export const ID_PREFIX = 'cdk-msk-constructs';

/**
 * One problem of a validation error, as data. Internal twin of the public `ValidationProblem` struct
 * (src/validation/validation-errors.ts), which it satisfies.
 */
export interface Problem {
  /** The rule id, e.g. `SubnetsTooFew`. */
  readonly ruleId: string;
  /** The property the problem is about (the message's prefix before `: `), or '' when it names none. */
  readonly property: string;
  /** The whole message, property first, as shown after `[RuleId] ` in the error. */
  readonly message: string;
  /** The construct path, when the problem belongs to a construct. */
  readonly path?: string;
}

/** Marks errors of this library, across copies of the library loaded side by side (as CDK does). */
const VALIDATION_ERROR = Symbol.for('cdk-msk-constructs.ValidationError');

/** A message's property: its prefix before the first `: `, when that prefix looks like a property path. */
const PROPERTY = /^([A-Za-z][\w.[\], ]*?): /;

/** The property a message starts with ('' when none). */
export function propertyOf(message: string): string {
  return PROPERTY.exec(message)?.[1] ?? '';
}

/** `cdk-msk-constructs: <n> problem(s) in <kind>[ '<path>']:` then `  - [<RuleId>] <message>` per problem. */
const HEADER = /cdk-msk-constructs: (\d+) problems? in (.+?)(?: '(.*)')?:$/;
const ITEM = /^ {2}- \[([A-Za-z0-9]+)\] (.*)$/;
/** Continuation lines of a multi-line message are indented by this much. */
const CONTINUATION = '    ';
/** A line of a stack trace (`    at f (file:1:2)`), never part of a problem's message. */
const STACK_FRAME = /^\s+at /;

/**
 * The single validation error of the library: every synth-time validation failure is thrown as one of these,
 * from `checkRules` (a rule table) or `MessageTable.error` (one problem a method raises directly, declared with
 * `defineMessages` in src/validation/registry.ts). Internal: jsii cannot hand an Error subclass to other
 * languages; users recognise it with `ValidationErrors.isValidationError` and read it with
 * `ValidationErrors.problemsOf` (or `ValidationErrors.parse` on the message, in any language).
 *
 * Its stack starts at the first frame outside this library (and aws-cdk-lib, constructs): the user's line.
 */
export class MskValidationError extends Error {
  /** True for errors built by any copy of this library. */
  public static isMskValidationError(x: unknown): x is MskValidationError {
    return typeof x === 'object' && x !== null && VALIDATION_ERROR in x;
  }

  /** The construct kind (e.g. `ProvisionedCluster`) or the API (e.g. `CostEstimator`) that failed. */
  public readonly kind: string;
  /** The construct path, when a construct failed. */
  public readonly constructPath?: string;
  public readonly problems: Problem[];

  constructor(kind: string, constructPath: string | undefined, problems: ReadonlyArray<{ readonly ruleId: string; readonly message: string }>) {
    const full = problems.map((p) => ({ ruleId: p.ruleId, property: propertyOf(p.message), message: p.message, path: constructPath }));
    super(formatProblems(kind, constructPath, full));
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
    this.name = 'ValidationError';
    this.kind = kind;
    this.constructPath = constructPath;
    this.problems = full;
    this.stack = userStack(this, this.name);
  }
}

/** The error message for `problems` (the format `parseProblems` reads). */
export function formatProblems(kind: string, constructPath: string | undefined, problems: ReadonlyArray<Problem>): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  const where = constructPath === undefined ? kind : `${kind} '${constructPath}'`;
  const items = problems.map((p) => `  - [${p.ruleId}] ${p.message.split('\n').join(`\n${CONTINUATION}`)}`);
  return `${ID_PREFIX}: ${problems.length} ${noun} in ${where}:\n${items.join('\n')}`;
}

/**
 * The problems of a message built by `formatProblems` ([] when it is not one). Reads every block of the message
 * (a CDK validation report may hold several, each after a `[path] ` prefix).
 */
export function parseProblems(message: string): Problem[] {
  const problems: Problem[] = [];
  let constructPath: string | undefined;
  let inBlock = false;
  const add = (ruleId: string, text: string) => problems.push({ ruleId, property: propertyOf(text), message: text, path: constructPath });
  for (const line of message.split('\n')) {
    const header = HEADER.exec(line);
    const item = inBlock ? ITEM.exec(line) : null;
    if (header) {
      inBlock = true;
      constructPath = header[3];
    } else if (item) {
      add(item[1], item[2]);
    } else if (inBlock && line.startsWith(CONTINUATION) && !STACK_FRAME.test(line) && problems.length > 0) {
      const last = problems.pop()!;
      add(last.ruleId, `${last.message}\n${line.slice(CONTINUATION.length)}`);
    } else {
      inBlock = false;
    }
  }
  // The same problem twice is one problem: a message as Java and .NET receive it repeats the error's text in the
  // JavaScript stack that follows it ("ValidationError: cdk-msk-constructs: ...").
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.ruleId, p.message, p.path]);
    const fresh = !seen.has(key);
    seen.add(key);
    return fresh;
  });
}

// ---------------------------------------------------------------------------------------------
// Stacks that start at the user's line.

/** The package root (this file is `<root>/src/validation/errors.ts`, or `<root>/lib/validation/errors.js`). */
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const LIBRARY_DIRS = [path.join(PACKAGE_ROOT, 'src') + path.sep, path.join(PACKAGE_ROOT, 'lib') + path.sep];
const DEPENDENCY_DIRS = [['node_modules', 'aws-cdk-lib'], ['node_modules', 'constructs']].map((parts) => path.sep + path.join(...parts) + path.sep);

/** Frames kept after the library's, as CDK keeps by default (Error.stackTraceLimit 10). */
const USER_FRAMES = 10;
/** Frames captured, enough to get past the library, aws-cdk-lib and constructs. */
const CAPTURED_FRAMES = 60;

/** The file of a V8 stack frame line (`    at f (/a/b.ts:1:2)` or `    at /a/b.ts:1:2`), if it names one. */
function fileOf(frame: string): string | undefined {
  return /\(?((?:[A-Za-z]:)?[^():]+):\d+:\d+\)?$/.exec(frame.trim())?.[1];
}

/** True for a frame inside this library, aws-cdk-lib or constructs. */
export function isLibraryFrame(frame: string): boolean {
  const file = fileOf(frame);
  return file !== undefined && (LIBRARY_DIRS.some((dir) => file.startsWith(dir)) || DEPENDENCY_DIRS.some((dir) => file.includes(dir)));
}

/**
 * The stack of `error`, starting at the first frame outside this library, aws-cdk-lib and constructs; under jsii,
 * followed by the host language's frames (as warnings' creation traces are, see creation-trace.ts).
 */
function userStack(error: Error, name: string): string {
  const frames = jsFrames(MskValidationError, CAPTURED_FRAMES).map((frame) => `    ${frame}`);
  const firstUserFrame = frames.findIndex((frame) => !isLibraryFrame(frame));
  const kept = (firstUserFrame < 0 ? frames : frames.slice(firstUserFrame)).slice(0, USER_FRAMES);
  const host = hostFrames().slice(0, USER_FRAMES).map((frame) => `    at ${frame}`);
  return [`${name}: ${error.message}`, ...kept, ...host].join('\n');
}

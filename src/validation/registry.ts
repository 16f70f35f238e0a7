import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { formatProblems, ID_PREFIX, MskValidationError, propertyOf } from './errors';

export type Severity = 'error' | 'warning';

/** One entry of a registered table: a rule id and the function that writes its message. */
export interface RegisteredRule {
  readonly id: string;
  /** The message for some input (a rule's facts, or the arguments of a `defineMessages` entry). */
  readonly message: (...args: never[]) => string;
}

/**
 * A table of rules (or of messages raised directly by methods), as registered when its module loads.
 * docs/ERRORS.md is rendered from these (test/docs/error-catalog.ts).
 */
export interface RegisteredTable {
  /** The table's name, e.g. `PROVISIONED_CLUSTER_RULES`. */
  readonly name: string;
  /** The module that declares it, relative to the repository root, e.g. `src/cluster/provisioned-cluster-rules.ts`. */
  readonly file: string;
  readonly severity: Severity;
  /** The construct kinds (the `kind` given to checkRules), classes or methods that raise its entries. */
  readonly checkedBy: ReadonlyArray<string>;
  readonly rules: ReadonlyArray<RegisteredRule>;
}

const TABLES: RegisteredTable[] = [];

/** Every table registered so far (by the modules loaded so far). */
export function registeredTables(): ReadonlyArray<RegisteredTable> {
  return TABLES;
}

/** True when `rules` is a registered table (checkRules and warnRules run only registered tables). */
export function isRegistered(rules: ReadonlyArray<unknown>): boolean {
  return TABLES.some((table) => table.rules === rules);
}

/**
 * Registers a rule table (a `Rule` or `WarningRule` array) so that docs/ERRORS.md lists it; returns it.
 * Call it once per table, in the module that declares the table.
 */
export function registerRules<R extends RegisteredRule>(
  table: { readonly name: string; readonly file: string; readonly severity: Severity; readonly checkedBy: ReadonlyArray<string> },
  rules: ReadonlyArray<R>,
): ReadonlyArray<R> {
  TABLES.push({ ...table, rules });
  return rules;
}

type MessageFunctions = Record<string, (...args: never[]) => string>;

/**
 * Errors (or warnings) raised directly by methods, outside a rule table, declared as data: a stable id per
 * message, and the function that writes it (property first, then the value and `Fix: ...`).
 */
export class MessageTable<M extends MessageFunctions> {
  constructor(
    /** The construct kind or API named in the error, e.g. `CostEstimator`. */
    private readonly kind: string,
    public readonly messages: M,
  ) {}

  /** The validation error for `id`, to throw: `throw ERRORS.error(this, 'Id', ...)`. */
  public error<K extends keyof M & string>(scope: IConstruct | undefined, id: K, ...args: Parameters<M[K]>): MskValidationError {
    return this.errorAs(this.kind, scope, id, ...args);
  }

  /** As `error`, naming another construct kind than the table's (e.g. `ServerlessCluster`). */
  public errorAs<K extends keyof M & string>(kind: string, scope: IConstruct | undefined, id: K, ...args: Parameters<M[K]>): MskValidationError {
    return new MskValidationError(kind, scope?.node.path, [{ ruleId: id, message: this.text(id, args) }]);
  }

  /** The message of the error for `id`, for a `node.addValidation` validator to return. */
  public validationMessage<K extends keyof M & string>(scope: IConstruct, id: K, ...args: Parameters<M[K]>): string {
    return formatProblems(this.kind, scope.node.path, [{ ruleId: id, property: propertyOf(this.text(id, args)), message: this.text(id, args) }]);
  }

  /** Adds the warning `cdk-msk-constructs:<id>` to `scope`. */
  public warn<K extends keyof M & string>(scope: IConstruct, id: K, ...args: Parameters<M[K]>): void {
    Annotations.of(scope).addWarningV2(`${ID_PREFIX}:${id}`, this.text(id, args));
  }

  /** Adds the warning `cdk-msk-constructs:<id>:<suffix>` to `scope` (one per suffix, each acknowledged on its own). */
  public warnFor<K extends keyof M & string>(scope: IConstruct, id: K, suffix: string, ...args: Parameters<M[K]>): void {
    Annotations.of(scope).addWarningV2(`${ID_PREFIX}:${id}:${suffix}`, this.text(id, args));
  }

  private text<K extends keyof M & string>(id: K, args: Parameters<M[K]>): string {
    const message = this.messages[id] as (...a: Parameters<M[K]>) => string;
    return message(...args);
  }
}

/**
 * Declares and registers the messages a module raises directly (not through checkRules/warnRules).
 * @param table name, file and severity as for `registerRules`; `kind` is the construct kind or API the error names
 */
export function defineMessages<M extends MessageFunctions>(
  table: {
    readonly name: string;
    readonly file: string;
    readonly severity: Severity;
    readonly kind: string;
    readonly checkedBy: ReadonlyArray<string>;
  },
  messages: M,
): MessageTable<M> {
  TABLES.push({
    name: table.name,
    file: table.file,
    severity: table.severity,
    checkedBy: table.checkedBy,
    rules: Object.entries(messages).map(([id, message]) => ({ id, message })),
  });
  return new MessageTable(table.kind, messages);
}

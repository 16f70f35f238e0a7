import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ID_PREFIX, MskValidationError } from './errors';

export { ID_PREFIX } from './errors';

/**
 * One validation rule, declared as data. `failsWhen` returns true when the input is bad;
 * `message` names the property, the value and the fix.
 */
export interface Rule<T> {
  /** Stable id, shown in the error and usable in docs (e.g. `SubnetsTooFew`). */
  readonly id: string;
  readonly failsWhen: (input: T) => boolean;
  readonly message: (input: T) => string;
}

/** A rule whose failure is a warning (an Annotation) rather than an error. */
export interface WarningRule<T> extends Rule<T> {}

/**
 * Runs every rule and throws one validation error (`MskValidationError`) listing every failure, naming the
 * construct path (when there is a construct). Nothing is thrown when all rules pass. A rule table is registered with `registerRules`.
 */
export function checkRules<T>(scope: IConstruct | undefined, kind: string, rules: ReadonlyArray<Rule<T>>, input: T): void {
  const failures = rules.filter((rule) => rule.failsWhen(input)).map((rule) => ({ ruleId: rule.id, message: rule.message(input) }));
  if (failures.length > 0) {
    throw new MskValidationError(kind, scope?.node.path, failures);
  }
}

/** Adds one warning Annotation (id `cdk-msk-constructs:<id>`) per failing rule. */
export function warnRules<T>(scope: IConstruct, rules: ReadonlyArray<WarningRule<T>>, input: T): void {
  for (const rule of rules) {
    if (rule.failsWhen(input)) {
      Annotations.of(scope).addWarningV2(`${ID_PREFIX}:${rule.id}`, rule.message(input));
    }
  }
}

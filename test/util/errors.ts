import { Stack } from 'aws-cdk-lib';
import { ValidationErrors, ValidationProblem } from '../../src';
import { checkRules, Rule } from '../../src/validation/rules';

/** The message of the error `fn` throws; fails the test when it throws nothing. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/**
 * The problems of the validation error `fn` throws, read as data (`ValidationErrors.problemsOf`); fails the
 * test when it throws nothing, or an error that lists no problem.
 */
export function problemsOf(fn: () => unknown): ValidationProblem[] {
  try {
    fn();
  } catch (e) {
    const problems = ValidationErrors.problemsOf(e);
    if (problems.length === 0) {
      throw new Error(`expected a validation error, got: ${String(e)}`);
    }
    return problems;
  }
  throw new Error('expected an error');
}

/** The error `checkRules` throws for `facts`, or '' when every rule passes. */
export function ruleProblems<T>(rules: ReadonlyArray<Rule<T>>, facts: T): string {
  try {
    checkRules(new Stack(undefined, 'Test'), 'ProvisionedCluster', rules, facts);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** The ids of the rules of `rules` that fail for `facts`, read from the error's problems ([] when every rule passes). */
export function failingRuleIds<T>(rules: ReadonlyArray<Rule<T>>, facts: T): string[] {
  try {
    checkRules(new Stack(undefined, 'Test'), 'ProvisionedCluster', rules, facts);
    return [];
  } catch (e) {
    return ValidationErrors.problemsOf(e).map((p) => p.ruleId);
  }
}

/** Expects `fn` to throw a validation error with a problem of rule `ruleId` whose message contains `text`. */
export function expectValidationError(fn: () => unknown, ruleId: string, text: string): void {
  const problems = problemsOf(fn);
  expect(problems.map((p) => p.ruleId)).toContain(ruleId);
  expect(problems.find((p) => p.ruleId === ruleId)?.message).toContain(text);
}

import { Stack } from 'aws-cdk-lib';
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

/** The error `checkRules` throws for `facts`, or '' when every rule passes. */
export function ruleProblems<T>(rules: ReadonlyArray<Rule<T>>, facts: T): string {
  try {
    checkRules(new Stack(undefined, 'Test'), 'ProvisionedCluster', rules, facts);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

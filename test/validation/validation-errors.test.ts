import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProvisionedCluster, ValidationErrors } from '../../src';
import { checkRules, Rule } from '../../src/validation/rules';
import { testApp, vpcStack } from '../util/stacks';

/** The error `fn` throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

const RULES: ReadonlyArray<Rule<{ size: number }>> = [
  { id: 'SizeTooSmall', failsWhen: (f) => f.size < 1, message: (f) => `size: ${f.size} is below 1. Fix: use 1 or more.` },
  { id: 'SizeOdd', failsWhen: (f) => f.size % 2 !== 0, message: (f) => `size: ${f.size} is odd.\nIt must be even. Fix: use an even size.` },
];

describe('ValidationErrors', () => {
  test('reads the problems of a validation error as data', () => {
    const { stack, vpc } = vpcStack();
    const error = thrown(() => new ProvisionedCluster(stack, 'Events', { vpc, brokersPerAz: 0, clusterName: 'bad_name' }));
    expect(ValidationErrors.isValidationError(error)).toBe(true);
    const problems = ValidationErrors.problemsOf(error);
    expect(problems.map((p) => [p.ruleId, p.property, p.path])).toEqual(expect.arrayContaining([
      ['BrokersPerAzInvalid', 'brokersPerAz', `${stack.node.path}/Events`],
      ['ClusterNameInvalid', 'clusterName', `${stack.node.path}/Events`],
    ]));
    expect(problems.every((p) => p.message.startsWith(`${p.property}: `) && p.message.includes('Fix:'))).toBe(true);
  });

  test('parse reads the same problems back from the message (all other languages get only the message)', () => {
    const error = thrown(() => checkRules(new Stack(undefined, 'Test'), 'Widget', RULES, { size: -1 }));
    expect((error as Error).message).toBe([
      "cdk-msk-constructs: 2 problems in Widget 'Test':",
      '  - [SizeTooSmall] size: -1 is below 1. Fix: use 1 or more.',
      '  - [SizeOdd] size: -1 is odd.',
      '    It must be even. Fix: use an even size.',
    ].join('\n'));
    expect(ValidationErrors.parse((error as Error).message)).toEqual(ValidationErrors.problemsOf(error));
    expect(ValidationErrors.problemsOf(error)[1]).toEqual({
      ruleId: 'SizeOdd', property: 'size', message: 'size: -1 is odd.\nIt must be even. Fix: use an even size.', path: 'Test',
    });
  });

  test('parse reads a message as Java and .NET receive it (the text, then the JavaScript stack that repeats it) once', () => {
    const error = thrown(() => checkRules(new Stack(testApp(), 'Test'), 'Widget', RULES, { size: -1 })) as Error;
    const asJavaReceivesIt = `${error.message}\n${error.stack}`;
    expect(asJavaReceivesIt.split('\n').filter((l) => /^\s+at /.test(l)).length).toBeGreaterThan(0);
    expect(ValidationErrors.parse(asJavaReceivesIt)).toEqual(ValidationErrors.problemsOf(error));
    const fromAMethod = `@jsii/kernel.RuntimeError: ValidationError: ${error.message}\n    at Kernel._Kernel_ensureSync (/tmp/jsii-kernel/program.js:1:2)`;
    expect(ValidationErrors.parse(fromAMethod)).toEqual(ValidationErrors.problemsOf(error));
  });

  test('parse reads every construct of a CDK validation report, and nothing from other messages', () => {
    const report = [
      'Validation failed with the following errors:',
      "  [App/A] cdk-msk-constructs: 1 problem in ScramUsers 'App/A':",
      '  - [ScramUsersEmpty] addUser: none. Fix: call addUser().',
      "  [App/B] cdk-msk-constructs: 1 problem in ClusterPolicy 'App/B':",
      '  - [ClusterPolicyEmpty] statements: none. Fix: add one.',
    ].join('\n');
    expect(ValidationErrors.parse(report).map((p) => [p.ruleId, p.path])).toEqual([['ScramUsersEmpty', 'App/A'], ['ClusterPolicyEmpty', 'App/B']]);
    expect(ValidationErrors.parse('Error: something else\n  - [NotOurs] x: y')).toEqual([]);
  });

  test('a problem without a construct has no path', () => {
    const error = thrown(() => checkRules(undefined, 'CostEstimator', RULES, { size: 0 }));
    expect((error as Error).message.split('\n')[0]).toBe('cdk-msk-constructs: 1 problem in CostEstimator:');
    expect(ValidationErrors.problemsOf(error)).toEqual([{ ruleId: 'SizeTooSmall', property: 'size', message: 'size: 0 is below 1. Fix: use 1 or more.', path: undefined }]);
  });

  test('is false for other errors, which have no problems', () => {
    expect(ValidationErrors.isValidationError(new Error('cdk-msk-constructs: 1 problem in X:'))).toBe(false);
    expect(ValidationErrors.isValidationError('a string')).toBe(false);
    expect(ValidationErrors.problemsOf(new Error('boom'))).toEqual([]);
    expect(ValidationErrors.problemsOf(undefined)).toEqual([]);
  });
});

describe('the stack of a validation error', () => {
  test('starts at the user\'s line: the first frame is this test file, not the library', () => {
    const { stack, vpc } = vpcStack();
    const scope = new Construct(stack, 'Scope');
    const error = thrown(() => new ProvisionedCluster(scope, 'Events', { vpc, brokersPerAz: 0 })) as Error;
    const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]).toContain(__filename);
    expect((error.stack ?? '').startsWith(`ValidationError: ${error.message}\n`)).toBe(true);
    const libraryFrames = frames.filter((frame) => /[\\/]src[\\/]|[\\/]node_modules[\\/](aws-cdk-lib|constructs)[\\/]/.test(frame));
    expect(libraryFrames).toEqual([]);
  });
});

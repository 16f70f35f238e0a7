import { MskValidationError, parseProblems } from './errors';

/** One problem of a validation error of this library. */
export interface ValidationProblem {
  /** The rule id, e.g. `SubnetsTooFew` (listed in docs/ERRORS.md). */
  readonly ruleId: string;

  /** The property the problem is about, e.g. `vpcSubnets` ('' when the message names none). */
  readonly property: string;

  /** The whole message: the property, the value and the fix (`Fix: ...`). */
  readonly message: string;

  /**
   * The path of the construct that failed, e.g. `App/Stack/Events`.
   * @default - the problem belongs to no construct (e.g. a cost estimate)
   */
  readonly path?: string;
}

/**
 * Recognises and reads the validation errors of this library, in every language.
 *
 * Every synth-time validation failure of the library is one error whose message lists every problem:
 *
 * ```text
 * cdk-msk-constructs: 2 problems in ProvisionedCluster 'App/Events':
 *   - [SubnetsTooFew] vpcSubnets: selects 1 subnet(s); ... Fix: ...
 *   - [BrokersPerAzInvalid] brokersPerAz: 0 is not a whole number of at least 1. Fix: use 1 or more.
 * ```
 *
 * In TypeScript and JavaScript, `isValidationError(e)` and `problemsOf(e)` read the error itself; in
 * Python, Java, .NET and Go (where jsii hands over only the message), `parse(message)` reads the same problems
 * back from the message.
 */
export class ValidationErrors {
  /** True when `x` is a validation error thrown by this library. */
  public static isValidationError(x: unknown): boolean {
    return MskValidationError.isMskValidationError(x);
  }

  /**
   * The problems of a validation error of this library; [] for anything else. For an error of another
   * library, or one rebuilt from its message, the problems its message lists (see `parse`).
   */
  public static problemsOf(x: unknown): ValidationProblem[] {
    if (MskValidationError.isMskValidationError(x)) {
      return x.problems.map((p) => ({ ...p }));
    }
    return x instanceof Error ? ValidationErrors.parse(x.message) : [];
  }

  /** The problems listed in the message of a validation error of this library; [] when it lists none. */
  public static parse(message: string): ValidationProblem[] {
    return parseProblems(message);
  }

  private constructor() {}
}

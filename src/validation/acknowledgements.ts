import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A compliance rule the library acknowledges on one of its constructs, with the reason. */
export interface Acknowledgement {
  /**
   * Rule id as the validator reports it: a cdk-nag id such as `AwsSolutions-S1`, or
   * `cdk-validator-cfnguard::<guard rule>` for cfn-guard.
   */
  readonly rule: string;
  readonly reason: string;
}

/**
 * Acknowledges rules on a construct and everything below it, through aws-cdk-lib's
 * `Validations.acknowledge`, which cdk-nag 3 and the cfn-guard plugin honour. The library does
 * not depend on either tool at run time. Every acknowledgement is listed in README.
 */
export function acknowledge(construct: IConstruct, acknowledgements: Acknowledgement[]): void {
  Validations.of(construct).acknowledge(...acknowledgements.map((a) => ({ id: a.rule, reason: a.reason })));
}

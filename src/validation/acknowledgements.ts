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
 * Acknowledges rules on a construct and everything below it, in the construct metadata that
 * aws-cdk-lib's `Validations.acknowledge` writes (`aws:cdk:acknowledged-rules`) and that cdk-nag 3,
 * the cfn-guard plugin and aws-cdk-lib's validation report read. The library does not depend on
 * either tool at run time. Every acknowledgement is listed in README.
 *
 * One metadata entry per call, without a stack trace: `Validations.acknowledge` records one
 * entry with a captured stack trace per rule, which was ~10% of a 100-cluster synthesis
 * (docs/PERFORMANCE.md). Ids are written as given (`AwsSolutions-S1`,
 * `cdk-validator-cfnguard::<rule>`), the form every reader accepts.
 */
export function acknowledge(construct: IConstruct, acknowledgements: Acknowledgement[]): void {
  if (acknowledgements.length === 0) {
    return;
  }
  const rules: { [id: string]: string } = {};
  for (const a of acknowledgements) {
    rules[a.rule] = a.reason;
  }
  construct.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, rules);
}

import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A compliance rule the library acknowledges on one of its resources, with the reason. */
export interface Acknowledgement {
  /** Rule id as the tool reports it, e.g. `AwsSolutions-S1` or `CT.S3.PR.4`. */
  readonly rule: string;
  readonly reason: string;
}

/**
 * Records acknowledgements on a construct's CloudFormation resource as metadata that cdk-nag
 * (`cdk_nag.rules_to_suppress`) and cfn-guard (`guard.SuppressedRules`) read. The library does
 * not depend on either tool at run time.
 */
export function acknowledge(construct: IConstruct, acknowledgements: Acknowledgement[]): void {
  const resource = construct.node.defaultChild as CfnResource | undefined;
  const target = resource ?? (construct instanceof CfnResource ? construct : undefined);
  if (!target) {
    return;
  }
  const nag = acknowledgements.filter((a) => !a.rule.startsWith('CT.'));
  const guard = acknowledgements.filter((a) => a.rule.startsWith('CT.'));
  if (nag.length > 0) {
    target.addMetadata('cdk_nag', { rules_to_suppress: nag.map((a) => ({ id: a.rule, reason: a.reason })) });
  }
  if (guard.length > 0) {
    target.addMetadata('guard', { SuppressedRules: guard.map((a) => a.rule) });
  }
}

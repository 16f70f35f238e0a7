import { aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';

/**
 * Denies kms:CreateGrant to every principal unless the grant is for an AWS resource or the
 * caller is an AWS service (Control Tower CT.KMS.PR.3). MSK creates its grants for the brokers'
 * volumes through the service, so this never blocks the cluster.
 */
export function denyGrantsNotForAwsResources(key: kms.Key): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsNotForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      BoolIfExists: {
        'kms:GrantIsForAWSResource': 'false',
        'aws:PrincipalIsAWSService': 'false',
      },
    },
  }));
}

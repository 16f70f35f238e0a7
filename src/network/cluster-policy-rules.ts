import { Token } from 'aws-cdk-lib';
import { registerRules } from '../validation/registry';
import { Rule } from '../validation/rules';

/** What the cluster-policy rules look at. */
export interface ClusterPolicyFacts {
  readonly clusterArn: string;
  /** Path of another ClusterPolicy on the same cluster ARN, if there is one. */
  readonly existingPolicyPath?: string;
}

/** The pattern CloudFormation enforces on AWS::MSK::ClusterPolicy and AWS::MSK::VpcConnection cluster ARNs. */
export const CLUSTER_ARN_PATTERN = /^arn:[\w-]+:kafka:[\w-]+:\d+:cluster.*$/;

/** Errors for `ClusterPolicy` props: each names the property, the value and the fix. */
export const CLUSTER_POLICY_RULES: ReadonlyArray<Rule<ClusterPolicyFacts>> = [
  {
    id: 'ClusterPolicyArnInvalid',
    failsWhen: (f) => !Token.isUnresolved(f.clusterArn) && !CLUSTER_ARN_PATTERN.test(f.clusterArn),
    message: (f) => `clusterArn: '${f.clusterArn}' is not an MSK cluster ARN. Fix: pass cluster.clusterArn, or an ARN like arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>.`,
  },
  {
    id: 'ClusterPolicyDuplicate',
    failsWhen: (f) => f.existingPolicyPath !== undefined,
    message: (f) => `clusterArn: the cluster already has ClusterPolicy '${f.existingPolicyPath}'; MSK keeps one policy per cluster, so a second one would replace the first. `
      + 'Fix: add statements to the existing policy (addToResourcePolicy or grantVpcConnection).',
  },
];
registerRules({ name: 'CLUSTER_POLICY_RULES', file: 'src/network/cluster-policy-rules.ts', severity: 'error', checkedBy: ['ClusterPolicy'] }, CLUSTER_POLICY_RULES);


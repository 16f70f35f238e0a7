import { Token } from 'aws-cdk-lib';
import { BrokerSubnets } from './broker-subnets';
import { CLUSTER_ARN_PATTERN } from './cluster-policy-rules';
import { literalClusterArn } from '../auth/cluster-arns';
import { registerRules } from '../validation/registry';
import { Rule, WarningRule } from '../validation/rules';

/** What the VPC-connection rules look at, with defaults applied. */
export interface ClusterVpcConnectionFacts {
  readonly targetClusterArn: string;
  /** The Region of the stack the connection is in (may be a token). */
  readonly region: string;
  readonly subnets: BrokerSubnets;
  /** Number of security groups given, when given. */
  readonly securityGroupCount?: number;
  /** DNS support and DNS hostnames of the client VPC, when the VPC is defined in the app. */
  readonly vpcDns?: { readonly support: boolean; readonly hostnames: boolean };
}

/** The Region of a literal cluster ARN, or undefined. */
function arnRegion(arn: string): string | undefined {
  if (Token.isUnresolved(arn)) {
    return undefined;
  }
  return CLUSTER_ARN_PATTERN.test(arn) ? literalClusterArn(arn)?.region : undefined;
}

/** Errors for `ClusterVpcConnection` props: each names the property, the value and the fix. */
export const CLUSTER_VPC_CONNECTION_RULES: ReadonlyArray<Rule<ClusterVpcConnectionFacts>> = [
  {
    id: 'VpcConnectionArnInvalid',
    failsWhen: (f) => !Token.isUnresolved(f.targetClusterArn) && !CLUSTER_ARN_PATTERN.test(f.targetClusterArn),
    message: (f) => `targetClusterArn: '${f.targetClusterArn}' is not an MSK cluster ARN. Fix: pass the ARN of the provisioned cluster, like arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>.`,
  },
  {
    id: 'VpcConnectionCrossRegion',
    failsWhen: (f) => {
      const region = arnRegion(f.targetClusterArn);
      return region !== undefined && !Token.isUnresolved(f.region) && region !== f.region;
    },
    message: (f) => `targetClusterArn: the cluster is in ${arnRegion(f.targetClusterArn)} but the connection's stack is in ${f.region}; `
      + 'multi-VPC private connectivity only works within one Region. Fix: create the connection in a stack in the cluster\'s Region.',
  },
  {
    id: 'VpcConnectionSubnetsTooFew',
    failsWhen: (f) => f.subnets.subnetIds.length < 2,
    message: (f) => `vpcSubnets: ${f.subnets.selectionError ?? `selects ${f.subnets.subnetIds.length} subnet(s)`}; a managed VPC connection needs one client subnet in each AZ of the cluster (2 or 3). `
      + 'Fix: select one subnet in each of the cluster\'s AZs (by AZ ID), e.g. { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true }.',
  },
  {
    id: 'VpcConnectionSubnetsTooMany',
    failsWhen: (f) => f.subnets.subnetIds.length > 3,
    message: (f) => `vpcSubnets: selects ${f.subnets.subnetIds.length} subnets; a managed VPC connection takes as many client subnets as the cluster has (2 or 3). `
      + 'Fix: add `onePerAz: true` and list the cluster\'s AZs in availabilityZones.',
  },
  {
    id: 'VpcConnectionSubnetsShareAz',
    failsWhen: (f) => f.subnets.azsKnown && new Set(f.subnets.availabilityZones).size < f.subnets.availabilityZones.length,
    message: (f) => `vpcSubnets: subnets share an availability zone (${f.subnets.availabilityZones.join(', ')}); a managed VPC connection needs one subnet per AZ of the cluster. `
      + 'Fix: add `onePerAz: true` to the selection.',
  },
  {
    id: 'VpcConnectionSecurityGroupCount',
    failsWhen: (f) => f.securityGroupCount !== undefined && (f.securityGroupCount < 1 || f.securityGroupCount > 5),
    message: (f) => `securityGroups: ${f.securityGroupCount} given; a managed VPC connection takes 1 to 5. Fix: pass 1–5 groups, or omit the property to get a new group.`,
  },
];
registerRules({ name: 'CLUSTER_VPC_CONNECTION_RULES', file: 'src/network/cluster-vpc-connection-rules.ts', severity: 'error', checkedBy: ['ClusterVpcConnection'] }, CLUSTER_VPC_CONNECTION_RULES);


/** Warnings for `ClusterVpcConnection`. */
export const CLUSTER_VPC_CONNECTION_WARNINGS: ReadonlyArray<WarningRule<ClusterVpcConnectionFacts>> = [
  {
    id: 'VpcConnectionDnsDisabled',
    failsWhen: (f) => f.vpcDns !== undefined && (!f.vpcDns.support || !f.vpcDns.hostnames),
    message: () => 'vpc: DNS support or DNS hostnames is off in the client VPC; clients resolve the bootstrap brokers of a managed VPC connection '
      + 'through the VPC endpoint\'s private DNS names, which need both. Turn on enableDnsSupport and enableDnsHostnames.',
  },
];
registerRules({ name: 'CLUSTER_VPC_CONNECTION_WARNINGS', file: 'src/network/cluster-vpc-connection-rules.ts', severity: 'warning', checkedBy: ['ClusterVpcConnection'] }, CLUSTER_VPC_CONNECTION_WARNINGS);


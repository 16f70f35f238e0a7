import { RemovalPolicy, Token, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { CLUSTER_NAME_MAX_LENGTH, isValidClusterName } from './cluster-name';
import { BrokerSubnets, selectBrokerSubnets } from '../network/broker-subnets';
import { registerRules } from '../validation/registry';
import { Rule, WarningRule } from '../validation/rules';

/** One VPC configuration with its subnets chosen. */
export interface ResolvedServerlessVpc {
  readonly vpc: ec2.IVpc;
  readonly subnets: BrokerSubnets;
  readonly securityGroups?: ec2.ISecurityGroup[];
  /** Where the configuration came from, for messages: `vpc` or `additionalVpcs[i]`. */
  readonly property: string;
}

/** Everything the serverless rules look at. */
export interface ServerlessClusterFacts {
  readonly clusterName: string;
  readonly vpcs: ResolvedServerlessVpc[];
  /** The removal policy given, if any. */
  readonly removalPolicy?: RemovalPolicy;
  /** The tags given, if any. */
  readonly tags?: { [key: string]: string };
}

const MAX_VPCS = 5;
const MAX_AZS = 3;
/** Characters the AWS::MSK::ServerlessCluster schema (and AWS tagging) allows in tag keys and values. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;

/** Tags CloudFormation or MSK would reject: bad characters or lengths, or the reserved `aws:` prefix. */
const badTags = (f: ServerlessClusterFacts) => Object.entries(f.tags ?? {})
  .filter(([key, value]) => !Token.isUnresolved(key) && (!TAG_TEXT.test(key) || key.length < 1 || key.length > MAX_TAG_KEY
    || key.toLowerCase().startsWith('aws:') || (!Token.isUnresolved(value) && (!TAG_TEXT.test(value) || value.length > MAX_TAG_VALUE))))
  .map(([key]) => key);

/** The main VPC and the additional ones, with subnets chosen. */
export function resolveServerlessVpcs(props: {
  vpc: ec2.IVpc;
  vpcSubnets?: ec2.SubnetSelection;
  securityGroups?: ec2.ISecurityGroup[];
  additionalVpcs?: Array<{ vpc: ec2.IVpc; vpcSubnets?: ec2.SubnetSelection; securityGroups?: ec2.ISecurityGroup[] }>;
}): ResolvedServerlessVpc[] {
  const all = [{ ...props, property: 'vpc' }, ...(props.additionalVpcs ?? []).map((c, i) => ({ ...c, property: `additionalVpcs[${i}]` }))];
  return all.map((c) => ({
    vpc: c.vpc,
    subnets: selectBrokerSubnets(c.vpc, MAX_AZS, c.vpcSubnets),
    securityGroups: c.securityGroups,
    property: c.property,
  }));
}

const subnetsProperty = (v: ResolvedServerlessVpc) => (v.property === 'vpc' ? 'vpcSubnets' : `${v.property}.vpcSubnets`);
const badSelections = (f: ServerlessClusterFacts) => f.vpcs.filter((v) => v.subnets.selectionError !== undefined);
const fewSubnets = (f: ServerlessClusterFacts) => f.vpcs.filter((v) => v.subnets.selectionError === undefined && v.subnets.subnetIds.length < 2);
const sharesAz = (s: BrokerSubnets) => s.azsKnown && new Set(s.availabilityZones).size < s.availabilityZones.length;
const sharedAz = (f: ServerlessClusterFacts) => f.vpcs.filter((v) => sharesAz(v.subnets));
const badGroupCount = (groups?: ec2.ISecurityGroup[]) => groups !== undefined && (groups.length < 1 || groups.length > 5);
const badGroups = (f: ServerlessClusterFacts) => f.vpcs.filter((v) => badGroupCount(v.securityGroups));

export const SERVERLESS_CLUSTER_RULES: ReadonlyArray<Rule<ServerlessClusterFacts>> = [
  {
    id: 'VpcConfigCount',
    failsWhen: (f) => f.vpcs.length > MAX_VPCS,
    message: (f) => `additionalVpcs: ${f.vpcs.length} VPC configurations in all; MSK Serverless takes 1 to ${MAX_VPCS}. Fix: pass at most ${MAX_VPCS - 1} additional VPCs.`,
  },
  {
    id: 'SubnetSelectionInvalid',
    failsWhen: (f) => badSelections(f).length > 0,
    message: (f) => badSelections(f).map((v) => `${subnetsProperty(v)}: ${v.subnets.selectionError}`).join('; ')
      + '. Fix: select subnets the VPC has (by subnetType, subnetGroupName or subnets), e.g. { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, onePerAz: true }.',
  },
  {
    id: 'SubnetsTooFew',
    failsWhen: (f) => fewSubnets(f).length > 0,
    message: (f) => fewSubnets(f).map((v) => `${subnetsProperty(v)}: selects ${v.subnets.subnetIds.length} subnet(s)`).join('; ')
      + '; MSK Serverless needs at least 2 subnets in distinct AZs per VPC. Fix: select subnets in 2 or more AZs.',
  },
  {
    id: 'SubnetsShareAz',
    failsWhen: (f) => sharedAz(f).length > 0,
    message: (f) => sharedAz(f).map((v) => `${v.property}: subnets share an AZ (${v.subnets.availabilityZones.join(', ')})`).join('; ')
      + '. Fix: add `onePerAz: true` to the subnet selection.',
  },
  {
    id: 'SecurityGroupCount',
    failsWhen: (f) => badGroups(f).length > 0,
    message: (f) => badGroups(f).map((v) => `${v.property === 'vpc' ? 'securityGroups' : `${v.property}.securityGroups`}: ${v.securityGroups!.length} given`).join('; ')
      + '; MSK Serverless takes 1 to 5 per VPC. Fix: pass 1–5 groups, or omit them to get a new group.',
  },
  {
    id: 'ClusterNameInvalid',
    failsWhen: (f) => !isValidClusterName(f.clusterName),
    message: (f) => `clusterName: '${f.clusterName}' is not a valid MSK cluster name. Fix: use 1–${CLUSTER_NAME_MAX_LENGTH} letters, digits and hyphens, starting with a letter or digit.`,
  },
  {
    id: 'TagInvalid',
    failsWhen: (f) => badTags(f).length > 0,
    message: (f) => `tags: ${badTags(f).map((key) => JSON.stringify(key)).join(', ')} cannot be a tag of an MSK Serverless cluster. `
      + `Fix: use keys of 1–${MAX_TAG_KEY} and values of at most ${MAX_TAG_VALUE} letters, digits, spaces and _.:/=+-@, with no aws: prefix.`,
  },
  {
    id: 'RemovalPolicySnapshot',
    failsWhen: (f) => f.removalPolicy === RemovalPolicy.SNAPSHOT,
    message: () => 'removalPolicy: RemovalPolicy.SNAPSHOT is not a deletion policy CloudFormation accepts for AWS::MSK::ServerlessCluster (MSK has no cluster snapshots). '
      + 'Fix: use RemovalPolicy.RETAIN (the default) or RemovalPolicy.DESTROY.',
  },
];
registerRules({ name: 'SERVERLESS_CLUSTER_RULES', file: 'src/cluster/serverless-cluster-rules.ts', severity: 'error', checkedBy: ['ServerlessCluster'] }, SERVERLESS_CLUSTER_RULES);


/** What the serverless warnings look at, once tag aspects have run. */
export interface ServerlessTagFacts {
  /** Keys of tags set on the cluster's TagManager (Tags.of() on it or an enclosing scope) that the `tags` prop does not give with the same value. */
  readonly ignoredTagKeys: string[];
}

export const SERVERLESS_CLUSTER_WARNINGS: ReadonlyArray<WarningRule<ServerlessTagFacts>> = [
  {
    // Every property of AWS::MSK::ServerlessCluster, Tags included, is "Update requires:
    // Replacement" (CloudFormation template reference, "AWS::MSK::ServerlessCluster").
    id: 'ServerlessTagsIgnored',
    failsWhen: (f) => f.ignoredTagKeys.length > 0,
    message: (f) => `tags: the inherited tag(s) ${f.ignoredTagKeys.map((key) => JSON.stringify(key)).join(', ')} (Tags.of() on the cluster or an enclosing scope) `
      + 'are not applied to the AWS::MSK::ServerlessCluster: its Tags are create-only, so adding or changing one would replace the cluster and lose its data. '
      + 'To tag the cluster, give the tags in the `tags` prop before it is first deployed. If an earlier version of this library deployed it with these tags, '
      + 'add them to `tags` with their deployed values, or this deployment replaces it. Then acknowledge this warning.',
  },
];
registerRules({ name: 'SERVERLESS_CLUSTER_WARNINGS', file: 'src/cluster/serverless-cluster-rules.ts', severity: 'warning', checkedBy: ['ServerlessCluster'] }, SERVERLESS_CLUSTER_WARNINGS);



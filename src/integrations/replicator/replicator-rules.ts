import { Token } from 'aws-cdk-lib';
import { registerRules } from '../../validation/registry';
import { Rule, WarningRule } from '../../validation/rules';

/** Regex patterns per list (topics, excluded topics, groups, excluded groups). */
export const MAX_PATTERNS = 100;
/** Length of a topic pattern. */
export const MAX_TOPIC_PATTERN_LENGTH = 249;
/** Length of a consumer group pattern. */
export const MAX_GROUP_PATTERN_LENGTH = 256;
/** Length of the replicator name. */
export const MAX_REPLICATOR_NAME_LENGTH = 128;
/** Length of the description. */
export const MAX_REPLICATOR_DESCRIPTION_LENGTH = 1024;
/** Brokers a provisioned cluster needs for replication (4 when it spans 2 AZs). */
export const MIN_BROKERS = 3;
export const MIN_BROKERS_TWO_AZS = 4;
/** Subnets per cluster connection of the replicator. */
export const MIN_REPLICATOR_SUBNETS = 2;

const REPLICATOR_NAME = /^[0-9A-Za-z][0-9A-Za-z-]*$/;

/** What the rules know about one side (source or target) of the replication. */
export interface ReplicatorClusterFacts {
  /** 'source' or 'target', for messages. */
  readonly role: string;
  readonly path: string;
  readonly kind: 'provisioned' | 'serverless';
  readonly definedHere: boolean;
  readonly iam: boolean;
  /** Brokers and AZs of a provisioned cluster defined in this app. */
  readonly brokers?: number;
  readonly azs?: number;
  readonly instanceType?: string;
  readonly burstable: boolean;
  readonly multiVpcIam: boolean;
  /** Region and account, when known as literals. */
  readonly region?: string;
  readonly account?: string;
  /** Whether subnets (and security groups) were given for this side. */
  readonly networkGiven: boolean;
  /** How many of `vpc` and `subnetIds` the network given for this side sets (exactly one is needed). */
  readonly networkSubnetSources?: number;
  readonly subnetCount?: number;
  readonly securityGroupCount?: number;
}

/** What the replicator rules look at. */
export interface ReplicatorFacts {
  readonly source: ReplicatorClusterFacts;
  readonly target: ReplicatorClusterFacts;
  readonly sameCluster: boolean;
  /** Region and account of the replicator's stack, when literals. */
  readonly region?: string;
  readonly account?: string;
  readonly name?: string;
  readonly description?: string;
  readonly topics: string[];
  readonly topicsToExclude: string[];
  readonly groups: string[];
  readonly groupsToExclude: string[];
  readonly copyAccessControlLists: boolean;
  readonly topicNaming: string;
  readonly offsetSync: string;
}

const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
const sides = (f: ReplicatorFacts) => [f.source, f.target];
const names = (clusters: ReplicatorClusterFacts[]) => clusters.map((c) => `${c.role} '${c.path}'`).join(' and ');
const crossRegion = (f: ReplicatorFacts) => f.source.region !== undefined && f.target.region !== undefined && f.source.region !== f.target.region;
/** An imported cluster whose network was given without groups (a cross-Region source needs none). */
const lacksGroups = (f: ReplicatorFacts) => (c: ReplicatorClusterFacts) => !c.definedHere && c.networkGiven && !c.securityGroupCount
  && !(c.role === 'source' && crossRegion(f));
const tooFewBrokers = (c: ReplicatorClusterFacts) => c.kind === 'provisioned' && c.brokers !== undefined && !Token.isUnresolved(c.brokers)
  && c.brokers < (c.azs === 2 ? MIN_BROKERS_TWO_AZS : MIN_BROKERS);
const badLength = (max: number) => (p: string) => !Token.isUnresolved(p) && (p.length === 0 || p.length > max);
const patternLists = (f: ReplicatorFacts): Array<[string, string[], number]> => [
  ['topicsToReplicate', f.topics, MAX_TOPIC_PATTERN_LENGTH],
  ['topicsToExclude', f.topicsToExclude, MAX_TOPIC_PATTERN_LENGTH],
  ['consumerGroupsToReplicate', f.groups, MAX_GROUP_PATTERN_LENGTH],
  ['consumerGroupsToExclude', f.groupsToExclude, MAX_GROUP_PATTERN_LENGTH],
];
const isRegex = (pattern: string): boolean => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};

/** Checks of `KafkaReplicator`; every failure is reported at once. */
export const REPLICATOR_RULES: Rule<ReplicatorFacts>[] = [
  {
    id: 'ReplicatorSameCluster',
    failsWhen: (f) => f.sameCluster,
    message: (f) => `source, target: both are '${f.source.path}'. A replicator copies between two clusters. Fix: give two different clusters.`,
  },
  {
    id: 'ReplicatorClusterWithoutIam',
    failsWhen: (f) => sides(f).some((c) => !c.iam),
    message: (f) => `source, target: ${names(sides(f).filter((c) => !c.iam))} do not enable IAM authentication, which MSK Replicator requires. `
      + 'Fix: add ClientAuthentication.iam() to the cluster (other modes may stay).',
  },
  {
    id: 'ReplicatorTooFewBrokers',
    failsWhen: (f) => sides(f).some(tooFewBrokers),
    message: (f) => `source, target: ${sides(f).filter(tooFewBrokers).map((c) => `${c.role} '${c.path}' has ${c.brokers} brokers in ${c.azs} AZs`).join('; ')}. `
      + `MSK Replicator needs at least ${MIN_BROKERS} brokers (${MIN_BROKERS_TWO_AZS} in 2 AZs). Fix: raise brokersPerAz.`,
  },
  {
    id: 'ReplicatorBurstableBrokers',
    failsWhen: (f) => sides(f).some((c) => c.burstable),
    message: (f) => `source, target: ${sides(f).filter((c) => c.burstable).map((c) => `${c.role} '${c.path}' runs ${c.instanceType}`).join('; ')}; `
      + 'MSK Replicator does not support kafka.t3.small brokers. Fix: use kafka.m5.large / kafka.m7g.large or larger.',
  },
  {
    id: 'ReplicatorNameInvalid',
    failsWhen: (f) => literal(f.name) && (!REPLICATOR_NAME.test(f.name) || f.name.length > MAX_REPLICATOR_NAME_LENGTH),
    message: (f) => `replicatorName: '${f.name}' is invalid. Fix: use 1-${MAX_REPLICATOR_NAME_LENGTH} letters, digits and '-', starting with a letter or digit.`,
  },
  {
    id: 'ReplicatorDescriptionTooLong',
    failsWhen: (f) => literal(f.description) && f.description.length > MAX_REPLICATOR_DESCRIPTION_LENGTH,
    message: (f) => `description: ${f.description!.length} characters, above the ${MAX_REPLICATOR_DESCRIPTION_LENGTH} allowed. Fix: shorten it.`,
  },
  {
    id: 'ReplicatorNoTopics',
    failsWhen: (f) => f.topics.length === 0,
    message: () => 'topicsToReplicate: empty. Fix: list the topics to copy as regular expressions, e.g. [\'orders\', \'logs\\\\..*\'] or [\'.*\'].',
  },
  {
    id: 'ReplicatorTooManyPatterns',
    failsWhen: (f) => patternLists(f).some(([, list]) => list.length > MAX_PATTERNS),
    message: (f) => `${patternLists(f).filter(([, list]) => list.length > MAX_PATTERNS).map(([name, list]) => `${name} (${list.length})`).join(', ')}: `
      + `more than ${MAX_PATTERNS} patterns. Fix: merge them into fewer regular expressions.`,
  },
  {
    id: 'ReplicatorPatternLength',
    failsWhen: (f) => patternLists(f).some(([, list, max]) => list.some(badLength(max))),
    message: (f) => patternLists(f).filter(([, list, max]) => list.some(badLength(max)))
      .map(([name, list, max]) => `${name}: patterns ${list.filter(badLength(max)).map((p) => `'${p.slice(0, 40)}'`).join(', ')} are empty or longer than ${max} characters`)
      .join('; ') + '. Fix: shorten them.',
  },
  {
    id: 'ReplicatorAclsWithServerless',
    failsWhen: (f) => f.copyAccessControlLists && sides(f).some((c) => c.kind === 'serverless'),
    message: (f) => `copyAccessControlLists: ${names(sides(f).filter((c) => c.kind === 'serverless'))} are MSK Serverless clusters, which have no Kafka ACLs to copy. `
      + 'Fix: set copyAccessControlLists to false.',
  },
  {
    id: 'ReplicatorNotInTargetRegion',
    failsWhen: (f) => f.region !== undefined && f.target.region !== undefined && f.region !== f.target.region,
    message: (f) => `target: the replicator is in ${f.region} but target '${f.target.path}' is in ${f.target.region}; a replicator runs in its target cluster's Region. `
      + 'Fix: create the replicator in a stack of the target\'s Region.',
  },
  {
    id: 'ReplicatorCrossAccount',
    failsWhen: (f) => f.source.account !== undefined && f.target.account !== undefined && f.source.account !== f.target.account,
    message: (f) => `source, target: accounts ${f.source.account} and ${f.target.account} differ; MSK Replicator copies between clusters of one account. `
      + 'Fix: use clusters of the same account (or another replication tool).',
  },
  {
    id: 'ReplicatorCrossRegionSourceWithoutMultiVpc',
    failsWhen: (f) => crossRegion(f) && f.source.kind === 'provisioned' && f.source.definedHere && !f.source.multiVpcIam,
    message: (f) => `source: '${f.source.path}' is in ${f.source.region}, the target in ${f.target.region}. Cross-Region replication reaches a provisioned source `
      + 'through multi-VPC private connectivity with IAM. Fix: set multiVpcConnectivity: { iam: true } on the source (after a first deployment without it).',
  },
  {
    id: 'ReplicatorEnhancedSyncNeedsIdenticalNames',
    failsWhen: (f) => f.offsetSync === 'ENHANCED' && f.topicNaming !== 'IDENTICAL',
    message: () => 'consumerGroupOffsetSync: enhanced offset synchronization needs identical topic names. Fix: set topicNaming: ReplicatedTopicNaming.identical(), or use legacy sync.',
  },
  {
    id: 'ReplicatorClusterNetworkMissing',
    failsWhen: (f) => sides(f).some((c) => !c.definedHere && !c.networkGiven),
    message: (f) => `sourceNetwork, targetNetwork: the subnets of imported ${names(sides(f).filter((c) => !c.definedHere && !c.networkGiven))} are unknown. `
      + 'Fix: give vpc and vpcSubnets (and securityGroups that reach the brokers on 9098) for each imported cluster.',
  },
  {
    id: 'ReplicatorNetworkSubnets',
    failsWhen: (f) => sides(f).some((c) => c.networkSubnetSources !== undefined && c.networkSubnetSources !== 1),
    message: (f) => `sourceNetwork, targetNetwork: ${sides(f).filter((c) => c.networkSubnetSources !== undefined && c.networkSubnetSources !== 1)
      .map((c) => `the ${c.role} network gives ${c.networkSubnetSources === 0 ? 'neither vpc nor subnetIds' : 'both vpc and subnetIds'}`).join('; ')}. `
      + 'Fix: give vpc (with vpcSubnets to choose the subnets) or, for a VPC outside the app, subnetIds: exactly one.',
  },
  {
    id: 'ReplicatorTooFewSubnets',
    failsWhen: (f) => sides(f).some((c) => c.subnetCount !== undefined && c.subnetCount < MIN_REPLICATOR_SUBNETS),
    message: (f) => `sourceNetwork, targetNetwork: ${sides(f).filter((c) => c.subnetCount !== undefined && c.subnetCount < MIN_REPLICATOR_SUBNETS)
      .map((c) => `${c.role} has ${c.subnetCount} subnet(s)`).join('; ')}; the replicator needs at least ${MIN_REPLICATOR_SUBNETS} per cluster. Fix: give 2 or 3 subnets in distinct AZs.`,
  },
];
registerRules({ name: 'REPLICATOR_RULES', file: 'src/integrations/replicator/replicator-rules.ts', severity: 'error', checkedBy: ['KafkaReplicator'] }, REPLICATOR_RULES);


/** Non-fatal findings on `KafkaReplicator`. */
export const REPLICATOR_WARNINGS: WarningRule<ReplicatorFacts>[] = [
  {
    id: 'ReplicatorNoSecurityGroups',
    failsWhen: (f) => sides(f).some(lacksGroups(f)),
    message: (f) => `sourceNetwork, targetNetwork: no securityGroups for ${names(sides(f).filter(lacksGroups(f)))}; `
      + 'the replicator\'s network interfaces then use the VPC\'s default security group. Give groups the brokers allow on 9098.',
  },
  {
    id: 'ReplicatorCrossRegionImportedSource',
    failsWhen: (f) => crossRegion(f) && f.source.kind === 'provisioned' && !f.source.definedHere,
    message: (f) => `source: '${f.source.path}' (${f.source.region}) is imported; for cross-Region replication it needs multi-VPC private connectivity with IAM `
      + 'and a cluster policy that lets kafka.amazonaws.com call kafka:CreateVpcConnection, kafka:GetBootstrapBrokers and kafka:DescribeClusterV2. Check both.',
  },
  {
    id: 'ReplicatorPatternNotRegex',
    failsWhen: (f) => patternLists(f).some(([, list]) => list.some((p) => !Token.isUnresolved(p) && !isRegex(p))),
    message: (f) => `${patternLists(f).flatMap(([name, list]) => list.filter((p) => !Token.isUnresolved(p) && !isRegex(p)).map((p) => `${name} '${p}'`)).join(', ')}: `
      + 'not a valid regular expression here (the replicator uses Java regular expressions). Check the pattern.',
  },
  // CloudFormation template reference, AWS::MSK::Replicator: ReplicatorName, Description, KafkaClusters,
  // ServiceExecutionRoleArn and, in ReplicationInfoList, the source and target cluster ARNs,
  // TargetCompressionType, TopicReplication.StartingPosition and .TopicNameConfiguration and
  // ConsumerGroupReplication.ConsumerGroupOffsetSyncMode say "Update requires: Replacement". CloudFormation
  // creates the replacement before it deletes the old resource, and a replicator name is taken until then
  // (CloudFormation user guide, "Name type": with a name you give, updates that require replacement fail).
  {
    id: 'ReplicatorNameFixed',
    failsWhen: (f) => f.name !== undefined,
    message: (f) => `replicatorName: '${f.name}' is fixed, so a change that replaces the replicator (the source or target cluster, their subnets `
      + 'or security groups, the role, compression, starting position, topic naming, offset-sync mode or description: the create-only properties of '
      + 'AWS::MSK::Replicator) fails: CloudFormation creates the new replicator before it deletes the old one, and the name is taken. '
      + 'Fix: omit replicatorName (the default name carries a hash of those settings), or change the name together with them; acknowledge this warning if the name must stay.',
  },
];
registerRules({ name: 'REPLICATOR_WARNINGS', file: 'src/integrations/replicator/replicator-rules.ts', severity: 'warning', checkedBy: ['KafkaReplicator'] }, REPLICATOR_WARNINGS);


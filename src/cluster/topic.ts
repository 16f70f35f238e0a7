import { Fn, RemovalPolicy, Resource, Token, aws_iam as iam, aws_msk as msk } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { IMskCluster } from './cluster-ref';
import { guardTopicUpdates } from './topic-update-guard';
import { checkKafkaName } from '../auth/kafka-names';
import { registerRules } from '../validation/registry';
import { checkRules, Rule } from '../validation/rules';

/** A topic to declare on a cluster with `cluster.addTopic()`. */
export interface TopicOptions {
  /**
   * Name of the topic. Kafka cannot rename a topic: a deployment that changes it fails before the
   * topic is touched (README, "Data safety"); add a new topic under a new construct id instead.
   */
  readonly topicName: string;
  /**
   * Number of partitions (at least 1). It can only grow: a deployment that lowers it fails before
   * the topic is touched.
   */
  readonly partitions: number;
  /**
   * Replicas of each partition, set when the topic is created: a deployment that changes it fails
   * before the topic is touched (reassign partitions with Kafka's tools instead).
   * @default - the cluster's default: 3, or the broker count when smaller
   */
  readonly replicationFactor?: number;
  /**
   * Topic configuration, e.g. `{ 'retention.ms': '604800000', 'cleanup.policy': 'compact' }`.
   * @default - the broker defaults
   */
  readonly configs?: { [key: string]: string };
  /**
   * What happens to the topic, and its messages, when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Props of {@link Topic}. */
export interface TopicProps extends TopicOptions {
  /** The cluster the topic lives in (provisioned, Kafka 3.6 or later). */
  readonly cluster: IMskCluster;
}

const CONFIG_KEY = /^[a-z0-9][a-z0-9._-]*$/;

interface TopicFacts {
  readonly props: TopicProps;
  readonly replicationFactor: number;
}

const isBadCount = (value: number) => !Token.isUnresolved(value) && (!Number.isInteger(value) || value < 1);

const TOPIC_RULES: ReadonlyArray<Rule<TopicFacts>> = [
  {
    id: 'TopicPartitionsInvalid',
    failsWhen: (f) => isBadCount(f.props.partitions),
    message: (f) => `partitions: ${f.props.partitions} is not a whole number of at least 1. Fix: use 1 or more.`,
  },
  {
    id: 'TopicReplicationFactorInvalid',
    failsWhen: (f) => isBadCount(f.replicationFactor),
    message: (f) => `replicationFactor: ${f.replicationFactor} is not a whole number of at least 1. Fix: use 3 (or the broker count when smaller).`,
  },
  {
    // MSK developer guide, "Tiered storage constraints and limitations": compacted topics cannot use
    // tiered storage (remote.storage.enable=true).
    id: 'TopicCompactedTiered',
    failsWhen: (f) => compactedTiered(f.props.configs) !== undefined,
    message: (f) => `configs: cleanup.policy=${compactedTiered(f.props.configs)} with remote.storage.enable=true: compacted topics cannot use MSK tiered storage `
      + '(MSK developer guide, \'Tiered storage constraints and limitations\'). Fix: use cleanup.policy=delete for a tiered topic, or remove remote.storage.enable to keep a compacted topic on broker storage.',
  },
  {
    id: 'TopicConfigInvalid',
    failsWhen: (f) => badConfigKeys(f.props.configs).length > 0,
    message: (f) => `configs: ${badConfigKeys(f.props.configs).map((k) => `'${k}'`).join(', ')} are not topic configuration entries. Fix: use Kafka topic config names (e.g. 'retention.ms') with single-line values.`,
  },
];
registerRules({ name: 'TOPIC_RULES', file: 'src/cluster/topic.ts', severity: 'error', checkedBy: ['Topic'] }, TOPIC_RULES);


/** The topic's cleanup.policy when it compacts a topic that also enables tiered storage. */
function compactedTiered(configs: { [key: string]: string } | undefined): string | undefined {
  const policy = configs?.['cleanup.policy'];
  const remote = configs?.['remote.storage.enable'];
  if (policy === undefined || remote === undefined || Token.isUnresolved(policy) || Token.isUnresolved(remote)) {
    return undefined;
  }
  return /compact/i.test(policy) && remote.trim().toLowerCase() === 'true' ? policy : undefined;
}

function badConfigKeys(configs: { [key: string]: string } | undefined): string[] {
  return Object.entries(configs ?? {})
    .filter(([key, value]) => !Token.isUnresolved(key) && (!CONFIG_KEY.test(key) || (!Token.isUnresolved(value) && /[\r\n]/.test(value))))
    .map(([key]) => key);
}

/** Renders configs as the base64 `key=value` lines AWS::MSK::Topic takes. */
function encodeConfigs(configs: { [key: string]: string } | undefined): string | undefined {
  if (!configs || Object.keys(configs).length === 0) {
    return undefined;
  }
  const text = Object.keys(configs).sort().map((key) => `${key}=${configs[key]}`).join('\n');
  return Token.isUnresolved(text) ? Fn.base64(text) : Buffer.from(text, 'utf8').toString('base64');
}

/**
 * A Kafka topic managed by CloudFormation (AWS::MSK::Topic). Declare it with
 * `cluster.addTopic()` to have it checked against the cluster's brokers and partition limits.
 *
 * A deployment that changes `topicName` or `replicationFactor` (which would replace the topic) or lowers
 * `partitions` (which Kafka refuses) fails before the topic is touched, through an update guard
 * (`Custom::MskUpdateGuard`). Changing the cluster replaces the topic.
 */
export class Topic extends Resource {
  /** ARN of the topic. */
  public readonly topicArn: string;
  /** Name of the topic. */
  public readonly topicName: string;
  /** Number of partitions. */
  public readonly partitions: number;
  /** Replicas of each partition. */
  public readonly replicationFactor: number;
  /** The cluster the topic lives in. */
  public readonly cluster: IMskCluster;

  constructor(scope: Construct, id: string, props: TopicProps) {
    super(scope, id);
    checkKafkaName(props.topicName, 'topicName', `Topic '${this.node.path}'`, false);
    const replicationFactor = props.replicationFactor ?? 3;
    checkRules(this, 'Topic', TOPIC_RULES, { props, replicationFactor });

    this.cluster = props.cluster;
    this.topicName = props.topicName;
    this.partitions = props.partitions;
    this.replicationFactor = replicationFactor;
    const resource = new msk.CfnTopic(this, 'Resource', {
      clusterArn: props.cluster.clusterArn,
      topicName: props.topicName,
      partitionCount: props.partitions,
      replicationFactor,
      configs: encodeConfigs(props.configs),
    });
    resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    guardTopicUpdates(this, resource, { topicName: props.topicName, partitions: props.partitions, replicationFactor });
    this.topicArn = resource.attrTopicArn;
  }

  /** Lets `grantee` write to this topic (see `IMskCluster.grantProduce`). */
  public grantProduce(grantee: iam.IGrantable): iam.Grant {
    return this.cluster.grantProduce(grantee, this.topicName);
  }

  /** Lets `grantee` read this topic as a member of `consumerGroup` (see `IMskCluster.grantConsume`). */
  public grantConsume(grantee: iam.IGrantable, consumerGroup: string): iam.Grant {
    return this.cluster.grantConsume(grantee, this.topicName, consumerGroup);
  }
}

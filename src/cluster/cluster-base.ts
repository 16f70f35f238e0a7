import { Annotations, Resource, Token, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { IMskCluster } from './cluster-ref';
import { Topic, TopicOptions } from './topic';
import { ClusterArns } from '../auth/cluster-arns';
import { grantActionSet } from '../auth/grants';
import { checkKafkaName } from '../auth/kafka-names';
import { ADMIN, CONNECT, CONSUME, PRODUCE, TRANSACTIONAL_PRODUCE } from '../auth/permissions';
import { checkRules, ID_PREFIX, Rule } from '../validation/rules';

/**
 * What a cluster allows for topics declared on it.
 * @internal
 */
export interface TopicLimits {
  /** Why topics cannot be declared on this cluster, if they cannot. */
  readonly unsupported?: string;
  /** Replication factor used when a topic gives none. */
  readonly defaultReplicationFactor: number;
  /** Number of brokers, when known. */
  readonly brokerCount?: number;
  /** A replication factor the cluster imposes (Express: 3). */
  readonly requiredReplicationFactor?: number;
  /** Recommended and maximum partition replicas per broker, when known. */
  readonly recommendedPartitionsPerBroker?: number;
  readonly maxPartitionsPerBroker?: number;
  /** The instance type, for messages. */
  readonly instanceType?: string;
}

interface TopicBudgetFacts {
  readonly limits: TopicLimits;
  readonly options: TopicOptions;
  readonly replicationFactor: number;
  readonly replicasPerBroker?: number;
}

const TOPIC_ON_CLUSTER_RULES: ReadonlyArray<Rule<TopicBudgetFacts>> = [
  {
    id: 'TopicsUnsupported',
    failsWhen: (f) => f.limits.unsupported !== undefined,
    message: (f) => `addTopic: ${f.limits.unsupported}`,
  },
  {
    id: 'TopicReplicationAboveBrokers',
    failsWhen: (f) => f.limits.brokerCount !== undefined && !Token.isUnresolved(f.replicationFactor)
      && !Token.isUnresolved(f.limits.brokerCount) && f.replicationFactor > f.limits.brokerCount,
    message: (f) => `replicationFactor: ${f.replicationFactor} is more than the ${f.limits.brokerCount} brokers of the cluster. Fix: use at most ${f.limits.brokerCount}.`,
  },
  {
    id: 'TopicReplicationFixed',
    failsWhen: (f) => f.limits.requiredReplicationFactor !== undefined && !Token.isUnresolved(f.replicationFactor)
      && f.replicationFactor !== f.limits.requiredReplicationFactor,
    message: (f) => `replicationFactor: ${f.limits.instanceType} brokers replicate every partition ${f.limits.requiredReplicationFactor} times. Fix: omit replicationFactor.`,
  },
  {
    id: 'TopicPartitionsAboveMax',
    failsWhen: (f) => f.replicasPerBroker !== undefined && f.limits.maxPartitionsPerBroker !== undefined
      && f.replicasPerBroker > f.limits.maxPartitionsPerBroker,
    message: (f) => `partitions: the declared topics put ${Math.ceil(f.replicasPerBroker!)} partition replicas on each broker, above the ${f.limits.maxPartitionsPerBroker} that ${f.limits.instanceType} allows (MSK then blocks configuration updates). Fix: use fewer partitions, more brokers (brokersPerAz) or a larger instance type.`,
  },
];

/**
 * What provisioned, serverless and imported clusters share: connections, IAM grants derived
 * from the cluster ARN, and topics.
 */
export abstract class ClusterBase extends Resource implements IMskCluster {
  public abstract readonly clusterArn: string;
  public abstract readonly clusterName: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly bootstrapBrokers: string;

  /** Partition replicas of the topics declared so far (partitions × replication factor). */
  private declaredReplicas = 0;

  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return grantActionSet(grantee, this._policyArns(), CONNECT, {});
  }

  public grantProduce(grantee: iam.IGrantable, topicName: string): iam.Grant {
    checkKafkaName(topicName, 'topicName', 'grantProduce', true);
    return grantActionSet(grantee, this._policyArns(), PRODUCE, { topic: topicName });
  }

  public grantConsume(grantee: iam.IGrantable, topicName: string, consumerGroup: string): iam.Grant {
    checkKafkaName(topicName, 'topicName', 'grantConsume', true);
    checkKafkaName(consumerGroup, 'consumerGroup', 'grantConsume', true);
    return grantActionSet(grantee, this._policyArns(), CONSUME, { topic: topicName, group: consumerGroup });
  }

  public grantTransactionalProduce(grantee: iam.IGrantable, topicName: string, transactionalId: string): iam.Grant {
    checkKafkaName(topicName, 'topicName', 'grantTransactionalProduce', true);
    checkKafkaName(transactionalId, 'transactionalId', 'grantTransactionalProduce', true);
    return grantActionSet(grantee, this._policyArns(), TRANSACTIONAL_PRODUCE, { topic: topicName, transactionalId });
  }

  public grantAdmin(grantee: iam.IGrantable, topicPattern: string = '*', groupPattern: string = '*'): iam.Grant {
    checkKafkaName(topicPattern, 'topicPattern', 'grantAdmin', true);
    checkKafkaName(groupPattern, 'groupPattern', 'grantAdmin', true);
    return grantActionSet(grantee, this._policyArns(), ADMIN, { topic: topicPattern, group: groupPattern });
  }

  public addTopic(id: string, options: TopicOptions): Topic {
    const limits = this._topicLimits();
    const replicationFactor = options.replicationFactor ?? limits.requiredReplicationFactor ?? limits.defaultReplicationFactor;
    const countable = [options.partitions, replicationFactor, limits.brokerCount ?? NaN].every((n) => !Token.isUnresolved(n));
    const replicas = countable ? this.declaredReplicas + options.partitions * replicationFactor : undefined;
    const replicasPerBroker = replicas !== undefined && limits.brokerCount ? replicas / limits.brokerCount : undefined;
    checkRules(this, 'addTopic', TOPIC_ON_CLUSTER_RULES, { limits, options, replicationFactor, replicasPerBroker });

    const topic = new Topic(this, id, { ...options, replicationFactor, cluster: this });
    if (replicas !== undefined) {
      this.declaredReplicas = replicas;
    }
    const recommended = limits.recommendedPartitionsPerBroker;
    if (replicasPerBroker !== undefined && recommended !== undefined && replicasPerBroker > recommended) {
      Annotations.of(this).addWarningV2(`${ID_PREFIX}:PartitionsAboveRecommended`,
        `The declared topics put ${Math.ceil(replicasPerBroker)} partition replicas on each broker, above the ${recommended} recommended for ${limits.instanceType}: expect higher latency and slower recovery. Add brokers or use a larger instance type.`);
    }
    return topic;
  }

  /**
   * ARNs used in IAM policies.
   * @internal
   */
  public abstract _policyArns(): ClusterArns;

  /**
   * What topics on this cluster may be.
   * @internal
   */
  public abstract _topicLimits(): TopicLimits;
}

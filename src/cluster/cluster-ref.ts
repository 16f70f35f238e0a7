import { IResource, aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Topic, TopicOptions } from './topic';
import { ClientAuthentication } from '../auth/client-authentication';

/**
 * An MSK cluster: provisioned, serverless or imported. Application code connects, grants,
 * reads brokers and metrics through this interface, whatever the kind of cluster. Topics
 * (`addTopic`) are on {@link IProvisionedCluster}; integrations (e.g. `KafkaLambdaConsumer`)
 * take the cluster in their props.
 */
export interface IMskCluster extends IResource, ec2.IConnectable {
  /**
   * ARN of the cluster.
   * @attribute
   */
  readonly clusterArn: string;
  /**
   * Name of the cluster.
   * @attribute
   */
  readonly clusterName: string;
  /**
   * Bootstrap broker string for the cluster's primary authentication mode (IAM, else SCRAM,
   * else TLS), read at deploy time.
   */
  readonly bootstrapBrokers: string;

  /**
   * What the cluster's alarms do when they fire and when they recover: notify its alarm topic, or
   * the `alarms.actions` given. Integrations on the cluster (replicators, connectors, Firehose
   * streams, Lambda consumers) use them for their own alarms by default. Empty when the cluster's
   * alarms are off, and for an imported cluster no `MskClusterMonitoring` watches.
   */
  readonly alarmActions: cloudwatch.IAlarmAction[];

  /**
   * Grants `actions` on the cluster ARN: an escape hatch for MSK actions (`kafka-cluster:...` or
   * `kafka:...`) the other grant methods do not cover.
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /** Lets `grantee` connect and describe the cluster (kafka-cluster:Connect, DescribeCluster). */
  grantConnect(grantee: iam.IGrantable): iam.Grant;

  /**
   * Lets `grantee` write to a topic, idempotently.
   * @param topicName a topic name, or a prefix pattern ending in '*'
   */
  grantProduce(grantee: iam.IGrantable, topicName: string): iam.Grant;

  /**
   * Lets `grantee` read a topic as a member of a consumer group.
   * @param topicName a topic name, or a prefix pattern ending in '*'
   * @param consumerGroup a group name, or a prefix pattern ending in '*'
   */
  grantConsume(grantee: iam.IGrantable, topicName: string, consumerGroup: string): iam.Grant;

  /**
   * Lets `grantee` write to a topic inside transactions with the given transactional id.
   * @param topicName a topic name, or a prefix pattern ending in '*'
   * @param transactionalId a transactional id, or a prefix pattern ending in '*'
   */
  grantTransactionalProduce(grantee: iam.IGrantable, topicName: string, transactionalId: string): iam.Grant;

  /**
   * Lets `grantee` create, alter, describe and delete topics and consumer groups and describe
   * the cluster configuration.
   * @param topicPattern topics administered: a name or a prefix pattern ending in '*' (default: all)
   * @param groupPattern groups administered: a name or a prefix pattern ending in '*' (default: all)
   */
  grantAdmin(grantee: iam.IGrantable, topicPattern?: string, groupPattern?: string): iam.Grant;

  /**
   * An MSK metric of this cluster (namespace AWS/Kafka, dimension "Cluster Name").
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** Largest offset lag of a consumer group on a topic, in messages. Maximum over 1 minute. */
  metricMaxOffsetLag(consumerGroup: string, topic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** A provisioned MSK cluster, defined in this app or imported. */
export interface IProvisionedCluster extends IMskCluster {
  /** Bootstrap brokers for SASL/IAM clients (port 9098). */
  readonly bootstrapBrokersSaslIam: string;
  /** Bootstrap brokers for SASL/SCRAM clients (port 9096). */
  readonly bootstrapBrokersSaslScram: string;
  /** Bootstrap brokers for mutual-TLS clients (port 9094). */
  readonly bootstrapBrokersTls: string;

  /**
   * Declares a topic (AWS::MSK::Topic), checked against the cluster's broker count and
   * partition limits. MSK has topic resources on provisioned clusters only.
   */
  addTopic(id: string, options: TopicOptions): Topic;

  /** A per-broker metric of this cluster (dimensions "Cluster Name" and "Broker ID"). */
  metricForBroker(metricName: string, brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * What is known about a cluster defined elsewhere. Give `clusterArn` (preferred: grants then
 * name the exact cluster) or `clusterName` (grants then use `*` for the cluster UUID).
 */
export interface MskClusterAttributes {
  /**
   * ARN of the cluster.
   * @default - derived from `clusterName`, with `*` for the UUID
   */
  readonly clusterArn?: string;
  /**
   * Name of the cluster.
   * @default - parsed from `clusterArn`
   */
  readonly clusterName?: string;
  /**
   * Security groups of the brokers, so `connections` can open ports on them.
   * @default - none: `connections` manages no ingress
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * How clients authenticate: sets the default port and which broker strings exist.
   * @default ClientAuthentication.iam()
   */
  readonly clientAuthentication?: ClientAuthentication;
  /**
   * Bootstrap brokers of the primary mode.
   * @default - the string of the primary mode, when given
   */
  readonly bootstrapBrokers?: string;
  /**
   * Bootstrap brokers for SASL/IAM.
   * @default - unknown: reading it throws
   */
  readonly bootstrapBrokersSaslIam?: string;
  /**
   * Bootstrap brokers for SASL/SCRAM.
   * @default - unknown: reading it throws
   */
  readonly bootstrapBrokersSaslScram?: string;
  /**
   * Bootstrap brokers for mutual TLS.
   * @default - unknown: reading it throws
   */
  readonly bootstrapBrokersTls?: string;
}

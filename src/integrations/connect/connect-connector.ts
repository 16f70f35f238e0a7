import {
  Duration,
  Lazy,
  RemovalPolicy,
  Resource,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kafkaconnect as kafkaconnect,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConnectorCapacity } from './connect-capacity';
import { CONNECTOR_CAPACITY_RULES, KAFKA_CONNECTOR_RULES, KAFKA_CONNECTOR_WARNINGS, KafkaConnectorFacts, MAX_CONNECTOR_NAME_LENGTH } from './connect-connector-rules';
import { ICustomPlugin } from './connect-plugin';
import { KafkaConnectVersion } from './connect-version';
import { IWorkerConfiguration } from './connect-worker-configuration';
import { grantActionSet } from '../../auth/grants';
import { ManagedPolicyGrantee } from '../../auth/managed-policy-grantee';
import { clusterInternals } from '../../cluster/cluster-internals';
import { ClusterNetworkInfo } from '../../cluster/cluster-network';
import { IMskCluster } from '../../cluster/cluster-ref';
import { createEncryptedLogGroup } from '../../logging/encrypted-log-group';
import { BrokerLogDeliveryPolicy } from '../../logging/log-delivery-policy';
import { IntegrationAlarmOptions } from '../../monitoring/alarm-options';
import { VpcPlacement } from '../../network/vpc-placement';
import { shareCreationTrace } from '../../validation/creation-trace';
import { checkRules, warnRules } from '../../validation/rules';
import { acknowledgeWildcardResources } from '../../validation/wildcard-findings';
import { nameWithCreateOnlyHash } from '../create-only-name';
import { createIntegrationAlarms } from '../integration-alarms';

/** Prefix of the topics and consumer groups MSK Connect creates for each connector. */
export const CONNECT_INTERNAL_PREFIX = '__amazon_msk_connect_';

/**
 * What every connector takes; {@link KafkaConnectorProps} adds the connector's own configuration.
 *
 * Network placement of the workers (`VpcPlacement`): `vpcSubnets` default to the cluster's client subnets
 * (with `vpc`, its private subnets), and each worker takes one IP address; `securityGroups` default to a new
 * group with no ingress, whose only egress is the broker port of the cluster (which lets it in). Changing
 * either replaces the connector.
 */
export interface KafkaConnectorOptions extends VpcPlacement {
  /** The cluster the connector reads from or writes to; it must enable IAM client authentication. */
  readonly cluster: IMskCluster;
  /** The custom plugin with the connector code. Changing it replaces the connector. */
  readonly plugin: ICustomPlugin;
  /**
   * Workers and MCUs. Can change without replacing the connector.
   * @default ConnectorCapacity.autoScaling() (1 to 2 workers of 1 MCU, scale in below 20% CPU, out above 80%)
   */
  readonly capacity?: ConnectorCapacity;
  /**
   * Kafka Connect version; it must suit the plugin. Changing it replaces the connector.
   * @default KafkaConnectVersion.V3_7_X
   */
  readonly kafkaConnectVersion?: KafkaConnectVersion;
  /**
   * Worker configuration. Changing it replaces the connector.
   * @default - the MSK Connect default (StringConverter for keys and values)
   */
  readonly workerConfiguration?: IWorkerConfiguration;
  /**
   * Name of the connector (1 to 128 letters, digits or '-'). A sink connector's consumer group
   * is `connect-<name>`, so its committed offsets follow the name. Changing it replaces the connector.
   * With a fixed name, a change that replaces the connector fails (the old connector still holds
   * the name while CloudFormation creates the new one): a warning says so.
   * @default - derived from the construct path, plus a hash of the settings fixed at creation, so a replacement gets a new name
   */
  readonly connectorName?: string;
  /**
   * Description. Changing it replaces the connector.
   * @default - none
   */
  readonly description?: string;
  /**
   * VPC of the workers. Required for an imported cluster.
   * @default - the cluster's VPC
   */
  readonly vpc?: ec2.IVpc;
  /**
   * How long worker logs are kept in the encrypted CloudWatch log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Removal policy of the worker log group and its key.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The recommended alarms: tasks in error, and no worker reporting.
   * @default - on, with the cluster's alarm actions (none for an imported cluster)
   */
  readonly alarms?: IntegrationAlarmOptions;
}

/** Props of {@link KafkaConnector}. */
export interface KafkaConnectorProps extends KafkaConnectorOptions {
  /**
   * The connector configuration (`connector.class`, `tasks.max`, `topics`, ...). It can change
   * without replacing the connector, except `connector.class`.
   */
  readonly connectorConfiguration: { [key: string]: string };
  /**
   * Topics the connector reads (sink connectors): names or prefix patterns ending in '*'. The
   * role may read them as the connector's consumer group `connect-<name>`.
   * @default - none
   */
  readonly readTopics?: string[];
  /**
   * Topics the connector writes (source connectors): names or prefix patterns ending in '*'.
   * @default - none
   */
  readonly writeTopics?: string[];
}

/**
 * Why the connector role's wildcard resources are needed (acknowledged per resource as
 * AwsSolutions-IAM5[Resource::...]; listed in README). Topic patterns a user passes are not acknowledged.
 */
export const CONNECTOR_WILDCARD_REASON = 'MSK Connect creates its internal topics (configs, offsets, status) and worker group with generated names under '
  + `${CONNECT_INTERNAL_PREFIX}* (the service execution role policy of the MSK Developer Guide); the connector's own consumer group is named exactly.`;

/**
 * An MSK Connect connector (AWS::KafkaConnect::Connector) on a cluster with IAM authentication:
 * TLS in transit (never plaintext), workers in the cluster's subnets behind their own security
 * group that the cluster lets in on the IAM port, worker logs in an encrypted CloudWatch log
 * group, and a service execution role (trusted by kafkaconnect.amazonaws.com for this connector
 * only) whose statements sit in a customer-managed policy: connect, read or write the given
 * topics, and Kafka Connect's internal topics and groups.
 *
 * Most properties are fixed at creation: changing the plugin, cluster (or its bootstrap brokers,
 * which change with its brokers and authentication modes), network, versions, worker configuration,
 * logging, role, description or name replaces the connector. The replacement is created before
 * the old connector is deleted, so the default name changes with those settings (a hash of them);
 * a sink connector's replacement then starts a new consumer group. Capacity and connector
 * configuration (except `connector.class`) update in place.
 */
export class KafkaConnector extends Resource implements iam.IGrantable, ec2.IConnectable {
  /** The service execution role, as a grantee whose grants land in the connector's managed policy. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The workers' security groups; open egress from here (the brokers are already allowed). */
  public readonly connections: ec2.Connections;
  /** ARN of the connector. */
  public readonly connectorArn: string;
  /** Name of the connector. */
  public readonly connectorName: string;
  /** The service execution role. */
  public readonly role: iam.IRole;
  /** The customer-managed policy holding the role's permissions (grants to the connector land here). */
  public readonly policy: iam.ManagedPolicy;
  /** The worker log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The underlying AWS::KafkaConnect::Connector. */
  public readonly cfnConnector: kafkaconnect.CfnConnector;
  /** The recommended alarms (empty with `alarms: { enabled: false }`). */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: KafkaConnectorProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    const stack = Stack.of(this);
    // The default name is produced at synth from every create-only setting (see below).
    let fixedAtCreation: Record<string, unknown> = {};
    const name = props.connectorName
      ?? Lazy.string({ produce: () => nameWithCreateOnlyHash(this, fixedAtCreation, { maxLength: MAX_CONNECTOR_NAME_LENGTH }) });
    const capacity = props.capacity ?? ConnectorCapacity.autoScaling();
    const info = clusterInternals(props.cluster).network;
    const vpc = props.vpc ?? info?.vpc;
    const facts: KafkaConnectorFacts = {
      connectorName: name,
      nameGiven: props.connectorName !== undefined,
      cluster: info,
      vpcKnown: vpc !== undefined,
      configuration: props.connectorConfiguration,
      readTopics: props.readTopics ?? [],
      writeTopics: props.writeTopics ?? [],
    };
    checkRules(this, 'KafkaConnector', [...KAFKA_CONNECTOR_RULES, ...CONNECTOR_CAPACITY_RULES.map(onCapacity)], { ...facts, capacity });
    warnRules(this, KAFKA_CONNECTOR_WARNINGS, facts);
    this.connectorName = name;

    // Network: the cluster's subnets, a security group the cluster lets in.
    const subnetIds = workerSubnets(vpc!, props.vpcSubnets, info);
    const securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: vpc!,
      description: `MSK Connect workers of ${this.node.path}`,
      allowAllOutbound: false,
    })];
    this.connections = new ec2.Connections({ securityGroups });
    this.connections.allowToDefaultPort(props.cluster, `MSK Connect workers of ${this.node.path} to the brokers (IAM)`);

    // Role: trusted by MSK Connect for this connector only; grants in a managed policy.
    const role = new iam.Role(this, 'ServiceExecutionRole', {
      assumedBy: new iam.ServicePrincipal('kafkaconnect.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'kafkaconnect', resource: 'connector', resourceName: `${name}/*` }) },
      }),
      description: `Service execution role of the MSK Connect connector ${this.node.path}`,
    });
    this.role = role;
    const grantee = new ManagedPolicyGrantee(this, 'Access', { role });
    this.grantPrincipal = grantee.grantPrincipal;
    this.policy = grantee.policy;
    this.grantClusterAccess(props, name);

    // Worker logs: an encrypted log group that vended-log delivery may write to.
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logGroup = createEncryptedLogGroup(this, 'WorkerLogs', {
      purpose: 'MSK Connect worker logs',
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    this.logGroup = logGroup;
    const delivery = BrokerLogDeliveryPolicy.of(this);
    delivery.allow(this, logGroup);

    const workerConfiguration = props.workerConfiguration;
    const createOnly = {
      connectorDescription: props.description,
      kafkaCluster: {
        apacheKafkaCluster: {
          bootstrapServers: props.cluster.bootstrapBrokers,
          vpc: { subnets: subnetIds, securityGroups: securityGroups.map((g) => g.securityGroupId) },
        },
      },
      kafkaClusterClientAuthentication: { authenticationType: 'IAM' },
      kafkaClusterEncryptionInTransit: { encryptionType: 'TLS' },
      kafkaConnectVersion: (props.kafkaConnectVersion ?? KafkaConnectVersion.V3_7_X).version,
      logDelivery: { workerLogDelivery: { cloudWatchLogs: { enabled: true, logGroup: logGroup.logGroupName } } },
      plugins: [{ customPlugin: { customPluginArn: props.plugin.customPluginArn, revision: props.plugin.revision } }],
      serviceExecutionRoleArn: role.roleArn,
      workerConfiguration: workerConfiguration === undefined ? undefined
        : { workerConfigurationArn: workerConfiguration.workerConfigurationArn, revision: workerConfiguration.revision },
    };
    // Every create-only property of AWS::KafkaConnect::Connector but the name (its CloudFormation
    // resource schema, createOnlyProperties): a change to any of them replaces the connector.
    fixedAtCreation = createOnly;
    this.cfnConnector = new kafkaconnect.CfnConnector(this, 'Resource', {
      connectorName: name,
      capacity: capacity._render(),
      connectorConfiguration: props.connectorConfiguration,
      ...createOnly,
    });
    // MSK Connect checks the role and log delivery when it creates the connector.
    this.cfnConnector.node.addDependency(this.policy, delivery.policy);
    this.connectorArn = this.cfnConnector.attrConnectorArn;

    // Metric names from the MSK developer guide, "Monitoring Amazon MSK Connect" (dimension ConnectorName).
    this.alarms = createIntegrationAlarms(this, props.alarms, () => props.cluster.alarmActions, [
      {
        id: 'ErroredTasksAlarm',
        definition: {
          // A Kafka Connect task in error stays so until it is restarted: one 5-minute period fires. Missing
          // data says nothing about errors (the worker alarm covers a connector that stops reporting): notBreaching.
          metric: this.metricErroredTaskCount(),
          threshold: 0,
          comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          summary: `Tasks of MSK Connect connector ${this.node.path} are in error (ErroredTaskCount).`,
          action: 'Read the task\'s stack trace in the worker log group; fix the cause (permissions, configuration, unreachable destination, '
            + 'a record the connector cannot convert) and restart the tasks.',
        },
      },
      {
        id: 'NoWorkersAlarm',
        definition: {
          // Workers publish the connector's metrics: a failed connector, or one whose workers are gone, reports
          // nothing, so missing data is breaching. Three periods (15 minutes) ride out worker replacement during
          // updates and scaling.
          metric: this.metricWorkerCount(),
          threshold: 1,
          comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 3,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
          summary: `MSK Connect connector ${this.node.path} has had no running worker for 15 minutes (WorkerCount).`,
          action: 'Look at the connector\'s state in the MSK Connect console (FAILED shows the reason) and its worker logs; a failed connector '
            + 'must be fixed and recreated.',
        },
      },
    ]);
    // The connector is RUNNING when CloudFormation creates it: its alarms (one treats missing data as breaching) come after.
    for (const alarm of this.alarms) {
      alarm.node.addDependency(this.cfnConnector);
    }
  }

  /**
   * An MSK Connect metric of this connector (namespace AWS/KafkaConnect, dimension ConnectorName),
   * e.g. `CpuUtilization`, `SinkRecordSendRate`, `ErroredTaskCount`.
   * @default - Average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/KafkaConnect',
      metricName,
      dimensionsMap: { ConnectorName: this.connectorName },
      ...props,
    }).attachTo(this);
  }

  /** Tasks in error (ErroredTaskCount). Maximum over 5 minutes. */
  public metricErroredTaskCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ErroredTaskCount', { statistic: 'Maximum', period: Duration.minutes(5), ...props });
  }

  /** Running tasks (RunningTaskCount). Minimum over 5 minutes. */
  public metricRunningTaskCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RunningTaskCount', { statistic: 'Minimum', period: Duration.minutes(5), ...props });
  }

  /** Workers running the connector (WorkerCount). Minimum over 5 minutes. */
  public metricWorkerCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('WorkerCount', { statistic: 'Minimum', period: Duration.minutes(5), ...props });
  }

  /** Task starts the workers attempted (TaskStartupAttemptsTotal). Sum over 5 minutes. */
  public metricTaskStartupAttempts(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TaskStartupAttemptsTotal', { statistic: 'Sum', period: Duration.minutes(5), ...props });
  }

  /** Percentage of task starts that succeeded (TaskStartupSuccessPercentage). Minimum over 5 minutes. */
  public metricTaskStartupSuccessPercentage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TaskStartupSuccessPercentage', { statistic: 'Minimum', period: Duration.minutes(5), ...props });
  }

  /** Connect, the given topics, the connector's consumer group and MSK Connect's internal topics and groups. */
  private grantClusterAccess(props: KafkaConnectorProps, name: string): void {
    const cluster = props.cluster;
    cluster.grantConnect(this);
    for (const topic of props.readTopics ?? []) {
      cluster.grantConsume(this, topic, `connect-${name}`);
    }
    for (const topic of props.writeTopics ?? []) {
      cluster.grantProduce(this, topic);
    }
    const arns = clusterInternals(cluster).arns;
    const internal = `${CONNECT_INTERNAL_PREFIX}*`;
    const internalGrant = grantActionSet(this, arns, {
      cluster: ['kafka-cluster:Connect'],
      topic: ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData', 'kafka-cluster:WriteData'],
      group: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
    }, { topic: internal, group: internal });
    acknowledgeWildcardResources(this.policy, internalGrant.principalStatements, CONNECTOR_WILDCARD_REASON);
  }
}

/** The capacity rules, run on the connector's facts. */
function onCapacity(rule: typeof CONNECTOR_CAPACITY_RULES[number]) {
  return {
    id: rule.id,
    failsWhen: (f: KafkaConnectorFacts & { capacity: ConnectorCapacity }) => rule.failsWhen(f.capacity),
    message: (f: KafkaConnectorFacts & { capacity: ConnectorCapacity }) => rule.message(f.capacity),
  };
}

/** Subnet ids for the workers: the selection in `vpc`, else the cluster's client subnets. */
function workerSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined, info: ClusterNetworkInfo | undefined): string[] {
  if (selection === undefined && info?.subnetIds !== undefined && info.vpc === vpc) {
    return info.subnetIds;
  }
  return vpc.selectSubnets(selection).subnetIds;
}

import { Token } from 'aws-cdk-lib';
import { registerRules } from '../../validation/registry';
import { Rule, WarningRule } from '../../validation/rules';

/** The property group the construct fills with the Kafka connection settings. */
export const KAFKA_PROPERTY_GROUP_ID = 'KafkaConfig';
/** Property groups per application (EnvironmentProperties.PropertyGroups). */
export const MAX_PROPERTY_GROUPS = 50;
/** Properties per group (PropertyGroup.PropertyMap). */
export const MAX_PROPERTIES_PER_GROUP = 50;
/** Key and value length of a property. */
export const MAX_PROPERTY_LENGTH = 2048;
/** KPUs an application may use before a quota increase. */
export const DEFAULT_MAX_KPUS = 64;
/** Above this parallelism, PARALLELISM-level metrics are discouraged for their cost. */
export const PARALLELISM_METRICS_LIMIT = 64;

const APPLICATION_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const PROPERTY_GROUP_ID = /^[a-zA-Z0-9_.-]{1,50}$/;
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const FLINK_RUNTIME = /^FLINK-\d+_\d+$/;
const TRANSACTIONAL_PREFIX = /^[A-Za-z0-9._-]{1,248}$/;

/** What the Flink application rules look at. */
export interface FlinkApplicationFacts {
  readonly clusterPath: string;
  readonly clusterDefinedHere: boolean;
  readonly clusterIam: boolean;
  readonly clusterHasSecurityGroups: boolean;
  readonly vpcGiven: boolean;
  readonly vpcSubnetsGiven: boolean;
  readonly runtime: string;
  readonly applicationName?: string;
  readonly description?: string;
  readonly sourceTopic: string;
  readonly sinkTopic?: string;
  readonly sinkTransactionalIdPrefix?: string;
  readonly consumerGroup: string;
  readonly codeKey: string;
  readonly parallelism: number;
  readonly parallelismPerKpu: number;
  readonly checkpointIntervalMs: number;
  readonly metricsLevel: string;
  readonly propertyGroups: Record<string, Record<string, string>>;
}

const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
const number = (value: number): boolean => !Token.isUnresolved(value);
const badTopic = (value: string | undefined): boolean => literal(value) && !TOPIC_NAME.test(value);
const userGroups = (f: FlinkApplicationFacts) => Object.entries(f.propertyGroups);
const properties = (f: FlinkApplicationFacts) => userGroups(f).flatMap(([, map]) => Object.entries(map));
const outOfLength = (value: string) => !Token.isUnresolved(value) && (value.length < 1 || value.length > MAX_PROPERTY_LENGTH);
const kpus = (f: FlinkApplicationFacts) => Math.ceil(f.parallelism / f.parallelismPerKpu);

/** Checks of `KafkaFlinkApplication`; every failure is reported at once. */
export const FLINK_APPLICATION_RULES: Rule<FlinkApplicationFacts>[] = [
  {
    id: 'FlinkClusterWithoutIam',
    failsWhen: (f) => !f.clusterIam,
    message: (f) => `cluster: '${f.clusterPath}' does not enable IAM authentication, and the application is granted Kafka access with IAM. Fix: enable ClientAuthentication.iam() on the cluster.`,
  },
  {
    id: 'FlinkImportedClusterNeedsNetwork',
    failsWhen: (f) => !f.clusterDefinedHere && (!f.vpcGiven || !f.vpcSubnetsGiven),
    message: (f) => `vpc, vpcSubnets: the subnets of imported cluster '${f.clusterPath}' are unknown. Fix: give vpc and vpcSubnets (private subnets that reach the brokers).`,
  },
  {
    id: 'FlinkVpcSubnetsWithoutVpc',
    failsWhen: (f) => f.clusterDefinedHere && f.vpcSubnetsGiven && !f.vpcGiven,
    message: () => 'vpcSubnets: selecting subnets needs the VPC. Fix: give vpc as well (usually the cluster\'s VPC).',
  },
  {
    id: 'FlinkRuntimeNotFlink',
    failsWhen: (f) => literal(f.runtime) && !FLINK_RUNTIME.test(f.runtime),
    message: (f) => `runtime: '${f.runtime}' is not a Flink runtime (expected FLINK-<major>_<minor>, e.g. FLINK-1_20). Fix: use a FlinkRuntime constant.`,
  },
  {
    id: 'FlinkApplicationNameInvalid',
    failsWhen: (f) => literal(f.applicationName) && !APPLICATION_NAME.test(f.applicationName),
    message: (f) => `applicationName: '${f.applicationName}' is invalid. Fix: use 1-128 letters, digits, '_', '.' or '-'.`,
  },
  {
    id: 'FlinkDescriptionTooLong',
    failsWhen: (f) => literal(f.description) && f.description.length > 1024,
    message: (f) => `description: ${f.description!.length} characters, above the 1024 allowed. Fix: shorten it.`,
  },
  {
    id: 'FlinkSourceTopicInvalid',
    failsWhen: (f) => badTopic(f.sourceTopic),
    message: (f) => `sourceTopic: '${f.sourceTopic}' is not a Kafka topic name. Fix: use 1-249 letters, digits, '.', '_' or '-'.`,
  },
  {
    id: 'FlinkSinkTopicInvalid',
    failsWhen: (f) => badTopic(f.sinkTopic),
    message: (f) => `sinkTopic: '${f.sinkTopic}' is not a Kafka topic name. Fix: use 1-249 letters, digits, '.', '_' or '-'.`,
  },
  {
    id: 'FlinkTransactionalIdPrefixInvalid',
    failsWhen: (f) => literal(f.sinkTransactionalIdPrefix) && !TRANSACTIONAL_PREFIX.test(f.sinkTransactionalIdPrefix),
    message: (f) => `sinkTransactionalIdPrefix: '${f.sinkTransactionalIdPrefix}' is not a valid prefix. Fix: use 1-248 letters, digits, '.', '_' or '-'.`,
  },
  {
    id: 'FlinkTransactionalIdPrefixWithoutSink',
    failsWhen: (f) => f.sinkTransactionalIdPrefix !== undefined && f.sinkTopic === undefined,
    message: () => 'sinkTransactionalIdPrefix: given without sinkTopic, so nothing is written transactionally. Fix: give sinkTopic, or drop the prefix.',
  },
  {
    id: 'FlinkConsumerGroupInvalid',
    failsWhen: (f) => badTopic(f.consumerGroup),
    message: (f) => `consumerGroup: '${f.consumerGroup}' is not a valid group name. Fix: use 1-249 letters, digits, '.', '_' or '-'.`,
  },
  {
    id: 'FlinkCodeKeyEmpty',
    failsWhen: (f) => literal(f.codeKey) && f.codeKey.length === 0,
    message: () => 'codeKey: empty. Fix: give the S3 key of the application JAR or ZIP, e.g. \'apps/analytics-1.0.jar\'.',
  },
  {
    id: 'FlinkParallelismInvalid',
    failsWhen: (f) => number(f.parallelism) && (!Number.isInteger(f.parallelism) || f.parallelism < 1),
    message: (f) => `parallelism: ${f.parallelism} is not a whole number of at least 1. Fix: use 1 or more.`,
  },
  {
    id: 'FlinkParallelismPerKpuInvalid',
    failsWhen: (f) => number(f.parallelismPerKpu) && (!Number.isInteger(f.parallelismPerKpu) || f.parallelismPerKpu < 1),
    message: (f) => `parallelismPerKpu: ${f.parallelismPerKpu} is not a whole number of at least 1. Fix: use 1 (one task per KPU) or more for light operators.`,
  },
  {
    id: 'FlinkCheckpointIntervalInvalid',
    failsWhen: (f) => number(f.checkpointIntervalMs) && f.checkpointIntervalMs < 1,
    message: (f) => `checkpointInterval: ${f.checkpointIntervalMs} ms; checkpoints need a positive interval. Fix: use Duration.minutes(1) (the service default) or another positive duration.`,
  },
  {
    id: 'FlinkPropertyGroupReserved',
    failsWhen: (f) => KAFKA_PROPERTY_GROUP_ID in f.propertyGroups,
    message: () => `propertyGroups: '${KAFKA_PROPERTY_GROUP_ID}' is filled by the construct (bootstrap servers, topics, group). Fix: use another group id.`,
  },
  {
    id: 'FlinkPropertyGroupIdInvalid',
    failsWhen: (f) => userGroups(f).some(([id]) => !PROPERTY_GROUP_ID.test(id)),
    message: (f) => `propertyGroups: ids ${userGroups(f).filter(([id]) => !PROPERTY_GROUP_ID.test(id)).map(([id]) => `'${id}'`).join(', ')} are invalid. Fix: use 1-50 letters, digits, '_', '.' or '-'.`,
  },
  {
    id: 'FlinkTooManyPropertyGroups',
    failsWhen: (f) => userGroups(f).length + 1 > MAX_PROPERTY_GROUPS,
    message: (f) => `propertyGroups: ${userGroups(f).length} groups plus '${KAFKA_PROPERTY_GROUP_ID}' exceed the ${MAX_PROPERTY_GROUPS} allowed. Fix: merge groups.`,
  },
  {
    id: 'FlinkTooManyProperties',
    failsWhen: (f) => userGroups(f).some(([, map]) => Object.keys(map).length > MAX_PROPERTIES_PER_GROUP),
    message: (f) => `propertyGroups: ${userGroups(f).filter(([, map]) => Object.keys(map).length > MAX_PROPERTIES_PER_GROUP).map(([id]) => `'${id}'`).join(', ')} `
      + `hold more than ${MAX_PROPERTIES_PER_GROUP} properties. Fix: split them into more groups.`,
  },
  {
    id: 'FlinkPropertyLength',
    failsWhen: (f) => properties(f).some(([key, value]) => outOfLength(key) || outOfLength(value)),
    message: (f) => `propertyGroups: keys or values ${properties(f).filter(([key, value]) => outOfLength(key) || outOfLength(value)).map(([key]) => `'${key.slice(0, 40)}'`).join(', ')} `
      + `are empty or longer than ${MAX_PROPERTY_LENGTH} characters. Fix: keep keys and values 1-${MAX_PROPERTY_LENGTH} characters.`,
  },
];
registerRules({ name: 'FLINK_APPLICATION_RULES', file: 'src/integrations/flink/flink-application-rules.ts', severity: 'error', checkedBy: ['KafkaFlinkApplication'] }, FLINK_APPLICATION_RULES);


/** Non-fatal findings on `KafkaFlinkApplication`. */
export const FLINK_APPLICATION_WARNINGS: WarningRule<FlinkApplicationFacts>[] = [
  {
    id: 'FlinkSinkIsSource',
    failsWhen: (f) => f.sinkTopic !== undefined && f.sinkTopic === f.sourceTopic,
    message: (f) => `sinkTopic: the application writes to '${f.sinkTopic}', the topic it reads, so every output record is read again. If this loop is intended, acknowledge this warning.`,
  },
  {
    id: 'FlinkImportedClusterPortsNotOpened',
    failsWhen: (f) => !f.clusterDefinedHere && !f.clusterHasSecurityGroups,
    message: (f) => `cluster: '${f.clusterPath}' was imported without security groups, so the broker port was not opened to the application. `
      + 'Allow the application\'s security group (application.connections) on the brokers\' security group yourself.',
  },
  {
    id: 'FlinkKpusAboveDefaultQuota',
    failsWhen: (f) => number(f.parallelism) && number(f.parallelismPerKpu) && f.parallelismPerKpu >= 1 && kpus(f) > DEFAULT_MAX_KPUS,
    message: (f) => `parallelism: ${f.parallelism} tasks at ${f.parallelismPerKpu} per KPU need ${kpus(f)} KPUs, above the default quota of ${DEFAULT_MAX_KPUS} per application. `
      + 'Request a quota increase before deploying, or raise parallelismPerKpu.',
  },
  {
    id: 'FlinkParallelismMetricsCostly',
    failsWhen: (f) => f.metricsLevel === 'PARALLELISM' && number(f.parallelism) && f.parallelism > PARALLELISM_METRICS_LIMIT,
    message: (f) => `metricsLevel: PARALLELISM publishes metrics per subtask; with a parallelism of ${f.parallelism} (above ${PARALLELISM_METRICS_LIMIT}) AWS discourages it for its CloudWatch cost. Use OPERATOR or TASK.`,
  },
  // CloudFormation template reference, AWS::KinesisAnalyticsV2::Application: ApplicationName and ApplicationMode
  // (which this construct does not set) say "Update requires: Replacement"; a replaced application is a new
  // one, without the old one's snapshots. CloudFormation user guide, "Name type": with a name you give,
  // updates that require replacement fail, since the replacement is created first under the name still taken.
  {
    id: 'FlinkApplicationNameFixed',
    failsWhen: (f) => f.applicationName !== undefined,
    message: (f) => `applicationName: '${f.applicationName}' is fixed, and ApplicationName is create-only: changing or removing it later replaces the `
      + 'AWS::KinesisAnalyticsV2::Application, and the new application starts without the old one\'s snapshots (its state is lost); and a replacement '
      + 'that kept the name (ApplicationMode, the other create-only property, which this construct does not set) would fail, the name being taken. Fix: omit applicationName '
      + '(CloudFormation then generates a name; with encryptionKey the key policy then matches any application of this account and Region), '
      + 'or keep this name for the application\'s life; acknowledge this warning if the name must stay (e.g. for a key policy that names the application exactly).',
  },
];
registerRules({ name: 'FLINK_APPLICATION_WARNINGS', file: 'src/integrations/flink/flink-application-rules.ts', severity: 'warning', checkedBy: ['KafkaFlinkApplication'] }, FLINK_APPLICATION_WARNINGS);


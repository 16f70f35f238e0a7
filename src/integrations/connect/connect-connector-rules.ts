import { Token } from 'aws-cdk-lib';
import { ClusterNetworkInfo } from '../../cluster/cluster-network';
import { registerRules } from '../../validation/registry';
import { Rule, WarningRule } from '../../validation/rules';

const known = (value: string | number | undefined) => value !== undefined && !Token.isUnresolved(value);
const KAFKA_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const KAFKA_PREFIX = /^[A-Za-z0-9._-]{0,248}\*$/;
const CONNECTOR_NAME = /^[A-Za-z0-9-]{1,128}$/;
/** Longest connector name MSK Connect takes. */
export const MAX_CONNECTOR_NAME_LENGTH = 128;
/** Longest custom plugin name MSK Connect takes. */
export const MAX_CUSTOM_PLUGIN_NAME_LENGTH = 128;
const MCU_COUNTS = [1, 2, 4, 8];
const MAX_WORKERS = 10;

// ---------------------------------------------------------------------------------------------
// Custom plugin
// ---------------------------------------------------------------------------------------------

/** What the custom plugin rules look at. */
export interface CustomPluginFacts {
  /** Name of the plugin. */
  readonly name: string;
  /** True when the user gave the name. */
  readonly nameGiven: boolean;
  /** Key of the plugin file. */
  readonly fileKey: string;
  /** 'ZIP' or 'JAR'. */
  readonly contentType: string;
}

/** Errors of `ConnectCustomPlugin`. */
export const CUSTOM_PLUGIN_RULES: ReadonlyArray<Rule<CustomPluginFacts>> = [
  {
    id: 'CustomPluginNameInvalid',
    failsWhen: (f) => known(f.name) && (f.name.length < 1 || f.name.length > 128),
    message: (f) => `customPluginName: '${f.name}' has ${f.name.length} characters; MSK Connect takes 1 to 128. Fix: shorten it, or omit it.`,
  },
  {
    id: 'CustomPluginFileKeyEmpty',
    failsWhen: (f) => known(f.fileKey) && f.fileKey.length === 0,
    message: () => 'fileKey: is empty. Fix: give the key of the ZIP or JAR in the bucket, e.g. \'plugins/confluentinc-kafka-connect-s3.zip\'.',
  },
];
registerRules({ name: 'CUSTOM_PLUGIN_RULES', file: 'src/integrations/connect/connect-connector-rules.ts', severity: 'error', checkedBy: ['ConnectCustomPlugin'] }, CUSTOM_PLUGIN_RULES);


/** Warnings of `ConnectCustomPlugin`. */
export const CUSTOM_PLUGIN_WARNINGS: ReadonlyArray<WarningRule<CustomPluginFacts>> = [
  {
    id: 'CustomPluginTypeMismatch',
    failsWhen: (f) => known(f.fileKey) && ((f.contentType === 'ZIP' && /\.jar$/i.test(f.fileKey)) || (f.contentType === 'JAR' && /\.zip$/i.test(f.fileKey))),
    message: (f) => `contentType: ${f.contentType} does not match the file '${f.fileKey}'; MSK Connect fails to read a plugin of the wrong type. `
      + `Fix: use CustomPluginContentType.${f.contentType === 'ZIP' ? 'JAR' : 'ZIP'}.`,
  },
  {
    id: 'CustomPluginNameFixed',
    failsWhen: (f) => f.nameGiven,
    message: (f) => `customPluginName: '${f.name}' is fixed, so a change that replaces the plugin (bucket, file key, object version, content type or description: `
      + 'every property of AWS::KafkaConnect::CustomPlugin is create-only) fails: CloudFormation creates the new plugin before it deletes the old one, and the name is taken. '
      + 'Fix: omit customPluginName (the default name carries a hash of those settings), or change the name together with them; acknowledge this warning if the name must stay.',
  },
];
registerRules({ name: 'CUSTOM_PLUGIN_WARNINGS', file: 'src/integrations/connect/connect-connector-rules.ts', severity: 'warning', checkedBy: ['ConnectCustomPlugin'] }, CUSTOM_PLUGIN_WARNINGS);


// ---------------------------------------------------------------------------------------------
// Worker configuration
// ---------------------------------------------------------------------------------------------

/** What the worker configuration rules look at. */
export interface WorkerConfigurationFacts {
  /** The worker properties. */
  readonly properties: { [key: string]: string };
  /** Name of the worker configuration. */
  readonly name: string;
}

/**
 * Worker properties MSK Connect manages itself and rejects (MSK Developer Guide, "Supported
 * worker configuration properties"): these prefixes and exact keys.
 */
export const UNSUPPORTED_WORKER_PREFIXES: ReadonlyArray<string> = [
  'access.control.', 'admin.', 'admin.listeners.https.', 'client.', 'connect.', 'inter.worker.', 'internal.', 'listeners.https.',
  'metrics.', 'metrics.context.', 'rest.', 'sasl.', 'security.', 'socket.', 'ssl.', 'topic.tracking.', 'worker.',
];
/** Exact worker property keys MSK Connect rejects. */
export const UNSUPPORTED_WORKER_KEYS: ReadonlyArray<string> = [
  'bootstrap.servers', 'config.storage.topic', 'connections.max.idle.ms', 'connector.client.config.override.policy', 'group.id', 'listeners',
  'metric.reporters', 'plugin.path', 'receive.buffer.bytes', 'response.http.headers.config', 'scheduled.rebalance.max.delay.ms',
  'send.buffer.bytes', 'status.storage.topic',
];

function unsupportedWorkerKeys(properties: { [key: string]: string }): string[] {
  return Object.keys(properties).filter((key) => UNSUPPORTED_WORKER_KEYS.includes(key) || UNSUPPORTED_WORKER_PREFIXES.some((p) => key.startsWith(p)));
}

/** Errors of `ConnectWorkerConfiguration`. */
export const WORKER_CONFIGURATION_RULES: ReadonlyArray<Rule<WorkerConfigurationFacts>> = [
  {
    id: 'WorkerConfigConvertersMissing',
    failsWhen: (f) => !('key.converter' in f.properties) || !('value.converter' in f.properties),
    message: () => 'properties: MSK Connect requires key.converter and value.converter in a worker configuration. '
      + 'Fix: add both, e.g. \'org.apache.kafka.connect.storage.StringConverter\'.',
  },
  {
    id: 'WorkerConfigUnsupportedProperty',
    failsWhen: (f) => unsupportedWorkerKeys(f.properties).length > 0,
    message: (f) => `properties: ${unsupportedWorkerKeys(f.properties).join(', ')} ${unsupportedWorkerKeys(f.properties).length === 1 ? 'is' : 'are'} managed by MSK Connect and rejected in a worker configuration. `
      + 'Fix: remove them (MSK Connect sets the cluster connection, security and internal topics itself).',
  },
  {
    id: 'WorkerConfigNameInvalid',
    failsWhen: (f) => known(f.name) && (f.name.length < 1 || f.name.length > 128),
    message: (f) => `workerConfigurationName: '${f.name}' has ${f.name.length} characters; MSK Connect takes 1 to 128. Fix: shorten it, or omit it.`,
  },
];
registerRules({ name: 'WORKER_CONFIGURATION_RULES', file: 'src/integrations/connect/connect-connector-rules.ts', severity: 'error', checkedBy: ['ConnectWorkerConfiguration'] }, WORKER_CONFIGURATION_RULES);


// ---------------------------------------------------------------------------------------------
// Capacity
// ---------------------------------------------------------------------------------------------

/** What the capacity rules look at (the resolved `ConnectorCapacity`). */
export interface CapacityFacts {
  readonly mode: string;
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly mcuCount: number;
  readonly scaleInCpuPercent?: number;
  readonly scaleOutCpuPercent?: number;
  readonly maxAutoscalingTaskCount?: number;
}

const badWorkers = (n: number) => known(n) && (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS);
const badPercent = (n: number | undefined) => known(n) && (!Number.isInteger(n) || n! < 1 || n! > 100);
const isAuto = (f: CapacityFacts) => f.mode === 'autoscaling';

/** Errors of a connector's `capacity`. */
export const CONNECTOR_CAPACITY_RULES: ReadonlyArray<Rule<CapacityFacts>> = [
  {
    id: 'CapacityMcuCountInvalid',
    failsWhen: (f) => known(f.mcuCount) && !MCU_COUNTS.includes(f.mcuCount),
    message: (f) => `capacity.mcuCount: ${f.mcuCount} is not an MCU count MSK Connect offers. Fix: use 1, 2, 4 or 8.`,
  },
  {
    id: 'CapacityWorkersRange',
    failsWhen: (f) => badWorkers(f.minWorkers) || badWorkers(f.maxWorkers),
    message: (f) => (isAuto(f) ? `capacity: minWorkers ${f.minWorkers} / maxWorkers ${f.maxWorkers}` : `capacity.workers: ${f.minWorkers}`)
      + ` is outside the 1 to ${MAX_WORKERS} workers a connector can have. Fix: use whole numbers from 1 to ${MAX_WORKERS}.`,
  },
  {
    id: 'CapacityMinAboveMax',
    failsWhen: (f) => isAuto(f) && known(f.minWorkers) && known(f.maxWorkers) && f.minWorkers > f.maxWorkers,
    message: (f) => `capacity: minWorkers ${f.minWorkers} is above maxWorkers ${f.maxWorkers}. Fix: make minWorkers at most maxWorkers.`,
  },
  {
    id: 'CapacityCpuPercentRange',
    failsWhen: (f) => isAuto(f) && (badPercent(f.scaleInCpuPercent) || badPercent(f.scaleOutCpuPercent)),
    message: (f) => `capacity: scaleInCpuPercent ${f.scaleInCpuPercent} / scaleOutCpuPercent ${f.scaleOutCpuPercent} must be whole percentages from 1 to 100. `
      + 'Fix: use e.g. 20 and 80.',
  },
  {
    id: 'CapacityScaleInNotBelowScaleOut',
    failsWhen: (f) => isAuto(f) && known(f.scaleInCpuPercent) && known(f.scaleOutCpuPercent) && f.scaleInCpuPercent! >= f.scaleOutCpuPercent!,
    message: (f) => `capacity: scaleInCpuPercent ${f.scaleInCpuPercent} is not below scaleOutCpuPercent ${f.scaleOutCpuPercent}, so workers would be added and removed in a loop. `
      + 'Fix: keep a gap, e.g. 20 and 80.',
  },
  {
    id: 'CapacityMaxTasksBelowMaxWorkers',
    failsWhen: (f) => isAuto(f) && known(f.maxAutoscalingTaskCount) && known(f.maxWorkers) && f.maxAutoscalingTaskCount! < f.maxWorkers,
    message: (f) => `capacity.maxAutoscalingTaskCount: ${f.maxAutoscalingTaskCount} is below maxWorkers ${f.maxWorkers}; MSK Connect requires at least one task per worker. `
      + 'Fix: raise it to maxWorkers or more, or omit it.',
  },
];
registerRules({ name: 'CONNECTOR_CAPACITY_RULES', file: 'src/integrations/connect/connect-connector-rules.ts', severity: 'error', checkedBy: ['KafkaConnector'] }, CONNECTOR_CAPACITY_RULES);


// ---------------------------------------------------------------------------------------------
// Connector
// ---------------------------------------------------------------------------------------------

/** What the connector rules look at, with defaults applied. */
export interface KafkaConnectorFacts {
  /** Name of the connector. */
  readonly connectorName: string;
  /** True when the user gave the name. */
  readonly nameGiven: boolean;
  /** The cluster's kind, auth and network, when it is a cluster of this library. */
  readonly cluster?: ClusterNetworkInfo;
  /** True when the VPC of the workers is known (from the cluster or the `vpc` prop). */
  readonly vpcKnown: boolean;
  /** The connector configuration. */
  readonly configuration: { [key: string]: string };
  /** Topics the connector reads. */
  readonly readTopics: string[];
  /** Topics the connector writes. */
  readonly writeTopics: string[];
}

const badTopics = (f: KafkaConnectorFacts) => [...f.readTopics, ...f.writeTopics]
  .filter((t) => known(t) && !KAFKA_NAME.test(t) && !KAFKA_PREFIX.test(t));
const SECRET_KEY = /(password|secret|credential|private\.key|api\.key|access\.key)/i;
const plaintextSecrets = (f: KafkaConnectorFacts) => Object.entries(f.configuration)
  .filter(([key, value]) => SECRET_KEY.test(key) && known(value) && value.length > 0 && !value.startsWith('${'))
  .map(([key]) => key);

/** Errors of `KafkaConnector`. */
export const KAFKA_CONNECTOR_RULES: ReadonlyArray<Rule<KafkaConnectorFacts>> = [
  {
    id: 'ConnectorNameInvalid',
    failsWhen: (f) => known(f.connectorName) && !CONNECTOR_NAME.test(f.connectorName),
    message: (f) => `connectorName: '${f.connectorName}' is not a connector name. Fix: use 1–128 letters, digits or '-', or omit it.`,
  },
  {
    id: 'ConnectorClusterWithoutIam',
    failsWhen: (f) => f.cluster !== undefined && !f.cluster.clientAuthentication.iamEnabled,
    message: () => 'cluster: the cluster does not enable IAM client authentication. MSK Connect authenticates with IAM or not at all, '
      + 'and this library never connects unauthenticated. Fix: enable IAM with clientAuthentication: ClientAuthentication.of({ iam: true, ... }).',
  },
  {
    id: 'ConnectorNetworkUnknown',
    failsWhen: (f) => !f.vpcKnown,
    message: () => 'vpc: the cluster is imported, so the subnets the connector\'s workers run in are unknown. '
      + 'Fix: pass vpc (and vpcSubnets) with subnets that reach the brokers.',
  },
  {
    id: 'ConnectorClassMissing',
    failsWhen: (f) => !('connector.class' in f.configuration),
    message: () => 'connectorConfiguration: has no connector.class. Fix: add the connector class of the plugin, e.g. \'io.confluent.connect.s3.S3SinkConnector\'.',
  },
  {
    id: 'ConnectorTopicInvalid',
    failsWhen: (f) => badTopics(f).length > 0,
    message: (f) => `readTopics, writeTopics: ${badTopics(f).map((t) => `'${t}'`).join(', ')} ${badTopics(f).length === 1 ? 'is' : 'are'} not Kafka topic names. `
      + 'Fix: use 1–249 letters, digits, \'.\', \'_\' or \'-\', or a prefix pattern ending in \'*\'.',
  },
];
registerRules({ name: 'KAFKA_CONNECTOR_RULES', file: 'src/integrations/connect/connect-connector-rules.ts', severity: 'error', checkedBy: ['KafkaConnector'] }, KAFKA_CONNECTOR_RULES);


/** Warnings of `KafkaConnector`. */
export const KAFKA_CONNECTOR_WARNINGS: ReadonlyArray<WarningRule<KafkaConnectorFacts>> = [
  {
    id: 'ConnectorPlaintextSecret',
    failsWhen: (f) => plaintextSecrets(f).length > 0,
    message: (f) => `connectorConfiguration: ${plaintextSecrets(f).join(', ')} hold${plaintextSecrets(f).length === 1 ? 's' : ''} a literal value that looks secret; `
      + 'it is visible in the template and the console. Use a config provider reference instead (e.g. ${secretsmanager:<secret>:<key>} with a worker configuration that declares the provider).',
  },
  {
    id: 'ConnectorNameFixed',
    failsWhen: (f) => f.nameGiven,
    message: (f) => `connectorName: '${f.connectorName}' is fixed, so a change that replaces the connector (the cluster or its bootstrap brokers, which change with its brokers and `
      + 'authentication modes; the plugin, network, Kafka Connect version, worker configuration, logging, role or description: the create-only properties of '
      + 'AWS::KafkaConnect::Connector) fails: CloudFormation creates the new connector before it deletes the old one, and the name is taken. '
      + 'Fix: omit connectorName (the default name carries a hash of those settings), or change the name together with them; acknowledge this warning if the name must stay.',
  },
  {
    id: 'ConnectorClusterUnchecked',
    failsWhen: (f) => f.cluster === undefined || !f.cluster.definedHere,
    message: () => 'cluster: an imported cluster cannot be checked. The connector authenticates with IAM over TLS: make sure the cluster enables IAM, '
      + 'that the connector\'s security group may reach the brokers on port 9098, then acknowledge this warning.',
  },
];
registerRules({ name: 'KAFKA_CONNECTOR_WARNINGS', file: 'src/integrations/connect/connect-connector-rules.ts', severity: 'warning', checkedBy: ['KafkaConnector'] }, KAFKA_CONNECTOR_WARNINGS);


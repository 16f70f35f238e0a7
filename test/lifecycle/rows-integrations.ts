/**
 * Lifecycle rows of the integrations: KafkaConnector, ConnectCustomPlugin, KafkaReplicator,
 * KafkaLambdaConsumer, KafkaFlinkApplication, TopicToS3, SchemaRegistry / RegistrySchema, DataLakeBucket, DataDeliveryChannel.
 */
import { Duration, RemovalPolicy, Size, Stack, aws_ec2 as ec2, aws_kms as kms, aws_lambda as lambda, aws_logs as logs, aws_s3 as s3 } from 'aws-cdk-lib';
import {
  BrokerInstanceType, DataDeliveryChannel, DataDeliveryChannelProps, DataDeliveryDestination, IcebergCompression, IcebergDeliveryOptions,
  S3DeliveryCompression,
  ConnectCustomPlugin, ConnectorCapacity, CustomPluginContentType, DataLakeBucket, DataLakeBucketProps, DeliveryCompression, FlinkRuntime,
  KafkaConnector, KafkaConnectorProps, KafkaConnectVersion, KafkaFlinkApplication, KafkaFlinkApplicationProps, KafkaLambdaConsumer,
  KafkaReplicator, KafkaReplicatorProps, LambdaConsumerOptions, ProvisionedCluster, ReplicationCompression, ReplicationStartingPosition,
  SchemaCompatibility, SchemaFormat, SchemaOptions, SchemaRegistry, SchemaRegistryProps, TopicStartPosition, TopicToS3, TopicToS3Props,
  ConnectCustomPluginProps, ConsumerGroupOffsetSync, ConsumerStartingPosition, FirehoseConnectivity, FlinkLogLevel, ReplicatedTopicNaming,
} from '../../src';
import { MatrixRow, UPDATE_GUARD, Variant } from '../util/lifecycle/matrix';
import { LifecycleEnv } from '../util/lifecycle/synth';

type Props<T> = (stack: Stack, env: LifecycleEnv, clusters: Clusters) => Partial<T>;

/** The clusters of an integration variant: `main` is used unless a row moves the integration to `other`. */
interface Clusters {
  readonly main: ProvisionedCluster;
  readonly other: ProvisionedCluster;
}

/** Two IAM clusters with multi-VPC IAM (Firehose reads through it), in the shared VPC. */
function clusters(s: Stack, env: LifecycleEnv): Clusters {
  return {
    main: new ProvisionedCluster(s, 'Cluster', { vpc: env.vpc, multiVpcConnectivity: { iam: true } }),
    other: new ProvisionedCluster(s, 'OtherCluster', { vpc: env.vpc, multiVpcConnectivity: { iam: true } }),
  };
}

function integration(label: string, build: (s: Stack, env: LifecycleEnv, c: Clusters) => void): Variant {
  return { label, build: (s, env) => build(s, env, clusters(s, env)) };
}

const pluginProps = (s: Stack): ConnectCustomPluginProps => ({
  bucket: (s.node.tryFindChild('Plugins') as s3.IBucket | undefined) ?? s3.Bucket.fromBucketName(s, 'Plugins', 'corp-connect-plugins'),
  fileKey: 'plugins/confluentinc-kafka-connect-s3-10.5.0.zip',
  contentType: CustomPluginContentType.ZIP,
});

function connector(label: string, props: Props<KafkaConnectorProps> = () => ({})): Variant {
  return integration(label, (s, env, c) => {
    const overrides = props(s, env, c);
    new KafkaConnector(s, 'Orders', {
      cluster: c.main,
      plugin: overrides.plugin ?? new ConnectCustomPlugin(s, 'Plugin', pluginProps(s)),
      connectorConfiguration: { 'connector.class': 'io.confluent.connect.s3.S3SinkConnector', 'topics': 'orders' },
      readTopics: ['orders'],
      ...overrides,
    });
  });
}

function plugin(label: string, props: Partial<ConnectCustomPluginProps> = {}, bucketName?: string): Variant {
  return {
    label,
    build: (s) => new ConnectCustomPlugin(s, 'Plugin', {
      ...pluginProps(s),
      ...(bucketName ? { bucket: s3.Bucket.fromBucketName(s, 'OtherPlugins', bucketName) } : {}),
      ...props,
    }),
  };
}

function replicator(label: string, props: Props<KafkaReplicatorProps> = () => ({})): Variant {
  return integration(label, (s, env, c) => new KafkaReplicator(s, 'Replicator', {
    source: c.main, target: c.other, topicsToReplicate: ['logs'], ...props(s, env, c),
  }));
}

function consumer(label: string, options: Partial<LambdaConsumerOptions> = {}, onOther = false): Variant {
  return integration(label, (s, _env, c) => {
    const fn = new lambda.Function(s, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
    new KafkaLambdaConsumer(s, 'Consumer', { cluster: onOther ? c.other : c.main, function: fn, topic: 'orders', ...options });
  });
}

function flink(label: string, props: Props<KafkaFlinkApplicationProps> = () => ({})): Variant {
  return integration(label, (s, env, c) => new KafkaFlinkApplication(s, 'Analytics', {
    cluster: c.main,
    codeBucket: s3.Bucket.fromBucketName(s, 'Code', 'flink-artifacts'),
    codeKey: 'analytics-1.0.jar',
    sourceTopic: 'clickstream',
    consumerGroup: 'analytics',
    ...props(s, env, c),
  }));
}

function toS3(label: string, props: Props<TopicToS3Props> = () => ({})): Variant {
  return integration(label, (s, env, c) => new TopicToS3(s, 'Clicks', { cluster: c.main, topicName: 'clickstream', ...props(s, env, c) }));
}

function registry(label: string, props: Partial<SchemaRegistryProps> = {}, schema: Partial<SchemaOptions> = {}): Variant {
  return {
    label,
    build: (s) => new SchemaRegistry(s, 'Registry', { registryName: 'events', ...props })
      .addSchema('Orders', { schemaName: 'orders', dataFormat: SchemaFormat.json(), definition: ORDER_V1, ...schema }),
  };
}

function dataLake(label: string, props: DataLakeBucketProps = {}): Variant {
  return { label, build: (s) => new DataLakeBucket(s, 'Lake', props) };
}

const ORDER_V1 = JSON.stringify({ type: 'object', properties: { id: { type: 'string' } } });
const ORDER_AVRO = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });
const ORDER_V2 = JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, total: { type: 'number' } } });

const CONNECTOR = connector('default name');
const NAMED_CONNECTOR = connector("connectorName: 'orders-sink'", () => ({ connectorName: 'orders-sink' }));
const PLUGIN = plugin('default name');
const REPLICATOR = replicator('default name');
const CONSUMER = consumer("topic: 'orders'");
const FLINK = flink('default');
const TO_S3 = toS3("topicName: 'clickstream'");

/** A Data Delivery channel of topic `orders` on an Express cluster, with `props`. */
function channel(label: string, props: (s: Stack) => Partial<DataDeliveryChannelProps> = () => ({})): Variant {
  return {
    label,
    build: (s, env) => {
      const cluster = new ProvisionedCluster(s, 'Express', { vpc: env.vpc, instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
      new DataDeliveryChannel(s, 'Channel', { cluster, topicName: 'orders', destination: DataDeliveryDestination.s3(), ...props(s) });
    },
  };
}

/** An Iceberg destination for `channel`, with `options`. */
const icebergTo = (options: Partial<IcebergDeliveryOptions> = {}) => (s: Stack): Partial<DataDeliveryChannelProps> => ({
  destination: DataDeliveryDestination.iceberg({
    tableBucketArn: `arn:aws:s3tables:${s.region}:123456789012:bucket/lake`,
    namespace: 'streaming',
    tableName: 'orders',
    schema: new SchemaRegistry(s, 'Registry', { registryName: 'events' })
      .addSchema('Orders', { schemaName: 'orders', dataFormat: SchemaFormat.json(), definition: ORDER_V1 }),
    ...options,
  }),
});
const TO_OBJECTS = channel('S3 objects');
const TO_TABLE = channel("Iceberg table 'orders'", icebergTo());
const CHANNEL_REPLACED = ['AWS::MSK::Channel'];
const REGISTRY = registry("registryName: 'events', schema 'orders'");
const LAKE = dataLake('default');

const row = (construct: string, prop: string, before: Variant, after: Variant, expect: MatrixRow['expect'], extra: Partial<MatrixRow> = {}): MatrixRow =>
  ({ construct, prop, before, after, expect, ...extra });

const CONNECTOR_REPLACED = ['AWS::KafkaConnect::Connector'];


export const INTEGRATION_ROWS: readonly MatrixRow[] = [
  // DataDeliveryChannel: only the data freshness updates in place (AWS::MSK::Channel). A replaced channel holds no
  // data; an Iceberg channel cannot create the table its predecessor writes, so that is refused by the guard.
  row('DataDeliveryChannel', 'dataFreshness', TO_OBJECTS, channel('15 minutes', () => ({ dataFreshness: Duration.minutes(15) })), { outcome: 'safe' }),
  row('DataDeliveryChannel', 'destination', TO_OBJECTS, channel('S3 objects, ZSTD', () => ({ destination: DataDeliveryDestination.s3({ compression: S3DeliveryCompression.ZSTD }) })),
    { outcome: 'safe', replaces: CHANNEL_REPLACED }),
  row('DataDeliveryChannel', 'topicName', TO_OBJECTS, channel("topicName: 'payments'", () => ({ topicName: 'payments' })), { outcome: 'safe', replaces: CHANNEL_REPLACED }),
  row('DataDeliveryChannel', 'dataFreshness', TO_TABLE, channel('Iceberg, 15 minutes', (s) => ({ ...icebergTo()(s), dataFreshness: Duration.minutes(15) })),
    { outcome: 'safe' }),
  row('DataDeliveryChannel', 'iceberg.compression', TO_TABLE, channel('Iceberg, SNAPPY', icebergTo({ compression: IcebergCompression.SNAPPY })),
    { outcome: 'guarded', guard: UPDATE_GUARD, replaces: CHANNEL_REPLACED }),
  row('DataDeliveryChannel', 'iceberg.tableName', TO_TABLE, channel("Iceberg table 'orders_v2'", icebergTo({ tableName: 'orders_v2' })),
    { outcome: 'safe', replaces: CHANNEL_REPLACED }),
  row('DataDeliveryChannel', 'channelName', TO_OBJECTS, channel("channelName: 'orders'", () => ({ channelName: 'orders' })), { outcome: 'safe', replaces: CHANNEL_REPLACED }),
  row('DataDeliveryChannel', 'destination', channel("channelName: 'orders'", () => ({ channelName: 'orders' })),
    channel("channelName: 'orders', ZSTD", () => ({ channelName: 'orders', destination: DataDeliveryDestination.s3({ compression: S3DeliveryCompression.ZSTD }) })),
    { outcome: 'warns', warning: 'DeliveryChannelNameFixed', names: 'channelName', replaces: CHANNEL_REPLACED }),

  // KafkaConnector
  row('KafkaConnector', 'connectorConfiguration', CONNECTOR, connector("topics: 'orders,payments'", () => ({
    connectorConfiguration: { 'connector.class': 'io.confluent.connect.s3.S3SinkConnector', 'topics': 'orders,payments' }, readTopics: ['orders', 'payments'],
  })), { outcome: 'safe' }),
  row('KafkaConnector', 'capacity', CONNECTOR, connector('provisioned, 2 workers', () => ({ capacity: ConnectorCapacity.provisioned({ workers: 2 }) })),
    { outcome: 'safe' }),
  row('KafkaConnector', 'cluster', CONNECTOR, connector('another cluster', (_s, _e, c) => ({ cluster: c.other })),
    { outcome: 'safe', replaces: CONNECTOR_REPLACED }),
  row('KafkaConnector', 'connectorName', NAMED_CONNECTOR, connector("connectorName: 'orders-sink', another cluster", (_s, _e, c) => ({ connectorName: 'orders-sink', cluster: c.other })),
    { outcome: 'warns', warning: 'ConnectorNameFixed', names: 'connectorName', replaces: CONNECTOR_REPLACED }),
  row('KafkaConnector', 'kafkaConnectVersion', CONNECTOR, connector('V2_7_1', () => ({ kafkaConnectVersion: KafkaConnectVersion.V2_7_1 })),
    { outcome: 'safe', replaces: CONNECTOR_REPLACED }),
  row('KafkaConnector', 'description', CONNECTOR, connector("'S3 sink for orders'", () => ({ description: 'S3 sink for orders' })),
    { outcome: 'safe', replaces: CONNECTOR_REPLACED }),
  row('KafkaConnector', 'securityGroups', CONNECTOR,
    connector('a security group of your own', (s, env) => ({ securityGroups: [new ec2.SecurityGroup(s, 'Own', { vpc: env.vpc })] })),
    { outcome: 'safe', replaces: CONNECTOR_REPLACED }),
  row('KafkaConnector', 'plugin', CONNECTOR, connector('plugin file v11', (s) => ({
    plugin: new ConnectCustomPlugin(s, 'Plugin', { ...pluginProps(s), fileKey: 'plugins/confluentinc-kafka-connect-s3-11.0.0.zip' }),
  })), { outcome: 'safe', replaces: ['AWS::KafkaConnect::Connector', 'AWS::KafkaConnect::CustomPlugin'] }),
  row('KafkaConnector', 'vpcSubnets', CONNECTOR, connector('public subnets', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })),
    { outcome: 'safe', replaces: CONNECTOR_REPLACED }),
  row('KafkaConnector', 'writeTopics', CONNECTOR, connector("writeTopics: ['orders-dlq']", () => ({ writeTopics: ['orders-dlq'] })), { outcome: 'safe' }),
  row('KafkaConnector', 'logRetention', CONNECTOR, connector('ONE_MONTH', () => ({ logRetention: logs.RetentionDays.ONE_MONTH })), { outcome: 'safe' }),
  row('KafkaConnector', 'removalPolicy', CONNECTOR, connector('DESTROY', () => ({ removalPolicy: RemovalPolicy.DESTROY })), { outcome: 'safe' }),
  row('KafkaConnector', 'alarms', CONNECTOR, connector('enabled: false', () => ({ alarms: { enabled: false } })), { outcome: 'safe' }),

  // ConnectCustomPlugin
  row('ConnectCustomPlugin', 'fileKey', PLUGIN, plugin('another file', { fileKey: 'plugins/confluentinc-kafka-connect-s3-11.0.0.zip' }),
    { outcome: 'safe', replaces: ['AWS::KafkaConnect::CustomPlugin'] }),
  row('ConnectCustomPlugin', 'objectVersion', PLUGIN, plugin("objectVersion: 'v2'", { objectVersion: 'v2' }),
    { outcome: 'safe', replaces: ['AWS::KafkaConnect::CustomPlugin'] }),
  row('ConnectCustomPlugin', 'description', PLUGIN, plugin("'S3 sink plugin'", { description: 'S3 sink plugin' }),
    { outcome: 'safe', replaces: ['AWS::KafkaConnect::CustomPlugin'] }),
  row('ConnectCustomPlugin', 'bucket', PLUGIN, plugin('another bucket', {}, 'corp-connect-plugins-2'),
    { outcome: 'safe', replaces: ['AWS::KafkaConnect::CustomPlugin'] }),
  row('ConnectCustomPlugin', 'customPluginName', plugin("customPluginName: 's3-sink'", { customPluginName: 's3-sink' }),
    plugin("customPluginName: 's3-sink', another file", { customPluginName: 's3-sink', fileKey: 'plugins/confluentinc-kafka-connect-s3-11.0.0.zip' }),
    { outcome: 'warns', warning: 'CustomPluginNameFixed', names: 'customPluginName', replaces: ['AWS::KafkaConnect::CustomPlugin'] }),

  // KafkaReplicator
  row('KafkaReplicator', 'topicsToReplicate', REPLICATOR, replicator("['logs', 'audit']", () => ({ topicsToReplicate: ['logs', 'audit'] })), { outcome: 'safe' }),
  row('KafkaReplicator', 'consumerGroupsToReplicate', REPLICATOR, replicator("['ingest']", () => ({ consumerGroupsToReplicate: ['ingest'] })), { outcome: 'safe' }),
  row('KafkaReplicator', 'topicsToExclude', REPLICATOR, replicator("['logs.debug']", () => ({ topicsToExclude: ['logs.debug'] })), { outcome: 'safe' }),
  row('KafkaReplicator', 'copyTopicConfigurations', REPLICATOR, replicator('false', () => ({ copyTopicConfigurations: false })), { outcome: 'safe' }),
  row('KafkaReplicator', 'detectAndCopyNewTopics', REPLICATOR, replicator('false', () => ({ detectAndCopyNewTopics: false })), { outcome: 'safe' }),
  row('KafkaReplicator', 'topicNaming', REPLICATOR, replicator('identical()', () => ({ topicNaming: ReplicatedTopicNaming.identical() })),
    { outcome: 'safe', replaces: ['AWS::MSK::Replicator'] }),
  row('KafkaReplicator', 'consumerGroupOffsetSync', REPLICATOR, replicator('enhanced(), prefixed topic names', () => ({ consumerGroupOffsetSync: ConsumerGroupOffsetSync.enhanced() })),
    { outcome: 'fails', rule: 'ReplicatorEnhancedSyncNeedsIdenticalNames' }),
  row('KafkaReplicator', 'target', REPLICATOR, replicator('source and target swapped', (_s, _e, c) => ({ source: c.other, target: c.main })),
    { outcome: 'safe', replaces: ['AWS::EC2::SecurityGroup', 'AWS::MSK::Replicator'] }),
  row('KafkaReplicator', 'compression', REPLICATOR, replicator('ZSTD', () => ({ compression: ReplicationCompression.ZSTD })),
    { outcome: 'safe', replaces: ['AWS::MSK::Replicator'] }),
  row('KafkaReplicator', 'startingPosition', REPLICATOR, replicator('earliest()', () => ({ startingPosition: ReplicationStartingPosition.earliest() })),
    { outcome: 'safe', replaces: ['AWS::MSK::Replicator'] }),
  row('KafkaReplicator', 'description', REPLICATOR, replicator("'edge to central'", () => ({ description: 'edge to central' })),
    { outcome: 'safe', replaces: ['AWS::MSK::Replicator'] }),
  row('KafkaReplicator', 'replicatorName', replicator("replicatorName: 'edge'", () => ({ replicatorName: 'edge' })),
    replicator("replicatorName: 'edge', ZSTD", () => ({ replicatorName: 'edge', compression: ReplicationCompression.ZSTD })),
    { outcome: 'warns', warning: 'ReplicatorNameFixed', names: 'replicatorName', replaces: ['AWS::MSK::Replicator'] }),
  row('KafkaReplicator', 'removalPolicy', REPLICATOR, replicator('RETAIN', () => ({ removalPolicy: RemovalPolicy.RETAIN })), { outcome: 'safe' }),
  row('KafkaReplicator', 'alarms', REPLICATOR, replicator('enabled: false', () => ({ alarms: { enabled: false } })), { outcome: 'safe' }),
  row('KafkaReplicator', 'replicationLatencyAlarmThreshold', REPLICATOR,
    replicator('30 s', () => ({ replicationLatencyAlarmThreshold: Duration.seconds(30) })), { outcome: 'safe' }),
  row('KafkaReplicator', 'messageLagAlarmThreshold', REPLICATOR, replicator('5000', () => ({ messageLagAlarmThreshold: 5000 })), { outcome: 'safe' }),

  // KafkaLambdaConsumer
  row('KafkaLambdaConsumer', 'batchSize', CONSUMER, consumer('500', { batchSize: 500 }), { outcome: 'safe' }),
  row('KafkaLambdaConsumer', 'maxBatchingWindow', CONSUMER, consumer('5 s', { maxBatchingWindow: Duration.seconds(5) }), { outcome: 'safe' }),
  row('KafkaLambdaConsumer', 'enabled', CONSUMER, consumer('false', { enabled: false }), { outcome: 'safe' }),
  row('KafkaLambdaConsumer', 'filters', CONSUMER, consumer('one filter', { filters: [JSON.stringify({ value: { type: ['order'] } })] }), { outcome: 'safe' }),
  row('KafkaLambdaConsumer', 'alarms', CONSUMER, consumer('enabled: false', { alarms: { enabled: false } }), { outcome: 'safe' }),
  row('KafkaLambdaConsumer', 'offsetLagAlarmThreshold', CONSUMER, consumer('500', { offsetLagAlarmThreshold: 500 }), { outcome: 'safe' }),
  row('KafkaLambdaConsumer', 'provisionedPollers', CONSUMER, consumer('1 to 3 pollers', { provisionedPollers: { minimumPollers: 1, maximumPollers: 3 } }),
    { outcome: 'safe' }),
  row('KafkaLambdaConsumer', 'topic', CONSUMER, consumer("topic: 'payments'", { topic: 'payments' }), { outcome: 'safe' }),
  row('KafkaLambdaConsumer', 'startingPosition', CONSUMER, consumer('latest()', { startingPosition: ConsumerStartingPosition.latest() }),
    { outcome: 'safe', replaces: ['AWS::Lambda::EventSourceMapping'] }),
  row('KafkaLambdaConsumer', 'cluster', CONSUMER, consumer('another cluster', {}, true),
    { outcome: 'safe', replaces: ['AWS::Lambda::EventSourceMapping'] }),
  row('KafkaLambdaConsumer', 'consumerGroup', CONSUMER, consumer("consumerGroup: 'billing'", { consumerGroup: 'billing' }),
    { outcome: 'guarded', guard: UPDATE_GUARD }),

  // KafkaFlinkApplication
  row('KafkaFlinkApplication', 'parallelism', FLINK, flink('4', () => ({ parallelism: 4 })), { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'codeKey', FLINK, flink("'analytics-1.1.jar'", () => ({ codeKey: 'analytics-1.1.jar' })), { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'runtime', FLINK, flink('FLINK_2_2', () => ({ runtime: FlinkRuntime.FLINK_2_2 })), { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'checkpointInterval', FLINK, flink('2 minutes', () => ({ checkpointInterval: Duration.minutes(2) })), { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'propertyGroups', FLINK, flink('one more group', () => ({ propertyGroups: { Extra: { 'window.seconds': '60' } } })),
    { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'sinkTopic', FLINK, flink("'metrics'", () => ({ sinkTopic: 'metrics' })), { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'consumerGroup', FLINK, flink("'analytics-v2'", () => ({ consumerGroup: 'analytics-v2' })), { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'autoScaling', FLINK, flink('false', () => ({ autoScaling: false })), { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'logLevel', FLINK, flink('WARN', () => ({ logLevel: FlinkLogLevel.WARN })), { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'description', FLINK, flink("'clickstream metrics'", () => ({ description: 'clickstream metrics' })), { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'applicationName', FLINK, flink("'clickstream-analytics'", () => ({ applicationName: 'clickstream-analytics' })),
    {
      outcome: 'warns',
      warning: 'FlinkApplicationNameFixed',
      names: 'AWS::KinesisAnalyticsV2::Application',
      replaces: ['AWS::KinesisAnalyticsV2::Application', 'AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption'],
    }),
  row('KafkaFlinkApplication', 'encryptionKey', FLINK, flink('a key of your own', (s) => ({ encryptionKey: new kms.Key(s, 'Own', { enableKeyRotation: true }) })),
    { outcome: 'safe' }),
  row('KafkaFlinkApplication', 'removalPolicy', FLINK, flink('DESTROY', () => ({ removalPolicy: RemovalPolicy.DESTROY })), { outcome: 'safe' }),

  // TopicToS3
  row('TopicToS3', 'bufferingInterval', TO_S3, toS3('60 s', () => ({ bufferingInterval: Duration.seconds(60) })), { outcome: 'safe' }),
  row('TopicToS3', 'bufferingSize', TO_S3, toS3('128 MiB', () => ({ bufferingSize: Size.mebibytes(128) })), { outcome: 'safe' }),
  row('TopicToS3', 'compression', TO_S3, toS3('SNAPPY', () => ({ compression: DeliveryCompression.SNAPPY })), { outcome: 'safe' }),
  row('TopicToS3', 'prefix', TO_S3, toS3("'raw/'", () => ({ prefix: 'raw/' })), { outcome: 'safe' }),
  row('TopicToS3', 'errorOutputPrefix', TO_S3, toS3("'failed/'", () => ({ errorOutputPrefix: 'failed/' })), { outcome: 'safe' }),
  row('TopicToS3', 'removalPolicy', TO_S3, toS3('DESTROY', () => ({ removalPolicy: RemovalPolicy.DESTROY })), { outcome: 'safe' }),
  row('TopicToS3', 'alarms', TO_S3, toS3('enabled: false', () => ({ alarms: { enabled: false } })), { outcome: 'safe' }),
  row('TopicToS3', 'connectivity', TO_S3, toS3('PUBLIC', () => ({ connectivity: FirehoseConnectivity.PUBLIC })),
    { outcome: 'warns', warning: 'FirehosePublicAccess', names: 'publicAccess', replaces: ['AWS::KinesisFirehose::DeliveryStream'] }),
  row('TopicToS3', 'topicName', TO_S3, toS3("'orders'", () => ({ topicName: 'orders' })),
    { outcome: 'safe', replaces: ['AWS::KinesisFirehose::DeliveryStream'] }),
  row('TopicToS3', 'cluster', TO_S3, toS3('another cluster', (_s, _e, c) => ({ cluster: c.other })),
    { outcome: 'safe', replaces: ['AWS::KinesisFirehose::DeliveryStream'] }),
  row('TopicToS3', 'startPosition', TO_S3, toS3('earliest()', () => ({ startPosition: TopicStartPosition.earliest() })),
    { outcome: 'safe', replaces: ['AWS::KinesisFirehose::DeliveryStream'] }),
  row('TopicToS3', 'deliveryStreamName', toS3("deliveryStreamName: 'clicks'", () => ({ deliveryStreamName: 'clicks' })),
    toS3("deliveryStreamName: 'clicks', topicName: 'orders'", () => ({ deliveryStreamName: 'clicks', topicName: 'orders' })),
    { outcome: 'warns', warning: 'FirehoseStreamNameFixed', names: 'deliveryStreamName', replaces: ['AWS::KinesisFirehose::DeliveryStream'] }),
  row('TopicToS3', 'bucket', TO_S3, toS3('a bucket of your own', (s) => ({ bucket: new s3.Bucket(s, 'Own', { enforceSSL: true }) })),
    { outcome: 'safe' }),

  // SchemaRegistry / RegistrySchema
  row('SchemaRegistry', 'description', REGISTRY, registry("'order events'", { description: 'order events' }), { outcome: 'safe' }),
  row('SchemaRegistry', 'registryName', REGISTRY, registry("'orders'", { registryName: 'orders' }),
    { outcome: 'guarded', guard: UPDATE_GUARD, replaces: ['AWS::Glue::Registry', 'AWS::Glue::Schema'] }),
  row('RegistrySchema', 'compatibility', REGISTRY, registry('FORWARD', {}, { compatibility: SchemaCompatibility.forward() }), { outcome: 'safe' }),
  row('RegistrySchema', 'definition', REGISTRY, registry('a second field', {}, { definition: ORDER_V2 }),
    { outcome: 'guarded', guard: UPDATE_GUARD, replaces: ['AWS::Glue::Schema'] }),
  row('RegistrySchema', 'schemaName', REGISTRY, registry("'payments'", {}, { schemaName: 'payments' }),
    { outcome: 'guarded', guard: UPDATE_GUARD, replaces: ['AWS::Glue::Schema'] }),
  row('RegistrySchema', 'description', REGISTRY, registry("'order events'", {}, { description: 'order events' }), { outcome: 'safe' }),
  row('RegistrySchema', 'dataFormat', REGISTRY, registry('AVRO', {}, { dataFormat: SchemaFormat.avro(), definition: ORDER_AVRO }),
    { outcome: 'guarded', guard: UPDATE_GUARD, replaces: ['AWS::Glue::Schema'] }),
  row('RegistrySchema', 'removalPolicy', REGISTRY, registry('DESTROY', {}, { removalPolicy: RemovalPolicy.DESTROY }), { outcome: 'safe' }),

  // DataLakeBucket
  row('SchemaRegistry', 'removalPolicy', REGISTRY, registry('DESTROY', { removalPolicy: RemovalPolicy.DESTROY }), { outcome: 'safe' }),

  row('DataLakeBucket', 'objectRetention', LAKE, dataLake('365 days', { objectRetention: Duration.days(365) }), { outcome: 'safe' }),
  row('DataLakeBucket', 'noncurrentVersionRetention', LAKE, dataLake('7 days', { noncurrentVersionRetention: Duration.days(7) }), { outcome: 'safe' }),
  row('DataLakeBucket', 'accessLogRetention', LAKE, dataLake('30 days', { accessLogRetention: Duration.days(30) }), { outcome: 'safe' }),
  row('DataLakeBucket', 'removalPolicy', LAKE, dataLake('DESTROY', { removalPolicy: RemovalPolicy.DESTROY }), { outcome: 'safe' }),
];

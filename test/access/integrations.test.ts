import { App, Stack, aws_iam as iam, aws_kms as kms, aws_lambda as lambda, aws_s3 as s3 } from 'aws-cdk-lib';
import { buildClickstreamDataLake } from '../../examples/clickstream-data-lake';
import { buildDataLakeIngestion } from '../../examples/data-lake-ingestion';
import { buildFlinkAnalytics } from '../../examples/flink-analytics';
import { buildIotServerless } from '../../examples/iot-serverless';
import { buildLogAggregation } from '../../examples/log-aggregation';
import { buildMicroservices } from '../../examples/microservices';
import { buildProducerConsumer } from '../../examples/producer-consumer';
import { buildQuickstart } from '../../examples/quickstart';
import { buildServerless } from '../../examples/serverless';
import { ClientAuthentication, KafkaLambdaConsumer, ProvisionedCluster } from '../../src';
import { PROVIDER_ID } from '../../src/custom-resources/stack-provider';
import { KafkaFlinkApplication } from '../../src/integrations/flink/flink-application';
import { SchemaFormat, SchemaRegistry } from '../../src/integrations/glue/schema-registry';
import { LambdaConsumerAuthentication } from '../../src/integrations/lambda/lambda-consumer-authentication';
import { AccessModel, Decision, kafkaResourceArn } from '../util/access/access-model';
import { testApp, vpcStack } from '../util/stacks';

const OTHER_ACCOUNT = '222222222222';
/** The role of the stack's one provider Lambda (every custom resource of the library). */
const PROVIDER_ROLE = `${PROVIDER_ID}CustomResourceProviderRole`;

type Row = [string, string, () => string, Decision, Record<string, string>?];

/** Runs `rows` (description, action, resource, expected, context) for the role `role` of `m`. */
function matrix(m: () => AccessModel, role: string, rows: Row[]): void {
  // Rows may omit the context: take them as one rest parameter, or jest would count a missing
  // argument as the `done` callback and wait for it.
  test.each(rows)(`${role} %s (%s)`, async (...row: Row) => {
    const [, action, resource, expected, context] = row;
    expect(await m().decide({ principal: { role }, action, resource: resource(), context })).toBe(expected);
  });
}

function lazyModel(build: (app: App) => Stack): () => AccessModel {
  let model: AccessModel | undefined;
  return () => (model ??= AccessModel.of(build(testApp())));
}

/** Another cluster of the same account and Region. */
function otherClusterOf(cluster: string): string {
  return cluster.replace(/cluster\/[^/]+\/[^/]+$/, 'cluster/unrelated/11111111-2222-3333-4444-555555555555-1');
}

/**
 * Lambda event source mappings: the execution role needs kafka:DescribeClusterV2,
 * kafka:GetBootstrapBrokers, the EC2 network-interface actions and, under IAM auth, the
 * kafka-cluster data actions (Lambda developer guide, "Configuring Lambda execution role
 * permissions" for Amazon MSK event sources).
 */
describe('Lambda consumer on a provisioned cluster (examples/microservices.ts)', () => {
  const m = lazyModel(buildMicroservices);
  const cluster = () => m().arn('Shop', undefined, 'AWS::MSK::Cluster');
  const subnet = () => m().localArn('ec2', `subnet/${m().arn('NetworkVpcPrivateSubnet1Subnet', undefined, 'AWS::EC2::Subnet')}`);
  const eni = () => m().localArn('ec2', 'network-interface/eni-0123456789abcdef0');
  matrix(m, 'PaymentServiceRole', [
    ['describes the cluster', 'kafka:DescribeClusterV2', cluster, 'Allowed'],
    ['reads the bootstrap brokers', 'kafka:GetBootstrapBrokers', cluster, 'Allowed'],
    ['creates its network interfaces in the cluster subnets', 'ec2:CreateNetworkInterface', subnet, 'Allowed'],
    ['creates network interfaces', 'ec2:CreateNetworkInterface', eni, 'Allowed'],
    ['describes network interfaces', 'ec2:DescribeNetworkInterfaces', () => '*', 'Allowed'],
    ['describes the VPC', 'ec2:DescribeVpcs', () => '*', 'Allowed'],
    ['deletes network interfaces', 'ec2:DeleteNetworkInterface', eni, 'Allowed'],
    ['connects', 'kafka-cluster:Connect', cluster, 'Allowed'],
    ['reads its topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'orders'), 'Allowed'],
    ['describes its topic', 'kafka-cluster:DescribeTopic', () => kafkaResourceArn(cluster(), 'topic', 'orders'), 'Allowed'],
    ['commits in its group', 'kafka-cluster:AlterGroup', () => kafkaResourceArn(cluster(), 'group', 'payment-service'), 'Allowed'],
    ['describes its group', 'kafka-cluster:DescribeGroup', () => kafkaResourceArn(cluster(), 'group', 'payment-service'), 'Allowed'],
    ['may not read another topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'refunds'), 'ImplicitlyDenied'],
    ['may not commit in another group', 'kafka-cluster:AlterGroup', () => kafkaResourceArn(cluster(), 'group', 'order-service'), 'ImplicitlyDenied'],
    ['may not describe another cluster', 'kafka:DescribeClusterV2', () => otherClusterOf(cluster()), 'ImplicitlyDenied'],
    ['may not read another cluster\'s brokers', 'kafka:GetBootstrapBrokers', () => otherClusterOf(cluster()), 'ImplicitlyDenied'],
    ['may not create network interfaces in another subnet', 'ec2:CreateNetworkInterface', () => m().localArn('ec2', 'subnet/subnet-0fedcba9876543210'), 'ImplicitlyDenied'],
    ['may not change the cluster', 'kafka:UpdateClusterConfiguration', cluster, 'ImplicitlyDenied'],
  ]);
});

describe('Lambda consumer on a serverless cluster, with a schema (examples/iot-serverless.ts)', () => {
  const m = lazyModel(buildIotServerless);
  const cluster = () => m().arn('Telemetry', undefined, 'AWS::MSK::ServerlessCluster');
  matrix(m, 'AggregatorRole', [
    ['describes the cluster', 'kafka:DescribeClusterV2', cluster, 'Allowed'],
    ['reads the bootstrap brokers', 'kafka:GetBootstrapBrokers', cluster, 'Allowed'],
    ['connects', 'kafka-cluster:Connect', cluster, 'Allowed'],
    ['reads its topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'telemetry'), 'Allowed'],
    ['commits in its group', 'kafka-cluster:AlterGroup', () => kafkaResourceArn(cluster(), 'group', 'telemetry-aggregator'), 'Allowed'],
    // MSK Serverless does not support it ("Semantics of IAM authorization policy actions and resources").
    ['is not granted the cluster dynamic configuration', 'kafka-cluster:DescribeClusterDynamicConfiguration', cluster, 'ImplicitlyDenied'],
    ['may not read another topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'commands'), 'ImplicitlyDenied'],
  ]);
  const registry = () => m().arn('Schemas', 'Arn', 'AWS::Glue::Registry');
  const schema = () => m().arn('SchemasReading', 'Arn', 'AWS::Glue::Schema');
  matrix(m, 'GatewayRole', [
    ['reads the registry', 'glue:GetRegistry', registry, 'Allowed'],
    ['reads its schema', 'glue:GetSchema', schema, 'Allowed'],
    ['looks up a version by definition', 'glue:GetSchemaByDefinition', schema, 'Allowed'],
    ['reads a version of its schema', 'glue:GetSchemaVersion', schema, 'Allowed'],
    ['writes the telemetry topic', 'kafka-cluster:WriteData', () => kafkaResourceArn(cluster(), 'topic', 'telemetry'), 'Allowed'],
    ['may not register versions', 'glue:RegisterSchemaVersion', schema, 'ImplicitlyDenied'],
    ['may not read a schema of another registry', 'glue:GetSchema', () => m().localArn('glue', 'schema/other-registry/telemetry-value'), 'ImplicitlyDenied'],
  ]);
});

/**
 * A SCRAM consumer reads its user's secret and decrypts it through Secrets Manager (Lambda
 * developer guide, "Configuring Lambda execution role permissions": secretsmanager:GetSecretValue
 * and kms:Decrypt for SASL/SCRAM), and needs no kafka-cluster actions.
 */
describe('Lambda consumer with SCRAM authentication', () => {
  const m = lazyModel(() => {
    const { stack, vpc } = vpcStack(3, '111111111111');
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc, clientAuthentication: ClientAuthentication.scram() });
    const user = cluster.addScramUser('orders-consumer');
    cluster.addScramUser('someone-else');
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', authentication: LambdaConsumerAuthentication.scram(user.secret) });
    return stack;
  });
  const secret = (name: string) => () => m().arn(`ClusterScramUsersUser${name}`, undefined, 'AWS::SecretsManager::Secret');
  const key = () => m().arn('ClusterScramUsersKey', 'Arn', 'AWS::KMS::Key');
  const viaSecretsManager = { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' };
  matrix(m, 'FnServiceRole', [
    ['reads its user\'s secret', 'secretsmanager:GetSecretValue', secret('ordersconsumer'), 'Allowed'],
    ['decrypts it through Secrets Manager', 'kms:Decrypt', key, 'Allowed', viaSecretsManager],
    ['describes the cluster', 'kafka:DescribeClusterV2', () => m().arn('Cluster', undefined, 'AWS::MSK::Cluster'), 'Allowed'],
    ['may not read another user\'s secret', 'secretsmanager:GetSecretValue', secret('someoneelse'), 'ImplicitlyDenied'],
    ['may not decrypt with the key directly', 'kms:Decrypt', key, 'ImplicitlyDenied'],
    ['needs no kafka-cluster actions', 'kafka-cluster:Connect', () => m().arn('Cluster', undefined, 'AWS::MSK::Cluster'), 'ImplicitlyDenied'],
  ]);
});

/** A consumer of an imported cluster: the same permissions, on the imported ARN only. */
describe('Lambda consumer on an imported cluster', () => {
  const imported = 'arn:aws:kafka:us-east-1:111111111111:cluster/shared/0f3a2b1c-1111-2222-3333-444455556666-2';
  const m = lazyModel(() => {
    const { stack } = vpcStack(3, '111111111111');
    const cluster = ProvisionedCluster.fromClusterArn(stack, 'Shared', imported);
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', consumerGroup: 'billing' });
    return stack;
  });
  matrix(m, 'FnServiceRole', [
    ['describes the cluster', 'kafka:DescribeClusterV2', () => imported, 'Allowed'],
    ['reads the bootstrap brokers', 'kafka:GetBootstrapBrokers', () => imported, 'Allowed'],
    ['reads its topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(imported, 'topic', 'orders'), 'Allowed'],
    ['commits in its group', 'kafka-cluster:AlterGroup', () => kafkaResourceArn(imported, 'group', 'billing'), 'Allowed'],
    ['may not read another topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(imported, 'topic', 'payments'), 'ImplicitlyDenied'],
    ['may not describe another cluster', 'kafka:DescribeClusterV2', () => otherClusterOf(imported), 'ImplicitlyDenied'],
    ['may not read the same topic in another account', 'kafka-cluster:ReadData', () => kafkaResourceArn(imported.replace(':111111111111:', `:${OTHER_ACCOUNT}:`), 'topic', 'orders'), 'ImplicitlyDenied'],
  ]);
});

/** Glue Schema Registry grants (AWS Glue developer guide, "IAM examples for serializers" and "for deserializers"). */
describe('Glue schema registry grants', () => {
  const m = lazyModel((app) => {
    const stack = new Stack(app, 'Glue', { env: { region: 'us-east-1', account: '111111111111' } });
    const registry = new SchemaRegistry(stack, 'Registry', { registryName: 'orders' });
    const schema = registry.addSchema('OrderPlaced', { schemaName: 'orders-value', dataFormat: SchemaFormat.avro(), definition: '{"type":"record","name":"O","fields":[]}' });
    schema.grantRead(new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    schema.grantWrite(new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    return stack;
  });
  const schema = () => m().arn('RegistryOrderPlaced', 'Arn', 'AWS::Glue::Schema');
  const otherSchema = () => m().localArn('glue', 'schema/orders/payments-value');
  matrix(m, 'Reader', [
    ['reads the registry', 'glue:GetRegistry', () => m().arn('Registry', 'Arn', 'AWS::Glue::Registry'), 'Allowed'],
    ['reads the schema', 'glue:GetSchema', schema, 'Allowed'],
    ['lists its versions', 'glue:ListSchemaVersions', schema, 'Allowed'],
    // A deserializer reads a version by SchemaVersionId, which names no registry or schema: AWS authorizes it
    // against '*' (AWS Glue developer guide, Schema Registry IAM examples: GetSchemaVersion on "*").
    ['reads a version by its id', 'glue:GetSchemaVersion', () => '*', 'Allowed'],
    ['may not register a version', 'glue:RegisterSchemaVersion', schema, 'ImplicitlyDenied'],
    ['may not read another schema', 'glue:GetSchema', otherSchema, 'ImplicitlyDenied'],
    ['may not delete the schema', 'glue:DeleteSchema', schema, 'ImplicitlyDenied'],
  ]);
  matrix(m, 'Writer', [
    ['registers a version', 'glue:RegisterSchemaVersion', schema, 'Allowed'],
    ['reads a version by its id', 'glue:GetSchemaVersion', () => '*', 'Allowed'],
    ['may not create schemas unless told', 'glue:CreateSchema', schema, 'ImplicitlyDenied'],
    ['may not register a version of another schema', 'glue:RegisterSchemaVersion', otherSchema, 'ImplicitlyDenied'],
  ]);
});

/**
 * Amazon Data Firehose from an MSK topic: the role reads the cluster and topic and writes S3
 * (Firehose developer guide, "Grant Firehose access to ... Amazon MSK"), and the cluster policy
 * lets firehose.amazonaws.com create its VPC connection ("Amazon MSK as a source": cluster policy
 * with kafka:CreateVpcConnection for the service principal).
 */
describe('Firehose topic to S3 (examples/clickstream-data-lake.ts)', () => {
  const m = lazyModel(buildClickstreamDataLake);
  const cluster = () => m().arn('Clickstream', undefined, 'AWS::MSK::Cluster');
  const bucket = () => m().arn('ClickstreamToS3DataLake', 'Arn', 'AWS::S3::Bucket');
  const key = () => m().arn('ClickstreamToS3DataLakeKey', 'Arn', 'AWS::KMS::Key');
  const viaS3 = () => ({ 'kms:ViaService': `s3.${m().env.region}.amazonaws.com` });
  matrix(m, 'ClickstreamToS3Role', [
    ['describes the cluster', 'kafka:DescribeClusterV2', cluster, 'Allowed'],
    ['reads the bootstrap brokers', 'kafka:GetBootstrapBrokers', cluster, 'Allowed'],
    ['connects', 'kafka-cluster:Connect', cluster, 'Allowed'],
    ['reads its topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'clickstream'), 'Allowed'],
    ['describes consumer groups', 'kafka-cluster:DescribeGroup', () => kafkaResourceArn(cluster(), 'group', 'firehose-x'), 'Allowed'],
    ['writes objects under its topic prefix', 's3:PutObject', () => `${bucket()}/topic=clickstream/year=2026/month=01/day=01/hour=00/part-1.gz`, 'Allowed'],
    ['writes error objects', 's3:PutObject', () => `${bucket()}/errors/topic=clickstream/processing-failed/part-1`, 'Allowed'],
    ['finds the bucket', 's3:GetBucketLocation', bucket, 'Allowed'],
    ['may not read another topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'orders'), 'ImplicitlyDenied'],
    ['may not write to the topic', 'kafka-cluster:WriteData', () => kafkaResourceArn(cluster(), 'topic', 'clickstream'), 'ImplicitlyDenied'],
    ['may not write outside its prefixes', 's3:PutObject', () => `${bucket()}/other/part-1.gz`, 'ImplicitlyDenied'],
    ['may not delete objects', 's3:DeleteObject', () => `${bucket()}/topic=clickstream/part-1.gz`, 'ImplicitlyDenied'],
    ['may not read another cluster', 'kafka:DescribeClusterV2', () => otherClusterOf(cluster()), 'ImplicitlyDenied'],
  ]);
  test('the role encrypts objects with the data lake key only through S3', async () => {
    const request = { principal: { role: 'ClickstreamToS3Role' }, action: 'kms:GenerateDataKey', resource: key() };
    expect(await m().decide({ ...request, context: viaS3() })).toBe('Allowed');
    expect(await m().decide(request)).not.toBe('Allowed');
  });
  test('Firehose itself may create its VPC connection through the cluster policy, and do nothing else there', async () => {
    const firehose = { service: 'firehose.amazonaws.com' };
    expect(await m().decide({ principal: firehose, action: 'kafka:CreateVpcConnection', resource: cluster() })).toBe('Allowed');
    expect(await m().decide({ principal: firehose, action: 'kafka:DescribeCluster', resource: cluster() })).not.toBe('Allowed');
    expect(await m().decide({ principal: firehose, action: 'kafka:UpdateClusterConfiguration', resource: cluster() })).not.toBe('Allowed');
    expect(await m().decide({ principal: { service: 'lambda.amazonaws.com' }, action: 'kafka:CreateVpcConnection', resource: cluster() })).not.toBe('Allowed');
  });
  test('only Firehose may assume the role', async () => {
    const role = m().roleArn('ClickstreamToS3Role');
    expect(await m().decide({ principal: { service: 'firehose.amazonaws.com' }, action: 'sts:AssumeRole', resource: role, context: { 'aws:SourceAccount': m().env.account } })).toBe('Allowed');
    expect(await m().decide({ principal: { service: 'lambda.amazonaws.com' }, action: 'sts:AssumeRole', resource: role })).not.toBe('Allowed');
  });
});

/**
 * MSK Connect: the service execution role (MSK Connect developer guide, "Service execution role"
 * and "IAM access control" for connectors: the connector's own group and the
 * __amazon_msk_connect_* internal topics and groups), assumed by kafkaconnect.amazonaws.com for
 * this connector only (confused-deputy conditions, same page).
 */
describe('MSK Connect S3 sink (examples/data-lake-ingestion.ts)', () => {
  const m = lazyModel(buildDataLakeIngestion);
  const cluster = () => m().arn('Commerce', undefined, 'AWS::MSK::Cluster');
  const connectorName = () => String(m().resolver.resolve(m().resolver.resources[m().logicalId('LakeSink', 'AWS::KafkaConnect::Connector')].Properties?.ConnectorName));
  const bucket = () => m().arn('DataLake', 'Arn', 'AWS::S3::Bucket');
  matrix(m, 'LakeSinkServiceExecutionRole', [
    ['connects', 'kafka-cluster:Connect', cluster, 'Allowed'],
    ['describes the cluster', 'kafka-cluster:DescribeCluster', cluster, 'Allowed'],
    ['reads the orders topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'orders'), 'Allowed'],
    ['reads the events topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'events'), 'Allowed'],
    ['commits in the connector\'s group', 'kafka-cluster:AlterGroup', () => kafkaResourceArn(cluster(), 'group', `connect-${connectorName()}`), 'Allowed'],
    ['creates its internal topics', 'kafka-cluster:CreateTopic', () => kafkaResourceArn(cluster(), 'topic', `__amazon_msk_connect_offsets_${connectorName()}`), 'Allowed'],
    ['writes its internal topics', 'kafka-cluster:WriteData', () => kafkaResourceArn(cluster(), 'topic', `__amazon_msk_connect_status_${connectorName()}`), 'Allowed'],
    ['writes objects under its prefix', 's3:PutObject', () => `${bucket()}/raw/kafka/orders/partition=0/orders+0+0000000000.json`, 'Allowed'],
    ['may not write the topics it reads', 'kafka-cluster:WriteData', () => kafkaResourceArn(cluster(), 'topic', 'orders'), 'ImplicitlyDenied'],
    ['may not read another topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'payments'), 'ImplicitlyDenied'],
    ['may not commit in another group', 'kafka-cluster:AlterGroup', () => kafkaResourceArn(cluster(), 'group', 'billing'), 'ImplicitlyDenied'],
    ['may not write outside its prefix', 's3:PutObject', () => `${bucket()}/curated/x.json`, 'ImplicitlyDenied'],
    ['may not delete topics', 'kafka-cluster:DeleteTopic', () => kafkaResourceArn(cluster(), 'topic', 'orders'), 'ImplicitlyDenied'],
  ]);
  test('log delivery may write the worker logs, for this account only', async () => {
    const group = m().arn('LakeSinkWorkerLogs', undefined, 'AWS::Logs::LogGroup');
    const stream = m().localArn('logs', `log-group:${group}:log-stream:worker-1`);
    const delivery = { service: 'delivery.logs.amazonaws.com' };
    const own = { 'aws:SourceAccount': m().env.account, 'aws:SourceArn': m().localArn('logs', 'delivery-source:connect-worker-logs') };
    expect(await m().decide({ principal: delivery, action: 'logs:PutLogEvents', resource: stream, context: own })).toBe('Allowed');
    expect(await m().decide({ principal: delivery, action: 'logs:PutLogEvents', resource: stream, context: { ...own, 'aws:SourceAccount': OTHER_ACCOUNT } })).not.toBe('Allowed');
  });

  test('only MSK Connect, for this connector of this account, may assume the role', async () => {
    const role = m().roleArn('LakeSinkServiceExecutionRole');
    const connect = { service: 'kafkaconnect.amazonaws.com' };
    const own = { 'aws:SourceAccount': m().env.account, 'aws:SourceArn': m().localArn('kafkaconnect', `connector/${connectorName()}/0f3a2b1c-1111-2222-3333-444455556666-2`) };
    expect(await m().decide({ principal: connect, action: 'sts:AssumeRole', resource: role, context: own })).toBe('Allowed');
    const otherConnector = { ...own, 'aws:SourceArn': m().localArn('kafkaconnect', 'connector/someone-else/0f3a2b1c-1111-2222-3333-444455556666-2') };
    expect(await m().decide({ principal: connect, action: 'sts:AssumeRole', resource: role, context: otherConnector })).not.toBe('Allowed');
    const otherAccount = { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': m().localArn('kafkaconnect', `connector/${connectorName()}/x`, { account: OTHER_ACCOUNT }) };
    expect(await m().decide({ principal: connect, action: 'sts:AssumeRole', resource: role, context: otherAccount })).not.toBe('Allowed');
  });
});

/**
 * MSK Replicator: the service execution role reads the source and writes the target (MSK
 * developer guide, "Create an IAM role for MSK Replicator"), assumed by kafka.amazonaws.com.
 */
describe('MSK Replicator (examples/log-aggregation.ts)', () => {
  const m = lazyModel(buildLogAggregation);
  const source = () => m().arn('Regional', undefined, 'AWS::MSK::Cluster');
  const target = () => m().arn('Central', undefined, 'AWS::MSK::Cluster');
  matrix(m, 'LogsToCentralRole', [
    ['connects to the source', 'kafka-cluster:Connect', source, 'Allowed'],
    ['describes the source', 'kafka-cluster:DescribeCluster', source, 'Allowed'],
    ['describes the source topic', 'kafka-cluster:DescribeTopic', () => kafkaResourceArn(source(), 'topic', 'logs'), 'Allowed'],
    ['reads the source topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(source(), 'topic', 'logs'), 'Allowed'],
    ['reads the source groups to sync offsets', 'kafka-cluster:DescribeGroup', () => kafkaResourceArn(source(), 'group', 'log-indexer'), 'Allowed'],
    ['connects to the target', 'kafka-cluster:Connect', target, 'Allowed'],
    // Replicated topics are named <source cluster alias>.<topic> on the target (the default naming).
    ['creates the replicated topic on the target', 'kafka-cluster:CreateTopic', () => kafkaResourceArn(target(), 'topic', 'regional-a1b2.logs'), 'Allowed'],
    ['writes the replicated topic on the target', 'kafka-cluster:WriteData', () => kafkaResourceArn(target(), 'topic', 'regional-a1b2.logs'), 'Allowed'],
    ['may not write a topic it does not replicate on the target', 'kafka-cluster:WriteData', () => kafkaResourceArn(target(), 'topic', 'payments'), 'ImplicitlyDenied'],
    ['may not write the source topic', 'kafka-cluster:WriteData', () => kafkaResourceArn(source(), 'topic', 'logs'), 'ImplicitlyDenied'],
    ['may not create topics on the source', 'kafka-cluster:CreateTopic', () => kafkaResourceArn(source(), 'topic', 'logs-copy'), 'ImplicitlyDenied'],
    ['syncs group offsets on the target', 'kafka-cluster:AlterGroup', () => kafkaResourceArn(target(), 'group', 'log-indexer'), 'Allowed'],
    ['may not delete topics on the target', 'kafka-cluster:DeleteTopic', () => kafkaResourceArn(target(), 'topic', 'logs'), 'ImplicitlyDenied'],
    ['may not delete topics on the source', 'kafka-cluster:DeleteTopic', () => kafkaResourceArn(source(), 'topic', 'logs'), 'ImplicitlyDenied'],
    ['may not connect to a cluster outside the replication', 'kafka-cluster:Connect', () => otherClusterOf(source()), 'ImplicitlyDenied'],
  ]);
  test('only MSK of this account may assume the role', async () => {
    const role = m().roleArn('LogsToCentralRole');
    const kafka = { service: 'kafka.amazonaws.com' };
    expect(await m().decide({ principal: kafka, action: 'sts:AssumeRole', resource: role, context: { 'aws:SourceAccount': m().env.account } })).toBe('Allowed');
    expect(await m().decide({ principal: kafka, action: 'sts:AssumeRole', resource: role, context: { 'aws:SourceAccount': OTHER_ACCOUNT } })).not.toBe('Allowed');
  });
});

/**
 * Managed Service for Apache Flink: the application role (Managed Flink developer guide, "Create
 * an IAM role" and "VPC permissions"), assumed by kinesisanalytics.amazonaws.com.
 */
describe('Managed Flink application (examples/flink-analytics.ts)', () => {
  const m = lazyModel(buildFlinkAnalytics);
  const cluster = () => m().arn('Events', undefined, 'AWS::MSK::Cluster');
  const code = () => 'arn:aws:s3:::example-flink-artifacts/clickstream-analytics/clickstream-analytics-1.4.0.jar';
  const stream = () => m().localArn('logs', `log-group:${m().arn('ClickstreamAnalyticsLogGroup', undefined, 'AWS::Logs::LogGroup')}:log-stream:${m().arn('ClickstreamAnalyticsLogStream', undefined, 'AWS::Logs::LogStream')}`);
  matrix(m, 'ClickstreamAnalyticsRole', [
    ['reads its code', 's3:GetObject', code, 'Allowed'],
    ['connects', 'kafka-cluster:Connect', cluster, 'Allowed'],
    ['reads the source topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'clickstream'), 'Allowed'],
    ['commits in its group', 'kafka-cluster:AlterGroup', () => kafkaResourceArn(cluster(), 'group', 'clickstream-analytics'), 'Allowed'],
    ['writes the sink topic', 'kafka-cluster:WriteData', () => kafkaResourceArn(cluster(), 'topic', 'metrics'), 'Allowed'],
    ['uses its transactional ids', 'kafka-cluster:AlterTransactionalId', () => kafkaResourceArn(cluster(), 'transactional-id', 'clickstream-analytics-0'), 'Allowed'],
    ['creates its network interfaces', 'ec2:CreateNetworkInterface', () => m().localArn('ec2', 'network-interface/eni-0123456789abcdef0'), 'Allowed'],
    ['writes its log stream', 'logs:PutLogEvents', stream, 'Allowed'],
    ['may not read other objects', 's3:GetObject', () => 'arn:aws:s3:::example-flink-artifacts/other.jar', 'ImplicitlyDenied'],
    ['may not write the source topic', 'kafka-cluster:WriteData', () => kafkaResourceArn(cluster(), 'topic', 'clickstream'), 'ImplicitlyDenied'],
    ['may not read another topic', 'kafka-cluster:ReadData', () => kafkaResourceArn(cluster(), 'topic', 'orders'), 'ImplicitlyDenied'],
    ['may not use other transactional ids', 'kafka-cluster:AlterTransactionalId', () => kafkaResourceArn(cluster(), 'transactional-id', 'billing-0'), 'ImplicitlyDenied'],
  ]);
  test('only Managed Flink of this account may assume the role', async () => {
    const role = m().roleArn('ClickstreamAnalyticsRole');
    const flink = { service: 'kinesisanalytics.amazonaws.com' };
    expect(await m().decide({ principal: flink, action: 'sts:AssumeRole', resource: role, context: { 'aws:SourceAccount': m().env.account } })).toBe('Allowed');
    expect(await m().decide({ principal: flink, action: 'sts:AssumeRole', resource: role, context: { 'aws:SourceAccount': OTHER_ACCOUNT } })).not.toBe('Allowed');
  });
});

/**
 * A customer-managed application key: Managed Flink's service principals use it with the
 * application's ARN as encryption context (aws:kinesisanalytics:arn): kinesisanalytics.amazonaws.com
 * for durable application state (snapshots), infrastructure.kinesisanalytics.amazonaws.com for
 * running application state, through grants constrained to that context (Managed Flink developer
 * guide, "Key management": "KMS key permissions", "KMS encryption context and constraints").
 */
describe('Managed Flink customer-managed key', () => {
  const m = lazyModel(() => {
    const { stack, vpc } = vpcStack(3, '111111111111');
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
    const encryptionKey = new kms.Key(stack, 'AppKey', { enableKeyRotation: true });
    new KafkaFlinkApplication(stack, 'Analytics', {
      cluster,
      codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'),
      codeKey: 'analytics-1.0.jar',
      sourceTopic: 'clickstream',
      consumerGroup: 'analytics',
      encryptionKey,
    });
    return stack;
  });
  const key = () => m().arn('AppKey', 'Arn', 'AWS::KMS::Key');
  const applicationArn = () => m().localArn('kinesisanalytics', `application/${m().arn('Analytics', undefined, 'AWS::KinesisAnalyticsV2::Application')}`);
  const context = () => ({
    'aws:SourceAccount': m().env.account,
    'aws:SourceArn': applicationArn(),
    'kms:EncryptionContext:aws:kinesisanalytics:arn': applicationArn(),
  });
  const foreignApp = `arn:aws:kinesisanalytics:us-east-1:${OTHER_ACCOUNT}:application/x`;
  const foreign = { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': foreignApp, 'kms:EncryptionContext:aws:kinesisanalytics:arn': foreignApp };
  const flink = { service: 'kinesisanalytics.amazonaws.com' };
  const infrastructure = { service: 'infrastructure.kinesisanalytics.amazonaws.com' };
  const decide = (principal: { service: string }, action: string, extra: Record<string, string | string[]> = {}) =>
    m().decide({ principal, action, resource: key(), context: { ...context(), ...extra } });

  test.each([
    ['kinesisanalytics.amazonaws.com', 'kms:DescribeKey'],
    ['kinesisanalytics.amazonaws.com', 'kms:GenerateDataKey'],
    ['kinesisanalytics.amazonaws.com', 'kms:Decrypt'],
    ['infrastructure.kinesisanalytics.amazonaws.com', 'kms:Decrypt'],
    ['infrastructure.kinesisanalytics.amazonaws.com', 'kms:GenerateDataKeyWithoutPlaintext'],
  ])('%s may %s for an application of the account', async (service, action) => {
    if (action === 'kms:DescribeKey') {
      // DescribeKey carries no encryption context.
      const { 'aws:SourceAccount': account, 'aws:SourceArn': source } = context();
      expect(await m().decide({ principal: { service }, action, resource: key(), context: { 'aws:SourceAccount': account, 'aws:SourceArn': source } })).toBe('Allowed');
    } else {
      expect(await decide({ service }, action)).toBe('Allowed');
    }
  });

  test('the running-state grant is constrained to the application\'s encryption context and to Decrypt', async () => {
    const constrained = { 'kms:GrantConstraintType': 'EncryptionContextSubset', 'kms:GrantOperations': ['Decrypt'] };
    expect(await decide(infrastructure, 'kms:CreateGrant', constrained)).toBe('Allowed');
    expect(await decide(infrastructure, 'kms:CreateGrant', { ...constrained, 'kms:GrantOperations': ['Decrypt', 'Encrypt'] })).not.toBe('Allowed');
    expect(await decide(infrastructure, 'kms:CreateGrant', { 'kms:GrantOperations': ['Decrypt'] })).not.toBe('Allowed');
  });

  test('Managed Flink may not use the key for an application of another account', async () => {
    expect(await m().decide({ principal: flink, action: 'kms:Decrypt', resource: key(), context: foreign })).not.toBe('Allowed');
    expect(await m().decide({ principal: flink, action: 'kms:GenerateDataKey', resource: key(), context: foreign })).not.toBe('Allowed');
  });

  test.each(['kms:Encrypt', 'kms:ReEncryptFrom'])('Managed Flink is not granted %s, which its key page does not list', async (action) => {
    expect(await decide(flink, action)).not.toBe('Allowed');
    expect(await decide(infrastructure, action)).not.toBe('Allowed');
  });
});

/**
 * The stack's one provider Lambda (every custom resource of the library) reads the brokers of the
 * clusters whose bootstrap brokers the stack uses at deploy time: only kafka:GetBootstrapBrokers and
 * kafka:DescribeClusterV2, on those clusters (MSK API reference: both take the cluster ARN), through a
 * managed policy attached to its role.
 */
describe('provider Lambda: bootstrap brokers (examples/producer-consumer.ts)', () => {
  const m = lazyModel(buildProducerConsumer);
  const cluster = () => m().arn('Orders', undefined, 'AWS::MSK::Cluster');
  matrix(m, PROVIDER_ROLE, [
    ['reads the bootstrap brokers', 'kafka:GetBootstrapBrokers', cluster, 'Allowed'],
    ['describes the cluster', 'kafka:DescribeClusterV2', cluster, 'Allowed'],
    ['may not read another cluster\'s brokers', 'kafka:GetBootstrapBrokers', () => otherClusterOf(cluster()), 'ImplicitlyDenied'],
    ['may not describe another cluster', 'kafka:DescribeClusterV2', () => otherClusterOf(cluster()), 'ImplicitlyDenied'],
    ['may not change the cluster', 'kafka:UpdateBrokerStorage', cluster, 'ImplicitlyDenied'],
    ['may not connect to the brokers', 'kafka-cluster:Connect', cluster, 'ImplicitlyDenied'],
  ]);
  test('only Lambda may assume the role', async () => {
    const role = m().roleArn(PROVIDER_ROLE);
    expect(await m().decide({ principal: { service: 'lambda.amazonaws.com' }, action: 'sts:AssumeRole', resource: role })).toBe('Allowed');
    expect(await m().decide({ principal: { service: 'ec2.amazonaws.com' }, action: 'sts:AssumeRole', resource: role })).not.toBe('Allowed');
  });
});

/**
 * The same Lambda, for the broker-volume-size lookup, reads the live volume size of the cluster by name
 * at deploy time: kafka:ListClustersV2, which takes no resource (Service Authorization Reference, Amazon
 * MSK), and its own stack's description. The quickstart reads no broker string, so the role may not read any.
 */
describe('provider Lambda: broker volume size (examples/quickstart.ts)', () => {
  const m = lazyModel(buildQuickstart);
  const cluster = () => m().arn('Events', undefined, 'AWS::MSK::Cluster');
  const ownStack = () => m().resolver.ref('AWS::StackId');
  matrix(m, PROVIDER_ROLE, [
    ['lists clusters', 'kafka:ListClustersV2', () => '*', 'Allowed'],
    ['describes its own stack', 'cloudformation:DescribeStacks', ownStack, 'Allowed'],
    ['may not describe another stack', 'cloudformation:DescribeStacks', () => ownStack().replace(/stack\/[^/]+\//, 'stack/OtherStack/'), 'ImplicitlyDenied'],
    ['may not change the storage', 'kafka:UpdateBrokerStorage', cluster, 'ImplicitlyDenied'],
    ['may not read the bootstrap brokers', 'kafka:GetBootstrapBrokers', cluster, 'ImplicitlyDenied'],
  ]);
});

/**
 * The same statements serve the serverless cluster guard, which looks for a live serverless cluster of the
 * template's name at deploy time (kafka:ListClustersV2) and reads its own stack's status; nothing more.
 */
describe('provider Lambda: serverless cluster guard (examples/serverless.ts)', () => {
  const m = lazyModel(buildServerless);
  const cluster = () => m().arn('Clicks', undefined, 'AWS::MSK::ServerlessCluster');
  const ownStack = () => m().resolver.ref('AWS::StackId');
  matrix(m, PROVIDER_ROLE, [
    ['lists clusters', 'kafka:ListClustersV2', () => '*', 'Allowed'],
    ['describes its own stack', 'cloudformation:DescribeStacks', ownStack, 'Allowed'],
    ['may not describe another stack', 'cloudformation:DescribeStacks', () => ownStack().replace(/stack\/[^/]+\//, 'stack/OtherStack/'), 'ImplicitlyDenied'],
    ['may not delete the cluster', 'kafka:DeleteCluster', cluster, 'ImplicitlyDenied'],
  ]);
});

/**
 * The same Lambda serves the update guards of topics, SCRAM users, Lambda consumers and Glue schemas
 * (src/custom-resources/update-guard.ts). They compare the old and new settings CloudFormation sends and read
 * only their own stack's status (to tell a rollback): a stack whose only guarded resource is a Glue schema gives
 * the role that statement alone.
 */
describe('provider Lambda: update guards (a Glue schema, nothing else)', () => {
  const m = lazyModel((app) => {
    const stack = new Stack(app, 'Schemas', { env: { region: 'us-east-1', account: '111111111111' } });
    new SchemaRegistry(stack, 'Registry', { registryName: 'events' })
      .addSchema('Orders', { schemaName: 'orders-value', dataFormat: SchemaFormat.json(), definition: '{"type":"object"}' });
    return stack;
  });
  const ownStack = () => m().resolver.ref('AWS::StackId');
  matrix(m, PROVIDER_ROLE, [
    ['describes its own stack', 'cloudformation:DescribeStacks', ownStack, 'Allowed'],
    ['may not describe another stack', 'cloudformation:DescribeStacks', () => ownStack().replace(/stack\/[^/]+\//, 'stack/OtherStack/'), 'ImplicitlyDenied'],
    ['may not list clusters (no guard needs it)', 'kafka:ListClustersV2', () => '*', 'ImplicitlyDenied'],
    ['may not change the schema', 'glue:UpdateSchema', () => m().arn('RegistryOrders', undefined, 'AWS::Glue::Schema'), 'ImplicitlyDenied'],
  ]);
});

/**
 * IoT ingestion on MSK Serverless: device gateways write telemetry readings to the
 * `telemetry` topic; a Lambda function is invoked with batches of readings, validated against
 * the telemetry JSON schema in Glue, and turns them into per-device CloudWatch metrics (logged
 * in the CloudWatch embedded metric format, so it needs no extra permission). Readings that
 * fail go to a queue; a consumer-lag alarm tells when the aggregator falls behind.
 *
 * MSK Serverless has no topic resource: create `telemetry` with a Kafka admin client (or let
 * the gateways create it with `grantAdmin`).
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/iot-serverless.ts"
 */
import { App, CfnOutput, Duration, Stack, StackProps, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConsumerFailureDestination, ConsumerStartingPosition, KafkaLambdaConsumer, ManagedPolicyGrantee, SchemaCompatibility, SchemaFormat, SchemaRegistry, ServerlessCluster } from '../src';
import { CompliantFunction } from './shared/compliant-function';
import { CompliantVpc } from './shared/compliant-vpc';

const TOPIC = 'telemetry';
const GROUP = 'telemetry-aggregator';

/** Version 1 of a telemetry reading (JSON Schema). */
const READING = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'TelemetryReading',
  type: 'object',
  required: ['deviceId', 'type', 'temperatureC', 'at'],
  properties: {
    deviceId: { type: 'string' },
    type: { type: 'string', enum: ['reading', 'heartbeat'] },
    temperatureC: { type: 'number' },
    humidityPct: { type: 'number', minimum: 0, maximum: 100 },
    at: { type: 'string', format: 'date-time' },
  },
});

const AGGREGATOR = `
exports.handler = async (event) => {
  const byDevice = {};
  for (const record of Object.values(event.records).flat()) {
    const reading = JSON.parse(Buffer.from(record.value, 'base64').toString('utf8'));
    const stats = byDevice[reading.deviceId] ?? (byDevice[reading.deviceId] = { count: 0, sum: 0, max: -Infinity });
    stats.count += 1;
    stats.sum += reading.temperatureC;
    stats.max = Math.max(stats.max, reading.temperatureC);
  }
  for (const [deviceId, stats] of Object.entries(byDevice)) {
    // CloudWatch embedded metric format: CloudWatch Logs turns this line into metrics.
    console.log(JSON.stringify({
      _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Iot/Telemetry', Dimensions: [['DeviceId']],
        Metrics: [{ Name: 'Readings', Unit: 'Count' }, { Name: 'AverageTemperature' }, { Name: 'MaxTemperature' }] }] },
      DeviceId: deviceId, Readings: stats.count, AverageTemperature: stats.sum / stats.count, MaxTemperature: stats.max,
    }));
  }
  return {};
};`;

/** A serverless cluster, a telemetry schema, a validated Lambda consumer and its lag alarm. */
export class IotServerlessStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
    const cluster = new ServerlessCluster(this, 'Telemetry', { vpc });

    const registry = new SchemaRegistry(this, 'Schemas', { registryName: 'iot', description: 'Device telemetry' });
    const reading = registry.addSchema('Reading', {
      schemaName: `${TOPIC}-value`,
      dataFormat: SchemaFormat.json(),
      compatibility: SchemaCompatibility.backwardAll(),
      definition: READING,
    });

    // Device gateways (containers): write readings, serialized with the schema they look up.
    const gatewayRole = new iam.Role(this, 'GatewayRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const gateway = new ManagedPolicyGrantee(this, 'GatewayAccess', { role: gatewayRole });
    cluster.grantProduce(gateway, TOPIC);
    reading.grantRead(gateway);
    const gatewaySecurityGroup = new ec2.SecurityGroup(this, 'GatewaySecurityGroup', { vpc, description: 'Device gateways', allowAllOutbound: false });
    cluster.allowClientAccessFrom(gatewaySecurityGroup);

    // The aggregator: only readings (not heartbeats), validated, in batches of up to 500.
    const aggregator = new CompliantFunction(this, 'Aggregator', {
      vpc,
      description: 'Aggregates device telemetry into CloudWatch metrics',
      code: AGGREGATOR,
      timeout: Duration.minutes(1),
    });
    const consumer = new KafkaLambdaConsumer(aggregator.function, 'Telemetry', {
      cluster,
      function: aggregator.function,
      topic: TOPIC,
      consumerGroup: GROUP,
      startingPosition: ConsumerStartingPosition.latest(),
      batchSize: 500,
      maxBatchingWindow: Duration.seconds(5),
      filters: [JSON.stringify({ value: { type: ['reading'] } })],
      provisionedPollers: { minimumPollers: 1, maximumPollers: 5 },
      schemaRegistry: { registry },
      onFailure: ConsumerFailureDestination.sqs(aggregator.deadLetterQueue),
    });
    cluster.addConsumerLagAlarm(GROUP, TOPIC, 10000);

    // The failure destination is reached from the cluster's subnets.
    const sqs = vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS, open: false });
    sqs.connections.allowDefaultPortFrom(cluster, 'Failure records of the Lambda event source');

    new CfnOutput(this, 'BootstrapBrokers', { value: cluster.bootstrapBrokers });
    new CfnOutput(this, 'EventSourceMapping', { value: consumer.eventSourceMappingId });
  }
}

/** Builds the example stack in `app`. */
export function buildIotServerless(app: App): IotServerlessStack {
  return new IotServerlessStack(app, 'MskIotServerless', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildIotServerless(app);
  app.synth();
}

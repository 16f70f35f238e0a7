/**
 * An Express cluster that delivers its topics to the data lake by itself (MSK Data Delivery): click
 * events into an Apache Iceberg table on S3 Tables, queryable by Athena, Spark or any Iceberg engine,
 * and raw order events as objects in a secure S3 bucket. No connector, Firehose stream or consumer
 * to run, and no added broker egress.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/express-data-lake.ts"
 */
import { App, CfnOutput, Duration, Stack, StackProps, aws_s3tables as s3tables } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  BrokerInstanceType, DataDeliveryChannel, DataDeliveryDestination, KafkaVersion, ProvisionedCluster, RegistrySchema, S3DeliveryCompression,
  S3ValueConverter, SchemaCompatibility, SchemaFormat, SchemaRegistry,
} from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** The rows of the clicks table: a JSON Schema, with the timestamp the table is partitioned on. */
const CLICKS_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    session_id: { type: 'string' },
    page: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
  },
  required: ['session_id', 'page', 'at'],
});

/** An Express cluster delivering one topic to Iceberg tables and one to S3 objects. */
export class ExpressDataLakeStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    const cluster = new ProvisionedCluster(this, 'Events', {
      vpc,
      instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE,
      kafkaVersion: KafkaVersion.V3_9_X_KRAFT,
    });
    cluster.addTopic('Clicks', { topicName: 'clicks', partitions: 12 });
    cluster.addTopic('Orders', { topicName: 'orders', partitions: 6 });

    // Clicks: an Iceberg table the channel creates in this table bucket (the cluster's Region), one row per
    // click, partitioned by hour on `at`. MSK does not evolve the table: keep the schema as it is.
    const tables = new s3tables.CfnTableBucket(this, 'Tables', { tableBucketName: 'msk-express-lake' });
    const registry = new SchemaRegistry(this, 'Schemas', { registryName: 'express-lake' });
    const clicks = new RegistrySchema(this, 'ClicksSchema', {
      registry,
      schemaName: 'clicks',
      dataFormat: SchemaFormat.json(),
      definition: CLICKS_SCHEMA,
      compatibility: SchemaCompatibility.disabled(),
    });
    new DataDeliveryChannel(this, 'ClicksToTables', {
      cluster,
      topicName: 'clicks',
      dataFreshness: Duration.minutes(10),
      destination: DataDeliveryDestination.iceberg({
        tableBucketArn: tables.attrTableBucketArn,
        namespace: 'web',
        tableName: 'clicks',
        schema: clicks,
        partitionTimestampColumn: 'at',
      }),
    });

    // Orders: JSON objects in a new DataLakeBucket, ZSTD, by hour; dead letters beside them.
    const orders = new DataDeliveryChannel(this, 'OrdersToS3', {
      cluster,
      topicName: 'orders',
      destination: DataDeliveryDestination.s3({ valueConverter: S3ValueConverter.JSON, compression: S3DeliveryCompression.ZSTD }),
    });

    new CfnOutput(this, 'OrdersBucket', { value: orders.bucket!.bucketName });
    new CfnOutput(this, 'TableBucket', { value: tables.attrTableBucketArn });
  }
}

/** Builds the example stack in `app`. */
export function buildExpressDataLake(app: App): ExpressDataLakeStack {
  return new ExpressDataLakeStack(app, 'MskExpressDataLake', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildExpressDataLake(app);
  app.synth();
}

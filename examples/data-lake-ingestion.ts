/**
 * Data-lake ingestion with MSK Connect: an S3 sink connector copies the `orders` and `events`
 * topics to a data lake bucket as JSON objects, in Hive-style hourly partitions below `raw/kafka`.
 * The connector code (the Confluent Amazon S3 sink, a ZIP from Confluent Hub) is uploaded once to
 * an existing plugin bucket; the workers run in the cluster's private subnets and reach S3
 * through a gateway endpoint.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/data-lake-ingestion.ts"
 */
import { App, CfnOutput, Stack, StackProps, aws_ec2 as ec2, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConnectCustomPlugin, ConnectorCapacity, CustomPluginContentType, DataLakeBucket, ProvisionedCluster, S3SinkConnector } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** A cluster with two topics, copied to an S3 data lake by an MSK Connect S3 sink. */
export class DataLakeIngestionStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
    // The subnets have no internet route: the connector reaches S3 through this endpoint.
    vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    const cluster = new ProvisionedCluster(this, 'Commerce', { vpc });
    const orders = cluster.addTopic('OrdersTopic', { topicName: 'orders', partitions: 12 });
    const events = cluster.addTopic('EventsTopic', { topicName: 'events', partitions: 24 });

    // The plugin ZIP lives in a bucket the platform team manages; CloudFormation reads it once.
    const pluginBucket = s3.Bucket.fromBucketName(this, 'PluginBucket', 'example-corp-msk-connect-plugins');
    const plugin = new ConnectCustomPlugin(this, 'S3SinkPlugin', {
      bucket: pluginBucket,
      fileKey: 'plugins/confluentinc-kafka-connect-s3-10.5.13.zip',
      contentType: CustomPluginContentType.ZIP,
      description: 'Confluent Amazon S3 sink connector',
    });

    const lake = new DataLakeBucket(this, 'DataLake');
    const sink = new S3SinkConnector(this, 'LakeSink', {
      cluster,
      plugin,
      topics: [orders.topicName, events.topicName],
      bucket: lake.bucket,
      topicsDir: 'raw/kafka',
      capacity: ConnectorCapacity.autoScaling({ minWorkers: 1, maxWorkers: 4, mcuCount: 1 }),
    });
    sink.node.addDependency(orders, events);

    new CfnOutput(this, 'DataLakeBucketName', { value: lake.bucket.bucketName });
    new CfnOutput(this, 'ConnectorArn', { value: sink.connectorArn });
  }
}

/** Builds the example stack in `app`. */
export function buildDataLakeIngestion(app: App): DataLakeIngestionStack {
  return new DataLakeIngestionStack(app, 'MskDataLakeIngestion', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildDataLakeIngestion(app);
  app.synth();
}

/**
 * Website clickstream to a data lake: the web tier writes page views and clicks to a
 * `clickstream` topic, and Amazon Data Firehose delivers the topic to S3 as GZIP objects
 * partitioned by hour (`topic=clickstream/year=/month=/day=/hour=/`), ready for Athena or Glue.
 *
 * Firehose reads the cluster privately, through multi-VPC connectivity with IAM, which
 * CloudFormation rejects while it creates a cluster: deploy this app once without
 * `multiVpcConnectivity` and without the `TopicToS3`, then deploy it as written. The
 * acknowledgement below records that this code is the second step.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/clickstream-data-lake.ts"
 */
import { Annotations, App, CfnOutput, Duration, Stack, StackProps, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ManagedPolicyGrantee, ProvisionedCluster, TopicToS3 } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** A clickstream cluster and its delivery to an S3 data lake. */
export class ClickstreamDataLakeStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    const cluster = new ProvisionedCluster(this, 'Clickstream', {
      vpc,
      // Step 2 of 2: added after the cluster exists (see the header).
      multiVpcConnectivity: { iam: true },
    });
    Annotations.of(cluster).acknowledgeWarning('cdk-msk-constructs:MultiVpcTwoStep', 'The cluster was deployed once without multi-VPC connectivity.');

    const clicks = cluster.addTopic('ClickstreamTopic', {
      topicName: 'clickstream',
      partitions: 12,
      configs: { 'retention.ms': String(3 * 24 * 3600 * 1000) },
    });

    // The web tier (a Lambda behind the site's API) may only write the topic.
    const webRole = new iam.Role(this, 'WebTierRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    clicks.grantProduce(new ManagedPolicyGrantee(this, 'WebTierAccess', { role: webRole }));

    // Firehose reads the topic privately and writes hourly partitions to a new, secure data lake bucket.
    const delivery = new TopicToS3(this, 'ClickstreamToS3', {
      cluster,
      topicName: clicks.topicName,
      bufferingInterval: Duration.minutes(5),
    });
    delivery.node.addDependency(clicks);

    // The stream pages the cluster's on-call topic (cluster.alarmActions) when records wait more than its buffering
    // interval plus 10 minutes for delivery: delivery.alarms, on by default.

    new CfnOutput(this, 'DataLakeBucket', { value: delivery.bucket.bucketName });
    new CfnOutput(this, 'DeliveryStream', { value: delivery.deliveryStreamName });
  }
}

/** Builds the example stack in `app`. */
export function buildClickstreamDataLake(app: App): ClickstreamDataLakeStack {
  return new ClickstreamDataLakeStack(app, 'MskClickstreamDataLake', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildClickstreamDataLake(app);
  app.synth();
}

/**
 * Real-time analytics with Managed Service for Apache Flink: a provisioned cluster receives
 * page views on `clickstream`; a Flink application aggregates them per minute and writes the
 * results to `metrics`, exactly once. The application runs in the cluster's subnets and may
 * only read `clickstream` (as the `clickstream-analytics` group), write `metrics` with its own
 * transactional ids, and read its JAR.
 *
 * The JAR is built and uploaded by CI to the artifacts bucket; CloudFormation creates the
 * application but does not start it:
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/flink-analytics.ts"
 *   aws kinesisanalyticsv2 start-application --application-name <ApplicationName output>
 */
import { App, CfnOutput, Duration, Stack, StackProps, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FlinkRuntime, KafkaFlinkApplication, ProvisionedCluster } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

const DAY_MS = 24 * 3600 * 1000;

/** A cluster with an input and an output topic, and the Flink application between them. */
export class FlinkAnalyticsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    const cluster = new ProvisionedCluster(this, 'Events', { vpc });
    const clickstream = cluster.addTopic('Clickstream', {
      topicName: 'clickstream',
      partitions: 12,
      configs: { 'retention.ms': String(3 * DAY_MS) },
    });
    const metrics = cluster.addTopic('Metrics', {
      topicName: 'metrics',
      partitions: 6,
      configs: { 'retention.ms': String(30 * DAY_MS) },
    });

    // Versioned, KMS-encrypted bucket of the platform team, filled by CI.
    const artifacts = s3.Bucket.fromBucketName(this, 'Artifacts', 'example-flink-artifacts');

    const analytics = new KafkaFlinkApplication(this, 'ClickstreamAnalytics', {
      cluster,
      runtime: FlinkRuntime.FLINK_1_20,
      codeBucket: artifacts,
      codeKey: 'clickstream-analytics/clickstream-analytics-1.4.0.jar',
      sourceTopic: clickstream.topicName,
      consumerGroup: 'clickstream-analytics',
      sinkTopic: metrics.topicName,
      sinkTransactionalIdPrefix: 'clickstream-analytics',
      parallelism: 4,
      checkpointInterval: Duration.seconds(30),
      propertyGroups: { Aggregation: { 'window.size.seconds': '60', 'allowed.lateness.seconds': '10' } },
    });
    // Start reading once the topics exist.
    analytics.node.addDependency(clickstream, metrics);

    new CfnOutput(this, 'ApplicationName', { value: analytics.applicationName });
    new CfnOutput(this, 'BootstrapBrokers', { value: cluster.bootstrapBrokers });
  }
}

/** Builds the example stack in `app`. */
export function buildFlinkAnalytics(app: App): FlinkAnalyticsStack {
  return new FlinkAnalyticsStack(app, 'MskFlinkAnalytics', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildFlinkAnalytics(app);
  app.synth();
}

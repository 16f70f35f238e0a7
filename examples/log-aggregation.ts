/**
 * Log aggregation: services write logs to a regional cluster close to them; MSK Replicator
 * copies the `logs` topic (and the offsets of its consumer groups) to a central cluster that
 * analytics and search consume. The regional `logs` topic keeps 90 days in tiered storage, so
 * a consumer can replay weeks of logs without large broker volumes.
 *
 * Both clusters are in one stack and Region here (same-Region replication). For a regional
 * cluster in another Region, create the replicator in the central cluster's Region, import the
 * regional cluster by ARN and give `sourceNetwork.subnetIds`; that cluster needs multi-VPC
 * connectivity with IAM and a cluster policy for kafka.amazonaws.com.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/log-aggregation.ts"
 */
import { App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { KafkaReplicator, ProvisionedCluster, ReplicationCompression } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

const DAY_MS = 24 * 3600 * 1000;

/** A regional cluster with a tiered `logs` topic, a central cluster, and the replicator between them. */
export class LogAggregationStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    // Regional cluster: 1 day on the brokers, 90 days in the tiered storage.
    const regional = new ProvisionedCluster(this, 'Regional', {
      vpc,
      storage: { tieredStorage: true },
    });
    const logsTopic = regional.addTopic('Logs', {
      topicName: 'logs',
      partitions: 24,
      configs: {
        'remote.storage.enable': 'true',
        'local.retention.ms': String(DAY_MS),
        'retention.ms': String(90 * DAY_MS),
      },
    });

    const central = new ProvisionedCluster(this, 'Central', { vpc, brokersPerAz: 2 });

    const replicator = new KafkaReplicator(this, 'LogsToCentral', {
      source: regional,
      target: central,
      topicsToReplicate: [logsTopic.topicName],
      consumerGroupsToReplicate: ['log-.*'],
      compression: ReplicationCompression.ZSTD,
      description: 'Regional logs topic to the central cluster',
    });
    // Replicate once the topic exists.
    replicator.node.addDependency(logsTopic);

    new CfnOutput(this, 'ReplicatorArn', { value: replicator.replicatorArn });
    new CfnOutput(this, 'CentralBootstrapBrokers', { value: central.bootstrapBrokers });
  }
}

/** Builds the example stack in `app`. */
export function buildLogAggregation(app: App): LogAggregationStack {
  return new LogAggregationStack(app, 'MskLogAggregation', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildLogAggregation(app);
  app.synth();
}

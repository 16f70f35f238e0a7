/**
 * Producer and consumer: a provisioned cluster with an `orders` topic, a producer role that may
 * only write it and a consumer role that may only read it as the `billing` group. Both roles are
 * meant for Lambda functions (see the Lambda integration for the event source mapping).
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/producer-consumer.ts"
 */
import { App, CfnOutput, Stack, StackProps, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ManagedPolicyGrantee, ProvisionedCluster } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** A cluster, a topic and least-privilege producer and consumer roles. */
export class ProducerConsumerStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    const cluster = new ProvisionedCluster(this, 'Orders', { vpc });
    const orders = cluster.addTopic('OrdersTopic', {
      topicName: 'orders',
      partitions: 12,
      configs: { 'retention.ms': String(7 * 24 * 3600 * 1000) },
    });

    const producerRole = new iam.Role(this, 'ProducerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    orders.grantProduce(new ManagedPolicyGrantee(this, 'ProducerAccess', { role: producerRole }));

    const consumerRole = new iam.Role(this, 'ConsumerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    orders.grantConsume(new ManagedPolicyGrantee(this, 'ConsumerAccess', { role: consumerRole }), 'billing');

    new CfnOutput(this, 'BootstrapBrokers', { value: cluster.bootstrapBrokers });
    new CfnOutput(this, 'TopicArn', { value: orders.topicArn });
  }
}

/** Builds the example stack in `app`. */
export function buildProducerConsumer(app: App): ProducerConsumerStack {
  return new ProducerConsumerStack(app, 'MskProducerConsumer', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildProducerConsumer(app);
  app.synth();
}

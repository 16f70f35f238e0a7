/**
 * Microservice messaging with IAM grants: an order service publishes `OrderPlaced` events to
 * the `orders` topic; a payment service is invoked with batches of them (a Lambda event
 * source validated against the Glue schema of the event) and publishes to `payments`. Each
 * function may only do its own part: write `orders`, or read `orders` as the
 * `payment-service` group and write `payments`.
 *
 * The VPC has no NAT gateway, so the services reach AWS through interface endpoints: Glue
 * for the order service's serializer, SQS for the failure destination of the event source.
 * The event source runs in provisioned mode, which schema validation requires and which needs
 * no Lambda or STS endpoint.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/microservices.ts"
 */
import { App, CfnOutput, Stack, StackProps, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConsumerFailureDestination, ConsumerStartingPosition, KafkaLambdaConsumer, ProvisionedCluster, SchemaFormat, SchemaRegistry } from '../src';
import { CompliantFunction } from './shared/compliant-function';
import { CompliantVpc } from './shared/compliant-vpc';

/** Version 1 of the event the order service publishes (Avro). */
const ORDER_PLACED = JSON.stringify({
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'shop.orders',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'customerId', type: 'string' },
    { name: 'amountCents', type: 'long' },
    { name: 'currency', type: 'string' },
    { name: 'placedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
});

const ORDER_SERVICE = `
exports.handler = async (request) => {
  // Validate the request, then publish an OrderPlaced record to 'orders' with a Kafka client
  // signed with the function's role (SASL/IAM) and the Glue Schema Registry serializer.
  console.log(JSON.stringify({ message: 'order accepted', orderId: request.orderId }));
  return { accepted: true };
};`;

const PAYMENT_SERVICE = `
exports.handler = async (event) => {
  // Lambda validated each value against the OrderPlaced schema and delivers it as JSON.
  const records = Object.values(event.records).flat();
  for (const record of records) {
    const order = JSON.parse(Buffer.from(record.value, 'base64').toString('utf8'));
    // Charge the customer, then publish the result to 'payments'.
    console.log(JSON.stringify({ message: 'charging', orderId: order.orderId, partition: record.partition, offset: record.offset }));
  }
  return {};
};`;

/** Two services around a cluster: producer, consumer-producer, topics, schema, grants. */
export class MicroservicesStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    const cluster = new ProvisionedCluster(this, 'Shop', { vpc });
    const orders = cluster.addTopic('OrdersTopic', { topicName: 'orders', partitions: 12 });
    const payments = cluster.addTopic('PaymentsTopic', { topicName: 'payments', partitions: 12 });

    const registry = new SchemaRegistry(this, 'Schemas', { registryName: 'shop', description: 'Events of the shop services' });
    const orderPlaced = registry.addSchema('OrderPlaced', { schemaName: 'orders-value', dataFormat: SchemaFormat.avro(), definition: ORDER_PLACED });

    // Order service: writes 'orders' and looks its schema up in Glue.
    const orderService = new CompliantFunction(this, 'OrderService', { vpc, description: 'Accepts orders and publishes OrderPlaced', code: ORDER_SERVICE });
    orders.grantProduce(orderService.access);
    orderPlaced.grantRead(orderService.access);
    cluster.allowClientAccessFrom(orderService.function);

    // Payment service: invoked with the 'orders' records, writes 'payments'.
    const paymentService = new CompliantFunction(this, 'PaymentService', { vpc, description: 'Charges placed orders', code: PAYMENT_SERVICE });
    const consumer = new KafkaLambdaConsumer(paymentService.function, 'Orders', {
      cluster,
      function: paymentService.function,
      topic: orders.topicName,
      consumerGroup: 'payment-service',
      startingPosition: ConsumerStartingPosition.trimHorizon(),
      batchSize: 100,
      provisionedPollers: { minimumPollers: 1, maximumPollers: 3 },
      schemaRegistry: { registry },
      onFailure: ConsumerFailureDestination.sqs(paymentService.deadLetterQueue),
    });
    payments.grantProduce(paymentService.access);
    cluster.allowClientAccessFrom(paymentService.function);
    cluster.addConsumerLagAlarm(consumer.consumerGroup, orders.topicName, 5000);

    // Private access to AWS APIs from the isolated subnets.
    const glue = vpc.addInterfaceEndpoint('Glue', { service: ec2.InterfaceVpcEndpointAwsService.GLUE, open: false });
    glue.connections.allowDefaultPortFrom(orderService.function, 'Schema lookups of the order service');
    const sqs = vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS, open: false });
    sqs.connections.allowDefaultPortFrom(cluster, 'Failure records of the Lambda event source');

    new CfnOutput(this, 'BootstrapBrokers', { value: cluster.bootstrapBrokers });
    new CfnOutput(this, 'EventSourceMapping', { value: consumer.eventSourceMappingId });
  }
}

/** Builds the example stack in `app`. */
export function buildMicroservices(app: App): MicroservicesStack {
  return new MicroservicesStack(app, 'MskMicroservices', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildMicroservices(app);
  app.synth();
}

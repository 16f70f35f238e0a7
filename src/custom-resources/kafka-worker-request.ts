/**
 * What the stack's provider (outside any VPC) sends the Kafka ACL worker (inside the cluster's VPC) when it
 * invokes it, and the worker's entry point over the ACL handler. Kept free of the Kafka client import, so that
 * unit tests run it with a fake admin; ./kafka-worker.lambda.ts wires the real client. Not compiled by jsii.
 *
 * Why two functions: the worker must reach the brokers, so it runs in the cluster's VPC; the provider reads
 * the admin's secret from Secrets Manager and answers CloudFormation's pre-signed S3 URL, which a function
 * in a VPC without a NAT gateway or interface endpoints cannot reach. So the worker needs no route out of the
 * VPC and no AWS permission at all; the credentials travel in the synchronous invocation's payload, which
 * Lambda neither logs nor stores, and the worker never logs it.
 */
import { KafkaAclAdminFactory } from './kafka-acl-admin';
import { createHandler, KafkaAclsEvent, KafkaAclsResult, KafkaAdminCredentials } from './kafka-acls.lambda';
import { LambdaContext } from './sdk-retry';

/** The worker's input. */
export interface KafkaWorkerRequest {
  /** The CloudFormation request, as the provider received it (without its ResponseURL: the provider answers). */
  readonly event: KafkaAclsEvent;
  /** The admin principal's SCRAM credentials, read by the provider from the AdminSecretArn secret. */
  readonly credentials: KafkaAdminCredentials;
}

/** The worker's entry point with `timer` for every wait and `connectAdmin` for Kafka. */
export function createWorkerHandler(timer: (ms: number, fire: () => void) => () => void, connectAdmin: KafkaAclAdminFactory):
(request: KafkaWorkerRequest, context: LambdaContext) => Promise<KafkaAclsResult> {
  return async (request, context) => {
    if (typeof request !== 'object' || request === null || typeof request.event !== 'object' || typeof request.credentials !== 'object'
      || typeof request.credentials.username !== 'string' || typeof request.credentials.password !== 'string') {
      throw new Error('The Kafka ACL worker takes {event, credentials: {username, password}} from the cdk-msk-constructs provider only');
    }
    const handle = createHandler(timer, connectAdmin, async () => request.credentials);
    return handle(request.event, context);
  };
}

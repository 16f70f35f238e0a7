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
 *
 * Two actions: `apply` (the default, `{event, credentials}`: a `Custom::MskKafkaAcls` request) and `checkAdmin`
 * (`{action: 'checkAdmin', check, credentials}`: whether the admin may manage ACLs, for `Custom::MskKafkaAclsReady`).
 */
import { KafkaAclAdminFactory } from './kafka-acl-admin';
import {
  createAdminCheckHandler, createHandler, KafkaAclsEvent, KafkaAclsResult, KafkaAdminCheck, KafkaAdminCheckResult, KafkaAdminCredentials,
} from './kafka-acls.lambda';
import { LambdaContext } from './sdk-retry';

/** The worker's input for a `Custom::MskKafkaAcls` request (`action` 'apply', the default). */
export interface KafkaWorkerApplyRequest {
  readonly action?: 'apply';
  /** The CloudFormation request, as the provider received it (without its ResponseURL: the provider answers). */
  readonly event: KafkaAclsEvent;
  /** The admin principal's SCRAM credentials, read by the provider from the AdminSecretArn secret. */
  readonly credentials: KafkaAdminCredentials;
}

/** The worker's input for the deploy-time check that the admin may manage ACLs (./kafka-acls-ready.lambda.ts). */
export interface KafkaWorkerCheckAdminRequest {
  readonly action: 'checkAdmin';
  readonly check: KafkaAdminCheck;
  /** The admin principal's SCRAM credentials, read by the provider from the admin secret. */
  readonly credentials: KafkaAdminCredentials;
}

/** The worker's input. */
export type KafkaWorkerRequest = KafkaWorkerApplyRequest | KafkaWorkerCheckAdminRequest;

/**
 * The worker's input for `event`: the request without the fields it has no use for (ResponseURL is the
 * provider's to answer, and RequestId, ResourceType), and the admin's credentials.
 */
export function workerApplyRequest(event: KafkaAclsEvent, credentials: KafkaAdminCredentials): KafkaWorkerApplyRequest {
  return {
    event: {
      RequestType: event.RequestType,
      ResourceProperties: event.ResourceProperties,
      OldResourceProperties: event.OldResourceProperties,
      PhysicalResourceId: event.PhysicalResourceId,
      LogicalResourceId: event.LogicalResourceId,
      StackId: event.StackId,
    },
    credentials,
  };
}

/** What the worker takes, for the message a malformed request gets. */
export const WORKER_REQUEST_SHAPE = 'The Kafka ACL worker takes {event, credentials: {username, password}} or '
  + "{action: 'checkAdmin', check: {bootstrapServers, tls, adminPrincipal}, credentials: {username, password}} from the cdk-msk-constructs provider only";

/** The worker's entry point with `timer` for every wait and `connectAdmin` for Kafka. */
export function createWorkerHandler(timer: (ms: number, fire: () => void) => () => void, connectAdmin: KafkaAclAdminFactory):
(request: KafkaWorkerRequest, context: LambdaContext) => Promise<KafkaAclsResult | KafkaAdminCheckResult> {
  const checkAdmin = createAdminCheckHandler(timer, connectAdmin);
  return async (request, context) => {
    if (typeof request !== 'object' || request === null || typeof request.credentials !== 'object' || request.credentials === null
      || typeof request.credentials.username !== 'string' || typeof request.credentials.password !== 'string') {
      throw new Error(WORKER_REQUEST_SHAPE);
    }
    if (request.action === 'checkAdmin') {
      const check: unknown = request.check;
      const c = check as Partial<KafkaAdminCheck> | null;
      if (typeof c !== 'object' || c === null || typeof c.bootstrapServers !== 'string' || typeof c.adminPrincipal !== 'string') {
        throw new Error(WORKER_REQUEST_SHAPE);
      }
      return checkAdmin(request.check, request.credentials, context);
    }
    if ((request.action !== undefined && request.action !== 'apply') || typeof request.event !== 'object' || request.event === null) {
      throw new Error(WORKER_REQUEST_SHAPE);
    }
    const handle = createHandler(timer, connectAdmin, async () => request.credentials);
    return handle(request.event, context);
  };
}

/**
 * The Lambda of the stack's one custom-resource provider (./stack-provider.ts): it serves every custom
 * resource type of the library, dispatching on the event's `ResourceType` to the handler of that type
 * (each with its own logic, retries and time limit: ./bootstrap-brokers.lambda.ts,
 * ./broker-volume-size.lambda.ts, ./serverless-cluster-guard.lambda.ts, ./update-guard.lambda.ts, and
 * ./kafka-acls-dispatch.lambda.ts, which hands Kafka work to a worker inside the cluster's VPC, and
 * ./kafka-acls-ready.lambda.ts, the check that a cluster may deny by default). A type it does not know fails the resource with an error naming it.
 *
 * Bundled by esbuild (task `bundle`, with `@aws-sdk/*` external: the Lambda nodejs22.x runtime provides
 * the SDK) into assets/custom-resources/provider and invoked through aws-cdk-lib's `CustomResourceProvider`
 * entrypoint, which implements the CloudFormation response protocol. Not compiled by jsii.
 */
import {
  BootstrapBrokersEvent,
  BootstrapBrokersResult,
  createHandler as createBootstrapBrokersHandler,
} from './bootstrap-brokers.lambda';
import {
  BrokerVolumeSizeEvent,
  BrokerVolumeSizeResult,
  createHandler as createBrokerVolumeSizeHandler,
} from './broker-volume-size.lambda';
import { createHandler as createKafkaAclsHandler, KafkaAclsDispatchEvent } from './kafka-acls-dispatch.lambda';
import { createHandler as createKafkaAclsReadyHandler, KafkaAclsReadyEvent, KafkaAclsReadyResult } from './kafka-acls-ready.lambda';
import { KafkaAclsResult } from './kafka-acls.lambda';
import {
  BOOTSTRAP_BROKERS_RESOURCE_TYPE, BROKER_VOLUME_SIZE_RESOURCE_TYPE, KAFKA_ACLS_READY_RESOURCE_TYPE, KAFKA_ACLS_RESOURCE_TYPE,
  SERVERLESS_CLUSTER_GUARD_RESOURCE_TYPE, UPDATE_GUARD_RESOURCE_TYPE,
} from './resource-types';
import { LambdaContext, realTimer } from './sdk-retry';
import {
  createHandler as createServerlessClusterGuardHandler,
  ServerlessClusterGuardEvent,
  ServerlessClusterGuardResult,
} from './serverless-cluster-guard.lambda';
import { createHandler as createUpdateGuardHandler, UpdateGuardEvent, UpdateGuardResult } from './update-guard.lambda';

/** The resource types this Lambda serves. */
export const RESOURCE_TYPES: readonly string[] = [
  BOOTSTRAP_BROKERS_RESOURCE_TYPE, BROKER_VOLUME_SIZE_RESOURCE_TYPE, SERVERLESS_CLUSTER_GUARD_RESOURCE_TYPE, UPDATE_GUARD_RESOURCE_TYPE,
  KAFKA_ACLS_RESOURCE_TYPE, KAFKA_ACLS_READY_RESOURCE_TYPE,
];

/** A custom-resource event of any type the provider serves (CloudFormation always sends `ResourceType`). */
export type ProviderEvent = (BootstrapBrokersEvent | BrokerVolumeSizeEvent | ServerlessClusterGuardEvent | UpdateGuardEvent | KafkaAclsDispatchEvent
  | KafkaAclsReadyEvent)
  & { readonly ResourceType: string };

/** What the CustomResourceProvider entrypoint expects back. */
export type ProviderResult = BootstrapBrokersResult | BrokerVolumeSizeResult | ServerlessClusterGuardResult | UpdateGuardResult | KafkaAclsResult
  | KafkaAclsReadyResult;

/** The entry point, with `timer` for every wait of the handlers (tests pass a fake one). */
export function createHandler(timer: (ms: number, fire: () => void) => () => void):
(event: ProviderEvent, context: LambdaContext) => Promise<ProviderResult> {
  const bootstrapBrokers = createBootstrapBrokersHandler(timer);
  const brokerVolumeSize = createBrokerVolumeSizeHandler(timer);
  const serverlessClusterGuard = createServerlessClusterGuardHandler(timer);
  const updateGuard = createUpdateGuardHandler(timer);
  const kafkaAcls = createKafkaAclsHandler(timer);
  const kafkaAclsReady = createKafkaAclsReadyHandler(timer);
  return async (event, context) => {
    switch (event.ResourceType) {
      case BOOTSTRAP_BROKERS_RESOURCE_TYPE:
        return bootstrapBrokers(event as BootstrapBrokersEvent, context);
      case BROKER_VOLUME_SIZE_RESOURCE_TYPE:
        return brokerVolumeSize(event as BrokerVolumeSizeEvent, context);
      case SERVERLESS_CLUSTER_GUARD_RESOURCE_TYPE:
        return serverlessClusterGuard(event as ServerlessClusterGuardEvent, context);
      case UPDATE_GUARD_RESOURCE_TYPE:
        return updateGuard(event as UpdateGuardEvent, context);
      case KAFKA_ACLS_RESOURCE_TYPE:
        return kafkaAcls(event as KafkaAclsDispatchEvent, context);
      case KAFKA_ACLS_READY_RESOURCE_TYPE:
        return kafkaAclsReady(event as KafkaAclsReadyEvent, context);
      default:
        throw new Error(`Unknown ResourceType ${JSON.stringify(event.ResourceType)}: the cdk-msk-constructs provider Lambda serves only `
          + `${RESOURCE_TYPES.join(', ')}; point this custom resource's ServiceToken at its own provider`);
    }
  };
}

/** Lambda entry point (called by the CustomResourceProvider entrypoint). */
export const handler = createHandler(realTimer);

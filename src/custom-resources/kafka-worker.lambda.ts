/**
 * The Kafka ACL worker Lambda: runs inside the cluster's VPC and applies a `Custom::MskKafkaAcls` request
 * that the stack's provider passes on (./kafka-worker-request.lambda.ts), with @platformatic/kafka as the client.
 *
 * Bundled by esbuild (task `bundle`) into assets/custom-resources/kafka-worker with the client inside;
 * invoked by the provider, never by CloudFormation. Not compiled by jsii.
 */
// The client is a devDependency on purpose: esbuild bundles it into the worker's asset; the jsii library never loads it.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as kafka from '@platformatic/kafka';
import { platformaticAclAdminFactory, PlatformaticAclModule } from './kafka-acl-admin';
import { createWorkerHandler } from './kafka-worker-request.lambda';
import { realTimer } from './sdk-retry';

/** Lambda entry point. */
export const handler = createWorkerHandler(realTimer, platformaticAclAdminFactory(kafka as unknown as PlatformaticAclModule));

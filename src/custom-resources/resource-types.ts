/**
 * The custom resource types the library's provider Lambda serves (./provider.lambda.ts dispatches on
 * the event's `ResourceType`). Kept free of any import: the constructs (jsii-compiled) and the bundled
 * handler both use it.
 */
export const BOOTSTRAP_BROKERS_RESOURCE_TYPE = 'Custom::MskBootstrapBrokers';
export const BROKER_VOLUME_SIZE_RESOURCE_TYPE = 'Custom::MskBrokerVolumeSize';
export const SERVERLESS_CLUSTER_GUARD_RESOURCE_TYPE = 'Custom::MskServerlessClusterGuard';
export const UPDATE_GUARD_RESOURCE_TYPE = 'Custom::MskUpdateGuard';
export const KAFKA_ACLS_RESOURCE_TYPE = 'Custom::MskKafkaAcls';
export const KAFKA_ACLS_READY_RESOURCE_TYPE = 'Custom::MskKafkaAclsReady';

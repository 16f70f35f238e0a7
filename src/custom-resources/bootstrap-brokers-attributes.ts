/**
 * Data keys the custom resource can return, one per GetBootstrapBrokers field. It returns only the
 * ones the stack reads (its RequiredAttributes), each non-empty, to keep its response within
 * CloudFormation's 4096 bytes (see ./bootstrap-brokers-data).
 *
 * Kept free of any SDK import: this module is imported by jsii-compiled construct code.
 * The names are checked at compile time against `GetBootstrapBrokersCommandOutput` of
 * `@aws-sdk/client-kafka` in test/custom-resources/bootstrap-brokers.lambda.test.ts (both directions).
 */
export const BOOTSTRAP_BROKER_ATTRIBUTES = [
  'BootstrapBrokerString',
  'BootstrapBrokerStringTls',
  'BootstrapBrokerStringSaslScram',
  'BootstrapBrokerStringSaslIam',
  'BootstrapBrokerStringPublicTls',
  'BootstrapBrokerStringPublicSaslScram',
  'BootstrapBrokerStringPublicSaslIam',
  'BootstrapBrokerStringVpcConnectivityTls',
  'BootstrapBrokerStringVpcConnectivitySaslScram',
  'BootstrapBrokerStringVpcConnectivitySaslIam',
  'BootstrapBrokerStringIpv6',
  'BootstrapBrokerStringTlsIpv6',
  'BootstrapBrokerStringSaslScramIpv6',
  'BootstrapBrokerStringSaslIamIpv6',
] as const;

/** One of {@link BOOTSTRAP_BROKER_ATTRIBUTES}. */
export type BootstrapBrokerAttribute = typeof BOOTSTRAP_BROKER_ATTRIBUTES[number];

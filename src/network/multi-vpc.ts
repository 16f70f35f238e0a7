/**
 * Multi-VPC private connectivity (AWS PrivateLink): the client authentication schemes that
 * clients in other VPCs, and other accounts of the same Region, may use through managed VPC
 * connections (`ClusterVpcConnection`). Each scheme must also be enabled in the cluster's
 * `clientAuthentication`, and at least one must be true.
 *
 * CloudFormation cannot create a cluster with a scheme enabled: deploy the cluster once without
 * multi-VPC connectivity, then add it (the warning `cdk-msk-constructs:MultiVpcTwoStep` says so
 * on every synth until you acknowledge it).
 */
export interface MultiVpcConnectivityOptions {
  /**
   * Clients connect over managed VPC connections with SASL/IAM.
   * @default false
   */
  readonly iam?: boolean;
  /**
   * Clients connect over managed VPC connections with SASL/SCRAM. MSK requires Kafka ACLs and
   * `allow.everyone.if.no.acl.found=false` in `serverProperties` for it.
   * @default false
   */
  readonly scram?: boolean;
  /**
   * Clients connect over managed VPC connections with mutual TLS. MSK requires Kafka ACLs and
   * `allow.everyone.if.no.acl.found=false` in `serverProperties` for it.
   * @default false
   */
  readonly tls?: boolean;
}

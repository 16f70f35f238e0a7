import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct, IConstruct, IDependable } from 'constructs';
import type { ScramUser } from '../scram-users';

/**
 * What `KafkaAcls` needs from a provisioned cluster of this app besides its network (ClusterNetworkInfo):
 * the library's admin principal and where it signs in. Library-internal; read through `clusterInternals`.
 */
export interface KafkaAclAccess {
  /** The cluster's name, for messages. */
  readonly clusterName: string;
  /** The cluster's removal policy: the default of its ACLs' (a retained cluster keeps its ACLs). */
  readonly removalPolicy: RemovalPolicy;
  /** Whether SASL/SCRAM is on (the admin signs in with it). */
  readonly scramEnabled: boolean;
  /** Whether mutual TLS is on (certificate principals sign in with it). */
  readonly tlsEnabled: boolean;
  /** Whether the cluster's configuration denies principals without an ACL (allow.everyone.if.no.acl.found false). */
  readonly denyByDefault: boolean;
  /** The admin SCRAM user (added on first use) and its association with the cluster, which must exist before it signs in. */
  adminUser(): { readonly user: ScramUser; readonly association: IDependable };
  /** The private SASL/SCRAM bootstrap brokers, read at deploy time. */
  bootstrapServers(): string;
  /**
   * Builds the cluster's deny-by-default check (`Custom::MskKafkaAclsReady`) in `scope` (the cluster) once, and
   * makes the cluster resource wait for it; later calls do nothing.
   */
  attachReadyCheck(build: (scope: Construct) => IConstruct): void;
}

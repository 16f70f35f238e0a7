import { ClusterBase, MonitoringAttachment } from './cluster-base';
import { ClusterNetworkInfo } from './cluster-network';
import { IMskCluster } from './cluster-ref';
import { ClientAuthentication } from '../auth/client-authentication';
import { ClusterArns } from '../auth/cluster-arns';
import type { KafkaAclAccess } from '../auth/kafka-acls/kafka-acl-access';

/**
 * What the library's own constructs (integrations, monitoring) may know about a cluster beyond
 * `IMskCluster`. Library-internal: this is the ONE way code outside src/cluster reads cluster
 * internals; do not use `instanceof ClusterBase` or duck typing elsewhere.
 */
export interface ClusterInternals {
  /**
   * Kind, authentication and network of a cluster of this library (defined here or imported);
   * undefined for other `IMskCluster` implementations, whose facts are unknown.
   */
  readonly network?: ClusterNetworkInfo;
  /**
   * `network`, or for other `IMskCluster` implementations the assumption integrations make:
   * an imported provisioned cluster with IAM authentication and the cluster's security groups.
   */
  readonly assumedNetwork: ClusterNetworkInfo;
  /** What Kafka ACL management needs (provisioned clusters defined in this app only). */
  readonly kafkaAclAccess?: KafkaAclAccess;
  /** ARNs to use in IAM policies (exact ARN, or `*` for the UUID of a cluster imported by name). */
  readonly arns: ClusterArns;
  /**
   * Registers a monitoring construct as the cluster's alarms, alarm actions and dashboard, unless the
   * cluster already has one. False when it was not registered (another one was, or the cluster is
   * not this library's).
   */
  attachMonitoring(monitoring: MonitoringAttachment): boolean;
}

/** The internals of `cluster` (see {@link ClusterInternals}). */
export function clusterInternals(cluster: IMskCluster): ClusterInternals {
  if (cluster instanceof ClusterBase) {
    const network = cluster._networkInfo();
    return {
      network,
      assumedNetwork: network,
      kafkaAclAccess: cluster._kafkaAclAccess(),
      arns: cluster._policyArns(),
      attachMonitoring: (monitoring) => cluster._attachMonitoring(monitoring),
    };
  }
  return {
    network: undefined,
    assumedNetwork: {
      kind: 'provisioned',
      definedHere: false,
      clientAuthentication: ClientAuthentication.iam(),
      securityGroups: cluster.connections.securityGroups,
      multiVpcIam: false,
    },
    arns: ClusterArns.fromArn(cluster.clusterArn),
    attachMonitoring: () => false,
  };
}

import { ClientAuthentication } from '../auth/client-authentication';
import { ClusterBase } from '../cluster/cluster-base';
import { ClusterNetworkInfo } from '../cluster/cluster-network';
import { IMskCluster } from '../cluster/cluster-ref';

/**
 * What an integration knows about a cluster's kind, authentication and network. Clusters that
 * are not this library's (other `IMskCluster` implementations) count as imported IAM clusters.
 */
export function networkInfoOf(cluster: IMskCluster): ClusterNetworkInfo {
  if (cluster instanceof ClusterBase) {
    return cluster._networkInfo();
  }
  return {
    kind: 'provisioned',
    definedHere: false,
    clientAuthentication: ClientAuthentication.iam(),
    securityGroups: cluster.connections.securityGroups,
    multiVpcIam: false,
  };
}

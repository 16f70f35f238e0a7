import { CustomResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { grantClusterLookup } from './broker-volume-size';
import { SERVERLESS_CLUSTER_GUARD_RESOURCE_TYPE } from './resource-types';
import { SERVICE_TIMEOUT, stackProvider } from './stack-provider';

/** One VPC config of a serverless cluster, as its template sets it (tokens are fine: they resolve at deploy time). */
export interface ServerlessVpcConfigSettings {
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

/** Props of {@link ServerlessClusterGuard}. */
export interface ServerlessClusterGuardProps {
  /** Name of the cluster (not its ARN: the guard must not depend on the cluster, which depends on it). */
  readonly clusterName: string;
  /** The cluster's VPC configs, in template order. */
  readonly vpcConfigs: ServerlessVpcConfigSettings[];
  /** The cluster's client authentication, as the template sets it. */
  readonly clientAuthentication: { [key: string]: unknown };
  /** The tags the cluster's template sets (none: empty). */
  readonly tags: { [key: string]: string };
}

/**
 * Keeps a deployment from replacing a live MSK Serverless cluster with a new, empty one (see
 * serverless-cluster-guard.lambda.ts). Every property of AWS::MSK::ServerlessCluster is create-only ("Update
 * requires: Replacement", CloudFormation template reference), so this resource's properties are the cluster's name
 * and those settings, as JSON that resolves at deploy time: it is updated exactly when the cluster would be
 * replaced, and, the cluster depending on it, before the cluster. The update fails while a live serverless cluster
 * of that name exists, unless the stack is rolling back; a new cluster name passes.
 *
 * Served by the stack's one provider Lambda (./stack-provider.ts); its role gets the same statements as the
 * provisioned clusters' lookup (kafka:ListClustersV2, cloudformation:DescribeStacks on its own stack), once.
 */
export class ServerlessClusterGuard extends Construct {
  /** The custom resource (for dependencies and tests). */
  public readonly customResource: CustomResource;

  constructor(scope: Construct, id: string, props: ServerlessClusterGuardProps) {
    super(scope, id);
    const provider = stackProvider(this);
    grantClusterLookup(provider);
    const stack = Stack.of(this);
    // Sorted keys: the same tags always give the same string (no spurious update).
    const tags: { [key: string]: string } = {};
    for (const key of Object.keys(props.tags).sort()) {
      tags[key] = props.tags[key];
    }
    this.customResource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: SERVERLESS_CLUSTER_GUARD_RESOURCE_TYPE,
      serviceTimeout: SERVICE_TIMEOUT,
      properties: {
        ClusterName: props.clusterName,
        VpcConfigs: stack.toJsonString(props.vpcConfigs.map((config) => ({
          SubnetIds: config.subnetIds,
          SecurityGroups: config.securityGroupIds,
        }))),
        ClientAuthentication: stack.toJsonString(props.clientAuthentication),
        Tags: stack.toJsonString(tags),
      },
    });
  }
}

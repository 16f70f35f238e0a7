import { aws_ec2 as ec2 } from 'aws-cdk-lib';

/**
 * Where a construct puts its network interfaces in a VPC: the subnets and the security groups.
 * Shared by the props of every construct that places network interfaces (`ServerlessCluster`,
 * `ClusterVpcConnection`, `KafkaConnector`, `KafkaFlinkApplication`); each names its VPC in its own
 * `vpc` property (required, or optional where it defaults to the cluster's VPC) and documents its
 * defaults for these two.
 */
export interface VpcPlacement {
  /**
   * The subnets of the network interfaces.
   * @default - set by the construct: see the props' documentation (private subnets, or the cluster's client subnets)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The security groups of the network interfaces.
   * @default - set by the construct: see the props' documentation (a new group that lets in no one)
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

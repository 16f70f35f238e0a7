import { IResource, aws_ec2 as ec2 } from 'aws-cdk-lib';

/**
 * An MSK cluster: provisioned, serverless or imported. Application code connects, grants and
 * reads brokers through this interface, whatever the kind of cluster.
 */
export interface IMskCluster extends IResource, ec2.IConnectable {
  /**
   * ARN of the cluster.
   * @attribute
   */
  readonly clusterArn: string;
  /**
   * Name of the cluster.
   * @attribute
   */
  readonly clusterName: string;
}

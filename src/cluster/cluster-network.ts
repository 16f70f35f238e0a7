import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { ClientAuthentication } from '../auth/client-authentication';
import { KafkaVersion } from '../config/kafka-version';

/**
 * What integrations (Lambda, Flink, Firehose, MSK Connect, Replicator) need to know about a
 * cluster: its kind, how clients authenticate, and where its brokers live. Library-internal.
 */
export interface ClusterNetworkInfo {
  /** 'provisioned' or 'serverless'. */
  readonly kind: 'provisioned' | 'serverless';
  /** True for a cluster defined in this app, false for an import. */
  readonly definedHere: boolean;
  /** How clients authenticate. */
  readonly clientAuthentication: ClientAuthentication;
  /** VPC of the brokers (the first VPC of a serverless cluster); unknown for imports. */
  readonly vpc?: ec2.IVpc;
  /** Client subnets of the brokers (of the first VPC); unknown for imports. */
  readonly subnetIds?: string[];
  /** Security groups of the brokers (may be empty for imports). */
  readonly securityGroups: ec2.ISecurityGroup[];
  /** True when multi-VPC private connectivity with SASL/IAM is on (provisioned only). */
  readonly multiVpcIam: boolean;
  /** Whether the brokers are Express (provisioned clusters defined here with a known instance type). */
  readonly express?: boolean;
  /** Kafka version (provisioned clusters defined here). */
  readonly kafkaVersion?: KafkaVersion;
}

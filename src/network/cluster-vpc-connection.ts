import { Resource, Stack, aws_ec2 as ec2, aws_msk as msk } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { selectBrokerSubnets } from './broker-subnets';
import { CLUSTER_VPC_CONNECTION_RULES, CLUSTER_VPC_CONNECTION_WARNINGS } from './cluster-vpc-connection-rules';
import { VpcPlacement } from './vpc-placement';
import { checkRules, warnRules } from '../validation/rules';

/** How clients authenticate over a managed VPC connection: one scheme per connection. */
export enum VpcConnectionAuthentication {
  /** SASL/IAM (`SASL_IAM`). */
  IAM = 'SASL_IAM',
  /** SASL/SCRAM (`SASL_SCRAM`). */
  SCRAM = 'SASL_SCRAM',
  /** Mutual TLS (`TLS`). */
  TLS = 'TLS',
}

/**
 * Ports of a managed VPC connection in the client VPC: MSK serves the brokers on ports from
 * 14001 up, one per broker, whatever the authentication scheme.
 */
export class VpcConnectionPorts {
  /** The first port: 14001. */
  public static readonly FIRST = 14001;
  /** The last port of the range MSK uses: 14100. */
  public static readonly LAST = 14100;

  private constructor() {}
}

/**
 * Props of {@link ClusterVpcConnection}. Every property is create-only: changing any of them
 * replaces the connection (clients briefly lose it and get new bootstrap brokers).
 *
 * Network placement (`VpcPlacement`): `vpcSubnets` are the client subnets, one in each AZ of the cluster,
 * by AZ ID (so as many as the cluster has subnets: 2 or 3; AZ names map to different AZ IDs in different
 * accounts), by default one private subnet per AZ in up to 3 AZs (subnets with egress first, isolated
 * otherwise); `securityGroups` (1–5) default to a new security group with no ingress and no egress: open it
 * to clients with `connections`.
 */
export interface ClusterVpcConnectionProps extends VpcPlacement {
  /**
   * ARN of the MSK provisioned cluster to connect to, in the same Region. The cluster must have
   * multi-VPC connectivity on for `authentication`, and, when it is in another account, a
   * cluster policy that grants this account the connection (`grantVpcConnection`).
   */
  readonly targetClusterArn: string;
  /**
   * The client VPC. Its DNS support and DNS hostnames must be on.
   */
  readonly vpc: ec2.IVpc;
  /** The authentication scheme clients use over this connection. */
  readonly authentication: VpcConnectionAuthentication;
}

/**
 * A managed VPC connection (AWS::MSK::VpcConnection): the client side of MSK multi-VPC private
 * connectivity. It puts network interfaces for the brokers of a cluster in another VPC, possibly
 * of another account, of the same Region. Allow clients in with
 * `connection.connections.allowDefaultPortFrom(clientSecurityGroup)` (ports 14001–14100).
 *
 * Every property is create-only: changing one replaces the connection.
 */
export class ClusterVpcConnection extends Resource implements ec2.IConnectable {
  /** The ARN of the VPC connection. */
  public readonly vpcConnectionArn: string;
  /** The security groups of the connection; the default port range is 14001–14100. */
  public readonly connections: ec2.Connections;
  /** The authentication scheme of the connection. */
  public readonly authentication: VpcConnectionAuthentication;
  /** ARN of the cluster the connection leads to. */
  public readonly targetClusterArn: string;

  constructor(scope: Construct, id: string, props: ClusterVpcConnectionProps) {
    super(scope, id);

    const subnets = selectBrokerSubnets(props.vpc, 3, props.vpcSubnets);
    const facts = {
      targetClusterArn: props.targetClusterArn,
      region: Stack.of(this).region,
      subnets,
      securityGroupCount: props.securityGroups?.length,
      vpcDns: props.vpc instanceof ec2.Vpc
        ? { support: props.vpc.dnsSupportEnabled, hostnames: props.vpc.dnsHostnamesEnabled }
        : undefined,
    };
    checkRules(this, 'ClusterVpcConnection', CLUSTER_VPC_CONNECTION_RULES, facts);
    warnRules(this, CLUSTER_VPC_CONNECTION_WARNINGS, facts);

    const securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `MSK managed VPC connection ${this.node.path}`,
      allowAllOutbound: false,
    })];
    this.connections = new ec2.Connections({
      securityGroups,
      defaultPort: ec2.Port.tcpRange(VpcConnectionPorts.FIRST, VpcConnectionPorts.LAST),
    });
    this.authentication = props.authentication;
    this.targetClusterArn = props.targetClusterArn;

    const resource = new msk.CfnVpcConnection(this, 'Resource', {
      authentication: props.authentication,
      clientSubnets: subnets.subnetIds,
      securityGroups: securityGroups.map((group) => group.securityGroupId),
      targetClusterArn: props.targetClusterArn,
      vpcId: props.vpc.vpcId,
    });
    this.vpcConnectionArn = resource.attrArn;
  }
}

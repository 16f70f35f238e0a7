import { ArnFormat, RemovalPolicy, Stack, Validations, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Props of {@link CompliantVpc}. */
export interface CompliantVpcProps {
  /** The AZs to span. */
  readonly availabilityZones: string[];
  /**
   * Public subnets (routed to an internet gateway) instead of private isolated ones, for brokers that
   * accept clients from the internet (MSK public access).
   * @default false
   */
  readonly publicSubnets?: boolean;
}

/**
 * A VPC for the examples that passes the compliance packs on its own: private isolated subnets
 * only (Kafka clients live in the VPC, so no internet gateway or NAT) and flow logs to a
 * KMS-encrypted log group, written by a role with a customer-managed policy.
 * Bring your own VPC in a real app.
 */
export class CompliantVpc extends Construct {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: CompliantVpcProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: props.availabilityZones,
      natGateways: 0,
      subnetConfiguration: props.publicSubnets
        // MSK gives public brokers their own public addresses; nothing else in these subnets gets one.
        ? [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 22, mapPublicIpOnLaunch: false }]
        : [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
    });
    if (props.publicSubnets) {
      // A public subnet is one whose default route goes to the internet gateway (VPC user guide, "Subnets for your VPC").
      const reason = 'Public subnets for brokers with MSK public access: MSK needs every broker subnet to route to an internet gateway; '
        + 'the brokers\' security group admits only the listed client networks.';
      Validations.of(this.vpc).acknowledge(
        { id: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', reason },
        { id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason },
        { id: 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW', reason },
      );
    }
    const logGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: this.flowLogsKey(),
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'FlowLogsRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
    role.addManagedPolicy(new iam.ManagedPolicy(this, 'FlowLogsPolicy', {
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [logGroup.logGroupArn],
      })],
    }));
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates()),
    });
  }

  private flowLogsKey(): kms.Key {
    const stack = Stack.of(this);
    const key = new kms.Key(this, 'FlowLogsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }));
    // Control Tower CT.KMS.PR.3: only AWS services may create grants on the key.
    key.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
    return key;
  }
}

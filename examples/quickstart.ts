/**
 * Quickstart: a production-ready MSK cluster from one line.
 *
 *   npx projen synth:quickstart   # writes CloudFormation to cdk.out/, no AWS account needed
 *
 * The VPC around it is kept compliant too (private subnets only, encrypted flow logs), so the
 * whole app passes cdk-nag and cfn-guard; bring your own VPC in a real app.
 */
import { App, ArnFormat, RemovalPolicy, Stack, StackProps, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProvisionedCluster } from '../src';

/** A private VPC over 3 AZs with encrypted flow logs, and an MSK cluster in it. */
export class QuickstartStack extends Stack {
  public readonly cluster: ProvisionedCluster;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Three AZs so every topic gets 3 replicas; change them with the region.
    // Kafka clients live in the VPC, so it needs no internet gateway or NAT.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      natGateways: 0,
      subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
    });
    addEncryptedFlowLogs(this, vpc);

    this.cluster = new ProvisionedCluster(this, 'Events', { vpc });
  }
}

/** VPC flow logs to a KMS-encrypted log group, written by a role with a customer-managed policy. */
function addEncryptedFlowLogs(scope: Construct, vpc: ec2.Vpc): void {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'FlowLogsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
  }));
  // Control Tower CT.KMS.PR.3: only AWS services may create grants on the key.
  key.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  const logGroup = new logs.LogGroup(scope, 'FlowLogs', {
    encryptionKey: key,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const role = new iam.Role(scope, 'FlowLogsRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
  role.addManagedPolicy(new iam.ManagedPolicy(scope, 'FlowLogsPolicy', {
    statements: [new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [logGroup.logGroupArn],
    })],
  }));
  vpc.addFlowLog('FlowLog', {
    destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates()),
  });
}

/** Builds the quickstart stack in `app`. */
export function buildQuickstart(app: App): QuickstartStack {
  return new QuickstartStack(app, 'MskQuickstart', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildQuickstart(app);
  app.synth();
}

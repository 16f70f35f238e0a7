/**
 * Quickstart: a production-ready MSK cluster from one line.
 *
 *   npx projen synth:quickstart   # writes CloudFormation to cdk.out/, no AWS account needed
 */
import { App, Stack, StackProps, aws_ec2 as ec2, aws_logs as logs, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProvisionedCluster } from '../src';

/** A VPC over 3 AZs with private subnets and flow logs, and an MSK cluster in it. */
export class QuickstartStack extends Stack {
  public readonly cluster: ProvisionedCluster;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      // Three AZs so topics get 3 replicas. Change them with the region.
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      natGateways: 1,
      restrictDefaultSecurityGroup: false,
    });
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup) });

    this.cluster = new ProvisionedCluster(this, 'Events', { vpc });
  }
}

/** Builds the quickstart app. */
export function buildQuickstart(app: App): QuickstartStack {
  return new QuickstartStack(app, 'MskQuickstart', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildQuickstart(app);
  app.synth();
}

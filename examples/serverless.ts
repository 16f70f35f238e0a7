/**
 * Serverless: an MSK Serverless cluster for spiky workloads, reachable from an application
 * security group, with an application role that may produce and consume one topic.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/serverless.ts"
 */
import { App, CfnOutput, Stack, StackProps, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ManagedPolicyGrantee, ServerlessCluster } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** A serverless cluster and an application allowed to use the `clicks` topic. */
export class ServerlessStack extends Stack {
  public readonly cluster: ServerlessCluster;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    this.cluster = new ServerlessCluster(this, 'Clicks', { vpc });

    // The application: its security group may reach the cluster on 9098 ...
    const appSecurityGroup = new ec2.SecurityGroup(this, 'AppSecurityGroup', {
      vpc,
      description: 'Click-stream application',
      allowAllOutbound: false,
    });
    this.cluster.allowClientAccessFrom(appSecurityGroup);

    // ... and its role may produce to and consume from the clicks topic.
    const role = new iam.Role(this, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const access = new ManagedPolicyGrantee(this, 'AppAccess', { role });
    this.cluster.grantProduce(access, 'clicks');
    this.cluster.grantConsume(access, 'clicks', 'clicks-aggregator');

    new CfnOutput(this, 'BootstrapBrokers', { value: this.cluster.bootstrapBrokers });
  }
}

/** Builds the example stack in `app`. */
export function buildServerless(app: App): ServerlessStack {
  return new ServerlessStack(app, 'MskServerless', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildServerless(app);
  app.synth();
}

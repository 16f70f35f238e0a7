/**
 * SCRAM users: a cluster for clients that cannot use IAM (third-party tools, other clouds),
 * with SASL/SCRAM next to IAM, two users whose passwords live in Secrets Manager, and an
 * application security group that may reach the SCRAM port.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/scram-users.ts"
 */
import { App, CfnOutput, Stack, StackProps, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClientAuthentication, ProvisionedCluster } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** A cluster with IAM and SCRAM, and two SCRAM users. */
export class ScramUsersStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    const cluster = new ProvisionedCluster(this, 'Partners', {
      vpc,
      clientAuthentication: ClientAuthentication.of({ iam: true, scram: true }),
    });
    const connector = cluster.addScramUser('partner-connector');
    const auditor = cluster.addScramUser('auditor');

    const tools = new ec2.SecurityGroup(this, 'ToolsSecurityGroup', { vpc, description: 'Kafka tools using SCRAM', allowAllOutbound: false });
    cluster.connections.allowFrom(tools, ec2.Port.tcp(9096), 'Kafka tools (SCRAM)');

    new CfnOutput(this, 'ScramBrokers', { value: cluster.bootstrapBrokersSaslScram });
    new CfnOutput(this, 'ConnectorSecretArn', { value: connector.secret.secretArn });
    new CfnOutput(this, 'AuditorSecretArn', { value: auditor.secret.secretArn });
  }
}

/** Builds the example stack in `app`. */
export function buildScramUsers(app: App): ScramUsersStack {
  return new ScramUsersStack(app, 'MskScramUsers', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildScramUsers(app);
  app.synth();
}

/**
 * Multi-VPC private connectivity: a cluster in a platform VPC, reached from an application VPC
 * (and from a partner account) through MSK multi-VPC connectivity (AWS PrivateLink), without
 * VPC peering or a transit gateway.
 *
 * CloudFormation rejects multi-VPC connectivity when a cluster is created: deploy this app once
 * with `multiVpcConnectivity` removed, then deploy it as written. The acknowledgement below
 * records that this code is the second step.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/multi-vpc.ts"
 */
import { Annotations, App, CfnOutput, Stack, StackProps, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClusterVpcConnection, ProvisionedCluster, VpcConnectionAuthentication } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** A platform cluster shared with an application VPC and a partner account. */
export class MultiVpcStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const azs = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
    const platform = new CompliantVpc(this, 'Platform', { availabilityZones: azs });
    const application = new CompliantVpc(this, 'Application', { availabilityZones: azs });

    const cluster = new ProvisionedCluster(this, 'Shared', {
      vpc: platform.vpc,
      multiVpcConnectivity: { iam: true },
    });
    Annotations.of(cluster).acknowledgeWarning('cdk-msk-constructs:MultiVpcTwoStep', 'The cluster was deployed once without multi-VPC connectivity.');

    // A partner account may create its own VPC connection to the cluster.
    cluster.grantVpcConnection(new iam.AccountPrincipal('222222222222'));

    // This account's application VPC connects through a managed VPC connection.
    const connection = new ClusterVpcConnection(this, 'ApplicationConnection', {
      targetClusterArn: cluster.clusterArn,
      vpc: application.vpc,
      authentication: VpcConnectionAuthentication.IAM,
    });

    new CfnOutput(this, 'VpcConnectionArn', { value: connection.vpcConnectionArn });
  }
}

/** Builds the example stack in `app`. */
export function buildMultiVpc(app: App): MultiVpcStack {
  return new MultiVpcStack(app, 'MskMultiVpc', { env: { region: 'us-east-1' } });
}

if (require.main === module) {
  const app = new App();
  buildMultiVpc(app);
  app.synth();
}

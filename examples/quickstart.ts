/**
 * Quickstart: a production-ready MSK cluster from one line.
 *
 *   npx projen synth:quickstart   # writes CloudFormation to cdk.out/, no AWS account needed
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProvisionedCluster } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** A private VPC over 3 AZs and an MSK cluster in it. */
export class QuickstartStack extends Stack {
  public readonly cluster: ProvisionedCluster;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // Three AZs so every topic gets 3 replicas; change them with the region.
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

    this.cluster = new ProvisionedCluster(this, 'Events', { vpc });
  }
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

/**
 * Variant (a): this library. The quickstart is examples/quickstart.ts's builder, unchanged; the
 * scaling stack puts N clusters (library defaults) in one stack over one shared VPC, and reads each
 * cluster's IAM bootstrap brokers into an output so that the bootstrap-brokers custom resource (and
 * its provider Lambda, one per stack) is part of the measurement.
 */
import { App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AZS, ENV } from './topology';
import { buildQuickstart } from '../../examples/quickstart';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';
import { ProvisionedCluster } from '../../src';

/** The library's quickstart stack (VPC + one cluster with every default). */
export function buildOursQuickstart(app: App): Stack {
  return buildQuickstart(app);
}

/** Props of {@link ScalingStack}. */
export interface ScalingStackProps extends StackProps {
  /** Number of clusters; 0 builds the VPC only (the baseline). */
  readonly clusters: number;
}

/** One VPC and `clusters` library clusters, each with a bootstrap-brokers output. */
export class ScalingStack extends Stack {
  constructor(scope: Construct, id: string, props: ScalingStackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: AZS });
    for (let i = 1; i <= props.clusters; i++) {
      const cluster = new ProvisionedCluster(this, `Cluster${i}`, { vpc });
      new CfnOutput(this, `Cluster${i}Brokers`, { value: cluster.bootstrapBrokersSaslIam });
    }
  }
}

/** Builds the scaling stack with `clusters` clusters in `app`. */
export function buildOursScaling(app: App, clusters: number): Stack {
  return new ScalingStack(app, 'MskScaling', { env: ENV, clusters });
}

/** The shared VPC alone, in a stack named like the quickstart: the fixed cost every quickstart variant pays. */
export function buildVpcOnly(app: App): Stack {
  return new ScalingStack(app, 'MskQuickstart', { env: ENV, clusters: 0 });
}

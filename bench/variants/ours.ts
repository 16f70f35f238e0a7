/**
 * Variant (a): this library. The quickstart is examples/quickstart.ts's builder, unchanged; the
 * scaling series spreads N clusters (library defaults) over stacks of at most
 * {@link CLUSTERS_PER_STACK}, each stack with its own VPC, and reads each cluster's IAM bootstrap
 * brokers into an output so that the bootstrap-brokers custom resource (and its provider Lambda, one
 * per stack) is part of the measurement.
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

/**
 * Clusters per stack in the scaling series: 16 default clusters (25 resources each), their VPC and the
 * stack's provider Lambda and role stay under CloudFormation's 500 resources per stack ("CloudFormation
 * quotas" in the CloudFormation user guide); test/monitoring/resource-budget.test.ts checks the same.
 */
export const CLUSTERS_PER_STACK = 16;

/** How many clusters each stack of the scaling series holds: full stacks of 16 first, the rest in the last one. */
export function scalingLayout(clusters: number): number[] {
  if (clusters === 0) {
    return [0];
  }
  const stacks = Math.ceil(clusters / CLUSTERS_PER_STACK);
  return Array.from({ length: stacks }, (_, i) => Math.min(CLUSTERS_PER_STACK, clusters - i * CLUSTERS_PER_STACK));
}

/** Builds the scaling series' stacks for `clusters` clusters in `app` (0: one VPC-only stack, the baseline). */
export function buildOursScaling(app: App, clusters: number): Stack[] {
  return scalingLayout(clusters).map((n, i) => new ScalingStack(app, `MskScaling${i + 1}`, { env: ENV, clusters: n }));
}

/** The shared VPC alone, in a stack named like the quickstart: the fixed cost every quickstart variant pays. */
export function buildVpcOnly(app: App): Stack {
  return new ScalingStack(app, 'MskQuickstart', { env: ENV, clusters: 0 });
}

import { CustomResource, Lazy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BootstrapBrokerAttribute } from './bootstrap-brokers-attributes';
import { SERVICE_TIMEOUT, stackProvider } from './stack-provider';
import { Acknowledgement, acknowledge } from '../validation/acknowledgements';

const PROVIDER_ID = 'CdkMskConstructsBootstrapBrokersProvider';
const RESOURCE_TYPE = 'Custom::MskBootstrapBrokers';

/** Rules acknowledged on the provider Lambda, with reasons (listed in README). */
export const PROVIDER_ACKNOWLEDGEMENTS: Acknowledgement[] = [{
  rule: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
  reason: 'The function only calls the MSK control-plane API (GetBootstrapBrokers, DescribeClusterV2) at deploy time and touches no data; inside a VPC it would need a NAT gateway or an MSK interface endpoint.',
}];

/** Props of {@link BootstrapBrokers}. */
export interface BootstrapBrokersProps {
  /** ARN of the cluster to read. */
  readonly clusterArn: string;
  /**
   * Anything whose change must refresh the broker strings (auth modes, broker count, public
   * access, multi-VPC connectivity).
   * The cluster ARN is always part of it.
   */
  readonly refreshOn: string;
}

/**
 * Reads the bootstrap broker strings of one cluster that the stack uses at deploy time, with one
 * custom resource per cluster (it returns only the strings read through `attribute()`, so that its
 * response stays within CloudFormation's 4096-byte limit). All clusters of a stack share one provider Lambda, whose role may only call
 * kafka:GetBootstrapBrokers and kafka:DescribeClusterV2 on the clusters that use it.
 */
export class BootstrapBrokers extends Construct {
  private readonly resource: CustomResource;
  /** The attributes read so far: the handler waits until the cluster returns each of them. */
  private readonly read = new Set<BootstrapBrokerAttribute>();

  constructor(scope: Construct, id: string, props: BootstrapBrokersProps) {
    super(scope, id);
    const provider = stackProvider(this, PROVIDER_ID, 'bootstrap-brokers', 'reads MSK bootstrap broker strings at deploy time');
    acknowledge(provider, PROVIDER_ACKNOWLEDGEMENTS);
    provider.addToRolePolicy({
      Effect: 'Allow',
      Action: ['kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
      Resource: props.clusterArn,
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      serviceTimeout: SERVICE_TIMEOUT,
      properties: {
        ClusterArn: props.clusterArn,
        RefreshOn: props.refreshOn,
        RequiredAttributes: Lazy.string({ produce: () => [...this.read].sort().join(',') }),
      },
    });
  }

  /**
   * One broker string. Reading it makes the handler wait until the cluster has it (a mode being
   * enabled may not have its string yet), and fail the deployment if it never comes.
   */
  public attribute(name: BootstrapBrokerAttribute): string {
    this.read.add(name);
    return this.resource.getAttString(name);
  }
}

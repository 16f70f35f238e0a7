import * as path from 'path';
import { CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Duration, Size, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BootstrapBrokerAttribute } from './bootstrap-brokers-attributes';
import { Acknowledgement, acknowledge } from '../validation/acknowledgements';

/** Where the build puts the bundled handler (same relative path from src/ and lib/). */
const HANDLER_DIR = path.join(__dirname, '..', '..', 'assets', 'custom-resources', 'bootstrap-brokers');
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
   * Anything whose change must refresh the broker strings (auth modes, broker count).
   * The cluster ARN is always part of it.
   */
  readonly refreshOn: string;
}

/**
 * Reads every bootstrap broker string of one cluster at deploy time, with one custom resource
 * per cluster. All clusters of a stack share one provider Lambda, whose role may only call
 * kafka:GetBootstrapBrokers and kafka:DescribeClusterV2 on the clusters that use it.
 */
export class BootstrapBrokers extends Construct {
  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: BootstrapBrokersProps) {
    super(scope, id);
    const provider = CustomResourceProvider.getOrCreateProvider(Stack.of(this), PROVIDER_ID, {
      codeDirectory: HANDLER_DIR,
      runtime: CustomResourceProviderRuntime.NODEJS_22_X,
      timeout: Duration.minutes(10),
      memorySize: Size.mebibytes(256),
      description: 'cdk-msk-constructs: reads MSK bootstrap broker strings at deploy time',
    });
    acknowledge(provider, PROVIDER_ACKNOWLEDGEMENTS);
    provider.addToRolePolicy({
      Effect: 'Allow',
      Action: ['kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
      Resource: props.clusterArn,
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: { ClusterArn: props.clusterArn, RefreshOn: props.refreshOn },
    });
  }

  /** One broker string ('' when the cluster has none for that listener). */
  public attribute(name: BootstrapBrokerAttribute): string {
    return this.resource.getAttString(name);
  }
}

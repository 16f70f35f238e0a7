import * as path from 'path';
import { CustomResourceProvider, CustomResourceProviderRuntime, Duration, Size, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Acknowledgement, acknowledge } from '../validation/acknowledgements';

/** The handlers' Lambda timeout: each answers CloudFormation before then, whatever it waits for. */
export const PROVIDER_TIMEOUT = Duration.minutes(10);
/**
 * How long CloudFormation waits for an answer before it fails the resource (its default is one hour):
 * the Lambda timeout plus time for the response, for the case where no answer comes at all (the
 * function could not start, or crashed).
 */
export const SERVICE_TIMEOUT = Duration.minutes(15);

/**
 * Construct id of the stack's provider (its Lambda and role's logical ids start with it).
 *
 * Every custom resource of the library names the provider's Lambda as its ServiceToken, which
 * CloudFormation cannot update ("Updates aren't supported", AWS::CloudFormation::CustomResource in the
 * CloudFormation template reference; the deployment fails with "Modifying service token is not allowed",
 * cloudformation-coverage-roadmap issue #802). Changing this id, or serving a resource type from another
 * provider, therefore fails the next deployment of every stack deployed before. That is why the id is
 * still the one of the first provider, which served bootstrap brokers only: stacks deployed with it keep
 * their ServiceTokens.
 */
export const PROVIDER_ID = 'CdkMskConstructsBootstrapBrokersProvider';

/** Rules acknowledged on the provider Lambda, with reasons (listed in README). */
export const PROVIDER_ACKNOWLEDGEMENTS: Acknowledgement[] = [{
  rule: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
  reason: 'The function only calls control-plane APIs at deploy time (MSK GetBootstrapBrokers, DescribeClusterV2 and ListClustersV2, '
    + 'CloudFormation DescribeStacks on its own stack) and touches no data; inside a VPC it would need a NAT gateway or interface endpoints.',
}];

/** Providers already acknowledged (one provider per stack, shared by every custom resource of the library). */
const ACKNOWLEDGED = new WeakSet<CustomResourceProvider>();

/**
 * The stack's one provider Lambda for every custom resource of this library (`Custom::MskBootstrapBrokers`,
 * `Custom::MskBrokerVolumeSize`, `Custom::MskServerlessClusterGuard`, `Custom::MskUpdateGuard`): one handler, bundled by the build into `assets/custom-resources/provider`
 * (the same relative path from src/ and lib/), that dispatches on the resource type
 * (./provider.lambda.ts). Every cluster of the stack shares it; each construct adds only the statements
 * it needs to its role.
 */
export function stackProvider(scope: Construct): CustomResourceProvider {
  const provider = CustomResourceProvider.getOrCreateProvider(Stack.of(scope), PROVIDER_ID, {
    codeDirectory: path.join(__dirname, '..', '..', 'assets', 'custom-resources', 'provider'),
    runtime: CustomResourceProviderRuntime.NODEJS_22_X,
    timeout: PROVIDER_TIMEOUT,
    memorySize: Size.mebibytes(256),
    description: 'cdk-msk-constructs: reads MSK bootstrap brokers and broker volume sizes, and refuses updates that would replace data or that the services reject, at deploy time',
  });
  if (!ACKNOWLEDGED.has(provider)) {
    ACKNOWLEDGED.add(provider);
    acknowledge(provider, PROVIDER_ACKNOWLEDGEMENTS);
  }
  return provider;
}

/** Providers already given cloudformation:DescribeStacks on their own stack. */
const STATUS_READERS = new WeakSet<CustomResourceProvider>();

/**
 * Lets the stack's provider read its own stack's status (the guards tell a rollback from a change with it,
 * ./live-cluster.ts); once per provider.
 */
export function grantStackStatusRead(provider: CustomResourceProvider): void {
  if (STATUS_READERS.has(provider)) {
    return;
  }
  STATUS_READERS.add(provider);
  provider.addToRolePolicy({ Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: Stack.of(provider).stackId });
}

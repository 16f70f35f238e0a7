import * as path from 'path';
import { CustomResourceProvider, CustomResourceProviderRuntime, Duration, Size, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** The handlers' Lambda timeout: each answers CloudFormation before then, whatever it waits for. */
export const PROVIDER_TIMEOUT = Duration.minutes(10);
/**
 * How long CloudFormation waits for an answer before it fails the resource (its default is one hour):
 * the Lambda timeout plus time for the response, for the case where no answer comes at all (the
 * function could not start, or crashed).
 */
export const SERVICE_TIMEOUT = Duration.minutes(15);

/**
 * The stack's one provider Lambda for a custom-resource handler of this library, bundled by the build
 * into `assets/custom-resources/<handler>` (the same relative path from src/ and lib/). Every cluster of
 * the stack shares it.
 */
export function stackProvider(scope: Construct, providerId: string, handler: string, description: string): CustomResourceProvider {
  return CustomResourceProvider.getOrCreateProvider(Stack.of(scope), providerId, {
    codeDirectory: path.join(__dirname, '..', '..', 'assets', 'custom-resources', handler),
    runtime: CustomResourceProviderRuntime.NODEJS_22_X,
    timeout: PROVIDER_TIMEOUT,
    memorySize: Size.mebibytes(256),
    description: `cdk-msk-constructs: ${description}`,
  });
}

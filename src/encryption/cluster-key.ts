import { RemovalPolicy, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { denyGrantsNotForAwsResources } from './key-policy';

/** Options for a customer-managed key created by this library. */
export interface ManagedKeyOptions {
  /** What the key protects, for its description. */
  readonly description: string;
  /** Removal policy of the key. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A symmetric customer-managed KMS key with yearly rotation, whose policy lets only AWS
 * services create grants on it. The account keeps administration through IAM.
 */
export function createManagedKey(scope: Construct, id: string, options: ManagedKeyOptions): kms.Key {
  const key = new kms.Key(scope, id, {
    description: options.description,
    enableKeyRotation: true,
    removalPolicy: options.removalPolicy,
  });
  denyGrantsNotForAwsResources(key);
  return key;
}

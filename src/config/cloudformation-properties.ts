import { Token } from 'aws-cdk-lib';

/**
 * `value` with every key of its plain objects in CloudFormation's case (`bucketArn` -> `BucketArn`), for
 * properties written with `CfnResource` or `addPropertyOverride` rather than an aws-cdk-lib L1 class: the
 * L1s of newer resources and properties (AWS::MSK::Channel, AuthorizerLogs of AWS::MSK::Cluster) only exist
 * from aws-cdk-lib 2.268.0, above this library's peer minimum. Tokens and other non-plain objects stay as they are.
 */
export function toCloudFormation(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(toCloudFormation);
  }
  if (typeof value !== 'object' || value === null || Token.isUnresolved(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) {
      out[key.charAt(0).toUpperCase() + key.slice(1)] = toCloudFormation(v);
    }
  }
  return out;
}

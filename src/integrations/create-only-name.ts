import * as crypto from 'crypto';
import { CfnResource, Names, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Resources whose attributes change at deploy time without their reference changing, with the
 * properties that decide those attributes:
 * - the custom resource that reads a cluster's bootstrap broker strings: its cluster and its
 *   refresh key (which changes with the brokers, authentication modes and connectivity, and makes
 *   it read the strings again);
 * - MSK Connect plugins and worker configurations, which are replaced (new ARN) when a create-only
 *   setting changes: their name, which carries a hash of those settings by default.
 */
const DEPLOY_TIME_IDENTITY: Readonly<Record<string, readonly string[]>> = {
  'Custom::MskBootstrapBrokers': ['ClusterArn', 'RefreshOn'],
  'AWS::KafkaConnect::CustomPlugin': ['Name'],
  'AWS::KafkaConnect::WorkerConfiguration': ['Name'],
};

/** Options of {@link nameWithCreateOnlyHash}. */
export interface CreateOnlyNameOptions {
  /** Longest name the service takes. */
  readonly maxLength: number;
}

/**
 * A default physical name for a resource whose name cannot be reused by its replacement: the
 * name derived from the construct path, then '-' and a hash of every create-only setting. A change
 * to any of them makes CloudFormation create the replacement before it deletes the old resource,
 * so the replacement needs another name; with the hash in the name it gets one. The name contains
 * letters, digits and '-' only. Call it from a `Lazy` so that settings added later are included.
 */
export function nameWithCreateOnlyHash(scope: IConstruct, fixedAtCreation: Record<string, unknown>, options: CreateOnlyNameOptions): string {
  const hash = createOnlyHash(scope, fixedAtCreation);
  const base = Names.uniqueResourceName(scope, { maxLength: options.maxLength - hash.length - 1, separator: '-', allowedSpecialCharacters: '-' })
    .replace(/[^0-9A-Za-z-]/g, '').replace(/^-+/, '');
  return `${base}-${hash}`;
}

/**
 * 8 hex characters of a SHA-256 of the create-only settings, resolved as the template renders them.
 *
 * Values known only at deploy time cannot be hashed at synth, so the hash takes what decides them:
 * a reference to a resource listed in DEPLOY_TIME_IDENTITY (e.g. a bootstrap broker string, an
 * attribute of the `Custom::MskBootstrapBrokers` resource) adds that resource's identity
 * properties (its ClusterArn and RefreshOn: the cluster and the refresh key whose change makes
 * the resource read the strings again). Any other reference counts by its resolved expression
 * (the identity of the resource it points to).
 */
export function createOnlyHash(scope: IConstruct, fixedAtCreation: Record<string, unknown>): string {
  const stack = Stack.of(scope);
  const deployTime = deployTimeIdentities(fixedAtCreation);
  const input = deployTime.length === 0 ? stack.resolve(fixedAtCreation) : { settings: stack.resolve(fixedAtCreation), deployTime };
  return crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 8);
}

/** The identity of each DEPLOY_TIME_IDENTITY resource that `value` refers to, in order of appearance. */
function deployTimeIdentities(value: unknown): unknown[] {
  const found: unknown[] = [];
  const visit = (x: unknown): void => {
    if (typeof x === 'string') {
      if (Token.isUnresolved(x)) {
        Tokenization.reverseString(x).tokens.forEach(visit);
      }
    } else if (Array.isArray(x)) {
      x.forEach(visit);
    } else if (Reference.isReference(x)) {
      const identity = deployTimeIdentity(x);
      if (identity !== undefined) {
        found.push(identity);
      }
    } else if (typeof x === 'object' && x !== null && !Token.isUnresolved(x)) {
      Object.values(x).forEach(visit);
    }
  };
  visit(value);
  return found;
}

function deployTimeIdentity(reference: Reference): unknown {
  const target = reference.target;
  const keys = CfnResource.isCfnResource(target) ? DEPLOY_TIME_IDENTITY[target.cfnResourceType] : undefined;
  if (!CfnResource.isCfnResource(target) || keys === undefined) {
    return undefined;
  }
  // The rendered resource (overrides included), resolved in its own stack. CfnResource has no public
  // getter for its properties; `_toCloudFormation()` is what the stack itself renders it with.
  const stack = Stack.of(target);
  const rendered: unknown = stack.resolve(target._toCloudFormation());
  const properties = propertiesOf(rendered, stack.resolve(target.logicalId));
  return {
    type: target.cfnResourceType,
    attribute: reference.displayName,
    ...Object.fromEntries(keys.map((key) => [key, properties[key]])),
  };
}

function propertiesOf(rendered: unknown, logicalId: unknown): Record<string, unknown> {
  const resources = isRecord(rendered) && isRecord(rendered.Resources) ? rendered.Resources : {};
  const resource = typeof logicalId === 'string' ? resources[logicalId] : undefined;
  return isRecord(resource) && isRecord(resource.Properties) ? resource.Properties : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

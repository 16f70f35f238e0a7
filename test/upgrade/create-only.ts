/**
 * Create-only properties per CloudFormation resource type (changing one makes CloudFormation replace the
 * resource), from the CloudFormation resource specification in `@aws-cdk/aws-service-spec`: the database
 * aws-cdk-lib's L1 classes (Cfn*) are generated from. Each property there says whether changing it
 * `causesReplacement` ('yes', 'maybe' or 'no'), on the resource and inside its nested types, so the paths are
 * dotted and may go through arrays (`BrokerNodeGroupInfo.ClientSubnets`, `ReplicationInfoList.SourceKafkaClusterArn`).
 *
 * A path whose parent is create-only is left out: changing anything under the parent replaces the resource.
 * 'maybe' (the update may or may not replace, depending on the value) counts as create-only here: a check
 * that guards data must assume the worst.
 *
 * The pinned spec release (see .projenrc.ts) can be older than the registry schemas CloudFormation uses today;
 * SPEC_CORRECTIONS lists the paths where AWS has since documented an in-place update, each with its source.
 */
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, Resource, SpecDatabase } from '@aws-cdk/service-spec-types';

/**
 * Create-only property paths of the MSK resource types, from ../shared/reference/msk-facts.md (the project steering notes)
 * ("CloudFormation create-only properties"): a cross-check of the spec for the types this library is about.
 */
export const MSK_CREATE_ONLY_FACTS: Readonly<Record<string, readonly string[]>> = {
  'AWS::MSK::Cluster': [
    'ClusterName', 'BrokerNodeGroupInfo.ClientSubnets', 'BrokerNodeGroupInfo.SecurityGroups', 'BrokerNodeGroupInfo.BrokerAZDistribution',
    'EncryptionInfo.EncryptionAtRest', 'EncryptionInfo.EncryptionInTransit.InCluster',
  ],
  'AWS::MSK::ServerlessCluster': ['ClusterName', 'VpcConfigs', 'ClientAuthentication', 'Tags'],
  'AWS::MSK::Configuration': ['Name', 'KafkaVersionsList'],
  'AWS::MSK::VpcConnection': ['Authentication', 'ClientSubnets', 'SecurityGroups', 'TargetClusterArn', 'VpcId'],
  'AWS::MSK::BatchScramSecret': ['ClusterArn'],
  'AWS::MSK::ClusterPolicy': ['ClusterArn'],
  'AWS::MSK::Topic': ['ClusterArn', 'TopicName', 'ReplicationFactor'],
};

/**
 * Paths the pinned spec marks as replacing that CloudFormation now updates in place (the registry schemas
 * aws-cdk-lib 2.276's built-in validator ships no longer list them as create-only), with the AWS source.
 */
export const SPEC_CORRECTIONS: ReadonlyArray<{ readonly type: string; readonly path: string; readonly source: string }> = [
  {
    type: 'AWS::KafkaConnect::Connector',
    path: 'ConnectorConfiguration',
    source: 'MSK developer guide, "Update a connector" (UpdateConnector changes the connector configuration); '
      + 'What\'s New 2025-01-13, "Amazon MSK Connect now supports updating connector configuration" (also through CloudFormation)',
  },
  {
    type: 'AWS::Lambda::EventSourceMapping',
    path: 'AmazonManagedKafkaEventSourceConfig',
    source: 'CloudFormation template reference, AWS::Lambda::EventSourceMapping AmazonManagedKafkaEventSourceConfig ("Update requires: No '
      + 'interruption", for SchemaRegistryConfig); Lambda still refuses a new ConsumerGroupId (test/util/lifecycle/msk-rules.ts)',
  },
  {
    type: 'AWS::Lambda::EventSourceMapping',
    path: 'SelfManagedKafkaEventSourceConfig',
    source: 'CloudFormation template reference, AWS::Lambda::EventSourceMapping SelfManagedKafkaEventSourceConfig (as above)',
  },
  {
    type: 'AWS::KinesisAnalyticsV2::Application',
    path: 'RuntimeEnvironment',
    source: 'Managed Service for Apache Flink developer guide, "Use in-place version upgrades for Apache Flink" (UpdateApplication RuntimeEnvironmentUpdate)',
  },
  {
    type: 'AWS::S3::Bucket',
    path: 'ObjectLockEnabled',
    source: 'S3 user guide, "Configuring S3 Object Lock" (Object Lock can be enabled on an existing bucket)',
  },
];

/** One create-only path of a resource type. */
export interface CreateOnlyPath {
  /** Dot-separated property names; arrays on the way are mapped over. */
  readonly path: string;
  /** 'yes': a change always replaces; 'maybe': it may, depending on the value. */
  readonly causesReplacement: 'yes' | 'maybe';
}

export interface CreateOnlyProperties {
  /** Where the lists come from. */
  readonly source: 'aws-service-spec';
  /** Create-only property paths (dot-separated) of a resource type; [] when it has none or is unknown. */
  of(type: string): readonly string[];
  /** Create-only paths with how sure the spec is that a change replaces the resource. */
  details(type: string): readonly CreateOnlyPath[];
  /** Whether the spec knows the type at all. */
  knows(type: string): boolean;
}

let cached: CreateOnlyProperties | undefined;

/** The create-only properties of every type in the CloudFormation resource specification (loaded once, ~0.5 s). */
export function createOnlyProperties(): CreateOnlyProperties {
  if (!cached) {
    const db = loadAwsServiceSpecSync();
    const byType = new Map<string, readonly CreateOnlyPath[]>();
    const details = (type: string): readonly CreateOnlyPath[] => {
      let paths = byType.get(type);
      if (!paths) {
        const resource = db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
        paths = resource ? replacementPaths(db, resource) : [];
        byType.set(type, paths);
      }
      return paths;
    };
    cached = {
      source: 'aws-service-spec',
      details,
      of: (type) => details(type).map((p) => p.path),
      knows: (type) => db.lookup('resource', 'cloudFormationType', 'equals', type).length > 0,
    };
  }
  return cached;
}

/** The create-only paths of one resource, outermost first, without the corrected ones. */
function replacementPaths(db: SpecDatabase, resource: Resource): CreateOnlyPath[] {
  const found: CreateOnlyPath[] = [];
  const walk = (properties: Record<string, Property>, prefix: string[], seen: ReadonlySet<string>) => {
    for (const [name, property] of Object.entries(properties)) {
      const path = [...prefix, name];
      const replaces = property.causesReplacement ?? 'no';
      if (replaces !== 'no') {
        found.push({ path: path.join('.'), causesReplacement: replaces });
        continue; // anything under a create-only property is create-only too
      }
      for (const ref of typeReferences(property.type)) {
        if (!seen.has(ref)) {
          walk(db.get('typeDefinition', ref).properties, path, new Set([...seen, ref]));
        }
      }
    }
  };
  walk(resource.properties, [], new Set());
  for (const extra of resource.additionalReplacementProperties ?? []) {
    found.push({ path: extra.join('.'), causesReplacement: 'yes' });
  }
  const corrected = new Set(SPEC_CORRECTIONS.filter((c) => c.type === resource.cloudFormationType).map((c) => c.path));
  return found.filter((p) => !corrected.has(p.path));
}

/** Ids of the type definitions a property type refers to (through arrays, maps and unions). */
function typeReferences(type: PropertyType): string[] {
  switch (type.type) {
    case 'ref':
      return [type.reference.$ref];
    case 'array':
    case 'map':
      return typeReferences(type.element);
    case 'union':
      return type.types.flatMap(typeReferences);
    default:
      return [];
  }
}

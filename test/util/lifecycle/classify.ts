/**
 * Classifies what deploying `after` over a stack deployed from `before` does to each resource:
 *
 * - added / removed: the logical id is only in one template;
 * - unchanged;
 * - updated: CloudFormation updates the resource in place;
 * - replaced: its type changed, a create-only property (from the CloudFormation resource specification,
 *   test/upgrade/create-only.ts) changed as JSON (tokens compared as they are), or a create-only property
 *   references a resource that is itself replaced (its Ref/GetAtt values change);
 * - forbidden: CloudFormation would attempt it, but the service refuses (msk-rules.ts, and a configuration
 *   that a cluster left behind still uses being deleted).
 */
import { updateRefusals } from './msk-rules';
import { CfnResource, CfnTemplate, referencedIds, valueAt } from './template';
import { createOnlyProperties, CreateOnlyProperties } from '../../upgrade/create-only';

export type ChangeKind = 'added' | 'removed' | 'unchanged' | 'updated' | 'replaced' | 'forbidden';

export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** For 'replaced': the create-only paths that changed (or `Type`); for 'updated': the changed top-level keys. */
  readonly paths: readonly string[];
  /** For 'forbidden': why the service refuses. */
  readonly refusals: readonly string[];
  /** Whether the resource holds data its replacement or deletion would lose (DATA_HOLDING_TYPES). */
  readonly holdsData: boolean;
  /** Whether CloudFormation replaces it (also when the replacement is then refused). */
  readonly replacement: boolean;
  /** Whether a removal (or the old copy of a replacement) is kept: DeletionPolicy (UpdateReplacePolicy) Retain. */
  readonly retained: boolean;
}

/**
 * Resource types whose replacement or deletion loses data or breaks what clients hold: messages
 * (clusters, topics), objects (buckets), key material (keys: data encrypted under the old key becomes
 * unreadable once it is deleted), credentials (secrets), schema versions, and a Managed Flink application's
 * state (its snapshots go with it).
 */
export const DATA_HOLDING_TYPES: ReadonlySet<string> = new Set([
  'AWS::MSK::Cluster',
  'AWS::MSK::ServerlessCluster',
  'AWS::MSK::Topic',
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
  'AWS::Glue::Schema',
  'AWS::KinesisAnalyticsV2::Application',
]);

/** Every resource of either template, by logical id (sorted), with what the deployment does to it. */
export function classifyChanges(
  before: CfnTemplate,
  after: CfnTemplate,
  createOnly: CreateOnlyProperties = createOnlyProperties(),
): ResourceChange[] {
  const old = before.Resources ?? {};
  const now = after.Resources ?? {};
  const ids = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();

  // Replacements, to a fixed point: a create-only value that references a replaced resource changes too.
  const replaced = new Map<string, string[]>();
  for (let changed = true; changed;) {
    changed = false;
    for (const id of ids) {
      if (replaced.has(id) || !old[id] || !now[id]) {
        continue;
      }
      const paths = replacementCauses(old[id], now[id], replaced, createOnly);
      if (paths.length > 0) {
        replaced.set(id, paths);
        changed = true;
      }
    }
  }

  const changes = ids.map((id): ResourceChange => {
    const a = old[id];
    const b = now[id];
    const type = (b ?? a).Type;
    const retained = KEEPS.has((b ? b.UpdateReplacePolicy : a.DeletionPolicy) ?? '');
    const base = { logicalId: id, type, refusals: [], holdsData: DATA_HOLDING_TYPES.has(type), replacement: false, retained };
    if (!a) {
      return { ...base, kind: 'added', paths: [] };
    }
    if (!b) {
      return { ...base, kind: 'removed', paths: [] };
    }
    const causes = replaced.get(id);
    if (causes) {
      return { ...base, kind: 'replaced', paths: causes, replacement: true };
    }
    const updated = updatedKeys(a, b, replaced);
    const refusals = updated.length > 0 ? updateRefusals(a, b) : [];
    if (refusals.length > 0) {
      return { ...base, kind: 'forbidden', paths: updated, refusals };
    }
    return { ...base, kind: updated.length > 0 ? 'updated' : 'unchanged', paths: updated };
  });
  return refuseConfigurationDeletions(refuseSameNameReplacements(changes, before, after, replaced), before, after);
}

/**
 * Names unique in their account and Region (or registry): CloudFormation creates a replacement before it
 * deletes the old resource, so a replacement that keeps the name fails ("already exists"). CloudFormation
 * user guide, "Name type": "If you specify a name, you cannot perform updates that require replacement of
 * this resource"; msk-facts.md for MSK Connect connectors; a Kafka topic name is unique in its cluster.
 */
export const UNIQUE_NAME_PATHS: Readonly<Record<string, string | readonly string[]>> = {
  // A channel's name is unique in its cluster; an Iceberg channel creates its table, which cannot exist yet
  // (MSK developer guide, "Amazon MSK Data Delivery": CreateChannel; Iceberg "Key concepts").
  'AWS::MSK::Channel': ['ChannelName', 'IcebergDestinationConfiguration.DestinationTableList'],
  'AWS::KafkaConnect::Connector': 'ConnectorName',
  'AWS::KafkaConnect::CustomPlugin': 'Name',
  'AWS::KafkaConnect::WorkerConfiguration': 'Name',
  'AWS::MSK::Replicator': 'ReplicatorName',
  'AWS::MSK::Configuration': 'Name',
  'AWS::KinesisAnalyticsV2::Application': 'ApplicationName',
  'AWS::KinesisFirehose::DeliveryStream': 'DeliveryStreamName',
  'AWS::Glue::Registry': 'Name',
  'AWS::Glue::Schema': 'Name',
  'AWS::MSK::Topic': 'TopicName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::Logs::LogGroup': 'LogGroupName',
};

/** Names unique within a parent (a schema in its registry, a topic in its cluster): the parent's property. */
const NAME_SCOPES: Readonly<Record<string, string>> = {
  'AWS::Glue::Schema': 'Registry',
  'AWS::MSK::Channel': 'ClusterArn',
  'AWS::MSK::Topic': 'ClusterArn',
};

function refuseSameNameReplacements(
  changes: ResourceChange[],
  before: CfnTemplate,
  after: CfnTemplate,
  replaced: ReadonlyMap<string, unknown>,
): ResourceChange[] {
  return changes.map((c) => {
    const given = UNIQUE_NAME_PATHS[c.type];
    if (c.kind !== 'replaced' || !given) {
      return c;
    }
    for (const [i, path] of (typeof given === 'string' ? [given] : given).entries()) {
      const was = valueAt(before.Resources?.[c.logicalId]?.Properties ?? {}, path);
      const is = valueAt(after.Resources?.[c.logicalId]?.Properties ?? {}, path);
      const sameName = is !== undefined && JSON.stringify(was) === JSON.stringify(is) && ![...referencedIds(is)].some((ref) => replaced.has(ref));
      const scope = i === 0 ? NAME_SCOPES[c.type] : undefined;
      if (scope && sameName) {
        // Unique within a parent: a resource moving to another parent may keep its name.
        const parent = (t: CfnTemplate) => JSON.stringify(valueAt(t.Resources?.[c.logicalId]?.Properties ?? {}, scope));
        if (parent(before) !== parent(after) || c.paths.some((p) => p.startsWith(scope))) {
          continue;
        }
      }
      if (sameName) {
        return {
          ...c,
          kind: 'forbidden',
          refusals: [`${path} stays ${JSON.stringify(is)}: the replacement is created before the old resource is deleted, under the name it still holds, `
            + 'and fails (CloudFormation user guide, "Name type")'],
        };
      }
    }
    return c;
  });
}

/** Why `after` replaces `before` ([] when it does not). */
function replacementCauses(
  before: CfnResource,
  after: CfnResource,
  replaced: ReadonlyMap<string, unknown>,
  createOnly: CreateOnlyProperties,
): string[] {
  if (before.Type !== after.Type) {
    return ['Type'];
  }
  const causes: string[] = [];
  for (const path of createOnly.of(after.Type)) {
    const was = valueAt(before.Properties ?? {}, path);
    const is = valueAt(after.Properties ?? {}, path);
    if (JSON.stringify(was) !== JSON.stringify(is)) {
      causes.push(path);
    } else if ([...referencedIds(is)].some((ref) => replaced.has(ref))) {
      causes.push(`${path} (references a replaced resource)`);
    }
  }
  return causes;
}

/** The top-level keys (properties, deletion policies) that differ, or that reference a replaced resource. */
function updatedKeys(before: CfnResource, after: CfnResource, replaced: ReadonlyMap<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before.Properties ?? {}), ...Object.keys(after.Properties ?? {})]);
  const changed = [...keys].sort().filter((key) => {
    const is = after.Properties?.[key];
    return JSON.stringify(before.Properties?.[key]) !== JSON.stringify(is) || [...referencedIds(is)].some((ref) => replaced.has(ref));
  });
  for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
    if (before[policy] !== after[policy]) {
      changed.push(policy);
    }
  }
  return changed;
}

const KEEPS = new Set(['Retain', 'RetainExceptOnCreate']);

/**
 * MSK refuses to delete a configuration that a cluster uses (msk-facts.md; MSK developer guide, "Delete an
 * Amazon MSK configuration"). A configuration replaced or removed in the same deployment that moves its
 * cluster to another one is fine: CloudFormation updates the cluster first and deletes the old
 * configuration in the clean-up phase. It is refused when the cluster that used it stays behind: removed
 * from the template while retained (DeletionPolicy), or replaced while its old copy is kept (UpdateReplacePolicy).
 */
function refuseConfigurationDeletions(changes: ResourceChange[], before: CfnTemplate, after: CfnTemplate): ResourceChange[] {
  const old = before.Resources ?? {};
  const now = after.Resources ?? {};
  const byId = new Map(changes.map((c) => [c.logicalId, c]));
  const refusals = new Map<string, string[]>();
  for (const [clusterId, cluster] of Object.entries(old)) {
    if (cluster.Type !== 'AWS::MSK::Cluster') {
      continue;
    }
    const change = byId.get(clusterId)!;
    const leftBehind = (change.kind === 'removed' && KEEPS.has(cluster.DeletionPolicy ?? ''))
      || (change.kind === 'replaced' && KEEPS.has(now[clusterId]?.UpdateReplacePolicy ?? ''));
    if (!leftBehind) {
      continue;
    }
    for (const configId of referencedIds(valueAt(cluster.Properties ?? {}, 'ConfigurationInfo.Arn'))) {
      const config = byId.get(configId);
      const deleted = (config?.kind === 'removed' && !KEEPS.has(old[configId]?.DeletionPolicy ?? ''))
        || (config?.kind === 'replaced' && !KEEPS.has(now[configId]?.UpdateReplacePolicy ?? ''));
      if (deleted) {
        refusals.set(configId, [...(refusals.get(configId) ?? []), `the configuration is deleted while cluster ${clusterId}, `
          + `${change.kind === 'removed' ? 'removed from the stack but retained' : 'replaced but kept'}, still uses it: MSK refuses to delete `
          + 'a configuration in use (MSK developer guide, "Delete an Amazon MSK configuration")']);
      }
    }
  }
  return changes.map((c) => (refusals.has(c.logicalId) ? { ...c, kind: 'forbidden', refusals: [...c.refusals, ...refusals.get(c.logicalId)!] } : c));
}

/**
 * Custom-resource handler returning the EBS volume size (GiB per broker) that a provisioned MSK cluster's
 * template may send without being rejected, once storage autoscaling has grown the volumes.
 *
 * Why: CloudFormation sends the template's `VolumeSize` (through UpdateBrokerStorage) whenever anything under
 * `EBSStorageInfo` changes, and MSK rejects a size that is not at least 10 GiB above the live one ("To update
 * storage, you must increase it by at least 10 GiB": CloudFormation coverage roadmap issue #1129), so an
 * autoscaled cluster fails such updates. Volumes never shrink and grow at most once every 6 hours (MSK developer
 * guide, "Automatic scaling for Amazon MSK clusters" and "Manual scaling for Standard brokers").
 *
 * What it returns (`VolumeSize`), with D the desired size (the template's), L the live size and P the value it
 * returned last time (carried in the physical resource id, `<cluster name>:<P>`):
 * - no cluster of that name (first deployment, or a new name, which replaces the cluster): D;
 * - D > L: max(D, L + 10), never more than 16384: the volumes grow, by the least step MSK accepts;
 * - D <= L, and the provisioned throughput or storage mode changes in this update (CloudFormation sends
 *   the storage settings anyway): L, the live size, alongside the new throughput;
 * - D <= L otherwise: P on an update, D on a create (the value the cluster's template already holds:
 *   adding this resource to an existing stack, with the storage settings unchanged). `VolumeSize` then does
 *   not change, so CloudFormation sends no storage update at all: MSK rejects an UpdateBrokerStorage that
 *   changes nothing ("The request does not include any updates to the EBS volumes of the cluster", reported
 *   in cloudposse/terraform-aws-msk-apache-kafka-cluster issue #99).
 * A changed value changes the physical id, which CloudFormation treats as a replacement: it then sends a
 * Delete for the old id, which does nothing.
 * A lowered D (below the previous update's) fails the deployment before the cluster is touched (the cluster
 * depends on this resource): volumes never shrink, so a prop or plan that lowers the size is a mistake. But
 * CloudFormation rolls a failed update back by sending this resource an update with the old properties (the
 * aws-cdk-lib custom-resources guide, "rollback Updates"), which looks exactly like a lowering; failing it
 * would leave the stack in UPDATE_ROLLBACK_FAILED. So a lowering fails only when the stack's status
 * (cloudformation:DescribeStacks on this stack) is not a rollback; when the status cannot be read, the
 * handler logs the lowering and goes on (the returned value is safe either way: it never goes below the
 * live size when it changes).
 *
 * The same lookup guards two updates MSK refuses that no synthesis can see, because they depend on the live
 * cluster: it fails the deployment, before the cluster is touched, when the template's `KafkaVersion` is older
 * than the live one, or leaves a ZooKeeper cluster for KRaft other than 3.9.x -> 3.9.x.kraft, or goes from KRaft
 * back to ZooKeeper (MSK developer guide, "Amazon MSK version support": you can't update to an older version;
 * "Migrate from ZooKeeper to KRaft mode"), and when the template's `InstanceType` is of the other broker family
 * than the live one, `kafka.` (Standard) vs `express.` (MSK developer guide, "Amazon MSK broker types": the broker
 * type cannot be switched by changing the instance type). Like a lowered size, these never fail while the stack
 * rolls back (the old values coming back), and only log when the stack status cannot be read.
 * It also refuses a replacement of the live cluster: `ClientSubnets`, `SecurityGroups` (compared as sets) and the
 * at-rest key `DataVolumeKmsKeyId` (compared by ARN, or key id) are create-only in AWS::MSK::Cluster ("Update
 * requires: Replacement", CloudFormation template reference, "AWS::MSK::Cluster BrokerNodeGroupInfo" and
 * "EncryptionAtRest"), so a template that changes them against the live cluster of the same name would get a new,
 * empty cluster. Not while the stack rolls back; but when the stack status cannot be read this one fails (MSK
 * would not refuse the replacement). A new ClusterName in the same deployment finds no live cluster and passes.
 * Express clusters have no storage settings: their lookup carries no `VolumeSize`, `ProvisionedThroughput` or
 * `StorageMode`, and returns `VolumeSize` 0, which their template does not use.
 *
 * Unverified (no public source found): that MSK accepts an UpdateBrokerStorage that keeps the live size and
 * changes only the provisioned throughput (Terraform's aws_msk_cluster sends exactly that for a throughput
 * change); how CloudFormation's AWS::MSK::Cluster handler groups storage settings into requests (its source is
 * not public); that ListClustersV2 reports the size autoscaling has reached (its BrokerNodeGroupInfo is the
 * cluster's current one).
 *
 * Served by the stack's one provider Lambda (./provider.lambda.ts, bundled by esbuild with `@aws-sdk/*` external),
 * with the same bounded retries and time limits as bootstrap-brokers.lambda.ts (./sdk-retry); the lookup by name and the
 * rollback-aware refusal are shared with serverless-cluster-guard.lambda.ts (./live-cluster). Not compiled by jsii.
 */
// The SDK clients are devDependencies on purpose: the Lambda runtime provides them and they are kept external when bundling.
// eslint-disable-next-line import/no-extraneous-dependencies
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
// eslint-disable-next-line import/no-extraneous-dependencies
import { KafkaClient, Provisioned } from '@aws-sdk/client-kafka';
import { answerDelete, CustomResourceEvent, HandlerTimeDeps, withDefaults } from './handler-kit';
import { liveClustersNamed, RollbackAwareGuard } from './live-cluster';
import {
  LambdaContext,
  realTimer,
  RetryDeps,
  timeLimitedEntryPoint,
} from './sdk-retry';
import { brokerFamily, kafkaVersionRefusal, ReplacingSettings, replacingChanges, splitIds } from './update-refusals';

/** Smallest storage increase MSK accepts ("To update storage, you must increase it by at least 10 GiB"). */
export const MIN_INCREASE_GIB = 10;
/** Largest EBS volume per broker (MSK developer guide, "Manual scaling for Standard brokers"). */
export const MAX_VOLUME_GIB = 16384;
export { MAX_PAGES } from './live-cluster';

/** Properties of the custom resource (CloudFormation passes every value as a string). */
export interface BrokerVolumeSizeResourceProperties {
  readonly ServiceToken: string;
  readonly ClusterName: string;
  /** The desired volume size per broker, GiB; absent for Express brokers, which have no storage settings. */
  readonly VolumeSize?: string;
  /** Provisioned throughput, MiB/s, or '' for none: a change means CloudFormation sends the storage settings. */
  readonly ProvisionedThroughput?: string;
  /** LOCAL or TIERED: a change means CloudFormation sends the storage settings. */
  readonly StorageMode?: string;
  /** The template's Kafka version (absent in resources written by older releases: not checked). */
  readonly KafkaVersion?: string;
  /** The template's broker instance type (absent in resources written by older releases: not checked). */
  readonly InstanceType?: string;
  /** The template's client subnets, comma-separated (absent in resources written by older releases: not checked). */
  readonly ClientSubnets?: string;
  /** The template's security groups, comma-separated (absent in resources written by older releases: not checked). */
  readonly SecurityGroups?: string;
  /** The template's at-rest key (DataVolumeKMSKeyId), an ARN (absent in resources written by older releases: not checked). */
  readonly DataVolumeKmsKeyId?: string;
  readonly [key: string]: string | undefined;
}

/** The subset of the CloudFormation custom-resource event used by this handler. */
export type BrokerVolumeSizeEvent = CustomResourceEvent<BrokerVolumeSizeResourceProperties>;

/** What the CustomResourceProvider entrypoint expects back. */
export interface BrokerVolumeSizeResult {
  readonly PhysicalResourceId?: string;
  readonly Data?: { readonly VolumeSize: number };
}

/** Injected dependencies, so that tests control the SDK and time. */
export interface BrokerVolumeSizeDeps extends HandlerTimeDeps {
  readonly client: KafkaClient;
  /**
   * Reads the stack's status (e.g. UPDATE_IN_PROGRESS, UPDATE_ROLLBACK_IN_PROGRESS) when a lowered size must be
   * told from a rollback; the handler goes on without it when the status cannot be read.
   */
  readonly cloudFormation: CloudFormationClient;
}

/** The physical resource id: the cluster name and the value returned, so that the next update knows it. */
export function physicalResourceId(clusterName: string, volumeSize: number): string {
  return `${clusterName}:${volumeSize}`;
}

/** The value a physical resource id carries, or undefined (an id written otherwise). */
export function previousVolumeSize(id: string | undefined): number | undefined {
  const at = id?.lastIndexOf(':') ?? -1;
  if (id === undefined || at < 0) {
    return undefined;
  }
  const value = Number(id.slice(at + 1));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The volume size to send, from the desired size, the live size (undefined: no such cluster), the value
 * returned last time (undefined on a create) and whether CloudFormation sends the storage settings anyway.
 */
export function volumeSizeToSend(desired: number, live: number | undefined, previous: number | undefined, storageChanges: boolean): number {
  if (live === undefined) {
    return desired;
  }
  if (desired > live) {
    return Math.max(desired, Math.min(live + MIN_INCREASE_GIB, MAX_VOLUME_GIB));
  }
  if (storageChanges) {
    return live;
  }
  return previous ?? desired;
}

/** Handles a custom-resource event with injected dependencies. */
export async function onEvent(event: BrokerVolumeSizeEvent, deps: BrokerVolumeSizeDeps): Promise<BrokerVolumeSizeResult> {
  const d: RetryDeps & BrokerVolumeSizeDeps= withDefaults(deps);
  const deleted = answerDelete(event, d.log);
  if (deleted) {
    return deleted;
  }

  const props = event.ResourceProperties;
  const clusterName = props.ClusterName;
  if (typeof clusterName !== 'string' || clusterName === '') {
    throw new Error('The ClusterName property is required');
  }
  // Express brokers have no storage settings: no VolumeSize property, and VolumeSize 0 back (unused).
  const desired = props.VolumeSize === undefined ? undefined : gibibytes(props.VolumeSize, 'VolumeSize');
  const old = event.RequestType === 'Update' ? event.OldResourceProperties : undefined;
  const oldDesired = optionalGibibytes(old?.VolumeSize);
  // Compared only with the settings of a Standard lookup (an Express one has none).
  const storageChanges = oldDesired !== undefined && old !== undefined
    && ((old.ProvisionedThroughput ?? '') !== (props.ProvisionedThroughput ?? '') || (old.StorageMode ?? '') !== (props.StorageMode ?? ''));
  const previous = event.RequestType === 'Update'
    ? previousVolumeSize(event.PhysicalResourceId) ?? oldDesired
    : undefined;
  const guard = new RollbackAwareGuard(event.StackId, d);
  if (desired !== undefined && oldDesired !== undefined && desired < oldDesired) {
    await guard.refuse(`VolumeSize lowered from ${oldDesired} to ${desired} GiB`, () => `storage.volumeSize: the broker volume size of MSK cluster ${clusterName} `
      + `went down from ${oldDesired} to ${desired} GiB (a volumeSize prop, or a sizing plan that sets it). MSK volumes only grow (MSK developer guide, `
      + `"Scale up Amazon MSK Standard broker storage"), so nothing was changed. Fix: keep volumeSize at ${oldDesired} GiB or more (pin it when a `
      + 'sizing plan lowers it); for less storage, migrate to a new cluster.');
  }

  const live = await liveCluster(clusterName, d);
  await checkLiveCluster(clusterName, props, live, guard, d);
  if (desired === undefined) {
    d.log(`${event.RequestType} ${clusterName}: Express brokers, no storage settings: VolumeSize 0 (unused)`);
    return { PhysicalResourceId: physicalResourceId(clusterName, 0), Data: { VolumeSize: 0 } };
  }
  const volumeSize = volumeSizeToSend(desired, live?.volumeSize, previous, storageChanges);
  d.log(`${event.RequestType} ${clusterName}: desired ${desired} GiB, live ${live === undefined ? 'none (no such cluster)' : live.volumeSize ?? 'unknown'}, `
    + `previous ${previous ?? 'none'}, storage settings ${storageChanges ? 'change' : 'unchanged'}: VolumeSize ${volumeSize} GiB`);
  return { PhysicalResourceId: physicalResourceId(clusterName, volumeSize), Data: { VolumeSize: volumeSize } };
}

/**
 * The version and broker-family checks against the live cluster (none when there is no such cluster: a first
 * deployment, or a new name). A version change only logs the "upgrade alone" advice (README, "Kafka version").
 */
async function checkLiveCluster(clusterName: string, props: BrokerVolumeSizeResourceProperties, live: LiveCluster | undefined,
  guard: RollbackAwareGuard, d: RetryDeps & BrokerVolumeSizeDeps): Promise<void> {
  if (live === undefined) {
    return;
  }
  const desiredVersion = props.KafkaVersion || undefined;
  if (desiredVersion !== undefined && live.kafkaVersion !== undefined && desiredVersion !== live.kafkaVersion) {
    const refusal = kafkaVersionRefusal(live.kafkaVersion, desiredVersion);
    if (refusal !== undefined) {
      await guard.refuse(`KafkaVersion ${live.kafkaVersion} -> ${desiredVersion} refused by MSK`, () => `kafkaVersion: for MSK cluster ${clusterName}, `
        + `the template's ${refusal}, so nothing was changed. Fix: set kafkaVersion to `
        + `${live.kafkaVersion} or a newer version MSK offers an upgrade to (aws kafka get-compatible-kafka-versions); going back needs a new cluster and MSK Replicator.`);
    } else {
      d.log(`KafkaVersion of ${clusterName}: ${live.kafkaVersion} -> ${desiredVersion}, an in-place upgrade. Upgrade alone: deploy a version change with `
        + 'no other change in the stack, since MSK cannot downgrade and a rollback of the deployment would fail on the cluster (README, "Kafka version").');
    }
  }
  const desiredType = props.InstanceType || undefined;
  const liveType = live.instanceType;
  if (desiredType !== undefined && liveType !== undefined && brokerFamily(desiredType) !== brokerFamily(liveType)) {
    await guard.refuse(`InstanceType ${liveType} -> ${desiredType} refused by MSK`, () => `instanceType: MSK cluster ${clusterName} runs `
      + `${brokerFamily(liveType)} brokers (${liveType}), and the template asks for ${brokerFamily(desiredType)} brokers (${desiredType}): `
      + 'a cluster\'s broker type cannot be switched by changing its instance type (MSK developer guide, "Amazon MSK broker types"), so nothing was changed. '
      + `Fix: keep an instance type of the ${brokerFamily(liveType)} family (${liveType.split('.')[0]}.*); to move, create a second cluster with the new `
      + 'broker type and replicate to it with KafkaReplicator (README, "Broker instance types").');
  }
  for (const change of replacingChanges(live.replacing, desiredReplacingSettings(props))) {
    await guard.refuse(`${change.setting} of ${clusterName} changed: the cluster would be replaced`, () => `${change.property}: MSK cluster ${clusterName} `
      + `has the ${change.setting} ${change.live}, and the template asks for ${change.desired}. CloudFormation cannot change them in place `
      + '(AWS::MSK::Cluster, "Update requires: Replacement") and would replace the cluster with a new, empty one, so the cluster was not touched. '
      + `Fix: revert the ${change.property} change. To move to a new cluster deliberately, also give it a new clusterName in the same deployment `
      + '(no live cluster then has that name, so this check lets it through; the new cluster starts empty: migrate the data with KafkaReplicator '
      + 'first, README "Data safety").', true);
  }
}

/** The create-only settings the template asks for (empty or absent properties: not known, not compared). */
function desiredReplacingSettings(props: BrokerVolumeSizeResourceProperties): ReplacingSettings {
  const ids = (value: string | undefined) => {
    const list = value === undefined ? [] : splitIds(value);
    return list.length === 0 ? undefined : list;
  };
  return {
    clientSubnets: ids(props.ClientSubnets),
    securityGroups: ids(props.SecurityGroups),
    dataVolumeKmsKeyId: props.DataVolumeKmsKeyId || undefined,
  };
}

let kafkaClient: KafkaClient | undefined;
let cloudFormationClient: CloudFormationClient | undefined;

/**
 * The Lambda entry point (called by the CustomResourceProvider entrypoint) with `timer` for every
 * wait; it settles at the latest RESPONSE_RESERVE_MS before the Lambda timeout.
 */
export function createHandler(timer: (ms: number, fire: () => void) => () => void):
(event: BrokerVolumeSizeEvent, context: LambdaContext) => Promise<BrokerVolumeSizeResult> {
  return timeLimitedEntryPoint<BrokerVolumeSizeEvent, BrokerVolumeSizeResult>(timer,
    (event) => `cluster ${event.ResourceProperties.ClusterName}`,
    (event, deps) => {
      // Never let a single hung request eat the safety margin.
      kafkaClient ??= new KafkaClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 } });
      cloudFormationClient ??= new CloudFormationClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 } });
      return onEvent(event, { ...deps, client: kafkaClient, cloudFormation: cloudFormationClient });
    });
}

/** Lambda entry point (called by the CustomResourceProvider entrypoint). */
export const handler = createHandler(realTimer);

/** What the checks need of the live cluster (each field undefined when ListClustersV2 does not report it). */
interface LiveCluster {
  readonly volumeSize?: number;
  readonly kafkaVersion?: string;
  readonly instanceType?: string;
  /** Client subnets, security groups and at-rest key (create-only: a change replaces the cluster). */
  readonly replacing: ReplacingSettings;
}

/**
 * The provisioned cluster named exactly `clusterName` (ListClustersV2 filters by prefix), undefined when there is
 * none. Clusters being deleted are ignored; should two clusters still match, the larger size counts, and the
 * first one's version and instance type.
 */
async function liveCluster(clusterName: string, d: RetryDeps & BrokerVolumeSizeDeps): Promise<LiveCluster | undefined> {
  let found: LiveCluster | undefined;
  for (const cluster of await liveClustersNamed(clusterName, 'PROVISIONED', d)) {
    const volume = cluster.Provisioned?.BrokerNodeGroupInfo?.StorageInfo?.EbsStorageInfo?.VolumeSize;
    const size = typeof volume === 'number' && volume > 0 ? volume : undefined;
    found = {
      volumeSize: size === undefined ? found?.volumeSize : Math.max(found?.volumeSize ?? 0, size),
      kafkaVersion: found?.kafkaVersion ?? (cluster.Provisioned?.CurrentBrokerSoftwareInfo?.KafkaVersion || undefined),
      instanceType: found?.instanceType ?? (cluster.Provisioned?.BrokerNodeGroupInfo?.InstanceType || undefined),
      replacing: found?.replacing ?? liveReplacingSettings(cluster.Provisioned),
    };
  }
  return found;
}

/** The create-only settings ListClustersV2 reports of a provisioned cluster (an empty list: not known). */
function liveReplacingSettings(provisioned: Provisioned | undefined): ReplacingSettings {
  const ids = (list: string[] | undefined) => (list === undefined || list.length === 0 ? undefined : list);
  return {
    clientSubnets: ids(provisioned?.BrokerNodeGroupInfo?.ClientSubnets),
    securityGroups: ids(provisioned?.BrokerNodeGroupInfo?.SecurityGroups),
    dataVolumeKmsKeyId: provisioned?.EncryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId || undefined,
  };
}

/** A whole, positive number of GiB from a property (CloudFormation passes strings). */
function gibibytes(value: string | undefined, name: string): number {
  const size = optionalGibibytes(value);
  if (size === undefined) {
    throw new Error(`The ${name} property must be a whole number of GiB greater than 0, not ${JSON.stringify(value)}`);
  }
  return size;
}

function optionalGibibytes(value: string | undefined): number | undefined {
  const size = value === undefined || value === '' ? NaN : Number(value);
  return Number.isInteger(size) && size > 0 ? size : undefined;
}

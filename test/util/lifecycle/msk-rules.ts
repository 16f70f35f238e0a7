/**
 * Updates MSK refuses although CloudFormation would attempt them in place: the service's own rules, which
 * the resource specification cannot express. Each names its AWS source (see also
 * ../shared/reference/msk-facts.md (the project steering notes), "Service behaviour that validators cannot see").
 *
 * Not encoded (documented in README, "Data safety"): the 6-hour wait between volume expansions and the
 * 10 GiB minimum step (they depend on the live cluster, not on the templates), MSK rejecting one update
 * that changes several cluster attributes at once, and a broker-count decrease (allowed only for brokers
 * that hold no partitions).
 */
import { CfnResource, valueAt } from './template';

const VOLUME_SIZE = 'BrokerNodeGroupInfo.StorageInfo.EBSStorageInfo.VolumeSize';

/** Why the service refuses to update `before` to `after` in place (same type); [] when it accepts. */
export function updateRefusals(before: CfnResource, after: CfnResource): string[] {
  switch (after.Type) {
    case 'AWS::MSK::Cluster':
      return clusterUpdateRefusals(before, after);
    case 'AWS::MSK::Topic': {
      const was = valueAt(before.Properties, 'PartitionCount');
      const is = valueAt(after.Properties, 'PartitionCount');
      return typeof was === 'number' && typeof is === 'number' && is < was
        ? [`PartitionCount decreases from ${was} to ${is}: Kafka can only add partitions to a topic (Apache Kafka documentation, "Modifying topics")`]
        : [];
    }
    case 'AWS::Lambda::EventSourceMapping': {
      // CloudFormation now updates this object in place (for SchemaRegistryConfig), but Lambda refuses a new
      // consumer group: "After creating a Kafka event source mapping with the consumer group ID specified, you
      // cannot update this value" (Lambda developer guide, "Customizable consumer group ID").
      const path = 'AmazonManagedKafkaEventSourceConfig.ConsumerGroupId';
      const was = valueAt(before.Properties, path);
      const is = valueAt(after.Properties, path);
      return JSON.stringify(was) !== JSON.stringify(is)
        ? [`${path} changes from ${JSON.stringify(was)} to ${JSON.stringify(is)}: Lambda cannot change the consumer group of an event source mapping `
          + '(Lambda developer guide, "Customizable consumer group ID")']
        : [];
    }
    default:
      return [];
  }
}

/** Why MSK refuses to update `before` to `after` in place (both AWS::MSK::Cluster); [] when it accepts. */
export function clusterUpdateRefusals(before: CfnResource, after: CfnResource): string[] {
  const refusals: string[] = [];
  const was = valueAt(before.Properties, VOLUME_SIZE);
  const now = valueAt(after.Properties, VOLUME_SIZE);
  // A token (e.g. a deploy-time lookup of the live size) is not judged: only literals can be compared.
  if (typeof was === 'number' && typeof now === 'number' && now < was) {
    refusals.push(`${VOLUME_SIZE} decreases from ${was} to ${now} GiB: EBS volumes only grow `
      + '(MSK developer guide, "Scale up Amazon MSK Standard broker storage")');
  }
  const fromVersion = valueAt(before.Properties, 'KafkaVersion');
  const toVersion = valueAt(after.Properties, 'KafkaVersion');
  if (typeof fromVersion === 'string' && typeof toVersion === 'string') {
    const refusal = versionChangeRefusal(fromVersion, toVersion);
    if (refusal) {
      refusals.push(refusal);
    }
  }
  const fromType = valueAt(before.Properties, 'BrokerNodeGroupInfo.InstanceType');
  const toType = valueAt(after.Properties, 'BrokerNodeGroupInfo.InstanceType');
  if (typeof fromType === 'string' && typeof toType === 'string' && brokerFamily(fromType) !== brokerFamily(toType)) {
    refusals.push(`BrokerNodeGroupInfo.InstanceType changes from ${fromType} to ${toType}: Standard and Express brokers cannot be `
      + 'switched in place (MSK developer guide, "Broker instance types")');
  }
  return refusals;
}

/** 'express' or 'standard'. */
function brokerFamily(instanceType: string): string {
  return instanceType.startsWith('express.') ? 'express' : 'standard';
}

/*
 * The version rules below are written again on purpose, not imported from src/custom-resources/update-refusals.ts
 * (the deploy-time guard's copy): the matrix is an oracle for the library, and a shared bug would pass both.
 */

/** A parsed MSK version string: '3.9.x.kraft' -> numbers [3, 9] ('x' matches anything), kraft. */
interface KafkaVersionParts {
  readonly numbers: number[];
  readonly kraft: boolean;
}

function parseVersion(version: string): KafkaVersionParts {
  const parts = version.split('.');
  const numbers: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) {
      break;
    }
    numbers.push(Number(part));
  }
  // Kafka 4 has no ZooKeeper mode.
  return { numbers, kraft: parts.includes('kraft') || (numbers[0] ?? 0) >= 4 };
}

/** < 0 when a is older than b, 0 when equal as far as both go ('3.9.x' equals '3.9.1'), > 0 when newer. */
export function compareKafkaVersions(a: string, b: string): number {
  const x = parseVersion(a).numbers;
  const y = parseVersion(b).numbers;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) {
      return x[i] - y[i];
    }
  }
  return 0;
}

/** Why MSK refuses a KafkaVersion change, or undefined. */
export function versionChangeRefusal(from: string, to: string): string | undefined {
  if (from === to) {
    return undefined;
  }
  if (compareKafkaVersions(to, from) < 0) {
    return `KafkaVersion goes down from ${from} to ${to}: MSK cannot downgrade Apache Kafka `
      + '(MSK developer guide, "Update the Apache Kafka version")';
  }
  const a = parseVersion(from);
  const b = parseVersion(to);
  if (a.kraft && !b.kraft) {
    return `KafkaVersion changes from ${from} (KRaft) to ${to} (ZooKeeper): a KRaft cluster cannot go back to ZooKeeper `
      + '(MSK developer guide, "Migrate from ZooKeeper to KRaft mode")';
  }
  if (!a.kraft && b.kraft && !(from === '3.9.x' && to === '3.9.x.kraft')) {
    return `KafkaVersion changes from ${from} (ZooKeeper) to ${to} (KRaft): MSK migrates a cluster to KRaft in place only `
      + 'from 3.9.x to 3.9.x.kraft (MSK developer guide, "Migrate from ZooKeeper to KRaft mode")';
  }
  return undefined;
}

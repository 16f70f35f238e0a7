/**
 * Updates of a provisioned cluster that MSK refuses and no synthesis can see, judged at deploy time against
 * the live cluster by the broker-volume-size lookup (broker-volume-size.lambda.ts). Pure functions, without
 * SDK imports. Not compiled by jsii.
 */

/** A parsed MSK version string: '3.9.x.kraft' -> numbers [3, 9] (a part that is not a number, like 'x', ends them), KRaft. */
interface VersionParts {
  readonly numbers: readonly number[];
  readonly kraft: boolean;
}

function parseVersion(version: string): VersionParts {
  const parts = version.split('.');
  const numbers: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) {
      break;
    }
    numbers.push(Number(part));
  }
  // Kafka 4 has no ZooKeeper mode (as src/config/kafka-version.ts: a '.kraft' suffix, or major 4 and later).
  return { numbers, kraft: parts.includes('kraft') || (numbers[0] ?? 0) >= 4 };
}

/**
 * < 0 when `a` is older than `b`, > 0 when newer, 0 when equal as far as both go ('3.9.x' equals '3.9.1', and
 * '2.8.2.tiered' equals '2.8.2': their order is not known, so neither counts as older).
 */
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

/**
 * Why MSK refuses to update a cluster running `live` to `desired`, or undefined when it may accept it (or the
 * strings cannot be ordered: then nothing is refused here, and MSK decides).
 * - older: "You can't update it to an older version" (MSK developer guide, "Amazon MSK version support");
 * - KRaft to ZooKeeper, and ZooKeeper to KRaft other than 3.9.x -> 3.9.x.kraft (MSK developer guide, "Migrate
 *   from ZooKeeper to KRaft mode").
 */
export function kafkaVersionRefusal(live: string, desired: string): string | undefined {
  if (live === desired) {
    return undefined;
  }
  if (compareKafkaVersions(desired, live) < 0) {
    return `${desired} is older than the live ${live}, and MSK cannot update a cluster to an older Apache Kafka version `
      + '(MSK developer guide, "Amazon MSK version support")';
  }
  const from = parseVersion(live);
  const to = parseVersion(desired);
  if (from.kraft && !to.kraft) {
    return `${desired} runs ZooKeeper and the live ${live} runs KRaft: a KRaft cluster cannot go back to ZooKeeper `
      + '(MSK developer guide, "Migrate from ZooKeeper to KRaft mode")';
  }
  if (!from.kraft && to.kraft && !(live === '3.9.x' && desired === '3.9.x.kraft')) {
    return `${desired} runs KRaft and the live ${live} runs ZooKeeper: MSK moves a cluster to KRaft in place only from 3.9.x `
      + 'to 3.9.x.kraft (MSK developer guide, "Migrate from ZooKeeper to KRaft mode")';
  }
  return undefined;
}

/** 'Express' for `express.*` instance types, 'Standard' for every other (`kafka.*`). */
export function brokerFamily(instanceType: string): 'Express' | 'Standard' {
  return instanceType.startsWith('express.') ? 'Express' : 'Standard';
}

/**
 * The network and at-rest encryption settings of a provisioned cluster that CloudFormation cannot change in place:
 * BrokerNodeGroupInfo.ClientSubnets and .SecurityGroups, and EncryptionInfo.EncryptionAtRest (its
 * DataVolumeKMSKeyId) of AWS::MSK::Cluster are "Update requires: Replacement" (CloudFormation template reference,
 * "AWS::MSK::Cluster BrokerNodeGroupInfo" and "AWS::MSK::Cluster EncryptionAtRest"). Each field is undefined when
 * it is not known (a lookup written by an older release, or not reported by ListClustersV2): it is then not compared.
 */
export interface ReplacingSettings {
  readonly clientSubnets?: readonly string[];
  readonly securityGroups?: readonly string[];
  /** The volume key, as an ARN or a key id. */
  readonly dataVolumeKmsKeyId?: string;
}

/** A change of one create-only setting: the prop that sets it, and its live and new values, for the message. */
export interface ReplacingChange {
  /** The construct prop(s) that set it: `vpc/vpcSubnets`, `securityGroups` or `encryptionKey`. */
  readonly property: string;
  /** What MSK calls it, e.g. `client subnets`. */
  readonly setting: string;
  readonly live: string;
  readonly desired: string;
}

/** The same ids in any order, each counted once ('subnet-a,subnet-b' equals 'subnet-b,subnet-a'). */
export function sameIdSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((id) => y.has(id));
}

/** A comma-separated list of ids (as the lookup's properties carry them) as an array; '' is none. */
export function splitIds(value: string): string[] {
  return value.split(',').map((id) => id.trim()).filter((id) => id !== '');
}

/**
 * The key id of a KMS key given by its ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`) or by its id,
 * undefined for anything else (an alias, or an alias ARN: its key is not known without KMS).
 */
export function kmsKeyIdOf(keyArnOrId: string): string | undefined {
  const arn = /^arn:[^:]+:kms:[^:]*:[^:]*:key\/([^/]+)$/.exec(keyArnOrId);
  if (arn) {
    return arn[1];
  }
  return /^[A-Za-z0-9-]+$/.test(keyArnOrId) ? keyArnOrId : undefined;
}

/**
 * Whether two KMS keys given by ARN or key id are the same key: equal ARNs; a key id and an ARN of that key id;
 * two different ARNs are different keys. Undefined when it cannot be told (an alias on either side).
 */
export function sameKmsKey(a: string, b: string): boolean | undefined {
  if (a === b) {
    return true;
  }
  const x = kmsKeyIdOf(a);
  const y = kmsKeyIdOf(b);
  if (x === undefined || y === undefined) {
    return undefined;
  }
  if (a.startsWith('arn:') && b.startsWith('arn:')) {
    return false;
  }
  return x === y;
}

/**
 * The create-only settings that differ between the live cluster and the template: each such change makes
 * CloudFormation replace the cluster with a new, empty one. Settings unknown on either side are not compared,
 * and neither are keys whose sameness cannot be told (aliases).
 */
export function replacingChanges(live: ReplacingSettings, desired: ReplacingSettings): ReplacingChange[] {
  const changes: ReplacingChange[] = [];
  if (live.clientSubnets !== undefined && desired.clientSubnets !== undefined && !sameIdSet(live.clientSubnets, desired.clientSubnets)) {
    changes.push({ property: 'vpc/vpcSubnets', setting: 'client subnets', live: live.clientSubnets.join(', '), desired: desired.clientSubnets.join(', ') });
  }
  if (live.securityGroups !== undefined && desired.securityGroups !== undefined && !sameIdSet(live.securityGroups, desired.securityGroups)) {
    changes.push({ property: 'securityGroups', setting: 'security groups', live: live.securityGroups.join(', '), desired: desired.securityGroups.join(', ') });
  }
  if (live.dataVolumeKmsKeyId !== undefined && desired.dataVolumeKmsKeyId !== undefined
    && sameKmsKey(live.dataVolumeKmsKeyId, desired.dataVolumeKmsKeyId) === false) {
    changes.push({ property: 'encryptionKey', setting: 'at-rest encryption key', live: live.dataVolumeKmsKeyId, desired: desired.dataVolumeKmsKeyId });
  }
  return changes;
}

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

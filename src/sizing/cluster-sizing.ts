import { HOURS_PER_MONTH } from './price-table';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { defineMessages } from '../validation/registry';

/**
 * A broker family a sizing plan can be pinned to. MSK cannot switch a cluster between Standard and
 * Express brokers by changing its instance type (MSK developer guide, "Broker instance types"), so
 * a plan for an existing cluster must keep its family.
 */
export enum SizingBrokerFamily {
  /** Standard brokers (`kafka.m7g.*`) with EBS storage. */
  STANDARD = 'STANDARD',
  /** Express brokers (`express.m7g.*`); they need RF 3 over 3 AZs. */
  EXPRESS = 'EXPRESS',
}

/**
 * A workload to size a provisioned MSK cluster for.
 *
 * Throughputs are averages in MB/s; the planner treats 1 MB/s as 1 MiB/s (a MiB is ~5% larger,
 * so this overstates load slightly, which errs on the safe side).
 */
export interface SizingInput {
  /** Client write throughput, MB/s (before replication). Must be > 0. */
  readonly ingressMBps: number;
  /** Client read throughput, MB/s (all consumer groups together). Must be ≥ 0. */
  readonly egressMBps: number;
  /** How long data is kept, hours. Must be > 0. */
  readonly retentionHours: number;
  /** Number of partitions across all topics (leaders only; replicas are counted from RF). */
  readonly partitions: number;
  /**
   * Replication factor.
   * @default 3
   */
  readonly replicationFactor?: number;
  /**
   * Availability Zones the brokers are spread over (MSK takes 2 or 3).
   * @default 3
   */
  readonly azCount?: number;
  /**
   * Whether Express brokers may be recommended (they also need RF 3 and 3 AZs).
   * `false` pins the plan to standard brokers.
   * @default true
   */
  readonly allowExpress?: boolean;
  /**
   * Pins the broker family: the plan uses it or fails, whatever the workload. Pin it once a cluster
   * exists: MSK cannot switch a cluster between Standard and Express brokers by changing its instance
   * type, so a re-plan that chose the other family could not be deployed.
   * @default - not pinned: Express when `allowExpress` is not false and RF is 3 over 3 AZs, standard otherwise
   */
  readonly brokerFamily?: SizingBrokerFamily;
}

/** A recommended cluster shape, with the reasoning behind it. */
export interface SizingRecommendation {
  /** Broker instance type. */
  readonly instanceType: BrokerInstanceType;
  /** True when the recommendation uses Express brokers. */
  readonly express: boolean;
  /** Total brokers; always a multiple of azCount. */
  readonly brokerCount: number;
  /** Brokers per Availability Zone. */
  readonly brokersPerAz: number;
  /** EBS volume per broker, GiB (standard brokers only; Express has no volume to size). */
  readonly volumeSizeGiB?: number;
  /** Provisioned storage throughput per broker, MiB/s, when the default 250 MiB/s is not enough. */
  readonly provisionedThroughputMiBps?: number;
  /** True when retention does not fit on EBS at this broker count and tiered storage is advised. */
  readonly tieredStorageAdvised: boolean;
  /**
   * What clients write in a month, GB: ingressMBps × 3600 × 730 hours / 1000. Express brokers bill it as
   * data in (see `CostEstimator.forRecommendation`).
   * @default - unknown (a plan written by hand)
   */
  readonly ingressGBPerMonth?: number;
  /** Human-readable reasons for every decision, in order. */
  readonly reasons: string[];
  /**
   * True when the input pinned the broker family (`brokerFamily`, or `allowExpress: false`), so a
   * re-plan keeps it. A cluster that takes its instance type from a plan without it gets the warning
   * `SizingFamilyNotPinned`.
   * @default false
   */
  readonly brokerFamilyPinned?: boolean;
}

/** m7g sizes, smallest first: [standard type, Express type, vCPUs (EC2 m7g)]. */
const M7G_SIZES: ReadonlyArray<[BrokerInstanceType, BrokerInstanceType, number]> = [
  [BrokerInstanceType.KAFKA_M7G_LARGE, BrokerInstanceType.EXPRESS_M7G_LARGE, 2],
  [BrokerInstanceType.KAFKA_M7G_XLARGE, BrokerInstanceType.EXPRESS_M7G_XLARGE, 4],
  [BrokerInstanceType.KAFKA_M7G_2XLARGE, BrokerInstanceType.EXPRESS_M7G_2XLARGE, 8],
  [BrokerInstanceType.KAFKA_M7G_4XLARGE, BrokerInstanceType.EXPRESS_M7G_4XLARGE, 16],
  [BrokerInstanceType.KAFKA_M7G_8XLARGE, BrokerInstanceType.EXPRESS_M7G_8XLARGE, 32],
  [BrokerInstanceType.KAFKA_M7G_12XLARGE, BrokerInstanceType.EXPRESS_M7G_12XLARGE, 48],
  [BrokerInstanceType.KAFKA_M7G_16XLARGE, BrokerInstanceType.EXPRESS_M7G_16XLARGE, 64],
];

/**
 * PLANNING ESTIMATE: sustainable client ingress per standard m7g broker per vCPU, MB/s, while keeping
 * CpuUser + CpuSystem under 60% with RF 3. Deliberately conservative (m7g.large → 10 MB/s, below the
 * 15.6 MB/s AWS quotes for express.m7g.large, which AWS says carries more per broker than standard).
 * Load-test before relying on it.
 */
export const STANDARD_INGRESS_MBPS_PER_VCPU = 5;
/** Default EBS throughput per broker, MiB/s, without provisioned throughput. */
export const DEFAULT_EBS_THROUGHPUT_MIBPS = 250;
/** Standard brokers: consumers may read this many times the ingress cap (mirrors Express's 1:2 in:out). */
export const STANDARD_EGRESS_TO_INGRESS_RATIO = 2;
/** Storage headroom over the retained bytes (growth, uneven partitions, index files). */
export const STORAGE_HEADROOM = 1.25;
/** Target EBS utilisation (AWS suggests 50–60% for storage autoscaling). */
export const STORAGE_TARGET_UTILISATION = 0.6;
/** Largest EBS volume per broker, GiB. */
export const MAX_VOLUME_GIB = 16384;
/** Tiered storage needs retention.ms of at least 3 days. */
export const TIERED_MIN_RETENTION_HOURS = 72;
/** The smallest size needing at most this many brokers per AZ is chosen. */
export const MAX_PREFERRED_BROKERS_PER_AZ = 3;

interface Candidate {
  readonly type: BrokerInstanceType;
  readonly brokers: number;
  readonly reasons: string[];
}

/**
 * Recommends a provisioned MSK cluster shape for a workload. A planning aid, not a guarantee:
 * every per-broker figure is a documented estimate; load-test before going to production.
 *
 * The model, in order:
 * 1. Validate the input (throws naming the field and the fix).
 * 2. The family given as `brokerFamily` is used. Without it, Express is used when `allowExpress`
 *    (default true), RF is 3 and azCount is 3 (Express fixes RF 3 over exactly 3 AZs). It is the
 *    simpler option: no volume or throughput to size, faster scaling. Otherwise standard
 *    `kafka.m7g.*` brokers are used. An unpinned plan can change family when the workload, RF or AZ
 *    count changes, which an existing cluster cannot follow: pin the family once the cluster exists.
 * 3. For each size, smallest first, brokers needed = the largest of
 *    - ceil(ingress / ingress cap per broker) and ceil(egress / egress cap per broker);
 *      Express caps are AWS's sustained MB/s; standard caps are
 *      min(5 MB/s × vCPU, EBS throughput / RF) for ingress and twice that for egress, where
 *      EBS throughput is 250 MiB/s, or the type's maximum provisioned throughput;
 *    - ceil(partitions × RF / recommended partitions per broker);
 *    - RF (each replica on its own broker);
 *    rounded up to a multiple of azCount. The smallest size needing ≤ 3 brokers per AZ wins;
 *    when none does, the largest size.
 * 4. Standard only: storage per broker = ingress × retentionHours × 3600 × RF / brokers × 1.25
 *    headroom / 0.6 target utilisation, in MiB ÷ 1024 → GiB, rounded up. Above 16384 GiB: with
 *    retention ≥ 72 h tiered storage is advised (volume capped at 16384 GiB); otherwise brokers
 *    are added until it fits.
 * 5. Standard only: when write per broker (ingress × RF / brokers) exceeds 250 MiB/s, provisioned
 *    throughput of that value, rounded up, is set (the caps keep it within the type's maximum).
 */
export class ClusterSizing {
  /**
   * Recommends instance type, broker count, volume and throughput for a workload.
   *
   * @throws when an input is out of range; the message names the field and the fix
   */
  public static recommend(input: SizingInput): SizingRecommendation {
    const replicationFactor = input.replicationFactor ?? 3;
    const azCount = input.azCount ?? 3;
    const allowExpress = input.allowExpress ?? true;
    validate(input, replicationFactor, azCount);
    const family = input.brokerFamily;
    const brokerFamilyPinned = family !== undefined || !allowExpress;

    const reasons: string[] = [];
    const express = family === SizingBrokerFamily.EXPRESS
      || (family === undefined && allowExpress && replicationFactor === 3 && azCount === 3);
    if (family === SizingBrokerFamily.EXPRESS) {
      reasons.push('Express brokers: pinned by brokerFamily.');
    } else if (family === SizingBrokerFamily.STANDARD) {
      reasons.push('Standard kafka.m7g brokers: pinned by brokerFamily.');
    } else if (express) {
      reasons.push('Express brokers: allowed, and RF 3 over 3 AZs is what Express requires; Express needs no volume or storage throughput sizing and scales faster.');
    } else if (!allowExpress) {
      reasons.push('Standard kafka.m7g brokers: Express was not allowed (allowExpress: false).');
    } else {
      reasons.push(`Standard kafka.m7g brokers: Express needs RF 3 over exactly 3 AZs (got RF ${replicationFactor}, ${azCount} AZs).`);
    }

    const candidates = M7G_SIZES.map(([standard, expressType, vcpus]) => express
      ? expressCandidate(expressType, input, azCount)
      : standardCandidate(standard, vcpus, input, replicationFactor, azCount));
    const chosen = candidates.find((c) => c.brokers / azCount <= MAX_PREFERRED_BROKERS_PER_AZ);
    const pick = chosen ?? candidates[candidates.length - 1];
    reasons.push(...pick.reasons);
    reasons.push(chosen
      ? `${pick.type.instanceType} is the smallest size needing at most ${MAX_PREFERRED_BROKERS_PER_AZ} brokers per AZ.`
      : `No size fits in ${MAX_PREFERRED_BROKERS_PER_AZ} brokers per AZ; using the largest, ${pick.type.instanceType}.`);

    if (express) {
      return {
        instanceType: pick.type,
        express: true,
        brokerCount: pick.brokers,
        brokersPerAz: pick.brokers / azCount,
        tieredStorageAdvised: false,
        ingressGBPerMonth: monthlyIngressGB(input),
        reasons,
        brokerFamilyPinned,
      };
    }

    // Storage (standard only).
    let brokers = pick.brokers;
    let tieredStorageAdvised = false;
    const totalGiB = input.ingressMBps * input.retentionHours * 3600 * replicationFactor * STORAGE_HEADROOM / STORAGE_TARGET_UTILISATION / 1024;
    let volumeSizeGiB = Math.max(1, ceil(totalGiB / brokers));
    const storageFormula = `${input.ingressMBps} MB/s × ${input.retentionHours} h × 3600 × RF ${replicationFactor} × ${STORAGE_HEADROOM} headroom / ${STORAGE_TARGET_UTILISATION} target utilisation / 1024 = ${round1(totalGiB)} GiB in total`;
    if (volumeSizeGiB <= MAX_VOLUME_GIB) {
      reasons.push(`Storage: ${storageFormula}, / ${brokers} brokers → ${volumeSizeGiB} GiB per broker.`);
    } else {
      const brokersToFit = roundUp(ceil(totalGiB / MAX_VOLUME_GIB), azCount);
      if (input.retentionHours >= TIERED_MIN_RETENTION_HOURS) {
        tieredStorageAdvised = true;
        volumeSizeGiB = MAX_VOLUME_GIB;
        reasons.push(`Storage: ${storageFormula}, / ${brokers} brokers = ${ceil(totalGiB / brokers)} GiB per broker, above the ${MAX_VOLUME_GIB} GiB maximum. Tiered storage is advised (Kafka 3.6+; set local.retention.ms so local data fits ${MAX_VOLUME_GIB} GiB); without it you would need ${brokersToFit} brokers.`);
      } else {
        reasons.push(`Storage: ${storageFormula}, / ${brokers} brokers = ${ceil(totalGiB / brokers)} GiB per broker, above the ${MAX_VOLUME_GIB} GiB maximum; retention under ${TIERED_MIN_RETENTION_HOURS} h rules out tiered storage, so brokers go up to ${brokersToFit}.`);
        brokers = brokersToFit;
        volumeSizeGiB = ceil(totalGiB / brokers);
      }
    }

    // Provisioned throughput (standard only).
    let provisionedThroughputMiBps: number | undefined;
    const writePerBroker = input.ingressMBps * replicationFactor / brokers;
    if (writePerBroker > DEFAULT_EBS_THROUGHPUT_MIBPS && pick.type.maxProvisionedThroughputMiBps !== undefined) {
      provisionedThroughputMiBps = Math.min(ceil(writePerBroker), pick.type.maxProvisionedThroughputMiBps);
      volumeSizeGiB = Math.max(volumeSizeGiB, 10);
      reasons.push(`Throughput: ${input.ingressMBps} MB/s × RF ${replicationFactor} / ${brokers} brokers = ${round1(writePerBroker)} MiB/s written per broker, above the ${DEFAULT_EBS_THROUGHPUT_MIBPS} MiB/s EBS default → provision ${provisionedThroughputMiBps} MiB/s per broker.`);
    } else {
      reasons.push(`Throughput: ${input.ingressMBps} MB/s × RF ${replicationFactor} / ${brokers} brokers = ${round1(writePerBroker)} MiB/s written per broker, within the ${DEFAULT_EBS_THROUGHPUT_MIBPS} MiB/s EBS default.`);
    }

    return {
      instanceType: pick.type,
      express: false,
      brokerCount: brokers,
      brokersPerAz: brokers / azCount,
      volumeSizeGiB,
      provisionedThroughputMiBps,
      tieredStorageAdvised,
      ingressGBPerMonth: monthlyIngressGB(input),
      reasons,
      brokerFamilyPinned,
    };
  }

  private constructor() {
    // static members only
  }
}

function expressCandidate(type: BrokerInstanceType, input: SizingInput, azCount: number): Candidate {
  // The broker-instance-type table defines these for every express.m7g size.
  const ingressCap = type.sustainedIngressMBps ?? 0;
  const egressCap = type.sustainedEgressMBps ?? 0;
  const partitionsPerBroker = type.recommendedPartitionsPerBroker ?? 0;
  return candidate(type, input, 3, azCount, ingressCap, egressCap, partitionsPerBroker, 'sustained (AWS)');
}

function standardCandidate(type: BrokerInstanceType, vcpus: number, input: SizingInput, replicationFactor: number, azCount: number): Candidate {
  const ebs = type.maxProvisionedThroughputMiBps ?? DEFAULT_EBS_THROUGHPUT_MIBPS;
  const ingressCap = Math.min(STANDARD_INGRESS_MBPS_PER_VCPU * vcpus, ebs / replicationFactor);
  const egressCap = ingressCap * STANDARD_EGRESS_TO_INGRESS_RATIO;
  const partitionsPerBroker = type.recommendedPartitionsPerBroker ?? 0;
  const source = `planning estimate: min(${STANDARD_INGRESS_MBPS_PER_VCPU} MB/s × ${vcpus} vCPU, ${ebs} MiB/s EBS / RF ${replicationFactor})`;
  return candidate(type, input, replicationFactor, azCount, ingressCap, egressCap, partitionsPerBroker, source);
}

function candidate(type: BrokerInstanceType, input: SizingInput, replicationFactor: number, azCount: number,
  ingressCap: number, egressCap: number, partitionsPerBroker: number, source: string): Candidate {
  const forIngress = ceil(input.ingressMBps / ingressCap);
  const forEgress = ceil(input.egressMBps / egressCap);
  const replicas = input.partitions * replicationFactor;
  const forPartitions = ceil(replicas / partitionsPerBroker);
  const needed = Math.max(forIngress, forEgress, forPartitions, replicationFactor, azCount);
  const brokers = roundUp(needed, azCount);
  return {
    type,
    brokers,
    reasons: [
      `Ingress: ${input.ingressMBps} MB/s / ${round1(ingressCap)} MB/s per ${type.instanceType} (${source}) → ${forIngress} brokers.`,
      `Egress: ${input.egressMBps} MB/s / ${round1(egressCap)} MB/s per broker → ${forEgress} brokers.`,
      `Partitions: ${input.partitions} × RF ${replicationFactor} = ${replicas} replicas / ${partitionsPerBroker} recommended per broker → ${forPartitions} brokers.`,
      `Brokers: max(${forIngress}, ${forEgress}, ${forPartitions}, RF ${replicationFactor}, ${azCount} AZs) = ${needed}, rounded up to a multiple of ${azCount} AZs → ${brokers} (${brokers / azCount} per AZ).`,
    ],
  };
}

/** The errors of `ClusterSizing.recommend` (each names the input, the value and the fix). */
const SIZING_ERRORS = defineMessages({
  name: 'CLUSTER_SIZING_ERRORS',
  file: 'src/sizing/cluster-sizing.ts',
  severity: 'error',
  kind: 'ClusterSizing.recommend',
  checkedBy: ['ClusterSizing.recommend'],
}, {
  SizingInputInvalid: (field: string, value: number, requirement: string, fix: string) => `${field}: ${requirement} (got ${value}). Fix: ${fix}.`,
  SizingExpressNotAllowed: () => 'brokerFamily: EXPRESS contradicts allowExpress: false. Fix: remove one of them.',
  SizingExpressLayout: (replicationFactor: number, azCount: number) =>
    `brokerFamily: EXPRESS needs replicationFactor 3 over azCount 3 (got RF ${replicationFactor}, ${azCount} AZs); `
    + 'Express brokers fix both (MSK developer guide, "Amazon MSK Express brokers"). Fix: use RF 3 over 3 AZs, or SizingBrokerFamily.STANDARD.',
});

function validate(input: SizingInput, replicationFactor: number, azCount: number): void {
  /** `rule` is 'what the value must be; what to pass'. */
  const fail = (field: string, value: number, rule: string): never => {
    const [requirement, fix] = rule.split('; ');
    throw SIZING_ERRORS.error(undefined, 'SizingInputInvalid', field, value, requirement, fix);
  };
  if (!Number.isFinite(input.ingressMBps) || input.ingressMBps <= 0) {
    fail('ingressMBps', input.ingressMBps, 'must be a positive number of MB/s; pass the average client write throughput, e.g. 10');
  }
  if (!Number.isFinite(input.egressMBps) || input.egressMBps < 0) {
    fail('egressMBps', input.egressMBps, 'must be 0 or more MB/s; pass the total client read throughput, e.g. 20');
  }
  if (!Number.isFinite(input.retentionHours) || input.retentionHours <= 0) {
    fail('retentionHours', input.retentionHours, 'must be a positive number of hours; pass retention.ms / 3600000, e.g. 168 for 7 days');
  }
  if (!Number.isInteger(input.partitions) || input.partitions < 1) {
    fail('partitions', input.partitions, 'must be a whole number ≥ 1; pass the total partitions across all topics');
  }
  if (!Number.isInteger(azCount) || azCount < 2 || azCount > 3) {
    fail('azCount', azCount, 'must be 2 or 3 (MSK spreads brokers over 2 or 3 Availability Zones); use 3 for production');
  }
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1 || replicationFactor > 3 * azCount) {
    fail('replicationFactor', replicationFactor, `must be a whole number from 1 to ${3 * azCount} (3 replicas per AZ at most); use 3`);
  }
  if (input.brokerFamily === SizingBrokerFamily.EXPRESS) {
    if (input.allowExpress === false) {
      throw SIZING_ERRORS.error(undefined, 'SizingExpressNotAllowed');
    }
    if (replicationFactor !== 3 || azCount !== 3) {
      throw SIZING_ERRORS.error(undefined, 'SizingExpressLayout', replicationFactor, azCount);
    }
  }
}

/** GB written per month at the average ingress (730 hours, decimal units as AWS bills). */
function monthlyIngressGB(input: SizingInput): number {
  return Math.round(input.ingressMBps * 3600 * HOURS_PER_MONTH / 1000 * 100) / 100;
}

/** Math.ceil that ignores floating-point noise (e.g. 3.0000000001 → 3). */
function ceil(value: number): number {
  return Math.ceil(value - 1e-9);
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

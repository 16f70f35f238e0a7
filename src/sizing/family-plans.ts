import { SizingOptionKind } from './sizing-types';
import { BrokerInstanceType } from '../config/broker-instance-type';

/** The workload after defaults, as every option is sized for it. */
export interface Workload {
  readonly ingressMBps: number;
  readonly egressMBps: number;
  readonly retentionHours: number;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly azCount: number;
  /** 1 + headroom: capacity (brokers, partitions, EBS) is planned for this multiple of the workload. */
  readonly capacityFactor: number;
  readonly maxBrokers: number;
  readonly localRetentionHours: number;
}

/** One option sized: the shape of the cluster, or why it cannot carry the workload. */
export interface SizedOption {
  readonly kind: SizingOptionKind;
  readonly fits: boolean;
  readonly instanceType?: BrokerInstanceType;
  readonly brokerCount?: number;
  readonly volumeSizeGiB?: number;
  readonly provisionedThroughputMiBps?: number;
  /** Every step of the sizing, in order. */
  readonly reasons: string[];
  /** Why it does not fit, when it does not. */
  readonly notFit?: string;
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
 * CpuUser + CpuSystem under 60% with RF 3 (MSK developer guide, "Best practices for Standard brokers":
 * keep CPU under 60%). Deliberately conservative (m7g.large → 10 MB/s, below the 15.6 MB/s AWS quotes
 * for express.m7g.large, which AWS says carries up to 3 times a standard broker). Load-test before relying on it.
 */
export const STANDARD_INGRESS_MBPS_PER_VCPU = 5;
/** Default EBS throughput per broker, MiB/s, without provisioned throughput ("Provision storage throughput"). */
export const DEFAULT_EBS_THROUGHPUT_MIBPS = 250;
/** Standard brokers: consumers may read this many times the ingress cap (mirrors Express's 1:2 in:out). */
export const STANDARD_EGRESS_TO_INGRESS_RATIO = 2;
/** Storage headroom over the retained bytes (growth, uneven partitions, index files). */
export const STORAGE_HEADROOM = 1.25;
/** Target EBS utilisation (AWS suggests 50–60% for storage autoscaling, "Automatic scaling"). */
export const STORAGE_TARGET_UTILISATION = 0.6;
/** Largest EBS volume per broker, GiB ("Scale up Amazon MSK Standard broker storage"). */
export const MAX_VOLUME_GIB = 16384;
/** Tiered storage keeps data at least 3 days ("Tiered storage constraints and limitations"). */
export const TIERED_MIN_RETENTION_HOURS = 72;
/** The smallest size needing at most this many brokers per AZ is chosen. */
export const MAX_PREFERRED_BROKERS_PER_AZ = 3;

interface Candidate {
  readonly type: BrokerInstanceType;
  readonly brokers: number;
  readonly storageGiB: number;
  readonly reasons: string[];
}

/**
 * Sizes one option for a workload. Every size of m7g is tried, smallest first; for each, brokers =
 * the largest of ingress, egress, partitions and (standard) storage needs, RF and the AZ count,
 * rounded up to a multiple of the AZ count. The smallest size needing at most 3 brokers per AZ wins;
 * failing that, the size needing the fewest brokers. A size needing more than `maxBrokers` is out.
 */
export function sizeOption(kind: SizingOptionKind, w: Workload): SizedOption {
  const candidates = M7G_SIZES.map(([standard, express, vcpus]) => kind === SizingOptionKind.EXPRESS
    ? candidate(kind, express, w, express.sustainedIngressMBps ?? 0, express.sustainedEgressMBps ?? 0, 'sustained (AWS)')
    : standardCandidate(kind, standard, vcpus, w));
  const allowed = candidates.filter((c) => c.brokers <= w.maxBrokers);
  if (allowed.length === 0) {
    const least = candidates.reduce((a, b) => (b.brokers < a.brokers ? b : a));
    return {
      kind,
      fits: false,
      reasons: least.reasons,
      notFit: `needs ${least.brokers} × ${least.type.instanceType} at the least, above maxBrokers ${w.maxBrokers}`,
    };
  }
  const preferred = allowed.find((c) => c.brokers / w.azCount <= MAX_PREFERRED_BROKERS_PER_AZ);
  const pick = preferred ?? allowed.reduce((a, b) => (b.brokers < a.brokers ? b : a));
  const reasons = [...pick.reasons, preferred
    ? `${pick.type.instanceType} is the smallest size needing at most ${MAX_PREFERRED_BROKERS_PER_AZ} brokers per AZ.`
    : `No size fits in ${MAX_PREFERRED_BROKERS_PER_AZ} brokers per AZ; ${pick.type.instanceType} needs the fewest brokers within maxBrokers ${w.maxBrokers}.`];
  if (kind === SizingOptionKind.EXPRESS) {
    return { kind, fits: true, instanceType: pick.type, brokerCount: pick.brokers, reasons };
  }

  const brokers = pick.brokers;
  let volumeSizeGiB = Math.max(1, ceil(pick.storageGiB / brokers));
  reasons.push(`Volume: ${round1(pick.storageGiB)} GiB / ${brokers} brokers → ${volumeSizeGiB} GiB per broker.`);
  let provisionedThroughputMiBps: number | undefined;
  const writePerBroker = w.ingressMBps * w.capacityFactor * w.replicationFactor / brokers;
  const maxThroughput = pick.type.maxProvisionedThroughputMiBps;
  if (writePerBroker > DEFAULT_EBS_THROUGHPUT_MIBPS && maxThroughput !== undefined) {
    provisionedThroughputMiBps = Math.min(ceil(writePerBroker), maxThroughput);
    volumeSizeGiB = Math.max(volumeSizeGiB, 10);
    reasons.push(`Throughput: ${capacity(w.ingressMBps, w)} MB/s × RF ${w.replicationFactor} / ${brokers} brokers = ${round1(writePerBroker)} MiB/s written per broker, above the ${DEFAULT_EBS_THROUGHPUT_MIBPS} MiB/s EBS default → provision ${provisionedThroughputMiBps} MiB/s per broker.`);
  } else {
    reasons.push(`Throughput: ${capacity(w.ingressMBps, w)} MB/s × RF ${w.replicationFactor} / ${brokers} brokers = ${round1(writePerBroker)} MiB/s written per broker, within the ${DEFAULT_EBS_THROUGHPUT_MIBPS} MiB/s EBS default.`);
  }
  return { kind, fits: true, instanceType: pick.type, brokerCount: brokers, volumeSizeGiB, provisionedThroughputMiBps, reasons };
}

function standardCandidate(kind: SizingOptionKind, type: BrokerInstanceType, vcpus: number, w: Workload): Candidate {
  const ebs = type.maxProvisionedThroughputMiBps ?? DEFAULT_EBS_THROUGHPUT_MIBPS;
  const ingressCap = Math.min(STANDARD_INGRESS_MBPS_PER_VCPU * vcpus, ebs / w.replicationFactor);
  const egressCap = ingressCap * STANDARD_EGRESS_TO_INGRESS_RATIO;
  const source = `planning estimate: min(${STANDARD_INGRESS_MBPS_PER_VCPU} MB/s × ${vcpus} vCPU, ${ebs} MiB/s EBS / RF ${w.replicationFactor})`;
  return candidate(kind, type, w, ingressCap, egressCap, source);
}

function candidate(kind: SizingOptionKind, type: BrokerInstanceType, w: Workload, ingressCap: number, egressCap: number, source: string): Candidate {
  const rf = kind === SizingOptionKind.EXPRESS ? 3 : w.replicationFactor;
  const ingress = capacity(w.ingressMBps, w);
  const egress = capacity(w.egressMBps, w);
  const forIngress = ceil(ingress / ingressCap);
  const forEgress = ceil(egress / egressCap);
  const replicas = w.partitions * w.capacityFactor * rf;
  const partitionsPerBroker = type.recommendedPartitionsPerBroker ?? 1;
  const forPartitions = ceil(replicas / partitionsPerBroker);
  const reasons = [
    `Ingress: ${ingress} MB/s / ${round1(ingressCap)} MB/s per ${type.instanceType} (${source}) → ${forIngress} brokers.`,
    `Egress: ${egress} MB/s / ${round1(egressCap)} MB/s per broker → ${forEgress} brokers.`,
    `Partitions: ${round1(replicas)} replicas (${w.partitions}${w.capacityFactor === 1 ? '' : ` × ${w.capacityFactor}`} × RF ${rf}) / ${partitionsPerBroker} recommended per broker → ${forPartitions} brokers.`,
  ];
  let storageGiB = 0;
  let forStorage = 0;
  if (kind !== SizingOptionKind.EXPRESS) {
    const hours = kind === SizingOptionKind.STANDARD_TIERED ? w.localRetentionHours : w.retentionHours;
    storageGiB = ingress * hours * 3600 * rf * STORAGE_HEADROOM / STORAGE_TARGET_UTILISATION / 1024;
    forStorage = ceil(storageGiB / MAX_VOLUME_GIB);
    reasons.push(`Storage: ${ingress} MB/s × ${hours} h${kind === SizingOptionKind.STANDARD_TIERED ? ' kept locally' : ''} × 3600 × RF ${rf} × ${STORAGE_HEADROOM} headroom / ${STORAGE_TARGET_UTILISATION} target utilisation / 1024 = ${round1(storageGiB)} GiB / ${MAX_VOLUME_GIB} GiB per volume → ${forStorage} brokers.`);
  }
  const needed = Math.max(forIngress, forEgress, forPartitions, forStorage, rf, w.azCount);
  const brokers = roundUp(needed, w.azCount);
  reasons.push(`Brokers: the largest of those, RF ${rf} and ${w.azCount} AZs = ${needed}, rounded up to a multiple of ${w.azCount} AZs → ${brokers} (${brokers / w.azCount} per AZ).`);
  return { type, brokers, storageGiB, reasons };
}

/** A workload figure scaled by the capacity factor, rounded to 0.01 for the reasons. */
function capacity(value: number, w: Workload): number {
  return Math.round(value * w.capacityFactor * 100) / 100;
}

/** Math.ceil that ignores floating-point noise (e.g. 3.0000000001 → 3). */
export function ceil(value: number): number {
  return Math.ceil(value - 1e-9);
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

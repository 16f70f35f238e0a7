import type { CostEstimate, MskPriceOverrides } from './cost-estimate';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { KafkaVersion } from '../config/kafka-version';

/**
 * A broker family a sizing plan can be pinned to. MSK cannot switch a cluster between Standard and
 * Express brokers by changing its instance type (MSK developer guide, "Broker instance types"), so
 * a plan for an existing cluster must keep its family.
 */
export enum SizingBrokerFamily {
  /** Standard brokers (`kafka.m7g.*`) with EBS storage, with or without tiered storage. */
  STANDARD = 'STANDARD',
  /** Express brokers (`express.m7g.*`); they need RF 3 over 3 AZs. */
  EXPRESS = 'EXPRESS',
}

/** The three ways the planner can build a provisioned cluster, each sized and priced on its own. */
export enum SizingOptionKind {
  /** Standard brokers keeping every byte on their EBS volumes. */
  STANDARD_EBS = 'STANDARD_EBS',
  /** Standard brokers with tiered storage: recent data on EBS, the whole retention in MSK's low-cost tier. */
  STANDARD_TIERED = 'STANDARD_TIERED',
  /** Express brokers: storage is managed by MSK and billed by the GB-month used. */
  EXPRESS = 'EXPRESS',
}

/**
 * The cluster a re-plan is for. A re-plan keeps what MSK cannot change in place: it never switches
 * the broker family, never turns tiered storage off and never lowers the volume size (MSK developer
 * guide, "Broker instance types" and "Scale up Amazon MSK Standard broker storage").
 */
export interface SizingCurrentCluster {
  /** The cluster's broker family. */
  readonly brokerFamily: SizingBrokerFamily;
  /**
   * Whether the cluster uses tiered storage (standard brokers only).
   * @default false
   */
  readonly tieredStorage?: boolean;
  /**
   * The cluster's EBS volume per broker, GiB (standard brokers only): the plan never goes below it.
   * @default - unknown: the plan's volume is not raised to it
   */
  readonly volumeSizeGiB?: number;
}

/**
 * A workload to size a provisioned MSK cluster for, and the constraints of the plan.
 *
 * Throughputs are averages in MB/s; the planner treats 1 MB/s as 1 MiB/s for capacity (a MiB is ~5%
 * larger, so this overstates load slightly, which errs on the safe side) and bills in decimal GB as AWS does.
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
   * exists (or pass `current`): MSK cannot switch a cluster between Standard and Express brokers by
   * changing its instance type, so a re-plan that chose the other family could not be deployed.
   * @default - not pinned: the cheapest family that fits
   */
  readonly brokerFamily?: SizingBrokerFamily;
  /**
   * Whether standard brokers may use tiered storage (it also needs Kafka 3.6+ and retention of at least 3 days).
   * @default true
   */
  readonly allowTieredStorage?: boolean;
  /**
   * Tiered storage: hours of data kept on the brokers' EBS volumes (the topics' `local.retention.ms`).
   * Must be below `retentionHours`.
   * @default 24
   */
  readonly localRetentionHours?: number;
  /**
   * Tiered storage: GB consumers read back from the low-cost tier per month (replays of old data).
   * @default 0
   */
  readonly tieredRetrievalGBPerMonth?: number;
  /**
   * Most brokers the cluster may have.
   * @default - MSK's default quota per cluster: 60 brokers with a KRaft version, 30 with ZooKeeper
   */
  readonly maxBrokers?: number;
  /**
   * The Kafka version the cluster will run: rules out Express (3.6, 3.8, 3.9 and 4.2 lines only) and
   * tiered storage (3.6+) where the version lacks them, and sets the broker quota.
   * @default KafkaVersion.V3_9_X_KRAFT (the ProvisionedCluster default)
   */
  readonly kafkaVersion?: KafkaVersion;
  /**
   * Spare capacity to plan for, as a fraction of the workload: 0.3 sizes brokers, partitions and EBS
   * volumes for 1.3 × the given throughput and partitions. Usage-billed lines (Express data in and
   * storage, tiered storage) are priced on the workload itself.
   * @default 0 (the per-broker figures already keep CPU below 60%)
   */
  readonly headroom?: number;
  /**
   * Unit prices that replace the dated us-east-1 table: another Region's, newer ones, and the ones the
   * table lacks (Express storage, tiered storage). Use `brokerHourUsdByInstanceType` for broker prices:
   * a comparison prices several instance types.
   * @default - the dated us-east-1 price table
   */
  readonly prices?: MskPriceOverrides;
  /**
   * The Region the cluster will run in. When it is not the Region of the prices, the comparison warns
   * and names the prices to pass.
   * @default - not checked here; a ProvisionedCluster that takes the plan warns at synth instead
   */
  readonly region?: string;
  /**
   * The cluster this is a re-plan for: the plan keeps its broker family and tiered storage, and never
   * lowers its volume size. When the workload outgrows the family, the comparison says a migration is
   * needed instead of switching.
   * @default - a new cluster
   */
  readonly current?: SizingCurrentCluster;
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
  /** True when the plan uses tiered storage (same as `tieredStorage`; kept for plans written before it). */
  readonly tieredStorageAdvised: boolean;
  /**
   * Which of the planner's options this is.
   * @default - derived from `express` and `tieredStorageAdvised` (a plan written by hand)
   */
  readonly kind?: SizingOptionKind;
  /**
   * True when the plan uses tiered storage: set `local.retention.ms` to `localRetentionHours` on its topics.
   * @default - `tieredStorageAdvised`
   */
  readonly tieredStorage?: boolean;
  /**
   * Tiered storage: the hours of data the EBS volumes are sized for (`local.retention.ms` of the topics).
   * @default - no tiered storage
   */
  readonly localRetentionHours?: number;
  /**
   * What clients write in a month, GB: ingressMBps × 3600 × 730 hours / 1000. Express brokers bill it as
   * data in (see `CostEstimator.forRecommendation`).
   * @default - unknown (a plan written by hand)
   */
  readonly ingressGBPerMonth?: number;
  /**
   * The monthly cost of this plan, including the lines the planner could not price.
   * @default - not priced (a plan written by hand)
   */
  readonly estimate?: CostEstimate;
  /**
   * The Region of the prices in `estimate`. A ProvisionedCluster in another Region warns
   * (`SizingPriceRegion`).
   * @default - not priced
   */
  readonly priceRegion?: string;
  /** Human-readable reasons for every decision, in order. */
  readonly reasons: string[];
  /**
   * True when the input pinned the broker family (`brokerFamily`, `allowExpress: false` or `current`),
   * so a re-plan keeps it. A cluster that takes its instance type from a plan without it gets the warning
   * `SizingFamilyNotPinned`.
   * @default false
   */
  readonly brokerFamilyPinned?: boolean;
}

/** One way to build the cluster, sized and priced, in a `SizingComparison`. */
export interface SizingOption {
  /** Which option this is. */
  readonly kind: SizingOptionKind;
  /** A short name, e.g. `Standard brokers, EBS storage`. */
  readonly label: string;
  /** True when the constraints allow the option (family, version, retention, re-plan). */
  readonly eligible: boolean;
  /** True when the option meets throughput, partitions, storage and durability within `maxBrokers`. */
  readonly fits: boolean;
  /** True for the option the comparison recommends. */
  readonly recommended: boolean;
  /** True when the option would need a new cluster and a data migration (a re-plan of the other family). */
  readonly migrationNeeded: boolean;
  /**
   * The sized plan.
   * @default - none: the option does not fit, or could not be sized (see `notes`)
   */
  readonly plan?: SizingRecommendation;
  /**
   * What the plan costs a month: priced lines, and the lines the prices do not cover.
   * @default - none: no plan
   */
  readonly estimate?: CostEstimate;
  /** True when every line of the estimate is priced. */
  readonly complete: boolean;
  /** Why the option is or is not chosen: constraints, limits, unpriced lines and their break-even price. */
  readonly notes: string[];
}

/** Every option sized and priced, the one recommended, and a summary to print. */
export interface SizingComparison {
  /**
   * The recommended plan: the cheapest eligible option that fits and is fully priced (or, when none is
   * fully priced, the one with the lowest priced part, marked so).
   * @default - none: nothing eligible fits (see `fitsOneCluster` and `migrationNeeded`)
   */
  readonly recommendation?: SizingRecommendation;
  /** Every option: eligible ones that fit first, cheapest first, then the rest. */
  readonly options: SizingOption[];
  /** False when no option fits one cluster within `maxBrokers`: split the workload or raise the quota. */
  readonly fitsOneCluster: boolean;
  /** True when the current cluster's family cannot carry the workload and another can: a new cluster is needed. */
  readonly migrationNeeded: boolean;
  /** Problems with the answer itself: prices from another Region, lines left unpriced. */
  readonly warnings: string[];
  /** The comparison as text, to print at synth (e.g. `Annotations.of(this).addInfo(comparison.summary)`). */
  readonly summary: string;
  /** Region of the prices. */
  readonly priceRegion: string;
  /** When the table prices were read. */
  readonly priceDate: string;
  /** Where the prices come from. */
  readonly priceSource: string;
}

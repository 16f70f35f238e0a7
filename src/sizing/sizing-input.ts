import { MAX_VOLUME_GIB, Workload } from './family-plans';
import { SizingBrokerFamily, SizingInput } from './sizing-types';
import { KafkaVersion } from '../config/kafka-version';
import { defineMessages } from '../validation/registry';

/** The errors of `ClusterSizing.recommend` and `ClusterSizing.compare` (each names the input, the value and the fix). */
export const SIZING_ERRORS = defineMessages({
  name: 'CLUSTER_SIZING_ERRORS',
  file: 'src/sizing/sizing-input.ts',
  severity: 'error',
  kind: 'ClusterSizing',
  checkedBy: ['ClusterSizing.recommend', 'ClusterSizing.compare'],
}, {
  SizingInputInvalid: (field: string, value: number, requirement: string, fix: string) => `${field}: ${requirement} (got ${value}). Fix: ${fix}.`,
  SizingExpressNotAllowed: () => 'brokerFamily: EXPRESS contradicts allowExpress: false. Fix: remove one of them.',
  SizingExpressLayout: (field: string, replicationFactor: number, azCount: number) =>
    `${field}: EXPRESS needs replicationFactor 3 over azCount 3 (got RF ${replicationFactor}, ${azCount} AZs); `
    + 'Express brokers fix both (MSK developer guide, "Amazon MSK Express brokers"). Fix: use RF 3 over 3 AZs, or SizingBrokerFamily.STANDARD.',
  SizingCurrentFamilyConflict: (pinned: string, current: string) =>
    `brokerFamily: ${pinned} contradicts current.brokerFamily ${current}; MSK cannot switch a cluster between Standard and Express brokers `
    + '(MSK developer guide, "Broker instance types"). Fix: remove brokerFamily (current pins the family), or plan a new cluster without current.',
  SizingCurrentExpressStorage: (field: string) =>
    `current.${field}: an Express cluster has no EBS volume or tiered storage. Fix: remove current.${field}.`,
  SizingRegionInvalid: (region: string) =>
    `region: must be a Region name such as eu-west-1 (got '${region}'). Fix: pass the Region the cluster will run in, or omit region.`,
  SizingBrokerPriceAmbiguous: () =>
    'prices.brokerHourUsd: a comparison prices several instance types, so one broker-hour price cannot apply to all of them. '
    + 'Fix: pass prices.brokerHourUsdByInstanceType, e.g. { \'kafka.m7g.large\': 0.21, \'express.m7g.large\': 0.42 }.',
  SizingNothingFits: (maxBrokers: number, detail: string) =>
    `ClusterSizing: no broker family fits the workload in one cluster of at most ${maxBrokers} brokers (${detail}). `
    + 'Fix: split the workload over several clusters, or raise maxBrokers after asking AWS for a higher brokers-per-cluster quota ("Amazon MSK quota"). '
    + 'ClusterSizing.compare shows every option.',
  SizingMigrationNeeded: (current: string, fitting: string) =>
    `current: the workload outgrows the current ${current} cluster, and MSK cannot switch it to ${fitting} in place. `
    + `Fix: create a new ${fitting} cluster and migrate to it (e.g. with MSK Replicator), or lower the workload. ClusterSizing.compare shows every option.`,
  SizingNoEligibleOption: (detail: string) =>
    `ClusterSizing: the constraints rule out every option (${detail}). Fix: relax brokerFamily, allowExpress, allowTieredStorage or kafkaVersion. ClusterSizing.compare shows every option.`,
});

/** The input after defaults. */
export interface NormalizedInput {
  readonly workload: Workload;
  readonly allowExpress: boolean;
  readonly allowTieredStorage: boolean;
  readonly kafkaVersion: KafkaVersion;
  readonly brokerFamilyPinned: boolean;
}

/** The default local retention of a tiered-storage plan, hours. */
export const DEFAULT_LOCAL_RETENTION_HOURS = 24;

/** The most brokers a plan may have: `maxBrokers`, else MSK's default quota per cluster ("Amazon MSK quota"): 30 with ZooKeeper, 60 with KRaft. */
export function maxBrokersOf(input: SizingInput): number {
  return input.maxBrokers ?? ((input.kafkaVersion ?? KafkaVersion.V3_9_X_KRAFT).isKraft ? 60 : 30);
}

/** Validates the input (throws naming the field and the fix) and applies the defaults. */
export function normalizeInput(input: SizingInput): NormalizedInput {
  const replicationFactor = input.replicationFactor ?? 3;
  const azCount = input.azCount ?? 3;
  const kafkaVersion = input.kafkaVersion ?? KafkaVersion.V3_9_X_KRAFT;
  const maxBrokers = maxBrokersOf(input);
  const headroom = input.headroom ?? 0;
  const localRetentionHours = input.localRetentionHours ?? Math.min(DEFAULT_LOCAL_RETENTION_HOURS, input.retentionHours / 2);

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
  if (!Number.isFinite(headroom) || headroom < 0 || headroom > 10) {
    fail('headroom', headroom, 'must be a fraction from 0 to 10; pass the spare capacity wanted, e.g. 0.3 for 30%');
  }
  if (!Number.isInteger(maxBrokers) || maxBrokers < azCount) {
    fail('maxBrokers', maxBrokers, `must be a whole number ≥ azCount (${azCount}); pass the most brokers the cluster may have, e.g. 30`);
  }
  if (!Number.isFinite(localRetentionHours) || localRetentionHours <= 0 || localRetentionHours >= input.retentionHours) {
    fail('localRetentionHours', localRetentionHours, `must be above 0 and below retentionHours (${input.retentionHours}), as MSK requires local.retention.ms < retention.ms ("Tiered storage constraints and limitations"); pass e.g. 24`);
  }
  const retrieval = input.tieredRetrievalGBPerMonth ?? 0;
  if (!Number.isFinite(retrieval) || retrieval < 0) {
    fail('tieredRetrievalGBPerMonth', retrieval, 'must be 0 or more GB; pass the GB consumers read back from tiered storage per month');
  }
  const volume = input.current?.volumeSizeGiB;
  if (volume !== undefined && (!Number.isInteger(volume) || volume < 1 || volume > MAX_VOLUME_GIB)) {
    fail('current.volumeSizeGiB', volume, `must be a whole number of GiB from 1 to ${MAX_VOLUME_GIB}; pass the cluster's EBS volume per broker`);
  }
  if (input.brokerFamily === SizingBrokerFamily.EXPRESS) {
    if (input.allowExpress === false) {
      throw SIZING_ERRORS.error(undefined, 'SizingExpressNotAllowed');
    }
    if (replicationFactor !== 3 || azCount !== 3) {
      throw SIZING_ERRORS.error(undefined, 'SizingExpressLayout', 'brokerFamily', replicationFactor, azCount);
    }
  }
  const current = input.current;
  if (current?.brokerFamily === SizingBrokerFamily.EXPRESS && (replicationFactor !== 3 || azCount !== 3)) {
    throw SIZING_ERRORS.error(undefined, 'SizingExpressLayout', 'current.brokerFamily', replicationFactor, azCount);
  }
  if (current !== undefined) {
    if (input.brokerFamily !== undefined && input.brokerFamily !== current.brokerFamily) {
      throw SIZING_ERRORS.error(undefined, 'SizingCurrentFamilyConflict', input.brokerFamily, current.brokerFamily);
    }
    if (current.brokerFamily === SizingBrokerFamily.EXPRESS) {
      if (current.volumeSizeGiB !== undefined) {
        throw SIZING_ERRORS.error(undefined, 'SizingCurrentExpressStorage', 'volumeSizeGiB');
      }
      if (current.tieredStorage === true) {
        throw SIZING_ERRORS.error(undefined, 'SizingCurrentExpressStorage', 'tieredStorage');
      }
    }
  }
  if (input.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(input.region)) {
    throw SIZING_ERRORS.error(undefined, 'SizingRegionInvalid', String(input.region));
  }
  if (input.prices?.brokerHourUsd !== undefined) {
    throw SIZING_ERRORS.error(undefined, 'SizingBrokerPriceAmbiguous');
  }
  const allowExpress = input.allowExpress ?? true;
  return {
    workload: {
      ingressMBps: input.ingressMBps,
      egressMBps: input.egressMBps,
      retentionHours: input.retentionHours,
      partitions: input.partitions,
      replicationFactor,
      azCount,
      capacityFactor: 1 + headroom,
      maxBrokers,
      localRetentionHours,
    },
    allowExpress,
    allowTieredStorage: input.allowTieredStorage ?? true,
    kafkaVersion,
    brokerFamilyPinned: input.brokerFamily !== undefined || !allowExpress || current !== undefined,
  };
}

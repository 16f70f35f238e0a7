import { AlarmThresholds } from './alarm-options';

/** Thresholds with defaults applied. */
export type ResolvedThresholds = Required<AlarmThresholds>;

export const DEFAULT_THRESHOLDS: ResolvedThresholds = {
  cpuPercent: 60,
  diskUsedPercent: 85,
  heapMemoryPercent: 60,
  connectionCount: 2400,
  cpuCreditBalance: 100,
  throughputPercentOfQuota: 80,
  consumerLagSeconds: 600,
};

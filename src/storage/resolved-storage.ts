import { BrokerStorageOptions } from './broker-storage';

/** Defaults, in one place so README and tests can quote them. */
export const STORAGE_DEFAULTS = {
  volumeSizeGiB: 100,
  maxVolumeSizeGiB: 2000,
  targetUtilization: 60,
  minVolumeGiB: 1,
  maxVolumeGiB: 16384,
  minTargetUtilization: 10,
  maxTargetUtilization: 80,
  minProvisionedThroughputMiBps: 250,
  minVolumeForThroughputGiB: 10,
} as const;

/** Storage settings with defaults applied, in GiB. Internal: not exported from the package. */
export interface ResolvedStorage {
  readonly volumeSizeGiB: number;
  readonly maxVolumeSizeGiB: number;
  readonly targetUtilization: number;
  readonly autoscaling: boolean;
  readonly provisionedThroughputMiBps?: number;
  readonly tieredStorage: boolean;
}

/** Applies the storage defaults (the volume ceiling is at least the volume size). */
export function resolveStorage(options: BrokerStorageOptions = {}): ResolvedStorage {
  const volumeSizeGiB = options.volumeSize?.toGibibytes() ?? STORAGE_DEFAULTS.volumeSizeGiB;
  const maxVolumeSizeGiB = options.maxVolumeSize?.toGibibytes()
    ?? Math.max(STORAGE_DEFAULTS.maxVolumeSizeGiB, volumeSizeGiB);
  return {
    volumeSizeGiB,
    maxVolumeSizeGiB,
    targetUtilization: options.targetUtilization ?? STORAGE_DEFAULTS.targetUtilization,
    autoscaling: maxVolumeSizeGiB > volumeSizeGiB,
    provisionedThroughputMiBps: options.provisionedThroughputMiBps,
    tieredStorage: options.tieredStorage ?? false,
  };
}

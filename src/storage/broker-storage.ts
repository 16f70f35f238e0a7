import { Size } from 'aws-cdk-lib';

/** EBS storage of standard brokers, and its automatic growth. */
export interface BrokerStorageOptions {
  /**
   * Initial EBS volume per broker (1–16384 GiB). MSK volumes only grow.
   * @default Size.gibibytes(100)
   */
  readonly volumeSize?: Size;
  /**
   * Ceiling for storage autoscaling per broker (up to 16384 GiB). Set it equal to `volumeSize`
   * to turn autoscaling off.
   * @default Size.gibibytes(2000)
   */
  readonly maxVolumeSize?: Size;
  /**
   * Disk utilization (percent, 10–80) that storage autoscaling keeps the brokers at.
   * @default 60
   */
  readonly targetUtilization?: number;
}

/** Defaults, in one place so README and tests can quote them. */
export const STORAGE_DEFAULTS = {
  volumeSizeGiB: 100,
  maxVolumeSizeGiB: 2000,
  targetUtilization: 60,
  minVolumeGiB: 1,
  maxVolumeGiB: 16384,
  minTargetUtilization: 10,
  maxTargetUtilization: 80,
} as const;

/** Storage settings with defaults applied, in GiB. */
export interface ResolvedStorage {
  readonly volumeSizeGiB: number;
  readonly maxVolumeSizeGiB: number;
  readonly targetUtilization: number;
  readonly autoscaling: boolean;
}

export function resolveStorage(options: BrokerStorageOptions = {}): ResolvedStorage {
  const volumeSizeGiB = options.volumeSize?.toGibibytes() ?? STORAGE_DEFAULTS.volumeSizeGiB;
  const maxVolumeSizeGiB = options.maxVolumeSize?.toGibibytes()
    ?? Math.max(STORAGE_DEFAULTS.maxVolumeSizeGiB, volumeSizeGiB);
  return {
    volumeSizeGiB,
    maxVolumeSizeGiB,
    targetUtilization: options.targetUtilization ?? STORAGE_DEFAULTS.targetUtilization,
    autoscaling: maxVolumeSizeGiB > volumeSizeGiB,
  };
}

import { registerRules } from '../validation/registry';
import { WarningRule } from '../validation/rules';

/**
 * Regions where MSK has no storage autoscaling (MSK developer guide, "Automatic scaling for Amazon MSK
 * clusters": Asia Pacific (Osaka), Africa (Cape Town) and Asia Pacific (Malaysia)).
 */
export const STORAGE_AUTOSCALING_UNAVAILABLE_REGIONS: readonly string[] = ['ap-northeast-3', 'af-south-1', 'ap-southeast-5'];

/** What the storage-autoscaling rules look at. */
export interface StorageAutoScalingFacts {
  /** The stack's region, undefined when it is a token (region-agnostic stack). */
  readonly region?: string;
  /** Whether the props ask for autoscaling (maxVolumeSize above volumeSize, standard brokers). */
  readonly autoscalingRequested: boolean;
}

/** Whether MSK offers storage autoscaling in `region` (true when the region is unknown). */
export function storageAutoScalingAvailable(region: string | undefined): boolean {
  return region === undefined || !STORAGE_AUTOSCALING_UNAVAILABLE_REGIONS.includes(region);
}

export const STORAGE_AUTOSCALING_WARNINGS: ReadonlyArray<WarningRule<StorageAutoScalingFacts>> = [
  {
    id: 'StorageAutoScalingUnavailableInRegion',
    failsWhen: (f) => f.autoscalingRequested && !storageAutoScalingAvailable(f.region),
    message: (f) => `storage.maxVolumeSize: MSK has no storage autoscaling in ${f.region} (MSK developer guide, "Automatic scaling for Amazon MSK clusters"), `
      + 'so no scaling target is created and the volumes keep storage.volumeSize. Fix: size storage.volumeSize for the retention you need and raise it yourself, '
      + 'or set maxVolumeSize equal to volumeSize to silence this warning.',
  },
];
registerRules({ name: 'STORAGE_AUTOSCALING_WARNINGS', file: 'src/storage/storage-autoscaling-rules.ts', severity: 'warning', checkedBy: ['ProvisionedCluster'] }, STORAGE_AUTOSCALING_WARNINGS);


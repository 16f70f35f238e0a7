import { compareSizing } from './sizing-comparison';
import { maxBrokersOf, SIZING_ERRORS } from './sizing-input';
import { SizingComparison, SizingInput, SizingRecommendation } from './sizing-types';

export * from './sizing-types';
export {
  STANDARD_INGRESS_MBPS_PER_VCPU,
  DEFAULT_EBS_THROUGHPUT_MIBPS,
  STANDARD_EGRESS_TO_INGRESS_RATIO,
  STORAGE_HEADROOM,
  STORAGE_TARGET_UTILISATION,
  MAX_VOLUME_GIB,
  TIERED_MIN_RETENTION_HOURS,
  MAX_PREFERRED_BROKERS_PER_AZ,
} from './family-plans';

/**
 * Plans a provisioned MSK cluster for a workload: sizes every option (standard brokers with EBS,
 * standard brokers with tiered storage, Express brokers), prices each, and recommends the cheapest.
 * A planning aid, not a guarantee: every per-broker figure is a documented estimate; load-test before
 * going to production.
 *
 * The model, in order:
 * 1. Validate the input (throws naming the field and the fix).
 * 2. Rule options out by the constraints: `brokerFamily`, `allowExpress`, `allowTieredStorage`,
 *    `kafkaVersion`, the layout (Express needs RF 3 over 3 AZs), retention (tiered storage needs at
 *    least 72 h) and `current` (a re-plan keeps its family and its tiered storage).
 * 3. Size each option with every m7g size, smallest first: brokers = the largest of
 *    - ceil(ingress / ingress cap) and ceil(egress / egress cap) per broker. Express caps are AWS's
 *      sustained MB/s; standard caps are min(5 MB/s × vCPU, EBS throughput / RF) for ingress and
 *      twice that for egress (EBS throughput: 250 MiB/s, or the type's provisioned maximum);
 *    - ceil(partitions × RF / recommended partitions per broker);
 *    - standard only: ceil(EBS GiB / 16384), where EBS GiB = ingress × hours × 3600 × RF × 1.25
 *      headroom / 0.6 target utilisation / 1024, and hours is the retention (EBS) or
 *      `localRetentionHours` (tiered);
 *    - RF and the AZ count;
 *    rounded up to a multiple of the AZ count, and at most `maxBrokers`. The smallest size needing
 *    at most 3 brokers per AZ wins; failing that, the size needing the fewest brokers.
 *    Throughputs and partitions are multiplied by 1 + `headroom` first.
 * 4. Standard: volume = ceil(EBS GiB / brokers) (never below `current.volumeSizeGiB`); provisioned
 *    throughput = ceil(ingress × RF / brokers) MiB/s when that exceeds 250.
 * 5. Price each plan a month (730 hours): broker-hours; standard EBS GB-months and provisioned
 *    throughput; Express data in (ingress × 3600 × 730 / 1000 GB) and storage; tiered storage. Express
 *    and tiered storage hold ingress × retention × 3600 / 1000 GB (one copy). A cost without a price
 *    becomes an unpriced line naming the `prices` property that prices it.
 * 6. Recommend the cheapest eligible option that fits and is fully priced; for a cheaper option with
 *    unpriced lines, say below what unit price it would win.
 */
export class ClusterSizing {
  /**
   * Sizes and prices every option and returns them with the recommendation and a printable summary.
   *
   * @throws when an input is out of range; the message names the field and the fix
   */
  public static compare(input: SizingInput): SizingComparison {
    return compareSizing(input);
  }

  /**
   * The recommended plan of `compare`: instance type, broker count, volume and throughput.
   *
   * @throws when an input is out of range, when nothing fits one cluster, or when a re-plan would
   * need another broker family (a migration); the message names the fix
   */
  public static recommend(input: SizingInput): SizingRecommendation {
    const comparison = compareSizing(input);
    if (comparison.recommendation) {
      return comparison.recommendation;
    }
    if (comparison.migrationNeeded) {
      const fitting = comparison.options.filter((o) => o.fits).map((o) => o.label).join(' or ');
      throw SIZING_ERRORS.error(undefined, 'SizingMigrationNeeded', input.current!.brokerFamily, fitting);
    }
    if (!comparison.fitsOneCluster) {
      const limits = comparison.options.flatMap((o) => o.notes.filter((n) => n.startsWith('Does not fit')).map((n) => `${o.label}: ${n}`));
      throw SIZING_ERRORS.error(undefined, 'SizingNothingFits', maxBrokersOf(input), limits.join(' '));
    }
    const ruledOut = comparison.options.flatMap((o) => o.notes.filter((n) => n.startsWith('Ruled out')).map((n) => `${o.label}: ${n}`));
    throw SIZING_ERRORS.error(undefined, 'SizingNoEligibleOption', ruledOut.join(' '));
  }

  private constructor() {
    // static members only
  }
}

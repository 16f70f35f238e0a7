import { ClusterSizing, SizingBrokerFamily, SizingOptionKind } from '../../src';

// Worked examples of ClusterSizing.compare, each computed by hand below from these published figures.
// Every expected number is a literal worked out in the comments; none is computed by library code.
//
// Per-broker throughput, MB/s (MSK developer guide):
//   Express, sustained ingress / egress ("Best practices for Express brokers"):
//     large 15.6/31.2, xlarge 31.2/62.5, 2xlarge 62.5/125, 4xlarge 124.9/249.8, 8xlarge 250/500, 12xlarge 375/750, 16xlarge 500/1000
//   Standard kafka.m7g ("Best practices for Standard brokers"): ingress cap = min(5 MB/s × vCPU, EBS MiB/s / RF), egress cap = 2 × ingress cap
//     vCPU: large 2, xlarge 4, 2xlarge 8, 4xlarge 16, 8xlarge 32, 12xlarge 48, 16xlarge 64
//     EBS MiB/s: large/xlarge 250 (default), else the provisioned maximum: 2xlarge 312.5, 4xlarge 625, 8xlarge+ 1000
//     RF 3: large min(10, 250/3 = 83.3) = 10 (egress 20)      xlarge min(20, 83.3) = 20 (egress 40)
//           2xlarge min(40, 312.5/3 = 104.2) = 40 (80)       4xlarge min(80, 625/3 = 208.3) = 80 (160)
//           8xlarge min(160, 1000/3 = 333.3) = 160 (320)     12xlarge min(240, 333.3) = 240 (480)     16xlarge min(320, 333.3) = 320 (640)
// Recommended partitions (replicas) per broker:
//   Express: large 1000, xlarge 1000, 2xlarge 2500, 4xlarge 6000, 8xlarge 12000, 12xlarge 16000, 16xlarge 20000
//   Standard: large/xlarge 1000, 2xlarge 2000, 4xlarge+ 4000
// Storage (standard): EBS GiB total = ingress × hours × 3600 × RF × 1.25 headroom / 0.6 utilisation / 1024, at most 16384 GiB per broker.
//   With RF 3: 3600 × 3 × 1.25 / 0.6 / 1024 = 22500 / 1024 = 21.97265625 GiB per (MB/s × hour).
//   Tiered storage: hours = localRetentionHours (default 24); tiered storage needs retention ≥ 72 h.
// Brokers = max(ingress, egress, partitions, storage needs, RF, AZs), rounded up to a multiple of the AZ count, ≤ maxBrokers (default 60).
//   The smallest size needing ≤ 3 brokers per AZ wins; else the size needing the fewest brokers (the smallest of a tie).
// Prices, us-east-1 (https://aws.amazon.com/msk/pricing/, read 2026-06..09), 730 hours a month:
//   broker-hour kafka.m7g: large 0.204, xlarge 0.408, 2xlarge 0.816, 4xlarge 1.632, 8xlarge 3.264, 12xlarge 4.896, 16xlarge 6.528
//   broker-hour express.m7g: large 0.408, xlarge 0.816, 2xlarge 1.632, 4xlarge 3.264, 8xlarge 6.528, 12xlarge 9.792, 16xlarge 13.056
//   EBS 0.10 per GB-month (per GiB of volume); provisioned throughput 0.08 per MiB/s-month per broker
//   Express data in 0.01 per GB; GB a month = ingress × 3600 × 730 / 1000 = ingress × 2628
//   Express storage and tiered storage: NO table price. Unpriced quantity = ingress × retention h × 3600 / 1000 GB-month.
//   Where a test passes those prices they are ASSUMED unit prices chosen for the example, not published prices.
// Broker-hours a month: 3 brokers 2190, 6 brokers 4380, 9 brokers 6570, 12 brokers 8760, 48 brokers 35040.

type Comparison = ReturnType<typeof ClusterSizing.compare>;

function option(c: Comparison, kind: SizingOptionKind) {
  const found = c.options.find((o) => o.kind === kind);
  if (!found) {
    throw new Error(`no option ${kind}`);
  }
  return found;
}

describe('worked examples of ClusterSizing.compare', () => {
  test('1 MB/s, 24 h retention, 50 partitions: standard EBS, 3 × kafka.m7g.large with 176 GiB, 499.56 USD a month', () => {
    // Standard EBS, kafka.m7g.large: ingress 1 / 10 → 1; egress 2 / 20 → 1; partitions 50 × 3 = 150 / 1000 → 1
    //   storage 1 × 24 × 21.97265625 = 527.34375 GiB / 16384 → 1; max(1, 1, 1, 1, RF 3, 3 AZs) = 3 → 3 brokers (1 per AZ ≤ 3: large wins)
    //   volume 527.34375 / 3 = 175.78 → 176 GiB; written per broker 1 × 3 / 3 = 1 MiB/s ≤ 250 → no provisioned throughput
    //   cost: 2190 broker-hours × 0.204 = 446.76; EBS 176 × 3 = 528 GB-month × 0.10 = 52.80; total 499.56
    // Standard tiered: retention 24 h < 72 h → ruled out, not sized.
    // Express, express.m7g.large: ingress 1 / 15.6 → 1; egress 2 / 31.2 → 1; partitions 150 / 1000 → 1 → 3 brokers
    //   cost: 2190 × 0.408 = 893.52; data in 1 × 2628 = 2628 GB × 0.01 = 26.28; total 919.80
    //   unpriced Express storage: 1 × 24 × 3600 / 1000 = 86.4 GB-month
    // Recommendation: the only fully priced option, standard EBS (499.56); Express's priced part alone is 919.80 - 499.56 = 420.24 more.
    const c = ClusterSizing.compare({ ingressMBps: 1, egressMBps: 2, retentionHours: 24, partitions: 50 });

    expect(c.fitsOneCluster).toBe(true);
    expect(c.migrationNeeded).toBe(false);
    expect(c.recommendation?.kind).toBe(SizingOptionKind.STANDARD_EBS);
    expect(c.options.find((o) => o.recommended)?.kind).toBe(SizingOptionKind.STANDARD_EBS);

    const ebs = option(c, SizingOptionKind.STANDARD_EBS);
    expect(ebs.plan?.instanceType.instanceType).toBe('kafka.m7g.large');
    expect(ebs.plan?.brokerCount).toBe(3);
    expect(ebs.plan?.volumeSizeGiB).toBe(176);
    expect(ebs.plan?.provisionedThroughputMiBps).toBeUndefined();
    expect(ebs.estimate?.monthlyUsd).toBeCloseTo(499.56, 2);
    expect(ebs.estimate?.unpriced).toEqual([]);

    const tiered = option(c, SizingOptionKind.STANDARD_TIERED);
    expect(tiered.eligible).toBe(false);
    expect(tiered.fits).toBe(false);
    expect(tiered.estimate).toBeUndefined();
    expect(tiered.notes.join(' ')).toContain('retention is 24 h');

    const express = option(c, SizingOptionKind.EXPRESS);
    expect(express.plan?.instanceType.instanceType).toBe('express.m7g.large');
    expect(express.plan?.brokerCount).toBe(3);
    expect(express.plan?.volumeSizeGiB).toBeUndefined();
    expect(express.estimate?.monthlyUsd).toBeCloseTo(919.80, 2);
    expect(express.estimate?.unpriced).toEqual([expect.objectContaining({ item: 'Express storage', quantity: 86.4, unit: 'GB-month', priceProperty: 'expressStorageGBMonthUsd' })]);
    expect(express.notes).toContain('Costs 420.24 USD a month more than the recommendation before Express storage (unpriced) is added.');
  });

  test('10 MB/s in, 150 MB/s out, 72 h, 3000 partitions, 68 h kept locally: standard EBS wins with Express and tiered storage priced', () => {
    // Assumed unit prices chosen for the example (not published): Express storage 0.10, tiered storage 0.06 USD per GB-month.
    // Consumers replay up to 68 h, so localRetentionHours is 68: tiered storage would move only 4 of the 72 h off the brokers.
    // Standard EBS, kafka.m7g.large: ingress 10 / 10 → 1; egress 150 / 20 = 7.5 → 8; partitions 3000 × 3 = 9000 / 1000 → 9
    //   storage 10 × 72 × 21.97265625 = 15820.3125 GiB / 16384 = 0.97 → 1; max(1, 8, 9, 1, 3, 3) = 9 → 9 brokers (3 per AZ: large wins)
    //   volume 15820.3125 / 9 = 1757.81 → 1758 GiB; written per broker 10 × 3 / 9 = 3.3 MiB/s → no provisioned throughput
    //   cost: 6570 × 0.204 = 1340.28; EBS 1758 × 9 = 15822 × 0.10 = 1582.20; total 2922.48
    // Standard tiered, kafka.m7g.large: same 1, 8, 9; local storage 10 × 68 × 21.97265625 = 14941.40625 GiB → 1 → 9 brokers
    //   volume 14941.40625 / 9 = 1660.16 → 1661 GiB
    //   cost: 1340.28; EBS 1661 × 9 = 14949 × 0.10 = 1494.90; tiered 10 × 72 × 3600 / 1000 = 2592 GB-month × 0.06 = 155.52; total 2990.70
    // Express, express.m7g.large: ingress 10 / 15.6 → 1; egress 150 / 31.2 = 4.8 → 5; partitions 9000 / 1000 → 9 → 9 brokers (3 per AZ)
    //   cost: 6570 × 0.408 = 2680.56; data in 10 × 2628 = 26280 GB × 0.01 = 262.80; storage 2592 × 0.10 = 259.20; total 3202.56
    // Recommendation: standard EBS 2922.48; tiered 2990.70 - 2922.48 = 68.22 more; Express 3202.56 - 2922.48 = 280.08 more.
    const c = ClusterSizing.compare({
      ingressMBps: 10,
      egressMBps: 150,
      retentionHours: 72,
      partitions: 3000,
      localRetentionHours: 68,
      prices: { expressStorageGBMonthUsd: 0.10, tieredStorageGBMonthUsd: 0.06 },
    });

    expect(c.recommendation?.kind).toBe(SizingOptionKind.STANDARD_EBS);
    expect(c.recommendation?.instanceType.instanceType).toBe('kafka.m7g.large');
    expect(c.recommendation?.brokerCount).toBe(9);
    expect(c.recommendation?.volumeSizeGiB).toBe(1758);
    expect(c.recommendation?.provisionedThroughputMiBps).toBeUndefined();

    const ebs = option(c, SizingOptionKind.STANDARD_EBS);
    expect(ebs.recommended).toBe(true);
    expect(ebs.estimate?.monthlyUsd).toBeCloseTo(2922.48, 2);
    expect(ebs.estimate?.unpriced).toEqual([]);

    const tiered = option(c, SizingOptionKind.STANDARD_TIERED);
    expect(tiered.plan?.instanceType.instanceType).toBe('kafka.m7g.large');
    expect(tiered.plan?.brokerCount).toBe(9);
    expect(tiered.plan?.volumeSizeGiB).toBe(1661);
    expect(tiered.plan?.provisionedThroughputMiBps).toBeUndefined();
    expect(tiered.plan?.localRetentionHours).toBe(68);
    expect(tiered.estimate?.monthlyUsd).toBeCloseTo(2990.70, 2);
    expect(tiered.estimate?.unpriced).toEqual([]);
    expect(tiered.notes).toContain('Costs 68.22 USD a month more than the recommendation.');

    const express = option(c, SizingOptionKind.EXPRESS);
    expect(express.plan?.instanceType.instanceType).toBe('express.m7g.large');
    expect(express.plan?.brokerCount).toBe(9);
    expect(express.estimate?.monthlyUsd).toBeCloseTo(3202.56, 2);
    expect(express.estimate?.unpriced).toEqual([]);
    expect(express.notes).toContain('Costs 280.08 USD a month more than the recommendation.');
  });

  describe('50 MB/s in, 100 MB/s out, 168 h (7 days), 500 partitions', () => {
    const workload = { ingressMBps: 50, egressMBps: 100, retentionHours: 168, partitions: 500 };
    // Standard EBS: storage 50 × 168 × 21.97265625 = 184570.3125 GiB / 16384 = 11.27 → 12 brokers at every size
    //   kafka.m7g.large: ingress 50 / 10 → 5; egress 100 / 20 → 5; partitions 500 × 3 = 1500 / 1000 → 2; storage 12 → 12 brokers (4 per AZ)
    //   every larger size needs 12 too (storage), so no size fits in 3 per AZ; the fewest brokers is 12, the smallest of the tie is large
    //   volume 184570.3125 / 12 = 15380.86 → 15381 GiB; written per broker 50 × 3 / 12 = 12.5 MiB/s → no provisioned throughput
    //   cost: 8760 × 0.204 = 1787.04; EBS 15381 × 12 = 184572 × 0.10 = 18457.20; total 20244.24
    // Standard tiered, kafka.m7g.large: 5, 5, 2; local storage 50 × 24 × 21.97265625 = 26367.1875 GiB / 16384 = 1.6 → 2; max 5 → 6 brokers (2 per AZ)
    //   volume 26367.1875 / 6 = 4394.53 → 4395 GiB
    //   cost: 4380 × 0.204 = 893.52; EBS 4395 × 6 = 26370 × 0.10 = 2637.00; priced part 3530.52
    //   unpriced tiered storage 50 × 168 × 3600 / 1000 = 30240 GB-month
    // Express, express.m7g.large: ingress 50 / 15.6 = 3.2 → 4; egress 100 / 31.2 = 3.2 → 4; partitions 1500 / 1000 → 2 → 4 → 6 brokers (2 per AZ)
    //   cost: 4380 × 0.408 = 1787.04; data in 50 × 2628 = 131400 GB × 0.01 = 1314.00; priced part 3101.04
    //   Express storage 30240 GB-month

    test('without an Express storage price: standard EBS (20,244.24), and Express says below what price it would win', () => {
      // Only standard EBS is fully priced → recommended at 20244.24.
      // Break-even (floor to 4 decimals): Express (20244.24 - 3101.04) / 30240 = 17143.20 / 30240 = 0.566904… → 0.5669
      //                                   tiered  (20244.24 - 3530.52) / 30240 = 16713.72 / 30240 = 0.552702… → 0.5527
      const c = ClusterSizing.compare(workload);

      expect(c.recommendation?.kind).toBe(SizingOptionKind.STANDARD_EBS);
      expect(c.recommendation?.instanceType.instanceType).toBe('kafka.m7g.large');
      expect(c.recommendation?.brokerCount).toBe(12);
      expect(c.recommendation?.volumeSizeGiB).toBe(15381);
      expect(c.recommendation?.provisionedThroughputMiBps).toBeUndefined();
      const ebs = option(c, SizingOptionKind.STANDARD_EBS);
      expect(ebs.recommended).toBe(true);
      expect(ebs.estimate?.monthlyUsd).toBeCloseTo(20244.24, 2);
      expect(ebs.estimate?.unpriced).toEqual([]);

      const tiered = option(c, SizingOptionKind.STANDARD_TIERED);
      expect(tiered.plan?.instanceType.instanceType).toBe('kafka.m7g.large');
      expect(tiered.plan?.brokerCount).toBe(6);
      expect(tiered.plan?.volumeSizeGiB).toBe(4395);
      expect(tiered.plan?.provisionedThroughputMiBps).toBeUndefined();
      expect(tiered.plan?.localRetentionHours).toBe(24);
      expect(tiered.estimate?.monthlyUsd).toBeCloseTo(3530.52, 2);
      expect(tiered.estimate?.unpriced).toEqual([expect.objectContaining({ item: 'Tiered storage', quantity: 30240, unit: 'GB-month', priceProperty: 'tieredStorageGBMonthUsd' })]);
      expect(tiered.notes.join(' ')).toContain('Cheaper than the recommendation while Tiered storage costs less than 0.5527 USD per GB-month (16,713.72 USD a month / 30240 GB-month)');

      const express = option(c, SizingOptionKind.EXPRESS);
      expect(express.plan?.instanceType.instanceType).toBe('express.m7g.large');
      expect(express.plan?.brokerCount).toBe(6);
      expect(express.estimate?.monthlyUsd).toBeCloseTo(3101.04, 2);
      expect(express.estimate?.unpriced).toEqual([expect.objectContaining({ item: 'Express storage', quantity: 30240, unit: 'GB-month', priceProperty: 'expressStorageGBMonthUsd' })]);
      expect(express.notes.join(' ')).toContain('Cheaper than the recommendation while Express storage costs less than 0.5669 USD per GB-month (17,143.20 USD a month / 30240 GB-month)');
    });

    test('with an assumed Express storage price of 0.10: Express, 6 × express.m7g.large, 6,125.04 USD a month', () => {
      // Assumed unit price chosen for the example (not published): Express storage 0.10 USD per GB-month.
      // Express: 3101.04 + 30240 × 0.10 = 3024.00 → 6125.04, fully priced and below standard EBS's 20244.24 → recommended.
      // Standard EBS: 20244.24 - 6125.04 = 14119.20 more.
      // Tiered (still unpriced): break-even (6125.04 - 3530.52) / 30240 = 2594.52 / 30240 = 0.085797… → 0.0857
      const c = ClusterSizing.compare({ ...workload, prices: { expressStorageGBMonthUsd: 0.10 } });

      expect(c.recommendation?.kind).toBe(SizingOptionKind.EXPRESS);
      expect(c.recommendation?.instanceType.instanceType).toBe('express.m7g.large');
      expect(c.recommendation?.brokerCount).toBe(6);
      expect(c.recommendation?.volumeSizeGiB).toBeUndefined();
      expect(c.recommendation?.provisionedThroughputMiBps).toBeUndefined();
      const express = option(c, SizingOptionKind.EXPRESS);
      expect(express.recommended).toBe(true);
      expect(express.estimate?.monthlyUsd).toBeCloseTo(6125.04, 2);
      expect(express.estimate?.unpriced).toEqual([]);

      const ebs = option(c, SizingOptionKind.STANDARD_EBS);
      expect(ebs.plan?.brokerCount).toBe(12);
      expect(ebs.plan?.volumeSizeGiB).toBe(15381);
      expect(ebs.estimate?.monthlyUsd).toBeCloseTo(20244.24, 2);
      expect(ebs.notes).toContain('Costs 14,119.20 USD a month more than the recommendation.');

      const tiered = option(c, SizingOptionKind.STANDARD_TIERED);
      expect(tiered.estimate?.monthlyUsd).toBeCloseTo(3530.52, 2);
      expect(tiered.estimate?.unpriced).toEqual([expect.objectContaining({ item: 'Tiered storage', quantity: 30240, unit: 'GB-month' })]);
      expect(tiered.notes.join(' ')).toContain('Tiered storage costs less than 0.0857 USD per GB-month (2,594.52 USD a month / 30240 GB-month)');
    });

    test('the summary of the priced comparison names every option and the recommended one with its cost', () => {
      // Same plan as above: Express recommended at 6125.04 → '6,125.04'; standard EBS 20244.24 → '20,244.24';
      // tiered 3530.52 plus 30240 GB-month unpriced → '≥ 3,530.52 + 30,240 GB-month Tiered storage (unpriced)'.
      const { summary } = ClusterSizing.compare({ ...workload, prices: { expressStorageGBMonthUsd: 0.10 } });

      expect(summary).toContain('Standard brokers, EBS storage');
      expect(summary).toContain('Standard brokers, tiered storage');
      expect(summary).toContain('Express brokers');
      expect(summary).toContain('Recommended: Express brokers, 6 × express.m7g.large, 6,125.04 USD a month.');
      expect(summary).toContain('12 × kafka.m7g.large, 15,381 GiB each');
      expect(summary).toContain('20,244.24');
      expect(summary).toContain('≥ 3,530.52 + 30,240 GB-month Tiered storage (unpriced)');
    });
  });

  test('100 MB/s in, 200 MB/s out, 336 h (14 days), 1000 partitions: tiered storage, 6 × kafka.m7g.xlarge, 14,318.64 USD a month', () => {
    // Assumed unit prices chosen for the example (not published): Express storage 0.10, tiered storage 0.06 USD per GB-month.
    // Standard EBS: storage 100 × 336 × 21.97265625 = 738281.25 GiB / 16384 = 45.06 → 46 brokers at every size
    //   kafka.m7g.large: ingress 100 / 10 → 10; egress 200 / 20 → 10; partitions 1000 × 3 = 3000 / 1000 → 3; storage 46 → 46 → 48 (16 per AZ)
    //   every size needs 48 (storage); fewest brokers, smallest of the tie → large; 48 ≤ 60
    //   volume 738281.25 / 48 = 15380.86 → 15381 GiB; written per broker 100 × 3 / 48 = 6.25 MiB/s → no provisioned throughput
    //   cost: 35040 × 0.204 = 7148.16; EBS 15381 × 48 = 738288 × 0.10 = 73828.80; total 80976.96
    // Standard tiered: local storage 100 × 24 × 21.97265625 = 52734.375 GiB / 16384 = 3.2 → 4
    //   kafka.m7g.large: 10, 10, 3, 4 → 10 → 12 (4 per AZ > 3)
    //   kafka.m7g.xlarge: ingress 100 / 20 → 5; egress 200 / 40 → 5; partitions 3000 / 1000 → 3; 4 → 5 → 6 (2 per AZ): xlarge wins
    //   volume 52734.375 / 6 = 8789.06 → 8790 GiB; written per broker 100 × 3 / 6 = 50 MiB/s → no provisioned throughput
    //   cost: 4380 × 0.408 = 1787.04; EBS 8790 × 6 = 52740 × 0.10 = 5274.00; tiered 100 × 336 × 3600 / 1000 = 120960 GB-month × 0.06 = 7257.60
    //   total 14318.64
    // Express, express.m7g.large: ingress 100 / 15.6 = 6.4 → 7; egress 200 / 31.2 = 6.4 → 7; partitions 3 → 7 → 9 (3 per AZ)
    //   cost: 6570 × 0.408 = 2680.56; data in 100 × 2628 = 262800 GB × 0.01 = 2628.00; storage 120960 × 0.10 = 12096.00; total 17404.56
    // Recommendation: tiered 14318.64; Express 17404.56 - 14318.64 = 3085.92 more; EBS 80976.96 - 14318.64 = 66658.32 more.
    const c = ClusterSizing.compare({
      ingressMBps: 100,
      egressMBps: 200,
      retentionHours: 336,
      partitions: 1000,
      prices: { expressStorageGBMonthUsd: 0.10, tieredStorageGBMonthUsd: 0.06 },
    });

    expect(c.recommendation?.kind).toBe(SizingOptionKind.STANDARD_TIERED);
    expect(c.recommendation?.instanceType.instanceType).toBe('kafka.m7g.xlarge');
    expect(c.recommendation?.brokerCount).toBe(6);
    expect(c.recommendation?.volumeSizeGiB).toBe(8790);
    expect(c.recommendation?.provisionedThroughputMiBps).toBeUndefined();
    expect(c.recommendation?.tieredStorage).toBe(true);
    expect(c.recommendation?.localRetentionHours).toBe(24);
    const tiered = option(c, SizingOptionKind.STANDARD_TIERED);
    expect(tiered.recommended).toBe(true);
    expect(tiered.estimate?.monthlyUsd).toBeCloseTo(14318.64, 2);
    expect(tiered.estimate?.unpriced).toEqual([]);

    const ebs = option(c, SizingOptionKind.STANDARD_EBS);
    expect(ebs.plan?.instanceType.instanceType).toBe('kafka.m7g.large');
    expect(ebs.plan?.brokerCount).toBe(48);
    expect(ebs.plan?.volumeSizeGiB).toBe(15381);
    expect(ebs.plan?.provisionedThroughputMiBps).toBeUndefined();
    expect(ebs.estimate?.monthlyUsd).toBeCloseTo(80976.96, 2);
    expect(ebs.estimate?.unpriced).toEqual([]);
    expect(ebs.notes).toContain('Costs 66,658.32 USD a month more than the recommendation.');

    const express = option(c, SizingOptionKind.EXPRESS);
    expect(express.plan?.instanceType.instanceType).toBe('express.m7g.large');
    expect(express.plan?.brokerCount).toBe(9);
    expect(express.estimate?.monthlyUsd).toBeCloseTo(17404.56, 2);
    expect(express.estimate?.unpriced).toEqual([]);
    expect(express.notes).toContain('Costs 3,085.92 USD a month more than the recommendation.');
  });

  test('600 MB/s in, 1800 MB/s out, 6 h, 3000 partitions: standard EBS on 6 × kafka.m7g.8xlarge with 300 MiB/s provisioned throughput', () => {
    // Standard EBS: storage 600 × 6 × 21.97265625 = 79101.5625 GiB / 16384 = 4.8 → 5; partitions 3000 × 3 = 9000 replicas
    //   large:   ingress 600 / 10 = 60; egress 1800 / 20 = 90; partitions 9000 / 1000 = 9; 5 → 90 > maxBrokers 60: out
    //   xlarge:  600 / 20 = 30; 1800 / 40 = 45; 9; 5 → 45 (15 per AZ)
    //   2xlarge: 600 / 40 = 15; 1800 / 80 = 22.5 → 23; 9000 / 2000 = 4.5 → 5; 5 → 23 → 24 (8 per AZ)
    //   4xlarge: 600 / 80 = 7.5 → 8; 1800 / 160 = 11.25 → 12; 9000 / 4000 = 2.25 → 3; 5 → 12 (4 per AZ)
    //   8xlarge: 600 / 160 = 3.75 → 4; 1800 / 320 = 5.6 → 6; 3; 5 → 6 (2 per AZ): the smallest size with ≤ 3 per AZ
    //   volume 79101.5625 / 6 = 13183.59 → 13184 GiB
    //   written per broker 600 × 3 / 6 = 300 MiB/s > 250 → provision 300 MiB/s (8xlarge maximum 1000)
    //   cost: 4380 × 3.264 = 14296.32; EBS 13184 × 6 = 79104 × 0.10 = 7910.40; throughput 300 × 6 = 1800 MiB/s-month × 0.08 = 144.00
    //   total 22350.72
    // Standard tiered: retention 6 h < 72 h → ruled out.
    // Express: large 600 / 15.6 = 38.5 → 39, 1800 / 31.2 = 57.7 → 58, 9 → 60 (20 per AZ); xlarge 20, 1800 / 62.5 = 28.8 → 29 → 30 (10 per AZ);
    //   2xlarge 600 / 62.5 = 9.6 → 10, 1800 / 125 = 14.4 → 15, 9000 / 2500 = 3.6 → 4 → 15 (5 per AZ);
    //   4xlarge 600 / 124.9 = 4.8 → 5, 1800 / 249.8 = 7.2 → 8, 9000 / 6000 = 1.5 → 2 → 8 → 9 (3 per AZ): 4xlarge
    //   cost: 6570 × 3.264 = 21444.48; data in 600 × 2628 = 1576800 GB × 0.01 = 15768.00; priced part 37212.48
    //   unpriced Express storage 600 × 6 × 3600 / 1000 = 12960 GB-month
    // Recommendation: standard EBS (the only fully priced); Express's priced part 37212.48 - 22350.72 = 14861.76 more.
    const c = ClusterSizing.compare({ ingressMBps: 600, egressMBps: 1800, retentionHours: 6, partitions: 3000 });

    expect(c.recommendation?.kind).toBe(SizingOptionKind.STANDARD_EBS);
    expect(c.recommendation?.instanceType.instanceType).toBe('kafka.m7g.8xlarge');
    expect(c.recommendation?.brokerCount).toBe(6);
    expect(c.recommendation?.volumeSizeGiB).toBe(13184);
    expect(c.recommendation?.provisionedThroughputMiBps).toBe(300);
    const ebs = option(c, SizingOptionKind.STANDARD_EBS);
    expect(ebs.recommended).toBe(true);
    expect(ebs.estimate?.monthlyUsd).toBeCloseTo(22350.72, 2);
    expect(ebs.estimate?.unpriced).toEqual([]);

    const tiered = option(c, SizingOptionKind.STANDARD_TIERED);
    expect(tiered.eligible).toBe(false);
    expect(tiered.estimate).toBeUndefined();

    const express = option(c, SizingOptionKind.EXPRESS);
    expect(express.plan?.instanceType.instanceType).toBe('express.m7g.4xlarge');
    expect(express.plan?.brokerCount).toBe(9);
    expect(express.estimate?.monthlyUsd).toBeCloseTo(37212.48, 2);
    expect(express.estimate?.unpriced).toEqual([expect.objectContaining({ item: 'Express storage', quantity: 12960, unit: 'GB-month', priceProperty: 'expressStorageGBMonthUsd' })]);
    expect(express.notes).toContain('Costs 14,861.76 USD a month more than the recommendation before Express storage (unpriced) is added.');
  });

  describe('1000 MB/s in, 8000 MB/s out (8 consumer groups), 168 h, 6000 partitions, at most 6 brokers', () => {
    const input = { ingressMBps: 1000, egressMBps: 8000, retentionHours: 168, partitions: 6000, maxBrokers: 6 };
    // Partitions: 6000 × 3 = 18000 replicas.
    // Standard EBS: storage 1000 × 168 × 21.97265625 = 3691406.25 GiB / 16384 = 225.3 → 226 brokers at every size
    //   large: 1000 / 10 = 100; 8000 / 20 = 400; 18; 226 → 400 → 402
    //   xlarge: 1000 / 20 = 50; 8000 / 40 = 200; 18; 226 → 226 → 228; every larger size is also held at 228 by storage
    //   least: 228 × kafka.m7g.xlarge (the first size needing 228) > 6
    // Standard tiered: local storage 1000 × 24 × 21.97265625 = 527343.75 GiB / 16384 = 32.2 → 33
    //   large 402; xlarge 200 → 201; 2xlarge 8000 / 80 = 100 → 102; 4xlarge 8000 / 160 = 50 → 51;
    //   8xlarge: 1000 / 160 = 6.25 → 7; 8000 / 320 = 25; 18000 / 4000 = 4.5 → 5; 33 → 33; 12xlarge and 16xlarge also 33 (storage)
    //   least: 33 × kafka.m7g.8xlarge > 6
    // Express: 8xlarge 1000 / 250 = 4, 8000 / 500 = 16, 18000 / 12000 = 1.5 → 2 → 16 → 18;
    //   12xlarge 1000 / 375 = 2.7 → 3, 8000 / 750 = 10.7 → 11, 18000 / 16000 → 2 → 11 → 12;
    //   16xlarge 1000 / 500 = 2, 8000 / 1000 = 8, 18000 / 20000 → 1 → 8 → 9
    //   least: 9 × express.m7g.16xlarge > 6
    // So no option fits one cluster of 6 brokers: no recommendation.

    test('compare: nothing fits one cluster, and each option says how many brokers it would need', () => {
      const c = ClusterSizing.compare(input);

      expect(c.fitsOneCluster).toBe(false);
      expect(c.migrationNeeded).toBe(false);
      expect(c.recommendation).toBeUndefined();
      expect(c.options.some((o) => o.recommended || o.fits || o.estimate !== undefined)).toBe(false);
      expect(option(c, SizingOptionKind.STANDARD_EBS).notes).toContain('Does not fit one cluster: needs 228 × kafka.m7g.xlarge at the least, above maxBrokers 6.');
      expect(option(c, SizingOptionKind.STANDARD_TIERED).notes).toContain('Does not fit one cluster: needs 33 × kafka.m7g.8xlarge at the least, above maxBrokers 6.');
      expect(option(c, SizingOptionKind.EXPRESS).notes).toContain('Does not fit one cluster: needs 9 × express.m7g.16xlarge at the least, above maxBrokers 6.');
    });

    test('fails when nothing fits one cluster: recommend says to split the workload', () => {
      expect(() => ClusterSizing.recommend(input)).toThrow(/no broker family fits the workload in one cluster of at most 6 brokers/);
      expect(() => ClusterSizing.recommend(input)).toThrow(/split the workload over several clusters/);
      expect(() => ClusterSizing.recommend(input)).toThrow(/Express brokers: Does not fit one cluster: needs 9 × express\.m7g\.16xlarge/);
    });
  });

  describe('re-plans', () => {
    // A current Standard cluster at 1000 MB/s in, 2000 MB/s out, 24 h, 6000 partitions (18000 replicas), at most 30 brokers.
    // Standard EBS: storage 1000 × 24 × 21.97265625 = 527343.75 GiB / 16384 = 32.2 → 33 brokers at every size
    //   large 1000 / 10 = 100 → 102; xlarge 1000 / 20 = 50 → 51; 2xlarge 1000 / 40 = 25, 2000 / 80 = 25, 18000 / 2000 = 9, 33 → 33;
    //   4xlarge and larger also 33 (storage) → least 33 × kafka.m7g.2xlarge > 30: does not fit
    // Standard tiered: retention 24 h < 72 h → ruled out, not sized.
    // Express (another family: a migration): 2xlarge 1000 / 62.5 = 16, 2000 / 125 = 16, 18000 / 2500 = 7.2 → 8 → 16 → 18 (6 per AZ);
    //   4xlarge 1000 / 124.9 = 8.006 → 9, 2000 / 249.8 = 8.006 → 9, 18000 / 6000 = 3 → 9 (3 per AZ): 9 × express.m7g.4xlarge fits
    //   cost: 6570 × 3.264 = 21444.48; data in 1000 × 2628 = 2628000 GB × 0.01 = 26280.00; priced part 47724.48
    //   unpriced Express storage 1000 × 24 × 3600 / 1000 = 86400 GB-month
    const outgrown = {
      ingressMBps: 1000,
      egressMBps: 2000,
      retentionHours: 24,
      partitions: 6000,
      maxBrokers: 30,
      current: { brokerFamily: SizingBrokerFamily.STANDARD },
    };

    test('a Standard cluster the workload outgrows: only Express fits, so a migration is needed and nothing is recommended', () => {
      const c = ClusterSizing.compare(outgrown);

      expect(c.migrationNeeded).toBe(true);
      expect(c.fitsOneCluster).toBe(true);
      expect(c.recommendation).toBeUndefined();
      const ebs = option(c, SizingOptionKind.STANDARD_EBS);
      expect(ebs.fits).toBe(false);
      expect(ebs.notes).toContain('Does not fit one cluster: needs 33 × kafka.m7g.2xlarge at the least, above maxBrokers 30.');
      expect(option(c, SizingOptionKind.STANDARD_TIERED).estimate).toBeUndefined();
      const express = option(c, SizingOptionKind.EXPRESS);
      expect(express.eligible).toBe(false);
      expect(express.fits).toBe(true);
      expect(express.migrationNeeded).toBe(true);
      expect(express.plan?.instanceType.instanceType).toBe('express.m7g.4xlarge');
      expect(express.plan?.brokerCount).toBe(9);
      expect(express.estimate?.monthlyUsd).toBeCloseTo(47724.48, 2);
      expect(express.estimate?.unpriced).toEqual([expect.objectContaining({ item: 'Express storage', quantity: 86400, unit: 'GB-month' })]);
    });

    test('fails when a re-plan of a Standard cluster would need Express brokers: recommend says to migrate', () => {
      expect(() => ClusterSizing.recommend(outgrown)).toThrow(/outgrows the current STANDARD cluster, and MSK cannot switch it to Express brokers in place/);
      expect(() => ClusterSizing.recommend(outgrown)).toThrow(/create a new Express brokers cluster and migrate to it/);
    });

    test('a Standard cluster with 1000 GiB volumes keeps them (never lowered) and grows smaller ones to the need', () => {
      // 5 MB/s in, 10 MB/s out, 24 h, 100 partitions.
      // Standard EBS, kafka.m7g.large: ingress 5 / 10 → 1; egress 10 / 20 → 1; partitions 300 / 1000 → 1; storage 5 × 24 × 21.97265625
      //   = 2636.71875 GiB → 1 → 3 brokers; volume 2636.71875 / 3 = 878.9 → 879 GiB; written per broker 5 MiB/s → no provisioned throughput
      // current volume 1000 GiB > 879 → kept at 1000: cost 2190 × 0.204 = 446.76 + EBS 1000 × 3 = 3000 × 0.10 = 300.00 → 746.76
      // Express (ruled out: the cluster is Standard): 3 × express.m7g.large; 2190 × 0.408 = 893.52 + data in 5 × 2628 = 13140 × 0.01 = 131.40
      //   → 1024.92 priced, 1024.92 - 746.76 = 278.16 more; unpriced Express storage 5 × 24 × 3600 / 1000 = 432 GB-month
      // current volume 500 GiB < 879 → 879: cost 446.76 + 879 × 3 = 2637 × 0.10 = 263.70 → 710.46
      const workload = { ingressMBps: 5, egressMBps: 10, retentionHours: 24, partitions: 100 };
      const kept = ClusterSizing.compare({ ...workload, current: { brokerFamily: SizingBrokerFamily.STANDARD, volumeSizeGiB: 1000 } });

      expect(kept.recommendation?.kind).toBe(SizingOptionKind.STANDARD_EBS);
      expect(kept.recommendation?.instanceType.instanceType).toBe('kafka.m7g.large');
      expect(kept.recommendation?.brokerCount).toBe(3);
      expect(kept.recommendation?.volumeSizeGiB).toBe(1000);
      expect(kept.recommendation?.provisionedThroughputMiBps).toBeUndefined();
      expect(kept.recommendation?.brokerFamilyPinned).toBe(true);
      expect(kept.recommendation?.estimate?.monthlyUsd).toBeCloseTo(746.76, 2);
      expect(kept.recommendation?.estimate?.unpriced).toEqual([]);
      const express = option(kept, SizingOptionKind.EXPRESS);
      expect(express.eligible).toBe(false);
      expect(express.migrationNeeded).toBe(true);
      expect(express.plan?.instanceType.instanceType).toBe('express.m7g.large');
      expect(express.plan?.brokerCount).toBe(3);
      expect(express.estimate?.monthlyUsd).toBeCloseTo(1024.92, 2);
      expect(express.estimate?.unpriced).toEqual([expect.objectContaining({ item: 'Express storage', quantity: 432, unit: 'GB-month' })]);
      expect(express.notes).toContain('Costs 278.16 USD a month more than the recommendation before Express storage (unpriced) is added.');

      const grown = ClusterSizing.compare({ ...workload, current: { brokerFamily: SizingBrokerFamily.STANDARD, volumeSizeGiB: 500 } });
      expect(grown.recommendation?.kind).toBe(SizingOptionKind.STANDARD_EBS);
      expect(grown.recommendation?.brokerCount).toBe(3);
      expect(grown.recommendation?.volumeSizeGiB).toBe(879);
      expect(grown.recommendation?.estimate?.monthlyUsd).toBeCloseTo(710.46, 2);
    });
  });
});

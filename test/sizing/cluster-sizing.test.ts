import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ClusterSizing, KafkaVersion, ProvisionedCluster, SizingBrokerFamily, SizingInput, SizingOptionKind } from '../../src';
import { BrokerInstanceType } from '../../src/config/broker-instance-type';
import { problemsOf } from '../util/errors';
import { testApp, vpcStack } from '../util/stacks';

// Per-broker caps used below (see src/sizing/family-plans.ts):
//   standard kafka.m7g ingress cap = min(5 MB/s × vCPU, EBS MiB/s / RF), egress cap = 2 × ingress cap
//     RF 3: large min(10, 250/3=83.3)=10   xlarge min(20, 83.3)=20   2xlarge min(40, 312.5/3=104.2)=40
//           4xlarge min(80, 625/3=208.3)=80  8xlarge min(160, 1000/3=333.3)=160  12xlarge min(240, 333.3)=240
//   Express (AWS sustained in/out MB/s): large 15.6/31.2, xlarge 31.2/62.5, 2xlarge 62.5/125
//   Recommended partitions per broker: kafka.m7g.large 1000, 2xlarge 2000, 4xlarge+ 4000;
//     express large 1000, xlarge 1000, 2xlarge 2500
//   storage GiB (total) = ingress × hours × 3600 × RF × 1.25 / 0.6 / 1024; at most 16384 GiB per broker
// The worked examples with prices are in worked-examples.test.ts; these tests pin the sizing of one option at a time.

/** Only Express brokers. */
const EXPRESS_ONLY = { brokerFamily: SizingBrokerFamily.EXPRESS };
/** Only standard brokers with EBS storage. */
const EBS_ONLY = { allowExpress: false, allowTieredStorage: false };

describe('sizing one option', () => {
  test('tiny workload on Express → 3 × express.m7g.large', () => {
    // ingress 5/15.6 → 1; egress 10/31.2 → 1; partitions 100 × 3 = 300 / 1000 → 1
    // max(1, 1, 1, RF 3, 3 AZs) = 3 → 3 brokers, 1 per AZ (≤ 3 per AZ, so the smallest size wins)
    const r = ClusterSizing.recommend({ ingressMBps: 5, egressMBps: 10, retentionHours: 24, partitions: 100, ...EXPRESS_ONLY });
    expect(r.instanceType.instanceType).toBe('express.m7g.large');
    expect(r.express).toBe(true);
    expect(r.kind).toBe(SizingOptionKind.EXPRESS);
    expect(r.brokerCount).toBe(3);
    expect(r.brokersPerAz).toBe(1);
    expect(r.volumeSizeGiB).toBeUndefined();
    expect(r.provisionedThroughputMiBps).toBeUndefined();
    expect(r.tieredStorageAdvised).toBe(false);
    expect(r.reasons[0]).toBe('Express brokers.');
  });

  test('tiny workload on standard brokers → 3 × kafka.m7g.large with 879 GiB', () => {
    // ingress 5/10 → 1; egress 10/20 → 1; partitions 300/1000 → 1; storage 2636.7 / 16384 → 1 → max(…, 3, 3) = 3 brokers
    // storage: 5 × 24 × 3600 = 432,000; × 3 = 1,296,000; × 1.25 = 1,620,000; / 0.6 = 2,700,000 MiB
    //          / 1024 = 2636.71875 GiB; / 3 brokers = 878.906 → 879 GiB
    // write per broker: 5 × 3 / 3 = 5 MiB/s ≤ 250 → no provisioned throughput
    const r = ClusterSizing.recommend({ ingressMBps: 5, egressMBps: 10, retentionHours: 24, partitions: 100, allowExpress: false });
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_LARGE);
    expect(r.express).toBe(false);
    expect(r.kind).toBe(SizingOptionKind.STANDARD_EBS);
    expect(r.brokerCount).toBe(3);
    expect(r.volumeSizeGiB).toBe(879);
    expect(r.provisionedThroughputMiBps).toBeUndefined();
    expect(r.tieredStorageAdvised).toBe(false);
    expect(r.reasons.join('\n')).toMatch(/879 GiB per broker/);
  });

  test('long retention on EBS alone: storage sets the broker count, and the smallest size carrying it wins', () => {
    // storage: 50 × 720 = 36,000; × 3600 = 129,600,000; × 3 = 388,800,000; × 1.25 = 486,000,000;
    //          / 0.6 = 810,000,000 MiB; / 1024 = 791,015.625 GiB; / 16384 = 48.3 → 49 brokers → 51 (17 per AZ)
    // every size needs 51 (storage beats ingress 5, egress 5, partitions 1) → none ≤ 3 per AZ → fewest brokers,
    // ties to the smallest size: kafka.m7g.large; volume 791,015.625 / 51 = 15,510.1 → 15,511 GiB
    const r = ClusterSizing.recommend({ ingressMBps: 50, egressMBps: 100, retentionHours: 720, partitions: 300, ...EBS_ONLY });
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_LARGE);
    expect(r.brokerCount).toBe(51);
    expect(r.volumeSizeGiB).toBe(15511);
    expect(r.tieredStorage).toBe(false);
    expect(r.reasons.join('\n')).toMatch(/needs the fewest brokers within maxBrokers 60/);
  });

  test('long retention with tiered storage: EBS holds only the local retention', () => {
    // local 24 h: 50 × 24 × 3600 × 3 × 1.25 / 0.6 / 1024 = 26,367.1875 GiB / 16384 → 2 brokers
    // large: ingress 50/10 → 5; egress 100/20 → 5; partitions 900/1000 → 1 → 5 → 6 (2 per AZ) ✓
    // volume 26,367.1875 / 6 = 4394.5 → 4395 GiB; the tier holds 50 × 720 × 3600 / 1000 = 129,600 GB-month
    const comparison = ClusterSizing.compare({ ingressMBps: 50, egressMBps: 100, retentionHours: 720, partitions: 300, allowExpress: false });
    const tiered = comparison.options.find((o) => o.kind === SizingOptionKind.STANDARD_TIERED)!;
    expect(tiered.plan).toMatchObject({
      brokerCount: 6, volumeSizeGiB: 4395, tieredStorage: true, tieredStorageAdvised: true, localRetentionHours: 24,
    });
    expect(tiered.plan!.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_LARGE);
    expect(tiered.estimate!.unpriced).toEqual([expect.objectContaining({ item: 'Tiered storage', quantity: 129600, unit: 'GB-month', priceProperty: 'tieredStorageGBMonthUsd' })]);
    expect(tiered.plan!.reasons.join('\n')).toMatch(/local.retention.ms to 24 h/);
  });

  test('tiered retrieval is a second unpriced line, and the break-even is then a monthly total', () => {
    const comparison = ClusterSizing.compare({
      ingressMBps: 50, egressMBps: 100, retentionHours: 720, partitions: 300, allowExpress: false, tieredRetrievalGBPerMonth: 1000,
    });
    const tiered = comparison.options.find((o) => o.kind === SizingOptionKind.STANDARD_TIERED)!;
    expect(tiered.estimate!.unpriced.map((u) => [u.item, u.quantity, u.unit, u.priceProperty])).toEqual([
      ['Tiered storage', 129600, 'GB-month', 'tieredStorageGBMonthUsd'],
      ['Tiered storage retrieval', 1000, 'GB', 'tieredRetrievalGBUsd'],
    ]);
    expect(tiered.notes.join(' ')).toMatch(/Cheaper than the recommendation while Tiered storage and Tiered storage retrieval together cost less than [\d,.]+ USD a month/);
  });

  test('storage above one volume with short retention adds brokers; tiered storage is ruled out below 72 h', () => {
    // storage: 200 × 48 × 3600 × 3 × 1.25 / 0.6 / 1024 = 210,937.5 GiB / 16384 = 12.9 → 13 brokers
    // large: ingress 200/10 → 20 → 21; xlarge: ingress 10, egress 200/40 → 5, storage 13 → 13 → 15 (5 per AZ);
    // larger sizes also need 15 (storage) → none ≤ 3 per AZ → fewest brokers: 15, first at xlarge
    // volume 210,937.5 / 15 = 14,062.5 → 14,063 GiB; write 200 × 3 / 15 = 40 MiB/s → no provisioned throughput
    const comparison = ClusterSizing.compare({ ingressMBps: 200, egressMBps: 200, retentionHours: 48, partitions: 600, allowExpress: false });
    const r = comparison.recommendation!;
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_XLARGE);
    expect(r.brokerCount).toBe(15);
    expect(r.brokersPerAz).toBe(5);
    expect(r.volumeSizeGiB).toBe(14063);
    expect(r.provisionedThroughputMiBps).toBeUndefined();
    const tiered = comparison.options.find((o) => o.kind === SizingOptionKind.STANDARD_TIERED)!;
    expect(tiered).toMatchObject({ eligible: false, fits: false });
    expect(tiered.notes.join(' ')).toMatch(/tiered storage keeps data at least 72 hours, and retention is 48 h/);
  });

  test('high write → provisioned throughput on kafka.m7g.12xlarge', () => {
    // large 1500/10 → 150 and xlarge 75 are above maxBrokers 60; 2xlarge 38 → 39 (13/AZ); 4xlarge 1500/80 → 19 → 21 (7/AZ);
    // 8xlarge 1500/160 → 10 → 12 (4/AZ) ✗; 12xlarge 1500/240 = 6.25 → 7; egress 1500/480 → 4;
    //   partitions 3000/4000 → 1; storage 32,959 / 16384 → 3 → 7 → 9 (3/AZ) ✓
    // storage: 1500 × 1 × 3600 = 5,400,000; × 3 = 16,200,000; × 1.25 = 20,250,000; / 0.6 = 33,750,000 MiB
    //          / 1024 = 32,958.98 GiB; / 9 = 3662.11 → 3663 GiB
    // write per broker: 1500 × 3 / 9 = 500 MiB/s > 250 → provision 500 (max 1000 on 12xlarge)
    const r = ClusterSizing.recommend({ ingressMBps: 1500, egressMBps: 1500, retentionHours: 1, partitions: 1000, ...EBS_ONLY });
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_12XLARGE);
    expect(r.brokerCount).toBe(9);
    expect(r.volumeSizeGiB).toBe(3663);
    expect(r.provisionedThroughputMiBps).toBe(500);
    expect(r.reasons.join('\n')).toMatch(/provision 500 MiB\/s per broker/);
  });

  test('partitions force more brokers (Express)', () => {
    // large: ingress 10/15.6 → 1; egress 20/31.2 → 1; partitions 2000 × 3 = 6000 / 1000 → 6 → 6 (2/AZ)
    const r = ClusterSizing.recommend({ ingressMBps: 10, egressMBps: 20, retentionHours: 24, partitions: 2000, ...EXPRESS_ONLY });
    expect(r.instanceType).toBe(BrokerInstanceType.EXPRESS_M7G_LARGE);
    expect(r.brokerCount).toBe(6);
    expect(r.brokersPerAz).toBe(2);
    expect(r.reasons.join('\n')).toMatch(/6000 replicas \(2000 × RF 3\) \/ 1000 recommended per broker → 6 brokers/);
  });

  test('partitions force a larger size when the small one needs over 3 brokers per AZ', () => {
    // 4000 × 3 = 12,000 replicas: large 12,000/1000 = 12 (4/AZ) ✗; xlarge 12,000/1000 = 12 ✗;
    // 2xlarge 12,000/2500 = 4.8 → 5 → 6 (2/AZ) ✓
    const r = ClusterSizing.recommend({ ingressMBps: 10, egressMBps: 20, retentionHours: 24, partitions: 4000, ...EXPRESS_ONLY });
    expect(r.instanceType).toBe(BrokerInstanceType.EXPRESS_M7G_2XLARGE);
    expect(r.brokerCount).toBe(6);
  });

  test('partitions force more standard brokers', () => {
    // large: ingress 10/10 → 1; egress 20/20 → 1; partitions 6000/1000 → 6 → 6 brokers
    // storage: 10 × 24 × 3600 × 3 × 1.25 / 0.6 / 1024 = 5273.4375 GiB; / 6 = 878.9 → 879 GiB
    const r = ClusterSizing.recommend({ ingressMBps: 10, egressMBps: 20, retentionHours: 24, partitions: 2000, allowExpress: false });
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_LARGE);
    expect(r.brokerCount).toBe(6);
    expect(r.volumeSizeGiB).toBe(879);
  });

  test('RF 2 over 2 AZs cannot use Express and gives 2 brokers', () => {
    // large cap min(10, 250/2 = 125) = 10: 5/10 → 1; partitions 200/1000 → 1 → max(1, 1, 1, 2, 2) = 2
    // storage: 5 × 24 × 3600 × 2 = 864,000; × 1.25 / 0.6 = 1,800,000 MiB; / 1024 = 1757.8 GiB; / 2 = 878.9 → 879
    const comparison = ClusterSizing.compare({
      ingressMBps: 5, egressMBps: 5, retentionHours: 24, partitions: 100, replicationFactor: 2, azCount: 2,
    });
    const r = comparison.recommendation!;
    expect(r.express).toBe(false);
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_LARGE);
    expect(r.brokerCount).toBe(2);
    expect(r.brokersPerAz).toBe(1);
    expect(r.volumeSizeGiB).toBe(879);
    const express = comparison.options.find((o) => o.kind === SizingOptionKind.EXPRESS)!;
    expect(express).toMatchObject({ eligible: false, fits: false, recommended: false });
    expect(express.notes.join(' ')).toMatch(/Express brokers need RF 3 over 3 AZs \(got RF 2, 2 AZs/);
  });

  test('headroom sizes for more than the workload, and bills usage on the workload itself', () => {
    // headroom 0.5: 20 MB/s → 30 planned. Express large: 30/15.6 → 2; egress 60/31.2 → 2 → 3 brokers (as without it: 20/15.6 → 2)
    // standard large: 30/10 → 3; egress 60/20 → 3 → 3; storage 30 × 24 × 3600 × 3 × 1.25 / 0.6 / 1024 = 15,820.3 GiB / 3 → 5274 GiB
    const comparison = ClusterSizing.compare({ ingressMBps: 20, egressMBps: 40, retentionHours: 24, partitions: 100, headroom: 0.5 });
    const ebs = comparison.options.find((o) => o.kind === SizingOptionKind.STANDARD_EBS)!;
    expect(ebs.plan).toMatchObject({ brokerCount: 3, volumeSizeGiB: 5274 });
    const express = comparison.options.find((o) => o.kind === SizingOptionKind.EXPRESS)!;
    // data in: 20 × 3600 × 730 / 1000 = 52,560 GB (the workload, not the headroom); storage 20 × 24 × 3.6 = 1728 GB-month
    expect(express.estimate!.lines.find((l) => l.item === 'Express data in')!.quantity).toBe(52560);
    expect(express.estimate!.unpriced[0].quantity).toBe(1728);
    expect(comparison.summary).toMatch(/planned with 50% headroom/);
  });

  test('broker count is always a multiple of azCount', () => {
    for (const ingressMBps of [1, 7, 33, 120, 480]) {
      for (const allowExpress of [true, false]) {
        const r = ClusterSizing.recommend({ ingressMBps, egressMBps: ingressMBps * 2, retentionHours: 24, partitions: 50, allowExpress });
        expect(r.brokerCount % 3).toBe(0);
        expect(r.brokersPerAz * 3).toBe(r.brokerCount);
      }
    }
  });

  test('beyond every size fitting 3 per AZ, the size needing the fewest brokers is used', () => {
    // Express 16xlarge: 5000/500 = 10 → 12 brokers (4/AZ); no size fits 3 per AZ; 16xlarge needs the fewest
    const r = ClusterSizing.recommend({ ingressMBps: 5000, egressMBps: 5000, retentionHours: 24, partitions: 100, ...EXPRESS_ONLY });
    expect(r.instanceType).toBe(BrokerInstanceType.EXPRESS_M7G_16XLARGE);
    expect(r.brokerCount).toBe(12);
    expect(r.reasons.join('\n')).toMatch(/express.m7g.16xlarge needs the fewest brokers/);
  });

  test('a Kafka version without Express or tiered storage rules them out, and a ZooKeeper version caps brokers at 30', () => {
    const comparison = ClusterSizing.compare({ ingressMBps: 10, egressMBps: 20, retentionHours: 168, partitions: 100, kafkaVersion: KafkaVersion.of('3.7.x') });
    const express = comparison.options.find((o) => o.kind === SizingOptionKind.EXPRESS)!;
    expect(express.eligible).toBe(false);
    expect(express.notes.join(' ')).toMatch(/Express brokers do not run Kafka 3.7.x/);
    expect(comparison.summary).toMatch(/at most 30 brokers/);
    const old = ClusterSizing.compare({ ingressMBps: 10, egressMBps: 20, retentionHours: 168, partitions: 100, kafkaVersion: KafkaVersion.of('3.5.1') });
    expect(old.options.find((o) => o.kind === SizingOptionKind.STANDARD_TIERED)!.notes.join(' ')).toMatch(/tiered storage needs Kafka 3.6 or later/);
  });

  const valid: SizingInput = { ingressMBps: 5, egressMBps: 10, retentionHours: 24, partitions: 100 };
  test.each<[string, Partial<SizingInput>, string, string, RegExp]>([
    ['ingress is 0', { ingressMBps: 0 }, 'SizingInputInvalid', 'ingressMBps', /must be a positive number/],
    ['ingress is negative', { ingressMBps: -1 }, 'SizingInputInvalid', 'ingressMBps', /\(got -1\)/],
    ['ingress is NaN', { ingressMBps: Number.NaN }, 'SizingInputInvalid', 'ingressMBps', /\(got NaN\)/],
    ['egress is negative', { egressMBps: -1 }, 'SizingInputInvalid', 'egressMBps', /must be 0 or more/],
    ['retention is 0', { retentionHours: 0 }, 'SizingInputInvalid', 'retentionHours', /must be a positive number of hours/],
    ['partitions is 0', { partitions: 0 }, 'SizingInputInvalid', 'partitions', /must be a whole number ≥ 1/],
    ['partitions is fractional', { partitions: 1.5 }, 'SizingInputInvalid', 'partitions', /\(got 1.5\)/],
    ['replicationFactor is 0', { replicationFactor: 0 }, 'SizingInputInvalid', 'replicationFactor', /must be a whole number from 1 to 9/],
    ['replicationFactor exceeds 3 per AZ', { replicationFactor: 10 }, 'SizingInputInvalid', 'replicationFactor', /\(got 10\)/],
    ['azCount is 1', { azCount: 1 }, 'SizingInputInvalid', 'azCount', /must be 2 or 3/],
    ['azCount is 4', { azCount: 4 }, 'SizingInputInvalid', 'azCount', /\(got 4\)/],
    ['brokerFamily EXPRESS with allowExpress: false', { brokerFamily: SizingBrokerFamily.EXPRESS, allowExpress: false }, 'SizingExpressNotAllowed', 'brokerFamily',
      /EXPRESS contradicts allowExpress: false. Fix:/],
    ['brokerFamily EXPRESS with RF 2', { brokerFamily: SizingBrokerFamily.EXPRESS, replicationFactor: 2 }, 'SizingExpressLayout', 'brokerFamily',
      /EXPRESS needs replicationFactor 3 over azCount 3 \(got RF 2, 3 AZs\).*Fix:/],
    ['brokerFamily EXPRESS over 2 AZs', { brokerFamily: SizingBrokerFamily.EXPRESS, azCount: 2, replicationFactor: 2 }, 'SizingExpressLayout', 'brokerFamily', /EXPRESS needs/],
    ['the current cluster is Express and the layout is not RF 3 over 3 AZs', { current: { brokerFamily: SizingBrokerFamily.EXPRESS }, azCount: 2, replicationFactor: 2 },
      'SizingExpressLayout', 'current.brokerFamily', /^current.brokerFamily: EXPRESS needs replicationFactor 3 over azCount 3 \(got RF 2, 2 AZs\)/],
    ['headroom is negative', { headroom: -0.1 }, 'SizingInputInvalid', 'headroom', /must be a fraction from 0 to 10 \(got -0.1\)/],
    ['maxBrokers is below the AZ count', { maxBrokers: 2 }, 'SizingInputInvalid', 'maxBrokers', /must be a whole number ≥ azCount \(3\)/],
    ['localRetentionHours is not below retention', { localRetentionHours: 24 }, 'SizingInputInvalid', 'localRetentionHours', /below retentionHours \(24\).*local.retention.ms < retention.ms/],
    ['tieredRetrievalGBPerMonth is negative', { tieredRetrievalGBPerMonth: -1 }, 'SizingInputInvalid', 'tieredRetrievalGBPerMonth', /must be 0 or more GB/],
    ['current.volumeSizeGiB is above 16384', { current: { brokerFamily: SizingBrokerFamily.STANDARD, volumeSizeGiB: 20000 } }, 'SizingInputInvalid', 'current.volumeSizeGiB', /from 1 to 16384/],
    ['brokerFamily contradicts the current cluster', { brokerFamily: SizingBrokerFamily.STANDARD, current: { brokerFamily: SizingBrokerFamily.EXPRESS } },
      'SizingCurrentFamilyConflict', 'brokerFamily', /STANDARD contradicts current.brokerFamily EXPRESS.*Fix:/],
    ['an Express cluster is given a volume', { current: { brokerFamily: SizingBrokerFamily.EXPRESS, volumeSizeGiB: 100 } }, 'SizingCurrentExpressStorage', 'current.volumeSizeGiB', /no EBS volume/],
    ['region is not a Region name', { region: 'Ireland' }, 'SizingRegionInvalid', 'region', /^region: must be a Region name such as eu-west-1 \(got 'Ireland'\)\. Fix:/],
    ['one broker-hour price is given for a comparison', { prices: { brokerHourUsd: 0.3 } }, 'SizingBrokerPriceAmbiguous', 'prices.brokerHourUsd', /brokerHourUsdByInstanceType/],
  ])('fails when %s', (_name, override, ruleId, property, message) => {
    const problems = problemsOf(() => ClusterSizing.recommend({ ...valid, ...override }));
    expect(problems.map((p) => [p.ruleId, p.property])).toEqual([[ruleId, property]]);
    expect(problems[0].message).toMatch(message);
  });
});

describe('pinning the broker family', () => {
  const workload: SizingInput = { ingressMBps: 20, egressMBps: 40, retentionHours: 24, partitions: 100 };
  // An assumed Express storage price, low enough for Express to win this workload (not a published price).
  const cheapExpressStorage = { expressStorageGBMonthUsd: 0.01 };

  test('an unpinned plan changes family when the replication factor changes; a pinned one cannot', () => {
    const first = ClusterSizing.recommend({ ...workload, prices: cheapExpressStorage });
    const replanned = ClusterSizing.recommend({ ...workload, prices: cheapExpressStorage, replicationFactor: 2 });
    expect([first.express, replanned.express]).toEqual([true, false]);
    expect([first.brokerFamilyPinned, replanned.brokerFamilyPinned]).toEqual([false, false]);
    expect(() => ClusterSizing.recommend({ ...workload, replicationFactor: 2, brokerFamily: SizingBrokerFamily.EXPRESS })).toThrow(/brokerFamily: EXPRESS/);
  });

  test('STANDARD keeps standard brokers even where Express would be cheaper, and says why', () => {
    const comparison = ClusterSizing.compare({ ...workload, prices: cheapExpressStorage, brokerFamily: SizingBrokerFamily.STANDARD });
    const r = comparison.recommendation!;
    expect(r.express).toBe(false);
    expect(r.volumeSizeGiB).toBeGreaterThan(0);
    expect(r.brokerFamilyPinned).toBe(true);
    const express = comparison.options.find((o) => o.kind === SizingOptionKind.EXPRESS)!;
    expect(express).toMatchObject({ eligible: false, fits: true, recommended: false });
    expect(express.notes.join(' ')).toMatch(/Ruled out: brokerFamily is STANDARD\..*less than the recommendation, but is ruled out/);
  });

  test('EXPRESS gives the same plan as the unpinned choice where Express is cheapest, marked pinned', () => {
    const pinned = ClusterSizing.recommend({ ...workload, prices: cheapExpressStorage, brokerFamily: SizingBrokerFamily.EXPRESS });
    const unpinned = ClusterSizing.recommend({ ...workload, prices: cheapExpressStorage });
    expect({ ...pinned, brokerFamilyPinned: undefined }).toEqual({ ...unpinned, brokerFamilyPinned: undefined });
    expect(pinned.brokerFamilyPinned).toBe(true);
  });

  test('allowExpress: false pins standard brokers', () => {
    expect(ClusterSizing.recommend({ ...workload, allowExpress: false }).brokerFamilyPinned).toBe(true);
  });
});

describe('re-plans of an existing cluster', () => {
  test('never lowers the volume size', () => {
    // 5 MB/s, 24 h on 3 × kafka.m7g.large needs 879 GiB per broker; the cluster already has 2000
    const r = ClusterSizing.recommend({
      ingressMBps: 5,
      egressMBps: 10,
      retentionHours: 24,
      partitions: 100,
      current: { brokerFamily: SizingBrokerFamily.STANDARD, volumeSizeGiB: 2000 },
    });
    expect(r.volumeSizeGiB).toBe(2000);
    expect(r.brokerFamilyPinned).toBe(true);
    expect(r.reasons.join('\n')).toMatch(/Volume kept at the current 2000 GiB: EBS volumes only grow/);
  });

  test('keeps the family even when the other one is cheaper, and lists the other as a migration', () => {
    const comparison = ClusterSizing.compare({
      ingressMBps: 20,
      egressMBps: 40,
      retentionHours: 24,
      partitions: 100,
      prices: { expressStorageGBMonthUsd: 0.01 },
      current: { brokerFamily: SizingBrokerFamily.STANDARD },
    });
    expect(comparison.recommendation!.express).toBe(false);
    const express = comparison.options.find((o) => o.kind === SizingOptionKind.EXPRESS)!;
    expect(express).toMatchObject({ migrationNeeded: true, eligible: false, fits: true });
    expect(express.notes[0]).toMatch(/the current cluster has Standard brokers.*new cluster and a migration/);
    expect(comparison.migrationNeeded).toBe(false);
  });

  test('keeps tiered storage on', () => {
    const comparison = ClusterSizing.compare({
      ingressMBps: 10,
      egressMBps: 20,
      retentionHours: 168,
      partitions: 100,
      allowExpress: false,
      current: { brokerFamily: SizingBrokerFamily.STANDARD, tieredStorage: true },
    });
    expect(comparison.recommendation!.tieredStorage).toBe(true);
    expect(comparison.options.find((o) => o.kind === SizingOptionKind.STANDARD_EBS)!.notes[0]).toMatch(/uses tiered storage, and the planner does not plan turning it off/);
  });

  test('fails when the workload outgrows the current family: a migration is needed, not a silent switch', () => {
    // Express 16xlarge carries 500 MB/s: 2000 MB/s needs 4 → 6 brokers, above maxBrokers 3; standard tiered on
    // 8xlarge+ … also exceeds 3. With maxBrokers 12: Express 6 ✓ — so use a current STANDARD cluster with EBS and tiered ruled out
    const input: SizingInput = {
      ingressMBps: 400,
      egressMBps: 400,
      retentionHours: 24,
      partitions: 100,
      maxBrokers: 6,
      current: { brokerFamily: SizingBrokerFamily.STANDARD },
    };
    // standard: 12xlarge 400/240 → 2, storage 400 × 24 × 3600 × 3 × 1.25 / 0.6 / 1024 = 210,937.5 GiB / 16384 → 13 brokers > 6 ✗
    // Express: 4xlarge 400/124.9 → 4 → 6 ✓ (not ≤ 3 per AZ at 8xlarge? 400/250 → 2 → 3 ✓)
    const comparison = ClusterSizing.compare(input);
    expect(comparison.recommendation).toBeUndefined();
    expect(comparison.migrationNeeded).toBe(true);
    expect(comparison.fitsOneCluster).toBe(true);
    expect(comparison.summary).toMatch(/a new cluster of another family and a migration are needed/);
    expect(problemsOf(() => ClusterSizing.recommend(input)).map((p) => p.ruleId)).toEqual(['SizingMigrationNeeded']);
    expect(() => ClusterSizing.recommend(input)).toThrow(/outgrows the current STANDARD cluster.*create a new Express brokers cluster and migrate/);
  });
});

describe('prices and Regions in a comparison', () => {
  const workload: SizingInput = { ingressMBps: 5, egressMBps: 10, retentionHours: 24, partitions: 100 };

  test('a cluster for another Region is warned, naming every price still taken from the us-east-1 table', () => {
    const comparison = ClusterSizing.compare({ ...workload, region: 'eu-west-1', prices: { storageGBMonthUsd: 0.11 } });
    expect(comparison.warnings).toEqual(expect.arrayContaining([expect.stringMatching(
      /^The cluster is for eu-west-1, but these prices are the us-east-1 table's \(2026-06..2026-09\): brokerHourUsdByInstanceType\['express.m7g.large'\], brokerHourUsdByInstanceType\['kafka.m7g.large'\], expressDataInGBUsd\. .*prices.region: 'eu-west-1'/,
    )]));
    expect(comparison.summary).toMatch(/Warnings:\n {2}- The cluster is for eu-west-1/);
  });

  test('no Region warning once every price used is given for that Region', () => {
    const comparison = ClusterSizing.compare({
      ...workload,
      region: 'eu-west-1',
      allowExpress: false,
      prices: { region: 'eu-west-1', storageGBMonthUsd: 0.11, brokerHourUsdByInstanceType: { 'kafka.m7g.large': 0.224 } },
    });
    expect(comparison.warnings).toEqual([]);
    expect(comparison.priceRegion).toBe('eu-west-1');
    expect(comparison.recommendation!.priceRegion).toBe('eu-west-1');
  });

  test('the source is the dated public pricing page', () => {
    const comparison = ClusterSizing.compare(workload);
    expect(comparison.priceSource).toBe('AWS list prices for US East (N. Virginia), https://aws.amazon.com/msk/pricing/, read 2026-06..2026-09; estimates only');
    expect(comparison.priceDate).toBe('2026-06..2026-09');
  });
});

describe('ProvisionedCluster takes a sizing plan directly', () => {
  test('instance type, brokers per AZ and storage come from the plan; explicit props win', () => {
    const { stack, vpc } = vpcStack();
    const plan = ClusterSizing.recommend({
      ingressMBps: 1500, egressMBps: 1500, retentionHours: 24, partitions: 600, allowExpress: false, maxBrokers: 90,
    });
    const cluster = new ProvisionedCluster(stack, 'Planned', { vpc, sizing: plan });
    expect(cluster.instanceType).toBe(plan.instanceType);
    expect(cluster.numberOfBrokerNodes).toBe(plan.brokerCount);
    const template = Template.fromStack(stack);
    const props = Object.values(template.findResources('AWS::MSK::Cluster'))[0].Properties;
    // The planned size reaches VolumeSize through the deploy-time volume-size lookup (never below the live size).
    expect(props.BrokerNodeGroupInfo.StorageInfo.EBSStorageInfo.VolumeSize).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PlannedBrokerVolumeSize/), 'VolumeSize'] });
    template.hasResourceProperties('Custom::MskBrokerVolumeSize', { VolumeSize: String(plan.volumeSizeGiB) });
    const throughput = plan.provisionedThroughputMiBps;
    expect(props.BrokerNodeGroupInfo.StorageInfo.EBSStorageInfo.ProvisionedThroughput)
      .toEqual(throughput === undefined ? undefined : { Enabled: true, VolumeThroughput: throughput });
    expect(plan.volumeSizeGiB).toBeGreaterThan(0);

    const { stack: other, vpc: otherVpc } = vpcStack();
    const explicit = new ProvisionedCluster(other, 'Planned', { vpc: otherVpc, sizing: plan, brokersPerAz: 4 });
    expect(explicit.numberOfBrokerNodes).toBe(12);
  });

  test('an Express plan gives Express brokers and no storage settings', () => {
    const { stack, vpc } = vpcStack();
    const plan = ClusterSizing.recommend({ ingressMBps: 10, egressMBps: 20, retentionHours: 24, partitions: 30, ...EXPRESS_ONLY });
    const cluster = new ProvisionedCluster(stack, 'Planned', { vpc, sizing: plan });
    expect(cluster.instanceType.isExpress).toBe(true);
  });

  test('a tiered-storage plan turns tiered storage on', () => {
    const { stack, vpc } = vpcStack();
    const plan = ClusterSizing.recommend({
      ingressMBps: 50, egressMBps: 100, retentionHours: 720, partitions: 300, allowExpress: false, prices: { tieredStorageGBMonthUsd: 0.02 },
    });
    expect(plan.kind).toBe(SizingOptionKind.STANDARD_TIERED);
    new ProvisionedCluster(stack, 'Planned', { vpc, sizing: plan });
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Cluster', { StorageMode: 'TIERED' });
  });

  function synthIn(region: string, plan: ReturnType<typeof ClusterSizing.recommend>): string[] {
    const app = testApp();
    const stack = new Stack(app, 'Test', { env: { region } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: [`${region}a`, `${region}b`, `${region}c`], natGateways: 0 });
    new ProvisionedCluster(stack, 'Planned', { vpc, sizing: plan });
    return Annotations.fromStack(stack).findWarning('/Test/Planned', Match.stringLikeRegexp('SizingPriceRegion')).map((w) => String(w.entry.data));
  }

  test('a plan priced for another Region than the stack\'s is warned, naming the prices to pass', () => {
    const plan = ClusterSizing.recommend({ ingressMBps: 5, egressMBps: 10, retentionHours: 24, partitions: 100, allowExpress: false });
    expect(plan.priceRegion).toBe('us-east-1');
    expect(synthIn('eu-west-1', plan)).toEqual([expect.stringMatching(
      /^sizing: the plan was priced with us-east-1 prices, but the stack is in eu-west-1.*Fix: copy eu-west-1's prices from https:\/\/aws.amazon.com\/msk\/pricing\/ into ClusterSizing.compare\(\{ ..., prices: \{ region: 'eu-west-1'/,
    )]);
    expect(synthIn('us-east-1', plan)).toEqual([]);
    const priced = ClusterSizing.recommend({ ingressMBps: 5, egressMBps: 10, retentionHours: 24, partitions: 100, allowExpress: false, prices: { region: 'eu-west-1' } });
    expect(synthIn('eu-west-1', priced)).toEqual([]);
  });
});

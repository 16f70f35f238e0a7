import { Template } from 'aws-cdk-lib/assertions';
import { ProvisionedCluster } from '../../src';
import { BrokerInstanceType } from '../../src/config/broker-instance-type';
import { ClusterSizing, SizingBrokerFamily, SizingInput } from '../../src/sizing/cluster-sizing';
import { problemsOf } from '../util/errors';
import { vpcStack } from '../util/stacks';

// Per-broker caps used below (see src/sizing/cluster-sizing.ts):
//   standard kafka.m7g ingress cap = min(5 MB/s × vCPU, EBS MiB/s / RF), egress cap = 2 × ingress cap
//     RF 3: large min(10, 250/3=83.3)=10   xlarge min(20, 83.3)=20   2xlarge min(40, 312.5/3=104.2)=40
//           4xlarge min(80, 625/3=208.3)=80  8xlarge min(160, 1000/3=333.3)=160  12xlarge min(240, 333.3)=240
//   Express (AWS sustained in/out MB/s): large 15.6/31.2, xlarge 31.2/62.5, 2xlarge 62.5/125
//   Recommended partitions per broker: kafka.m7g.large 1000, 2xlarge 2000, 4xlarge+ 4000;
//     express large 1000, xlarge 1000, 2xlarge 2500
//   storage GiB (total) = ingress × hours × 3600 × RF × 1.25 / 0.6 / 1024

describe('ClusterSizing.recommend', () => {
  test('tiny workload with Express allowed → 3 × express.m7g.large', () => {
    // ingress 5/15.6 → 1; egress 10/31.2 → 1; partitions 100 × 3 = 300 / 1000 → 1
    // max(1, 1, 1, RF 3, 3 AZs) = 3 → 3 brokers, 1 per AZ (≤ 3 per AZ, so the smallest size wins)
    const r = ClusterSizing.recommend({ ingressMBps: 5, egressMBps: 10, retentionHours: 24, partitions: 100 });
    expect(r.instanceType.instanceType).toBe('express.m7g.large');
    expect(r.express).toBe(true);
    expect(r.brokerCount).toBe(3);
    expect(r.brokersPerAz).toBe(1);
    expect(r.volumeSizeGiB).toBeUndefined();
    expect(r.provisionedThroughputMiBps).toBeUndefined();
    expect(r.tieredStorageAdvised).toBe(false);
    expect(r.reasons.join('\n')).toMatch(/Express brokers: allowed/);
  });

  test('tiny workload, Express disallowed → 3 × kafka.m7g.large with 879 GiB', () => {
    // ingress 5/10 → 1; egress 10/20 → 1; partitions 300/1000 → 1 → max(…, 3, 3) = 3 brokers
    // storage: 5 × 24 × 3600 = 432,000; × 3 = 1,296,000; × 1.25 = 1,620,000; / 0.6 = 2,700,000 MiB
    //          / 1024 = 2636.71875 GiB; / 3 brokers = 878.906 → 879 GiB
    // write per broker: 5 × 3 / 3 = 5 MiB/s ≤ 250 → no provisioned throughput
    const r = ClusterSizing.recommend({ ingressMBps: 5, egressMBps: 10, retentionHours: 24, partitions: 100, allowExpress: false });
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_LARGE);
    expect(r.express).toBe(false);
    expect(r.brokerCount).toBe(3);
    expect(r.volumeSizeGiB).toBe(879);
    expect(r.provisionedThroughputMiBps).toBeUndefined();
    expect(r.tieredStorageAdvised).toBe(false);
    expect(r.reasons.join('\n')).toMatch(/allowExpress: false/);
    expect(r.reasons.join('\n')).toMatch(/879 GiB per broker/);
  });

  test('huge retention → tiered storage advised, volume capped at 16384 GiB', () => {
    // large: ingress 50/10 → 5; egress 100/20 → 5; partitions 900/1000 → 1 → 5 → 6 brokers (2 per AZ)
    // storage: 50 × 720 = 36,000; × 3600 = 129,600,000; × 3 = 388,800,000; × 1.25 = 486,000,000;
    //          / 0.6 = 810,000,000 MiB; / 1024 = 791,015.625 GiB; / 6 = 131,836 GiB > 16384
    // retention 720 h ≥ 72 h → tiered storage; without it ceil(791,015.625 / 16384) = 49 → 51 brokers
    const r = ClusterSizing.recommend({ ingressMBps: 50, egressMBps: 100, retentionHours: 720, partitions: 300, allowExpress: false });
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_LARGE);
    expect(r.brokerCount).toBe(6);
    expect(r.volumeSizeGiB).toBe(16384);
    expect(r.tieredStorageAdvised).toBe(true);
    expect(r.reasons.join('\n')).toMatch(/Tiered storage is advised.*51 brokers/);
  });

  test('storage above the cap with short retention adds brokers instead of tiered storage', () => {
    // large: 200/10 → 20 → 21 (7/AZ) ✗; xlarge: 200/20 → 10 → 12 (4/AZ) ✗
    // 2xlarge: 200/40 → 5; egress 200/80 → 3; partitions 1800/2000 → 1 → 5 → 6 (2/AZ) ✓
    // storage: 200 × 48 × 3600 = 34,560,000; × 3 = 103,680,000; × 1.25 = 129,600,000; / 0.6 = 216,000,000 MiB
    //          / 1024 = 210,937.5 GiB; / 6 = 35,156 > 16384; 48 h < 72 h → ceil(210,937.5 / 16384) = 13 → 15 brokers
    //          210,937.5 / 15 = 14,062.5 → 14,063 GiB; write 200 × 3 / 15 = 40 MiB/s → no provisioned throughput
    const r = ClusterSizing.recommend({ ingressMBps: 200, egressMBps: 200, retentionHours: 48, partitions: 600, allowExpress: false });
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_2XLARGE);
    expect(r.brokerCount).toBe(15);
    expect(r.brokersPerAz).toBe(5);
    expect(r.volumeSizeGiB).toBe(14063);
    expect(r.tieredStorageAdvised).toBe(false);
    expect(r.provisionedThroughputMiBps).toBeUndefined();
  });

  test('high write → provisioned throughput on kafka.m7g.12xlarge', () => {
    // large 1500/10 → 150; xlarge 75; 2xlarge 38 → 39 (13/AZ); 4xlarge 1500/80 → 19 → 21 (7/AZ);
    // 8xlarge 1500/160 → 10 → 12 (4/AZ) ✗; 12xlarge 1500/240 = 6.25 → 7; egress 1500/480 → 4;
    //   partitions 3000/4000 → 1 → 7 → 9 (3/AZ) ✓
    // storage: 1500 × 1 × 3600 = 5,400,000; × 3 = 16,200,000; × 1.25 = 20,250,000; / 0.6 = 33,750,000 MiB
    //          / 1024 = 32,958.98 GiB; / 9 = 3662.11 → 3663 GiB
    // write per broker: 1500 × 3 / 9 = 500 MiB/s > 250 → provision 500 (max 1000 on 12xlarge)
    const r = ClusterSizing.recommend({ ingressMBps: 1500, egressMBps: 1500, retentionHours: 1, partitions: 1000, allowExpress: false });
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_12XLARGE);
    expect(r.brokerCount).toBe(9);
    expect(r.volumeSizeGiB).toBe(3663);
    expect(r.provisionedThroughputMiBps).toBe(500);
    expect(r.reasons.join('\n')).toMatch(/provision 500 MiB\/s per broker/);
  });

  test('partitions force more brokers (Express)', () => {
    // large: ingress 10/15.6 → 1; egress 20/31.2 → 1; partitions 2000 × 3 = 6000 / 1000 → 6 → 6 (2/AZ)
    const r = ClusterSizing.recommend({ ingressMBps: 10, egressMBps: 20, retentionHours: 24, partitions: 2000 });
    expect(r.instanceType).toBe(BrokerInstanceType.EXPRESS_M7G_LARGE);
    expect(r.brokerCount).toBe(6);
    expect(r.brokersPerAz).toBe(2);
    expect(r.reasons.join('\n')).toMatch(/6000 replicas \/ 1000 recommended per broker → 6 brokers/);
  });

  test('partitions force a larger size when the small one needs over 3 brokers per AZ', () => {
    // 4000 × 3 = 12,000 replicas: large 12,000/1000 = 12 (4/AZ) ✗; xlarge 12,000/1000 = 12 ✗;
    // 2xlarge 12,000/2500 = 4.8 → 5 → 6 (2/AZ) ✓
    const r = ClusterSizing.recommend({ ingressMBps: 10, egressMBps: 20, retentionHours: 24, partitions: 4000 });
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
    const r = ClusterSizing.recommend({ ingressMBps: 5, egressMBps: 5, retentionHours: 24, partitions: 100, replicationFactor: 2, azCount: 2 });
    expect(r.express).toBe(false);
    expect(r.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_LARGE);
    expect(r.brokerCount).toBe(2);
    expect(r.brokersPerAz).toBe(1);
    expect(r.volumeSizeGiB).toBe(879);
    expect(r.reasons[0]).toMatch(/Express needs RF 3 over exactly 3 AZs/);
  });

  test('broker count is always a multiple of azCount', () => {
    for (const ingressMBps of [1, 7, 33, 120, 480, 2000]) {
      for (const allowExpress of [true, false]) {
        const r = ClusterSizing.recommend({ ingressMBps, egressMBps: ingressMBps * 2, retentionHours: 24, partitions: 50, allowExpress });
        expect(r.brokerCount % 3).toBe(0);
        expect(r.brokersPerAz * 3).toBe(r.brokerCount);
      }
    }
  });

  test('beyond every size fitting 3 per AZ, the largest size is used', () => {
    // Express 16xlarge: 5000/500 = 10 → 12 brokers (4/AZ); no size fits 3 per AZ
    const r = ClusterSizing.recommend({ ingressMBps: 5000, egressMBps: 5000, retentionHours: 24, partitions: 100 });
    expect(r.instanceType).toBe(BrokerInstanceType.EXPRESS_M7G_16XLARGE);
    expect(r.brokerCount).toBe(12);
    expect(r.reasons.join('\n')).toMatch(/using the largest/);
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
  ])('fails when %s', (_name, override, ruleId, property, message) => {
    const problems = problemsOf(() => ClusterSizing.recommend({ ...valid, ...override }));
    expect(problems.map((p) => [p.ruleId, p.property])).toEqual([[ruleId, property]]);
    expect(problems[0].message).toMatch(message);
  });
});

describe('pinning the broker family', () => {
  const workload: SizingInput = { ingressMBps: 20, egressMBps: 40, retentionHours: 24, partitions: 100 };

  test('an unpinned plan changes family when the replication factor changes; a pinned one cannot', () => {
    const first = ClusterSizing.recommend(workload);
    const replanned = ClusterSizing.recommend({ ...workload, replicationFactor: 2 });
    expect([first.express, replanned.express]).toEqual([true, false]);
    expect([first.brokerFamilyPinned, replanned.brokerFamilyPinned]).toEqual([false, false]);
    expect(() => ClusterSizing.recommend({ ...workload, replicationFactor: 2, brokerFamily: SizingBrokerFamily.EXPRESS })).toThrow(/brokerFamily: EXPRESS/);
  });

  test('STANDARD keeps standard brokers even where Express would be chosen, and says so', () => {
    const r = ClusterSizing.recommend({ ...workload, brokerFamily: SizingBrokerFamily.STANDARD });
    expect(r.express).toBe(false);
    expect(r.instanceType.isExpress).toBe(false);
    expect(r.volumeSizeGiB).toBeGreaterThan(0);
    expect(r.brokerFamilyPinned).toBe(true);
    expect(r.reasons[0]).toBe('Standard kafka.m7g brokers: pinned by brokerFamily.');
  });

  test('EXPRESS gives the same plan as the unpinned default where Express is chosen, marked pinned', () => {
    const pinned = ClusterSizing.recommend({ ...workload, brokerFamily: SizingBrokerFamily.EXPRESS });
    const unpinned = ClusterSizing.recommend(workload);
    expect({ ...pinned, reasons: [], brokerFamilyPinned: undefined }).toEqual({ ...unpinned, reasons: [], brokerFamilyPinned: undefined });
    expect(pinned.brokerFamilyPinned).toBe(true);
    expect(pinned.reasons[0]).toBe('Express brokers: pinned by brokerFamily.');
  });

  test('allowExpress: false pins standard brokers', () => {
    expect(ClusterSizing.recommend({ ...workload, allowExpress: false }).brokerFamilyPinned).toBe(true);
  });
});

describe('ProvisionedCluster takes a sizing plan directly', () => {
  test('instance type, brokers per AZ and storage come from the plan; explicit props win', () => {
    const { stack, vpc } = vpcStack();
    const plan = ClusterSizing.recommend({ ingressMBps: 1500, egressMBps: 1500, retentionHours: 24, partitions: 600, allowExpress: false });
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
    const plan = ClusterSizing.recommend({ ingressMBps: 10, egressMBps: 20, retentionHours: 24, partitions: 30 });
    const cluster = new ProvisionedCluster(stack, 'Planned', { vpc, sizing: plan });
    expect(cluster.instanceType.isExpress).toBe(true);
  });
});

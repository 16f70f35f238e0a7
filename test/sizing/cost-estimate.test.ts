import { BrokerInstanceType } from '../../src/config/broker-instance-type';
import { CostEstimator, estimateProvisionedMonthlyCost, estimateServerlessMonthlyCost } from '../../src/sizing/cost-estimate';
import { BROKER_HOUR_USD, MskPriceTable, PRICE_TABLE_DATE, PRICE_TABLE_REGION, PRICE_TABLE_SOURCE } from '../../src/sizing/price-table';
import { errorOf } from '../util/errors';

describe('estimateProvisionedMonthlyCost', () => {
  test('3 × kafka.m7g.large with 100 GiB', () => {
    // brokers: 3 × 730 = 2190 broker-hours × 0.204 = 446.76
    // storage: 3 × 100 = 300 GB-month × 0.10 = 30.00
    // total 446.76 + 30.00 = 476.76
    const e = estimateProvisionedMonthlyCost({ instanceType: BrokerInstanceType.KAFKA_M7G_LARGE, brokerCount: 3, volumeSizeGiB: 100 });
    expect(e.lines.map((l) => [l.quantity, l.unit, l.unitUsd, l.usd])).toEqual([
      [2190, 'broker-hour', 0.204, 446.76],
      [300, 'GB-month', 0.10, 30],
    ]);
    expect(e.monthlyUsd).toBeCloseTo(476.76, 2);
    expect(e.region).toBe('us-east-1');
    expect(e.priceDate).toBe(PRICE_TABLE_DATE);
    expect(e.source).toBe(PRICE_TABLE_SOURCE);
  });

  test('9 × kafka.m7g.12xlarge with 3663 GiB and 500 MiB/s provisioned throughput', () => {
    // brokers: 9 × 730 = 6570 × 4.896 = 26,280 + 5,886.72 = 32,166.72
    // storage: 9 × 3663 = 32,967 GB-month × 0.10 = 3,296.70
    // throughput: 9 × 500 = 4500 MiB/s-month × 0.08 = 360.00
    // total 32,166.72 + 3,296.70 + 360.00 = 35,823.42
    const e = estimateProvisionedMonthlyCost({
      instanceType: BrokerInstanceType.KAFKA_M7G_12XLARGE, brokerCount: 9, volumeSizeGiB: 3663, provisionedThroughputMiBps: 500,
    });
    expect(e.lines.map((l) => l.usd)).toEqual([32166.72, 3296.7, 360]);
    expect(e.monthlyUsd).toBeCloseTo(35823.42, 2);
  });

  test('3 × express.m7g.large writing 5 MB/s', () => {
    // data in: 5 MB/s × 3600 × 730 / 1000 = 13,140 GB × 0.01 = 131.40
    // brokers: 2190 × 0.408 = 893.52; total 893.52 + 131.40 = 1,024.92
    const e = CostEstimator.provisionedMonthly({
      instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, brokerCount: 3, expressIngressGBPerMonth: 13140,
    });
    expect(e.lines.map((l) => l.usd)).toEqual([893.52, 131.4]);
    expect(e.monthlyUsd).toBeCloseTo(1024.92, 2);
  });

  test('every BrokerInstanceType constant has a price', () => {
    for (const type of Object.values(BrokerInstanceType).filter((v): v is BrokerInstanceType => v instanceof BrokerInstanceType)) {
      expect(BROKER_HOUR_USD[type.instanceType]).toBeGreaterThan(0);
    }
    expect(MskPriceTable.brokerHourUsd('express.m7g.16xlarge')).toBe(13.056);
    expect(MskPriceTable.REGION).toBe(PRICE_TABLE_REGION);
    expect(MskPriceTable.HOURS_PER_MONTH).toBe(730);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['the instance type has no price', () => estimateProvisionedMonthlyCost({ instanceType: BrokerInstanceType.of('kafka.m8g.large'), brokerCount: 3 }), /instanceType: no us-east-1 price for 'kafka.m8g.large'/],
    ['brokerCount is 0', () => estimateProvisionedMonthlyCost({ instanceType: BrokerInstanceType.KAFKA_M7G_LARGE, brokerCount: 0 }), /brokerCount: must be a whole number ≥ 1/],
    ['Express gets a volume', () => estimateProvisionedMonthlyCost({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, brokerCount: 3, volumeSizeGiB: 100 }), /volumeSizeGiB: Express brokers/],
    ['throughput on a type that cannot provision it', () => estimateProvisionedMonthlyCost({ instanceType: BrokerInstanceType.KAFKA_M7G_LARGE, brokerCount: 3, provisionedThroughputMiBps: 300 }), /provisionedThroughputMiBps: kafka.m7g.large cannot provision/],
    ['Express data in on a standard broker', () => estimateProvisionedMonthlyCost({ instanceType: BrokerInstanceType.KAFKA_M7G_LARGE, brokerCount: 3, expressIngressGBPerMonth: 10 }), /expressIngressGBPerMonth: only Express/],
    ['volume is negative', () => estimateProvisionedMonthlyCost({ instanceType: BrokerInstanceType.KAFKA_M7G_LARGE, brokerCount: 3, volumeSizeGiB: -5 }), /volumeSizeGiB: must be a number ≥ 1/],
  ])('fails when %s', (_name, fn, message) => {
    expect(errorOf(fn)).toMatch(message);
  });
});

describe('estimateServerlessMonthlyCost', () => {
  test('100 partitions, 1000 GB in, 2000 GB out, 500 GB stored', () => {
    // cluster: 730 × 0.75 = 547.50
    // partitions: 100 × 730 = 73,000 partition-hours × 0.0015 = 109.50
    // in: 1000 × 0.10 = 100.00; out: 2000 × 0.05 = 100.00; storage: 500 × 0.10 = 50.00
    // total 547.50 + 109.50 + 100 + 100 + 50 = 907.00
    const e = estimateServerlessMonthlyCost({ partitions: 100, ingressGBPerMonth: 1000, egressGBPerMonth: 2000, storageGB: 500 });
    expect(e.lines.map((l) => l.usd)).toEqual([547.5, 109.5, 100, 100, 50]);
    expect(e.monthlyUsd).toBeCloseTo(907, 2);
    expect(CostEstimator.serverlessMonthly({ partitions: 100, ingressGBPerMonth: 1000, egressGBPerMonth: 2000, storageGB: 500 })).toEqual(e);
  });

  test('fails when an input is negative', () => {
    expect(errorOf(() => estimateServerlessMonthlyCost({ partitions: 1, ingressGBPerMonth: -1, egressGBPerMonth: 0, storageGB: 0 }))).toMatch(/ingressGBPerMonth: must be a number ≥ 0/);
    expect(errorOf(() => estimateServerlessMonthlyCost({ partitions: 1.5, ingressGBPerMonth: 0, egressGBPerMonth: 0, storageGB: 0 }))).toMatch(/partitions: must be a whole number/);
  });
});

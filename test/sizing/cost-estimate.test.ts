import { BrokerInstanceType } from '../../src/config/broker-instance-type';
import { ClusterSizing, SizingBrokerFamily } from '../../src/sizing/cluster-sizing';
import { CostEstimator, estimateProvisionedMonthlyCost, estimateServerlessMonthlyCost, ProvisionedCostInput } from '../../src/sizing/cost-estimate';
import {
  BROKER_HOUR_USD,
  EXPRESS_STORAGE_GB_MONTH_USD,
  MskPriceTable,
  PRICE_TABLE_DATE,
  PRICE_TABLE_REGION,
  PRICE_TABLE_SOURCE,
  TIERED_RETRIEVAL_GB_USD,
  TIERED_STORAGE_GB_MONTH_USD,
} from '../../src/sizing/price-table';
import { problemsOf } from '../util/errors';

/** The message of the one problem of the validation error `fn` throws (read as data, not from the error text). */
function problemMessage(fn: () => unknown): string {
  const problems = problemsOf(fn);
  expect(problems).toHaveLength(1);
  return problems[0].message;
}

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
    expect(e.overriddenPrices).toEqual([]);
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

  test('3 × express.m7g.large, 1000 GB in, 500 GB-month of Express storage at a user price of 0.10', () => {
    // brokers: 3 × 730 = 2190 broker-hours × 0.408 = 893.52 (table)
    // data in: 1000 GB × 0.01 = 10.00 (table)
    // storage: 500 GB-month × 0.10 = 50.00 (the user's price: the table has none)
    // total 893.52 + 10.00 + 50.00 = 953.52
    const e = estimateProvisionedMonthlyCost({
      instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE,
      brokerCount: 3,
      expressIngressGBPerMonth: 1000,
      expressStorageGBMonth: 500,
      prices: { expressStorageGBMonthUsd: 0.10 },
    });
    expect(e.lines.map((l) => [l.item, l.quantity, l.unit, l.unitUsd, l.usd])).toEqual([
      ['express.m7g.large broker-hours', 2190, 'broker-hour', 0.408, 893.52],
      ['Express data in', 1000, 'GB', 0.01, 10],
      ['Express storage', 500, 'GB-month', 0.10, 50],
    ]);
    expect(e.monthlyUsd).toBeCloseTo(953.52, 2);
    expect(e.overriddenPrices).toEqual(['expressStorageGBMonthUsd']);
    expect(e.source).toBe(`user-supplied prices (expressStorageGBMonthUsd); other prices: ${PRICE_TABLE_SOURCE}`);
    expect(e.region).toBe('us-east-1');
    expect(e.priceDate).toBe(PRICE_TABLE_DATE);
  });

  test('6 × kafka.m7g.xlarge with 1000 GiB, 2000 GB-month tiered and 400 GB retrieved, at user tiered prices', () => {
    // Hypothetical user prices (not AWS prices): tiered 0.25 per GB-month, retrieval 0.50 per GB.
    // brokers: 6 × 730 = 4380 broker-hours × 0.408 = 1,787.04 (table)
    // EBS: 6 × 1000 = 6000 GB-month × 0.10 = 600.00 (table)
    // tiered: 2000 GB-month × 0.25 = 500.00; retrieval: 400 GB × 0.50 = 200.00
    // total 1,787.04 + 600.00 + 500.00 + 200.00 = 3,087.04
    const e = estimateProvisionedMonthlyCost({
      instanceType: BrokerInstanceType.KAFKA_M7G_XLARGE,
      brokerCount: 6,
      volumeSizeGiB: 1000,
      tieredStorageGBMonth: 2000,
      tieredRetrievalGBPerMonth: 400,
      prices: { tieredStorageGBMonthUsd: 0.25, tieredRetrievalGBUsd: 0.5 },
    });
    expect(e.lines.map((l) => [l.item, l.quantity, l.unit, l.unitUsd, l.usd])).toEqual([
      ['kafka.m7g.xlarge broker-hours', 4380, 'broker-hour', 0.408, 1787.04],
      ['EBS storage', 6000, 'GB-month', 0.10, 600],
      ['Tiered storage', 2000, 'GB-month', 0.25, 500],
      ['Tiered storage retrieval', 400, 'GB', 0.5, 200],
    ]);
    expect(e.monthlyUsd).toBeCloseTo(3087.04, 2);
    expect(e.overriddenPrices).toEqual(['tieredRetrievalGBUsd', 'tieredStorageGBMonthUsd']);
  });

  test('overrides replace table prices; only the overrides that price a line are listed', () => {
    // Hypothetical user prices for eu-west-1 (not AWS prices): broker-hour 0.50, storage 0.20 per GB-month.
    // brokers: 2190 broker-hours × 0.50 = 1,095.00 (table: × 0.204 = 446.76)
    // storage: 300 GB-month × 0.20 = 60.00 (table: × 0.10 = 30.00)
    // total 1,095.00 + 60.00 = 1,155.00
    // expressDataInGBUsd and serverlessClusterHourUsd price no line of this estimate, so they are not listed.
    const e = estimateProvisionedMonthlyCost({
      instanceType: BrokerInstanceType.KAFKA_M7G_LARGE,
      brokerCount: 3,
      volumeSizeGiB: 100,
      prices: { region: 'eu-west-1', brokerHourUsd: 0.5, storageGBMonthUsd: 0.2, expressDataInGBUsd: 0.02, serverlessClusterHourUsd: 1 },
    });
    expect(e.lines.map((l) => [l.unitUsd, l.usd])).toEqual([[0.5, 1095], [0.2, 60]]);
    expect(e.monthlyUsd).toBeCloseTo(1155, 2);
    expect(e.overriddenPrices).toEqual(['brokerHourUsd', 'storageGBMonthUsd']);
    expect(e.source).toBe('user-supplied prices (brokerHourUsd, storageGBMonthUsd)');
    expect(e.region).toBe('eu-west-1');
    expect(e.priceDate).toBe(PRICE_TABLE_DATE);
  });

  test('an override of 0 is a price; a region alone changes only the label', () => {
    // brokers: 2190 × 0 = 0; throughput: 3 × 300 = 900 MiB/s-month × 0.08 = 72.00 (table)
    const e = estimateProvisionedMonthlyCost({
      instanceType: BrokerInstanceType.KAFKA_M7G_2XLARGE, brokerCount: 3, provisionedThroughputMiBps: 300, prices: { brokerHourUsd: 0 },
    });
    expect(e.lines.map((l) => l.usd)).toEqual([0, 72]);
    expect(e.overriddenPrices).toEqual(['brokerHourUsd']);
    const labelled = estimateProvisionedMonthlyCost({ instanceType: BrokerInstanceType.KAFKA_M7G_LARGE, brokerCount: 3, prices: { region: 'eu-west-1' } });
    expect(labelled.monthlyUsd).toBeCloseTo(446.76, 2);
    expect(labelled.region).toBe('eu-west-1');
    expect(labelled.overriddenPrices).toEqual([]);
    expect(labelled.source).toBe(PRICE_TABLE_SOURCE);
  });

  test('prices.brokerHourUsdByInstanceType wins over brokerHourUsd and the table, per instance type', () => {
    // 3 × 730 = 2190 broker-hours × 0.25 = 547.50 (by type), not 0.5 (brokerHourUsd) or 0.204 (table)
    const e = CostEstimator.provisionedMonthly({
      instanceType: BrokerInstanceType.KAFKA_M7G_LARGE,
      brokerCount: 3,
      prices: { brokerHourUsd: 0.5, brokerHourUsdByInstanceType: { 'kafka.m7g.large': 0.25, 'kafka.m7g.xlarge': 9 } },
    });
    expect(e.lines[0]).toMatchObject({ unitUsd: 0.25, usd: 547.5 });
    expect(e.overriddenPrices).toEqual(['brokerHourUsdByInstanceType']);
    expect(e.unpriced).toEqual([]);
  });

  test('fails when a price by instance type is negative', () => {
    expect(problemMessage(() => CostEstimator.provisionedMonthly({
      instanceType: BrokerInstanceType.KAFKA_M7G_LARGE, brokerCount: 3, prices: { brokerHourUsdByInstanceType: { 'kafka.m7g.large': -1 } },
    }))).toMatch(/^prices.brokerHourUsdByInstanceType\['kafka.m7g.large'\]: must be a finite number ≥ 0 in USD \(got -1\)/);
  });

  test('prices.brokerHourUsd prices an instance type the table lacks', () => {
    // 3 × 730 = 2190 broker-hours × 0.25 (hypothetical user price) = 547.50
    const e = CostEstimator.provisionedMonthly({ instanceType: BrokerInstanceType.of('kafka.m8g.large'), brokerCount: 3, prices: { brokerHourUsd: 0.25 } });
    expect(e.lines.map((l) => [l.item, l.usd])).toEqual([['kafka.m8g.large broker-hours', 547.5]]);
    expect(e.monthlyUsd).toBeCloseTo(547.5, 2);
  });

  test('the table has no Express storage or tiered storage price (the fact sheet has none)', () => {
    expect(EXPRESS_STORAGE_GB_MONTH_USD).toBeUndefined();
    expect(TIERED_STORAGE_GB_MONTH_USD).toBeUndefined();
    expect(TIERED_RETRIEVAL_GB_USD).toBeUndefined();
  });

  const EXPRESS = BrokerInstanceType.EXPRESS_M7G_LARGE;
  const STANDARD = BrokerInstanceType.KAFKA_M7G_LARGE;
  const T3 = BrokerInstanceType.KAFKA_T3_SMALL;
  const provisioned = (input: Partial<ProvisionedCostInput>) => () =>
    estimateProvisionedMonthlyCost({ instanceType: STANDARD, brokerCount: 3, ...input });

  test.each<[string, () => unknown, RegExp]>([
    ['the instance type has no price and no override', provisioned({ instanceType: BrokerInstanceType.of('kafka.m8g.large') }), /^instanceType: no us-east-1 price for 'kafka.m8g.large'.*Fix: .*or pass prices.brokerHourUsd\.$/],
    ['Express storage is given for a standard broker', provisioned({ expressStorageGBMonth: 500, prices: { expressStorageGBMonthUsd: 0.1 } }), /^expressStorageGBMonth: only Express brokers bill storage by the GB-month used; kafka.m7g.large is a standard broker\. Fix: /],
    ['Express storage has no price', provisioned({ instanceType: EXPRESS, expressStorageGBMonth: 500 }), /^expressStorageGBMonth: the dated price table \(us-east-1, 2026-06..2026-09\) has no Express storage price\. Fix: pass prices.expressStorageGBMonthUsd from aws.amazon.com\/msk\/pricing for your Region, or omit expressStorageGBMonth\.$/],
    ['Express storage is negative', provisioned({ instanceType: EXPRESS, expressStorageGBMonth: -1, prices: { expressStorageGBMonthUsd: 0.1 } }), /^expressStorageGBMonth: must be a number ≥ 0 \(got -1\)\. Fix: /],
    ['tiered storage is given for an Express broker', provisioned({ instanceType: EXPRESS, tieredStorageGBMonth: 100, prices: { tieredStorageGBMonthUsd: 0.1 } }), /^tieredStorageGBMonth: Express brokers \(express.m7g.large\) have no tiered storage\. Fix: omit tieredStorageGBMonth/],
    ['tiered storage is given for kafka.t3.small', provisioned({ instanceType: T3, tieredStorageGBMonth: 100, prices: { tieredStorageGBMonthUsd: 0.1 } }), /^tieredStorageGBMonth: kafka.t3.small cannot use tiered storage\. Fix: /],
    ['tiered storage has no price', provisioned({ tieredStorageGBMonth: 100 }), /^tieredStorageGBMonth: the dated price table \(us-east-1, 2026-06..2026-09\) has no tiered-storage price\. Fix: pass prices.tieredStorageGBMonthUsd from aws.amazon.com\/msk\/pricing for your Region, or omit tieredStorageGBMonth\.$/],
    ['tiered storage is not a number', provisioned({ tieredStorageGBMonth: Number.NaN, prices: { tieredStorageGBMonthUsd: 0.1 } }), /^tieredStorageGBMonth: must be a number ≥ 0 \(got NaN\)\. Fix: /],
    ['tiered retrieval is given for an Express broker', provisioned({ instanceType: EXPRESS, tieredRetrievalGBPerMonth: 10, prices: { tieredRetrievalGBUsd: 0.1 } }), /^tieredRetrievalGBPerMonth: Express brokers \(express.m7g.large\) have no tiered storage to read from\. Fix: /],
    ['tiered retrieval is given for kafka.t3.small', provisioned({ instanceType: T3, tieredRetrievalGBPerMonth: 10, prices: { tieredRetrievalGBUsd: 0.1 } }), /^tieredRetrievalGBPerMonth: kafka.t3.small cannot use tiered storage\. Fix: /],
    ['tiered retrieval has no price', provisioned({ tieredRetrievalGBPerMonth: 10 }), /^tieredRetrievalGBPerMonth: the dated price table \(us-east-1, 2026-06..2026-09\) has no tiered-storage retrieval price\. Fix: pass prices.tieredRetrievalGBUsd /],
    ['tiered retrieval is negative', provisioned({ tieredRetrievalGBPerMonth: -10, prices: { tieredRetrievalGBUsd: 0.1 } }), /^tieredRetrievalGBPerMonth: must be a number ≥ 0 \(got -10\)\. Fix: /],
    ['a price override is negative', provisioned({ prices: { tieredStorageGBMonthUsd: -0.1 } }), /^prices.tieredStorageGBMonthUsd: must be a finite number ≥ 0 in USD \(got -0.1\)\. Fix: pass the unit price from aws.amazon.com\/msk\/pricing for your Region, or omit prices.tieredStorageGBMonthUsd\.$/],
    ['a price override is infinite', provisioned({ prices: { brokerHourUsd: Number.POSITIVE_INFINITY } }), /^prices.brokerHourUsd: must be a finite number ≥ 0 in USD \(got Infinity\)\. Fix: /],
    ['a price override that prices no line is invalid', provisioned({ prices: { serverlessStorageGBMonthUsd: Number.NaN } }), /^prices.serverlessStorageGBMonthUsd: must be a finite number ≥ 0 in USD \(got NaN\)\. Fix: /],
    ['the price region is blank', provisioned({ prices: { region: ' ' } }), /^prices.region: must be a Region name such as eu-west-1 \(got ' '\)\. Fix: /],
    ['brokerCount is 0', provisioned({ brokerCount: 0 }), /^brokerCount: must be a whole number ≥ 1/],
    ['Express gets a volume', provisioned({ instanceType: EXPRESS, volumeSizeGiB: 100 }), /^volumeSizeGiB: Express brokers/],
    ['throughput on a type that cannot provision it', provisioned({ provisionedThroughputMiBps: 300 }), /^provisionedThroughputMiBps: kafka.m7g.large cannot provision/],
    ['Express data in on a standard broker', provisioned({ expressIngressGBPerMonth: 10 }), /^expressIngressGBPerMonth: only Express/],
    ['volume is negative', provisioned({ volumeSizeGiB: -5 }), /^volumeSizeGiB: must be a number ≥ 1/],
  ])('fails when %s', (_name, fn, message) => {
    const error = problemMessage(fn);
    expect(error).toMatch(message);
    expect(error).toMatch(/^[a-zA-Z.]+: .*Fix: /);
  });
});

describe('estimateServerlessMonthlyCost', () => {
  const USAGE = { partitions: 100, ingressGBPerMonth: 1000, egressGBPerMonth: 2000, storageGB: 500 };

  test('100 partitions, 1000 GB in, 2000 GB out, 500 GB stored', () => {
    // cluster: 730 × 0.75 = 547.50
    // partitions: 100 × 730 = 73,000 partition-hours × 0.0015 = 109.50
    // in: 1000 × 0.10 = 100.00; out: 2000 × 0.05 = 100.00; storage: 500 × 0.10 = 50.00
    // total 547.50 + 109.50 + 100 + 100 + 50 = 907.00
    const e = estimateServerlessMonthlyCost({ partitions: 100, ingressGBPerMonth: 1000, egressGBPerMonth: 2000, storageGB: 500 });
    expect(e.lines.map((l) => l.usd)).toEqual([547.5, 109.5, 100, 100, 50]);
    expect(e.monthlyUsd).toBeCloseTo(907, 2);
    expect(e.overriddenPrices).toEqual([]);
    expect(CostEstimator.serverlessMonthly({ partitions: 100, ingressGBPerMonth: 1000, egressGBPerMonth: 2000, storageGB: 500 })).toEqual(e);
  });

  test('the same usage with user cluster-hour and data-in prices', () => {
    // Hypothetical user prices (not AWS prices): cluster-hour 1.00, data in 0.20 per GB.
    // cluster: 730 × 1.00 = 730.00; partitions: 73,000 × 0.0015 = 109.50 (table)
    // in: 1000 × 0.20 = 200.00; out: 2000 × 0.05 = 100.00 (table); storage: 500 × 0.10 = 50.00 (table)
    // total 730 + 109.50 + 200 + 100 + 50 = 1,189.50
    // brokerHourUsd is a provisioned price: it prices no serverless line and is not listed.
    const e = estimateServerlessMonthlyCost({
      ...USAGE,
      prices: { region: 'ap-southeast-2', serverlessDataInGBUsd: 0.2, serverlessClusterHourUsd: 1, brokerHourUsd: 9 },
    });
    expect(e.lines.map((l) => l.usd)).toEqual([730, 109.5, 200, 100, 50]);
    expect(e.monthlyUsd).toBeCloseTo(1189.5, 2);
    expect(e.overriddenPrices).toEqual(['serverlessClusterHourUsd', 'serverlessDataInGBUsd']);
    expect(e.region).toBe('ap-southeast-2');
    expect(e.source).toBe(`user-supplied prices (serverlessClusterHourUsd, serverlessDataInGBUsd); other prices: ${PRICE_TABLE_SOURCE}`);
  });

  test('every serverless price overridden', () => {
    // Hypothetical user prices: 730 × 2 = 1460; 0 partitions × 1 = 0; 10 × 1 = 10; 20 × 1 = 20; 30 × 1 = 30; total 1,520.00
    const e = estimateServerlessMonthlyCost({
      partitions: 0,
      ingressGBPerMonth: 10,
      egressGBPerMonth: 20,
      storageGB: 30,
      prices: {
        serverlessClusterHourUsd: 2,
        serverlessPartitionHourUsd: 1,
        serverlessDataInGBUsd: 1,
        serverlessDataOutGBUsd: 1,
        serverlessStorageGBMonthUsd: 1,
      },
    });
    expect(e.monthlyUsd).toBeCloseTo(1520, 2);
    expect(e.overriddenPrices).toEqual(['serverlessClusterHourUsd', 'serverlessDataInGBUsd', 'serverlessDataOutGBUsd', 'serverlessPartitionHourUsd', 'serverlessStorageGBMonthUsd']);
    expect(e.source).toBe('user-supplied prices (serverlessClusterHourUsd, serverlessDataInGBUsd, serverlessDataOutGBUsd, serverlessPartitionHourUsd, serverlessStorageGBMonthUsd)');
  });

  test('fails when an input is negative', () => {
    expect(problemMessage(() => estimateServerlessMonthlyCost({ partitions: 1, ingressGBPerMonth: -1, egressGBPerMonth: 0, storageGB: 0 }))).toMatch(/ingressGBPerMonth: must be a number ≥ 0/);
    expect(problemMessage(() => estimateServerlessMonthlyCost({ partitions: 1.5, ingressGBPerMonth: 0, egressGBPerMonth: 0, storageGB: 0 }))).toMatch(/partitions: must be a whole number/);
  });

  test('fails when a serverless price override is negative', () => {
    expect(problemMessage(() => estimateServerlessMonthlyCost({ ...USAGE, prices: { serverlessDataOutGBUsd: -1 } })))
      .toMatch(/^prices.serverlessDataOutGBUsd: must be a finite number ≥ 0 in USD \(got -1\)\. Fix: /);
  });
});

describe('CostEstimator.forRecommendation', () => {
  const WORKLOAD = { ingressMBps: 40, egressMBps: 120, retentionHours: 72, partitions: 600 };

  test('an Express plan: its brokers, and its planned ingress as data in', () => {
    // The plan: 6 × express.m7g.large. Ingress 40 MB/s × 3600 s × 730 h / 1000 = 105,120 GB a month.
    // brokers: 6 × 730 = 4380 broker-hours × 0.408 = 1,787.04; data in: 105,120 GB × 0.01 = 1,051.20
    // total 1,787.04 + 1,051.20 = 2,838.24
    const plan = ClusterSizing.recommend({ ...WORKLOAD, brokerFamily: SizingBrokerFamily.EXPRESS });
    expect([plan.instanceType.instanceType, plan.brokerCount, plan.ingressGBPerMonth]).toEqual(['express.m7g.large', 6, 105120]);
    const e = CostEstimator.forRecommendation(plan);
    expect(e.lines.map((l) => [l.item, l.quantity, l.usd])).toEqual([
      ['express.m7g.large broker-hours', 4380, 1787.04],
      ['Express data in', 105120, 1051.2],
    ]);
    expect(e.monthlyUsd).toBeCloseTo(2838.24, 2);
  });

  test('a standard plan: its brokers and volumes', () => {
    // The plan: 6 × kafka.m7g.large; volume 40 MB/s × 72 h × 3600 × RF 3 × 1.25 / 0.6 / 1024 = 63,281.25 GiB / 6 → 10,547 GiB each.
    // brokers: 4380 broker-hours × 0.204 = 893.52; EBS: 6 × 10,547 = 63,282 GB-month × 0.10 = 6,328.20
    // total 893.52 + 6,328.20 = 7,221.72
    const plan = ClusterSizing.recommend({ ...WORKLOAD, allowExpress: false, allowTieredStorage: false });
    expect([plan.instanceType.instanceType, plan.brokerCount, plan.volumeSizeGiB]).toEqual(['kafka.m7g.large', 6, 10547]);
    const e = CostEstimator.forRecommendation(plan);
    expect(e.lines.map((l) => [l.item, l.quantity, l.usd])).toEqual([
      ['kafka.m7g.large broker-hours', 4380, 893.52],
      ['EBS storage', 63282, 6328.2],
    ]);
    expect(e.monthlyUsd).toBeCloseTo(7221.72, 2);
  });

  test('a tiered-storage plan, with the tiered volume and its price from the options', () => {
    // EBS alone cannot hold 720 h (3,164,062.5 GiB / 16384 → 194 brokers > 60), so the plan is tiered with 24 h local:
    // 200 × 24 × 3600 × 3 × 1.25 / 0.6 / 1024 = 105,468.75 GiB / 16384 → 7; 2xlarge: ingress 200/40 → 5, egress 400/80 → 5 → 7 → 9 (3 per AZ)
    // volume 105,468.75 / 9 = 11,718.75 → 11,719 GiB. Hypothetical user price (not an AWS price): tiered 0.02 per GB-month.
    // brokers: 9 × 730 = 6570 × 0.816 = 5,361.12; EBS: 9 × 11,719 = 105,471 GB-month × 0.10 = 10,547.10;
    // tiered: 500,000 GB-month × 0.02 = 10,000.00; total 5,361.12 + 10,547.10 + 10,000.00 = 25,908.22
    const plan = ClusterSizing.recommend({ ingressMBps: 200, egressMBps: 400, retentionHours: 720, partitions: 600, allowExpress: false });
    expect([plan.instanceType.instanceType, plan.brokerCount, plan.volumeSizeGiB, plan.tieredStorageAdvised])
      .toEqual(['kafka.m7g.2xlarge', 9, 11719, true]);
    const e = CostEstimator.forRecommendation(plan, { tieredStorageGBMonth: 500_000, prices: { tieredStorageGBMonthUsd: 0.02 } });
    expect(e.lines.map((l) => l.usd)).toEqual([5361.12, 10547.1, 10000]);
    expect(e.monthlyUsd).toBeCloseTo(25908.22, 2);
    expect(e.overriddenPrices).toEqual(['tieredStorageGBMonthUsd']);
  });

  test('an Express plan keeps its unpriced storage line until options price it', () => {
    // 40 MB/s × 72 h × 3600 / 1000 = 10,368 GB-month of Express storage, with no table price
    const plan = ClusterSizing.recommend({ ...WORKLOAD, brokerFamily: SizingBrokerFamily.EXPRESS });
    const unpriced = CostEstimator.forRecommendation(plan).unpriced;
    expect(unpriced.map((u) => [u.item, u.quantity, u.priceProperty])).toEqual([['Express storage', 10368, 'expressStorageGBMonthUsd']]);
    // Hypothetical user price (not an AWS price): 0.05 × 10,368 = 518.40 on top of 2,838.24
    const priced = CostEstimator.forRecommendation(plan, { expressStorageGBMonth: 10368, prices: { expressStorageGBMonthUsd: 0.05 } });
    expect(priced.unpriced).toEqual([]);
    expect(priced.monthlyUsd).toBeCloseTo(3356.64, 2);
  });

  test('options.expressIngressGBPerMonth replaces the planned ingress', () => {
    // 1,000 GB × 0.01 = 10.00 instead of 1,051.20
    const plan = ClusterSizing.recommend({ ...WORKLOAD, brokerFamily: SizingBrokerFamily.EXPRESS });
    const e = CostEstimator.forRecommendation(plan, { expressIngressGBPerMonth: 1000 });
    expect(e.lines[1].usd).toBe(10);
  });

  test('fails when an Express plan written by hand does not say its ingress', () => {
    const plan = {
      instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, express: true, brokerCount: 3, brokersPerAz: 1, tieredStorageAdvised: false, reasons: [],
    };
    expect(problemMessage(() => CostEstimator.forRecommendation(plan)))
      .toMatch(/^plan\.ingressGBPerMonth: this Express plan does not say how much clients write.*Fix: pass options\.expressIngressGBPerMonth/);
  });

  test('fails when a standard plan is given Express-only usage', () => {
    const plan = ClusterSizing.recommend({ ...WORKLOAD, allowExpress: false });
    expect(problemMessage(() => CostEstimator.forRecommendation(plan, { expressIngressGBPerMonth: 10 }))).toMatch(/^expressIngressGBPerMonth: only Express brokers bill data in/);
  });
});

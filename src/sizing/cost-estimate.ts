import {
  BROKER_HOUR_USD,
  EXPRESS_DATA_IN_GB_USD,
  EXPRESS_STORAGE_GB_MONTH_USD,
  HOURS_PER_MONTH,
  PRICE_TABLE_DATE,
  PRICE_TABLE_REGION,
  PRICE_TABLE_SOURCE,
  PROVISIONED_THROUGHPUT_MIBPS_MONTH_USD,
  SERVERLESS_CLUSTER_HOUR_USD,
  SERVERLESS_DATA_IN_GB_USD,
  SERVERLESS_DATA_OUT_GB_USD,
  SERVERLESS_PARTITION_HOUR_USD,
  SERVERLESS_STORAGE_GB_MONTH_USD,
  STORAGE_GB_MONTH_USD,
  TIERED_RETRIEVAL_GB_USD,
  TIERED_STORAGE_GB_MONTH_USD,
} from './price-table';
import { SizingRecommendation } from './sizing-types';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { defineMessages } from '../validation/registry';

/** The errors of the cost estimates (each names the input, the value and the fix). */
const COST_ERRORS = defineMessages({
  name: 'COST_ESTIMATE_ERRORS',
  file: 'src/sizing/cost-estimate.ts',
  severity: 'error',
  kind: 'CostEstimator',
  checkedBy: ['CostEstimator', 'estimateProvisionedMonthlyCost', 'estimateServerlessMonthlyCost', 'estimateRecommendationMonthlyCost'],
}, {
  CostBrokerPriceMissing: (instanceType: string) => `instanceType: no ${PRICE_TABLE_REGION} price for '${instanceType}' in the MSK price table (${PRICE_TABLE_DATE}). Fix: use one of: ${Object.keys(BROKER_HOUR_USD).join(', ')}; or pass prices.brokerHourUsd.`,
  CostExpressVolume: (instanceType: string) => `volumeSizeGiB: Express brokers (${instanceType}) have no EBS volume to size. Fix: omit volumeSizeGiB (price Express storage with expressStorageGBMonth).`,
  CostThroughputUnsupported: (instanceType: string) => `provisionedThroughputMiBps: ${instanceType} cannot provision storage throughput. Fix: use kafka.m5.4xlarge+ or kafka.m7g.2xlarge+, or omit provisionedThroughputMiBps.`,
  CostIngressNotExpress: (instanceType: string) => `expressIngressGBPerMonth: only Express brokers bill data in; ${instanceType} is a standard broker. Fix: omit expressIngressGBPerMonth.`,
  CostExpressStorageNotExpress: (instanceType: string) => `expressStorageGBMonth: only Express brokers bill storage by the GB-month used; ${instanceType} is a standard broker. Fix: price its EBS volume with volumeSizeGiB (or tiered storage with tieredStorageGBMonth), or omit expressStorageGBMonth.`,
  CostExpressStoragePriceMissing: () => `expressStorageGBMonth: the dated price table (${PRICE_TABLE_REGION}, ${PRICE_TABLE_DATE}) has no Express storage price. Fix: pass prices.expressStorageGBMonthUsd from aws.amazon.com/msk/pricing for your Region, or omit expressStorageGBMonth.`,
  CostTieredStorageExpress: (instanceType: string) => `tieredStorageGBMonth: Express brokers (${instanceType}) have no tiered storage. Fix: omit tieredStorageGBMonth (price Express storage with expressStorageGBMonth).`,
  CostTieredStorageBurstable: (instanceType: string) => `tieredStorageGBMonth: ${instanceType} cannot use tiered storage. Fix: use a kafka.m5 or kafka.m7g broker, or omit tieredStorageGBMonth.`,
  CostTieredStoragePriceMissing: () => `tieredStorageGBMonth: the dated price table (${PRICE_TABLE_REGION}, ${PRICE_TABLE_DATE}) has no tiered-storage price. Fix: pass prices.tieredStorageGBMonthUsd from aws.amazon.com/msk/pricing for your Region, or omit tieredStorageGBMonth.`,
  CostTieredRetrievalExpress: (instanceType: string) => `tieredRetrievalGBPerMonth: Express brokers (${instanceType}) have no tiered storage to read from. Fix: omit tieredRetrievalGBPerMonth.`,
  CostTieredRetrievalBurstable: (instanceType: string) => `tieredRetrievalGBPerMonth: ${instanceType} cannot use tiered storage. Fix: use a kafka.m5 or kafka.m7g broker, or omit tieredRetrievalGBPerMonth.`,
  CostTieredRetrievalPriceMissing: () => `tieredRetrievalGBPerMonth: the dated price table (${PRICE_TABLE_REGION}, ${PRICE_TABLE_DATE}) has no tiered-storage retrieval price. Fix: pass prices.tieredRetrievalGBUsd from aws.amazon.com/msk/pricing for your Region, or omit tieredRetrievalGBPerMonth.`,
  CostExpressPlanIngressMissing: () => 'plan.ingressGBPerMonth: this Express plan does not say how much clients write, and Express bills data in. Fix: pass options.expressIngressGBPerMonth, or estimate a plan from ClusterSizing.recommend.',
  CostPriceRegionInvalid: (region: string) => `prices.region: must be a Region name such as eu-west-1 (got '${region}'). Fix: pass the Region your prices are for, or omit prices.region.`,
  CostPriceInvalid: (name: string, value: string) => `prices.${name}: must be a finite number ≥ 0 in USD (got ${value}). Fix: pass the unit price from aws.amazon.com/msk/pricing for your Region, or omit prices.${name}.`,
  CostInputInvalid: (field: string, min: number, value: number, fix: string) => `${field}: must be a number ≥ ${min} (got ${value}). Fix: ${fix}.`,
  CostInputNotWhole: (field: string, min: number, value: number, fix: string) => `${field}: must be a whole number ≥ ${min} (got ${value}). Fix: ${fix}.`,
});

/**
 * USD unit prices that replace the dated us-east-1 price table in a cost estimate: for another Region,
 * a newer price list, or the items the table has no price for. Copy them from
 * aws.amazon.com/msk/pricing. Each must be a finite number ≥ 0.
 *
 * Express storage and tiered storage have no table price: an estimate that uses
 * `expressStorageGBMonth`, `tieredStorageGBMonth` or `tieredRetrievalGBPerMonth` needs the matching
 * override. Prices you do not override stay the us-east-1 table's, even when you set `region`.
 */
export interface MskPriceOverrides {
  /**
   * The Region the prices are for; becomes the estimate's `region`.
   * @default - the table's Region, us-east-1
   */
  readonly region?: string;
  /**
   * Provisioned: broker-hour price of the estimate's instance type, USD. Also prices an instance type the table lacks.
   * @default - the table price of the instance type
   */
  readonly brokerHourUsd?: number;
  /**
   * Broker-hour prices by instance type string (e.g. `{ 'kafka.m7g.large': 0.2 }`), USD. They win over
   * `brokerHourUsd` and the table. A sizing comparison prices several instance types: give each here.
   * @default - `brokerHourUsd`, else the table price of the instance type
   */
  readonly brokerHourUsdByInstanceType?: { [instanceType: string]: number };
  /**
   * Standard brokers: EBS storage, USD per GB-month.
   * @default - the table price
   */
  readonly storageGBMonthUsd?: number;
  /**
   * Standard brokers: provisioned storage throughput, USD per MiB/s-month.
   * @default - the table price
   */
  readonly provisionedThroughputMiBpsMonthUsd?: number;
  /**
   * Express brokers: data written in, USD per GB.
   * @default - the table price
   */
  readonly expressDataInGBUsd?: number;
  /**
   * Express brokers: storage used, USD per GB-month. Not in the table: required with `expressStorageGBMonth`.
   * @default - no price
   */
  readonly expressStorageGBMonthUsd?: number;
  /**
   * Standard brokers: tiered (low-cost) storage, USD per GB-month. Not in the table: required with `tieredStorageGBMonth`.
   * @default - no price
   */
  readonly tieredStorageGBMonthUsd?: number;
  /**
   * Standard brokers: data retrieved from tiered storage, USD per GB. Not in the table: required with `tieredRetrievalGBPerMonth`.
   * @default - no price
   */
  readonly tieredRetrievalGBUsd?: number;
  /**
   * MSK Serverless: USD per cluster-hour.
   * @default - the table price
   */
  readonly serverlessClusterHourUsd?: number;
  /**
   * MSK Serverless: USD per partition-hour.
   * @default - the table price
   */
  readonly serverlessPartitionHourUsd?: number;
  /**
   * MSK Serverless: data in, USD per GB.
   * @default - the table price
   */
  readonly serverlessDataInGBUsd?: number;
  /**
   * MSK Serverless: data out, USD per GB.
   * @default - the table price
   */
  readonly serverlessDataOutGBUsd?: number;
  /**
   * MSK Serverless: storage, USD per GB-month.
   * @default - the table price
   */
  readonly serverlessStorageGBMonthUsd?: number;
}

/** The name of one overridable unit price (a number property of `MskPriceOverrides`). */
type PriceName = Exclude<keyof MskPriceOverrides, 'region' | 'brokerHourUsdByInstanceType'>;

/** Every overridable unit price, for validation (a Record so that a new property cannot be forgotten). */
const PRICE_NAMES: ReadonlyArray<PriceName> = Object.keys({
  brokerHourUsd: true,
  storageGBMonthUsd: true,
  provisionedThroughputMiBpsMonthUsd: true,
  expressDataInGBUsd: true,
  expressStorageGBMonthUsd: true,
  tieredStorageGBMonthUsd: true,
  tieredRetrievalGBUsd: true,
  serverlessClusterHourUsd: true,
  serverlessPartitionHourUsd: true,
  serverlessDataInGBUsd: true,
  serverlessDataOutGBUsd: true,
  serverlessStorageGBMonthUsd: true,
} satisfies Record<PriceName, true>) as PriceName[];

/** What a provisioned (standard or Express) cluster is made of, for a monthly cost estimate. */
export interface ProvisionedCostInput {
  /** Broker instance type; must be in the price table unless `prices.brokerHourUsd` is given. */
  readonly instanceType: BrokerInstanceType;
  /** Number of brokers (whole, at least 1). */
  readonly brokerCount: number;
  /**
   * EBS volume per broker, GiB (standard brokers only).
   * @default - no storage line
   */
  readonly volumeSizeGiB?: number;
  /**
   * Provisioned storage throughput per broker, MiB/s (standard kafka.m5.4xlarge+ / kafka.m7g.2xlarge+ only).
   * Estimated on the full provisioned value, which errs high if a baseline is free.
   * @default - no provisioned throughput
   */
  readonly provisionedThroughputMiBps?: number;
  /**
   * Express brokers: GB written by clients per month.
   * @default - no data-in line
   */
  readonly expressIngressGBPerMonth?: number;
  /**
   * Express brokers: average GB stored over the month (Express bills the storage used, per GB-month).
   * The price table has no Express storage price: pass `prices.expressStorageGBMonthUsd` with it.
   * @default - no Express storage line
   */
  readonly expressStorageGBMonth?: number;
  /**
   * Standard brokers (not kafka.t3.small): average GB held in tiered storage over the month.
   * The price table has no tiered-storage price: pass `prices.tieredStorageGBMonthUsd` with it.
   * @default - no tiered storage line
   */
  readonly tieredStorageGBMonth?: number;
  /**
   * Standard brokers (not kafka.t3.small): GB read back from tiered storage per month.
   * The price table has no retrieval price: pass `prices.tieredRetrievalGBUsd` with it.
   * @default - no retrieval line
   */
  readonly tieredRetrievalGBPerMonth?: number;
  /**
   * Unit prices that replace the table's, and prices the table lacks.
   * @default - the dated us-east-1 price table
   */
  readonly prices?: MskPriceOverrides;
}

/** What an MSK Serverless cluster uses in a month, for a cost estimate. */
export interface ServerlessCostInput {
  /** Partitions held all month. */
  readonly partitions: number;
  /** GB written by clients per month. */
  readonly ingressGBPerMonth: number;
  /** GB read by clients per month. */
  readonly egressGBPerMonth: number;
  /** Average GB stored over the month. */
  readonly storageGB: number;
  /**
   * Unit prices that replace the table's (only the serverless prices apply).
   * @default - the dated us-east-1 price table
   */
  readonly prices?: MskPriceOverrides;
}

/** One line of a cost estimate. */
export interface CostLine {
  /** What is billed, e.g. `kafka.m7g.large broker-hours`. */
  readonly item: string;
  /** How many units. */
  readonly quantity: number;
  /** The billing unit, e.g. `broker-hour`. */
  readonly unit: string;
  /** Price per unit, USD. */
  readonly unitUsd: number;
  /** quantity × unitUsd, rounded to cents. */
  readonly usd: number;
}

/**
 * A cost an estimate knows the quantity of but has no price for: it is not in `monthlyUsd`, and the
 * line says which price to pass.
 */
export interface UnpricedCost {
  /** What is billed, e.g. `Express storage`. */
  readonly item: string;
  /** How many units the plan uses. */
  readonly quantity: number;
  /** The billing unit, e.g. `GB-month`. */
  readonly unit: string;
  /** The `MskPriceOverrides` property that prices it, e.g. `expressStorageGBMonthUsd`. */
  readonly priceProperty: string;
  /** How the quantity was worked out, and where to find the price. */
  readonly note: string;
}

/** A monthly cost estimate built from a dated price table. */
export interface CostEstimate {
  /** Sum of the priced lines, USD per month, rounded to cents. With `unpriced` lines it is a lower bound. */
  readonly monthlyUsd: number;
  /** The billed items. */
  readonly lines: CostLine[];
  /** Costs the estimate knows the quantity of but could not price (empty when every cost is priced). */
  readonly unpriced: UnpricedCost[];
  /** When the table prices were collected (prices you override carry no date). */
  readonly priceDate: string;
  /** Where the prices come from: the table, or your prices (named) and the table for the rest. */
  readonly source: string;
  /** Region of the prices: `prices.region` when given, else the table's. */
  readonly region: string;
  /** The `MskPriceOverrides` properties that priced a line of this estimate, sorted; empty when every price is the table's. */
  readonly overriddenPrices: string[];
}

/**
 * Estimates the monthly cost of a provisioned cluster: broker-hours (730 per month), EBS storage,
 * provisioned throughput, Express data in and storage, tiered storage and its retrieval. Express
 * storage and tiered storage are not in the price table: they need `prices` overrides.
 *
 * @throws when a price is missing, an input is invalid, or an input does not apply to the broker kind
 */
export function estimateProvisionedMonthlyCost(input: ProvisionedCostInput): CostEstimate {
  const type = input.instanceType;
  requireWhole('brokerCount', input.brokerCount, 1, 'pass the number of brokers, e.g. 3');
  const prices = new UnitPrices(input.prices);
  const brokerHourUsd = prices.brokerHour(type.instanceType);
  if (brokerHourUsd === undefined) {
    throw COST_ERRORS.error(undefined, 'CostBrokerPriceMissing', type.instanceType);
  }
  const lines: CostLine[] = [
    line(`${type.instanceType} broker-hours`, input.brokerCount * HOURS_PER_MONTH, 'broker-hour', brokerHourUsd),
  ];
  if (input.volumeSizeGiB !== undefined) {
    if (type.isExpress) {
      throw COST_ERRORS.error(undefined, 'CostExpressVolume', type.instanceType);
    }
    requireNumber('volumeSizeGiB', input.volumeSizeGiB, 1, 'pass the EBS volume per broker in GiB, 1–16384');
    lines.push(line('EBS storage', input.volumeSizeGiB * input.brokerCount, 'GB-month', prices.table('storageGBMonthUsd', STORAGE_GB_MONTH_USD)));
  }
  if (input.provisionedThroughputMiBps !== undefined) {
    if (type.maxProvisionedThroughputMiBps === undefined) {
      throw COST_ERRORS.error(undefined, 'CostThroughputUnsupported', type.instanceType);
    }
    requireNumber('provisionedThroughputMiBps', input.provisionedThroughputMiBps, 0, `pass MiB/s per broker, up to ${type.maxProvisionedThroughputMiBps}`);
    lines.push(line('Provisioned storage throughput', input.provisionedThroughputMiBps * input.brokerCount, 'MiB/s-month',
      prices.table('provisionedThroughputMiBpsMonthUsd', PROVISIONED_THROUGHPUT_MIBPS_MONTH_USD)));
  }
  if (input.expressIngressGBPerMonth !== undefined) {
    if (!type.isExpress) {
      throw COST_ERRORS.error(undefined, 'CostIngressNotExpress', type.instanceType);
    }
    requireNumber('expressIngressGBPerMonth', input.expressIngressGBPerMonth, 0, 'pass GB written per month (0 or more)');
    lines.push(line('Express data in', input.expressIngressGBPerMonth, 'GB', prices.table('expressDataInGBUsd', EXPRESS_DATA_IN_GB_USD)));
  }
  if (input.expressStorageGBMonth !== undefined) {
    if (!type.isExpress) {
      throw COST_ERRORS.error(undefined, 'CostExpressStorageNotExpress', type.instanceType);
    }
    requireNumber('expressStorageGBMonth', input.expressStorageGBMonth, 0, 'pass the average GB stored over the month (0 or more)');
    const unitUsd = prices.of('expressStorageGBMonthUsd', EXPRESS_STORAGE_GB_MONTH_USD);
    if (unitUsd === undefined) {
      throw COST_ERRORS.error(undefined, 'CostExpressStoragePriceMissing');
    }
    lines.push(line('Express storage', input.expressStorageGBMonth, 'GB-month', unitUsd));
  }
  if (input.tieredStorageGBMonth !== undefined) {
    if (type.isExpress) {
      throw COST_ERRORS.error(undefined, 'CostTieredStorageExpress', type.instanceType);
    }
    if (type.isBurstable) {
      throw COST_ERRORS.error(undefined, 'CostTieredStorageBurstable', type.instanceType);
    }
    requireNumber('tieredStorageGBMonth', input.tieredStorageGBMonth, 0, 'pass the average GB in tiered storage over the month (0 or more)');
    const unitUsd = prices.of('tieredStorageGBMonthUsd', TIERED_STORAGE_GB_MONTH_USD);
    if (unitUsd === undefined) {
      throw COST_ERRORS.error(undefined, 'CostTieredStoragePriceMissing');
    }
    lines.push(line('Tiered storage', input.tieredStorageGBMonth, 'GB-month', unitUsd));
  }
  if (input.tieredRetrievalGBPerMonth !== undefined) {
    if (type.isExpress) {
      throw COST_ERRORS.error(undefined, 'CostTieredRetrievalExpress', type.instanceType);
    }
    if (type.isBurstable) {
      throw COST_ERRORS.error(undefined, 'CostTieredRetrievalBurstable', type.instanceType);
    }
    requireNumber('tieredRetrievalGBPerMonth', input.tieredRetrievalGBPerMonth, 0, 'pass GB read from tiered storage per month (0 or more)');
    const unitUsd = prices.of('tieredRetrievalGBUsd', TIERED_RETRIEVAL_GB_USD);
    if (unitUsd === undefined) {
      throw COST_ERRORS.error(undefined, 'CostTieredRetrievalPriceMissing');
    }
    lines.push(line('Tiered storage retrieval', input.tieredRetrievalGBPerMonth, 'GB', unitUsd));
  }
  return prices.estimate(lines);
}

/**
 * Estimates the monthly cost of an MSK Serverless cluster: one cluster for 730 hours, partition-hours,
 * data in, data out and storage.
 *
 * @throws when an input or a price override is invalid
 */
export function estimateServerlessMonthlyCost(input: ServerlessCostInput): CostEstimate {
  requireWhole('partitions', input.partitions, 0, 'pass the number of partitions (0 or more)');
  requireNumber('ingressGBPerMonth', input.ingressGBPerMonth, 0, 'pass GB written per month (0 or more)');
  requireNumber('egressGBPerMonth', input.egressGBPerMonth, 0, 'pass GB read per month (0 or more)');
  requireNumber('storageGB', input.storageGB, 0, 'pass the average GB stored (0 or more)');
  const prices = new UnitPrices(input.prices);
  return prices.estimate([
    line('Serverless cluster-hours', HOURS_PER_MONTH, 'cluster-hour', prices.table('serverlessClusterHourUsd', SERVERLESS_CLUSTER_HOUR_USD)),
    line('Serverless partition-hours', input.partitions * HOURS_PER_MONTH, 'partition-hour', prices.table('serverlessPartitionHourUsd', SERVERLESS_PARTITION_HOUR_USD)),
    line('Serverless data in', input.ingressGBPerMonth, 'GB', prices.table('serverlessDataInGBUsd', SERVERLESS_DATA_IN_GB_USD)),
    line('Serverless data out', input.egressGBPerMonth, 'GB', prices.table('serverlessDataOutGBUsd', SERVERLESS_DATA_OUT_GB_USD)),
    line('Serverless storage', input.storageGB, 'GB-month', prices.table('serverlessStorageGBMonthUsd', SERVERLESS_STORAGE_GB_MONTH_USD)),
  ]);
}

/** What a sizing recommendation does not say, for its cost estimate. */
export interface RecommendationCostOptions {
  /**
   * Express brokers: GB written by clients per month.
   * @default - the plan's `ingressGBPerMonth`
   */
  readonly expressIngressGBPerMonth?: number;
  /**
   * Express brokers: average GB stored over the month. Needs `prices.expressStorageGBMonthUsd`.
   * @default - no Express storage line
   */
  readonly expressStorageGBMonth?: number;
  /**
   * Standard brokers: average GB held in tiered storage (see the recommendation's `tieredStorageAdvised`).
   * Needs `prices.tieredStorageGBMonthUsd`.
   * @default - no tiered storage line
   */
  readonly tieredStorageGBMonth?: number;
  /**
   * Standard brokers: GB read back from tiered storage per month. Needs `prices.tieredRetrievalGBUsd`.
   * @default - no retrieval line
   */
  readonly tieredRetrievalGBPerMonth?: number;
  /**
   * Unit prices that replace the table's, and prices the table lacks.
   * @default - the dated us-east-1 price table
   */
  readonly prices?: MskPriceOverrides;
}

/**
 * Estimates the monthly cost of a `ClusterSizing.recommend` result: its brokers, and for standard brokers
 * its volumes and provisioned throughput, for Express brokers the planned ingress as data in
 * (`ingressGBPerMonth`). Express storage and tiered storage come from `options` with their prices; until
 * then, the plan's unpriced lines (its `estimate.unpriced`) stay in the estimate's `unpriced`.
 *
 * @throws as `estimateProvisionedMonthlyCost`
 */
export function estimateRecommendationMonthlyCost(plan: SizingRecommendation, options: RecommendationCostOptions = {}): CostEstimate {
  const expressIngressGBPerMonth = plan.express ? options.expressIngressGBPerMonth ?? plan.ingressGBPerMonth : options.expressIngressGBPerMonth;
  if (plan.express && expressIngressGBPerMonth === undefined) {
    throw COST_ERRORS.error(undefined, 'CostExpressPlanIngressMissing');
  }
  const estimate = estimateProvisionedMonthlyCost({
    ...options,
    instanceType: plan.instanceType,
    brokerCount: plan.brokerCount,
    volumeSizeGiB: plan.express ? undefined : plan.volumeSizeGiB,
    provisionedThroughputMiBps: plan.express ? undefined : plan.provisionedThroughputMiBps,
    expressIngressGBPerMonth,
  });
  // The planner's unpriced lines (Express or tiered storage it could not price) stay, unless `options` prices them.
  const pricedHere: Record<string, number | undefined> = {
    'Express storage': options.expressStorageGBMonth,
    'Tiered storage': options.tieredStorageGBMonth,
    'Tiered storage retrieval': options.tieredRetrievalGBPerMonth,
  };
  const unpriced = (plan.estimate?.unpriced ?? []).filter((u) => pricedHere[u.item] === undefined);
  return { ...estimate, unpriced };
}

/** The cost estimates as static methods, for jsii languages (free functions are TypeScript-only). */
export class CostEstimator {
  /** See `estimateProvisionedMonthlyCost`. */
  public static provisionedMonthly(input: ProvisionedCostInput): CostEstimate {
    return estimateProvisionedMonthlyCost(input);
  }

  /** See `estimateServerlessMonthlyCost`. */
  public static serverlessMonthly(input: ServerlessCostInput): CostEstimate {
    return estimateServerlessMonthlyCost(input);
  }

  /** See `estimateRecommendationMonthlyCost`: the monthly cost of a `ClusterSizing.recommend` result. */
  public static forRecommendation(plan: SizingRecommendation, options?: RecommendationCostOptions): CostEstimate {
    return estimateRecommendationMonthlyCost(plan, options);
  }

  private constructor() {
    // static members only
  }
}

function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

function line(item: string, quantity: number, unit: string, unitUsd: number): CostLine {
  return { item, quantity, unit, unitUsd, usd: cents(quantity * unitUsd) };
}

/**
 * The unit prices of one estimate: the user's override when given, else the table's. Remembers which
 * overrides priced a line, for the estimate's `overriddenPrices`, `source` and `region`.
 */
class UnitPrices {
  private readonly overridden = new Set<PriceName | 'brokerHourUsdByInstanceType'>();

  constructor(private readonly overrides: MskPriceOverrides | undefined) {
    checkOverrides(overrides);
  }

  /** The price called `name`: the override, else `tableUsd` (undefined when the table has none). */
  public of(name: PriceName, tableUsd: number | undefined): number | undefined {
    const override = this.overrides?.[name];
    if (override !== undefined) {
      this.overridden.add(name);
      return override;
    }
    return tableUsd;
  }

  /** The broker-hour price of `instanceType`: by type, else `brokerHourUsd`, else the table's. */
  public brokerHour(instanceType: string): number | undefined {
    const byType = this.overrides?.brokerHourUsdByInstanceType?.[instanceType];
    if (byType !== undefined) {
      this.overridden.add('brokerHourUsdByInstanceType');
      return byType;
    }
    return this.of('brokerHourUsd', BROKER_HOUR_USD[instanceType]);
  }

  /** The price called `name`, for an item the table always prices. */
  public table(name: PriceName, tableUsd: number): number {
    return this.of(name, tableUsd) ?? tableUsd;
  }

  /** The estimate of `lines`, each priced by one call to `of` or `table`. */
  public estimate(lines: CostLine[]): CostEstimate {
    const overriddenPrices = [...this.overridden].sort();
    const user = `user-supplied prices (${overriddenPrices.join(', ')})`;
    const source = overriddenPrices.length === 0 ? PRICE_TABLE_SOURCE
      : overriddenPrices.length === lines.length ? user
        : `${user}; other prices: ${PRICE_TABLE_SOURCE}`;
    return {
      monthlyUsd: cents(lines.reduce((sum, l) => sum + l.usd, 0)),
      lines,
      unpriced: [],
      priceDate: PRICE_TABLE_DATE,
      source,
      region: this.overrides?.region ?? PRICE_TABLE_REGION,
      overriddenPrices,
    };
  }
}

/** Each given override is a finite number ≥ 0, and `region`, when given, is not blank. */
function checkOverrides(overrides: MskPriceOverrides | undefined): void {
  if (overrides === undefined) {
    return;
  }
  if (overrides.region !== undefined && (typeof overrides.region !== 'string' || overrides.region.trim() === '')) {
    throw COST_ERRORS.error(undefined, 'CostPriceRegionInvalid', String(overrides.region));
  }
  for (const name of PRICE_NAMES) {
    const value = overrides[name];
    if (value !== undefined && !isPrice(value)) {
      throw COST_ERRORS.error(undefined, 'CostPriceInvalid', name, String(value));
    }
  }
  for (const [instanceType, value] of Object.entries(overrides.brokerHourUsdByInstanceType ?? {})) {
    if (!isPrice(value)) {
      throw COST_ERRORS.error(undefined, 'CostPriceInvalid', `brokerHourUsdByInstanceType['${instanceType}']`, String(value));
    }
  }
}

function isPrice(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function requireNumber(field: string, value: number, min: number, fix: string): void {
  if (!Number.isFinite(value) || value < min) {
    throw COST_ERRORS.error(undefined, 'CostInputInvalid', field, min, value, fix);
  }
}

function requireWhole(field: string, value: number, min: number, fix: string): void {
  if (!Number.isInteger(value) || value < min) {
    throw COST_ERRORS.error(undefined, 'CostInputNotWhole', field, min, value, fix);
  }
}

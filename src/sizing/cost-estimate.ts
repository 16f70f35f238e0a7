import {
  EXPRESS_DATA_IN_GB_USD,
  HOURS_PER_MONTH,
  MskPriceTable,
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
} from './price-table';
import { BrokerInstanceType } from '../config/broker-instance-type';

/** What a provisioned (standard or Express) cluster is made of, for a monthly cost estimate. */
export interface ProvisionedCostInput {
  /** Broker instance type; must be in the price table. */
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

/** A monthly cost estimate built from a dated price table. */
export interface CostEstimate {
  /** Sum of the lines, USD per month, rounded to cents. */
  readonly monthlyUsd: number;
  /** The billed items. */
  readonly lines: CostLine[];
  /** When the prices were collected. */
  readonly priceDate: string;
  /** Where the prices come from. */
  readonly source: string;
  /** Region of the prices. */
  readonly region: string;
}

/**
 * Estimates the monthly cost of a provisioned cluster: broker-hours (730 per month), EBS storage,
 * provisioned throughput and Express data in. Express storage is not priced (not in the table).
 *
 * @throws when the instance type has no price, or an input does not apply to the broker kind
 */
export function estimateProvisionedMonthlyCost(input: ProvisionedCostInput): CostEstimate {
  const type = input.instanceType;
  requireWhole('brokerCount', input.brokerCount, 1, 'pass the number of brokers, e.g. 3');
  const brokerHourUsd = MskPriceTable.brokerHourUsd(type.instanceType);
  const lines: CostLine[] = [
    line(`${type.instanceType} broker-hours`, input.brokerCount * HOURS_PER_MONTH, 'broker-hour', brokerHourUsd),
  ];
  if (input.volumeSizeGiB !== undefined) {
    if (type.isExpress) {
      throw new Error(`volumeSizeGiB: Express brokers (${type.instanceType}) have no EBS volume to size; omit volumeSizeGiB.`);
    }
    requireNumber('volumeSizeGiB', input.volumeSizeGiB, 1, 'pass the EBS volume per broker in GiB, 1–16384');
    lines.push(line('EBS storage', input.volumeSizeGiB * input.brokerCount, 'GB-month', STORAGE_GB_MONTH_USD));
  }
  if (input.provisionedThroughputMiBps !== undefined) {
    if (type.maxProvisionedThroughputMiBps === undefined) {
      throw new Error(`provisionedThroughputMiBps: ${type.instanceType} cannot provision storage throughput; use kafka.m5.4xlarge+ or kafka.m7g.2xlarge+, or omit it.`);
    }
    requireNumber('provisionedThroughputMiBps', input.provisionedThroughputMiBps, 0, `pass MiB/s per broker, up to ${type.maxProvisionedThroughputMiBps}`);
    lines.push(line('Provisioned storage throughput', input.provisionedThroughputMiBps * input.brokerCount, 'MiB/s-month', PROVISIONED_THROUGHPUT_MIBPS_MONTH_USD));
  }
  if (input.expressIngressGBPerMonth !== undefined) {
    if (!type.isExpress) {
      throw new Error(`expressIngressGBPerMonth: only Express brokers bill data in; ${type.instanceType} is a standard broker, so omit it.`);
    }
    requireNumber('expressIngressGBPerMonth', input.expressIngressGBPerMonth, 0, 'pass GB written per month (0 or more)');
    lines.push(line('Express data in', input.expressIngressGBPerMonth, 'GB', EXPRESS_DATA_IN_GB_USD));
  }
  return estimate(lines);
}

/**
 * Estimates the monthly cost of an MSK Serverless cluster: one cluster for 730 hours, partition-hours,
 * data in, data out and storage.
 */
export function estimateServerlessMonthlyCost(input: ServerlessCostInput): CostEstimate {
  requireWhole('partitions', input.partitions, 0, 'pass the number of partitions (0 or more)');
  requireNumber('ingressGBPerMonth', input.ingressGBPerMonth, 0, 'pass GB written per month (0 or more)');
  requireNumber('egressGBPerMonth', input.egressGBPerMonth, 0, 'pass GB read per month (0 or more)');
  requireNumber('storageGB', input.storageGB, 0, 'pass the average GB stored (0 or more)');
  return estimate([
    line('Serverless cluster-hours', HOURS_PER_MONTH, 'cluster-hour', SERVERLESS_CLUSTER_HOUR_USD),
    line('Serverless partition-hours', input.partitions * HOURS_PER_MONTH, 'partition-hour', SERVERLESS_PARTITION_HOUR_USD),
    line('Serverless data in', input.ingressGBPerMonth, 'GB', SERVERLESS_DATA_IN_GB_USD),
    line('Serverless data out', input.egressGBPerMonth, 'GB', SERVERLESS_DATA_OUT_GB_USD),
    line('Serverless storage', input.storageGB, 'GB-month', SERVERLESS_STORAGE_GB_MONTH_USD),
  ]);
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

function estimate(lines: CostLine[]): CostEstimate {
  return {
    monthlyUsd: cents(lines.reduce((sum, l) => sum + l.usd, 0)),
    lines,
    priceDate: PRICE_TABLE_DATE,
    source: PRICE_TABLE_SOURCE,
    region: PRICE_TABLE_REGION,
  };
}

function requireNumber(field: string, value: number, min: number, fix: string): void {
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`${field}: must be a number ≥ ${min} (got ${value}); ${fix}.`);
  }
}

function requireWhole(field: string, value: number, min: number, fix: string): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${field}: must be a whole number ≥ ${min} (got ${value}); ${fix}.`);
  }
}

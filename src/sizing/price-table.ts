/**
 * Amazon MSK list prices for us-east-1, used only for monthly cost ESTIMATES.
 *
 * Values are AWS's public list prices (https://aws.amazon.com/msk/pricing/, US East (N. Virginia)),
 * as read between 2026-06 and 2026-09. They are not fetched from AWS; check the pricing page before
 * making a decision on them. It is the only Region the library has prices for: an estimate for
 * another Region needs `MskPriceOverrides` (and says so).
 */
import { defineMessages } from '../validation/registry';

/** When the prices in this table were collected (a month range; estimates only). */
export const PRICE_TABLE_DATE = '2026-06..2026-09';

/** Where the prices in this table come from. */
export const PRICE_TABLE_SOURCE = 'AWS list prices for US East (N. Virginia), https://aws.amazon.com/msk/pricing/, read 2026-06..2026-09; estimates only';

/** The public page the table's prices come from, and where to copy other Regions' prices. */
export const PRICE_TABLE_URL = 'https://aws.amazon.com/msk/pricing/';

/** The region these prices apply to. */
export const PRICE_TABLE_REGION = 'us-east-1';

/** Hours in a month, as AWS pricing examples use. */
export const HOURS_PER_MONTH = 730;

/** The error of `MskPriceTable.brokerHourUsd`. */
const PRICE_TABLE_ERRORS = defineMessages({
  name: 'PRICE_TABLE_ERRORS',
  file: 'src/sizing/price-table.ts',
  severity: 'error',
  kind: 'MskPriceTable',
  checkedBy: ['MskPriceTable.brokerHourUsd'],
}, {
  PriceTableBrokerPriceMissing: (instanceType: string) =>
    `instanceType: no ${PRICE_TABLE_REGION} price for '${instanceType}' in the MSK price table (${PRICE_TABLE_DATE}). Fix: use one of: ${Object.keys(BROKER_HOUR_USD).join(', ')}.`,
});

/** Broker-hour price, USD, by instance type (broker prices double with each size step). */
export const BROKER_HOUR_USD: Readonly<Record<string, number>> = {
  'kafka.t3.small': 0.0456,
  'kafka.m5.large': 0.21,
  'kafka.m5.xlarge': 0.42,
  'kafka.m5.2xlarge': 0.84,
  'kafka.m5.4xlarge': 1.68,
  'kafka.m5.8xlarge': 3.36,
  'kafka.m5.12xlarge': 5.04,
  'kafka.m5.16xlarge': 6.72,
  'kafka.m5.24xlarge': 10.08,
  'kafka.m7g.large': 0.204,
  'kafka.m7g.xlarge': 0.408,
  'kafka.m7g.2xlarge': 0.816,
  'kafka.m7g.4xlarge': 1.632,
  'kafka.m7g.8xlarge': 3.264,
  'kafka.m7g.12xlarge': 4.896,
  'kafka.m7g.16xlarge': 6.528,
  'express.m7g.large': 0.408,
  'express.m7g.xlarge': 0.816,
  'express.m7g.2xlarge': 1.632,
  'express.m7g.4xlarge': 3.264,
  'express.m7g.8xlarge': 6.528,
  'express.m7g.12xlarge': 9.792,
  'express.m7g.16xlarge': 13.056,
};

/** Standard brokers: EBS storage, USD per GB-month (a GiB of volume is billed as a GB here). */
export const STORAGE_GB_MONTH_USD = 0.10;
/** Standard brokers: provisioned storage throughput, USD per MiB/s-month per broker. */
export const PROVISIONED_THROUGHPUT_MIBPS_MONTH_USD = 0.08;
/** Express brokers: data written in, USD per GB. */
export const EXPRESS_DATA_IN_GB_USD = 0.01;
/*
 * Express storage and tiered storage: NO PRICE. The project's MSK fact sheet ("Pricing, us-east-1")
 * has no number for them and searches found no authoritative one, so these entries are deliberately
 * empty rather than guessed. An estimate that uses them needs the matching `prices.*` override
 * (copied by the user from aws.amazon.com/msk/pricing). A later change may fill them, citing a dated
 * source, the same way as the prices above.
 */
/** Express brokers: storage used, USD per GB-month. `undefined`: not in the fact sheet (see above). */
export const EXPRESS_STORAGE_GB_MONTH_USD: number | undefined = undefined;
/** Standard brokers: tiered (low-cost) storage, USD per GB-month. `undefined`: not in the fact sheet (see above). */
export const TIERED_STORAGE_GB_MONTH_USD: number | undefined = undefined;
/** Standard brokers: data retrieved from tiered storage, USD per GB. `undefined`: not in the fact sheet (see above). */
export const TIERED_RETRIEVAL_GB_USD: number | undefined = undefined;
/** MSK Serverless: USD per cluster-hour. */
export const SERVERLESS_CLUSTER_HOUR_USD = 0.75;
/** MSK Serverless: USD per partition-hour. */
export const SERVERLESS_PARTITION_HOUR_USD = 0.0015;
/** MSK Serverless: data in, USD per GB. */
export const SERVERLESS_DATA_IN_GB_USD = 0.10;
/** MSK Serverless: data out, USD per GB. */
export const SERVERLESS_DATA_OUT_GB_USD = 0.05;
/** MSK Serverless: storage, USD per GB-month. */
export const SERVERLESS_STORAGE_GB_MONTH_USD = 0.10;

/**
 * The dated price table, for jsii languages (module-level constants are TypeScript-only).
 */
export class MskPriceTable {
  /** When the prices were collected. */
  public static readonly DATE = PRICE_TABLE_DATE;
  /** Where the prices come from. */
  public static readonly SOURCE = PRICE_TABLE_SOURCE;
  /** The region the prices apply to. */
  public static readonly REGION = PRICE_TABLE_REGION;
  /** The public page the prices come from. */
  public static readonly URL = PRICE_TABLE_URL;
  /** Hours in a month used by the estimates. */
  public static readonly HOURS_PER_MONTH = HOURS_PER_MONTH;

  /**
   * Broker-hour price in USD for an instance type string such as `kafka.m7g.large`.
   *
   * @throws when the table has no price for that type
   */
  public static brokerHourUsd(instanceType: string): number {
    const price = BROKER_HOUR_USD[instanceType];
    if (price === undefined) {
      throw PRICE_TABLE_ERRORS.error(undefined, 'PriceTableBrokerPriceMissing', instanceType);
    }
    return price;
  }

  private constructor() {
    // static members only
  }
}

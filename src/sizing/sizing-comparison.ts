import { CostEstimate, estimateProvisionedMonthlyCost, UnpricedCost } from './cost-estimate';
import { SizedOption, sizeOption, TIERED_MIN_RETENTION_HOURS } from './family-plans';
import {
  EXPRESS_STORAGE_GB_MONTH_USD,
  HOURS_PER_MONTH,
  PRICE_TABLE_DATE,
  PRICE_TABLE_REGION,
  PRICE_TABLE_SOURCE,
  PRICE_TABLE_URL,
  TIERED_RETRIEVAL_GB_USD,
  TIERED_STORAGE_GB_MONTH_USD,
} from './price-table';
import { NormalizedInput, normalizeInput } from './sizing-input';
import { formatUsd, summarize } from './sizing-summary';
import { SizingBrokerFamily, SizingComparison, SizingInput, SizingOption, SizingOptionKind, SizingRecommendation } from './sizing-types';

/** The options in the order they are listed when they cost the same. */
const KINDS = [SizingOptionKind.STANDARD_EBS, SizingOptionKind.STANDARD_TIERED, SizingOptionKind.EXPRESS];

/** Short names of the options. */
export const OPTION_LABELS: Record<SizingOptionKind, string> = {
  [SizingOptionKind.STANDARD_EBS]: 'Standard brokers, EBS storage',
  [SizingOptionKind.STANDARD_TIERED]: 'Standard brokers, tiered storage',
  [SizingOptionKind.EXPRESS]: 'Express brokers',
};

/** A draft of one option while the comparison is worked out. */
interface Draft {
  readonly kind: SizingOptionKind;
  readonly eligible: boolean;
  readonly migrationNeeded: boolean;
  readonly sized?: SizedOption;
  readonly plan?: SizingRecommendation;
  readonly estimate?: CostEstimate;
  readonly notes: string[];
}

/**
 * Sizes and prices every option (standard with EBS, standard with tiered storage, Express), then
 * recommends the cheapest eligible one that fits and is fully priced.
 */
export function compareSizing(input: SizingInput): SizingComparison {
  const normalized = normalizeInput(input);
  const drafts = KINDS.map((kind) => draft(kind, input, normalized));
  const fitting = drafts.filter((d) => d.estimate !== undefined);
  const candidates = fitting.filter((d) => d.eligible);
  const complete = candidates.filter((d) => isComplete(d.estimate));
  const pool = complete.length > 0 ? complete : candidates;
  const chosen = pool.reduce<Draft | undefined>((best, d) => (best === undefined || cost(d) < cost(best) ? d : best), undefined);

  for (const d of fitting) {
    if (d !== chosen) {
      d.notes.push(...comparedNotes(d, chosen));
    }
  }
  if (chosen && !isComplete(chosen.estimate)) {
    chosen.notes.push(`No eligible option is fully priced; this one has the lowest priced part (${formatUsd(cost(chosen))} USD), a lower bound. Pass the prices its unpriced lines name to compare fully.`);
  }

  const options: SizingOption[] = drafts.map((d) => ({
    kind: d.kind,
    label: OPTION_LABELS[d.kind],
    eligible: d.eligible,
    fits: d.sized?.fits === true,
    recommended: d === chosen,
    migrationNeeded: d.migrationNeeded,
    plan: d.plan,
    estimate: d.estimate,
    complete: isComplete(d.estimate),
    notes: d.notes,
  }));
  options.sort((a, b) => rank(a) - rank(b) || (a.estimate?.monthlyUsd ?? 0) - (b.estimate?.monthlyUsd ?? 0));

  const fitsOneCluster = fitting.length > 0;
  const migrationNeeded = input.current !== undefined && candidates.length === 0 && fitting.some((d) => d.migrationNeeded);
  const priceRegion = input.prices?.region ?? PRICE_TABLE_REGION;
  const warnings = comparisonWarnings(input, fitting, chosen);
  const comparison = {
    recommendation: chosen?.plan,
    options,
    fitsOneCluster,
    migrationNeeded,
    warnings,
    priceRegion,
    priceDate: PRICE_TABLE_DATE,
    priceSource: chosen?.estimate?.source ?? PRICE_TABLE_SOURCE,
  };
  return { ...comparison, summary: summarize(input, normalized, comparison) };
}

/** Recommended first, then eligible options that fit, then options that fit but are ruled out, then the rest. */
function rank(option: SizingOption): number {
  if (option.recommended) {
    return 0;
  }
  if (option.fits) {
    return option.eligible ? 1 : 2;
  }
  return 3;
}

function draft(kind: SizingOptionKind, input: SizingInput, n: NormalizedInput): Draft {
  const w = n.workload;
  const express = kind === SizingOptionKind.EXPRESS;
  const family = express ? SizingBrokerFamily.EXPRESS : SizingBrokerFamily.STANDARD;
  const current = input.current;
  const migrationNeeded = current !== undefined && current.brokerFamily !== family;
  const notes: string[] = [];
  const ruledOut = (reason: string) => notes.push(`Ruled out: ${reason}.`);

  if (migrationNeeded) {
    ruledOut(`the current cluster has ${current.brokerFamily === SizingBrokerFamily.EXPRESS ? 'Express' : 'Standard'} brokers, and MSK cannot switch a cluster between Standard and Express brokers in place ("Broker instance types"); this would be a new cluster and a migration`);
  } else if (input.brokerFamily !== undefined && input.brokerFamily !== family) {
    ruledOut(`brokerFamily is ${input.brokerFamily}`);
  }
  if (express) {
    if (!n.allowExpress) {
      ruledOut('allowExpress is false');
    }
    if (!n.kafkaVersion.supportsExpress) {
      ruledOut(`Express brokers do not run Kafka ${n.kafkaVersion.version} (3.6, 3.8, 3.9 and 4.2 lines only, "Supported Apache Kafka versions")`);
    }
    if (w.replicationFactor !== 3 || w.azCount !== 3) {
      ruledOut(`Express brokers need RF 3 over 3 AZs (got RF ${w.replicationFactor}, ${w.azCount} AZs; "Amazon MSK Express brokers")`);
      return { kind, eligible: false, migrationNeeded, notes };
    }
  }
  if (kind === SizingOptionKind.STANDARD_EBS && current?.tieredStorage === true) {
    ruledOut('the current cluster uses tiered storage, and the planner does not plan turning it off');
  }
  if (kind === SizingOptionKind.STANDARD_TIERED) {
    if (!n.allowTieredStorage) {
      ruledOut('allowTieredStorage is false');
    }
    if (!n.kafkaVersion.supportsTieredStorage) {
      ruledOut(`tiered storage needs Kafka 3.6 or later (got ${n.kafkaVersion.version}; "Tiered storage requirements")`);
    }
    if (w.retentionHours < TIERED_MIN_RETENTION_HOURS) {
      ruledOut(`tiered storage keeps data at least ${TIERED_MIN_RETENTION_HOURS} hours, and retention is ${w.retentionHours} h ("Tiered storage constraints and limitations")`);
      return { kind, eligible: false, migrationNeeded, notes };
    }
  }
  const eligible = notes.length === 0;

  let sized = sizeOption(kind, w);
  if (!sized.fits) {
    notes.push(`Does not fit one cluster: ${sized.notFit}.`);
    return { kind, eligible, migrationNeeded, sized, notes };
  }
  if (!express && current?.volumeSizeGiB !== undefined && (sized.volumeSizeGiB ?? 0) < current.volumeSizeGiB) {
    sized = {
      ...sized,
      volumeSizeGiB: current.volumeSizeGiB,
      reasons: [...sized.reasons, `Volume kept at the current ${current.volumeSizeGiB} GiB: EBS volumes only grow ("Scale up Amazon MSK Standard broker storage").`],
    };
  }
  const estimate = priceOption(kind, sized, input, n);
  const tiered = kind === SizingOptionKind.STANDARD_TIERED;
  const reasons = [
    `${OPTION_LABELS[kind]}.`,
    ...sized.reasons,
    ...(tiered ? [`Tiered storage: set local.retention.ms to ${w.localRetentionHours} h and remote.storage.enable=true on the topics; the low-cost tier holds the whole ${w.retentionHours} h.`] : []),
  ];
  const brokerCount = sized.brokerCount ?? 0;
  const plan: SizingRecommendation = {
    instanceType: sized.instanceType!,
    express,
    brokerCount,
    brokersPerAz: brokerCount / w.azCount,
    volumeSizeGiB: sized.volumeSizeGiB,
    provisionedThroughputMiBps: sized.provisionedThroughputMiBps,
    tieredStorageAdvised: tiered,
    tieredStorage: tiered,
    localRetentionHours: tiered ? w.localRetentionHours : undefined,
    kind,
    ingressGBPerMonth: monthlyIngressGB(w.ingressMBps),
    estimate,
    priceRegion: estimate.region,
    reasons,
    brokerFamilyPinned: n.brokerFamilyPinned,
  };
  return { kind, eligible, migrationNeeded, sized, plan, estimate, notes };
}

/** The option's monthly cost: its priced lines, and the usage lines it has no price for. */
function priceOption(kind: SizingOptionKind, sized: SizedOption, input: SizingInput, n: NormalizedInput): CostEstimate {
  const w = n.workload;
  const prices = input.prices;
  const storedGB = round2(w.ingressMBps * w.retentionHours * 3600 / 1000);
  const unpriced: UnpricedCost[] = [];
  /** `quantity` when the price called `name` is known (given, or in the table); otherwise an unpriced line and undefined. */
  const usage = (item: string, unit: string, name: 'expressStorageGBMonthUsd' | 'tieredStorageGBMonthUsd' | 'tieredRetrievalGBUsd',
    table: number | undefined, quantity: number, how: string): number | undefined => {
    if (prices?.[name] !== undefined || table !== undefined) {
      return quantity;
    }
    unpriced.push({
      item,
      quantity,
      unit,
      priceProperty: name,
      note: `${how}; the price table has no ${item} price: copy it from ${PRICE_TABLE_URL} into prices.${name}`,
    });
    return undefined;
  };
  const held = `${w.ingressMBps} MB/s × ${w.retentionHours} h × 3600 / 1000, one copy of the data held`;
  const express = kind === SizingOptionKind.EXPRESS;
  const tiered = kind === SizingOptionKind.STANDARD_TIERED;
  const retrieval = input.tieredRetrievalGBPerMonth ?? 0;
  const expressStorageGBMonth = express ? usage('Express storage', 'GB-month', 'expressStorageGBMonthUsd', EXPRESS_STORAGE_GB_MONTH_USD, storedGB, held) : undefined;
  const tieredStorageGBMonth = tiered ? usage('Tiered storage', 'GB-month', 'tieredStorageGBMonthUsd', TIERED_STORAGE_GB_MONTH_USD, storedGB, held) : undefined;
  const tieredRetrievalGBPerMonth = tiered && retrieval > 0
    ? usage('Tiered storage retrieval', 'GB', 'tieredRetrievalGBUsd', TIERED_RETRIEVAL_GB_USD, retrieval, 'tieredRetrievalGBPerMonth') : undefined;
  const estimate = estimateProvisionedMonthlyCost({
    instanceType: sized.instanceType!,
    brokerCount: sized.brokerCount!,
    volumeSizeGiB: sized.volumeSizeGiB,
    provisionedThroughputMiBps: sized.provisionedThroughputMiBps,
    expressIngressGBPerMonth: express ? monthlyIngressGB(w.ingressMBps) : undefined,
    expressStorageGBMonth,
    tieredStorageGBMonth,
    tieredRetrievalGBPerMonth,
    prices,
  });
  return { ...estimate, unpriced };
}

/** How an option that is not recommended compares with the one that is. */
function comparedNotes(d: Draft, chosen: Draft | undefined): string[] {
  if (chosen === undefined || d.estimate === undefined) {
    return [];
  }
  const difference = cost(d) - cost(chosen);
  const unpriced = d.estimate.unpriced;
  if (unpriced.length === 0) {
    return [difference >= 0
      ? `Costs ${formatUsd(difference)} USD a month more than the recommendation.`
      : `Costs ${formatUsd(-difference)} USD a month less than the recommendation, but is ruled out.`];
  }
  const names = unpriced.map((u) => u.item).join(' and ');
  const pass = unpriced.map((u) => `prices.${u.priceProperty}`).join(' and ');
  if (difference >= 0) {
    return [`Costs ${formatUsd(difference)} USD a month more than the recommendation before ${names} (unpriced) is added.`];
  }
  if (!isComplete(chosen.estimate)) {
    return [`Its priced part is ${formatUsd(-difference)} USD a month below the recommendation's, but both leave costs unpriced. Pass ${pass} to compare them.`];
  }
  if (unpriced.length === 1) {
    const u = unpriced[0];
    const breakEven = Math.floor(-difference / u.quantity * 10000) / 10000;
    return [`Cheaper than the recommendation while ${u.item} costs less than ${breakEven} USD per ${u.unit} `
      + `(${formatUsd(-difference)} USD a month / ${u.quantity} ${u.unit}). Pass ${pass} (from ${PRICE_TABLE_URL}) to rank it.`];
  }
  return [`Cheaper than the recommendation while ${names} together cost less than ${formatUsd(-difference)} USD a month. Pass ${pass} (from ${PRICE_TABLE_URL}) to rank it.`];
}

/** Problems with the answer: prices of the eligible options from another Region than the cluster's, costs left unpriced. */
function comparisonWarnings(input: SizingInput, fitting: Draft[], chosen: Draft | undefined): string[] {
  const warnings: string[] = [];
  const region = input.region ?? input.prices?.region;
  if (region !== undefined && region !== PRICE_TABLE_REGION) {
    const fromTable = new Set<string>();
    for (const d of fitting.filter((option) => option.eligible)) {
      for (const line of d.estimate?.lines ?? []) {
        const name = priceNameOf(line.item);
        if (!isOverridden(name, line.item, input)) {
          fromTable.add(name === 'brokerHourUsdByInstanceType' ? `brokerHourUsdByInstanceType['${line.item.split(' ')[0]}']` : name);
        }
      }
    }
    if (fromTable.size > 0) {
      warnings.push(`The cluster is for ${region}, but these prices are the ${PRICE_TABLE_REGION} table's (${PRICE_TABLE_DATE}): ${[...fromTable].sort().join(', ')}. `
        + `MSK prices differ by Region: copy ${region}'s from ${PRICE_TABLE_URL} into prices (with prices.region: '${region}').`);
    }
    if (input.region !== undefined && input.prices?.region !== undefined && input.prices.region !== input.region) {
      warnings.push(`prices.region is ${input.prices.region}, but the cluster is for ${input.region}.`);
    }
  }
  const unpriced = chosen?.estimate?.unpriced ?? [];
  if (unpriced.length > 0) {
    warnings.push(`The recommendation leaves out ${unpriced.map((u) => `${u.item} (${u.quantity} ${u.unit}, pass prices.${u.priceProperty})`).join(', ')}: its monthly cost is a lower bound.`);
  }
  const cheaperUnpriced = fitting.filter((d) => d !== chosen && d.estimate!.unpriced.length > 0 && chosen !== undefined && cost(d) < cost(chosen));
  for (const d of cheaperUnpriced) {
    warnings.push(`${OPTION_LABELS[d.kind]} may be cheaper: ${d.estimate!.unpriced.map((u) => `${u.item} is unpriced (pass prices.${u.priceProperty})`).join(', ')}.`);
  }
  return warnings;
}

/** The `MskPriceOverrides` property that prices a line of a provisioned estimate. */
function priceNameOf(item: string): string {
  if (item.endsWith(' broker-hours')) {
    return 'brokerHourUsdByInstanceType';
  }
  const names: Record<string, string> = {
    'EBS storage': 'storageGBMonthUsd',
    'Provisioned storage throughput': 'provisionedThroughputMiBpsMonthUsd',
    'Express data in': 'expressDataInGBUsd',
    'Express storage': 'expressStorageGBMonthUsd',
    'Tiered storage': 'tieredStorageGBMonthUsd',
    'Tiered storage retrieval': 'tieredRetrievalGBUsd',
  };
  return names[item] ?? item;
}

function isOverridden(name: string, item: string, input: SizingInput): boolean {
  const prices = input.prices as Record<string, unknown> | undefined;
  if (name === 'brokerHourUsdByInstanceType') {
    return input.prices?.brokerHourUsdByInstanceType?.[item.split(' ')[0]] !== undefined;
  }
  return prices?.[name] !== undefined;
}

function isComplete(estimate: CostEstimate | undefined): boolean {
  return estimate !== undefined && estimate.unpriced.length === 0;
}

function cost(d: Draft): number {
  return d.estimate?.monthlyUsd ?? Number.POSITIVE_INFINITY;
}

/** GB written per month at the average ingress (730 hours, decimal units as AWS bills). */
export function monthlyIngressGB(ingressMBps: number): number {
  return round2(ingressMBps * 3600 * HOURS_PER_MONTH / 1000);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

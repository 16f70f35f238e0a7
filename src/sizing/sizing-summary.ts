import { PRICE_TABLE_URL } from './price-table';
import { NormalizedInput } from './sizing-input';
import { SizingComparison, SizingInput, SizingOption } from './sizing-types';

/**
 * The comparison as text for a terminal: the workload, where the prices come from, one row per
 * option (the recommended one marked `>`), then the notes and warnings.
 */
export function summarize(input: SizingInput, n: NormalizedInput, c: Omit<SizingComparison, 'summary'>): string {
  const w = n.workload;
  const out: string[] = [];
  out.push(`MSK capacity plan: ${w.ingressMBps} MB/s in, ${w.egressMBps} MB/s out, ${w.retentionHours} h retention, `
    + `${w.partitions} partitions, RF ${w.replicationFactor} over ${w.azCount} AZs`
    + `${w.capacityFactor === 1 ? '' : `, planned with ${Math.round((w.capacityFactor - 1) * 100)}% headroom`}, at most ${w.maxBrokers} brokers.`);
  out.push(`Prices: ${c.priceRegion}, ${c.priceSource}. Monthly figures use 730 hours.`);
  out.push('');
  const rows = c.options.map((o) => [o.recommended ? '>' : ' ', o.label, shape(o), price(o)]);
  const header = [' ', 'Option', 'Cluster', 'USD a month'];
  const widths = [1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `${r[0]} ${r[1].padEnd(widths[0])}  ${r[2].padEnd(widths[1])}  ${r[3]}`.trimEnd();
  out.push(line(header));
  rows.forEach((r) => out.push(line(r)));
  out.push('');
  const recommended = c.options.find((o) => o.recommended);
  if (recommended) {
    out.push(`Recommended: ${recommended.label}, ${shape(recommended)}, ${price(recommended)} USD a month.`);
  } else if (c.migrationNeeded) {
    out.push('Recommended: nothing in the current family fits; a new cluster of another family and a migration are needed.');
  } else if (!c.fitsOneCluster) {
    out.push('Recommended: nothing fits one cluster; split the workload over several clusters or raise maxBrokers (after a quota increase).');
  } else {
    out.push('Recommended: nothing; the constraints rule out every option that fits.');
  }
  for (const o of c.options) {
    for (const note of o.notes) {
      out.push(`  - ${o.label}: ${note}`);
    }
    for (const u of o.estimate?.unpriced ?? []) {
      out.push(`  - ${o.label}: ${u.item} is not priced: ${u.quantity} ${u.unit} (${u.note}).`);
    }
  }
  if (c.warnings.length > 0) {
    out.push('Warnings:');
    c.warnings.forEach((warning) => out.push(`  - ${warning}`));
  }
  if (input.prices === undefined) {
    out.push(`Prices for another Region or the unpriced lines: pass prices (from ${PRICE_TABLE_URL}).`);
  }
  return out.join('\n');
}

function shape(o: SizingOption): string {
  const plan = o.plan;
  if (!plan) {
    return o.fits ? '' : o.eligible || o.notes.every((n) => n.startsWith('Does not fit')) ? 'does not fit' : 'not sized';
  }
  const parts = [`${plan.brokerCount} × ${plan.instanceType.instanceType}`];
  if (plan.volumeSizeGiB !== undefined) {
    parts.push(`${formatNumber(plan.volumeSizeGiB)} GiB each`);
  }
  if (plan.provisionedThroughputMiBps !== undefined) {
    parts.push(`${plan.provisionedThroughputMiBps} MiB/s`);
  }
  if (plan.localRetentionHours !== undefined) {
    parts.push(`${plan.localRetentionHours} h local`);
  }
  return parts.join(', ');
}

function price(o: SizingOption): string {
  const estimate = o.estimate;
  if (!estimate) {
    return '-';
  }
  const unpriced = estimate.unpriced.map((u) => ` + ${formatNumber(u.quantity)} ${u.unit} ${u.item} (unpriced)`).join('');
  return `${unpriced ? '≥ ' : ''}${formatUsd(estimate.monthlyUsd)}${unpriced}${o.eligible ? '' : ' (ruled out)'}`;
}

/** 1234.5 → '1,234.50'. */
export function formatUsd(usd: number): string {
  return group(usd.toFixed(2));
}

/** 12960 → '12,960'; 1.5 → '1.5'. */
function formatNumber(value: number): string {
  return group(String(value));
}

function group(text: string): string {
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * Turns samples and synthesized templates into the Markdown tables printed by run.ts (and pasted
 * into docs/PERFORMANCE.md): timings with ratios, template size and resource counts, Lambdas per stack.
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { median, relativeIqr, Sample } from './measure';

/** Resource type of the provider Lambda (CustomResourceProvider renders a raw AWS::Lambda::Function). */
const LAMBDA_TYPE = 'AWS::Lambda::Function';
const BROKERS_TYPE = 'Custom::MskBootstrapBrokers';

/** A Markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Formats milliseconds. */
export function fmtMs(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** Formats a ratio. */
export function fmtRatio(value: number): string {
  return `${value.toFixed(2)}x`;
}

/** Median of the per-round ratios a[i] / b[i] (samples of the same round ran back to back). */
export function pairedRatio(a: Sample[], b: Sample[]): number {
  const n = Math.min(a.length, b.length);
  return median(Array.from({ length: n }, (_, i) => a[i].totalMs / b[i].totalMs));
}

/** One timing row: median wall total, construct and synth, spread and minimum; median CPU and spread; count. */
export function timingRow(name: string, samples: Sample[]): Array<string | number> {
  const totals = samples.map((s) => s.totalMs);
  const cpu = samples.map((s) => s.cpuMs);
  return [
    name,
    fmtMs(median(totals)),
    fmtMs(median(samples.map((s) => s.constructMs))),
    fmtMs(median(samples.map((s) => s.synthMs))),
    `${(relativeIqr(totals) * 100).toFixed(0)}%`,
    fmtMs(Math.min(...totals)),
    fmtMs(median(cpu)),
    fmtMs(median(samples.map((s) => s.constructCpuMs))),
    `${(relativeIqr(cpu) * 100).toFixed(0)}%`,
    samples.length,
  ];
}

export const TIMING_HEADER = ['case', 'wall ms (median)', 'construct ms', 'synth ms', 'wall IQR/median', 'wall min ms', 'CPU ms (median)',
  'construct CPU ms', 'CPU IQR/median', 'n'];

/** Resource counts of one template. */
export interface TemplateStats {
  readonly bytes: number;
  readonly resources: number;
  readonly lambdas: number;
  readonly brokerLookups: number;
  readonly byType: Map<string, number>;
}

/** Counts resources by type in a template. */
export function templateStats(template: Record<string, unknown>, bytes: number): TemplateStats {
  const resources = (template.Resources ?? {}) as Record<string, { Type?: string }>;
  const byType = new Map<string, number>();
  for (const resource of Object.values(resources)) {
    const type = resource.Type ?? '?';
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  return {
    bytes,
    resources: Object.keys(resources).length,
    lambdas: byType.get(LAMBDA_TYPE) ?? 0,
    brokerLookups: byType.get(BROKERS_TYPE) ?? 0,
    byType,
  };
}

/** Resource types whose count differs between `a` and `b`: "Type a/b". */
export function typeDifferences(a: TemplateStats, b: TemplateStats): string {
  const types = [...new Set([...a.byType.keys(), ...b.byType.keys()])].sort();
  const diffs = types.filter((t) => (a.byType.get(t) ?? 0) !== (b.byType.get(t) ?? 0))
    .map((t) => `${t.replace(/^AWS::/, '')} ${a.byType.get(t) ?? 0}/${b.byType.get(t) ?? 0}`);
  return diffs.length === 0 ? 'same types and counts' : diffs.join(', ');
}

/** Size of a file and of its gzip, in bytes. */
export function fileSizes(file: string): { bytes: number; gzipBytes: number } {
  const content = fs.readFileSync(file);
  return { bytes: content.length, gzipBytes: zlib.gzipSync(content, { level: 9 }).length };
}

/** Formats bytes as KiB. */
export function fmtKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

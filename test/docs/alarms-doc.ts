/**
 * The generated part of docs/ALARMS.md: the alarm catalog as tables, from src/monitoring/alarm-catalog.ts
 * (the same specs the clusters build their alarms from), so the doc cannot drift from the code.
 */
import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { AlarmContext, ALARM_CATALOG, AlarmSpec } from '../../src/monitoring/alarm-catalog';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/alarm-defaults';
import { specQuery } from '../../src/monitoring/alarm-sources';
import { insightsSql, STATISTIC_OF } from '../../src/monitoring/insights-query';

export const BEGIN = '<!-- alarm-catalog:begin -->';
export const END = '<!-- alarm-catalog:end -->';
export const REGENERATE = 'UPDATE_ALARMS_DOC=1 npx jest test/docs/alarms-doc.test.ts';

/** The contexts of the columns: a default cluster of each kind (IAM, PER_BROKER level), and kafka.t3. */
export const CONTEXTS: Record<string, AlarmContext> = {
  Standard: { kind: 'standard', burstable: false, iam: true, perBrokerMetrics: true, brokerIds: [1, 2, 3] },
  Express: { kind: 'express', burstable: false, iam: true, perBrokerMetrics: true, brokerIds: [1, 2, 3], ingressMBps: 15.6, egressMBps: 31.2 },
  t3: { kind: 'standard', burstable: true, iam: true, perBrokerMetrics: true, brokerIds: [1, 2, 3] },
  Serverless: { kind: 'serverless', burstable: false, iam: true, perBrokerMetrics: false, brokerIds: [] },
};

const SYMBOL: Record<string, string> = {
  [cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD]: '>',
  [cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD]: '≥',
  [cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD]: '<',
  [cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD]: '≤',
};

const MISSING: Record<string, string> = {
  [cloudwatch.TreatMissingData.NOT_BREACHING]: 'not breaching',
  [cloudwatch.TreatMissingData.BREACHING]: '**breaching**',
  [cloudwatch.TreatMissingData.MISSING]: 'missing',
  [cloudwatch.TreatMissingData.IGNORE]: 'ignore',
};

/** The first context a spec applies to (for its threshold and query). */
function contextOf(spec: AlarmSpec): AlarmContext {
  return Object.values(CONTEXTS).find((c) => spec.appliesTo(c))!;
}

/** What the alarm reads, with `<cluster>` for the cluster name. */
function reads(spec: AlarmSpec): string {
  const minutes = spec.period.toMinutes();
  if (spec.source === 'cluster') {
    return `${spec.metricName} (${STATISTIC_OF[spec.fn]}, ${minutes} min), cluster`;
  }
  return `\`${insightsSql(specQuery(spec, '<cluster>'))}\` (${minutes} min)`;
}

function firesWhen(spec: AlarmSpec): string {
  const ctx = contextOf(spec);
  const threshold = spec.threshold(DEFAULT_THRESHOLDS, ctx);
  const minutes = spec.period.toMinutes() * spec.evaluationPeriods;
  const example = spec.source === 'brokerTopics' ? ' (express.m7g.large: 80 % of its sustained throughput)' : '';
  return `${SYMBOL[spec.comparison]} ${threshold.toLocaleString('en-US')} ${spec.unit}${example} for ${minutes} min (${spec.evaluationPeriods} × ${spec.period.toMinutes()} min)`;
}

/** Conditions beyond the broker kind: IAM authentication, the PER_BROKER monitoring level. */
function needs(spec: AlarmSpec): string {
  const ctx = contextOf(spec);
  const found: string[] = [];
  if (!spec.appliesTo({ ...ctx, iam: false })) {
    found.push('IAM auth');
  }
  if (!spec.appliesTo({ ...ctx, perBrokerMetrics: false })) {
    found.push('PER_BROKER level');
  }
  return found.join(', ');
}

/** The tables of the catalog, and the count of alarms on Metrics Insights queries per default cluster. */
export function renderAlarmCatalog(): string {
  const kinds = Object.keys(CONTEXTS);
  const lines = [
    BEGIN,
    `<!-- Generated from src/monitoring/alarm-catalog.ts; do not edit. Regenerate: ${REGENERATE} -->`,
    '',
    `| Alarm | Reads | Fires when | Missing data | ${kinds.join(' | ')} | Needs |`,
    `|---|---|---|---|${kinds.map(() => '---').join('|')}|---|`,
  ];
  for (const spec of ALARM_CATALOG) {
    const columns = kinds.map((k) => (spec.appliesTo(CONTEXTS[k]) ? 'yes' : ''));
    lines.push(`| [${spec.id}](#${spec.id.toLowerCase()}) | ${reads(spec).replace(/\|/g, '\\|')} | ${firesWhen(spec)} | ${MISSING[spec.treatMissingData]} | ${columns.join(' | ')} | ${needs(spec)} |`);
  }
  lines.push('', '**Per default cluster** (IAM authentication, PER_BROKER level, whatever the broker count):', '');
  lines.push('| Kind | Alarms | on Metrics Insights queries (account quota) | classic |', '|---|---|---|---|');
  for (const kind of kinds) {
    const specs = ALARM_CATALOG.filter((s) => s.appliesTo(CONTEXTS[kind]));
    const insights = specs.filter((s) => s.source !== 'cluster').length;
    lines.push(`| ${kind} | ${specs.length} | ${insights} | ${specs.length - insights} |`);
  }
  lines.push('', END);
  return lines.join('\n');
}

/** `doc` with the generated block replaced; throws when the markers are missing. */
export function withAlarmCatalog(doc: string, block: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`docs/ALARMS.md has no ${BEGIN} ... ${END} block`);
  }
  return doc.slice(0, start) + block + doc.slice(end + END.length);
}

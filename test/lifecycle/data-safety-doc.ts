/**
 * Renders README's data-safety tables (between `<!-- data-safety:begin -->` and `<!-- data-safety:end -->`)
 * from the lifecycle matrix: every row whose change replaces or refuses something, and, per construct, the
 * props whose changes update in place.
 */
import { ResourceChange } from '../util/lifecycle/classify';
import { Judgement, MatrixRow } from '../util/lifecycle/matrix';

export const BEGIN = '<!-- data-safety:begin -->';
export const END = '<!-- data-safety:end -->';
export const REGENERATE = 'UPDATE_README_DATA_SAFETY=1 npx jest test/lifecycle/lifecycle-matrix.test.ts';

const CLUSTER_CONSTRUCTS = new Set(['ProvisionedCluster', 'ServerlessCluster', 'addTopic', 'addScramUser', 'ClusterPolicy', 'ClusterVpcConnection']);

/** What a replacement of each integration resource means for its data or its consumers. */
export const REPLACEMENT_MEANS: Readonly<Record<string, string>> = {
  'AWS::KafkaConnect::Connector': 'A new connector under a new name (the default name carries a hash of its create-only settings); a sink starts a new consumer group, `connect-<new name>`, at the earliest retained offset (records are delivered again); a source starts without the old offsets',
  'AWS::KafkaConnect::CustomPlugin': 'A new plugin (the default name carries a hash of its settings); connectors using it are replaced too',
  'AWS::MSK::Replicator': 'A new replicator (the default name carries a hash of its settings) starts from `startingPosition`',
  'AWS::Lambda::EventSourceMapping': 'A new mapping resumes from the consumer group\'s committed offsets',
  'AWS::KinesisAnalyticsV2::Application': 'The new application starts without the old one\'s snapshots (its state)',
  'AWS::KinesisFirehose::DeliveryStream': 'The new stream starts from `startPosition`; objects already in S3 stay',
  'AWS::Glue::Registry': 'A new, empty registry; its schemas are replaced with it',
  'AWS::Glue::Schema': 'Retained by default, so the new schema starts at version 1 (or fails on the old name): evolve with `addVersion()`',
  'AWS::MSK::VpcConnection': 'Clients in the VPC get a new endpoint',
  'AWS::MSK::ClusterPolicy': 'The policy moves to the other cluster',
};

/** The generated block, markers included. */
export function renderDataSafety(rows: ReadonlyArray<{ row: MatrixRow; judgement: Judgement }>): string {
  const clusters = rows.filter((r) => CLUSTER_CONSTRUCTS.has(r.row.construct));
  const integrations = rows.filter((r) => !CLUSTER_CONSTRUCTS.has(r.row.construct));
  return [
    BEGIN,
    `<!-- Generated from test/lifecycle/ (the lifecycle matrix); do not edit. Regenerate: ${REGENERATE} -->`,
    '',
    '**Clusters, topics, SCRAM users, cluster policies, VPC connections**',
    '',
    ...table(clusters, false),
    '',
    ...inPlace(clusters),
    '',
    '**Integrations**',
    '',
    ...table(integrations, true),
    '',
    ...inPlace(integrations),
    END,
  ].join('\n');
}

/** The rows whose change replaces, deletes or is refused (or fails at synth). */
function table(rows: ReadonlyArray<{ row: MatrixRow; judgement: Judgement }>, meaning: boolean): string[] {
  const notable = rows.filter(({ row, judgement }) => !isPlain(row, judgement));
  const header = meaning
    ? ['| Construct | Prop | Change | CloudFormation does | What a replacement means | This library |', '|---|---|---|---|---|---|']
    : ['| Construct | Prop | Change | CloudFormation does | This library |', '|---|---|---|---|---|'];
  return [...header, ...notable.map(({ row, judgement }) => {
    const cells = [`\`${row.construct}\``, `\`${row.prop}\``, `${escape(row.before.label)} → ${escape(row.after.label)}`, effect(judgement)];
    if (meaning) {
      const types = judgement.changes.filter((c) => c.replacement).map((c) => c.type);
      cells.push([...new Set(types)].map((t) => REPLACEMENT_MEANS[t]).filter((m) => m !== undefined).join('; ') || '—');
    }
    cells.push(guard(row));
    return `| ${cells.join(' | ')} |`;
  })];
}

/**
 * One line per construct: the changes that update in place only, by prop (with the change itself when
 * another change of the same prop is in the table).
 */
function inPlace(rows: ReadonlyArray<{ row: MatrixRow; judgement: Judgement }>): string[] {
  const inTable = new Set(rows.filter(({ row, judgement }) => !isPlain(row, judgement)).map(({ row }) => `${row.construct}.${row.prop}`));
  const byConstruct = new Map<string, string[]>();
  for (const { row, judgement } of rows) {
    if (isPlain(row, judgement)) {
      const entry = inTable.has(`${row.construct}.${row.prop}`) ? `\`${row.prop}\` (${escape(row.before.label)} → ${escape(row.after.label)})` : `\`${row.prop}\``;
      byConstruct.set(row.construct, [...(byConstruct.get(row.construct) ?? []), entry]);
    }
  }
  const parts = [...byConstruct].map(([construct, entries]) => `\`${construct}\`: ${[...new Set(entries)].join(', ')}`);
  return parts.length > 0 ? [`Updated in place, nothing replaced (as tested): ${parts.join('; ')}.`] : [];
}

/** Whether a row's change is a plain in-place update (no table line). */
function isPlain(row: MatrixRow, judgement: Judgement): boolean {
  return row.expect.outcome === 'safe' && judgement.error === undefined && judgement.replacedTypes.length === 0;
}

/** What CloudFormation (and the service) do. */
function effect(judgement: Judgement): string {
  if (judgement.error !== undefined) {
    return 'nothing: synthesis fails';
  }
  const parts: string[] = [];
  const forbidden = judgement.changes.filter((c) => c.kind === 'forbidden');
  for (const c of forbidden) {
    parts.push(`**refused**: ${c.replacement ? `replacing \`${c.type}\`` : `updating \`${c.type}\``}: ${reason(c)}`);
  }
  const replaced = judgement.changes.filter((c) => c.kind === 'replaced');
  const data = replaced.filter((c) => c.holdsData);
  const other = replaced.filter((c) => !c.holdsData);
  if (data.length > 0) {
    parts.push(`**replaces** ${list(data)}`);
  }
  if (other.length > 0) {
    parts.push(`replaces ${list(other)}`);
  }
  return parts.join('; ') || 'updates in place';
}

/** `Type` (create-only paths that changed), for each distinct type. */
function list(changes: readonly ResourceChange[]): string {
  const byType = new Map<string, Set<string>>();
  for (const c of changes) {
    const direct = c.paths.filter((p) => !p.includes('(references'));
    byType.set(c.type, new Set([...(byType.get(c.type) ?? []), ...(direct.length > 0 ? direct : ['a replaced dependency'])]));
  }
  return [...byType].map(([type, paths]) => `\`${type}\` (${[...paths].map((p) => (p.includes(' ') ? p : `\`${p}\``)).join(', ')})`).join(', ');
}

/** The short reason of a refusal: its text between the first ': ' and the source in parentheses. */
function reason(change: ResourceChange): string {
  const text = change.refusals[0] ?? '';
  const start = text.indexOf(': ');
  const body = start >= 0 ? text.slice(start + 2) : text;
  const source = body.lastIndexOf(' (');
  return escape(source > 0 ? body.slice(0, source) : body);
}

/** What the library does about the change. */
function guard(row: MatrixRow): string {
  const expected = row.expect;
  if (expected.outcome === 'fails') {
    return `error \`${expected.rule}\``;
  }
  if (expected.outcome === 'warns') {
    return row.gap !== undefined ? '**no warning yet**' : `warning \`${expected.warning}\``;
  }
  if (expected.outcome === 'unguarded') {
    return `none: not visible at synth${expected.documented !== undefined ? ` (see ${expected.documented})` : ''}`;
  }
  if (expected.outcome === 'guarded') {
    return `deploy-time error from \`${expected.guard}\`, before the resource changes (never during a rollback)`
      + `${expected.documented !== undefined ? ` (see ${expected.documented})` : ''}`;
  }
  return '—';
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** `readme` with the block between the markers replaced by `block`; throws when the markers are missing. */
export function withDataSafety(readme: string, block: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no ${BEGIN} ... ${END} block (in "## Data safety: changes that replace the cluster")`);
  }
  return readme.slice(0, start) + block + readme.slice(end + END.length);
}

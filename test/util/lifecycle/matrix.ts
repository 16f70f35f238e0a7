/**
 * The lifecycle matrix's vocabulary: a row changes one public prop of one construct from a `before`
 * variant to an `after` variant and says what the change must do; `judge` derives what it does.
 */
import { classifyChanges, ResourceChange } from './classify';
import { Build, Synthesis, synthesize } from './synth';
import { CfnTemplate, prerequisites } from './template';

/** The type of the library's generic update guard (src/custom-resources/update-guard.ts). */
export const UPDATE_GUARD = 'Custom::MskUpdateGuard';

/** One synthesized variant of a construct: a label for the README and what it builds. Synthesized once. */
export interface Variant {
  readonly label: string;
  readonly build: Build;
}

/** What a row's change must do. */
export type Expectation =
  /** Nothing holding data is replaced or deleted and nothing is refused; `replaces` lists the resource
   *  types (holding no data) that are replaced, exactly. */
  | { readonly outcome: 'safe'; readonly replaces?: readonly string[] }
  /** The synthesis of `after` warns with `warning`, and that warning's message contains `names` (what is
   *  replaced or refused). `replaces` lists the replaced resource types, exactly. */
  | { readonly outcome: 'warns'; readonly warning: string; readonly names: string; readonly replaces?: readonly string[] }
  /** The synthesis of `after` throws, naming the rule `rule`. */
  | { readonly outcome: 'fails'; readonly rule: string }
  /** Replaces data or is refused, and no synthesis can tell: the previous value is only known to the deployed
   *  stack. `documented` names the README section that explains it (besides the data-safety table). `replaces` as for `safe`. */
  | { readonly outcome: 'unguarded'; readonly documented?: string; readonly replaces?: readonly string[] }
  /** Refused by the service, and no synthesis can tell, but a deploy-time guard (`guard`: the type of a custom
   *  resource the cluster depends on, which compares the template with the live resource) fails the deployment
   *  before anything is touched. Its check: the change is refused, and the guard resource of that type is updated
   *  (its properties change, so it runs; an Update of the same resource, not a delete and a create). `documented`
   *  and `replaces` as for `unguarded`. */
  | { readonly outcome: 'guarded'; readonly guard: string; readonly documented?: string; readonly replaces?: readonly string[] };

export interface MatrixRow {
  /** The construct (or method) whose prop changes, e.g. `ProvisionedCluster`, `addTopic`. */
  readonly construct: string;
  readonly prop: string;
  readonly before: Variant;
  readonly after: Variant;
  readonly expect: Expectation;
  /**
   * The library does not yet warn about this replacement or refusal: the proposed warning (`expect` names
   * its id). The row passes while the library stays silent and fails, asking to drop `gap`, once it warns.
   */
  readonly gap?: string;
  /** The helper whose in-progress change the expectation relies on (reported until it lands). */
  readonly pending?: string;
}

/** What a row's change does, derived from the two syntheses. */
export interface Judgement {
  /** The synthesis of `after` threw. */
  readonly error?: string;
  readonly changes: readonly ResourceChange[];
  /** Data-holding resources replaced, or deleted without a retain policy (DATA_HOLDING_TYPES). */
  readonly dataLost: readonly ResourceChange[];
  /** Changes the service refuses. */
  readonly forbidden: readonly ResourceChange[];
  /** Types of the replaced resources, sorted, unique. */
  readonly replacedTypes: readonly string[];
  readonly warnings: ReadonlyArray<{ readonly id: string; readonly message: string }>;
  /** For each changed resource of `after`: the logical ids it waits for (./template.ts, prerequisites). */
  readonly prerequisites: ReadonlyMap<string, ReadonlySet<string>>;
}

const cache = new Map<Variant, Synthesis>();

/** The synthesis of a variant (each variant is synthesized once, however many rows use it). */
export function synthesized(variant: Variant): Synthesis {
  let result = cache.get(variant);
  if (!result) {
    result = synthesize(variant.build);
    cache.set(variant, result);
  }
  return result;
}

/** What deploying the row's `after` over its `before` does. */
export function judge(row: MatrixRow): Judgement {
  const before = synthesized(row.before);
  if (before.error !== undefined) {
    throw new Error(`${row.construct} ${row.prop}: the 'before' variant (${row.before.label}) does not synthesize: ${before.error}`);
  }
  const after = synthesized(row.after);
  if (after.error !== undefined) {
    return { error: after.error, changes: [], dataLost: [], forbidden: [], replacedTypes: [], warnings: [], prerequisites: new Map() };
  }
  return judgeTemplates(before.template, after.template, after.warnings);
}

/** What deploying `after` over `before` does, with the warnings of the synthesis of `after`. */
export function judgeTemplates(before: CfnTemplate, after: CfnTemplate, warnings: Judgement['warnings']): Judgement {
  const changes = classifyChanges(before, after);
  return {
    changes,
    dataLost: changes.filter((c) => c.holdsData && (c.replacement || (c.kind === 'removed' && !c.retained))),
    forbidden: changes.filter((c) => c.kind === 'forbidden'),
    replacedTypes: [...new Set(changes.filter((c) => c.replacement).map((c) => c.type))].sort(),
    warnings,
    prerequisites: new Map(changes.filter((c) => c.kind !== 'unchanged').map((c) => [c.logicalId, prerequisites(after, c.logicalId)])),
  };
}

/** One line per problem with the row (none when it behaves as expected). */
export function rowProblems(row: MatrixRow, judgement: Judgement): string[] {
  const expected = row.expect;
  const problems: string[] = [];
  if (expected.outcome === 'fails') {
    if (judgement.error === undefined) {
      problems.push(`expected synthesis to fail with [${expected.rule}], but it succeeded${describe(judgement)}`);
    } else if (!judgement.error.includes(`[${expected.rule}]`)) {
      problems.push(`expected the error to name [${expected.rule}], got: ${judgement.error}`);
    }
    return problems;
  }
  if (judgement.error !== undefined) {
    return [`synthesis of 'after' failed: ${judgement.error}`];
  }
  const replaces = [...(expected.replaces ?? [])].sort();
  if (JSON.stringify(replaces) !== JSON.stringify(judgement.replacedTypes)) {
    problems.push(`expected replaced types ${JSON.stringify(replaces)}, the change replaces ${JSON.stringify(judgement.replacedTypes)}${describe(judgement)}`);
  }
  const unsafe = [...judgement.dataLost, ...judgement.forbidden];
  if (judgement.changes.every((c) => c.kind === 'unchanged')) {
    problems.push('the change changes nothing in the template: the row cannot fail; pick an `after` that differs');
  }
  if (expected.outcome === 'unguarded') {
    if (unsafe.length === 0) {
      problems.push(`an unguarded row must replace data or be refused, but the change is safe: make it 'safe'${describe(judgement)}`);
    }
    return problems;
  }
  if (expected.outcome === 'guarded') {
    if (unsafe.length === 0) {
      problems.push(`a guarded row must replace data or be refused, but the change is safe: make it 'safe'${describe(judgement)}`);
    }
    const guards = judgement.changes.filter((c) => c.type === expected.guard);
    const running = guards.filter((c) => c.kind === 'updated').map((c) => c.logicalId);
    if (running.length === 0) {
      problems.push(`the guard ${expected.guard} must be updated in place (its properties change, so that it runs before the refused change), `
        + `but its changes are ${JSON.stringify(guards.map((c) => `${c.logicalId} ${c.kind}`))}`);
    }
    for (const c of unsafe) {
      const waitsFor = judgement.prerequisites.get(c.logicalId) ?? new Set<string>();
      if (running.length > 0 && !running.some((id) => waitsFor.has(id))) {
        problems.push(`${explain(c)}, but it does not wait for the updated guard (${running.join(', ')}): `
          + 'it must depend on it, directly or through what it refers to, so that the guard fails first');
      }
    }
    return problems;
  }
  if (expected.outcome === 'safe') {
    for (const c of unsafe) {
      problems.push(`UNSAFE without a warning or error: ${explain(c)}`);
    }
    return problems;
  }
  const warning = judgement.warnings.find((w) => w.id === expected.warning);
  if (row.gap !== undefined) {
    if (warning) {
      problems.push(`the library now warns with ${expected.warning}: remove \`gap\` from this row`);
    }
    if (unsafe.length === 0) {
      problems.push(`a gap row must replace data or be refused, but the change is safe${describe(judgement)}`);
    }
    return problems;
  }
  if (!warning) {
    const ids = judgement.warnings.map((w) => w.id);
    problems.push(`expected warning ${expected.warning}; the synthesis warns ${JSON.stringify(ids)}${unsafe.length > 0 ? `, and ${unsafe.map(explain).join('; ')}` : ''}`);
  } else if (!warning.message.includes(expected.names)) {
    problems.push(`warning ${expected.warning} must name '${expected.names}': ${warning.message}`);
  }
  return problems;
}

/** One line about a change that is not safe. */
export function explain(change: ResourceChange): string {
  if (change.kind === 'forbidden') {
    return `${change.logicalId} (${change.type}) is refused: ${change.refusals.join('; ')}`;
  }
  if (change.kind === 'replaced') {
    return `${change.logicalId} (${change.type}) is REPLACED (${change.paths.join(', ')})`;
  }
  return `${change.logicalId} (${change.type}) is ${change.retained ? 'removed from the stack (retained: left behind)' : 'DELETED'}`;
}

function describe(judgement: Judgement): string {
  const notable = judgement.changes.filter((c) => c.kind === 'replaced' || c.kind === 'forbidden' || (c.kind === 'removed' && c.holdsData));
  return notable.length > 0 ? `:\n    - ${notable.map(explain).join('\n    - ')}` : '';
}

/** A one-line summary of what a change does (for debugging a row: LIFECYCLE_DEBUG=1). */
export function summary(judgement: Judgement): string {
  if (judgement.error !== undefined) {
    return `fails: ${judgement.error.split('\n').find((l) => l.includes('[')) ?? judgement.error}`;
  }
  const notable = judgement.changes.filter((c) => c.kind !== 'unchanged').map((c) => `${c.kind} ${c.type}${c.paths.length > 0 ? ` (${c.paths.join(', ')})` : ''}`);
  return `${notable.join('; ') || 'no change'}; warnings: ${judgement.warnings.map((w) => w.id).join(', ') || 'none'}`;
}

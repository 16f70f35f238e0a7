/**
 * The catalog of every validation error and warning of the library, read at run time from the rule
 * registry (src/validation/registry.ts), so that docs/ERRORS.md (rendered by `renderErrorsDoc`) cannot
 * drift from the code:
 *
 * - every rule table registers itself (`registerRules`) when its module loads, with its name, file,
 *   severity and the constructs that run it;
 * - the errors and warnings methods raise directly are declared as message tables (`defineMessages`),
 *   registered the same way.
 *
 * Loading the library (src/index.ts) loads every module that registers a table; `unloadedRegistrations()`
 * names any module that declares one but registered nothing (not loaded, or registered under another file
 * name). Each message is shown as a template: its message function is called with placeholders that render
 * as `…` (values known only at synth time).
 */
import * as fs from 'fs';
import * as path from 'path';
import '../../src';
import { registeredTables, RegisteredTable, Severity } from '../../src/validation/registry';

export const REPO_ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(REPO_ROOT, 'src');

export type { Severity };

/** One rule of a table. */
export interface CatalogRule {
  readonly id: string;
  readonly severity: Severity;
  /** The message, with `…` for values known only at synth time. */
  readonly template: string;
}

/** One registered table. */
export interface CatalogTable {
  readonly name: string;
  /** Path relative to the repository root, e.g. `src/cluster/provisioned-cluster-rules.ts`. */
  readonly file: string;
  readonly severity: Severity;
  /** Constructs (the `kind` given to checkRules), classes or methods that raise its entries. */
  readonly checkedBy: string[];
  readonly rules: CatalogRule[];
}

export interface ErrorCatalog {
  readonly tables: CatalogTable[];
}

/** Every `.ts` file under `dir`, sorted, relative to the repository root. */
export function sourceFiles(dir: string = SRC): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        out.push(path.relative(REPO_ROOT, full).split(path.sep).join('/'));
      }
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Modules under src/ that register a table (call `registerRules` or `defineMessages`) but registered none when
 * the library was imported: their tables would be missing from the catalog.
 */
export function unloadedRegistrations(): string[] {
  const registered = new Set(registeredTables().map((t) => t.file));
  return sourceFiles()
    .filter((f) => !f.startsWith('src/validation/'))
    .filter((f) => /\b(registerRules|defineMessages)\(/.test(fs.readFileSync(path.join(REPO_ROOT, f), 'utf-8')))
    .filter((f) => !registered.has(f));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The catalog of the registered tables, sorted by file, then name. */
export function buildErrorCatalog(tables: ReadonlyArray<RegisteredTable> = registeredTables()): ErrorCatalog {
  return {
    tables: tables
      .map((t) => ({
        name: t.name,
        file: t.file,
        severity: t.severity,
        checkedBy: [...t.checkedBy].sort(),
        rules: t.rules.map((r) => ({ id: r.id, severity: t.severity, template: template(r.message) })),
      }))
      .sort((a, b) => compare(a.file, b.file) || compare(a.name, b.name)),
  };
}

/**
 * A value that stands for anything known only at synth time: it renders as `…` in text, reads as NaN in
 * arithmetic (rendered `…` too), and yields itself from any property, call or iteration.
 */
function placeholder(): unknown {
  const handler: ProxyHandler<() => void> = {
    get: (_target, key) => {
      if (key === Symbol.toPrimitive) {
        return (hint: string) => (hint === 'string' ? '…' : NaN);
      }
      if (key === 'toString' || key === 'toJSON') {
        return () => '…';
      }
      if (key === Symbol.iterator) {
        return function* () {
          yield proxy;
        };
      }
      return proxy;
    },
    apply: () => proxy,
  };
  const proxy: unknown = new Proxy(() => undefined, handler);
  return proxy;
}

/** A message function's text with placeholders for its arguments ('…' when it cannot render them). */
function template(message: (...args: never[]) => string): string {
  const render = message as (...args: unknown[]) => unknown;
  let text: string;
  try {
    const args = Array.from({ length: Math.max(1, message.length) }, () => placeholder());
    text = String(render(...args));
  } catch {
    text = '…';
  }
  // A message whose property is computed from its input (e.g. `${fields.join(', ')}: ...`) renders it empty.
  return text.replace(/\b(NaN|undefined)\b/g, '…').replace(/^: /, '…: ').replace(/…(\s*…)+/g, '…');
}

// ---------------------------------------------------------------------------------------------
// Rendering.

/** Markdown-escapes text outside `code spans`, and pipes everywhere (the text goes into table cells). */
function md(text: string): string {
  const pieces = text.split('`');
  const balanced = pieces.length % 2 === 1;
  return pieces.map((piece, i) => {
    const code = balanced && i % 2 === 1;
    const escaped = code ? piece : piece.replace(/[\\*_[\]<>]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
    return escaped.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  }).join(balanced ? '`' : '\\`');
}

/** docs/ERRORS.md. */
export function renderErrorsDoc(catalog: ErrorCatalog): string {
  const rules = catalog.tables.flatMap((t) => t.rules);
  const errors = rules.filter((r) => r.severity === 'error').length;
  const lines = [
    '# Validation errors and warnings',
    '',
    '<!-- Generated from the rule registry by test/docs/error-catalog.ts. Do not edit: run',
    '     UPDATE_ERRORS_DOC=1 npx jest test/docs/errors-doc.test.ts -->',
    '',
    'Every check the constructs run at synth time, generated from the rule tables and message tables the',
    `library registers (so it lists exactly what the code checks): ${errors} errors and ${rules.length - errors} warnings in ${catalog.tables.length} tables.`,
    '',
    'An error stops synthesis with one message that lists every failing rule of a construct:',
    '',
    '```text',
    'cdk-msk-constructs: 2 problems in ProvisionedCluster \'App/Events\':',
    '  - [SubnetsTooFew] vpcSubnets: selects 1 subnet(s); MSK needs 2 or 3 subnets in distinct availability zones. Fix: ...',
    '  - [BrokersPerAzInvalid] brokersPerAz: 0 is not a whole number of at least 1. Fix: use 1 or more.',
    '```',
    '',
    'Each problem starts with its id, then the property, the value and the fix. Read the problems as data with',
    '`ValidationErrors.problemsOf(error)` (TypeScript) or `ValidationErrors.parse(message)` (every language).',
    'A warning is a CDK annotation with id `cdk-msk-constructs:<Id>`; acknowledge it with',
    '`Annotations.of(construct).acknowledgeWarning(\'cdk-msk-constructs:<Id>\', reason)`. In the messages',
    'below, `…` stands for a value known only at synth time.',
    '',
    '## Tables',
    '',
  ];
  for (const table of catalog.tables) {
    lines.push(`### ${table.name}`, '');
    const where = table.checkedBy.length > 0 ? `raised by ${table.checkedBy.map((c) => `\`${c}\``).join(', ')}` : 'raised by nothing';
    lines.push(`${table.severity === 'error' ? 'Errors' : 'Warnings'} in [${table.file}](../${table.file}), ${where}.`, '');
    lines.push('| Id | Severity | Message |', '|---|---|---|');
    for (const rule of table.rules) {
      lines.push(`| \`${rule.id}\` | ${rule.severity} | ${md(rule.template)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * The catalog of every validation error and warning of the library, built from the source so that
 * docs/ERRORS.md (rendered by `renderErrorsDoc`) cannot drift from the code:
 *
 * - Rule tables: every array declared in src/ with a `Rule<...>` or `WarningRule<...>` type (exported
 *   or not, in a `*-rules.ts` module or elsewhere), read with the TypeScript parser. A table's severity
 *   is its declared element type; each rule's message is shown as a template (`…` for values known only
 *   at synth time; literal constants are resolved).
 * - Errors thrown directly (`throw new Error(...)`, `node.addValidation` messages) and warnings added
 *   directly (`addWarningV2(`${ID_PREFIX}:<Id>`, ...)`), with the method that raises them.
 *
 * `loadRuleTables()` imports every `*-rules.ts` module (and `EXTRA_RULE_MODULES`) and returns the rule
 * tables they export at runtime, so a test can check the parsed catalog against the real arrays.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const REPO_ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(REPO_ROOT, 'src');

/** Modules outside `*-rules.ts` files that export rule tables. */
export const EXTRA_RULE_MODULES = ['src/monitoring/open-monitoring.ts'];

export type Severity = 'error' | 'warning';

/** One rule of a rule table. */
export interface CatalogRule {
  readonly id: string;
  readonly severity: Severity;
  /** The message, with `…` for values known only at synth time. */
  readonly template: string;
}

/** One rule table, as declared in the source. */
export interface CatalogTable {
  readonly name: string;
  /** Path relative to the repository root, e.g. `src/cluster/provisioned-cluster-rules.ts`. */
  readonly file: string;
  readonly exported: boolean;
  readonly severity: Severity;
  /** Constructs (the `kind` given to checkRules) or classes/functions that run the table. */
  readonly checkedBy: string[];
  readonly rules: CatalogRule[];
  /** Array elements that are not `{ id: '...', ... }` literals (spreads, calls): their rules are not listed. */
  readonly dynamicElements: number;
}

/** An error thrown, or a warning added, without a rule table. */
export interface DirectMessage {
  /** The warning id (`cdk-msk-constructs:<id>`), when it has one. */
  readonly id?: string;
  readonly severity: Severity;
  readonly file: string;
  /** Class.method or function that raises it. */
  readonly raisedBy: string;
  readonly template: string;
}

export interface ErrorCatalog {
  readonly tables: CatalogTable[];
  readonly direct: DirectMessage[];
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

/** A thrown message that only relays rule messages (e.g. `cdk-msk-constructs: ${failures...}`). */
const RELAYED_RULE_MESSAGE = /^cdk-msk-constructs: …$/;

/** Builds the catalog from the source files under src/. Handler code run by Lambda (`*.lambda.ts`) is left out. */
export function buildErrorCatalog(): ErrorCatalog {
  const files = sourceFiles().filter((f) => !f.endsWith('.lambda.ts'));
  const parsed = new Map(files.map((f) => [f, ts.createSourceFile(f, fs.readFileSync(path.join(REPO_ROOT, f), 'utf-8'), ts.ScriptTarget.Latest, true)]));
  const constants = new Constants(parsed);

  const tables: Array<Omit<CatalogTable, 'checkedBy'>> = [];
  const direct: DirectMessage[] = [];
  for (const [file, source] of parsed) {
    visit(source, (node) => {
      const table = ruleTable(node, file, constants);
      if (table) {
        tables.push(table);
      }
      // The rule mechanism itself (src/validation) only relays rule messages.
      const message = file.startsWith('src/validation/') ? undefined : directMessage(node, file, constants) ?? builtMessage(node, file, constants);
      if (message && !RELAYED_RULE_MESSAGE.test(message.template)) {
        direct.push(message);
      }
    });
  }

  // Who runs each table: the identifier given to checkRules (its construct kind) or warnRules (its class).
  const checkedBy = new Map<Omit<CatalogTable, 'checkedBy'>, Set<string>>();
  for (const [file, source] of parsed) {
    visit(source, (node) => {
      const table = ts.isIdentifier(node) ? tables.find((t) => t.name === node.text && (t.exported || t.file === file)) : undefined;
      const runner = table ? runnerOf(node) : undefined;
      if (table && runner) {
        checkedBy.set(table, (checkedBy.get(table) ?? new Set<string>()).add(runner));
      }
    });
  }
  return {
    tables: tables
      .map((t) => ({ ...t, checkedBy: [...(checkedBy.get(t) ?? [])].sort() }))
      .sort((a, b) => compare(a.file, b.file) || compare(a.name, b.name)),
    direct: direct.sort((a, b) => compare(a.file, b.file) || compare(a.raisedBy, b.raisedBy) || compare(a.template, b.template)),
  };
}

/**
 * The rule tables the modules export at runtime: every exported array whose items all have an `id`
 * string and `failsWhen` and `message` functions. Keyed `<file>#<export name>`.
 */
export function loadRuleTables(): Map<string, ReadonlyArray<{ id: string }>> {
  const modules = [...sourceFiles().filter((f) => f.endsWith('-rules.ts')), ...EXTRA_RULE_MODULES];
  const tables = new Map<string, ReadonlyArray<{ id: string }>>();
  for (const file of modules) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const moduleExports: Record<string, unknown> = require(path.join(REPO_ROOT, file));
    for (const [name, value] of Object.entries(moduleExports)) {
      if (Array.isArray(value) && value.length > 0 && value.every(isRule)) {
        tables.set(`${file}#${name}`, value);
      }
    }
  }
  return tables;
}

function isRule(value: unknown): value is { id: string } {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const r = value as Record<string, unknown>;
  return typeof r.id === 'string' && typeof r.failsWhen === 'function' && typeof r.message === 'function';
}

// ---------------------------------------------------------------------------------------------
// Source analysis.

function visit(node: ts.Node, fn: (node: ts.Node) => void): void {
  fn(node);
  node.forEachChild((child) => visit(child, fn));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `const NAME: ReadonlyArray<Rule<X>> = [...]` (or `Rule<X>[]`, `WarningRule<X>`), as a table. */
function ruleTable(node: ts.Node, file: string, constants: Constants): Omit<CatalogTable, 'checkedBy'> | undefined {
  if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !node.type || !node.initializer
    || !ts.isArrayLiteralExpression(node.initializer)) {
    return undefined;
  }
  const typeText = node.type.getText();
  const kind = /\b(WarningRule|Rule)</.exec(typeText)?.[1];
  if (!kind) {
    return undefined;
  }
  const severity: Severity = kind === 'WarningRule' ? 'warning' : 'error';
  const statement = node.parent.parent;
  const exported = ts.isVariableStatement(statement) && (statement.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const rules: CatalogRule[] = [];
  let dynamicElements = 0;
  for (const element of node.initializer.elements) {
    const id = ts.isObjectLiteralExpression(element) ? property(element, 'id') : undefined;
    if (!id || !ts.isStringLiteral(id)) {
      dynamicElements++;
      continue;
    }
    const message = property(element as ts.ObjectLiteralExpression, 'message');
    rules.push({ id: id.text, severity, template: message ? renderTemplate(message, file, constants) : '…' });
  }
  return { name: node.name.text, file, exported, severity, rules, dynamicElements };
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === name) {
      return p.initializer;
    }
  }
  return undefined;
}

/** `throw new Error(msg)`, strings returned by `addValidation`'s validate, and `addWarningV2(`${ID_PREFIX}:<Id>`, msg)`. */
function directMessage(node: ts.Node, file: string, constants: Constants): DirectMessage | undefined {
  if (ts.isThrowStatement(node) && ts.isNewExpression(node.expression) && node.expression.expression.getText() === 'Error'
    && node.expression.arguments?.length) {
    return { severity: 'error', file, raisedBy: userOf(node), template: renderTemplate(node.expression.arguments[0], file, constants) };
  }
  if (!ts.isCallExpression(node)) {
    return undefined;
  }
  const callee = node.expression.getText();
  if (callee.endsWith('.addWarningV2') && node.arguments.length === 2) {
    const idText = /^`\$\{ID_PREFIX\}:([^`]+)`$/.exec(node.arguments[0].getText())?.[1];
    const id = idText?.replace(/\$\{[^}]*\}/g, '…');
    if (id) {
      return { id, severity: 'warning', file, raisedBy: userOf(node), template: renderTemplate(node.arguments[1], file, constants) };
    }
  }
  return undefined;
}

/**
 * Error messages built outside `throw` (e.g. returned by a `node.addValidation` validator): template
 * literals starting with `${ID_PREFIX}: ` (the whole `a + b` concatenation they start).
 */
function builtMessage(node: ts.Node, file: string, constants: Constants): DirectMessage | undefined {
  if (!(ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) || !node.getText().startsWith('`${ID_PREFIX}: ')) {
    return undefined;
  }
  let whole: ts.Node = node;
  while (ts.isBinaryExpression(whole.parent) && whole.parent.left === whole) {
    whole = whole.parent;
  }
  for (let n: ts.Node | undefined = whole.parent; n; n = n.parent) {
    if (ts.isThrowStatement(n)) {
      return undefined; // listed as a thrown error
    }
  }
  return { severity: 'error', file, raisedBy: userOf(node), template: renderTemplate(whole, file, constants) };
}

/** For an identifier among the arguments of checkRules/warnRules: the construct kind, or the class that warns. */
function runnerOf(node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n && !ts.isStatement(n); n = n.parent) {
    if (ts.isCallExpression(n) && ['checkRules', 'warnRules'].includes(n.expression.getText())) {
      if (n.expression.getText() === 'checkRules' && n.arguments.length >= 3 && ts.isStringLiteral(n.arguments[1])) {
        return n.arguments[1].text;
      }
      return userOf(n).split('.')[0];
    }
  }
  return undefined;
}

/** The construct kind given to `checkRules`, else the enclosing `Class.method`, class or function. */
function userOf(node: ts.Node): string {
  let method: string | undefined;
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isCallExpression(n) && n.expression.getText() === 'checkRules' && n.arguments.length >= 3 && ts.isStringLiteral(n.arguments[1])) {
      return n.arguments[1].text;
    }
    if ((ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n)) && n.name) {
      method ??= n.name.getText();
    } else if (ts.isConstructorDeclaration(n)) {
      method ??= 'constructor';
    } else if (ts.isClassDeclaration(n)) {
      return `${n.name?.text ?? '(class)'}${method ? `.${method}` : ''}`;
    } else if (ts.isFunctionDeclaration(n) && n.name) {
      return n.name.text;
    }
  }
  return method ?? '(module)';
}

/**
 * A message expression as text: literals as they are, `${...}` substitutions resolved when they are
 * literal constants and `…` otherwise, `a + b` concatenated; a message function shows its result.
 */
function renderTemplate(node: ts.Node, file: string, constants: Constants): string {
  const parts: string[] = [];
  const render = (n: ts.Node): void => {
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
      if (ts.isBlock(n.body)) {
        const returned = n.body.statements.find(ts.isReturnStatement);
        if (returned?.expression) {
          render(returned.expression);
        } else {
          parts.push('…');
        }
      } else {
        render(n.body);
      }
    } else if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      parts.push(n.text);
    } else if (ts.isTemplateExpression(n)) {
      parts.push(n.head.text);
      for (const span of n.templateSpans) {
        const value = constants.resolve(span.expression, file);
        parts.push(value === undefined ? '…' : String(value));
        parts.push(span.literal.text);
      }
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      render(n.left);
      render(n.right);
    } else if (ts.isParenthesizedExpression(n)) {
      render(n.expression);
    } else {
      const value = ts.isExpression(n) ? constants.resolve(n, file) : undefined;
      parts.push(value === undefined ? '…' : String(value));
    }
  };
  render(node);
  return parts.join('').replace(/…(\s*…)+/g, '…');
}

/** Top-level `const NAME = <literal>` and `const NAME = { key: <literal> } as const` of every file, for messages. */
class Constants {
  private readonly byFile = new Map<string, Map<string, string | number | Map<string, string | number>>>();

  constructor(private readonly files: Map<string, ts.SourceFile>) {}

  /** The literal value of `expression` (an identifier or `OBJECT.key`) in `file`, if it is one. */
  public resolve(expression: ts.Expression, file: string): string | number | undefined {
    if (ts.isIdentifier(expression)) {
      const value = this.lookup(expression.text, file);
      return value instanceof Map ? undefined : value;
    }
    if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)) {
      const object = this.lookup(expression.expression.text, file);
      return object instanceof Map ? object.get(expression.name.text) : undefined;
    }
    return literal(expression);
  }

  private lookup(name: string, file: string): string | number | Map<string, string | number> | undefined {
    const own = this.of(file).get(name);
    if (own !== undefined) {
      return own;
    }
    const source = this.files.get(file);
    for (const statement of source?.statements ?? []) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text.startsWith('.')) {
        const names = statement.importClause?.namedBindings;
        if (names && ts.isNamedImports(names) && names.elements.some((e) => e.name.text === name)) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), `${statement.moduleSpecifier.text}.ts`));
          return this.files.has(target) ? this.of(target).get(name) : undefined;
        }
      }
    }
    return undefined;
  }

  private of(file: string): Map<string, string | number | Map<string, string | number>> {
    let map = this.byFile.get(file);
    if (!map) {
      map = new Map();
      for (const statement of this.files.get(file)?.statements ?? []) {
        if (!ts.isVariableStatement(statement) || !/^const\b/.test(statement.declarationList.getText())) {
          continue;
        }
        for (const d of statement.declarationList.declarations) {
          if (!ts.isIdentifier(d.name) || !d.initializer) {
            continue;
          }
          const init = ts.isAsExpression(d.initializer) ? d.initializer.expression : d.initializer;
          const value = literal(init);
          if (value !== undefined) {
            map.set(d.name.text, value);
          } else if (ts.isObjectLiteralExpression(init)) {
            const members = new Map<string, string | number>();
            for (const p of init.properties) {
              const v = ts.isPropertyAssignment(p) ? literal(p.initializer) : undefined;
              if (v !== undefined && p.name) {
                members.set(p.name.getText(), v);
              }
            }
            map.set(d.name.text, members);
          }
        }
      }
      this.byFile.set(file, map);
    }
    return map;
  }
}

function literal(node: ts.Expression): string | number | undefined {
  if (ts.isNumericLiteral(node)) {
    return Number(node.text);
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  return undefined;
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
    '<!-- Generated from the source by test/docs/error-catalog.ts. Do not edit: run',
    '     UPDATE_ERRORS_DOC=1 npx jest test/docs/errors-doc.test.ts -->',
    '',
    'Every check the constructs run at synth time, generated from the rule tables in `src/` (so it lists',
    `exactly what the code checks): ${errors} error rules and ${rules.length - errors} warning rules in ${catalog.tables.length} tables,`,
    'then the errors and warnings raised directly by methods.',
    '',
    'An error stops synthesis with one message that lists every failing rule of a construct:',
    '',
    '```text',
    'cdk-msk-constructs: 2 problems in ProvisionedCluster \'App/Events\':',
    '  - [SubnetsTooFew] vpcSubnets: selects 1 subnet(s); MSK needs 2 or 3 subnets in distinct availability zones. Fix: ...',
    '  - [BrokersPerAzInvalid] brokersPerAz: 0 is not a whole number of at least 1. Fix: use 1 or more.',
    '```',
    '',
    'Each problem starts with its id, then the property, the value and the fix. A warning is a CDK',
    'annotation with id `cdk-msk-constructs:<Id>`; acknowledge it with',
    '`Annotations.of(construct).acknowledgeWarning(\'cdk-msk-constructs:<Id>\', reason)`. In the messages',
    'below, `…` stands for a value known only at synth time.',
    '',
    '## Rules',
    '',
  ];
  for (const table of catalog.tables) {
    lines.push(`### ${table.name}`, '');
    const where = table.checkedBy.length > 0 ? `checked by ${table.checkedBy.map((c) => `\`${c}\``).join(', ')}` : 'not passed to checkRules or warnRules';
    lines.push(`${table.severity === 'error' ? 'Errors' : 'Warnings'} in [${table.file}](../${table.file}), ${where}.`, '');
    lines.push('| Id | Severity | Message |', '|---|---|---|');
    for (const rule of table.rules) {
      lines.push(`| \`${rule.id}\` | ${rule.severity} | ${md(rule.template)} |`);
    }
    if (table.dynamicElements > 0) {
      lines.push('', `Plus ${table.dynamicElements} rule(s) built at runtime (not listed).`);
    }
    lines.push('');
  }
  lines.push('## Raised directly', '', 'Errors thrown and warnings added by methods, outside the rule tables.', '');
  lines.push('| Id | Severity | Raised by | File | Message |', '|---|---|---|---|---|');
  for (const d of catalog.direct) {
    lines.push(`| ${d.id ? `\`${d.id}\`` : '—'} | ${d.severity} | \`${d.raisedBy}\` | [${path.posix.basename(d.file)}](../${d.file}) | ${md(d.template)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

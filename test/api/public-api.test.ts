/**
 * The public API, as other languages see it: the type names of the jsii assembly (`.jsii`, written by
 * `npx projen compile`, which `npx projen check` and `npx projen build` run before jest) must equal the committed
 * list in test/api/public-api.txt. An internal type that leaks through `src/index.ts` (a facts object, a binding
 * result) or a public type removed by accident fails here, before it ships.
 *
 * When a change is intended (a new public type, or a removal that README and the release notes announce),
 * compile and update the list:
 *   npx projen compile && UPDATE_PUBLIC_API=1 npx jest test/api/public-api.test.ts
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const ASSEMBLY = path.join(ROOT, '.jsii');
const LIST = path.join(__dirname, 'public-api.txt');
const UPDATE = 'npx projen compile && UPDATE_PUBLIC_API=1 npx jest test/api/public-api.test.ts';

interface AssemblyType {
  readonly kind: 'class' | 'interface' | 'enum';
  readonly name: string;
  readonly namespace?: string;
  readonly datatype?: boolean;
}

/** The newest modification time of the TypeScript sources jsii compiles. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestSource(file));
    } else if (entry.name.endsWith('.ts')) {
      newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  }
  return newest;
}

/** One line per public type, `<kind> <name>`, sorted: kind is class, interface, struct or enum. */
function publicTypes(): string[] {
  const assembly = JSON.parse(fs.readFileSync(ASSEMBLY, 'utf8')) as { types?: Record<string, AssemblyType> };
  return Object.values(assembly.types ?? {})
    .map((t) => `${t.kind === 'interface' && t.datatype ? 'struct' : t.kind} ${t.namespace ? `${t.namespace}.` : ''}${t.name}`)
    .sort((a, b) => a.split(' ')[1].localeCompare(b.split(' ')[1]) || a.localeCompare(b));
}

describe('public API (jsii assembly)', () => {
  test('the assembly exists and is newer than every source file', () => {
    if (!fs.existsSync(ASSEMBLY)) {
      throw new Error(`${ASSEMBLY} is missing: run \`npx projen compile\` first (npx projen check and npx projen build do).`);
    }
    const stale = newestSource(path.join(ROOT, 'src')) > fs.statSync(ASSEMBLY).mtimeMs;
    if (stale) {
      throw new Error('.jsii is older than a file in src/: run `npx projen compile` so that the assembly describes the current sources.');
    }
  });

  test('lists exactly the committed public types (update on purpose: see this file\'s header)', () => {
    const actual = publicTypes();
    if (process.env.UPDATE_PUBLIC_API === '1') {
      fs.writeFileSync(LIST, `${actual.join('\n')}\n`);
    }
    const committed = fs.readFileSync(LIST, 'utf8').split('\n').filter((line) => line.trim() !== '');
    const added = actual.filter((t) => !committed.includes(t));
    const removed = committed.filter((t) => !actual.includes(t));
    if (added.length > 0 || removed.length > 0) {
      throw new Error([
        'The public API differs from test/api/public-api.txt.',
        ...(added.length > 0 ? [`New public types (an internal type leaking through src/index.ts? move it to a file src/index.ts does not export): ${added.join(', ')}`] : []),
        ...(removed.length > 0 ? [`Public types gone (users of them break): ${removed.join(', ')}`] : []),
        `If the change is intended, update the list: ${UPDATE}`,
      ].join('\n'));
    }
    expect(actual).toEqual(committed);
  });

  test('internal types stay out of the public API', () => {
    const names = publicTypes().map((line) => line.split(' ')[1]);
    expect(names.filter((name) => /^(BrokerLogsBinding|ResolvedStorage)$|Facts$|Resolution$/.test(name))).toEqual([]);
  });
});

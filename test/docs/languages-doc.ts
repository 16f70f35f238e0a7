/**
 * The generated "Every language" block of README.md: install lines for each registry, read from package.json's
 * jsii targets, and the quick start in Python, Java, C# and Go as jsii-rosetta translated it from the
 * TypeScript quick start (in strict mode, by `npx projen rosetta:check`, which writes .jsii.tabl.json).
 */
import * as fs from 'fs';
import * as path from 'path';

export const REPO = path.join(__dirname, '..', '..');
export const BEGIN = '<!-- languages:begin -->';
export const END = '<!-- languages:end -->';
export const REGENERATE = 'npx projen rosetta:check && UPDATE_LANGUAGES_DOC=1 npx jest test/docs/languages-doc.test.ts';

interface Tablet {
  readonly snippets: Record<string, { readonly translations: Record<string, { readonly source: string }>; readonly didCompile?: boolean }>;
}

interface JsiiTargets {
  readonly java: { readonly package: string; readonly maven: { readonly groupId: string; readonly artifactId: string } };
  readonly python: { readonly distName: string; readonly module: string };
  readonly dotnet: { readonly namespace: string; readonly packageId: string };
  readonly go: { readonly moduleName: string };
}

/** The first TypeScript block after the README's "## Quick start" heading. */
export function quickStartSource(readme: string): string {
  const section = readme.slice(readme.indexOf('\n## Quick start\n'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) {
    throw new Error('README.md has no TypeScript block under "## Quick start"');
  }
  return match[1].trim();
}

/** The rosetta translations of `source`; throws when the tablet is missing or lacks the snippet. */
export function translationsOf(source: string): Record<string, string> {
  const file = path.join(REPO, '.jsii.tabl.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run \`npx projen rosetta:check\` (\`npx projen check\` runs it before jest)`);
  }
  const tablet = JSON.parse(fs.readFileSync(file, 'utf8')) as Tablet;
  const snippet = Object.values(tablet.snippets).find((s) => s.translations.$?.source.trim() === source);
  if (!snippet) {
    throw new Error('the rosetta tablet has no translation of the README quick start: run `npx projen rosetta:check`');
  }
  if (snippet.didCompile !== true) {
    throw new Error('jsii-rosetta did not compile the README quick start: fix it (strict mode)');
  }
  return Object.fromEntries(Object.entries(snippet.translations).map(([language, t]) => [language, t.source]));
}

/** The block: install lines, then the quick start per language. */
export function renderLanguages(readme: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string; jsii: { targets: JsiiTargets } };
  const t = pkg.jsii.targets;
  const translations = translationsOf(quickStartSource(readme));
  const goPackage = `${t.go.moduleName}/${t.python.module.replace(/_/g, '')}`;
  const lines = [
    BEGIN,
    `<!-- Generated from package.json's jsii targets and jsii-rosetta's translations of the quick start; do not edit. Regenerate: ${REGENERATE} -->`,
    '',
    '| Language | Install | Import |',
    '|---|---|---|',
    `| TypeScript, JavaScript | \`npm install ${pkg.name}\` | \`import { ProvisionedCluster } from '${pkg.name}';\` |`,
    `| Python | \`pip install ${t.python.distName}\` | \`from ${t.python.module} import ProvisionedCluster\` |`,
    `| Java | Maven \`${t.java.maven.groupId}:${t.java.maven.artifactId}\` | \`import ${t.java.package}.ProvisionedCluster;\` |`,
    `| C#, F# | \`dotnet add package ${t.dotnet.packageId}\` | \`using ${t.dotnet.namespace};\` |`,
    `| Go | \`go get ${goPackage}\` | \`import "${goPackage}"\` |`,
    '',
    'The quick start below, as jsii-rosetta translates it from TypeScript (compiled in strict mode):',
    '',
  ];
  for (const [language, fence, title] of [['python', 'python', 'Python'], ['java', 'java', 'Java'], ['csharp', 'csharp', 'C#'], ['go', 'go', 'Go']]) {
    lines.push(`<details><summary>${title}</summary>`, '', `\`\`\`${fence}`, translations[language].trim(), '```', '', '</details>', '');
  }
  lines.push(END);
  return lines.join('\n');
}

/** `readme` with the block replaced; throws when the markers are missing. */
export function withLanguages(readme: string, block: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no ${BEGIN} ... ${END} block (in "## Install")`);
  }
  return readme.slice(0, start) + block + readme.slice(end + END.length);
}

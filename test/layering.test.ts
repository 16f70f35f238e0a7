/**
 * Proof of the layering rules of .eslintrc.json (set in .projenrc.ts): src/ has no import cycles,
 * the core never imports src/integrations (type-only imports included), the layers below the
 * clusters never import src/cluster. Each case lints the text of a real file with one bad import
 * added, under that file's path, so the rules run exactly as `eslint src` runs them.
 */
import * as fs from 'fs';
import * as path from 'path';
// eslint 9 keeps the .eslintrc engine (the project's) behind this entry point.
// eslint-disable-next-line import/no-extraneous-dependencies
import { LegacyESLint } from 'eslint/use-at-your-own-risk';

const ROOT = path.join(__dirname, '..');

async function ruleIdsWith(file: string, extraImport: string, overrideConfig?: object): Promise<string[]> {
  const eslint = new LegacyESLint({ cwd: ROOT, overrideConfig });
  const filePath = path.join(ROOT, file);
  const text = `${extraImport}\n${fs.readFileSync(filePath, 'utf8')}`;
  const [result] = await eslint.lintText(text, { filePath });
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

jest.setTimeout(120_000);

describe('layering lint rules', () => {
  test('the files as they are pass', async () => {
    expect(await ruleIdsWith('src/cluster/cluster-base.ts', '')).toEqual([]);
  });

  test('fails when the core imports an integration, even for a type', async () => {
    const ids = await ruleIdsWith('src/cluster/cluster-ref.ts', "import type { KafkaLambdaConsumer } from '../integrations/lambda/lambda-consumer';\nexport type Probe = KafkaLambdaConsumer;");
    expect(ids).toContain('import/no-restricted-paths');
  });

  test('fails when a layer below the clusters imports src/cluster', async () => {
    const ids = await ruleIdsWith('src/auth/grants.ts', "import { ClusterBase } from '../cluster/cluster-base';\nexport const probe = ClusterBase;");
    expect(ids).toContain('import/no-restricted-paths');
  });

  test('fails when monitoring imports a cluster class rather than IMskCluster', async () => {
    const ids = await ruleIdsWith('src/monitoring/alarm-topic.ts', "import { ProvisionedCluster } from '../cluster/provisioned-cluster';\nexport const probe = ProvisionedCluster;");
    expect(ids).toContain('import/no-restricted-paths');
  });

  test('fails on an import cycle', async () => {
    // cluster-internals.ts imports cluster-base.ts: importing it back closes a cycle. import/no-cycle
    // precomputes strongly connected components from the files on disk, which do not have the probe's
    // import: disableScc makes it follow the linted text (the rule and its resolver settings are otherwise
    // the project's; a cycle between files on disk fails `eslint src` as it is).
    const ids = await ruleIdsWith('src/cluster/cluster-base.ts', "import { clusterInternals } from './cluster-internals';\nexport const probe = clusterInternals;", {
      rules: { 'import/no-cycle': ['error', { ignoreExternal: true, disableScc: true }] },
    });
    expect(ids).toContain('import/no-cycle');
  });
});

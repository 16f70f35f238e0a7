import * as fs from 'fs';
import * as path from 'path';
import { REGENERATE, REPO, renderLanguages, withLanguages } from './languages-doc';

const README = path.join(REPO, 'README.md');

describe('README.md, every language', () => {
  test(`install lines and the translated quick start are generated (regenerate: ${REGENERATE})`, () => {
    const readme = fs.readFileSync(README, 'utf8');
    const generated = withLanguages(readme, renderLanguages(readme));
    if (process.env.UPDATE_LANGUAGES_DOC === '1') {
      fs.writeFileSync(README, generated);
      return;
    }
    if (generated !== readme) {
      throw new Error(`README.md's language block differs from package.json and the rosetta translations. Regenerate it:\n  ${REGENERATE}`);
    }
  });

  test('every language shows the cluster of the quick start', () => {
    const readme = fs.readFileSync(README, 'utf8');
    for (const marker of ['ProvisionedCluster(self, "Events"', 'ProvisionedCluster.Builder.create(this, "Events")', 'new ProvisionedCluster(this, "Events"', 'NewProvisionedCluster(']) {
      expect(readme).toContain(marker);
    }
  });
});

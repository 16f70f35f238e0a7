import * as fs from 'fs';
import * as path from 'path';

// The cfn-lint step of `npx projen check` (task `cfn-lint`) is the gate itself; these tests keep its
// pinned version, its ignored rules and README's Compliance section in step.
const root = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const readme = read('README.md');
const compliance = readme.slice(readme.indexOf('## Compliance'), readme.indexOf('## Contributing'));
const config = read('.cfnlintrc.yaml');
const requirements = read('requirements-dev.txt')
  .split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));

/** The rule ids under `ignore_checks:`, each with the comment lines just above it. */
function ignoredRules(): { id: string; reason: string }[] {
  const lines = config.slice(config.indexOf('\nignore_checks:')).split('\n').slice(2);
  const rules: { id: string; reason: string }[] = [];
  let reason: string[] = [];
  for (const line of lines) {
    const comment = /^\s+#\s?(.*)$/.exec(line);
    const item = /^\s+-\s+(\S+)\s*$/.exec(line);
    if (comment) {
      reason.push(comment[1]);
    } else if (item) {
      rules.push({ id: item[1], reason: reason.join(' ') });
      reason = [];
    } else if (line.trim() !== '') {
      break;
    }
  }
  return rules;
}

describe('cfn-lint', () => {
  test('every Python requirement is pinned to an exact version', () => {
    expect(requirements.filter((line) => !/^[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*$/.test(line))).toEqual([]);
    expect(requirements.some((line) => line.startsWith('cfn-lint=='))).toBe(true);
  });

  test('README Compliance names the pinned cfn-lint version', () => {
    const version = requirements.find((line) => line.startsWith('cfn-lint=='))!.split('==')[1];
    expect(compliance).toContain(`cfn-lint ${version}`);
  });

  test('lints the templates synth:examples writes, in the examples\' Region, failing on any finding', () => {
    expect(config).toMatch(/^templates:\n\s+- cdk\.out\/examples\/\*\.template\.json$/m);
    expect(config).toMatch(/^regions:\n\s+- us-east-1$/m);
    expect(config).toMatch(/^non_zero_exit_code: informational$/m);
    const examples = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts') && f !== 'all.ts');
    expect(examples.length).toBeGreaterThan(10);
    expect(examples.filter((f) => !read(`examples/${f}`).includes("region: 'us-east-1'"))).toEqual([]);
  });

  test('every ignored rule has a reason in .cfnlintrc.yaml and a row in README Compliance', () => {
    const rules = ignoredRules();
    expect(rules.map((r) => r.id)).toEqual(['W3005']);
    for (const rule of rules) {
      expect(rule.reason.length).toBeGreaterThan(40);
      expect(compliance).toMatch(new RegExp(`^\\| \`${rule.id}\``, 'm'));
    }
  });
});

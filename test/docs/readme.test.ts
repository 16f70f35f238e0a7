import * as fs from 'fs';
import * as path from 'path';
import { KAFKA_WORKER_ACKNOWLEDGEMENTS } from '../../src/auth/kafka-acls/kafka-acl-worker';
import { SCRAM_SECRET_ACKNOWLEDGEMENTS } from '../../src/auth/scram-secret-acknowledgements';
import { PROVIDER_ACKNOWLEDGEMENTS } from '../../src/custom-resources/stack-provider';
import { TOPIC_TO_S3_ACKNOWLEDGEMENTS } from '../../src/integrations/firehose/firehose-topic-to-s3';
import { ACCESS_LOG_BUCKET_ACKNOWLEDGEMENTS, BUCKET_ACKNOWLEDGEMENTS } from '../../src/logging/bucket-acknowledgements';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const compliance = readme.slice(readme.indexOf('## Compliance'), readme.indexOf('## Contributing'));

describe('README', () => {
  test('starts with the two commands a newcomer runs, the second being what .ci/run runs', () => {
    const commands = [...readme.matchAll(/^npm ci && npx projen [a-z:]+(?: && npx projen [a-z:]+)*$/gm)].map((m) => m[0]);
    expect(commands.slice(0, 2)).toEqual(['npm ci && npx projen synth:quickstart', 'npm ci && npx projen check && npx projen test:bindings']);
    const ci = fs.readFileSync(path.join(__dirname, '..', '..', '.ci', 'run'), 'utf8');
    expect(ci).toContain(`\n${commands[1]}\n`);
  });

  test('lists every rule the library acknowledges', () => {
    const all = [
      ...BUCKET_ACKNOWLEDGEMENTS, ...ACCESS_LOG_BUCKET_ACKNOWLEDGEMENTS, ...PROVIDER_ACKNOWLEDGEMENTS, ...SCRAM_SECRET_ACKNOWLEDGEMENTS,
      ...TOPIC_TO_S3_ACKNOWLEDGEMENTS, ...KAFKA_WORKER_ACKNOWLEDGEMENTS,
    ];
    const ids = new Set(all.map((a) => a.rule));
    const missing = [...ids].filter((id) => !compliance.includes(`\`${id}\``));
    expect(missing).toEqual([]);
    // Pinned: a new acknowledgement must be a deliberate change, listed in README with its reason.
    expect(ids.size).toBe(29);
  });

  test('lists every construct that acknowledges wildcard resources of its policy, finding by finding', () => {
    const src = path.join(__dirname, '..', '..', 'src', 'integrations');
    const users = (fs.readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && fs.readFileSync(path.join(src, f), 'utf8').includes('acknowledgeWildcardResources('));
    expect(users.length).toBeGreaterThan(0);
    const wildcardRow = compliance.split('\n').find((line) => line.includes('AwsSolutions-IAM5[Resource::')) ?? '';
    for (const file of users) {
      const classes = [...fs.readFileSync(path.join(src, file), 'utf8').matchAll(/^export class (\w+)/gm)].map((m) => m[1]);
      expect(classes.filter((c) => wildcardRow.includes(`\`${c}\``))).not.toEqual([]);
    }
  });

  test('every acknowledgement has a reason', () => {
    for (const a of [
      ...ACCESS_LOG_BUCKET_ACKNOWLEDGEMENTS, ...PROVIDER_ACKNOWLEDGEMENTS, ...SCRAM_SECRET_ACKNOWLEDGEMENTS,
      ...TOPIC_TO_S3_ACKNOWLEDGEMENTS, ...KAFKA_WORKER_ACKNOWLEDGEMENTS,
    ]) {
      expect(a.reason.length).toBeGreaterThan(20);
    }
  });
});

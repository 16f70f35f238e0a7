import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ALL_EXAMPLES } from '../../examples/all';
import { buildPartnerScramAcls } from '../../examples/partner-scram-acls';
import { buildProducerConsumer } from '../../examples/producer-consumer';
import { KAFKA_ACL_WORKER_ID } from '../../src/auth/kafka-acls/kafka-acl-worker';
import { PROVIDER_ID } from '../../src/custom-resources/stack-provider';
import { testApp } from '../util/stacks';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

/** Every example except the quickstart (tested with its snapshot in quickstart.test.ts). */
const EXAMPLES: Array<[string, (app: App) => Stack]> = Object.entries(ALL_EXAMPLES)
  .filter(([file]) => file !== 'quickstart.ts')
  .map(([file, build]) => [`examples/${file}`, build]);

test('examples/all.ts builds every example app in examples/', () => {
  const files = fs.readdirSync(path.join(__dirname, '..', '..', 'examples')).filter((f) => f.endsWith('.ts') && f !== 'all.ts');
  expect(Object.keys(ALL_EXAMPLES).sort()).toEqual(files.sort());
  const table = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'README.md'), 'utf8');
  expect(files.filter((f) => !table.includes(`[${f}](${f})`))).toEqual([]);
});

describe.each(EXAMPLES)('%s', (_file, build) => {
  const app = wallApp();
  const stack = build(app);
  const template = Template.fromStack(stack);
  const wall = runValidatorWall(app);

  test('passes the validator wall: built-in CloudFormation validation, six cdk-nag packs, cfn-guard', () => {
    expect(formatFindings(wall.errors)).toEqual([]);
  });

  test('has at most one provider Lambda of the library (for every custom resource), a Kafka ACL worker only with ACLs, and no inline IAM policy', () => {
    const functions = Object.keys(template.findResources('AWS::Lambda::Function')).filter((logicalId) => logicalId.startsWith('CdkMskConstructs'));
    const workers = functions.filter((logicalId) => logicalId.startsWith(KAFKA_ACL_WORKER_ID));
    const providers = functions.filter((logicalId) => !workers.includes(logicalId));
    expect(providers.length).toBeLessThanOrEqual(1);
    expect(providers.every((logicalId) => logicalId.startsWith(PROVIDER_ID))).toBe(true);
    expect(workers.length).toBe(Object.keys(template.findResources('Custom::MskKafkaAcls')).length > 0 ? 1 : 0);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

test('producer-consumer: the producer may only write and the consumer only read the orders topic', () => {
  const stack = buildProducerConsumer(testApp());
  const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy');
  const byRole = (role: string) => {
    const found = Object.values(policies).find((p) => JSON.stringify(p.Properties.Roles ?? []).includes(role));
    return JSON.stringify(found?.Properties.PolicyDocument);
  };
  expect(byRole('ProducerRole')).toContain('kafka-cluster:WriteData');
  expect(byRole('ProducerRole')).not.toContain('kafka-cluster:ReadData');
  expect(byRole('ConsumerRole')).toContain('kafka-cluster:ReadData');
  expect(byRole('ConsumerRole')).not.toContain('kafka-cluster:WriteData');
  expect(byRole('ConsumerRole')).toContain('/billing');
});

test('partner-scram-acls: the three deployments in order: ACLs first, then deny by default, then public access for the partner only', () => {
  const step = (n: number) => {
    const app = testApp({ context: { partnerStep: n } });
    return Template.fromStack(buildPartnerScramAcls(app));
  };
  const serverProperties = (t: Template) => JSON.stringify(Object.values(t.findResources('AWS::MSK::Configuration'))[0].Properties.ServerProperties);
  const publicAccess = (t: Template) => JSON.stringify(Object.values(t.findResources('AWS::MSK::Cluster'))[0].Properties);
  const [one, two, three] = [step(1), step(2), step(3)];
  for (const t of [one, two, three]) {
    t.resourceCountIs('Custom::MskKafkaAcls', 1);
  }
  expect(serverProperties(one)).not.toContain('allow.everyone.if.no.acl.found');
  expect(serverProperties(two)).toContain('allow.everyone.if.no.acl.found=false');
  expect(publicAccess(two)).not.toContain('SERVICE_PROVIDED_EIPS');
  expect(publicAccess(three)).toContain('SERVICE_PROVIDED_EIPS');
  const partnerRules = (t: Template) => JSON.stringify(t.findResources('AWS::EC2::SecurityGroup')).match(/203\.0\.113\.0\/24[^}]*/g) ?? [];
  expect(partnerRules(two)).toEqual([]);
  expect(partnerRules(three)).toEqual([expect.stringContaining('"FromPort":9196')]);
});

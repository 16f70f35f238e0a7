import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, CfnWaitConditionHandle, IPolicyValidationContext, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { formatFindings, PrunedCfnGuardValidator, runValidatorWall, wallApp, WallFinding, WallResult } from './validator-wall';

/** Findings on `constructPath` or anything below it. */
function on(findings: WallFinding[], constructPath: string): WallFinding[] {
  return findings.filter((f) => f.resource === constructPath || f.resource.startsWith(`${constructPath}/`));
}

function rulesOn(findings: WallFinding[], constructPath: string): string[] {
  return on(findings, constructPath).map((f) => f.rule);
}

function cfnOf(bucket: s3.Bucket): CfnResource {
  return bucket.node.defaultChild as CfnResource;
}

const NAG_S1 = 'AwsSolutions-S1';
const GUARD_LOGGING = 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check';
const GUARD_VERSIONING = 'cdk-validator-cfnguard::s3_bucket_versioning_enabled_check';

describe('validator wall', () => {
  // One app, one synth, for all scenarios: each scenario lives under its own construct path.
  let app: App;
  let result: WallResult;

  beforeAll(() => {
    app = wallApp();
    const stack = new Stack(app, 'Wall');

    new s3.Bucket(stack, 'Plain');

    const acked = new s3.Bucket(stack, 'Acked');
    Validations.of(acked).acknowledge(
      { id: NAG_S1, reason: 'test: cdk-nag acknowledgement' },
      { id: GUARD_LOGGING, reason: 'test: cfn-guard acknowledgement' },
    );

    // The same acknowledgement written as raw construct metadata, i.e. what Validations.acknowledge() records.
    const rawMeta = new s3.Bucket(stack, 'RawMeta');
    rawMeta.node.addMetadata('aws:cdk:acknowledged-rules', { [NAG_S1]: 'test', [GUARD_LOGGING]: 'test' });

    // v2-era template metadata conventions: v3 and the guard plugin ignore them.
    const legacy = new s3.Bucket(stack, 'LegacyMeta');
    cfnOf(legacy).addMetadata('cdk_nag', { rules_to_suppress: [{ id: NAG_S1, reason: 'v2 format' }] });
    cfnOf(legacy).addMetadata('guard', { SuppressedRules: ['s3_bucket_versioning_enabled_check'] });

    const invalid = new s3.Bucket(stack, 'Invalid');
    cfnOf(invalid).addPropertyOverride('ObjectLockEnabled', 'maybe'); // schema: boolean
    cfnOf(invalid).addPropertyOverride('NotAProperty', 'x');

    const invalidAcked = new s3.Bucket(stack, 'InvalidAcked');
    cfnOf(invalidAcked).addPropertyOverride('ObjectLockEnabled', 'maybe');
    Validations.of(invalidAcked).acknowledge({ id: 'CloudFormation-Validate::F3012', reason: 'test' });

    // Stack-level acknowledgement covers every resource in the stack.
    const ackedStack = new Stack(app, 'AckedStack');
    new s3.Bucket(ackedStack, 'Bucket');
    Validations.of(ackedStack).acknowledge({ id: NAG_S1, reason: 'test' }, { id: GUARD_VERSIONING, reason: 'test' });

    new Stack(app, 'Empty');

    // A mix of resource types, to compare the pruned guard rule set with the full one.
    const mixed = new Stack(app, 'Mixed');
    new lambda.Function(mixed, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;') });
    new sqs.Queue(mixed, 'Queue');
    new kms.Key(mixed, 'Key');
    new logs.LogGroup(mixed, 'Logs');
    new dynamodb.Table(mixed, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    new ec2.CfnSecurityGroup(mixed, 'Sg', {
      groupDescription: 'open',
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }],
    });

    result = runValidatorWall(app);
  });

  test('a plain s3.Bucket fails cdk-nag packs and cfn-guard but not the built-in validator', () => {
    const errors = rulesOn(result.errors, 'Wall/Plain');
    expect(errors).toEqual(expect.arrayContaining([
      'AwsSolutions-S1',
      'AwsSolutions-S10',
      'HIPAA.Security-S3BucketLoggingEnabled',
      'NIST.800.53.R4-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'PCI.DSS.321-S3BucketLoggingEnabled',
      GUARD_LOGGING,
      GUARD_VERSIONING,
    ]));
    expect(on(result.errors, 'Wall/Plain').filter((f) => f.tool === 'CloudFormation Validate')).toEqual([]);
    expect(on(result.errors, 'Wall/Plain')).toContainEqual({
      tool: 'AwsSolutions',
      rule: 'AwsSolutions-S1',
      resource: 'Wall/Plain/Resource',
      message: 'The S3 Bucket has server access logs disabled.',
    });
  });

  test('Validations.acknowledge() on the L2 construct removes exactly the acknowledged cdk-nag and cfn-guard findings', () => {
    const acked = rulesOn(result.errors, 'Wall/Acked');
    expect(acked).not.toContain(NAG_S1);
    expect(acked).not.toContain(GUARD_LOGGING);
    // everything else is unchanged compared to the plain bucket
    const plain = rulesOn(result.errors, 'Wall/Plain');
    expect(acked).toEqual(plain.filter((r) => r !== NAG_S1 && r !== GUARD_LOGGING));
  });

  test('raw aws:cdk:acknowledged-rules construct metadata suppresses the same way (no cdk-nag import needed)', () => {
    expect(rulesOn(result.errors, 'Wall/RawMeta')).toEqual(rulesOn(result.errors, 'Wall/Acked'));
  });

  test('v2 cdk_nag rules_to_suppress and guard SuppressedRules template metadata are NOT honoured', () => {
    const legacy = rulesOn(result.errors, 'Wall/LegacyMeta');
    expect(legacy).toContain(NAG_S1);
    expect(legacy).toContain(GUARD_VERSIONING);
  });

  test('the built-in validator reports invalid CloudFormation properties as errors', () => {
    const builtin = on(result.errors, 'Wall/Invalid').filter((f) => f.tool === 'CloudFormation Validate');
    expect(builtin).toEqual(expect.arrayContaining([
      {
        tool: 'CloudFormation Validate',
        rule: 'CloudFormation-Validate::F3012',
        resource: 'Wall/Invalid/Resource',
        message: expect.stringContaining("ObjectLockEnabled: 'maybe' is not of type 'boolean'"),
      },
      {
        tool: 'CloudFormation Validate',
        rule: 'CloudFormation-Validate::F3002',
        resource: 'Wall/Invalid/Resource',
        message: expect.stringContaining("'NotAProperty' was unexpected"),
      },
    ]));
  });

  test('a built-in validator finding is suppressed by acknowledging its namespaced rule id', () => {
    expect(rulesOn(result.errors, 'Wall/Invalid')).toContain('CloudFormation-Validate::F3012');
    expect(on(result.errors, 'Wall/InvalidAcked').filter((f) => f.tool === 'CloudFormation Validate')).toEqual([]);
  });

  test('acknowledging on a Stack covers all its resources', () => {
    const rules = rulesOn(result.errors, 'AckedStack');
    expect(rules).toContain('AwsSolutions-S10');
    expect(rules).not.toContain(NAG_S1);
    expect(rules).not.toContain(GUARD_VERSIONING);
  });

  test('an empty stack is an error for the built-in validator (a template needs at least one resource)', () => {
    expect(on(result.errors, 'Empty')).toEqual([{
      tool: 'CloudFormation Validate',
      rule: 'CloudFormation-Validate::F0001',
      resource: 'Empty',
      message: 'Resources section must exist and be non-empty',
    }]);
    expect(on(result.warnings, 'Empty')).toEqual([]);
  });

  test('the pruned cfn-guard rule set reports exactly what the full bundled rule set reports', () => {
    const assembly = app.synth(); // cached, no re-synthesis
    const context: IPolicyValidationContext = {
      templatePaths: assembly.stacks.map((s) => s.templateFullPath),
      stackTemplates: assembly.stacks.map((s) => ({
        stackConstructPath: s.hierarchicalId,
        templatePath: s.templateFullPath,
        accountId: undefined,
        region: undefined,
      })),
      appConstruct: app,
    };
    const summarize = (report: PolicyValidationPluginReport): string[] => report.violations
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.templatePath} ${r.resourceLogicalId}`))
      .sort();
    const full = summarize(new CfnGuardValidator().validate(context));
    expect(full.length).toBeGreaterThan(20);
    expect(summarize(new PrunedCfnGuardValidator().validate(context))).toEqual(full);
  });

  test('formatFindings renders one line per finding', () => {
    const lines = formatFindings(on(result.errors, 'Wall/Plain').filter((f) => f.rule === NAG_S1));
    expect(lines).toEqual(['[AwsSolutions] AwsSolutions-S1 @ Wall/Plain/Resource: The S3 Bucket has server access logs disabled.']);
  });
});

describe('validator wall plumbing', () => {
  test('runValidatorWall refuses an App that was not built by wallApp()', () => {
    expect(() => runValidatorWall(new App())).toThrow(/wallApp\(\)/);
  });

  test('a clean app yields no findings (the BootstrapVersion parameter and CheckBootstrapVersion rule are not flagged)', () => {
    const app = wallApp();
    new CfnWaitConditionHandle(new Stack(app, 'Clean'), 'Handle');
    expect(runValidatorWall(app)).toEqual({ errors: [], warnings: [] });
  });

  test('a crashing validator is reported as an error, not silently ignored', () => {
    const app = wallApp();
    new CfnWaitConditionHandle(new Stack(app, 'Crash'), 'Handle');
    Validations.of(app).addPlugins({ name: 'Boom', validate: () => { throw new Error('kaput'); } });
    expect(formatFindings(runValidatorWall(app).errors)).toEqual([
      "[Boom] plugin-failure @ (app): Validation plugin 'Boom' failed: kaput",
    ]);
  });

  test('without failSynthOnValidationErrors=false the validateAgainstDefaultRules flag makes synth throw', () => {
    const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const bucket = new s3.Bucket(new Stack(app, 'Throws'), 'Bucket');
    cfnOf(bucket).addPropertyOverride('ObjectLockEnabled', 'maybe');
    expect(() => app.synth()).toThrow(/F3012/);
  });
});

describe('which tests run the built-in validation', () => {
  // Only the wall runs it (with errors on); everywhere else it only costs time (test/util/stacks.ts testApp()).
  const allowed = new Set(['util/stacks.ts', 'util/validator-wall.ts', 'util/validator-wall.test.ts']);

  function testFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? testFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
    });
  }

  test('every other test builds its App with testApp() or wallApp()', () => {
    const root = path.join(__dirname, '..');
    const offenders = testFiles(root)
      .filter((file) => !allowed.has(path.relative(root, file).split(path.sep).join('/')))
      .filter((file) => /new App\(|new Stack\(\)/.test(fs.readFileSync(file, 'utf-8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});

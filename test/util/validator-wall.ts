/**
 * The "validator wall": runs every offline validator we care about over a CDK app and returns the
 * findings as data, so tests can assert `expect(formatFindings(runValidatorWall(app).errors)).toEqual([])`.
 *
 * How it works (verified against aws-cdk-lib 2.276.0, cdk-nag 3.0.2, @cdklabs/cdk-validator-cfnguard 0.0.62
 * with cfn-guard 3.1.1; see validator-wall.test.ts):
 *
 * All three validators are CDK policy-validation plugins. aws-cdk-lib runs them once per `app.synth()`
 * (core/lib/private/synthesis-validation.js `validateTemplates()`): every plugin gets ONE call with all stack
 * templates of the app plus the construct tree (`appConstruct`). aws-cdk-lib then maps logical IDs back to
 * construct paths, applies acknowledgements, and ALWAYS writes `<outdir>/validation-report.json`
 * (schema: `PolicyValidationReportJson` in @aws-cdk/cloud-assembly-schema; `pluginReports[]` with
 * `violations[]` and `suppressedViolations[]`; plugins with no violations are omitted). This helper reads
 * that file: one synth, each validator runs once for all stacks.
 *
 * 1. Built-in CloudFormation validation ("CloudFormation Validate", @aws/cloudformation-validate, a WASM
 *    cfn-lint-like engine: resource-schema checks such as F3002 unknown property / F3012 wrong type /
 *    W3030 invalid enum value, semantic checks such as E9002 FromPort > ToPort, best-practice warnings such as
 *    W2531 deprecated Lambda runtime). It is auto-registered on every App (`App#builtinCloudFormationValidation`,
 *    default true; env `CDK_VALIDATION=false` disables it). Without the context flag
 *    `@aws-cdk/core:validateAgainstDefaultRules` its errors are downgraded to warnings; with `true` they stay
 *    errors and the report is a failure. Reporting: after writing the report file, if
 *    `@aws-cdk/core:failSynthOnValidationErrors` is not false, synth THROWS `ValidationFailed` (in jest,
 *    NODE_ENV=test => "inmemory" app mode => the exception message contains the whole text report), or
 *    console.errors the report when there are only warnings. With `failSynthOnValidationErrors: false` (what
 *    wallApp() sets) it writes the report file and stays silent: no throw, no console output, no exitCode.
 *    So the data source is the report file, not the exception text.
 *    Suppression: `Validations.of(construct).acknowledge({ id: 'CloudFormation-Validate::F3012', reason })`
 *    (id = `<plugin name with spaces as hyphens>::<rule>`). It records construct metadata
 *    `aws:cdk:acknowledged-rules` = `{ [id]: reason }` (construct-tree metadata, not template Metadata) and
 *    suppresses matching findings on that construct and everything below it (path-prefix match). Suppressed
 *    findings move to `suppressedViolations` in the report.
 *
 * 2. cdk-nag 3 packs (AwsSolutions, HIPAA.Security, NIST.800.53.R4, NIST.800.53.R5, PCI.DSS.321, Serverless):
 *    `NagPack implements IPolicyValidationPlugin`; `validate(ctx)` = `validateScope(ctx.appConstruct)`, which
 *    walks every CfnResource and returns `{ success, violations }` with severity 'error' | 'warning'
 *    (NagMessageLevel). Suppression: the SAME aws-cdk-lib mechanism, no cdk-nag import needed:
 *    `Validations.of(construct).acknowledge({ id: 'AwsSolutions-S1', reason })` (plain rule id; per-finding ids
 *    like 'AwsSolutions-IAM5[Action::s3:*]'; the pack looks for the id, ignoring an `Annotation::` prefix, in
 *    `aws:cdk:acknowledged-rules` metadata on the resource or any ancestor construct). The pack drops
 *    acknowledged findings itself, so they do not appear in `suppressedViolations`.
 *    NOT honoured by v3: the v2 template metadata `cfnResource.addMetadata('cdk_nag', { rules_to_suppress })`
 *    (v3 only WRITES that format, as an audit trail, with `writeSuppressionsToCloudFormation: true`).
 *
 * 3. cfn-guard (`CfnGuardValidator`, bundled cfn-guard binary + bundled AWS Control Tower proactive-control
 *    rules, offline). Its violations carry no severity (the report shows them as 'error'); the rule name is the
 *    guard rule name (e.g. `s3_bucket_logging_enabled_check`, the description starts with `[CT.S3.PR.2]`).
 *    Suppression: `Validations.of(construct).acknowledge({ id: 'cdk-validator-cfnguard::<guard rule name>', reason })`.
 *    NOT honoured: template metadata `guard: { SuppressedRules: [...] }` (the bundled rules do not check it).
 *    App-wide alternative: `new CfnGuardValidator({ disabledRules: ['ct-s3-pr-2'] })` (rule FILE names).
 *    For speed the wall registers `PrunedCfnGuardValidator` (below): same plugin, same rules and findings, but
 *    cfn-guard only parses the rule files relevant to the resource types present (~0.05 s instead of ~1 s).
 *
 * Light wall: `wallApp(props, { validators: 'light' })` registers only (1) and the AwsSolutions pack of (2),
 * for tests that synthesize many variants (test/fuzz). Examples and integrations use the full wall.
 *
 * A construct library can therefore acknowledge any wall rule with aws-cdk-lib's public
 * `Validations.of(this).acknowledge(...)` (or, equivalently, `node.addMetadata('aws:cdk:acknowledged-rules', { [id]: reason })`)
 * without importing cdk-nag or the guard plugin at runtime. `WallFinding.rule` is always the exact id to pass.
 *
 * Gotchas seen while building this:
 * - A Stack with no resources is an error (F0001 "Resources section must exist"). The BootstrapVersion parameter
 *   and CheckBootstrapVersion rule, asset locations and env-specific stacks produce no findings.
 * - CDK-owned singletons are created at STACK scope, outside the library construct: e.g. the
 *   `Custom::S3AutoDeleteObjectsCustomResourceProvider` handler (a raw CfnResource, so cdk-nag's Lambda rules skip
 *   it, but cfn-guard flags `lambda_inside_vpc_check`) and the LogRetention function (cdk-nag IAM4/IAM5, guard).
 *   They must be acknowledged on the stack or on that singleton construct, not on the library construct.
 * - Some findings drift over time: runtime rules (AwsSolutions-L1, Serverless-LambdaLatestVersion) follow the
 *   newest runtime known to cdk-nag/CDK, and the built-in W2531 compares runtime deprecation dates with today.
 * - aws-cdk-lib quirk: once any cfn-guard finding is acknowledged, it recomputes the guard report's `success` from
 *   the (absent) severities, so the report says 'success' although other guard findings remain. With throwing
 *   synth that would hide them; this helper reads the violations themselves, so it is unaffected.
 * - The engine of the built-in validator takes ~3 s to start once per jest test file (module registry); later runs
 *   in the same file take ~0.1-0.5 s. Prefer few test files with several wall runs over many files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  App,
  AppProps,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NagPack,
  NIST80053R4Checks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';

/** One finding of one validator on one resource. */
export interface WallFinding {
  /** Validator that reported it: 'CloudFormation Validate', 'cdk-validator-cfnguard', or a cdk-nag pack name ('AwsSolutions', ...). */
  readonly tool: string;
  /** The id to pass to `Validations.of(construct).acknowledge({ id, reason })` to suppress this finding. */
  readonly rule: string;
  /** Construct path of the violating resource (e.g. 'MyStack/Bucket/Resource'); the stack path for template-level findings. */
  readonly resource: string;
  /** Human readable description (incl. the offending property path where the tool reports one). */
  readonly message: string;
}

/** Findings of a wall run, split by severity. */
export interface WallResult {
  /** 'error'/'fatal' findings (and plugin crashes). The wall fails on these. */
  readonly errors: WallFinding[];
  /** Everything else ('warning', plus 'info'/'custom' severities if a tool ever emits them). */
  readonly warnings: WallFinding[];
}

/** Context flag that keeps the built-in CloudFormation validation findings at error level. */
export const VALIDATE_AGAINST_DEFAULT_RULES = '@aws-cdk/core:validateAgainstDefaultRules';
/** Context flag that makes synth write the report silently instead of throwing / printing. */
export const FAIL_SYNTH_ON_VALIDATION_ERRORS = '@aws-cdk/core:failSynthOnValidationErrors';
/** Name of the report file aws-cdk-lib writes into the cloud assembly directory. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/** Plugin name of the built-in validator (its acknowledgement namespace is 'CloudFormation-Validate'). */
export const CFN_VALIDATE_TOOL = 'CloudFormation Validate';
/** Plugin name of the cfn-guard validator. */
export const CFN_GUARD_TOOL = 'cdk-validator-cfnguard';

/** Apps created by wallApp(), with the names of their cdk-nag packs. */
const wallApps = new WeakMap<App, ReadonlySet<string>>();

/** Which validators a wall App registers. */
export interface WallOptions {
  /**
   * `'full'`: built-in CloudFormation validation, the six cdk-nag packs and cfn-guard (what examples and
   * integrations must pass). `'light'`: built-in CloudFormation validation (default rules as errors) and the
   * AwsSolutions pack only, for tests that synthesize many variants (test/fuzz); about 3x faster per synth.
   * @default 'full'
   */
  readonly validators?: 'full' | 'light';
}

/**
 * Build an App with the right context and plugins for the wall. Tests construct their stacks inside it.
 *
 * `props` is merged in, but the wall's context flags and `builtinCloudFormationValidation` always win.
 * `options.validators: 'light'` registers only the built-in validation and AwsSolutions (see WallOptions).
 */
export function wallApp(props: AppProps = {}, options: WallOptions = {}): App {
  const app = new App({
    ...props,
    builtinCloudFormationValidation: true,
    context: {
      ...props.context,
      [VALIDATE_AGAINST_DEFAULT_RULES]: true,
      [FAIL_SYNTH_ON_VALIDATION_ERRORS]: false,
    },
  });
  if (options.validators === 'light') {
    const awsSolutions = new AwsSolutionsChecks();
    Validations.of(app).addPlugins(awsSolutions);
    wallApps.set(app, new Set([awsSolutions.name]));
    return app;
  }
  const nagPacks: NagPack[] = [
    new AwsSolutionsChecks(),
    new HIPAASecurityChecks(),
    new NIST80053R4Checks(),
    new NIST80053R5Checks(),
    new PCIDSS321Checks(),
    new ServerlessChecks(),
  ];
  Validations.of(app).addPlugins(new PrunedCfnGuardValidator(), ...nagPacks);
  wallApps.set(app, new Set(nagPacks.map((p) => p.name)));
  return app;
}

/**
 * Synthesizes `app` (once; a cached assembly, e.g. from an earlier `Template.fromStack`, is reused) and returns
 * every unsuppressed finding of every validator on every stack. Never throws on findings; throws only if
 * `app` was not created by wallApp(), if the built-in validator is disabled by the environment, or if
 * synthesis itself fails.
 */
export function runValidatorWall(app: App): WallResult {
  const nagPackNames = wallApps.get(app);
  if (!nagPackNames) {
    throw new Error('runValidatorWall: create the App with wallApp() so the validators are registered');
  }
  if (process.env.CDK_VALIDATION === 'false') {
    throw new Error('runValidatorWall: CDK_VALIDATION=false disables the built-in CloudFormation validation; unset it');
  }

  const assembly = app.synth();
  const reportPath = path.join(assembly.directory, VALIDATION_REPORT_FILE);
  if (!fs.existsSync(reportPath)) {
    throw new Error(`runValidatorWall: synthesis did not write ${reportPath}; did validation run?`);
  }
  const report: unknown = JSON.parse(fs.readFileSync(reportPath, 'utf-8'));

  const errors: WallFinding[] = [];
  const warnings: WallFinding[] = [];
  for (const pluginReport of arrayOf(field(report, 'pluginReports'))) {
    const tool = stringOf(field(pluginReport, 'pluginName')) ?? '(unknown plugin)';
    const violations = arrayOf(field(pluginReport, 'violations'));

    // A crashed plugin shows up as conclusion 'failure' without violations and with metadata.error.
    if (stringOf(field(pluginReport, 'conclusion')) === 'failure' && violations.length === 0) {
      errors.push({
        tool,
        rule: 'plugin-failure',
        resource: '',
        message: stringOf(field(field(pluginReport, 'metadata'), 'error')) ?? 'validation plugin failed without violations',
      });
      continue;
    }

    for (const violation of violations) {
      const ruleName = stringOf(field(violation, 'ruleName')) ?? '(unnamed rule)';
      const rule = nagPackNames.has(tool) ? ruleName : acknowledgementId(tool, ruleName);
      const message = stringOf(field(violation, 'description')) ?? '';
      const severity = (stringOf(field(violation, 'severity')) ?? 'error').toLowerCase();
      const target = severity === 'error' || severity === 'fatal' ? errors : warnings;

      const constructs = arrayOf(field(violation, 'violatingConstructs'));
      const resources = constructs.length > 0 ? constructs.map(resourceName) : [''];
      for (const resource of resources) {
        target.push({ tool, rule, resource, message });
      }
    }
  }
  return { errors: sortFindings(errors), warnings: sortFindings(warnings) };
}

/** Formats findings one per line for readable jest failure output: `expect(formatFindings(r.errors)).toEqual([])`. */
export function formatFindings(findings: WallFinding[]): string[] {
  return findings.map((f) => `[${f.tool}] ${f.rule} @ ${f.resource || '(app)'}: ${f.message}`);
}

/**
 * `CfnGuardValidator` with the bundled Control Tower rules, but only passing cfn-guard the rule files that
 * mention a resource type present in the templates. cfn-guard spends ~0.9 s parsing all ~470 bundled rule
 * files on every run; a rule file can only report resources selected by the literal `AWS::X::Y` types it
 * contains (every bundled rule does `Resources.*[ Type == %SOME_TYPE ]`), so the others would SKIP anyway.
 * Same plugin name, rule names and findings as `new CfnGuardValidator()` (checked by validator-wall.test.ts).
 */
export class PrunedCfnGuardValidator implements IPolicyValidationPlugin {
  private static ruleIndex: ReadonlyMap<string, ReadonlySet<string>> | undefined;

  /** Bundled Control Tower rule files, each with the resource types it mentions. */
  private static bundledRules(): ReadonlyMap<string, ReadonlySet<string>> {
    if (!PrunedCfnGuardValidator.ruleIndex) {
      const index = new Map<string, ReadonlySet<string>>();
      const root = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard')), '..', 'rules', 'control-tower', 'cfn-guard');
      const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const file = path.join(dir, entry.name);
          if (entry.isDirectory()) {
            walk(file);
          } else if (entry.name.endsWith('.guard')) {
            index.set(file, new Set(fs.readFileSync(file, 'utf-8').match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? []));
          }
        }
      };
      walk(root);
      if (index.size === 0) {
        throw new Error(`PrunedCfnGuardValidator: no bundled guard rules found under ${root}`);
      }
      PrunedCfnGuardValidator.ruleIndex = index;
    }
    return PrunedCfnGuardValidator.ruleIndex;
  }

  public readonly name = CFN_GUARD_TOOL;
  public readonly version = new CfnGuardValidator().version;

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const types = new Set<string>();
    for (const templatePath of context.templatePaths) {
      const template: unknown = JSON.parse(fs.readFileSync(templatePath, 'utf-8'));
      const resources = field(template, 'Resources');
      if (typeof resources === 'object' && resources !== null) {
        for (const resource of Object.values(resources)) {
          const type = stringOf(field(resource, 'Type'));
          if (type) {
            types.add(type);
          }
        }
      }
    }
    // A rule without any literal type (none today) is always kept, to stay on the safe side.
    const rules = [...PrunedCfnGuardValidator.bundledRules()]
      .filter(([, ruleTypes]) => ruleTypes.size === 0 || [...ruleTypes].some((t) => types.has(t)))
      .map(([file]) => file)
      .sort();
    if (rules.length === 0) {
      return { success: true, violations: [] };
    }
    return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules }).validate(context);
  }
}

/**
 * The acknowledgement id aws-cdk-lib matches for a rule reported by plugin `tool`
 * (mirrors normalizeValidationId in core/lib/validation/private/validation-id.js).
 */
function acknowledgementId(tool: string, ruleName: string): string {
  if (hasTopLevelNamespace(ruleName)) {
    return ruleName.replace(/ /g, '-');
  }
  return `${tool.replace(/ /g, '-')}::${ruleName.replace(/ /g, '-')}`;
}

/** True if `id` contains '::' outside of brackets (e.g. 'ns::rule', but not 'AwsSolutions-IAM5[Action::s3:*]'). */
function hasTopLevelNamespace(id: string): boolean {
  let depth = 0;
  for (let i = 0; i < id.length; i++) {
    const c = id[i];
    if (c === '[' || c === '(' || c === '{') {
      depth++;
    } else if (c === ']' || c === ')' || c === '}') {
      depth--;
    } else if (c === ':' && id[i + 1] === ':' && depth === 0) {
      return true;
    }
  }
  return false;
}

function resourceName(violatingConstruct: unknown): string {
  const constructPath = stringOf(field(violatingConstruct, 'constructPath'));
  if (constructPath) {
    return constructPath;
  }
  const cfn = field(violatingConstruct, 'cloudFormationResource');
  const logicalId = stringOf(field(cfn, 'logicalId'));
  return logicalId ? `${stringOf(field(cfn, 'templatePath')) ?? ''}#${logicalId}` : '';
}

function sortFindings(findings: WallFinding[]): WallFinding[] {
  const key = (f: WallFinding) => `${f.tool}\u0000${f.rule}\u0000${f.resource}\u0000${f.message}`;
  return [...findings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function field(value: unknown, name: string): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return (value as Record<string, unknown>)[name];
  }
  return undefined;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

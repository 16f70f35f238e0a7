import { Duration, Token } from 'aws-cdk-lib';
import { ConsumerStartingPosition } from './consumer-starting-position';
import { LambdaConsumerAuthentication } from './lambda-consumer-authentication';
import { ClientAuthentication } from '../../auth/client-authentication';
import { literalArnEnvironment } from '../../auth/cluster-arns';
import { kafkaNameProblem } from '../../auth/kafka-names';
import { registerRules } from '../../validation/registry';
import { Rule, WarningRule } from '../../validation/rules';

/** Lambda limits for Amazon MSK event sources (AWS::Lambda::EventSourceMapping). */
export const LAMBDA_KAFKA_LIMITS = {
  maxBatchSize: 10000,
  maxBatchingWindowSeconds: 300,
  maxConsumerGroupLength: 200,
  maxMinimumPollers: 200,
  maxMaximumPollers: 2000,
  maxFilters: 20,
  defaultFilterQuota: 5,
};

const POLLER_GROUP_NAME = /^[a-zA-Z0-9-_]{1,128}$/;

/** Provisioned-mode poller settings, as the rules see them. */
export interface PollerFacts {
  readonly minimumPollers?: number;
  readonly maximumPollers?: number;
  readonly pollerGroupName?: string;
}

/** Everything the consumer rules look at. */
export interface LambdaConsumerFacts {
  readonly topic: string;
  readonly consumerGroup: string;
  readonly batchSize?: number;
  readonly maxBatchingWindow?: Duration;
  readonly startingPosition: ConsumerStartingPosition;
  readonly authentication: LambdaConsumerAuthentication;
  /** How the cluster authenticates clients, when known (clusters of this library and imports). */
  readonly clusterAuthentication?: ClientAuthentication;
  /** `provisioned` or `serverless`, when known. */
  readonly clusterKind?: string;
  /** Provisioned-mode pollers, when set. */
  readonly pollers?: PollerFacts;
  readonly schemaRegistry: boolean;
  readonly validateKey: boolean;
  readonly validateValue: boolean;
  readonly filters: string[];
  readonly roleKnown: boolean;
  readonly clusterArn: string;
  readonly stackRegion: string;
  readonly stackAccount: string;
  readonly functionRegion?: string;
  readonly functionAccount?: string;
  readonly failureDestination: boolean;
  readonly clusterSecurityGroupsKnown: boolean;
  /** False when a secret is used but its KMS key is unknown. */
  readonly secretKeyKnown: boolean;
}


const known = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
const outside = (value: number | undefined, min: number, max: number) =>
  value !== undefined && !Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > max);

/** Region and account of a literal cluster ARN (arn:partition:kafka:region:account:cluster/...). */
export function clusterArnEnv(arn: string): { region?: string; account?: string } {
  const env = literalArnEnvironment(arn);
  return env === undefined ? {} : { region: env.region, account: env.account };
}

function minAboveMax(pollers: PollerFacts): boolean {
  const { minimumPollers: min, maximumPollers: max } = pollers;
  return min !== undefined && max !== undefined && !Token.isUnresolved(min) && !Token.isUnresolved(max) && min > max;
}

const differs = (a: string | undefined, b: string | undefined) => known(a) && known(b) && a !== b;

function badFilters(filters: string[]): string[] {
  return filters.filter((pattern) => {
    if (Token.isUnresolved(pattern)) {
      return false;
    }
    try {
      const parsed: unknown = JSON.parse(pattern);
      return typeof parsed !== 'object' || parsed === null || Array.isArray(parsed);
    } catch {
      return true;
    }
  });
}

function authEnabled(f: LambdaConsumerFacts): boolean {
  const auth = f.clusterAuthentication;
  if (!auth) {
    return true;
  }
  return auth.modes.some((mode) => mode.name === f.authentication.mode);
}

function enabledModes(auth: ClientAuthentication | undefined): string {
  const names = (auth?.modes ?? []).map((mode) => mode.name);
  return names.length > 0 ? names.join(', ') : 'none';
}

export const LAMBDA_CONSUMER_RULES: Rule<LambdaConsumerFacts>[] = [
  {
    id: 'LambdaConsumerTopicInvalid',
    failsWhen: (f) => kafkaNameProblem(f.topic, false) !== undefined,
    message: (f) => `topic: ${kafkaNameProblem(f.topic, false)} An event source reads one exact topic: no patterns.`,
  },
  {
    id: 'LambdaConsumerTopicUnsupported',
    failsWhen: (f) => known(f.topic) && kafkaNameProblem(f.topic, false) === undefined && (f.topic.startsWith('.') || f.topic.length < 2),
    message: (f) => `topic: '${f.topic}' is a Kafka name Lambda does not accept (its Topics pattern needs at least 2 characters, the first not '.'). Fix: consume another topic.`,
  },
  {
    id: 'LambdaConsumerGroupInvalid',
    failsWhen: (f) => kafkaNameProblem(f.consumerGroup, false) !== undefined
      || (known(f.consumerGroup) && f.consumerGroup.length > LAMBDA_KAFKA_LIMITS.maxConsumerGroupLength),
    message: (f) => {
      const problem = kafkaNameProblem(f.consumerGroup, false);
      return problem !== undefined ? `consumerGroup: ${problem}`
        : `consumerGroup: '${f.consumerGroup}' has ${f.consumerGroup.length} characters; Lambda takes at most ${LAMBDA_KAFKA_LIMITS.maxConsumerGroupLength}. Fix: shorten it.`;
    },
  },
  {
    id: 'LambdaConsumerBatchSizeOutOfRange',
    failsWhen: (f) => outside(f.batchSize, 1, LAMBDA_KAFKA_LIMITS.maxBatchSize),
    message: (f) => `batchSize: ${f.batchSize} is not a whole number from 1 to ${LAMBDA_KAFKA_LIMITS.maxBatchSize}, the range Lambda allows for Amazon MSK. Fix: use e.g. 100 (the Lambda default).`,
  },
  {
    id: 'LambdaConsumerBatchingWindowOutOfRange',
    failsWhen: (f) => f.maxBatchingWindow !== undefined && !f.maxBatchingWindow.isUnresolved()
      && outside(f.maxBatchingWindow.toSeconds({ integral: false }), 0, LAMBDA_KAFKA_LIMITS.maxBatchingWindowSeconds),
    message: (f) => `maxBatchingWindow: ${f.maxBatchingWindow?.toHumanString()} is not a whole number of seconds from 0 to ${LAMBDA_KAFKA_LIMITS.maxBatchingWindowSeconds}. Fix: use e.g. Duration.seconds(1).`,
  },
  {
    id: 'LambdaConsumerTimestampInvalid',
    failsWhen: (f) => f.startingPosition.timestamp !== undefined && Number.isNaN(f.startingPosition.timestamp.getTime()),
    message: () => 'startingPosition: ConsumerStartingPosition.atTimestamp() got an invalid Date. Fix: pass a valid Date, e.g. new Date(\'2026-01-01T00:00:00Z\').',
  },
  {
    id: 'LambdaConsumerAuthNotEnabled',
    failsWhen: (f) => !authEnabled(f),
    message: (f) => f.authentication.mode === 'iam'
      ? `authentication: the cluster does not enable SASL/IAM (enabled: ${enabledModes(f.clusterAuthentication)}), and IAM is the default. Fix: pass LambdaConsumerAuthentication.scram(secret) or .mutualTls(secret).`
      : `authentication: '${f.authentication.mode}' is not enabled on the ${f.clusterKind ?? ''} cluster (enabled: ${enabledModes(f.clusterAuthentication)}). Fix: use an enabled mode, or enable '${f.authentication.mode}' in the cluster's clientAuthentication.`,
  },
  {
    id: 'LambdaConsumerPollersOutOfRange',
    failsWhen: (f) => f.pollers !== undefined && (outside(f.pollers.minimumPollers, 1, LAMBDA_KAFKA_LIMITS.maxMinimumPollers)
      || outside(f.pollers.maximumPollers, 1, LAMBDA_KAFKA_LIMITS.maxMaximumPollers) || minAboveMax(f.pollers)),
    message: (f) => `provisionedPollers: minimumPollers ${f.pollers?.minimumPollers ?? '(default 1)'} and maximumPollers ${f.pollers?.maximumPollers ?? '(default 200)'} must be whole numbers, minimum 1–${LAMBDA_KAFKA_LIMITS.maxMinimumPollers}, maximum 1–${LAMBDA_KAFKA_LIMITS.maxMaximumPollers}, minimum ≤ maximum. Fix: e.g. { minimumPollers: 1, maximumPollers: 3 }.`,
  },
  {
    id: 'LambdaConsumerPollerGroupNameInvalid',
    failsWhen: (f) => known(f.pollers?.pollerGroupName) && !POLLER_GROUP_NAME.test(f.pollers!.pollerGroupName!),
    message: (f) => `provisionedPollers.pollerGroupName: '${f.pollers?.pollerGroupName}' is not 1–128 letters, digits, '-' or '_'. Fix: rename it.`,
  },
  {
    id: 'LambdaConsumerSchemaRegistryNeedsProvisionedPollers',
    failsWhen: (f) => f.schemaRegistry && f.pollers === undefined,
    message: () => 'schemaRegistry: Lambda validates records against a schema registry only in provisioned mode. Fix: set provisionedPollers (e.g. { minimumPollers: 1, maximumPollers: 3 }; provisioned pollers are billed per event poller unit).',
  },
  {
    id: 'LambdaConsumerSchemaValidationEmpty',
    failsWhen: (f) => f.schemaRegistry && !f.validateKey && !f.validateValue,
    message: () => 'schemaRegistry: validateKey and validateValue are both false, so nothing would be validated. Fix: set validateValue: true (the default) or validateKey: true.',
  },
  {
    id: 'LambdaConsumerFiltersInvalid',
    failsWhen: (f) => badFilters(f.filters).length > 0,
    message: (f) => `filters: ${badFilters(f.filters).map((p) => `'${p}'`).join(', ')} ${badFilters(f.filters).length === 1 ? 'is' : 'are'} not a JSON object. Fix: pass JSON.stringify({ value: { ... } }) per filter.`,
  },
  {
    id: 'LambdaConsumerTooManyFilters',
    failsWhen: (f) => f.filters.length > LAMBDA_KAFKA_LIMITS.maxFilters,
    message: (f) => `filters: ${f.filters.length} filters, above the ${LAMBDA_KAFKA_LIMITS.maxFilters} an event source mapping takes. Fix: combine patterns.`,
  },
  {
    id: 'LambdaConsumerClusterInOtherEnvironment',
    failsWhen: (f) => differs(clusterArnEnv(f.clusterArn).region, f.stackRegion) || differs(clusterArnEnv(f.clusterArn).account, f.stackAccount),
    message: (f) => `cluster: ${f.clusterArn} is not in this stack's account and Region (${f.stackAccount}, ${f.stackRegion}); Lambda maps MSK clusters of its own account and Region only (other accounts go through a multi-VPC connection). Fix: define the consumer in a stack of the cluster's account and Region.`,
  },
  {
    id: 'LambdaConsumerFunctionInOtherEnvironment',
    failsWhen: (f) => differs(f.functionRegion, f.stackRegion) || differs(f.functionAccount, f.stackAccount),
    message: (f) => `function: it lives in ${f.functionAccount}, ${f.functionRegion}, but the event source mapping is created in ${f.stackAccount}, ${f.stackRegion}. Fix: consume from a function of the stack's account and Region.`,
  },
  {
    id: 'LambdaConsumerRoleUnknown',
    failsWhen: (f) => !f.roleKnown,
    message: () => 'role: the function has no known execution role (an import without its role), so its permissions cannot be granted. Fix: pass role, or import the function with lambda.Function.fromFunctionAttributes({ role }).',
  },
];
registerRules({ name: 'LAMBDA_CONSUMER_RULES', file: 'src/integrations/lambda/lambda-consumer-rules.ts', severity: 'error', checkedBy: ['KafkaLambdaConsumer'] }, LAMBDA_CONSUMER_RULES);


export const LAMBDA_CONSUMER_WARNINGS: WarningRule<LambdaConsumerFacts>[] = [
  {
    id: 'LambdaConsumerNoFailureDestination',
    failsWhen: (f) => !f.failureDestination,
    message: () => 'onFailure: no failure destination, so a batch Lambda gives up on is dropped without a trace (the cdk-nag Serverless pack also flags this). '
      + 'Fix: set onFailure: ConsumerFailureDestination.sqs(queue), or acknowledge this warning.',
  },
  {
    id: 'LambdaConsumerNetworkUnmanaged',
    failsWhen: (f) => !f.clusterSecurityGroupsKnown,
    message: (f) => 'cluster: its security groups are unknown (imported without securityGroups), so the rule Lambda\'s pollers need was not added. '
      + `Fix: make sure each cluster security group allows itself on port ${f.authentication.port} (inbound and outbound), or import the cluster with securityGroups.`,
  },
  {
    id: 'LambdaConsumerSecretKeyUnknown',
    failsWhen: (f) => !f.secretKeyKnown,
    message: () => 'authentication: the secret has no known KMS key (an imported secret), so kms:Decrypt was not granted and Lambda cannot read it. '
      + 'Fix: import it with secretsmanager.Secret.fromSecretAttributes({ secretCompleteArn, encryptionKey }).',
  },
  {
    id: 'LambdaConsumerFiltersAboveQuota',
    failsWhen: (f) => f.filters.length > LAMBDA_KAFKA_LIMITS.defaultFilterQuota && f.filters.length <= LAMBDA_KAFKA_LIMITS.maxFilters,
    message: (f) => `filters: ${f.filters.length} filters, above the default Lambda quota of ${LAMBDA_KAFKA_LIMITS.defaultFilterQuota} per event source mapping. `
      + 'Fix: request a quota increase before deploying, or combine patterns.',
  },
];
registerRules({ name: 'LAMBDA_CONSUMER_WARNINGS', file: 'src/integrations/lambda/lambda-consumer-rules.ts', severity: 'warning', checkedBy: ['KafkaLambdaConsumer'] }, LAMBDA_CONSUMER_WARNINGS);


/** What the network warning looks at (on-demand pollers, endpoints not declared by the user). */
export interface LambdaConsumerNetworkFacts {
  /** Construct paths of the cluster's client subnets that are isolated subnets of its VPC (no route through a NAT gateway). */
  readonly isolatedSubnets: string[];
  /** The services ('lambda', 'sts', 'secretsmanager' with a secret) without an interface endpoint defined in the app in the cluster's VPC. */
  readonly missingEndpoints: string[];
}

/**
 * Warnings about the pollers' route to Lambda and STS. In on-demand mode the event source mapping
 * invokes the function and assumes the role through the cluster's VPC, which needs a NAT gateway or
 * interface endpoints for Lambda and STS (and Secrets Manager when a secret is used); provisioned
 * mode needs neither (Lambda developer guide, "Configuring your Amazon MSK cluster and Amazon VPC
 * network for Lambda").
 */
export const LAMBDA_CONSUMER_NETWORK_WARNINGS: WarningRule<LambdaConsumerNetworkFacts>[] = [
  {
    id: 'LambdaConsumerNetworkNoRoute',
    failsWhen: (f) => f.isolatedSubnets.length > 0 && f.missingEndpoints.length > 0,
    message: (f) => `cluster: its subnets ${f.isolatedSubnets.join(', ')} are isolated (no NAT gateway) and the app defines no interface endpoint in its VPC for ${f.missingEndpoints.join(', ')}, `
      + 'so on-demand Lambda pollers cannot reach Lambda and STS and the mapping never delivers a record (Lambda developer guide, "Configuring your Amazon MSK cluster and Amazon VPC network for Lambda"). '
      + 'Fix: add interface endpoints for those services in the cluster\'s VPC, reachable from the cluster\'s security groups on port 443 (or pass vpcEndpointsExist: true when they exist outside this app), '
      + 'put the cluster in subnets with a NAT gateway, or use provisionedPollers.',
  },
];
registerRules({ name: 'LAMBDA_CONSUMER_NETWORK_WARNINGS', file: 'src/integrations/lambda/lambda-consumer-rules.ts', severity: 'warning', checkedBy: ['KafkaLambdaConsumer'] }, LAMBDA_CONSUMER_NETWORK_WARNINGS);


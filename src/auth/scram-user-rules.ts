import { Token, Tokenization } from 'aws-cdk-lib';
import { literalClusterArn } from './cluster-arns';
import { registerRules } from '../validation/registry';
import { Rule } from '../validation/rules';

/** MSK only reads secrets whose name starts with this prefix. */
export const SCRAM_SECRET_PREFIX = 'AmazonMSK_';
/** Users (associated secrets) one MSK cluster can have. */
export const MAX_SCRAM_USERS = 1000;
/** Secrets one BatchAssociateScramSecret call takes. */
export const MAX_SECRETS_PER_ASSOCIATE_CALL = 10;
/** The library's username limit (MSK documents none); keeps secret names and ACL principals short. */
export const MAX_USERNAME_LENGTH = 64;

const USERNAME = new RegExp(`^[A-Za-z0-9._-]{1,${MAX_USERNAME_LENGTH}}$`);
/** Characters and length Secrets Manager accepts in a secret name. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const CLUSTER_ARN = /^arn:[a-z-]+:kafka:[a-z0-9-]+:\d{12}:cluster\/.+$/;

/** Everything the `addUser` rules look at. */
export interface ScramUserFacts {
  readonly username: string;
  readonly secretName: string;
  readonly existingUsernames: ReadonlyArray<string>;
  readonly existingSecretNames: ReadonlyArray<string>;
}

/**
 * The literal text before the first token in `value`, or all of `value` when it has no token;
 * undefined when it starts with a token.
 */
function literalHead(value: string): string | undefined {
  if (!Token.isUnresolved(value)) {
    return value;
  }
  const fragments = Tokenization.reverseString(value);
  return fragments.firstToken === undefined ? String(fragments.firstValue) : undefined;
}

/** True when the known start of `name` shows it does not begin with `AmazonMSK_`. */
function lacksPrefix(name: string): boolean {
  const head = literalHead(name);
  if (head === undefined) {
    return false;
  }
  return head.length >= SCRAM_SECRET_PREFIX.length ? !head.startsWith(SCRAM_SECRET_PREFIX) : !SCRAM_SECRET_PREFIX.startsWith(head);
}

/** Errors of `ScramUsers.addUser`: each names the argument, the value and the fix. */
export const SCRAM_USER_RULES: ReadonlyArray<Rule<ScramUserFacts>> = [
  {
    id: 'ScramUsernameToken',
    failsWhen: (f) => Token.isUnresolved(f.username),
    message: () => 'addUser: username is a token; it names the user\'s construct and secret, so it must be known at synth time. '
      + 'Fix: pass the username as a plain string.',
  },
  {
    id: 'ScramUsernameInvalid',
    failsWhen: (f) => !Token.isUnresolved(f.username) && !USERNAME.test(f.username),
    message: (f) => `addUser: username '${f.username}' is not valid. `
      + `Fix: use 1–${MAX_USERNAME_LENGTH} letters, digits, '.', '_' or '-' (other characters need escaping in SASL/SCRAM and Kafka ACL principals).`,
  },
  {
    id: 'ScramUserDuplicate',
    failsWhen: (f) => f.existingUsernames.includes(f.username),
    message: (f) => `addUser: user '${f.username}' was already added to this cluster. Fix: add each username once, and keep the ScramUser it returns.`,
  },
  {
    id: 'ScramSecretNamePrefix',
    failsWhen: (f) => lacksPrefix(f.secretName),
    message: (f) => `addUser: secretName '${f.secretName}' does not start with '${SCRAM_SECRET_PREFIX}'; MSK only associates secrets with that prefix. `
      + `Fix: prefix the name with '${SCRAM_SECRET_PREFIX}', or leave secretName out for the default ${SCRAM_SECRET_PREFIX}<clusterName>_<username>.`,
  },
  {
    id: 'ScramSecretNameInvalid',
    failsWhen: (f) => !Token.isUnresolved(f.secretName) && !SECRET_NAME.test(f.secretName),
    message: (f) => `addUser: secretName '${f.secretName}' is not a valid Secrets Manager name. Fix: use at most 512 letters, digits and /_+=.@- characters.`,
  },
  {
    id: 'ScramSecretNameDuplicate',
    failsWhen: (f) => !Token.isUnresolved(f.secretName) && f.existingSecretNames.includes(f.secretName),
    message: (f) => `addUser: secretName '${f.secretName}' is already used by another user of this cluster. Fix: give each user its own secretName.`,
  },
  {
    id: 'ScramUsersTooMany',
    failsWhen: (f) => f.existingUsernames.length >= MAX_SCRAM_USERS,
    message: (f) => `addUser: user '${f.username}' would be user ${f.existingUsernames.length + 1}; an MSK cluster can have at most ${MAX_SCRAM_USERS} SCRAM users. `
      + 'Fix: remove users you no longer need, or use IAM authentication for the others.',
  },
];
registerRules({ name: 'SCRAM_USER_RULES', file: 'src/auth/scram-user-rules.ts', severity: 'error', checkedBy: ['ScramUsers'] }, SCRAM_USER_RULES);


/** Everything the `ScramUsers` constructor rules look at. */
export interface ScramUsersFacts {
  readonly clusterArn: string;
  readonly stackAccount: string;
  readonly stackRegion: string;
}

/** The account or region of a literal cluster ARN, or undefined when it is unknown. */
function arnPart(clusterArn: string, part: 'account' | 'region'): string | undefined {
  if (Token.isUnresolved(clusterArn) || !CLUSTER_ARN.test(clusterArn)) {
    return undefined;
  }
  return literalClusterArn(clusterArn)?.[part];
}

function differs(clusterValue: string | undefined, stackValue: string): boolean {
  return clusterValue !== undefined && !Token.isUnresolved(stackValue) && clusterValue !== stackValue;
}

/** Errors of the `ScramUsers` props: each names the property, the value and the fix. */
export const SCRAM_USERS_RULES: ReadonlyArray<Rule<ScramUsersFacts>> = [
  {
    id: 'ScramClusterArnInvalid',
    failsWhen: (f) => !Token.isUnresolved(f.clusterArn) && !CLUSTER_ARN.test(f.clusterArn),
    message: (f) => `clusterArn: '${f.clusterArn}' is not the ARN of a provisioned MSK cluster. Fix: pass an ARN like arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>.`,
  },
  {
    id: 'ScramClusterElsewhere',
    failsWhen: (f) => differs(arnPart(f.clusterArn, 'account'), f.stackAccount) || differs(arnPart(f.clusterArn, 'region'), f.stackRegion),
    message: (f) => `clusterArn: '${f.clusterArn}' is in another account or Region than this stack (${f.stackAccount}, ${f.stackRegion}); `
      + 'MSK only associates secrets of its own account and Region. Fix: define the users in a stack of the cluster\'s account and Region.',
  },
];
registerRules({ name: 'SCRAM_USERS_RULES', file: 'src/auth/scram-user-rules.ts', severity: 'error', checkedBy: ['ScramUsers'] }, SCRAM_USERS_RULES);


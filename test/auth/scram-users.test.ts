import { CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { MAX_SCRAM_USERS, MAX_SECRETS_PER_ASSOCIATE_CALL } from '../../src/auth/scram-user-rules';
import { SCRAM_PASSWORD_LENGTH, ScramUsers, ScramUsersProps } from '../../src/auth/scram-users';
import { errorOf, problemsOf } from '../util/errors';
import { testApp } from '../util/stacks';

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7';

/** Template JSON, as the assertions library types it. */
type ResourceJson = ReturnType<Template['findResources']>[string];

function scramUsers(props: Partial<ScramUsersProps> = {}, env = { region: 'us-east-1', account: '123456789012' }) {
  const app = testApp();
  const stack = new Stack(app, 'Test', { env });
  const users = new ScramUsers(stack, 'Scram', { clusterArn: CLUSTER_ARN, clusterName: 'events', removalPolicy: RemovalPolicy.RETAIN, ...props });
  return { app, stack, users };
}

function only(template: Template, type: string): [string, ResourceJson] {
  const resources = Object.entries(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0];
}

function secretOf(template: Template, name: string): [string, ResourceJson] {
  const secrets = Object.entries(template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: name } }));
  expect(secrets).toHaveLength(1);
  return secrets[0];
}

describe('ScramUsers with two users', () => {
  const { stack, users } = scramUsers();
  const alice = users.addUser('alice');
  users.addUser('bob');
  const template = Template.fromStack(stack);
  const [keyId, key] = only(template, 'AWS::KMS::Key');

  test('each user gets a secret named AmazonMSK_<clusterName>_<username>, encrypted with the construct\'s key', () => {
    for (const username of ['alice', 'bob']) {
      const [, secret] = secretOf(template, `AmazonMSK_events_${username}`);
      expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    }
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toHaveLength(2);
  });

  test('the password is generated: long, letters and digits only, next to the username', () => {
    const [, secret] = secretOf(template, 'AmazonMSK_events_alice');
    expect(secret.Properties.GenerateSecretString).toEqual({
      SecretStringTemplate: '{"username":"alice"}',
      GenerateStringKey: 'password',
      PasswordLength: SCRAM_PASSWORD_LENGTH,
      ExcludePunctuation: true,
      IncludeSpace: false,
      RequireEachIncludedType: true,
    });
    expect(SCRAM_PASSWORD_LENGTH).toBeGreaterThanOrEqual(32);
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  test('secrets and key are retained; no resource policy is managed on the secrets (MSK attaches its own)', () => {
    const [, secret] = secretOf(template, 'AmazonMSK_events_alice');
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.UpdateReplacePolicy).toBe('Retain');
    expect(key.DeletionPolicy).toBe('Retain');
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  });

  test('the key is symmetric with rotation on, denies grants not for AWS resources, and lets Secrets Manager and MSK use it for this account', () => {
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeySpec).toBeUndefined(); // SYMMETRIC_DEFAULT
    const statements = key.Properties.KeyPolicy.Statement as Array<{ Sid?: string; Action: unknown; Condition?: unknown; Effect: string }>;
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Sid: 'DenyGrantsNotForAwsResources', Effect: 'Deny' }),
      expect.objectContaining({
        Sid: 'AllowMskScramSecretAssociation',
        Effect: 'Allow',
        Action: ['kms:CreateGrant', 'kms:DescribeKey'],
        Condition: { StringEquals: { 'kms:ViaService': 'kafka.us-east-1.amazonaws.com', 'kms:CallerAccount': '123456789012' } },
      }),
      expect.objectContaining({
        Effect: 'Allow',
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      }),
    ]));
  });

  test('one BatchScramSecret lists the ARN of every secret', () => {
    const [, association] = only(template, 'AWS::MSK::BatchScramSecret');
    const [aliceId] = secretOf(template, 'AmazonMSK_events_alice');
    const [bobId] = secretOf(template, 'AmazonMSK_events_bob');
    expect(association.Properties).toEqual({ ClusterArn: CLUSTER_ARN, SecretArnList: [{ Ref: aliceId }, { Ref: bobId }] });
  });

  test('the association shares the removal policy (retained here), so deleting the stack keeps the users of a retained cluster', () => {
    const [, association] = only(template, 'AWS::MSK::BatchScramSecret');
    expect(association.DeletionPolicy).toBe('Retain');
  });

  test('addUser returns the user; users lists every user in order', () => {
    expect(alice.username).toBe('alice');
    expect(stack.resolve(alice.secret.secretArn)).toEqual({ Ref: secretOf(template, 'AmazonMSK_events_alice')[0] });
    expect(users.users.map((u) => u.username)).toEqual(['alice', 'bob']);
    users.users.pop();
    expect(users.users).toHaveLength(2);
  });
});

describe('ScramUsers', () => {
  test('users added after construction, from anywhere, are all listed in the one BatchScramSecret', () => {
    const { stack, users } = scramUsers();
    users.addUser('first');
    const template1 = Template.fromStack(stack);
    expect(only(template1, 'AWS::MSK::BatchScramSecret')[1].Properties.SecretArnList).toHaveLength(1);

    const { stack: stack2, users: users2 } = scramUsers();
    for (const name of ['a', 'b.c', 'd_e', 'F-9']) {
      users2.addUser(name);
    }
    const template = Template.fromStack(stack2);
    const ids = ['a', 'b.c', 'd_e', 'F-9'].map((name) => secretOf(template, `AmazonMSK_events_${name}`)[0]);
    expect(only(template, 'AWS::MSK::BatchScramSecret')[1].Properties.SecretArnList).toEqual(ids.map((id) => ({ Ref: id })));
  });

  test('a CfnParameter cluster ARN is passed through unvalidated', () => {
    const app = testApp();
    const stack = new Stack(app, 'Test');
    const arn = new CfnParameter(stack, 'ClusterArn');
    const users = new ScramUsers(stack, 'Scram', { clusterArn: arn.valueAsString, clusterName: 'events', removalPolicy: RemovalPolicy.RETAIN });
    users.addUser('alice');
    const template = Template.fromStack(stack);
    expect(only(template, 'AWS::MSK::BatchScramSecret')[1].Properties.ClusterArn).toEqual({ Ref: 'ClusterArn' });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['kafka.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } } })]) },
    });
  });

  test('a token cluster name gives a token secret name with the prefix', () => {
    const app = testApp();
    const stack = new Stack(app, 'Test');
    const name = new CfnParameter(stack, 'ClusterName');
    const users = new ScramUsers(stack, 'Scram', { clusterArn: CLUSTER_ARN, clusterName: name.valueAsString, removalPolicy: RemovalPolicy.RETAIN });
    users.addUser('alice');
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: { 'Fn::Join': ['', ['AmazonMSK_', { Ref: 'ClusterName' }, '_alice']] },
    });
  });

  test('secretName and removalPolicy options are honoured', () => {
    const { stack, users } = scramUsers();
    users.addUser('alice', { secretName: 'AmazonMSK_team/alice', removalPolicy: RemovalPolicy.DESTROY });
    const [, secret] = secretOf(Template.fromStack(stack), 'AmazonMSK_team/alice');
    expect(secret.DeletionPolicy).toBe('Delete');
  });

  test('the removal policy of the construct applies to the key and the association and is the default for secrets', () => {
    const { stack, users } = scramUsers({ removalPolicy: RemovalPolicy.DESTROY });
    users.addUser('alice');
    users.addUser('bob', { removalPolicy: RemovalPolicy.RETAIN });
    const template = Template.fromStack(stack);
    expect(only(template, 'AWS::KMS::Key')[1].DeletionPolicy).toBe('Delete');
    expect(only(template, 'AWS::MSK::BatchScramSecret')[1].DeletionPolicy).toBe('Delete');
    expect(secretOf(template, 'AmazonMSK_events_alice')[1].DeletionPolicy).toBe('Delete');
    expect(secretOf(template, 'AmazonMSK_events_bob')[1].DeletionPolicy).toBe('Retain');
  });

  test(`warns once, when user ${MAX_SECRETS_PER_ASSOCIATE_CALL + 1} is added, that one deployment should add at most ${MAX_SECRETS_PER_ASSOCIATE_CALL} users`, () => {
    const withUsers = (count: number) => {
      const { stack, users } = scramUsers();
      for (let i = 1; i <= count; i++) {
        users.addUser(`user${i}`);
      }
      return stack;
    };
    expect(Annotations.fromStack(withUsers(MAX_SECRETS_PER_ASSOCIATE_CALL)).findWarning('*', Match.anyValue())).toEqual([]);

    const stack = withUsers(MAX_SECRETS_PER_ASSOCIATE_CALL + 2);
    const warnings = Annotations.fromStack(stack).findWarning('/Test/Scram', Match.stringLikeRegexp('BatchAssociateScramSecret API takes at most 10 secrets per call'));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].entry.data)).toMatch(/Fix: add at most 10 users per deployment.*\[ack: cdk-msk-constructs:ScramUsersOverAssociateBatch\]/);
    expect(only(Template.fromStack(stack), 'AWS::MSK::BatchScramSecret')[1].Properties.SecretArnList).toHaveLength(MAX_SECRETS_PER_ASSOCIATE_CALL + 2);
  });

  test('fails when the same username is added twice', () => {
    const { users } = scramUsers();
    users.addUser('alice');
    expect(errorOf(() => users.addUser('alice', { secretName: 'AmazonMSK_other' })))
      .toMatch(/\[ScramUserDuplicate\] addUser: user 'alice' was already added.*Fix:/);
  });

  test.each(['', 'a b', 'ali,ce', 'ali=ce', 'ali"ce', 'al/ice', 'älice', 'x'.repeat(65)])('fails when the username is %p', (username) => {
    const { users } = scramUsers();
    const message = errorOf(() => users.addUser(username));
    expect(message).toContain(`[ScramUsernameInvalid] addUser: username '${username}' is not valid`);
    expect(message).toMatch(/Test\/Scram/);
    expect(message).toMatch(/Fix: use 1–64 letters, digits/);
  });

  test('accepts a 64-character username', () => {
    const { users } = scramUsers();
    expect(users.addUser('x'.repeat(64)).username).toHaveLength(64);
  });

  test('fails when the username is a token', () => {
    const { stack, users } = scramUsers();
    const username = new CfnParameter(stack, 'Username').valueAsString;
    expect(errorOf(() => users.addUser(username))).toMatch(/\[ScramUsernameToken\] addUser: username is a token.*Fix: pass the username as a plain string/);
  });

  test('fails when secretName does not start with AmazonMSK_', () => {
    const { users } = scramUsers();
    expect(errorOf(() => users.addUser('alice', { secretName: 'kafka/alice' })))
      .toMatch(/\[ScramSecretNamePrefix\] addUser: secretName 'kafka\/alice' does not start with 'AmazonMSK_'.*Fix: prefix the name/);
    expect(errorOf(() => users.addUser('alice', { secretName: 'amazonmsk_alice' }))).toMatch(/ScramSecretNamePrefix/);
  });

  test('fails when a token secretName starts with a literal other than AmazonMSK_; a leading token is not validated', () => {
    const { stack, users } = scramUsers();
    const suffix = new CfnParameter(stack, 'Suffix').valueAsString;
    expect(errorOf(() => users.addUser('alice', { secretName: `kafka_${suffix}` }))).toMatch(/ScramSecretNamePrefix/);
    expect(errorOf(() => users.addUser('alice', { secretName: `Amaz_${suffix}` }))).toMatch(/ScramSecretNamePrefix/);
    users.addUser('bob', { secretName: `AmazonMSK_${suffix}` });
    users.addUser('carol', { secretName: `Amazon${suffix}` });
    users.addUser('dave', { secretName: suffix });
    expect(users.users).toHaveLength(3);
  });

  test('fails when secretName has characters Secrets Manager rejects', () => {
    const { users } = scramUsers();
    expect(errorOf(() => users.addUser('alice', { secretName: 'AmazonMSK_al ice' }))).toMatch(/\[ScramSecretNameInvalid\] addUser: secretName 'AmazonMSK_al ice'/);
  });

  test('fails when two users share a secretName', () => {
    const { users } = scramUsers();
    users.addUser('alice', { secretName: 'AmazonMSK_shared' });
    expect(errorOf(() => users.addUser('bob', { secretName: 'AmazonMSK_shared' }))).toMatch(/\[ScramSecretNameDuplicate\] addUser: secretName 'AmazonMSK_shared'/);
  });

  test(`fails when user ${MAX_SCRAM_USERS + 1} is added`, () => {
    const { users } = scramUsers();
    for (let i = 0; i < MAX_SCRAM_USERS; i++) {
      users.addUser(`u${i}`);
    }
    expect(errorOf(() => users.addUser('one-too-many'))).toMatch(/\[ScramUsersTooMany\] addUser: user 'one-too-many' would be user 1001; an MSK cluster can have at most 1000/);
  });

  test('fails when clusterArn is not a provisioned-cluster ARN', () => {
    expect(errorOf(() => scramUsers({ clusterArn: 'arn:aws:kafka:us-east-1:123456789012:configuration/x/y' })))
      .toMatch(/\[ScramClusterArnInvalid\] clusterArn: 'arn:aws:kafka:us-east-1:123456789012:configuration\/x\/y' is not the ARN/);
  });

  test('fails when the cluster is in another account or Region than the stack', () => {
    expect(errorOf(() => scramUsers({}, { region: 'eu-west-1', account: '123456789012' }))).toMatch(/\[ScramClusterElsewhere\] clusterArn: .* another account or Region than this stack \(123456789012, eu-west-1\)/);
    expect(errorOf(() => scramUsers({}, { region: 'us-east-1', account: '210987654321' }))).toMatch(/ScramClusterElsewhere/);
  });

  test('an environment-agnostic stack accepts a literal cluster ARN', () => {
    const app = testApp();
    const users = new ScramUsers(new Stack(app, 'Agnostic'), 'Scram', { clusterArn: CLUSTER_ARN, clusterName: 'events', removalPolicy: RemovalPolicy.RETAIN });
    expect(users.addUser('alice').username).toBe('alice');
  });

  test('fails at synth when no user was added', () => {
    const { app } = scramUsers();
    const problems = problemsOf(() => app.synth());
    expect(problems.map((p) => [p.ruleId, p.path])).toEqual([['ScramUsersEmpty', 'Test/Scram']]);
    expect(problems[0].message).toMatch(/has no users.*Fix: call addUser\(\)/);
  });
});

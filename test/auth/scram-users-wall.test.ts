import { RemovalPolicy, Stack, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { SCRAM_SECRET_ACKNOWLEDGEMENTS } from '../../src/auth/scram-secret-acknowledgements';
import { ScramUsers } from '../../src/auth/scram-users';
import { createManagedKey } from '../../src/encryption/cluster-key';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

/** The wall on SCRAM users: their key, two secrets and the cluster's BatchScramSecret. */
describe('ScramUsers pass the validator wall', () => {
  const app = wallApp();
  const stack = new Stack(app, 'Scram', { env: { region: 'us-east-1', account: '123456789012' } });
  const users = new ScramUsers(stack, 'Users', {
    clusterArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7',
    clusterName: 'events',
    removalPolicy: RemovalPolicy.RETAIN,
  });
  users.addUser('orders-service');
  users.addUser('analytics');
  // Test-only control: the same kind of secret without the acknowledgements.
  const controlKey = createManagedKey(stack, 'ControlKey', { description: 'control', removalPolicy: RemovalPolicy.DESTROY });
  new secretsmanager.Secret(stack, 'Control', { secretName: 'AmazonMSK_control', encryptionKey: controlKey, generateSecretString: { excludePunctuation: true } });
  const testOnly = ['Scram/Control', 'Scram/ControlKey'];

  const wall = runValidatorWall(app);
  const library = (findings: typeof wall.errors) => findings.filter((f) => !testOnly.some((p) => f.resource.startsWith(p)));

  test('the library adds no error or warning findings', () => {
    expect(formatFindings(library(wall.errors))).toEqual([]);
    expect(formatFindings(library(wall.warnings))).toEqual([]);
  });

  test('without the acknowledgements, the same kind of secret fails exactly the acknowledged rules', () => {
    const control = wall.errors.filter((f) => f.resource.startsWith('Scram/Control/')).map((f) => f.rule).sort();
    expect(control).toEqual(SCRAM_SECRET_ACKNOWLEDGEMENTS.map((a) => a.rule).sort());
  });

  test('the wall saw the key, both secrets, their update guards with the provider Lambda, and the association (plus the control key and secret)', () => {
    const template = app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string }> };
    const types = Object.values(template.Resources).map((r) => r.Type).sort();
    expect(types).toEqual([
      'AWS::IAM::Role', 'AWS::KMS::Key', 'AWS::KMS::Key', 'AWS::Lambda::Function', 'AWS::MSK::BatchScramSecret',
      'AWS::SecretsManager::Secret', 'AWS::SecretsManager::Secret', 'AWS::SecretsManager::Secret', 'Custom::MskUpdateGuard', 'Custom::MskUpdateGuard',
    ]);
  });

  test('only the rotation rules are acknowledged, on the secrets alone', () => {
    const rules = SCRAM_SECRET_ACKNOWLEDGEMENTS.map((a) => a.rule);
    expect(rules).toEqual([
      'AwsSolutions-SMG4',
      'HIPAA.Security-SecretsManagerRotationEnabled',
      'NIST.800.53.R5-SecretsManagerRotationEnabled',
    ]);
    /** Rule ids acknowledged directly on each construct under the ScramUsers, by path. */
    const acknowledged: Record<string, string[]> = {};
    for (const construct of users.node.findAll()) {
      const ids = construct.node.metadata
        .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
        .flatMap((m) => Object.keys(m.data as Record<string, string>).map((id) => id.replace(/^Annotation::/, '')));
      if (ids.length > 0) {
        acknowledged[construct.node.path] = ids;
      }
    }
    expect(acknowledged).toEqual(Object.fromEntries(users.users.map((u) => [u.secret.node.path, rules])));
  });
});

import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { SCRAM_SECRET_ACKNOWLEDGEMENTS } from '../../src/auth/scram-secret-acknowledgements';
import { ScramUsers } from '../../src/auth/scram-users';
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

  const wall = runValidatorWall(app);

  test('the library adds no error or warning findings', () => {
    expect(formatFindings(wall.errors)).toEqual([]);
    expect(formatFindings(wall.warnings)).toEqual([]);
  });

  test('the wall saw the key, both secrets and the association', () => {
    const template = app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string }> };
    const types = Object.values(template.Resources).map((r) => r.Type).sort();
    expect(types).toEqual(['AWS::KMS::Key', 'AWS::MSK::BatchScramSecret', 'AWS::SecretsManager::Secret', 'AWS::SecretsManager::Secret']);
  });

  test('only the rotation rules are acknowledged, on the secrets alone', () => {
    expect(SCRAM_SECRET_ACKNOWLEDGEMENTS.map((a) => a.rule)).toEqual([
      'AwsSolutions-SMG4',
      'HIPAA.Security-SecretsManagerRotationEnabled',
      'NIST.800.53.R5-SecretsManagerRotationEnabled',
    ]);
    const acknowledged = (path: string) => app.node.findAll()
      .filter((c) => c.node.path === path)
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'));
    expect(acknowledged('Scram/Users')).toEqual([]);
    expect(acknowledged('Scram/Users/Key')).toEqual([]);
    for (const user of users.users) {
      expect(acknowledged(user.secret.node.path)).toHaveLength(1);
    }
  });
});

import { CfnResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { UpdateGuard } from '../custom-resources/update-guard';

/**
 * Guards a SCRAM user's secret (`secret`, its AWS::SecretsManager::Secret, a child of `scope`) against a
 * deployment that changes its name, which would replace it and so the user's password
 * (../custom-resources/update-guard.ts).
 */
export function guardScramSecretUpdates(scope: Construct, secret: CfnResource, username: string, secretName: string): UpdateGuard {
  return new UpdateGuard(scope, 'UpdateGuard', {
    subject: `SCRAM user '${username}' (${scope.node.path})`,
    guarded: [secret],
    settings: [{
      property: 'secretName',
      value: secretName,
      change: 'replaces',
      reason: 'Name is create-only on AWS::SecretsManager::Secret ("Update requires: Replacement", CloudFormation template reference): '
        + 'CloudFormation would create a new secret with a new generated password and delete the old one, so every client that signs in '
        + 'as this user with the old password would be refused. Fix: revert the change. To give the user a new secret deliberately, remove '
        + 'the user in one deployment and add it with the new secretName in the next, then give its clients the new password.',
    }],
  });
}

import { Stack, aws_acmpca as acmpca, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';
import { BrokerInstanceType, BrokerLogs, ClientAuthentication, KafkaVersion, ProvisionedCluster } from '../../src';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

/**
 * The wall on library options the examples do not use, so no option path weakens compliance.
 */
describe('ProvisionedCluster options pass the validator wall', () => {
  const app = wallApp();
  const stack = new Stack(app, 'Options', { env: { region: 'us-east-1' } });
  const { vpc } = new CompliantVpc(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  const ca = acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/abc');

  new ProvisionedCluster(stack, 'AllAuth', {
    vpc,
    clientAuthentication: ClientAuthentication.of({ iam: true, scram: true, mutualTls: [ca] }),
    kafkaVersion: KafkaVersion.V4_1_X_KRAFT,
  });
  new ProvisionedCluster(stack, 'Express', { vpc, instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
  const key = new kms.Key(stack, 'OwnKey', { enableKeyRotation: true });
  const logsKey = new kms.Key(stack, 'OwnLogsKey', { enableKeyRotation: true });
  const accessLogs = s3.Bucket.fromBucketName(stack, 'AccessLogs', 'my-access-logs');
  const bucket = new s3.Bucket(stack, 'OwnLogs', {
    encryptionKey: logsKey,
    enforceSSL: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    serverAccessLogsBucket: accessLogs,
  });
  new ProvisionedCluster(stack, 'OwnKeyAndBucket', { vpc, encryptionKey: key, brokerLogs: BrokerLogs.s3({ bucket, prefix: 'msk' }) });

  const wall = runValidatorWall(app);

  test('the library adds no error findings', () => {
    const libraryPaths = ['Options/AllAuth', 'Options/Express', 'Options/OwnKeyAndBucket'];
    const library = wall.errors.filter((f) => libraryPaths.some((p) => f.resource.startsWith(p)));
    expect(formatFindings(library)).toEqual([]);
  });

  test('the user-owned key and bucket are judged on their own (the wall sees them)', () => {
    expect(wall.errors.some((f) => f.resource.startsWith('Options/OwnKey') || f.resource.startsWith('Options/OwnLogs'))).toBe(true);
  });
});

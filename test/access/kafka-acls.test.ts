/**
 * The runtime paths of Kafka ACL management (examples/partner-scram-acls.ts), proven with the IAM
 * simulator against the synthesized policies (identity and resource policies):
 * - the stack's provider reads the admin's secret (Secrets Manager GetSecretValue, and kms:Decrypt of its
 *   key through Secrets Manager: Secrets Manager user guide, "Secret encryption and decryption") and invokes
 *   the worker (Lambda Invoke needs lambda:InvokeFunction on the function: Lambda developer guide,
 *   "Identity-based IAM policies for Lambda"), and nothing of the partner's;
 * - the worker in the VPC may only write its log and manage its network interfaces (Lambda developer guide,
 *   "Giving Lambda functions access to resources in an Amazon VPC"): no secret, no cluster API.
 */
import { App, Stack } from 'aws-cdk-lib';
import { buildPartnerScramAcls } from '../../examples/partner-scram-acls';
import { PROVIDER_ID } from '../../src/custom-resources/stack-provider';
import { AccessModel, Decision } from '../util/access/access-model';
import { testApp } from '../util/stacks';

type Row = [string, string, () => string, Decision, Record<string, string>?];

function matrix(m: () => AccessModel, role: () => string, rows: Row[]): void {
  test.each(rows)('%s (%s)', async (...row: Row) => {
    const [, action, resource, expected, context] = row;
    expect(await m().decide({ principal: { role: role() }, action, resource: resource(), context })).toBe(expected);
  });
}

function lazyModel(build: (app: App) => Stack): () => AccessModel {
  let model: AccessModel | undefined;
  return () => (model ??= AccessModel.of(build(testApp())));
}

const m = lazyModel(buildPartnerScramAcls);
const secret = (name: string) => () => m().arn(`PartnersScramUsersUser${name}`, undefined, 'AWS::SecretsManager::Secret');
const key = () => m().arn('PartnersScramUsersKey', 'Arn', 'AWS::KMS::Key');
const worker = () => m().arn('CdkMskConstructsKafkaAclWorker', 'Arn', 'AWS::Lambda::Function');
const cluster = () => m().arn('Partners', undefined, 'AWS::MSK::Cluster');
const viaSecretsManager = { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' };

describe('the stack provider serving Custom::MskKafkaAcls', () => {
  matrix(m, () => `${PROVIDER_ID}CustomResourceProviderRole`, [
    ['reads the ACL admin\'s secret', 'secretsmanager:GetSecretValue', secret('cdkmskacladmin'), 'Allowed'],
    ['decrypts it through Secrets Manager', 'kms:Decrypt', key, 'Allowed', viaSecretsManager],
    ['invokes the Kafka ACL worker', 'lambda:InvokeFunction', worker, 'Allowed'],
    ['reads the cluster\'s brokers for the deny-by-default check', 'kafka:GetBootstrapBrokers', cluster, 'Allowed'],
    ['finds the cluster by name for that check', 'kafka:ListClustersV2', () => '*', 'Allowed'],
    ['may not read the brokers of a cluster of another name', 'kafka:GetBootstrapBrokers', () => cluster().replace(/cluster\/[^/]+\//, 'cluster/other/'), 'ImplicitlyDenied'],
    ['may not read the partner\'s secret', 'secretsmanager:GetSecretValue', secret('acme'), 'ImplicitlyDenied'],
    ['may not decrypt with the key directly', 'kms:Decrypt', key, 'ImplicitlyDenied'],
    ['may not invoke another function', 'lambda:InvokeFunction', () => m().localArn('lambda', 'function:someone-else'), 'ImplicitlyDenied'],
    ['may not change the worker', 'lambda:UpdateFunctionCode', worker, 'ImplicitlyDenied'],
  ]);
});

describe('the Kafka ACL worker in the VPC', () => {
  const role = () => m().logicalId('CdkMskConstructsKafkaAclWorker', 'AWS::IAM::Role');
  const logGroup = () => `${m().arn('CdkMskConstructsKafkaAclWorker', 'Arn', 'AWS::Logs::LogGroup')}:log-stream:2026/12/05/[$LATEST]abc`;
  matrix(m, role, [
    ['writes its log', 'logs:PutLogEvents', logGroup, 'Allowed'],
    ['creates its network interfaces', 'ec2:CreateNetworkInterface', () => m().localArn('ec2', 'network-interface/eni-0123456789abcdef0'), 'Allowed'],
    ['may not read the admin\'s secret (the provider hands the credentials over)', 'secretsmanager:GetSecretValue', secret('cdkmskacladmin'), 'ImplicitlyDenied'],
    ['may not decrypt anything', 'kms:Decrypt', key, 'ImplicitlyDenied', viaSecretsManager],
    ['may not call the MSK API', 'kafka:GetBootstrapBrokers', cluster, 'ImplicitlyDenied'],
    ['may not invoke functions', 'lambda:InvokeFunction', worker, 'ImplicitlyDenied'],
  ]);
});

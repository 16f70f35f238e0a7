/**
 * MSK Data Delivery (examples/express-data-lake.ts), proven with the IAM simulator against the synthesized
 * policies: MSK assumes each channel's role only for this account's channels, and each role may do what the
 * MSK developer guide's "Service execution role" lists for its destination (S3 Tables actions on the table
 * bucket's tables, the schema's Glue reads, object writes under one prefix of one bucket, the bucket key
 * through S3, the channel's log) and not the neighbouring resources.
 */
import { buildExpressDataLake } from '../../examples/express-data-lake';
import { AccessModel, Decision } from '../util/access/access-model';
import { testApp } from '../util/stacks';

type Row = [string, string, () => string, Decision, Record<string, string>?];

let model: AccessModel | undefined;
const m = () => (model ??= AccessModel.of(buildExpressDataLake(testApp())));

function matrix(role: string, rows: Row[]): void {
  test.each(rows)(`${role} %s (%s)`, async (...row: Row) => {
    const [, action, resource, expected, context] = row;
    expect(await m().decide({ principal: { role }, action, resource: resource(), context })).toBe(expected);
  });
}

const tableBucket = () => m().arn('Tables', 'TableBucketARN', 'AWS::S3Tables::TableBucket');
const viaS3 = { 'kms:ViaService': 's3.us-east-1.amazonaws.com' };

describe('the Iceberg channel\'s role', () => {
  const deadLetters = () => m().arn('ClicksToTablesDeadLetters', 'Arn', 'AWS::S3::Bucket');
  matrix('ClicksToTablesRole', [
    ['creates its table in the table bucket (CreateTable takes the bucket)', 's3tables:CreateTable', tableBucket, 'Allowed'],
    ['writes table data', 's3tables:PutTableData', () => `${tableBucket()}/table/clicks`, 'Allowed'],
    ['reads the table bucket', 's3tables:GetTableBucket', tableBucket, 'Allowed'],
    ['reads a schema version by id', 'glue:GetSchemaVersion', () => '*', 'Allowed'],
    ['writes dead letters under its prefix', 's3:PutObject', () => `${deadLetters()}/dead-letters/clicks/2026/x.json`, 'Allowed'],
    ['may not write elsewhere in the dead-letter bucket', 's3:PutObject', () => `${deadLetters()}/other/x.json`, 'ImplicitlyDenied'],
    ['may not touch another table bucket', 's3tables:PutTableData', () => m().localArn('s3tables', 'bucket/other/table/clicks'), 'ImplicitlyDenied'],
    ['may not delete its table', 's3tables:DeleteTable', () => `${tableBucket()}/table/clicks`, 'ImplicitlyDenied'],
    ['may not read the cluster\'s data', 'kafka-cluster:ReadData', () => m().localArn('kafka', 'topic/events/abc/clicks'), 'ImplicitlyDenied'],
  ]);
});

describe('the S3 channel\'s role', () => {
  const bucket = () => m().arn('OrdersToS3Bucket', 'Arn', 'AWS::S3::Bucket');
  const key = () => m().arn('OrdersToS3BucketKey', 'Arn', 'AWS::KMS::Key');
  const log = () => `${m().arn('OrdersToS3Logs', 'Arn', 'AWS::Logs::LogGroup')}:log-stream:channel`;
  matrix('OrdersToS3Role', [
    ['writes objects under topic=orders/', 's3:PutObject', () => `${bucket()}/topic=orders/year=2026/x.json.zst`, 'Allowed'],
    ['writes dead letters under dead-letters/orders/', 's3:PutObject', () => `${bucket()}/dead-letters/orders/x.json`, 'Allowed'],
    ['lists the bucket', 's3:ListBucket', bucket, 'Allowed'],
    ['encrypts with the bucket key through S3', 'kms:GenerateDataKey', key, 'Allowed', viaS3],
    ['writes its log', 'logs:PutLogEvents', log, 'Allowed'],
    ['may not write other prefixes', 's3:PutObject', () => `${bucket()}/other/x`, 'ImplicitlyDenied'],
    ['may not read objects', 's3:GetObject', () => `${bucket()}/topic=orders/x`, 'ImplicitlyDenied'],
    ['may not use the key directly', 'kms:GenerateDataKey', key, 'ImplicitlyDenied'],
  ]);
});

describe('who may assume the channel roles', () => {
  const channelArn = () => m().localArn('kafka', 'channel/events/abc/orders-to-s3');
  test('MSK, for a channel of this account', async () => {
    const role = m().roleArn('OrdersToS3Role');
    expect(await m().decide({
      principal: { service: 'kafka.amazonaws.com' },
      action: 'sts:AssumeRole',
      resource: role,
      context: { 'aws:SourceAccount': m().env.account, 'aws:SourceArn': channelArn() },
    })).toBe('Allowed');
  });

  test('not MSK for another account\'s channel, nor another service', async () => {
    const role = m().roleArn('OrdersToS3Role');
    expect(await m().decide({
      principal: { service: 'kafka.amazonaws.com' },
      action: 'sts:AssumeRole',
      resource: role,
      context: { 'aws:SourceAccount': '222222222222', 'aws:SourceArn': channelArn().replace(m().env.account, '222222222222') },
    })).not.toBe('Allowed');
    expect(await m().decide({
      principal: { service: 'firehose.amazonaws.com' },
      action: 'sts:AssumeRole',
      resource: role,
      context: { 'aws:SourceAccount': m().env.account, 'aws:SourceArn': channelArn() },
    })).not.toBe('Allowed');
  });
});

import { Duration, Stack, aws_ec2 as ec2, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  BrokerInstanceType, DataDeliveryChannel, DataDeliveryChannelProps, DataDeliveryDestination, DeliveryStorageClass, IcebergCompression,
  IcebergDeliveryOptions, ProvisionedCluster, RegistrySchema, S3DeliveryCompression, S3ValueConverter, SchemaFormat, SchemaRegistry,
  ServerlessCluster,
} from '../../src';
import { keyProblems } from '../../src/integrations/delivery/delivery-rules';
import { expectValidationError } from '../util/errors';
import { vpcStack } from '../util/stacks';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

const TABLE_BUCKET = 'arn:aws:s3tables:us-east-1:123456789012:bucket/lake';
const CLICKS_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { page: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
  required: ['page', 'at'],
});

function express(instanceType = BrokerInstanceType.EXPRESS_M7G_LARGE) {
  const env = vpcStack();
  const cluster = new ProvisionedCluster(env.stack, 'Events', { vpc: env.vpc, instanceType });
  return { ...env, cluster };
}

function schemaIn(stack: Stack, format = SchemaFormat.json()): RegistrySchema {
  const registry = new SchemaRegistry(stack, 'Registry', { registryName: 'events' });
  return new RegistrySchema(stack, 'ClicksSchema', { registry, schemaName: 'clicks', dataFormat: format, definition: format.format === 'JSON' ? CLICKS_SCHEMA : '{"type":"record","name":"x","fields":[]}' });
}

function iceberg(stack: Stack, options: Partial<IcebergDeliveryOptions> = {}): DataDeliveryDestination {
  return DataDeliveryDestination.iceberg({ tableBucketArn: TABLE_BUCKET, namespace: 'streaming', tableName: 'clicks', schema: options.schema ?? schemaIn(stack), ...options });
}

function resources(stack: Stack): Resources {
  return Template.fromStack(stack).toJSON().Resources as Resources;
}

function channelOf(stack: Stack): Record<string, unknown> {
  const found = Object.values(resources(stack)).filter((r) => r.Type === 'AWS::MSK::Channel');
  expect(found).toHaveLength(1);
  return stack.resolve(found[0].Properties) as Record<string, unknown>;
}

function policyOf(stack: Stack, prefix: string): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  const [policy] = Object.entries(resources(stack)).filter(([id, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && id.startsWith(prefix));
  return (policy[1].Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement;
}

describe('S3 general purpose bucket', () => {
  test('by default: a secure data-lake bucket, values as bytes, GZIP, STANDARD, 10 minutes, dead letters in the same bucket, an encrypted log', () => {
    const { stack, cluster } = express();
    const channel = new DataDeliveryChannel(stack, 'Orders', { cluster, topicName: 'orders', destination: DataDeliveryDestination.s3() });
    const props = channelOf(stack);
    expect(props).toMatchObject({
      ClusterArn: { Ref: expect.stringMatching(/^Events/) },
      TopicConfigurationList: [{ RecordConverter: { ValueConverter: 'BYTE_ARRAY' } }],
      S3DestinationConfiguration: {
        DataFreshnessInSeconds: 600,
        DeadLetterQueueS3: { ErrorOutputPrefix: 'dead-letters/orders/' },
        Storage: {
          OutputPrefix: 'topic=orders/',
          OutputKeyTemplate: 'year=!{yyyy}/month=!{MM}/day=!{dd}/hour=!{HH}/!{partition-id}-!{kafka-offset}',
          CompressionType: 'GZIP',
          StorageClass: 'STANDARD',
        },
      },
      LoggingInfo: { CloudWatchLogs: { Enabled: true } },
    });
    const s3Config = props.S3DestinationConfiguration as { Storage: { BucketArn: unknown }; DeadLetterQueueS3: { BucketArn: unknown } };
    expect(s3Config.DeadLetterQueueS3.BucketArn).toEqual(s3Config.Storage.BucketArn);
    expect(JSON.stringify(props.TopicConfigurationList)).toContain(':topic/');
    expect(JSON.stringify(props.TopicConfigurationList)).toContain('/orders');
    expect(keyProblems('topic=orders/', 'year=!{yyyy}/month=!{MM}/day=!{dd}/hour=!{HH}/!{partition-id}-!{kafka-offset}')).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(channel.bucket).toBeDefined();
    expect(channel.deadLetterBucket).toBe(channel.bucket);
  });

  test('the options reach the template', () => {
    const { stack, cluster } = express();
    const bucket = new s3.Bucket(stack, 'Lake');
    new DataDeliveryChannel(stack, 'Orders', {
      cluster,
      topicName: 'orders',
      channelName: 'orders-to-s3',
      dataFreshness: Duration.minutes(15),
      destination: DataDeliveryDestination.s3({
        bucket,
        valueConverter: S3ValueConverter.JSON,
        outputPrefix: 'raw/orders/',
        outputKeyTemplate: '!{yyyy}/!{MM}/!{dd}/!{sequence-number}.json',
        compression: S3DeliveryCompression.ZSTD,
        storageClass: DeliveryStorageClass.INTELLIGENT_TIERING,
      }),
    });
    expect(channelOf(stack)).toMatchObject({
      ChannelName: 'orders-to-s3',
      TopicConfigurationList: [{ RecordConverter: { ValueConverter: 'JSON' } }],
      S3DestinationConfiguration: {
        DataFreshnessInSeconds: 900,
        Storage: { OutputPrefix: 'raw/orders/', OutputKeyTemplate: '!{yyyy}/!{MM}/!{dd}/!{sequence-number}.json', CompressionType: 'ZSTD', StorageClass: 'INTELLIGENT_TIERING' },
      },
    });
    // The dead letters go to the same bucket, under their own prefix; no bucket is created.
    const config = channelOf(stack).S3DestinationConfiguration as { Storage: { BucketArn: unknown }; DeadLetterQueueS3: { BucketArn: unknown } };
    expect(config.DeadLetterQueueS3.BucketArn).toEqual(config.Storage.BucketArn);
    expect(Object.entries(resources(stack)).filter(([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('Orders'))).toEqual([]);
  });

  test('MSK assumes the role for this account\'s channels only, and it may write one prefix of each bucket and its log, nothing else', () => {
    const { stack, cluster } = express();
    new DataDeliveryChannel(stack, 'Orders', { cluster, topicName: 'orders', destination: DataDeliveryDestination.s3() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Principal: { Service: 'kafka.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': Match.anyValue() },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':channel/\\*$')])] } },
          },
        }],
      },
    });
    const actions = policyOf(stack, 'OrdersAccess').flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action])).sort();
    expect([...new Set(actions)]).toEqual([
      'kms:Decrypt', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:AbortMultipartUpload', 's3:GetBucketLocation',
      's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListMultipartUploadParts', 's3:PutObject',
    ]);
    const writes = policyOf(stack, 'OrdersAccess').filter((st) => st.Action === 's3:PutObject' || (Array.isArray(st.Action) && st.Action.includes('s3:PutObject')));
    expect(writes.map((st) => JSON.stringify(stack.resolve(st.Resource)))).toEqual([
      expect.stringContaining('/topic=orders/*'), expect.stringContaining('/dead-letters/orders/*'),
    ]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('the channel waits for its role\'s policy', () => {
    const { stack, cluster } = express();
    new DataDeliveryChannel(stack, 'Orders', { cluster, topicName: 'orders', destination: DataDeliveryDestination.s3() });
    const [channel] = Object.values(resources(stack)).filter((r) => r.Type === 'AWS::MSK::Channel');
    expect(channel.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^OrdersAccessPolicy/), expect.stringMatching(/^OrdersRole/)]));
  });

  test('the generated name changes with a setting fixed at creation, not with the data freshness (the one that updates in place)', () => {
    const nameWith = (props: Partial<DataDeliveryChannelProps>) => {
      const { stack, cluster } = express();
      new DataDeliveryChannel(stack, 'Orders', { cluster, topicName: 'orders', destination: DataDeliveryDestination.s3(), ...props });
      return channelOf(stack).ChannelName as string;
    };
    const base = nameWith({});
    expect(base).toMatch(/^[a-zA-Z0-9._-]{1,64}$/);
    expect(nameWith({ dataFreshness: Duration.minutes(5) })).toBe(base);
    expect(nameWith({ destination: DataDeliveryDestination.s3({ compression: S3DeliveryCompression.ZSTD }) })).not.toBe(base);
  });
});

describe('Apache Iceberg on S3 Tables', () => {
  test('append only, no schema evolution, the channel creates its table in the table bucket, partitioned by hour; the schema\'s ARN', () => {
    const { stack, cluster } = express();
    new DataDeliveryChannel(stack, 'Clicks', {
      cluster, topicName: 'clicks', destination: iceberg(stack, { partitionTimestampColumn: 'at', compression: IcebergCompression.SNAPPY }),
    });
    const props = channelOf(stack);
    expect(props).toMatchObject({
      TopicConfigurationList: [{ RecordConverter: { ValueConverter: 'JSON' }, RecordSchema: { GsrArn: { 'Fn::GetAtt': [expect.stringMatching(/^ClicksSchema/), 'Arn'] } } }],
      IcebergDestinationConfiguration: {
        AppendOnly: true,
        SchemaEvolution: { EnableSchemaEvolution: false },
        TableCreation: { EnableTableCreation: true },
        Catalog: { WarehouseLocation: TABLE_BUCKET },
        CompressionType: 'SNAPPY',
        DataFreshnessInSeconds: 600,
        DeadLetterQueueS3: { ErrorOutputPrefix: 'dead-letters/clicks/' },
        DestinationTableList: [{ DestinationDatabaseName: 'streaming', DestinationTableName: 'clicks', PartitionSpec: { PartitionStrategy: 'TIME_HOUR', SourceList: [{ SourceName: 'at' }] } }],
      },
    });
    expect(props.S3DestinationConfiguration).toBeUndefined();
  });

  test('the role may use the table bucket\'s tables and read the schema; a customer key adds s3tables:PutTableEncryption', () => {
    const { stack, cluster } = express();
    new DataDeliveryChannel(stack, 'Clicks', { cluster, topicName: 'clicks', destination: iceberg(stack) });
    const statements = policyOf(stack, 'ClicksAccess');
    const bucketLevel = statements.find((st) => Array.isArray(st.Action) && st.Action.includes('s3tables:CreateTable'))!;
    expect(bucketLevel.Resource).toEqual(TABLE_BUCKET);
    const tableLevel = statements.find((st) => Array.isArray(st.Action) && st.Action.includes('s3tables:PutTableData'))!;
    expect(tableLevel.Resource).toEqual(`${TABLE_BUCKET}/table/*`);
    expect(tableLevel.Action).not.toContain('s3tables:PutTableEncryption');
    const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions).toEqual(expect.arrayContaining(['glue:GetSchemaVersion', 'glue:GetSchema']));
  });

  test('a change of the settings fixed at creation is refused before the channel is touched; the guard ignores the table and the freshness', () => {
    const guardValue = (options: Partial<IcebergDeliveryOptions>, props: Partial<DataDeliveryChannelProps> = {}) => {
      const { stack, cluster } = express();
      new DataDeliveryChannel(stack, 'Clicks', { cluster, topicName: 'clicks', destination: iceberg(stack, options), ...props });
      const all = resources(stack);
      const [guardId, guard] = Object.entries(all).find(([, r]) => r.Type === 'Custom::MskUpdateGuard' && JSON.stringify(r.Properties).includes('table'))!;
      const [channel] = Object.values(all).filter((r) => r.Type === 'AWS::MSK::Channel');
      expect(channel.DependsOn).toContain(guardId);
      const settings = JSON.stringify(stack.resolve(guard.Properties.Settings));
      expect(settings).toContain('replaces');
      return settings;
    };
    const base = guardValue({});
    expect(guardValue({ compression: IcebergCompression.SNAPPY })).not.toBe(base);
    expect(guardValue({}, { dataFreshness: Duration.minutes(15) })).toBe(base);
  });
});

describe('monitoring', () => {
  test('alarms on freshness beyond twice the setting and on failed records; metrics in AWS/Kafka by cluster, channel and topic', () => {
    const { stack, cluster } = express();
    const channel = new DataDeliveryChannel(stack, 'Orders', { cluster, topicName: 'orders', dataFreshness: Duration.minutes(10), destination: DataDeliveryDestination.s3() });
    expect(channel.alarms.map((a) => a.node.id)).toEqual(['ChannelDataFreshnessAlarm', 'ChannelFailedRecordsAlarm']);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DeliveryToS3.DataFreshness', Namespace: 'AWS/Kafka', Threshold: 1200, Statistic: 'Maximum' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DeliveryToS3.FailedRecordCount', Threshold: 0, Statistic: 'Sum' });
    const dimensions = stack.resolve(channel.metricBytesOut().dimensions) as Record<string, unknown>;
    expect(Object.keys(dimensions).sort()).toEqual(['ChannelName', 'ClusterName', 'Topic']);
    expect(channel.metricBytesOut().metricName).toBe('DeliveryToS3.BytesOut');
  });

  test('Iceberg channels read the DeliveryToIceberg metrics', () => {
    const { stack, cluster } = express();
    const channel = new DataDeliveryChannel(stack, 'Clicks', { cluster, topicName: 'clicks', destination: iceberg(stack), alarms: { enabled: false } });
    expect(channel.alarms).toEqual([]);
    expect(channel.metricFailedRecords().metricName).toBe('DeliveryToIceberg.FailedRowCount');
    expect(channel.metricDataFreshness().metricName).toBe('DeliveryToIceberg.DataFreshness');
  });
});

describe('validation', () => {
  test('fails when the cluster has Standard brokers, or is serverless', () => {
    const { stack, cluster } = express(BrokerInstanceType.KAFKA_M7G_LARGE);
    expectValidationError(() => new DataDeliveryChannel(stack, 'Orders', { cluster, topicName: 'orders', destination: DataDeliveryDestination.s3() }),
      'DeliveryNotExpress', 'Express brokers only');
    const env = vpcStack();
    const serverless = new ServerlessCluster(env.stack, 'Spiky', { vpc: env.vpc });
    expectValidationError(() => new DataDeliveryChannel(env.stack, 'Orders', { cluster: serverless, topicName: 'orders', destination: DataDeliveryDestination.s3() }),
      'DeliveryServerless', 'not on MSK Serverless');
  });

  test('fails when the channel name, the topic or the data freshness is not what MSK takes', () => {
    const { stack, cluster } = express();
    const s3Destination = DataDeliveryDestination.s3();
    expectValidationError(() => new DataDeliveryChannel(stack, 'A', { cluster, topicName: 'orders', channelName: 'orders to s3', destination: s3Destination }),
      'DeliveryChannelNameInvalid', "'orders to s3'");
    expectValidationError(() => new DataDeliveryChannel(stack, 'B', { cluster, topicName: 'orders.*', destination: s3Destination }), 'DeliveryTopicInvalid', 'topicName');
    expectValidationError(() => new DataDeliveryChannel(stack, 'C', { cluster, topicName: 'orders', dataFreshness: Duration.minutes(4), destination: s3Destination }),
      'DeliveryFreshnessOutOfRange', '240 seconds');
    expectValidationError(() => new DataDeliveryChannel(stack, 'D', { cluster, topicName: 'orders', dataFreshness: Duration.minutes(16), destination: s3Destination }),
      'DeliveryFreshnessOutOfRange', '960 seconds');
  });

  test('fails when the dead-letter prefix is empty or has a space, or a key comes without its bucket', () => {
    const { stack, cluster } = express();
    const key = new kms.Key(stack, 'Key');
    expectValidationError(() => new DataDeliveryChannel(stack, 'A', { cluster, topicName: 'orders', deadLetterPrefix: '', destination: DataDeliveryDestination.s3() }),
      'DeliveryDeadLetterPrefixInvalid', "deadLetterPrefix: ''");
    expectValidationError(() => new DataDeliveryChannel(stack, 'B', { cluster, topicName: 'orders', deadLetterPrefix: 'dead letters/', destination: DataDeliveryDestination.s3() }),
      'DeliveryDeadLetterPrefixInvalid', 'dead letters/');
    expectValidationError(() => new DataDeliveryChannel(stack, 'C', {
      cluster, topicName: 'orders', deadLetterBucketKey: key, destination: DataDeliveryDestination.s3({ bucketKey: key }),
    }), 'DeliveryKeyWithoutBucket', 'bucketKey, deadLetterBucketKey');
  });

  test('fails when the key template breaks MSK\'s rules, naming each', () => {
    const { stack, cluster } = express();
    expectValidationError(() => new DataDeliveryChannel(stack, 'A', {
      cluster, topicName: 'orders', destination: DataDeliveryDestination.s3({ outputKeyTemplate: '!{yyyy}/!{MM}/' }),
    }), 'DeliveryKeyTemplateInvalid', 'exactly one of !{sequence-number} and !{kafka-offset}');
  });

  test.each([
    ['!{channel-id}/!{yyyy}/!{MM}/!{dd}/!{sequence-number}', []],
    ['topic=!{topic-name}/!{partition-id}/!{kafka-offset}', []],
    ['!{partition-id}-!{kafka-offset}', []],
    ['data/!{channel-id}/!{HH}/!{sequence-number}.json', []],
    ['!{yyyy}/!{MM}/', ["it must neither start nor end with '/'", 'it needs exactly one of !{sequence-number} and !{kafka-offset}, which make each key unique']],
    ['!{sequence-number}-!{kafka-offset}', ['it needs exactly one of !{sequence-number} and !{kafka-offset}, which make each key unique']],
    ['!{kafka-offset}', ['!{kafka-offset} needs !{partition-id} too']],
    ['!{sequence-number}/literal-tail', ['!{sequence-number} must be in the last path segment']],
    ['!{badvar}/!{sequence-number}', [expect.stringContaining('unknown variables !{badvar}')]],
    ['foo bar/!{sequence-number}', ['outside its variables it may only hold letters, digits and / _ - . + = (no spaces)']],
    ['a/../!{sequence-number}', ["it must not contain '..' or './'"]],
  ])('the key template %s: %j (MSK developer guide, "Output key template" examples and rules)', (template, problems) => {
    expect(keyProblems(undefined, template)).toEqual(problems);
  });

  test('fails when prefix and template together pass 1024 characters, or the prefix has a space', () => {
    expect(keyProblems('a'.repeat(1000), '!{partition-id}-!{kafka-offset}-'.padEnd(40, 'x'))).toContain('outputPrefix and outputKeyTemplate together are longer than 1024 characters');
    expect(keyProblems('raw data/', undefined)).toEqual(["outputPrefix 'raw data/' may only hold letters, digits and / _ - . + ="]);
  });

  test('fails when the Iceberg table names, the table bucket or the schema are not what MSK takes', () => {
    const { stack, cluster } = express();
    const avro = schemaIn(stack, SchemaFormat.avro());
    expectValidationError(() => new DataDeliveryChannel(stack, 'A', { cluster, topicName: 'clicks', destination: iceberg(stack, { schema: avro, namespace: 'Streaming' }) }),
      'DeliveryTableNameInvalid', "'Streaming'.'clicks'");
    expectValidationError(() => new DataDeliveryChannel(stack, 'B', { cluster, topicName: 'clicks', destination: iceberg(stack, { schema: avro }) }),
      'DeliverySchemaNotJson', 'a AVRO schema');
    expectValidationError(() => new DataDeliveryChannel(stack, 'C', { cluster, topicName: 'clicks', destination: iceberg(stack, { schema: avro, tableBucketArn: 'arn:aws:s3:::lake' }) }),
      'DeliveryTableBucketArnInvalid', 'not the ARN of an S3 table bucket');
    expectValidationError(() => new DataDeliveryChannel(stack, 'D', {
      cluster, topicName: 'clicks', destination: iceberg(stack, { schema: avro, tableBucketArn: 'arn:aws:s3tables:eu-west-1:123456789012:bucket/lake' }),
    }), 'DeliveryTableBucketElsewhere', "cluster's Region only");
  });

  test('warns when the channel name is fixed (a replacement would need it)', () => {
    const { stack, cluster } = express();
    new DataDeliveryChannel(stack, 'Orders', { cluster, topicName: 'orders', channelName: 'orders', destination: DataDeliveryDestination.s3() });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('DeliveryChannelNameFixed'));
    expect(warnings).toHaveLength(1);
  });

  test('warns for an imported cluster (Express unknown), a 5-minute Iceberg freshness, and a schema with added versions', () => {
    const { stack, cluster } = express();
    const imported = ProvisionedCluster.fromClusterAttributes(stack, 'Shared', {
      clusterArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/shared/0f3a2b1c-1111-2222-3333-444455556666-7',
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678')],
    });
    new DataDeliveryChannel(stack, 'FromShared', { cluster: imported, topicName: 'orders', destination: DataDeliveryDestination.s3() });
    const schema = schemaIn(stack);
    schema.addVersion('V2', CLICKS_SCHEMA.replace('"page"', '"url"'));
    new DataDeliveryChannel(stack, 'Clicks', { cluster, topicName: 'clicks', dataFreshness: Duration.minutes(5), destination: iceberg(stack, { schema }) });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => `${w.id} ${String(w.entry.data)}`);
    expect(warnings.filter((w) => w.includes('DeliveryExpressUnknown'))).toEqual([expect.stringMatching(/^\/Test\/FromShared /)]);
    expect(warnings.filter((w) => w.includes('DeliveryIcebergFastFreshness'))).toEqual([expect.stringContaining('2.4 MB/s')]);
    expect(warnings.filter((w) => w.includes('DeliverySchemaVersions'))).toEqual([expect.stringContaining('does not evolve an Iceberg table')]);
  });
});

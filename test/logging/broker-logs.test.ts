import { CfnParameter, RemovalPolicy, Stack, aws_ec2 as ec2, aws_kinesisfirehose as firehose, aws_logs as logs, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { BrokerLogs, ProvisionedCluster, ProvisionedClusterProps } from '../../src';
import { MAX_LOG_GROUPS_PER_POLICY } from '../../src/logging/log-delivery-policy';
import { errorOf } from '../util/errors';
import { testApp, vpcStack } from '../util/stacks';

/** Template JSON, as the assertions library types it. */
type ResourceJson = ReturnType<Template['findResources']>[string];

function synth(props: Partial<ProvisionedClusterProps> = {}, account?: string) {
  const { stack, vpc } = vpcStack(3, account);
  const cluster = new ProvisionedCluster(stack, 'Events', { vpc, ...props });
  return { stack, vpc, cluster, template: Template.fromStack(stack) };
}

function clusterResource(template: Template, id = 'Events'): ResourceJson {
  const clusters = Object.entries(template.findResources('AWS::MSK::Cluster')).filter(([logicalId]) => logicalId.startsWith(id));
  expect(clusters).toHaveLength(1);
  return clusters[0][1];
}

/**
 * The JSON policy document of the one AWS::Logs::ResourcePolicy, with each reference written as
 * `${LogicalId}` (or `${AWS::AccountId}`), so statements can be compared exactly.
 */
function deliveryPolicy(template: Template): { name: string; statements: unknown[] } {
  const policies = Object.values(template.findResources('AWS::Logs::ResourcePolicy'));
  expect(policies).toHaveLength(1);
  const render = (value: unknown): string => {
    if (typeof value === 'string') {
      return value;
    }
    const ref = (value as { Ref?: string }).Ref;
    if (ref) {
      return `\${${ref}}`;
    }
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    if (join) {
      return join[1].map(render).join(join[0]);
    }
    throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
  };
  const props = policies[0].Properties;
  return { name: props.PolicyName, statements: JSON.parse(render(props.PolicyDocument)).Statement };
}

const logStreams = (logGroup: string) => `arn:\${AWS::Partition}:logs:us-east-1:\${AWS::AccountId}:log-group:${logGroup}:log-stream:*`;

function deliveryStatement(resource: string | string[]) {
  return {
    Sid: 'AllowMskBrokerLogDelivery',
    Effect: 'Allow',
    Principal: { Service: 'delivery.logs.amazonaws.com' },
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: resource,
    Condition: {
      StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' },
      ArnLike: { 'aws:SourceArn': 'arn:${AWS::Partition}:logs:us-east-1:${AWS::AccountId}:*' },
    },
  };
}

/** The logical id of the one resource of `type` whose id is `prefix` plus the 8-character hash. */
function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** A Firehose stream defined in the stack (DirectPut, to S3). */
function directPutStream(stack: Stack): firehose.DeliveryStream {
  const bucket = new s3.Bucket(stack, 'FirehoseTarget');
  return new firehose.DeliveryStream(stack, 'Stream', { destination: new firehose.S3Bucket(bucket) });
}

describe('BrokerLogs.cloudWatch() with defaults', () => {
  const { template, stack } = synth({ brokerLogs: BrokerLogs.cloudWatch() });
  const logGroupId = logicalIdOf(template, 'AWS::Logs::LogGroup', 'EventsBrokerLogGroup');
  const keyId = logicalIdOf(template, 'AWS::KMS::Key', 'EventsBrokerLogGroupKey');

  test('delivers only to the new log group', () => {
    expect(clusterResource(template).Properties.LoggingInfo).toEqual({
      BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: { Ref: logGroupId } } },
    });
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('the log group keeps events for a year, is encrypted with its own key and is retained', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the key rotates, is retained, denies grants not for AWS resources and lets CloudWatch Logs use it for this account\'s log groups only', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        Description: 'Encrypts MSK broker logs in Test/Events/BrokerLogGroup',
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Sid: 'DenyGrantsNotForAwsResources', Effect: 'Deny', Action: 'kms:CreateGrant' }),
            {
              Sid: 'AllowCloudWatchLogsForThisAccount',
              Effect: 'Allow',
              Principal: { Service: 'logs.us-east-1.amazonaws.com' },
              Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
              Resource: '*',
              Condition: {
                ArnLike: {
                  'kms:EncryptionContext:aws:logs:arn': {
                    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:', { Ref: 'AWS::AccountId' }, ':log-group:*']],
                  },
                },
              },
            },
          ]),
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('one account-level resource policy per stack lets log delivery write to the log group\'s streams, for this account only', () => {
    expect(deliveryPolicy(template)).toEqual({
      name: 'Test-msk-broker-log-delivery',
      statements: [deliveryStatement(logStreams(`\${${logGroupId}}`))],
    });
    expect(stack.node.tryFindChild('CdkMskConstructsBrokerLogDelivery')).toBeDefined();
  });

  test('the cluster waits for the delivery policy', () => {
    const policyId = logicalIdOf(template, 'AWS::Logs::ResourcePolicy', 'CdkMskConstructsBrokerLogDeliveryResourcePolicy');
    expect(clusterResource(template).DependsOn).toEqual(expect.arrayContaining([policyId]));
  });
});

describe('BrokerLogs.cloudWatch() options', () => {
  test('retention sets the created log group\'s retention', () => {
    const { template } = synth({ brokerLogs: BrokerLogs.cloudWatch({ retention: logs.RetentionDays.TWO_YEARS }) });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });

  test('the cluster\'s removalPolicy applies to the log group and its key', () => {
    const { template } = synth({ brokerLogs: BrokerLogs.cloudWatch(), removalPolicy: RemovalPolicy.DESTROY });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    const key = template.findResources('AWS::KMS::Key', { Properties: { Description: 'Encrypts MSK broker logs in Test/Events/BrokerLogGroup' } });
    expect(Object.values(key).map((k) => k.DeletionPolicy)).toEqual(['Delete']);
  });

  test('an existing log group: nothing created, LoggingInfo names it, the delivery policy lists it', () => {
    const { stack, vpc } = vpcStack();
    const logGroup = new logs.LogGroup(stack, 'Own', { retention: logs.RetentionDays.ONE_MONTH });
    new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.cloudWatch({ logGroup }) });
    const template = Template.fromStack(stack);
    const ownId = logicalIdOf(template, 'AWS::Logs::LogGroup', 'Own');
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    expect(template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('broker logs') } })).toEqual({});
    expect(clusterResource(template).Properties.LoggingInfo).toEqual({ BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: { Ref: ownId } } } });
    expect(deliveryPolicy(template).statements).toEqual([deliveryStatement(logStreams(`\${${ownId}}`))]);
  });

  test('an imported log group is named literally', () => {
    const { stack, vpc } = vpcStack();
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Imported', '/msk/orders');
    new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.cloudWatch({ logGroup }) });
    const template = Template.fromStack(stack);
    expect(clusterResource(template).Properties.LoggingInfo).toEqual({ BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: '/msk/orders' } } });
    expect(deliveryPolicy(template).statements).toEqual([deliveryStatement(logStreams('/msk/orders'))]);
  });

  test('addDeliveryPolicy: false creates no resource policy and no dependency on one', () => {
    const { template } = synth({ brokerLogs: BrokerLogs.cloudWatch({ addDeliveryPolicy: false }) });
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    expect(clusterResource(template).DependsOn ?? []).toEqual([]);
  });

  test('every cluster of a stack shares one delivery policy; a shared log group is listed once', () => {
    const { stack, vpc } = vpcStack();
    const shared = logs.LogGroup.fromLogGroupName(stack, 'Shared', 'shared-broker-logs');
    new ProvisionedCluster(stack, 'A', { vpc, brokerLogs: BrokerLogs.cloudWatch() });
    new ProvisionedCluster(stack, 'B', { vpc, brokerLogs: BrokerLogs.cloudWatch({ logGroup: shared }) });
    new ProvisionedCluster(stack, 'C', { vpc, brokerLogs: BrokerLogs.cloudWatch({ logGroup: shared }) });
    const template = Template.fromStack(stack);
    const aLogGroup = logicalIdOf(template, 'AWS::Logs::LogGroup', 'ABrokerLogGroup');
    expect(deliveryPolicy(template).statements).toEqual([
      deliveryStatement([logStreams(`\${${aLogGroup}}`), logStreams('shared-broker-logs')]),
    ]);
    const policyId = logicalIdOf(template, 'AWS::Logs::ResourcePolicy', 'CdkMskConstructsBrokerLogDeliveryResourcePolicy');
    for (const id of ['A', 'B', 'C']) {
      expect(clusterResource(template, id).DependsOn).toEqual([policyId]);
    }
  });

  test('clusters in different stacks get one policy each, named after their stack', () => {
    const { app, stack, vpc } = vpcStack();
    new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.cloudWatch() });
    const other = new Stack(app, 'Other', { env: { region: 'us-east-1' } });
    const otherVpc = new ec2.Vpc(other, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 0 });
    new ProvisionedCluster(other, 'Events', { vpc: otherVpc, brokerLogs: BrokerLogs.cloudWatch() });
    expect(deliveryPolicy(Template.fromStack(stack)).name).toBe('Test-msk-broker-log-delivery');
    expect(deliveryPolicy(Template.fromStack(other)).name).toBe('Other-msk-broker-log-delivery');
  });

  test('_bind returns the created log group and no bucket', () => {
    const { stack } = vpcStack();
    const binding = BrokerLogs.cloudWatch()._bind(new Construct(stack, 'Scope'), RemovalPolicy.RETAIN);
    expect(binding.createdLogGroup).toBeInstanceOf(logs.LogGroup);
    expect(binding.createdBucket).toBeUndefined();
    expect(binding.dependencies).toHaveLength(1);
  });
});

describe('BrokerLogs.firehose()', () => {
  test('an imported stream: LoggingInfo names it, nothing is created, nothing to wait for', () => {
    const { stack, vpc } = vpcStack();
    const stream = firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'msk-broker-logs');
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.firehose(stream) });
    const template = Template.fromStack(stack);
    expect(clusterResource(template).Properties.LoggingInfo).toEqual({ BrokerLogs: { Firehose: { Enabled: true, DeliveryStream: 'msk-broker-logs' } } });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 0);
    expect(clusterResource(template).DependsOn ?? []).toEqual([]);
    expect(cluster.logBucket).toBeUndefined();
  });

  test('a stream defined in the app is tagged LogDeliveryEnabled=true, which the log delivery role requires', () => {
    const { stack, vpc } = vpcStack();
    const stream = directPutStream(stack);
    new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.firehose(stream) });
    const template = Template.fromStack(stack);
    const streamId = logicalIdOf(template, 'AWS::KinesisFirehose::DeliveryStream', 'Stream');
    expect(clusterResource(template).Properties.LoggingInfo).toEqual({
      BrokerLogs: { Firehose: { Enabled: true, DeliveryStream: { Ref: streamId } } },
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      Tags: [{ Key: 'LogDeliveryEnabled', Value: 'true' }],
    });
    // Only the stream is tagged, not its role or its target bucket.
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).not.toContain('LogDeliveryEnabled');
    expect(JSON.stringify(template.findResources('AWS::S3::Bucket'))).not.toContain('LogDeliveryEnabled');
  });
});

describe('BrokerLogs.combine()', () => {
  test('S3, CloudWatch Logs and Firehose at once: every destination in LoggingInfo, every policy waited for', () => {
    const { stack, vpc } = vpcStack();
    const stream = firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'msk-broker-logs');
    const cluster = new ProvisionedCluster(stack, 'Events', {
      vpc,
      brokerLogs: BrokerLogs.combine(BrokerLogs.firehose(stream), BrokerLogs.cloudWatch(), BrokerLogs.s3({ prefix: 'msk' })),
    });
    const template = Template.fromStack(stack);
    const bucketId = logicalIdOf(template, 'AWS::S3::Bucket', 'EventsBrokerLogBucket');
    const logGroupId = logicalIdOf(template, 'AWS::Logs::LogGroup', 'EventsBrokerLogGroup');
    const resource = clusterResource(template);
    expect(resource.Properties.LoggingInfo).toEqual({
      BrokerLogs: {
        S3: { Enabled: true, Bucket: { Ref: bucketId }, Prefix: 'msk' },
        CloudWatchLogs: { Enabled: true, LogGroup: { Ref: logGroupId } },
        Firehose: { Enabled: true, DeliveryStream: 'msk-broker-logs' },
      },
    });
    expect([...resource.DependsOn].sort()).toEqual([
      logicalIdOf(template, 'AWS::Logs::ResourcePolicy', 'CdkMskConstructsBrokerLogDeliveryResourcePolicy'),
      logicalIdOf(template, 'AWS::S3::BucketPolicy', 'EventsBrokerLogBucketPolicy'),
    ].sort());
    expect(cluster.logBucket).toBeDefined();
  });

  test('S3 and CloudWatch Logs: _bind returns both created destinations', () => {
    const { stack } = vpcStack();
    const binding = BrokerLogs.combine(BrokerLogs.s3(), BrokerLogs.cloudWatch())._bind(new Construct(stack, 'Scope'), RemovalPolicy.RETAIN);
    expect(binding.createdBucket).toBeInstanceOf(s3.Bucket);
    expect(binding.createdLogGroup).toBeInstanceOf(logs.LogGroup);
    expect(binding.dependencies).toHaveLength(2);
  });

  test('nested combinations are flattened', () => {
    const { template } = synth({ brokerLogs: BrokerLogs.combine(BrokerLogs.combine(BrokerLogs.s3()), BrokerLogs.combine(BrokerLogs.cloudWatch())) });
    expect(Object.keys(clusterResource(template).Properties.LoggingInfo.BrokerLogs).sort()).toEqual(['CloudWatchLogs', 'S3']);
  });

  test('combine of S3 alone renders exactly what BrokerLogs.s3() renders', () => {
    const single = clusterResource(synth({ brokerLogs: BrokerLogs.s3() }).template);
    const combined = clusterResource(synth({ brokerLogs: BrokerLogs.combine(BrokerLogs.s3()) }).template);
    expect(combined).toEqual(single);
  });
});

describe('BrokerLogs.s3() with a created bucket', () => {
  test('the bucket key lets log delivery use it for this account\'s log deliveries only (aws:SourceAccount and aws:SourceArn)', () => {
    const { template } = synth({ brokerLogs: BrokerLogs.s3() });
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    const statements = keys.flatMap((key) => key.Properties.KeyPolicy.Statement as Array<{ Sid?: string }>)
      .filter((statement) => statement.Sid === 'AllowBrokerLogDelivery');
    expect(statements).toEqual([{
      Sid: 'AllowBrokerLogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:', { Ref: 'AWS::AccountId' }, ':*']] } },
      },
    }]);
  });
});

describe('BrokerLogs validation', () => {
  test('fails when combine() gets no destination', () => {
    expect(errorOf(() => synth({ brokerLogs: BrokerLogs.combine() })))
      .toMatch(/1 problem in ProvisionedCluster 'Test\/Events':\n {2}- \[BrokerLogsNoDestination\] brokerLogs: BrokerLogs.combine\(\) was given no destination.* Fix: pass at least one of/);
  });

  test('fails when combine() gets two S3 destinations', () => {
    const bucket = (stack: Stack) => s3.Bucket.fromBucketName(stack, 'Other', 'other-bucket');
    const { stack, vpc } = vpcStack();
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.combine(BrokerLogs.s3(), BrokerLogs.s3({ bucket: bucket(stack) })) })))
      .toMatch(/\[BrokerLogsDuplicateDestination\] brokerLogs: BrokerLogs.combine\(\) has 2 BrokerLogs.s3\(\) destinations; MSK delivers broker logs to at most one S3 bucket, one log group and one Firehose stream. Fix: pass each kind of destination once./);
    // Nothing was created before the error.
    expect(stack.node.tryFindChild('Events')?.node.tryFindChild('BrokerLogBucket')).toBeUndefined();
  });

  test('fails when combine() gets two log groups and three streams, naming both', () => {
    const { stack, vpc } = vpcStack();
    const streams = ['a', 'b', 'c'].map((name) => BrokerLogs.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, name, name)));
    const message = errorOf(() => new ProvisionedCluster(stack, 'Events', {
      vpc,
      brokerLogs: BrokerLogs.combine(BrokerLogs.cloudWatch(), ...streams, BrokerLogs.cloudWatch()),
    }));
    expect(message).toContain('has 2 BrokerLogs.cloudWatch() destinations and 3 BrokerLogs.firehose() destinations;');
  });

  test('fails when cloudWatch() gets both logGroup and retention', () => {
    const { stack, vpc } = vpcStack();
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Imported', 'my-logs');
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.cloudWatch({ logGroup, retention: logs.RetentionDays.ONE_WEEK }) })))
      .toMatch(/\[LogGroupWithRetention\] brokerLogs: BrokerLogs.cloudWatch\(\) got both logGroup 'Test\/Imported' and retention; .* Fix: remove retention and set it on your log group, or remove logGroup./);
  });

  test('fails when the log group is in another Region', () => {
    const { stack, vpc } = vpcStack();
    const logGroup = logs.LogGroup.fromLogGroupArn(stack, 'Imported', 'arn:aws:logs:eu-west-1:111111111111:log-group:my-logs:*');
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.cloudWatch({ logGroup }) })))
      .toMatch(/\[LogGroupOtherEnvironment\] brokerLogs: log group 'Test\/Imported' is in Region eu-west-1 \(cluster: us-east-1\); .* Fix: use a log group there/);
  });

  test('fails when the log group is in another account (both accounts known)', () => {
    const { stack, vpc } = vpcStack(3, '222222222222');
    const logGroup = logs.LogGroup.fromLogGroupArn(stack, 'Imported', 'arn:aws:logs:us-east-1:111111111111:log-group:my-logs:*');
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.cloudWatch({ logGroup }) })))
      .toMatch(/\[LogGroupOtherEnvironment\] brokerLogs: log group 'Test\/Imported' is in account 111111111111 \(cluster: 222222222222\);/);
  });

  test('does not compare an environment-agnostic account or a token ARN', () => {
    const { stack, vpc } = vpcStack();
    const cross = logs.LogGroup.fromLogGroupArn(stack, 'Cross', 'arn:aws:logs:us-east-1:111111111111:log-group:my-logs:*');
    expect(() => new ProvisionedCluster(stack, 'A', { vpc, brokerLogs: BrokerLogs.cloudWatch({ logGroup: cross }) })).not.toThrow();
    const arn = new CfnParameter(stack, 'LogGroupArn').valueAsString;
    const tokenGroup = logs.LogGroup.fromLogGroupArn(stack, 'Token', arn);
    expect(() => new ProvisionedCluster(stack, 'B', { vpc, brokerLogs: BrokerLogs.cloudWatch({ logGroup: tokenGroup }) })).not.toThrow();
  });

  test('fails when firehose() gets no stream', () => {
    expect(errorOf(() => synth({ brokerLogs: BrokerLogs.firehose(undefined as unknown as firehose.IDeliveryStream) })))
      .toMatch(/\[DeliveryStreamMissing\] brokerLogs: BrokerLogs.firehose\(\) was given no delivery stream. Fix: pass an existing stream/);
  });

  test('fails when the stream is in another Region', () => {
    const { stack, vpc } = vpcStack();
    const stream = firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Stream', 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/logs');
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.firehose(stream) })))
      .toMatch(/\[DeliveryStreamOtherEnvironment\] brokerLogs: Firehose stream 'Test\/Stream' is in Region eu-west-1 \(cluster: us-east-1\); .* Fix: use a delivery stream there./);
  });

  test('fails when the stream reads from a Kinesis data stream (not DirectPut)', () => {
    const { stack, vpc } = vpcStack();
    const stream = directPutStream(stack);
    (stream.node.defaultChild as firehose.CfnDeliveryStream).deliveryStreamType = 'KinesisStreamAsSource';
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.firehose(stream) })))
      .toMatch(/\[DeliveryStreamNotDirectPut\] brokerLogs: Firehose stream 'Test\/Stream' has DeliveryStreamType KinesisStreamAsSource; .* Fix: use a stream without a source \(DirectPut\)./);
  });

  test('fails with every problem at once', () => {
    const { stack, vpc } = vpcStack();
    const logGroup = logs.LogGroup.fromLogGroupArn(stack, 'Imported', 'arn:aws:logs:eu-west-1:111111111111:log-group:my-logs:*');
    const message = errorOf(() => new ProvisionedCluster(stack, 'Events', {
      vpc,
      brokerLogs: BrokerLogs.combine(BrokerLogs.s3(), BrokerLogs.s3(), BrokerLogs.cloudWatch({ logGroup, retention: logs.RetentionDays.ONE_DAY })),
    }));
    expect(message).toMatch(/3 problems in ProvisionedCluster 'Test\/Events'/);
    for (const id of ['BrokerLogsDuplicateDestination', 'LogGroupWithRetention', 'LogGroupOtherEnvironment']) {
      expect(message).toContain(`[${id}]`);
    }
  });

  test(`a full delivery policy (${MAX_LOG_GROUPS_PER_POLICY} long log group names) fits the 5120-character limit`, () => {
    const app = testApp();
    const stack = new Stack(app, 'S'.repeat(128), { env: { region: 'us-gov-west-1', account: '123456789012' } });
    for (let i = 1; i <= MAX_LOG_GROUPS_PER_POLICY; i++) {
      // A generated name: the stack name, the logical id and a random suffix, 200 characters in all.
      const name = `${stack.stackName}-${'L'.repeat(58)}-${String(i).padStart(12, '0')}`;
      expect(name).toHaveLength(200);
      BrokerLogs.cloudWatch({ logGroup: logs.LogGroup.fromLogGroupName(stack, `L${i}`, name) })._bind(new Construct(stack, `C${i}`), RemovalPolicy.RETAIN);
    }
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::Logs::ResourcePolicy'))[0];
    const join = policy.Properties.PolicyDocument['Fn::Join'] as [string, unknown[]];
    const rendered = join[1].map((part) => (typeof part === 'string' ? part : 'aws-us-gov')).join('');
    expect(rendered.length).toBeLessThanOrEqual(5120);
  });

  test(`fails when one stack's delivery policy would list more than ${MAX_LOG_GROUPS_PER_POLICY} log groups`, () => {
    const { stack } = vpcStack();
    const bind = (i: number) => BrokerLogs.cloudWatch({ logGroup: logs.LogGroup.fromLogGroupName(stack, `L${i}`, `logs-${i}`) })
      ._bind(new Construct(stack, `Cluster${i}`), RemovalPolicy.RETAIN);
    for (let i = 1; i <= MAX_LOG_GROUPS_PER_POLICY; i++) {
      bind(i);
    }
    const message = errorOf(() => bind(MAX_LOG_GROUPS_PER_POLICY + 1));
    expect(message).toContain(`1 problem in ProvisionedCluster 'Test/Cluster${MAX_LOG_GROUPS_PER_POLICY + 1}':`);
    expect(message).toContain(`[LogDeliveryPolicyFull] brokerLogs: stack 'Test' would deliver broker logs to ${MAX_LOG_GROUPS_PER_POLICY + 1} log groups`);
    expect(message).toContain('Fix: put further clusters in another stack');
    expect(message).toContain('addDeliveryPolicy: false');
    // A log group already listed does not count again.
    expect(() => BrokerLogs.cloudWatch({ logGroup: logs.LogGroup.fromLogGroupName(stack, 'Again', 'logs-1') })
      ._bind(new Construct(stack, 'Again1'), RemovalPolicy.RETAIN)).not.toThrow();
  });
});

import { Annotations as CoreAnnotations, Duration, RemovalPolicy, Stack, aws_ec2 as ec2, aws_s3 as s3 } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';
import { ClientAuthentication, ProvisionedCluster, ServerlessCluster } from '../../src';
import { createManagedKey } from '../../src/encryption/cluster-key';
import { KafkaFlinkApplication, KafkaFlinkApplicationProps } from '../../src/integrations/flink/flink-application';
import { FlinkMetricsLevel, FlinkRuntime } from '../../src/integrations/flink/flink-runtime';
import { errorOf } from '../util/errors';
import { vpcStack } from '../util/stacks';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

type Overrides = Partial<Omit<KafkaFlinkApplicationProps, 'cluster' | 'codeBucket'>>;

/** A provisioned cluster and a Flink application reading `clickstream`, writing `metrics`. */
function synth(overrides: Overrides = {}) {
  const { stack, vpc } = vpcStack();
  const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
  const codeBucket = s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts');
  const app = new KafkaFlinkApplication(stack, 'Analytics', {
    cluster, codeBucket, codeKey: 'analytics-1.0.jar', sourceTopic: 'clickstream', consumerGroup: 'analytics', sinkTopic: 'metrics', ...overrides,
  });
  return { stack, vpc, cluster, app, template: Template.fromStack(stack) };
}

/** The statements of the application's managed policy, as JSON text. */
function policyText(template: Template): string {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes('AnalyticsRole'));
  expect(policies).toHaveLength(1);
  return JSON.stringify(policies[0].Properties.PolicyDocument);
}

/** Builds an application with the overrides in a fresh stack and returns the error text. */
function problems(overrides: Overrides): string {
  return errorOf(() => synth(overrides));
}


/** The key-policy statements of the `StateKey` key for the Flink service principals. */
function flinkKeyStatements(template: Template): Array<Record<string, any>> {
  const key = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) => id.startsWith('StateKey'))![1];
  const statements = key.Properties.KeyPolicy.Statement as Array<Record<string, any>>;
  return statements.filter((s) => JSON.stringify(s.Principal ?? '').includes('kinesisanalytics'));
}

/**
 * The service-principal statements of the Managed Service for Apache Flink developer guide ("Managing CMK
 * using APIs"), for one application ARN; `operator` compares the values that name the application.
 */
function documentedKeyPolicy(p: { arn: unknown; operator: 'StringEquals' | 'StringLike' }): unknown[] {
  const account = { Ref: 'AWS::AccountId' };
  const context = { 'kms:EncryptionContext:aws:kinesisanalytics:arn': p.arn };
  const when = (exact: Record<string, unknown>, naming: Record<string, unknown>) => (p.operator === 'StringEquals'
    ? { StringEquals: { ...exact, ...naming } }
    : { ...(Object.keys(exact).length > 0 ? { StringEquals: exact } : {}), StringLike: naming });
  const service = 'kinesisanalytics.amazonaws.com';
  const infrastructure = 'infrastructure.kinesisanalytics.amazonaws.com';
  const statement = (Sid: string, principals: string | string[], Action: string | string[], Condition: unknown) =>
    ({ Sid, Effect: 'Allow', Principal: { Service: principals }, Action, Resource: '*', Condition });
  return [
    statement('AllowManagedFlinkToDescribeKey', [service, infrastructure], 'kms:DescribeKey', when({ 'aws:SourceAccount': account }, { 'aws:SourceArn': p.arn })),
    statement('AllowManagedFlinkToGenerateDataKeyForDurableState', service, 'kms:GenerateDataKey',
      when({ 'aws:SourceAccount': account }, { 'aws:SourceArn': p.arn, ...context })),
    statement('AllowManagedFlinkToDecryptForDurableState', service, 'kms:Decrypt', when({}, context)),
    statement('AllowManagedFlinkToUseKeyForRunningState', infrastructure, ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'], when({}, context)),
    statement('AllowManagedFlinkToCreateGrantForRunningState', infrastructure, 'kms:CreateGrant', {
      ...when({ 'kms:GrantConstraintType': 'EncryptionContextSubset' }, context),
      'ForAllValues:StringEquals': { 'kms:GrantOperations': 'Decrypt' },
    }),
  ];
}

describe('KafkaFlinkApplication defaults', () => {
  const { template, app } = synth();

  test('Flink 1.20 from the S3 object, checkpoints and snapshots on, rollback on, in the cluster subnets', () => {
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationConfiguration: Match.objectLike({
        ApplicationCodeConfiguration: {
          CodeContentType: 'ZIPFILE',
          CodeContent: { S3ContentLocation: { BucketARN: Match.anyValue(), FileKey: 'analytics-1.0.jar' } },
        },
        ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
        ApplicationSystemRollbackConfiguration: { RollbackEnabled: true },
        ApplicationEncryptionConfiguration: Match.absent(),
        FlinkApplicationConfiguration: {
          CheckpointConfiguration: { ConfigurationType: 'CUSTOM', CheckpointingEnabled: true, CheckpointInterval: 60000, MinPauseBetweenCheckpoints: 5000 },
          ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: 1, ParallelismPerKPU: 1, AutoScalingEnabled: true },
          MonitoringConfiguration: { ConfigurationType: 'CUSTOM', LogLevel: 'INFO', MetricsLevel: 'APPLICATION' },
        },
        VpcConfigurations: [{
          SubnetIds: [
            { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') },
            { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') },
            { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet3') },
          ],
          SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AnalyticsSecurityGroup'), 'GroupId'] }],
        }],
      }),
    });
  });

  test('the KafkaConfig property group carries the IAM bootstrap brokers, topics, group and SASL/IAM settings', () => {
    const application = Object.values(template.findResources('AWS::KinesisAnalyticsV2::Application'))[0];
    const groups = application.Properties.ApplicationConfiguration.EnvironmentProperties.PropertyGroups;
    expect(groups).toEqual([{
      PropertyGroupId: 'KafkaConfig',
      PropertyMap: {
        'bootstrap.servers': { 'Fn::GetAtt': [expect.stringMatching(/^ClusterBootstrapBrokers/), 'BootstrapBrokerStringSaslIam'] },
        'source.topic': 'clickstream',
        'group.id': 'analytics',
        'sink.topic': 'metrics',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'AWS_MSK_IAM',
        'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
        'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
      },
    }]);
    expect(KafkaFlinkApplication.KAFKA_PROPERTY_GROUP_ID).toBe('KafkaConfig');
  });

  test('the role trusts only the Flink service of this account; its grants sit in a managed policy, never inline', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Principal: { Service: 'kinesisanalytics.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }],
      },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('least privilege: consume clickstream as analytics, produce metrics, read the code object, ENIs, own log stream', () => {
    const text = policyText(template);
    expect(text).toMatch(/"kafka-cluster:DescribeTopic","kafka-cluster:ReadData"\].*?\/clickstream"/);
    expect(text).toMatch(/"kafka-cluster:DescribeTopic","kafka-cluster:WriteData"\].*?\/metrics"/);
    expect(text).toContain('/analytics"');
    expect(text).not.toContain('kafka-cluster:AlterTopic');
    expect(text).not.toContain('transactional-id');
    expect(text).toContain(':s3:::flink-artifacts/analytics-1.0.jar');
    expect(text).not.toMatch(/s3:(List|GetBucket|\*)/);
    expect(text).toContain('"ec2:CreateNetworkInterface"');
    expect(text).toContain('network-interface/*');
    expect(text).toContain('logs:PutLogEvents');
  });

  test('the brokers allow the application group on the IAM port, and the group may only reach them', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 9098,
      ToPort: 9098,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AnalyticsSecurityGroup'), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      IpProtocol: 'tcp',
      FromPort: 9098,
      ToPort: 9098,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AnalyticsSecurityGroup'), 'GroupId'] },
    });
    // No inline egress (not even 0.0.0.0/0): the one rule above is all the group may reach.
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Managed Service for Apache Flink application Test/Analytics',
      SecurityGroupEgress: Match.absent(),
    });
    expect(Object.keys(template.findResources('AWS::EC2::SecurityGroupEgress'))).toHaveLength(1);
    expect(app.connections.securityGroups).toHaveLength(1);
  });

  test('logs go to a KMS-encrypted log group kept one year; the logging option names its stream', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AnalyticsLogGroupKey'), 'Arn'] },
      RetentionInDays: 365,
    });
    template.resourceCountIs('AWS::Logs::LogStream', 1);
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption', {
      ApplicationName: { Ref: Match.stringLikeRegexp('^Analytics') },
      CloudWatchLoggingOption: { LogStreamARN: Match.anyValue() },
    });
    expect(app.logGroup).toBeDefined();
  });

  test('the application, log group and key are retained; the application waits for its policy', () => {
    template.hasResource('AWS::KinesisAnalyticsV2::Application', {
      DeletionPolicy: 'Retain',
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^AnalyticsAccessPolicy')]),
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });
});

describe('KafkaFlinkApplication options', () => {
  test('runtime, name, parallelism, checkpoint timing, metrics level and extra property groups are used as given', () => {
    const { template } = synth({
      runtime: FlinkRuntime.FLINK_2_2,
      applicationName: 'clickstream-analytics',
      parallelism: 8,
      parallelismPerKpu: 2,
      autoScaling: false,
      checkpointInterval: Duration.seconds(30),
      minPauseBetweenCheckpoints: Duration.seconds(10),
      metricsLevel: FlinkMetricsLevel.OPERATOR,
      propertyGroups: { Windows: { 'window.seconds': '60' } },
    });
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationName: 'clickstream-analytics',
      RuntimeEnvironment: 'FLINK-2_2',
      ApplicationConfiguration: Match.objectLike({
        FlinkApplicationConfiguration: Match.objectLike({
          CheckpointConfiguration: Match.objectLike({ CheckpointInterval: 30000, MinPauseBetweenCheckpoints: 10000 }),
          ParallelismConfiguration: Match.objectLike({ Parallelism: 8, ParallelismPerKPU: 2, AutoScalingEnabled: false }),
          MonitoringConfiguration: Match.objectLike({ MetricsLevel: 'OPERATOR' }),
        }),
        EnvironmentProperties: { PropertyGroups: [Match.objectLike({ PropertyGroupId: 'KafkaConfig' }), { PropertyGroupId: 'Windows', PropertyMap: { 'window.seconds': '60' } }] },
      }),
    });
  });

  test('a customer-managed key encrypts application storage; its policy lets both Flink service principals use it', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
    const encryptionKey = createManagedKey(stack, 'StateKey', { description: 'Flink state', removalPolicy: RemovalPolicy.RETAIN });
    new KafkaFlinkApplication(stack, 'Analytics', {
      cluster, codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'), codeKey: 'a.jar', sourceTopic: 'clickstream', consumerGroup: 'analytics', encryptionKey,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationConfiguration: Match.objectLike({
        ApplicationEncryptionConfiguration: { KeyType: 'CUSTOMER_MANAGED_KEY', KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StateKey'), 'Arn'] } },
      }),
    });
    // The application name is generated, so the key policy matches any application of the account and Region (a reference would be a cycle).
    expect(flinkKeyStatements(template)).toEqual(documentedKeyPolicy({
      arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kinesisanalytics:us-east-1:', { Ref: 'AWS::AccountId' }, ':application/*']] },
      operator: 'StringLike',
    }));
  });

  test('with applicationName the key policy names exactly that application, with StringEquals, as the Flink CMK page documents', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
    const encryptionKey = createManagedKey(stack, 'StateKey', { description: 'Flink state', removalPolicy: RemovalPolicy.RETAIN });
    new KafkaFlinkApplication(stack, 'Analytics', {
      cluster,
      codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'),
      codeKey: 'a.jar',
      sourceTopic: 'clickstream',
      consumerGroup: 'analytics',
      encryptionKey,
      applicationName: 'clickstream-analytics',
    });
    const statements = flinkKeyStatements(Template.fromStack(stack));
    expect(statements).toEqual(documentedKeyPolicy({
      arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kinesisanalytics:us-east-1:', { Ref: 'AWS::AccountId' }, ':application/clickstream-analytics']] },
      operator: 'StringEquals',
    }));
    const actions = JSON.stringify(statements.map((s) => s.Action));
    expect(actions).not.toMatch(/kms:Encrypt|kms:ReEncrypt/);
  });

  test('a KMS-encrypted code bucket: the role may decrypt with the bucket key', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
    const key = createManagedKey(stack, 'CodeKey', { description: 'code', removalPolicy: RemovalPolicy.RETAIN });
    const codeBucket = s3.Bucket.fromBucketAttributes(stack, 'Code', { bucketName: 'flink-artifacts', encryptionKey: key });
    new KafkaFlinkApplication(stack, 'Analytics', { cluster, codeBucket, codeKey: 'a.jar', sourceTopic: 'clickstream', consumerGroup: 'analytics' });
    expect(policyText(Template.fromStack(stack))).toMatch(/"Action":"kms:Decrypt".*?"CodeKey/);
  });

  test('an exactly-once sink gets transactional ids with its prefix, and the prefix reaches the code', () => {
    const { template } = synth({ sinkTransactionalIdPrefix: 'analytics-tx' });
    const text = policyText(template);
    expect(text).toContain('kafka-cluster:AlterTransactionalId');
    expect(text).toContain('/analytics-tx*');
    expect(JSON.stringify(template.findResources('AWS::KinesisAnalyticsV2::Application'))).toContain('"sink.transactional.id.prefix":"analytics-tx"');
  });

  test('logging: false creates no log group, stream, option or log permissions', () => {
    const { template, app } = synth({ logging: false });
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.resourceCountIs('AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption', 0);
    expect(policyText(template)).not.toContain('logs:');
    expect(app.logGroup).toBeUndefined();
  });

  test('an imported cluster with vpc and vpcSubnets: the given subnets, the brokers\' group opened', () => {
    const { stack, vpc } = vpcStack();
    const brokers = new ec2.SecurityGroup(stack, 'Brokers', { vpc });
    const cluster = ProvisionedCluster.fromClusterAttributes(stack, 'Imported', {
      clusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7',
      securityGroups: [brokers],
      bootstrapBrokers: 'b-1.events:9098',
    });
    new KafkaFlinkApplication(stack, 'Analytics', {
      cluster,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true },
      codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'),
      codeKey: 'a.jar',
      sourceTopic: 'clickstream',
      consumerGroup: 'analytics',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 9098, GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Brokers'), 'GroupId'] },
    });
    expect(JSON.stringify(template.findResources('AWS::KinesisAnalyticsV2::Application'))).toContain('b-1.events:9098');
  });

  test('a serverless cluster works like a provisioned one', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Spiky', { vpc });
    new KafkaFlinkApplication(stack, 'Analytics', {
      cluster, codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'), codeKey: 'a.jar', sourceTopic: 'clickstream', consumerGroup: 'analytics',
    });
    Template.fromStack(stack).resourceCountIs('AWS::KinesisAnalyticsV2::Application', 1);
  });
});

describe('KafkaFlinkApplication validation', () => {
  test('fails when the cluster does not enable IAM authentication', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc, clientAuthentication: ClientAuthentication.scram() });
    const error = errorOf(() => new KafkaFlinkApplication(stack, 'Analytics', {
      cluster, codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'), codeKey: 'a.jar', sourceTopic: 'clickstream', consumerGroup: 'analytics',
    }));
    expect(error).toContain('[FlinkClusterWithoutIam]');
    expect(error).toContain("KafkaFlinkApplication 'Test/Analytics'");
  });

  test('fails when an imported cluster comes without vpc and vpcSubnets', () => {
    const stack = new Stack(undefined, 'Test', { env: { region: 'us-east-1' } });
    const cluster = ProvisionedCluster.fromClusterArn(stack, 'Imported', 'arn:aws:kafka:us-east-1:111111111111:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7');
    const error = errorOf(() => new KafkaFlinkApplication(stack, 'Analytics', {
      cluster, codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'), codeKey: 'a.jar', sourceTopic: 'clickstream', consumerGroup: 'analytics',
    }));
    expect(error).toContain('[FlinkImportedClusterNeedsNetwork] vpc, vpcSubnets:');
  });

  test('fails on bad parallelism, name, topic, group and an empty code key, reporting every problem at once', () => {
    const error = problems({
      parallelism: 0,
      parallelismPerKpu: 1.5,
      applicationName: 'bad name!',
      sinkTopic: 'metrics/1',
      consumerGroup: '',
      codeKey: '',
      checkpointInterval: Duration.millis(0),
      runtime: FlinkRuntime.of('SQL-1_0'),
    });
    expect(error).toContain('8 problems');
    for (const id of ['FlinkParallelismInvalid', 'FlinkParallelismPerKpuInvalid', 'FlinkApplicationNameInvalid', 'FlinkSinkTopicInvalid',
      'FlinkConsumerGroupInvalid', 'FlinkCodeKeyEmpty', 'FlinkCheckpointIntervalInvalid', 'FlinkRuntimeNotFlink']) {
      expect(error).toContain(`[${id}]`);
    }
    expect(error).toContain("applicationName: 'bad name!' is invalid");
  });

  test('fails when propertyGroups reuse KafkaConfig, use a bad id, or hold too many groups or properties', () => {
    const tooManyProperties = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const tooManyGroups = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`g${i}`, { k: 'v' }]));
    expect(problems({ propertyGroups: { KafkaConfig: { a: 'b' } } })).toContain('[FlinkPropertyGroupReserved]');
    expect(problems({ propertyGroups: { 'has space': { a: 'b' } } })).toContain('[FlinkPropertyGroupIdInvalid]');
    expect(problems({ propertyGroups: { big: tooManyProperties } })).toContain('[FlinkTooManyProperties]');
    expect(problems({ propertyGroups: tooManyGroups })).toContain('[FlinkTooManyPropertyGroups] propertyGroups: 50 groups');
    expect(problems({ propertyGroups: { g: { k: '' } } })).toContain('[FlinkPropertyLength]');
  });

  test('fails when a transactional id prefix is invalid, or given without a sink topic', () => {
    expect(problems({ sinkTransactionalIdPrefix: 'tx/1' })).toContain("[FlinkTransactionalIdPrefixInvalid] sinkTransactionalIdPrefix: 'tx/1'");
    expect(problems({ sinkTopic: undefined, sinkTransactionalIdPrefix: 'tx' })).toContain('[FlinkTransactionalIdPrefixWithoutSink]');
  });

  test('warns when the KPUs exceed the default quota, for costly metrics, and when the sink is the source', () => {
    const { app } = synth({ parallelism: 130, parallelismPerKpu: 2, metricsLevel: FlinkMetricsLevel.PARALLELISM, sinkTopic: 'clickstream' });
    const warnings = Annotations.fromStack(Stack.of(app)).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings.join('\n')).toMatch(/need 65 KPUs, above the default quota of 64.*cdk-msk-constructs:FlinkKpusAboveDefaultQuota/);
    expect(warnings.join('\n')).toContain('cdk-msk-constructs:FlinkParallelismMetricsCostly');
    expect(warnings.join('\n')).toContain('cdk-msk-constructs:FlinkSinkIsSource');
  });

  test('a fixed applicationName warns with FlinkApplicationNameFixed, naming the replacement and the fix; the default name gives none', () => {
    const fixedName = (overrides: Overrides) => Annotations.fromStack(synth(overrides).stack)
      .findWarning('*', Match.stringLikeRegexp('FlinkApplicationNameFixed')).map((w) => String(w.entry.data));
    expect(fixedName({ applicationName: 'clickstream-analytics' })).toEqual([expect.stringMatching(
      /^applicationName: 'clickstream-analytics' is fixed, .*replaces the AWS::KinesisAnalyticsV2::Application, .*snapshots.*Fix: omit applicationName/)]);
    expect(fixedName({})).toEqual([]);
  });

  test('acknowledging FlinkApplicationNameFixed keeps the name, and the key policy naming exactly that application', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
    const encryptionKey = createManagedKey(stack, 'StateKey', { description: 'Flink state', removalPolicy: RemovalPolicy.RETAIN });
    const app = new KafkaFlinkApplication(stack, 'Analytics', {
      cluster,
      codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'),
      codeKey: 'a.jar',
      sourceTopic: 'clickstream',
      consumerGroup: 'analytics',
      encryptionKey,
      applicationName: 'clickstream-analytics',
    });
    CoreAnnotations.of(app).acknowledgeWarning('cdk-msk-constructs:FlinkApplicationNameFixed', 'the key policy names the application');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('FlinkApplicationNameFixed'));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', { ApplicationName: 'clickstream-analytics' });
    const arns = flinkKeyStatements(template).map((st) => JSON.stringify(st.Condition));
    expect(arns.every((c) => c.includes(':application/clickstream-analytics') && !c.includes('StringLike'))).toBe(true);
  });

  test('a warning can be acknowledged', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
    const app = new KafkaFlinkApplication(stack, 'Analytics', {
      cluster, codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'), codeKey: 'a.jar', sourceTopic: 'clickstream', consumerGroup: 'analytics', sinkTopic: 'clickstream',
    });
    CoreAnnotations.of(app).acknowledgeWarning('cdk-msk-constructs:FlinkSinkIsSource', 'enrichment loop by design');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('FlinkSinkIsSource'));
  });
});

describe('KafkaFlinkApplication passes the validator wall', () => {
  const app = wallApp();
  const stack = new Stack(app, 'Analytics', { env: { region: 'us-east-1' } });
  const { vpc } = new CompliantVpc(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
  const encryptionKey = createManagedKey(stack, 'StateKey', { description: 'Flink state', removalPolicy: RemovalPolicy.RETAIN });
  const flink = new KafkaFlinkApplication(stack, 'Flink', {
    cluster,
    codeBucket: s3.Bucket.fromBucketName(stack, 'Code', 'flink-artifacts'),
    codeKey: 'a.jar',
    sourceTopic: 'clickstream',
    consumerGroup: 'analytics',
    sinkTopic: 'metrics',
    encryptionKey,
  });
  const wall = runValidatorWall(app);

  test('no error findings: built-in CloudFormation validation, six cdk-nag packs, cfn-guard', () => {
    expect(formatFindings(wall.errors)).toEqual([]);
  });

  test('only wildcard resources of the policy are acknowledged, one by one', () => {
    const acknowledged = flink.node.findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => Object.keys(m.data as object)))
      .flat()
      .map((id) => id.replace(/^Annotation::/, ''));
    expect(acknowledged.sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:us-east-1:<AWS::AccountId>:network-interface/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:<AWS::AccountId>:log-group:*]',
    ]);
  });

  test('no warnings on the application', () => {
    expect(formatFindings(wall.warnings.filter((f) => f.resource.startsWith('Analytics/Flink')))).toEqual([]);
  });
});

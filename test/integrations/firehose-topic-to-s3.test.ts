import { Duration, Size, Stack, aws_cloudwatch_actions as actions, aws_kms as kms, aws_s3 as s3, aws_sns as sns } from 'aws-cdk-lib';
import { Annotations as Found, Match, Template } from 'aws-cdk-lib/assertions';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';
import { ClientAuthentication, ProvisionedCluster, ServerlessCluster } from '../../src';
import { DeliveryCompression, FirehoseConnectivity, TopicStartPosition, TopicToS3, TopicToS3Props } from '../../src/integrations/firehose/firehose-topic-to-s3';
import { errorOf } from '../util/errors';
import { alarmCount, expectActions, expectAlarm } from '../util/integration-alarms';
import { vpcStack } from '../util/stacks';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

const IMPORTED_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7';
/** Firehose documents CreateVpcConnection alone for its service principal ("Configure source settings for Amazon MSK"). */
const VPC_CONNECTION_ACTIONS = 'kafka:CreateVpcConnection';

/** A stack with a provisioned cluster that has multi-VPC IAM on (unless `multiVpc` is false). */
function clusterStack(multiVpc = true, clientAuthentication?: ClientAuthentication) {
  const { stack, vpc } = vpcStack();
  const cluster = new ProvisionedCluster(stack, 'Cluster', {
    vpc,
    clientAuthentication,
    multiVpcConnectivity: multiVpc ? { iam: true } : undefined,
  });
  return { stack, vpc, cluster };
}

function delivery(extra: Partial<TopicToS3Props> = {}) {
  const { stack, cluster } = clusterStack();
  const toS3 = new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream', ...extra });
  return { stack, cluster, toS3, template: Template.fromStack(stack) };
}

function hasWarning(stack: Stack, id: string): boolean {
  return Found.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: cdk-msk-constructs:${id}\\]`)).length > 0;
}

describe('TopicToS3', () => {
  test('reads the topic from the cluster over PRIVATE connectivity and writes hourly partitioned GZIP objects with the data lake key', () => {
    const { template, toS3 } = delivery();
    const stream = template.findResources('AWS::KinesisFirehose::DeliveryStream');
    expect(Object.keys(stream)).toHaveLength(1);
    const dataLakeKey = Stack.of(toS3).resolve(toS3.dataLake!.encryptionKey.keyArn);
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'MSKAsSource',
      MSKSourceConfiguration: {
        MSKClusterARN: { Ref: Match.stringLikeRegexp('^Cluster') },
        TopicName: 'clickstream',
        AuthenticationConfiguration: { Connectivity: 'PRIVATE', RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClicksRole'), 'Arn'] } },
        ReadFromTimestamp: Match.absent(),
      },
      ExtendedS3DestinationConfiguration: {
        Prefix: 'topic=clickstream/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/',
        ErrorOutputPrefix: 'errors/topic=clickstream/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/',
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 64 },
        CompressionFormat: 'GZIP',
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: dataLakeKey } },
        CloudWatchLoggingOptions: { Enabled: true, LogGroupName: { Ref: Match.stringLikeRegexp('^ClicksLogs') }, LogStreamName: 'DestinationDelivery' },
      },
    });
  });

  test('lets firehose.amazonaws.com create its VPC connection through the cluster policy, and waits for that policy and its own', () => {
    const { template } = delivery();
    const [clusterPolicy] = Object.values(template.findResources('AWS::MSK::ClusterPolicy'));
    expect(clusterPolicy.Properties.Policy.Statement.filter((s: { Sid?: string }) => s.Sid === 'AllowFirehoseVpcConnection')).toEqual([{
      Sid: 'AllowFirehoseVpcConnection',
      Effect: 'Allow',
      Principal: { Service: 'firehose.amazonaws.com' },
      Action: VPC_CONNECTION_ACTIONS,
      Resource: { Ref: expect.stringMatching(/^Cluster/) },
    }]);
    const [stream] = Object.values(template.findResources('AWS::KinesisFirehose::DeliveryStream'));
    const dependsOn: string[] = stream.DependsOn;
    expect(dependsOn.some((d) => d.startsWith('ClusterPolicy'))).toBe(true);
    expect(dependsOn.some((d) => d.startsWith('ClicksPolicy'))).toBe(true);
  });

  test('two deliveries from one cluster share one cluster-policy statement', () => {
    const { stack, cluster } = clusterStack();
    new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream' });
    new TopicToS3(stack, 'Orders', { cluster, topicName: 'orders' });
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::MSK::ClusterPolicy'));
    expect(policy.Properties.Policy.Statement.filter((s: { Sid?: string }) => s.Sid === 'AllowFirehoseVpcConnection')).toHaveLength(1);
  });

  test('the role gets a least-privilege customer-managed policy and no inline policy', () => {
    const { template } = delivery();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'firehose.amazonaws.com' } })] },
    });
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('ClicksRole'));
    expect(policies).toHaveLength(1);
    const statements: Array<{ Sid: string; Action: string | string[]; Resource: unknown }> = policies[0].Properties.PolicyDocument.Statement;
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual(['DescribeConsumerGroups', 'EncryptObjects', 'FindBucket', 'LogDeliveryErrors', 'ReadClusterMetadata', 'ReadTopic', 'WriteObjects']);
    expect(bySid.ReadTopic.Action).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'kafka-cluster:ReadData']);
    expect(JSON.stringify(bySid.ReadTopic.Resource)).toContain(':topic/');
    expect(JSON.stringify(bySid.ReadTopic.Resource)).toContain('/clickstream');
    expect(bySid.ReadClusterMetadata.Action).toEqual(['kafka:GetBootstrapBrokers', 'kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka-cluster:Connect']);
    expect(bySid.DescribeConsumerGroups.Action).toEqual('kafka-cluster:DescribeGroup');
    // Objects only below the two prefixes' static parts.
    const writes = JSON.stringify(bySid.WriteObjects.Resource);
    expect(writes).toContain('/topic=clickstream/*');
    expect(writes).toContain('/errors/topic=clickstream/*');
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.includes('*'))).toEqual([]);
  });

  test('acknowledges IAM5 only for its three wildcard resources (the consumer groups and the two object prefixes), and KDF1 on the stream', () => {
    const { toS3 } = delivery();
    const ids = (construct: { node: { metadata: Array<{ type: string; data: unknown }> } }) => construct.node.metadata
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data as object)).map((id) => id.replace(/^Annotation::/, ''));
    const policyIds = ids(toS3.policy);
    expect(policyIds).toHaveLength(3);
    expect(policyIds.filter((id) => id.endsWith(':group/{"Fn::Select":[1,{"Fn::Split":[":cluster/",{"Ref":"ClusterEB0386A7"}]}]}/*]'))).toHaveLength(1);
    expect(policyIds.filter((id) => /^AwsSolutions-IAM5\[Resource::<ClicksDataLake[0-9A-F]{8}\.Arn>\/(errors\/)?topic=clickstream\/\*\]$/.test(id))).toHaveLength(2);
    expect(ids(toS3.cfnDeliveryStream)).toEqual(['AwsSolutions-KDF1']);
  });

  test('creates a retained, KMS-encrypted, versioned, private data lake bucket with access logs, and an encrypted error log group', () => {
    const { template } = delivery();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'data-lake-bucket/' }),
      }),
    });
    const groups = template.findResources('AWS::Logs::LogGroup');
    const errorLogs = Object.entries(groups).filter(([logicalId]) => logicalId.startsWith('ClicksLogs'));
    expect(errorLogs).toHaveLength(1);
    expect(errorLogs[0][1].Properties.KmsKeyId).toBeDefined();
    expect(errorLogs[0][1].Properties.RetentionInDays).toBe(365);
    expect(errorLogs[0][1].DeletionPolicy).toBe('Retain');
  });

  test('start positions, buffering, compression and prefixes are passed through', () => {
    const earliest = delivery({ startPosition: TopicStartPosition.earliest() });
    earliest.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      MSKSourceConfiguration: Match.objectLike({ ReadFromTimestamp: '1970-01-01T00:00:00Z' }),
    });
    const custom = delivery({
      startPosition: TopicStartPosition.at(new Date('2026-03-01T12:30:00.250Z')),
      bufferingInterval: Duration.seconds(60),
      bufferingSize: Size.mebibytes(128),
      compression: DeliveryCompression.SNAPPY,
      prefix: 'raw/clicks/dt=!{timestamp:yyyy-MM-dd}/',
      errorOutputPrefix: 'raw/failed/!{firehose:error-output-type}/',
    });
    custom.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      MSKSourceConfiguration: Match.objectLike({ ReadFromTimestamp: '2026-03-01T12:30:00Z' }),
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'raw/clicks/dt=!{timestamp:yyyy-MM-dd}/',
        ErrorOutputPrefix: 'raw/failed/!{firehose:error-output-type}/',
        BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 128 },
        CompressionFormat: 'Snappy',
      }),
    });
  });

  test('a given bucket is used with its key; without a known key it warns and sets no encryption configuration', () => {
    const { stack, cluster } = clusterStack();
    const key = new kms.Key(stack, 'LakeKey', { enableKeyRotation: true });
    const bucket = s3.Bucket.fromBucketName(stack, 'Lake', 'corp-data-lake');
    const withKey = new TopicToS3(stack, 'WithKey', { cluster, topicName: 'a', bucket, encryptionKey: key });
    new TopicToS3(stack, 'NoKey', { cluster, topicName: 'b', bucket });
    const template = Template.fromStack(stack);
    expect(withKey.dataLake).toBeUndefined();
    expect(withKey.bucket).toBe(bucket);
    const streams = Object.entries(template.findResources('AWS::KinesisFirehose::DeliveryStream'));
    const byId = Object.fromEntries(streams.map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.ExtendedS3DestinationConfiguration]));
    expect(byId.WithKey.EncryptionConfiguration).toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: stack.resolve(key.keyArn) } });
    expect(byId.NoKey.EncryptionConfiguration).toBeUndefined();
    expect(byId.NoKey.BucketARN).toEqual(stack.resolve(bucket.bucketArn));
    expect(hasWarning(stack, 'FirehoseBucketNotKmsEncrypted')).toBe(true);
  });

  test('PUBLIC connectivity adds no cluster policy and warns that the cluster needs public access', () => {
    const { stack, cluster } = clusterStack(false);
    new TopicToS3(stack, 'Public', { cluster, topicName: 'clickstream', connectivity: FirehoseConnectivity.PUBLIC });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::MSK::ClusterPolicy', 0);
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      MSKSourceConfiguration: Match.objectLike({ AuthenticationConfiguration: Match.objectLike({ Connectivity: 'PUBLIC' }) }),
    });
    expect(hasWarning(stack, 'FirehosePublicAccess')).toBe(true);
  });

  test('an imported cluster is read by ARN, with a warning that it cannot be checked, and no cluster policy', () => {
    const { stack } = vpcStack();
    const cluster = ProvisionedCluster.fromClusterArn(stack, 'Imported', IMPORTED_ARN);
    new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::MSK::ClusterPolicy', 0);
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      MSKSourceConfiguration: Match.objectLike({ MSKClusterARN: IMPORTED_ARN }),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ReadTopic', Resource: 'arn:aws:kafka:us-east-1:111111111111:topic/events/0f3a2b1c-1111-2222-3333-444455556666-7/clickstream' })]) },
    });
    expect(hasWarning(stack, 'FirehoseClusterUnchecked')).toBe(true);
  });

  test('a fixed deliveryStreamName is kept, with the FirehoseStreamNameFixed warning naming the fix; the default name gives none', () => {
    const named = delivery({ deliveryStreamName: 'clicks' });
    named.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', { DeliveryStreamName: 'clicks' });
    expect(hasWarning(named.stack, 'FirehoseStreamNameFixed')).toBe(true);
    const messages = Found.fromStack(named.stack).findWarning('*', Match.stringLikeRegexp('FirehoseStreamNameFixed')).map((w) => String(w.entry.data));
    expect(messages).toEqual([expect.stringMatching(/^deliveryStreamName: 'clicks' is fixed, so a change that replaces the delivery stream .* fails: .*Fix: omit deliveryStreamName/)]);
    expect(hasWarning(delivery().stack, 'FirehoseStreamNameFixed')).toBe(false);
  });

  test('a serverless cluster over PRIVATE warns that its cluster policy is the user\'s to attach', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Serverless', { vpc });
    new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream' });
    expect(hasWarning(stack, 'FirehoseServerlessClusterPolicy')).toBe(true);
    Template.fromStack(stack).resourceCountIs('AWS::MSK::ClusterPolicy', 0);
  });

  test('fails when PRIVATE connectivity meets a cluster without multi-VPC IAM, naming the property and the two-step deployment', () => {
    const { stack, cluster } = clusterStack(false);
    const message = errorOf(() => new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream' }));
    expect(message).toContain('[FirehosePrivateWithoutMultiVpc]');
    expect(message).toContain('multiVpcConnectivity: { iam: true }');
    expect(message).toContain('second deployment');
  });

  test('fails when the cluster does not enable IAM', () => {
    const { stack, cluster } = clusterStack(false, ClientAuthentication.scram());
    const message = errorOf(() => new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream', connectivity: FirehoseConnectivity.PUBLIC }));
    expect(message).toContain('[FirehoseClusterWithoutIam]');
  });

  test('fails when PUBLIC connectivity meets a serverless cluster', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Serverless', { vpc });
    const message = errorOf(() => new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream', connectivity: FirehoseConnectivity.PUBLIC }));
    expect(message).toContain('[FirehosePublicServerless]');
  });

  test('fails with every problem at once when buffering, prefixes, names and the start date are wrong', () => {
    const { stack, cluster } = clusterStack();
    const message = errorOf(() => new TopicToS3(stack, 'Clicks', {
      cluster,
      topicName: 'clicks/*',
      deliveryStreamName: 'has spaces',
      bufferingInterval: Duration.minutes(16),
      bufferingSize: Size.kibibytes(512),
      prefix: 'x/!{firehose:error-output-type}/',
      errorOutputPrefix: 'failed/!{timestamp:yyyy}/',
      startPosition: TopicStartPosition.at(new Date('not a date')),
    }));
    expect(message).toContain('7 problems');
    for (const id of ['FirehoseTopicNameInvalid', 'FirehoseStreamNameInvalid', 'FirehoseBufferingIntervalRange', 'FirehoseBufferingSizeRange',
      'FirehosePrefixHasErrorType', 'FirehoseErrorPrefixWithoutErrorType', 'FirehoseStartTimestampInvalid']) {
      expect(message).toContain(`[${id}]`);
    }
    expect(message).toContain('bufferingInterval: 960 seconds');
  });

  test('fails when a prefix is longer than Firehose accepts', () => {
    const { stack, cluster } = clusterStack();
    expect(errorOf(() => new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream', prefix: `${'p'.repeat(1025)}/` })))
      .toContain('[FirehosePrefixTooLong]');
  });

  test('fails when encryptionKey is given without bucket', () => {
    const { stack, cluster } = clusterStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    expect(errorOf(() => new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream', encryptionKey: key }))).toContain('[FirehoseKeyWithoutBucket]');
  });
});

describe('TopicToS3 alarms', () => {
  const freshness = (stack: Stack, toS3: TopicToS3, threshold: number) => ({
    namespace: 'AWS/Firehose',
    metricName: 'DeliveryToS3.DataFreshness',
    dimensions: { DeliveryStreamName: stack.resolve(toS3.deliveryStreamName) },
    statistic: 'Maximum',
    period: 300,
    threshold,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: 'ignore',
  });

  test('data freshness above the buffering interval plus 10 minutes (15 minutes by default), notifying the cluster\'s alarm topic', () => {
    const { stack, cluster, toS3, template } = delivery();
    expect(stack.resolve(toS3.deliveryStreamName)).toEqual({ Ref: expect.stringMatching(/^Clicks/) });
    expectAlarm(template, 'ClicksDataFreshnessAlarm', freshness(stack, toS3, 900));
    expect(toS3.alarms).toHaveLength(1);
    expect(alarmCount(template, 'Clicks')).toBe(1);
    expectActions(stack, template, 'Clicks', [cluster.alarmTopic.topicArn]);
  });

  test('the threshold follows the buffering interval', () => {
    const { stack, toS3, template } = delivery({ bufferingInterval: Duration.seconds(900) });
    expectAlarm(template, 'ClicksDataFreshnessAlarm', freshness(stack, toS3, 1500));
  });

  test('alarms.actions replaces the cluster\'s actions; enabled: false creates none', () => {
    const { stack, cluster } = clusterStack();
    const pager = new sns.Topic(stack, 'Pager', { enforceSSL: true });
    new TopicToS3(stack, 'Paged', { cluster, topicName: 'clickstream', alarms: { actions: [new actions.SnsAction(pager)] } });
    const off = new TopicToS3(stack, 'Off', { cluster, topicName: 'orders', alarms: { enabled: false } });
    const template = Template.fromStack(stack);
    expectActions(stack, template, 'Paged', [pager.topicArn]);
    expect(alarmCount(template, 'Off')).toBe(0);
    expect(off.alarms).toEqual([]);
  });

  test('an imported cluster gives the alarm without actions', () => {
    const { stack } = vpcStack();
    const cluster = ProvisionedCluster.fromClusterArn(stack, 'Imported', IMPORTED_ARN);
    const toS3 = new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream' });
    expect(toS3.alarms).toHaveLength(1);
    expectActions(stack, Template.fromStack(stack), 'Clicks', undefined);
  });
});

describe('TopicToS3 passes the validator wall', () => {
  const app = wallApp();
  const stack = new Stack(app, 'Lake', { env: { region: 'us-east-1' } });
  const { vpc } = new CompliantVpc(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc, multiVpcConnectivity: { iam: true } });
  const toS3 = new TopicToS3(stack, 'Clicks', { cluster, topicName: 'clickstream' });
  const wall = runValidatorWall(app);

  test('no error findings in the stack', () => {
    expect(formatFindings(wall.errors)).toEqual([]);
  });

  test('the wall saw the delivery stream, its role policy, the data lake bucket and the log group', () => {
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    expect(toS3.node.findAll().some((c) => c.node.path.endsWith('DataLake/Resource/Resource'))).toBe(true);
  });
});

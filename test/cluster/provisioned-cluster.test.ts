import { Annotations as CoreAnnotations, CfnParameter, RemovalPolicy, Size, aws_acmpca as acmpca, aws_ec2 as ec2, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import {
  BrokerInstanceType,
  BrokerLogs,
  ClientAuthentication,
  KafkaVersion,
  MonitoringLevel,
  ProvisionedCluster,
  ProvisionedClusterProps,
} from '../../src';
import { errorOf } from '../util/errors';
import { vpcStack } from '../util/stacks';

function synth(props: Partial<ProvisionedClusterProps> = {}, azs = 3) {
  const { stack, vpc } = vpcStack(azs);
  const cluster = new ProvisionedCluster(stack, 'Events', { vpc, ...props });
  return { stack, vpc, cluster, template: Template.fromStack(stack) };
}

/** Template JSON, as the assertions library types it. */
type ResourceJson = ReturnType<Template['findResources']>[string];

function clusterProps(template: Template): ResourceJson {
  const clusters = template.findResources('AWS::MSK::Cluster');
  const ids = Object.keys(clusters);
  expect(ids).toHaveLength(1);
  return clusters[ids[0]].Properties;
}

function serverProperties(template: Template): Record<string, string> {
  const configs = template.findResources('AWS::MSK::Configuration');
  const text: string = Object.values(configs)[0].Properties.ServerProperties;
  return Object.fromEntries(text.split('\n').map((line) => line.split('=') as [string, string]));
}

describe('ProvisionedCluster defaults', () => {
  const { template, cluster, stack } = synth();
  const props = clusterProps(template);

  test('puts one broker in one private subnet of each of 3 AZs', () => {
    expect(props.NumberOfBrokerNodes).toBe(3);
    expect(props.BrokerNodeGroupInfo.ClientSubnets).toEqual([
      { Ref: expect.stringMatching(/^VpcPrivateSubnet1Subnet/) },
      { Ref: expect.stringMatching(/^VpcPrivateSubnet2Subnet/) },
      { Ref: expect.stringMatching(/^VpcPrivateSubnet3Subnet/) },
    ]);
    expect(cluster.numberOfBrokerNodes).toBe(3);
  });

  test('runs Kafka 3.9.x.kraft on kafka.m7g.large', () => {
    expect(props.KafkaVersion).toBe('3.9.x.kraft');
    expect(props.BrokerNodeGroupInfo.InstanceType).toBe('kafka.m7g.large');
  });

  test('encrypts volumes with a new rotated, retained customer-managed key', () => {
    expect(props.EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EventsKey/), 'Arn'] });
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('broker volumes') },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the key policy lets only AWS services create grants (CT.KMS.PR.3)', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('broker volumes'),
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'DenyGrantsNotForAwsResources',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
        }]),
      },
    });
  });

  test('encrypts client and in-cluster traffic with TLS only', () => {
    expect(props.EncryptionInfo.EncryptionInTransit).toEqual({ ClientBroker: 'TLS', InCluster: true });
  });

  test('authenticates clients with IAM and never allows unauthenticated access', () => {
    expect(props.ClientAuthentication).toEqual({
      Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } },
      Tls: { Enabled: false },
      Unauthenticated: { Enabled: false },
    });
  });

  test('creates a security group with no ingress and no egress', () => {
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'MSK brokers of Test/Events',
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    expect(props.BrokerNodeGroupInfo.SecurityGroups).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^EventsSecurityGroup/), 'GroupId'] }]);
    expect(cluster.connections.defaultPort?.toString()).toBe('9098');
  });

  test('starts with 100 GiB per broker and autoscales storage to 2000 GiB at 60% without scale-in', () => {
    // The desired size goes through the deploy-time lookup (never below the live size): test/custom-resources/broker-volume-size.test.ts.
    expect(props.BrokerNodeGroupInfo.StorageInfo).toEqual({ EBSStorageInfo: { VolumeSize: { 'Fn::GetAtt': [expect.stringMatching(/^EventsBrokerVolumeSize/), 'VolumeSize'] } } });
    template.hasResourceProperties('Custom::MskBrokerVolumeSize', { VolumeSize: '100' });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'kafka',
      ScalableDimension: 'kafka:broker-storage:VolumeSize',
      ResourceId: { Ref: Match.stringLikeRegexp('^Events') },
      MinCapacity: 100,
      MaxCapacity: 2000,
      RoleARN: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 60,
        DisableScaleIn: true,
        PredefinedMetricSpecification: { PredefinedMetricType: 'KafkaBrokerStorageUtilization' },
      },
    });
  });

  test('creates a durable configuration named after the Kafka version', () => {
    expect(serverProperties(template)).toEqual({
      'auto.create.topics.enable': 'false',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
    });
    template.hasResourceProperties('AWS::MSK::Configuration', {
      Name: Match.stringLikeRegexp('^Test-Events-Configuration-[0-9A-F]{8}-3-9-x-kraft$'),
      KafkaVersionsList: ['3.9.x.kraft'],
    });
    expect(props.ConfigurationInfo).toEqual({
      Arn: { 'Fn::GetAtt': [expect.stringMatching(/^EventsConfiguration/), 'Arn'] },
      Revision: { 'Fn::GetAtt': [expect.stringMatching(/^EventsConfiguration/), 'LatestRevision.Revision'] },
    });
  });

  test('emits per-broker metrics', () => {
    expect(props.EnhancedMonitoring).toBe('PER_BROKER');
  });

  test('delivers broker logs to a new secure, retained S3 bucket and waits for its policy', () => {
    expect(props.LoggingInfo).toEqual({ BrokerLogs: { S3: { Enabled: true, Bucket: { Ref: expect.stringMatching(/^EventsBrokerLogBucket/) } } } });
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })] },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'broker-log-bucket/' },
      },
      DeletionPolicy: 'Retain',
    });
    const clusterResource = Object.values(template.findResources('AWS::MSK::Cluster'))[0];
    expect(clusterResource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^EventsBrokerLogBucketPolicy/)]));
    expect(cluster.logBucket).toBeDefined();
  });

  test('the log bucket policy allows log delivery for this account only, over SSL only', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^EventsBrokerLogBucket[0-9A-F]+$') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'AllowMskBrokerLogDelivery',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 's3:x-amz-acl': 'bucket-owner-full-control' },
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
            },
          }),
          Match.objectLike({ Sid: 'AllowMskBrokerLogDeliveryAclCheck', Action: ['s3:GetBucketAcl', 's3:ListBucket'] }),
        ]),
      },
    });
  });

  test('derives a valid cluster name from the construct path', () => {
    expect(props.ClusterName).toMatch(/^Test-Events-[0-9A-F]{8}$/);
    expect(cluster.clusterName).toBe(props.ClusterName);
  });

  test('retains the cluster when it leaves the stack', () => {
    template.hasResource('AWS::MSK::Cluster', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('exposes its attributes', () => {
    expect(stack.resolve(cluster.clusterArn)).toEqual({ Ref: expect.stringMatching(/^Events/) });
    expect(cluster.securityGroups).toHaveLength(1);
    expect(cluster.encryptionKey).toBeInstanceOf(kms.Key);
    expect(cluster.configuration.configurationName).toMatch(/-3-9-x-kraft$/);
    expect(cluster.kafkaVersion).toBe(KafkaVersion.V3_9_X_KRAFT);
    expect(cluster.instanceType).toBe(BrokerInstanceType.KAFKA_M7G_LARGE);
  });

  test('adds no warnings', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('ProvisionedCluster overrides', () => {
  test('vpcSubnets and brokersPerAz set the subnets and broker count', () => {
    const { template } = synth({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC, onePerAz: true }, brokersPerAz: 2 });
    const props = clusterProps(template);
    expect(props.NumberOfBrokerNodes).toBe(6);
    expect(props.BrokerNodeGroupInfo.ClientSubnets.every((s: { Ref: string }) => s.Ref.startsWith('VpcPublicSubnet'))).toBe(true);
  });

  test('uses 2 AZs when the VPC has 2, with replication factor 2 and a warning', () => {
    const { template, stack } = synth({}, 2);
    expect(clusterProps(template).NumberOfBrokerNodes).toBe(2);
    expect(serverProperties(template)).toMatchObject({ 'default.replication.factor': '2', 'min.insync.replicas': '1' });
    Annotations.fromStack(stack).hasWarning('/Test/Events', Match.stringLikeRegexp('has 2 broker'));
  });

  test('picks 3 of 4 AZs', () => {
    const { template } = synth({}, 4);
    expect(clusterProps(template).NumberOfBrokerNodes).toBe(3);
  });

  test('kafkaVersion and instanceType are used as given', () => {
    const { template } = synth({ kafkaVersion: KafkaVersion.V4_1_X_KRAFT, instanceType: BrokerInstanceType.KAFKA_M5_2XLARGE });
    const props = clusterProps(template);
    expect(props.KafkaVersion).toBe('4.1.x.kraft');
    expect(props.BrokerNodeGroupInfo.InstanceType).toBe('kafka.m5.2xlarge');
    template.hasResourceProperties('AWS::MSK::Configuration', { Name: Match.stringLikeRegexp('-4-1-x-kraft$'), KafkaVersionsList: ['4.1.x.kraft'] });
  });

  test('changing the Kafka version renames the configuration but keeps the cluster logical id', () => {
    const a = synth({ kafkaVersion: KafkaVersion.V3_8_X });
    const b = synth({ kafkaVersion: KafkaVersion.V3_9_X });
    const name = (t: Template) => Object.values(t.findResources('AWS::MSK::Configuration'))[0].Properties.Name;
    expect(name(a.template)).not.toEqual(name(b.template));
    expect(Object.keys(a.template.findResources('AWS::MSK::Cluster'))).toEqual(Object.keys(b.template.findResources('AWS::MSK::Cluster')));
  });

  test('kafka.t3.small defaults to the ZooKeeper 3.9.x version and warns it is for development', () => {
    const { template, stack } = synth({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL });
    expect(clusterProps(template).KafkaVersion).toBe('3.9.x');
    Annotations.fromStack(stack).hasWarning('/Test/Events', Match.stringLikeRegexp('kafka.t3.small is for development'));
  });

  test('encryptionKey replaces the created key', () => {
    const { stack, vpc } = vpcStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, encryptionKey: key });
    const template = Template.fromStack(stack);
    expect(clusterProps(template).EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^MyKey/), 'Arn'] });
    expect(cluster.encryptionKey).toBe(key);
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('EventsKey'))).toEqual([]);
  });

  test('addScramUser creates a prefixed secret with the SCRAM key and one association for all users', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: ClientAuthentication.scram() });
    const user = cluster.addScramUser('orders');
    cluster.addScramUser('billing');
    expect(user.username).toBe('orders');
    expect(cluster.scramSecretKey).toBeDefined();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: Match.stringLikeRegexp('^AmazonMSK_Test-Events-[0-9A-F]{8}_orders$'),
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsScramUsers'), 'Arn'] },
    });
    template.resourceCountIs('AWS::MSK::BatchScramSecret', 1);
    template.hasResourceProperties('AWS::MSK::BatchScramSecret', {
      ClusterArn: { Ref: Match.stringLikeRegexp('^Events[0-9A-F]{8}$') },
      SecretArnList: [{ Ref: Match.stringLikeRegexp('orders') }, { Ref: Match.stringLikeRegexp('billing') }],
    });
  });

  test('SCRAM listens on 9096', () => {
    const { template, cluster } = synth({ clientAuthentication: ClientAuthentication.scram() });
    expect(clusterProps(template).ClientAuthentication.Sasl).toEqual({ Iam: { Enabled: false }, Scram: { Enabled: true } });
    expect(cluster.connections.defaultPort?.toString()).toBe('9096');
  });

  test('mutual TLS lists the certificate authorities and listens on 9094', () => {
    const { stack, vpc } = vpcStack();
    const ca = acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/abc');
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: ClientAuthentication.mutualTls([ca]) });
    const props = clusterProps(Template.fromStack(stack));
    expect(props.ClientAuthentication.Tls).toEqual({ Enabled: true, CertificateAuthorityArnList: ['arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/abc'] });
    expect(props.EncryptionInfo.EncryptionInTransit.ClientBroker).toBe('TLS');
    expect(cluster.connections.defaultPort?.toString()).toBe('9094');
  });

  test('combined modes: IAM is primary and allowClientAccessFrom opens every enabled port', () => {
    const { stack, vpc } = vpcStack();
    const ca = acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/abc');
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: ClientAuthentication.of({ iam: true, scram: true, mutualTls: [ca] }) });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    cluster.allowClientAccessFrom(client);
    expect(cluster.connections.defaultPort?.toString()).toBe('9098');
    const template = Template.fromStack(stack);
    for (const port of [9094, 9096, 9098]) {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: port, ToPort: port, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] } });
    }
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 3);
  });

  test('connections.allowDefaultPortFrom opens the primary port only', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc });
    cluster.connections.allowDefaultPortFrom(ec2.Peer.ipv4('10.0.0.0/16'));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'MSK brokers of Test/Events',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 9098, ToPort: 9098 })],
    });
  });

  test('securityGroups replaces the created group', () => {
    const { stack, vpc } = vpcStack();
    const group = new ec2.SecurityGroup(stack, 'Mine', { vpc });
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, securityGroups: [group] });
    const template = Template.fromStack(stack);
    expect(clusterProps(template).BrokerNodeGroupInfo.SecurityGroups).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^Mine/), 'GroupId'] }]);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    expect(cluster.securityGroups).toEqual([group]);
  });

  test('storage sets the volume and the autoscaling ceiling and target', () => {
    const { template } = synth({ storage: { volumeSize: Size.gibibytes(500), maxVolumeSize: Size.tebibytes(4), targetUtilization: 50 } });
    template.hasResourceProperties('Custom::MskBrokerVolumeSize', { VolumeSize: '500' });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 500, MaxCapacity: 4096 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 50 }) });
  });

  test('zookeeperClientAccess: false renders ZookeeperAccess on a ZooKeeper version (step 1 of the KRaft migration)', () => {
    const { template } = synth({ kafkaVersion: KafkaVersion.V3_9_X, zookeeperClientAccess: false });
    expect(clusterProps(template).ZookeeperAccess).toEqual({ Enabled: false });
  });

  test('provisioned throughput and tiered storage render into the cluster', () => {
    const storage = { provisionedThroughputMiBps: 500, tieredStorage: true };
    const { template } = synth({ instanceType: BrokerInstanceType.KAFKA_M7G_4XLARGE, storage });
    const props = clusterProps(template);
    expect(props.BrokerNodeGroupInfo.StorageInfo.EBSStorageInfo)
      .toEqual({ VolumeSize: { 'Fn::GetAtt': [expect.stringMatching(/^EventsBrokerVolumeSize/), 'VolumeSize'] }, ProvisionedThroughput: { Enabled: true, VolumeThroughput: 500 } });
    template.hasResourceProperties('Custom::MskBrokerVolumeSize', { VolumeSize: '100', ProvisionedThroughput: '500', StorageMode: 'TIERED' });
    expect(props.StorageMode).toBe('TIERED');
  });

  test('a volume above the default ceiling raises the ceiling to the volume (no autoscaling)', () => {
    const { template } = synth({ storage: { volumeSize: Size.gibibytes(3000) } });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('maxVolumeSize equal to volumeSize turns storage autoscaling off', () => {
    const { template } = synth({ storage: { volumeSize: Size.gibibytes(200), maxVolumeSize: Size.gibibytes(200) } });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
  });

  test('serverProperties override and extend the defaults', () => {
    const { template, stack } = synth({ serverProperties: { 'num.partitions': '6', 'log.retention.hours': '72' } });
    expect(serverProperties(template)).toMatchObject({ 'num.partitions': '6', 'log.retention.hours': '72', 'min.insync.replicas': '2' });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('warns, per key, when serverProperties undo a durability default', () => {
    const { stack, template } = synth({
      serverProperties: {
        'unclean.leader.election.enable': 'true',
        'auto.create.topics.enable': 'true',
        'min.insync.replicas': '1',
        'default.replication.factor': '2',
      },
    });
    expect(serverProperties(template)['unclean.leader.election.enable']).toBe('true');
    const warnings = Annotations.fromStack(stack).findWarning('/Test/Events', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings.filter((w) => w.includes('undoes a durability default'))).toHaveLength(3);
    expect(warnings.join('\n')).toMatch(/unclean.leader.election.enable=true/);
    expect(warnings.join('\n')).toMatch(/auto.create.topics.enable=true/);
    expect(warnings.join('\n')).toMatch(/default.replication.factor=2/);
  });

  test('warns when min.insync.replicas equals the replication factor', () => {
    const { stack } = synth({ serverProperties: { 'min.insync.replicas': '3' } });
    Annotations.fromStack(stack).hasWarning('/Test/Events', Match.stringLikeRegexp('losing one broker'));
  });

  test('a durability warning can be acknowledged', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, serverProperties: { 'auto.create.topics.enable': 'true' } });
    Annotations.fromStack(stack).hasWarning('/Test/Events', Match.stringLikeRegexp('auto.create.topics.enable'));
    CoreAnnotations.of(cluster).acknowledgeWarning('cdk-msk-constructs:WeakDurability:auto.create.topics.enable');
    Annotations.fromStack(stack).hasNoWarning('/Test/Events', Match.stringLikeRegexp('auto.create.topics.enable'));
  });

  test('monitoringLevel, clusterName and removalPolicy are used as given', () => {
    const { template } = synth({ monitoringLevel: MonitoringLevel.PER_TOPIC_PER_PARTITION, clusterName: 'orders-prod', removalPolicy: RemovalPolicy.DESTROY });
    const props = clusterProps(template);
    expect(props.EnhancedMonitoring).toBe('PER_TOPIC_PER_PARTITION');
    expect(props.ClusterName).toBe('orders-prod');
    template.hasResource('AWS::MSK::Cluster', { DeletionPolicy: 'Delete' });
    template.allResources('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  });

  test('brokerLogs with an existing bucket and prefix: no bucket created, policy added to that bucket', () => {
    const { stack, vpc } = vpcStack();
    const bucket = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, brokerLogs: BrokerLogs.s3({ bucket, prefix: 'msk/orders/' }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(clusterProps(template).LoggingInfo.BrokerLogs.S3).toEqual({ Enabled: true, Bucket: { Ref: expect.stringMatching(/^Logs/) }, Prefix: 'msk/orders/' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^Logs') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowMskBrokerLogDelivery', Resource: { 'Fn::Join': ['', [Match.anyValue(), '/msk/orders/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] } })]) },
    });
    expect(cluster.logBucket).toBeUndefined();
  });

  test('openMonitoring enables the exporters and allowPrometheusFrom opens their ports only', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, openMonitoring: { jmxExporter: true, nodeExporter: true } });
    cluster.allowPrometheusFrom(ec2.Peer.ipv4('10.9.0.0/24'));
    const template = Template.fromStack(stack);
    expect(clusterProps(template).OpenMonitoring).toEqual({
      Prometheus: { JmxExporter: { EnabledInBroker: true }, NodeExporter: { EnabledInBroker: true } },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'MSK brokers of Test/Events',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.9.0.0/24', FromPort: 11001, ToPort: 11001 }),
        Match.objectLike({ CidrIp: '10.9.0.0/24', FromPort: 11002, ToPort: 11002 }),
      ],
    });
  });

  test('fails when allowPrometheusFrom is called without open monitoring', () => {
    const { cluster } = synth();
    expect(() => cluster.allowPrometheusFrom(ec2.Peer.ipv4('10.9.0.0/24'))).toThrow(/allowPrometheusFrom: .* has no open monitoring/);
  });

  test('fails when openMonitoring enables no exporter', () => {
    expect(errorOf(() => synth({ openMonitoring: {} }))).toMatch(/\[OpenMonitoringNoExporter\] openMonitoring/);
  });

  test('BrokerLogs.cloudWatch() exposes the created log group', () => {
    const { cluster, template } = synth({ brokerLogs: BrokerLogs.cloudWatch() });
    expect(cluster.logGroup).toBeDefined();
    expect(cluster.logBucket).toBeUndefined();
    expect(clusterProps(template).LoggingInfo.BrokerLogs.CloudWatchLogs).toEqual({ Enabled: true, LogGroup: { Ref: expect.stringMatching(/^Events/) } });
  });

  test('Express brokers get no storage settings and Express-only defaults', () => {
    const { template } = synth({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
    expect(clusterProps(template).BrokerNodeGroupInfo.StorageInfo).toBeUndefined();
    expect(serverProperties(template)).toEqual({ 'auto.create.topics.enable': 'false' });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('tokens are not validated as values', () => {
    const { stack, vpc } = vpcStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const perAz = new CfnParameter(stack, 'PerAz', { type: 'Number' }).valueAsNumber;
    const retention = new CfnParameter(stack, 'Retention').valueAsString;
    expect(() => new ProvisionedCluster(stack, 'Events', { vpc, clusterName: name, brokersPerAz: perAz, serverProperties: { 'log.retention.hours': retention } })).not.toThrow();
  });

  test('two clusters in one stack get distinct configuration and cluster names', () => {
    const { stack, vpc } = vpcStack();
    const a = new ProvisionedCluster(stack, 'A', { vpc });
    const b = new ProvisionedCluster(stack, 'B', { vpc });
    expect(a.configuration.configurationName).not.toEqual(b.configuration.configurationName);
    expect(a.clusterName).not.toEqual(b.clusterName);
  });

  test('a long construct path still gives a valid name of at most 64 characters', () => {
    const { stack, vpc } = vpcStack();
    const deep = new Construct(stack, 'A'.repeat(60));
    const cluster = new ProvisionedCluster(deep, 'VeryLongClusterIdentifierForTheOrdersDomain', { vpc });
    expect(cluster.clusterName.length).toBeLessThanOrEqual(64);
    expect(cluster.clusterName).toMatch(/^[A-Za-z0-9][A-Za-z0-9-]*$/);
    expect(cluster.configuration.configurationName.length).toBeLessThanOrEqual(64);
    expect(cluster.configuration.configurationName).toMatch(/-3-9-x-kraft$/);
  });
});

describe('ProvisionedCluster bad input', () => {
  test('fails when the VPC has only 1 AZ, naming vpcSubnets and the fix', () => {
    const message = errorOf(() => synth({}, 1));
    expect(message).toMatch(/\[SubnetsTooFew\] vpcSubnets: selects 1 subnet/);
    expect(message).toMatch(/Test\/Events/);
    expect(message).toMatch(/Fix:/);
  });

  test('fails when subnets share an AZ', () => {
    const message = errorOf(() => synth({ vpcSubnets: { subnetGroupName: 'Private' }, brokersPerAz: 1 }, 1));
    expect(message).toMatch(/SubnetsTooFew/);
    const { stack, vpc } = vpcStack(2);
    const a = ec2.Subnet.fromSubnetAttributes(stack, 'A', { subnetId: 'subnet-a', availabilityZone: 'us-east-1a' });
    const b = ec2.Subnet.fromSubnetAttributes(stack, 'B', { subnetId: 'subnet-b', availabilityZone: 'us-east-1a' });
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, vpcSubnets: { subnets: [a, b] } }))).toMatch(/\[SubnetsShareAz\] vpcSubnets: subnets share an availability zone \(us-east-1a, us-east-1a\)/);
  });

  test('fails when more than 3 subnets are selected', () => {
    const { stack, vpc } = vpcStack(4);
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } })))
      .toMatch(/\[SubnetsTooMany\] vpcSubnets: selects 4 subnets/);
  });

  test.each([0, -1, 1.5])('fails when brokersPerAz is %p', (brokersPerAz) => {
    expect(errorOf(() => synth({ brokersPerAz }))).toMatch(/\[BrokersPerAzInvalid\] brokersPerAz: /);
  });

  test.each([0, 16385])('fails when volumeSize is %p GiB', (gib) => {
    expect(errorOf(() => synth({ storage: { volumeSize: Size.gibibytes(gib), maxVolumeSize: Size.gibibytes(16384) } }))).toMatch(/\[VolumeSizeOutOfRange\] storage.volumeSize/);
  });

  test('fails when maxVolumeSize is below volumeSize or above 16384 GiB', () => {
    expect(errorOf(() => synth({ storage: { volumeSize: Size.gibibytes(500), maxVolumeSize: Size.gibibytes(400) } }))).toMatch(/\[MaxVolumeSizeOutOfRange\] storage.maxVolumeSize: 400 GiB/);
    expect(errorOf(() => synth({ storage: { maxVolumeSize: Size.gibibytes(20000) } }))).toMatch(/MaxVolumeSizeOutOfRange/);
  });

  test.each([5, 81])('fails when targetUtilization is %p', (targetUtilization) => {
    expect(errorOf(() => synth({ storage: { targetUtilization } }))).toMatch(/\[TargetUtilizationOutOfRange\] storage.targetUtilization/);
  });

  test.each(['has_underscore', '-leading', 'x'.repeat(65), ''])('fails when clusterName is %p', (clusterName) => {
    expect(errorOf(() => synth({ clusterName }))).toMatch(/\[ClusterNameInvalid\] clusterName/);
  });

  test('fails when kafka.t3.small is given a KRaft version', () => {
    expect(errorOf(() => synth({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL, kafkaVersion: KafkaVersion.V3_9_X_KRAFT })))
      .toMatch(/\[BurstableKraft\] kafkaVersion: 3.9.x.kraft runs in KRaft mode, which kafka.t3.small cannot run/);
  });

  test('fails when Express brokers get storage settings', () => {
    expect(errorOf(() => synth({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, storage: { volumeSize: Size.gibibytes(100) } })))
      .toMatch(/\[ExpressStorage\] storage: Express brokers/);
  });

  test('fails when Express brokers have 2 AZs', () => {
    expect(errorOf(() => synth({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE }, 2))).toMatch(/\[ExpressAzCount\]/);
  });

  test('fails when Express brokers get an unsupported version', () => {
    expect(errorOf(() => synth({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, kafkaVersion: KafkaVersion.V3_7_X })))
      .toMatch(/\[ExpressVersion\] kafkaVersion: 3.7.x is not offered on Express/);
  });

  test('fails when mutual TLS has no certificate authority', () => {
    expect(errorOf(() => synth({ clientAuthentication: ClientAuthentication.mutualTls([]) }))).toMatch(/\[MutualTlsWithoutCa\]/);
  });

  test('fails when no authentication mode is enabled', () => {
    expect(errorOf(() => synth({ clientAuthentication: ClientAuthentication.of({}) }))).toMatch(/\[NoAuthentication\] clientAuthentication/);
  });

  test('fails when more than 5 security groups are given', () => {
    const { stack, vpc } = vpcStack();
    const groups = [1, 2, 3, 4, 5, 6].map((i) => new ec2.SecurityGroup(stack, `G${i}`, { vpc }));
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, securityGroups: groups }))).toMatch(/\[SecurityGroupCount\] securityGroups: 6 given/);
  });

  test.each([['bad key', '1'], ['log.retention.hours', '1\nauto.create.topics.enable=true']])('fails when a server property is %p = %p', (key, value) => {
    expect(errorOf(() => synth({ serverProperties: { [key]: value } }))).toMatch(/\[ServerPropertyInvalid\] serverProperties: '.*' cannot go into server.properties/);
  });

  test('fails when provisioned throughput is asked of a small instance type', () => {
    expect(errorOf(() => synth({ storage: { provisionedThroughputMiBps: 300 } })))
      .toMatch(/\[ThroughputInstanceType\] storage.provisionedThroughputMiBps: kafka.m7g.large cannot provision/);
  });

  test.each([[200], [313]])('fails when provisioned throughput is %p MiB/s on kafka.m7g.2xlarge (250–312.5)', (mibps) => {
    expect(errorOf(() => synth({ instanceType: BrokerInstanceType.KAFKA_M7G_2XLARGE, storage: { provisionedThroughputMiBps: mibps } })))
      .toMatch(/\[ThroughputOutOfRange\] .* outside 250–312.5 MiB\/s/);
  });

  test('fails when provisioned throughput comes with a volume under 10 GiB', () => {
    const storage = { volumeSize: Size.gibibytes(5), provisionedThroughputMiBps: 300 };
    expect(errorOf(() => synth({ instanceType: BrokerInstanceType.KAFKA_M5_4XLARGE, storage })))
      .toMatch(/\[ThroughputVolumeTooSmall\]/);
  });

  test.each([
    ['an old version', { kafkaVersion: KafkaVersion.of('3.5.1') }],
    ['kafka.t3.small', { instanceType: BrokerInstanceType.KAFKA_T3_SMALL, kafkaVersion: KafkaVersion.V3_9_X }],
  ])('fails when tiered storage is asked with %s', (_name, extra) => {
    expect(errorOf(() => synth({ ...extra, storage: { tieredStorage: true } }))).toMatch(/\[TieredStorageUnsupported\] storage.tieredStorage/);
  });

  test('fails when zookeeperClientAccess is set on a KRaft version', () => {
    expect(errorOf(() => synth({ zookeeperClientAccess: false }))).toMatch(/\[ZookeeperAccessOnKraft\] zookeeperClientAccess: 3.9.x.kraft/);
  });

  test('fails when a SCRAM user is added to a cluster without SCRAM', () => {
    const { cluster } = synth();
    expect(() => cluster.addScramUser('orders')).toThrow(/addScramUser: cluster 'Test\/Events' does not enable SASL\/SCRAM. Fix: use ClientAuthentication.scram\(\)/);
  });

  test('fails with every problem at once', () => {
    const message = errorOf(() => synth({ brokersPerAz: 0, clusterName: 'bad_name', storage: { targetUtilization: 99 } }, 1));
    expect(message).toMatch(/4 problems in ProvisionedCluster 'Test\/Events'/);
    for (const id of ['SubnetsTooFew', 'BrokersPerAzInvalid', 'ClusterNameInvalid', 'TargetUtilizationOutOfRange']) {
      expect(message).toContain(`[${id}]`);
    }
  });
});

/**
 * Variant (b), the floor: the quickstart's resources written by hand with L1 (Cfn*) constructs only,
 * literal properties and policy documents, no L2 helpers. The VPC is the same CompliantVpc as in the
 * other variants; the provider Lambda of the broker volume size lookup is aws-cdk-lib's CustomResourceProvider
 * (stackProvider in topology.ts). Differences from the library's template are listed in docs/PERFORMANCE.md.
 */
import {
  App,
  Aws,
  CfnDeletionPolicy,
  CfnResource,
  Fn,
  Stack,
  StackProps,
  Token,
  aws_applicationautoscaling as appscaling,
  aws_cloudwatch as cloudwatch,
  aws_ec2 as ec2,
  aws_kms as kms,
  aws_msk as msk,
  aws_s3 as s3,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  ACCESS_LOG_PREFIX,
  alarmLabel,
  alarmQuery,
  ALARMS,
  AZS,
  BROKER_IDS,
  BROKER_VOLUME_SIZE_TYPE,
  brokerQuery,
  DASHBOARD_GRAPHS,
  DashboardLine,
  ENV,
  INSTANCE_TYPE,
  KAFKA_VERSION,
  LOG_RETENTION_DAYS,
  MAX_VOLUME_GIB,
  NONCURRENT_RETENTION_DAYS,
  PROVIDER,
  SERVER_PROPERTIES,
  STATISTIC_OF,
  stackProvider,
  STORAGE_TARGET_PERCENT,
  VOLUME_GIB,
  WIDGET_HEIGHT,
  WIDGET_WIDTH,
} from './topology';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';

const ACCOUNT_ROOT = Fn.join('', ['arn:', Aws.PARTITION, ':iam::', Aws.ACCOUNT_ID, ':root']);

/** Props of {@link L1Cluster}. */
export interface L1ClusterProps {
  /** The VPC (only its id and isolated subnets are read). */
  readonly vpc: ec2.IVpc;
}

/** One MSK cluster and everything around it, as L1 resources. */
export class L1Cluster extends Construct {
  public readonly cluster: msk.CfnCluster;

  constructor(scope: Construct, id: string, props: L1ClusterProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const clusterName = `${stack.stackName}-${id}`;

    const securityGroup = retain(new ec2.CfnSecurityGroup(this, 'SecurityGroup', {
      groupDescription: `MSK brokers of ${this.node.path}`,
      vpcId: props.vpc.vpcId,
      securityGroupEgress: [{ cidrIp: '255.255.255.255/32', description: 'Disallow all traffic', ipProtocol: 'icmp', fromPort: 252, toPort: 86 }],
    }));
    const clusterKey = retain(new kms.CfnKey(this, 'Key', {
      description: `Encrypts the broker volumes of MSK cluster ${this.node.path}`,
      enableKeyRotation: true,
      keyPolicy: keyPolicy([]),
    }));
    const configuration = new msk.CfnConfiguration(this, 'Configuration', {
      name: `${clusterName}-Configuration-${KAFKA_VERSION.replace(/\./g, '-')}`,
      description: `Broker configuration of ${this.node.path}`,
      kafkaVersionsList: [KAFKA_VERSION],
      serverProperties: SERVER_PROPERTIES,
    });
    // Kept when the stack is deleted (a cluster may still use it), replaced freely (a new revision).
    configuration.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    configuration.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.DELETE;

    // Broker logs: an SSE-S3 access-log bucket and an SSE-KMS log bucket, both SSL-only.
    const lifecycle = { rules: [{ status: 'Enabled', expirationInDays: LOG_RETENTION_DAYS, noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_RETENTION_DAYS } }] };
    const privateBucket = {
      ownershipControls: { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] },
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      versioningConfiguration: { status: 'Enabled' },
      lifecycleConfiguration: lifecycle,
    };
    const accessLogs = retain(new s3.CfnBucket(this, 'AccessLogs', {
      ...privateBucket,
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
    }));
    const logsArn = `arn:${Aws.PARTITION}:logs:${stack.region}:${Aws.ACCOUNT_ID}:*`;
    const logKey = retain(new kms.CfnKey(this, 'LogBucketKey', {
      description: `Encrypts MSK broker logs in ${this.node.path}/BrokerLogBucket`,
      enableKeyRotation: true,
      keyPolicy: keyPolicy([{
        Sid: 'AllowBrokerLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID }, ArnLike: { 'aws:SourceArn': logsArn } },
      }]),
    }));
    const logBucket = retain(new s3.CfnBucket(this, 'LogBucket', {
      ...privateBucket,
      bucketEncryption: {
        serverSideEncryptionConfiguration: [{ bucketKeyEnabled: true, serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: logKey.attrArn } }],
      },
      loggingConfiguration: { destinationBucketName: accessLogs.ref, logFilePrefix: ACCESS_LOG_PREFIX },
    }));
    retain(new s3.CfnBucketPolicy(this, 'AccessLogsPolicy', {
      bucket: accessLogs.ref,
      policyDocument: policy([sslOnly(accessLogs.attrArn), {
        Sid: 'AllowServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${accessLogs.attrArn}/${ACCESS_LOG_PREFIX}*`,
        Condition: { ArnLike: { 'aws:SourceArn': logBucket.attrArn }, StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }]),
    }));
    const logBucketPolicy = retain(new s3.CfnBucketPolicy(this, 'LogBucketPolicy', {
      bucket: logBucket.ref,
      policyDocument: policy([sslOnly(logBucket.attrArn), {
        Sid: 'AllowMskBrokerLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${logBucket.attrArn}/AWSLogs/${Aws.ACCOUNT_ID}/*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID, 's3:x-amz-acl': 'bucket-owner-full-control' },
          ArnLike: { 'aws:SourceArn': logsArn },
        },
      }, {
        Sid: 'AllowMskBrokerLogDeliveryAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: logBucket.attrArn,
        Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID }, ArnLike: { 'aws:SourceArn': logsArn } },
      }]),
    }));

    // The deploy-time broker volume size lookup, served by the stack's one provider Lambda.
    const subnetIds = props.vpc.isolatedSubnets.map((subnet) => subnet.subnetId);
    const provider = stackProvider(stack);
    const volumeSize = new CfnResource(this, 'BrokerVolumeSize', {
      type: BROKER_VOLUME_SIZE_TYPE,
      properties: {
        ServiceToken: provider.serviceToken,
        ServiceTimeout: String(PROVIDER.serviceTimeoutSeconds),
        ClusterName: clusterName,
        VolumeSize: String(VOLUME_GIB),
        ProvisionedThroughput: '',
        StorageMode: 'LOCAL',
        KafkaVersion: KAFKA_VERSION,
        InstanceType: INSTANCE_TYPE,
        ClientSubnets: Fn.join(',', subnetIds),
        SecurityGroups: securityGroup.attrGroupId,
        DataVolumeKmsKeyId: clusterKey.attrArn,
      },
    });
    volumeSize.cfnOptions.deletionPolicy = CfnDeletionPolicy.DELETE;
    volumeSize.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.DELETE;

    this.cluster = retain(new msk.CfnCluster(this, 'Cluster', {
      clusterName,
      kafkaVersion: KAFKA_VERSION,
      numberOfBrokerNodes: BROKER_IDS.length,
      brokerNodeGroupInfo: {
        instanceType: INSTANCE_TYPE,
        clientSubnets: subnetIds,
        securityGroups: [securityGroup.attrGroupId],
        storageInfo: { ebsStorageInfo: { volumeSize: Token.asNumber(volumeSize.getAtt('VolumeSize')) } },
      },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKmsKeyId: clusterKey.attrArn },
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      clientAuthentication: {
        sasl: { iam: { enabled: true }, scram: { enabled: false } },
        tls: { enabled: false },
        unauthenticated: { enabled: false },
      },
      configurationInfo: { arn: configuration.attrArn, revision: configuration.attrLatestRevisionRevision },
      enhancedMonitoring: 'PER_BROKER',
      loggingInfo: { brokerLogs: { s3: { enabled: true, bucket: logBucket.ref } } },
    }));
    this.cluster.node.addDependency(logBucketPolicy);

    // Alarms notify an encrypted, SSL-only topic that only this account's CloudWatch alarms may publish to.
    const alarmSource = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${stack.region}:${Aws.ACCOUNT_ID}:alarm:*` },
    };
    const topicKey = retain(new kms.CfnKey(this, 'AlarmTopicKey', {
      description: `Encrypts the alarm topic of ${this.node.path}/Monitoring`,
      enableKeyRotation: true,
      keyPolicy: keyPolicy([{
        Sid: 'AllowCloudWatchAlarms',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: alarmSource,
      }]),
    }));
    const topic = new sns.CfnTopic(this, 'AlarmTopic', {
      displayName: `MSK alarms of ${this.node.path}/Monitoring`,
      kmsMasterKeyId: topicKey.attrArn,
    });
    new sns.CfnTopicPolicy(this, 'AlarmTopicPolicy', {
      topics: [topic.ref],
      policyDocument: policy([{
        Sid: 'AllowPublishThroughSSLOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: topic.ref,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }, {
        Sid: 'AllowCloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic.ref,
        Condition: alarmSource,
      }]),
    });

    const alarmArns: string[] = [];
    for (const r of ALARMS) {
      const common = {
        alarmDescription: r.description,
        comparisonOperator: r.comparison,
        threshold: r.threshold,
        evaluationPeriods: r.evaluationPeriods,
        datapointsToAlarm: r.evaluationPeriods,
        treatMissingData: r.treatMissingData,
        alarmActions: [topic.ref],
        okActions: [topic.ref],
      };
      // Per-broker metrics: one alarm on a Metrics Insights query grouped by "Broker ID" (a contributor per broker).
      const resource = r.perBroker
        ? new cloudwatch.CfnAlarm(this, r.id, {
          ...common,
          metrics: [{ id: 'expr_1', expression: alarmQuery(r, clusterName), label: alarmLabel(r), period: r.periodSeconds, returnData: true }],
        })
        : new cloudwatch.CfnAlarm(this, r.id, {
          ...common,
          namespace: 'AWS/Kafka',
          metricName: r.metricName,
          dimensions: [{ name: 'Cluster Name', value: clusterName }],
          statistic: STATISTIC_OF[r.fn],
          period: r.periodSeconds,
        });
      alarmArns.push(resource.attrArn);
    }

    new cloudwatch.CfnDashboard(this, 'Dashboard', { dashboardBody: stack.toJsonString(dashboardBody(clusterName, alarmArns)) });

    const target = retain(new appscaling.CfnScalableTarget(this, 'StorageTarget', {
      serviceNamespace: 'kafka',
      scalableDimension: 'kafka:broker-storage:VolumeSize',
      resourceId: this.cluster.ref,
      minCapacity: VOLUME_GIB,
      maxCapacity: MAX_VOLUME_GIB,
    }));
    retain(new appscaling.CfnScalingPolicy(this, 'StoragePolicy', {
      policyName: 'broker-storage-target-tracking',
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.ref,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: STORAGE_TARGET_PERCENT,
        disableScaleIn: true,
        predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
      },
    }));
  }
}

/** The quickstart (VPC + one cluster), hand-written. */
export class L1QuickstartStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: AZS });
    new L1Cluster(this, 'Events', { vpc });
  }
}

/** Builds the L1 quickstart stack in `app` (same stack name as the library's quickstart). */
export function buildL1Quickstart(app: App): Stack {
  return new L1QuickstartStack(app, 'MskQuickstart', { env: ENV });
}

type Json = { [key: string]: unknown };

function retain<T extends CfnResource>(resource: T): T {
  resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
  resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
  return resource;
}

function policy(statements: Json[]): Json {
  return { Version: '2012-10-17', Statement: statements };
}

/** Account administration, no grants except for AWS resources (CT.KMS.PR.3), plus `extra`. */
function keyPolicy(extra: Json[]): Json {
  return policy([
    { Effect: 'Allow', Principal: { AWS: ACCOUNT_ROOT }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'DenyGrantsNotForAwsResources',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    },
    ...extra,
  ]);
}

function sslOnly(bucketArn: string): Json {
  return {
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** The dashboard JSON: 5 graphs (3 per row), the (empty) consumer-lag graph and the alarm status widget. */
function dashboardBody(clusterName: string, alarmArns: string[]): Json {
  const line = (l: DashboardLine, axis: Json): unknown[] => (l.perBroker
    ? [{ label: l.label, expression: brokerQuery(l.fn, l.metricName, clusterName), ...axis }]
    : ['AWS/Kafka', l.metricName, 'Cluster Name', clusterName, { label: l.label, ...axis, period: l.periodSeconds, stat: STATISTIC_OF[l.fn] }]);
  const graph = (title: string, x: number, y: number, metrics?: unknown[][]): Json => ({
    type: 'metric',
    width: WIDGET_WIDTH,
    height: WIDGET_HEIGHT,
    x,
    y,
    properties: { view: 'timeSeries', title, region: Aws.REGION, ...(metrics ? { metrics } : {}), yAxis: {} },
  });
  const widgets = DASHBOARD_GRAPHS.map((g, i) => graph(g.title, (i < 3 ? i : i - 3) * WIDGET_WIDTH, i < 3 ? 0 : WIDGET_HEIGHT,
    [...g.left.map((l) => line(l, {})), ...(g.right ?? []).map((l) => line(l, { yAxis: 'right' }))]));
  widgets.push(
    graph('Consumer lag (max offset lag)', 0, 2 * WIDGET_HEIGHT),
    { type: 'alarm', width: 2 * WIDGET_WIDTH, height: WIDGET_HEIGHT, x: WIDGET_WIDTH, y: 2 * WIDGET_HEIGHT, properties: { title: 'Alarms', alarms: alarmArns } },
  );
  return { widgets };
}

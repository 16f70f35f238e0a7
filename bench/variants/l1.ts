/**
 * Variant (b), the floor: the quickstart's resources written by hand with L1 (Cfn*) constructs only,
 * literal properties and policy documents, no L2 helpers. The VPC is the same CompliantVpc as in the
 * other variants. Differences from the library's template are listed in docs/PERFORMANCE.md.
 */
import {
  App,
  Aws,
  CfnDeletionPolicy,
  CfnResource,
  Fn,
  Stack,
  StackProps,
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
  alarmInstances,
  AZS,
  BROKER_IDS,
  CPU_EXPRESSION,
  DASHBOARD_GRAPHS,
  ENV,
  INSTANCE_TYPE,
  KAFKA_VERSION,
  LOG_RETENTION_DAYS,
  MAX_VOLUME_GIB,
  METRIC_STATS,
  NONCURRENT_RETENTION_DAYS,
  SERVER_PROPERTIES,
  STORAGE_TARGET_PERCENT,
  VOLUME_GIB,
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

    const securityGroup = new ec2.CfnSecurityGroup(this, 'SecurityGroup', {
      groupDescription: `MSK brokers of ${this.node.path}`,
      vpcId: props.vpc.vpcId,
      securityGroupEgress: [{ cidrIp: '255.255.255.255/32', description: 'Disallow all traffic', ipProtocol: 'icmp', fromPort: 252, toPort: 86 }],
    });
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
    const logKey = retain(new kms.CfnKey(this, 'LogBucketKey', {
      description: `Encrypts MSK broker logs in ${this.node.path}/BrokerLogBucket`,
      enableKeyRotation: true,
      keyPolicy: keyPolicy([{
        Sid: 'AllowBrokerLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }]),
    }));
    const logBucket = retain(new s3.CfnBucket(this, 'LogBucket', {
      ...privateBucket,
      bucketEncryption: {
        serverSideEncryptionConfiguration: [{ bucketKeyEnabled: true, serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: logKey.attrArn } }],
      },
      loggingConfiguration: { destinationBucketName: accessLogs.ref, logFilePrefix: ACCESS_LOG_PREFIX },
    }));
    new s3.CfnBucketPolicy(this, 'AccessLogsPolicy', {
      bucket: accessLogs.ref,
      policyDocument: policy([sslOnly(accessLogs.attrArn), {
        Sid: 'AllowServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${accessLogs.attrArn}/${ACCESS_LOG_PREFIX}*`,
        Condition: { ArnLike: { 'aws:SourceArn': logBucket.attrArn }, StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }]),
    });
    const logsArn = `arn:${Aws.PARTITION}:logs:${stack.region}:${Aws.ACCOUNT_ID}:*`;
    const logBucketPolicy = new s3.CfnBucketPolicy(this, 'LogBucketPolicy', {
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
    });

    this.cluster = retain(new msk.CfnCluster(this, 'Cluster', {
      clusterName,
      kafkaVersion: KAFKA_VERSION,
      numberOfBrokerNodes: BROKER_IDS.length,
      brokerNodeGroupInfo: {
        instanceType: INSTANCE_TYPE,
        clientSubnets: props.vpc.isolatedSubnets.map((subnet) => subnet.subnetId),
        securityGroups: [securityGroup.attrGroupId],
        storageInfo: { ebsStorageInfo: { volumeSize: VOLUME_GIB } },
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

    // Alarms notify an encrypted, SSL-only topic.
    const topicKey = retain(new kms.CfnKey(this, 'AlarmTopicKey', {
      description: `Encrypts the alarm topic of ${this.node.path}/Monitoring`,
      enableKeyRotation: true,
      keyPolicy: keyPolicy([{
        Sid: 'AllowCloudWatchAlarms',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
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
      }]),
    });

    const alarmArns: string[] = [];
    for (const alarm of alarmInstances()) {
      const dimensions = [...(alarm.brokerId > 0 ? [{ name: 'Broker ID', value: String(alarm.brokerId) }] : []), { name: 'Cluster Name', value: clusterName }];
      const common = {
        alarmDescription: alarm.description,
        comparisonOperator: alarm.row.comparison,
        threshold: alarm.row.threshold,
        evaluationPeriods: alarm.row.evaluationPeriods,
        datapointsToAlarm: alarm.row.evaluationPeriods,
        treatMissingData: 'notBreaching',
        alarmActions: [topic.ref],
        okActions: [topic.ref],
      };
      const stat = (metricName: string, metricId: string) => ({
        id: metricId,
        returnData: false,
        metricStat: { metric: { namespace: 'AWS/Kafka', metricName, dimensions }, period: alarm.row.periodSeconds, stat: alarm.row.statistic },
      });
      const resource = alarm.row.metricName === CPU_EXPRESSION
        ? new cloudwatch.CfnAlarm(this, alarm.id, {
          ...common,
          metrics: [
            { id: 'expr_1', expression: 'cpuUser + cpuSystem', label: `CPU user + system, broker ${alarm.brokerId}`, returnData: true },
            stat('CpuUser', 'cpuUser'),
            stat('CpuSystem', 'cpuSystem'),
          ],
        })
        : new cloudwatch.CfnAlarm(this, alarm.id, {
          ...common,
          namespace: 'AWS/Kafka',
          metricName: alarm.row.metricName,
          dimensions,
          statistic: alarm.row.statistic,
          period: alarm.row.periodSeconds,
        });
      alarmArns.push(resource.attrArn);
    }

    new cloudwatch.CfnDashboard(this, 'Dashboard', { dashboardBody: stack.toJsonString(dashboardBody(clusterName, alarmArns)) });

    const target = new appscaling.CfnScalableTarget(this, 'StorageTarget', {
      serviceNamespace: 'kafka',
      scalableDimension: 'kafka:broker-storage:VolumeSize',
      resourceId: this.cluster.ref,
      minCapacity: VOLUME_GIB,
      maxCapacity: MAX_VOLUME_GIB,
    });
    new appscaling.CfnScalingPolicy(this, 'StoragePolicy', {
      policyName: 'broker-storage-target-tracking',
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.ref,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: STORAGE_TARGET_PERCENT,
        disableScaleIn: true,
        predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
      },
    });
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

/** The dashboard JSON: 5 graphs, the (empty) consumer-lag graph and the alarm status widget. */
function dashboardBody(clusterName: string, alarmArns: string[]): Json {
  const width = 8;
  const height = 6;
  const metricLine = (name: string, brokerId: number, options: Json): unknown[] => {
    const s = METRIC_STATS[name];
    const dims = brokerId > 0 ? ['Broker ID', String(brokerId), 'Cluster Name', clusterName] : ['Cluster Name', clusterName];
    const statOptions = { ...(s.periodSeconds !== 300 ? { period: s.periodSeconds } : {}), ...(s.statistic !== 'Average' ? { stat: s.statistic } : {}) };
    return ['AWS/Kafka', name, ...dims, { ...options, ...statOptions }];
  };
  const lines = (name: string, axis: Json): unknown[][] => {
    if (name === CPU_EXPRESSION) {
      return BROKER_IDS.flatMap((b) => [
        [{ label: `broker ${b}`, expression: `user${b} + system${b}` }],
        metricLine('CpuUser', b, { id: `user${b}`, visible: false }),
        metricLine('CpuSystem', b, { id: `system${b}`, visible: false }),
      ]);
    }
    if (!METRIC_STATS[name].perBroker) {
      const label = name === 'OfflinePartitionsCount' ? 'offline partitions' : 'active controllers';
      return [metricLine(name, 0, { label, ...axis })];
    }
    return BROKER_IDS.map((b) => metricLine(name, b, { label: `broker ${b}`, ...axis }));
  };
  const positions = [[0, 0], [8, 0], [16, 0], [0, 6], [8, 6]];
  const widgets: Json[] = DASHBOARD_GRAPHS.map((graph, i) => ({
    type: 'metric',
    width,
    height,
    x: positions[i][0],
    y: positions[i][1],
    properties: {
      view: 'timeSeries',
      title: graph.title,
      region: Aws.REGION,
      metrics: [...graph.left.flatMap((m) => lines(m, {})), ...(graph.right ?? []).flatMap((m) => lines(m, { yAxis: 'right' }))],
      yAxis: {},
    },
  }));
  widgets.push(
    { type: 'metric', width, height, x: 0, y: 12, properties: { view: 'timeSeries', title: 'Consumer lag (max offset lag)', region: Aws.REGION, yAxis: {} } },
    { type: 'alarm', width: width * 2, height, x: 8, y: 12, properties: { title: 'Alarms', alarms: alarmArns } },
  );
  return { widgets };
}

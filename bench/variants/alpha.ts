/**
 * Variant (c): the same topology with `@aws-cdk/aws-msk-alpha`. Its `Cluster` construct makes the
 * cluster (equivalent settings: same version, instance type, 3 brokers, IAM auth, TLS, our key, our
 * configuration, PER_BROKER monitoring, S3 broker logs); what alpha does not offer (configuration,
 * log buckets, keys, alarm topic, alarms, dashboard, storage autoscaling, the broker volume size lookup) is
 * written the way an alpha user would: with aws-cdk-lib L2 constructs (L1 where no L2 fits, aws-cdk-lib's
 * CustomResourceProvider for the lookup's Lambda), building the same resources as the library.
 */
import * as mskAlpha from '@aws-cdk/aws-msk-alpha';
import {
  App,
  ArnFormat,
  CfnDeletionPolicy,
  CustomResource,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  StackProps,
  aws_applicationautoscaling as appscaling,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_ec2 as ec2,
  aws_iam as iam,
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
  BROKER_VOLUME_SIZE_TYPE,
  brokerQuery,
  DASHBOARD_GRAPHS,
  DashboardLine,
  ENV,
  INSTANCE_TYPE,
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

/** Props of {@link AlphaCluster}. */
export interface AlphaClusterProps {
  readonly vpc: ec2.IVpc;
}

/** One alpha `Cluster` and the resources the library adds around a cluster, with L2 constructs. */
export class AlphaCluster extends Construct {
  public readonly cluster: mskAlpha.Cluster;

  constructor(scope: Construct, id: string, props: AlphaClusterProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const clusterName = `${stack.stackName}-${id}`;
    const removalPolicy = RemovalPolicy.RETAIN;

    const clusterKey = managedKey(this, 'Key', `Encrypts the broker volumes of MSK cluster ${this.node.path}`);
    const configuration = new msk.CfnConfiguration(this, 'Configuration', {
      name: `${clusterName}-Configuration-3-9-x-kraft`,
      description: `Broker configuration of ${this.node.path}`,
      kafkaVersionsList: [mskAlpha.KafkaVersion.V3_9_X_KRAFT.version],
      serverProperties: SERVER_PROPERTIES,
    });
    // Kept when the stack is deleted (a cluster may still use it), replaced freely (a new revision).
    configuration.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    configuration.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.DELETE;

    const secure: s3.BucketProps = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(LOG_RETENTION_DAYS), noncurrentVersionExpiration: Duration.days(NONCURRENT_RETENTION_DAYS) }],
      removalPolicy,
    };
    const accessLogs = new s3.Bucket(this, 'AccessLogs', { ...secure, encryption: s3.BucketEncryption.S3_MANAGED });
    const logsArn = stack.formatArn({ service: 'logs', resource: '*' });
    const logKey = managedKey(this, 'LogBucketKey', `Encrypts MSK broker logs in ${this.node.path}/BrokerLogBucket`);
    logKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowBrokerLogDelivery',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': logsArn } },
    }));
    const logBucket = new s3.Bucket(this, 'LogBucket', { ...secure, encryption: s3.BucketEncryption.KMS, encryptionKey: logKey, bucketKeyEnabled: true });
    (logBucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: accessLogs.bucketName,
      logFilePrefix: ACCESS_LOG_PREFIX,
    };
    accessLogs.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowServerAccessLogDelivery',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [accessLogs.arnForObjects(`${ACCESS_LOG_PREFIX}*`)],
      conditions: { ArnLike: { 'aws:SourceArn': logBucket.bucketArn }, StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
    // alpha adds these only under the S3_CREATE_DEFAULT_LOGGING_POLICY feature flag, which a bare App does not set.
    const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
    logBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowMskBrokerLogDelivery',
      principals: [delivery],
      actions: ['s3:PutObject'],
      resources: [logBucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account, 's3:x-amz-acl': 'bucket-owner-full-control' },
        ArnLike: { 'aws:SourceArn': logsArn },
      },
    }));
    logBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowMskBrokerLogDeliveryAclCheck',
      principals: [delivery],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [logBucket.bucketArn],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': logsArn } },
    }));

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `MSK brokers of ${this.node.path}`,
      allowAllOutbound: false,
    });
    securityGroup.applyRemovalPolicy(removalPolicy);
    const subnets = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });

    // The deploy-time broker volume size lookup, served by the stack's one provider Lambda.
    const volumeSize = new CustomResource(this, 'BrokerVolumeSize', {
      serviceToken: stackProvider(stack).serviceToken,
      resourceType: BROKER_VOLUME_SIZE_TYPE,
      serviceTimeout: Duration.seconds(PROVIDER.serviceTimeoutSeconds),
      properties: {
        ClusterName: clusterName,
        VolumeSize: String(VOLUME_GIB),
        ProvisionedThroughput: '',
        StorageMode: 'LOCAL',
        KafkaVersion: mskAlpha.KafkaVersion.V3_9_X_KRAFT.version,
        InstanceType: INSTANCE_TYPE,
        ClientSubnets: Fn.join(',', subnets.subnetIds),
        SecurityGroups: securityGroup.securityGroupId,
        DataVolumeKmsKeyId: clusterKey.keyArn,
      },
    });

    this.cluster = new mskAlpha.Cluster(this, 'Cluster', {
      clusterName,
      kafkaVersion: mskAlpha.KafkaVersion.V3_9_X_KRAFT,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      numberOfBrokerNodes: 1,
      instanceType: new ec2.InstanceType('m7g.large'),
      securityGroups: [securityGroup],
      ebsStorageInfo: { volumeSize: VOLUME_GIB, encryptionKey: clusterKey },
      configurationInfo: { arn: configuration.attrArn, revision: configuration.attrLatestRevisionRevision },
      monitoring: { clusterMonitoringLevel: mskAlpha.ClusterMonitoringLevel.PER_BROKER },
      logging: { s3: { bucket: logBucket } },
      encryptionInTransit: { clientBroker: mskAlpha.ClientBrokerEncryption.TLS, enableInCluster: true },
      clientAuthentication: mskAlpha.ClientAuthentication.sasl({ iam: true }),
      removalPolicy,
    });
    accessLogs.policy!.applyRemovalPolicy(removalPolicy);
    logBucket.policy!.applyRemovalPolicy(removalPolicy);
    this.cluster.node.addDependency(logBucket.policy!);
    // alpha checks volumeSize as a number (1-16384) and so refuses a deploy-time value: set it on the L1.
    (this.cluster.node.defaultChild as msk.CfnCluster).addPropertyOverride(
      'BrokerNodeGroupInfo.StorageInfo.EBSStorageInfo.VolumeSize', volumeSize.getAtt('VolumeSize'));

    // Only this account's CloudWatch alarms may use the topic's key and publish to it.
    const alarmSource = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    };
    const topicKey = managedKey(this, 'AlarmTopicKey', `Encrypts the alarm topic of ${this.node.path}/Monitoring`);
    topicKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarms',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: alarmSource,
    }));
    const topic = new sns.Topic(this, 'AlarmTopic', { masterKey: topicKey, enforceSSL: true, displayName: `MSK alarms of ${this.node.path}/Monitoring` });
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: alarmSource,
    }));
    const action = new actions.SnsAction(topic);

    const classic = (metricName: string, statistic: string, periodSeconds: number, label?: string) => new cloudwatch.Metric({
      namespace: 'AWS/Kafka', metricName, statistic, period: Duration.seconds(periodSeconds), label, dimensionsMap: { 'Cluster Name': clusterName },
    });
    const alarms: cloudwatch.Alarm[] = [];
    for (const r of ALARMS) {
      const alarm = new cloudwatch.Alarm(this, r.id, {
        // Per-broker metrics: one alarm on a Metrics Insights query grouped by "Broker ID" (a contributor per broker).
        metric: r.perBroker
          ? new cloudwatch.MathExpression({
            expression: alarmQuery(r, clusterName), usingMetrics: {}, period: Duration.seconds(r.periodSeconds), label: alarmLabel(r),
          })
          : classic(r.metricName, STATISTIC_OF[r.fn], r.periodSeconds),
        threshold: r.threshold,
        comparisonOperator: r.comparison as cloudwatch.ComparisonOperator,
        evaluationPeriods: r.evaluationPeriods,
        datapointsToAlarm: r.evaluationPeriods,
        treatMissingData: r.treatMissingData as cloudwatch.TreatMissingData,
        alarmDescription: r.description,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      alarms.push(alarm);
    }

    const line = (l: DashboardLine): cloudwatch.IMetric => (l.perBroker
      ? new cloudwatch.MathExpression({
        expression: brokerQuery(l.fn, l.metricName, clusterName), usingMetrics: {}, period: Duration.minutes(5), label: l.label,
      })
      : classic(l.metricName, STATISTIC_OF[l.fn], l.periodSeconds ?? 300, l.label));
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard');
    const graphs = DASHBOARD_GRAPHS.map((g) => new cloudwatch.GraphWidget({
      title: g.title, left: g.left.map(line), right: g.right?.map(line), width: WIDGET_WIDTH, height: WIDGET_HEIGHT,
    }));
    dashboard.addWidgets(...graphs.slice(0, 3));
    dashboard.addWidgets(...graphs.slice(3));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Consumer lag (max offset lag)', left: [], width: WIDGET_WIDTH, height: WIDGET_HEIGHT }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: WIDGET_WIDTH * 2, height: WIDGET_HEIGHT }),
    );

    // No L2 here: appscaling.ScalableTarget would add an IAM role; MSK uses its service-linked role.
    const target = new appscaling.CfnScalableTarget(this, 'StorageTarget', {
      serviceNamespace: 'kafka',
      scalableDimension: 'kafka:broker-storage:VolumeSize',
      resourceId: this.cluster.clusterArn,
      minCapacity: VOLUME_GIB,
      maxCapacity: MAX_VOLUME_GIB,
    });
    const policy = new appscaling.CfnScalingPolicy(this, 'StoragePolicy', {
      policyName: 'broker-storage-target-tracking',
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.ref,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: STORAGE_TARGET_PERCENT,
        disableScaleIn: true,
        predefinedMetricSpecification: { predefinedMetricType: appscaling.PredefinedMetric.KAFKA_BROKER_STORAGE_UTILIZATION },
      },
    });
    target.applyRemovalPolicy(removalPolicy);
    policy.applyRemovalPolicy(removalPolicy);
  }
}

/** The quickstart (VPC + one cluster) with the alpha module. */
export class AlphaQuickstartStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: AZS });
    new AlphaCluster(this, 'Events', { vpc });
  }
}

/** Builds the alpha quickstart stack in `app` (same stack name as the library's quickstart). */
export function buildAlphaQuickstart(app: App): Stack {
  return new AlphaQuickstartStack(app, 'MskQuickstart', { env: ENV });
}

/** A rotated customer-managed key that only AWS services may create grants on (as the library's keys). */
function managedKey(scope: Construct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsNotForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}

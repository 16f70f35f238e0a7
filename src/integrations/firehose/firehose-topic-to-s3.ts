import {
  ArnFormat,
  Duration,
  RemovalPolicy,
  Resource,
  Size,
  SizeRoundingBehavior,
  Stack,
  Token,
  aws_cloudwatch as cloudwatch,
  aws_iam as iam,
  aws_kinesisfirehose as firehose,
  aws_kms as kms,
  aws_logs as logs,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DataLakeBucket } from '../data-lake-bucket';
import { staticPrefix } from '../s3-prefix';
import { TOPIC_TO_S3_RULES, TOPIC_TO_S3_WARNINGS, TopicToS3Facts } from './firehose-topic-to-s3-rules';
import { clusterInternals } from '../../cluster/cluster-internals';
import { IMskCluster } from '../../cluster/cluster-ref';
import { ProvisionedCluster } from '../../cluster/provisioned-cluster';
import { createEncryptedLogGroup } from '../../logging/encrypted-log-group';
import { IntegrationAlarmOptions } from '../../monitoring/alarm-options';
import { Acknowledgement, acknowledge } from '../../validation/acknowledgements';
import { shareCreationTrace } from '../../validation/creation-trace';
import { checkRules, warnRules } from '../../validation/rules';
import { acknowledgeWildcardResources } from '../../validation/wildcard-findings';
import { createIntegrationAlarms } from '../integration-alarms';

/** How Firehose reaches the brokers of the source cluster. */
export class FirehoseConnectivity {
  /**
   * Through multi-VPC private connectivity (AWS PrivateLink): the cluster needs
   * `multiVpcConnectivity: { iam: true }` and a cluster policy for Firehose, which the construct
   * adds to a `ProvisionedCluster` of this app. Recommended.
   */
  public static readonly PRIVATE = new FirehoseConnectivity('PRIVATE');
  /** Through the public bootstrap brokers: the cluster needs `publicAccess: true` with IAM. */
  public static readonly PUBLIC = new FirehoseConnectivity('PUBLIC');

  /** The value CloudFormation takes. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/** Where in the topic Firehose starts reading. */
export class TopicStartPosition {
  /** From the time the delivery stream becomes active (Firehose's default). */
  public static whenActive(): TopicStartPosition {
    return new TopicStartPosition(undefined);
  }

  /** From the earliest record still in the topic. */
  public static earliest(): TopicStartPosition {
    return new TopicStartPosition(new Date(0));
  }

  /** From the first record at or after `timestamp` (UTC). */
  public static at(timestamp: Date): TopicStartPosition {
    return new TopicStartPosition(timestamp);
  }

  /** The start time, or undefined for "when the stream becomes active". */
  public readonly timestamp?: Date;

  private constructor(timestamp: Date | undefined) {
    this.timestamp = timestamp;
  }
}

/** How Firehose compresses the objects it writes. */
export class DeliveryCompression {
  /** GZIP (readable by Athena, Glue and Spark). */
  public static readonly GZIP = new DeliveryCompression('GZIP');
  /** Snappy, framed. */
  public static readonly SNAPPY = new DeliveryCompression('Snappy');
  /** Hadoop-compatible Snappy. */
  public static readonly HADOOP_SNAPPY = new DeliveryCompression('HADOOP_SNAPPY');
  /** ZIP. */
  public static readonly ZIP = new DeliveryCompression('ZIP');
  /** No compression. */
  public static readonly UNCOMPRESSED = new DeliveryCompression('UNCOMPRESSED');

  /** The value CloudFormation takes. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/** Props of {@link TopicToS3}. */
export interface TopicToS3Props {
  /** The source cluster; it must enable IAM client authentication. */
  readonly cluster: IMskCluster;
  /** The topic to deliver (one name, no pattern). Changing it replaces the delivery stream. */
  readonly topicName: string;
  /**
   * How Firehose reaches the brokers. Changing it replaces the delivery stream.
   * @default FirehoseConnectivity.PRIVATE
   */
  readonly connectivity?: FirehoseConnectivity;
  /**
   * Where in the topic Firehose starts reading. Changing it replaces the delivery stream.
   * @default TopicStartPosition.whenActive()
   */
  readonly startPosition?: TopicStartPosition;
  /**
   * The destination bucket.
   * @default - a new `DataLakeBucket` (SSE-KMS with its own key, SSL only, versioned, access logs, retained)
   */
  readonly bucket?: s3.IBucket;
  /**
   * The customer-managed key of `bucket`, which Firehose then encrypts objects with. Only with `bucket`.
   * @default - the bucket's `encryptionKey` when it has one, else the bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * S3 key prefix of delivered objects; may use Firehose `!{timestamp:...}` expressions.
   * @default - `topic=<topicName>/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`
   */
  readonly prefix?: string;
  /**
   * S3 key prefix of records Firehose could not deliver; with expressions it must use `!{firehose:error-output-type}`.
   * @default - `errors/topic=<topicName>/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`
   */
  readonly errorOutputPrefix?: string;
  /**
   * Longest time Firehose buffers records before it writes an object (0 to 900 seconds).
   * @default Duration.minutes(5)
   */
  readonly bufferingInterval?: Duration;
  /**
   * Largest amount of data Firehose buffers before it writes an object (1 to 128 MiB).
   * @default Size.mebibytes(64)
   */
  readonly bufferingSize?: Size;
  /**
   * Compression of the delivered objects.
   * @default DeliveryCompression.GZIP
   */
  readonly compression?: DeliveryCompression;
  /**
   * Name of the delivery stream. Changing it replaces the delivery stream.
   * @default - generated by CloudFormation
   */
  readonly deliveryStreamName?: string;
  /**
   * How long delivery errors are kept in the encrypted CloudWatch log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Removal policy of what holds data: the bucket the construct creates, its keys and the error log group.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The recommended alarm: data freshness above the buffering interval plus 10 minutes (15
   * minutes with the default interval).
   * @default - on, with the cluster's alarm actions (none for an imported cluster)
   */
  readonly alarms?: IntegrationAlarmOptions;
}

/**
 * How far DeliveryToS3.DataFreshness may exceed the buffering interval before the freshness alarm
 * fires: with the default 5-minute interval the alarm fires at 15 minutes, the buffering limit the
 * Amazon Data Firehose developer guide names ("Implement best practices with CloudWatch Alarms").
 */
const FRESHNESS_ALARM_MARGIN = Duration.minutes(10);

const DEFAULT_INTERVAL = Duration.minutes(5);
const DEFAULT_SIZE = Size.mebibytes(64);
const HOURLY = 'year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/';
const ERROR_STREAM = 'DestinationDelivery';

/** Rules acknowledged on the delivery stream and its policy, with reasons (listed in README). */
export const TOPIC_TO_S3_ACKNOWLEDGEMENTS: Acknowledgement[] = [
  {
    rule: 'AwsSolutions-KDF1',
    reason: 'Firehose offers server-side encryption only for Direct PUT streams; with Amazon MSK as the source, records are encrypted at rest '
      + 'by MSK, in transit by TLS, and in S3 by the bucket\'s KMS key that the stream writes with.',
  },
];

/**
 * Why the Firehose role's two wildcard resources are needed (acknowledged per resource as
 * AwsSolutions-IAM5[Resource::...]; listed in README).
 */
export const TOPIC_TO_S3_WILDCARD_REASON = 'Firehose writes objects under keys it generates below the static part of the configured prefixes '
  + '(<bucket ARN>/<prefix>*), and reads the topic with a consumer group whose name it chooses (group/<cluster>/<uuid>/*). '
  + 'Every other statement names one cluster, topic, bucket, key or log stream.';
const WILDCARD_REASON = TOPIC_TO_S3_WILDCARD_REASON;

/**
 * Delivers one topic of an MSK cluster to S3 through Amazon Data Firehose (MSK as source):
 * hourly partitioned, compressed objects in a secure data lake bucket, KMS encryption of the
 * objects, delivery errors logged to an encrypted log group, and a least-privilege role whose
 * statements sit in a customer-managed policy. For PRIVATE connectivity on a `ProvisionedCluster`
 * of this app, the construct adds the cluster-policy statement Firehose needs.
 *
 * The source (cluster, topic, connectivity, start position) and the stream name are fixed at
 * creation: changing them replaces the delivery stream, which starts reading anew.
 */
export class TopicToS3 extends Resource {
  /** ARN of the delivery stream. */
  public readonly deliveryStreamArn: string;
  /** Name of the delivery stream. */
  public readonly deliveryStreamName: string;
  /** The destination bucket. */
  public readonly bucket: s3.IBucket;
  /** The data lake bucket the construct created, when no bucket was given. */
  public readonly dataLake?: DataLakeBucket;
  /** The role Firehose assumes. */
  public readonly role: iam.IRole;
  /** The customer-managed policy holding the role's permissions. */
  public readonly policy: iam.ManagedPolicy;
  /** The log group of delivery errors. */
  public readonly logGroup: logs.ILogGroup;
  /** The underlying AWS::KinesisFirehose::DeliveryStream. */
  public readonly cfnDeliveryStream: firehose.CfnDeliveryStream;
  /** The recommended alarms (empty with `alarms: { enabled: false }`). */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: TopicToS3Props) {
    super(scope, id, { physicalName: props.deliveryStreamName });
    shareCreationTrace(this, new.target);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const connectivity = props.connectivity ?? FirehoseConnectivity.PRIVATE;
    const interval = props.bufferingInterval ?? DEFAULT_INTERVAL;
    const size = props.bufferingSize ?? DEFAULT_SIZE;
    const prefix = props.prefix ?? `topic=${props.topicName}/${HOURLY}`;
    const errorOutputPrefix = props.errorOutputPrefix ?? `errors/topic=${props.topicName}/!{firehose:error-output-type}/${HOURLY}`;
    const internals = clusterInternals(props.cluster);
    const encryptionKey = props.encryptionKey ?? props.bucket?.encryptionKey;
    const facts: TopicToS3Facts = {
      topicName: props.topicName,
      connectivity: connectivity.value,
      cluster: internals.network,
      deliveryStreamName: props.deliveryStreamName,
      bufferingIntervalSeconds: interval.toSeconds({ integral: false }),
      bufferingSizeMiB: size.toMebibytes({ rounding: SizeRoundingBehavior.NONE }),
      prefix,
      errorOutputPrefix,
      startTimestampMs: props.startPosition?.timestamp?.getTime(),
      encryptionKeyGiven: props.encryptionKey !== undefined,
      bucketGiven: props.bucket !== undefined,
      kmsEncrypted: encryptionKey !== undefined,
    };
    checkRules(this, 'TopicToS3', TOPIC_TO_S3_RULES, facts);
    warnRules(this, TOPIC_TO_S3_WARNINGS, facts);

    // Destination: the given bucket, or a new data lake bucket.
    if (props.bucket) {
      this.bucket = props.bucket;
    } else {
      this.dataLake = new DataLakeBucket(this, 'DataLake', { removalPolicy });
      this.bucket = this.dataLake.bucket;
    }
    const objectKey = props.bucket ? encryptionKey : this.dataLake!.encryptionKey;

    const logGroup = createEncryptedLogGroup(this, 'Logs', {
      purpose: 'Firehose delivery errors',
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    const logStream = new logs.LogStream(this, 'ErrorStream', { logGroup, logStreamName: ERROR_STREAM, removalPolicy });
    this.logGroup = logGroup;

    // Role and least-privilege policy.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
      description: `Firehose reads topic ${props.topicName} of an MSK cluster into S3 (${this.node.path})`,
    });
    this.role = role;
    const arns = internals.arns;
    const groups = new iam.PolicyStatement({
      sid: 'DescribeConsumerGroups',
      actions: ['kafka-cluster:DescribeGroup'],
      resources: [arns.group('*')],
    });
    const objects = new iam.PolicyStatement({
      sid: 'WriteObjects',
      actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      resources: [...new Set([staticPrefix(prefix), staticPrefix(errorOutputPrefix)])].map((p) => this.bucket.arnForObjects(`${p}*`)),
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Permissions of the Firehose stream ${this.node.path}`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadClusterMetadata',
          actions: ['kafka:GetBootstrapBrokers', 'kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka-cluster:Connect'],
          resources: [arns.cluster()],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTopic',
          actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'kafka-cluster:ReadData'],
          resources: [arns.topic(props.topicName)],
        }),
        groups,
        new iam.PolicyStatement({
          sid: 'FindBucket',
          actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          resources: [this.bucket.bucketArn],
        }),
        objects,
        new iam.PolicyStatement({
          sid: 'LogDeliveryErrors',
          actions: ['logs:PutLogEvents'],
          resources: [stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: `${logGroup.logGroupName}:log-stream:${ERROR_STREAM}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          })],
        }),
      ],
    });
    if (objectKey) {
      this.policy.addStatements(new iam.PolicyStatement({
        sid: 'EncryptObjects',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [objectKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }));
    }
    acknowledgeWildcardResources(this.policy, [groups, objects], WILDCARD_REASON);

    // PRIVATE connectivity: let Firehose create its managed VPC connection to a cluster of this app.
    // That is all the cluster policy needs to allow the service principal (Amazon Data Firehose
    // developer guide, "Configure source settings for Amazon MSK": a resource-based policy that grants
    // the Firehose service principal CreateVpcConnection); the stream reads with its role.
    const clusterPolicy = connectivity === FirehoseConnectivity.PRIVATE && props.cluster instanceof ProvisionedCluster
      ? props.cluster.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowFirehoseVpcConnection',
        principals: [new iam.ServicePrincipal('firehose.amazonaws.com')],
        actions: ['kafka:CreateVpcConnection'],
        resources: [props.cluster.clusterArn],
      }))
      : undefined;

    this.cfnDeliveryStream = new firehose.CfnDeliveryStream(this, 'Resource', {
      deliveryStreamName: this.physicalName,
      deliveryStreamType: 'MSKAsSource',
      mskSourceConfiguration: {
        mskClusterArn: props.cluster.clusterArn,
        topicName: props.topicName,
        authenticationConfiguration: { connectivity: connectivity.value, roleArn: role.roleArn },
        readFromTimestamp: renderTimestamp(props.startPosition?.timestamp),
      },
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix,
        errorOutputPrefix,
        bufferingHints: {
          intervalInSeconds: interval.toSeconds(),
          sizeInMBs: size.toMebibytes(),
        },
        compressionFormat: (props.compression ?? DeliveryCompression.GZIP).value,
        encryptionConfiguration: objectKey ? { kmsEncryptionConfig: { awskmsKeyArn: objectKey.keyArn } } : undefined,
        cloudWatchLoggingOptions: { enabled: true, logGroupName: logGroup.logGroupName, logStreamName: ERROR_STREAM },
      },
    });
    // Firehose checks its role when the stream is created: the policy (and the cluster policy) must exist first.
    this.cfnDeliveryStream.node.addDependency(this.policy, logStream);
    if (clusterPolicy?.policyDependable) {
      this.cfnDeliveryStream.node.addDependency(clusterPolicy.policyDependable);
    }
    acknowledge(this.cfnDeliveryStream, TOPIC_TO_S3_ACKNOWLEDGEMENTS);

    this.deliveryStreamArn = this.getResourceArnAttribute(this.cfnDeliveryStream.attrArn, {
      service: 'firehose',
      resource: 'deliverystream',
      resourceName: this.physicalName,
    });
    this.deliveryStreamName = this.getResourceNameAttribute(this.cfnDeliveryStream.ref);

    // Firehose delivers a buffer when its interval (or size) is reached, so the oldest record is normally
    // younger than the interval plus the time to write it; AWS recommends alarming on DataFreshness above
    // the buffering limit (Amazon Data Firehose developer guide, "Implement best practices with CloudWatch Alarms").
    const freshnessSeconds = interval.toSeconds() + FRESHNESS_ALARM_MARGIN.toSeconds();
    this.alarms = createIntegrationAlarms(this, props.alarms, () => props.cluster.alarmActions, [{
      id: 'DataFreshnessAlarm',
      definition: {
        metric: this.metricDataFreshness(),
        threshold: freshnessSeconds,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        // The threshold already allows 10 minutes beyond the interval: one 5-minute period above it fires.
        evaluationPeriods: 1,
        // Firehose reports freshness while it holds records. Missing data keeps the alarm's state: a stream
        // that stops reporting while stale (stuck, suspended) stays in ALARM, and an idle topic stays OK.
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
        summary: `Records of topic ${props.topicName} wait more than ${Token.isUnresolved(freshnessSeconds) ? 'the threshold' : `${freshnessSeconds} seconds`} `
          + `in Firehose stream ${this.node.path} before reaching S3 (DeliveryToS3.DataFreshness).`,
        action: 'Check the stream\'s delivery errors in its log group and S3 metrics (DeliveryToS3.Success); then whether the stream can still '
          + 'read the cluster (its state in the Firehose console, the cluster policy and the role\'s topic access).',
      },
    }]);
  }

  /**
   * A Firehose metric of this stream (namespace AWS/Firehose, dimension DeliveryStreamName),
   * e.g. `DeliveryToS3.DataFreshness` or `DeliveryToS3.Success`.
   * @default - Average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Firehose',
      metricName,
      dimensionsMap: { DeliveryStreamName: this.deliveryStreamName },
      ...props,
    }).attachTo(this);
  }

  /** Age in seconds of the oldest record not yet delivered to S3. Maximum over 5 minutes. */
  public metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.DataFreshness', { statistic: 'Maximum', ...props });
  }
}


/** An ISO-8601 UTC timestamp without milliseconds, as ReadFromTimestamp takes it. */
function renderTimestamp(timestamp: Date | undefined): string | undefined {
  return timestamp === undefined ? undefined : timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

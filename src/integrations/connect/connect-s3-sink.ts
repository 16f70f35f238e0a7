import { Duration, Stack, Token, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { KafkaConnector, KafkaConnectorOptions } from './connect-connector';
import { S3_SINK_RULES } from './connect-s3-sink-rules';
import { checkRules } from '../../validation/rules';
import { acknowledgeWildcardResources } from '../../validation/wildcard-findings';

/** Why the S3 sink role's object wildcard is needed (acknowledged as AwsSolutions-IAM5[Resource::...]; listed in README). */
export const S3_SINK_WILDCARD_REASON = 'The S3 sink writes objects under keys it generates (topic, partition or time, offsets) below topicsDir of one bucket; '
  + 'the role may write nowhere else.';

const STRING_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter';

/** How the Confluent S3 sink writes records: the format class and the converters it needs. */
export class S3SinkFormat {
  /** JSON lines from schemaless JSON values (JsonConverter with schemas off). */
  public static readonly JSON = new S3SinkFormat('io.confluent.connect.s3.format.json.JsonFormat', {
    'key.converter': STRING_CONVERTER,
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
  });
  /** The raw record values, byte for byte. */
  public static readonly BYTES = new S3SinkFormat('io.confluent.connect.s3.format.bytearray.ByteArrayFormat', {
    'key.converter': STRING_CONVERTER,
    'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
  });

  /** Any format class, with the converter settings it needs (e.g. Avro or Parquet with a schema registry). */
  public static custom(formatClass: string, converterConfiguration: { [key: string]: string }): S3SinkFormat {
    return new S3SinkFormat(formatClass, converterConfiguration);
  }

  /** The `format.class` of the connector. */
  public readonly formatClass: string;
  /** Converter settings that go with it. */
  public readonly converterConfiguration: { [key: string]: string };

  private constructor(formatClass: string, converterConfiguration: { [key: string]: string }) {
    this.formatClass = formatClass;
    this.converterConfiguration = converterConfiguration;
  }
}

/** How the S3 sink lays out object keys below `topicsDir`. */
export class S3SinkPartitioner {
  /** `<topic>/partition=<n>/`: the connector's default. */
  public static readonly DEFAULT = new S3SinkPartitioner({ 'partitioner.class': 'io.confluent.connect.storage.partitioner.DefaultPartitioner' });
  /** `<topic>/year=YYYY/month=MM/day=dd/hour=HH/` by record timestamp, in UTC (Hive-style, for Athena and Glue). */
  public static readonly HOURLY = S3SinkPartitioner.timeBased("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", Duration.hours(1));
  /** `<topic>/year=YYYY/month=MM/day=dd/` by record timestamp, in UTC. */
  public static readonly DAILY = S3SinkPartitioner.timeBased("'year'=YYYY/'month'=MM/'day'=dd", Duration.days(1));

  private static timeBased(pathFormat: string, duration: Duration): S3SinkPartitioner {
    return new S3SinkPartitioner({
      'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
      'path.format': pathFormat,
      'partition.duration.ms': String(duration.toMilliseconds()),
      'timestamp.extractor': 'Record',
      'locale': 'en-US',
    });
  }

  /** The partitioner settings. */
  public readonly configuration: { [key: string]: string };

  private constructor(configuration: { [key: string]: string }) {
    this.configuration = configuration;
  }
}

/** Props of {@link S3SinkConnector}. */
export interface S3SinkConnectorProps extends KafkaConnectorOptions {
  /** Topics to copy to S3 (exact names). The role may read them as the group `connect-<connectorName>`. */
  readonly topics: string[];
  /** The destination bucket, in the stack's Region. */
  readonly bucket: s3.IBucket;
  /**
   * The bucket's customer-managed key: objects are written with SSE-KMS under it, and the role may use it through S3.
   * @default - the bucket's `encryptionKey` when it has one, else the bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Top-level key prefix (no leading or trailing '/'); the role may write only below it.
   * @default 'topics'
   */
  readonly topicsDir?: string;
  /**
   * Record format of the objects.
   * @default S3SinkFormat.JSON
   */
  readonly format?: S3SinkFormat;
  /**
   * Key layout below `topicsDir`.
   * @default S3SinkPartitioner.HOURLY
   */
  readonly partitioner?: S3SinkPartitioner;
  /**
   * Records per object before the connector writes it (`flush.size`).
   * @default 1000
   */
  readonly flushSize?: number;
  /**
   * Longest time before open objects are written whatever their size (`rotate.schedule.interval.ms`, wall clock).
   * @default Duration.minutes(10)
   */
  readonly rotateInterval?: Duration;
  /**
   * More connector settings, applied last (e.g. `{ 'errors.tolerance': 'all' }`).
   * @default - none
   */
  readonly additionalConfiguration?: { [key: string]: string };
}

/**
 * A `KafkaConnector` running the Confluent Amazon S3 sink (the plugin must contain
 * `io.confluent.connect.s3.S3SinkConnector`): it copies topics to S3 with the chosen format and
 * key layout, writes SSE-KMS objects with the bucket's key, and its role may write only below
 * `topicsDir` of that bucket. Tombstones (null values) are skipped.
 *
 * The workers reach S3 over HTTPS: the security group the construct creates allows egress on
 * port 443, and the subnets need a route to S3 (an S3 gateway endpoint or a NAT gateway).
 */
export class S3SinkConnector extends KafkaConnector {
  /** The destination bucket. */
  public readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: S3SinkConnectorProps) {
    const topicsDir = props.topicsDir ?? 'topics';
    const key = props.encryptionKey ?? props.bucket.encryptionKey;
    const flushSize = props.flushSize ?? 1000;
    const rotate = props.rotateInterval ?? Duration.minutes(10);
    const rotateIntervalMs = rotate.toMilliseconds({ integral: false });
    const format = props.format ?? S3SinkFormat.JSON;
    super(scope, id, {
      ...props,
      readTopics: props.topics,
      connectorConfiguration: {
        'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
        'topics': props.topics.join(','),
        's3.region': Stack.of(scope).region,
        's3.bucket.name': props.bucket.bucketName,
        'topics.dir': topicsDir,
        'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
        'format.class': format.formatClass,
        'flush.size': String(flushSize),
        'rotate.schedule.interval.ms': String(rotateIntervalMs),
        'timezone': 'UTC',
        'behavior.on.null.values': 'ignore',
        ...(key ? { 's3.ssea.name': 'aws:kms', 's3.sse.kms.key.id': key.keyArn } : {}),
        ...format.converterConfiguration,
        ...(props.partitioner ?? S3SinkPartitioner.HOURLY).configuration,
        ...tasksMax(props),
        ...props.additionalConfiguration,
      },
    });
    checkRules(this, 'S3SinkConnector', S3_SINK_RULES, { topics: props.topics, topicsDir, flushSize, rotateIntervalMs });
    this.bucket = props.bucket;

    // Least privilege on the bucket: find it, write and complete uploads below topicsDir.
    iam.Grant.addToPrincipal({
      grantee: this,
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resourceArns: [props.bucket.bucketArn],
    });
    const objects = iam.Grant.addToPrincipal({
      grantee: this,
      actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resourceArns: [props.bucket.arnForObjects(`${topicsDir}/*`)],
    });
    acknowledgeWildcardResources(this.policy, objects.principalStatements, S3_SINK_WILDCARD_REASON);
    if (key) {
      this.policy.addStatements(new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }));
    }
    if (props.securityGroups === undefined) {
      this.connections.allowTo(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to Amazon S3 (through an S3 gateway endpoint or NAT)');
    }
  }
}

/** tasks.max for provisioned capacity: one task per MCU; autoscaling lets MSK Connect set it. */
function tasksMax(props: S3SinkConnectorProps): { [key: string]: string } {
  const capacity = props.capacity;
  if (capacity === undefined || capacity.mode !== 'provisioned' || Token.isUnresolved(capacity.minWorkers) || Token.isUnresolved(capacity.mcuCount)) {
    return {};
  }
  return { 'tasks.max': String(capacity.minWorkers * capacity.mcuCount) };
}

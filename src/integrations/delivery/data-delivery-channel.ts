import {
  CfnResource, Duration, Lazy, RemovalPolicy, Resource, Stack, Token,
  aws_cloudwatch as cloudwatch, aws_iam as iam, aws_kms as kms, aws_logs as logs, aws_msk as msk, aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  DataDeliveryDestination, DeliveryStorageClass, IcebergCompression, IcebergDeliveryOptions, IcebergInputFormat, S3DeliveryCompression,
  S3ValueConverter,
} from './delivery-destination';
import { guardIcebergTable, schemaVersionWarning, withoutFreshness } from './delivery-guards';
import { bucketWrite, icebergStatements, keyThroughS3 } from './delivery-role';
import {
  DATA_DELIVERY_RULES, DATA_DELIVERY_WARNINGS, DataDeliveryFacts, DEFAULT_FRESHNESS_SECONDS, MAX_FRESHNESS_SECONDS,
} from './delivery-rules';
import { ManagedPolicyGrantee } from '../../auth/managed-policy-grantee';
import { clusterInternals } from '../../cluster/cluster-internals';
import type { IMskCluster } from '../../cluster/cluster-ref';
import { toCloudFormation } from '../../config/cloudformation-properties';
import { createEncryptedLogGroup } from '../../logging/encrypted-log-group';
import { IntegrationAlarmOptions } from '../../monitoring/alarm-options';
import { shareCreationTrace } from '../../validation/creation-trace';
import { checkRules, warnRules } from '../../validation/rules';
import { acknowledgeWildcardResources } from '../../validation/wildcard-findings';
import { nameWithCreateOnlyHash } from '../create-only-name';
import { DataLakeBucket } from '../data-lake-bucket';
import { createIntegrationAlarms } from '../integration-alarms';

/** Props of {@link DataDeliveryChannel}. */
export interface DataDeliveryChannelProps {
  /** The source cluster: a provisioned cluster with Express brokers. */
  readonly cluster: IMskCluster;
  /** The topic to deliver (one exact name). MSK delivers the records produced after the channel is created. */
  readonly topicName: string;
  /** Where the records go. */
  readonly destination: DataDeliveryDestination;
  /**
   * Name of the channel, unique in the cluster (1–64 letters, digits, `.`, `_`, `-`).
   * @default - generated from the construct path and a hash of the settings fixed at creation, so that a
   * changed setting creates a channel of another name before the old one is deleted
   */
  readonly channelName?: string;
  /**
   * How long records may wait before they are written (5 to 15 minutes). The only setting that changes in place.
   * @default Duration.minutes(10)
   */
  readonly dataFreshness?: Duration;
  /**
   * Where records that cannot be delivered are reported (MSK requires one).
   * @default - the destination bucket for S3 delivery (under `deadLetterPrefix`), a new `DataLakeBucket` for Iceberg
   */
  readonly deadLetterBucket?: s3.IBucket;
  /**
   * The dead-letter bucket's customer-managed key, which the channel's role may then use. Only with `deadLetterBucket`.
   * @default - the bucket's `encryptionKey` when it has one
   */
  readonly deadLetterBucketKey?: kms.IKey;
  /**
   * Key prefix of the dead-letter reports.
   * @default - `dead-letters/<topicName>/`
   */
  readonly deadLetterPrefix?: string;
  /**
   * A customer-managed key for the delivered data at rest (the channel's encryption configuration).
   * @default - the destination's own encryption (the bucket's default encryption, or the table bucket's)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * How long the channel's log (schema resolution, deliveries, errors) is kept in its encrypted log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the buckets and the log group the construct creates when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The recommended alarms: data freshness beyond twice the setting, and failed records.
   * @default - on, notifying the cluster's alarm actions
   */
  readonly alarms?: IntegrationAlarmOptions;
}

/**
 * An MSK Data Delivery channel (AWS::MSK::Channel): an Express cluster writes one topic straight to Amazon S3,
 * as objects in a general purpose bucket or as an Apache Iceberg table on S3 Tables, with no connector to run
 * and no added broker egress (MSK developer guide, "Amazon MSK Data Delivery"). The construct adds the service
 * role MSK assumes (its documented permissions, nothing else), a secure dead-letter bucket, an encrypted log
 * group for the channel's log, and alarms on data freshness and failed records.
 */
export class DataDeliveryChannel extends Resource {
  /** The channel resource (AWS::MSK::Channel). */
  public readonly cfnChannel: CfnResource;
  /** The channel's name. */
  public readonly channelName: string;
  /** The channel's ARN. */
  public readonly channelArn: string;
  /** The role MSK assumes to deliver. */
  public readonly role: iam.IRole;
  /** The destination bucket (S3 delivery). */
  public readonly bucket?: s3.IBucket;
  /** The dead-letter bucket. */
  public readonly deadLetterBucket: s3.IBucket;
  /** The channel's log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The recommended alarms (empty when disabled). */
  public readonly alarms: cloudwatch.Alarm[];

  private readonly cluster: IMskCluster;
  private readonly topicName: string;
  private readonly metricPrefix: string;

  constructor(scope: Construct, id: string, props: DataDeliveryChannelProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    const stack = Stack.of(this);
    const destination = props.destination;
    const iceberg = destination.icebergOptions;
    const s3Options = destination.s3Options ?? {};
    const network = clusterInternals(props.cluster).assumedNetwork;
    const freshness = props.dataFreshness?.toSeconds() ?? DEFAULT_FRESHNESS_SECONDS;
    const facts: DataDeliveryFacts = {
      clusterKind: network.kind,
      express: clusterInternals(props.cluster).network === undefined ? undefined : network.express,
      topicName: props.topicName,
      channelName: props.channelName,
      freshnessSeconds: freshness,
      destination: iceberg ? 'iceberg' : 's3',
      outputPrefix: s3Options.outputPrefix,
      outputKeyTemplate: s3Options.outputKeyTemplate,
      deadLetterPrefix: props.deadLetterPrefix,
      keysWithoutBucket: [
        ...(s3Options.bucketKey && !s3Options.bucket ? ['bucketKey'] : []),
        ...(props.deadLetterBucketKey && !props.deadLetterBucket ? ['deadLetterBucketKey'] : []),
      ],
      tableBucketArn: iceberg?.tableBucketArn,
      namespace: iceberg?.namespace,
      tableName: iceberg?.tableName,
      schemaFormat: iceberg?.schema.dataFormat.format,
      stackRegion: stack.region,
    };
    checkRules(this, 'DataDeliveryChannel', DATA_DELIVERY_RULES, facts);
    warnRules(this, DATA_DELIVERY_WARNINGS, facts);
    this.cluster = props.cluster;
    this.topicName = props.topicName;
    this.metricPrefix = iceberg ? 'DeliveryToIceberg' : 'DeliveryToS3';
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    // The role MSK assumes for this channel, from this account's channels only (MSK developer guide,
    // "Amazon MSK Data Delivery", "Service execution role": the trust policy and its confused-deputy conditions).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('kafka.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'kafka', resource: 'channel', resourceName: '*' }) },
      }),
      description: `MSK Data Delivery of topic ${props.topicName} (${this.node.path})`,
    });
    this.role = role;
    const statements: iam.PolicyStatement[] = [];
    const wildcards: iam.PolicyStatement[] = [];

    // The destination.
    let destinationConfig: Pick<msk.CfnChannelProps, 's3DestinationConfiguration' | 'icebergDestinationConfiguration'>;
    const deadLetterPrefix = props.deadLetterPrefix ?? `dead-letters/${props.topicName}/`;
    let deadLetters: { bucket: s3.IBucket; key?: kms.IKey };
    if (iceberg) {
      deadLetters = this.deadLetters(props, removalPolicy);
      statements.push(...icebergStatements(iceberg, props.encryptionKey !== undefined));
      destinationConfig = { icebergDestinationConfiguration: this.icebergConfig(iceberg, role, freshness, deadLetters.bucket, deadLetterPrefix) };
    } else {
      const created = s3Options.bucket ? undefined : new DataLakeBucket(this, 'Bucket', { removalPolicy });
      const bucket = s3Options.bucket ?? created!.bucket;
      const bucketKey = s3Options.bucketKey ?? created?.encryptionKey ?? bucket.encryptionKey;
      this.bucket = bucket;
      deadLetters = props.deadLetterBucket ? this.deadLetters(props, removalPolicy) : { bucket, key: bucketKey };
      const outputPrefix = s3Options.outputPrefix ?? `topic=${props.topicName}/`;
      const objects = bucketWrite(bucket, outputPrefix);
      statements.push(...objects.statements);
      wildcards.push(objects.write);
      if (bucketKey) {
        statements.push(keyThroughS3(bucketKey, stack.region));
      }
      destinationConfig = {
        s3DestinationConfiguration: {
          serviceExecutionRoleArn: role.roleArn,
          dataFreshnessInSeconds: freshness,
          deadLetterQueueS3: { bucketArn: deadLetters.bucket.bucketArn, errorOutputPrefix: deadLetterPrefix },
          storage: {
            bucketArn: bucket.bucketArn,
            outputPrefix,
            outputKeyTemplate: s3Options.outputKeyTemplate ?? 'year=!{yyyy}/month=!{MM}/day=!{dd}/hour=!{HH}/!{partition-id}-!{kafka-offset}',
            compressionType: (s3Options.compression ?? S3DeliveryCompression.GZIP).value,
            storageClass: (s3Options.storageClass ?? DeliveryStorageClass.STANDARD).value,
          },
        },
      };
    }
    this.deadLetterBucket = deadLetters.bucket;
    const dlq = bucketWrite(deadLetters.bucket, deadLetterPrefix);
    statements.push(...dlq.statements);
    wildcards.push(dlq.write);
    if (deadLetters.key && deadLetters.key !== (s3Options.bucketKey ?? this.bucket?.encryptionKey)) {
      statements.push(keyThroughS3(deadLetters.key, stack.region));
    }

    // The channel's own log: an encrypted log group the role writes ("Amazon CloudWatch Logs" of Data Delivery).
    const logGroup = createEncryptedLogGroup(this, 'Logs', {
      purpose: `the log of MSK Data Delivery channel ${this.node.path}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    this.logGroup = logGroup;
    const logStatement = new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup.logGroupArn}:*`] });
    statements.push(logStatement);
    wildcards.push(logStatement);

    // One customer-managed policy: the statements above, and the schema and key grants below.
    const access = new ManagedPolicyGrantee(this, 'Access', { role });
    const policy = access.policy;
    policy.addStatements(...statements);
    if (iceberg) {
      iceberg.schema.grantRead(access);
    }
    if (props.encryptionKey) {
      props.encryptionKey.grant(access, 'kms:GenerateDataKey', 'kms:Decrypt');
    }
    acknowledgeWildcardResources(policy, wildcards,
      'MSK names the objects it writes and its log streams itself; each statement is limited to one prefix of one bucket, or to the channel\'s one log group.');
    const icebergWildcards = statements.filter((st) => st.actions.some((a) => a.startsWith('s3tables:')));
    if (icebergWildcards.length > 0) {
      acknowledgeWildcardResources(policy, icebergWildcards,
        'The channel creates its table itself; the statement is limited to the tables of one table bucket (MSK developer guide, "Service execution role").');
    }

    // The channel.
    const converter = iceberg
      ? (iceberg.inputFormat ?? IcebergInputFormat.JSON).value
      : (s3Options.valueConverter ?? S3ValueConverter.BYTE_ARRAY).value;
    const topicArn = clusterInternals(props.cluster).arns.topic(props.topicName);
    // Everything but the data freshness is fixed at creation (AWS::MSK::Channel: only DataFreshnessInSeconds and Tags update in place).
    const createOnly = {
      topicArn,
      converter,
      destination: withoutFreshness(destinationConfig),
      encryption: props.encryptionKey?.keyArn,
      logGroup: logGroup.logGroupName,
      deadLetterPrefix,
    };
    this.channelName = props.channelName ?? Lazy.string({ produce: () => nameWithCreateOnlyHash(this, createOnly, { maxLength: 64 }) });
    // A CfnResource rather than msk.CfnChannel: that L1 only exists from aws-cdk-lib 2.268.0, above the peer minimum.
    const channelProps: msk.CfnChannelProps = {
      channelName: this.channelName,
      clusterArn: props.cluster.clusterArn,
      topicConfigurationList: [{
        topicArn,
        recordConverter: { valueConverter: converter },
        recordSchema: iceberg && converter === IcebergInputFormat.JSON.value ? { gsrArn: iceberg.schema.schemaArn } : undefined,
      }],
      ...destinationConfig,
      encryptionConfiguration: props.encryptionKey ? { kmsKeyArn: props.encryptionKey.keyArn } : undefined,
      loggingInfo: { cloudWatchLogs: { enabled: true, logGroup: logGroup.logGroupName } },
    };
    this.cfnChannel = new CfnResource(this, 'Resource', {
      type: 'AWS::MSK::Channel',
      properties: toCloudFormation(channelProps) as Record<string, unknown>,
    });
    // MSK checks the role when it creates the channel.
    this.cfnChannel.node.addDependency(policy, role);
    this.channelArn = Token.asString(this.cfnChannel.getAtt('ChannelArn'));

    if (iceberg) {
      guardIcebergTable(this, iceberg, createOnly);
      this.node.addValidation({ validate: () => schemaVersionWarning(this, iceberg) });
    }

    this.alarms = createIntegrationAlarms(this, props.alarms, () => props.cluster.alarmActions, [
      {
        id: 'ChannelDataFreshnessAlarm',
        definition: {
          metric: this.metricDataFreshness(),
          // MSK writes within the freshness setting; twice the setting (at least 15 minutes) means it falls behind
          // ("Throughput and data freshness": alarm on DataFreshness above the configured freshness).
          threshold: Math.max(2 * freshness, MAX_FRESHNESS_SECONDS),
          comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
          treatMissingData: cloudwatch.TreatMissingData.IGNORE,
          summary: `Records of topic ${props.topicName} wait longer than twice the channel's data freshness before reaching `
            + `${iceberg ? 'the Iceberg table' : 'S3'} (${this.metricPrefix}.DataFreshness, channel ${this.node.path}).`,
          action: 'Check the channel\'s state and its log group; then the topic\'s throughput against the channel\'s (BytesIn, BytesOut).',
        },
      },
      {
        id: 'ChannelFailedRecordsAlarm',
        definition: {
          metric: this.metricFailedRecords(),
          threshold: 0,
          comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          summary: `Records of topic ${props.topicName} could not be delivered and went to the dead-letter bucket (channel ${this.node.path}).`,
          action: 'Read the dead-letter reports and the channel\'s log for the error (format, schema, permissions); fix the producer or the schema.',
        },
      },
    ]);
  }

  /**
   * A Data Delivery metric of this channel (namespace AWS/Kafka; dimensions ClusterName, ChannelName, Topic),
   * e.g. `DeliveryToS3.BytesOut` or `DeliveryToIceberg.CommitSuccess` (MSK developer guide, "Amazon MSK Data
   * Delivery", "Amazon CloudWatch metrics").
   * @default - Average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Kafka',
      metricName,
      dimensionsMap: { ClusterName: this.cluster.clusterName, ChannelName: this.channelName, Topic: this.topicName },
      ...props,
    }).attachTo(this);
  }

  /** Age in seconds of the oldest record delivered (`<prefix>.DataFreshness`). Maximum over 5 minutes. */
  public metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(`${this.metricPrefix}.DataFreshness`, { statistic: 'Maximum', ...props });
  }

  /** Records that could not be delivered (`DeliveryToS3.FailedRecordCount` or `DeliveryToIceberg.FailedRowCount`). Sum over 5 minutes. */
  public metricFailedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(this.metricPrefix === 'DeliveryToIceberg' ? 'DeliveryToIceberg.FailedRowCount' : 'DeliveryToS3.FailedRecordCount',
      { statistic: 'Sum', ...props });
  }

  /** Bytes read from the topic (`<prefix>.BytesIn`). Sum over 5 minutes. */
  public metricBytesIn(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(`${this.metricPrefix}.BytesIn`, { statistic: 'Sum', ...props });
  }

  /** Bytes written to the destination (`<prefix>.BytesOut`). Sum over 5 minutes. */
  public metricBytesOut(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(`${this.metricPrefix}.BytesOut`, { statistic: 'Sum', ...props });
  }

  /** The dead-letter bucket: the given one, or a new secure `DataLakeBucket`. */
  private deadLetters(props: DataDeliveryChannelProps, removalPolicy: RemovalPolicy): { bucket: s3.IBucket; key?: kms.IKey } {
    if (props.deadLetterBucket) {
      return { bucket: props.deadLetterBucket, key: props.deadLetterBucketKey ?? props.deadLetterBucket.encryptionKey };
    }
    const created = new DataLakeBucket(this, 'DeadLetters', { removalPolicy });
    return { bucket: created.bucket, key: created.encryptionKey };
  }

  private icebergConfig(iceberg: IcebergDeliveryOptions, role: iam.IRole, freshness: number, deadLetters: s3.IBucket, deadLetterPrefix: string):
  msk.CfnChannel.IcebergDestinationConfigurationProperty {
    // What MSK supports today (CreateChannel API): append only, no schema evolution, the channel creates its table.
    return {
      serviceExecutionRoleArn: role.roleArn,
      dataFreshnessInSeconds: freshness,
      appendOnly: true,
      schemaEvolution: { enableSchemaEvolution: false },
      tableCreation: { enableTableCreation: true },
      catalog: { warehouseLocation: iceberg.tableBucketArn },
      compressionType: (iceberg.compression ?? IcebergCompression.ZSTD).value,
      deadLetterQueueS3: { bucketArn: deadLetters.bucketArn, errorOutputPrefix: deadLetterPrefix },
      destinationTableList: [{
        destinationDatabaseName: iceberg.namespace,
        destinationTableName: iceberg.tableName,
        partitionSpec: iceberg.partitionTimestampColumn === undefined ? undefined : {
          partitionStrategy: 'TIME_HOUR',
          sourceList: [{ sourceName: iceberg.partitionTimestampColumn }],
        },
      }],
    };
  }
}

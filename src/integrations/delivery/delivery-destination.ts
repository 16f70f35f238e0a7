import { aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import type { RegistrySchema } from '../glue/schema-registry';

/*
 * The destinations of an MSK Data Delivery channel and their settings, with the values MSK accepts
 * (MSK developer guide, "Amazon MSK Data Delivery": "Supported configurations" of the S3 and of the Iceberg
 * destination; the CreateChannel API's enumerations).
 */

/** How a channel writes record values into S3 objects. */
export class S3ValueConverter {
  /** Records are JSON; objects hold JSON. */
  public static readonly JSON = new S3ValueConverter('JSON');
  /** Record values as they are, bytes (any format). */
  public static readonly BYTE_ARRAY = new S3ValueConverter('BYTE_ARRAY');
  /** Record values as UTF-8 text. */
  public static readonly STRING = new S3ValueConverter('STRING');

  /** @param value The value CloudFormation takes. */
  private constructor(public readonly value: string) {}
}

/** How a channel compresses the S3 objects it writes. */
export class S3DeliveryCompression {
  public static readonly NONE = new S3DeliveryCompression('NONE');
  public static readonly GZIP = new S3DeliveryCompression('GZIP');
  public static readonly ZSTD = new S3DeliveryCompression('ZSTD');

  /** @param value The value CloudFormation takes. */
  private constructor(public readonly value: string) {}
}

/** The S3 storage class of delivered objects (the three MSK accepts). */
export class DeliveryStorageClass {
  public static readonly STANDARD = new DeliveryStorageClass('STANDARD');
  public static readonly INTELLIGENT_TIERING = new DeliveryStorageClass('INTELLIGENT_TIERING');
  /** S3 Glacier Instant Retrieval: cheapest to keep, dearest to read. */
  public static readonly GLACIER_IR = new DeliveryStorageClass('GLACIER_IR');

  /** @param value The value CloudFormation takes. */
  private constructor(public readonly value: string) {}
}

/** How records of the topic are read into Iceberg rows. */
export class IcebergInputFormat {
  /** Plain JSON records, read with the channel's JSON Schema in the Glue Schema Registry. */
  public static readonly JSON = new IcebergInputFormat('JSON');
  /** Records written by the Glue Schema Registry serializer (JSON Schema, schema id in each record). */
  public static readonly JSON_SCHEMA_GSR = new IcebergInputFormat('JSON_SCHEMA_GSR');

  /** @param value The value CloudFormation takes. */
  private constructor(public readonly value: string) {}
}

/** How the Parquet data files of the Iceberg table are compressed. */
export class IcebergCompression {
  public static readonly ZSTD = new IcebergCompression('ZSTD');
  public static readonly SNAPPY = new IcebergCompression('SNAPPY');

  /** @param value The value CloudFormation takes. */
  private constructor(public readonly value: string) {}
}

/** Options of `DataDeliveryDestination.s3()`. */
export interface S3DeliveryOptions {
  /**
   * The general purpose bucket objects go to.
   * @default - a new `DataLakeBucket` (SSE-KMS with its own key, SSL only, versioned, access logs, retained)
   */
  readonly bucket?: s3.IBucket;
  /**
   * The bucket's customer-managed key, which the channel's role may then use (through S3 only). Only with `bucket`.
   * @default - the bucket's `encryptionKey` when it has one
   */
  readonly bucketKey?: kms.IKey;
  /**
   * How record values are written.
   * @default S3ValueConverter.BYTE_ARRAY (values as they are: never fails on the record format)
   */
  readonly valueConverter?: S3ValueConverter;
  /**
   * Key prefix of every object (letters, digits and `/_-.+=`; prefix and template together at most 1024 characters).
   * @default - `topic=<topicName>/`
   */
  readonly outputPrefix?: string;
  /**
   * The object key after the prefix, with MSK's `!{...}` variables: `channel-id`, `topic-name`, `partition-id`,
   * `kafka-offset`, `sequence-number`, and the time parts `yyyy`, `YY`, `MM`, `dd`, `HH`, `mm`. Exactly one of
   * `!{sequence-number}` and `!{kafka-offset}` (which needs `!{partition-id}`), in the last path segment.
   * @default - `year=!{yyyy}/month=!{MM}/day=!{dd}/hour=!{HH}/!{partition-id}-!{kafka-offset}`
   */
  readonly outputKeyTemplate?: string;
  /**
   * Object compression.
   * @default S3DeliveryCompression.GZIP (read by Athena, Glue and Spark)
   */
  readonly compression?: S3DeliveryCompression;
  /**
   * Storage class of the objects.
   * @default DeliveryStorageClass.STANDARD
   */
  readonly storageClass?: DeliveryStorageClass;
}

/** Options of `DataDeliveryDestination.iceberg()`. */
export interface IcebergDeliveryOptions {
  /** ARN of the S3 table bucket (`arn:aws:s3tables:<region>:<account>:bucket/<name>`), in the cluster's Region. */
  readonly tableBucketArn: string;
  /** The table's namespace (1–255 lowercase letters, digits and `_`; not starting with `aws` or `_`). */
  readonly namespace: string;
  /**
   * The table (1–255 lowercase letters, digits and `_`). The channel creates it: it must not exist yet, and
   * a new channel cannot take over the table of another.
   */
  readonly tableName: string;
  /**
   * The JSON Schema (a `RegistrySchema` with `SchemaFormat.json()`) the rows follow. MSK does not evolve the
   * table: a schema change after the channel is created can stop delivery (README, "Data Delivery").
   */
  readonly schema: RegistrySchema;
  /**
   * How records are read.
   * @default IcebergInputFormat.JSON
   */
  readonly inputFormat?: IcebergInputFormat;
  /**
   * The schema column (a JSON Schema `string` with `format: date-time`) the table is partitioned on, by hour.
   * @default - the table is not partitioned
   */
  readonly partitionTimestampColumn?: string;
  /**
   * Compression of the table's Parquet data files.
   * @default IcebergCompression.ZSTD
   */
  readonly compression?: IcebergCompression;
}

/** Where a channel delivers: objects in a general purpose bucket, or an Apache Iceberg table on S3 Tables. */
export class DataDeliveryDestination {
  /** Objects in a general purpose S3 bucket. */
  public static s3(options: S3DeliveryOptions = {}): DataDeliveryDestination {
    return new DataDeliveryDestination('s3', options, undefined);
  }

  /** An Apache Iceberg table on Amazon S3 Tables, created by the channel. */
  public static iceberg(options: IcebergDeliveryOptions): DataDeliveryDestination {
    return new DataDeliveryDestination('iceberg', undefined, options);
  }

  /** `s3` or `iceberg`. */
  public readonly kind: string;
  /** The S3 settings (`s3` only). */
  public readonly s3Options?: S3DeliveryOptions;
  /** The Iceberg settings (`iceberg` only). */
  public readonly icebergOptions?: IcebergDeliveryOptions;

  private constructor(kind: string, s3Options: S3DeliveryOptions | undefined, icebergOptions: IcebergDeliveryOptions | undefined) {
    this.kind = kind;
    this.s3Options = s3Options;
    this.icebergOptions = icebergOptions;
  }
}

import { Duration, RemovalPolicy, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { createManagedKey } from '../encryption/cluster-key';
import { ACCESS_LOG_BUCKET_ACKNOWLEDGEMENTS, BUCKET_ACKNOWLEDGEMENTS } from '../logging/bucket-acknowledgements';
import { sendServerAccessLogs } from '../logging/server-access-logs';
import { acknowledge } from '../validation/acknowledgements';
import { shareCreationTrace } from '../validation/creation-trace';

/** Props of {@link DataLakeBucket}. */
export interface DataLakeBucketProps {
  /**
   * Removal policy of the bucket, its access-log bucket and its key.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long delivered objects are kept.
   * @default - kept until deleted
   */
  readonly objectRetention?: Duration;
  /**
   * How long overwritten or deleted versions of objects are kept.
   * @default Duration.days(90)
   */
  readonly noncurrentVersionRetention?: Duration;
  /**
   * How long server access logs are kept.
   * @default Duration.days(365)
   */
  readonly accessLogRetention?: Duration;
}

/**
 * A secure S3 bucket for a data lake: SSE-KMS with a rotated customer-managed key (S3 Bucket
 * Keys on), public access blocked, ACLs disabled, SSL only, versioned, incomplete multipart
 * uploads aborted after 7 days, server access logs kept in a companion bucket, retained by
 * default. `TopicToS3` creates one when no bucket is given; use it for connectors too.
 */
export class DataLakeBucket extends Construct {
  /** The data lake bucket. */
  public readonly bucket: s3.Bucket;
  /** The key that encrypts the bucket. */
  public readonly encryptionKey: kms.Key;
  /** The bucket that receives the data lake bucket's server access logs. */
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataLakeBucketProps = {}) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const secure: s3.BucketProps = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy,
    };
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...secure,
      // S3 server access logs can only be delivered to buckets encrypted with SSE-S3.
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [{
        expiration: props.accessLogRetention ?? Duration.days(365),
        noncurrentVersionExpiration: Duration.days(30),
      }],
    });
    acknowledge(this.accessLogsBucket, ACCESS_LOG_BUCKET_ACKNOWLEDGEMENTS);

    this.encryptionKey = createManagedKey(this, 'Key', {
      description: `Encrypts the data lake bucket ${this.node.path}`,
      removalPolicy,
    });
    this.bucket = new s3.Bucket(this, 'Resource', {
      ...secure,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      lifecycleRules: [{
        expiration: props.objectRetention,
        noncurrentVersionExpiration: props.noncurrentVersionRetention ?? Duration.days(90),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      }],
    });
    acknowledge(this.bucket, BUCKET_ACKNOWLEDGEMENTS);
    sendServerAccessLogs(this.bucket, this.accessLogsBucket, 'data-lake-bucket/');
  }
}

import { Duration, RemovalPolicy, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { createManagedKey } from '../encryption/cluster-key';
import { sendServerAccessLogs } from '../logging/server-access-logs';
import { Acknowledgement, acknowledge } from '../validation/acknowledgements';
import { shareCreationTrace } from '../validation/creation-trace';

const NAG_PACKS = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'];

const REPLICATION = 'Cross-Region replication needs a second bucket in another Region and is part of the account\'s backup design, not of a delivery '
  + 'construct; versioning keeps overwritten and deleted objects. Pass your own replicated bucket with the `bucket` property.';
const OBJECT_LOCK = 'Default Object Lock retention would make every delivered object undeletable for the retention period, which blocks compaction '
  + 'and erasure requests in a data lake; versioning, SSL-only access, KMS encryption and blocked public access protect the objects. '
  + 'Pass your own bucket with Object Lock if your records must be immutable.';
const EVENTS = 'The construct does not consume per-object events; add notifications (or EventBridge) to the bucket when a crawler or pipeline needs them.';
const LOGGING_LOOP = 'This bucket receives the server access logs of the data lake bucket; logging it to itself would loop.';
const SSE_S3_ONLY = 'S3 server access logs can only be delivered to buckets encrypted with SSE-S3.';

/** Rules acknowledged on the data lake bucket, with reasons (listed in README). */
export const DATA_LAKE_BUCKET_ACKNOWLEDGEMENTS: Acknowledgement[] = [
  ...NAG_PACKS.map((pack) => ({ rule: `${pack}-S3BucketReplicationEnabled`, reason: REPLICATION })),
  { rule: 'NIST.800.53.R4-S3BucketDefaultLockEnabled', reason: OBJECT_LOCK },
  { rule: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: OBJECT_LOCK },
  { rule: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: EVENTS },
];

/**
 * Rules acknowledged on the data lake's server access log bucket, with reasons (listed in
 * README): exactly the findings the validator wall reports on it.
 */
export const DATA_LAKE_ACCESS_LOG_ACKNOWLEDGEMENTS: Acknowledgement[] = [
  ...DATA_LAKE_BUCKET_ACKNOWLEDGEMENTS,
  { rule: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: LOGGING_LOOP },
  ...['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => ({ rule: `${pack}-S3DefaultEncryptionKMS`, reason: SSE_S3_ONLY })),
  { rule: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: SSE_S3_ONLY },
];

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
    acknowledge(this.accessLogsBucket, DATA_LAKE_ACCESS_LOG_ACKNOWLEDGEMENTS);

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
    acknowledge(this.bucket, DATA_LAKE_BUCKET_ACKNOWLEDGEMENTS);
    sendServerAccessLogs(this.bucket, this.accessLogsBucket, 'data-lake-bucket/');
  }
}

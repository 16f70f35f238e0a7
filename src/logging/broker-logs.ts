import { Duration, RemovalPolicy, Stack, aws_iam as iam, aws_msk as msk, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct, IDependable } from 'constructs';
import { BrokerLogBucket } from './log-bucket';

/** Options for broker logs delivered to S3. */
export interface S3BrokerLogsOptions {
  /**
   * An existing bucket. When it is defined in this app, the log-delivery bucket policy is added
   * to it; for an imported bucket, add that policy yourself (see README, "Broker logs").
   * @default - a new secure bucket (SSE-KMS, SSL only, versioned, public access blocked)
   */
  readonly bucket?: s3.IBucket;
  /**
   * Key prefix for the log objects.
   * @default - no prefix
   */
  readonly prefix?: string;
  /**
   * How long log objects are kept in a bucket this library creates. Ignored with `bucket`.
   * @default Duration.days(365)
   */
  readonly retention?: Duration;
}

/** What binding broker logs to a cluster produced. */
export interface BrokerLogsBinding {
  /** The LoggingInfo of AWS::MSK::Cluster. */
  readonly loggingInfo: msk.CfnCluster.LoggingInfoProperty;
  /** The bucket the library created, if any. */
  readonly createdBucket?: s3.IBucket;
  /** Resources the cluster must wait for (destination policies). */
  readonly dependencies: IDependable[];
}

/**
 * Where MSK delivers broker logs.
 */
export class BrokerLogs {
  /** Broker logs to S3: a new secure bucket by default, or an existing bucket and prefix. */
  public static s3(options: S3BrokerLogsOptions = {}): BrokerLogs {
    return new BrokerLogs(options);
  }

  private constructor(private readonly s3Options: S3BrokerLogsOptions) {}

  /**
   * Creates what the destination needs in `scope` and returns the cluster's LoggingInfo.
   * @internal
   */
  public _bind(scope: Construct, removalPolicy: RemovalPolicy): BrokerLogsBinding {
    const options = this.s3Options;
    let bucket = options.bucket;
    let createdBucket: s3.IBucket | undefined;
    if (!bucket) {
      const created = new BrokerLogBucket(scope, 'BrokerLogBucket', {
        retention: options.retention ?? Duration.days(365),
        removalPolicy,
      });
      bucket = created.bucket;
      createdBucket = created.bucket;
    }
    const dependencies = allowLogDelivery(bucket, options.prefix);
    return {
      loggingInfo: {
        brokerLogs: {
          s3: { enabled: true, bucket: bucket.bucketName, prefix: options.prefix },
        },
      },
      createdBucket,
      dependencies,
    };
  }
}

/** Adds the bucket policy vended-log delivery needs; returns the policy to depend on. */
function allowLogDelivery(bucket: s3.IBucket, prefix: string | undefined): IDependable[] {
  const stack = Stack.of(bucket);
  const principal = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const conditions = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
  };
  const keyPrefix = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowMskBrokerLogDelivery',
    principals: [principal],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(`${keyPrefix}AWSLogs/${stack.account}/*`)],
    conditions: {
      StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
      ArnLike: conditions.ArnLike,
    },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowMskBrokerLogDeliveryAclCheck',
    principals: [principal],
    actions: ['s3:GetBucketAcl', 's3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions,
  }));
  return bucket.policy ? [bucket.policy] : [];
}

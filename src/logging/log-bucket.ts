import { Duration, RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ACCESS_LOG_BUCKET_ACKNOWLEDGEMENTS, BUCKET_ACKNOWLEDGEMENTS } from './bucket-acknowledgements';
import { sendServerAccessLogs } from './server-access-logs';
import { createManagedKey } from '../encryption/cluster-key';
import { acknowledge } from '../validation/acknowledgements';

/** Props of {@link BrokerLogBucket}. */
export interface BrokerLogBucketProps {
  /** How long broker log objects are kept. */
  readonly retention: Duration;
  /** Removal policy of the bucket, its access-log bucket, their bucket policies and the key. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A secure S3 bucket for MSK broker logs: SSE-KMS with a rotated customer-managed key, public
 * access blocked, SSL only, versioned, objects expired after the retention, server access logs
 * kept in a companion bucket.
 */
export class BrokerLogBucket extends Construct {
  /** The bucket broker logs are delivered to. */
  public readonly bucket: s3.Bucket;
  /** The key that encrypts the bucket. */
  public readonly encryptionKey: kms.Key;
  /** The bucket that receives the log bucket's server access logs. */
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: BrokerLogBucketProps) {
    super(scope, id);
    // Private, ACL-free, SSL-only, versioned, expiring: what both buckets share.
    const secure: s3.BucketProps = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ expiration: props.retention, noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: props.removalPolicy,
    };
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...secure,
      // S3 server access logs can only be delivered to buckets encrypted with SSE-S3.
      encryption: s3.BucketEncryption.S3_MANAGED,
    });
    acknowledge(this.accessLogsBucket, ACCESS_LOG_BUCKET_ACKNOWLEDGEMENTS);

    this.encryptionKey = createManagedKey(this, 'Key', {
      description: `Encrypts MSK broker logs in ${this.node.path}`,
      removalPolicy: props.removalPolicy,
    });
    const stack = Stack.of(this);
    // Vended-log delivery writes with the key on behalf of this account's log deliveries only:
    // aws:SourceAccount and aws:SourceArn, as the key policy for SSE-KMS buckets in the CloudWatch
    // Logs user guide, "Logs sent to Amazon S3" (AWS-logs-infrastructure-V2-S3), shows.
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowBrokerLogDelivery',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
      },
    }));

    this.bucket = new s3.Bucket(this, 'Resource', {
      ...secure,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
    });
    acknowledge(this.bucket, BUCKET_ACKNOWLEDGEMENTS);
    sendServerAccessLogs(this.bucket, this.accessLogsBucket, 'broker-log-bucket/');
    // The bucket policies (SSL only, log delivery, server access logs) go with their buckets: a
    // retained bucket without its policy would neither receive logs nor refuse plain HTTP.
    for (const bucket of [this.bucket, this.accessLogsBucket]) {
      bucket.policy?.applyRemovalPolicy(props.removalPolicy);
    }
  }
}

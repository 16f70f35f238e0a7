import { aws_iam as iam, aws_kms as kms, aws_s3 as s3, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';

/** The resource behind a destination. */
interface Target {
  readonly queue?: sqs.IQueue;
  readonly topic?: sns.ITopic;
  readonly bucket?: s3.IBucket;
}

/**
 * Adds `actions` on `key`, when there is one, to `grant`, in the grantee's policy (the key
 * policy must trust the account, as keys of this library and CDK's defaults do).
 */
function withKey(grant: iam.Grant, grantee: iam.IGrantable, key: kms.IKey | undefined, ...actions: string[]): iam.Grant {
  return key ? grant.combine(iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [key.keyArn] })) : grant;
}

/**
 * Where Lambda sends a record of a batch it gave up on (the metadata; S3 also gets the
 * records). The execution role gets only the permission to write there, and to use the
 * destination's KMS key. Lambda reaches the destination from the cluster's subnets, so the
 * cluster's VPC needs an interface endpoint (or NAT) for SQS, SNS or S3.
 */
export class ConsumerFailureDestination {
  /** An SQS queue (sqs:SendMessage; kms:GenerateDataKey and kms:Decrypt on its key). */
  public static sqs(queue: sqs.IQueue): ConsumerFailureDestination {
    return new ConsumerFailureDestination('sqs', queue.queueArn, { queue });
  }

  /** An SNS topic (sns:Publish; kms:GenerateDataKey and kms:Decrypt on its key). Payloads above 256 KB are dropped. */
  public static sns(topic: sns.ITopic): ConsumerFailureDestination {
    return new ConsumerFailureDestination('sns', topic.topicArn, { topic });
  }

  /** An S3 bucket (s3:PutObject on its objects, s3:ListBucket; kms:GenerateDataKey on its key). */
  public static s3(bucket: s3.IBucket): ConsumerFailureDestination {
    return new ConsumerFailureDestination('s3', bucket.bucketArn, { bucket });
  }

  /** `sqs`, `sns` or `s3`. */
  public readonly kind: string;
  /** ARN of the destination. */
  public readonly destinationArn: string;

  private constructor(kind: string, destinationArn: string, private readonly target: Target) {
    this.kind = kind;
    this.destinationArn = destinationArn;
  }

  /**
   * Lets `grantee` write failure records to the destination.
   * @internal
   */
  public _grant(grantee: iam.IGrantable): iam.Grant {
    const { queue, topic, bucket } = this.target;
    if (queue) {
      const send = iam.Grant.addToPrincipal({ grantee, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
      return withKey(send, grantee, queue.encryptionMasterKey, 'kms:GenerateDataKey', 'kms:Decrypt');
    }
    if (topic) {
      const publish = iam.Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [topic.topicArn] });
      return withKey(publish, grantee, topic.masterKey, 'kms:GenerateDataKey', 'kms:Decrypt');
    }
    const put = iam.Grant.addToPrincipal({ grantee, actions: ['s3:PutObject'], resourceArns: [bucket!.arnForObjects('*')] })
      .combine(iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [bucket!.bucketArn] }));
    return withKey(put, grantee, bucket!.encryptionKey, 'kms:GenerateDataKey');
  }
}

import { Stack, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';

/**
 * Sends the server access logs of `bucket` to `accessLogsBucket` under `prefix`, with a bucket
 * policy for the S3 logging service rather than the LogDeliveryWrite ACL, so both buckets keep
 * ACLs disabled whatever the app's feature flags.
 */
export function sendServerAccessLogs(bucket: s3.Bucket, accessLogsBucket: s3.Bucket, prefix: string): void {
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: accessLogsBucket.bucketName,
    logFilePrefix: prefix,
  };
  accessLogsBucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowServerAccessLogDelivery',
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [accessLogsBucket.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': bucket.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account },
    },
  }));
}

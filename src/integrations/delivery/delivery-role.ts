import { aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { IcebergDeliveryOptions } from './delivery-destination';
import { staticPrefix } from '../s3-prefix';

/*
 * The statements of a Data Delivery channel's service role (MSK developer guide, "Amazon MSK Data Delivery",
 * "Service execution role" of each destination, and "Encryption at rest").
 */

/**
 * Write access to `prefix` of `bucket` and the bucket-level reads MSK makes (MSK developer guide, "Service execution
 * role" of Data Delivery: list, multipart-upload listing and location on the bucket; object writes under the prefix).
 * The guide's policy also names S3 API operations that are not IAM actions (CreateMultipartUpload, UploadPart,
 * CompleteMultipartUpload: all authorized by s3:PutObject; Amazon S3 user guide, "Multipart upload API and permissions").
 */
export function bucketWrite(bucket: s3.IBucket, prefix: string): { statements: iam.PolicyStatement[]; write: iam.PolicyStatement } {
  const write = new iam.PolicyStatement({
    actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    resources: [bucket.arnForObjects(`${staticPrefix(prefix)}*`)],
  });
  return {
    statements: [
      new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:GetBucketLocation'], resources: [bucket.bucketArn] }),
      write,
    ],
    write,
  };
}

/** `kms:GenerateDataKey` and `kms:Decrypt` on `key`, through S3 of this Region only ("Encryption at rest" of Data Delivery). */
export function keyThroughS3(key: kms.IKey, region: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
  });
}

/**
 * The S3 Tables actions of the Iceberg destination, on the table bucket and its tables (MSK developer guide, "Amazon
 * MSK Data Delivery", "Service execution role" of the Iceberg destination); `s3tables:PutTableEncryption` only with a
 * customer-managed key ("Encryption at rest").
 */
export function icebergStatements(iceberg: IcebergDeliveryOptions, customerKey: boolean): iam.PolicyStatement[] {
  const bucket = iceberg.tableBucketArn;
  // Each action on the resource type it takes (Service Authorization Reference, Amazon S3 Tables): the bucket's, or its tables'.
  return [
    new iam.PolicyStatement({
      actions: ['s3tables:GetTableBucket', 's3tables:CreateNamespace', 's3tables:CreateTable', 's3tables:TagResource'],
      resources: [bucket],
    }),
    new iam.PolicyStatement({
      actions: [
        's3tables:GetTable', 's3tables:GetTableMetadataLocation', 's3tables:UpdateTableMetadataLocation', 's3tables:PutTableData',
        's3tables:GetTableData', 's3tables:TagResource', 's3tables:PutTableRecordExpirationConfiguration',
        ...(customerKey ? ['s3tables:PutTableEncryption'] : []),
      ],
      resources: [`${bucket}/table/*`],
    }),
  ];
}

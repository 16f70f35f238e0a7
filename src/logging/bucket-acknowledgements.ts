import { Acknowledgement } from '../validation/acknowledgements';

/*
 * The compliance findings acknowledged on every S3 bucket the library creates (the broker log bucket,
 * `DataLakeBucket`) and on the bucket that receives its server access logs: one list, so that both kinds of
 * bucket answer each finding the same way (README, "Compliance").
 */

const NAG_PACKS = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'];

const REPLICATION = 'Cross-Region replication needs a second bucket in another Region, which is the account\'s backup design, not a delivery '
  + 'construct\'s; versioning keeps overwritten and deleted objects. Pass your own replicated bucket (BrokerLogs.s3({ bucket }), or the `bucket` '
  + 'property of the integrations).';
const OBJECT_LOCK = 'Default Object Lock retention would make every object undeletable for the retention period: log delivery writes objects '
  + 'without the checksum headers it requires, server access log targets must not have it, and in a data lake it blocks compaction and erasure '
  + 'requests. Versioning, SSL-only access, blocked public access and the bucket policy protect the objects; pass your own bucket with Object Lock '
  + 'if records must be immutable.';
const EVENTS = 'Nothing in the library consumes per-object events; add notifications (or EventBridge) to the bucket when a crawler or pipeline needs them.';
const LOGGING_LOOP = 'This bucket receives the server access logs of the library\'s bucket (broker logs or data lake); logging it to itself would loop.';
const SSE_S3_ONLY = 'S3 server access logs can only be delivered to buckets encrypted with SSE-S3.';

/** Rules acknowledged on every bucket the library creates, with reasons (listed in README). */
export const BUCKET_ACKNOWLEDGEMENTS: Acknowledgement[] = [
  ...NAG_PACKS.map((pack) => ({ rule: `${pack}-S3BucketReplicationEnabled`, reason: REPLICATION })),
  { rule: 'NIST.800.53.R4-S3BucketDefaultLockEnabled', reason: OBJECT_LOCK },
  { rule: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: OBJECT_LOCK },
  { rule: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: EVENTS },
];

/** Rules acknowledged on the server access log bucket of a bucket the library creates, with reasons (listed in README). */
export const ACCESS_LOG_BUCKET_ACKNOWLEDGEMENTS: Acknowledgement[] = [
  ...BUCKET_ACKNOWLEDGEMENTS,
  { rule: 'AwsSolutions-S1', reason: LOGGING_LOOP },
  ...NAG_PACKS.map((pack) => ({ rule: `${pack}-S3BucketLoggingEnabled`, reason: LOGGING_LOOP })),
  { rule: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: LOGGING_LOOP },
  ...NAG_PACKS.map((pack) => ({ rule: `${pack}-S3DefaultEncryptionKMS`, reason: SSE_S3_ONLY })),
  { rule: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: SSE_S3_ONLY },
];

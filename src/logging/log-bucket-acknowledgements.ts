import { Acknowledgement } from '../validation/acknowledgements';

const NAG_PACKS_WITH_S3_LOGGING = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'];
const NAG_PACKS_WITH_REPLICATION = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'];

const REPLICATION = 'Broker logs are operational logs with a retention period; cross-Region replication needs a second bucket in another Region, which is the account\'s backup design. Pass your own replicated bucket with BrokerLogs.s3({ bucket }).';
const OBJECT_LOCK = 'Log delivery writes objects without the checksum headers Object Lock default retention requires, and server access log targets must not have default retention; versioning, SSL-only access and the delivery-only bucket policy protect the objects.';
const EVENTS = 'Nothing consumes per-object events of a log bucket; add notifications to your own bucket if you need them.';

/** Rules acknowledged on the broker log bucket, with reasons (listed in README). */
export const LOG_BUCKET_ACKNOWLEDGEMENTS: Acknowledgement[] = [
  ...NAG_PACKS_WITH_REPLICATION.map((pack) => ({ rule: `${pack}-S3BucketReplicationEnabled`, reason: REPLICATION })),
  { rule: 'NIST.800.53.R4-S3BucketDefaultLockEnabled', reason: OBJECT_LOCK },
  { rule: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: OBJECT_LOCK },
  { rule: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: EVENTS },
];

const LOGGING_LOOP = 'This bucket receives the server access logs of the broker log bucket; logging it to itself would loop.';
const SSE_S3_ONLY = 'S3 server access logs can only be delivered to buckets encrypted with SSE-S3.';

/** Rules acknowledged on the server access log bucket, with reasons (listed in README). */
export const ACCESS_LOG_BUCKET_ACKNOWLEDGEMENTS: Acknowledgement[] = [
  ...LOG_BUCKET_ACKNOWLEDGEMENTS,
  { rule: 'AwsSolutions-S1', reason: LOGGING_LOOP },
  ...NAG_PACKS_WITH_S3_LOGGING.map((pack) => ({ rule: `${pack}-S3BucketLoggingEnabled`, reason: LOGGING_LOOP })),
  { rule: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: LOGGING_LOOP },
  ...NAG_PACKS_WITH_S3_LOGGING.map((pack) => ({ rule: `${pack}-S3DefaultEncryptionKMS`, reason: SSE_S3_ONLY })),
  { rule: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: SSE_S3_ONLY },
];

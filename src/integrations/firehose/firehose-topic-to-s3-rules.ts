import { Token } from 'aws-cdk-lib';
import { ClusterNetworkInfo } from '../../cluster/cluster-network';
import { registerRules } from '../../validation/registry';
import { Rule, WarningRule } from '../../validation/rules';

/** What the TopicToS3 rules look at, with defaults applied. */
export interface TopicToS3Facts {
  /** The topic read. */
  readonly topicName: string;
  /** 'PRIVATE' or 'PUBLIC'. */
  readonly connectivity: string;
  /** The cluster's kind, auth and network, when it is a cluster of this library. */
  readonly cluster?: ClusterNetworkInfo;
  /** The delivery stream name, when given. */
  readonly deliveryStreamName?: string;
  /** Buffering interval in seconds (may be fractional when badly given). */
  readonly bufferingIntervalSeconds: number;
  /** Buffer size in MiB (may be fractional when badly given). */
  readonly bufferingSizeMiB: number;
  /** The S3 key prefix of delivered objects. */
  readonly prefix: string;
  /** The S3 key prefix of objects Firehose could not deliver. */
  readonly errorOutputPrefix: string;
  /** The start timestamp in milliseconds since the epoch, when one was given. */
  readonly startTimestampMs?: number;
  /** True when `encryptionKey` was given. */
  readonly encryptionKeyGiven: boolean;
  /** True when `bucket` was given. */
  readonly bucketGiven: boolean;
  /** True when objects will be written with a KMS key. */
  readonly kmsEncrypted: boolean;
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const STREAM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const ERROR_TYPE = '!{firehose:error-output-type}';
const MAX_PREFIX = 1024;
const MAX_INTERVAL_SECONDS = 900;
const MAX_SIZE_MIB = 128;

const known = (value: string | number) => !Token.isUnresolved(value);
const isPrivate = (f: TopicToS3Facts) => f.connectivity === 'PRIVATE';
const isServerless = (f: TopicToS3Facts) => f.cluster?.kind === 'serverless';
const definedProvisioned = (f: TopicToS3Facts) => f.cluster?.definedHere === true && f.cluster.kind === 'provisioned';
const outside = (value: number, min: number, max: number) => known(value) && (!Number.isInteger(value) || value < min || value > max);

const CLUSTER_POLICY = 'a cluster policy that lets the firehose.amazonaws.com service principal call kafka:CreateVpcConnection, '
  + 'kafka:GetBootstrapBrokers, kafka:DescribeCluster and kafka:DescribeClusterV2 on the cluster';

/**
 * Errors of `TopicToS3`: each names the property, the value and the fix. Run them with
 * `checkRules(scope, 'TopicToS3', TOPIC_TO_S3_RULES, facts)`.
 */
export const TOPIC_TO_S3_RULES: ReadonlyArray<Rule<TopicToS3Facts>> = [
  {
    id: 'FirehoseTopicNameInvalid',
    failsWhen: (f) => known(f.topicName) && !TOPIC_NAME.test(f.topicName),
    message: (f) => `topicName: '${f.topicName}' is not a Kafka topic name (Firehose reads exactly one topic, no patterns). `
      + 'Fix: use 1–249 letters, digits, \'.\', \'_\' or \'-\'.',
  },
  {
    id: 'FirehoseClusterWithoutIam',
    failsWhen: (f) => f.cluster !== undefined && !f.cluster.clientAuthentication.iamEnabled,
    message: () => 'cluster: the cluster does not enable IAM client authentication, and Firehose reads an MSK topic only with IAM. '
      + 'Fix: enable it with clientAuthentication: ClientAuthentication.of({ iam: true, ... }) on the cluster.',
  },
  {
    id: 'FirehosePrivateWithoutMultiVpc',
    failsWhen: (f) => isPrivate(f) && definedProvisioned(f) && !f.cluster!.multiVpcIam,
    message: () => 'connectivity: FirehoseConnectivity.PRIVATE reads through multi-VPC private connectivity, which the cluster does not enable for IAM. '
      + 'Fix: set multiVpcConnectivity: { iam: true } on the ProvisionedCluster. CloudFormation rejects it while it creates a cluster, '
      + 'so deploy the cluster first without it (and without this TopicToS3), then add both in a second deployment.',
  },
  {
    id: 'FirehosePublicServerless',
    failsWhen: (f) => !isPrivate(f) && isServerless(f),
    message: () => 'connectivity: MSK Serverless has no public endpoints. Fix: use FirehoseConnectivity.PRIVATE.',
  },
  {
    id: 'FirehoseStreamNameInvalid',
    failsWhen: (f) => f.deliveryStreamName !== undefined && known(f.deliveryStreamName) && !STREAM_NAME.test(f.deliveryStreamName),
    message: (f) => `deliveryStreamName: '${f.deliveryStreamName}' is not a Firehose stream name. Fix: use 1–64 letters, digits, '_', '.' or '-', or omit it.`,
  },
  {
    id: 'FirehoseBufferingIntervalRange',
    failsWhen: (f) => outside(f.bufferingIntervalSeconds, 0, MAX_INTERVAL_SECONDS),
    message: (f) => `bufferingInterval: ${f.bufferingIntervalSeconds} seconds is outside what Firehose accepts for S3 (whole seconds, 0 to ${MAX_INTERVAL_SECONDS}). `
      + 'Fix: use e.g. Duration.minutes(5).',
  },
  {
    id: 'FirehoseBufferingSizeRange',
    failsWhen: (f) => outside(f.bufferingSizeMiB, 1, MAX_SIZE_MIB),
    message: (f) => `bufferingSize: ${f.bufferingSizeMiB} MiB is outside what Firehose accepts for S3 (whole MiB, 1 to ${MAX_SIZE_MIB}). `
      + 'Fix: use e.g. Size.mebibytes(64).',
  },
  {
    id: 'FirehosePrefixHasErrorType',
    failsWhen: (f) => known(f.prefix) && f.prefix.includes(ERROR_TYPE),
    message: (f) => `prefix: '${f.prefix}' uses ${ERROR_TYPE}, which Firehose allows only in the error output prefix. Fix: remove it from prefix.`,
  },
  {
    id: 'FirehoseErrorPrefixWithoutErrorType',
    failsWhen: (f) => known(f.errorOutputPrefix) && f.errorOutputPrefix.includes('!{') && !f.errorOutputPrefix.includes(ERROR_TYPE),
    message: (f) => `errorOutputPrefix: '${f.errorOutputPrefix}' uses expressions but not ${ERROR_TYPE}, which Firehose then requires. `
      + `Fix: add ${ERROR_TYPE}, e.g. 'errors/${ERROR_TYPE}/'.`,
  },
  {
    id: 'FirehosePrefixTooLong',
    failsWhen: (f) => [f.prefix, f.errorOutputPrefix].some((p) => known(p) && p.length > MAX_PREFIX),
    message: () => `prefix, errorOutputPrefix: a prefix is longer than the ${MAX_PREFIX} characters Firehose accepts. Fix: shorten it.`,
  },
  {
    id: 'FirehoseStartTimestampInvalid',
    failsWhen: (f) => f.startTimestampMs !== undefined && Number.isNaN(f.startTimestampMs),
    message: () => 'startPosition: TopicStartPosition.at() was given an invalid Date. Fix: pass a valid Date, e.g. new Date(\'2026-01-01T00:00:00Z\').',
  },
  {
    id: 'FirehoseKeyWithoutBucket',
    failsWhen: (f) => f.encryptionKeyGiven && !f.bucketGiven,
    message: () => 'encryptionKey: only applies to a bucket you pass; the bucket the construct creates has its own key. Fix: remove encryptionKey, or pass bucket too.',
  },
];
registerRules({ name: 'TOPIC_TO_S3_RULES', file: 'src/integrations/firehose/firehose-topic-to-s3-rules.ts', severity: 'error', checkedBy: ['TopicToS3'] }, TOPIC_TO_S3_RULES);


/** Warnings of `TopicToS3`. Run them with `warnRules(scope, TOPIC_TO_S3_WARNINGS, facts)`. */
export const TOPIC_TO_S3_WARNINGS: ReadonlyArray<WarningRule<TopicToS3Facts>> = [
  {
    id: 'FirehoseClusterUnchecked',
    failsWhen: (f) => f.cluster === undefined || !f.cluster.definedHere,
    message: (f) => 'cluster: an imported cluster cannot be checked. Firehose needs IAM client authentication on it and, '
      + (isPrivate(f) ? `for PRIVATE connectivity, multi-VPC private connectivity with IAM and ${CLUSTER_POLICY}. `
        : 'for PUBLIC connectivity, public access with IAM. ')
      + 'Make sure the cluster owner has set these up, then acknowledge this warning.',
  },
  {
    id: 'FirehoseServerlessClusterPolicy',
    failsWhen: (f) => isPrivate(f) && isServerless(f) && f.cluster!.definedHere,
    message: () => `cluster: Firehose documents MSK Serverless as a source through private connectivity, which needs ${CLUSTER_POLICY}; `
      + 'this library attaches that policy only to a ProvisionedCluster. Attach it to the serverless cluster yourself (AWS::MSK::ClusterPolicy), '
      + 'verify the setup in a test account, then acknowledge this warning.',
  },
  {
    id: 'FirehosePublicAccess',
    failsWhen: (f) => !isPrivate(f) && definedProvisioned(f),
    message: () => 'connectivity: FirehoseConnectivity.PUBLIC reads through the public bootstrap brokers, so the cluster needs publicAccess: true '
      + '(enabled after the cluster exists) with IAM; FirehoseConnectivity.PRIVATE keeps the traffic inside AWS PrivateLink and is recommended.',
  },
  {
    id: 'FirehoseBucketNotKmsEncrypted',
    failsWhen: (f) => f.bucketGiven && !f.kmsEncrypted,
    message: () => 'bucket: the given bucket has no KMS key the construct knows of, so objects get the bucket\'s default encryption (SSE-S3 unless set otherwise). '
      + 'Pass encryptionKey (the bucket\'s customer-managed key) to have Firehose encrypt with it.',
  },
  // CloudFormation template reference, AWS::KinesisFirehose::DeliveryStream: DeliveryStreamName,
  // DeliveryStreamType and MSKSourceConfiguration (MSKClusterARN, TopicName, AuthenticationConfiguration,
  // ReadFromTimestamp) say "Update requires: Replacement". CloudFormation creates the replacement before it
  // deletes the old stream, so a name you give is still taken (CloudFormation user guide, "Name type": with a
  // name you give, updates that require replacement fail).
  {
    id: 'FirehoseStreamNameFixed',
    failsWhen: (f) => f.deliveryStreamName !== undefined,
    message: (f) => `deliveryStreamName: '${f.deliveryStreamName}' is fixed, so a change that replaces the delivery stream (the cluster, topic, `
      + 'connectivity, role or start position: the create-only MSKSourceConfiguration of AWS::KinesisFirehose::DeliveryStream) fails: CloudFormation '
      + 'creates the new stream before it deletes the old one, and the name is taken. Fix: omit deliveryStreamName (CloudFormation then generates a '
      + 'name, and a replacement gets a new one), or change the name together with them; acknowledge this warning if the name must stay.',
  },
];
registerRules({ name: 'TOPIC_TO_S3_WARNINGS', file: 'src/integrations/firehose/firehose-topic-to-s3-rules.ts', severity: 'warning', checkedBy: ['TopicToS3'] }, TOPIC_TO_S3_WARNINGS);


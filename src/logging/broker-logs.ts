import {
  Duration,
  RemovalPolicy,
  Stack,
  Tags,
  aws_iam as iam,
  aws_kinesisfirehose as firehose,
  aws_logs as logs,
  aws_msk as msk,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct, IDependable } from 'constructs';
import { BrokerLogsBinding } from './broker-logs-binding';
import { BROKER_LOGS_RULES, BrokerLogsFacts, DestinationKind, existingDestination } from './broker-logs-rules';
import { BrokerLogBucket } from './log-bucket';
import { BrokerLogDeliveryPolicy } from './log-delivery-policy';
import { BrokerLogGroup } from './log-group';
import { checkRules } from '../validation/rules';

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

/** Options for broker logs delivered to CloudWatch Logs. */
export interface CloudWatchBrokerLogsOptions {
  /**
   * An existing log group, in the cluster's account and Region. If it is encrypted, its key must
   * let `logs.<region>.amazonaws.com` use it.
   * @default - a new log group, encrypted with a new customer-managed key (rotation on), kept per the cluster's `removalPolicy`
   */
  readonly logGroup?: logs.ILogGroup;
  /**
   * How long log events are kept in a log group this library creates. Not allowed with `logGroup`.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;
  /**
   * Whether the library lets CloudWatch Logs vended-log delivery (`delivery.logs.amazonaws.com`)
   * write to the log group, through one account-level CloudWatch Logs resource policy per stack
   * that lists the log groups of every cluster in the stack (this account only).
   *
   * An account has at most 10 such policies per Region. With `false`, no policy is created:
   * CloudWatch Logs then adds a log-group-level policy itself when MSK sets up delivery, which
   * needs `logs:PutResourcePolicy`, `logs:DescribeResourcePolicies` and `logs:DescribeLogGroups`
   * for the role that deploys the stack (or an existing policy that already allows delivery).
   * @default true
   */
  readonly addDeliveryPolicy?: boolean;
}

/** One destination, before binding. */
interface Destination {
  readonly kind: DestinationKind;
  readonly s3?: S3BrokerLogsOptions;
  readonly cloudWatch?: CloudWatchBrokerLogsOptions;
  readonly deliveryStream?: firehose.IDeliveryStream;
}

/** Tag the CloudWatch Logs delivery role requires on a Firehose stream (AWSServiceRoleForLogDelivery). */
const LOG_DELIVERY_TAG = 'LogDeliveryEnabled';

/**
 * Where MSK delivers broker logs: an S3 bucket, a CloudWatch log group, a Firehose stream, or any
 * combination of the three with `combine()`.
 */
export class BrokerLogs {
  /** Broker logs to S3: a new secure bucket by default, or an existing bucket and prefix. */
  public static s3(options: S3BrokerLogsOptions = {}): BrokerLogs {
    return new BrokerLogs([{ kind: 's3', s3: options }]);
  }

  /**
   * Broker logs to CloudWatch Logs: a new log group encrypted with a new customer-managed key and
   * kept for a year by default, or an existing log group.
   */
  public static cloudWatch(options: CloudWatchBrokerLogsOptions = {}): BrokerLogs {
    return new BrokerLogs([{ kind: 'cloudWatchLogs', cloudWatch: options }]);
  }

  /**
   * Broker logs to an existing Amazon Data Firehose stream (DirectPut) in the cluster's account
   * and Region. Delivery writes through the `AWSServiceRoleForLogDelivery` service-linked role,
   * which may only write to streams tagged `LogDeliveryEnabled=true`: the library adds that tag to
   * a stream defined in this app; for an imported stream, CloudWatch Logs adds it when MSK sets up
   * delivery, which needs `firehose:TagDeliveryStream` for the deploying role.
   */
  public static firehose(deliveryStream: firehose.IDeliveryStream): BrokerLogs {
    return new BrokerLogs([{ kind: 'firehose', deliveryStream }]);
  }

  /**
   * Broker logs to several destinations at once, at most one of each kind, e.g.
   * `BrokerLogs.combine(BrokerLogs.s3(), BrokerLogs.cloudWatch())`.
   */
  public static combine(...brokerLogs: BrokerLogs[]): BrokerLogs {
    return new BrokerLogs(brokerLogs.flatMap((logsOf) => logsOf.destinations));
  }

  private constructor(private readonly destinations: Destination[]) {}

  /**
   * Creates what the destinations need in `scope` and returns the cluster's LoggingInfo.
   * @internal
   */
  public _bind(scope: Construct, removalPolicy: RemovalPolicy): BrokerLogsBinding {
    const s3Destination = this.destinations.find((d) => d.kind === 's3');
    const cloudWatch = this.destinations.find((d) => d.kind === 'cloudWatchLogs')?.cloudWatch;
    const firehoseDestination = this.destinations.find((d) => d.kind === 'firehose');
    const stream = firehoseDestination?.deliveryStream;
    const stack = Stack.of(scope);
    const streamResource = stream?.node.defaultChild;
    const facts: BrokerLogsFacts = {
      kinds: this.destinations.map((d) => d.kind),
      cluster: { account: stack.account, region: stack.region },
      logGroup: cloudWatch?.logGroup ? existingDestination(cloudWatch.logGroup, cloudWatch.logGroup.logGroupArn) : undefined,
      logGroupRetentionGiven: cloudWatch?.retention !== undefined,
      deliveryStreamMissing: firehoseDestination !== undefined && !stream,
      deliveryStream: stream ? existingDestination(stream, stream.deliveryStreamArn) : undefined,
      deliveryStreamType: firehose.CfnDeliveryStream.isCfnDeliveryStream(streamResource) ? streamResource.deliveryStreamType : undefined,
    };
    checkRules(scope, 'ProvisionedCluster', BROKER_LOGS_RULES, facts);

    const brokerLogs: {
      s3?: msk.CfnCluster.S3Property;
      cloudWatchLogs?: msk.CfnCluster.CloudWatchLogsProperty;
      firehose?: msk.CfnCluster.FirehoseProperty;
    } = {};
    const dependencies: IDependable[] = [];
    let createdBucket: s3.IBucket | undefined;
    let createdLogGroup: logs.ILogGroup | undefined;

    if (s3Destination?.s3) {
      const options = s3Destination.s3;
      let bucket = options.bucket;
      if (!bucket) {
        const created = new BrokerLogBucket(scope, 'BrokerLogBucket', {
          retention: options.retention ?? Duration.days(365),
          removalPolicy,
        });
        bucket = created.bucket;
        createdBucket = created.bucket;
      }
      dependencies.push(...allowLogDelivery(bucket, options.prefix));
      brokerLogs.s3 = { enabled: true, bucket: bucket.bucketName, prefix: options.prefix };
    }

    if (cloudWatch) {
      let logGroup = cloudWatch.logGroup;
      if (!logGroup) {
        logGroup = new BrokerLogGroup(scope, 'BrokerLogGroup', {
          retention: cloudWatch.retention ?? logs.RetentionDays.ONE_YEAR,
          removalPolicy,
        }).logGroup;
        createdLogGroup = logGroup;
      }
      if (cloudWatch.addDeliveryPolicy ?? true) {
        const deliveryPolicy = BrokerLogDeliveryPolicy.of(scope);
        deliveryPolicy.allow(scope, logGroup, removalPolicy);
        dependencies.push(deliveryPolicy.policy);
      }
      brokerLogs.cloudWatchLogs = { enabled: true, logGroup: logGroup.logGroupName };
    }

    if (stream) {
      if (firehose.CfnDeliveryStream.isCfnDeliveryStream(streamResource)) {
        Tags.of(streamResource).add(LOG_DELIVERY_TAG, 'true');
      }
      brokerLogs.firehose = { enabled: true, deliveryStream: stream.deliveryStreamName };
    }

    return { loggingInfo: { brokerLogs }, createdBucket, createdLogGroup, dependencies };
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

import { IResource, Token } from 'aws-cdk-lib';
import { literalArnEnvironment } from '../auth/cluster-arns';
import { registerRules } from '../validation/registry';
import { Rule } from '../validation/rules';

/** The kinds of destination MSK delivers broker logs to; at most one of each. */
export const DESTINATION_LABELS = {
  s3: 'BrokerLogs.s3()',
  cloudWatchLogs: 'BrokerLogs.cloudWatch()',
  firehose: 'BrokerLogs.firehose()',
} as const;

export type DestinationKind = keyof typeof DESTINATION_LABELS;

/** Where the cluster runs: account and Region, each unresolved when env-agnostic. */
export interface Environment {
  readonly account: string;
  readonly region: string;
}

/** An existing destination: its construct path and where it lives. */
export interface ExistingDestination extends Environment {
  readonly path: string;
}

/**
 * Where `resource` lives: from its ARN when the ARN is known at synth time (imports by ARN do
 * not always carry the ARN's environment), otherwise from the resource's environment.
 */
export function existingDestination(resource: IResource, arn: string): ExistingDestination {
  const env = literalArnEnvironment(arn) ?? resource.env;
  return { path: resource.node.path, account: env.account, region: env.region };
}

/** Everything the broker-log rules look at. */
export interface BrokerLogsFacts {
  readonly kinds: DestinationKind[];
  readonly cluster: Environment;
  /** Set when cloudWatch() got an existing log group. */
  readonly logGroup?: ExistingDestination;
  readonly logGroupRetentionGiven: boolean;
  /** True when firehose() got no stream (possible from other jsii languages). */
  readonly deliveryStreamMissing: boolean;
  readonly deliveryStream?: ExistingDestination;
  /** DeliveryStreamType of a stream defined in this app. */
  readonly deliveryStreamType?: string;
}

/** 'n BrokerLogs.x() destinations' for every kind given more than once. */
function duplicates(kinds: DestinationKind[]): string[] {
  return (Object.keys(DESTINATION_LABELS) as DestinationKind[])
    .map((kind) => ({ kind, count: kinds.filter((k) => k === kind).length }))
    .filter(({ count }) => count > 1)
    .map(({ kind, count }) => `${count} ${DESTINATION_LABELS[kind]} destinations`);
}

/** 'account 1111/Region eu-west-1' parts that differ from the cluster's and are known on both sides. */
function envMismatch(destination: Environment | undefined, cluster: Environment): string[] {
  if (!destination) {
    return [];
  }
  const differs = (a: string, b: string) => a !== '' && !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
  const parts: string[] = [];
  if (differs(destination.account, cluster.account)) {
    parts.push(`account ${destination.account} (cluster: ${cluster.account})`);
  }
  if (differs(destination.region, cluster.region)) {
    parts.push(`Region ${destination.region} (cluster: ${cluster.region})`);
  }
  return parts;
}

/** Errors: each names the property, the value and the fix. */
export const BROKER_LOGS_RULES: ReadonlyArray<Rule<BrokerLogsFacts>> = [
  {
    id: 'BrokerLogsNoDestination',
    failsWhen: (f) => f.kinds.length === 0,
    message: () => 'brokerLogs: BrokerLogs.combine() was given no destination, so broker logs would go nowhere. '
      + 'Fix: pass at least one of BrokerLogs.s3(), BrokerLogs.cloudWatch(), BrokerLogs.firehose(stream), or leave brokerLogs out for the default S3 bucket.',
  },
  {
    id: 'BrokerLogsDuplicateDestination',
    failsWhen: (f) => duplicates(f.kinds).length > 0,
    message: (f) => `brokerLogs: BrokerLogs.combine() has ${duplicates(f.kinds).join(' and ')}; `
      + 'MSK delivers broker logs to at most one S3 bucket, one log group and one Firehose stream. Fix: pass each kind of destination once.',
  },
  {
    id: 'LogGroupWithRetention',
    failsWhen: (f) => f.logGroup !== undefined && f.logGroupRetentionGiven,
    message: (f) => `brokerLogs: BrokerLogs.cloudWatch() got both logGroup '${f.logGroup?.path}' and retention; retention only applies to a log group the library creates. `
      + 'Fix: remove retention and set it on your log group, or remove logGroup.',
  },
  {
    id: 'LogGroupOtherEnvironment',
    failsWhen: (f) => envMismatch(f.logGroup, f.cluster).length > 0,
    message: (f) => `brokerLogs: log group '${f.logGroup?.path}' is in ${envMismatch(f.logGroup, f.cluster).join(' and ')}; `
      + 'MSK names the log group in LoggingInfo, so it must be in the cluster\'s account and Region. Fix: use a log group there, or BrokerLogs.cloudWatch() without logGroup to create one.',
  },
  {
    id: 'DeliveryStreamMissing',
    failsWhen: (f) => f.deliveryStreamMissing,
    message: () => 'brokerLogs: BrokerLogs.firehose() was given no delivery stream. '
      + 'Fix: pass an existing stream, e.g. BrokerLogs.firehose(firehose.DeliveryStream.fromDeliveryStreamName(this, \'Logs\', \'my-stream\')).',
  },
  {
    id: 'DeliveryStreamOtherEnvironment',
    failsWhen: (f) => envMismatch(f.deliveryStream, f.cluster).length > 0,
    message: (f) => `brokerLogs: Firehose stream '${f.deliveryStream?.path}' is in ${envMismatch(f.deliveryStream, f.cluster).join(' and ')}; `
      + 'MSK names the stream in LoggingInfo, so it must be in the cluster\'s account and Region. Fix: use a delivery stream there.',
  },
  {
    id: 'DeliveryStreamNotDirectPut',
    failsWhen: (f) => f.deliveryStreamType !== undefined && !Token.isUnresolved(f.deliveryStreamType) && f.deliveryStreamType !== 'DirectPut',
    message: (f) => `brokerLogs: Firehose stream '${f.deliveryStream?.path}' has DeliveryStreamType ${f.deliveryStreamType}; such a stream refuses PutRecord, so log delivery cannot write to it. `
      + 'Fix: use a stream without a source (DirectPut).',
  },
];
registerRules({ name: 'BROKER_LOGS_RULES', file: 'src/logging/broker-logs-rules.ts', severity: 'error', checkedBy: ['ProvisionedCluster'] }, BROKER_LOGS_RULES);


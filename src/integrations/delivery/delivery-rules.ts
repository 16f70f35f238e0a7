import { Token } from 'aws-cdk-lib';
import { kafkaNameProblem } from '../../auth/kafka-names';
import { registerRules } from '../../validation/registry';
import { Rule, WarningRule } from '../../validation/rules';

/*
 * What MSK Data Delivery accepts, from the MSK developer guide, "Amazon MSK Data Delivery" (pages "Supported
 * configurations", "Output key template" with its "Variables" and "Rules", "Prerequisites", "Throughput and data
 * freshness") and the CreateChannel API (channel name pattern and length, data freshness range).
 */

/** Shortest and longest data freshness MSK accepts, in seconds (5 and 15 minutes; default 10). */
export const MIN_FRESHNESS_SECONDS = 300;
export const MAX_FRESHNESS_SECONDS = 900;
export const DEFAULT_FRESHNESS_SECONDS = 600;
/** Uncompressed throughput (MB/s) a channel needs for the 5-minute freshness on Iceberg ("Throughput and data freshness"). */
export const ICEBERG_FAST_FRESHNESS_MBPS = 2.4;
/** Longest output prefix plus key template. */
export const MAX_KEY_LENGTH = 1024;

const CHANNEL_NAME = /^[a-zA-Z0-9._-]{1,64}$/;
const KEY_LITERAL = /^[a-zA-Z0-9/_\-.+=]*$/;
const KEY_VARIABLES: readonly string[] = ['channel-id', 'topic-name', 'partition-id', 'kafka-offset', 'sequence-number', 'yyyy', 'YY', 'MM', 'dd', 'HH', 'mm'];
/** S3 Tables namespace and table names (Amazon S3 user guide, "Amazon S3 table bucket, table, and namespace naming rules"). */
const TABLE_NAME = /^[a-z0-9](?:[a-z0-9_]{0,253}[a-z0-9])?$/;
const TABLE_BUCKET_ARN = /^arn:[a-z-]+:s3tables:([a-z0-9-]+):(\d{12}):bucket\/([a-z0-9-]{3,63})$/;

/** Everything the channel rules look at. */
export interface DataDeliveryFacts {
  readonly clusterKind: 'provisioned' | 'serverless';
  /** Whether the brokers are Express; undefined when unknown (an imported cluster). */
  readonly express?: boolean;
  readonly topicName: string;
  readonly channelName?: string;
  readonly freshnessSeconds: number;
  readonly destination: 's3' | 'iceberg';
  readonly outputPrefix?: string;
  readonly outputKeyTemplate?: string;
  /** The dead-letter prefix, when given. */
  readonly deadLetterPrefix?: string;
  /** Keys given without the bucket they belong to (`bucketKey`, `deadLetterBucketKey`). */
  readonly keysWithoutBucket: string[];
  readonly tableBucketArn?: string;
  readonly namespace?: string;
  readonly tableName?: string;
  readonly schemaFormat?: string;
  readonly stackRegion: string;
}

const known = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);

/** The problems of an S3 output prefix and key template, against the developer guide's "Rules" page. */
export function keyProblems(prefix: string | undefined, template: string | undefined): string[] {
  const problems: string[] = [];
  if (known(prefix)) {
    if (!KEY_LITERAL.test(prefix)) problems.push(`outputPrefix '${prefix}' may only hold letters, digits and / _ - . + =`);
    if (prefix.startsWith('/')) problems.push(`outputPrefix '${prefix}' must not start with '/'`);
  }
  if (!known(template)) {
    return problems;
  }
  if ((known(prefix) ? prefix.length : 0) + template.length > MAX_KEY_LENGTH) {
    problems.push(`outputPrefix and outputKeyTemplate together are longer than ${MAX_KEY_LENGTH} characters`);
  }
  if (template.startsWith('/') || template.endsWith('/')) problems.push('it must neither start nor end with \'/\'');
  if (template.includes('..') || template.includes('./')) problems.push('it must not contain \'..\' or \'./\'');
  const variables: string[] = [];
  const literal = template.replace(/!\{([^}]*)\}/g, (_m, name: string) => {
    variables.push(name);
    return '';
  });
  if (literal.includes('!{')) problems.push('every \'!{\' must be closed by \'}\'');
  else if (!KEY_LITERAL.test(literal)) problems.push('outside its variables it may only hold letters, digits and / _ - . + = (no spaces)');
  const unknown = variables.filter((v) => !KEY_VARIABLES.includes(v));
  if (unknown.length > 0) problems.push(`it names unknown variables ${unknown.map((v) => `!{${v}}`).join(', ')} (known: ${KEY_VARIABLES.join(', ')})`);
  if (variables.length === 0) problems.push('it needs at least one variable');
  const unique = variables.filter((v) => v === 'sequence-number' || v === 'kafka-offset');
  if (unique.length !== 1) {
    problems.push('it needs exactly one of !{sequence-number} and !{kafka-offset}, which make each key unique');
  } else {
    const last = template.slice(template.lastIndexOf('/') + 1);
    if (!last.includes(`!{${unique[0]}}`)) problems.push(`!{${unique[0]}} must be in the last path segment`);
    if (unique[0] === 'kafka-offset' && !variables.includes('partition-id')) problems.push('!{kafka-offset} needs !{partition-id} too');
  }
  return problems;
}

/** Errors of a `DataDeliveryChannel`: each names the property, the value and the fix. */
export const DATA_DELIVERY_RULES: ReadonlyArray<Rule<DataDeliveryFacts>> = [
  {
    id: 'DeliveryServerless',
    failsWhen: (f) => f.clusterKind === 'serverless',
    message: () => 'cluster: MSK Data Delivery runs on provisioned clusters with Express brokers only, not on MSK Serverless (MSK developer guide, '
      + '"Amazon MSK Data Delivery", "Supported configurations"). Fix: deliver from an Express cluster, or use TopicToS3 (Amazon Data Firehose).',
  },
  {
    id: 'DeliveryNotExpress',
    failsWhen: (f) => f.clusterKind === 'provisioned' && f.express === false,
    message: () => 'cluster: MSK Data Delivery runs on Express brokers only; this cluster has Standard brokers (MSK developer guide, "Amazon MSK '
      + 'Data Delivery", "Supported configurations"). Fix: use an express.* instance type, or TopicToS3 (Amazon Data Firehose) for Standard brokers.',
  },
  {
    id: 'DeliveryTopicInvalid',
    failsWhen: (f) => kafkaNameProblem(f.topicName, false) !== undefined,
    message: (f) => `topicName: ${kafkaNameProblem(f.topicName, false)} A channel reads one topic, named exactly.`,
  },
  {
    id: 'DeliveryChannelNameInvalid',
    failsWhen: (f) => known(f.channelName) && !CHANNEL_NAME.test(f.channelName),
    message: (f) => `channelName: '${f.channelName}' is not a channel name (MSK CreateChannel: 1–64 letters, digits, '.', '_' or '-'). `
      + 'Fix: use such a name, or leave channelName out for a generated one.',
  },
  {
    id: 'DeliveryFreshnessOutOfRange',
    failsWhen: (f) => !Token.isUnresolved(f.freshnessSeconds)
      && (!Number.isInteger(f.freshnessSeconds) || f.freshnessSeconds < MIN_FRESHNESS_SECONDS || f.freshnessSeconds > MAX_FRESHNESS_SECONDS),
    message: (f) => `dataFreshness: ${f.freshnessSeconds} seconds is outside what MSK accepts, whole seconds from ${MIN_FRESHNESS_SECONDS} to `
      + `${MAX_FRESHNESS_SECONDS} (5 to 15 minutes; MSK developer guide, "Amazon MSK Data Delivery", "Supported configurations"). `
      + 'Fix: use e.g. Duration.minutes(10), the default.',
  },
  {
    id: 'DeliveryKeyTemplateInvalid',
    failsWhen: (f) => f.destination === 's3' && keyProblems(f.outputPrefix, f.outputKeyTemplate).length > 0,
    message: (f) => `outputKeyTemplate: '${f.outputKeyTemplate ?? ''}' (after outputPrefix '${f.outputPrefix ?? ''}') breaks MSK's key rules: `
      + `${keyProblems(f.outputPrefix, f.outputKeyTemplate).join('; ')} (MSK developer guide, "Output key template", "Rules"). `
      + 'Fix: e.g. \'year=!{yyyy}/month=!{MM}/day=!{dd}/!{partition-id}-!{kafka-offset}\'.',
  },
  {
    id: 'DeliveryDeadLetterPrefixInvalid',
    failsWhen: (f) => known(f.deadLetterPrefix) && (f.deadLetterPrefix === '' || !KEY_LITERAL.test(f.deadLetterPrefix) || f.deadLetterPrefix.startsWith('/')
      || f.deadLetterPrefix.length > MAX_KEY_LENGTH),
    message: (f) => `deadLetterPrefix: '${f.deadLetterPrefix}' is not a key prefix MSK writes under: CloudFormation requires one (ErrorOutputPrefix of `
      + 'AWS::MSK::Channel), and the library holds it to the characters of MSK\'s key rules (letters, digits and / _ - . + =, not starting with \'/\', at most '
      + `${MAX_KEY_LENGTH}). Fix: e.g. 'dead-letters/orders/', or leave it out for 'dead-letters/<topicName>/'.`,
  },
  {
    id: 'DeliveryKeyWithoutBucket',
    failsWhen: (f) => f.keysWithoutBucket.length > 0,
    message: (f) => `${f.keysWithoutBucket.join(', ')}: a key is only given with the bucket it encrypts (the key of a bucket the construct creates is `
      + 'its own). Fix: pass the bucket too, or leave the key out.',
  },
  {
    id: 'DeliveryTableNameInvalid',
    failsWhen: (f) => f.destination === 'iceberg' && ((known(f.namespace) && (!TABLE_NAME.test(f.namespace) || f.namespace.startsWith('aws')))
      || (known(f.tableName) && !TABLE_NAME.test(f.tableName))),
    message: (f) => `namespace, tableName: '${f.namespace}'.'${f.tableName}' breaks the S3 Tables naming rules: 1–255 lowercase letters, digits and '_', `
      + 'starting and ending with a letter or digit, and a namespace not starting with \'aws\' (Amazon S3 user guide, "Amazon S3 table bucket, table, '
      + 'and namespace naming rules"). Fix: e.g. namespace \'streaming\', tableName \'orders\'.',
  },
  {
    id: 'DeliveryTableBucketArnInvalid',
    failsWhen: (f) => f.destination === 'iceberg' && known(f.tableBucketArn) && !TABLE_BUCKET_ARN.test(f.tableBucketArn),
    message: (f) => `tableBucketArn: '${f.tableBucketArn}' is not the ARN of an S3 table bucket. `
      + 'Fix: pass arn:aws:s3tables:<region>:<account>:bucket/<name>, e.g. the attrTableBucketArn of an s3tables.CfnTableBucket.',
  },
  {
    id: 'DeliveryTableBucketElsewhere',
    failsWhen: (f) => {
      const m = f.destination === 'iceberg' && known(f.tableBucketArn) ? TABLE_BUCKET_ARN.exec(f.tableBucketArn) : null;
      return m !== null && !Token.isUnresolved(f.stackRegion) && m[1] !== f.stackRegion;
    },
    message: (f) => `tableBucketArn: the table bucket is in another Region than the cluster's stack (${f.stackRegion}); MSK Data Delivery writes to `
      + 'table buckets of the cluster\'s Region only (MSK developer guide, "Amazon MSK Data Delivery", "Prerequisites"). Fix: use a table bucket in that Region.',
  },
  {
    id: 'DeliverySchemaNotJson',
    failsWhen: (f) => f.destination === 'iceberg' && f.schemaFormat !== undefined && f.schemaFormat !== 'JSON',
    message: (f) => `schema: a ${f.schemaFormat} schema; Iceberg delivery reads JSON records with a JSON Schema (MSK developer guide, "Amazon MSK `
      + 'Data Delivery", "Supported configurations": input formats JSON and JSON_SCHEMA_GSR). Fix: register the rows\' JSON Schema with SchemaFormat.json().',
  },
];
registerRules({ name: 'DATA_DELIVERY_RULES', file: 'src/integrations/delivery/delivery-rules.ts', severity: 'error', checkedBy: ['DataDeliveryChannel'] }, DATA_DELIVERY_RULES);

/** Warnings of a `DataDeliveryChannel`. */
export const DATA_DELIVERY_WARNINGS: ReadonlyArray<WarningRule<DataDeliveryFacts>> = [
  {
    id: 'DeliveryChannelNameFixed',
    failsWhen: (f) => f.channelName !== undefined,
    message: (f) => `channelName: '${f.channelName}' is fixed, and every setting of a channel but its data freshness is fixed at creation `
      + '(AWS::MSK::Channel): changing one replaces the channel, whose replacement is created first under the name the old one still holds, and '
      + 'the deployment fails. Change channelName together with such a setting, leave it out for a generated name, or acknowledge this warning.',
  },
  {
    id: 'DeliveryExpressUnknown',
    failsWhen: (f) => f.clusterKind === 'provisioned' && f.express === undefined,
    message: () => 'cluster: an imported cluster, whose broker type the library cannot see; MSK Data Delivery runs on Express brokers only, and '
      + 'the channel fails to create on Standard brokers (MSK developer guide, "Amazon MSK Data Delivery"). Acknowledge this warning once you know it is Express.',
  },
  {
    id: 'DeliveryIcebergFastFreshness',
    failsWhen: (f) => f.destination === 'iceberg' && f.freshnessSeconds === MIN_FRESHNESS_SECONDS,
    message: () => `dataFreshness: 5 minutes on an Iceberg table needs at least ${ICEBERG_FAST_FRESHNESS_MBPS} MB/s of uncompressed records on the topic; `
      + 'a slower topic misses it (MSK developer guide, "Amazon MSK Data Delivery", "Throughput and data freshness"). Use 10 minutes or more for '
      + 'quieter topics, or acknowledge this warning.',
  },
];
registerRules({ name: 'DATA_DELIVERY_WARNINGS', file: 'src/integrations/delivery/delivery-rules.ts', severity: 'warning', checkedBy: ['DataDeliveryChannel'] }, DATA_DELIVERY_WARNINGS);

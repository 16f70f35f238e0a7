import { Token } from 'aws-cdk-lib';
import { registerRules } from '../../validation/registry';
import { Rule } from '../../validation/rules';

/** What the S3 sink rules look at, with defaults applied. */
export interface S3SinkFacts {
  /** Topics copied to S3. */
  readonly topics: string[];
  /** Top-level key prefix. */
  readonly topicsDir: string;
  /** Records per object. */
  readonly flushSize: number;
  /** Rotation interval in milliseconds (may be fractional when badly given). */
  readonly rotateIntervalMs: number;
}

const known = (value: string | number) => !Token.isUnresolved(value);
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const badTopics = (f: S3SinkFacts) => f.topics.filter((t) => known(t) && !TOPIC_NAME.test(t));

/** Errors of `S3SinkConnector`. Run them with `checkRules(scope, 'S3SinkConnector', S3_SINK_RULES, facts)`. */
export const S3_SINK_RULES: ReadonlyArray<Rule<S3SinkFacts>> = [
  {
    id: 'S3SinkNoTopics',
    failsWhen: (f) => f.topics.length === 0,
    message: () => 'topics: is empty. Fix: list the topics to copy to S3, e.g. [\'orders\'].',
  },
  {
    id: 'S3SinkTopicInvalid',
    failsWhen: (f) => badTopics(f).length > 0,
    message: (f) => `topics: ${badTopics(f).map((t) => `'${t}'`).join(', ')} ${badTopics(f).length === 1 ? 'is' : 'are'} not exact Kafka topic names (the S3 sink's \`topics\` takes no patterns). `
      + 'Fix: use 1–249 letters, digits, \'.\', \'_\' or \'-\'; for a pattern, set topics.regex in additionalConfiguration and grant the topics yourself.',
  },
  {
    id: 'S3SinkTopicsDirInvalid',
    failsWhen: (f) => known(f.topicsDir) && (f.topicsDir.length === 0 || f.topicsDir.startsWith('/') || f.topicsDir.endsWith('/') || f.topicsDir.includes('*')),
    message: (f) => `topicsDir: '${f.topicsDir}' must be a non-empty key prefix without a leading or trailing '/' or '*'. Fix: use e.g. 'raw/kafka'.`,
  },
  {
    id: 'S3SinkFlushSizeInvalid',
    failsWhen: (f) => known(f.flushSize) && (!Number.isInteger(f.flushSize) || f.flushSize < 1),
    message: (f) => `flushSize: ${f.flushSize} is not a whole number of records of at least 1. Fix: use e.g. 1000.`,
  },
  {
    id: 'S3SinkRotateIntervalInvalid',
    failsWhen: (f) => known(f.rotateIntervalMs) && (!Number.isInteger(f.rotateIntervalMs) || f.rotateIntervalMs < 1000),
    message: (f) => `rotateInterval: ${f.rotateIntervalMs} ms is not a whole number of milliseconds of at least 1 second. Fix: use e.g. Duration.minutes(10).`,
  },
];
registerRules({ name: 'S3_SINK_RULES', file: 'src/integrations/connect/connect-s3-sink-rules.ts', severity: 'error', checkedBy: ['S3SinkConnector'] }, S3_SINK_RULES);


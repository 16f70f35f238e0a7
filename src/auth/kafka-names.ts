import { Token } from 'aws-cdk-lib';
import { defineMessages } from '../validation/registry';

const NAME = /^[A-Za-z0-9._-]{1,249}$/;
const PREFIX = /^[A-Za-z0-9._-]{0,248}\*$/;

const KAFKA_NAME_ERRORS = defineMessages({
  name: 'KAFKA_NAME_ERRORS',
  file: 'src/auth/kafka-names.ts',
  severity: 'error',
  kind: 'IMskCluster',
  checkedBy: ['grantProduce', 'grantConsume', 'grantTransactionalProduce'],
}, {
  KafkaNameInvalid: (where: string, what: string, problem: string) => `${where}: ${what} ${problem}`,
});

/**
 * The problem with `value` when it is neither a Kafka name (letters, digits, '.', '_', '-'; at most 249
 * characters) nor, when patterns are allowed, a prefix pattern ending in '*'; undefined when it is one, or a token.
 */
export function kafkaNameProblem(value: string, allowPattern: boolean): string | undefined {
  if (Token.isUnresolved(value) || NAME.test(value) || (allowPattern && PREFIX.test(value))) {
    return undefined;
  }
  const patterns = allowPattern ? ', or a prefix pattern ending in \'*\' (e.g. \'orders.*\')' : '';
  return `'${value}' is not a valid Kafka name. Fix: use 1–249 letters, digits, '.', '_' or '-'${patterns}.`;
}

/** Throws a validation error (`KafkaNameInvalid`) when `value` is not a Kafka name (see `kafkaNameProblem`). Tokens pass. */
export function checkKafkaName(value: string, what: string, where: string, allowPattern: boolean): void {
  const problem = kafkaNameProblem(value, allowPattern);
  if (problem !== undefined) {
    throw KAFKA_NAME_ERRORS.error(undefined, 'KafkaNameInvalid', where, what, problem);
  }
}

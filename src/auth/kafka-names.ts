import { Token } from 'aws-cdk-lib';

const NAME = /^[A-Za-z0-9._-]{1,249}$/;
const PREFIX = /^[A-Za-z0-9._-]{0,248}\*$/;

/**
 * Throws when `value` is neither a Kafka name (letters, digits, '.', '_', '-'; at most 249
 * characters) nor, when patterns are allowed, a prefix pattern ending in '*'. Tokens pass.
 */
export function checkKafkaName(value: string, what: string, where: string, allowPattern: boolean): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (NAME.test(value) || (allowPattern && PREFIX.test(value))) {
    return;
  }
  const patterns = allowPattern ? ', or a prefix pattern ending in \'*\' (e.g. \'orders.*\')' : '';
  throw new Error(`${where}: ${what} '${value}' is not a valid Kafka name. Fix: use 1–249 letters, digits, '.', '_' or '-'${patterns}.`);
}

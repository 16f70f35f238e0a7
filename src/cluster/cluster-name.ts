import { Names, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

export const CLUSTER_NAME_MAX_LENGTH = 64;
const CLUSTER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** A cluster name unique to the construct path, valid for MSK, at most 64 characters. */
export function defaultClusterName(scope: IConstruct): string {
  return Names.uniqueResourceName(scope, {
    maxLength: CLUSTER_NAME_MAX_LENGTH,
    separator: '-',
    allowedSpecialCharacters: '-',
  });
}

/** True when `name` is a valid MSK cluster name; tokens are not judged. */
export function isValidClusterName(name: string): boolean {
  if (Token.isUnresolved(name)) {
    return true;
  }
  return name.length <= CLUSTER_NAME_MAX_LENGTH && CLUSTER_NAME_PATTERN.test(name);
}

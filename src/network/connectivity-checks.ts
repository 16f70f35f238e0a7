import { Token } from 'aws-cdk-lib';
import { KafkaVersion } from '../config/kafka-version';

/**
 * Whether `version` is at least `major.minor.patch`, or undefined when that cannot be known at
 * synth time (a token, or a string that does not start with numbers). A non-numeric patch, such
 * as the `x` of `3.9.x`, stands for the newest patch of its line, so it meets any patch minimum.
 */
export function kafkaVersionAtLeast(version: KafkaVersion, major: number, minor: number, patch: number): boolean | undefined {
  if (Token.isUnresolved(version.version)) {
    return undefined;
  }
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.version);
  if (!match) {
    return undefined;
  }
  const given = [Number(match[1]), Number(match[2]), match[3] === undefined ? Infinity : Number(match[3])];
  const wanted = [major, minor, patch];
  for (let i = 0; i < wanted.length; i++) {
    if (given[i] !== wanted[i]) {
      return given[i] > wanted[i];
    }
  }
  return true;
}

/** The effective value of a Kafka server property, trimmed, or undefined when it is unset or a token. */
export function knownServerProperty(properties: { [key: string]: string }, key: string): string | undefined {
  const value = properties[key];
  return value === undefined || Token.isUnresolved(value) ? undefined : value.trim();
}

/**
 * True when Kafka lets a principal without an ACL on a resource use it: MSK's default for
 * `allow.everyone.if.no.acl.found` is true. False when the property is set to false, and also
 * when it is a token (tokens are never validated as values).
 */
export function aclsOpenByDefault(properties: { [key: string]: string }): boolean {
  if (properties[ALLOW_EVERYONE] !== undefined && Token.isUnresolved(properties[ALLOW_EVERYONE])) {
    return false;
  }
  return knownServerProperty(properties, ALLOW_EVERYONE)?.toLowerCase() !== 'false';
}

/** The Kafka property MSK requires to be false before SCRAM or mutual TLS clients come from outside the VPC. */
export const ALLOW_EVERYONE = 'allow.everyone.if.no.acl.found';

/**
 * The Kafka ACLs a `Custom::MskKafkaAcls` resource declares (./kafka-acls.lambda.ts): their JSON form in
 * the resource's properties, validation, a canonical key per ACL and the difference between two sets.
 * Pure: no SDK and no Kafka client import (the handler and, later, the constructs both use it).
 *
 * The vocabulary is Kafka's own (Apache Kafka documentation, "Authorization and ACLs": resource types,
 * pattern types, operations, ALLOW/DENY, principal and host); MSK uses Apache Kafka's authorizer for
 * SCRAM and mTLS clients (MSK developer guide, "Apache Kafka ACLs").
 */

/** Kafka resource types an ACL can name. */
export const KAFKA_ACL_RESOURCE_TYPES = ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID'] as const;
/** How an ACL's resource name matches: exactly, or as a prefix. */
export const KAFKA_ACL_PATTERN_TYPES = ['LITERAL', 'PREFIXED'] as const;
/** Kafka ACL operations (ANY and UNKNOWN are filter values, not grantable). */
export const KAFKA_ACL_OPERATIONS = [
  'ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS',
  'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'CREATE_TOKENS', 'DESCRIBE_TOKENS', 'TWO_PHASE_COMMIT',
] as const;
export const KAFKA_ACL_PERMISSION_TYPES = ['ALLOW', 'DENY'] as const;

export type KafkaAclResourceType = typeof KAFKA_ACL_RESOURCE_TYPES[number];
export type KafkaAclPatternType = typeof KAFKA_ACL_PATTERN_TYPES[number];
export type KafkaAclOperation = typeof KAFKA_ACL_OPERATIONS[number];
export type KafkaAclPermissionType = typeof KAFKA_ACL_PERMISSION_TYPES[number];

/** One ACL, every field filled in. */
export interface KafkaAclEntry {
  readonly resourceType: KafkaAclResourceType;
  readonly resourceName: string;
  readonly patternType: KafkaAclPatternType;
  /** `User:<SCRAM user name>` or `User:CN=...` (an mTLS client certificate's distinguished name). */
  readonly principal: string;
  /** Host the principal connects from; `*` for any. */
  readonly host: string;
  readonly operation: KafkaAclOperation;
  readonly permissionType: KafkaAclPermissionType;
}

/** The resource name Kafka requires for a CLUSTER ACL (Apache Kafka documentation, "Authorization and ACLs"). */
export const KAFKA_CLUSTER_RESOURCE_NAME = 'kafka-cluster';

/** The canonical key of an ACL: two ACLs with the same key are the same ACL to Kafka. */
export function aclKey(acl: KafkaAclEntry): string {
  return JSON.stringify([acl.resourceType, acl.patternType, acl.resourceName, acl.principal, acl.host, acl.operation, acl.permissionType]);
}

/** A short description of an ACL for messages, e.g. `User:alice ALLOW READ on TOPIC 'orders' (LITERAL) from host *`. */
export function describeAcl(acl: KafkaAclEntry): string {
  return `${acl.principal} ${acl.permissionType} ${acl.operation} on ${acl.resourceType} '${acl.resourceName}' (${acl.patternType}) from host ${acl.host}`;
}

/**
 * The ACLs of an `Acls` property (a JSON list), validated and without duplicates (first occurrence kept);
 * an error naming `subject`, the entry and every problem when it is not valid. `host` defaults to `*`,
 * `patternType` to LITERAL and `permissionType` to ALLOW.
 */
export function parseAcls(subject: string, json: string | undefined): KafkaAclEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? '');
  } catch {
    throw new Error(`The Acls property of ${subject} is not JSON: ${String(json)}`);
  }
  if (!Array.isArray(parsed)) {
    throw new Error(`The Acls property of ${subject} is not a list of ACLs: ${String(json)}`);
  }
  const problems: string[] = [];
  const acls: KafkaAclEntry[] = [];
  const seen = new Set<string>();
  parsed.forEach((raw: unknown, index) => {
    const entry = toAcl(raw);
    if (typeof entry === 'string') {
      problems.push(`entry ${index} (${JSON.stringify(raw)}): ${entry}`);
      return;
    }
    const key = aclKey(entry);
    if (!seen.has(key)) {
      seen.add(key);
      acls.push(entry);
    }
  });
  if (problems.length > 0) {
    throw new Error(`The Acls property of ${subject} has invalid ACLs: ${problems.join('; ')}`);
  }
  return acls;
}

/** The ACL `raw` describes, or what is wrong with it. */
function toAcl(raw: unknown): KafkaAclEntry | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return 'not an object';
  }
  const o = raw as Record<string, unknown>;
  const wrong: string[] = [];
  const choice = <T extends string>(field: string, allowed: readonly T[], fallback?: T): T => {
    const value = o[field] ?? fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) {
      return value as T;
    }
    wrong.push(`${field} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    return allowed[0];
  };
  const resourceType = choice('resourceType', KAFKA_ACL_RESOURCE_TYPES);
  const patternType = choice('patternType', KAFKA_ACL_PATTERN_TYPES, 'LITERAL');
  const operation = choice('operation', KAFKA_ACL_OPERATIONS);
  const permissionType = choice('permissionType', KAFKA_ACL_PERMISSION_TYPES, 'ALLOW');
  const resourceName = o.resourceName;
  if (typeof resourceName !== 'string' || resourceName === '') {
    wrong.push('resourceName must be a non-empty string');
  } else if (resourceType === 'CLUSTER' && resourceName !== KAFKA_CLUSTER_RESOURCE_NAME) {
    wrong.push(`resourceName of a CLUSTER ACL must be '${KAFKA_CLUSTER_RESOURCE_NAME}'`);
  }
  const principal = o.principal;
  if (typeof principal !== 'string' || !/^User:.+/.test(principal)) {
    wrong.push("principal must be 'User:<name>' or 'User:CN=...'");
  }
  const host = o.host ?? '*';
  if (typeof host !== 'string' || host === '') {
    wrong.push("host must be a non-empty string ('*' for any host)");
  }
  if (wrong.length > 0) {
    return wrong.join(', ');
  }
  return {
    resourceType,
    resourceName: resourceName as string,
    patternType,
    principal: principal as string,
    host: host as string,
    operation,
    permissionType,
  };
}

/** What turns the ACL set `before` into `after`: exactly the ACLs to create and to delete, by canonical key. */
export interface KafkaAclDiff {
  readonly create: KafkaAclEntry[];
  readonly remove: KafkaAclEntry[];
}

/** The ACLs only `after` has (to create) and only `before` has (to delete), each in its list's order. */
export function diffAcls(before: readonly KafkaAclEntry[], after: readonly KafkaAclEntry[]): KafkaAclDiff {
  const beforeKeys = new Set(before.map(aclKey));
  const afterKeys = new Set(after.map(aclKey));
  return {
    create: after.filter((acl) => !beforeKeys.has(aclKey(acl))),
    remove: before.filter((acl) => !afterKeys.has(aclKey(acl))),
  };
}

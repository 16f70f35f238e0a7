import { Token } from 'aws-cdk-lib';
import { KafkaAcl } from './kafka-acl';
import { KafkaAclOperation, KafkaAclPermission, KafkaAclResource } from './kafka-acl-resource';
import { KafkaPrincipal } from './kafka-principal';
import type { KafkaAclEntry } from '../../custom-resources/kafka-acl-set';
import { defineMessages } from '../../validation/registry';

const ACL_ERRORS = defineMessages({
  name: 'KAFKA_ACL_ERRORS', file: 'src/auth/kafka-acls/kafka-acl-vocabulary.ts', severity: 'error', kind: 'KafkaAcls', checkedBy: ['KafkaAcls.addAcl'],
}, {
  KafkaAclHostInvalid: (host: string) => `addAcl: host '${host}' is not '*' or an IP address. Kafka matches the client's address exactly `
    + '(no CIDR ranges or names). Fix: use \'*\' (any host), or one IPv4 or IPv6 address.',
});

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:]+$/;

/** The ACL as the handler takes it, validated. */
export function toAclEntry(acl: KafkaAcl): KafkaAclEntry {
  const host = acl.host ?? '*';
  if (!Token.isUnresolved(host) && host !== '*' && !IPV4.test(host) && !(IPV6.test(host) && host.includes(':'))) {
    throw ACL_ERRORS.error(undefined, 'KafkaAclHostInvalid', host);
  }
  return {
    resourceType: acl.resource.resourceType as KafkaAclEntry['resourceType'],
    resourceName: acl.resource.resourceName,
    patternType: acl.resource.patternType as KafkaAclEntry['patternType'],
    principal: acl.principal.principal,
    host,
    operation: acl.operation.name as KafkaAclEntry['operation'],
    permissionType: (acl.permission ?? KafkaAclPermission.ALLOW).name as KafkaAclEntry['permissionType'],
  };
}

const allow = (principal: KafkaPrincipal, resource: KafkaAclResource, ...operations: KafkaAclOperation[]): KafkaAcl[] =>
  operations.map((operation) => ({ principal, resource, operation }));

/*
 * The grant vocabulary, the ACL counterpart of the IAM grants (src/auth/permissions.ts), after the
 * convenience options of Apache Kafka's kafka-acls tool (--consumer, --producer, --idempotent,
 * --transactional-id; Apache Kafka documentation, "Authorization and ACLs"), without CREATE on topics:
 * topics are created by the admin or `addTopic`, not by producers.
 */

/** Read `topic` in `group`: READ and DESCRIBE on the topic, READ and DESCRIBE on the group. */
export function consumeAcls(principal: KafkaPrincipal, topic: string, group: string): KafkaAcl[] {
  return [
    ...allow(principal, KafkaAclResource.topic(topic), KafkaAclOperation.READ, KafkaAclOperation.DESCRIBE),
    ...allow(principal, KafkaAclResource.group(group), KafkaAclOperation.READ, KafkaAclOperation.DESCRIBE),
  ];
}

/**
 * Write `topic`: WRITE and DESCRIBE on the topic, and IDEMPOTENT_WRITE on the cluster (idempotent producers
 * are the client default since Kafka 3.0; before 2.8 they needed it explicitly).
 */
export function produceAcls(principal: KafkaPrincipal, topic: string): KafkaAcl[] {
  return [
    ...allow(principal, KafkaAclResource.topic(topic), KafkaAclOperation.WRITE, KafkaAclOperation.DESCRIBE),
    ...allow(principal, KafkaAclResource.cluster(), KafkaAclOperation.IDEMPOTENT_WRITE),
  ];
}

/** Write `topic` in transactions with `transactionalId`: produceAcls plus WRITE and DESCRIBE on the transactional id. */
export function transactionalProduceAcls(principal: KafkaPrincipal, topic: string, transactionalId: string): KafkaAcl[] {
  return [
    ...produceAcls(principal, topic),
    ...allow(principal, KafkaAclResource.transactionalId(transactionalId), KafkaAclOperation.WRITE, KafkaAclOperation.DESCRIBE),
  ];
}

/**
 * Administer topics matching `topicPattern` and groups matching `groupPattern` (create, describe, alter,
 * delete, configurations), and describe the cluster and its configuration. Not ACL management: that stays
 * with the library's admin principal.
 */
export function adminAcls(principal: KafkaPrincipal, topicPattern: string, groupPattern: string): KafkaAcl[] {
  return [
    ...allow(principal, KafkaAclResource.cluster(), KafkaAclOperation.DESCRIBE, KafkaAclOperation.DESCRIBE_CONFIGS),
    ...allow(principal, KafkaAclResource.topic(topicPattern), KafkaAclOperation.CREATE, KafkaAclOperation.DESCRIBE, KafkaAclOperation.ALTER,
      KafkaAclOperation.DELETE, KafkaAclOperation.DESCRIBE_CONFIGS, KafkaAclOperation.ALTER_CONFIGS),
    ...allow(principal, KafkaAclResource.group(groupPattern), KafkaAclOperation.READ, KafkaAclOperation.DESCRIBE, KafkaAclOperation.DELETE),
  ];
}

/**
 * The library's admin principal's own ACLs: ALTER on the cluster (CreateAcls, DeleteAcls) and DESCRIBE
 * (DescribeAcls). Created before any other ACL, and never deleted by the library, so that the admin keeps
 * managing ACLs once `allow.everyone.if.no.acl.found` is false.
 */
export function aclManagerAcls(principal: KafkaPrincipal): KafkaAcl[] {
  return allow(principal, KafkaAclResource.cluster(), KafkaAclOperation.ALTER, KafkaAclOperation.DESCRIBE);
}

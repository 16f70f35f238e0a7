import { Token } from 'aws-cdk-lib';
import { KAFKA_CLUSTER_RESOURCE_NAME } from '../../custom-resources/kafka-acl-set';
import { defineMessages } from '../../validation/registry';
import { kafkaNameProblem } from '../kafka-names';

const RESOURCE_ERRORS = defineMessages({
  name: 'KAFKA_ACL_RESOURCE_ERRORS',
  file: 'src/auth/kafka-acls/kafka-acl-resource.ts',
  severity: 'error',
  kind: 'KafkaAclResource',
  checkedBy: ['KafkaAclResource.topic', 'KafkaAclResource.group', 'KafkaAclResource.transactionalId'],
}, {
  KafkaAclResourceInvalid: (factory: string, problem: string) => `KafkaAclResource.${factory}: ${problem}`,
});

/**
 * What a Kafka ACL is about: a topic, a consumer group, a transactional id or the cluster. Names follow
 * the IAM grants' convention: an exact name, a prefix pattern ending in `*` (`orders.*` matches every
 * name starting with `orders.`; Kafka's PREFIXED pattern type), or `*` for all (Kafka's wildcard)
 * (Apache Kafka documentation, "Authorization and ACLs").
 */
export class KafkaAclResource {
  /** A topic, a topic prefix (`orders.*`) or every topic (`*`). */
  public static topic(name: string): KafkaAclResource {
    return KafkaAclResource.named('TOPIC', 'topic', name);
  }

  /** A consumer group, a group prefix (`payments-*`) or every group (`*`). */
  public static group(name: string): KafkaAclResource {
    return KafkaAclResource.named('GROUP', 'group', name);
  }

  /** A transactional id, a prefix (`orders-tx-*`) or every transactional id (`*`). */
  public static transactionalId(id: string): KafkaAclResource {
    return KafkaAclResource.named('TRANSACTIONAL_ID', 'transactionalId', id);
  }

  /** The cluster itself (cluster-wide operations such as DESCRIBE, ALTER and IDEMPOTENT_WRITE). */
  public static cluster(): KafkaAclResource {
    return new KafkaAclResource('CLUSTER', KAFKA_CLUSTER_RESOURCE_NAME, 'LITERAL');
  }

  private static named(resourceType: string, factory: string, name: string): KafkaAclResource {
    if (Token.isUnresolved(name)) {
      return new KafkaAclResource(resourceType, name, 'LITERAL');
    }
    if (name === '*') {
      return new KafkaAclResource(resourceType, '*', 'LITERAL');
    }
    const problem = kafkaNameProblem(name, true);
    if (problem !== undefined) {
      throw RESOURCE_ERRORS.error(undefined, 'KafkaAclResourceInvalid', factory, problem);
    }
    return name.endsWith('*')
      ? new KafkaAclResource(resourceType, name.slice(0, -1), 'PREFIXED')
      : new KafkaAclResource(resourceType, name, 'LITERAL');
  }

  /**
   * @param resourceType Kafka's resource type: TOPIC, GROUP, TRANSACTIONAL_ID or CLUSTER.
   * @param resourceName The name, or the prefix for a PREFIXED pattern (`*` alone: every resource of the type).
   * @param patternType LITERAL or PREFIXED.
   */
  private constructor(
    public readonly resourceType: string,
    public readonly resourceName: string,
    public readonly patternType: string,
  ) {}
}

/** A Kafka ACL operation (Apache Kafka documentation, "Authorization and ACLs", operations and resources). */
export class KafkaAclOperation {
  /** Every operation on the resource. */
  public static readonly ALL = new KafkaAclOperation('ALL');
  /** Fetch from a topic, join and commit offsets in a group. */
  public static readonly READ = new KafkaAclOperation('READ');
  /** Produce to a topic, or with a transactional id. */
  public static readonly WRITE = new KafkaAclOperation('WRITE');
  /** Create a topic (or any topic, on the cluster). */
  public static readonly CREATE = new KafkaAclOperation('CREATE');
  /** Delete a topic, records or a group. */
  public static readonly DELETE = new KafkaAclOperation('DELETE');
  /** Alter a topic's partitions, or manage ACLs (on the cluster). */
  public static readonly ALTER = new KafkaAclOperation('ALTER');
  /** Read metadata, offsets, groups or ACLs (on the cluster). */
  public static readonly DESCRIBE = new KafkaAclOperation('DESCRIBE');
  /** Broker-to-broker requests; never needed by clients. */
  public static readonly CLUSTER_ACTION = new KafkaAclOperation('CLUSTER_ACTION');
  /** Read configurations. */
  public static readonly DESCRIBE_CONFIGS = new KafkaAclOperation('DESCRIBE_CONFIGS');
  /** Change configurations. */
  public static readonly ALTER_CONFIGS = new KafkaAclOperation('ALTER_CONFIGS');
  /** Idempotent produce (on the cluster; implied by WRITE on a topic since Kafka 3.0). */
  public static readonly IDEMPOTENT_WRITE = new KafkaAclOperation('IDEMPOTENT_WRITE');

  /** @param name Kafka's name of the operation. */
  private constructor(public readonly name: string) {}
}

/** Whether a Kafka ACL allows or denies. A DENY wins over any ALLOW for the same principal and operation. */
export class KafkaAclPermission {
  public static readonly ALLOW = new KafkaAclPermission('ALLOW');
  public static readonly DENY = new KafkaAclPermission('DENY');

  /** @param name ALLOW or DENY. */
  private constructor(public readonly name: string) {}
}

import { KafkaAclOperation, KafkaAclPermission, KafkaAclResource } from './kafka-acl-resource';
import { KafkaPrincipal } from './kafka-principal';

/** One Kafka ACL: who may (or may not) do what on which resource, from where. */
export interface KafkaAcl {
  /** The SCRAM user or certificate the ACL applies to. */
  readonly principal: KafkaPrincipal;
  /** The topic, group, transactional id or cluster. */
  readonly resource: KafkaAclResource;
  /** The operation. */
  readonly operation: KafkaAclOperation;
  /**
   * Allow or deny.
   * @default KafkaAclPermission.ALLOW
   */
  readonly permission?: KafkaAclPermission;
  /**
   * The client address the ACL applies to: one IP address, or `*` for any.
   * @default '*'
   */
  readonly host?: string;
}


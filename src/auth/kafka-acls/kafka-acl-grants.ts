import { IConstruct } from 'constructs';
import { KafkaAcl } from './kafka-acl';
import { KafkaPrincipal } from './kafka-principal';

/** Kafka ACLs declared on a cluster (implemented by `KafkaAcls`): what a `KafkaUser`'s grants add to. */
export interface IKafkaAcls extends IConstruct {
  /** Declares one ACL. */
  addAcl(acl: KafkaAcl): void;
  /** Lets `principal` read `topic` (a name, a prefix `orders.*`, or `*`) in `consumerGroup`. */
  grantConsume(principal: KafkaPrincipal, topic: string, consumerGroup: string): void;
  /** Lets `principal` write `topic`. */
  grantProduce(principal: KafkaPrincipal, topic: string): void;
  /** Lets `principal` write `topic` in transactions with `transactionalId`. */
  grantTransactionalProduce(principal: KafkaPrincipal, topic: string, transactionalId: string): void;
  /** Lets `principal` administer the topics matching `topicPattern` and the groups matching `groupPattern`. */
  grantAdmin(principal: KafkaPrincipal, topicPattern?: string, groupPattern?: string): void;
}

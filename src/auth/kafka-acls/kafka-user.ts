import { IKafkaAcls } from './kafka-acl-grants';
import { KafkaPrincipal } from './kafka-principal';

/**
 * A Kafka principal of a cluster (a SCRAM user or a certificate) with grant methods that mirror the IAM grants
 * (`cluster.grantConsume` and the others) and add Kafka ACLs to the cluster's `kafkaAcls`.
 */
export abstract class KafkaUser {
  /** The principal Kafka's authorizer sees. */
  public readonly principal: KafkaPrincipal;

  protected constructor(principal: KafkaPrincipal) {
    this.principal = principal;
  }

  /** The ACLs the grants add to (the cluster's `kafkaAcls`), created on first use. */
  public get kafkaAcls(): IKafkaAcls {
    return this.aclsForGrants();
  }

  /** Read `topic` (a name, a prefix `orders.*`, or `*`) in consumer group `consumerGroup` (same forms). */
  public grantConsume(topic: string, consumerGroup: string): void {
    this.aclsForGrants().grantConsume(this.principal, topic, consumerGroup);
  }

  /** Write `topic` (a name, a prefix `orders.*`, or `*`). */
  public grantProduce(topic: string): void {
    this.aclsForGrants().grantProduce(this.principal, topic);
  }

  /** Write `topic` in transactions with `transactionalId` (a name, a prefix `orders-tx-*`, or `*`). */
  public grantTransactionalProduce(topic: string, transactionalId: string): void {
    this.aclsForGrants().grantTransactionalProduce(this.principal, topic, transactionalId);
  }

  /**
   * Administer the topics matching `topicPattern` and the groups matching `groupPattern`.
   * @param topicPattern @default '*'
   * @param groupPattern @default '*'
   */
  public grantAdmin(topicPattern?: string, groupPattern?: string): void {
    this.aclsForGrants().grantAdmin(this.principal, topicPattern, groupPattern);
  }

  /** The ACLs the grants add to (the cluster's `kafkaAcls`). */
  protected abstract aclsForGrants(): IKafkaAcls;
}

/** A mutual-TLS client, known to Kafka by its certificate subject (`cluster.certificateUser(distinguishedName)`). */
export class CertificateUser extends KafkaUser {
  private readonly acls: IKafkaAcls;

  /**
   * @param principal The certificate principal (`KafkaPrincipal.certificate(...)`).
   * @param acls Where its grants go (usually `cluster.kafkaAcls`).
   */
  constructor(principal: KafkaPrincipal, acls: IKafkaAcls) {
    super(principal);
    this.acls = acls;
  }

  protected aclsForGrants(): IKafkaAcls {
    return this.acls;
  }
}

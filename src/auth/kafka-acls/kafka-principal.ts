import { Token } from 'aws-cdk-lib';
import { defineMessages } from '../../validation/registry';

const PRINCIPAL_ERRORS = defineMessages({
  name: 'KAFKA_PRINCIPAL_ERRORS',
  file: 'src/auth/kafka-acls/kafka-principal.ts',
  severity: 'error',
  kind: 'KafkaPrincipal',
  checkedBy: ['KafkaPrincipal.scramUser', 'KafkaPrincipal.certificate', 'KafkaPrincipal.fromName'],
}, {
  KafkaPrincipalInvalid: (factory: string, value: string, problem: string) => `KafkaPrincipal.${factory}: '${value}' ${problem}`,
});

/** SCRAM usernames as the library creates them (see `ScramUsers.addUser`). */
const SCRAM_USERNAME = /^[A-Za-z0-9._-]{1,64}$/;
/** An X.500 distinguished name as a client certificate's subject: `CN=...` with optional further `,K=V` parts. */
const DISTINGUISHED_NAME = /^CN=[^,]+(,[A-Za-z0-9.]+=[^,]*)*$/;

/**
 * Who a Kafka ACL applies to: a SASL/SCRAM user or a mutual-TLS client certificate. Kafka's authorizer
 * knows them as `User:<username>` and `User:<the certificate subject's distinguished name>`
 * (MSK developer guide, "Apache Kafka ACLs"). IAM clients are not Kafka principals: IAM policies
 * authorize them (`cluster.grantConsume` and the other IAM grants), and ACLs have no effect on them.
 */
export class KafkaPrincipal {
  /** The SASL/SCRAM user `username` (`User:<username>`). */
  public static scramUser(username: string): KafkaPrincipal {
    if (!Token.isUnresolved(username) && !SCRAM_USERNAME.test(username)) {
      throw PRINCIPAL_ERRORS.error(undefined, 'KafkaPrincipalInvalid', 'scramUser', username,
        'is not a SCRAM username. Fix: use 1–64 letters, digits, \'.\', \'_\' or \'-\', the name given to addScramUser.');
    }
    return new KafkaPrincipal(`User:${username}`);
  }

  /**
   * The mutual-TLS client whose certificate subject is `distinguishedName`, e.g.
   * `CN=orders.example.com,OU=Payments,O=Example,C=US` (`User:CN=...`). Kafka matches the whole name,
   * in the order and spelling the certificate has (RFC 2253, no spaces after commas).
   */
  public static certificate(distinguishedName: string): KafkaPrincipal {
    if (!Token.isUnresolved(distinguishedName) && !DISTINGUISHED_NAME.test(distinguishedName)) {
      throw PRINCIPAL_ERRORS.error(undefined, 'KafkaPrincipalInvalid', 'certificate', distinguishedName,
        'is not a certificate subject. Fix: give the distinguished name as Kafka sees it, starting with CN= and '
        + 'with no space after the commas, e.g. \'CN=orders.example.com,OU=Payments,O=Example\'.');
    }
    return new KafkaPrincipal(`User:${distinguishedName}`);
  }

  /** A principal in Kafka's own notation, `User:<name>` (for principals this library does not model). */
  public static fromName(principal: string): KafkaPrincipal {
    if (!Token.isUnresolved(principal) && !/^User:\S.*$/.test(principal)) {
      throw PRINCIPAL_ERRORS.error(undefined, 'KafkaPrincipalInvalid', 'fromName', principal,
        'is not a Kafka principal. Fix: write it as \'User:<name>\', e.g. \'User:alice\' or \'User:CN=client.example.com\'.');
    }
    return new KafkaPrincipal(principal);
  }

  /**
   * @param principal The principal in Kafka's notation (`User:...`).
   */
  private constructor(public readonly principal: string) {}

  /** The principal in Kafka's notation. */
  public toString(): string {
    return this.principal;
  }
}

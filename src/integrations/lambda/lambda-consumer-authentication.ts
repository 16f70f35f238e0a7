import { aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import type { KafkaUser } from '../../auth/kafka-acls/kafka-user';
import type { ScramUser } from '../../auth/scram-users';
import { BrokerPorts } from '../../network/ports';

/**
 * How the Lambda event source pollers authenticate to the brokers. The mode must be enabled
 * on the cluster.
 */
export class LambdaConsumerAuthentication {
  /**
   * SASL/IAM (port 9098): the pollers sign in with the function's execution role, which gets
   * the `kafka-cluster:` read actions on the topic and the consumer group.
   */
  public static iam(): LambdaConsumerAuthentication {
    return new LambdaConsumerAuthentication('iam', BrokerPorts.SASL_IAM);
  }

  /**
   * SASL/SCRAM-SHA-512 (port 9096) with the user in `secret` (`{"username", "password"}`,
   * e.g. `cluster.addScramUser('orders-consumer').secret`). The execution role may read the
   * secret and decrypt it with the secret's key.
   */
  public static scram(secret: secretsmanager.ISecret): LambdaConsumerAuthentication {
    return new LambdaConsumerAuthentication('scram', BrokerPorts.SASL_SCRAM, secret);
  }

  /**
   * SASL/SCRAM-SHA-512 (port 9096) as `user` (`cluster.addScramUser(...)`), with the Kafka ACLs the pollers
   * need declared for it on the cluster's `kafkaAcls` (README, "Kafka ACLs"): READ and DESCRIBE on the topic
   * and the consumer group, DESCRIBE_CONFIGS on the cluster. The mapping waits for them.
   */
  public static scramUser(user: ScramUser): LambdaConsumerAuthentication {
    return new LambdaConsumerAuthentication('scram', BrokerPorts.SASL_SCRAM, user.secret, user);
  }

  /**
   * Mutual TLS (port 9094) with the client certificate in `secret`
   * (`{"certificate", "privateKey", "privateKeyPassword"?}`, PEM, the key in PKCS#8).
   * The execution role may read the secret and decrypt it with the secret's key.
   *
   * @param secret the client certificate and key
   * @param user the certificate's principal (`cluster.certificateUser('CN=...')`): when given, the ACLs the
   *   pollers need are declared for it, as with `scramUser`.
   * @default - no ACLs are declared
   */
  public static mutualTls(secret: secretsmanager.ISecret, user?: KafkaUser): LambdaConsumerAuthentication {
    return new LambdaConsumerAuthentication('tls', BrokerPorts.TLS, secret, user);
  }

  /** `iam`, `scram` or `tls`, as in `ClientAuthentication.modes`. */
  public readonly mode: string;
  /** The broker port the pollers connect to. */
  public readonly port: number;
  /** The secret of SCRAM and mutual TLS. */
  public readonly secret?: secretsmanager.ISecret;
  /** The Kafka principal whose ACLs the consumer declares (SCRAM and mutual TLS), when known. */
  public readonly aclUser?: KafkaUser;

  private constructor(mode: string, port: number, secret?: secretsmanager.ISecret, aclUser?: KafkaUser) {
    this.mode = mode;
    this.port = port;
    this.secret = secret;
    this.aclUser = aclUser;
  }

  /**
   * The SourceAccessConfigurations entry, if the mode needs one.
   * @internal
   */
  public _sourceAccessType(): string | undefined {
    if (this.mode === 'scram') {
      return 'SASL_SCRAM_512_AUTH';
    }
    return this.mode === 'tls' ? 'CLIENT_CERTIFICATE_TLS_AUTH' : undefined;
  }
}

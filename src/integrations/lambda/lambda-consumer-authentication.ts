import { aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
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
   * Mutual TLS (port 9094) with the client certificate in `secret`
   * (`{"certificate", "privateKey", "privateKeyPassword"?}`, PEM, the key in PKCS#8).
   * The execution role may read the secret and decrypt it with the secret's key.
   */
  public static mutualTls(secret: secretsmanager.ISecret): LambdaConsumerAuthentication {
    return new LambdaConsumerAuthentication('tls', BrokerPorts.TLS, secret);
  }

  /** `iam`, `scram` or `tls`, as in `ClientAuthentication.modes`. */
  public readonly mode: string;
  /** The broker port the pollers connect to. */
  public readonly port: number;
  /** The secret of SCRAM and mutual TLS. */
  public readonly secret?: secretsmanager.ISecret;

  private constructor(mode: string, port: number, secret?: secretsmanager.ISecret) {
    this.mode = mode;
    this.port = port;
    this.secret = secret;
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

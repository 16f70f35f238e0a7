/**
 * Broker ports inside the VPC, per client authentication mode.
 */
export class BrokerPorts {
  /** TLS (mutual TLS) clients: 9094. */
  public static readonly TLS = 9094;
  /** SASL/SCRAM clients: 9096. */
  public static readonly SASL_SCRAM = 9096;
  /** SASL/IAM clients: 9098. */
  public static readonly SASL_IAM = 9098;
  /** Prometheus JMX exporter: 11001. */
  public static readonly JMX_EXPORTER = 11001;
  /** Prometheus node exporter: 11002. */
  public static readonly NODE_EXPORTER = 11002;

  private constructor() {}
}

/**
 * Broker ports for clients on the internet, per client authentication mode, once public access
 * is on. Inside AWS, clients keep using `BrokerPorts`.
 */
export class PublicBrokerPorts {
  /** Mutual TLS clients: 9194. */
  public static readonly TLS = 9194;
  /** SASL/SCRAM clients: 9196. */
  public static readonly SASL_SCRAM = 9196;
  /** SASL/IAM clients: 9198. */
  public static readonly SASL_IAM = 9198;

  private constructor() {}
}

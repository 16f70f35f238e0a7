/**
 * How the alarms that watch every broker of a provisioned cluster are built.
 */
export class BrokerAlarms {
  /**
   * One alarm per metric for the whole cluster, on a CloudWatch Metrics Insights query grouped by
   * "Broker ID": each broker is a contributor with its own state, and the alarm fires when any
   * broker breaches. The number of alarms does not depend on the broker count. Each counts
   * against the account's quota of alarms on Metrics Insights queries (200 per Region by
   * default, CloudWatch user guide, "Limits": see docs/ALARMS.md for the count per cluster), and
   * such alarms read only the latest 3 hours of data.
   */
  public static metricsInsights(): BrokerAlarms {
    return new BrokerAlarms('metricsInsights');
  }

  /**
   * One classic alarm per broker and metric (the broker count times the number of per-broker
   * alarms): no Metrics Insights quota is used, but a large cluster creates hundreds of alarms
   * and CloudFormation resources. The broker count must be known at synth time.
   */
  public static perBroker(): BrokerAlarms {
    return new BrokerAlarms('perBroker');
  }

  private constructor(
    /** `metricsInsights` or `perBroker`. */
    public readonly mode: string,
  ) {}
}

/** A Kafka Connect version MSK Connect runs; it must suit the plugin and the cluster. */
export class KafkaConnectVersion {
  /** Kafka Connect 2.7.1. */
  public static readonly V2_7_1 = new KafkaConnectVersion('2.7.1');
  /** Kafka Connect 3.7.x: the library's default. */
  public static readonly V3_7_X = new KafkaConnectVersion('3.7.x');

  /** Any version string MSK Connect accepts. */
  public static of(version: string): KafkaConnectVersion {
    return new KafkaConnectVersion(version);
  }

  /** The version string as CloudFormation takes it. */
  public readonly version: string;

  private constructor(version: string) {
    this.version = version;
  }
}

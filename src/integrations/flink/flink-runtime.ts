/**
 * The Apache Flink runtime of a Managed Service for Apache Flink application
 * (`RuntimeEnvironment`). Use a constant, or `FlinkRuntime.of()` for a runtime released after
 * this library.
 */
export class FlinkRuntime {
  /** Apache Flink 1.18. */
  public static readonly FLINK_1_18 = new FlinkRuntime('FLINK-1_18');
  /** Apache Flink 1.19. */
  public static readonly FLINK_1_19 = new FlinkRuntime('FLINK-1_19');
  /** Apache Flink 1.20: the library's default, the last 1.x line. */
  public static readonly FLINK_1_20 = new FlinkRuntime('FLINK-1_20');
  /**
   * Apache Flink 2.2 (Java 17; removes the DataSet API and legacy connector interfaces: read the
   * AWS upgrade guide before moving a 1.x application).
   */
  public static readonly FLINK_2_2 = new FlinkRuntime('FLINK-2_2');

  /** Any Flink runtime string the service accepts, e.g. `FLINK-1_20`. */
  public static of(value: string): FlinkRuntime {
    return new FlinkRuntime(value);
  }

  /** The runtime string as CloudFormation takes it. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/** How much the application logs to CloudWatch Logs. */
export class FlinkLogLevel {
  /** Debug messages and above (verbose: for troubleshooting only). */
  public static readonly DEBUG = new FlinkLogLevel('DEBUG');
  /** Informational messages and above: the default. */
  public static readonly INFO = new FlinkLogLevel('INFO');
  /** Warnings and errors. */
  public static readonly WARN = new FlinkLogLevel('WARN');
  /** Errors only. */
  public static readonly ERROR = new FlinkLogLevel('ERROR');

  /** The level as CloudFormation takes it. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/** How finely the application publishes CloudWatch metrics. */
export class FlinkMetricsLevel {
  /** Application-level metrics: the default. */
  public static readonly APPLICATION = new FlinkMetricsLevel('APPLICATION');
  /** Per task. */
  public static readonly TASK = new FlinkMetricsLevel('TASK');
  /** Per operator. */
  public static readonly OPERATOR = new FlinkMetricsLevel('OPERATOR');
  /** Per parallel subtask (costly above a parallelism of 64). */
  public static readonly PARALLELISM = new FlinkMetricsLevel('PARALLELISM');

  /** The level as CloudFormation takes it. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

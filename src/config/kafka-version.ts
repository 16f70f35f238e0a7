/**
 * End-of-support dates MSK publishes, by version string as CloudFormation takes it (MSK writes
 * `2.8.2-tiered`; CloudFormation takes `2.8.2.tiered`). Source: MSK developer guide, "Supported
 * Apache Kafka versions" (supported-kafka-versions.html), read 2026-12-05. A version the page gives
 * no date for is absent: no date is guessed.
 */
const END_OF_SUPPORT: ReadonlyMap<string, string> = new Map(Object.entries({
  '1.1.1': '2024-06-05',
  '2.1.0': '2024-06-05',
  '2.2.1': '2024-06-08',
  '2.3.1': '2024-06-08',
  '2.4.1': '2024-06-08',
  '2.4.1.1': '2024-06-08',
  '2.5.1': '2024-06-08',
  '2.6.0': '2024-09-11',
  '2.6.1': '2024-09-11',
  '2.6.2': '2024-09-11',
  '2.6.3': '2024-09-11',
  '2.7.0': '2024-09-11',
  '2.7.1': '2024-09-11',
  '2.7.2': '2024-09-11',
  '2.8.0': '2024-09-11',
  '2.8.1': '2024-09-11',
  '2.8.2.tiered': '2025-01-14',
  '3.1.1': '2024-09-11',
  '3.2.0': '2024-09-11',
  '3.3.1': '2024-09-11',
  '3.3.2': '2024-09-11',
  '3.4.0': '2025-08-04',
  '3.5.1': '2025-10-23',
  '3.6.0': '2026-06-01',
}));

/**
 * An Apache Kafka version for an MSK cluster, and what it supports.
 *
 * Use a constant for the versions MSK offers for new clusters, or `KafkaVersion.of()` for any
 * other version string MSK accepts.
 */
export class KafkaVersion {
  /** Kafka 3.6.0 (ZooKeeper). */
  public static readonly V3_6_0 = new KafkaVersion('3.6.0');
  /** Kafka 3.7.x (ZooKeeper). */
  public static readonly V3_7_X = new KafkaVersion('3.7.x');
  /** Kafka 3.7.x in KRaft mode. */
  public static readonly V3_7_X_KRAFT = new KafkaVersion('3.7.x.kraft');
  /** Kafka 3.8.x (ZooKeeper); marked "recommended" by MSK. */
  public static readonly V3_8_X = new KafkaVersion('3.8.x');
  /** Kafka 3.8.x in KRaft mode. */
  public static readonly V3_8_X_KRAFT = new KafkaVersion('3.8.x.kraft');
  /** Kafka 3.9.x (ZooKeeper): the last line with both ZooKeeper and KRaft, the step for a ZooKeeper to KRaft migration. */
  public static readonly V3_9_X = new KafkaVersion('3.9.x');
  /** Kafka 3.9.x in KRaft mode: the library's default. */
  public static readonly V3_9_X_KRAFT = new KafkaVersion('3.9.x.kraft');
  /** Kafka 4.0.x (KRaft only). */
  public static readonly V4_0_X_KRAFT = new KafkaVersion('4.0.x.kraft');
  /** Kafka 4.1.x (KRaft only). */
  public static readonly V4_1_X_KRAFT = new KafkaVersion('4.1.x.kraft');
  /** Kafka 4.2.x (KRaft only); offered on Express brokers. */
  public static readonly V4_2_X_KRAFT = new KafkaVersion('4.2.x.kraft');

  /**
   * Any version string MSK accepts, e.g. `3.9.x.kraft`.
   * Features are derived from the string (major.minor, `.kraft` suffix).
   */
  public static of(version: string): KafkaVersion {
    return new KafkaVersion(version);
  }

  /** The version string as CloudFormation takes it. */
  public readonly version: string;

  private constructor(version: string) {
    this.version = version;
  }

  /** Major and minor version numbers, or undefined when the string cannot be parsed. */
  private get majorMinor(): number[] | undefined {
    const match = /^(\d+)\.(\d+)/.exec(this.version);
    return match ? [Number(match[1]), Number(match[2])] : undefined;
  }

  /** True when the version runs in KRaft mode (no ZooKeeper). */
  public get isKraft(): boolean {
    const mm = this.majorMinor;
    return this.version.endsWith('.kraft') || (mm !== undefined && mm[0] >= 4);
  }

  /** True for versions that support tiered storage (2.8.2.tiered, 3.6.0 and later). */
  public get supportsTieredStorage(): boolean {
    if (this.version === '2.8.2.tiered') {
      return true;
    }
    return this.isAtLeast(3, 6);
  }

  /** True for versions MSK offers on Express brokers (3.6, 3.8, 3.9 and 4.2 lines). */
  public get supportsExpress(): boolean {
    return ['3.6', '3.8', '3.9', '4.2'].some((line) => this.version === line || this.version.startsWith(`${line}.`));
  }

  /**
   * True for versions MSK no longer supports (3.5.1 and older): MSK rejects new clusters on them
   * and upgrades existing ones automatically.
   */
  public get isEndOfSupport(): boolean {
    const mm = this.majorMinor;
    return mm !== undefined && !this.isAtLeast(3, 6);
  }

  /**
   * The end-of-support date MSK publishes for this version (`YYYY-MM-DD`), or undefined when MSK
   * publishes none (MSK developer guide, "Supported Apache Kafka versions"). After that date MSK may
   * upgrade the cluster to its recommended version at any time, without notice ("Amazon MSK version
   * support").
   */
  public get endOfSupportDate(): string | undefined {
    return END_OF_SUPPORT.get(this.version);
  }

  /** True when this version is at least `major.minor`. */
  public isAtLeast(major: number, minor: number): boolean {
    const mm = this.majorMinor;
    if (mm === undefined) {
      return false;
    }
    return mm[0] > major || (mm[0] === major && mm[1] >= minor);
  }

  /** The version string. */
  public toString(): string {
    return this.version;
  }
}

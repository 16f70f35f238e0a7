/**
 * Where the replicator starts reading the source topics. Fixed when the replicator is created:
 * changing it replaces the replicator, which starts over from this position.
 */
export class ReplicationStartingPosition {
  /** Only records produced after the replicator starts (the service default). */
  public static latest(): ReplicationStartingPosition {
    return new ReplicationStartingPosition('LATEST');
  }

  /** Every record still held by the source topics (for migrations and backfills). */
  public static earliest(): ReplicationStartingPosition {
    return new ReplicationStartingPosition('EARLIEST');
  }

  /** The position as CloudFormation takes it. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/** How the replicated topics are named on the target cluster. */
export class ReplicatedTopicNaming {
  /**
   * `<source cluster alias>.<topic>` (the service default): replicated topics never collide
   * with the target's own topics, and two-way replication cannot loop.
   */
  public static prefixedWithSourceAlias(): ReplicatedTopicNaming {
    return new ReplicatedTopicNaming('PREFIXED_WITH_SOURCE_CLUSTER_ALIAS');
  }

  /**
   * The source topic names (Kafka 2.8.1 or later on both clusters): for migrations and
   * failover where clients keep their topic names.
   */
  public static identical(): ReplicatedTopicNaming {
    return new ReplicatedTopicNaming('IDENTICAL');
  }

  /** The naming as CloudFormation takes it. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/** Compression of the records the replicator writes to the target cluster. */
export class ReplicationCompression {
  /** No compression (the default). */
  public static readonly NONE = new ReplicationCompression('NONE');
  /** gzip. */
  public static readonly GZIP = new ReplicationCompression('GZIP');
  /** Snappy. */
  public static readonly SNAPPY = new ReplicationCompression('SNAPPY');
  /** LZ4. */
  public static readonly LZ4 = new ReplicationCompression('LZ4');
  /** Zstandard. */
  public static readonly ZSTD = new ReplicationCompression('ZSTD');

  /** The compression type as CloudFormation takes it. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/** How consumer group offsets are synchronized to the target cluster. */
export class ConsumerGroupOffsetSync {
  /** Offsets are translated when producers write to the source cluster (the service default). */
  public static legacy(): ConsumerGroupOffsetSync {
    return new ConsumerGroupOffsetSync('LEGACY');
  }

  /**
   * Offsets are synchronized whichever cluster the producers write to. Needs identical topic
   * names and a second replicator in the opposite direction.
   */
  public static enhanced(): ConsumerGroupOffsetSync {
    return new ConsumerGroupOffsetSync('ENHANCED');
  }

  /** The mode as CloudFormation takes it. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/**
 * Where a new consumer group starts reading a topic. It applies only while the group has no
 * committed offset: once Lambda has committed offsets for the group, it resumes from them.
 */
export class ConsumerStartingPosition {
  /** Only records written after the event source mapping is created. */
  public static latest(): ConsumerStartingPosition {
    return new ConsumerStartingPosition('LATEST');
  }

  /** Every record still retained in the topic, oldest first. */
  public static trimHorizon(): ConsumerStartingPosition {
    return new ConsumerStartingPosition('TRIM_HORIZON');
  }

  /** Records written at or after `timestamp`. */
  public static atTimestamp(timestamp: Date): ConsumerStartingPosition {
    return new ConsumerStartingPosition('AT_TIMESTAMP', timestamp);
  }

  /** The value of `ConsumerStartingPosition` in AWS::Lambda::EventSourceMapping. */
  public readonly position: string;
  /** The timestamp of `atTimestamp()`, if any. */
  public readonly timestamp?: Date;

  private constructor(position: string, timestamp?: Date) {
    this.position = position;
    this.timestamp = timestamp;
  }

  /** The timestamp in Unix seconds, as `StartingPositionTimestamp` takes it. */
  public get timestampSeconds(): number | undefined {
    return this.timestamp === undefined ? undefined : Math.floor(this.timestamp.getTime() / 1000);
  }
}

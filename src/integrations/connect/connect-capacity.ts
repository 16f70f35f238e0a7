import { aws_kafkaconnect as kafkaconnect } from 'aws-cdk-lib';

/** Options of {@link ConnectorCapacity.autoScaling}. */
export interface ConnectorAutoScalingOptions {
  /**
   * Fewest workers (1 to 10).
   * @default 1
   */
  readonly minWorkers?: number;
  /**
   * Most workers (1 to 10, at least `minWorkers`).
   * @default 2
   */
  readonly maxWorkers?: number;
  /**
   * MSK Connect Units per worker: 1, 2, 4 or 8 (one MCU is 1 vCPU and 4 GiB of memory).
   * @default 1
   */
  readonly mcuCount?: number;
  /**
   * Average worker CPU percentage below which MSK Connect removes a worker (1 to 100, below `scaleOutCpuPercent`).
   * @default 20
   */
  readonly scaleInCpuPercent?: number;
  /**
   * Average worker CPU percentage above which MSK Connect adds a worker (1 to 100).
   * @default 80
   */
  readonly scaleOutCpuPercent?: number;
  /**
   * Most tasks while autoscaling (at least `maxWorkers`). MSK Connect otherwise sets `tasks.max`
   * in proportion to workers and MCUs.
   * @default - chosen by MSK Connect
   */
  readonly maxAutoscalingTaskCount?: number;
}

/** Options of {@link ConnectorCapacity.provisioned}. */
export interface ConnectorProvisionedOptions {
  /** Number of workers (1 to 10). */
  readonly workers: number;
  /**
   * MSK Connect Units per worker: 1, 2, 4 or 8 (one MCU is 1 vCPU and 4 GiB of memory).
   * @default 1
   */
  readonly mcuCount?: number;
}

/**
 * The compute of a connector: a fixed number of workers, or workers that MSK Connect adds and
 * removes on CPU. Capacity can be changed without replacing the connector.
 */
export class ConnectorCapacity {
  /** Workers scaled on CPU between a minimum and a maximum. */
  public static autoScaling(options: ConnectorAutoScalingOptions = {}): ConnectorCapacity {
    return new ConnectorCapacity('autoscaling', {
      minWorkers: options.minWorkers ?? 1,
      maxWorkers: options.maxWorkers ?? 2,
      mcuCount: options.mcuCount ?? 1,
      scaleInCpuPercent: options.scaleInCpuPercent ?? 20,
      scaleOutCpuPercent: options.scaleOutCpuPercent ?? 80,
      maxAutoscalingTaskCount: options.maxAutoscalingTaskCount,
    });
  }

  /** A fixed number of workers. */
  public static provisioned(options: ConnectorProvisionedOptions): ConnectorCapacity {
    return new ConnectorCapacity('provisioned', {
      minWorkers: options.workers,
      maxWorkers: options.workers,
      mcuCount: options.mcuCount ?? 1,
    });
  }

  /** `autoscaling` or `provisioned`. */
  public readonly mode: string;
  /** Fewest workers (the worker count when provisioned). */
  public readonly minWorkers: number;
  /** Most workers (the worker count when provisioned). */
  public readonly maxWorkers: number;
  /** MSK Connect Units per worker. */
  public readonly mcuCount: number;
  /** Scale-in CPU percentage (autoscaling only). */
  public readonly scaleInCpuPercent?: number;
  /** Scale-out CPU percentage (autoscaling only). */
  public readonly scaleOutCpuPercent?: number;
  /** Most tasks while autoscaling, when set. */
  public readonly maxAutoscalingTaskCount?: number;

  private constructor(mode: string, values: CapacityValues) {
    this.mode = mode;
    this.minWorkers = values.minWorkers;
    this.maxWorkers = values.maxWorkers;
    this.mcuCount = values.mcuCount;
    this.scaleInCpuPercent = values.scaleInCpuPercent;
    this.scaleOutCpuPercent = values.scaleOutCpuPercent;
    this.maxAutoscalingTaskCount = values.maxAutoscalingTaskCount;
  }

  /**
   * The Capacity property of AWS::KafkaConnect::Connector.
   * @internal
   */
  public _render(): kafkaconnect.CfnConnector.CapacityProperty {
    if (this.mode === 'provisioned') {
      return { provisionedCapacity: { workerCount: this.minWorkers, mcuCount: this.mcuCount } };
    }
    return {
      autoScaling: {
        minWorkerCount: this.minWorkers,
        maxWorkerCount: this.maxWorkers,
        mcuCount: this.mcuCount,
        scaleInPolicy: { cpuUtilizationPercentage: this.scaleInCpuPercent! },
        scaleOutPolicy: { cpuUtilizationPercentage: this.scaleOutCpuPercent! },
        maxAutoscalingTaskCount: this.maxAutoscalingTaskCount,
      },
    };
  }
}

interface CapacityValues {
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly mcuCount: number;
  readonly scaleInCpuPercent?: number;
  readonly scaleOutCpuPercent?: number;
  readonly maxAutoscalingTaskCount?: number;
}

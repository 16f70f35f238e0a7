import { defineMessages } from '../validation/registry';

const INSTANCE_TYPE_ERRORS = defineMessages({
  name: 'BROKER_INSTANCE_TYPE_ERRORS',
  file: 'src/config/broker-instance-type.ts',
  severity: 'error',
  kind: 'BrokerInstanceType',
  checkedBy: ['BrokerInstanceType.of'],
}, {
  InstanceTypeInvalid: (instanceType: string) =>
    `instanceType: '${instanceType}' is not an MSK broker instance type. Fix: use a BrokerInstanceType constant or BrokerInstanceType.of('kafka.<family>.<size>' | 'express.<family>.<size>'), e.g. 'kafka.m7g.large'.`,
});

/** Partition limits per broker (leaders and followers), from the MSK best-practices guide. */
interface PartitionLimits {
  readonly recommended: number;
  readonly max: number;
}

const STANDARD_LIMITS: Record<string, PartitionLimits> = {
  't3.small': { recommended: 300, max: 300 },
  'm5.large': { recommended: 1000, max: 1500 },
  'm5.xlarge': { recommended: 1000, max: 1500 },
  'm5.2xlarge': { recommended: 2000, max: 3000 },
  'm7g.large': { recommended: 1000, max: 1500 },
  'm7g.xlarge': { recommended: 1000, max: 1500 },
  'm7g.2xlarge': { recommended: 2000, max: 3000 },
};
const LARGE_STANDARD_LIMITS: PartitionLimits = { recommended: 4000, max: 6000 };
/** Standard sizes of 4xlarge and up that MSK offers (no kafka.m7g.24xlarge). */
const LARGE_STANDARD_SIZES: Record<string, ReadonlyArray<string>> = {
  m5: ['4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  m7g: ['4xlarge', '8xlarge', '12xlarge', '16xlarge'],
};
/** Maximum provisioned EBS throughput per broker, MiB/s (MSK provisioned-throughput guide). */
const MAX_PROVISIONED_THROUGHPUT: Record<string, number> = {
  'm5.4xlarge': 593,
  'm5.8xlarge': 850,
  'm5.12xlarge': 1000,
  'm5.16xlarge': 1000,
  'm5.24xlarge': 1000,
  'm7g.2xlarge': 312.5,
  'm7g.4xlarge': 625,
  'm7g.8xlarge': 1000,
  'm7g.12xlarge': 1000,
  'm7g.16xlarge': 1000,
};

/** Express sustained ingress / egress per broker, MBps (MSK best practices for Express brokers). */
const EXPRESS_THROUGHPUT: Record<string, [number, number]> = {
  'large': [15.6, 31.2],
  'xlarge': [31.2, 62.5],
  '2xlarge': [62.5, 125],
  '4xlarge': [124.9, 249.8],
  '8xlarge': [250, 500],
  '12xlarge': [375, 750],
  '16xlarge': [500, 1000],
};
const EXPRESS_LIMITS: Record<string, PartitionLimits> = {
  'large': { recommended: 1000, max: 1500 },
  'xlarge': { recommended: 1000, max: 2000 },
  '2xlarge': { recommended: 2500, max: 4000 },
  '4xlarge': { recommended: 6000, max: 8000 },
  '8xlarge': { recommended: 12000, max: 16000 },
  '12xlarge': { recommended: 16000, max: 24000 },
  '16xlarge': { recommended: 20000, max: 32000 },
};

/**
 * An MSK broker instance type: standard (`kafka.*`) or Express (`express.*`).
 *
 * Knows its family, whether it is Express, and its partition limits per broker.
 */
export class BrokerInstanceType {
  /** kafka.t3.small: for development only; cannot run KRaft. */
  public static readonly KAFKA_T3_SMALL = new BrokerInstanceType('kafka.t3.small');
  /** kafka.m5.large */
  public static readonly KAFKA_M5_LARGE = new BrokerInstanceType('kafka.m5.large');
  /** kafka.m5.xlarge */
  public static readonly KAFKA_M5_XLARGE = new BrokerInstanceType('kafka.m5.xlarge');
  /** kafka.m5.2xlarge */
  public static readonly KAFKA_M5_2XLARGE = new BrokerInstanceType('kafka.m5.2xlarge');
  /** kafka.m5.4xlarge */
  public static readonly KAFKA_M5_4XLARGE = new BrokerInstanceType('kafka.m5.4xlarge');
  /** kafka.m5.8xlarge */
  public static readonly KAFKA_M5_8XLARGE = new BrokerInstanceType('kafka.m5.8xlarge');
  /** kafka.m5.12xlarge */
  public static readonly KAFKA_M5_12XLARGE = new BrokerInstanceType('kafka.m5.12xlarge');
  /** kafka.m5.16xlarge */
  public static readonly KAFKA_M5_16XLARGE = new BrokerInstanceType('kafka.m5.16xlarge');
  /** kafka.m5.24xlarge */
  public static readonly KAFKA_M5_24XLARGE = new BrokerInstanceType('kafka.m5.24xlarge');
  /** kafka.m7g.large (Graviton): the library's default. */
  public static readonly KAFKA_M7G_LARGE = new BrokerInstanceType('kafka.m7g.large');
  /** kafka.m7g.xlarge */
  public static readonly KAFKA_M7G_XLARGE = new BrokerInstanceType('kafka.m7g.xlarge');
  /** kafka.m7g.2xlarge */
  public static readonly KAFKA_M7G_2XLARGE = new BrokerInstanceType('kafka.m7g.2xlarge');
  /** kafka.m7g.4xlarge */
  public static readonly KAFKA_M7G_4XLARGE = new BrokerInstanceType('kafka.m7g.4xlarge');
  /** kafka.m7g.8xlarge */
  public static readonly KAFKA_M7G_8XLARGE = new BrokerInstanceType('kafka.m7g.8xlarge');
  /** kafka.m7g.12xlarge */
  public static readonly KAFKA_M7G_12XLARGE = new BrokerInstanceType('kafka.m7g.12xlarge');
  /** kafka.m7g.16xlarge */
  public static readonly KAFKA_M7G_16XLARGE = new BrokerInstanceType('kafka.m7g.16xlarge');
  /** express.m7g.large */
  public static readonly EXPRESS_M7G_LARGE = new BrokerInstanceType('express.m7g.large');
  /** express.m7g.xlarge */
  public static readonly EXPRESS_M7G_XLARGE = new BrokerInstanceType('express.m7g.xlarge');
  /** express.m7g.2xlarge */
  public static readonly EXPRESS_M7G_2XLARGE = new BrokerInstanceType('express.m7g.2xlarge');
  /** express.m7g.4xlarge */
  public static readonly EXPRESS_M7G_4XLARGE = new BrokerInstanceType('express.m7g.4xlarge');
  /** express.m7g.8xlarge */
  public static readonly EXPRESS_M7G_8XLARGE = new BrokerInstanceType('express.m7g.8xlarge');
  /** express.m7g.12xlarge */
  public static readonly EXPRESS_M7G_12XLARGE = new BrokerInstanceType('express.m7g.12xlarge');
  /** express.m7g.16xlarge */
  public static readonly EXPRESS_M7G_16XLARGE = new BrokerInstanceType('express.m7g.16xlarge');

  /**
   * Any instance type MSK accepts, written as CloudFormation takes it: `kafka.<family>.<size>`
   * or `express.<family>.<size>`.
   *
   * @throws when the name does not have that shape
   */
  public static of(instanceType: string): BrokerInstanceType {
    return new BrokerInstanceType(instanceType);
  }

  /** The instance type as CloudFormation takes it, e.g. `kafka.m7g.large`. */
  public readonly instanceType: string;
  /** The instance family, e.g. `m7g`, `m5` or `t3`. */
  public readonly family: string;
  /** The size, e.g. `large` or `4xlarge`. */
  public readonly size: string;
  /** True for Express brokers (`express.*`). */
  public readonly isExpress: boolean;
  /** Recommended partitions per broker (leaders and followers); undefined when unknown. */
  public readonly recommendedPartitionsPerBroker?: number;
  /** Partitions per broker above which MSK blocks configuration updates; undefined when unknown. */
  public readonly maxPartitionsPerBroker?: number;
  /**
   * Highest provisioned storage throughput per broker, MiB/s; undefined when the type cannot
   * provision throughput (below kafka.m5.4xlarge / kafka.m7g.2xlarge, Express) or is unknown.
   */
  public readonly maxProvisionedThroughputMiBps?: number;
  /** Express brokers: sustained ingress per broker, MBps; undefined for standard brokers. */
  public readonly sustainedIngressMBps?: number;
  /** Express brokers: sustained egress per broker, MBps; undefined for standard brokers. */
  public readonly sustainedEgressMBps?: number;
  /**
   * True for the types this library knows (its constants). For any other type given to `of()`,
   * partition and throughput limits are unknown, so the checks and sizing that need them are skipped
   * (a cluster using it gets the warning `InstanceTypeUnknown`).
   */
  public readonly isKnown: boolean;

  private constructor(instanceType: string) {
    const match = /^(kafka|express)\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceType);
    if (!match) {
      throw INSTANCE_TYPE_ERRORS.error(undefined, 'InstanceTypeInvalid', instanceType);
    }
    this.instanceType = instanceType;
    this.isExpress = match[1] === 'express';
    this.family = match[2];
    this.size = match[3];
    const limits = this.isExpress ? EXPRESS_LIMITS[this.family === 'm7g' ? this.size : ''] : standardLimits(this.family, this.size);
    this.recommendedPartitionsPerBroker = limits?.recommended;
    this.maxPartitionsPerBroker = limits?.max;
    this.maxProvisionedThroughputMiBps = this.isExpress ? undefined : MAX_PROVISIONED_THROUGHPUT[`${this.family}.${this.size}`];
    const throughput = this.isExpress && this.family === 'm7g' ? EXPRESS_THROUGHPUT[this.size] : undefined;
    this.sustainedIngressMBps = throughput?.[0];
    this.sustainedEgressMBps = throughput?.[1];
    this.isKnown = limits !== undefined;
  }

  /** True for the burstable kafka.t3 family (CPU credits; no KRaft). */
  public get isBurstable(): boolean {
    return this.family === 't3';
  }

  /** The instance type string. */
  public toString(): string {
    return this.instanceType;
  }
}

function standardLimits(family: string, size: string): PartitionLimits | undefined {
  const known = STANDARD_LIMITS[`${family}.${size}`];
  if (known) {
    return known;
  }
  return LARGE_STANDARD_SIZES[family]?.includes(size) ? LARGE_STANDARD_LIMITS : undefined;
}

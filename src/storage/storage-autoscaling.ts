import { RemovalPolicy, aws_applicationautoscaling as appscaling } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Props of {@link StorageAutoScaling}. */
export interface StorageAutoScalingProps {
  /** ARN of the cluster whose broker volumes grow. */
  readonly clusterArn: string;
  /** Current (minimum) volume per broker, GiB. */
  readonly minCapacityGiB: number;
  /** Ceiling per broker, GiB. */
  readonly maxCapacityGiB: number;
  /** Target disk utilization, percent. */
  readonly targetUtilization: number;
  /**
   * The cluster's removal policy: the target and its policy share it, so that a retained cluster keeps
   * growing its volumes after it leaves the stack.
   */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Application Auto Scaling of broker EBS volumes: target tracking on
 * KafkaBrokerStorageUtilization, scale-in disabled (MSK volumes never shrink).
 *
 * No role is passed: Application Auto Scaling uses its service-linked role for MSK.
 *
 * MinCapacity is the desired (template) volume size, not the live one: RegisterScalableTarget only moves
 * the current capacity into [MinCapacity, MaxCapacity] (Application Auto Scaling API reference,
 * RegisterScalableTarget), so a minimum below the live size changes nothing, and a raised minimum is
 * reached by the cluster update first (the target depends on the cluster, and the cluster's VolumeSize
 * comes from the BrokerVolumeSize lookup). A MaxCapacity below the live size would make Application Auto
 * Scaling try to scale in, which MSK refuses: lower maxVolumeSize only above the live size.
 *
 * Both resources share the cluster's removal policy: a retained cluster keeps its autoscaling (an
 * orphaned target keeps working, since it names the cluster by ARN).
 */
export class StorageAutoScaling extends Construct {
  public readonly scalableTarget: appscaling.CfnScalableTarget;

  constructor(scope: Construct, id: string, props: StorageAutoScalingProps) {
    super(scope, id);
    this.scalableTarget = new appscaling.CfnScalableTarget(this, 'Target', {
      serviceNamespace: 'kafka',
      scalableDimension: 'kafka:broker-storage:VolumeSize',
      resourceId: props.clusterArn,
      minCapacity: props.minCapacityGiB,
      maxCapacity: props.maxCapacityGiB,
    });
    this.scalableTarget.applyRemovalPolicy(props.removalPolicy);
    const policy = new appscaling.CfnScalingPolicy(this, 'Policy', {
      policyName: 'broker-storage-target-tracking',
      policyType: 'TargetTrackingScaling',
      scalingTargetId: this.scalableTarget.ref,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.targetUtilization,
        disableScaleIn: true,
        predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
      },
    });
    policy.applyRemovalPolicy(props.removalPolicy);
  }
}

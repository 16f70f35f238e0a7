import { aws_applicationautoscaling as appscaling } from 'aws-cdk-lib';
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
}

/**
 * Application Auto Scaling of broker EBS volumes: target tracking on
 * KafkaBrokerStorageUtilization, scale-in disabled (MSK volumes never shrink).
 *
 * No role is passed: Application Auto Scaling uses its service-linked role for MSK.
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
    new appscaling.CfnScalingPolicy(this, 'Policy', {
      policyName: 'broker-storage-target-tracking',
      policyType: 'TargetTrackingScaling',
      scalingTargetId: this.scalableTarget.ref,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.targetUtilization,
        disableScaleIn: true,
        predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
      },
    });
  }
}

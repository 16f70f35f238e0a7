import { CustomResource, CustomResourceProvider, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BROKER_VOLUME_SIZE_RESOURCE_TYPE } from './resource-types';
import { SERVICE_TIMEOUT, stackProvider } from './stack-provider';
import { acknowledgeWildcardResources } from '../validation/wildcard-findings';

/** Providers whose role already has this lookup's statements (one provider per stack, shared by its clusters). */
const GRANTED = new WeakSet<CustomResourceProvider>();

/** Props of {@link BrokerVolumeSize}. */
export interface BrokerVolumeSizeProps {
  /** Name of the cluster (not its ARN: the lookup runs before the cluster exists on the first deployment). */
  readonly clusterName: string;
  /** The desired volume per broker, GiB. */
  readonly volumeSizeGiB: number;
  /** Provisioned throughput, MiB/s, if any. */
  readonly provisionedThroughputMiBps?: number;
  /** LOCAL or TIERED. */
  readonly storageMode: string;
}

/**
 * Looks up, at deploy time, the EBS volume size a provisioned cluster's template may send: the desired
 * size, or the live size once storage autoscaling has grown the volumes past it (see
 * broker-volume-size.lambda.ts for the rules). One custom resource per cluster, served by the stack's one
 * provider Lambda (./stack-provider.ts), shared with every cluster and custom resource of the library;
 * for it, the role may call kafka:ListClustersV2 (an action without resource-level permissions) and
 * cloudformation:DescribeStacks on its own stack.
 *
 * Its properties are exactly the cluster's storage settings, so it runs again exactly when
 * CloudFormation would send them to MSK, and keeps its value otherwise.
 */
export class BrokerVolumeSize extends Construct {
  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: BrokerVolumeSizeProps) {
    super(scope, id);
    const provider = stackProvider(this);
    if (!GRANTED.has(provider)) {
      GRANTED.add(provider);
      grantAndAcknowledge(provider);
    }
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: BROKER_VOLUME_SIZE_RESOURCE_TYPE,
      serviceTimeout: SERVICE_TIMEOUT,
      properties: {
        ClusterName: props.clusterName,
        VolumeSize: String(props.volumeSizeGiB),
        ProvisionedThroughput: props.provisionedThroughputMiBps === undefined ? '' : String(props.provisionedThroughputMiBps),
        StorageMode: props.storageMode,
      },
    });
  }

  /** The volume size to give the cluster, GiB per broker (a deploy-time value). */
  public get volumeSizeGiB(): number {
    return Token.asNumber(this.resource.getAtt('VolumeSize'));
  }

  /** The custom resource (for dependencies and tests). */
  public get customResource(): CustomResource {
    return this.resource;
  }
}

/**
 * The lookup's statements on the provider's role (once per provider), and the acknowledgement of their
 * wildcard. ListClustersV2 has no resource type in the Service Authorization Reference ("Actions,
 * resources, and condition keys for Amazon Managed Streaming for Apache Kafka"), so it can only be
 * granted on `*`; it gets its own statement, so that no other action shares the wildcard.
 */
function grantAndAcknowledge(provider: CustomResourceProvider): void {
  const statement = new iam.PolicyStatement({ actions: ['kafka:ListClustersV2'], resources: ['*'] });
  provider.addToRolePolicy(statement.toStatementJson());
  // To tell a rollback from a lowered size (see broker-volume-size.lambda.ts): this stack only.
  provider.addToRolePolicy({ Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: Stack.of(provider).stackId });
  acknowledgeWildcardResources(provider, [statement],
    'kafka:ListClustersV2 supports no resource-level permissions (Service Authorization Reference); the provider only uses it to read cluster names and volume sizes at deploy time.');
}

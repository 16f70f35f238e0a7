import { CustomResource, CustomResourceProvider, Fn, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BROKER_VOLUME_SIZE_RESOURCE_TYPE } from './resource-types';
import { grantStackStatusRead, SERVICE_TIMEOUT, stackProvider } from './stack-provider';
import { acknowledgeWildcardResources } from '../validation/wildcard-findings';

/** Providers whose role already has this lookup's statements (one provider per stack, shared by its clusters). */
const GRANTED = new WeakSet<CustomResourceProvider>();

/** Props of {@link BrokerVolumeSize}. */
export interface BrokerVolumeSizeProps {
  /** Name of the cluster (not its ARN: the lookup runs before the cluster exists on the first deployment). */
  readonly clusterName: string;
  /** The Kafka version the template sets (checked against the live cluster's: MSK cannot downgrade). */
  readonly kafkaVersion: string;
  /** The broker instance type the template sets (checked against the live cluster's: Standard and Express do not switch). */
  readonly instanceType: string;
  /** The storage settings (Standard brokers); undefined for Express brokers, which have none. */
  readonly storage?: BrokerStorageSettings;
  /**
   * The client subnet ids the template sets (tokens are fine: they resolve at deploy time). Create-only, like
   * `securityGroupIds` and `dataVolumeKmsKeyArn`: a change against the live cluster is refused, since
   * CloudFormation would replace the cluster.
   */
  readonly clientSubnetIds: string[];
  /** The security group ids the template sets. */
  readonly securityGroupIds: string[];
  /** The ARN of the key that encrypts the broker volumes (DataVolumeKMSKeyId). */
  readonly dataVolumeKmsKeyArn: string;
}

/** The storage settings of a Standard-broker cluster, as the lookup compares them. */
export interface BrokerStorageSettings {
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
 * Its properties are the cluster's storage settings, Kafka version, instance type, client subnets, security groups
 * and volume key, so it runs again when CloudFormation would send any of them to MSK or replace the cluster for
 * them; a change of anything but the storage settings keeps the value it returned (nothing for CloudFormation to
 * send). Before the cluster is updated (the cluster depends on it) it also fails a Kafka downgrade and a
 * Standard <-> Express switch against the live cluster, which MSK refuses (MSK developer guide, "Amazon MSK version
 * support" and "Amazon MSK broker types"), and a change of the client subnets, security groups or volume key of the
 * live cluster of that name, for which CloudFormation would replace it with a new, empty one (AWS::MSK::Cluster:
 * "Update requires: Replacement"), except while the stack rolls back.
 *
 * Every provisioned cluster has one, Express ones too (with no storage properties, and a VolumeSize of 0 their
 * template does not use), under the same id, so that a switch of broker type updates the same resource, which
 * then fails with a clear error, instead of replacing it.
 */
export class BrokerVolumeSize extends Construct {
  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: BrokerVolumeSizeProps) {
    super(scope, id);
    const provider = stackProvider(this);
    grantClusterLookup(provider);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: BROKER_VOLUME_SIZE_RESOURCE_TYPE,
      serviceTimeout: SERVICE_TIMEOUT,
      properties: {
        ClusterName: props.clusterName,
        ...(props.storage === undefined ? {} : {
          VolumeSize: String(props.storage.volumeSizeGiB),
          ProvisionedThroughput: props.storage.provisionedThroughputMiBps === undefined ? '' : String(props.storage.provisionedThroughputMiBps),
          StorageMode: props.storage.storageMode,
        }),
        KafkaVersion: props.kafkaVersion,
        InstanceType: props.instanceType,
        // Comma-separated (the handler compares them as sets); Fn.join keeps list tokens intact.
        ClientSubnets: Fn.join(',', props.clientSubnetIds),
        SecurityGroups: Fn.join(',', props.securityGroupIds),
        DataVolumeKmsKeyId: props.dataVolumeKmsKeyArn,
      },
    });
  }

  /** The volume size to give the cluster, GiB per broker (a deploy-time value; 0 for Express brokers, not to be used). */
  public get volumeSizeGiB(): number {
    return Token.asNumber(this.resource.getAtt('VolumeSize'));
  }

  /** The custom resource (for dependencies and tests). */
  public get customResource(): CustomResource {
    return this.resource;
  }
}

/**
 * The lookup's statements on the provider's role, and the acknowledgement of their wildcard: once per
 * provider, whichever of this lookup and the serverless cluster guard (./serverless-cluster-guard.ts)
 * asks first. ListClustersV2 has no resource type in the Service Authorization Reference ("Actions,
 * resources, and condition keys for Amazon Managed Streaming for Apache Kafka"), so it can only be
 * granted on `*`; it gets its own statement, so that no other action shares the wildcard.
 */
export function grantClusterLookup(provider: CustomResourceProvider): void {
  if (GRANTED.has(provider)) {
    return;
  }
  GRANTED.add(provider);
  const statement = new iam.PolicyStatement({ actions: ['kafka:ListClustersV2'], resources: ['*'] });
  provider.addToRolePolicy(statement.toStatementJson());
  // To tell a rollback from a refused change (see ./live-cluster.ts): this stack only.
  grantStackStatusRead(provider);
  acknowledgeWildcardResources(provider, [statement],
    'kafka:ListClustersV2 supports no resource-level permissions (Service Authorization Reference); the provider only uses it to read cluster names, volume sizes, Kafka versions and instance types, and whether a serverless cluster of a name exists, at deploy time.');
}

import { CfnResource, CustomResource, CustomResourceProvider, Lazy, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BootstrapBrokerAttribute } from './bootstrap-brokers-attributes';
import { BOOTSTRAP_BROKERS_RESOURCE_TYPE } from './resource-types';
import { SERVICE_TIMEOUT, stackProvider } from './stack-provider';

/**
 * Per provider: the policy that lets it read bootstrap brokers, and the clusters it names.
 *
 * A managed policy attached to the provider's role rather than a statement of the role itself: the role
 * must not reference any cluster, because a provisioned cluster's VolumeSize comes from the broker-volume-size
 * lookup that the same Lambda serves (cluster -> lookup -> Lambda -> role), and a cluster ARN in the role
 * would close that into a dependency cycle. One policy per stack, with one statement listing every cluster:
 * a managed policy holds 6,144 characters (IAM user guide, "IAM and AWS STS quotas"), some 50 cluster ARNs,
 * more clusters than fit in one stack's 500 resources.
 */
const BROKER_READERS = new WeakMap<CustomResourceProvider, { readonly policy: iam.CfnManagedPolicy; readonly clusterArns: string[] }>();

/** Props of {@link BootstrapBrokers}. */
export interface BootstrapBrokersProps {
  /** ARN of the cluster to read. */
  readonly clusterArn: string;
  /**
   * Anything whose change must refresh the broker strings (auth modes, broker count, public
   * access, multi-VPC connectivity).
   * The cluster ARN is always part of it.
   */
  readonly refreshOn: string;
}

/**
 * Reads the bootstrap broker strings of one cluster that the stack uses at deploy time, with one
 * custom resource per cluster (it returns only the strings read through `attribute()`, so that its
 * response stays within CloudFormation's 4096-byte limit). It is served by the stack's one provider
 * Lambda (./stack-provider.ts), shared with every cluster and custom resource of the library; for it, the
 * role may only call kafka:GetBootstrapBrokers and kafka:DescribeClusterV2 on the clusters that use it.
 */
export class BootstrapBrokers extends Construct {
  private readonly resource: CustomResource;
  /** The attributes read so far: the handler waits until the cluster returns each of them. */
  private readonly read = new Set<BootstrapBrokerAttribute>();

  constructor(scope: Construct, id: string, props: BootstrapBrokersProps) {
    super(scope, id);
    const provider = stackProvider(this);
    const policy = allowBrokerReads(provider, props.clusterArn);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: BOOTSTRAP_BROKERS_RESOURCE_TYPE,
      serviceTimeout: SERVICE_TIMEOUT,
      properties: {
        ClusterArn: props.clusterArn,
        RefreshOn: props.refreshOn,
        RequiredAttributes: Lazy.string({ produce: () => [...this.read].sort().join(',') }),
      },
    });
    // Read only once the role may read (the handler still retries denials while IAM propagates).
    this.resource.node.addDependency(policy);
  }

  /**
   * One broker string. Reading it makes the handler wait until the cluster has it (a mode being
   * enabled may not have its string yet), and fail the deployment if it never comes.
   */
  public attribute(name: BootstrapBrokerAttribute): string {
    this.read.add(name);
    return this.resource.getAttString(name);
  }
}

/**
 * Lets the provider call kafka:GetBootstrapBrokers and kafka:DescribeClusterV2 on `clusterArn` (both take the
 * cluster ARN: "Actions, resources, and condition keys for Amazon Managed Streaming for Apache Kafka"), through
 * the stack's one broker-read policy (see BROKER_READERS); returns that policy.
 */
function allowBrokerReads(provider: CustomResourceProvider, clusterArn: string): iam.CfnManagedPolicy {
  let readers = BROKER_READERS.get(provider);
  if (!readers) {
    const clusterArns: string[] = [];
    // The role CustomResourceProvider creates (its child 'Role'); its Ref is the role name.
    const role = provider.node.findChild('Role') as CfnResource;
    const policy = new iam.CfnManagedPolicy(provider, 'BootstrapBrokersPolicy', {
      description: 'cdk-msk-constructs: lets the provider Lambda read the bootstrap brokers of the clusters of this stack that use it',
      roles: [role.ref],
      policyDocument: Lazy.any({
        produce: () => ({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'], Resource: clusterArns }],
        }),
      }),
    });
    readers = { policy, clusterArns };
    BROKER_READERS.set(provider, readers);
  }
  readers.clusterArns.push(clusterArn);
  return readers.policy;
}

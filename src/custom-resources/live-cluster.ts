/**
 * Pieces shared by the handlers that check a template against the live cluster of the same name before
 * CloudFormation touches it (./broker-volume-size.lambda.ts, ./serverless-cluster-guard.lambda.ts): the
 * ListClustersV2 lookup by exact name, the stack-status read, and the guard that fails an update unless the
 * stack is rolling back. Bundled into the provider Lambda; not compiled by jsii.
 */
// The SDK clients are devDependencies on purpose: the Lambda runtime provides them and they are kept external when bundling.
// eslint-disable-next-line import/no-extraneous-dependencies
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
// eslint-disable-next-line import/no-extraneous-dependencies
import { Cluster, ClusterType, KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { callWithRetries, describeError, RetryDeps } from './sdk-retry';

/** Clusters that no longer count: a cluster being deleted may share the name of its replacement. */
export const GONE_STATES: readonly string[] = ['DELETING', 'FAILED'];
/** Most ListClustersV2 pages read (the name filter makes one page the normal case). */
export const MAX_PAGES = 50;

/** What reading the stack's status needs: the CloudFormation client and the retry dependencies. */
export interface StackStatusDeps extends RetryDeps {
  readonly cloudFormation: CloudFormationClient;
}

/** The clients and retry dependencies the lookups need. */
export interface LiveClusterDeps extends StackStatusDeps {
  readonly client: KafkaClient;
}

/**
 * The clusters of `clusterType` named exactly `clusterName` (ListClustersV2 filters by prefix), in the order
 * listed; clusters being deleted or failed are left out. Throws after MAX_PAGES pages.
 */
export async function liveClustersNamed(clusterName: string, clusterType: ClusterType, d: LiveClusterDeps): Promise<Cluster[]> {
  let nextToken: string | undefined;
  const found: Cluster[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const token = nextToken;
    const out = await callWithRetries('ListClustersV2', `MSK clusters named ${clusterName}`, d,
      (abortSignal) => d.client.send(new ListClustersV2Command({
        ClusterNameFilter: clusterName,
        ClusterTypeFilter: clusterType,
        NextToken: token,
      }), { abortSignal }));
    for (const cluster of out.ClusterInfoList ?? []) {
      if (cluster.ClusterName === clusterName && !(cluster.State !== undefined && GONE_STATES.includes(cluster.State))) {
        found.push(cluster);
      }
    }
    nextToken = out.NextToken || undefined;
    if (nextToken === undefined) {
      return found;
    }
  }
  throw new Error(`ListClustersV2 for MSK clusters named ${clusterName} returned more than ${MAX_PAGES} pages`);
}

/**
 * Fails an update MSK would refuse (or that would replace the cluster), unless the stack is rolling back (then the
 * old values are coming back: CloudFormation sends the old properties as an Update, the aws-cdk-lib custom-resources
 * guide, "rollback Updates", and failing would leave the stack in UPDATE_ROLLBACK_FAILED) or, for a change MSK refuses
 * by itself, its status cannot be read (then it only logs). The status is read once per event, when a check first
 * needs it.
 */
export class RollbackAwareGuard {
  private status?: Promise<string>;

  constructor(private readonly stackId: string | undefined, private readonly d: StackStatusDeps) {}

  /**
   * Throws `error()` unless the stack is rolling back or, for a change MSK refuses by itself (`failWhenUnknown`
   * false), its status cannot be read; `what` is logged otherwise. A change that MSK would not refuse (a
   * replacement) passes `failWhenUnknown` true: when the status cannot be read it fails, since going on would
   * replace the cluster.
   */
  public async refuse(what: string, error: () => string, failWhenUnknown = false): Promise<void> {
    let status: string;
    try {
      this.status ??= this.readStatus();
      status = await this.status;
    } catch (err) {
      if (failWhenUnknown) {
        throw new Error(`${error()} The stack status could not be read (${describeError(err)}): should this be a rollback that `
          + 'fails here, continue it with aws cloudformation continue-update-rollback --resources-to-skip and this resource\'s logical id.');
      }
      this.d.log(`${what}, and the stack status could not be read (${describeError(err)}): going on; MSK will refuse what it refuses`);
      return;
    }
    if (status.includes('ROLLBACK')) {
      this.d.log(`${what} while the stack is in ${status}: the previous value coming back, not an error`);
      return;
    }
    throw new Error(error());
  }

  private async readStatus(): Promise<string> {
    if (!this.stackId) {
      throw new Error('the event names no stack');
    }
    return stackStatus(this.stackId, this.d);
  }
}

/** The stack's status, read with DescribeStacks (same retries as every other call); rejects when there is none. */
async function stackStatus(stackId: string, d: StackStatusDeps): Promise<string> {
  const out = await callWithRetries('DescribeStacks', `stack ${stackId}`, d,
    (abortSignal) => d.cloudFormation.send(new DescribeStacksCommand({ StackName: stackId }), { abortSignal }), 'cloudformation:DescribeStacks');
  const status = out.Stacks?.[0]?.StackStatus;
  if (!status) {
    throw new Error(`DescribeStacks returned no status for ${stackId}`);
  }
  return status;
}

/**
 * Custom-resource handler that keeps a deployment from replacing a live MSK Serverless cluster with a new, empty
 * one. Every property of AWS::MSK::ServerlessCluster is create-only ("Update requires: Replacement" on
 * ClusterName, ClientAuthentication, VpcConfigs and Tags, CloudFormation template reference,
 * "AWS::MSK::ServerlessCluster"), so a template that changes the VPC configs (subnets, security groups), the client
 * authentication or the tags of a cluster makes CloudFormation create a new cluster and delete (or, retained,
 * orphan) the old one, with its topics and data.
 *
 * The resource's properties are the cluster name and those settings (as canonical JSON), and the cluster depends
 * on it, so CloudFormation updates it, before the cluster, exactly when the cluster would be replaced:
 * - Create: nothing to check (a first deployment, or the guard added to an existing stack);
 * - Update: fails when a live serverless cluster of that exact name exists (kafka:ListClustersV2, ignoring
 *   clusters being deleted or failed), unless the stack is rolling back (the old settings coming back); when the
 *   stack status cannot be read it fails too (MSK would not refuse the replacement). A new ClusterName in the same
 *   deployment finds no live cluster and passes: the deliberate move to a new cluster;
 * - Delete: nothing.
 * It returns no data. Served by the stack's one provider Lambda (./provider.lambda.ts), with the lookup and the
 * rollback-aware refusal of ./live-cluster.ts and the retries and time limits of ./sdk-retry.ts. Not compiled by jsii.
 */
// The SDK clients are devDependencies on purpose: the Lambda runtime provides them and they are kept external when bundling.
// eslint-disable-next-line import/no-extraneous-dependencies
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
// eslint-disable-next-line import/no-extraneous-dependencies
import { KafkaClient } from '@aws-sdk/client-kafka';
import { answerDelete, CustomResourceEvent, HandlerTimeDeps, withDefaults } from './handler-kit';
import { LiveClusterDeps, liveClustersNamed, RollbackAwareGuard } from './live-cluster';
import { LambdaContext, realTimer, RetryDeps, timeLimitedEntryPoint } from './sdk-retry';

/** Properties of the custom resource (CloudFormation passes every value as a string). */
export interface ServerlessClusterGuardResourceProperties {
  readonly ServiceToken: string;
  readonly ClusterName: string;
  /** The cluster's VpcConfigs (subnets and security groups of each VPC), as JSON. */
  readonly VpcConfigs?: string;
  /** The cluster's ClientAuthentication, as JSON. */
  readonly ClientAuthentication?: string;
  /** The tags the cluster's template sets, as JSON. */
  readonly Tags?: string;
  readonly [key: string]: string | undefined;
}

/** The subset of the CloudFormation custom-resource event used by this handler. */
export type ServerlessClusterGuardEvent = CustomResourceEvent<ServerlessClusterGuardResourceProperties>;

/** What the CustomResourceProvider entrypoint expects back (no data). */
export interface ServerlessClusterGuardResult {
  readonly PhysicalResourceId?: string;
}

/** Injected dependencies, so that tests control the SDK and time. */
export interface ServerlessClusterGuardDeps extends HandlerTimeDeps {
  readonly client: KafkaClient;
  /** Reads the stack's status, to tell a rollback from a change. */
  readonly cloudFormation: CloudFormationClient;
}

/** The settings compared, with the construct props a user changes for each. */
const SETTINGS: ReadonlyArray<{ readonly key: keyof ServerlessClusterGuardResourceProperties; readonly property: string }> = [
  { key: 'VpcConfigs', property: 'vpc/vpcSubnets/securityGroups/additionalVpcs' },
  { key: 'ClientAuthentication', property: 'clientAuthentication' },
  { key: 'Tags', property: 'tags' },
];

/** The construct props whose settings differ between the old and new properties (all of them when none can be told). */
export function changedProperties(old: ServerlessClusterGuardResourceProperties | undefined,
  props: ServerlessClusterGuardResourceProperties): string[] {
  const changed = SETTINGS.filter((s) => old !== undefined && (old[s.key] ?? '') !== (props[s.key] ?? '')).map((s) => s.property);
  return changed.length > 0 ? changed : SETTINGS.map((s) => s.property);
}

/** Handles a custom-resource event with injected dependencies. */
export async function onEvent(event: ServerlessClusterGuardEvent, deps: ServerlessClusterGuardDeps): Promise<ServerlessClusterGuardResult> {
  const d: RetryDeps & LiveClusterDeps = withDefaults(deps);
  const clusterName = event.ResourceProperties.ClusterName;
  const deleted = answerDelete(event, d.log);
  if (deleted) {
    return deleted;
  }
  if (typeof clusterName !== 'string' || clusterName === '') {
    throw new Error('The ClusterName property is required');
  }
  if (event.RequestType === 'Create') {
    d.log(`Create ${clusterName}: nothing to check`);
    return { PhysicalResourceId: clusterName };
  }
  // Update: the cluster's create-only settings (or its name) changed.
  const live = await liveClustersNamed(clusterName, 'SERVERLESS', d);
  if (live.length === 0) {
    d.log(`Update ${clusterName}: no live serverless cluster of that name, nothing to replace`);
    return { PhysicalResourceId: clusterName };
  }
  const changed = changedProperties(event.OldResourceProperties, event.ResourceProperties);
  await new RollbackAwareGuard(event.StackId, d).refuse(`create-only settings of ${clusterName} changed: the cluster would be replaced`,
    () => `${changed.join(', ')}: the template changes ${changed.length > 1 ? 'settings' : 'a setting'} of the live MSK Serverless cluster ${clusterName} `
      + 'that CloudFormation cannot change in place (every property of AWS::MSK::ServerlessCluster: "Update requires: Replacement", CloudFormation '
      + 'template reference); it would replace the serverless cluster with a new, empty one, so the cluster was not touched. Fix: revert the change. '
      + 'To move to a new cluster deliberately, also give it a new clusterName in the same deployment (no live cluster then has that name, so this '
      + 'check lets it through; the new cluster starts empty: migrate the data first, README "Data safety").', true);
  return { PhysicalResourceId: clusterName };
}

let kafkaClient: KafkaClient | undefined;
let cloudFormationClient: CloudFormationClient | undefined;

/** The Lambda entry point with `timer` for every wait; it settles before the Lambda timeout. */
export function createHandler(timer: (ms: number, fire: () => void) => () => void):
(event: ServerlessClusterGuardEvent, context: LambdaContext) => Promise<ServerlessClusterGuardResult> {
  return timeLimitedEntryPoint<ServerlessClusterGuardEvent, ServerlessClusterGuardResult>(timer,
    (event) => `serverless cluster ${event.ResourceProperties.ClusterName}`,
    (event, deps) => {
      kafkaClient ??= new KafkaClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 } });
      cloudFormationClient ??= new CloudFormationClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 } });
      return onEvent(event, { ...deps, client: kafkaClient, cloudFormation: cloudFormationClient });
    });
}

/** Lambda entry point (called by the CustomResourceProvider entrypoint). */
export const handler = createHandler(realTimer);

/**
 * `Custom::MskKafkaAclsReady`: the deploy-time check that a provisioned cluster may deny by default
 * (`allow.everyone.if.no.acl.found` false) without locking everyone out of ACL management. The cluster resource depends
 * on it, so it runs before CloudFormation applies a configuration change to the cluster.
 *
 * Why: once the flag is false, a resource without an ACL is open to super users only (MSK developer guide, "Apache Kafka
 * ACLs"), and MSK has no `super.users` setting a client principal could be put in. Managing ACLs needs ALTER on the
 * CLUSTER resource (CreateAcls, DeleteAcls) and DESCRIBE (DescribeAcls; ALTER implies it), as ACLs of their own
 * (Apache Kafka documentation, "Authorization and ACLs"). So the library's ACL admin must hold them before the flag
 * changes, or no principal could ever create another ACL.
 *
 * - Delete: nothing (the check guards a change, it owns nothing).
 * - Create/Update with DenyByDefault other than 'true': nothing, logged.
 * - With 'true': the live provisioned cluster of that name (ListClustersV2, ./live-cluster.ts). None: it fails, since
 *   a new cluster cannot deny by default while the library manages its ACLs (they are created once the cluster runs).
 *   Found: its SASL/SCRAM brokers (GetBootstrapBrokers), the admin's secret (GetSecretValue), then the Kafka ACL worker
 *   in the cluster's VPC (Invoke, `checkAdmin`) reads the admin's ACLs on the cluster (DescribeAcls). It fails, before
 *   the cluster is touched, when the admin cannot sign in or lacks ALTER or DESCRIBE, naming what is missing and the fix:
 *   deploy with the flag true first (the ACLs and the admin's ACLs are created), then set it to false (README, "Kafka ACLs").
 * - Never fails while the stack rolls back (the old properties coming back: RollbackAwareGuard, ./live-cluster.ts); when
 *   the stack status cannot be read it fails, saying how to continue a rollback.
 *
 * Served by the stack's provider Lambda (./provider.lambda.ts; `@aws-sdk/*` external); the provider's role needs
 * kafka:ListClustersV2, kafka:GetBootstrapBrokers, cloudformation:DescribeStacks, secretsmanager:GetSecretValue on the
 * admin secret (and kms:Decrypt on its key) and lambda:InvokeFunction on the worker. Not compiled by jsii.
 */
// The SDK clients are devDependencies on purpose: the Lambda runtime provides them, and they stay external when bundling.
// eslint-disable-next-line import/no-extraneous-dependencies
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
// eslint-disable-next-line import/no-extraneous-dependencies
import { GetBootstrapBrokersCommand, KafkaClient } from '@aws-sdk/client-kafka';
// eslint-disable-next-line import/no-extraneous-dependencies
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CustomResourceEvent, HandlerTimeDeps, withDefaults } from './handler-kit';
import {
  invokeWithRetries, readAdminSecret, readWorkerAnswer, secretReader, WorkerAnswer, workerInvoker, workerLambdaClient,
} from './kafka-acls-dispatch.lambda';
import { KafkaAdminCheckResult, KafkaAdminCredentials } from './kafka-acls.lambda';
import { KafkaWorkerCheckAdminRequest } from './kafka-worker-request.lambda';
import { liveClustersNamed, RollbackAwareGuard } from './live-cluster';
import { callWithRetries, describeError, LambdaContext, RetryDeps, timeLimitedEntryPoint } from './sdk-retry';

/** Properties of the custom resource (CloudFormation passes every value as a string). */
export interface KafkaAclsReadyResourceProperties {
  readonly ServiceToken: string;
  /** What is checked, for messages, e.g. `deny by default of cluster Events (Demo/Events)`. */
  readonly Subject?: string;
  /** The cluster's name (the live cluster is found by it). */
  readonly ClusterName: string;
  /** 'true' when the cluster's configuration sets allow.everyone.if.no.acl.found to false. */
  readonly DenyByDefault: string;
  /** The ACL admin principal, e.g. `User:cdk-msk-acl-admin`. */
  readonly AdminPrincipal: string;
  /** ARN of the Secrets Manager secret holding the admin's {username, password}. */
  readonly AdminSecretArn: string;
  /** ARN of the Kafka ACL worker Lambda in the cluster's VPC. */
  readonly WorkerFunction: string;
  readonly [key: string]: string | undefined;
}

export type KafkaAclsReadyEvent = CustomResourceEvent<KafkaAclsReadyResourceProperties>;

export interface KafkaAclsReadyResult {
  readonly PhysicalResourceId?: string;
}

/** Injected dependencies: the SDK clients, the secret, the worker and time. */
export interface KafkaAclsReadyDeps extends HandlerTimeDeps {
  readonly client: KafkaClient;
  /** Reads the stack's status, so that the check never fails a rollback. */
  readonly cloudFormation: CloudFormationClient;
  /** Secrets Manager GetSecretValue of `secretArn`, parsed ({username, password}). */
  readSecret(secretArn: string, abortSignal: AbortSignal): Promise<KafkaAdminCredentials>;
  /** Invokes the worker's `checkAdmin` synchronously; rejects with the SDK's error when the invocation itself fails. */
  checkAdmin(functionArn: string, request: KafkaWorkerCheckAdminRequest, abortSignal: AbortSignal): Promise<WorkerAnswer<KafkaAdminCheckResult>>;
}

/** The property every refusal starts with: the setting the user changes. */
const SETTING = "serverProperties 'allow.everyone.if.no.acl.found'";

/** The fix every refusal gives. */
export const DENY_BY_DEFAULT_FIX = "Fix: deploy first with 'allow.everyone.if.no.acl.found' true (the default: leave it out of serverProperties), "
  + "so that the Kafka ACLs and the ACL admin's own ACLs (ALTER and DESCRIBE on the cluster) are created; then set it to 'false' "
  + 'in a second deployment (README, "Kafka ACLs").';

/** The physical id: one check per cluster name. */
export function readyPhysicalId(clusterName: string): string {
  return `kafka-acls-ready-${clusterName}`;
}

/** A refusal of the check (the message is the user's), as opposed to an error while checking. */
class NotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotReadyError';
  }
}

/** Handles a custom-resource event with injected dependencies. */
export async function onEvent(event: KafkaAclsReadyEvent, deps: KafkaAclsReadyDeps): Promise<KafkaAclsReadyResult> {
  const d = withDefaults(deps);
  const props = event.ResourceProperties;
  if (event.RequestType === 'Delete') {
    d.log(`Delete ${event.PhysicalResourceId}: nothing to do`);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  if (event.RequestType !== 'Create' && event.RequestType !== 'Update') {
    throw new Error(`Unsupported RequestType: ${String(event.RequestType)}`);
  }
  const clusterName = props.ClusterName;
  if (typeof clusterName !== 'string' || clusterName === '') {
    throw new Error('The ClusterName property is required');
  }
  const subject = typeof props.Subject === 'string' && props.Subject !== '' ? props.Subject : `deny by default of MSK cluster ${clusterName}`;
  const physicalId = readyPhysicalId(clusterName);
  if (props.DenyByDefault !== 'true') {
    d.log(`${event.RequestType} ${subject}: allow.everyone.if.no.acl.found is not false, nothing to check`);
    return { PhysicalResourceId: physicalId };
  }
  try {
    await checkReady(clusterName, props, subject, d);
  } catch (err) {
    const message = err instanceof NotReadyError ? err.message
      : `${SETTING}: the check that the Kafka ACL admin of MSK cluster ${clusterName} can manage ACLs before the cluster denies by default `
        + `failed, so the cluster was not changed: ${describeError(err)}`;
    await new RollbackAwareGuard(event.StackId, d).refuse(`${subject}: not ready (${message})`, () => message, true);
    return { PhysicalResourceId: physicalId };
  }
  d.log(`${event.RequestType} ${subject}: the ACL admin ${props.AdminPrincipal} can manage ACLs, the cluster may deny by default`);
  return { PhysicalResourceId: physicalId };
}

/** Throws a NotReadyError (or any error while checking) unless the admin can manage the ACLs of the live cluster. */
async function checkReady(clusterName: string, props: KafkaAclsReadyResourceProperties, subject: string,
  d: KafkaAclsReadyDeps & RetryDeps): Promise<void> {
  const missingProperties = (['AdminPrincipal', 'AdminSecretArn', 'WorkerFunction'] as const).filter((name) => typeof props[name] !== 'string' || props[name] === '');
  if (missingProperties.length > 0) {
    throw new Error(`the ${missingProperties.join(', ')} propert${missingProperties.length === 1 ? 'y' : 'ies'} of ${subject} must be set`);
  }
  const principal = props.AdminPrincipal;
  const clusters = await liveClustersNamed(clusterName, 'PROVISIONED', d);
  if (clusters.length === 0 || !clusters[0].ClusterArn) {
    throw new NotReadyError(`${SETTING}: MSK cluster ${clusterName} does not exist yet, and its configuration sets allow.everyone.if.no.acl.found `
      + 'to false while the library manages its Kafka ACLs. A new cluster cannot deny by default: the ACLs are created once it runs, and by then no '
      + 'principal could create the first one (without an ACL only super users may act, and MSK has no super.users setting: MSK developer guide, '
      + `"Apache Kafka ACLs"). The deployment stops before the cluster is created. ${DENY_BY_DEFAULT_FIX}`);
  }
  if (clusters.length > 1) {
    d.log(`${clusters.length} live clusters are named ${clusterName}: checking the first, ${clusters[0].ClusterArn}`);
  }
  const clusterArn = clusters[0].ClusterArn;
  const brokers = await callWithRetries('GetBootstrapBrokers', `MSK cluster ${clusterArn}`, d,
    (abortSignal) => d.client.send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }), { abortSignal }));
  const bootstrapServers = brokers.BootstrapBrokerStringSaslScram;
  if (!bootstrapServers) {
    throw new NotReadyError(`${SETTING}: MSK cluster ${clusterName} has no SASL/SCRAM listener yet (GetBootstrapBrokers returned no `
      + `BootstrapBrokerStringSaslScram), so the ACL admin ${principal} cannot manage its ACLs; the cluster was not changed. Enable SASL/SCRAM `
      + `client authentication, then: ${DENY_BY_DEFAULT_FIX}`);
  }
  const credentials = await readAdminSecret(props.AdminSecretArn, d, d.readSecret);
  const request: KafkaWorkerCheckAdminRequest = { action: 'checkAdmin', check: { bootstrapServers, tls: true, adminPrincipal: principal }, credentials };
  const answer = await invokeWithRetries(props.WorkerFunction, request, subject, d, d.checkAdmin);
  if ('errorMessage' in answer) {
    throw new Error(`the Kafka ACL worker (${props.WorkerFunction}; its log has each step) could not check the ACL admin ${principal}: ${answer.errorMessage}`);
  }
  const result = answer.result;
  if (!result.authenticated) {
    throw new NotReadyError(`${SETTING}: MSK cluster ${clusterName} is about to deny by default, and the ACL admin ${principal} could not sign `
      + `in with the credentials of its secret ${props.AdminSecretArn} (${result.error ?? 'authentication failed'}), so nothing shows that it can `
      + 'manage ACLs; the cluster was not changed. The secret must be associated with the cluster (SASL/SCRAM) and its ACLs created '
      + `while the cluster still allows everyone. ${DENY_BY_DEFAULT_FIX}`);
  }
  if (result.missing.length > 0) {
    const found = result.found.length === 0 ? 'none' : result.found.join('; ');
    throw new NotReadyError(`${SETTING}: MSK cluster ${clusterName} is about to deny by default, and the ACL admin ${principal} lacks `
      + `${result.missing.map((op) => `ALLOW ${op}`).join(' and ')} on the cluster resource (CLUSTER 'kafka-cluster', host *; its ACLs there: ${found}`
      + `${result.error ? `; ${result.error}` : ''}). Managing ACLs needs ALTER on the cluster (CreateAcls, DeleteAcls) and DESCRIBE (DescribeAcls; `
      + 'ALTER implies it: Apache Kafka documentation, "Authorization and ACLs"); without them no principal could change an ACL once the '
      + `cluster denies by default, since MSK has no super.users setting. The cluster was not changed. ${DENY_BY_DEFAULT_FIX}`);
  }
}

/** Reads a Lambda Invoke output of a `checkAdmin` request: the worker's KafkaAdminCheckResult, or its error message. */
export function readCheckAdminPayload(functionError: string | undefined, payload: Uint8Array | undefined): WorkerAnswer<KafkaAdminCheckResult> {
  const answer = readWorkerAnswer<KafkaAdminCheckResult | undefined>(functionError, payload, (parsed) => {
    const o = parsed as Partial<KafkaAdminCheckResult> | undefined;
    const strings = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string');
    return typeof o === 'object' && o !== null && typeof o.authenticated === 'boolean' && strings(o.missing) && strings(o.found)
      && (o.error === undefined || typeof o.error === 'string')
      ? {
        authenticated: o.authenticated,
        missing: o.missing as string[],
        found: o.found as string[],
        ...(o.error === undefined ? {} : { error: o.error }),
      }
      : undefined;
  });
  if ('errorMessage' in answer) {
    return answer;
  }
  return answer.result === undefined
    ? { errorMessage: 'the worker answered something else than {authenticated, missing, found}: is it the cdk-msk-constructs Kafka ACL worker of this version?' }
    : { result: answer.result };
}

let kafkaClient: KafkaClient | undefined;
let cloudFormationClient: CloudFormationClient | undefined;

/** The entry point with `timer` for every wait, and real SDK clients; it settles before the Lambda timeout. */
export function createHandler(timer: (ms: number, fire: () => void) => () => void):
(event: KafkaAclsReadyEvent, context: LambdaContext) => Promise<KafkaAclsReadyResult> {
  const readSecret = secretReader(new SecretsManagerClient({}));
  const checkAdmin = workerInvoker<KafkaWorkerCheckAdminRequest, WorkerAnswer<KafkaAdminCheckResult>>(workerLambdaClient(), readCheckAdminPayload);
  return timeLimitedEntryPoint<KafkaAclsReadyEvent, KafkaAclsReadyResult>(timer,
    (event) => `${event.RequestType} of the deny-by-default check of cluster ${event.ResourceProperties.ClusterName}`,
    (event, deps) => {
      kafkaClient ??= new KafkaClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 } });
      cloudFormationClient ??= new CloudFormationClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 } });
      return onEvent(event, { ...deps, client: kafkaClient, cloudFormation: cloudFormationClient, readSecret, checkAdmin });
    });
}

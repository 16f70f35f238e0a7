/**
 * Custom-resource handler that fails a deployment before CloudFormation changes a setting that it would
 * replace (losing what the resource holds, or failing on a name in use) or that the service refuses to
 * change in place: a topic's name, replication factor or a lower partition count, a SCRAM user's secret
 * name, a Lambda consumer's group, a Glue registry's or schema's name, data format or first definition.
 *
 * The resource's properties are those settings (./update-guard.ts) and the guarded resource depends on it,
 * so CloudFormation updates it, before the guarded resource, exactly when one of them changes:
 * - Create: nothing to check (a first deployment, or the guard added to an existing stack);
 * - Update: compares the old and new value of each setting (the request carries both, so no API call is
 *   needed): a `replaces` or `refused` setting that changed, or a `grows` setting that went down, fails the
 *   update with the setting's reason and fix, unless the stack is rolling back (the old values coming back:
 *   ./live-cluster.ts, RollbackAwareGuard). When the stack status cannot be read, a replacement fails (going
 *   on would replace the resource) and a refusal only logs (the service refuses it anyway);
 * - Delete: nothing.
 * Settings that only one side has (a setting added by a library upgrade) are not compared. It returns no
 * data. Served by the stack's one provider Lambda (./provider.lambda.ts). Not compiled by jsii.
 */
// The SDK client is a devDependency on purpose: the Lambda runtime provides it and it is kept external when bundling.
// eslint-disable-next-line import/no-extraneous-dependencies
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { answerDelete, CustomResourceEvent, HandlerTimeDeps, withDefaults } from './handler-kit';
import { RollbackAwareGuard, StackStatusDeps } from './live-cluster';
import { LambdaContext, realTimer, timeLimitedEntryPoint } from './sdk-retry';

/** How a guarded setting may change: never (`replaces`: the resource would be replaced; `refused`: the service refuses it), or only up (`grows`). */
export type GuardedChangeKind = 'replaces' | 'refused' | 'grows';

/** One guarded setting, as the template gives it (inside the Settings JSON). */
export interface GuardedSettingJson {
  /** The construct prop a user changes, e.g. `partitions`. */
  readonly Property: string;
  /** Its value (a number for `grows`). */
  readonly Value: string | number | boolean;
  readonly Change: GuardedChangeKind;
  /** What the change would do, with its AWS source, and the fix. */
  readonly Reason: string;
}

/** Properties of the custom resource (CloudFormation passes every value as a string). */
export interface UpdateGuardResourceProperties {
  readonly ServiceToken: string;
  /** What is guarded, for messages, e.g. `topic 'orders' (Stack/Cluster/Orders)`. */
  readonly Subject: string;
  /** The guarded settings, as JSON (GuardedSettingJson[]). */
  readonly Settings: string;
  readonly [key: string]: string | undefined;
}

/** The subset of the CloudFormation custom-resource event used by this handler. */
export type UpdateGuardEvent = CustomResourceEvent<UpdateGuardResourceProperties>;

/** What the CustomResourceProvider entrypoint expects back (no data; the physical id stays the one CloudFormation gave). */
export interface UpdateGuardResult {
  readonly PhysicalResourceId?: string;
}

/** Injected dependencies, so that tests control the SDK and time. */
export interface UpdateGuardDeps extends HandlerTimeDeps {
  /** Reads the stack's status, to tell a rollback from a change. */
  readonly cloudFormation: CloudFormationClient;
}

/** One refused change of a setting. */
export interface GuardRefusal {
  readonly property: string;
  readonly change: GuardedChangeKind;
  readonly message: string;
}

/** The settings of a Settings property; an error naming the subject when it is not a JSON array of settings. */
export function parseSettings(subject: string, json: string | undefined): GuardedSettingJson[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? '');
  } catch {
    throw new Error(`The Settings property of the update guard of ${subject} is not JSON: ${String(json)}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((s: unknown) => typeof s === 'object' && s !== null && typeof (s as GuardedSettingJson).Property === 'string')) {
    throw new Error(`The Settings property of the update guard of ${subject} is not a list of settings: ${String(json)}`);
  }
  return parsed as GuardedSettingJson[];
}

/** The changes of `after` over `before` that the guard refuses, in the order of `after`. */
export function refusedChanges(subject: string, before: GuardedSettingJson[], after: GuardedSettingJson[]): GuardRefusal[] {
  const refusals: GuardRefusal[] = [];
  for (const setting of after) {
    const old = before.find((s) => s.Property === setting.Property);
    if (old === undefined) {
      continue;
    }
    const was = JSON.stringify(old.Value);
    const is = JSON.stringify(setting.Value);
    const refused = setting.Change === 'grows'
      ? Number(setting.Value) < Number(old.Value)
      : was !== is;
    if (refused) {
      refusals.push({
        property: setting.Property,
        change: setting.Change,
        message: `${setting.Property} of ${subject} changes from ${was} to ${is}: ${setting.Reason}`,
      });
    }
  }
  return refusals;
}

/** Handles a custom-resource event with injected dependencies. */
export async function onEvent(event: UpdateGuardEvent, deps: UpdateGuardDeps): Promise<UpdateGuardResult> {
  const d: StackStatusDeps = withDefaults(deps);
  const deleted = answerDelete(event, d.log);
  if (deleted) {
    return deleted;
  }
  const subject = event.ResourceProperties.Subject;
  if (typeof subject !== 'string' || subject === '') {
    throw new Error('The Subject property is required');
  }
  const after = parseSettings(subject, event.ResourceProperties.Settings);
  if (event.RequestType === 'Create' || event.OldResourceProperties === undefined) {
    d.log(`Create ${subject}: nothing to check`);
    return {};
  }
  const before = parseSettings(subject, event.OldResourceProperties.Settings);
  const refusals = refusedChanges(subject, before, after);
  if (refusals.length === 0) {
    d.log(`Update ${subject}: no guarded setting changes`);
    return {};
  }
  const replaces = refusals.some((r) => r.change === 'replaces');
  await new RollbackAwareGuard(event.StackId, d).refuse(`${refusals.map((r) => r.property).join(', ')} of ${subject} changed`,
    () => `${refusals.map((r) => r.message).join(' ')} Nothing was changed (cdk-msk-constructs update guard, README "Data safety").`, replaces);
  return {};
}

let cloudFormationClient: CloudFormationClient | undefined;

/** The Lambda entry point with `timer` for every wait; it settles before the Lambda timeout. */
export function createHandler(timer: (ms: number, fire: () => void) => () => void):
(event: UpdateGuardEvent, context: LambdaContext) => Promise<UpdateGuardResult> {
  return timeLimitedEntryPoint<UpdateGuardEvent, UpdateGuardResult>(timer,
    (event) => `update guard of ${event.ResourceProperties.Subject}`,
    (event, deps) => {
      cloudFormationClient ??= new CloudFormationClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 } });
      return onEvent(event, { ...deps, cloudFormation: cloudFormationClient });
    });
}

/** Lambda entry point (called by the CustomResourceProvider entrypoint). */
export const handler = createHandler(realTimer);

import * as crypto from 'crypto';
import { CfnResource, CustomResource, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { UPDATE_GUARD_RESOURCE_TYPE } from './resource-types';
import { grantStackStatusRead, SERVICE_TIMEOUT, stackProvider } from './stack-provider';

/**
 * One setting an update guard watches (see ./update-guard.lambda.ts for what each kind refuses).
 * Internal to the library: not part of its jsii API.
 */
export interface GuardedSetting {
  /** The construct prop a user changes, e.g. `partitions`. */
  readonly property: string;
  /** Its value in the template; a token resolves at deploy time. Long text: pass {@link fingerprint} of it. */
  readonly value: string | number | boolean;
  /**
   * `replaces`: any change replaces the resource (its data, or a name in use); `refused`: the service refuses
   * any change in place; `grows`: the service refuses a lower number.
   */
  readonly change: 'replaces' | 'refused' | 'grows';
  /** What the change would do, with the AWS page that says so, and the fix (the handler prefixes the values). */
  readonly reason: string;
}

/** Props of {@link UpdateGuard}. */
export interface UpdateGuardProps {
  /** What is guarded, for messages, e.g. `topic 'orders' (Stack/Cluster/Orders)`. */
  readonly subject: string;
  readonly settings: GuardedSetting[];
  /** The resources the guard protects: each depends on the guard, so the guard runs first. */
  readonly guarded: CfnResource[];
}

/** `text` as a short fingerprint for a guarded value (a token stays as it is: it resolves at deploy time). */
export function fingerprint(text: string): string {
  return Token.isUnresolved(text) ? text : `sha256:${crypto.createHash('sha256').update(text).digest('hex')}`;
}

/**
 * Fails a deployment, before the guarded resources are touched, when it changes one of `settings` in a way
 * that would replace them (a topic and its messages, a SCRAM secret and its password, a Glue schema and its
 * versions) or that the service refuses in place (a lower partition count, a new consumer group): a
 * `Custom::MskUpdateGuard` whose properties are those settings, which the guarded resources depend on.
 * CloudFormation updates it exactly when a setting changes, and before them; it never fails while the stack
 * rolls back. The escape hatch for a deliberate replacement is a new construct id (a new resource, not an
 * update). Served by the stack's one provider Lambda (./stack-provider.ts).
 */
export class UpdateGuard extends Construct {
  /** The custom resource (for dependencies and tests). */
  public readonly customResource: CustomResource;

  constructor(scope: Construct, id: string, props: UpdateGuardProps) {
    super(scope, id);
    const provider = stackProvider(this);
    grantStackStatusRead(provider);
    this.customResource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: UPDATE_GUARD_RESOURCE_TYPE,
      serviceTimeout: SERVICE_TIMEOUT,
      properties: {
        Subject: props.subject,
        Settings: Stack.of(this).toJsonString(props.settings.map((s) => ({
          Property: s.property,
          Value: s.value,
          Change: s.change,
          Reason: s.reason,
        }))),
      },
    });
    for (const resource of props.guarded) {
      resource.node.addDependency(this.customResource);
    }
  }
}

import { aws_iam as iam } from 'aws-cdk-lib';
import { ClusterArns } from './cluster-arns';
import { ActionSet } from './permissions';

/** The names a grant is scoped to: Kafka names or prefix patterns ending in '*'. */
export interface GrantTargets {
  readonly topic?: string;
  readonly group?: string;
  readonly transactionalId?: string;
}

/**
 * Grants an action set: one statement per resource kind, each naming only that kind's ARNs.
 */
export function grantActionSet(grantee: iam.IGrantable, arns: ClusterArns, actions: ActionSet, targets: GrantTargets): iam.Grant {
  const statements: Array<[string[] | undefined, string | undefined]> = [
    [actions.cluster, arns.cluster()],
    [actions.topic, targets.topic === undefined ? undefined : arns.topic(targets.topic)],
    [actions.group, targets.group === undefined ? undefined : arns.group(targets.group)],
    [actions.transactionalId, targets.transactionalId === undefined ? undefined : arns.transactionalId(targets.transactionalId)],
  ];
  let grant: iam.Grant | undefined;
  for (const [names, arn] of statements) {
    if (!names || arn === undefined) {
      continue;
    }
    const next = iam.Grant.addToPrincipal({ grantee, actions: names, resourceArns: [arn] });
    grant = grant ? grant.combine(next) : next;
  }
  return grant!;
}

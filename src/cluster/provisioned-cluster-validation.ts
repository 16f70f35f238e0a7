import { IConstruct } from 'constructs';
import { CLUSTER_WARNINGS } from './cluster-errors';
import { ProvisionedClusterResolution } from './provisioned-cluster-facts';
import { PROVISIONED_CLUSTER_RULES, PROVISIONED_CLUSTER_WARNINGS } from './provisioned-cluster-rules';
import { weakenedDurability } from '../config/server-properties';
import { OPEN_MONITORING_RULES } from '../monitoring/open-monitoring';
import { MULTI_VPC_RULES, MULTI_VPC_WARNINGS } from '../network/multi-vpc-rules';
import { PUBLIC_ACCESS_RULES, PUBLIC_ACCESS_WARNINGS } from '../network/public-access-rules';
import { STORAGE_AUTOSCALING_WARNINGS } from '../storage/storage-autoscaling-rules';
import { checkRules, Rule, warnRules } from '../validation/rules';

/**
 * A table of rules on one part of the resolution, as rules on the whole resolution: same ids, same
 * messages (and any other field a rule carries), so that several tables run as one.
 */
function on<P>(rules: ReadonlyArray<Rule<P>>, part: (r: ProvisionedClusterResolution) => P): Array<Rule<ProvisionedClusterResolution>> {
  return rules.map((rule) => ({
    ...rule,
    failsWhen: (r: ProvisionedClusterResolution) => rule.failsWhen(part(r)),
    message: (r: ProvisionedClusterResolution) => rule.message(part(r)),
  }));
}

/** Every error table of a provisioned cluster, in the order the errors are listed. */
function provisionedClusterErrors(): Array<Rule<ProvisionedClusterResolution>> {
  return [
    ...on(PROVISIONED_CLUSTER_RULES, (r) => r.cluster),
    ...on(OPEN_MONITORING_RULES, (r) => r.props.openMonitoring),
    ...on(MULTI_VPC_RULES, (r) => r.multiVpc),
    ...on(PUBLIC_ACCESS_RULES, (r) => r.publicAccess),
  ];
}

/**
 * Validates a resolved provisioned cluster: runs every error table at once (one error lists every
 * problem of every table), then adds the warnings. Creates nothing.
 */
export function validateProvisionedCluster(scope: IConstruct, resolution: ProvisionedClusterResolution): void {
  checkRules(scope, 'ProvisionedCluster', provisionedClusterErrors(), resolution);
  warnRules(scope, MULTI_VPC_WARNINGS, resolution.multiVpc);
  warnRules(scope, PUBLIC_ACCESS_WARNINGS, resolution.publicAccess);
  warnRules(scope, PROVISIONED_CLUSTER_WARNINGS, resolution.cluster);
  for (const weak of weakenedDurability(resolution.durableDefaults, resolution.serverProperties)) {
    CLUSTER_WARNINGS.warnFor(scope, 'WeakDurability', weak.key, weak.key, weak.value, weak.risk);
  }
  warnRules(scope, STORAGE_AUTOSCALING_WARNINGS, resolution.storageAutoScaling);
}

import { defineMessages } from '../validation/registry';

/**
 * The errors cluster methods raise directly (outside the rule tables): each names the method or property,
 * the value and the fix. Raise one with `throw CLUSTER_ERRORS.error(this, 'Id', ...)`.
 */
export const CLUSTER_ERRORS = defineMessages({
  name: 'CLUSTER_ERRORS',
  file: 'src/cluster/cluster-errors.ts',
  severity: 'error',
  kind: 'ProvisionedCluster',
  checkedBy: ['ProvisionedCluster', 'ServerlessCluster', 'ProvisionedCluster.fromClusterAttributes', 'ServerlessCluster.fromClusterAttributes'],
}, {
  BrokersPerAzDeployTime: (value: string, azCount: number) =>
    `brokersPerAz: resolves to the deploy-time value ${value}, which CloudFormation cannot multiply by the ${azCount} AZs `
    + 'to get the broker count. Fix: pass a number, or a token that resolves to a number at synth time (e.g. Lazy.number or a context value).',
  BrokersNotEnabled: (getter: string, path: string, mode: string, fix: string) =>
    `${getter}: cluster '${path}' does not enable ${mode}, so it has no such brokers. Fix: ${fix}.`,
  ScramNotEnabled: (path: string) =>
    `addScramUser: cluster '${path}' does not enable SASL/SCRAM. Fix: use ClientAuthentication.scram() or ClientAuthentication.of({ scram: true, ... }).`,
  MutualTlsNotEnabled: (path: string) =>
    `certificateUser: cluster '${path}' does not enable mutual TLS, so no client signs in with a certificate. `
    + 'Fix: use ClientAuthentication.mutualTls([authority]) or ClientAuthentication.of({ mutualTls: [authority], scram: true }).',
  PublicAccessNotEnabled: (path: string) =>
    `allowPublicClientAccessFrom: cluster '${path}' has no public access. Fix: set publicAccess: true (after a first deployment without it).`,
  OpenMonitoringNotEnabled: (path: string) =>
    `allowPrometheusFrom: cluster '${path}' has no open monitoring. Fix: set openMonitoring: { jmxExporter: true, nodeExporter: true }.`,
  ThroughputAlarmTopicCount: (count: number) =>
    `addThroughputAlarms: ${count} topics given; a CloudWatch alarm can sum 1 to 10. Fix: pass the 1–10 busiest topics.`,
  ThroughputAlarmPercentOutOfRange: (percentOfQuota: number) =>
    `addThroughputAlarms: percentOfQuota ${percentOfQuota} is outside 1–100. Fix: use e.g. 80.`,
  ImportedClusterIdentityMissing: (kind: string, path: string) =>
    `${kind}.fromClusterAttributes: give clusterArn (preferred) or clusterName for '${path}'. Fix: pass clusterArn.`,
  ImportedClusterAttributeMissing: (attribute: string, kind: string, path: string, fix: string) =>
    `${attribute}: ${kind} '${path}' was imported without ${attribute}. Fix: ${fix}.`,
  AlarmTopicAbsent: (path: string, why: string) =>
    `alarmTopic: cluster '${path}' has no alarm topic of its own: ${why}. Fix: use cluster.alarmActions (what its alarms do), or the topic you gave.`,
  DashboardAbsent: (path: string, why: string) =>
    `dashboard: cluster '${path}' has no dashboard: ${why}. Fix: remove dashboard: false, or create an MskClusterMonitoring for an imported cluster.`,
  ImportedClusterNoAlarmActions: (method: string, path: string) =>
    `${method}: '${path}' is an imported cluster and has no alarm actions. Fix: create an MskClusterMonitoring for it first, or a cloudwatch.Alarm from cluster.metricMaxOffsetLag(group, topic).`,
});

/** The warnings cluster methods add directly (outside the rule tables). */
export const CLUSTER_WARNINGS = defineMessages({
  name: 'CLUSTER_WARNINGS',
  file: 'src/cluster/cluster-errors.ts',
  severity: 'warning',
  kind: 'ProvisionedCluster',
  checkedBy: ['ProvisionedCluster', 'ProvisionedCluster.addTopic'],
}, {
  PartitionsAboveRecommended: (replicasPerBroker: number, recommended: number, instanceType: string) =>
    `addTopic: the declared topics put ${replicasPerBroker} partition replicas on each broker, above the ${recommended} recommended for ${instanceType}: `
    + 'expect higher latency and slower recovery. Add brokers or use a larger instance type.',
  WeakDurability: (key: string, value: string, risk: string) =>
    `serverProperties: ${key}=${value} undoes a durability default: ${risk}. If intended, acknowledge this warning.`,
});

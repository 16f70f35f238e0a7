import { registerRules } from '../validation/registry';
import { Rule, WarningRule } from '../validation/rules';

/** Default quota of alarms on Metrics Insights queries per account and Region (CloudWatch user guide, "Limits"). */
export const METRICS_INSIGHTS_ALARM_QUOTA = 200;

/** What the monitoring rules look at. */
export interface MonitoringFacts {
  readonly perBroker: boolean;
  readonly brokerCountKnown: boolean;
  /** Alarms on Metrics Insights queries so far in the app's stacks of this cluster's account and Region, this cluster's included. */
  readonly insightsAlarmsInApp: number;
  /** This cluster's alarms on Metrics Insights queries. */
  readonly insightsAlarms: number;
  /** `alarms.topic` was given and its policies cannot be changed by the library (imported topic or key). */
  readonly topicNotOpened: boolean;
}

export const MONITORING_RULES: ReadonlyArray<Rule<MonitoringFacts>> = [
  {
    id: 'PerBrokerAlarmsNeedBrokerCount',
    failsWhen: (f) => f.perBroker && !f.brokerCountKnown,
    message: () => 'alarms.brokerAlarms: BrokerAlarms.perBroker() creates one alarm per broker, but the broker count is a token, unknown at synth time. '
      + 'Fix: give brokersPerAz (or sizing) as a number, or use BrokerAlarms.metricsInsights(), whose alarms cover every broker whatever the count.',
  },
];
registerRules({ name: 'MONITORING_RULES', file: 'src/monitoring/monitoring-rules.ts', severity: 'error', checkedBy: ['MskClusterMonitoring'] }, MONITORING_RULES);


export const MONITORING_WARNINGS: ReadonlyArray<WarningRule<MonitoringFacts>> = [
  {
    id: 'MetricsInsightsAlarmQuota',
    failsWhen: (f) => f.insightsAlarms > 0 && f.insightsAlarmsInApp > METRICS_INSIGHTS_ALARM_QUOTA
      && f.insightsAlarmsInApp - f.insightsAlarms <= METRICS_INSIGHTS_ALARM_QUOTA,
    message: (f) => `alarms: the app's stacks for this account and Region now have ${f.insightsAlarmsInApp} alarms on Metrics Insights queries, above the `
      + `default quota of ${METRICS_INSIGHTS_ALARM_QUOTA} per account and Region (CloudWatch user guide, "Limits"; alarms of other apps count too): `
      + 'the deployment that crosses the quota fails. Fix: ask for a higher quota (Service Quotas, CloudWatch), spread the clusters over accounts or Regions, '
      + 'or use alarms.brokerAlarms: BrokerAlarms.perBroker() on some clusters.',
  },
  {
    id: 'AlarmTopicPolicyUnknown',
    failsWhen: (f) => f.topicNotOpened,
    message: () => 'alarms.topic: the topic (or its KMS key) is imported, so the library cannot let CloudWatch publish to it. '
      + 'Fix: make sure its topic policy allows cloudwatch.amazonaws.com sns:Publish and its key policy lets that principal use kms:Decrypt and '
      + 'kms:GenerateDataKey* (docs/ALARMS.md, "Delivery"), then acknowledge this warning; otherwise no alarm notification is delivered.',
  },
];
registerRules({ name: 'MONITORING_WARNINGS', file: 'src/monitoring/monitoring-rules.ts', severity: 'warning', checkedBy: ['MskClusterMonitoring'] }, MONITORING_WARNINGS);


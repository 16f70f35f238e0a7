import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AlarmDefinition, createAlarm } from '../monitoring/alarm-factory';
import { IntegrationAlarmOptions } from '../monitoring/alarm-options';

/** One recommended alarm of an integration: its construct id and what it watches. */
export interface IntegrationAlarm {
  readonly id: string;
  readonly definition: AlarmDefinition;
}

/**
 * Creates the recommended alarms of an integration, unless `options.enabled` is false. Each takes
 * `options.actions`, else the cluster's actions (asked for only when alarms are on, so that a cluster
 * does not create its alarm topic for nothing). Without any action the alarms are still created:
 * they show in the console and can be given actions later.
 */
export function createIntegrationAlarms(scope: Construct, options: IntegrationAlarmOptions | undefined,
  clusterActions: () => cloudwatch.IAlarmAction[], alarms: IntegrationAlarm[]): cloudwatch.Alarm[] {
  if (!(options?.enabled ?? true)) {
    return [];
  }
  const actions = options?.actions ?? clusterActions();
  return alarms.map((alarm) => createAlarm(scope, alarm.id, alarm.definition, actions));
}

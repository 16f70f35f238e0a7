import { Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { defineMessages } from '../validation/registry';

/** Longest AlarmDescription CloudWatch accepts (PutMetricAlarm API reference: AlarmDescription, 0 to 1024 characters). */
export const MAX_ALARM_DESCRIPTION = 1024;

const ALARM_ERRORS = defineMessages({
  name: 'ALARM_ERRORS',
  file: 'src/monitoring/alarm-factory.ts',
  severity: 'error',
  kind: 'MskAlarms',
  checkedBy: ['alarmDescription'],
}, {
  AlarmDescriptionTooLong: (text: string) =>
    `alarmDescription: ${text.length} characters, above the ${MAX_ALARM_DESCRIPTION} CloudWatch accepts: ${text.slice(0, 80)}... Fix: shorten the alarm's summary and action.`,
});

/** One alarm the library creates: what it watches, when it fires, and what to tell the person it pages. */
export interface AlarmDefinition {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** Chosen per alarm, with the reason in docs/ALARMS.md. */
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** What is wrong, in one sentence (the SNS notification carries it). */
  readonly summary: string;
  /** What the on-call engineer does first, in one or two sentences. */
  readonly action: string;
}

/** The alarm description: the summary, then what to do; at most MAX_ALARM_DESCRIPTION characters. */
export function alarmDescription(summary: string, action: string): string {
  const text = `${summary} What to do: ${action}`;
  if (!Token.isUnresolved(text) && text.length > MAX_ALARM_DESCRIPTION) {
    throw ALARM_ERRORS.error(undefined, 'AlarmDescriptionTooLong', text);
  }
  return text;
}

/**
 * Creates an alarm that takes `actions` when it fires and when it recovers (ALARM and OK), so that whoever is
 * paged also learns that it is over.
 */
export function createAlarm(scope: Construct, id: string, definition: AlarmDefinition, actions: cloudwatch.IAlarmAction[]): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric: definition.metric,
    threshold: definition.threshold,
    comparisonOperator: definition.comparison,
    evaluationPeriods: definition.evaluationPeriods,
    datapointsToAlarm: definition.datapointsToAlarm ?? definition.evaluationPeriods,
    treatMissingData: definition.treatMissingData,
    alarmDescription: alarmDescription(definition.summary, definition.action),
  });
  if (actions.length > 0) {
    alarm.addAlarmAction(...actions);
    alarm.addOkAction(...actions);
  }
  return alarm;
}

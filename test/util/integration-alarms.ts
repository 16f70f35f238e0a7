import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** What an alarm of an integration must be, as the template renders it. */
export interface ExpectedAlarm {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, unknown>;
  readonly statistic: string;
  readonly period: number;
  readonly threshold: number;
  readonly comparison: string;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: string;
}

type AlarmResource = { Properties: Record<string, unknown> };

/** The alarms of the template whose logical id starts with `prefix` (e.g. 'ReplicatorReplicationLatencyAlarm'). */
export function alarmsNamed(template: Template, prefix: string): AlarmResource[] {
  return Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
    .filter(([id]) => id.startsWith(prefix))
    .map(([, resource]) => resource as AlarmResource);
}

/** Every alarm of the template whose logical id starts with `prefix`. */
export function alarmCount(template: Template, prefix = ''): number {
  return alarmsNamed(template, prefix).length;
}

/** Asserts that exactly one alarm has the logical id prefix and matches `expected`; returns it. */
export function expectAlarm(template: Template, prefix: string, expected: ExpectedAlarm): AlarmResource {
  const found = alarmsNamed(template, prefix);
  expect(found).toHaveLength(1);
  const props = found[0].Properties;
  expect({
    namespace: props.Namespace,
    metricName: props.MetricName,
    dimensions: Object.fromEntries((props.Dimensions as Array<{ Name: string; Value: unknown }>).map((d) => [d.Name, d.Value])),
    statistic: props.Statistic,
    period: props.Period,
    threshold: props.Threshold,
    comparison: props.ComparisonOperator,
    evaluationPeriods: props.EvaluationPeriods,
    datapointsToAlarm: props.DatapointsToAlarm,
    treatMissingData: props.TreatMissingData,
  }).toEqual(expected);
  expect(props.AlarmDescription).toEqual(expect.stringContaining('What to do:'));
  return found[0];
}

/** The alarm and OK actions of an alarm, resolved. */
export function actionsOf(alarm: AlarmResource): { alarm: unknown; ok: unknown } {
  return { alarm: alarm.Properties.AlarmActions, ok: alarm.Properties.OKActions };
}

/** Asserts every alarm with the prefix takes `actions` (resolved values, or undefined for none) on ALARM and OK. */
export function expectActions(stack: Stack, template: Template, prefix: string, actions: unknown[] | undefined): void {
  const found = alarmsNamed(template, prefix);
  expect(found.length).toBeGreaterThan(0);
  const expected = actions === undefined ? undefined : stack.resolve(actions);
  for (const alarm of found) {
    expect(actionsOf(alarm)).toEqual({ alarm: expected, ok: expected });
  }
}

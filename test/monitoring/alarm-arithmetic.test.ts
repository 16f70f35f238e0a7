/**
 * The arithmetic of every threshold against its metric's unit and period, computed by hand here from the
 * AWS pages the catalog cites (MSK quotas and Express per-broker throughput: "Amazon MSK quota", "Best
 * practices for Express brokers"; MSK Serverless statistics: "Monitoring MSK Serverless clusters"), and the
 * windows against CloudWatch's limits ("Limits": a Metrics Insights alarm evaluates the latest 3 hours;
 * PutMetricAlarm: period × evaluation periods ≤ 1 day for periods under an hour).
 */
import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BrokerInstanceType, ProvisionedCluster } from '../../src';
import { AlarmContext, ALARM_CATALOG } from '../../src/monitoring/alarm-catalog';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/alarm-defaults';
import { CONTEXTS } from '../docs/alarms-doc';
import { vpcStack } from '../util/stacks';

const contextOf = (id: string): AlarmContext => Object.values(CONTEXTS).find((c) => ALARM_CATALOG.find((s) => s.id === id)!.appliesTo(c))!;

describe('thresholds are in the unit of the metric they are compared with', () => {
  test.each(ALARM_CATALOG.map((s) => [s.id, s] as const))('%s: a summed per-second rate is read over 1 minute, so the sum is bytes per second', (_id, spec) => {
    if (spec.unit === 'bytes/s' && spec.fn === 'SUM') {
      // MSK publishes each series once a minute as a per-second rate: the Sum over 60 s of several series is their total rate;
      // over 300 s it would be five times that, and fire far below the quota.
      expect(spec.period.toSeconds()).toBe(60);
    }
    if (spec.unit === '%') {
      const threshold = spec.threshold(DEFAULT_THRESHOLDS, contextOf(spec.id));
      expect(threshold).toBeGreaterThan(0);
      expect(threshold).toBeLessThan(100);
    }
  });

  test.each(ALARM_CATALOG.map((s) => [s.id, s] as const))('%s: the window in the description is period × evaluation periods, within CloudWatch limits', (_id, spec) => {
    const windowMinutes = spec.period.toMinutes() * spec.evaluationPeriods;
    const summary = spec.summary(DEFAULT_THRESHOLDS, contextOf(spec.id));
    const stated = /for (\d+) minutes/.exec(summary);
    if (stated) {
      expect(Number(stated[1])).toBe(windowMinutes);
    }
    expect(spec.period.toSeconds() * spec.evaluationPeriods).toBeLessThanOrEqual(Duration.hours(3).toSeconds());
  });

  test('CPU: 60 % busy is CpuIdle below 40 %', () => {
    const cpu = ALARM_CATALOG.find((s) => s.id === 'CpuHigh')!;
    expect(cpu.metricName).toBe('CpuIdle');
    expect(cpu.threshold({ ...DEFAULT_THRESHOLDS, cpuPercent: 60 }, CONTEXTS.Standard)).toBe(40);
    expect(cpu.threshold({ ...DEFAULT_THRESHOLDS, cpuPercent: 75 }, CONTEXTS.Standard)).toBe(25);
    expect(cpu.comparison).toBe(cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD);
  });

  test('MSK Serverless: 80 % of 200 MBps in and 400 MBps out, in bytes per second (10^6 bytes per MB)', () => {
    const ingress = ALARM_CATALOG.find((s) => s.id === 'ClusterIngressNearQuota')!;
    const egress = ALARM_CATALOG.find((s) => s.id === 'ClusterEgressNearQuota')!;
    expect(ingress.threshold(DEFAULT_THRESHOLDS, CONTEXTS.Serverless)).toBe(0.8 * 200 * 1_000_000);
    expect(egress.threshold(DEFAULT_THRESHOLDS, CONTEXTS.Serverless)).toBe(0.8 * 400 * 1_000_000);
  });

  // Sustained per-broker throughput of each Express size, MBps in / out ("Best practices for Express brokers").
  test.each([
    [BrokerInstanceType.EXPRESS_M7G_LARGE, 15.6, 31.2],
    [BrokerInstanceType.EXPRESS_M7G_XLARGE, 31.2, 62.5],
    [BrokerInstanceType.EXPRESS_M7G_2XLARGE, 62.5, 125],
    [BrokerInstanceType.EXPRESS_M7G_4XLARGE, 124.9, 249.8],
    [BrokerInstanceType.EXPRESS_M7G_8XLARGE, 250, 500],
    [BrokerInstanceType.EXPRESS_M7G_12XLARGE, 375, 750],
    [BrokerInstanceType.EXPRESS_M7G_16XLARGE, 500, 1000],
  ])('%s: alarms at 80 %% of %d MBps in and %d MBps out, per broker, in bytes per second', (instanceType, inMBps, outMBps) => {
    const { stack, vpc } = vpcStack();
    new ProvisionedCluster(stack, 'Events', { vpc, instanceType });
    const thresholds = Object.entries(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
      .filter(([id]) => /NearQuota/.test(id)).map(([id, a]) => [id.replace(/^EventsMonitoring|[0-9A-F]{8}$/g, ''), a.Properties.Threshold]);
    expect(Object.fromEntries(thresholds)).toEqual({
      IngressNearQuota: Math.round(inMBps * 1_000_000 * 0.8),
      EgressNearQuota: Math.round(outMBps * 1_000_000 * 0.8),
    });
  });

  test('the consumer-lag threshold is in seconds of MaxEstimatedTimeLag, 10 minutes by default', () => {
    const lag = ALARM_CATALOG.find((s) => s.id === 'ConsumerGroupLagHigh')!;
    expect([lag.metricName, lag.unit, lag.threshold(DEFAULT_THRESHOLDS, CONTEXTS.Serverless)]).toEqual(['MaxEstimatedTimeLag', 's', 600]);
  });
});

/**
 * The typed metric methods follow the metric table (src/monitoring/metric-factory.ts, METRIC_DEFAULTS, whose
 * statistics and periods docs/ALARMS.md explains), and each kind of cluster has the methods of the metrics MSK
 * publishes for it (MSK developer guide, "Amazon MSK metrics for monitoring Standard brokers with CloudWatch",
 * "Monitoring MSK Serverless clusters").
 */
import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { ProvisionedCluster, ServerlessCluster } from '../../src';
import { METRIC_DEFAULTS } from '../../src/monitoring/metric-factory';
import { vpcStack } from '../util/stacks';

/** The `metricX` methods of an object's prototype chain, except the generic ones. */
function metricMethods(target: object): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(target); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    Object.getOwnPropertyNames(proto).filter((n) => /^metric[A-Z]/.test(n) && n !== 'metricForBroker').forEach((n) => names.add(n));
  }
  return [...names].sort();
}

/** Calls a metric method with the arguments its arity asks for (broker 1, or group and topic, or topic). */
function call(target: object, name: string): cloudwatch.Metric {
  const method = (target as Record<string, (...args: unknown[]) => cloudwatch.Metric>)[name];
  const args = /OffsetLag|TimeLag/.test(name) ? ['billing', 'orders'] : /Topic/.test(name) ? ['orders'] : method.length >= 2 ? [1] : [];
  return method.apply(target, args);
}

describe('metric methods', () => {
  const { stack, vpc } = vpcStack();
  const provisioned = new ProvisionedCluster(stack, 'Events', { vpc, clusterName: 'events' });
  const serverless = new ServerlessCluster(stack, 'Spiky', { vpc, clusterName: 'spiky' });

  test.each(metricMethods(provisioned))('ProvisionedCluster.%s reads a metric of the table with its statistic and period', (name) => {
    const metric = call(provisioned, name);
    const defaults = METRIC_DEFAULTS[metric.metricName];
    expect(defaults).toBeDefined();
    if (!/^metricTopic/.test(name)) {
      // The topic helpers read MSK Serverless's per-partition series: Sum over 1 minute, as AWS says.
      expect([metric.statistic, metric.period.toSeconds()]).toEqual([defaults.statistic, defaults.period.toSeconds()]);
    }
  });

  test('serverless clusters have no per-broker or controller metric methods, which MSK Serverless does not publish', () => {
    const names = metricMethods(serverless);
    expect(names.filter((n) => /Cpu|Disk|Heap|Broker|Controller|Partitions|Connection|BytesInPerSec$|BytesOutPerSec$/.test(n) && !/Topic/.test(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['metricMaxOffsetLag', 'metricEstimatedMaxTimeLag', 'metricTopicBytesInPerSec']));
  });

  test('the time lag is EstimatedMaxTimeLag on provisioned clusters and MaxEstimatedTimeLag on serverless ones', () => {
    expect(provisioned.metricEstimatedMaxTimeLag('billing', 'orders').metricName).toBe('EstimatedMaxTimeLag');
    expect(serverless.metricEstimatedMaxTimeLag('billing', 'orders').metricName).toBe('MaxEstimatedTimeLag');
  });
});

import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { AlarmSource, AlarmSpec } from './alarm-catalog';
import { InsightsQuery } from './insights-query';
import { Dimension } from './metric-factory';

/** The exact dimension set each source reads, and the dimension it groups by. */
export const SOURCES: Record<AlarmSource, { readonly dimensions: readonly string[]; readonly groupBy?: string; readonly label: string }> = {
  broker: { dimensions: [Dimension.BROKER_ID, Dimension.CLUSTER_NAME], groupBy: Dimension.BROKER_ID, label: 'per broker' },
  brokerTopics: { dimensions: [Dimension.BROKER_ID, Dimension.CLUSTER_NAME, Dimension.TOPIC], groupBy: Dimension.BROKER_ID, label: 'per broker, topics summed' },
  cluster: { dimensions: [Dimension.CLUSTER_NAME], label: 'cluster' },
  topics: { dimensions: [Dimension.CLUSTER_NAME, Dimension.TOPIC], label: 'every topic, summed' },
  consumerGroups: { dimensions: [Dimension.CLUSTER_NAME, Dimension.CONSUMER_GROUP, Dimension.TOPIC], groupBy: Dimension.CONSUMER_GROUP, label: 'per consumer group' },
};

/** The Metrics Insights query of `spec` for a cluster (sources other than `cluster`). */
export function specQuery(spec: AlarmSpec, clusterName: string): InsightsQuery {
  const source = SOURCES[spec.source];
  const lowIsBad = spec.comparison === cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD
    || spec.comparison === cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
  return { fn: spec.fn, metricName: spec.metricName, dimensions: source.dimensions, clusterName, groupBy: source.groupBy, order: lowIsBad ? 'ASC' : 'DESC' };
}

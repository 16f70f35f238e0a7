import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Dimension, MSK_NAMESPACE } from './metric-factory';

/** A Metrics Insights aggregate function (CloudWatch user guide, "Metrics Insights query components and syntax"). */
export type InsightsFunction = 'AVG' | 'MAX' | 'MIN' | 'SUM';

/** The CloudWatch statistic that matches a Metrics Insights function, for the same metric as a classic alarm. */
export const STATISTIC_OF: Record<InsightsFunction, string> = { AVG: 'Average', MAX: 'Maximum', MIN: 'Minimum', SUM: 'Sum' };

/** A Metrics Insights query over one MSK metric of one cluster. */
export interface InsightsQuery {
  readonly fn: InsightsFunction;
  readonly metricName: string;
  /** The exact dimension set of the series to read (SCHEMA keeps only series with exactly these dimensions). */
  readonly dimensions: readonly string[];
  readonly clusterName: string;
  /**
   * One series per value of this dimension (a multi time series alarm: each series is a contributor with its
   * own state, CloudWatch user guide, "Create an alarm based on a Multi Time Series Metrics Insights query").
   * @default - one series for the whole cluster
   */
  readonly groupBy?: string;
  /**
   * Which series come first when more than 500 match (ORDER BY): those nearest the threshold.
   * @default 'DESC'
   */
  readonly order?: 'ASC' | 'DESC';
}

/** The SQL text of `query`. The cluster name may be a token: it resolves at deploy time inside the string. */
export function insightsSql(query: InsightsQuery): string {
  const schema = [`"${MSK_NAMESPACE}"`, ...query.dimensions.map((d) => `"${d}"`)].join(', ');
  const select = `SELECT ${query.fn}(${query.metricName}) FROM SCHEMA(${schema}) WHERE "${Dimension.CLUSTER_NAME}" = '${query.clusterName}'`;
  if (query.groupBy === undefined) {
    return select;
  }
  return `${select} GROUP BY "${query.groupBy}" ORDER BY ${query.fn}() ${query.order ?? 'DESC'}`;
}

/** `query` as an alarm or graph source, with `period` and `label`. */
export function insightsExpression(query: InsightsQuery, period: Duration, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({ expression: insightsSql(query), usingMetrics: {}, period, label });
}

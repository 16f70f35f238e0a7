import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AlarmContext } from './alarm-catalog';
import { InsightsFunction, insightsExpression } from './insights-query';
import { Dimension, MetricFactory } from './metric-factory';

/** What the dashboard shows. */
export interface DashboardInputs {
  readonly metrics: MetricFactory;
  readonly clusterName: string;
  readonly context: AlarmContext;
  /** Alarms to show; read when the dashboard is rendered, so alarms added later appear too. */
  readonly alarms: cloudwatch.IAlarm[];
  /** Consumer-lag metrics; read when rendered, like `alarms`. */
  readonly lagMetrics: cloudwatch.IMetric[];
}

const WIDTH = 8;
const HEIGHT = 6;
const FIVE_MINUTES = Duration.minutes(5);

/**
 * A dashboard per cluster whose widgets do not grow with the broker count: each per-broker graph is one
 * Metrics Insights query grouped by "Broker ID", which still draws one line per broker. Throughput, CPU,
 * disk (or throttling), partition health, connections, consumer lag and alarm status; for MSK Serverless,
 * throughput per topic and lag per consumer group.
 */
export function buildDashboard(scope: Construct, id: string, inputs: DashboardInputs): cloudwatch.Dashboard {
  const { metrics: m, context, clusterName } = inputs;
  const query = (fn: InsightsFunction, metricName: string, dimensions: string[], groupBy: string, label: string, period = FIVE_MINUTES) =>
    insightsExpression({ fn, metricName, dimensions, clusterName, groupBy }, period, label);
  const perBroker = (fn: InsightsFunction, metricName: string, label: string) =>
    query(fn, metricName, [Dimension.BROKER_ID, Dimension.CLUSTER_NAME], Dimension.BROKER_ID, label);
  const graph = (title: string, left: cloudwatch.IMetric[], right?: cloudwatch.IMetric[]) =>
    new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: HEIGHT });

  const dashboard = new cloudwatch.Dashboard(scope, id);
  if (context.kind === 'serverless') {
    const topics = [Dimension.CLUSTER_NAME, Dimension.TOPIC];
    dashboard.addWidgets(
      graph('Bytes in (left) / out (right) per topic, per second',
        [query('SUM', 'BytesInPerSec', topics, Dimension.TOPIC, 'in', Duration.minutes(1))],
        [query('SUM', 'BytesOutPerSec', topics, Dimension.TOPIC, 'out', Duration.minutes(1))]),
      graph('Consumer lag per group (MaxEstimatedTimeLag, s)',
        [query('MAX', 'MaxEstimatedTimeLag', [Dimension.CLUSTER_NAME, Dimension.CONSUMER_GROUP, Dimension.TOPIC], Dimension.CONSUMER_GROUP, 'lag', Duration.minutes(1))]),
    );
  } else {
    dashboard.addWidgets(
      graph('Bytes in (left) / out (right) per broker', [perBroker('AVG', 'BytesInPerSec', 'in')], [perBroker('AVG', 'BytesOutPerSec', 'out')]),
      graph('CPU idle per broker (%): below 40 means above the 60 % recommended', [perBroker('AVG', 'CpuIdle', 'idle')]),
      context.kind === 'standard'
        ? graph('Data disk used per broker (%)', [perBroker('MAX', 'KafkaDataLogsDiskUsed', 'disk')])
        : graph('Produce throttle time per broker (ms)', [perBroker('AVG', 'ProduceThrottleTime', 'throttle')]),
    );
    dashboard.addWidgets(
      ...(context.kind === 'standard' ? [graph('Partition health', [
        m.metric('OfflinePartitionsCount', {}, { label: 'offline partitions' }),
        m.metric('ActiveControllerCount', {}, { label: 'active controllers' }),
        perBroker('MAX', 'UnderReplicatedPartitions', 'under-replicated'),
      ])] : []),
      graph('Connections per broker', [perBroker('MAX', 'ConnectionCount', 'connections')]),
    );
  }
  dashboard.addWidgets(
    new LazyMetricsGraph('Consumer lag (max offset lag)', inputs.lagMetrics),
    new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: inputs.alarms, width: WIDTH * 2, height: HEIGHT }),
  );
  return dashboard;
}

/** A graph whose metrics are read when the dashboard is rendered. */
class LazyMetricsGraph extends cloudwatch.ConcreteWidget {
  constructor(private readonly title: string, private readonly metrics: cloudwatch.IMetric[]) {
    super(WIDTH, HEIGHT);
  }

  public toJson(): object[] {
    const graph = new cloudwatch.GraphWidget({ title: this.title, left: this.metrics, width: WIDTH, height: HEIGHT });
    graph.position(this.x ?? 0, this.y ?? 0);
    return graph.toJson();
  }
}

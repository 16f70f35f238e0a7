import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AlarmContext } from './alarm-catalog';
import { MetricFactory } from './metric-factory';

/** What the dashboard shows. */
export interface DashboardInputs {
  readonly metrics: MetricFactory;
  readonly context: AlarmContext;
  /** Alarms to show; read when the dashboard is rendered, so alarms added later appear too. */
  readonly alarms: cloudwatch.IAlarm[];
  /** Consumer-lag metrics; read when rendered, like `alarms`. */
  readonly lagMetrics: cloudwatch.IMetric[];
}

const WIDTH = 8;
const HEIGHT = 6;

/**
 * A dashboard per cluster: throughput, CPU, disk, partition health, connections, consumer lag
 * and alarm status.
 */
export function buildDashboard(scope: Construct, id: string, inputs: DashboardInputs): cloudwatch.Dashboard {
  const { metrics: m, context } = inputs;
  const perBroker = (name: string) => context.brokerIds.map((b) => m.broker(name, b, { label: `broker ${b}` }));
  const graph = (title: string, left: cloudwatch.IMetric[], right?: cloudwatch.IMetric[]) =>
    new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: HEIGHT });

  const dashboard = new cloudwatch.Dashboard(scope, id);
  if (context.kind !== 'serverless') {
    const cpu = context.brokerIds.map((b) => new cloudwatch.MathExpression({
      expression: `user${b} + system${b}`,
      usingMetrics: { [`user${b}`]: m.broker('CpuUser', b), [`system${b}`]: m.broker('CpuSystem', b) },
      label: `broker ${b}`,
    }));
    dashboard.addWidgets(
      graph('Bytes in (left) / out (right) per broker', perBroker('BytesInPerSec'), perBroker('BytesOutPerSec')),
      graph('CPU user + system (%)', cpu),
      context.kind === 'standard' ? graph('Data disk used (%)', perBroker('KafkaDataLogsDiskUsed')) : graph('Produce throttle time (ms)', perBroker('ProduceThrottleTime')),
    );
    const health = context.kind === 'standard'
      ? [m.metric('OfflinePartitionsCount', {}, { label: 'offline partitions' }), m.metric('ActiveControllerCount', {}, { label: 'active controllers' }),
        ...perBroker('UnderReplicatedPartitions'), ...perBroker('UnderMinIsrPartitionCount')]
      : [];
    dashboard.addWidgets(
      ...(health.length > 0 ? [graph('Partition health', health)] : []),
      graph('Connections per broker', perBroker('ConnectionCount')),
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

import { Duration, RemovalPolicy, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AlarmContext, ALARM_CATALOG } from './alarm-catalog';
import { DEFAULT_THRESHOLDS, ResolvedThresholds } from './alarm-defaults';
import { ClusterAlarmOptions } from './alarm-options';
import { AlarmTopic } from './alarm-topic';
import { buildDashboard } from './dashboard';
import { MetricFactory } from './metric-factory';

/** Props of {@link ClusterMonitoring}. */
export interface ClusterMonitoringProps {
  readonly metrics: MetricFactory;
  readonly context: AlarmContext;
  readonly alarms?: ClusterAlarmOptions;
  /** Create a dashboard. */
  readonly dashboard: boolean;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The recommended alarms of one cluster, their actions, and its dashboard.
 */
export class ClusterMonitoring extends Construct {
  /** Every alarm created, in catalog order, then consumer-lag alarms. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  public readonly dashboard?: cloudwatch.Dashboard;
  private readonly lagMetrics: cloudwatch.IMetric[] = [];
  private createdTopic?: sns.ITopic;

  constructor(scope: Construct, id: string, private readonly props: ClusterMonitoringProps) {
    super(scope, id);
    const enabled = props.alarms?.enabled ?? true;
    const thresholds: ResolvedThresholds = { ...DEFAULT_THRESHOLDS, ...definedOnly(props.alarms?.thresholds ?? {}) };

    if (enabled) {
      for (const spec of ALARM_CATALOG.filter((s) => s.appliesTo(props.context))) {
        const targets = spec.perBroker ? props.context.brokerIds : [0];
        for (const brokerId of targets) {
          const alarmId = spec.perBroker ? `${spec.id}Broker${brokerId}` : spec.id;
          this.addAlarm(alarmId, {
            metric: spec.metric(props.metrics, brokerId, props.context),
            threshold: spec.threshold(thresholds, props.context),
            comparisonOperator: spec.comparison,
            evaluationPeriods: spec.evaluationPeriods,
            datapointsToAlarm: spec.evaluationPeriods,
            alarmDescription: `${spec.perBroker ? `Broker ${brokerId}: ` : ''}${spec.description} Runbook: docs/ALARMS.md#${spec.id.toLowerCase()}`,
          });
        }
      }
    }
    if (props.dashboard) {
      this.dashboard = buildDashboard(this, 'Dashboard', {
        metrics: props.metrics,
        context: props.context,
        alarms: this.alarms,
        lagMetrics: this.lagMetrics,
      });
    }
  }

  /**
   * Alarms when the consumer group's maximum offset lag on the topic stays above `threshold`
   * messages for 5 minutes.
   */
  public addConsumerLagAlarm(consumerGroup: string, topic: string, threshold: number): cloudwatch.Alarm {
    const metric = this.props.metrics.consumer('MaxOffsetLag', consumerGroup, topic);
    this.lagMetrics.push(metric);
    return this.addAlarm(`ConsumerLag${sanitize(consumerGroup)}${sanitize(topic)}`, {
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      alarmDescription: `Consumer group ${consumerGroup} is more than ${threshold} messages behind on ${topic}. Runbook: docs/ALARMS.md#consumerlag`,
    });
  }

  /**
   * MSK Serverless: alarms when the summed ingress or egress of `topics` exceeds
   * `percentOfQuota` of the cluster quotas (200 MBps in, 400 MBps out) for 15 minutes.
   */
  public addServerlessThroughputAlarms(topics: string[], percentOfQuota: number): cloudwatch.Alarm[] {
    const quotas: Array<[string, string, number]> = [['IngressNearQuota', 'BytesInPerSec', 200], ['EgressNearQuota', 'BytesOutPerSec', 400]];
    return quotas.map(([id, metricName, mbps]) => {
      const usingMetrics = Object.fromEntries(topics.map((topic, i) => [`t${i}`, this.props.metrics.topic(metricName, topic, { statistic: 'Sum', period: Duration.minutes(5) })]));
      return this.addAlarm(id, {
        metric: new cloudwatch.MathExpression({ expression: topics.map((_, i) => `t${i}`).join(' + '), usingMetrics, label: `${metricName} of ${topics.length} topic(s)` }),
        threshold: Math.round(mbps * 1_000_000 * percentOfQuota / 100),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        alarmDescription: `${metricName} of the monitored topics is above ${percentOfQuota}% of the ${mbps} MBps serverless cluster quota. Runbook: docs/ALARMS.md#${id.toLowerCase()}`,
      });
    });
  }

  /** The topic alarms notify, when the library created it (on the first alarm). */
  public get alarmTopic(): sns.ITopic | undefined {
    return this.createdTopic;
  }

  /** The configured actions, or the library's topic, created on first use. */
  private actions(): cloudwatch.IAlarmAction[] {
    if (this.props.alarms?.actions) {
      return this.props.alarms.actions;
    }
    this.createdTopic ??= new AlarmTopic(this, 'AlarmTopic', this.props.removalPolicy).topic;
    return [new actions.SnsAction(this.createdTopic)];
  }

  private addAlarm(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    const alarmActions = this.actions();
    alarm.addAlarmAction(...alarmActions);
    alarm.addOkAction(...alarmActions);
    this.alarms.push(alarm);
    return alarm;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}

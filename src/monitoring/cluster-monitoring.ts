import { Duration, RemovalPolicy, Stack, Token, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { AlarmContext, ALARM_CATALOG, AlarmSource, AlarmSpec, MB } from './alarm-catalog';
import { DEFAULT_THRESHOLDS, ResolvedThresholds } from './alarm-defaults';
import { createAlarm } from './alarm-factory';
import { ClusterAlarmOptions } from './alarm-options';
import { allowCloudWatchAlarms, AlarmTopic } from './alarm-topic';
import { buildDashboard } from './dashboard';
import { InsightsQuery, insightsExpression, STATISTIC_OF } from './insights-query';
import { Dimension, MetricFactory } from './metric-factory';
import { MONITORING_RULES, MONITORING_WARNINGS } from './monitoring-rules';
import { checkRules, warnRules } from '../validation/rules';

/** Props of {@link ClusterMonitoring}. */
export interface ClusterMonitoringProps {
  readonly metrics: MetricFactory;
  readonly clusterName: string;
  readonly context: AlarmContext;
  readonly alarms?: ClusterAlarmOptions;
  /** Create a dashboard. */
  readonly dashboard: boolean;
  readonly removalPolicy: RemovalPolicy;
}

/** The exact dimension set each source reads, and the dimension it groups by. */
const SOURCES: Record<AlarmSource, { readonly dimensions: readonly string[]; readonly groupBy?: string; readonly label: string }> = {
  broker: { dimensions: [Dimension.BROKER_ID, Dimension.CLUSTER_NAME], groupBy: Dimension.BROKER_ID, label: 'per broker' },
  brokerTopics: { dimensions: [Dimension.BROKER_ID, Dimension.CLUSTER_NAME, Dimension.TOPIC], groupBy: Dimension.BROKER_ID, label: 'per broker, topics summed' },
  cluster: { dimensions: [Dimension.CLUSTER_NAME], label: 'cluster' },
  topics: { dimensions: [Dimension.CLUSTER_NAME, Dimension.TOPIC], label: 'every topic, summed' },
  consumerGroups: { dimensions: [Dimension.CLUSTER_NAME, Dimension.CONSUMER_GROUP, Dimension.TOPIC], groupBy: Dimension.CONSUMER_GROUP, label: 'per consumer group' },
};

/** Alarms on Metrics Insights queries per app and environment (account/Region), for the account quota warning. */
const INSIGHTS_ALARMS = new WeakMap<IConstruct, Map<string, number>>();

/** Counts `added` alarms on Metrics Insights queries in `scope`'s app and environment; the new total. */
function countInsightsAlarms(scope: IConstruct, added: number): number {
  const stack = Stack.of(scope);
  const env = `${Token.isUnresolved(stack.account) ? '(any account)' : stack.account}/${Token.isUnresolved(stack.region) ? '(any Region)' : stack.region}`;
  const root = scope.node.root;
  const counts = INSIGHTS_ALARMS.get(root) ?? new Map<string, number>();
  INSIGHTS_ALARMS.set(root, counts);
  const total = (counts.get(env) ?? 0) + added;
  counts.set(env, total);
  return total;
}

/** The Metrics Insights query of `spec` for a cluster (sources other than `cluster`). */
export function specQuery(spec: AlarmSpec, clusterName: string): InsightsQuery {
  const source = SOURCES[spec.source];
  const lowIsBad = spec.comparison === cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD
    || spec.comparison === cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
  return { fn: spec.fn, metricName: spec.metricName, dimensions: source.dimensions, clusterName, groupBy: source.groupBy, order: lowIsBad ? 'ASC' : 'DESC' };
}

/**
 * The recommended alarms of one cluster, their actions, and its dashboard. Alarms that watch every broker
 * are one Metrics Insights alarm per metric (or, with BrokerAlarms.perBroker(), one classic alarm per
 * broker); cluster-level metrics are classic alarms.
 */
export class ClusterMonitoring extends Construct {
  /** Every alarm created, in catalog order, then consumer-lag and throughput alarms added later. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  public readonly dashboard?: cloudwatch.Dashboard;
  private readonly lagMetrics: cloudwatch.IMetric[] = [];
  private readonly thresholds: ResolvedThresholds;
  private createdTopic?: sns.ITopic;

  constructor(scope: Construct, id: string, private readonly props: ClusterMonitoringProps) {
    super(scope, id);
    const enabled = props.alarms?.enabled ?? true;
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...definedOnly(props.alarms?.thresholds ?? {}) };
    const perBroker = props.alarms?.brokerAlarms?.mode === 'perBroker';
    const specs = enabled ? ALARM_CATALOG.filter((s) => s.appliesTo(props.context)) : [];
    const insightsAlarms = specs.filter((s) => s.source !== 'cluster' && !(perBroker && isBrokerSource(s.source))).length;
    const inApp = countInsightsAlarms(this, insightsAlarms);
    const facts = {
      perBroker: perBroker && enabled && props.context.kind !== 'serverless',
      brokerCountKnown: props.context.brokerIds.length > 0,
      insightsAlarmsInApp: inApp,
      insightsAlarms,
      topicNotOpened: enabled && props.alarms?.actions === undefined && props.alarms?.topic !== undefined
        && !allowCloudWatchAlarms(props.alarms.topic),
    };
    checkRules(this, 'ClusterMonitoring', MONITORING_RULES, facts);
    warnRules(this, MONITORING_WARNINGS, facts);

    for (const spec of specs) {
      if (perBroker && isBrokerSource(spec.source)) {
        for (const brokerId of props.context.brokerIds) {
          this.addSpecAlarm(spec, `${spec.id}Broker${brokerId}`, this.brokerMetric(spec, brokerId), `Broker ${brokerId}: `);
        }
      } else {
        this.addSpecAlarm(spec, spec.id, this.specMetric(spec), '');
      }
    }
    if (props.dashboard) {
      this.dashboard = buildDashboard(this, 'Dashboard', {
        metrics: props.metrics,
        clusterName: props.clusterName,
        context: props.context,
        alarms: this.alarms,
        lagMetrics: this.lagMetrics,
      });
    }
  }

  /** What the cluster's alarms do (none when its alarms are off). */
  public get alarmActions(): cloudwatch.IAlarmAction[] {
    return (this.props.alarms?.enabled ?? true) ? this.actions() : [];
  }

  /** The topic alarms notify, when the library created it. */
  public get alarmTopic(): sns.ITopic | undefined {
    return this.createdTopic;
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
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      summary: `Consumer group ${consumerGroup} has been more than ${threshold} messages behind on ${topic} for 5 minutes.`,
      action: 'Check that the group\'s consumers run and keep up (errors, rebalances); add consumers, up to the partition count.',
    });
  }

  /**
   * MSK Serverless: alarms when the summed ingress or egress of `topics` exceeds `percentOfQuota` of
   * the cluster quotas (200 MBps in, 400 MBps out) for 15 minutes. Each topic's Sum over a 1-minute period
   * is its rate in bytes per second ("Monitoring MSK Serverless clusters").
   */
  public addServerlessThroughputAlarms(topics: string[], percentOfQuota: number): cloudwatch.Alarm[] {
    const quotas: Array<[string, string, number]> = [['NamedTopicsIngressNearQuota', 'BytesInPerSec', 200], ['NamedTopicsEgressNearQuota', 'BytesOutPerSec', 400]];
    return quotas.map(([id, metricName, mbps]) => {
      const usingMetrics = Object.fromEntries(topics.map((topic, i) => [`t${i}`, this.props.metrics.topic(metricName, topic, { statistic: 'Sum', period: Duration.minutes(1) })]));
      return this.addAlarm(id, {
        // The expression's period applies to every metric in it (a MathExpression overrides theirs).
        metric: new cloudwatch.MathExpression({
          expression: topics.map((_, i) => `t${i}`).join(' + '), usingMetrics, label: `${metricName} of ${topics.length} topic(s)`, period: Duration.minutes(1),
        }),
        threshold: Math.round(mbps * MB * percentOfQuota / 100),
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 15,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        summary: `${metricName} of ${topics.join(', ')} has been above ${percentOfQuota} % of the ${mbps} MBps serverless cluster quota for 15 minutes.`,
        action: 'Spread the load over another cluster, or ask AWS support for a higher quota.',
      });
    });
  }

  /** The metric or Metrics Insights query of `spec` for the whole cluster. */
  private specMetric(spec: AlarmSpec): cloudwatch.IMetric {
    if (spec.source === 'cluster') {
      return this.props.metrics.metric(spec.metricName, {}, { statistic: STATISTIC_OF[spec.fn], period: spec.period });
    }
    return insightsExpression(specQuery(spec, this.props.clusterName), spec.period, `${spec.metricName} (${spec.fn}, ${SOURCES[spec.source].label})`);
  }

  /** The classic per-broker metric of `spec` (BrokerAlarms.perBroker()). */
  private brokerMetric(spec: AlarmSpec, brokerId: number): cloudwatch.IMetric {
    if (spec.source === 'brokerTopics') {
      // The broker's own series (dimensions "Cluster Name", "Broker ID"): already a per-second rate.
      return this.props.metrics.broker(spec.metricName, brokerId, { statistic: 'Average', period: Duration.minutes(5) });
    }
    return this.props.metrics.broker(spec.metricName, brokerId, { statistic: STATISTIC_OF[spec.fn], period: spec.period });
  }

  private addSpecAlarm(spec: AlarmSpec, id: string, metric: cloudwatch.IMetric, prefix: string): cloudwatch.Alarm {
    const perBrokerThroughput = spec.source === 'brokerTopics' && prefix !== '';
    return this.addAlarm(id, {
      metric,
      threshold: spec.threshold(this.thresholds, this.props.context),
      comparison: spec.comparison,
      // A 5-minute average per broker: 3 periods make the same 15 minutes.
      evaluationPeriods: perBrokerThroughput ? 3 : spec.evaluationPeriods,
      treatMissingData: spec.treatMissingData,
      summary: `${prefix}${spec.summary(this.thresholds, this.props.context)}`,
      action: spec.action,
    });
  }

  /** The configured actions, or the shared or library-created topic. */
  private actions(): cloudwatch.IAlarmAction[] {
    if (this.props.alarms?.actions) {
      return this.props.alarms.actions;
    }
    if (this.props.alarms?.topic) {
      return [new actions.SnsAction(this.props.alarms.topic)];
    }
    this.createdTopic ??= new AlarmTopic(this, 'AlarmTopic', this.props.removalPolicy).topic;
    return [new actions.SnsAction(this.createdTopic)];
  }

  private addAlarm(id: string, definition: Parameters<typeof createAlarm>[2]): cloudwatch.Alarm {
    const alarm = createAlarm(this, id, definition, this.actions());
    this.alarms.push(alarm);
    return alarm;
  }
}

function isBrokerSource(source: AlarmSource): boolean {
  return source === 'broker' || source === 'brokerTopics';
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}

import { Duration, RemovalPolicy, Stack, Token, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { AlarmContext, ALARM_CATALOG, AlarmSource, AlarmSpec, MB } from './alarm-catalog';
import { DEFAULT_THRESHOLDS, ResolvedThresholds } from './alarm-defaults';
import { createAlarm } from './alarm-factory';
import { ClusterAlarmOptions } from './alarm-options';
import { SOURCES, specQuery } from './alarm-sources';
import { allowCloudWatchAlarms, AlarmTopic } from './alarm-topic';
import { buildDashboard } from './dashboard';
import { insightsExpression, STATISTIC_OF } from './insights-query';
import { MetricFactory } from './metric-factory';
import { MonitoringLevel } from './monitoring-level';
import { MONITORING_RULES, MONITORING_WARNINGS } from './monitoring-rules';
import { clusterInternals } from '../cluster/cluster-internals';
import type { IMskCluster } from '../cluster/cluster-ref';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { checkRules, warnRules } from '../validation/rules';

/**
 * What kind of cluster an {@link MskClusterMonitoring} watches: it picks the alarms (docs/ALARMS.md)
 * and dashboard widgets, and cannot be read from an imported cluster.
 */
export class MonitoredClusterKind {
  /**
   * A provisioned cluster with brokers of `instanceType` (Standard or Express).
   * @param brokerCount number of brokers, needed only for `BrokerAlarms.perBroker()`
   */
  public static provisioned(instanceType: BrokerInstanceType, brokerCount?: number): MonitoredClusterKind {
    return new MonitoredClusterKind(instanceType, brokerCount);
  }

  /** An MSK Serverless cluster (throughput and lag per topic and consumer group; no broker metrics). */
  public static serverless(): MonitoredClusterKind {
    return new MonitoredClusterKind(undefined, undefined);
  }

  /** The broker instance type (none for serverless). */
  public readonly instanceType?: BrokerInstanceType;
  /** The broker count, when given. */
  public readonly brokerCount?: number;

  private constructor(instanceType?: BrokerInstanceType, brokerCount?: number) {
    this.instanceType = instanceType;
    this.brokerCount = brokerCount;
  }

  /** True for MSK Serverless. */
  public get isServerless(): boolean {
    return this.instanceType === undefined;
  }

  /**
   * What the alarm catalog and dashboard read.
   * @internal
   */
  public _alarmContext(iam: boolean, level: MonitoringLevel): AlarmContext {
    const type = this.instanceType;
    if (type === undefined) {
      return { kind: 'serverless', burstable: false, iam: true, perBrokerMetrics: false, brokerIds: [] };
    }
    const count = this.brokerCount;
    return {
      kind: type.isExpress ? 'express' : 'standard',
      burstable: type.isBurstable,
      iam,
      perBrokerMetrics: level !== MonitoringLevel.DEFAULT,
      brokerIds: count === undefined || Token.isUnresolved(count) ? [] : Array.from({ length: count }, (_, i) => i + 1),
      ingressMBps: type.sustainedIngressMBps,
      egressMBps: type.sustainedEgressMBps,
    };
  }
}

/** Props of {@link MskClusterMonitoring}. */
export interface MskClusterMonitoringProps {
  /**
   * The cluster to watch: provisioned, serverless or imported (`fromClusterArn`,
   * `fromClusterAttributes`). Its `clusterName` names the metrics.
   */
  readonly cluster: IMskCluster;
  /** The kind of the cluster (it picks the alarms): `MonitoredClusterKind.provisioned(instanceType)` or `.serverless()`. */
  readonly clusterKind: MonitoredClusterKind;
  /**
   * The CloudWatch metrics level the cluster emits (provisioned clusters). The alarms on metrics MSK
   * emits only at PER_BROKER or finer (IAMTooManyConnections; ProduceThrottleTime on Express) are made
   * only at those levels: set the level the cluster is configured with (`enhancedMonitoring`).
   * @default MonitoringLevel.DEFAULT
   */
  readonly monitoringLevel?: MonitoringLevel;
  /**
   * Alarm settings: the recommended alarms of docs/ALARMS.md, on by default.
   * @default - the recommended alarms, notifying a new SNS topic
   */
  readonly alarms?: ClusterAlarmOptions;
  /**
   * Create a CloudWatch dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * What happens to the alarm topic the construct creates (and its key) when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

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

/**
 * The recommended alarms of one cluster (docs/ALARMS.md), their actions, and its dashboard, for any
 * `IMskCluster`: the clusters of this library create one (`cluster.alarms`, `cluster.dashboard`);
 * create one yourself to watch a cluster defined elsewhere. Alarms that watch every broker are one
 * Metrics Insights alarm per metric (or, with BrokerAlarms.perBroker(), one classic alarm per
 * broker); cluster-level metrics are classic alarms.
 *
 * On an imported cluster of this library it also becomes the cluster's monitoring:
 * `cluster.alarmActions` (used by integrations for their alarms), `cluster.alarms` and
 * `cluster.addConsumerLagAlarm` then work.
 */
export class MskClusterMonitoring extends Construct {
  /** Every alarm created, in catalog order, then consumer-lag and throughput alarms added later. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The dashboard (unless `dashboard: false`). */
  public readonly dashboard?: cloudwatch.Dashboard;
  private readonly lagMetrics: cloudwatch.IMetric[] = [];
  private readonly thresholds: ResolvedThresholds;
  private readonly metrics: MetricFactory;
  private readonly clusterName: string;
  private readonly context: AlarmContext;
  private readonly alarmOptions?: ClusterAlarmOptions;
  private readonly removalPolicy: RemovalPolicy;
  private createdTopic?: sns.ITopic;

  constructor(scope: Construct, id: string, props: MskClusterMonitoringProps) {
    super(scope, id);
    const internals = clusterInternals(props.cluster);
    this.clusterName = props.cluster.clusterName;
    this.metrics = new MetricFactory(props.cluster, this.clusterName);
    const iam = internals.assumedNetwork.clientAuthentication.iamEnabled;
    this.context = props.clusterKind._alarmContext(iam, props.monitoringLevel ?? MonitoringLevel.DEFAULT);
    this.alarmOptions = props.alarms;
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const enabled = props.alarms?.enabled ?? true;
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...definedOnly(props.alarms?.thresholds ?? {}) };
    const perBroker = props.alarms?.brokerAlarms?.mode === 'perBroker';
    const specs = enabled ? ALARM_CATALOG.filter((s) => s.appliesTo(this.context)) : [];
    const insightsAlarms = specs.filter((s) => s.source !== 'cluster' && !(perBroker && isBrokerSource(s.source))).length;
    const inApp = countInsightsAlarms(this, insightsAlarms);
    const facts = {
      perBroker: perBroker && enabled && this.context.kind !== 'serverless',
      brokerCountKnown: this.context.brokerIds.length > 0,
      insightsAlarmsInApp: inApp,
      insightsAlarms,
      topicNotOpened: enabled && props.alarms?.actions === undefined && props.alarms?.topic !== undefined
        && !allowCloudWatchAlarms(props.alarms.topic),
    };
    checkRules(this, 'MskClusterMonitoring', MONITORING_RULES, facts);
    warnRules(this, MONITORING_WARNINGS, facts);

    for (const spec of specs) {
      if (perBroker && isBrokerSource(spec.source)) {
        for (const brokerId of this.context.brokerIds) {
          this.addSpecAlarm(spec, `${spec.id}Broker${brokerId}`, this.brokerMetric(spec, brokerId), `Broker ${brokerId}: `);
        }
      } else {
        this.addSpecAlarm(spec, spec.id, this.specMetric(spec), '');
      }
    }
    if (props.dashboard ?? true) {
      this.dashboard = buildDashboard(this, 'Dashboard', {
        metrics: this.metrics,
        clusterName: this.clusterName,
        context: this.context,
        alarms: this.alarms,
        lagMetrics: this.lagMetrics,
      });
    }
    internals.attachMonitoring(this);
  }

  /** What the cluster's alarms do (none when its alarms are off). */
  public get alarmActions(): cloudwatch.IAlarmAction[] {
    return (this.alarmOptions?.enabled ?? true) ? this.actions() : [];
  }

  /** The topic alarms notify, when the library created it (not with `alarms.actions` or `alarms.topic`). */
  public get alarmTopic(): sns.ITopic | undefined {
    return this.createdTopic;
  }

  /**
   * Alarms when the consumer group's maximum offset lag on the topic stays above `threshold`
   * messages for 5 minutes.
   */
  public addConsumerLagAlarm(consumerGroup: string, topic: string, threshold: number): cloudwatch.Alarm {
    const metric = this.metrics.consumer('MaxOffsetLag', consumerGroup, topic);
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
   * @internal
   */
  public _addServerlessThroughputAlarms(topics: string[], percentOfQuota: number): cloudwatch.Alarm[] {
    const quotas: Array<[string, string, number]> = [['NamedTopicsIngressNearQuota', 'BytesInPerSec', 200], ['NamedTopicsEgressNearQuota', 'BytesOutPerSec', 400]];
    return quotas.map(([id, metricName, mbps]) => {
      const usingMetrics = Object.fromEntries(topics.map((topic, i) => [`t${i}`, this.metrics.topic(metricName, topic, { statistic: 'Sum', period: Duration.minutes(1) })]));
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
      return this.metrics.metric(spec.metricName, {}, { statistic: STATISTIC_OF[spec.fn], period: spec.period });
    }
    return insightsExpression(specQuery(spec, this.clusterName), spec.period, `${spec.metricName} (${spec.fn}, ${SOURCES[spec.source].label})`);
  }

  /** The classic per-broker metric of `spec` (BrokerAlarms.perBroker()). */
  private brokerMetric(spec: AlarmSpec, brokerId: number): cloudwatch.IMetric {
    if (spec.source === 'brokerTopics') {
      // The broker's own series (dimensions "Cluster Name", "Broker ID"): already a per-second rate.
      return this.metrics.broker(spec.metricName, brokerId, { statistic: 'Average', period: Duration.minutes(5) });
    }
    return this.metrics.broker(spec.metricName, brokerId, { statistic: STATISTIC_OF[spec.fn], period: spec.period });
  }

  private addSpecAlarm(spec: AlarmSpec, id: string, metric: cloudwatch.IMetric, prefix: string): cloudwatch.Alarm {
    const perBrokerThroughput = spec.source === 'brokerTopics' && prefix !== '';
    return this.addAlarm(id, {
      metric,
      threshold: spec.threshold(this.thresholds, this.context),
      comparison: spec.comparison,
      // A 5-minute average per broker: 3 periods make the same 15 minutes.
      evaluationPeriods: perBrokerThroughput ? 3 : spec.evaluationPeriods,
      treatMissingData: spec.treatMissingData,
      summary: `${prefix}${spec.summary(this.thresholds, this.context)}`,
      action: spec.action,
    });
  }

  /** The configured actions, or the shared or library-created topic. */
  private actions(): cloudwatch.IAlarmAction[] {
    if (this.alarmOptions?.actions) {
      return this.alarmOptions.actions;
    }
    if (this.alarmOptions?.topic) {
      return [new actions.SnsAction(this.alarmOptions.topic)];
    }
    this.createdTopic ??= new AlarmTopic(this, 'AlarmTopic', this.removalPolicy).topic;
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

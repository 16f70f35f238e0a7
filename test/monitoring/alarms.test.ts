import { Duration, Stack, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BrokerInstanceType, ClientAuthentication, ClusterBase, KafkaVersion, MonitoringLevel, ProvisionedCluster, ProvisionedClusterProps, ServerlessCluster } from '../../src';
import { testApp, vpcStack } from '../util/stacks';

function provisioned(props: Partial<ProvisionedClusterProps> = {}) {
  const { stack, vpc } = vpcStack();
  const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clusterName: 'events', ...props });
  return { stack, cluster, template: Template.fromStack(stack) };
}

type AlarmJson = ReturnType<Template['findResources']>[string];

/** Alarms by construct id suffix (e.g. CpuHighBroker1), from the template. */
function alarms(template: Template): Record<string, AlarmJson> {
  const found = template.findResources('AWS::CloudWatch::Alarm');
  return Object.fromEntries(Object.entries(found).map(([logicalId, alarm]) => [logicalId.replace(/^EventsMonitoring/, '').replace(/[0-9A-F]{8}$/, ''), alarm.Properties]));
}

const CLUSTER = { Name: 'Cluster Name', Value: 'events' };
const BROKER = (id: number) => ({ Name: 'Broker ID', Value: String(id) });
const topicAction = [{ Ref: expect.stringMatching(/^EventsMonitoringAlarmTopic/) }];

describe('recommended alarms on standard brokers', () => {
  const { template, cluster } = provisioned();
  const byId = alarms(template);

  test('one alarm per broker for each per-broker alarm, plus the cluster-level ones', () => {
    expect(Object.keys(byId).sort()).toEqual([
      'ActiveControllerMissing',
      ...[1, 2, 3].map((b) => `ConnectionCountHighBroker${b}`),
      ...[1, 2, 3].map((b) => `CpuHighBroker${b}`),
      ...[1, 2, 3].map((b) => `DiskUsedHighBroker${b}`),
      ...[1, 2, 3].map((b) => `HeapMemoryHighBroker${b}`),
      ...[1, 2, 3].map((b) => `IamTooManyConnectionsBroker${b}`),
      'OfflinePartitions',
      ...[1, 2, 3].map((b) => `UnderMinIsrPartitionsBroker${b}`),
      ...[1, 2, 3].map((b) => `UnderReplicatedPartitionsBroker${b}`),
    ].sort());
    expect(cluster.alarms).toHaveLength(23);
  });

  test.each([
    ['DiskUsedHighBroker2', 'KafkaDataLogsDiskUsed', [BROKER(2), CLUSTER], 'Maximum', 300, 85, 'GreaterThanOrEqualToThreshold', 1],
    ['HeapMemoryHighBroker1', 'HeapMemoryAfterGC', [BROKER(1), CLUSTER], 'Maximum', 300, 60, 'GreaterThanThreshold', 3],
    ['UnderReplicatedPartitionsBroker3', 'UnderReplicatedPartitions', [BROKER(3), CLUSTER], 'Maximum', 300, 0, 'GreaterThanThreshold', 3],
    ['UnderMinIsrPartitionsBroker1', 'UnderMinIsrPartitionCount', [BROKER(1), CLUSTER], 'Maximum', 300, 1, 'GreaterThanOrEqualToThreshold', 1],
    ['ConnectionCountHighBroker1', 'ConnectionCount', [BROKER(1), CLUSTER], 'Maximum', 300, 2400, 'GreaterThanThreshold', 1],
    ['IamTooManyConnectionsBroker1', 'IAMTooManyConnections', [BROKER(1), CLUSTER], 'Sum', 300, 0, 'GreaterThanThreshold', 1],
    ['ActiveControllerMissing', 'ActiveControllerCount', [CLUSTER], 'Maximum', 60, 1, 'LessThanThreshold', 3],
    ['OfflinePartitions', 'OfflinePartitionsCount', [CLUSTER], 'Sum', 60, 0, 'GreaterThanThreshold', 1],
  ])('%s: %s %j %s/%ds, threshold %d, %s, %d periods, notifying the alarm topic', (id, metricName, dimensions, statistic, period, threshold, comparison, periods) => {
    expect(byId[id]).toEqual({
      Namespace: 'AWS/Kafka',
      MetricName: metricName,
      Dimensions: dimensions,
      Statistic: statistic,
      Period: period,
      Threshold: threshold,
      ComparisonOperator: comparison,
      EvaluationPeriods: periods,
      DatapointsToAlarm: periods,
      TreatMissingData: 'notBreaching',
      AlarmDescription: expect.stringContaining('Runbook: docs/ALARMS.md#'),
      AlarmActions: topicAction,
      OKActions: topicAction,
    });
  });

  test('CPU is user + system by metric math, per broker, above 60% for 15 minutes', () => {
    expect(byId.CpuHighBroker1).toEqual(expect.objectContaining({
      Threshold: 60,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      AlarmActions: topicAction,
      Metrics: [
        { Id: 'expr_1', Expression: 'cpuUser + cpuSystem', Label: 'CPU user + system, broker 1', ReturnData: true },
        { Id: 'cpuUser', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Kafka', MetricName: 'CpuUser', Dimensions: [BROKER(1), CLUSTER] }, Period: 300, Stat: 'Average' } },
        { Id: 'cpuSystem', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Kafka', MetricName: 'CpuSystem', Dimensions: [BROKER(1), CLUSTER] }, Period: 300, Stat: 'Average' } },
      ],
    }));
  });

  test('the alarm topic is KMS-encrypted with a rotated key CloudWatch may use, and SSL only', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsMonitoringAlarmTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarms', Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
    expect(cluster.alarmTopic).toBeInstanceOf(sns.Topic);
  });

  // The SSL-only statement makes a topic policy, which replaces SNS's default policy: without an
  // explicit Allow, CloudWatch is denied sns:Publish and no notification is ever delivered.
  const topicRef = () => Object.keys(template.findResources('AWS::SNS::Topic'))[0];
  const keyRef = () => Object.keys(template.findResources('AWS::KMS::Key')).find((id) => id.startsWith('EventsMonitoringAlarmTopicKey'))!;
  const alarmConditions = {
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    ArnLike: {
      'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:', { Ref: 'AWS::AccountId' }, ':alarm:*']] },
    },
  };

  test('the topic policy lets CloudWatch alarms of this account and Region publish to the topic, and nothing more', () => {
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(1);
    const statements = policies[0].Properties.PolicyDocument.Statement as Array<Record<string, unknown>>;
    expect(policies[0].Properties.Topics).toEqual([{ Ref: topicRef() }]);
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([{
      Sid: 'AllowCloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: topicRef() },
      Condition: alarmConditions,
    }]);
  });

  test('the key policy lets CloudWatch alarms of this account and Region use the key, with the same conditions', () => {
    const key = template.findResources('AWS::KMS::Key')[keyRef()];
    const statements = key.Properties.KeyPolicy.Statement as Array<Record<string, unknown>>;
    expect(statements.filter((s) => s.Sid === 'AllowCloudWatchAlarms')).toEqual([{
      Sid: 'AllowCloudWatchAlarms',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: alarmConditions,
    }]);
  });

  test('in a stack with an explicit account, the conditions name it', () => {
    const { stack, vpc } = vpcStack(3, '123456789012');
    new ProvisionedCluster(stack, 'Events', { vpc, clusterName: 'events' });
    const pinned = Template.fromStack(stack);
    const pinnedConditions = {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:123456789012:alarm:*']] } },
    };
    pinned.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Condition: pinnedConditions })]) },
    });
    pinned.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarms', Condition: pinnedConditions })]) },
    });
  });
});

describe('alarm sets per broker kind', () => {
  test('kafka.t3.small adds CPU credit balance alarms', () => {
    const { template } = provisioned({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL, kafkaVersion: KafkaVersion.V3_9_X });
    expect(alarms(template).CpuCreditBalanceLowBroker1).toEqual(expect.objectContaining({
      MetricName: 'CPUCreditBalance', Statistic: 'Minimum', Threshold: 100, ComparisonOperator: 'LessThanOrEqualToThreshold',
    }));
  });

  test('Express brokers get CPU, throughput against their quota and throttling alarms, not disk or partition health', () => {
    const { template } = provisioned({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
    const byId = alarms(template);
    const kinds = [...new Set(Object.keys(byId).map((id) => id.replace(/Broker\d+$/, '')))].sort();
    expect(kinds).toEqual(['ConnectionCountHigh', 'CpuHigh', 'EgressNearQuota', 'IamTooManyConnections', 'IngressNearQuota', 'ProduceThrottled']);
    expect(byId.IngressNearQuotaBroker1).toEqual(expect.objectContaining({ MetricName: 'BytesInPerSec', Threshold: 12_480_000 }));
    expect(byId.EgressNearQuotaBroker1).toEqual(expect.objectContaining({ MetricName: 'BytesOutPerSec', Threshold: 24_960_000 }));
  });

  test('without IAM there is no IAM connection alarm', () => {
    const { template } = provisioned({ clientAuthentication: ClientAuthentication.scram() });
    expect(Object.keys(alarms(template)).filter((id) => /Connection/.test(id))).toEqual([]);
  });

  test('the DEFAULT monitoring level drops the alarms whose metrics need PER_BROKER', () => {
    const { template } = provisioned({ monitoringLevel: MonitoringLevel.DEFAULT });
    const ids = Object.keys(alarms(template));
    expect(ids.filter((id) => /HeapMemory|IamTooMany/.test(id))).toEqual([]);
    expect(ids).toContain('CpuHighBroker1');
  });

  test('serverless clusters have no broker alarms and create no topic until an alarm needs it', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Spiky', { vpc });
    expect(cluster.alarms).toEqual([]);
    expect(cluster.alarmTopic).toBeUndefined();
    cluster.addConsumerLagAlarm('billing', 'orders', 1000);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'MaxOffsetLag',
      Dimensions: [{ Name: 'Cluster Name', Value: Match.anyValue() }, { Name: 'Consumer Group', Value: 'billing' }, { Name: 'Topic', Value: 'orders' }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1000,
      EvaluationPeriods: 5,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^SpikyMonitoringAlarmTopic') }],
    });
  });
});

describe('serverless throughput alarms', () => {
  test('sum the named topics against 80% of the 200/400 MBps cluster quotas', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Spiky', { vpc });
    const created = cluster.addThroughputAlarms(['clicks', 'views']);
    expect(created).toHaveLength(2);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 160_000_000,
      EvaluationPeriods: 3,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 't0 + t1' }),
        Match.objectLike({ Id: 't0', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'BytesInPerSec', Dimensions: Match.arrayWith([{ Name: 'Topic', Value: 'clicks' }]) }), Stat: 'Sum' }) }),
      ]),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^SpikyMonitoringAlarmTopic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 320_000_000 });
  });

  test.each([[[]], [Array.from({ length: 11 }, (_, i) => `t${i}`)]])('fails when %p topics are given', (topics) => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Spiky', { vpc });
    expect(() => cluster.addThroughputAlarms(topics)).toThrow(/addThroughputAlarms: \d+ topics given; .* Fix:/);
  });

  test('fails when percentOfQuota is above 100', () => {
    const { stack, vpc } = vpcStack();
    expect(() => new ServerlessCluster(stack, 'Spiky', { vpc }).addThroughputAlarms(['a'], 150)).toThrow(/percentOfQuota 150 is outside/);
  });
});

describe('alarm options', () => {
  test('thresholds override the defaults', () => {
    const thresholds = { cpuPercent: 75, diskUsedPercent: 70, heapMemoryPercent: 80, connectionCount: 2000 };
    const { template } = provisioned({ alarms: { thresholds } });
    const byId = alarms(template);
    expect(byId.CpuHighBroker1.Threshold).toBe(75);
    expect(byId.DiskUsedHighBroker1.Threshold).toBe(70);
    expect(byId.HeapMemoryHighBroker1.Threshold).toBe(80);
    expect(byId.ConnectionCountHighBroker1.Threshold).toBe(2000);
  });

  test('actions replace the alarm topic', () => {
    const { stack, vpc } = vpcStack();
    const pager = new sns.Topic(stack, 'Pager', { enforceSSL: true });
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, alarms: { actions: [new actions.SnsAction(pager)] } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^Pager') }] });
    expect(cluster.alarmTopic).toBeUndefined();
  });

  test('enabled: false creates no alarm and no topic', () => {
    const { template, cluster } = provisioned({ alarms: { enabled: false } });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(cluster.alarms).toEqual([]);
  });

  test('addConsumerLagAlarm adds to cluster.alarms and to the dashboard', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc });
    const alarm = cluster.addConsumerLagAlarm('billing', 'orders', 5000);
    expect(cluster.alarms).toContain(alarm);
    const body = JSON.stringify(stack.resolve((cluster.dashboard!.node.defaultChild as cloudwatch.CfnDashboard).dashboardBody));
    expect(body).toContain('Consumer lag');
    expect(body).toContain('MaxOffsetLag');
  });

  test('fails when a consumer-lag alarm is added to an imported cluster', () => {
    const arn = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/abc';
    const imported = ProvisionedCluster.fromClusterArn(new Stack(testApp()), 'I', arn) as unknown as ClusterBase;
    expect(imported).toBeInstanceOf(ClusterBase);
    expect(() => imported.addConsumerLagAlarm('g', 't', 1)).toThrow(/addConsumerLagAlarm: .* is an imported cluster and has no alarm actions/);
    expect(imported.alarms).toEqual([]);
  });
});

describe('metrics', () => {
  test('helpers use the documented statistic, period and dimensions', () => {
    const { stack, cluster } = provisioned();
    const resolve = (m: cloudwatch.Metric) => ({
      name: m.metricName, stat: m.statistic, period: m.period.toSeconds(), dims: stack.resolve(m.dimensions),
    });
    expect(resolve(cluster.metricKafkaDataLogsDiskUsed(2)))
      .toEqual({ name: 'KafkaDataLogsDiskUsed', stat: 'Maximum', period: 300, dims: { 'Cluster Name': 'events', 'Broker ID': '2' } });
    expect(resolve(cluster.metricActiveControllerCount())).toEqual({ name: 'ActiveControllerCount', stat: 'Maximum', period: 60, dims: { 'Cluster Name': 'events' } });
    expect(resolve(cluster.metricOfflinePartitionsCount())).toEqual({ name: 'OfflinePartitionsCount', stat: 'Sum', period: 60, dims: { 'Cluster Name': 'events' } });
    expect(resolve(cluster.metricMaxOffsetLag('billing', 'orders'))).toEqual({ name: 'MaxOffsetLag', stat: 'Maximum', period: 60, dims: { 'Cluster Name': 'events', 'Consumer Group': 'billing', 'Topic': 'orders' } });
    expect(resolve(cluster.metricTopicBytesInPerSec('orders'))).toEqual({ name: 'BytesInPerSec', stat: 'Sum', period: 60, dims: { 'Cluster Name': 'events', 'Topic': 'orders' } });
    expect(resolve(cluster.metricCpuUser(1, { period: Duration.minutes(1) }))).toEqual({ name: 'CpuUser', stat: 'Average', period: 60, dims: { 'Cluster Name': 'events', 'Broker ID': '1' } });
    expect(resolve(cluster.metric('GlobalPartitionCount'))).toEqual({ name: 'GlobalPartitionCount', stat: 'Average', period: 300, dims: { 'Cluster Name': 'events' } });
  });
});

describe('dashboard', () => {
  test('shows throughput, CPU, disk, partition health, connections, consumer lag and alarm status', () => {
    const { stack, cluster } = provisioned();
    const body = JSON.stringify(stack.resolve((cluster.dashboard!.node.defaultChild as cloudwatch.CfnDashboard).dashboardBody));
    for (const title of ['Bytes in (left) / out (right) per broker', 'CPU user + system (%)', 'Data disk used (%)', 'Partition health', 'Connections per broker', 'Consumer lag (max offset lag)', 'Alarms']) {
      expect(body).toContain(title);
    }
    expect(body).toContain('UnderReplicatedPartitions');
  });

  test('dashboard: false creates none', () => {
    const { template, cluster } = provisioned({ dashboard: false });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(cluster.dashboard).toBeUndefined();
  });
});

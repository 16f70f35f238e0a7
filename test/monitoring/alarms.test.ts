import { Duration, Stack, Token, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_ec2 as ec2, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BrokerAlarms, BrokerInstanceType, ClientAuthentication, ClusterBase, KafkaVersion, MonitoringLevel, ProvisionedCluster, ProvisionedClusterProps, ServerlessCluster } from '../../src';
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
const PER_BROKER = 'FROM SCHEMA("AWS/Kafka", "Broker ID", "Cluster Name") WHERE "Cluster Name" = \'events\'';

describe('recommended alarms on standard brokers', () => {
  const { template, cluster } = provisioned();
  const byId = alarms(template);

  test('one alarm per metric, whatever the broker count', () => {
    expect(Object.keys(byId).sort()).toEqual([
      'ActiveControllerMissing', 'ConnectionCountHigh', 'CpuHigh', 'DiskUsedHigh', 'HeapMemoryHigh', 'IamTooManyConnections',
      'OfflinePartitions', 'UnderMinIsrPartitions', 'UnderReplicatedPartitions',
    ]);
    expect(cluster.alarms).toHaveLength(9);
  });

  test.each([
    ['CpuHigh', `SELECT AVG(CpuIdle) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY AVG() ASC`, 300, 40, 'LessThanThreshold', 3],
    ['DiskUsedHigh', `SELECT MAX(KafkaDataLogsDiskUsed) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY MAX() DESC`, 300, 85, 'GreaterThanOrEqualToThreshold', 1],
    ['HeapMemoryHigh', `SELECT MAX(HeapMemoryAfterGC) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY MAX() DESC`, 300, 60, 'GreaterThanThreshold', 3],
    ['UnderReplicatedPartitions', `SELECT MAX(UnderReplicatedPartitions) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY MAX() DESC`, 300, 0, 'GreaterThanThreshold', 3],
    ['UnderMinIsrPartitions', `SELECT MAX(UnderMinIsrPartitionCount) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY MAX() DESC`, 60, 1, 'GreaterThanOrEqualToThreshold', 1],
    ['ConnectionCountHigh', `SELECT MAX(ConnectionCount) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY MAX() DESC`, 300, 2400, 'GreaterThanThreshold', 1],
    ['IamTooManyConnections', `SELECT SUM(IAMTooManyConnections) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY SUM() DESC`, 300, 0, 'GreaterThanThreshold', 1],
  ])('%s: one Metrics Insights alarm on every broker (%s), %ds, threshold %d, %s, %d periods, missing data not breaching, notifying the alarm topic',
    (id, query, period, threshold, comparison, periods) => {
      expect(byId[id]).toEqual({
        Metrics: [{ Id: 'expr_1', Expression: query, Label: expect.any(String), Period: period, ReturnData: true }],
        Threshold: threshold,
        ComparisonOperator: comparison,
        EvaluationPeriods: periods,
        DatapointsToAlarm: periods,
        TreatMissingData: 'notBreaching',
        AlarmDescription: expect.stringMatching(/\. What to do: .+/),
        AlarmActions: topicAction,
        OKActions: topicAction,
      });
    });

  test.each([
    ['ActiveControllerMissing', 'ActiveControllerCount', 'Maximum', 60, 1, 'LessThanThreshold', 5, 'breaching'],
    ['OfflinePartitions', 'OfflinePartitionsCount', 'Maximum', 60, 0, 'GreaterThanThreshold', 1, 'notBreaching'],
  ])('%s: the cluster-level %s (%s, %ds), threshold %d, %s, %d periods, missing data %s', (id, metricName, statistic, period, threshold, comparison, periods, missing) => {
    expect(byId[id]).toEqual({
      Namespace: 'AWS/Kafka',
      MetricName: metricName,
      Dimensions: [CLUSTER],
      Statistic: statistic,
      Period: period,
      Threshold: threshold,
      ComparisonOperator: comparison,
      EvaluationPeriods: periods,
      DatapointsToAlarm: periods,
      TreatMissingData: missing,
      AlarmDescription: expect.stringMatching(/\. What to do: .+/),
      AlarmActions: topicAction,
      OKActions: topicAction,
    });
  });

  test('descriptions say what is wrong and what to do, with no repository path, within the 1024 characters CloudWatch takes', () => {
    for (const alarm of Object.values(byId)) {
      const description = alarm.AlarmDescription as string;
      expect(description.length).toBeLessThanOrEqual(1024);
      expect(description).not.toMatch(/docs\/|\.md|Runbook/);
    }
    expect(byId.CpuHigh.AlarmDescription).toMatch(/^A broker's CPU has been more than 60 % busy \(CpuIdle below 40 %\) for 15 minutes\. What to do: /);
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
  test('kafka.t3.small adds a CPU credit balance alarm', () => {
    const { template } = provisioned({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL, kafkaVersion: KafkaVersion.V3_9_X });
    expect(alarms(template).CpuCreditBalanceLow).toEqual(expect.objectContaining({
      Metrics: [expect.objectContaining({ Expression: `SELECT MIN(CPUCreditBalance) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY MIN() ASC`, Period: 300 })],
      Threshold: 100,
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmActions: topicAction,
      OKActions: topicAction,
    }));
  });

  test('Express brokers get CPU, connection, controller, throughput against their quota and throttling alarms, not disk, heap or partition health', () => {
    const { template } = provisioned({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
    const byId = alarms(template);
    expect(Object.keys(byId).sort()).toEqual([
      'ActiveControllerMissing', 'ConnectionCountHigh', 'CpuHigh', 'EgressNearQuota', 'IamTooManyConnections', 'IngressNearQuota', 'ProduceThrottled',
    ]);
    // Per broker: the per-topic series summed over one minute (each is a per-second rate), against 80 % of 15.6 / 31.2 MBps.
    const topics = 'FROM SCHEMA("AWS/Kafka", "Broker ID", "Cluster Name", "Topic") WHERE "Cluster Name" = \'events\' GROUP BY "Broker ID"';
    expect(byId.IngressNearQuota).toEqual(expect.objectContaining({
      Metrics: [expect.objectContaining({ Expression: `SELECT SUM(BytesInPerSec) ${topics} ORDER BY SUM() DESC`, Period: 60 })],
      Threshold: 12_480_000,
      EvaluationPeriods: 15,
    }));
    expect(byId.EgressNearQuota).toEqual(expect.objectContaining({
      Metrics: [expect.objectContaining({ Expression: `SELECT SUM(BytesOutPerSec) ${topics} ORDER BY SUM() DESC`, Period: 60 })],
      Threshold: 24_960_000,
    }));
  });

  test('every Express alarm, in full', () => {
    const byId = alarms(provisioned({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE }).template);
    const insights = (expression: string, period: number) => [{ Id: 'expr_1', Expression: expression, Label: expect.any(String), Period: period, ReturnData: true }];
    const common = { TreatMissingData: 'notBreaching', AlarmDescription: expect.stringMatching(/ What to do: /), AlarmActions: topicAction, OKActions: topicAction };
    expect(byId.ProduceThrottled).toEqual({
      Metrics: insights(`SELECT AVG(ProduceThrottleTime) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY AVG() DESC`, 300),
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ...common,
    });
    expect(byId.IngressNearQuota).toEqual({
      Metrics: insights('SELECT SUM(BytesInPerSec) FROM SCHEMA("AWS/Kafka", "Broker ID", "Cluster Name", "Topic") WHERE "Cluster Name" = \'events\' '
        + 'GROUP BY "Broker ID" ORDER BY SUM() DESC', 60),
      Threshold: 12_480_000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 15,
      DatapointsToAlarm: 15,
      ...common,
    });
    expect(byId.CpuHigh).toEqual({
      Metrics: insights(`SELECT AVG(CpuIdle) ${PER_BROKER} GROUP BY "Broker ID" ORDER BY AVG() ASC`, 300),
      Threshold: 40,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ...common,
    });
    expect(byId.ActiveControllerMissing).toEqual(expect.objectContaining({ MetricName: 'ActiveControllerCount', TreatMissingData: 'breaching', AlarmActions: topicAction }));
  });

  test('without IAM there is no IAM connection alarm', () => {
    const { template } = provisioned({ clientAuthentication: ClientAuthentication.scram() });
    expect(Object.keys(alarms(template)).filter((id) => /Connection/.test(id))).toEqual([]);
  });

  test('the DEFAULT monitoring level drops the alarms whose metrics need PER_BROKER, and keeps the heap alarm (a DEFAULT metric)', () => {
    const { template } = provisioned({ monitoringLevel: MonitoringLevel.DEFAULT });
    const ids = Object.keys(alarms(template));
    expect(ids).not.toContain('IamTooManyConnections');
    expect(ids).toEqual(expect.arrayContaining(['CpuHigh', 'HeapMemoryHigh']));
    const express = Object.keys(alarms(provisioned({
      instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, monitoringLevel: MonitoringLevel.DEFAULT,
    }).template));
    expect(express).not.toContain('ProduceThrottled');
  });

  test.each([1, 10, 20])('the same alarms for %d brokers per AZ (3, 30 and 60 brokers)', (brokersPerAz) => {
    const { template } = provisioned({ brokersPerAz });
    expect(Object.keys(alarms(template)).sort()).toEqual(Object.keys(alarms(provisioned().template)).sort());
    template.resourceCountIs('AWS::CloudWatch::Alarm', 9);
  });
});

describe('one classic alarm per broker (BrokerAlarms.perBroker())', () => {
  const { template, cluster } = provisioned({ alarms: { brokerAlarms: BrokerAlarms.perBroker() } });
  const byId = alarms(template);

  test('creates one alarm per broker for each per-broker alarm, plus the cluster-level ones', () => {
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
    ['CpuHighBroker1', 'CpuIdle', BROKER(1), 'Average', 300, 40, 'LessThanThreshold', 3],
    ['DiskUsedHighBroker2', 'KafkaDataLogsDiskUsed', BROKER(2), 'Maximum', 300, 85, 'GreaterThanOrEqualToThreshold', 1],
    ['UnderMinIsrPartitionsBroker3', 'UnderMinIsrPartitionCount', BROKER(3), 'Maximum', 60, 1, 'GreaterThanOrEqualToThreshold', 1],
    ['IamTooManyConnectionsBroker1', 'IAMTooManyConnections', BROKER(1), 'Sum', 300, 0, 'GreaterThanThreshold', 1],
  ])('%s: %s of %j (%s, %ds), threshold %d, %s, %d periods', (id, metricName, broker, statistic, period, threshold, comparison, periods) => {
    expect(byId[id]).toEqual(expect.objectContaining({
      Namespace: 'AWS/Kafka',
      MetricName: metricName,
      Dimensions: [broker, CLUSTER],
      Statistic: statistic,
      Period: period,
      Threshold: threshold,
      ComparisonOperator: comparison,
      EvaluationPeriods: periods,
      AlarmActions: topicAction,
    }));
    expect(byId[id].AlarmDescription).toMatch(/^Broker \d: /);
  });

  test('Express throughput per broker reads the broker\'s own series: a 5-minute average of a per-second rate, 3 periods', () => {
    const byIdExpress = alarms(provisioned({
      instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, alarms: { brokerAlarms: BrokerAlarms.perBroker() },
    }).template);
    expect(byIdExpress.IngressNearQuotaBroker2).toEqual(expect.objectContaining({
      MetricName: 'BytesInPerSec', Dimensions: [BROKER(2), CLUSTER], Statistic: 'Average', Period: 300, Threshold: 12_480_000, EvaluationPeriods: 3,
    }));
  });

  test('fails when the broker count is unknown at synth time', () => {
    const { stack, vpc } = vpcStack();
    expect(() => new ProvisionedCluster(stack, 'Events', {
      vpc, brokersPerAz: Token.asNumber({ Ref: 'Brokers' }), alarms: { brokerAlarms: BrokerAlarms.perBroker() },
    })).toThrow(/\[PerBrokerAlarmsNeedBrokerCount\] alarms\.brokerAlarms: .*Fix: /);
  });
});

describe('serverless clusters', () => {
  const { stack, vpc } = vpcStack();
  const cluster = new ServerlessCluster(stack, 'Spiky', { vpc, clusterName: 'spiky' });
  const template = Template.fromStack(stack);
  const byId = Object.fromEntries(Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
    .map(([id, a]) => [id.replace(/^SpikyMonitoring/, '').replace(/[0-9A-F]{8}$/, ''), a.Properties]));
  const action = [{ Ref: expect.stringMatching(/^SpikyMonitoringAlarmTopic/) }];

  test('get cluster-wide throughput and consumer-lag alarms by default, with no topic list', () => {
    expect(Object.keys(byId).sort()).toEqual(['ClusterEgressNearQuota', 'ClusterIngressNearQuota', 'ConsumerGroupLagHigh']);
    expect(cluster.alarms).toHaveLength(3);
    expect(cluster.alarmTopic).toBeInstanceOf(sns.Topic);
  });

  test.each([
    ['ClusterIngressNearQuota', 'SELECT SUM(BytesInPerSec) FROM SCHEMA("AWS/Kafka", "Cluster Name", "Topic") WHERE "Cluster Name" = \'spiky\'', 160_000_000, 15],
    ['ClusterEgressNearQuota', 'SELECT SUM(BytesOutPerSec) FROM SCHEMA("AWS/Kafka", "Cluster Name", "Topic") WHERE "Cluster Name" = \'spiky\'', 320_000_000, 15],
    ['ConsumerGroupLagHigh', 'SELECT MAX(MaxEstimatedTimeLag) FROM SCHEMA("AWS/Kafka", "Cluster Name", "Consumer Group", "Topic") WHERE "Cluster Name" = \'spiky\' '
      + 'GROUP BY "Consumer Group" ORDER BY MAX() DESC', 600, 5],
  ])('%s: %s over 1 minute, above %d, %d periods', (id, query, threshold, periods) => {
    expect(byId[id]).toEqual({
      Metrics: [{ Id: 'expr_1', Expression: query, Label: expect.any(String), Period: 60, ReturnData: true }],
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: periods,
      DatapointsToAlarm: periods,
      TreatMissingData: 'notBreaching',
      AlarmDescription: expect.stringMatching(/\. What to do: .+/),
      AlarmActions: action,
      OKActions: action,
    });
  });

  test('addConsumerLagAlarm adds a classic alarm on one group and topic', () => {
    const { stack: s, vpc: v } = vpcStack();
    const spiky = new ServerlessCluster(s, 'Spiky', { vpc: v });
    spiky.addConsumerLagAlarm('billing', 'orders', 1000);
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'MaxOffsetLag',
      Dimensions: [{ Name: 'Cluster Name', Value: Match.anyValue() }, { Name: 'Consumer Group', Value: 'billing' }, { Name: 'Topic', Value: 'orders' }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1000,
      EvaluationPeriods: 5,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^SpikyMonitoringAlarmTopic') }],
    });
    expect(spiky.alarms).toHaveLength(4);
  });

  test('thresholds: consumerLagSeconds and throughputPercentOfQuota', () => {
    const { stack: s, vpc: v } = vpcStack();
    const spiky = new ServerlessCluster(s, 'Spiky', { vpc: v, alarms: { thresholds: { consumerLagSeconds: 120, throughputPercentOfQuota: 50 } } });
    const thresholds = spiky.alarms.map((a) => s.resolve((a.node.defaultChild as cloudwatch.CfnAlarm).threshold));
    expect(thresholds).toEqual([100_000_000, 200_000_000, 120]);
  });
});

describe('serverless throughput alarms on named topics', () => {
  test('sum the named topics (Sum over 1 minute: a per-second rate) against 80% of the 200/400 MBps cluster quotas for 15 minutes', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Spiky', { vpc });
    const created = cluster.addThroughputAlarms(['clicks', 'views']);
    expect(created).toHaveLength(2);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 160_000_000,
      EvaluationPeriods: 15,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 't0 + t1' }),
        Match.objectLike({ Id: 't0', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'BytesInPerSec', Dimensions: Match.arrayWith([{ Name: 'Topic', Value: 'clicks' }]) }), Stat: 'Sum', Period: 60 }) }),
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
    expect(byId.CpuHigh.Threshold).toBe(25);
    expect(byId.DiskUsedHigh.Threshold).toBe(70);
    expect(byId.HeapMemoryHigh.Threshold).toBe(80);
    expect(byId.ConnectionCountHigh.Threshold).toBe(2000);
  });

  test('clusters can share one alarm topic: CloudWatch gets each statement once, and no topic is created per cluster', () => {
    const { stack, vpc } = vpcStack();
    const key = new kms.Key(stack, 'AlarmsKey', { enableKeyRotation: true });
    const shared = new sns.Topic(stack, 'Alarms', { enforceSSL: true, masterKey: key });
    const clusters = ['A', 'B', 'C'].map((id) => new ProvisionedCluster(stack, id, { vpc, alarms: { topic: shared } }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }] });
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement as Array<{ Sid?: string }>;
    expect(policy.filter((st) => st.Sid === 'AllowCloudWatchAlarmsPublish')).toHaveLength(1);
    const keyPolicy = Object.values(template.findResources('AWS::KMS::Key', { Properties: { Description: Match.absent() } }))
      .map((k) => k.Properties.KeyPolicy.Statement as Array<{ Sid?: string }>).find((st) => st.some((x) => x.Sid === 'AllowCloudWatchAlarms'))!;
    expect(keyPolicy.filter((st) => st.Sid === 'AllowCloudWatchAlarms')).toHaveLength(1);
    for (const c of clusters) {
      expect(() => c.alarmTopic).toThrow(/\[AlarmTopicAbsent\] alarmTopic: .*notify the alarms.topic or alarms.actions given/);
    }
  });

  test('warns when a shared topic is imported, since CloudWatch may not be allowed to publish to it', () => {
    const { stack, vpc } = vpcStack();
    const imported = sns.Topic.fromTopicArn(stack, 'Imported', 'arn:aws:sns:us-east-1:111111111111:alarms');
    new ProvisionedCluster(stack, 'Events', { vpc, alarms: { topic: imported } });
    Annotations.fromStack(stack).hasWarning('/Test/Events/Monitoring', Match.stringLikeRegexp('alarms.topic: the topic .* is imported.*Fix: .*\\[ack: cdk-msk-constructs:AlarmTopicPolicyUnknown\\]'));
  });

  test('warns once the app\'s stacks for one account and Region have more alarms on Metrics Insights queries than the default quota', () => {
    const { app, stack, vpc } = vpcStack(3, '111111111111');
    // 7 Metrics Insights alarms per default cluster: the 29th cluster crosses 200, in a second stack of the same environment.
    const inRegion = (id: string, region: string) => {
      const s = new Stack(app, id, { env: { account: '111111111111', region } });
      return { s, v: new ec2.Vpc(s, 'Vpc', { availabilityZones: ['a', 'b', 'c'].map((az) => `${region}${az}`), natGateways: 1 }) };
    };
    const second = inRegion('Second', 'us-east-1');
    const ireland = [inRegion('Ireland1', 'eu-west-1'), inRegion('Ireland2', 'eu-west-1')];
    for (let i = 0; i < 29; i++) {
      const [scope, v] = i < 15 ? [stack, vpc] : [second.s, second.v];
      new ProvisionedCluster(scope, `C${i}`, { vpc: v, alarms: { actions: [] }, dashboard: false });
      // eu-west-1 has a quota of its own: 28 clusters there stay below it.
      if (i < 28) {
        const other = ireland[i < 14 ? 0 : 1];
        new ProvisionedCluster(other.s, `C${i}`, { vpc: other.v, alarms: { actions: [] }, dashboard: false });
      }
    }
    const warningsOf = (s: Stack) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('MetricsInsightsAlarmQuota'));
    expect(warningsOf(stack)).toEqual([]);
    expect(warningsOf(second.s).map((w) => w.id)).toEqual(['/Second/C28/Monitoring']);
    expect(warningsOf(second.s)[0].entry.data).toMatch(/now have 203 alarms on Metrics Insights queries, above the default quota of 200/);
    expect(ireland.flatMap((r) => warningsOf(r.s))).toEqual([]);
  });

  test('actions replace the alarm topic', () => {
    const { stack, vpc } = vpcStack();
    const pager = new sns.Topic(stack, 'Pager', { enforceSSL: true });
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, alarms: { actions: [new actions.SnsAction(pager)] } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^Pager') }] });
    expect(() => cluster.alarmTopic).toThrow(/\[AlarmTopicAbsent\]/);
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
    const body = JSON.stringify(stack.resolve((cluster.dashboard.node.defaultChild as cloudwatch.CfnDashboard).dashboardBody));
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
  const bodyOf = (stack: Stack, cluster: ClusterBase) =>
    JSON.stringify(stack.resolve((cluster.dashboard.node.defaultChild as cloudwatch.CfnDashboard).dashboardBody));

  test('shows throughput, CPU, disk, partition health, connections, consumer lag and alarm status, each broker as a line of one query', () => {
    const { stack, cluster } = provisioned();
    const body = bodyOf(stack, cluster);
    for (const title of ['Bytes in (left) / out (right) per broker', 'CPU idle per broker', 'Data disk used per broker (%)', 'Partition health', 'Connections per broker', 'Consumer lag (max offset lag)', 'Alarms']) {
      expect(body).toContain(title);
    }
    expect(body).toMatch(/SELECT MAX\(UnderReplicatedPartitions\) FROM SCHEMA\([^)]*Broker ID[^)]*Cluster Name[^)]*\) WHERE .* GROUP BY \\+"Broker ID/);
  });

  test('does not grow with the broker count', () => {
    const small = provisioned();
    const large = provisioned({ brokersPerAz: 20 });
    expect(bodyOf(large.stack, large.cluster)).toEqual(bodyOf(small.stack, small.cluster));
  });

  test('a serverless cluster shows throughput per topic and lag per consumer group', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Spiky', { vpc, clusterName: 'spiky' });
    const body = bodyOf(stack, cluster);
    expect(body).toMatch(/SELECT SUM\(BytesInPerSec\) FROM SCHEMA\([^)]*Topic[^)]*\) WHERE [^"]*\\+"Cluster Name\\+" = 'spiky' GROUP BY \\+"Topic/);
    expect(body).toContain('SELECT MAX(MaxEstimatedTimeLag)');
  });

  test('dashboard: false creates none', () => {
    const { template, cluster } = provisioned({ dashboard: false });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(() => cluster.dashboard).toThrow(/\[DashboardAbsent\] dashboard: .* created with dashboard: false\. Fix: /);
  });
});

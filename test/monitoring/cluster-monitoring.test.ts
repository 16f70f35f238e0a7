import { Stack, Token, aws_cloudwatch as cloudwatch, aws_sns as sns } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  BrokerAlarms,
  BrokerInstanceType,
  ClientAuthentication,
  ClusterBase,
  IMskCluster,
  MonitoredClusterKind,
  MonitoringLevel,
  MskClusterMonitoring,
  ProvisionedCluster,
  ServerlessCluster,
} from '../../src';
import { vpcStack } from '../util/stacks';

const ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-7';
const SERVERLESS_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/iot/5a6b7c8d-1234-5678-9abc-def012345678-s1';

/** The cluster as the ClusterBase it is (IMskCluster has `alarmActions`, not `alarms` or `addConsumerLagAlarm`). */
function base(cluster: IMskCluster): ClusterBase {
  if (!(cluster instanceof ClusterBase)) {
    throw new Error('not a ClusterBase');
  }
  return cluster;
}

/** Alarm construct ids under `monitoring` (e.g. CpuHigh), sorted. */
function alarmIds(monitoring: { alarms: cloudwatch.Alarm[] }): string[] {
  return monitoring.alarms.map((alarm) => alarm.node.id).sort();
}

/** The "Cluster Name" every alarm of the template reads (metric dimension or Metrics Insights query). */
function clusterNamesOf(stack: Stack): string[] {
  const json = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
  const names = new Set<string>();
  for (const m of json.matchAll(/"Name":"Cluster Name","Value":"([^"]+)"/g)) names.add(m[1]);
  for (const m of json.matchAll(/\\"Cluster Name\\" = '([^']+)'/g)) names.add(m[1]);
  return [...names];
}

describe('MskClusterMonitoring on an imported provisioned cluster', () => {
  test('the alarms and dashboard a cluster defined here gets, reading the name from the ARN', () => {
    const { stack, vpc } = vpcStack(3, '111111111111');
    const defined = new ProvisionedCluster(stack, 'Defined', { vpc, clusterName: 'orders', instanceType: BrokerInstanceType.KAFKA_M7G_LARGE });
    const imported = ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN);
    const monitoring = new MskClusterMonitoring(stack, 'OrdersMonitoring', {
      cluster: imported,
      clusterKind: MonitoredClusterKind.provisioned(BrokerInstanceType.KAFKA_M7G_LARGE),
      monitoringLevel: MonitoringLevel.PER_BROKER,
    });
    expect(alarmIds(monitoring)).toEqual(alarmIds(defined));
    expect(monitoring.dashboard).toBeInstanceOf(cloudwatch.Dashboard);
    expect(monitoring.alarmTopic).toBeDefined();
    expect(clusterNamesOf(stack)).toEqual(['orders']);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 2);
  });

  test('makes the import a monitored cluster: alarmActions, alarms and addConsumerLagAlarm work', () => {
    const { stack } = vpcStack(3, '111111111111');
    const imported = base(ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN));
    expect(imported.alarmActions).toEqual([]);
    const topic = new sns.Topic(stack, 'Pager');
    const monitoring = new MskClusterMonitoring(stack, 'OrdersMonitoring', {
      cluster: imported,
      clusterKind: MonitoredClusterKind.provisioned(BrokerInstanceType.KAFKA_M7G_LARGE),
      alarms: { topic },
      dashboard: false,
    });
    expect(imported.alarmActions).toHaveLength(1);
    expect(monitoring.alarmTopic).toBeUndefined();
    expect(monitoring.dashboard).toBeUndefined();
    const lag = imported.addConsumerLagAlarm('billing', 'orders', 1000);
    expect(monitoring.alarms).toContain(lag);
    expect(imported.alarms).toEqual(monitoring.alarms);
  });

  test('DEFAULT monitoring level (the default for an import) leaves out the alarms on PER_BROKER metrics', () => {
    const { stack } = vpcStack(3, '111111111111');
    const monitoring = new MskClusterMonitoring(stack, 'M', {
      cluster: ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN),
      clusterKind: MonitoredClusterKind.provisioned(BrokerInstanceType.KAFKA_M7G_LARGE),
    });
    const ids = alarmIds(monitoring);
    expect(ids).toContain('CpuHigh');
    expect(ids).not.toContain('IamTooManyConnections');
  });

  test('an Express import gets the Express alarms', () => {
    const { stack } = vpcStack(3, '111111111111');
    const monitoring = new MskClusterMonitoring(stack, 'M', {
      cluster: ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN),
      clusterKind: MonitoredClusterKind.provisioned(BrokerInstanceType.EXPRESS_M7G_LARGE),
      monitoringLevel: MonitoringLevel.PER_BROKER,
    });
    const ids = alarmIds(monitoring);
    expect(ids).not.toContain('DiskUsedHigh');
    expect(ids.some((id) => /Ingress|Throughput|Throttl/.test(id))).toBe(true);
  });

  test('without IAM authentication there is no IAM connection alarm', () => {
    const { stack } = vpcStack(3, '111111111111');
    const withIam = new MskClusterMonitoring(stack, 'A', {
      cluster: ProvisionedCluster.fromClusterArn(stack, 'Iam', ARN),
      clusterKind: MonitoredClusterKind.provisioned(BrokerInstanceType.KAFKA_M7G_LARGE),
      monitoringLevel: MonitoringLevel.PER_BROKER,
    });
    const scram = new MskClusterMonitoring(stack, 'B', {
      cluster: ProvisionedCluster.fromClusterAttributes(stack, 'Scram', { clusterArn: ARN, clientAuthentication: ClientAuthentication.scram() }),
      clusterKind: MonitoredClusterKind.provisioned(BrokerInstanceType.KAFKA_M7G_LARGE),
      monitoringLevel: MonitoringLevel.PER_BROKER,
    });
    expect(alarmIds(withIam)).toContain('IamTooManyConnections');
    expect(alarmIds(scram)).not.toContain('IamTooManyConnections');
  });

  test('an ARN token: the cluster name is read from it at deploy time', () => {
    const { stack } = vpcStack(3, '111111111111');
    const arn = Token.asString({ Ref: 'ClusterArnParameter' });
    new MskClusterMonitoring(stack, 'M', {
      cluster: ProvisionedCluster.fromClusterArn(stack, 'Orders', arn),
      clusterKind: MonitoredClusterKind.provisioned(BrokerInstanceType.KAFKA_M7G_LARGE),
      dashboard: false,
    });
    const [controller] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ActiveControllerCount' } }));
    const [dimension] = controller.Properties.Dimensions;
    expect(dimension.Name).toBe('Cluster Name');
    expect(JSON.stringify(dimension.Value)).toMatch(/^\{"Fn::Select":\[1,.*"Ref":"ClusterArnParameter"/);
  });

  test('per-broker alarms with the broker count given', () => {
    const { stack } = vpcStack(3, '111111111111');
    const monitoring = new MskClusterMonitoring(stack, 'M', {
      cluster: ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN),
      clusterKind: MonitoredClusterKind.provisioned(BrokerInstanceType.KAFKA_M7G_LARGE, 3),
      alarms: { brokerAlarms: BrokerAlarms.perBroker() },
    });
    expect(alarmIds(monitoring)).toEqual(expect.arrayContaining(['CpuHighBroker1', 'CpuHighBroker2', 'CpuHighBroker3']));
  });

  test('fails when per-broker alarms are asked without the broker count', () => {
    const { stack } = vpcStack(3, '111111111111');
    expect(() => new MskClusterMonitoring(stack, 'M', {
      cluster: ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN),
      clusterKind: MonitoredClusterKind.provisioned(BrokerInstanceType.KAFKA_M7G_LARGE),
      alarms: { brokerAlarms: BrokerAlarms.perBroker() },
    })).toThrow(/PerBrokerAlarmsNeedBrokerCount/);
  });
});

describe('MskClusterMonitoring on other clusters', () => {
  test('an imported serverless cluster gets the alarms of a ServerlessCluster', () => {
    const { stack, vpc } = vpcStack(3, '111111111111');
    const defined = new ServerlessCluster(stack, 'Defined', { vpc, clusterName: 'iot' });
    const imported = ServerlessCluster.fromClusterArn(stack, 'Iot', SERVERLESS_ARN);
    const monitoring = new MskClusterMonitoring(stack, 'IotMonitoring', { cluster: imported, clusterKind: MonitoredClusterKind.serverless() });
    expect(alarmIds(monitoring)).toEqual(alarmIds(defined));
    expect(imported.alarmActions).toHaveLength(1);
  });

  test('a second monitoring of a cluster defined here leaves the cluster\'s own alarms in place', () => {
    const { stack, vpc } = vpcStack(3, '111111111111');
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc });
    const own = cluster.alarms;
    const extra = new MskClusterMonitoring(stack, 'Extra', {
      cluster,
      clusterKind: MonitoredClusterKind.provisioned(cluster.instanceType),
      alarms: { thresholds: { cpuPercent: 90 } },
      dashboard: false,
    });
    expect(cluster.alarms).toEqual(own);
    expect(extra.alarms.length).toBeGreaterThan(0);
    expect(cluster.node.tryFindChild('Monitoring')).toBeDefined();
  });

  test('fails when an imported cluster that is not monitored is asked for a consumer-lag alarm', () => {
    const { stack } = vpcStack(3, '111111111111');
    const imported = base(ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN));
    expect(() => imported.addConsumerLagAlarm('billing', 'orders', 1000)).toThrow(/MskClusterMonitoring|metricMaxOffsetLag/);
  });
});

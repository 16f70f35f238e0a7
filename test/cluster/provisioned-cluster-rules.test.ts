import { Lazy, Size, Stack, Token, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BrokerInstanceType, ClusterSizing, KafkaVersion, ProvisionedCluster, ProvisionedClusterProps, SizingBrokerFamily } from '../../src';
import { SYNTH_DATE_CONTEXT } from '../../src/cluster/provisioned-cluster-rules';
import { errorOf } from '../util/errors';
import { testApp } from '../util/stacks';

/** A cluster synthesized on `date` (YYYY-MM-DD, through the synth-date context), with its warnings. */
function synthOn(date: string | undefined, props: Partial<ProvisionedClusterProps> = {}) {
  const app = testApp(date === undefined ? {} : { context: { [SYNTH_DATE_CONTEXT]: date } });
  const stack = new Stack(app, 'Test', { env: { region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 0 });
  const cluster = new ProvisionedCluster(stack, 'Events', { vpc, ...props });
  const warnings = Annotations.fromStack(stack).findWarning('/Test/Events', Match.anyValue()).map((w) => String(w.entry.data));
  return { stack, cluster, warnings };
}

const withId = (warnings: string[], id: string) => warnings.filter((w) => w.includes(`[ack: cdk-msk-constructs:${id}]`));

describe('tiered storage and compaction', () => {
  test.each(['compact', 'compact,delete', 'delete,compact'])('fails when log.cleanup.policy is %p on a tiered cluster', (policy) => {
    const error = errorOf(() => synthOn(undefined, { storage: { tieredStorage: true }, serverProperties: { 'log.cleanup.policy': policy } }));
    expect(error).toMatch(new RegExp(`\\[TieredStorageCompaction\\] serverProperties: log.cleanup.policy=${policy} with storage.tieredStorage: .*Tiered storage constraints and limitations.*Fix: `));
  });

  test('log.cleanup.policy=delete is accepted on a tiered cluster, and compact on a cluster without tiered storage', () => {
    expect(() => synthOn(undefined, { storage: { tieredStorage: true }, serverProperties: { 'log.cleanup.policy': 'delete' } })).not.toThrow();
    expect(() => synthOn(undefined, { serverProperties: { 'log.cleanup.policy': 'compact' } })).not.toThrow();
  });
});

describe('Kafka versions near end of support', () => {
  test('the published end-of-support date is known for 3.6.0, and no date is made up for newer versions', () => {
    expect(KafkaVersion.V3_6_0.endOfSupportDate).toBe('2026-06-01');
    expect(KafkaVersion.of('3.5.1').endOfSupportDate).toBe('2025-10-23');
    expect(KafkaVersion.of('2.8.2.tiered').endOfSupportDate).toBe('2025-01-14');
    expect(KafkaVersion.V3_9_X_KRAFT.endOfSupportDate).toBeUndefined();
    expect(KafkaVersion.V3_7_X.endOfSupportDate).toBeUndefined();
    expect(KafkaVersion.of('toString').endOfSupportDate).toBeUndefined();
  });

  test.each([
    ['2025-11-30', 0],
    ['2025-12-01', 1],
    ['2026-05-31', 1],
    ['2026-06-01', 1],
    ['2027-01-15', 1],
  ])('on %s, Kafka 3.6.0 (end of support 2026-06-01) gets %d VersionNearEndOfSupport warning(s)', (date, count) => {
    const { warnings } = synthOn(date, { kafkaVersion: KafkaVersion.V3_6_0 });
    const found = withId(warnings, 'VersionNearEndOfSupport');
    expect(found).toHaveLength(count);
    if (count > 0) {
      expect(found[0]).toMatch(/^kafkaVersion: 3.6.0 reaches MSK end of support on 2026-06-01 \(MSK developer guide, 'Supported Apache Kafka versions'\)/);
    }
  });

  test('versions without a published date, and versions already past end of support (VersionEndOfSupport), get no dated warning', () => {
    expect(withId(synthOn('2030-01-01').warnings, 'VersionNearEndOfSupport')).toEqual([]);
    const old = synthOn('2030-01-01', { kafkaVersion: KafkaVersion.of('3.5.1') }).warnings;
    expect(withId(old, 'VersionNearEndOfSupport')).toEqual([]);
    expect(withId(old, 'VersionEndOfSupport')).toHaveLength(1);
  });

  test('without the context, the date is today', () => {
    const { warnings } = synthOn(undefined, { kafkaVersion: KafkaVersion.V3_6_0 });
    const due = Date.now() >= Date.parse('2025-12-01T00:00:00Z');
    expect(withId(warnings, 'VersionNearEndOfSupport')).toHaveLength(due ? 1 : 0);
  });

  test('fails when the synth-date context is not a date', () => {
    expect(errorOf(() => synthOn('next week'))).toMatch(/context: cdk-msk-constructs:synthDate 'next week' is not a date. Fix: use YYYY-MM-DD/);
  });
});

describe('instance types the library does not know', () => {
  test('warn that their limits are unknown and skip the checks that need them', () => {
    const type = BrokerInstanceType.of('kafka.m8g.4xlarge');
    expect(type.isKnown).toBe(false);
    expect(type.maxPartitionsPerBroker).toBeUndefined();
    const { cluster, warnings } = synthOn(undefined, { instanceType: type, storage: { provisionedThroughputMiBps: 400 } });
    expect(withId(warnings, 'InstanceTypeUnknown')).toEqual([expect.stringMatching(/^instanceType: kafka.m8g.4xlarge is not a type this library knows: its partition and throughput limits are unknown/)]);
    // 2000 partitions × RF 3 over 3 brokers would exceed every known limit: not checked.
    expect(() => cluster.addTopic('Orders', { topicName: 'orders', partitions: 2000 })).not.toThrow();
  });

  test('sizes MSK does not offer are unknown too (no kafka.m7g.24xlarge), and every constant is known', () => {
    expect(BrokerInstanceType.of('kafka.m7g.24xlarge').isKnown).toBe(false);
    expect(BrokerInstanceType.of('kafka.m7g.24xlarge').maxPartitionsPerBroker).toBeUndefined();
    expect(BrokerInstanceType.of('express.m7g.24xlarge').isKnown).toBe(false);
    const constants = Object.values(BrokerInstanceType).filter((v): v is BrokerInstanceType => v instanceof BrokerInstanceType);
    expect(constants.length).toBeGreaterThan(20);
    expect(constants.filter((t) => !t.isKnown).map((t) => t.instanceType)).toEqual([]);
  });

  test('a known type gets no InstanceTypeUnknown warning', () => {
    expect(withId(synthOn(undefined, { instanceType: BrokerInstanceType.of('kafka.m5.4xlarge') }).warnings, 'InstanceTypeUnknown')).toEqual([]);
  });
});

describe('sizing plans and the broker family', () => {
  // An assumed Express storage price (not a published one), low enough that the unpinned plan is Express.
  const WORKLOAD = { ingressMBps: 20, egressMBps: 40, retentionHours: 24, partitions: 100, prices: { expressStorageGBMonthUsd: 0.01 } };

  test('a cluster that takes its instance type from an unpinned plan is warned, naming the fix', () => {
    const plan = ClusterSizing.recommend(WORKLOAD);
    expect(plan.express).toBe(true);
    const { warnings } = synthOn(undefined, { sizing: plan });
    expect(withId(warnings, 'SizingFamilyNotPinned')).toEqual([expect.stringMatching(
      /^sizing: the instance type \(express\.m7g\.\w+\) comes from a ClusterSizing plan that did not pin the broker family.*could choose standard brokers.*brokerFamily: SizingBrokerFamily\.EXPRESS/,
    )]);
  });

  test.each([
    ['brokerFamily EXPRESS', { brokerFamily: SizingBrokerFamily.EXPRESS }],
    ['brokerFamily STANDARD', { brokerFamily: SizingBrokerFamily.STANDARD }],
    ['allowExpress: false', { allowExpress: false }],
  ])('a plan pinned by %s gives no warning', (_name, pin) => {
    const plan = ClusterSizing.recommend({ ...WORKLOAD, ...pin });
    expect(plan.brokerFamilyPinned).toBe(true);
    expect(withId(synthOn(undefined, { sizing: plan }).warnings, 'SizingFamilyNotPinned')).toEqual([]);
  });

  test('an explicit instanceType wins over the plan, so there is no warning', () => {
    const plan = ClusterSizing.recommend(WORKLOAD);
    const { warnings } = synthOn(undefined, { sizing: plan, instanceType: plan.instanceType });
    expect(withId(warnings, 'SizingFamilyNotPinned')).toEqual([]);
  });
});

describe('topics need Kafka 3.6.0 or later', () => {
  test.each(['2.8.2.tiered', '3.5.1'])('fails when a topic is added on Kafka %s', (version) => {
    const { cluster } = synthOn(undefined, { kafkaVersion: KafkaVersion.of(version) });
    expect(errorOf(() => cluster.addTopic('Orders', { topicName: 'orders', partitions: 1 })))
      .toMatch(new RegExp(`\\[TopicsUnsupported\\] addTopic: Kafka ${version.replace(/\./g, '\\.')} has no topic API \\(MSK needs 3.6.0 or later\\)`));
  });

  test('3.6.0 takes topics', () => {
    const { cluster } = synthOn('2025-01-01', { kafkaVersion: KafkaVersion.V3_6_0 });
    expect(() => cluster.addTopic('Orders', { topicName: 'orders', partitions: 1 })).not.toThrow();
  });
});

describe('every rule table is checked at once', () => {
  test('fails when props break rules of two tables, listing both problems in one error', () => {
    const error = errorOf(() => synthOn(undefined, {
      brokersPerAz: 0, // PROVISIONED_CLUSTER_RULES
      multiVpcConnectivity: {}, // MULTI_VPC_RULES
      openMonitoring: {}, // OPEN_MONITORING_RULES
    }));
    expect(error).toMatch(/3 problems in ProvisionedCluster '[^']*Events'/);
    expect(error).toMatch(/\[BrokersPerAzInvalid\] brokersPerAz: .*Fix: /);
    expect(error).toMatch(/\[MultiVpcNoScheme\] multiVpcConnectivity: .*Fix: /);
    expect(error).toMatch(/\[OpenMonitoringNoExporter\] openMonitoring: .*Fix: /);
  });

  test('fails when props break the public-access and the cluster tables, listing both', () => {
    const error = errorOf(() => synthOn(undefined, { publicAccess: true, clusterName: 'bad name' }));
    expect(error).toMatch(/\[ClusterNameInvalid\] clusterName: /);
    expect(error).toMatch(/\[PublicAccess\w+\] publicAccess: /);
  });
});

describe('tokens where a number is needed', () => {
  test('a token brokersPerAz is warned, saying which checks are skipped, and multiplied once resolved', () => {
    const { stack, cluster, warnings } = synthOn(undefined, { brokersPerAz: Lazy.number({ produce: () => 2 }) });
    expect(withId(warnings, 'BrokerCountUnresolved')).toEqual([expect.stringMatching(/^brokersPerAz: is a token, .*cannot be checked: .*BrokerQuota/)]);
    expect(withId(warnings, 'FewerThanThreeBrokers')).toEqual([]);
    expect(Token.isUnresolved(cluster.numberOfBrokerNodes)).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Cluster', { NumberOfBrokerNodes: 6 });
  });

  test('fails at synth when a token brokersPerAz is a deploy-time value, which CloudFormation cannot multiply', () => {
    const error = errorOf(() => synthOn(undefined, { brokersPerAz: Token.asNumber({ Ref: 'Brokers' }) }));
    expect(error).toMatch(/\[BrokersPerAzDeployTime\] brokersPerAz: resolves to the deploy-time value \{"Ref":"Brokers"\}.*Fix: /);
  });

  test('a token broker count keeps the durability and topic defaults within the fewest brokers possible (one per AZ)', () => {
    const twoAzs = testApp();
    const stack = new Stack(twoAzs, 'Test', { env: { region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 0 });
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, brokersPerAz: Lazy.number({ produce: () => 2 }) });
    cluster.addTopic('Orders', { topicName: 'orders', partitions: 6 });
    const template = Template.fromStack(stack);
    const config = Object.values(template.findResources('AWS::MSK::Configuration'))[0];
    expect(JSON.stringify(config)).toMatch(/default\.replication\.factor=2/);
    template.hasResourceProperties('AWS::MSK::Topic', { ReplicationFactor: 2 });
    template.hasResourceProperties('AWS::MSK::Cluster', { NumberOfBrokerNodes: 4 });
  });

  test('a token storage size is warned, naming the property and the checks that cannot run', () => {
    const { warnings } = synthOn(undefined, { storage: { volumeSize: Size.gibibytes(Lazy.number({ produce: () => 500 })) } });
    expect(withId(warnings, 'StorageValueUnresolved')).toEqual([expect.stringMatching(/^storage: storage\.volumeSize is a token, so its range checks .*cannot run at synth time/)]);
  });

  test('numbers get neither warning', () => {
    const { warnings } = synthOn(undefined, { brokersPerAz: 2, storage: { volumeSize: Size.gibibytes(500) } });
    expect(withId(warnings, 'BrokerCountUnresolved')).toEqual([]);
    expect(withId(warnings, 'StorageValueUnresolved')).toEqual([]);
  });
});

/**
 * docs/ERRORS.md and the rules behind it:
 * - the committed doc is exactly what test/docs/error-catalog.ts generates from the rule registry;
 * - every module that declares a table registers it;
 * - rule messages name the property (and, for errors, the fix);
 * - every rule is exercised: each rule of the library's own tables (src/ outside src/integrations) by a
 *   scenario below that drives the public API until the rule fires, each integration rule at least by a
 *   test under test/ that names its id.
 *
 * Regenerate the doc:  UPDATE_ERRORS_DOC=1 npx jest test/docs/errors-doc.test.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  CfnParameter,
  Lazy,
  RemovalPolicy,
  Size,
  Stack,
  Tags,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kinesisfirehose as firehose,
  aws_logs as logs,
  aws_msk as msk,
  aws_s3 as s3,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { buildErrorCatalog, CatalogTable, ErrorCatalog, renderErrorsDoc, REPO_ROOT, sourceFiles, unloadedRegistrations } from './error-catalog';
import {
  BrokerAlarms,
  BrokerInstanceType,
  BrokerLogs,
  ClientAuthentication,
  ClusterBase,
  ClusterPolicy,
  ClusterSizing,
  ClusterVpcConnection,
  CostEstimator,
  KafkaAclOperation,
  KafkaAclResource,
  KafkaAcls,
  KafkaPrincipal,
  KafkaVersion,
  MskPriceTable,
  ProvisionedCluster,
  ProvisionedClusterProps,
  ProvisionedCostInput,
  ScramUsers,
  ServerlessCluster,
  ServerlessClusterProps,
  SizingBrokerFamily,
  ValidationErrors,
  VpcConnectionAuthentication,
} from '../../src';
import * as library from '../../src';
import { SCRAM_USER_RULES } from '../../src/auth/scram-user-rules';
import { SYNTH_DATE_CONTEXT } from '../../src/cluster/provisioned-cluster-rules';
import { KafkaFlinkApplication, KafkaFlinkApplicationProps } from '../../src/integrations/flink/flink-application';
import { BrokerLogDeliveryPolicy } from '../../src/logging/log-delivery-policy';
import { alarmDescription } from '../../src/monitoring/alarm-factory';
import { PUBLIC_ACCESS_RULES } from '../../src/network/public-access-rules';
import { checkRules } from '../../src/validation/rules';
import { testApp } from '../util/stacks';

const DOC = path.join(REPO_ROOT, 'docs', 'ERRORS.md');
const REGENERATE = 'UPDATE_ERRORS_DOC=1 npx jest test/docs/errors-doc.test.ts';

const catalog: ErrorCatalog = buildErrorCatalog();
const isIntegration = (table: CatalogTable) => table.file.startsWith('src/integrations/');

describe('docs/ERRORS.md', () => {
  test('is generated from the rule tables (regenerate: UPDATE_ERRORS_DOC=1 npx jest test/docs/errors-doc.test.ts)', () => {
    const generated = renderErrorsDoc(catalog);
    if (process.env.UPDATE_ERRORS_DOC === '1') {
      fs.writeFileSync(DOC, generated);
    }
    const committed = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf-8') : '';
    if (committed !== generated) {
      throw new Error(`docs/ERRORS.md is out of date with the rule tables in src/. Regenerate it with:\n  ${REGENERATE}\nand commit the result.`);
    }
  });

  test('lists every rule id the README names', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf-8');
    const section = /\n## Validation\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const named = [...section.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1]);
    // Backticked names that are not rule ids: the library's exports (e.g. `ProvisionedCluster`).
    const known = new Set([...catalog.tables.flatMap((t) => t.rules.map((r) => r.id)), ...Object.keys(library)]);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((id) => !known.has(id))).toEqual([]);
  });
});

describe('rule catalog', () => {
  test('every module that declares a table registers it when the library loads', () => {
    expect(catalog.tables.length).toBeGreaterThan(40);
    expect(unloadedRegistrations()).toEqual([]);
  });

  test('each table names the file that declares it, and who raises it', () => {
    const misplaced = catalog.tables.filter((t) => !fs.existsSync(path.join(REPO_ROOT, t.file))
      || !fs.readFileSync(path.join(REPO_ROOT, t.file), 'utf-8').includes(`name: '${t.name}'`));
    expect(misplaced.map((t) => `${t.file}#${t.name}`)).toEqual([]);
    expect(catalog.tables.filter((t) => t.checkedBy.length === 0).map((t) => `${t.file}#${t.name}`)).toEqual([]);
    const names = catalog.tables.map((t) => t.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  test('ids are PascalCase letters and digits (the error format and its parsers rely on it) and unique within a table', () => {
    for (const table of catalog.tables) {
      const ids = table.rules.map((r) => r.id);
      expect({ table: table.name, bad: ids.filter((id) => !/^[A-Z][A-Za-z0-9]+$/.test(id)) }).toEqual({ table: table.name, bad: [] });
      expect({ table: table.name, duplicates: ids.filter((id, i) => ids.indexOf(id) !== i) }).toEqual({ table: table.name, duplicates: [] });
    }
  });

  test('messages start with the property they are about; error messages give the fix', () => {
    // A message starting with `…` computes its property (e.g. `additionalVpcs[1].vpcSubnets`); the
    // scenarios below check the real text of those in the library's own tables.
    const property = /^(…|[A-Za-z][\w.[\], …]*: )/;
    const weak: string[] = [];
    for (const table of catalog.tables) {
      for (const rule of table.rules) {
        if (!property.test(rule.template)) {
          weak.push(`${table.name}/${rule.id}: no property first: ${rule.template}`);
        }
        if (rule.severity === 'error' && !rule.template.includes('Fix:') && !rule.template.includes('…')) {
          weak.push(`${table.name}/${rule.id}: no "Fix:": ${rule.template}`);
        }
      }
    }
    expect(weak).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Scenarios: each drives the public API until the named rules fire.

const ACCOUNT = '111111111111';
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'];

/** A fresh app and stack per scenario, with imported VPCs (cheap: no resources). */
class Bed {
  public readonly app = testApp();
  public readonly stack = new Stack(this.app, 'Test', { env: { account: ACCOUNT, region: 'us-east-1' } });
  public readonly scope = new Construct(this.stack, 'Scenario');
  private count = 0;

  /** A VPC with `azs` AZs of `type` subnets only. */
  public vpc(azs = 3, type: 'private' | 'isolated' | 'public' = 'private'): ec2.IVpc {
    const n = ++this.count;
    const ids = (prefix: string) => AZS.slice(0, azs).map((_, i) => `${prefix}-0${n}${i}${'0'.repeat(14)}`);
    return ec2.Vpc.fromVpcAttributes(this.scope, `Vpc${n}`, {
      vpcId: `vpc-0${n}${'0'.repeat(15)}`,
      availabilityZones: AZS.slice(0, azs),
      [`${type}SubnetIds`]: ids('subnet'),
      [`${type}SubnetRouteTableIds`]: ids('rtb'),
    });
  }

  /** Two subnets, imported, in the same AZ. */
  public sameAzSubnets(): ec2.ISubnet[] {
    return [0, 1].map((i) => ec2.Subnet.fromSubnetAttributes(this.scope, `SameAz${++this.count}`, {
      subnetId: `subnet-0a${i}${'0'.repeat(14)}`, availabilityZone: AZS[0],
    }));
  }

  public provisioned(props: Partial<ProvisionedClusterProps> = {}): ProvisionedCluster {
    return new ProvisionedCluster(this.scope, `Cluster${++this.count}`, { vpc: props.vpc ?? this.vpc(), ...props });
  }

  public serverless(props: Partial<ServerlessClusterProps> = {}): ServerlessCluster {
    return new ServerlessCluster(this.scope, `Serverless${++this.count}`, { vpc: props.vpc ?? this.vpc(), ...props });
  }

  public scramUsers(clusterArn = `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/demo/abc`): ScramUsers {
    return new ScramUsers(this.scope, `Users${++this.count}`, { clusterArn, clusterName: 'demo', removalPolicy: RemovalPolicy.DESTROY });
  }

  public vpcConnection(props: { arn?: string; vpc?: ec2.IVpc; vpcSubnets?: ec2.SubnetSelection; securityGroups?: ec2.ISecurityGroup[] } = {}): void {
    new ClusterVpcConnection(this.scope, `Connection${++this.count}`, {
      targetClusterArn: props.arn ?? 'arn:aws:kafka:us-east-1:222222222222:cluster/demo/abc',
      vpc: props.vpc ?? this.vpc(),
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      authentication: VpcConnectionAuthentication.IAM,
    });
  }
}

interface Scenario {
  /** What it does. */
  readonly name: string;
  /** Rule ids it must produce (errors in the thrown message, warnings as annotations). */
  readonly ids: string[];
  /** The table the ids come from, for ids that several tables have. */
  readonly table?: string;
  readonly run: (bed: Bed) => void;
}

const publicCluster = (bed: Bed, props: Partial<ProvisionedClusterProps> = {}) =>
  bed.provisioned({ vpc: bed.vpc(3, 'public'), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, publicAccess: true, ...props });

/** A Flink application reading `clickstream` from `cluster`. */
function flink(bed: Bed, props: Partial<KafkaFlinkApplicationProps> & Pick<KafkaFlinkApplicationProps, 'cluster'>): void {
  new KafkaFlinkApplication(bed.scope, 'Flink', {
    codeBucket: s3.Bucket.fromBucketName(bed.scope, 'Code', 'flink-artifacts'),
    codeKey: 'a.jar',
    sourceTopic: 'clickstream',
    consumerGroup: 'analytics',
    ...props,
  });
}

/** Runs the construct's validations (what synthesis runs first) and throws their messages, as synthesis would. */
function throwValidation(construct: IConstruct): void {
  const errors = construct.node.validate();
  if (errors.length > 0) {
    throw new Error(errors.join('\n'));
  }
}

const WORKLOAD = { ingressMBps: 10, egressMBps: 20, retentionHours: 24, partitions: 100 };
const EXPRESS = BrokerInstanceType.EXPRESS_M7G_LARGE;
const cost = (input: Partial<ProvisionedCostInput>) =>
  CostEstimator.provisionedMonthly({ instanceType: BrokerInstanceType.KAFKA_M7G_LARGE, brokerCount: 3, ...input });

const IMPORTED_ARN = `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7`;

const SCENARIOS: Scenario[] = [
  // ProvisionedCluster props.
  { name: 'a subnet type the VPC lacks', ids: ['SubnetSelectionInvalid'], table: 'PROVISIONED_CLUSTER_RULES', run: (b) => b.provisioned({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }) },
  { name: 'one AZ', ids: ['SubnetsTooFew'], table: 'PROVISIONED_CLUSTER_RULES', run: (b) => b.provisioned({ vpcSubnets: { availabilityZones: [AZS[0]] } }) },
  { name: 'four subnets', ids: ['SubnetsTooMany'], run: (b) => b.provisioned({ vpc: b.vpc(4), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }) },
  { name: 'two subnets in one AZ', ids: ['SubnetsShareAz'], table: 'PROVISIONED_CLUSTER_RULES', run: (b) => b.provisioned({ vpcSubnets: { subnets: b.sameAzSubnets() } }) },
  { name: 'brokersPerAz 0', ids: ['BrokersPerAzInvalid'], run: (b) => b.provisioned({ brokersPerAz: 0 }) },
  { name: 'a 20000 GiB volume', ids: ['VolumeSizeOutOfRange'], run: (b) => b.provisioned({ storage: { volumeSize: Size.gibibytes(20000) } }) },
  { name: 'a ceiling below the volume', ids: ['MaxVolumeSizeOutOfRange'], run: (b) => b.provisioned({ storage: { volumeSize: Size.gibibytes(500), maxVolumeSize: Size.gibibytes(100) } }) },
  { name: 'target utilization 90', ids: ['TargetUtilizationOutOfRange'], run: (b) => b.provisioned({ storage: { targetUtilization: 90 } }) },
  { name: 'throughput on kafka.m7g.large', ids: ['ThroughputInstanceType'], run: (b) => b.provisioned({ storage: { provisionedThroughputMiBps: 300 } }) },
  {
    name: 'throughput above the type maximum',
    ids: ['ThroughputOutOfRange'],
    run: (b) => b.provisioned({ instanceType: BrokerInstanceType.KAFKA_M7G_2XLARGE, storage: { provisionedThroughputMiBps: 400 } }),
  },
  {
    name: 'throughput on a 5 GiB volume',
    ids: ['ThroughputVolumeTooSmall'],
    run: (b) => b.provisioned({
      instanceType: BrokerInstanceType.KAFKA_M5_4XLARGE,
      storage: { volumeSize: Size.gibibytes(5), maxVolumeSize: Size.gibibytes(5), provisionedThroughputMiBps: 300 },
    }),
  },
  { name: 'tiered storage on t3', ids: ['TieredStorageUnsupported'], run: (b) => b.provisioned({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL, storage: { tieredStorage: true } }) },
  { name: 'ZooKeeper access on KRaft', ids: ['ZookeeperAccessOnKraft'], run: (b) => b.provisioned({ zookeeperClientAccess: false }) },
  { name: 'a name with an underscore', ids: ['ClusterNameInvalid'], table: 'PROVISIONED_CLUSTER_RULES', run: (b) => b.provisioned({ clusterName: 'bad_name' }) },
  {
    name: 'KRaft on t3',
    ids: ['BurstableKraft'],
    run: (b) => b.provisioned({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL, kafkaVersion: KafkaVersion.V3_9_X_KRAFT }),
  },
  // Monitoring.
  {
    name: 'per-broker alarms with a token broker count',
    ids: ['PerBrokerAlarmsNeedBrokerCount'],
    run: (b) => b.provisioned({ brokersPerAz: Lazy.number({ produce: () => 1 }), alarms: { brokerAlarms: BrokerAlarms.perBroker() } }),
  },
  {
    name: 'an imported alarm topic',
    ids: ['AlarmTopicPolicyUnknown'],
    run: (b) => b.serverless({ alarms: { topic: sns.Topic.fromTopicArn(b.scope, 'Pager', `arn:aws:sns:us-east-1:${ACCOUNT}:pager`) } }),
  },
  {
    name: '67 serverless clusters (3 Metrics Insights alarms each)',
    ids: ['MetricsInsightsAlarmQuota'],
    run: (b) => {
      const vpc = b.vpc();
      for (let i = 0; i < 67; i++) {
        b.serverless({ vpc, dashboard: false, alarms: { actions: [] } });
      }
    },
  },
  { name: 'storage on Express', ids: ['ExpressStorage'], run: (b) => b.provisioned({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, storage: {} }) },
  {
    name: 'storage autoscaling in Osaka',
    ids: ['StorageAutoScalingUnavailableInRegion'],
    run: (b) => {
      const stack = new Stack(b.app, 'Osaka', { env: { account: ACCOUNT, region: 'ap-northeast-3' } });
      const azs = ['ap-northeast-3a', 'ap-northeast-3b', 'ap-northeast-3c'];
      const ids = (prefix: string) => azs.map((_, i) => `${prefix}-0f${i}${'0'.repeat(14)}`);
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
        vpcId: `vpc-0f${'0'.repeat(15)}`, availabilityZones: azs, privateSubnetIds: ids('subnet'), privateSubnetRouteTableIds: ids('rtb'),
      });
      new ProvisionedCluster(stack, 'Cluster', { vpc });
    },
  },
  { name: 'Express over 2 AZs', ids: ['ExpressAzCount'], run: (b) => b.provisioned({ vpc: b.vpc(2), instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE }) },
  { name: 'Express on 3.7', ids: ['ExpressVersion'], run: (b) => b.provisioned({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, kafkaVersion: KafkaVersion.V3_7_X }) },
  { name: 'rebalancing on Standard brokers', ids: ['RebalancingNotExpress'], run: (b) => b.provisioned({ rebalancing: true }) },
  { name: 'no authentication mode', ids: ['NoAuthentication'], run: (b) => b.provisioned({ clientAuthentication: ClientAuthentication.of({}) }) },
  { name: 'mutual TLS without a CA', ids: ['MutualTlsWithoutCa'], run: (b) => b.provisioned({ clientAuthentication: ClientAuthentication.mutualTls([]) }) },
  { name: 'no security group', ids: ['SecurityGroupCount'], table: 'PROVISIONED_CLUSTER_RULES', run: (b) => b.provisioned({ securityGroups: [] }) },
  { name: 'RemovalPolicy.SNAPSHOT', ids: ['RemovalPolicySnapshot'], table: 'PROVISIONED_CLUSTER_RULES', run: (b) => b.provisioned({ removalPolicy: RemovalPolicy.SNAPSHOT }) },
  { name: 'a property name with a space', ids: ['ServerPropertyInvalid'], run: (b) => b.provisioned({ serverProperties: { 'bad key': '1' } }) },
  { name: 'two AZs', ids: ['FewerThanThreeBrokers'], run: (b) => b.provisioned({ vpc: b.vpc(2) }) },
  { name: '33 ZooKeeper brokers', ids: ['BrokerQuota'], run: (b) => b.provisioned({ kafkaVersion: KafkaVersion.V3_9_X, brokersPerAz: 11, alarms: { enabled: false }, dashboard: false }) },
  { name: 'a token brokersPerAz', ids: ['BrokerCountUnresolved'], run: (b) => b.provisioned({ brokersPerAz: Lazy.number({ produce: () => 1 }) }) },
  { name: 'a token volume size', ids: ['StorageValueUnresolved'], run: (b) => b.provisioned({ storage: { volumeSize: Size.gibibytes(Lazy.number({ produce: () => 100 })) } }) },
  { name: 'Kafka 3.5.1', ids: ['VersionEndOfSupport'], run: (b) => b.provisioned({ kafkaVersion: KafkaVersion.of('3.5.1') }) },
  { name: 'kafka.t3.small', ids: ['BurstableBrokers'], run: (b) => b.provisioned({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL }) },
  {
    name: 'Kafka 3.6.0 synthesized 3 months before its end of support',
    ids: ['VersionNearEndOfSupport'],
    run: (b) => {
      b.scope.node.setContext(SYNTH_DATE_CONTEXT, '2026-03-01');
      b.provisioned({ kafkaVersion: KafkaVersion.V3_6_0 });
    },
  },
  { name: 'an instance type the library does not know', ids: ['InstanceTypeUnknown'], run: (b) => b.provisioned({ instanceType: BrokerInstanceType.of('kafka.m8g.large') }) },
  {
    name: 'the instance type of an unpinned sizing plan',
    ids: ['SizingFamilyNotPinned'],
    run: (b) => b.provisioned({ sizing: ClusterSizing.recommend({ ingressMBps: 20, egressMBps: 40, retentionHours: 24, partitions: 100 }) }),
  },
  {
    name: 'a sizing plan priced for another Region',
    ids: ['SizingPriceRegion'],
    run: (b) => b.provisioned({ sizing: ClusterSizing.recommend({ ...WORKLOAD, allowExpress: false, prices: { region: 'eu-west-1' } }) }),
  },
  {
    name: 'compaction on a tiered cluster',
    ids: ['TieredStorageCompaction'],
    run: (b) => b.provisioned({ storage: { tieredStorage: true }, serverProperties: { 'log.cleanup.policy': 'compact' } }),
  },
  { name: 'min.insync.replicas 1', ids: ['WeakDurability'], run: (b) => b.provisioned({ serverProperties: { 'min.insync.replicas': '1' } }) },
  { name: 'open monitoring without an exporter', ids: ['OpenMonitoringNoExporter'], run: (b) => b.provisioned({ openMonitoring: {} }) },

  // Multi-VPC connectivity and public access.
  { name: 'multi-VPC without a scheme', ids: ['MultiVpcNoScheme'], run: (b) => b.provisioned({ multiVpcConnectivity: {} }) },
  { name: 'multi-VPC SCRAM on an IAM cluster', ids: ['MultiVpcSchemeNotOnCluster'], run: (b) => b.provisioned({ multiVpcConnectivity: { scram: true } }) },
  { name: 'multi-VPC on t3', ids: ['MultiVpcBurstable'], run: (b) => b.provisioned({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL, multiVpcConnectivity: { iam: true } }) },
  { name: 'multi-VPC on 2.6.0', ids: ['MultiVpcVersion'], run: (b) => b.provisioned({ kafkaVersion: KafkaVersion.of('2.6.0'), multiVpcConnectivity: { iam: true } }) },
  {
    name: 'multi-VPC SCRAM with open ACLs',
    ids: ['MultiVpcAclsOpen'],
    run: (b) => b.provisioned({ clientAuthentication: ClientAuthentication.scram(), multiVpcConnectivity: { scram: true } }),
  },
  { name: 'multi-VPC IAM', ids: ['MultiVpcTwoStep'], run: (b) => b.provisioned({ multiVpcConnectivity: { iam: true } }) },
  { name: 'public access on 2.5.1', ids: ['PublicAccessVersion'], run: (b) => publicCluster(b, { kafkaVersion: KafkaVersion.of('2.5.1') }) },
  { name: 'public access in private subnets', ids: ['PublicAccessPrivateSubnets'], run: (b) => b.provisioned({ publicAccess: true }) },
  {
    // Through ProvisionedCluster, NoAuthentication (checked first) stops a cluster without a mode before the
    // public-access rules run; the rule table is run directly with the facts the cluster would pass.
    name: 'public access without authentication (rule table run with the facts)',
    ids: ['PublicAccessNoAuthentication'],
    run: (b) => checkRules(b.scope, 'ProvisionedCluster', PUBLIC_ACCESS_RULES, {
      enabled: true,
      subnetsArePublic: true,
      clientAuthentication: ClientAuthentication.of({}),
      kafkaVersion: KafkaVersion.V3_9_X_KRAFT,
      instanceType: BrokerInstanceType.KAFKA_M7G_LARGE,
      serverProperties: {},
      openMonitoring: false,
    }),
  },
  { name: 'public access without authentication', ids: ['NoAuthentication'], run: (b) => publicCluster(b, { clientAuthentication: ClientAuthentication.of({}) }) },
  { name: 'public SCRAM with open ACLs', ids: ['PublicAccessAclsOpen'], run: (b) => publicCluster(b, { clientAuthentication: ClientAuthentication.scram() }) },
  { name: 'public access and open monitoring on KRaft', ids: ['PublicAccessWithOpenMonitoring'], run: (b) => publicCluster(b, { openMonitoring: { jmxExporter: true } }) },
  { name: 'public access', ids: ['PublicAccess'], run: (b) => publicCluster(b) },
  {
    name: 'public access in subnets the VPC does not list',
    ids: ['PublicAccessSubnetsUnknown'],
    run: (b) => b.provisioned({
      vpc: b.vpc(3, 'public'),
      publicAccess: true,
      vpcSubnets: { subnets: [0, 1, 2].map((i) => ec2.Subnet.fromSubnetAttributes(b.scope, `Other${i}`, { subnetId: `subnet-0f${i}${'0'.repeat(14)}`, availabilityZone: AZS[i] })) },
    }),
  },
  { name: 'public ports open to 0.0.0.0/0', ids: ['PublicAccessFromAnywhere'], run: (b) => publicCluster(b).allowPublicClientAccessFrom(ec2.Peer.anyIpv4()) },

  // Broker logs.
  { name: 'no log destination', ids: ['BrokerLogsNoDestination'], run: (b) => b.provisioned({ brokerLogs: BrokerLogs.combine() }) },
  { name: 'two S3 destinations', ids: ['BrokerLogsDuplicateDestination'], run: (b) => b.provisioned({ brokerLogs: BrokerLogs.combine(BrokerLogs.s3(), BrokerLogs.s3()) }) },
  {
    name: 'retention for an existing log group',
    ids: ['LogGroupWithRetention'],
    run: (b) => b.provisioned({ brokerLogs: BrokerLogs.cloudWatch({ logGroup: logs.LogGroup.fromLogGroupName(b.scope, 'Logs', 'msk'), retention: logs.RetentionDays.ONE_DAY }) }),
  },
  {
    name: 'a log group in another Region',
    ids: ['LogGroupOtherEnvironment'],
    run: (b) => b.provisioned({ brokerLogs: BrokerLogs.cloudWatch({ logGroup: logs.LogGroup.fromLogGroupArn(b.scope, 'Logs', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:msk:*`) }) }),
  },
  { name: 'firehose() without a stream', ids: ['DeliveryStreamMissing'], run: (b) => b.provisioned({ brokerLogs: BrokerLogs.firehose(undefined as unknown as firehose.IDeliveryStream) }) },
  {
    name: 'a stream in another Region',
    ids: ['DeliveryStreamOtherEnvironment'],
    run: (b) => b.provisioned({ brokerLogs: BrokerLogs.firehose(firehose.DeliveryStream.fromDeliveryStreamArn(b.scope, 'Stream', `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/logs`)) }),
  },
  {
    name: 'a stream that reads from Kinesis',
    ids: ['DeliveryStreamNotDirectPut'],
    run: (b) => {
      const stream = new firehose.DeliveryStream(b.scope, 'Stream', { destination: new firehose.S3Bucket(s3.Bucket.fromBucketName(b.scope, 'Bucket', 'logs')) });
      (stream.node.defaultChild as firehose.CfnDeliveryStream).deliveryStreamType = 'KinesisStreamAsSource';
      b.provisioned({ brokerLogs: BrokerLogs.firehose(stream) });
    },
  },
  {
    name: '16 log groups through one delivery policy',
    ids: ['LogDeliveryPolicyFull'],
    run: (b) => {
      for (let i = 0; i < 16; i++) {
        BrokerLogDeliveryPolicy.of(b.scope).allow(b.scope, logs.LogGroup.fromLogGroupName(b.scope, `Group${i}`, `group-${i}`));
      }
    },
  },

  // ServerlessCluster props.
  { name: 'six VPC configurations', ids: ['VpcConfigCount'], run: (b) => b.serverless({ additionalVpcs: [1, 2, 3, 4, 5].map(() => ({ vpc: b.vpc() })) }) },
  { name: 'serverless: a subnet type the VPC lacks', ids: ['SubnetSelectionInvalid'], table: 'SERVERLESS_CLUSTER_RULES', run: (b) => b.serverless({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }) },
  { name: 'serverless: one AZ', ids: ['SubnetsTooFew'], table: 'SERVERLESS_CLUSTER_RULES', run: (b) => b.serverless({ additionalVpcs: [{ vpc: b.vpc(), vpcSubnets: { availabilityZones: [AZS[0]] } }] }) },
  { name: 'serverless: two subnets in one AZ', ids: ['SubnetsShareAz'], table: 'SERVERLESS_CLUSTER_RULES', run: (b) => b.serverless({ vpcSubnets: { subnets: b.sameAzSubnets() } }) },
  { name: 'serverless: no security group', ids: ['SecurityGroupCount'], table: 'SERVERLESS_CLUSTER_RULES', run: (b) => b.serverless({ securityGroups: [] }) },
  { name: 'serverless: a name with a space', ids: ['ClusterNameInvalid'], table: 'SERVERLESS_CLUSTER_RULES', run: (b) => b.serverless({ clusterName: 'has space' }) },
  { name: 'serverless: a tag key with a semicolon', ids: ['TagInvalid'], run: (b) => b.serverless({ tags: { 'semi;colon': 'x' } }) },
  { name: 'serverless: RemovalPolicy.SNAPSHOT', ids: ['RemovalPolicySnapshot'], table: 'SERVERLESS_CLUSTER_RULES', run: (b) => b.serverless({ removalPolicy: RemovalPolicy.SNAPSHOT }) },
  {
    name: 'serverless: an organisation-wide Tags.of(app)',
    ids: ['ServerlessTagsIgnored'],
    run: (b) => {
      Tags.of(b.app).add('CostCenter', 'cc-42');
      b.serverless();
      b.app.synth();
    },
  },

  // Topics.
  { name: 'a topic on a cluster imported by name', ids: ['TopicsUnsupported'], run: (b) => ProvisionedCluster.fromClusterAttributes(b.scope, 'Imported', { clusterName: 'orders' }).addTopic('T', { topicName: 'orders', partitions: 1 }) },
  { name: 'replication factor 4 on 3 brokers', ids: ['TopicReplicationAboveBrokers'], run: (b) => b.provisioned().addTopic('T', { topicName: 'orders', partitions: 1, replicationFactor: 4 }) },
  {
    name: 'replication factor 2 on Express',
    ids: ['TopicReplicationFixed'],
    run: (b) => b.provisioned({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE }).addTopic('T', { topicName: 'orders', partitions: 1, replicationFactor: 2 }),
  },
  { name: '2000 partitions per broker on m7g.large', ids: ['TopicPartitionsAboveMax'], run: (b) => b.provisioned().addTopic('T', { topicName: 'orders', partitions: 2000 }) },
  { name: '1200 partitions per broker on m7g.large', ids: ['PartitionsAboveRecommended'], run: (b) => b.provisioned().addTopic('T', { topicName: 'orders', partitions: 1200 }) },
  { name: '0 partitions', ids: ['TopicPartitionsInvalid'], run: (b) => b.provisioned().addTopic('T', { topicName: 'orders', partitions: 0 }) },
  { name: 'replication factor 0', ids: ['TopicReplicationFactorInvalid'], run: (b) => b.provisioned().addTopic('T', { topicName: 'orders', partitions: 1, replicationFactor: 0 }) },
  {
    name: 'a compacted topic on tiered storage',
    ids: ['TopicCompactedTiered'],
    run: (b) => b.provisioned({ storage: { tieredStorage: true } }).addTopic('T', { topicName: 'state', partitions: 1, configs: { 'cleanup.policy': 'compact', 'remote.storage.enable': 'true' } }),
  },
  { name: 'a topic config with a space', ids: ['TopicConfigInvalid'], run: (b) => b.provisioned().addTopic('T', { topicName: 'orders', partitions: 1, configs: { 'retention ms': '1' } }) },

  // SCRAM users.
  { name: 'users of a non-ARN', ids: ['ScramClusterArnInvalid'], run: (b) => b.scramUsers('not-an-arn') },
  { name: 'users of a cluster in another account', ids: ['ScramClusterElsewhere'], run: (b) => b.scramUsers('arn:aws:kafka:us-east-1:222222222222:cluster/demo/abc') },
  { name: 'a token username', ids: ['ScramUsernameToken'], run: (b) => b.scramUsers().addUser(Lazy.string({ produce: () => 'alice' })) },
  { name: 'a username with a space', ids: ['ScramUsernameInvalid'], run: (b) => b.scramUsers().addUser('bad user') },
  {
    name: 'a username twice',
    ids: ['ScramUserDuplicate'],
    run: (b) => {
      const users = b.scramUsers();
      users.addUser('alice');
      users.addUser('alice', { secretName: 'AmazonMSK_other' });
    },
  },
  { name: 'a secret name without the prefix', ids: ['ScramSecretNamePrefix'], run: (b) => b.scramUsers().addUser('alice', { secretName: 'alice-secret' }) },
  { name: 'a secret name with a space', ids: ['ScramSecretNameInvalid'], run: (b) => b.scramUsers().addUser('alice', { secretName: 'AmazonMSK_bad name' }) },
  {
    name: 'a secret name twice',
    ids: ['ScramSecretNameDuplicate'],
    run: (b) => {
      const users = b.scramUsers();
      users.addUser('alice', { secretName: 'AmazonMSK_shared' });
      users.addUser('bob', { secretName: 'AmazonMSK_shared' });
    },
  },
  {
    // 1000 real users would take seconds; the rule table is run directly with the facts addUser passes.
    name: 'user 1001 (rule table run with the facts)',
    ids: ['ScramUsersTooMany'],
    run: (b) => checkRules(b.scope, 'ScramUsers', SCRAM_USER_RULES, {
      username: 'one-too-many',
      secretName: 'AmazonMSK_demo_one-too-many',
      existingUsernames: Array.from({ length: 1000 }, (_, i) => `user${i}`),
      existingSecretNames: [],
    }),
  },
  {
    name: '11 users',
    ids: ['ScramUsersOverAssociateBatch'],
    run: (b) => {
      const users = b.scramUsers();
      for (let i = 0; i < 11; i++) {
        users.addUser(`user${i}`);
      }
    },
  },

  // Cluster policies and VPC connections.
  { name: 'a policy on a non-ARN', ids: ['ClusterPolicyArnInvalid'], run: (b) => new ClusterPolicy(b.scope, 'Policy', { clusterArn: 'not-an-arn' }) },
  {
    name: 'two policies on one cluster',
    ids: ['ClusterPolicyDuplicate'],
    run: (b) => {
      const arn = `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/demo/abc`;
      new ClusterPolicy(b.scope, 'First', { clusterArn: arn });
      new ClusterPolicy(b.scope, 'Second', { clusterArn: arn });
    },
  },
  {
    name: 'a policy for every principal (checked when the app is validated)',
    ids: ['ClusterPolicyAnyPrincipal'],
    run: (b) => {
      const arn = `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/demo/abc`;
      const policy = new ClusterPolicy(b.scope, 'Policy', { clusterArn: arn });
      policy.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['kafka:CreateVpcConnection'], resources: [arn] }));
      // What synthesis runs first (a synth would also start the built-in CloudFormation validation: seconds).
      expect(policy.node.validate()).toEqual([]);
    },
  },
  { name: 'a connection to a non-ARN', ids: ['VpcConnectionArnInvalid'], run: (b) => b.vpcConnection({ arn: 'not-an-arn' }) },
  { name: 'a connection to another Region', ids: ['VpcConnectionCrossRegion'], run: (b) => b.vpcConnection({ arn: 'arn:aws:kafka:eu-west-1:222222222222:cluster/demo/abc' }) },
  { name: 'a connection in one AZ', ids: ['VpcConnectionSubnetsTooFew'], run: (b) => b.vpcConnection({ vpcSubnets: { availabilityZones: [AZS[0]] } }) },
  { name: 'a connection in four subnets', ids: ['VpcConnectionSubnetsTooMany'], run: (b) => b.vpcConnection({ vpc: b.vpc(4), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }) },
  { name: 'a connection in two subnets of one AZ', ids: ['VpcConnectionSubnetsShareAz'], run: (b) => b.vpcConnection({ vpcSubnets: { subnets: b.sameAzSubnets() } }) },
  { name: 'a connection without security groups', ids: ['VpcConnectionSecurityGroupCount'], run: (b) => b.vpcConnection({ securityGroups: [] }) },
  {
    name: 'a connection from a VPC without DNS hostnames',
    ids: ['VpcConnectionDnsDisabled'],
    run: (b) => b.vpcConnection({ vpc: new ec2.Vpc(b.scope, 'NoDns', { enableDnsHostnames: false, natGateways: 0, maxAzs: 2, subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }) }),
  },

  { name: 'a token brokersPerAz', ids: ['BrokerCountUnresolved'], run: (b) => b.provisioned({ brokersPerAz: Lazy.number({ produce: () => 1 }) }) },
  { name: 'a token volume size', ids: ['StorageValueUnresolved'], run: (b) => b.provisioned({ storage: { volumeSize: Size.gibibytes(Lazy.number({ produce: () => 100 })) } }) },

  // Errors raised directly by methods (message tables), and grants.
  { name: 'an imported cluster without an identity', ids: ['ImportedClusterIdentityMissing'], run: (b) => ProvisionedCluster.fromClusterAttributes(b.scope, 'Imported', {}) },
  {
    name: 'an imported cluster read for an attribute it was not given',
    ids: ['ImportedClusterAttributeMissing'],
    run: (b) => ProvisionedCluster.fromClusterAttributes(b.scope, 'Imported', { clusterArn: IMPORTED_ARN }).bootstrapBrokersTls,
  },
  {
    name: 'a lag alarm on an imported cluster without monitoring',
    ids: ['ImportedClusterNoAlarmActions'],
    run: (b) => (ProvisionedCluster.fromClusterAttributes(b.scope, 'Imported', { clusterArn: IMPORTED_ARN }) as unknown as ClusterBase).addConsumerLagAlarm('g', 't', 100),
  },
  { name: 'a cluster ARN that is not one', ids: ['ClusterArnInvalid'], run: (b) => ProvisionedCluster.fromClusterAttributes(b.scope, 'Imported', { clusterArn: 'not-an-arn' }).grantProduce(new iam.AccountRootPrincipal(), 'orders') },
  { name: 'a grant for a topic with a space', ids: ['KafkaNameInvalid'], run: (b) => b.provisioned().grantProduce(new iam.AccountRootPrincipal(), 'bad topic') },
  { name: 'a grant of no actions', ids: ['GrantActionsMissing'], run: (b) => b.provisioned().grant(new iam.AccountRootPrincipal()) },
  { name: 'a grant of an S3 action', ids: ['GrantActionNotMsk'], run: (b) => b.provisioned().grant(new iam.AccountRootPrincipal(), 's3:GetObject') },
  { name: 'the TLS brokers of an IAM-only cluster', ids: ['BrokersNotEnabled'], run: (b) => b.provisioned().bootstrapBrokersTls },
  { name: 'a SCRAM user on an IAM-only cluster', ids: ['ScramNotEnabled'], run: (b) => b.provisioned().addScramUser('alice') },
  { name: 'public client access without public access', ids: ['PublicAccessNotEnabled'], run: (b) => b.provisioned().allowPublicClientAccessFrom(ec2.Peer.ipv4('203.0.113.0/24')) },
  { name: 'the alarm topic of a cluster whose alarms notify your actions', ids: ['AlarmTopicAbsent'], run: (b) => b.provisioned({ alarms: { actions: [] } }).alarmTopic },
  { name: 'the dashboard of a cluster created without one', ids: ['DashboardAbsent'], run: (b) => b.provisioned({ dashboard: false }).dashboard },
  { name: 'Prometheus access without open monitoring', ids: ['OpenMonitoringNotEnabled'], run: (b) => b.provisioned().allowPrometheusFrom(new ec2.Connections()) },
  { name: 'throughput alarms for no topics', ids: ['ThroughputAlarmTopicCount'], run: (b) => b.serverless().addThroughputAlarms([]) },
  { name: 'throughput alarms at 150 percent', ids: ['ThroughputAlarmPercentOutOfRange'], run: (b) => b.serverless().addThroughputAlarms(['orders'], 150) },
  {
    name: 'brokersPerAz from a CloudFormation parameter',
    ids: ['BrokersPerAzDeployTime'],
    run: (b) => {
      const brokersPerAz = new CfnParameter(b.stack, 'BrokersPerAz', { type: 'Number' }).valueAsNumber;
      const cluster = b.provisioned({ brokersPerAz, alarms: { enabled: false }, dashboard: false });
      b.stack.resolve((cluster.node.defaultChild as msk.CfnCluster).numberOfBrokerNodes);
    },
  },
  {
    name: 'a synth-date context that is not a date',
    ids: ['SynthDateInvalid'],
    run: (b) => {
      b.scope.node.setContext(SYNTH_DATE_CONTEXT, 'next week');
      b.provisioned();
    },
  },
  { name: 'an instance type that is not one', ids: ['InstanceTypeInvalid'], run: () => BrokerInstanceType.of('m7g.large') },
  { name: 'an alarm description over 1024 characters', ids: ['AlarmDescriptionTooLong'], run: () => alarmDescription('x'.repeat(1024), 'wait') },
  { name: 'a SCRAM users construct without users', ids: ['ScramUsersEmpty'], run: (b) => throwValidation(b.scramUsers()) },
  // Kafka ACLs.
  { name: 'Kafka ACLs on a cluster without SASL/SCRAM', ids: ['KafkaAclsNeedScram'], run: (b) => b.provisioned().kafkaAcls },
  { name: 'Kafka ACLs on a serverless cluster', ids: ['KafkaAclsServerless'], run: (b) => new KafkaAcls(b.scope, 'Acls', { cluster: b.serverless() }) },
  {
    name: 'Kafka ACLs on an imported cluster',
    ids: ['KafkaAclsClusterNotDefinedHere'],
    run: (b) => new KafkaAcls(b.scope, 'Acls', { cluster: ProvisionedCluster.fromClusterAttributes(b.scope, 'Imported', { clusterArn: IMPORTED_ARN }) }),
  },
  { name: 'a SCRAM principal with a space', ids: ['KafkaPrincipalInvalid'], run: () => KafkaPrincipal.scramUser('bad user') },
  { name: 'an ACL resource with a space', ids: ['KafkaAclResourceInvalid'], run: () => KafkaAclResource.topic('bad topic') },
  {
    name: 'an ACL for a host name',
    ids: ['KafkaAclHostInvalid'],
    run: (b) => b.provisioned({ clientAuthentication: ClientAuthentication.scram() }).kafkaAcls.addAcl({
      principal: KafkaPrincipal.scramUser('alice'), resource: KafkaAclResource.topic('orders'), operation: KafkaAclOperation.READ, host: 'client.example.com',
    }),
  },
  { name: 'a certificate user on a cluster without mutual TLS', ids: ['MutualTlsNotEnabled'], run: (b) => b.provisioned({ clientAuthentication: ClientAuthentication.scram() }).certificateUser('CN=orders') },
  { name: 'a grant for a SCRAM user of a standalone ScramUsers', ids: ['ScramUserGrantsNeedCluster'], run: (b) => b.scramUsers().addUser('alice').grantProduce('orders') },
  { name: 'a cluster policy without statements', ids: ['ClusterPolicyEmpty'], run: (b) => throwValidation(new ClusterPolicy(b.scope, 'Policy', { clusterArn: IMPORTED_ARN })) },
  {
    name: 'a cluster policy statement without a principal',
    ids: ['ClusterPolicyStatementInvalid'],
    run: (b) => {
      const policy = new ClusterPolicy(b.scope, 'Policy', { clusterArn: IMPORTED_ARN });
      policy.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kafka:CreateVpcConnection'], resources: [IMPORTED_ARN] }));
      throwValidation(policy);
    },
  },

  // Sizing and cost estimates.
  { name: 'sizing: ingress 0', ids: ['SizingInputInvalid'], run: () => ClusterSizing.recommend({ ingressMBps: 0, egressMBps: 1, retentionHours: 24, partitions: 1 }) },
  {
    name: 'sizing: Express and allowExpress false',
    ids: ['SizingExpressNotAllowed'],
    run: () => ClusterSizing.recommend({ ...WORKLOAD, brokerFamily: SizingBrokerFamily.EXPRESS, allowExpress: false }),
  },
  { name: 'sizing: Express over 2 AZs', ids: ['SizingExpressLayout'], run: () => ClusterSizing.recommend({ ...WORKLOAD, brokerFamily: SizingBrokerFamily.EXPRESS, azCount: 2 }) },
  {
    name: 'sizing: a family other than the current one',
    ids: ['SizingCurrentFamilyConflict'],
    run: () => ClusterSizing.recommend({
      ...WORKLOAD, brokerFamily: SizingBrokerFamily.STANDARD, current: { brokerFamily: SizingBrokerFamily.EXPRESS },
    }),
  },
  {
    name: 'sizing: a volume for an Express cluster',
    ids: ['SizingCurrentExpressStorage'],
    run: () => ClusterSizing.recommend({ ...WORKLOAD, current: { brokerFamily: SizingBrokerFamily.EXPRESS, volumeSizeGiB: 100 } }),
  },
  { name: 'sizing: a Region that is not one', ids: ['SizingRegionInvalid'], run: () => ClusterSizing.recommend({ ...WORKLOAD, region: 'Ireland' }) },
  { name: 'sizing: one broker price for a comparison', ids: ['SizingBrokerPriceAmbiguous'], run: () => ClusterSizing.recommend({ ...WORKLOAD, prices: { brokerHourUsd: 1 } }) },
  { name: 'sizing: nothing fits 3 brokers', ids: ['SizingNothingFits'], run: () => ClusterSizing.recommend({ ...WORKLOAD, ingressMBps: 2000, maxBrokers: 3 }) },
  {
    name: 'sizing: an Express cluster outgrown',
    ids: ['SizingMigrationNeeded'],
    run: () => ClusterSizing.recommend({ ...WORKLOAD, ingressMBps: 400, maxBrokers: 6, current: { brokerFamily: SizingBrokerFamily.STANDARD } }),
  },
  {
    name: 'sizing: constraints rule out every option',
    ids: ['SizingNoEligibleOption'],
    run: () => ClusterSizing.recommend({ ...WORKLOAD, brokerFamily: SizingBrokerFamily.EXPRESS, kafkaVersion: KafkaVersion.of('3.7.x') }),
  },
  { name: 'price table: an unknown type', ids: ['PriceTableBrokerPriceMissing'], run: () => MskPriceTable.brokerHourUsd('kafka.m8g.large') },
  { name: 'cost: an unknown type', ids: ['CostBrokerPriceMissing'], run: () => cost({ instanceType: BrokerInstanceType.of('kafka.m8g.large') }) },
  { name: 'cost: a volume on Express', ids: ['CostExpressVolume'], run: () => cost({ instanceType: EXPRESS, volumeSizeGiB: 100 }) },
  { name: 'cost: throughput on m7g.large', ids: ['CostThroughputUnsupported'], run: () => cost({ provisionedThroughputMiBps: 250 }) },
  { name: 'cost: Express ingress on a standard broker', ids: ['CostIngressNotExpress'], run: () => cost({ expressIngressGBPerMonth: 1 }) },
  { name: 'cost: Express storage on a standard broker', ids: ['CostExpressStorageNotExpress'], run: () => cost({ expressStorageGBMonth: 1 }) },
  { name: 'cost: Express storage without its price', ids: ['CostExpressStoragePriceMissing'], run: () => cost({ instanceType: EXPRESS, expressStorageGBMonth: 1 }) },
  { name: 'cost: tiered storage on Express', ids: ['CostTieredStorageExpress'], run: () => cost({ instanceType: EXPRESS, tieredStorageGBMonth: 1 }) },
  { name: 'cost: tiered storage on t3', ids: ['CostTieredStorageBurstable'], run: () => cost({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL, tieredStorageGBMonth: 1 }) },
  { name: 'cost: tiered storage without its price', ids: ['CostTieredStoragePriceMissing'], run: () => cost({ tieredStorageGBMonth: 1 }) },
  { name: 'cost: tiered retrieval on Express', ids: ['CostTieredRetrievalExpress'], run: () => cost({ instanceType: EXPRESS, tieredRetrievalGBPerMonth: 1 }) },
  { name: 'cost: tiered retrieval on t3', ids: ['CostTieredRetrievalBurstable'], run: () => cost({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL, tieredRetrievalGBPerMonth: 1 }) },
  { name: 'cost: tiered retrieval without its price', ids: ['CostTieredRetrievalPriceMissing'], run: () => cost({ tieredRetrievalGBPerMonth: 1 }) },
  {
    name: 'cost: an Express plan without ingress',
    ids: ['CostExpressPlanIngressMissing'],
    run: () => {
      const plan = ClusterSizing.recommend({ ...WORKLOAD, brokerFamily: SizingBrokerFamily.EXPRESS });
      CostEstimator.forRecommendation({ ...plan, ingressGBPerMonth: undefined });
    },
  },
  { name: 'cost: a blank price Region', ids: ['CostPriceRegionInvalid'], run: () => cost({ prices: { region: ' ' } }) },
  { name: 'cost: a negative price', ids: ['CostPriceInvalid'], run: () => cost({ prices: { brokerHourUsd: -1 } }) },
  { name: 'cost: a negative volume', ids: ['CostInputInvalid'], run: () => cost({ volumeSizeGiB: -1 }) },
  { name: 'cost: 2.5 brokers', ids: ['CostInputNotWhole'], run: () => cost({ brokerCount: 2.5 }) },

  // Integration rules no test under test/integrations names yet.
  { name: 'Flink: vpcSubnets without vpc', ids: ['FlinkVpcSubnetsWithoutVpc'], run: (b) => flink(b, { cluster: b.provisioned(), vpcSubnets: { onePerAz: true } }) },
  { name: 'Flink: a 1025-character description', ids: ['FlinkDescriptionTooLong'], run: (b) => flink(b, { cluster: b.provisioned(), description: 'x'.repeat(1025) }) },
  { name: 'Flink: a source topic with a space', ids: ['FlinkSourceTopicInvalid'], run: (b) => flink(b, { cluster: b.provisioned(), sourceTopic: 'click stream' }) },
  {
    name: 'Flink: an imported cluster without security groups',
    ids: ['FlinkImportedClusterPortsNotOpened'],
    run: (b) => {
      const vpc = b.vpc();
      const cluster = ProvisionedCluster.fromClusterAttributes(b.scope, 'Imported', { clusterArn: IMPORTED_ARN, bootstrapBrokers: 'b-1.events:9098' });
      flink(b, { cluster, vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    },
  },
];

/**
 * Rule ids produced: from the thrown library error (its problems, read as data; from the message for a CDK
 * validation report), and from the warnings in the construct tree.
 */
function produced(bed: Bed, run: () => void): { ids: string[]; thrown?: string; messages: string[] } {
  let thrown: string | undefined;
  const messages: string[] = [];
  const ids: string[] = [];
  try {
    run();
  } catch (e) {
    thrown = e instanceof Error ? e.message : String(e);
    for (const problem of ValidationErrors.problemsOf(e)) {
      ids.push(problem.ruleId);
      messages.push(problem.message);
    }
  }
  for (const construct of bed.app.node.findAll() as IConstruct[]) {
    for (const entry of construct.node.metadata) {
      const warning = entry.type === 'aws:cdk:warning' && typeof entry.data === 'string'
        ? /^([\s\S]*) \[ack: cdk-msk-constructs:([A-Za-z0-9]+)(:[^\]]*)?\]$/.exec(entry.data) : null;
      if (warning) {
        ids.push(warning[2]);
        messages.push(warning[1]);
      }
    }
  }
  return { ids, thrown, messages };
}

describe('every rule is exercised', () => {
  const outcomes = SCENARIOS.map((scenario) => {
    const bed = new Bed();
    return { scenario, ...produced(bed, () => scenario.run(bed)) };
  });

  test.each(outcomes.map((o) => [o.scenario.name, o] as const))('%s', (_name, outcome) => {
    const { scenario, ids, thrown } = outcome;
    const errorIds = new Set(catalog.tables.filter((t) => t.severity === 'error').flatMap((t) => t.rules.map((r) => r.id)));
    const expectsError = scenario.ids.some((id) => errorIds.has(id));
    if (expectsError) {
      expect(thrown).toMatch(/cdk-msk-constructs: \d+ problems? in /);
    } else if (thrown !== undefined) {
      throw new Error(`the scenario was meant to warn, but threw: ${thrown}`);
    }
    expect(ids).toEqual(expect.arrayContaining(scenario.ids));
  });

  test('each rule of the library\'s own tables (outside src/integrations) has a scenario that produces it', () => {
    const tablesOf = (id: string) => catalog.tables.filter((t) => t.rules.some((r) => r.id === id)).map((t) => t.name);
    const covered = new Set<string>();
    for (const { scenario, ids } of outcomes) {
      for (const id of scenario.ids.filter((x) => ids.includes(x))) {
        const tables = tablesOf(id);
        if (tables.length > 1 && !scenario.table) {
          throw new Error(`scenario '${scenario.name}': ${id} is in ${tables.join(', ')}; say which with \`table\``);
        }
        covered.add(`${scenario.table ?? tables[0] ?? '(none)'}/${id}`);
      }
    }
    const missing = catalog.tables.filter((t) => !isIntegration(t)).flatMap((t) => t.rules.map((r) => `${t.name}/${r.id}`)).filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
  });

  test('the rule messages the scenarios produce start with the property; errors give the fix', () => {
    const severityOf = (id: string) => catalog.tables.find((t) => t.rules.some((r) => r.id === id))?.severity;
    const weak: string[] = [];
    for (const { scenario, messages, ids } of outcomes) {
      messages.forEach((message, i) => {
        const severity = severityOf(ids[i]);
        if (severity === undefined) {
          return; // raised directly, outside the rule tables
        }
        if (!/^[A-Za-z][\w.[\], ]*: /.test(message)) {
          weak.push(`${scenario.name} [${ids[i]}] no property first: ${message}`);
        }
        if (severity === 'error' && !message.includes('Fix:')) {
          weak.push(`${scenario.name} [${ids[i]}] no "Fix:": ${message}`);
        }
      });
    }
    expect(weak).toEqual([]);
  });

  test('each integration rule is produced by a scenario here or at least named by a test under test/', () => {
    const testText = sourceFiles(path.join(REPO_ROOT, 'test'))
      .filter((f) => !f.startsWith('test/docs/') && !f.startsWith('test/fuzz/'))
      .map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf-8'))
      .join('\n');
    const producedHere = new Set(outcomes.flatMap(({ scenario, ids }) => scenario.ids.filter((id) => ids.includes(id))));
    const unnamed = catalog.tables.filter(isIntegration)
      .flatMap((t) => t.rules.filter((r) => !producedHere.has(r.id) && !new RegExp(`\\b${r.id}\\b`).test(testText)).map((r) => `${t.file}#${t.name}/${r.id}`));
    expect(unnamed).toEqual([]);
  });
});

/**
 * Express parity: every capability or restriction MSK documents for Express brokers, and how the library models it.
 * Each row synthesizes an Express cluster: an allowed capability must reach the template, a refused one must fail
 * with the rule id that explains it. Each row names its AWS source.
 */
import { Lazy, Size, aws_acmpca as acmpca, aws_ec2 as ec2, aws_kinesisfirehose as firehose } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BrokerInstanceType, BrokerLogs, ClientAuthentication, KafkaVersion, ProvisionedCluster, ProvisionedClusterProps } from '../../src';
import { errorOf } from '../util/errors';
import { vpcStack } from '../util/stacks';

const EXPRESS = BrokerInstanceType.EXPRESS_M7G_LARGE;

/** An Express cluster 'Events' in a 3-AZ VPC (or `azs`), with `props` (or their builder) on top. */
function express(props: Partial<ProvisionedClusterProps> | ((stack: ReturnType<typeof vpcStack>['stack']) => Partial<ProvisionedClusterProps>) = {}, azs = 3) {
  const { stack, vpc } = vpcStack(azs);
  const extra = typeof props === 'function' ? props(stack) : props;
  const cluster = new ProvisionedCluster(stack, 'Events', { vpc, instanceType: EXPRESS, ...extra });
  const template = Template.fromStack(stack);
  const clusters = template.findResources('AWS::MSK::Cluster');
  expect(Object.keys(clusters)).toHaveLength(1);
  return { stack, cluster, template, props: Object.values(clusters)[0].Properties };
}

describe('Express parity: storage', () => {
  // MSK developer guide, "Amazon MSK broker types" (broker-instance-types): Express storage is fully managed by MSK,
  // pay-as-you-go, with no EBS sizing; EBS storage, provisioned throughput and storage auto-scaling are Standard-only.
  test('no EBS storage: the template has no StorageInfo and no storage autoscaling', () => {
    const { template, props } = express();
    expect(props.BrokerNodeGroupInfo.StorageInfo).toBeUndefined();
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('fails when storage settings are given (ExpressStorage)', () => {
    expect(errorOf(() => express({ storage: { volumeSize: Size.gibibytes(100) } }))).toMatch(/\[ExpressStorage\] storage:/);
    expect(errorOf(() => express({ storage: { provisionedThroughputMiBps: 250 } }))).toMatch(/\[ExpressStorage\] storage:/);
  });

  // Same page: tiered storage is a Standard-only feature.
  test('fails when tiered storage is asked for (ExpressStorage)', () => {
    expect(errorOf(() => express({ storage: { tieredStorage: true } }))).toMatch(/\[ExpressStorage\] storage:/);
  });
});

describe('Express parity: layout and instance types', () => {
  // MSK developer guide, "Amazon MSK Express brokers": Express clusters run in 3 Availability Zones.
  test('3 AZs: one broker per AZ by default', () => {
    const { props } = express();
    expect(props.BrokerNodeGroupInfo.ClientSubnets).toHaveLength(3);
    expect(props.NumberOfBrokerNodes).toBe(3);
  });

  test('fails when the VPC has 2 AZs (ExpressAzCount)', () => {
    expect(errorOf(() => express({}, 2))).toMatch(/\[ExpressAzCount\] vpcSubnets:/);
  });

  // "Amazon MSK broker types": Express brokers come in the M7g family only (express.m7g.large to express.m7g.16xlarge).
  test.each([
    BrokerInstanceType.EXPRESS_M7G_LARGE, BrokerInstanceType.EXPRESS_M7G_XLARGE, BrokerInstanceType.EXPRESS_M7G_2XLARGE,
    BrokerInstanceType.EXPRESS_M7G_4XLARGE, BrokerInstanceType.EXPRESS_M7G_8XLARGE, BrokerInstanceType.EXPRESS_M7G_12XLARGE,
    BrokerInstanceType.EXPRESS_M7G_16XLARGE,
  ])('%s is a known Express type and synthesizes', (type) => {
    expect(type.isExpress && type.isKnown && type.family === 'm7g').toBe(true);
    expect(express({ instanceType: type }).props.BrokerNodeGroupInfo.InstanceType).toBe(type.instanceType);
  });

  // An Express family MSK does not document is not refused (MSK may add one), but its limits are unknown: warned.
  test('an undocumented Express family synthesizes with the InstanceTypeUnknown warning', () => {
    const { stack } = express({ instanceType: BrokerInstanceType.of('express.m8g.large') });
    Annotations.fromStack(stack).hasWarning('/Test/Events', Match.stringLikeRegexp('InstanceTypeUnknown'));
  });

  // "Amazon MSK Express brokers": replication factor 3 and min.insync.replicas 2 are fixed by MSK, so the library
  // writes no replication keys into the configuration of an Express cluster.
  test('no replication keys in the configuration', () => {
    const { template } = express();
    const text = JSON.stringify(template.findResources('AWS::MSK::Configuration'));
    expect(text).toContain('auto.create.topics.enable=false');
    expect(text).not.toContain('default.replication.factor');
    expect(text).not.toContain('min.insync.replicas');
  });
});

describe('Express parity: Kafka versions', () => {
  // MSK developer guide, "Amazon MSK broker types": Express starts at Kafka 3.6; "Document history" (2025-06-05):
  // Express on 3.8; "Upgrade Standard brokers to Express brokers": needs 3.9 KRaft, so 3.9 runs on Express.
  test.each([KafkaVersion.V3_6_0, KafkaVersion.V3_8_X, KafkaVersion.V3_8_X_KRAFT, KafkaVersion.V3_9_X_KRAFT])('%s synthesizes on Express', (version) => {
    expect(express({ kafkaVersion: version }).props.KafkaVersion).toBe(version.version);
  });

  // 3.7 and 4.0/4.1 are not listed for Express in the pages above: refused.
  test.each([KafkaVersion.V3_7_X, KafkaVersion.V3_7_X_KRAFT, KafkaVersion.V4_0_X_KRAFT, KafkaVersion.V4_1_X_KRAFT])('fails when %s is used on Express (ExpressVersion)', (version) => {
    expect(errorOf(() => express({ kafkaVersion: version }))).toMatch(/\[ExpressVersion\] kafkaVersion:/);
  });

  // UNVERIFIED: the library also accepts 4.2 on Express (shared reference msk-facts.md, marked uncertain); the AWS
  // pages read for issue 18 do not list it. This row records the current behaviour; see the issue 18 report.
  test('4.2 is accepted on Express (library behaviour, source unconfirmed)', () => {
    expect(KafkaVersion.V4_2_X_KRAFT.supportsExpress).toBe(true);
    expect(express({ kafkaVersion: KafkaVersion.V4_2_X_KRAFT }).props.KafkaVersion).toBe('4.2.x.kraft');
  });
});

describe('Express parity: broker logs', () => {
  // MSK developer guide, "Amazon MSK logging": broker logs go to CloudWatch Logs, S3 or Firehose on Standard and
  // Express brokers alike.
  test('S3 (the default)', () => {
    expect(express().props.LoggingInfo.BrokerLogs.S3).toEqual({ Enabled: true, Bucket: { Ref: expect.stringMatching(/^EventsBrokerLogBucket/) } });
  });

  test('CloudWatch Logs', () => {
    const { props } = express({ brokerLogs: BrokerLogs.cloudWatch() });
    expect(props.LoggingInfo.BrokerLogs.CloudWatchLogs).toEqual({ Enabled: true, LogGroup: { Ref: expect.stringMatching(/^Events/) } });
  });

  test('Firehose', () => {
    const { props } = express((stack) => ({
      brokerLogs: BrokerLogs.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'msk-broker-logs')),
    }));
    expect(props.LoggingInfo.BrokerLogs.Firehose).toEqual({ Enabled: true, DeliveryStream: 'msk-broker-logs' });
  });

  // The same page: authorizer logs, on Standard and Express brokers, to the same destination types.
  test('authorizer logs: off by default; authorizerLogs: true sends them where the broker logs go', () => {
    expect(express().props.LoggingInfo.AuthorizerLogs).toBeUndefined();
    const { props } = express({ authorizerLogs: true, brokerLogs: BrokerLogs.combine(BrokerLogs.s3(), BrokerLogs.cloudWatch()) });
    expect(props.LoggingInfo.AuthorizerLogs).toEqual(props.LoggingInfo.BrokerLogs);
    expect(Object.keys(props.LoggingInfo.AuthorizerLogs).sort()).toEqual(['CloudWatchLogs', 'S3']);
  });

  test('authorizer logs on Standard brokers too', () => {
    const { stack, vpc } = vpcStack();
    new ProvisionedCluster(stack, 'Standard', { vpc, authorizerLogs: true });
    const [cluster] = Object.values(Template.fromStack(stack).findResources('AWS::MSK::Cluster'));
    expect(cluster.Properties.LoggingInfo.AuthorizerLogs.S3).toEqual(cluster.Properties.LoggingInfo.BrokerLogs.S3);
  });
});

describe('Express parity: authentication, access and monitoring', () => {
  // "Amazon MSK broker types" (comparison table): Express has the same security features as Standard: IAM,
  // SASL/SCRAM, mTLS, encryption, private and public access.
  test('IAM (the default)', () => {
    expect(express().props.ClientAuthentication.Sasl.Iam).toEqual({ Enabled: true });
  });

  test('SASL/SCRAM', () => {
    expect(express({ clientAuthentication: ClientAuthentication.scram() }).props.ClientAuthentication.Sasl.Scram).toEqual({ Enabled: true });
  });

  test('mutual TLS', () => {
    const { props } = express((stack) => ({
      clientAuthentication: ClientAuthentication.mutualTls([
        acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/abc'),
      ]),
    }));
    expect(props.ClientAuthentication.Tls).toEqual({ Enabled: true, CertificateAuthorityArnList: ['arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/abc'] });
  });

  test('public access, in public subnets', () => {
    const { props } = express({ publicAccess: true, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC, onePerAz: true } });
    expect(props.BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess).toEqual({ Type: 'SERVICE_PROVIDED_EIPS' });
  });

  // Same table: CloudWatch metrics and Prometheus open monitoring on both broker types.
  test('open monitoring', () => {
    const { props } = express({ openMonitoring: { jmxExporter: true, nodeExporter: true } });
    expect(props.OpenMonitoring).toEqual({ Prometheus: { JmxExporter: { EnabledInBroker: true }, NodeExporter: { EnabledInBroker: true } } });
  });

  test('encryption at rest with the cluster key and TLS in transit', () => {
    const { props } = express();
    expect(props.EncryptionInfo.EncryptionInTransit).toEqual({ ClientBroker: 'TLS', InCluster: true });
    expect(props.EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId).toBeDefined();
  });
});

describe('Express parity: intelligent rebalancing', () => {
  // MSK developer guide, "Intelligent rebalancing for clusters": on by default (ACTIVE) for Express clusters created
  // since 2025-11-20; older Express clusters have it PAUSED. CloudFormation, "AWS::MSK::Cluster Rebalancing":
  // Status ACTIVE or PAUSED, update with no interruption.
  test('not set: no Rebalancing in the template (MSK default)', () => {
    expect(express().props.Rebalancing).toBeUndefined();
  });

  test('true renders ACTIVE, false renders PAUSED', () => {
    expect(express({ rebalancing: true }).props.Rebalancing).toEqual({ Status: 'ACTIVE' });
    expect(express({ rebalancing: false }).props.Rebalancing).toEqual({ Status: 'PAUSED' });
  });

  test('a token that resolves to a boolean at synth time is mapped too', () => {
    const token = Lazy.any({ produce: () => false }) as unknown as boolean;
    expect(express({ rebalancing: token }).props.Rebalancing).toEqual({ Status: 'PAUSED' });
  });

  // Intelligent rebalancing is an Express feature ("Intelligent rebalancing for clusters"; MSK API "UpdateRebalancing").
  test('fails when rebalancing is set on Standard brokers (RebalancingNotExpress)', () => {
    const { stack, vpc } = vpcStack();
    const error = errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, instanceType: BrokerInstanceType.KAFKA_M7G_LARGE, rebalancing: false }));
    expect(error).toMatch(/\[RebalancingNotExpress\] rebalancing: .*kafka\.m7g\.large.*Fix: /);
  });

  test('fails when rebalancing is set on the default (Standard) instance type', () => {
    const { stack, vpc } = vpcStack();
    expect(errorOf(() => new ProvisionedCluster(stack, 'Events', { vpc, rebalancing: true }))).toMatch(/\[RebalancingNotExpress\]/);
  });
});

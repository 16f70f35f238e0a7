import { createHash } from 'crypto';

/** Where a template is imagined deployed: the values of the pseudo parameters. */
export interface DeployEnv {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly stackName: string;
  readonly urlSuffix: string;
}

/** What `Ref` and `Fn::GetAtt` of one resource return once deployed. */
export interface ResourceIdentity {
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A resource of a template, its properties already resolved to plain values. */
export interface IdentityInput {
  readonly logicalId: string;
  readonly type: string;
  /** Reads a property, resolved; undefined when absent. */
  readonly prop: (name: string) => unknown;
  readonly env: DeployEnv;
}

/** A stable, well-formed id derived from the logical id (so every run gives the same ARNs). */
export function stableHex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** A UUID derived from the logical id. */
export function stableUuid(seed: string): string {
  const h = stableHex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The name CloudFormation generates for a resource without one: `<stack>-<logicalId>-<suffix>`. */
function generatedName(input: IdentityInput, maxLength = 64, lowerCase = false): string {
  const suffix = stableHex(input.logicalId, 12).toUpperCase();
  const head = `${input.env.stackName}-${input.logicalId}`.slice(0, maxLength - suffix.length - 1);
  const name = `${head}-${suffix}`;
  return lowerCase ? name.toLowerCase() : name;
}

function nameOr(input: IdentityInput, property: string, maxLength = 64, lowerCase = false): string {
  const given = input.prop(property);
  return typeof given === 'string' ? given : generatedName(input, maxLength, lowerCase);
}

function arn(input: IdentityInput, service: string, resource: string, region = input.env.region, account = input.env.account): string {
  return `arn:${input.env.partition}:${service}:${region}:${account}:${resource}`;
}

/** An MSK ARN of `kind` (cluster, configuration, replicator): `<kind>/<name>/<uuid>-<suffix>`. */
function kafkaArn(input: IdentityInput, kind: string, name: string): string {
  return arn(input, 'kafka', `${kind}/${name}/${stableUuid(input.logicalId)}-7`);
}

function shortId(prefix: string, input: IdentityInput): string {
  return `${prefix}-${stableHex(input.logicalId, 17)}`;
}

type IdentityFn = (input: IdentityInput) => ResourceIdentity;

const same = (value: string, attributes: Record<string, string> = {}): ResourceIdentity => ({ ref: value, attributes });

/**
 * What each resource type returns for `Ref` and `Fn::GetAtt`, per the CloudFormation resource
 * reference ("Return values" of each type), with realistic ARN formats (the Service Authorization
 * Reference's ARN formats). A type missing here makes the resolver throw, naming the type.
 */
export const RESOURCE_IDENTITIES: Readonly<Record<string, IdentityFn>> = {
  'AWS::MSK::Cluster': (i) => {
    const clusterArn = kafkaArn(i, 'cluster', String(i.prop('ClusterName')));
    return same(clusterArn, { Arn: clusterArn });
  },
  'AWS::MSK::ServerlessCluster': (i) => {
    const clusterArn = kafkaArn(i, 'cluster', String(i.prop('ClusterName')));
    return same(clusterArn, { Arn: clusterArn });
  },
  'AWS::MSK::Configuration': (i) => {
    const configurationArn = kafkaArn(i, 'configuration', nameOr(i, 'Name'));
    return same(configurationArn, { 'Arn': configurationArn, 'LatestRevision.Revision': '1', 'LatestRevision.CreationTime': '2026-01-01T00:00:00Z' });
  },
  'AWS::MSK::Replicator': (i) => {
    const replicatorArn = kafkaArn(i, 'replicator', nameOr(i, 'ReplicatorName'));
    return same(replicatorArn, { ReplicatorArn: replicatorArn });
  },
  'AWS::MSK::VpcConnection': (i) => {
    const connectionArn = arn(i, 'kafka', `vpc-connection/${i.env.account}/${generatedName(i)}/${stableUuid(i.logicalId)}-3`);
    return same(connectionArn, { Arn: connectionArn });
  },
  'AWS::MSK::ClusterPolicy': (i) => same(String(i.prop('ClusterArn')), { CurrentVersion: 'K3PU2NZL8YTHRB' }),
  'AWS::MSK::BatchScramSecret': (i) => same(String(i.prop('ClusterArn'))),
  'AWS::MSK::Channel': (i) => {
    const channelArn = arn(i, 'kafka', `channel/cluster/${stableUuid(i.logicalId)}/${String(i.prop('ChannelName'))}`);
    return same(channelArn, { ChannelArn: channelArn, Status: 'ACTIVE' });
  },
  'AWS::MSK::Topic': (i) => {
    const clusterArn = String(i.prop('ClusterArn'));
    const topicArn = `${clusterArn.replace(':cluster/', ':topic/')}/${String(i.prop('TopicName'))}`;
    return same(topicArn, { TopicArn: topicArn });
  },
  'AWS::SNS::Topic': (i) => {
    const name = nameOr(i, 'TopicName', 256);
    const topicArn = arn(i, 'sns', name);
    return same(topicArn, { TopicArn: topicArn, TopicName: name });
  },
  'AWS::SNS::TopicPolicy': (i) => same(generatedName(i)),
  'AWS::SQS::Queue': (i) => {
    const name = nameOr(i, 'QueueName', 80);
    return same(`https://sqs.${i.env.region}.${i.env.urlSuffix}/${i.env.account}/${name}`, { Arn: arn(i, 'sqs', name), QueueName: name, QueueUrl: `https://sqs.${i.env.region}.${i.env.urlSuffix}/${i.env.account}/${name}` });
  },
  'AWS::SQS::QueuePolicy': (i) => same(generatedName(i)),
  'AWS::KMS::Key': (i) => {
    const keyId = stableUuid(i.logicalId);
    return same(keyId, { Arn: arn(i, 'kms', `key/${keyId}`), KeyId: keyId });
  },
  'AWS::KMS::Alias': (i) => same(String(i.prop('AliasName'))),
  'AWS::S3::Bucket': (i) => {
    const name = nameOr(i, 'BucketName', 63, true);
    return same(name, {
      Arn: `arn:${i.env.partition}:s3:::${name}`,
      DomainName: `${name}.s3.${i.env.urlSuffix}`,
      RegionalDomainName: `${name}.s3.${i.env.region}.${i.env.urlSuffix}`,
      WebsiteURL: `http://${name}.s3-website-${i.env.region}.${i.env.urlSuffix}`,
    });
  },
  'AWS::S3::BucketPolicy': (i) => same(generatedName(i)),
  'AWS::Logs::LogGroup': (i) => {
    const name = nameOr(i, 'LogGroupName', 512);
    return same(name, { Arn: arn(i, 'logs', `log-group:${name}:*`) });
  },
  'AWS::Logs::LogStream': (i) => same(nameOr(i, 'LogStreamName', 512)),
  'AWS::Logs::ResourcePolicy': (i) => same(String(i.prop('PolicyName'))),
  'AWS::IAM::Role': (i) => {
    const name = nameOr(i, 'RoleName', 64);
    const path = typeof i.prop('Path') === 'string' ? String(i.prop('Path')) : '/';
    return same(name, { Arn: `arn:${i.env.partition}:iam::${i.env.account}:role${path}${name}`, RoleId: `AROA${stableHex(i.logicalId, 17).toUpperCase()}` });
  },
  'AWS::IAM::ManagedPolicy': (i) => {
    const name = nameOr(i, 'ManagedPolicyName', 128);
    const policyArn = `arn:${i.env.partition}:iam::${i.env.account}:policy/${name}`;
    return same(policyArn, { PolicyArn: policyArn });
  },
  'AWS::IAM::Policy': (i) => same(generatedName(i)),
  'AWS::IAM::InstanceProfile': (i) => {
    const name = nameOr(i, 'InstanceProfileName', 128);
    return same(name, { Arn: `arn:${i.env.partition}:iam::${i.env.account}:instance-profile/${name}` });
  },
  'AWS::Lambda::Function': (i) => {
    const name = nameOr(i, 'FunctionName', 64);
    return same(name, { Arn: arn(i, 'lambda', `function:${name}`) });
  },
  'AWS::Lambda::EventSourceMapping': (i) => same(stableUuid(i.logicalId), { EventSourceMappingArn: arn(i, 'lambda', `event-source-mapping:${stableUuid(i.logicalId)}`) }),
  'AWS::Lambda::Permission': (i) => same(generatedName(i)),
  'AWS::Lambda::LayerVersion': (i) => same(arn(i, 'lambda', `layer:${generatedName(i)}:1`)),
  'AWS::KinesisFirehose::DeliveryStream': (i) => {
    const name = nameOr(i, 'DeliveryStreamName', 64);
    return same(name, { Arn: arn(i, 'firehose', `deliverystream/${name}`) });
  },
  'AWS::KafkaConnect::Connector': (i) => {
    const connectorArn = arn(i, 'kafkaconnect', `connector/${nameOr(i, 'ConnectorName')}/${stableUuid(i.logicalId)}-2`);
    return same(connectorArn, { ConnectorArn: connectorArn });
  },
  'AWS::KafkaConnect::CustomPlugin': (i) => {
    const pluginArn = arn(i, 'kafkaconnect', `custom-plugin/${nameOr(i, 'Name')}/${stableUuid(i.logicalId)}-2`);
    return same(pluginArn, { CustomPluginArn: pluginArn, Revision: '1' });
  },
  'AWS::KafkaConnect::WorkerConfiguration': (i) => {
    const configurationArn = arn(i, 'kafkaconnect', `worker-configuration/${nameOr(i, 'Name')}/${stableUuid(i.logicalId)}-2`);
    return same(configurationArn, { WorkerConfigurationArn: configurationArn, Revision: '1' });
  },
  'AWS::KinesisAnalyticsV2::Application': (i) => same(nameOr(i, 'ApplicationName', 128)),
  'AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption': (i) => same(generatedName(i)),
  'AWS::S3Tables::TableBucket': (i) => {
    const bucketArn = arn(i, 's3tables', `bucket/${String(i.prop('TableBucketName'))}`);
    return same(bucketArn, { TableBucketARN: bucketArn });
  },
  'AWS::Glue::Registry': (i) => {
    const registryArn = arn(i, 'glue', `registry/${String(i.prop('Name'))}`);
    return same(registryArn, { Arn: registryArn });
  },
  'AWS::Glue::Schema': (i) => {
    const registry = i.prop('Registry') as { Name?: string; Arn?: string } | undefined;
    const registryName = registry?.Name ?? registry?.Arn?.split(':registry/')[1] ?? 'default-registry';
    const schemaArn = arn(i, 'glue', `schema/${registryName}/${String(i.prop('Name'))}`);
    return same(schemaArn, { Arn: schemaArn, InitialSchemaVersionId: stableUuid(`${i.logicalId}/v1`) });
  },
  'AWS::SecretsManager::Secret': (i) => {
    const secretArn = arn(i, 'secretsmanager', `secret:${nameOr(i, 'Name', 256)}-${stableHex(i.logicalId, 6)}`);
    return same(secretArn, { Id: secretArn });
  },
  'AWS::CloudWatch::Alarm': (i) => {
    const name = nameOr(i, 'AlarmName', 255);
    return same(name, { Arn: arn(i, 'cloudwatch', `alarm:${name}`) });
  },
  'AWS::CloudWatch::Dashboard': (i) => same(nameOr(i, 'DashboardName', 255)),
  'AWS::ACMPCA::CertificateAuthority': (i) => {
    const caArn = arn(i, 'acm-pca', `certificate-authority/${stableUuid(i.logicalId)}`);
    return same(caArn, { Arn: caArn });
  },
  'AWS::EC2::VPC': (i) => same(shortId('vpc', i), { CidrBlock: '10.0.0.0/16', VpcId: shortId('vpc', i), DefaultSecurityGroup: shortId('sg', i) }),
  'AWS::EC2::Subnet': (i) => same(shortId('subnet', i), { SubnetId: shortId('subnet', i), AvailabilityZone: String(i.prop('AvailabilityZone') ?? `${i.env.region}a`) }),
  'AWS::EC2::SecurityGroup': (i) => same(shortId('sg', i), { GroupId: shortId('sg', i), VpcId: 'vpc-0123456789abcdef0' }),
  'AWS::EC2::VPCEndpoint': (i) => same(shortId('vpce', i), { Id: shortId('vpce', i) }),
  'AWS::EC2::RouteTable': (i) => same(shortId('rtb', i), { RouteTableId: shortId('rtb', i) }),
  'AWS::EC2::InternetGateway': (i) => same(shortId('igw', i), { InternetGatewayId: shortId('igw', i) }),
  'AWS::EC2::NatGateway': (i) => same(shortId('nat', i), { NatGatewayId: shortId('nat', i) }),
  'AWS::EC2::EIP': (i) => same('198.51.100.7', { AllocationId: shortId('eipalloc', i), PublicIp: '198.51.100.7' }),
  'AWS::EC2::FlowLog': (i) => same(shortId('fl', i), { Id: shortId('fl', i) }),
  'AWS::ApplicationAutoScaling::ScalableTarget': (i) => same(`${stableHex(i.logicalId, 8)}|kafka|kafka:broker-storage:VolumeSize`),
  'Custom::MskBootstrapBrokers': (i) => {
    const brokers = (port: number) => [1, 2, 3].map((n) => `b-${n}.${stableHex(i.logicalId, 6)}.c2.kafka.${i.env.region}.${i.env.urlSuffix}:${port}`).join(',');
    return {
      ref: generatedName(i),
      attributes: new Proxy({}, {
        get: (_target, attribute: string) => brokers(/Scram/.test(attribute) ? 9096 : /Tls/.test(attribute) ? 9094 : 9098),
      }),
    };
  },
};

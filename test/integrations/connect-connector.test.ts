import { Duration, Stack, aws_cloudwatch_actions as actions, aws_ec2 as ec2, aws_s3 as s3, aws_sns as sns } from 'aws-cdk-lib';
import { Annotations as Found, Match, Template } from 'aws-cdk-lib/assertions';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';
import { ClientAuthentication, ProvisionedCluster, ServerlessCluster } from '../../src';
import { ConnectorCapacity } from '../../src/integrations/connect/connect-capacity';
import { KafkaConnector, KafkaConnectorProps } from '../../src/integrations/connect/connect-connector';
import { ConnectCustomPlugin, CustomPluginContentType, ICustomPlugin } from '../../src/integrations/connect/connect-plugin';
import { S3SinkConnector, S3SinkFormat, S3SinkPartitioner } from '../../src/integrations/connect/connect-s3-sink';
import { KafkaConnectVersion } from '../../src/integrations/connect/connect-version';
import { ConnectWorkerConfiguration } from '../../src/integrations/connect/connect-worker-configuration';
import { DataLakeBucket } from '../../src/integrations/data-lake-bucket';
import { errorOf } from '../util/errors';
import { alarmCount, alarmsNamed, expectActions, expectAlarm } from '../util/integration-alarms';
import { vpcStack } from '../util/stacks';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

const IMPORTED_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7';
const S3_SINK_CLASS = 'io.confluent.connect.s3.S3SinkConnector';

function setup(clientAuthentication?: ClientAuthentication) {
  const { stack, vpc } = vpcStack();
  const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc, clientAuthentication });
  const pluginBucket = s3.Bucket.fromBucketName(stack, 'Plugins', 'corp-connect-plugins');
  const plugin = new ConnectCustomPlugin(stack, 'S3Plugin', {
    bucket: pluginBucket,
    fileKey: 'plugins/confluentinc-kafka-connect-s3-10.5.0.zip',
    contentType: CustomPluginContentType.ZIP,
  });
  return { stack, vpc, cluster, plugin };
}

function connector(extra: Partial<KafkaConnectorProps> = {}) {
  const env = setup();
  const c = new KafkaConnector(env.stack, 'Orders', {
    cluster: env.cluster,
    plugin: env.plugin,
    connectorName: 'orders-sink',
    connectorConfiguration: { 'connector.class': S3_SINK_CLASS, 'topics': 'orders' },
    readTopics: ['orders'],
    ...extra,
  });
  return { ...env, connector: c, template: Template.fromStack(env.stack) };
}

function hasWarning(stack: Stack, id: string): boolean {
  return Found.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: cdk-msk-constructs:${id}\\]`)).length > 0;
}

function connectorPolicy(template: Template): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes('ServiceExecutionRole'));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

const actionsOn = (statements: Array<{ Action: string | string[]; Resource: unknown }>, fragment: string) => statements
  .filter((s) => JSON.stringify(s.Resource).includes(fragment)).flatMap((s) => [s.Action].flat()).sort();

describe('KafkaConnector', () => {
  test('connects with IAM over TLS through the cluster\'s IAM brokers and subnets, with default capacity, version and logging', () => {
    const { template, stack, cluster, plugin } = connector();
    template.hasResourceProperties('AWS::KafkaConnect::Connector', {
      ConnectorName: 'orders-sink',
      KafkaClusterClientAuthentication: { AuthenticationType: 'IAM' },
      KafkaClusterEncryptionInTransit: { EncryptionType: 'TLS' },
      KafkaConnectVersion: '3.7.x',
      KafkaCluster: {
        ApacheKafkaCluster: {
          BootstrapServers: stack.resolve(cluster.bootstrapBrokersSaslIam),
          Vpc: {
            Subnets: stack.resolve(cluster._networkInfo().subnetIds),
            SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersSecurityGroup'), 'GroupId'] }],
          },
        },
      },
      Capacity: {
        AutoScaling: {
          MinWorkerCount: 1,
          MaxWorkerCount: 2,
          McuCount: 1,
          ScaleInPolicy: { CpuUtilizationPercentage: 20 },
          ScaleOutPolicy: { CpuUtilizationPercentage: 80 },
        },
      },
      LogDelivery: { WorkerLogDelivery: { CloudWatchLogs: { Enabled: true, LogGroup: { Ref: Match.stringLikeRegexp('^OrdersWorkerLogs') } } } },
      Plugins: [{ CustomPlugin: { CustomPluginArn: stack.resolve(plugin.customPluginArn), Revision: stack.resolve(plugin.revision) } }],
      ServiceExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersServiceExecutionRole'), 'Arn'] },
      WorkerConfiguration: Match.absent(),
    });
  });

  test('its security group has no ingress, reaches only the brokers on 9098, and the cluster lets it in', () => {
    const { template } = connector();
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'MSK Connect workers of Test/Orders',
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: Match.absent(),
    });
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId).includes('OrdersSecurityGroup'));
    expect(egress).toHaveLength(1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersSecurityGroup'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 9098,
      ToPort: 9098,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterSecurityGroup'), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterSecurityGroup'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 9098,
      ToPort: 9098,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersSecurityGroup'), 'GroupId'] },
    });
  });

  test('the role trusts MSK Connect for this connector only and holds least privilege in a managed policy', () => {
    const { template } = connector({ writeTopics: ['orders.enriched'] });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'kafkaconnect.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':connector/orders-sink/\\*$')])] } },
          },
        })],
      },
    });
    const statements = connectorPolicy(template);
    expect(actionsOn(statements, '/orders"')).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']);
    expect(actionsOn(statements, '/orders.enriched"')).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData']);
    expect(actionsOn(statements, ':group/')).toEqual([
      'kafka-cluster:AlterGroup', 'kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup', 'kafka-cluster:DescribeGroup',
    ]);
    expect(JSON.stringify(statements)).toContain('/connect-orders-sink"');
    expect(actionsOn(statements, ':topic/').filter((a) => a === 'kafka-cluster:CreateTopic')).toHaveLength(1);
    expect(JSON.stringify(statements.filter((s) => [s.Action].flat().includes('kafka-cluster:CreateTopic')))).toContain('/__amazon_msk_connect_*');
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.includes('*'))).toEqual([]);
  });

  test('only the internal-topic and internal-group wildcards are acknowledged, each by its exact IAM5 finding id', () => {
    const { connector: c } = connector({ readTopics: ['orders.*'] });
    const acknowledged = c.policy.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data)).map((id) => id.replace(/^Annotation::/, ''));
    expect(acknowledged).toHaveLength(2);
    expect(acknowledged.filter((id) => /^AwsSolutions-IAM5\[Resource::.*:(topic|group)\/.*\/__amazon_msk_connect_\*\]$/.test(id))).toHaveLength(2);
  });

  test('worker logs go to an encrypted, retained log group that the stack\'s delivery policy lists, and the connector waits for it', () => {
    const { template } = connector();
    const [logGroupId, logGroup] = Object.entries(template.findResources('AWS::Logs::LogGroup')).find(([id]) => id.startsWith('OrdersWorkerLogs'))!;
    expect(logGroup.Properties.KmsKeyId).toBeDefined();
    expect(logGroup.Properties.RetentionInDays).toBe(365);
    expect(logGroup.DeletionPolicy).toBe('Retain');
    const [policyId, policy] = Object.entries(template.findResources('AWS::Logs::ResourcePolicy'))[0];
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain(logGroupId);
    const [connectorResource] = Object.values(template.findResources('AWS::KafkaConnect::Connector'));
    expect(connectorResource.DependsOn).toEqual(expect.arrayContaining([policyId, expect.stringMatching(/^OrdersAccessPolicy/)]));
  });

  test('provisioned capacity, custom autoscaling, version and worker configuration are rendered', () => {
    const provisioned = connector({
      capacity: ConnectorCapacity.provisioned({ workers: 3, mcuCount: 2 }),
      kafkaConnectVersion: KafkaConnectVersion.V2_7_1,
    });
    provisioned.template.hasResourceProperties('AWS::KafkaConnect::Connector', {
      Capacity: { ProvisionedCapacity: { WorkerCount: 3, McuCount: 2 } },
      KafkaConnectVersion: '2.7.1',
    });
    const env = setup();
    const workers = new ConnectWorkerConfiguration(env.stack, 'Workers', {
      properties: { 'value.converter': 'org.apache.kafka.connect.storage.StringConverter', 'key.converter': 'org.apache.kafka.connect.storage.StringConverter' },
    });
    new KafkaConnector(env.stack, 'Scaled', {
      cluster: env.cluster,
      plugin: env.plugin,
      connectorConfiguration: { 'connector.class': S3_SINK_CLASS },
      capacity: ConnectorCapacity.autoScaling({
        minWorkers: 2, maxWorkers: 10, mcuCount: 8, scaleInCpuPercent: 30, scaleOutCpuPercent: 70, maxAutoscalingTaskCount: 40,
      }),
      workerConfiguration: workers,
    });
    const template = Template.fromStack(env.stack);
    template.hasResourceProperties('AWS::KafkaConnect::Connector', {
      Capacity: {
        AutoScaling: {
          MinWorkerCount: 2,
          MaxWorkerCount: 10,
          McuCount: 8,
          MaxAutoscalingTaskCount: 40,
          ScaleInPolicy: { CpuUtilizationPercentage: 30 },
          ScaleOutPolicy: { CpuUtilizationPercentage: 70 },
        },
      },
      WorkerConfiguration: { WorkerConfigurationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Workers'), 'WorkerConfigurationArn'] }, Revision: Match.anyValue() },
    });
    const content = 'key.converter=org.apache.kafka.connect.storage.StringConverter\nvalue.converter=org.apache.kafka.connect.storage.StringConverter\n';
    template.hasResourceProperties('AWS::KafkaConnect::WorkerConfiguration', {
      PropertiesFileContent: Buffer.from(content).toString('base64'),
      Name: Match.stringLikeRegexp('^Test-Workers-[0-9A-F]{8}-[0-9a-f]{8}$'),
    });
  });

  test('the custom plugin points at the file in S3', () => {
    const { template } = connector();
    template.hasResourceProperties('AWS::KafkaConnect::CustomPlugin', {
      ContentType: 'ZIP',
      Name: Match.stringLikeRegexp('^Test-S3Plugin-[0-9A-F]{8}-[0-9a-f]{8}$'),
      Location: { S3Location: { BucketArn: Match.anyValue(), FileKey: 'plugins/confluentinc-kafka-connect-s3-10.5.0.zip' } },
    });
  });

  test('works on a serverless cluster, in its subnets', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ServerlessCluster(stack, 'Serverless', { vpc });
    const plugin = ConnectCustomPlugin.fromCustomPluginAttributes(stack, 'Plugin', { customPluginArn: 'arn:aws:kafkaconnect:us-east-1:111111111111:custom-plugin/s3/abc-1', revision: 2 });
    new KafkaConnector(stack, 'Sink', { cluster, plugin, connectorConfiguration: { 'connector.class': S3_SINK_CLASS }, readTopics: ['clicks'] });
    Template.fromStack(stack).hasResourceProperties('AWS::KafkaConnect::Connector', {
      KafkaCluster: { ApacheKafkaCluster: Match.objectLike({ Vpc: Match.objectLike({ Subnets: stack.resolve(cluster._networkInfo().subnetIds) }) }) },
      Plugins: [{ CustomPlugin: { CustomPluginArn: 'arn:aws:kafkaconnect:us-east-1:111111111111:custom-plugin/s3/abc-1', Revision: 2 } }],
    });
  });

  test('an imported cluster needs vpc; with it the connector is built and warns that the cluster is unchecked', () => {
    const { stack, vpc } = vpcStack();
    const cluster = ProvisionedCluster.fromClusterAttributes(stack, 'Imported', { clusterArn: IMPORTED_ARN, bootstrapBrokersSaslIam: 'b-1.events:9098' });
    const plugin = ConnectCustomPlugin.fromCustomPluginAttributes(stack, 'Plugin', { customPluginArn: 'arn:aws:kafkaconnect:us-east-1:111111111111:custom-plugin/s3/abc-1' });
    const base = { cluster, plugin, connectorConfiguration: { 'connector.class': S3_SINK_CLASS } };
    expect(errorOf(() => new KafkaConnector(stack, 'NoVpc', base))).toContain('[ConnectorNetworkUnknown]');
    new KafkaConnector(stack, 'WithVpc', { ...base, vpc });
    expect(hasWarning(stack, 'ConnectorClusterUnchecked')).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::KafkaConnect::Connector', {
      KafkaCluster: { ApacheKafkaCluster: Match.objectLike({ BootstrapServers: 'b-1.events:9098' }) },
    });
  });

  test('warns when the configuration holds a literal secret', () => {
    const { stack } = connector({ connectorConfiguration: { 'connector.class': S3_SINK_CLASS, 'database.password': 'hunter2', 'database.user': 'app' } });
    expect(hasWarning(stack, 'ConnectorPlaintextSecret')).toBe(true);
    const { stack: clean } = connector({ connectorConfiguration: { 'connector.class': S3_SINK_CLASS, 'database.password': '${secretsmanager:db:password}' } });
    expect(hasWarning(clean, 'ConnectorPlaintextSecret')).toBe(false);
  });

  test('fails when the cluster does not enable IAM', () => {
    const { stack, cluster, plugin } = setup(ClientAuthentication.scram());
    expect(errorOf(() => new KafkaConnector(stack, 'Sink', { cluster, plugin, connectorConfiguration: { 'connector.class': S3_SINK_CLASS } })))
      .toContain('[ConnectorClusterWithoutIam]');
  });

  test('fails with every capacity problem at once', () => {
    const { stack, cluster, plugin } = setup();
    const message = errorOf(() => new KafkaConnector(stack, 'Sink', {
      cluster,
      plugin,
      connectorConfiguration: { 'connector.class': S3_SINK_CLASS },
      capacity: ConnectorCapacity.autoScaling({
        minWorkers: 5, maxWorkers: 11, mcuCount: 3, scaleInCpuPercent: 90, scaleOutCpuPercent: 101, maxAutoscalingTaskCount: 4,
      }),
    }));
    for (const id of ['CapacityMcuCountInvalid', 'CapacityWorkersRange', 'CapacityCpuPercentRange', 'CapacityMaxTasksBelowMaxWorkers']) {
      expect(message).toContain(`[${id}]`);
    }
    expect(errorOf(() => new KafkaConnector(stack, 'Sink2', {
      cluster,
      plugin,
      connectorConfiguration: { 'connector.class': S3_SINK_CLASS },
      capacity: ConnectorCapacity.autoScaling({ minWorkers: 3, maxWorkers: 2, scaleInCpuPercent: 80, scaleOutCpuPercent: 80 }),
    }))).toMatch(/CapacityMinAboveMax[\s\S]*CapacityScaleInNotBelowScaleOut/);
    expect(errorOf(() => new KafkaConnector(stack, 'Sink3', {
      cluster, plugin, connectorConfiguration: { 'connector.class': S3_SINK_CLASS }, capacity: ConnectorCapacity.provisioned({ workers: 0 }),
    }))).toContain('capacity.workers: 0');
  });

  test('fails when the name, connector class or topics are wrong', () => {
    const { stack, cluster, plugin } = setup();
    const message = errorOf(() => new KafkaConnector(stack, 'Sink', {
      cluster, plugin, connectorName: 'orders_sink', connectorConfiguration: { topics: 'orders' }, readTopics: ['orders/eu'],
    }));
    expect(message).toContain('3 problems');
    for (const id of ['ConnectorNameInvalid', 'ConnectorClassMissing', 'ConnectorTopicInvalid']) {
      expect(message).toContain(`[${id}]`);
    }
  });
});

describe('ConnectWorkerConfiguration and ConnectCustomPlugin', () => {
  test('fails when converters are missing or properties MSK Connect manages are set', () => {
    const { stack } = vpcStack();
    const message = errorOf(() => new ConnectWorkerConfiguration(stack, 'Workers', {
      properties: { 'bootstrap.servers': 'b-1:9098', 'sasl.mechanism': 'AWS_MSK_IAM', 'key.converter': 'x' },
    }));
    expect(message).toContain('[WorkerConfigConvertersMissing]');
    expect(message).toContain('[WorkerConfigUnsupportedProperty] properties: bootstrap.servers, sasl.mechanism are managed by MSK Connect');
  });

  test('fails when a plugin or worker configuration name is longer than 128 characters', () => {
    const { stack } = vpcStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Plugins', 'corp-connect-plugins');
    expect(errorOf(() => new ConnectCustomPlugin(stack, 'Long', { bucket, fileKey: 'p.zip', contentType: CustomPluginContentType.ZIP, customPluginName: 'p'.repeat(129) })))
      .toContain('[CustomPluginNameInvalid]');
    expect(errorOf(() => new ConnectWorkerConfiguration(stack, 'LongWorkers', {
      properties: { 'key.converter': 'x', 'value.converter': 'x' },
      workerConfigurationName: 'w'.repeat(129),
    }))).toContain('[WorkerConfigNameInvalid]');
  });

  test('a plugin warns when its type does not match the file, and fails on an empty key', () => {
    const { stack } = vpcStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Plugins', 'corp-connect-plugins');
    new ConnectCustomPlugin(stack, 'Jar', { bucket, fileKey: 'plugins/debezium.jar', contentType: CustomPluginContentType.ZIP });
    expect(hasWarning(stack, 'CustomPluginTypeMismatch')).toBe(true);
    expect(errorOf(() => new ConnectCustomPlugin(stack, 'Empty', { bucket, fileKey: '', contentType: CustomPluginContentType.JAR })))
      .toContain('[CustomPluginFileKeyEmpty]');
  });
});

describe('default names carry a hash of the create-only settings', () => {
  interface Variant {
    readonly brokersPerAz?: number;
    readonly clientAuthentication?: ClientAuthentication;
    readonly fileKey?: string;
    readonly objectVersion?: string;
    readonly pluginDescription?: string;
    readonly description?: string;
    readonly kafkaConnectVersion?: KafkaConnectVersion;
    readonly workerProperties?: { [key: string]: string };
    readonly capacity?: ConnectorCapacity;
    readonly configuration?: { [key: string]: string };
  }

  /** The rendered connector and plugin names of one app, with defaults except `v`. */
  function names(v: Variant = {}): { connector: string; plugin: string } {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc, brokersPerAz: v.brokersPerAz, clientAuthentication: v.clientAuthentication });
    const plugin = new ConnectCustomPlugin(stack, 'S3Plugin', {
      bucket: s3.Bucket.fromBucketName(stack, 'Plugins', 'corp-connect-plugins'),
      fileKey: v.fileKey ?? 'plugins/confluentinc-kafka-connect-s3-10.5.0.zip',
      objectVersion: v.objectVersion,
      description: v.pluginDescription,
      contentType: CustomPluginContentType.ZIP,
    });
    const workerConfiguration = v.workerProperties
      ? new ConnectWorkerConfiguration(stack, 'Workers', { properties: { 'key.converter': 'x', 'value.converter': 'x', ...v.workerProperties } })
      : undefined;
    new KafkaConnector(stack, 'Orders', {
      cluster,
      plugin,
      workerConfiguration,
      description: v.description,
      kafkaConnectVersion: v.kafkaConnectVersion,
      capacity: v.capacity,
      connectorConfiguration: { 'connector.class': S3_SINK_CLASS, 'topics': 'orders', ...v.configuration },
      readTopics: ['orders'],
    });
    const template = Template.fromStack(stack);
    return {
      connector: Object.values(template.findResources('AWS::KafkaConnect::Connector'))[0].Properties.ConnectorName,
      plugin: Object.values(template.findResources('AWS::KafkaConnect::CustomPlugin'))[0].Properties.Name,
    };
  }

  const base = names();

  test('they are the path-derived name, \'-\' and 8 hex characters, and the same on every synthesis', () => {
    expect(base.connector).toMatch(/^Test-Orders-[0-9A-F]{8}-[0-9a-f]{8}$/);
    expect(base.plugin).toMatch(/^Test-S3Plugin-[0-9A-F]{8}-[0-9a-f]{8}$/);
    expect(names()).toEqual(base);
  });

  test.each<[string, Variant]>([
    ['the broker count (bootstrap brokers are read again)', { brokersPerAz: 2 }],
    ['the authentication modes (bootstrap brokers are read again)', { clientAuthentication: ClientAuthentication.of({ iam: true, scram: true }) }],
    ['the description', { description: 'orders to S3' }],
    ['the Kafka Connect version', { kafkaConnectVersion: KafkaConnectVersion.V2_7_1 }],
    ['the worker configuration', { workerProperties: { 'offset.flush.interval.ms': '10000' } }],
    ['the plugin file (the plugin is replaced)', { fileKey: 'plugins/confluentinc-kafka-connect-s3-10.6.0.zip' }],
  ])('the connector name changes with %s', (_, variant) => {
    expect(names(variant).connector).not.toEqual(base.connector);
  });

  test('the connector name stays when only settings that update in place change (capacity, configuration)', () => {
    expect(names({ capacity: ConnectorCapacity.provisioned({ workers: 2 }), configuration: { 'flush.size': '1000' } }).connector).toEqual(base.connector);
  });

  test.each<[string, Variant]>([
    ['the file key', { fileKey: 'plugins/other.zip' }],
    ['the object version', { objectVersion: 'v2' }],
    ['the description', { pluginDescription: 'S3 sink' }],
  ])('the plugin name changes with %s', (_, variant) => {
    expect(names(variant).plugin).not.toEqual(base.plugin);
  });

  test('the plugin name does not depend on the cluster', () => {
    expect(names({ brokersPerAz: 2 }).plugin).toEqual(base.plugin);
  });

  test('a fixed connector or plugin name is kept, with a warning that names the fix', () => {
    const { stack, cluster, plugin } = setup();
    new KafkaConnector(stack, 'Orders', { cluster, plugin, connectorName: 'orders-sink', connectorConfiguration: { 'connector.class': S3_SINK_CLASS } });
    new ConnectCustomPlugin(stack, 'Named', {
      bucket: s3.Bucket.fromBucketName(stack, 'NamedBucket', 'corp-connect-plugins'),
      fileKey: 'p.zip',
      contentType: CustomPluginContentType.ZIP,
      customPluginName: 's3-sink',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KafkaConnect::Connector', { ConnectorName: 'orders-sink' });
    template.hasResourceProperties('AWS::KafkaConnect::CustomPlugin', { Name: 's3-sink' });
    expect(hasWarning(stack, 'ConnectorNameFixed')).toBe(true);
    expect(hasWarning(stack, 'CustomPluginNameFixed')).toBe(true);
    const messages = Found.fromStack(stack).findWarning('*', Match.stringLikeRegexp('NameFixed')).map((w) => String(w.entry.data));
    messages.forEach((m) => expect(m).toMatch(/is fixed, so a change that replaces the .* fails.*Fix: omit/));
  });

  test('default names give no name warning', () => {
    const { stack } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Other', { natGateways: 1 }) });
    const plugin = new ConnectCustomPlugin(stack, 'P', { bucket: s3.Bucket.fromBucketName(stack, 'B', 'corp-connect-plugins'), fileKey: 'p.zip', contentType: CustomPluginContentType.ZIP });
    new KafkaConnector(stack, 'C', { cluster, plugin, connectorConfiguration: { 'connector.class': S3_SINK_CLASS } });
    expect(hasWarning(stack, 'ConnectorNameFixed')).toBe(false);
    expect(hasWarning(stack, 'CustomPluginNameFixed')).toBe(false);
  });
});

describe('KafkaConnector alarms', () => {
  const base = {
    namespace: 'AWS/KafkaConnect',
    dimensions: { ConnectorName: 'orders-sink' },
    period: 300,
  };

  test('tasks in error and no worker, notifying the cluster\'s alarm topic, created after the connector', () => {
    const { stack, cluster, connector: c, template } = connector();
    expectAlarm(template, 'OrdersErroredTasksAlarm', {
      ...base,
      metricName: 'ErroredTaskCount',
      statistic: 'Maximum',
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: 'notBreaching',
    });
    expectAlarm(template, 'OrdersNoWorkersAlarm', {
      ...base,
      metricName: 'WorkerCount',
      statistic: 'Minimum',
      threshold: 1,
      comparison: 'LessThanThreshold',
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: 'breaching',
    });
    expect(c.alarms).toHaveLength(2);
    expect(alarmCount(template, 'Orders')).toBe(2);
    expectActions(stack, template, 'Orders', [cluster.alarmTopic.topicArn]);
    const connectorId = stack.getLogicalId(c.cfnConnector);
    const resources = template.toJSON().Resources as Record<string, { Type: string; DependsOn?: string[] }>;
    const alarmIds = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::CloudWatch::Alarm' && id.startsWith('Orders'));
    expect(alarmIds.map((id) => resources[id].DependsOn)).toEqual([[connectorId], [connectorId]]);
  });

  test('named metrics of the connector', () => {
    const { stack, connector: c } = connector();
    const metrics = [
      c.metricErroredTaskCount(), c.metricRunningTaskCount(), c.metricWorkerCount(),
      c.metricTaskStartupAttempts(), c.metricTaskStartupSuccessPercentage(),
    ];
    expect(metrics.map((m) => [m.metricName, m.statistic])).toEqual([
      ['ErroredTaskCount', 'Maximum'], ['RunningTaskCount', 'Minimum'], ['WorkerCount', 'Minimum'],
      ['TaskStartupAttemptsTotal', 'Sum'], ['TaskStartupSuccessPercentage', 'Minimum'],
    ]);
    expect(metrics.every((m) => m.namespace === 'AWS/KafkaConnect' && stack.resolve(m.dimensions).ConnectorName === 'orders-sink')).toBe(true);
  });

  test('alarms.actions replaces the cluster\'s actions; enabled: false creates none; an S3 sink has them too', () => {
    const env = setup();
    const pager = new sns.Topic(env.stack, 'Pager', { enforceSSL: true });
    const common = { cluster: env.cluster, plugin: env.plugin, connectorConfiguration: { 'connector.class': S3_SINK_CLASS, 'topics': 'orders' } };
    new KafkaConnector(env.stack, 'Paged', { ...common, alarms: { actions: [new actions.SnsAction(pager)] } });
    const off = new KafkaConnector(env.stack, 'Off', { ...common, alarms: { enabled: false } });
    const lake = new DataLakeBucket(env.stack, 'Lake');
    const sink = new S3SinkConnector(env.stack, 'Sink', { cluster: env.cluster, plugin: env.plugin, topics: ['orders'], bucket: lake.bucket });
    const template = Template.fromStack(env.stack);
    expectActions(env.stack, template, 'Paged', [pager.topicArn]);
    expect(alarmCount(template, 'Off')).toBe(0);
    expect(off.alarms).toEqual([]);
    expect(sink.alarms).toHaveLength(2);
    expect(alarmsNamed(template, 'SinkNoWorkersAlarm')).toHaveLength(1);
  });

  test('an imported cluster gives alarms without actions', () => {
    const { stack, vpc } = vpcStack();
    const cluster = ProvisionedCluster.fromClusterAttributes(stack, 'Imported', { clusterArn: IMPORTED_ARN, bootstrapBrokersSaslIam: 'b-1.events:9098' });
    const plugin = ConnectCustomPlugin.fromCustomPluginAttributes(stack, 'Plugin', { customPluginArn: 'arn:aws:kafkaconnect:us-east-1:111111111111:custom-plugin/s3/abc-1' });
    const c = new KafkaConnector(stack, 'Orders', { cluster, plugin, vpc, connectorConfiguration: { 'connector.class': S3_SINK_CLASS } });
    expect(c.alarms).toHaveLength(2);
    expectActions(stack, Template.fromStack(stack), 'Orders', undefined);
  });
});

describe('S3SinkConnector', () => {
  function sink(plugin?: ICustomPlugin) {
    const env = setup();
    const lake = new DataLakeBucket(env.stack, 'Lake');
    const s = new S3SinkConnector(env.stack, 'Lake Sink', {
      cluster: env.cluster,
      plugin: plugin ?? env.plugin,
      connectorName: 'lake-sink',
      topics: ['orders', 'events'],
      bucket: lake.bucket,
      topicsDir: 'raw/kafka',
      capacity: ConnectorCapacity.provisioned({ workers: 2, mcuCount: 2 }),
    });
    return { ...env, lake, sink: s, template: Template.fromStack(env.stack) };
  }

  test('configures the Confluent S3 sink: topics, bucket, hourly Hive-style keys, JSON, SSE-KMS with the bucket key, one task per MCU', () => {
    const { template, stack, lake } = sink();
    template.hasResourceProperties('AWS::KafkaConnect::Connector', {
      ConnectorConfiguration: {
        'connector.class': S3_SINK_CLASS,
        'topics': 'orders,events',
        's3.region': 'us-east-1',
        's3.bucket.name': stack.resolve(lake.bucket.bucketName),
        'topics.dir': 'raw/kafka',
        'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
        'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
        'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
        'partition.duration.ms': '3600000',
        'timezone': 'UTC',
        'flush.size': '1000',
        'rotate.schedule.interval.ms': '600000',
        's3.ssea.name': 'aws:kms',
        's3.sse.kms.key.id': stack.resolve(lake.encryptionKey.keyArn),
        'tasks.max': '4',
        'behavior.on.null.values': 'ignore',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'timestamp.extractor': 'Record',
        'locale': 'en-US',
      },
    });
  });

  test('the role may read the topics as connect-<name>, write only below topicsDir, and use the key only through S3', () => {
    const { template } = sink();
    const statements = connectorPolicy(template);
    expect(JSON.stringify(statements)).toContain('/connect-lake-sink"');
    expect(actionsOn(statements, '/raw/kafka/*')).toEqual(['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject']);
    const kms = statements.find((s) => [s.Action].flat().includes('kms:GenerateDataKey'))!;
    expect(kms.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
  });

  test('its security group may reach S3 over HTTPS', () => {
    const { template } = sink();
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'MSK Connect workers of Test/Lake Sink',
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
  });

  test('formats and partitioners are choices', () => {
    const env = setup();
    const bucket = s3.Bucket.fromBucketName(env.stack, 'Lake', 'corp-lake');
    new S3SinkConnector(env.stack, 'Raw', {
      cluster: env.cluster,
      plugin: env.plugin,
      topics: ['events'],
      bucket,
      format: S3SinkFormat.BYTES,
      partitioner: S3SinkPartitioner.DEFAULT,
      rotateInterval: Duration.minutes(1),
      additionalConfiguration: { 'errors.tolerance': 'all' },
    });
    const template = Template.fromStack(env.stack);
    template.hasResourceProperties('AWS::KafkaConnect::Connector', {
      ConnectorConfiguration: Match.objectLike({
        'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
        'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.DefaultPartitioner',
        'rotate.schedule.interval.ms': '60000',
        'errors.tolerance': 'all',
        's3.ssea.name': Match.absent(),
        'tasks.max': Match.absent(),
      }),
    });
  });

  test('fails with every S3 sink problem at once', () => {
    const env = setup();
    const bucket = s3.Bucket.fromBucketName(env.stack, 'Lake', 'corp-lake');
    const message = errorOf(() => new S3SinkConnector(env.stack, 'Raw', {
      cluster: env.cluster, plugin: env.plugin, topics: ['orders.*'], bucket, topicsDir: '/raw/', flushSize: 0, rotateInterval: Duration.millis(500),
    }));
    for (const id of ['S3SinkTopicInvalid', 'S3SinkTopicsDirInvalid', 'S3SinkFlushSizeInvalid', 'S3SinkRotateIntervalInvalid']) {
      expect(message).toContain(`[${id}]`);
    }
    expect(errorOf(() => new S3SinkConnector(env.stack, 'None', { cluster: env.cluster, plugin: env.plugin, topics: [], bucket })))
      .toContain('[S3SinkNoTopics]');
  });
});

describe('MSK Connect constructs pass the validator wall', () => {
  const app = wallApp();
  const stack = new Stack(app, 'Ingest', { env: { region: 'us-east-1' } });
  const { vpc } = new CompliantVpc(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
  const plugin = new ConnectCustomPlugin(stack, 'Plugin', {
    bucket: s3.Bucket.fromBucketName(stack, 'Plugins', 'corp-connect-plugins'),
    fileKey: 'plugins/confluentinc-kafka-connect-s3-10.5.0.zip',
    contentType: CustomPluginContentType.ZIP,
  });
  const lake = new DataLakeBucket(stack, 'Lake');
  const workers = new ConnectWorkerConfiguration(stack, 'Workers', {
    properties: { 'key.converter': 'org.apache.kafka.connect.storage.StringConverter', 'value.converter': 'org.apache.kafka.connect.storage.StringConverter' },
  });
  new S3SinkConnector(stack, 'Sink', { cluster, plugin, topics: ['orders', 'events'], bucket: lake.bucket, workerConfiguration: workers });
  new KafkaConnector(stack, 'Source', {
    cluster, plugin, connectorConfiguration: { 'connector.class': 'com.example.SourceConnector' }, writeTopics: ['inventory'],
  });
  const wall = runValidatorWall(app);

  test('no error findings in the stack', () => {
    expect(formatFindings(wall.errors)).toEqual([]);
  });

  test('the wall saw two connectors, the plugin, the worker configuration and their roles', () => {
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KafkaConnect::Connector', 2);
    template.resourceCountIs('AWS::KafkaConnect::CustomPlugin', 1);
    template.resourceCountIs('AWS::KafkaConnect::WorkerConfiguration', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

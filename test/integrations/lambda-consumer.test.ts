import { Annotations as CdkAnnotations, Duration, Stack, aws_acmpca as acmpca, aws_cloudwatch_actions as cwActions, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_lambda as lambda, aws_s3 as s3, aws_secretsmanager as secretsmanager, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { CompliantFunction } from '../../examples/shared/compliant-function';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';
import { ClientAuthentication, IMskCluster, ProvisionedCluster, ServerlessCluster } from '../../src';
import { SchemaRegistry } from '../../src/integrations/glue/schema-registry';
import { ConsumerStartingPosition } from '../../src/integrations/lambda/consumer-starting-position';
import { KafkaLambdaConsumer, LambdaConsumerOptions } from '../../src/integrations/lambda/lambda-consumer';
import { LambdaConsumerAuthentication } from '../../src/integrations/lambda/lambda-consumer-authentication';
import { LAMBDA_CONSUMER_RULES, LAMBDA_CONSUMER_WARNINGS } from '../../src/integrations/lambda/lambda-consumer-rules';
import { ConsumerFailureDestination } from '../../src/integrations/lambda/lambda-failure-destination';
import { errorOf } from '../util/errors';
import { alarmCount, expectActions, expectAlarm } from '../util/integration-alarms';
import { testApp, vpcStack } from '../util/stacks';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

const ACCOUNT = '111111111111';
const CLUSTER_ARN = `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/orders/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-7`;
const CODE = 'exports.handler = async () => {};';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

function consumerFunction(stack: Stack, id = 'Fn'): lambda.Function {
  return new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline(CODE) });
}

/** A stack with a VPC, a cluster (provisioned IAM by default) and a function. */
function setup(makeCluster: (stack: Stack, vpc: ec2.IVpc) => IMskCluster = (stack, vpc) => new ProvisionedCluster(stack, 'Cluster', { vpc })) {
  const { stack, vpc } = vpcStack(3, ACCOUNT);
  const cluster = makeCluster(stack, vpc);
  const fn = consumerFunction(stack);
  return { stack, vpc, cluster, fn };
}

/** A stack with a VPC and a function, for imported clusters. */
function bareSetup() {
  const { stack, vpc } = vpcStack(3, ACCOUNT);
  return { stack, vpc, fn: consumerFunction(stack) };
}

/** The rule ids acknowledged on the managed policy of a consumer (or of its Access construct). */
function acknowledgedIds(scope: IConstruct): string[] {
  const policy = scope instanceof KafkaLambdaConsumer ? scope.policy : (scope.node.findChild('Policy') as iam.ManagedPolicy);
  return policy.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')
    .flatMap((m) => Object.keys(m.data as object)).map((id) => id.replace(/^Annotation::/, ''));
}

/** Every statement of the managed policies in the stack. */
function managedStatements(stack: Stack): Statement[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

function actionsOf(stack: Stack): string[] {
  return managedStatements(stack).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

describe('event source mapping', () => {
  test('maps the function to the topic with the consumer group, starting at the trim horizon', () => {
    const { stack, cluster, fn } = setup();
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', consumerGroup: 'billing', batchSize: 500, maxBatchingWindow: Duration.seconds(5) });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { Ref: Match.stringLikeRegexp('^Cluster') },
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Fn'), 'Arn'] },
      Topics: ['orders'],
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 5,
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'billing' },
      SourceAccessConfigurations: Match.absent(),
    });
  });

  test('atTimestamp sets the position and the timestamp in Unix seconds; filters become filter criteria', () => {
    const { stack, cluster, fn } = setup();
    const filter = JSON.stringify({ value: { type: ['order-placed'] } });
    new KafkaLambdaConsumer(fn, 'Orders', {
      cluster,
      function: fn,
      topic: 'orders',
      startingPosition: ConsumerStartingPosition.atTimestamp(new Date('2026-01-01T00:00:00Z')),
      filters: [filter],
      enabled: false,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: 1767225600,
      FilterCriteria: { Filters: [{ Pattern: filter }] },
      Enabled: false,
    });
  });

  test('the default consumer group is a valid, stable name unique to the consumer', () => {
    const a = setup();
    const b = setup();
    const first = new KafkaLambdaConsumer(a.fn, 'Orders', { cluster: a.cluster, function: a.fn, topic: 'orders' });
    const again = new KafkaLambdaConsumer(b.fn, 'Orders', { cluster: b.cluster, function: b.fn, topic: 'orders' });
    const other = new KafkaLambdaConsumer(a.fn, 'Audit', { cluster: a.cluster, function: a.fn, topic: 'orders' });
    expect(first.consumerGroup).toMatch(/^[A-Za-z0-9._-]{1,200}$/);
    expect(first.consumerGroup).toEqual(again.consumerGroup);
    expect(other.consumerGroup).not.toEqual(first.consumerGroup);
  });

  test('the mapping waits for the policy: Lambda checks the role when it creates the mapping', () => {
    const { stack, cluster, fn } = setup();
    const consumer = new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders' });
    const template = Template.fromStack(stack);
    const policyId = stack.getLogicalId(consumer.policy.node.defaultChild as iam.CfnManagedPolicy);
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0];
    expect(mapping.DependsOn).toContain(policyId);
  });

  test('provisioned pollers and a failure queue are rendered', () => {
    const { stack, cluster, fn } = setup();
    const queue = new sqs.Queue(stack, 'Failed');
    new KafkaLambdaConsumer(fn, 'Orders', {
      cluster,
      function: fn,
      topic: 'orders',
      provisionedPollers: { minimumPollers: 1, maximumPollers: 3, pollerGroupName: 'orders-pollers' },
      onFailure: ConsumerFailureDestination.sqs(queue),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 3, PollerGroupName: 'orders-pollers' },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Failed'), 'Arn'] } } },
    });
  });
});

describe('permissions', () => {
  test('IAM: control-plane, ENI and read actions in one managed policy on the role; nothing inline; no write', () => {
    const { stack, cluster, fn } = setup();
    const consumer = new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', consumerGroup: 'billing' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^FnServiceRole') }],
    });
    const statements = managedStatements(stack);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'], Resource: { Ref: expect.stringMatching(/^Cluster/) } }),
      expect.objectContaining({ Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'], Resource: '*' }),
      expect.objectContaining({ Action: 'kafka-cluster:Connect' }),
      expect.objectContaining({ Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'] }),
      expect.objectContaining({ Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'] }),
      expect.objectContaining({ Action: 'kafka-cluster:DescribeClusterDynamicConfiguration' }),
    ]));
    expect(JSON.stringify(statements)).toContain('/billing');
    expect(actionsOf(stack)).not.toContain('kafka-cluster:WriteData');
    expect(actionsOf(stack).filter((a) => a.endsWith('*'))).toEqual([]);
    expect(consumer.policy).toBeInstanceOf(iam.ManagedPolicy);
  });

  test('ec2:CreateNetworkInterface is limited to the cluster subnets and security groups', () => {
    const { stack, cluster, fn } = setup();
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders' });
    const create = managedStatements(stack).find((s) => s.Action === 'ec2:CreateNetworkInterface')!;
    const text = JSON.stringify(create.Resource);
    expect(text).toContain(':network-interface/*');
    expect((text.match(/:subnet\//g) ?? []).length).toBe(3);
    expect(text).not.toContain(':subnet/*');
    expect(text).toContain(':security-group/');
    expect(text).not.toContain(':security-group/*');
  });

  test('the policy acknowledges only the two wildcard resources, by their exact finding ids', () => {
    const { cluster, fn } = setup();
    const consumer = new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders' });
    expect(acknowledgedIds(consumer)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:us-east-1:${ACCOUNT}:network-interface/*]`,
    ]);
  });

  test('SCRAM: the secret in SourceAccessConfigurations, read and decrypt granted, no kafka-cluster actions, port 9096', () => {
    const { stack, cluster, fn } = setup((s, vpc) => new ProvisionedCluster(s, 'Cluster', { vpc, clientAuthentication: ClientAuthentication.scram() }));
    const user = (cluster as ProvisionedCluster).addScramUser('orders-consumer');
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', authentication: LambdaConsumerAuthentication.scram(user.secret) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      SourceAccessConfigurations: [{ Type: 'SASL_SCRAM_512_AUTH', URI: { Ref: Match.stringLikeRegexp('ScramUsersUserordersconsumer') } }],
    });
    const actions = actionsOf(stack);
    expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 'kms:Decrypt']));
    expect(managedStatements(stack)).toContainEqual(expect.objectContaining({
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
    }));
    expect(actions.filter((a) => a.startsWith('kafka-cluster:'))).toEqual([]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 9096, ToPort: 9096 });
    template.resourcePropertiesCountIs('AWS::EC2::SecurityGroupIngress', { FromPort: 9098 }, 0);
  });

  test('SCRAM: the mapping waits for the cluster\'s secret association, also for users added after the consumer', () => {
    const { stack, cluster, fn } = setup((s, vpc) => new ProvisionedCluster(s, 'Cluster', { vpc, clientAuthentication: ClientAuthentication.scram() }));
    const provisioned = cluster as ProvisionedCluster;
    const user = provisioned.addScramUser('orders-consumer');
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', authentication: LambdaConsumerAuthentication.scram(user.secret) });
    provisioned.addScramUser('later');
    const template = Template.fromStack(stack);
    const association = Object.keys(template.findResources('AWS::MSK::BatchScramSecret'));
    expect(association).toHaveLength(1);
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0];
    expect(mapping.DependsOn).toContain(association[0]);
  });

  test('SCRAM user: the pollers\' Kafka ACLs are declared for the user, and the mapping waits for them', () => {
    const { stack, cluster, fn } = setup((s, vpc) => new ProvisionedCluster(s, 'Cluster', { vpc, clientAuthentication: ClientAuthentication.scram() }));
    const user = (cluster as ProvisionedCluster).addScramUser('orders-consumer');
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', consumerGroup: 'orders-fn', authentication: LambdaConsumerAuthentication.scramUser(user) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      SourceAccessConfigurations: [{ Type: 'SASL_SCRAM_512_AUTH', URI: { Ref: Match.stringLikeRegexp('ScramUsersUserordersconsumer') } }],
    });
    const acls = template.findResources('Custom::MskKafkaAcls');
    const [aclsId] = Object.keys(acls);
    const declared = (JSON.parse(stack.resolve(acls[aclsId].Properties.Acls) as string) as Array<Record<string, string>>)
      .map((a) => `${a.principal} ${a.operation} ${a.resourceType}:${a.resourceName}`);
    expect(declared).toEqual([
      'User:orders-consumer READ TOPIC:orders', 'User:orders-consumer DESCRIBE TOPIC:orders',
      'User:orders-consumer READ GROUP:orders-fn', 'User:orders-consumer DESCRIBE GROUP:orders-fn',
      'User:orders-consumer DESCRIBE_CONFIGS CLUSTER:kafka-cluster',
    ]);
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0];
    expect(mapping.DependsOn).toContain(aclsId);
  });

  test('SCRAM with a bare secret declares no ACLs (the principal is unknown)', () => {
    const { stack, cluster, fn } = setup((s, vpc) => new ProvisionedCluster(s, 'Cluster', { vpc, clientAuthentication: ClientAuthentication.scram() }));
    const user = (cluster as ProvisionedCluster).addScramUser('orders-consumer');
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', authentication: LambdaConsumerAuthentication.scram(user.secret) });
    Template.fromStack(stack).resourceCountIs('Custom::MskKafkaAcls', 0);
  });

  test('IAM: the mapping does not wait for a SCRAM association the cluster also has', () => {
    const { stack, cluster, fn } = setup((s, vpc) => new ProvisionedCluster(s, 'Cluster', { vpc, clientAuthentication: ClientAuthentication.of({ iam: true, scram: true }) }));
    (cluster as ProvisionedCluster).addScramUser('other');
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders' });
    const template = Template.fromStack(stack);
    const association = Object.keys(template.findResources('AWS::MSK::BatchScramSecret'))[0];
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0];
    expect(mapping.DependsOn ?? []).not.toContain(association);
  });

  test('mutual TLS: the certificate secret as CLIENT_CERTIFICATE_TLS_AUTH, port 9094', () => {
    const { stack, cluster, fn } = setup((s, vpc) => new ProvisionedCluster(s, 'Cluster', {
      vpc,
      clientAuthentication: ClientAuthentication.mutualTls([
        acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/11111111-2222-3333-4444-555555555555`),
      ]),
    }));
    const secret = new secretsmanager.Secret(stack, 'Certificate', { encryptionKey: new kms.Key(stack, 'CertKey') });
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', authentication: LambdaConsumerAuthentication.mutualTls(secret) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      SourceAccessConfigurations: [{ Type: 'CLIENT_CERTIFICATE_TLS_AUTH', URI: { Ref: Match.stringLikeRegexp('^Certificate') } }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 9094, ToPort: 9094 });
  });

  test('mutual TLS with the certificate\'s principal: the pollers\' ACLs are declared for User:<subject>', () => {
    const { stack, cluster, fn } = setup((s, vpc) => new ProvisionedCluster(s, 'Cluster', {
      vpc,
      clientAuthentication: ClientAuthentication.of({
        mutualTls: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/11111111-2222-3333-4444-555555555555`)],
        scram: true,
      }),
    }));
    const secret = new secretsmanager.Secret(stack, 'Certificate', { encryptionKey: new kms.Key(stack, 'CertKey') });
    const user = (cluster as ProvisionedCluster).certificateUser('CN=orders-fn.example.com');
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', consumerGroup: 'orders-fn', authentication: LambdaConsumerAuthentication.mutualTls(secret, user) });
    const template = Template.fromStack(stack);
    const acls = Object.values(template.findResources('Custom::MskKafkaAcls'))[0];
    const principals = (JSON.parse(stack.resolve(acls.Properties.Acls) as string) as Array<{ principal: string }>).map((a) => a.principal);
    expect(new Set(principals)).toEqual(new Set(['User:CN=orders-fn.example.com']));
    expect(principals).toHaveLength(5);
  });

  test('failure destinations: S3 gets PutObject and ListBucket, SNS Publish, each with its key', () => {
    const { stack, cluster, fn } = setup();
    const key = new kms.Key(stack, 'DestinationKey');
    const bucket = new s3.Bucket(stack, 'Failures', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    new KafkaLambdaConsumer(fn, 'ToS3', { cluster, function: fn, topic: 'orders', onFailure: ConsumerFailureDestination.s3(bucket) });
    const other = consumerFunction(stack, 'Other');
    new KafkaLambdaConsumer(other, 'ToSns', { cluster, function: other, topic: 'orders', onFailure: ConsumerFailureDestination.sns(new sns.Topic(stack, 'Alerts', { masterKey: key })) });
    const actions = actionsOf(stack);
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:ListBucket', 'kms:GenerateDataKey', 'sns:Publish', 'kms:Decrypt']));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(acknowledgedIds(stack.node.findChild('Fn').node.findChild('ToS3').node.findChild('Access')))
      .toContain(`AwsSolutions-IAM5[Resource::<${stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`);
  });

  test('an imported function without a role takes the role option', () => {
    const { stack, cluster } = setup();
    const role = new iam.Role(stack, 'ImportedRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const imported = lambda.Function.fromFunctionArn(stack, 'Imported', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`);
    new KafkaLambdaConsumer(imported, 'Orders', { cluster, function: imported, topic: 'orders', role });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: [{ Ref: Match.stringLikeRegexp('^ImportedRole') }] });
  });
});

describe('network', () => {
  test('each cluster security group allows itself on the broker port, in and out, and nothing else', () => {
    const { stack, cluster, fn } = setup();
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders' });
    new KafkaLambdaConsumer(fn, 'Audit', { cluster, function: fn, topic: 'orders' });
    const template = Template.fromStack(stack);
    const group = { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterSecurityGroup'), 'GroupId'] };
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: group, SourceSecurityGroupId: group, FromPort: 9098, ToPort: 9098 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: group, DestinationSecurityGroupId: group, FromPort: 9098, ToPort: 9098 });
  });

  test('a serverless cluster works the same way (DescribeClusterV2, IAM, 9098), without DescribeClusterDynamicConfiguration', () => {
    const { stack, cluster, fn } = setup((s, vpc) => new ServerlessCluster(s, 'Cluster', { vpc }));
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: { Ref: Match.stringLikeRegexp('^Cluster') } });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 9098 });
    expect(actionsOf(stack)).toContain('kafka:DescribeClusterV2');
    // MSK Serverless does not support it (MSK developer guide, kafka-actions).
    expect(actionsOf(stack)).not.toContain('kafka-cluster:DescribeClusterDynamicConfiguration');
    expect(actionsOf(stack)).toContain('kafka-cluster:ReadData');
  });

  test('an imported serverless cluster gets no DescribeClusterDynamicConfiguration either', () => {
    const { stack, fn } = bareSetup();
    const cluster = ServerlessCluster.fromClusterArn(stack, 'Imported', CLUSTER_ARN);
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders' });
    expect(actionsOf(stack)).not.toContain('kafka-cluster:DescribeClusterDynamicConfiguration');
  });

  test('an imported cluster without security groups: grants on its ARN, no rule added, and a warning', () => {
    const { stack, fn } = bareSetup();
    const cluster = ProvisionedCluster.fromClusterArn(stack, 'Imported', CLUSTER_ARN);
    const consumer = new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', consumerGroup: 'billing', onFailure: ConsumerFailureDestination.sqs(new sqs.Queue(stack, 'Q')) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: CLUSTER_ARN });
    expect(JSON.stringify(managedStatements(stack))).toContain(`arn:aws:kafka:us-east-1:${ACCOUNT}:group/orders/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-7/billing`);
    expect(JSON.stringify(managedStatements(stack))).toContain(':subnet/*');
    const warnings = Annotations.fromStack(stack).findWarning(`/${consumer.node.path}`, Match.stringLikeRegexp('LambdaConsumerNetworkUnmanaged'));
    expect(warnings).toHaveLength(1);
  });
});

describe('stacks', () => {
  test('a function in another stack than the cluster: the mapping and policy go with the function, no cycle', () => {
    const app = testApp();
    const env = { region: 'us-east-1', account: ACCOUNT };
    const platform = new Stack(app, 'Platform', { env });
    const vpc = new ec2.Vpc(platform, 'Vpc', { maxAzs: 3, natGateways: 1 });
    const cluster = new ProvisionedCluster(platform, 'Cluster', { vpc });
    const service = new Stack(app, 'Service', { env });
    const fn = consumerFunction(service);
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', consumerGroup: 'billing' });
    const assembly = app.synth();
    const types = (name: string) => Object.values(assembly.getStackByName(name).template.Resources as Record<string, { Type: string }>)
      .map((r) => r.Type);
    expect(types('Service')).toEqual(expect.arrayContaining(['AWS::Lambda::EventSourceMapping', 'AWS::IAM::ManagedPolicy']));
    expect(types('Platform')).toEqual(expect.arrayContaining(['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress']));
    expect(types('Platform')).not.toContain('AWS::Lambda::EventSourceMapping');
  });
});

describe('schema registry', () => {
  test('validates values against the Glue registry in provisioned mode, and may read it', () => {
    const { stack, cluster, fn } = setup();
    const registry = new SchemaRegistry(stack, 'Registry', { registryName: 'orders' });
    new KafkaLambdaConsumer(fn, 'Orders', {
      cluster,
      function: fn,
      topic: 'orders',
      provisionedPollers: { minimumPollers: 1, maximumPollers: 2 },
      schemaRegistry: { registry, validateKey: true },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      AmazonManagedKafkaEventSourceConfig: {
        ConsumerGroupId: Match.anyValue(),
        SchemaRegistryConfig: {
          SchemaRegistryURI: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Registry'), 'Arn'] },
          EventRecordFormat: 'JSON',
          SchemaValidationConfigs: [{ Attribute: 'KEY' }, { Attribute: 'VALUE' }],
        },
      },
    });
    expect(actionsOf(stack)).toEqual(expect.arrayContaining(['glue:GetRegistry', 'glue:GetSchemaVersion']));
    expect(actionsOf(stack)).not.toContain('glue:RegisterSchemaVersion');
  });

  test('fails when a schema registry is given without provisioned pollers', () => {
    const { stack, cluster, fn } = setup();
    const registry = new SchemaRegistry(stack, 'Registry');
    expect(errorOf(() => new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', schemaRegistry: { registry } })))
      .toContain('[LambdaConsumerSchemaRegistryNeedsProvisionedPollers] schemaRegistry:');
  });
});

describe('validation', () => {
  const fails = (options: Partial<LambdaConsumerOptions>, make?: Parameters<typeof setup>[0]) => {
    const { cluster, fn } = setup(make);
    return errorOf(() => new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', ...options }));
  };

  test.each([
    ['the topic is a pattern', { topic: 'orders.*' }, 'LambdaConsumerTopicInvalid'],
    ['the topic has a space', { topic: 'my orders' }, 'LambdaConsumerTopicInvalid'],
    ['the topic starts with a dot', { topic: '.orders' }, 'LambdaConsumerTopicUnsupported'],
    ['the topic has one character', { topic: 'o' }, 'LambdaConsumerTopicUnsupported'],
    ['the consumer group is longer than 200 characters', { consumerGroup: 'g'.repeat(201) }, 'LambdaConsumerGroupInvalid'],
    ['the consumer group has a slash', { consumerGroup: 'billing/eu' }, 'LambdaConsumerGroupInvalid'],
    ['batchSize is 0', { batchSize: 0 }, 'LambdaConsumerBatchSizeOutOfRange'],
    ['batchSize is 10001', { batchSize: 10001 }, 'LambdaConsumerBatchSizeOutOfRange'],
    ['the batching window is above 300 s', { maxBatchingWindow: Duration.minutes(6) }, 'LambdaConsumerBatchingWindowOutOfRange'],
    ['the batching window is not whole seconds', { maxBatchingWindow: Duration.millis(1500) }, 'LambdaConsumerBatchingWindowOutOfRange'],
    ['the timestamp is not a date', { startingPosition: ConsumerStartingPosition.atTimestamp(new Date('not a date')) }, 'LambdaConsumerTimestampInvalid'],
    ['minimumPollers is 0', { provisionedPollers: { minimumPollers: 0 } }, 'LambdaConsumerPollersOutOfRange'],
    ['maximumPollers is 2001', { provisionedPollers: { maximumPollers: 2001 } }, 'LambdaConsumerPollersOutOfRange'],
    ['minimumPollers is above maximumPollers', { provisionedPollers: { minimumPollers: 5, maximumPollers: 2 } }, 'LambdaConsumerPollersOutOfRange'],
    ['the poller group name has a dot', { provisionedPollers: { pollerGroupName: 'orders.pollers' } }, 'LambdaConsumerPollerGroupNameInvalid'],
    ['a filter is not JSON', { filters: ['{value: 1}'] }, 'LambdaConsumerFiltersInvalid'],
    ['a filter is a JSON array', { filters: ['[1]'] }, 'LambdaConsumerFiltersInvalid'],
    ['there are 21 filters', { filters: Array.from({ length: 21 }, (_, i) => JSON.stringify({ value: { n: [i] } })) }, 'LambdaConsumerTooManyFilters'],
  ])('fails when %s', (_name, options, id) => {
    expect(fails(options as Partial<LambdaConsumerOptions>)).toContain(`[${id}]`);
  });

  test('fails when SCRAM is asked of a cluster without SCRAM, naming the enabled modes', () => {
    const { stack, cluster, fn } = setup();
    const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: new kms.Key(stack, 'K') });
    expect(errorOf(() => new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', authentication: LambdaConsumerAuthentication.scram(secret) })))
      .toMatch(/\[LambdaConsumerAuthNotEnabled\] authentication: 'scram' is not enabled .*enabled: iam/);
  });

  test('fails when the cluster has no IAM and no authentication is given', () => {
    expect(fails({}, (stack, vpc) => new ProvisionedCluster(stack, 'Cluster', { vpc, clientAuthentication: ClientAuthentication.scram() })))
      .toContain('[LambdaConsumerAuthNotEnabled] authentication: the cluster does not enable SASL/IAM (enabled: scram)');
  });

  test('fails when SCRAM is asked of a serverless cluster', () => {
    const { stack, cluster, fn } = setup((s, vpc) => new ServerlessCluster(s, 'Cluster', { vpc }));
    const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: new kms.Key(stack, 'K') });
    expect(errorOf(() => new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', authentication: LambdaConsumerAuthentication.scram(secret) })))
      .toContain('[LambdaConsumerAuthNotEnabled]');
  });

  test('fails when the cluster is in another Region or account', () => {
    const { stack, fn } = bareSetup();
    const west = ProvisionedCluster.fromClusterArn(stack, 'West', CLUSTER_ARN.replace('us-east-1', 'us-west-2'));
    const partner = ProvisionedCluster.fromClusterArn(stack, 'Partner', CLUSTER_ARN.replace(ACCOUNT, '222222222222'));
    expect(errorOf(() => new KafkaLambdaConsumer(fn, 'West', { cluster: west, function: fn, topic: 'orders' }))).toContain('[LambdaConsumerClusterInOtherEnvironment]');
    expect(errorOf(() => new KafkaLambdaConsumer(fn, 'Partner', { cluster: partner, function: fn, topic: 'orders' }))).toContain('[LambdaConsumerClusterInOtherEnvironment]');
  });

  test('fails when the function lives in another Region', () => {
    const { stack, cluster } = setup();
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const far = lambda.Function.fromFunctionAttributes(stack, 'Far', { functionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:x`, role });
    expect(errorOf(() => new KafkaLambdaConsumer(far, 'Orders', { cluster, function: far, topic: 'orders' }))).toContain('[LambdaConsumerFunctionInOtherEnvironment]');
  });

  test('fails when the function is an import without a role and no role is given', () => {
    const { stack, cluster } = setup();
    const imported = lambda.Function.fromFunctionArn(stack, 'Imported', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`);
    expect(errorOf(() => new KafkaLambdaConsumer(imported, 'Orders', { cluster, function: imported, topic: 'orders' }))).toContain('[LambdaConsumerRoleUnknown] role:');
  });

  test('fails when neither key nor value is validated', () => {
    const { stack, cluster, fn } = setup();
    const registry = new SchemaRegistry(stack, 'Registry');
    expect(errorOf(() => new KafkaLambdaConsumer(fn, 'Orders', {
      cluster,
      function: fn,
      topic: 'orders',
      provisionedPollers: {},
      schemaRegistry: { registry, validateValue: false },
    }))).toContain('[LambdaConsumerSchemaValidationEmpty]');
  });

  test('reports every problem at once', () => {
    const message = fails({ topic: 'orders*', batchSize: 0, maxBatchingWindow: Duration.minutes(10) });
    expect(message).toContain('3 problems');
    expect(message).toContain('LambdaConsumerTopicInvalid');
    expect(message).toContain('LambdaConsumerBatchSizeOutOfRange');
    expect(message).toContain('LambdaConsumerBatchingWindowOutOfRange');
  });

  test('accepts the limits themselves', () => {
    expect(() => {
      const { cluster, fn } = setup();
      new KafkaLambdaConsumer(fn, 'Orders', {
        cluster,
        function: fn,
        topic: 'ab',
        batchSize: 10000,
        maxBatchingWindow: Duration.seconds(300),
        consumerGroup: 'g'.repeat(200),
        provisionedPollers: { minimumPollers: 200, maximumPollers: 2000 },
      });
    }).not.toThrow();
  });

  test('every rule id is unique and PascalCase', () => {
    const ids = [...LAMBDA_CONSUMER_RULES, ...LAMBDA_CONSUMER_WARNINGS].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(/^LambdaConsumer[A-Z][A-Za-z]+$/));
  });
});

describe('warnings', () => {
  const warningIds = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.anyValue())
    .map((w) => String(w.entry.data)).filter((d) => d.includes('LambdaConsumer')).map((d) => /LambdaConsumer[A-Za-z]+/.exec(d)![0]);

  test('no failure destination, more than 5 filters, and a secret without a known key are warned about', () => {
    const { stack, fn } = bareSetup();
    const cluster = ProvisionedCluster.fromClusterAttributes(stack, 'Imported', {
      clusterArn: CLUSTER_ARN,
      clientAuthentication: ClientAuthentication.scram(),
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678')],
    });
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'AmazonMSK_orders');
    new KafkaLambdaConsumer(fn, 'Orders', {
      cluster,
      function: fn,
      topic: 'orders',
      authentication: LambdaConsumerAuthentication.scram(secret),
      filters: Array.from({ length: 6 }, (_, i) => JSON.stringify({ value: { n: [i] } })),
    });
    expect(warningIds(stack).sort()).toEqual(['LambdaConsumerFiltersAboveQuota', 'LambdaConsumerNoFailureDestination', 'LambdaConsumerSecretKeyUnknown']);
  });

  test('a fully specified consumer has no warnings', () => {
    const { stack, cluster, fn } = setup();
    new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', onFailure: ConsumerFailureDestination.sqs(new sqs.Queue(stack, 'Q')) });
    expect(warningIds(stack)).toEqual([]);
  });

  describe('LambdaConsumerNetworkNoRoute', () => {
    /** A stack whose VPC has only isolated subnets (no NAT), a cluster in them and a function. */
    function isolated(endpoints: ec2.InterfaceVpcEndpointAwsService[] = []) {
      const app = testApp();
      const stack = new Stack(app, 'Isolated', { env: { region: 'us-east-1', account: ACCOUNT } });
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        natGateways: 0,
        subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      });
      const cluster = new ProvisionedCluster(stack, 'Cluster', { vpc });
      return { stack, vpc, cluster, fn: consumerFunction(stack), addEndpoints: () => endpoints.forEach((service, i) => vpc.addInterfaceEndpoint(`Endpoint${i}`, { service })) };
    }
    const onFailure = (stack: Stack) => ({ onFailure: ConsumerFailureDestination.sqs(new sqs.Queue(stack, 'Q')) });

    test('warns for on-demand pollers in isolated subnets without Lambda and STS endpoints, naming the subnets and the services', () => {
      const { stack, cluster, fn } = isolated();
      const consumer = new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', ...onFailure(stack) });
      expect(warningIds(stack)).toEqual(['LambdaConsumerNetworkNoRoute']);
      const [warning] = Annotations.fromStack(stack).findWarning(`/${consumer.node.path}`, Match.stringLikeRegexp('LambdaConsumerNetworkNoRoute'));
      expect(String(warning.entry.data)).toMatch(/for lambda, sts, so on-demand Lambda pollers cannot reach Lambda and STS.*Fix: add interface endpoints/);
    });

    test('no warning with endpoints for Lambda and STS in the cluster\'s VPC, even when defined after the consumer', () => {
      const { stack, cluster, fn, addEndpoints } = isolated([ec2.InterfaceVpcEndpointAwsService.LAMBDA, ec2.InterfaceVpcEndpointAwsService.STS]);
      new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', ...onFailure(stack) });
      addEndpoints();
      expect(warningIds(stack)).toEqual([]);
    });

    test('with a secret, the Secrets Manager endpoint is needed too', () => {
      const { stack, fn, vpc, addEndpoints } = isolated([ec2.InterfaceVpcEndpointAwsService.LAMBDA, ec2.InterfaceVpcEndpointAwsService.STS]);
      addEndpoints();
      const cluster = new ProvisionedCluster(stack, 'ScramCluster', { vpc, clientAuthentication: ClientAuthentication.scram() });
      const user = cluster.addScramUser('orders');
      const consumer = new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', authentication: LambdaConsumerAuthentication.scram(user.secret), ...onFailure(stack) });
      const [warning] = Annotations.fromStack(stack).findWarning(`/${consumer.node.path}`, Match.stringLikeRegexp('LambdaConsumerNetworkNoRoute'));
      expect(String(warning.entry.data)).toContain('for secretsmanager,');
    });

    test('no warning when the user says the endpoints exist, or with provisioned pollers', () => {
      const { stack, cluster, fn } = isolated();
      new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', vpcEndpointsExist: true, ...onFailure(stack) });
      new KafkaLambdaConsumer(fn, 'Audit', { cluster, function: fn, topic: 'orders', provisionedPollers: { minimumPollers: 1 }, onFailure: ConsumerFailureDestination.sqs(new sqs.Queue(stack, 'Q2')) });
      expect(warningIds(stack)).toEqual([]);
    });

    test('no warning for subnets with a NAT gateway', () => {
      const { stack, cluster, fn } = setup();
      new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders', onFailure: ConsumerFailureDestination.sqs(new sqs.Queue(stack, 'Q')) });
      expect(warningIds(stack)).toEqual([]);
    });
  });

  test('the warning can be acknowledged by its id', () => {
    const { stack, cluster, fn } = setup();
    const consumer = new KafkaLambdaConsumer(fn, 'Orders', { cluster, function: fn, topic: 'orders' });
    CdkAnnotations.of(consumer).acknowledgeWarning('cdk-msk-constructs:LambdaConsumerNoFailureDestination', 'retries are enough here');
    expect(warningIds(stack)).toEqual([]);
  });
});

describe('offset lag alarm', () => {
  const offsetLag = (stack: Stack, fn: lambda.IFunction, threshold: number) => ({
    namespace: 'AWS/Lambda',
    metricName: 'OffsetLag',
    dimensions: { FunctionName: stack.resolve(fn.functionName) },
    statistic: 'Maximum',
    period: 300,
    threshold,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: 'notBreaching',
  });

  test('OffsetLag of the function above 10000 records for 15 minutes, notifying the cluster\'s alarm topic', () => {
    const { stack, cluster, fn } = setup();
    const consumer = new KafkaLambdaConsumer(stack, 'Orders', { cluster, function: fn, topic: 'orders' });
    const template = Template.fromStack(stack);
    expectAlarm(template, 'OrdersOffsetLagAlarm', offsetLag(stack, fn, 10_000));
    expect(consumer.alarms).toHaveLength(1);
    expect(alarmCount(template, 'Orders')).toBe(1);
    expectActions(stack, template, 'Orders', [(cluster as ProvisionedCluster).alarmTopic.topicArn]);
  });

  test('the threshold can be set; an alias or version is watched through its function', () => {
    const { stack, cluster, fn } = setup();
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new KafkaLambdaConsumer(stack, 'Orders', { cluster, function: alias, topic: 'orders', offsetLagAlarmThreshold: 500 });
    expectAlarm(Template.fromStack(stack), 'OrdersOffsetLagAlarm', offsetLag(stack, fn, 500));
    const consumer = new KafkaLambdaConsumer(stack, 'Pinned', { cluster, function: fn.currentVersion, topic: 'payments' });
    expect(stack.resolve(consumer.metricOffsetLag().dimensions)).toEqual({ FunctionName: stack.resolve(fn.functionName) });
  });

  test('alarms.actions replaces the cluster\'s actions; enabled: false creates none', () => {
    const { stack, cluster, fn } = setup();
    const pager = new sns.Topic(stack, 'Pager', { enforceSSL: true });
    new KafkaLambdaConsumer(stack, 'Paged', { cluster, function: fn, topic: 'orders', alarms: { actions: [new cwActions.SnsAction(pager)] } });
    const off = new KafkaLambdaConsumer(fn, 'Off', { cluster, function: fn, topic: 'payments', alarms: { enabled: false } });
    const template = Template.fromStack(stack);
    expectActions(stack, template, 'Paged', [pager.topicArn]);
    expect(alarmCount(template, 'Off')).toBe(0);
    expect(off.alarms).toEqual([]);
  });

  test('an imported cluster gives the alarm without actions', () => {
    const { stack, fn } = bareSetup();
    const cluster = ProvisionedCluster.fromClusterArn(stack, 'Imported', CLUSTER_ARN);
    const consumer = new KafkaLambdaConsumer(stack, 'Orders', { cluster, function: fn, topic: 'orders', consumerGroup: 'billing' });
    expect(consumer.alarms).toHaveLength(1);
    expectActions(stack, Template.fromStack(stack), 'Orders', undefined);
  });
});

describe('the validator wall', () => {
  const app = wallApp();
  const stack = new Stack(app, 'Consumers', { env: { region: 'us-east-1' } });
  const { vpc } = new CompliantVpc(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  const iamCluster = new ProvisionedCluster(stack, 'IamCluster', { vpc });
  const scramCluster = new ProvisionedCluster(stack, 'ScramCluster', { vpc, clientAuthentication: ClientAuthentication.scram() });
  const serverless = new ServerlessCluster(stack, 'Serverless', { vpc });
  // Isolated subnets: on-demand pollers reach Lambda, STS and Secrets Manager through endpoints
  // that the clusters' security groups may reach on 443.
  const { LAMBDA, STS, SECRETS_MANAGER } = ec2.InterfaceVpcEndpointAwsService;
  const services = [LAMBDA, STS, SECRETS_MANAGER];
  for (const service of services) {
    const endpoint = vpc.addInterfaceEndpoint(service.shortName, { service, open: false });
    [scramCluster, serverless].forEach((cluster) => endpoint.connections.allowDefaultPortFrom(cluster, 'Lambda event source pollers'));
  }
  const registry = new SchemaRegistry(stack, 'Registry');
  const consumers: KafkaLambdaConsumer[] = [];
  const fn = (id: string) => new CompliantFunction(stack, id, { vpc, description: id, code: CODE });

  const orders = fn('Orders');
  consumers.push(new KafkaLambdaConsumer(orders.function, 'Orders', {
    cluster: iamCluster,
    function: orders.function,
    topic: 'orders',
    provisionedPollers: { minimumPollers: 1, maximumPollers: 2 },
    schemaRegistry: { registry },
    onFailure: ConsumerFailureDestination.sqs(orders.deadLetterQueue),
  }));
  const partner = fn('Partner');
  consumers.push(new KafkaLambdaConsumer(partner.function, 'Partner', {
    cluster: scramCluster,
    function: partner.function,
    topic: 'orders',
    authentication: LambdaConsumerAuthentication.scram(scramCluster.addScramUser('partner').secret),
    onFailure: ConsumerFailureDestination.sqs(partner.deadLetterQueue),
  }));
  const clicks = fn('Clicks');
  consumers.push(new KafkaLambdaConsumer(clicks.function, 'Clicks', {
    cluster: serverless,
    function: clicks.function,
    topic: 'clicks',
    onFailure: ConsumerFailureDestination.sqs(clicks.deadLetterQueue),
  }));
  const wall = runValidatorWall(app);

  test('passes: built-in CloudFormation validation, six cdk-nag packs, cfn-guard', () => {
    expect(formatFindings(wall.errors)).toEqual([]);
  });

  test('has no warnings on the consumers', () => {
    expect(formatFindings(wall.warnings.filter((f) => consumers.some((c) => f.resource.startsWith(c.node.path))))).toEqual([]);
  });

  test('the wall saw three mappings and no inline policy', () => {
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

import { Lazy, RemovalPolicy, Stack, aws_acmpca as acmpca } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  ClientAuthentication, KafkaAclOperation, KafkaAclPermission, KafkaAclResource, KafkaAcls, KafkaPrincipal, ProvisionedCluster,
} from '../../../src';
import { KAFKA_ACL_ADMIN_USERNAME } from '../../../src/auth/kafka-acls/kafka-acl-admin-user';
import { KAFKA_WORKER_ACKNOWLEDGEMENTS } from '../../../src/auth/kafka-acls/kafka-acl-worker';
import { KafkaAclEntry } from '../../../src/custom-resources/kafka-acl-set';
import { expectValidationError } from '../../util/errors';
import { vpcStack } from '../../util/stacks';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string }>;

function scramCluster(id = 'Events', props: { removalPolicy?: RemovalPolicy } = {}) {
  const env = vpcStack();
  const cluster = new ProvisionedCluster(env.stack, id, { vpc: env.vpc, clientAuthentication: ClientAuthentication.scram(), ...props });
  return { ...env, cluster };
}

function resources(stack: Stack): Resources {
  return Template.fromStack(stack).toJSON().Resources as Resources;
}

function ofType(stack: Stack, type: string): Array<[string, Resources[string]]> {
  return Object.entries(resources(stack)).filter(([, r]) => r.Type === type);
}

/** The declared ACLs of the stack's one Custom::MskKafkaAcls, as `principal PERMISSION OPERATION TYPE:name(PATTERN)`. */
function declared(stack: Stack, property: 'Acls' | 'AdminAcls' = 'Acls'): string[] {
  const [[, resource]] = ofType(stack, 'Custom::MskKafkaAcls');
  const json = stack.resolve(resource.Properties[property]) as string;
  return (JSON.parse(json) as KafkaAclEntry[]).map((a) =>
    `${a.principal} ${a.permissionType} ${a.operation} ${a.resourceType}:${a.resourceName}(${a.patternType}) host=${a.host}`);
}

describe('grants (the ACL counterpart of the IAM grants)', () => {
  test('grantConsume: READ and DESCRIBE on the topic and on the group', () => {
    const { stack, cluster } = scramCluster();
    cluster.addScramUser('orders').grantConsume('orders', 'orders-app');
    expect(declared(stack)).toEqual([
      'User:orders ALLOW READ TOPIC:orders(LITERAL) host=*',
      'User:orders ALLOW DESCRIBE TOPIC:orders(LITERAL) host=*',
      'User:orders ALLOW READ GROUP:orders-app(LITERAL) host=*',
      'User:orders ALLOW DESCRIBE GROUP:orders-app(LITERAL) host=*',
    ]);
  });

  test('grantProduce: WRITE and DESCRIBE on the topic, IDEMPOTENT_WRITE on the cluster; a trailing * is a prefix', () => {
    const { stack, cluster } = scramCluster();
    cluster.addScramUser('payments').grantProduce('payments.*');
    expect(declared(stack)).toEqual([
      'User:payments ALLOW WRITE TOPIC:payments.(PREFIXED) host=*',
      'User:payments ALLOW DESCRIBE TOPIC:payments.(PREFIXED) host=*',
      'User:payments ALLOW IDEMPOTENT_WRITE CLUSTER:kafka-cluster(LITERAL) host=*',
    ]);
  });

  test('grantTransactionalProduce adds WRITE and DESCRIBE on the transactional id', () => {
    const { stack, cluster } = scramCluster();
    cluster.addScramUser('ledger').grantTransactionalProduce('ledger', 'ledger-tx-*');
    expect(declared(stack)).toEqual([
      'User:ledger ALLOW WRITE TOPIC:ledger(LITERAL) host=*',
      'User:ledger ALLOW DESCRIBE TOPIC:ledger(LITERAL) host=*',
      'User:ledger ALLOW IDEMPOTENT_WRITE CLUSTER:kafka-cluster(LITERAL) host=*',
      'User:ledger ALLOW WRITE TRANSACTIONAL_ID:ledger-tx-(PREFIXED) host=*',
      'User:ledger ALLOW DESCRIBE TRANSACTIONAL_ID:ledger-tx-(PREFIXED) host=*',
    ]);
  });

  test('grantAdmin: topics and groups of the patterns (default every one, Kafka\'s literal *), never ACL management', () => {
    const { stack, cluster } = scramCluster();
    cluster.addScramUser('operator').grantAdmin();
    const acls = declared(stack);
    expect(acls).toContain('User:operator ALLOW CREATE TOPIC:*(LITERAL) host=*');
    expect(acls).toContain('User:operator ALLOW DELETE GROUP:*(LITERAL) host=*');
    expect(acls).toContain('User:operator ALLOW DESCRIBE CLUSTER:kafka-cluster(LITERAL) host=*');
    expect(acls.filter((a) => / (ALTER|ALL) CLUSTER:/.test(a))).toEqual([]);
  });

  test('a certificate user of a mutual-TLS cluster is User:<distinguished name>', () => {
    const { stack, vpc } = vpcStack();
    const authority = acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca',
      'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555');
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: ClientAuthentication.of({ mutualTls: [authority], scram: true }) });
    cluster.certificateUser('CN=orders.example.com,OU=Payments').grantConsume('orders', 'orders-app');
    expect(declared(stack)[0]).toBe('User:CN=orders.example.com,OU=Payments ALLOW READ TOPIC:orders(LITERAL) host=*');
  });

  test('addAcl takes any ACL: a DENY from one address; duplicates are declared once', () => {
    const { stack, cluster } = scramCluster();
    const acl = {
      principal: KafkaPrincipal.scramUser('analytics'),
      resource: KafkaAclResource.topic('pii.*'),
      operation: KafkaAclOperation.READ,
      permission: KafkaAclPermission.DENY,
      host: '10.0.0.12',
    };
    cluster.kafkaAcls.addAcl(acl);
    cluster.kafkaAcls.addAcl(acl);
    expect(declared(stack)).toEqual(['User:analytics DENY READ TOPIC:pii.(PREFIXED) host=10.0.0.12']);
    expect(cluster.kafkaAcls.acls).toHaveLength(2);
  });

  test('fails when a grant names an invalid topic, group or principal', () => {
    const { cluster } = scramCluster();
    const user = cluster.addScramUser('orders');
    expectValidationError(() => user.grantConsume('bad topic', 'g'), 'KafkaNameInvalid', "grantConsume: topic 'bad topic' is not a valid Kafka name");
    expectValidationError(() => user.grantConsume('orders', 'a*b'), 'KafkaNameInvalid', "grantConsume: consumerGroup 'a*b' is not a valid Kafka name");
    expectValidationError(() => KafkaPrincipal.certificate('orders.example.com'), 'KafkaPrincipalInvalid', 'starting with CN=');
    expectValidationError(() => KafkaPrincipal.fromName('alice'), 'KafkaPrincipalInvalid', "'User:<name>'");
  });

  test('fails when an ACL names a host that is not an address', () => {
    const { cluster } = scramCluster();
    expectValidationError(() => cluster.kafkaAcls.addAcl({
      principal: KafkaPrincipal.scramUser('a'), resource: KafkaAclResource.cluster(), operation: KafkaAclOperation.DESCRIBE, host: '10.0.0.0/24',
    }), 'KafkaAclHostInvalid', 'no CIDR ranges');
  });
});

describe('what manages the ACLs', () => {
  test('the resource reads the SASL/SCRAM brokers over TLS as the admin user, whose own ACLs come first and apart', () => {
    const { stack, cluster } = scramCluster();
    cluster.addScramUser('orders').grantProduce('orders');
    const [[, acls]] = ofType(stack, 'Custom::MskKafkaAcls');
    expect(acls.Properties).toMatchObject({
      BootstrapServers: { 'Fn::GetAtt': [expect.stringMatching(/^EventsBootstrapBrokers/), 'BootstrapBrokerStringSaslScram'] },
      Tls: 'true',
      ClusterId: { Ref: expect.stringMatching(/^Events/) },
      AdminSecretArn: { Ref: expect.stringMatching(/^EventsScramUsersUsercdkmskacladmin/) },
      WorkerFunction: { 'Fn::GetAtt': [expect.stringMatching(/^CdkMskConstructsKafkaAclWorker.*Function/), 'Arn'] },
    });
    expect(declared(stack, 'AdminAcls')).toEqual([
      `User:${KAFKA_ACL_ADMIN_USERNAME} ALLOW ALTER CLUSTER:kafka-cluster(LITERAL) host=*`,
      `User:${KAFKA_ACL_ADMIN_USERNAME} ALLOW DESCRIBE CLUSTER:kafka-cluster(LITERAL) host=*`,
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', { Name: `AmazonMSK_${cluster.clusterName}_${KAFKA_ACL_ADMIN_USERNAME}` });
  });

  test('the first request waits for the admin\'s association, the worker, its network rules and the provider\'s policy', () => {
    const { stack, cluster } = scramCluster();
    cluster.addScramUser('orders').grantProduce('orders');
    const [[, acls]] = ofType(stack, 'Custom::MskKafkaAcls');
    const dependsOn = acls.DependsOn ?? [];
    const [[association]] = ofType(stack, 'AWS::MSK::BatchScramSecret');
    const [[ingress]] = ofType(stack, 'AWS::EC2::SecurityGroupIngress').filter(([, r]) => r.Properties.FromPort === 9096);
    const [[egress]] = ofType(stack, 'AWS::EC2::SecurityGroupEgress');
    const [[worker]] = ofType(stack, 'AWS::Lambda::Function').filter(([id]) => id.startsWith('CdkMskConstructsKafkaAclWorker'));
    const [[policy]] = ofType(stack, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.includes('KafkaAclsPolicy'));
    expect(dependsOn).toEqual(expect.arrayContaining([association, ingress, egress, worker, policy]));
  });

  test('the worker runs in the cluster\'s subnets behind a group that reaches only the SCRAM port of the brokers', () => {
    const { stack, cluster } = scramCluster();
    cluster.addScramUser('orders').grantProduce('orders');
    const template = Template.fromStack(stack);
    const [[workerGroup, group]] = ofType(stack, 'AWS::EC2::SecurityGroup').filter(([id]) => id.startsWith('CdkMskConstructsKafkaAclWorker'));
    // The inline placeholder keeps EC2's default allow-all egress rule away.
    expect(group.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    const egress = ofType(stack, 'AWS::EC2::SecurityGroupEgress').map(([, r]) => r.Properties);
    expect(egress).toEqual([expect.objectContaining({
      GroupId: { 'Fn::GetAtt': [workerGroup, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 9096,
      ToPort: 9096,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^EventsSecurityGroup/), 'GroupId'] },
    })]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 9096, ToPort: 9096, SourceSecurityGroupId: { 'Fn::GetAtt': [workerGroup, 'GroupId'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      VpcConfig: { SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet2') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet3') }] },
    });
  });

  test('the worker\'s role may write its log and manage its network interfaces, nothing else', () => {
    const { stack, cluster } = scramCluster();
    cluster.addScramUser('orders').grantProduce('orders');
    const [[, policy]] = ofType(stack, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('CdkMskConstructsKafkaAclWorker'));
    const statements = (policy.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement;
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
    expect(actions).toEqual([
      'ec2:AssignPrivateIpAddresses', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets', 'ec2:UnassignPrivateIpAddresses', 'logs:CreateLogStream', 'logs:PutLogEvents',
    ]);
  });

  test('the provider may read each admin secret through Secrets Manager and invoke each worker, listed once', () => {
    const { stack, vpc } = vpcStack();
    const a = new ProvisionedCluster(stack, 'A', { vpc, clientAuthentication: ClientAuthentication.scram() });
    const b = new ProvisionedCluster(stack, 'B', { vpc, clientAuthentication: ClientAuthentication.scram() });
    a.addScramUser('orders').grantProduce('orders');
    b.addScramUser('orders').grantProduce('orders');
    new KafkaAcls(stack, 'More', { cluster: a }).grantProduce(KafkaPrincipal.scramUser('audit'), 'audit');
    const [[, policy]] = ofType(stack, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.includes('KafkaAclsPolicy'));
    type Statement = { Action: string; Resource: unknown[]; Condition?: unknown };
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements.map((s) => [s.Action, s.Resource.length])).toEqual([
      ['secretsmanager:GetSecretValue', 2], ['kms:Decrypt', 2], ['lambda:InvokeFunction', 1], ['kafka:GetBootstrapBrokers', 2],
    ]);
    // The deny-by-default check runs before the cluster: the brokers are read by cluster name, never by an ARN of the cluster.
    expect(JSON.stringify(stack.resolve(statements[3].Resource))).toContain(`:cluster/${a.clusterName}/*`);
    expect(statements[1].Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } });
    // One worker for the VPC, one admin per cluster, three ACL resources.
    expect(ofType(stack, 'AWS::Lambda::Function').filter(([id]) => id.startsWith('CdkMskConstructsKafkaAclWorker'))).toHaveLength(1);
    expect(ofType(stack, 'AWS::SecretsManager::Secret').filter(([id]) => id.includes('cdkmskacladmin'))).toHaveLength(2);
    expect(ofType(stack, 'Custom::MskKafkaAcls')).toHaveLength(3);
  });

  test('the worker\'s acknowledgements are the rules a deploy-time function invoked synchronously cannot meet', () => {
    expect(KAFKA_WORKER_ACKNOWLEDGEMENTS.map((a) => a.rule).sort()).toEqual([
      'HIPAA.Security-LambdaConcurrency', 'HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaConcurrency', 'NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ',
      'Serverless-LambdaTracing',
    ]);
  });
});

describe('deny by default (README: two deployments)', () => {
  test('the cluster waits for a check that reads whether the configuration denies by default; the check waits for nothing that waits for the cluster', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', {
      vpc, clientAuthentication: ClientAuthentication.scram(), serverProperties: { 'allow.everyone.if.no.acl.found': 'false' },
    });
    cluster.addScramUser('orders').grantProduce('orders');
    new KafkaAcls(stack, 'More', { cluster }).grantProduce(KafkaPrincipal.scramUser('audit'), 'audit');
    const checks = ofType(stack, 'Custom::MskKafkaAclsReady');
    expect(checks).toHaveLength(1);
    const [[checkId, check]] = checks;
    expect(check.Properties).toMatchObject({
      ClusterName: cluster.clusterName,
      DenyByDefault: 'true',
      AdminPrincipal: `User:${KAFKA_ACL_ADMIN_USERNAME}`,
      AdminSecretArn: { Ref: expect.stringMatching(/cdkmskacladmin/) },
    });
    const [[, cfnCluster]] = ofType(stack, 'AWS::MSK::Cluster');
    expect(cfnCluster.DependsOn).toContain(checkId);
    const [[association]] = ofType(stack, 'AWS::MSK::BatchScramSecret');
    expect(check.DependsOn ?? []).not.toContain(association);
  });

  test('the check is there while Kafka still allows everyone, so that turning it off is an update it sees', () => {
    const { stack, cluster } = scramCluster();
    cluster.addScramUser('orders').grantProduce('orders');
    expect(ofType(stack, 'Custom::MskKafkaAclsReady')[0][1].Properties.DenyByDefault).toBe('false');
  });

  test('turning the flag off updates the check in place (same logical id, DenyByDefault changes), so it runs before the cluster update', () => {
    const build = (deny: boolean) => {
      const { stack, vpc } = vpcStack();
      const cluster = new ProvisionedCluster(stack, 'Events', {
        vpc,
        clusterName: 'events',
        clientAuthentication: ClientAuthentication.scram(),
        serverProperties: deny ? { 'allow.everyone.if.no.acl.found': 'false' } : undefined,
      });
      cluster.addScramUser('orders').grantProduce('orders');
      return ofType(stack, 'Custom::MskKafkaAclsReady');
    };
    const [[beforeId, before]] = build(false);
    const [[afterId, after]] = build(true);
    expect(afterId).toBe(beforeId);
    expect({ ...before.Properties, DenyByDefault: 'true' }).toEqual(after.Properties);
  });

  test('a token for the flag counts as denying (the check then runs)', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', {
      vpc, clientAuthentication: ClientAuthentication.scram(), serverProperties: { 'allow.everyone.if.no.acl.found': Lazy.string({ produce: () => 'false' }) },
    });
    cluster.addScramUser('orders').grantProduce('orders');
    expect(ofType(stack, 'Custom::MskKafkaAclsReady')[0][1].Properties.DenyByDefault).toBe('true');
  });
});

describe('data safety', () => {
  test('the ACLs of a retained cluster stay when the stack is deleted; a destroyed cluster\'s go', () => {
    const retained = scramCluster();
    retained.cluster.addScramUser('orders').grantProduce('orders');
    expect(ofType(retained.stack, 'Custom::MskKafkaAcls')[0][1].DeletionPolicy).toBe('Retain');
    const destroyed = scramCluster('Events', { removalPolicy: RemovalPolicy.DESTROY });
    destroyed.cluster.addScramUser('orders').grantProduce('orders');
    expect(ofType(destroyed.stack, 'Custom::MskKafkaAcls')[0][1].DeletionPolicy).toBe('Delete');
  });

  test('removalPolicy overrides it', () => {
    const { stack, cluster } = scramCluster();
    new KafkaAcls(stack, 'Temporary', { cluster, removalPolicy: RemovalPolicy.DESTROY, acls: [] })
      .grantConsume(KafkaPrincipal.scramUser('tmp'), 'orders', 'tmp');
    expect(ofType(stack, 'Custom::MskKafkaAcls')[0][1].DeletionPolicy).toBe('Delete');
  });
});

describe('where ACLs do not apply', () => {
  test('fails when the cluster does not enable SASL/SCRAM, naming the fix', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc });
    expectValidationError(() => cluster.kafkaAcls, 'KafkaAclsNeedScram', 'enable SASL/SCRAM');
  });

  test('fails when a certificate user is asked of a cluster without mutual TLS', () => {
    const { cluster } = scramCluster();
    expectValidationError(() => cluster.certificateUser('CN=orders'), 'MutualTlsNotEnabled', 'does not enable mutual TLS');
  });
});

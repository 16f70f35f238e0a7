import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeClusterV2Command, GetBootstrapBrokersCommand, KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { InvokeCommand, InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler, handler, ProviderEvent, ProviderResult, RESOURCE_TYPES } from '../../src/custom-resources/provider.lambda';
import {
  BOOTSTRAP_BROKERS_RESOURCE_TYPE, BROKER_VOLUME_SIZE_RESOURCE_TYPE, KAFKA_ACLS_READY_RESOURCE_TYPE, KAFKA_ACLS_RESOURCE_TYPE,
  SERVERLESS_CLUSTER_GUARD_RESOURCE_TYPE, UPDATE_GUARD_RESOURCE_TYPE,
} from '../../src/custom-resources/resource-types';
import { LambdaContext, realTimer } from '../../src/custom-resources/sdk-retry';

const kafkaMock = mockClient(KafkaClient);
const cloudFormationMock = mockClient(CloudFormationClient);
const secretsMock = mockClient(SecretsManagerClient);
const lambdaMock = mockClient(LambdaClient);

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/11111111-2222-3333-4444-555555555555-1';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Demo/11111111-2222-3333-4444-555555555555';
const IAM_BROKERS = 'b-1.orders.kafka.us-east-1.amazonaws.com:9098,b-2.orders.kafka.us-east-1.amazonaws.com:9098';
const CONTEXT: LambdaContext = { getRemainingTimeInMillis: () => 900_000 };
const METADATA = { httpStatusCode: 200 };
const BUILTINS = new Set(builtinModules);

function event(resourceType: string, properties: Record<string, string>): ProviderEvent {
  return {
    RequestType: 'Create',
    ResourceType: resourceType,
    StackId: STACK_ID,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', ...properties },
  } as ProviderEvent;
}

const BROKERS_EVENT = event(BOOTSTRAP_BROKERS_RESOURCE_TYPE, { ClusterArn: CLUSTER_ARN, RequiredAttributes: 'BootstrapBrokerStringSaslIam' });
const VOLUME_EVENT = event(BROKER_VOLUME_SIZE_RESOURCE_TYPE, { ClusterName: 'orders', VolumeSize: '100', ProvisionedThroughput: '', StorageMode: 'LOCAL' });
const GUARD_PROPERTIES = { ClusterName: 'events', VpcConfigs: '[]', ClientAuthentication: '{}', Tags: '{}' };
const GUARD_UPDATE = {
  ...event(SERVERLESS_CLUSTER_GUARD_RESOURCE_TYPE, GUARD_PROPERTIES),
  RequestType: 'Update',
  PhysicalResourceId: 'events',
  OldResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', ...GUARD_PROPERTIES, Tags: '{"a":"b"}' },
} as ProviderEvent;

let logSpy: jest.SpyInstance;
beforeEach(() => {
  kafkaMock.reset();
  cloudFormationMock.reset();
  secretsMock.reset();
  lambdaMock.reset();
  kafkaMock.on(DescribeClusterV2Command).resolves({ $metadata: METADATA, ClusterInfo: { ClusterArn: CLUSTER_ARN, State: 'ACTIVE' } });
  kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, BootstrapBrokerStringSaslIam: IAM_BROKERS });
  kafkaMock.on(ListClustersV2Command).resolves({ $metadata: METADATA, ClusterInfoList: [] });
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  logSpy.mockRestore();
});

describe('the provider Lambda (one per stack, every resource type)', () => {
  test('serves exactly the resource types of the library', () => {
    expect([...RESOURCE_TYPES].sort()).toEqual([
      'Custom::MskBootstrapBrokers', 'Custom::MskBrokerVolumeSize', 'Custom::MskKafkaAcls', 'Custom::MskKafkaAclsReady', 'Custom::MskServerlessClusterGuard',
      'Custom::MskUpdateGuard',
    ]);
  });

  test('sends a Custom::MskBootstrapBrokers event to the bootstrap-brokers handler', async () => {
    const result = await handler(BROKERS_EVENT, CONTEXT);

    expect(result).toEqual({ PhysicalResourceId: CLUSTER_ARN, Data: { BootstrapBrokerStringSaslIam: IAM_BROKERS } });
    expect(kafkaMock.commandCalls(GetBootstrapBrokersCommand)).toHaveLength(1);
    expect(kafkaMock.commandCalls(ListClustersV2Command)).toHaveLength(0);
  });

  test('sends a Custom::MskBrokerVolumeSize event to the broker-volume-size handler', async () => {
    const result = await handler(VOLUME_EVENT, CONTEXT);

    expect(result).toEqual({ PhysicalResourceId: 'orders:100', Data: { VolumeSize: 100 } });
    expect(kafkaMock.commandCalls(ListClustersV2Command)).toHaveLength(1);
    expect(kafkaMock.commandCalls(GetBootstrapBrokersCommand)).toHaveLength(0);
    expect(cloudFormationMock.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  test('sends a Custom::MskServerlessClusterGuard event to the serverless-cluster-guard handler', async () => {
    const result = await handler(GUARD_UPDATE, CONTEXT);

    expect(result).toEqual({ PhysicalResourceId: 'events' });
    expect(kafkaMock.commandCalls(ListClustersV2Command).map((call) => call.args[0].input)).toEqual([
      { ClusterNameFilter: 'events', ClusterTypeFilter: 'SERVERLESS' },
    ]);
    expect(kafkaMock.commandCalls(GetBootstrapBrokersCommand)).toHaveLength(0);
  });

  test('sends a Custom::MskUpdateGuard event to the update-guard handler, which refuses fewer partitions outside a rollback', async () => {
    cloudFormationMock.on(DescribeStacksCommand).resolves({ $metadata: METADATA, Stacks: [{ StackName: 'Demo', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] });
    const settings = (partitions: number) => JSON.stringify([{ Property: 'partitions', Value: partitions, Change: 'grows', Reason: 'Kafka cannot remove partitions.' }]);
    const properties = (partitions: number) => ({ ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', Subject: "topic 'orders'", Settings: settings(partitions) });
    const guardEvent = (before: number, after: number) => ({
      ...event(UPDATE_GUARD_RESOURCE_TYPE, {}),
      RequestType: 'Update',
      PhysicalResourceId: 'guard',
      ResourceProperties: properties(after),
      OldResourceProperties: properties(before),
    } as ProviderEvent);

    await expect(handler(guardEvent(6, 12), CONTEXT)).resolves.toEqual({});
    await expect(handler(guardEvent(6, 3), CONTEXT)).rejects.toThrow(/^partitions of topic 'orders' changes from 6 to 3: Kafka cannot remove partitions\./);
    expect(kafkaMock.calls()).toHaveLength(0);
  });

  test('fails a Custom::MskServerlessClusterGuard update of a live cluster outside a rollback', async () => {
    kafkaMock.on(ListClustersV2Command).resolves({ $metadata: METADATA, ClusterInfoList: [{ ClusterName: 'events', State: 'ACTIVE' }] });
    cloudFormationMock.on(DescribeStacksCommand).resolves({ $metadata: METADATA, Stacks: [{ StackName: 'Demo', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] });

    await expect(handler(GUARD_UPDATE, CONTEXT)).rejects.toThrow(/^tags: .*new, empty one/);
  });

  test('sends a Custom::MskKafkaAcls event to the dispatcher, which reads the admin secret and invokes the worker without the ResponseURL', async () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_admin-AbCdEf';
    const worker = 'arn:aws:lambda:us-east-1:123456789012:function:acl-worker';
    secretsMock.on(GetSecretValueCommand).resolves({ $metadata: METADATA, SecretString: JSON.stringify({ username: 'admin', password: 'pw-provider-test' }) });
    const payload = Buffer.from(JSON.stringify({ PhysicalResourceId: 'kafka-acls-Acls-abc' })) as unknown as InvokeCommandOutput['Payload'];
    lambdaMock.on(InvokeCommand).resolves({ $metadata: METADATA, StatusCode: 200, Payload: payload });
    const aclsEvent = {
      ...event(KAFKA_ACLS_RESOURCE_TYPE, {
        Subject: 'ACLs of cluster orders', ClusterId: CLUSTER_ARN, BootstrapServers: 'b-1:9096', Tls: 'true', AdminSecretArn: secretArn, Acls: '[]', WorkerFunction: worker,
      }),
      LogicalResourceId: 'Acls',
      ResponseURL: 'https://cloudformation-custom-resource-response.s3.amazonaws.com/presigned',
    } as unknown as ProviderEvent;

    await expect(handler(aclsEvent, CONTEXT)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-Acls-abc' });
    expect(secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([{ SecretId: secretArn }]);
    const invocations = lambdaMock.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toMatchObject({ FunctionName: worker, InvocationType: 'RequestResponse' });
    const sent = JSON.parse(Buffer.from(invocations[0].Payload as Uint8Array).toString('utf8')) as { event: Record<string, unknown>; credentials: unknown };
    expect(sent.credentials).toEqual({ username: 'admin', password: 'pw-provider-test' });
    expect(sent.event).toMatchObject({ RequestType: 'Create', LogicalResourceId: 'Acls', StackId: STACK_ID });
    expect(sent.event).not.toHaveProperty('ResponseURL');
    expect(kafkaMock.calls()).toHaveLength(0);
    expect(logSpy.mock.calls.flat().join('\n')).not.toContain('pw-provider-test');
  });

  test('sends a Custom::MskKafkaAclsReady event to the deny-by-default check, which asks the worker about the admin\'s ACLs', async () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_orders_cdk-msk-acl-admin-AbCdEf';
    const worker = 'arn:aws:lambda:us-east-1:123456789012:function:acl-worker';
    const scramBrokers = 'b-1.orders.kafka.us-east-1.amazonaws.com:9096,b-2.orders.kafka.us-east-1.amazonaws.com:9096';
    kafkaMock.on(ListClustersV2Command).resolves({ $metadata: METADATA, ClusterInfoList: [{ ClusterName: 'orders', ClusterArn: CLUSTER_ARN, State: 'ACTIVE' }] });
    kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, BootstrapBrokerStringSaslScram: scramBrokers });
    cloudFormationMock.on(DescribeStacksCommand).resolves({ $metadata: METADATA, Stacks: [{ StackName: 'Demo', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] });
    secretsMock.on(GetSecretValueCommand).resolves({ $metadata: METADATA, SecretString: JSON.stringify({ username: 'cdk-msk-acl-admin', password: 'pw-provider-test' }) });
    const answer = (value: unknown) => ({ $metadata: METADATA, StatusCode: 200, Payload: Buffer.from(JSON.stringify(value)) as unknown as InvokeCommandOutput['Payload'] });
    lambdaMock.on(InvokeCommand)
      .resolvesOnce(answer({ authenticated: true, missing: [], found: ["User:cdk-msk-acl-admin ALLOW ALTER on CLUSTER 'kafka-cluster' (LITERAL) from host *"] }))
      .resolvesOnce(answer({ authenticated: true, missing: ['ALTER', 'DESCRIBE'], found: [] }));
    const readyEvent = {
      ...event(KAFKA_ACLS_READY_RESOURCE_TYPE, {
        ClusterName: 'orders', DenyByDefault: 'true', AdminPrincipal: 'User:cdk-msk-acl-admin', AdminSecretArn: secretArn, WorkerFunction: worker,
      }),
      RequestType: 'Update',
      PhysicalResourceId: 'kafka-acls-ready-orders',
    } as ProviderEvent;

    await expect(handler(readyEvent, CONTEXT)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-ready-orders' });
    await expect(handler(readyEvent, CONTEXT)).rejects.toThrow(
      "serverProperties 'allow.everyone.if.no.acl.found': MSK cluster orders is about to deny by default, and the ACL admin User:cdk-msk-acl-admin lacks ALLOW ALTER and ALLOW DESCRIBE");

    expect(kafkaMock.commandCalls(GetBootstrapBrokersCommand).map((call) => call.args[0].input))
      .toEqual([{ ClusterArn: CLUSTER_ARN }, { ClusterArn: CLUSTER_ARN }]);
    const invocation = lambdaMock.commandCalls(InvokeCommand)[0].args[0].input;
    expect(invocation).toMatchObject({ FunctionName: worker, InvocationType: 'RequestResponse' });
    expect(JSON.parse(Buffer.from(invocation.Payload as Uint8Array).toString('utf8'))).toEqual({
      action: 'checkAdmin',
      check: { bootstrapServers: scramBrokers, tls: true, adminPrincipal: 'User:cdk-msk-acl-admin' },
      credentials: { username: 'cdk-msk-acl-admin', password: 'pw-provider-test' },
    });
    expect(logSpy.mock.calls.flat().join('\n')).not.toContain('pw-provider-test');
  });

  test.each(['Custom::Other', 'AWS::CloudFormation::CustomResource', ''])('fails when the ResourceType is %p, naming it, without any SDK call', async (type) => {
    await expect(handler(event(type, { ClusterArn: CLUSTER_ARN }), CONTEXT)).rejects.toThrow(
      `Unknown ResourceType ${JSON.stringify(type)}: the cdk-msk-constructs provider Lambda serves only Custom::MskBootstrapBrokers, Custom::MskBrokerVolumeSize, Custom::MskServerlessClusterGuard, Custom::MskUpdateGuard, Custom::MskKafkaAcls, Custom::MskKafkaAclsReady`);
    expect(kafkaMock.calls()).toHaveLength(0);
    expect(cloudFormationMock.calls()).toHaveLength(0);
    expect(secretsMock.calls()).toHaveLength(0);
    expect(lambdaMock.calls()).toHaveLength(0);
  });

  test('fails when the event has no ResourceType', async () => {
    const { ResourceType: _, ...untyped } = VOLUME_EVENT;

    await expect(createHandler(realTimer)(untyped as ProviderEvent, CONTEXT)).rejects.toThrow('Unknown ResourceType undefined');
  });
});

describe('the bundles (assets/custom-resources, written by `npx projen bundle`)', () => {
  const assets = path.join(__dirname, '..', '..', 'assets', 'custom-resources');
  /** The packages a bundle loads at run time (Node's own modules left out). */
  const packagesRequired = (code: string) => [...new Set(code.match(/\brequire\("[^"]+"\)/g) ?? [])]
    .map((r) => r.slice('require("'.length, -2))
    .filter((name) => !name.startsWith('node:') && !BUILTINS.has(name))
    .sort();

  test('are two: the provider (every handler) and the Kafka ACL worker', () => {
    expect(fs.readdirSync(assets).sort()).toEqual(['kafka-worker', 'provider']);
    expect(fs.readdirSync(path.join(assets, 'provider'))).toEqual(['index.js']);
    expect(fs.readdirSync(path.join(assets, 'kafka-worker'))).toEqual(['index.js']);
  });

  test('the provider keeps the SDK external (the Lambda runtime provides it) and holds no Kafka client', () => {
    const code = fs.readFileSync(path.join(assets, 'provider', 'index.js'), 'utf8');
    expect(packagesRequired(code)).toEqual([
      '@aws-sdk/client-cloudformation', '@aws-sdk/client-kafka', '@aws-sdk/client-lambda', '@aws-sdk/client-secrets-manager',
    ]);
    expect(code).not.toContain('platformatic');
    expect(code).not.toContain('PLT_KFK_');
  });

  test('the worker has @platformatic/kafka inside, and requires no package at run time (no SDK either)', () => {
    const code = fs.readFileSync(path.join(assets, 'kafka-worker', 'index.js'), 'utf8');
    // The Kafka client's error codes and SCRAM are in the bundle itself.
    expect(code).toContain('PLT_KFK_AUTHENTICATION');
    expect(code).toContain('SCRAM-SHA-512');
    // ajv's generated validators name its runtime helpers in strings ('require("ajv/dist/runtime/...")'), not as calls.
    expect(packagesRequired(code).filter((name) => !name.startsWith('ajv/dist/runtime/'))).toEqual([]);
    expect(code).not.toMatch(/\brequire\("@aws-sdk\//);
    expect(code).not.toMatch(/\brequire\("@platformatic\//);
  });

  test('the provider dispatches on the resource type', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(path.join(assets, 'provider', 'index.js')) as { handler: (e: ProviderEvent, c: LambdaContext) => Promise<ProviderResult> };

    await expect(bundled.handler(event('Custom::Other', {}), CONTEXT)).rejects.toThrow('Unknown ResourceType "Custom::Other"');
    // The deny-by-default check is in the bundle: with the flag left alone it answers without any call.
    await expect(bundled.handler(event(KAFKA_ACLS_READY_RESOURCE_TYPE, { ClusterName: 'orders', DenyByDefault: 'false' }), CONTEXT))
      .resolves.toEqual({ PhysicalResourceId: 'kafka-acls-ready-orders' });
  });

  test('the worker loads and refuses a request that does not come from the provider', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(path.join(assets, 'kafka-worker', 'index.js')) as { handler: (r: unknown, c: LambdaContext) => Promise<unknown> };

    await expect(bundled.handler({ RequestType: 'Create' }, CONTEXT)).rejects.toThrow('The Kafka ACL worker takes');
  });
});

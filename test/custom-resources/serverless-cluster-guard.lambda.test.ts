import { CloudFormationClient, DescribeStacksCommand, StackStatus } from '@aws-sdk/client-cloudformation';
import { Cluster, KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import {
  changedProperties,
  handler,
  onEvent,
  ServerlessClusterGuardDeps,
  ServerlessClusterGuardEvent,
  ServerlessClusterGuardResourceProperties,
} from '../../src/custom-resources/serverless-cluster-guard.lambda';
import { fakeHandlerTime } from '../util/handler-time';

const kafkaMock = mockClient(KafkaClient);
const cloudFormationMock = mockClient(CloudFormationClient);

const NAME = 'events';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Demo/11111111-2222-3333-4444-555555555555';
const START = 1_700_000_000_000;
const VPC_A = JSON.stringify([{ SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'] }]);
const VPC_B = JSON.stringify([{ SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-2'] }]);
const AUTH = JSON.stringify({ sasl: { iam: { enabled: true } } });

function fakeDeps(logs: string[] = []): ServerlessClusterGuardDeps {
  return {
    client: new KafkaClient({ region: 'us-east-1' }),
    cloudFormation: new CloudFormationClient({ region: 'us-east-1' }),
    ...fakeHandlerTime(START, logs),
  };
}

function props(extra: Partial<ServerlessClusterGuardResourceProperties> = {}): ServerlessClusterGuardResourceProperties {
  return { ServiceToken: 'token', ClusterName: NAME, VpcConfigs: VPC_A, ClientAuthentication: AUTH, Tags: '{}', ...extra };
}

type Extra = Partial<ServerlessClusterGuardResourceProperties>;

function update(oldExtra: Extra, newExtra: Extra): ServerlessClusterGuardEvent {
  return {
    RequestType: 'Update',
    StackId: STACK_ID,
    PhysicalResourceId: NAME,
    OldResourceProperties: props(oldExtra),
    ResourceProperties: props(newExtra),
  };
}

function liveClusters(...clusters: Cluster[]): void {
  kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: clusters });
}

function stackIn(status: string | Error): void {
  if (status instanceof Error) {
    cloudFormationMock.on(DescribeStacksCommand).rejects(status);
  } else {
    cloudFormationMock.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Demo', StackStatus: status as StackStatus, CreationTime: new Date(START) }], $metadata: {} });
  }
}

const LIVE: Cluster = { ClusterName: NAME, ClusterType: 'SERVERLESS', State: 'ACTIVE' };

beforeEach(() => {
  kafkaMock.reset();
  cloudFormationMock.reset();
});

describe('onEvent', () => {
  test('create checks nothing (a first deployment, or the guard added to an existing stack)', async () => {
    liveClusters(LIVE);
    await expect(onEvent({ RequestType: 'Create', StackId: STACK_ID, ResourceProperties: props() }, fakeDeps()))
      .resolves.toEqual({ PhysicalResourceId: NAME });
    expect(kafkaMock.commandCalls(ListClustersV2Command)).toHaveLength(0);
  });

  test('delete does nothing', async () => {
    await expect(onEvent({ RequestType: 'Delete', StackId: STACK_ID, PhysicalResourceId: NAME, ResourceProperties: props() }, fakeDeps()))
      .resolves.toEqual({ PhysicalResourceId: NAME });
    expect(kafkaMock.calls()).toHaveLength(0);
    expect(cloudFormationMock.calls()).toHaveLength(0);
  });

  test('fails when the security groups of the live serverless cluster change, naming the props and the fix', async () => {
    liveClusters(LIVE);
    stackIn('UPDATE_IN_PROGRESS');
    const error = onEvent(update({}, { VpcConfigs: VPC_B }), fakeDeps());
    await expect(error).rejects.toThrow(/^vpc\/vpcSubnets\/securityGroups\/additionalVpcs: .*MSK Serverless cluster events .*"Update requires: Replacement".*new, empty one.*Fix: revert the change.*new clusterName in the same deployment/);
    expect(kafkaMock.commandCalls(ListClustersV2Command)[0].args[0].input).toEqual({ ClusterNameFilter: NAME, ClusterTypeFilter: 'SERVERLESS' });
    expect(cloudFormationMock.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: STACK_ID });
  });

  test('fails when the tags change, starting with tags', async () => {
    liveClusters(LIVE);
    stackIn('UPDATE_IN_PROGRESS');
    await expect(onEvent(update({}, { Tags: '{"team":"a"}' }), fakeDeps())).rejects.toThrow(/^tags: /);
  });

  test('does not fail while the stack rolls back (the old settings coming back)', async () => {
    liveClusters(LIVE);
    stackIn('UPDATE_ROLLBACK_IN_PROGRESS');
    const logs: string[] = [];
    await expect(onEvent(update({ VpcConfigs: VPC_B }, {}), fakeDeps(logs))).resolves.toEqual({ PhysicalResourceId: NAME });
    expect(logs.join('\n')).toContain('UPDATE_ROLLBACK_IN_PROGRESS');
  });

  test('fails when the stack status cannot be read (going on would replace the cluster)', async () => {
    liveClusters(LIVE);
    stackIn(new Error('denied'));
    await expect(onEvent(update({}, { VpcConfigs: VPC_B }), fakeDeps())).rejects.toThrow(/new, empty one.*The stack status could not be read.*continue-update-rollback/);
  });

  test('passes a new cluster name in the same deployment (no live cluster of that name)', async () => {
    liveClusters(LIVE);
    stackIn('UPDATE_IN_PROGRESS');
    await expect(onEvent(update({}, { ClusterName: 'events-v2', VpcConfigs: VPC_B }), fakeDeps())).resolves.toEqual({ PhysicalResourceId: 'events-v2' });
    expect(cloudFormationMock.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  test('ignores clusters whose name only starts with the name, and clusters being deleted or failed', async () => {
    liveClusters({ ...LIVE, ClusterName: `${NAME}-old` }, { ...LIVE, State: 'DELETING' }, { ...LIVE, State: 'FAILED' });
    stackIn('UPDATE_IN_PROGRESS');
    await expect(onEvent(update({}, { VpcConfigs: VPC_B }), fakeDeps())).resolves.toEqual({ PhysicalResourceId: NAME });
  });

  test('follows ListClustersV2 pages to find the live cluster', async () => {
    kafkaMock.on(ListClustersV2Command)
      .resolvesOnce({ ClusterInfoList: [], NextToken: 'next' })
      .resolves({ ClusterInfoList: [LIVE] });
    stackIn('UPDATE_IN_PROGRESS');
    await expect(onEvent(update({}, { VpcConfigs: VPC_B }), fakeDeps())).rejects.toThrow(/^vpc\//);
    expect(kafkaMock.commandCalls(ListClustersV2Command)[1].args[0].input.NextToken).toBe('next');
  });

  test('fails when the ClusterName property is missing', async () => {
    await expect(onEvent({ RequestType: 'Create', ResourceProperties: props({ ClusterName: '' }) }, fakeDeps())).rejects.toThrow('ClusterName property is required');
  });
});

describe('changedProperties', () => {
  test('names each changed setting by its props', () => {
    expect(changedProperties(props(), props({ VpcConfigs: VPC_B, Tags: '{"a":"b"}' }))).toEqual(['vpc/vpcSubnets/securityGroups/additionalVpcs', 'tags']);
    expect(changedProperties(props(), props({ ClientAuthentication: '{}' }))).toEqual(['clientAuthentication']);
  });

  test('names every setting when none can be told apart', () => {
    expect(changedProperties(undefined, props())).toHaveLength(3);
    expect(changedProperties(props(), props())).toHaveLength(3);
  });
});

describe('handler', () => {
  test('wires the real clients: a changed live cluster fails outside a rollback', async () => {
    liveClusters(LIVE);
    stackIn('UPDATE_IN_PROGRESS');
    const context = { getRemainingTimeInMillis: () => 14 * 60_000 };
    await expect(handler(update({}, { VpcConfigs: VPC_B }), context)).rejects.toThrow(/^vpc\//);
  });
});

import { CloudFormationClient, DescribeStacksCommand, StackStatus } from '@aws-sdk/client-cloudformation';
import { GetBootstrapBrokersCommand, KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import { WorkerAnswer } from '../../src/custom-resources/kafka-acls-dispatch.lambda';
import {
  DENY_BY_DEFAULT_FIX, KafkaAclsReadyDeps, KafkaAclsReadyEvent, KafkaAclsReadyResourceProperties, onEvent, readCheckAdminPayload, readyPhysicalId,
} from '../../src/custom-resources/kafka-acls-ready.lambda';
import { KafkaAdminCheckResult } from '../../src/custom-resources/kafka-acls.lambda';
import { KafkaWorkerCheckAdminRequest } from '../../src/custom-resources/kafka-worker-request.lambda';
import { KAFKA_ACLS_READY_RESOURCE_TYPE } from '../../src/custom-resources/resource-types';
import { fakeHandlerTime } from '../util/handler-time';
import { messageWithout } from '../util/secret-free';

const kafkaMock = mockClient(KafkaClient);
const cloudFormationMock = mockClient(CloudFormationClient);

const START = 1_700_000_000_000;
const METADATA = { httpStatusCode: 200 };
const NAME = 'events';
const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/events/11111111-2222-3333-4444-555555555555-1';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Demo/11111111-2222-3333-4444-555555555555';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_events_cdk-msk-acl-admin-AbCdEf';
const WORKER = 'arn:aws:lambda:us-east-1:123456789012:function:Demo-EventsAclWorker';
const ADMIN = 'User:cdk-msk-acl-admin';
const SCRAM_BROKERS = 'b-1.events.kafka.us-east-1.amazonaws.com:9096,b-2.events.kafka.us-east-1.amazonaws.com:9096';
/** The admin's password: no log line and no error message may contain it. */
const PASSWORD = 'Pw-ready-5e4d3c2b1a09';
const CREDENTIALS = { username: 'cdk-msk-acl-admin', password: PASSWORD };
const ADMIN_ALTER = `${ADMIN} ALLOW ALTER on CLUSTER 'kafka-cluster' (LITERAL) from host *`;
const SETTING = "serverProperties 'allow.everyone.if.no.acl.found'";

const PROPERTIES: KafkaAclsReadyResourceProperties = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
  Subject: 'deny by default of cluster Events (Demo/Events)',
  ClusterName: NAME,
  DenyByDefault: 'true',
  AdminPrincipal: ADMIN,
  AdminSecretArn: SECRET_ARN,
  WorkerFunction: WORKER,
};

function event(requestType: KafkaAclsReadyEvent['RequestType'], extra: Partial<KafkaAclsReadyResourceProperties> = {}): KafkaAclsReadyEvent {
  const properties = { ...PROPERTIES, ...extra };
  return requestType === 'Create'
    ? { RequestType: 'Create', StackId: STACK_ID, ResourceProperties: properties }
    : {
      RequestType: requestType,
      StackId: STACK_ID,
      PhysicalResourceId: readyPhysicalId(NAME),
      ResourceProperties: properties,
      OldResourceProperties: { ...PROPERTIES, DenyByDefault: 'false' },
    };
}

interface Env {
  readonly deps: KafkaAclsReadyDeps;
  readonly logs: string[];
  readonly checks: Array<{ functionArn: string; request: KafkaWorkerCheckAdminRequest }>;
  readonly secretReads: string[];
}

/** The live cluster (or none), the stack status, the secret and the worker's answers (the last one repeats). */
function env(options: {
  live?: boolean;
  stackStatus?: string | Error;
  scramBrokers?: string;
  secret?: Error;
  worker?: Array<Error | WorkerAnswer<KafkaAdminCheckResult>>;
} = {}): Env {
  kafkaMock.on(ListClustersV2Command).resolves({
    $metadata: METADATA,
    ClusterInfoList: options.live === false ? [] : [{ ClusterName: NAME, ClusterArn: CLUSTER_ARN, State: 'ACTIVE', ClusterType: 'PROVISIONED' }],
  });
  kafkaMock.on(GetBootstrapBrokersCommand).resolves({ $metadata: METADATA, BootstrapBrokerStringSaslScram: options.scramBrokers ?? SCRAM_BROKERS });
  const status = options.stackStatus ?? 'UPDATE_IN_PROGRESS';
  if (status instanceof Error) {
    cloudFormationMock.on(DescribeStacksCommand).rejects(status);
  } else {
    cloudFormationMock.on(DescribeStacksCommand).resolves({ $metadata: METADATA, Stacks: [{ StackName: 'Demo', StackStatus: status as StackStatus, CreationTime: new Date() }] });
  }
  const logs: string[] = [];
  const checks: Env['checks'] = [];
  const secretReads: string[] = [];
  const worker = options.worker ?? [{ result: { authenticated: true, missing: [], found: [ADMIN_ALTER] } }];
  const e: Env = {
    logs,
    checks,
    secretReads,
    deps: {
      ...fakeHandlerTime(START, logs),
      client: new KafkaClient({ region: 'us-east-1' }),
      cloudFormation: new CloudFormationClient({ region: 'us-east-1' }),
      readSecret: async (secretArn) => {
        secretReads.push(secretArn);
        if (options.secret) {
          throw options.secret;
        }
        return CREDENTIALS;
      },
      checkAdmin: async (functionArn, request) => {
        checks.push({ functionArn, request });
        const answer = worker[Math.min(checks.length - 1, worker.length - 1)];
        if (answer instanceof Error) {
          throw answer;
        }
        return answer;
      },
    },
  };
  current.push(e);
  return e;
}

/** Runs `work`; returns its error's message ('' when it succeeds), which never contains the admin's password. */
const messageOf = (work: Promise<unknown>): Promise<string> => messageWithout(PASSWORD, work);

let current: Env[] = [];
beforeEach(() => {
  kafkaMock.reset();
  cloudFormationMock.reset();
  current = [];
});
afterEach(() => {
  for (const e of current) {
    for (const line of e.logs) {
      expect(line).not.toContain(PASSWORD);
    }
  }
});

test('the resource type is Custom::MskKafkaAclsReady', () => {
  expect(KAFKA_ACLS_READY_RESOURCE_TYPE).toBe('Custom::MskKafkaAclsReady');
});

describe('nothing to check', () => {
  test('a Delete does nothing', async () => {
    const e = env();
    await expect(onEvent(event('Delete'), e.deps)).resolves.toEqual({ PhysicalResourceId: readyPhysicalId(NAME) });
    expect(kafkaMock.calls()).toHaveLength(0);
    expect(e.checks).toEqual([]);
    expect(e.secretReads).toEqual([]);
  });

  test.each([['false'], [''], ['TRUE']])('a Create or Update with DenyByDefault %p does nothing but log', async (value) => {
    const e = env();
    for (const requestType of ['Create', 'Update'] as const) {
      await expect(onEvent(event(requestType, { DenyByDefault: value }), e.deps)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-ready-events' });
    }
    expect(e.logs).toEqual([
      `Create ${PROPERTIES.Subject}: allow.everyone.if.no.acl.found is not false, nothing to check`,
      `Update ${PROPERTIES.Subject}: allow.everyone.if.no.acl.found is not false, nothing to check`,
    ]);
    expect(kafkaMock.calls()).toHaveLength(0);
    expect(cloudFormationMock.calls()).toHaveLength(0);
    expect(e.checks).toEqual([]);
  });

  test('fails when the ClusterName is missing', async () => {
    const e = env();
    expect(await messageOf(onEvent(event('Create', { ClusterName: '' }), e.deps))).toBe('The ClusterName property is required');
  });
});

describe('deny by default', () => {
  test('passes when the admin holds ALTER on the cluster, asking the worker over the SASL/SCRAM brokers, with TLS', async () => {
    const e = env();

    await expect(onEvent(event('Update'), e.deps)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-ready-events' });

    expect(kafkaMock.commandCalls(ListClustersV2Command).map((c) => c.args[0].input)).toEqual([{ ClusterNameFilter: NAME, ClusterTypeFilter: 'PROVISIONED' }]);
    expect(kafkaMock.commandCalls(GetBootstrapBrokersCommand).map((c) => c.args[0].input)).toEqual([{ ClusterArn: CLUSTER_ARN }]);
    expect(e.secretReads).toEqual([SECRET_ARN]);
    expect(e.checks).toEqual([{
      functionArn: WORKER,
      request: { action: 'checkAdmin', check: { bootstrapServers: SCRAM_BROKERS, tls: true, adminPrincipal: ADMIN }, credentials: CREDENTIALS },
    }]);
    // The stack status is read only to refuse.
    expect(cloudFormationMock.calls()).toHaveLength(0);
    expect(e.logs[e.logs.length - 1]).toBe(`Update ${PROPERTIES.Subject}: the ACL admin ${ADMIN} can manage ACLs, the cluster may deny by default`);
  });

  test('fails when no live cluster has the name: a new cluster cannot deny by default, with the two-step fix', async () => {
    const e = env({ live: false, stackStatus: 'CREATE_IN_PROGRESS' });

    const message = await messageOf(onEvent(event('Create'), e.deps));

    expect(message).toBe(`${SETTING}: MSK cluster events does not exist yet, and its configuration sets allow.everyone.if.no.acl.found to false while `
      + 'the library manages its Kafka ACLs. A new cluster cannot deny by default: the ACLs are created once it runs, and by then no principal could '
      + 'create the first one (without an ACL only super users may act, and MSK has no super.users setting: MSK developer guide, "Apache Kafka ACLs"). '
      + `The deployment stops before the cluster is created. ${DENY_BY_DEFAULT_FIX}`);
    expect(DENY_BY_DEFAULT_FIX).toBe("Fix: deploy first with 'allow.everyone.if.no.acl.found' true (the default: leave it out of serverProperties), "
      + "so that the Kafka ACLs and the ACL admin's own ACLs (ALTER and DESCRIBE on the cluster) are created; then set it to 'false' in a second "
      + 'deployment (README, "Kafka ACLs").');
    expect(e.checks).toEqual([]);
    expect(e.secretReads).toEqual([]);
  });

  test.each([
    [['ALTER', 'DESCRIBE'], [], 'ALLOW ALTER and ALLOW DESCRIBE', 'none'],
    [['ALTER'], [`${ADMIN} ALLOW DESCRIBE on CLUSTER 'kafka-cluster' (LITERAL) from host *`], 'ALLOW ALTER', `${ADMIN} ALLOW DESCRIBE on CLUSTER`],
  ])('fails when the admin lacks %p, before the cluster is touched, naming what is missing and the fix', async (missing, found, lacks, listed) => {
    const e = env({ worker: [{ result: { authenticated: true, missing, found } }] });

    const message = await messageOf(onEvent(event('Update'), e.deps));

    expect(message).toMatch(new RegExp(`^${SETTING}: MSK cluster events is about to deny by default, and the ACL admin ${ADMIN} lacks ${lacks} on the cluster resource`));
    expect(message).toContain(`its ACLs there: ${listed}`);
    expect(message).toContain('Managing ACLs needs ALTER on the cluster (CreateAcls, DeleteAcls) and DESCRIBE (DescribeAcls; ALTER implies it');
    expect(message).toContain('The cluster was not changed.');
    expect(message).toContain(DENY_BY_DEFAULT_FIX);
    expect(cloudFormationMock.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  test('fails when the admin cannot sign in, with the fix', async () => {
    const e = env({ worker: [{ result: { authenticated: false, missing: ['ALTER', 'DESCRIBE'], found: [], error: 'Error: SASL authentication failed' } }] });

    const message = await messageOf(onEvent(event('Update'), e.deps));

    expect(message).toMatch(new RegExp(`^${SETTING}: MSK cluster events is about to deny by default, and the ACL admin ${ADMIN} could not sign in `
      + `with the credentials of its secret ${SECRET_ARN} \\(Error: SASL authentication failed\\)`));
    expect(message).toContain(DENY_BY_DEFAULT_FIX);
  });

  test('fails when the cluster has no SASL/SCRAM listener', async () => {
    const e = env({ scramBrokers: '' });

    const message = await messageOf(onEvent(event('Update'), e.deps));

    expect(message).toMatch(new RegExp(`^${SETTING}: MSK cluster events has no SASL/SCRAM listener yet`));
    expect(message).toContain(DENY_BY_DEFAULT_FIX);
    expect(e.secretReads).toEqual([]);
  });

  test('fails when the worker fails, with its message and ARN', async () => {
    const e = env({ worker: [{ errorMessage: 'Describing the ACLs of User:cdk-msk-acl-admin on the cluster failed after 40 attempt(s), at the deadline: the cluster could not be reached' }] });

    const message = await messageOf(onEvent(event('Update'), e.deps));

    expect(message).toBe(`${SETTING}: the check that the Kafka ACL admin of MSK cluster events can manage ACLs before the cluster denies by default failed, `
      + `so the cluster was not changed: Error: the Kafka ACL worker (${WORKER}; its log has each step) could not check the ACL admin ${ADMIN}: `
      + 'Describing the ACLs of User:cdk-msk-acl-admin on the cluster failed after 40 attempt(s), at the deadline: the cluster could not be reached');
  });

  test('retries a worker that is not ready yet', async () => {
    const conflict = Object.assign(new Error('The function is currently in the following state: Pending'), { name: 'ResourceConflictException', $metadata: { httpStatusCode: 409 } });
    const e = env({ worker: [conflict, { result: { authenticated: true, missing: [], found: [ADMIN_ALTER] } }] });

    await expect(onEvent(event('Update'), e.deps)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-ready-events' });
    expect(e.checks).toHaveLength(2);
  });

  test('fails when the admin secret cannot be read, naming secretsmanager:GetSecretValue', async () => {
    const denied = Object.assign(new Error('not authorized to perform: secretsmanager:GetSecretValue'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    const e = env({ secret: denied });

    const message = await messageOf(onEvent(event('Update'), e.deps));

    expect(message).toContain(`GetSecretValue on the Kafka admin secret ${SECRET_ARN} was still denied`);
    expect(message).toContain('secretsmanager:GetSecretValue');
    expect(e.checks).toEqual([]);
  });

  test.each(['AdminPrincipal', 'AdminSecretArn', 'WorkerFunction'])('fails when %s is missing, before any call', async (name) => {
    const e = env();

    const message = await messageOf(onEvent(event('Update', { [name]: '' }), e.deps));

    expect(message).toContain(`the ${name} property of ${PROPERTIES.Subject} must be set`);
    expect(kafkaMock.commandCalls(ListClustersV2Command)).toHaveLength(0);
  });
});

describe('rollbacks', () => {
  test.each([
    ['no live cluster', { live: false }],
    ['an admin without ACLs', { worker: [{ result: { authenticated: true, missing: ['ALTER', 'DESCRIBE'], found: [] } }] }],
    ['an admin that cannot sign in', { worker: [{ result: { authenticated: false, missing: ['ALTER', 'DESCRIBE'], found: [] } }] }],
    ['a worker error', { worker: [{ errorMessage: 'boom' }] }],
  ])('never fail during a rollback: %s is logged', async (_what, options) => {
    const e = env({ ...options, stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' });

    await expect(onEvent(event('Update'), e.deps)).resolves.toEqual({ PhysicalResourceId: 'kafka-acls-ready-events' });
    expect(e.logs[e.logs.length - 1]).toMatch(/while the stack is in UPDATE_ROLLBACK_IN_PROGRESS: the previous value coming back, not an error$/);
  });

  test('fails when the admin lacks its ACLs and the stack status cannot be read, saying how to continue a rollback', async () => {
    const e = env({
      stackStatus: Object.assign(new Error('Stack does not exist'), { name: 'ValidationError', $metadata: { httpStatusCode: 400 } }),
      worker: [{ result: { authenticated: true, missing: ['ALTER', 'DESCRIBE'], found: [] } }],
    });

    const message = await messageOf(onEvent(event('Update'), e.deps));

    expect(message).toMatch(new RegExp(`^${SETTING}: MSK cluster events is about to deny by default`));
    expect(message).toContain('The stack status could not be read');
    expect(message).toContain('continue-update-rollback --resources-to-skip');
  });
});

describe('readCheckAdminPayload', () => {
  const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value)));

  test('reads the worker\'s answer', () => {
    expect(readCheckAdminPayload(undefined, bytes({ authenticated: true, missing: ['ALTER'], found: ['x'], extra: 1 })))
      .toEqual({ result: { authenticated: true, missing: ['ALTER'], found: ['x'] } });
    expect(readCheckAdminPayload(undefined, bytes({ authenticated: false, missing: [], found: [], error: 'SASL' })))
      .toEqual({ result: { authenticated: false, missing: [], found: [], error: 'SASL' } });
  });

  test('a FunctionError gives the worker\'s message', () => {
    expect(readCheckAdminPayload('Unhandled', bytes({ errorMessage: 'Describing ... failed' }))).toEqual({ errorMessage: 'Describing ... failed' });
  });

  test.each([
    ['an apply answer', { PhysicalResourceId: 'kafka-acls-x' }],
    ['missing not a list of strings', { authenticated: true, missing: [1], found: [] }],
    ['nothing', undefined],
  ])('fails when the answer is %s, as an error answer', (_what, value) => {
    expect(readCheckAdminPayload(undefined, value === undefined ? undefined : bytes(value))).toEqual({
      errorMessage: 'the worker answered something else than {authenticated, missing, found}: is it the cdk-msk-constructs Kafka ACL worker of this version?',
    });
  });
});

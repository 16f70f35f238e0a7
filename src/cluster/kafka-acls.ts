import { CfnResource, CustomResource, CustomResourceProvider, Lazy, RemovalPolicy, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { clusterInternals } from './cluster-internals';
import type { IMskCluster } from './cluster-ref';
import { KAFKA_ACLS_RULES } from './kafka-acls-rules';
import { KafkaAcl } from '../auth/kafka-acls/kafka-acl';
import { IKafkaAcls } from '../auth/kafka-acls/kafka-acl-grants';
import { adminAcls, aclManagerAcls, consumeAcls, produceAcls, toAclEntry, transactionalProduceAcls } from '../auth/kafka-acls/kafka-acl-vocabulary';
import { KafkaAclWorker } from '../auth/kafka-acls/kafka-acl-worker';
import { KafkaPrincipal } from '../auth/kafka-acls/kafka-principal';
import { checkKafkaName } from '../auth/kafka-names';
import { grantClusterLookup } from '../custom-resources/broker-volume-size';
import { aclKey, KafkaAclEntry } from '../custom-resources/kafka-acl-set';
import { KAFKA_ACLS_READY_RESOURCE_TYPE, KAFKA_ACLS_RESOURCE_TYPE } from '../custom-resources/resource-types';
import { SERVICE_TIMEOUT, stackProvider } from '../custom-resources/stack-provider';
import { checkRules } from '../validation/rules';
import { acknowledgeWildcardResources } from '../validation/wildcard-findings';

/** Props of {@link KafkaAcls}. */
export interface KafkaAclsProps {
  /** A provisioned cluster defined in this app, with SASL/SCRAM enabled (the ACL admin signs in with it). */
  readonly cluster: IMskCluster;
  /**
   * ACLs to declare; more can be added with `addAcl` and the grant methods.
   * @default - none
   */
  readonly acls?: KafkaAcl[];
  /**
   * What happens to the ACLs when this construct leaves the stack (or the stack is deleted): RETAIN leaves
   * them on the cluster; DESTROY deletes them. Removing single ACLs from the code always deletes them.
   * @default - the cluster's removal policy (RETAIN unless changed): a retained cluster keeps its clients' access
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Kafka ACLs of one provisioned cluster, kept by CloudFormation: created, updated (exactly the difference,
 * new ACLs before removed ones) and deleted at deploy time. They authorize SASL/SCRAM users and mutual-TLS
 * clients; IAM clients are authorized by IAM policies instead (MSK developer guide, "Apache Kafka ACLs").
 *
 * The first use on a cluster adds what manages them: an admin SASL/SCRAM user (`cdk-msk-acl-admin`, with
 * ALTER and DESCRIBE on the cluster, created first and never deleted), a worker Lambda in the cluster's VPC
 * whose security group reaches only the brokers' SASL/SCRAM port, and statements on the stack's provider
 * role to read the admin secret and invoke the worker. README, "Kafka ACLs", says how to turn
 * `allow.everyone.if.no.acl.found` off safely once they exist.
 */
export class KafkaAcls extends Construct implements IKafkaAcls {
  /** The custom resource (`Custom::MskKafkaAcls`). */
  public readonly resource: CustomResource;
  private readonly declared: KafkaAcl[] = [];

  constructor(scope: Construct, id: string, props: KafkaAclsProps) {
    super(scope, id);
    const internals = clusterInternals(props.cluster);
    const network = internals.network;
    const access = internals.kafkaAclAccess;
    checkRules(this, 'KafkaAcls', KAFKA_ACLS_RULES, {
      clusterKind: network?.kind === 'serverless' ? 'serverless'
        : network === undefined ? 'other'
          : !network.definedHere || access === undefined ? 'imported' : 'provisioned-here',
      scramEnabled: access?.scramEnabled ?? false,
    });
    const info = network!;
    const acl = access!;

    const admin = acl.adminUser();
    const worker = KafkaAclWorker.of(this, { vpc: info.vpc!, subnetIds: info.subnetIds! });
    worker.reach(info.securityGroups);
    const provider = stackProvider(this);
    const secret = admin.user.secret;
    const policy = allowProvider(provider, secret.secretArn, secret.encryptionKey?.keyArn, worker.function.functionArn, acl.clusterName);

    const stack = Stack.of(this);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: KAFKA_ACLS_RESOURCE_TYPE,
      serviceTimeout: SERVICE_TIMEOUT,
      removalPolicy: props.removalPolicy ?? acl.removalPolicy,
      properties: {
        Subject: `Kafka ACLs of cluster ${acl.clusterName} (${this.node.path})`,
        ClusterId: props.cluster.clusterArn,
        BootstrapServers: acl.bootstrapServers(),
        Tls: 'true',
        AdminSecretArn: admin.user.secret.secretArn,
        WorkerFunction: worker.function.functionArn,
        AdminAcls: stack.toJsonString(aclManagerAcls(admin.user.principal).map(toAclEntry)),
        Acls: Lazy.string({ produce: () => stack.toJsonString(this.entries()) }),
      },
    });
    // The admin must be able to sign in (its secret associated), the worker to reach the brokers, and the
    // provider to read the secret and invoke the worker, before the first request.
    this.resource.node.addDependency(admin.association, worker, policy);

    // Before the cluster changes, a check that denying by default leaves the admin able to manage ACLs
    // (README, "Kafka ACLs": deny by default in two deployments). It runs when DenyByDefault changes; it must
    // not wait for anything that waits for the cluster (the admin's association does), or they would form a cycle.
    grantClusterLookup(provider);
    acl.attachReadyCheck((clusterScope) => {
      const check = new CustomResource(clusterScope, 'KafkaAclsReady', {
        serviceToken: provider.serviceToken,
        resourceType: KAFKA_ACLS_READY_RESOURCE_TYPE,
        serviceTimeout: SERVICE_TIMEOUT,
        properties: {
          Subject: `deny by default of cluster ${acl.clusterName} (${clusterScope.node.path})`,
          ClusterName: acl.clusterName,
          DenyByDefault: acl.denyByDefault ? 'true' : 'false',
          AdminPrincipal: admin.user.principal.principal,
          AdminSecretArn: admin.user.secret.secretArn,
          WorkerFunction: worker.function.functionArn,
        },
      });
      check.node.addDependency(worker, policy);
      return check;
    });
    for (const a of props.acls ?? []) {
      this.addAcl(a);
    }
  }

  /** The ACLs declared so far (the admin's own not included). */
  public get acls(): KafkaAcl[] {
    return [...this.declared];
  }

  /** Declares one ACL (validated now: an invalid host is an error). */
  public addAcl(acl: KafkaAcl): void {
    toAclEntry(acl);
    this.declared.push(acl);
  }

  /** Lets `principal` read `topic` (a name, a prefix `orders.*`, or `*`) in `consumerGroup`. */
  public grantConsume(principal: KafkaPrincipal, topic: string, consumerGroup: string): void {
    checkKafkaName(topic, 'topic', 'grantConsume', true);
    checkKafkaName(consumerGroup, 'consumerGroup', 'grantConsume', true);
    consumeAcls(principal, topic, consumerGroup).forEach((a) => this.addAcl(a));
  }

  /** Lets `principal` write `topic` (a name, a prefix `orders.*`, or `*`). */
  public grantProduce(principal: KafkaPrincipal, topic: string): void {
    checkKafkaName(topic, 'topic', 'grantProduce', true);
    produceAcls(principal, topic).forEach((a) => this.addAcl(a));
  }

  /** Lets `principal` write `topic` in transactions with `transactionalId` (a name, a prefix, or `*`). */
  public grantTransactionalProduce(principal: KafkaPrincipal, topic: string, transactionalId: string): void {
    checkKafkaName(topic, 'topic', 'grantTransactionalProduce', true);
    checkKafkaName(transactionalId, 'transactionalId', 'grantTransactionalProduce', true);
    transactionalProduceAcls(principal, topic, transactionalId).forEach((a) => this.addAcl(a));
  }

  /**
   * Lets `principal` administer the topics matching `topicPattern` and the groups matching `groupPattern`
   * (not ACLs: those stay with the library's admin).
   * @param topicPattern @default '*'
   * @param groupPattern @default '*'
   */
  public grantAdmin(principal: KafkaPrincipal, topicPattern: string = '*', groupPattern: string = '*'): void {
    checkKafkaName(topicPattern, 'topicPattern', 'grantAdmin', true);
    checkKafkaName(groupPattern, 'groupPattern', 'grantAdmin', true);
    adminAcls(principal, topicPattern, groupPattern).forEach((a) => this.addAcl(a));
  }

  /** The declared ACLs as the handler takes them, without duplicates, in declaration order. */
  private entries(): KafkaAclEntry[] {
    const seen = new Set<string>();
    const out: KafkaAclEntry[] = [];
    for (const entry of this.declared.map(toAclEntry)) {
      const key = aclKey(entry);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(entry);
      }
    }
    return out;
  }
}

/** Per provider: the policy that lets it serve Kafka ACLs, and what it names. */
const PROVIDER_POLICIES = new WeakMap<CustomResourceProvider, ProviderAclPolicy>();

interface ProviderAclPolicy {
  readonly policy: iam.CfnManagedPolicy;
  readonly secrets: string[];
  readonly keys: string[];
  readonly workers: string[];
  /** Clusters the deny-by-default check reads the brokers of, by name (the policy must not name a cluster ARN). */
  readonly clustersByName: string[];
  readonly seen: Set<string>;
}

/**
 * Lets the stack's provider read the admin secrets (and decrypt them through Secrets Manager) and invoke the
 * workers: the provider reads the credentials outside the VPC and hands them to the worker
 * (src/custom-resources/kafka-worker-request.lambda.ts says why). One managed policy per provider, attached to its
 * role, as for bootstrap brokers: the role itself must not name the secrets, whose update guards the same
 * provider serves (role -> secret -> guard -> provider -> role would be a cycle). Returns the policy.
 */
function allowProvider(provider: CustomResourceProvider, secretArn: string, keyArn: string | undefined, workerArn: string,
  clusterName: string): iam.CfnManagedPolicy {
  let entry = PROVIDER_POLICIES.get(provider);
  if (!entry) {
    const stack = Stack.of(provider);
    const secrets: string[] = [];
    const keys: string[] = [];
    const workers: string[] = [];
    const clustersByName: string[] = [];
    // The role CustomResourceProvider creates (its child 'Role'); its Ref is the role name.
    const role = provider.node.findChild('Role') as CfnResource;
    const policy = new iam.CfnManagedPolicy(provider, 'KafkaAclsPolicy', {
      description: 'cdk-msk-constructs: lets the provider Lambda read the Kafka ACL admin secrets and invoke the Kafka ACL workers of this stack',
      roles: [role.ref],
      policyDocument: Lazy.any({
        produce: () => ({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secrets },
            ...(keys.length > 0 ? [{
              Effect: 'Allow',
              Action: 'kms:Decrypt',
              Resource: keys,
              Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
            }] : []),
            { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: workers },
            // kafka:GetBootstrapBrokers takes the cluster ARN (Service Authorization Reference, Amazon MSK); by name and
            // any UUID, because the deny-by-default check runs before the cluster (which it must not reference).
            { Effect: 'Allow', Action: 'kafka:GetBootstrapBrokers', Resource: clustersByName },
          ],
        }),
      }),
    });
    entry = { policy, secrets, keys, workers, clustersByName, seen: new Set() };
    PROVIDER_POLICIES.set(provider, entry);
  }
  const stack = Stack.of(provider);
  const add = (list: string[], value: string) => {
    const key = JSON.stringify(stack.resolve(value));
    if (!entry!.seen.has(key)) {
      entry!.seen.add(key);
      list.push(value);
    }
  };
  add(entry.secrets, secretArn);
  if (keyArn !== undefined) {
    add(entry.keys, keyArn);
  }
  add(entry.workers, workerArn);
  const byName = stack.formatArn({ service: 'kafka', resource: 'cluster', resourceName: `${clusterName}/*` });
  if (!entry.seen.has(JSON.stringify(stack.resolve(byName)))) {
    add(entry.clustersByName, byName);
    acknowledgeWildcardResources(entry.policy, [new iam.PolicyStatement({ actions: ['kafka:GetBootstrapBrokers'], resources: [byName] })],
      'The deny-by-default check runs before the cluster is created or changed, so it cannot name the cluster\'s ARN (whose last part is a UUID '
      + 'MSK assigns); the statement names the cluster by its name, and allows only kafka:GetBootstrapBrokers.');
  }
  return entry.policy;
}

import { Resource, Token, aws_iam as iam, aws_msk as msk } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { CLUSTER_POLICY_RULES } from './cluster-policy-rules';
import { defineMessages } from '../validation/registry';
import { checkRules } from '../validation/rules';

const CLUSTER_POLICY_ERRORS = defineMessages({
  name: 'CLUSTER_POLICY_ERRORS', file: 'src/network/cluster-policy.ts', severity: 'error', kind: 'ClusterPolicy', checkedBy: ['ClusterPolicy'],
}, {
  ClusterPolicyEmpty: () => 'statements: the ClusterPolicy has no statements; MSK rejects an empty cluster policy. '
    + 'Fix: call grantVpcConnection(principal) or addToResourcePolicy(statement), or remove the ClusterPolicy.',
  ClusterPolicyStatementInvalid: (error: string) => `statements: ${error} `
    + 'Fix: give every statement principals (e.g. new iam.AccountPrincipal(\'222222222222\')) and resources (the cluster ARN).',
});

const CLUSTER_POLICY_WARNINGS = defineMessages({
  name: 'CLUSTER_POLICY_WARNINGS', file: 'src/network/cluster-policy.ts', severity: 'warning', kind: 'ClusterPolicy', checkedBy: ['ClusterPolicy'],
}, {
  ClusterPolicyAnyPrincipal: (path: string) => `statements: in ClusterPolicy '${path}', a statement allows every AWS principal ("*") without a condition, so any account may connect to the cluster `
    + '(and, with kafka-cluster actions, use Kafka with IAM authentication). Name the accounts instead, or add a condition such as aws:PrincipalOrgID.',
});

/**
 * The actions a client account needs on a cluster to create a managed VPC connection to it
 * (MSK Developer Guide, "Step 2: Attach a cluster policy to the MSK cluster").
 */
export const VPC_CONNECTION_ACTIONS: ReadonlyArray<string> = [
  'kafka:CreateVpcConnection',
  'kafka:GetBootstrapBrokers',
  'kafka:DescribeCluster',
  'kafka:DescribeClusterV2',
];

const CLUSTER_POLICY_SYMBOL = Symbol.for('cdk-msk-constructs.ClusterPolicy');

/** Props of {@link ClusterPolicy}. */
export interface ClusterPolicyProps {
  /**
   * ARN of the provisioned cluster the policy is attached to. A cluster has one policy.
   * Changing the ARN replaces the policy.
   */
  readonly clusterArn: string;
  /**
   * Statements to start with; more are added with `addToResourcePolicy()` and
   * `grantVpcConnection()`. Every statement needs a principal.
   * @default - an empty document
   */
  readonly policyDocument?: iam.PolicyDocument;
}

/**
 * The resource policy of an MSK provisioned cluster (AWS::MSK::ClusterPolicy): which other
 * accounts may create managed VPC connections to it (multi-VPC private connectivity) and, with
 * IAM authentication, use Kafka through them. A cluster has one policy; create it once per
 * cluster (a `ProvisionedCluster` creates its own on demand).
 *
 * Clients in the cluster's own account need no cluster policy.
 */
export class ClusterPolicy extends Resource {
  /** True when `x` is a ClusterPolicy. */
  public static isClusterPolicy(x: unknown): x is ClusterPolicy {
    return typeof x === 'object' && x !== null && CLUSTER_POLICY_SYMBOL in x;
  }

  /** ARN of the cluster the policy is attached to. */
  public readonly clusterArn: string;
  /** The policy document, rendered when the app is synthesized. */
  public readonly document: iam.PolicyDocument;

  constructor(scope: Construct, id: string, props: ClusterPolicyProps) {
    super(scope, id);
    Object.defineProperty(this, CLUSTER_POLICY_SYMBOL, { value: true });
    checkRules(this, 'ClusterPolicy', CLUSTER_POLICY_RULES, {
      clusterArn: props.clusterArn,
      existingPolicyPath: otherPolicyOn(this, props.clusterArn)?.node.path,
    });

    this.clusterArn = props.clusterArn;
    this.document = props.policyDocument ?? new iam.PolicyDocument();
    new msk.CfnClusterPolicy(this, 'Resource', {
      clusterArn: props.clusterArn,
      policy: this.document,
    });
    this.node.addValidation({ validate: () => this.validatePolicy() });
  }

  /**
   * Adds a statement to the policy. It must name principals (a resource policy), e.g.
   * `new iam.AccountPrincipal('222222222222')`.
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    this.document.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }

  /**
   * Lets `principal` (usually another account: `new iam.AccountPrincipal('222222222222')`)
   * create managed VPC connections to the cluster and read its bootstrap brokers:
   * kafka:CreateVpcConnection, kafka:GetBootstrapBrokers, kafka:DescribeCluster and
   * kafka:DescribeClusterV2 on the cluster. Kafka data access is granted separately (IAM
   * policies in the client account and, for IAM authentication across accounts, kafka-cluster
   * statements here; Kafka ACLs for SCRAM and mutual TLS).
   */
  public grantVpcConnection(principal: iam.IPrincipal): void {
    this.addToResourcePolicy(new iam.PolicyStatement({
      principals: [principal],
      actions: [...VPC_CONNECTION_ACTIONS],
      resources: [this.clusterArn],
    }));
  }

  private validatePolicy(): string[] {
    const path = this.node.path;
    if (this.document.isEmpty) {
      return [CLUSTER_POLICY_ERRORS.validationMessage(this, 'ClusterPolicyEmpty')];
    }
    const errors = this.document.validateForResourcePolicy().map((error) => CLUSTER_POLICY_ERRORS.validationMessage(this, 'ClusterPolicyStatementInvalid', error));
    if (errors.length === 0 && this.grantsToEveryone()) {
      CLUSTER_POLICY_WARNINGS.warn(this, 'ClusterPolicyAnyPrincipal', path);
    }
    return errors;
  }

  /** True when an Allow statement has Principal "*" (or AWS "*") and no Condition. */
  private grantsToEveryone(): boolean {
    const json: unknown = this.document.toJSON();
    const statements = isRecord(json) && Array.isArray(json.Statement) ? json.Statement : [];
    return statements.some((statement: unknown) => isRecord(statement) && statement.Effect === 'Allow'
      && statement.Condition === undefined && principalIsEveryone(statement.Principal));
  }
}

/** Another ClusterPolicy in the app on the same (literal or token) cluster ARN. */
function otherPolicyOn(self: ClusterPolicy, clusterArn: string): IConstruct | undefined {
  return self.node.root.node.findAll().find((c) => c !== self && ClusterPolicy.isClusterPolicy(c) && c.clusterArn === clusterArn);
}

function principalIsEveryone(principal: unknown): boolean {
  if (principal === '*') {
    return true;
  }
  if (!isRecord(principal)) {
    return false;
  }
  const aws = principal.AWS;
  const values = Array.isArray(aws) ? aws : [aws];
  return values.some((value) => typeof value === 'string' && !Token.isUnresolved(value) && value === '*');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

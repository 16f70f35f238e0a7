import { ArnFormat, RemovalPolicy, Stack, aws_iam as iam, aws_logs as logs } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { registerRules } from '../validation/registry';
import { checkRules, Rule } from '../validation/rules';

/** Construct id of the one delivery policy per stack. */
const POLICY_ID = 'CdkMskConstructsBrokerLogDelivery';

/**
 * Most log groups one policy lists. A resource policy document is at most 5120 characters; each
 * entry is a log-stream ARN of about 100 to 270 characters (a generated log group name starts
 * with the stack name, up to 128 characters), so 15 entries fit next to the statement itself.
 */
export const MAX_LOG_GROUPS_PER_POLICY = 15;

interface PolicyFacts {
  readonly stackPath: string;
  readonly logGroupCount: number;
}

const POLICY_RULES: ReadonlyArray<Rule<PolicyFacts>> = [
  {
    id: 'LogDeliveryPolicyFull',
    failsWhen: (f) => f.logGroupCount > MAX_LOG_GROUPS_PER_POLICY,
    message: (f) => `brokerLogs: stack '${f.stackPath}' would deliver broker logs to ${f.logGroupCount} log groups through its one shared CloudWatch Logs resource policy; at most ${MAX_LOG_GROUPS_PER_POLICY} fit the 5120-character policy limit. `
      + 'Fix: put further clusters in another stack, share a log group between clusters with BrokerLogs.cloudWatch({ logGroup }), or pass addDeliveryPolicy: false and let CloudWatch Logs create a log-group policy at deploy time.',
  },
];
registerRules({ name: 'POLICY_RULES', file: 'src/logging/log-delivery-policy.ts', severity: 'error', checkedBy: ['ProvisionedCluster'] }, POLICY_RULES);


/**
 * The CloudWatch Logs resource policy that lets vended-log delivery (`delivery.logs.amazonaws.com`)
 * write MSK broker logs into log groups, for this account only.
 *
 * CloudFormation can only create account-level CloudWatch Logs resource policies
 * (AWS::Logs::ResourcePolicy has no resource ARN), and an account has at most 10 of them per
 * Region. `LogGroup.addToResourcePolicy()` would create one per log group, so each cluster would
 * use one of the 10; this construct is a per-stack singleton instead: every cluster of a stack
 * adds its log group's streams to the same statement, so a stack uses one policy however many
 * clusters it has. The trade-off is that each stack with CloudWatch broker logs still uses one
 * policy of the 10; `addDeliveryPolicy: false` opts out, and CloudWatch Logs then creates a
 * log-group-level policy itself at deploy time, which needs `logs:PutResourcePolicy`,
 * `logs:DescribeResourcePolicies` and `logs:DescribeLogGroups` for the deploying role.
 */
export class BrokerLogDeliveryPolicy extends Construct {
  /** The stack's delivery policy, created on first use. */
  public static of(scope: IConstruct): BrokerLogDeliveryPolicy {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(POLICY_ID);
    return existing instanceof BrokerLogDeliveryPolicy ? existing : new BrokerLogDeliveryPolicy(stack, POLICY_ID);
  }

  /** The resource policy; clusters depend on it. */
  public readonly policy: logs.ResourcePolicy;
  private readonly statement: iam.PolicyStatement;
  private readonly logGroupNames = new Set<string>();
  private retained = false;

  private constructor(stack: Stack, id: string) {
    super(stack, id);
    this.statement = new iam.PolicyStatement({
      sid: 'AllowMskBrokerLogDelivery',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
      },
    });
    this.policy = new logs.ResourcePolicy(this, 'Resource', {
      // Account-level names are unique per account and Region, like stack names.
      resourcePolicyName: `${stack.stackName}-msk-broker-log-delivery`,
      policyStatements: [this.statement],
    });
  }

  /**
   * Lets delivery write to the streams of `logGroup` (in this stack's account and Region).
   * `scope` is the construct whose error names the problem when the policy is full.
   * `removalPolicy` is that of the log group's cluster: when any is RETAIN, the policy is retained
   * too, so that a retained cluster keeps delivering to its retained log group after the stack
   * is deleted (it is then left in the account under its name, see README, "What deleting the stack leaves behind").
   */
  public allow(scope: IConstruct, logGroup: logs.ILogGroup, removalPolicy?: RemovalPolicy): void {
    const retains = removalPolicy === RemovalPolicy.RETAIN || removalPolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    if (retains && !this.retained) {
      this.retained = true;
      this.policy.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
    const name = logGroup.logGroupName;
    if (this.logGroupNames.has(name)) {
      return;
    }
    const stack = Stack.of(this);
    checkRules(scope, 'ProvisionedCluster', POLICY_RULES, { stackPath: stack.node.path, logGroupCount: this.logGroupNames.size + 1 });
    this.logGroupNames.add(name);
    this.statement.addResources(stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${name}:log-stream:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }));
  }
}

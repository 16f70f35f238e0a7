import { Stack, aws_iam as iam, aws_msk as msk } from 'aws-cdk-lib';
import { Annotations as Found, Match, Template } from 'aws-cdk-lib/assertions';
import { ClusterPolicy, VPC_CONNECTION_ACTIONS } from '../../src/network/cluster-policy';
import { errorOf, problemsOf } from '../util/errors';
import { testApp, vpcStack } from '../util/stacks';

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/events/0f3a2b1c-1111-2222-3333-444455556666-7';
const ACTIONS = ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeCluster', 'kafka:DescribeClusterV2'];

function policyStack() {
  return vpcStack();
}

describe('ClusterPolicy', () => {
  test('grantVpcConnection allows the documented actions on the cluster to the principal', () => {
    const { stack } = policyStack();
    const policy = new ClusterPolicy(stack, 'Policy', { clusterArn: CLUSTER_ARN });
    policy.grantVpcConnection(new iam.AccountPrincipal('222222222222'));
    expect(VPC_CONNECTION_ACTIONS).toEqual(ACTIONS);
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::ClusterPolicy', {
      ClusterArn: CLUSTER_ARN,
      Policy: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']] } },
          Action: ACTIONS,
          Resource: CLUSTER_ARN,
        }],
      },
    });
  });

  test('renders the document lazily: statements added after construction are in the template', () => {
    const { stack } = policyStack();
    const policy = new ClusterPolicy(stack, 'Policy', {
      clusterArn: CLUSTER_ARN,
      policyDocument: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('222222222222')], actions: ['kafka:DescribeClusterV2'], resources: [CLUSTER_ARN] })],
      }),
    });
    const result = policy.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal('333333333333')],
      actions: ['kafka-cluster:Connect'],
      resources: [CLUSTER_ARN],
    }));
    expect(result.statementAdded).toBe(true);
    expect(result.policyDependable).toBe(policy);
    policy.grantVpcConnection(new iam.ServicePrincipal('firehose.amazonaws.com'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::MSK::ClusterPolicy', 1);
    template.hasResourceProperties('AWS::MSK::ClusterPolicy', {
      Policy: {
        Statement: [
          Match.objectLike({ Action: 'kafka:DescribeClusterV2' }),
          Match.objectLike({ Action: 'kafka-cluster:Connect' }),
          Match.objectLike({ Action: ACTIONS, Principal: { Service: 'firehose.amazonaws.com' } }),
        ],
      },
    });
  });

  test('takes a cluster ARN token and depends on the cluster through it', () => {
    const { stack, vpc } = policyStack();
    const cluster = new msk.CfnCluster(stack, 'Cluster', {
      clusterName: 'events',
      kafkaVersion: '3.9.x.kraft',
      numberOfBrokerNodes: 3,
      brokerNodeGroupInfo: { instanceType: 'kafka.m7g.large', clientSubnets: vpc.privateSubnets.map((s) => s.subnetId) },
    });
    new ClusterPolicy(stack, 'Policy', { clusterArn: cluster.ref }).grantVpcConnection(new iam.AccountPrincipal('222222222222'));
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::ClusterPolicy', {
      ClusterArn: { Ref: 'Cluster' },
      Policy: { Statement: [Match.objectLike({ Resource: { Ref: 'Cluster' } })] },
    });
  });

  test('fails at synth when a statement has no principal, naming the policy and the fix', () => {
    const { app, stack } = policyStack();
    const policy = new ClusterPolicy(stack, 'Policy', { clusterArn: CLUSTER_ARN });
    policy.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kafka:DescribeCluster'], resources: [CLUSTER_ARN] }));
    const problems = problemsOf(() => app.synth());
    expect(problems.map((p) => [p.ruleId, p.property, p.path])).toEqual([['ClusterPolicyStatementInvalid', 'statements', 'Test/Policy']]);
    expect(problems[0].message).toContain('A PolicyStatement used in a resource-based policy must specify at least one IAM principal.');
    expect(problems[0].message).toContain('Fix: give every statement principals');
  });

  test('fails at synth when no statement was ever added', () => {
    const { app, stack } = policyStack();
    new ClusterPolicy(stack, 'Policy', { clusterArn: CLUSTER_ARN });
    expect(problemsOf(() => app.synth())).toEqual([{
      ruleId: 'ClusterPolicyEmpty',
      property: 'statements',
      message: 'statements: the ClusterPolicy has no statements; MSK rejects an empty cluster policy. '
        + 'Fix: call grantVpcConnection(principal) or addToResourcePolicy(statement), or remove the ClusterPolicy.',
      path: 'Test/Policy',
    }]);
  });

  test('fails for a second policy on the same cluster, naming the first', () => {
    const { stack } = policyStack();
    new ClusterPolicy(stack, 'Policy', { clusterArn: CLUSTER_ARN });
    const other = new Stack(stack.node.root, 'Other', { env: { region: 'us-east-1' } });
    expect(errorOf(() => new ClusterPolicy(other, 'Again', { clusterArn: CLUSTER_ARN }))).toBe("cdk-msk-constructs: 1 problem in ClusterPolicy 'Other/Again':\n"
      + "  - [ClusterPolicyDuplicate] clusterArn: the cluster already has ClusterPolicy 'Test/Policy'; MSK keeps one policy per cluster, so a second one would replace the first. "
      + 'Fix: add statements to the existing policy (addToResourcePolicy or grantVpcConnection).');
    expect(() => new ClusterPolicy(stack, 'OtherCluster', { clusterArn: CLUSTER_ARN.replace('events', 'orders') })).not.toThrow();
  });

  test('fails for a literal that is not a cluster ARN', () => {
    const { stack } = policyStack();
    expect(errorOf(() => new ClusterPolicy(stack, 'Policy', { clusterArn: 'arn:aws:kafka:us-east-1:111111111111:topic/events/x/t' })))
      .toContain("[ClusterPolicyArnInvalid] clusterArn: 'arn:aws:kafka:us-east-1:111111111111:topic/events/x/t' is not an MSK cluster ARN. Fix: pass cluster.clusterArn");
  });

  test('warns when every AWS principal is allowed without a condition, not with one', () => {
    const app = testApp();
    const stack = new Stack(app, 'Test');
    const open = new ClusterPolicy(stack, 'Open', { clusterArn: CLUSTER_ARN });
    open.grantVpcConnection(new iam.AnyPrincipal());
    const conditioned = new ClusterPolicy(stack, 'Conditioned', { clusterArn: CLUSTER_ARN.replace('events', 'orders') });
    conditioned.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: [...VPC_CONNECTION_ACTIONS],
      resources: [conditioned.clusterArn],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
    }));
    const warnings = Found.fromStack(stack).findWarning('*', Match.stringLikeRegexp('ClusterPolicyAnyPrincipal'));
    expect(warnings.map((w) => w.id)).toEqual(['/Test/Open']);
    expect(warnings[0].entry.data).toContain('a statement allows every AWS principal ("*") without a condition');
  });
});

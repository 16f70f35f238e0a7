import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ManagedPolicyGrantee, ProvisionedCluster } from '../../src';
import { testApp } from '../util/stacks';

const ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-7';

describe('ManagedPolicyGrantee', () => {
  test('grants land in a customer-managed policy attached to the role, not an inline policy', () => {
    const stack = new Stack(testApp());
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const access = new ManagedPolicyGrantee(stack, 'Access', { role, managedPolicyName: 'orders-producer' });
    const grant = ProvisionedCluster.fromClusterArn(stack, 'Orders', ARN).grantProduce(access, 'orders');
    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: 'orders-producer',
      Roles: [{ Ref: Match.stringLikeRegexp('^App[0-9A-F]{8}$') }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'], Resource: ARN },
          { Effect: 'Allow', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'], Resource: ARN.replace(':cluster/', ':topic/') + '/orders' },
        ],
      },
    });
  });

  test('acts as the role for trust and account', () => {
    const stack = new Stack(testApp());
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const access = new ManagedPolicyGrantee(stack, 'Access', { role });
    expect(access.grantPrincipal.assumeRoleAction).toBe(role.assumeRoleAction);
    expect(stack.resolve(access.grantPrincipal.policyFragment.principalJson)).toEqual(stack.resolve(role.policyFragment.principalJson));
    expect(access.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kafka-cluster:Connect'], resources: [ARN] })).statementAdded).toBe(true);
    expect(access.policy.document.statementCount).toBe(1);
  });
});

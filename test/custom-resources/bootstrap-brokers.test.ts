import { CfnOutput, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ClientAuthentication, ProvisionedCluster, ProvisionedClusterProps, ServerlessCluster } from '../../src';
import { DEADLINE_SAFETY_MARGIN_MS, MIN_CALL_TIMEOUT_MS, RESPONSE_RESERVE_MS } from '../../src/custom-resources/bootstrap-brokers.lambda';
import { PROVIDER_ID, PROVIDER_TIMEOUT, SERVICE_TIMEOUT } from '../../src/custom-resources/stack-provider';
import { vpcStack } from '../util/stacks';

/**
 * The library's provider Lambdas in the stack (at most one, for every custom resource: standard clusters also
 * have a broker-volume-size lookup, served by the same Lambda).
 */
function lambdas(template: Template) {
  return Object.entries(template.findResources('AWS::Lambda::Function'))
    .filter(([id]) => id.startsWith(PROVIDER_ID)).map(([, r]) => r);
}

function providerRolePolicy(template: Template) {
  const roles = Object.entries(template.findResources('AWS::IAM::Role'))
    .filter(([id, r]) => id.startsWith(PROVIDER_ID)
      && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'))
    .map(([, r]) => r);
  expect(roles).toHaveLength(1);
  return roles[0].Properties.Policies;
}

describe('bootstrap brokers custom resource', () => {
  test('a stack with 20 clusters has exactly one provider Lambda and one custom resource per cluster', () => {
    const { stack, vpc } = vpcStack();
    for (let i = 0; i < 20; i++) {
      const cluster = i % 2 === 0
        ? new ProvisionedCluster(stack, `P${i}`, { vpc })
        : new ServerlessCluster(stack, `S${i}`, { vpc });
      new CfnOutput(stack, `Brokers${i}`, { value: cluster.bootstrapBrokers });
    }
    const template = Template.fromStack(stack);
    expect(lambdas(template)).toHaveLength(1);
    template.resourceCountIs('Custom::MskBootstrapBrokers', 20);
  });

  test('the provider may only read the brokers of the clusters that use it, through a policy its role does not reference (no cycle)', () => {
    const { stack, vpc } = vpcStack();
    const a = new ProvisionedCluster(stack, 'A', { vpc });
    const b = new ServerlessCluster(stack, 'B', { vpc });
    new ProvisionedCluster(stack, 'Unread', { vpc });
    new CfnOutput(stack, 'ABrokers', { value: a.bootstrapBrokers });
    new CfnOutput(stack, 'BBrokers', { value: b.bootstrapBrokers });
    const template = Template.fromStack(stack);
    // The role itself: only the volume lookups' statements, none naming a cluster.
    expect(JSON.stringify(providerRolePolicy(template))).not.toContain('kafka:GetBootstrapBrokers');
    const [[policyId, policy]] = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) => id.startsWith(PROVIDER_ID));
    expect(policy.Properties.Roles).toEqual([{ Ref: expect.stringMatching(new RegExp(`^${PROVIDER_ID}CustomResourceProviderRole`)) }]);
    expect(policy.Properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Action: ['kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
        Resource: [{ Ref: expect.stringMatching(/^A[0-9A-F]{8}$/) }, { Ref: expect.stringMatching(/^B[0-9A-F]{8}$/) }],
      }],
    });
    // Each lookup reads once its role may.
    for (const lookup of Object.values(template.findResources('Custom::MskBootstrapBrokers'))) {
      expect(lookup.DependsOn).toContain(policyId);
    }
  });

  test('one custom resource per cluster serves every getter read, whichever is read first', () => {
    const read = (order: Array<'iam' | 'scram' | 'primary'>) => {
      const { stack, vpc } = vpcStack();
      const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: ClientAuthentication.of({ iam: true, scram: true }) });
      const values = order.map((g) => (g === 'iam' ? cluster.bootstrapBrokersSaslIam : g === 'scram' ? cluster.bootstrapBrokersSaslScram : cluster.bootstrapBrokers));
      values.forEach((value, i) => new CfnOutput(stack, `Out${i}`, { value }));
      return { template: Template.fromStack(stack), stack, values };
    };
    const first = read(['scram', 'iam', 'primary']);
    const second = read(['iam', 'primary', 'scram']);
    const ids = (t: Template) => Object.keys(t.findResources('Custom::MskBootstrapBrokers'));
    expect(ids(first.template)).toHaveLength(1);
    expect(ids(first.template)).toEqual(ids(second.template));
    expect(ids(first.template)[0]).toMatch(/^EventsBootstrapBrokers/);
    expect(first.stack.resolve(first.values[0])).toEqual({ 'Fn::GetAtt': [expect.any(String), 'BootstrapBrokerStringSaslScram'] });
    expect(first.stack.resolve(first.values[1])).toEqual({ 'Fn::GetAtt': [expect.any(String), 'BootstrapBrokerStringSaslIam'] });
    expect(first.stack.resolve(first.values[2])).toEqual(first.stack.resolve(first.values[1]));
  });

  test('the custom resource refreshes when the cluster, its auth modes or its broker count change', () => {
    const props = (auth: ClientAuthentication, brokersPerAz: number) => {
      const { stack, vpc } = vpcStack();
      const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: auth, brokersPerAz });
      new CfnOutput(stack, 'Out', { value: cluster.bootstrapBrokers });
      return Object.values(Template.fromStack(stack).findResources('Custom::MskBootstrapBrokers'))[0].Properties;
    };
    const base = props(ClientAuthentication.iam(), 1);
    expect(base).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${PROVIDER_ID}`)), 'Arn'] },
      ServiceTimeout: '900',
      ClusterArn: { Ref: expect.stringMatching(/^Events/) },
      RefreshOn: 'iam|3',
      RequiredAttributes: 'BootstrapBrokerStringSaslIam',
    });
    expect(props(ClientAuthentication.of({ iam: true, scram: true }), 1).RefreshOn).toBe('iam,scram|3');
    expect(props(ClientAuthentication.iam(), 2).RefreshOn).toBe('iam|6');
  });

  test('the provider runs the bundled handler on Node.js 22 with a 10 minute timeout', () => {
    const { stack, vpc } = vpcStack();
    new CfnOutput(stack, 'Out', { value: new ProvisionedCluster(stack, 'Events', { vpc }).bootstrapBrokers });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Timeout: 600,
      MemorySize: 256,
      Handler: '__entrypoint__.handler',
      Description: Match.stringLikeRegexp('bootstrap broker'),
    });
    expect(lambdas(template)).toHaveLength(1);
  });

  test('CloudFormation waits 15 minutes at most for an answer (not its default hour), longer than the 10 minute Lambda timeout', () => {
    const { stack, vpc } = vpcStack();
    new CfnOutput(stack, 'Out', { value: new ServerlessCluster(stack, 'Events', { vpc }).bootstrapBrokers });
    const template = Template.fromStack(stack);
    const resource = Object.values(template.findResources('Custom::MskBootstrapBrokers'))[0];
    const lambda = lambdas(template)[0];
    expect(resource.Properties.ServiceTimeout).toBe(String(SERVICE_TIMEOUT.toSeconds()));
    expect(lambda.Properties.Timeout).toBe(PROVIDER_TIMEOUT.toSeconds());
    // The handler answers RESPONSE_RESERVE_MS before its own timeout; CloudFormation gives it more than that.
    expect(PROVIDER_TIMEOUT.toMilliseconds() + 60_000).toBeLessThanOrEqual(SERVICE_TIMEOUT.toMilliseconds());
    expect(SERVICE_TIMEOUT.toSeconds()).toBeLessThan(3600);
    expect(DEADLINE_SAFETY_MARGIN_MS - MIN_CALL_TIMEOUT_MS).toBeGreaterThan(RESPONSE_RESERVE_MS);
  });

  test('the handler is told which broker strings the stack reads, so it waits for them', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: ClientAuthentication.of({ iam: true, scram: true }) });
    new CfnOutput(stack, 'Scram', { value: cluster.bootstrapBrokersSaslScram });
    new CfnOutput(stack, 'Primary', { value: cluster.bootstrapBrokers });
    const resource = Object.values(Template.fromStack(stack).findResources('Custom::MskBootstrapBrokers'))[0];
    expect(resource.Properties.RequiredAttributes).toBe('BootstrapBrokerStringSaslIam,BootstrapBrokerStringSaslScram');
  });

  test('no custom resource, statement or provider is created until a broker string is read', () => {
    const { stack, vpc } = vpcStack();
    new ProvisionedCluster(stack, 'Events', { vpc });
    new ServerlessCluster(stack, 'Serverless', { vpc });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::MskBootstrapBrokers', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('kafka:GetBootstrapBrokers');
    // Only the provisioned cluster's volume lookup and the serverless cluster's guard use the provider: one Lambda.
    expect(lambdas(template)).toHaveLength(1);
    const serverlessOnly = vpcStack();
    new ServerlessCluster(serverlessOnly.stack, 'Serverless', { vpc: serverlessOnly.vpc });
    const serverlessTemplate = Template.fromStack(serverlessOnly.stack);
    serverlessTemplate.resourceCountIs('Custom::MskBootstrapBrokers', 0);
    expect(JSON.stringify(serverlessTemplate.toJSON())).not.toContain('kafka:GetBootstrapBrokers');
    // The serverless cluster's replacement guard is the provider's only user.
    expect(lambdas(serverlessTemplate)).toHaveLength(1);
  });

  test.each([
    ['bootstrapBrokersSaslScram', ClientAuthentication.iam(), /bootstrapBrokersSaslScram: cluster 'Test\/Events' does not enable ClientAuthentication.scram\(\)/],
    ['bootstrapBrokersTls', ClientAuthentication.iam(), /bootstrapBrokersTls: .* does not enable ClientAuthentication.mutualTls/],
    ['bootstrapBrokersSaslIam', ClientAuthentication.scram(), /bootstrapBrokersSaslIam: .* does not enable ClientAuthentication.iam\(\)/],
  ] as const)('fails when %s is read on a cluster without that mode', (getter, auth, message) => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: auth });
    expect(() => cluster[getter]).toThrow(message);
  });

  test('the primary string follows the primary mode', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: ClientAuthentication.scram() });
    expect(Stack.of(cluster).resolve(cluster.bootstrapBrokers)).toEqual({ 'Fn::GetAtt': [expect.any(String), 'BootstrapBrokerStringSaslScram'] });
  });
});

describe('public and multi-VPC broker strings', () => {
  /** SCRAM and IAM, ACLs closed (MSK requires it for SCRAM on the internet), in public subnets. */
  const PUBLIC: Partial<ProvisionedClusterProps> = {
    clientAuthentication: ClientAuthentication.of({ iam: true, scram: true }),
    serverProperties: { 'allow.everyone.if.no.acl.found': 'false' },
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC, onePerAz: true },
  };

  function lookup(props: Partial<ProvisionedClusterProps>, read: (cluster: ProvisionedCluster) => string[]) {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, ...props });
    const values = read(cluster);
    values.forEach((value, i) => new CfnOutput(stack, `Out${i}`, { value }));
    const resource = Object.values(Template.fromStack(stack).findResources('Custom::MskBootstrapBrokers'))[0];
    return { properties: resource.Properties, resolved: values.map((value) => stack.resolve(value)) };
  }

  test('a partner outside AWS gets the public SASL/SCRAM brokers (port 9196) from bootstrapBrokersPublicSaslScram', () => {
    const { properties, resolved } = lookup({ ...PUBLIC, publicAccess: true },
      (c) => [c.bootstrapBrokersPublicSaslScram, c.bootstrapBrokersPublicSaslIam]);
    expect(resolved).toEqual([
      { 'Fn::GetAtt': [expect.any(String), 'BootstrapBrokerStringPublicSaslScram'] },
      { 'Fn::GetAtt': [expect.any(String), 'BootstrapBrokerStringPublicSaslIam'] },
    ]);
    expect(properties.RequiredAttributes).toBe('BootstrapBrokerStringPublicSaslIam,BootstrapBrokerStringPublicSaslScram');
  });

  test('the lookup refreshes when public access is turned on (step 2), even when only private strings are read', () => {
    const step1 = lookup(PUBLIC, (c) => [c.bootstrapBrokersSaslScram]).properties;
    const step2 = lookup({ ...PUBLIC, publicAccess: true }, (c) => [c.bootstrapBrokersSaslScram]).properties;
    expect(step1.RefreshOn).toBe('iam,scram|3');
    expect(step2.RefreshOn).toBe('iam,scram|3|public');
    expect(step2.RequiredAttributes).toBe(step1.RequiredAttributes);
  });

  test('the lookup refreshes when multi-VPC connectivity is turned on, and the VPC-connectivity strings are readable', () => {
    const before = lookup({}, (c) => [c.bootstrapBrokersSaslIam]).properties;
    const { properties, resolved } = lookup({ multiVpcConnectivity: { iam: true } }, (c) => [c.bootstrapBrokersVpcConnectivitySaslIam]);
    expect(before.RefreshOn).toBe('iam|3');
    expect(properties.RefreshOn).toBe('iam|3|vpc:iam');
    expect(resolved).toEqual([{ 'Fn::GetAtt': [expect.any(String), 'BootstrapBrokerStringVpcConnectivitySaslIam'] }]);
  });

  test.each([
    ['bootstrapBrokersPublicSaslScram', PUBLIC, /bootstrapBrokersPublicSaslScram: cluster 'Test\/Events' does not enable public access, so it has no such brokers. Fix: set publicAccess: true/],
    ['bootstrapBrokersPublicSaslIam', PUBLIC, /bootstrapBrokersPublicSaslIam: .* does not enable public access/],
    ['bootstrapBrokersPublicTls', { ...PUBLIC, publicAccess: true }, /bootstrapBrokersPublicTls: .* does not enable ClientAuthentication.mutualTls\(cas\) \(needed for its public brokers\)/],
    ['bootstrapBrokersVpcConnectivitySaslIam', {}, /bootstrapBrokersVpcConnectivitySaslIam: .* does not enable multi-VPC connectivity for iam, so it has no such brokers. Fix: set multiVpcConnectivity: \{ iam: true \}/],
    ['bootstrapBrokersVpcConnectivitySaslScram', { multiVpcConnectivity: { iam: true } }, /bootstrapBrokersVpcConnectivitySaslScram: .* multi-VPC connectivity for scram/],
    ['bootstrapBrokersVpcConnectivityTls', {}, /bootstrapBrokersVpcConnectivityTls: .* multi-VPC connectivity for tls/],
  ] as const)('fails when %s is read on a cluster that does not have those brokers', (getter, props, message) => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Events', { vpc, ...props });
    expect(() => cluster[getter]).toThrow(message);
  });
});

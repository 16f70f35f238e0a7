import { AccessModel } from './access-model';
import { DeployEnv } from './resource-identities';
import { CfnTemplate, TemplateResolver } from './template-resolver';

const ENV: DeployEnv = { partition: 'aws', region: 'us-east-1', account: '111111111111', stackName: 'Test', urlSuffix: 'amazonaws.com' };

function model(template: CfnTemplate): AccessModel {
  return new AccessModel(new TemplateResolver(template, ENV));
}

describe('TemplateResolver', () => {
  const resolver = new TemplateResolver({
    Parameters: { Version: { Default: '3.9.x' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
    Resources: {
      Cluster1234ABCD: { Type: 'AWS::MSK::Cluster', Properties: { ClusterName: 'events' } },
      Bucket1234ABCD: { Type: 'AWS::S3::Bucket' },
      Key1234ABCD: { Type: 'AWS::KMS::Key' },
    },
  }, ENV);

  test('pseudo parameters, parameters and conditions', () => {
    expect(resolver.resolve({ 'Fn::Join': [':', [{ Ref: 'AWS::Partition' }, { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::URLSuffix' }, { Ref: 'AWS::StackName' }]] }))
      .toBe('aws:us-east-1:111111111111:amazonaws.com:Test');
    expect(resolver.resolve({ Ref: 'Version' })).toBe('3.9.x');
    expect(resolver.resolve({ 'Fn::If': ['IsProd', 'a', 'b'] })).toBe('a');
    expect(resolver.resolve(['x', { Ref: 'AWS::NoValue' }])).toEqual(['x']);
  });

  test('a cluster ARN, and a topic ARN derived from it the way ClusterArns does', () => {
    const arn = resolver.resolve({ Ref: 'Cluster1234ABCD' }) as string;
    expect(arn).toMatch(/^arn:aws:kafka:us-east-1:111111111111:cluster\/events\/[0-9a-f-]{36}-7$/);
    const topic = resolver.resolve({
      'Fn::Join': ['', [
        { 'Fn::Select': [0, { 'Fn::Split': [':cluster/', { Ref: 'Cluster1234ABCD' }] }] }, ':topic/',
        { 'Fn::Select': [1, { 'Fn::Split': [':cluster/', { Ref: 'Cluster1234ABCD' }] }] }, '/orders',
      ]],
    });
    expect(topic).toBe(`${arn.replace(':cluster/', ':topic/')}/orders`);
  });

  test('Fn::Sub with attributes, pseudo parameters, variables and escapes', () => {
    expect(resolver.resolve({ 'Fn::Sub': ['arn:${AWS::Partition}:s3:::${B}/${!Literal}', { B: { Ref: 'Bucket1234ABCD' } }] }))
      .toMatch(/^arn:aws:s3:::test-bucket1234abcd-[0-9a-f]{12}\/\$\{Literal\}$/);
    expect(resolver.resolve({ 'Fn::Sub': '${Key1234ABCD.Arn}' })).toMatch(/^arn:aws:kms:us-east-1:111111111111:key\/[0-9a-f-]{36}$/);
  });

  test('fails when a type has no identity, naming the type', () => {
    const r = new TemplateResolver({ Resources: { Thing: { Type: 'AWS::Unknown::Thing' } } }, ENV);
    expect(() => r.resolve({ Ref: 'Thing' })).toThrow(/no identity for resource type AWS::Unknown::Thing/);
  });

  test('fails when an attribute is unknown', () => {
    expect(() => resolver.resolve({ 'Fn::GetAtt': ['Key1234ABCD', 'Nope'] })).toThrow(/AWS::KMS::Key.Nope/);
  });
});

describe('AccessModel', () => {
  const topicPolicy = (statements: object[]): CfnTemplate => ({
    Resources: {
      Topic1234ABCD: { Type: 'AWS::SNS::Topic' },
      Policy1234ABCD: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: { Topics: [{ Ref: 'Topic1234ABCD' }], PolicyDocument: { Version: '2012-10-17', Statement: statements } },
      },
    },
  });
  const sslOnly = { Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: { Ref: 'Topic1234ABCD' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
  const cloudwatch = { Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'Topic1234ABCD' } };

  test('fails when a topic policy allows nobody: an SSL-only statement alone denies CloudWatch', async () => {
    const m = model(topicPolicy([sslOnly]));
    const topic = m.arn('Topic');
    expect(await m.decide({ principal: { service: 'cloudwatch.amazonaws.com' }, action: 'sns:Publish', resource: topic })).toBe('ImplicitlyDenied');
  });

  test('allows once the topic policy allows the service, and denies without TLS', async () => {
    const m = model(topicPolicy([sslOnly, cloudwatch]));
    const topic = m.arn('Topic');
    expect(await m.decide({ principal: { service: 'cloudwatch.amazonaws.com' }, action: 'sns:Publish', resource: topic })).toBe('Allowed');
    expect(await m.decide({ principal: { service: 'cloudwatch.amazonaws.com' }, action: 'sns:Publish', resource: topic, context: { 'aws:SecureTransport': 'false' } }))
      .toBe('ExplicitlyDenied');
  });

  test('collects a role\'s inline, attached and managed policies', async () => {
    const allow = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    const m = model({
      Resources: {
        Role1234ABCD: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'Inline', PolicyDocument: allow('sns:ListTopics') }],
            ManagedPolicyArns: [{ Ref: 'Attached1234ABCD' }],
          },
        },
        Attached1234ABCD: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: allow('kafka:ListClustersV2') } },
        ByRoles1234ABCD: { Type: 'AWS::IAM::ManagedPolicy', Properties: { Roles: [{ Ref: 'Role1234ABCD' }], PolicyDocument: allow('ec2:DescribeVpcs') } },
        Default1234ABCD: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', Roles: [{ Ref: 'Role1234ABCD' }], PolicyDocument: allow('ec2:DescribeSubnets') } },
      },
    });
    for (const action of ['sns:ListTopics', 'kafka:ListClustersV2', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets']) {
      expect(await m.decide({ principal: { role: 'Role' }, action, resource: '*' })).toBe('Allowed');
    }
    expect(await m.decide({ principal: { role: 'Role' }, action: 'ec2:DescribeInstances', resource: '*' })).toBe('ImplicitlyDenied');
    expect(await m.decide({ principal: { service: 'lambda.amazonaws.com' }, action: 'sts:AssumeRole', resource: m.roleArn('Role') })).toBe('Allowed');
  });

  test('fails loudly when a context key does not apply to the action', async () => {
    const m = model(topicPolicy([cloudwatch]));
    await expect(m.decide({ principal: { service: 'cloudwatch.amazonaws.com' }, action: 'sns:Publish', resource: m.arn('Topic'), context: { 's3:x-amz-acl': 'private' } }))
      .rejects.toThrow(/do not apply/);
  });
});

/**
 * The resource budget (issue 14): a default provisioned cluster costs at most 25 CloudFormation resources
 * whatever its broker count, plus the stack's one provider Lambda and its role, shared by every cluster of
 * the stack; 16 default clusters with their VPC fit one stack (CloudFormation's quota: 500 resources,
 * "CloudFormation quotas"). README, "What each cluster creates", lists the same types.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, Stack, aws_ec2 as ec2, aws_s3 as s3, aws_sns as sns } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BrokerInstanceType, BrokerLogs, ProvisionedCluster, ProvisionedClusterProps, ServerlessCluster } from '../../src';
import { vpcStack } from '../util/stacks';

const CLUSTER_BUDGET = 25;
const STACK_SHARED = ['AWS::IAM::Role', 'AWS::Lambda::Function'];

/** Resources by type, outside the VPC (and, unless `shared`, outside the stack's shared provider). */
function resourcesOf(stack: Stack, vpc: ec2.Vpc, shared = false): Record<string, number> {
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string }> };
  const vpcIds = new Set(vpc.node.findAll().filter((c): c is CfnElement => CfnElement.isCfnElement(c))
    .map((c) => stack.resolve(c.logicalId) as string));
  const types: Record<string, number> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (vpcIds.has(id) || (!shared && STACK_SHARED.includes(resource.Type))) {
      continue;
    }
    types[resource.Type] = (types[resource.Type] ?? 0) + 1;
  }
  return types;
}

const total = (types: Record<string, number>) => Object.values(types).reduce((a, b) => a + b, 0);

function oneCluster(props: Partial<ProvisionedClusterProps> = {}): Record<string, number> {
  const { stack, vpc } = vpcStack();
  new ProvisionedCluster(stack, 'Events', { vpc, ...props });
  return resourcesOf(stack, vpc);
}

/** What a default cluster creates, by type (README, "What each cluster creates"). */
const DEFAULT_CLUSTER: Record<string, number> = {
  'AWS::MSK::Cluster': 1,
  'AWS::MSK::Configuration': 1,
  'AWS::EC2::SecurityGroup': 1,
  'AWS::KMS::Key': 3,
  'AWS::S3::Bucket': 2,
  'AWS::S3::BucketPolicy': 2,
  'Custom::MskBrokerVolumeSize': 1,
  'AWS::ApplicationAutoScaling::ScalableTarget': 1,
  'AWS::ApplicationAutoScaling::ScalingPolicy': 1,
  'AWS::SNS::Topic': 1,
  'AWS::SNS::TopicPolicy': 1,
  'AWS::CloudWatch::Alarm': 9,
  'AWS::CloudWatch::Dashboard': 1,
};

describe('the resource budget of a cluster', () => {
  test.each([1, 10, 20])('a default cluster with %d brokers per AZ (3, 30, 60 brokers) creates the same resources', (brokersPerAz) => {
    expect(oneCluster({ brokersPerAz })).toEqual(DEFAULT_CLUSTER);
    expect(total(DEFAULT_CLUSTER)).toBeLessThanOrEqual(CLUSTER_BUDGET);
  });

  test('Express and serverless clusters stay within the budget too', () => {
    expect(total(oneCluster({ instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE }))).toBeLessThanOrEqual(CLUSTER_BUDGET);
    const { stack, vpc } = vpcStack();
    new ServerlessCluster(stack, 'Spiky', { vpc });
    expect(total(resourcesOf(stack, vpc))).toBeLessThanOrEqual(CLUSTER_BUDGET);
  });

  test('16 default clusters with their VPC fit one stack, sharing one provider Lambda', () => {
    const { app, stack, vpc } = vpcStack();
    for (let i = 0; i < 16; i++) {
      new ProvisionedCluster(stack, `Cluster${i}`, { vpc });
    }
    // Synthesizes (CloudFormation's 500-resource check runs at synth) and counts.
    const resources = Object.keys(app.synth().getStackByName(stack.stackName).template.Resources).length;
    expect(resources).toBeLessThanOrEqual(500);
    expect(resourcesOf(stack, vpc, true)).toEqual(expect.objectContaining({ 'AWS::Lambda::Function': 1, 'AWS::IAM::Role': 1 }));
  });

  test('clusters sharing one alarm topic and one log bucket create neither per cluster', () => {
    const { stack, vpc } = vpcStack();
    const topic = new sns.Topic(stack, 'Alarms', { enforceSSL: true });
    const bucket = new s3.Bucket(stack, 'Logs', { enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED });
    for (let i = 0; i < 3; i++) {
      new ProvisionedCluster(stack, `Cluster${i}`, { vpc, alarms: { topic }, brokerLogs: BrokerLogs.s3({ bucket }) });
    }
    const types = resourcesOf(stack, vpc);
    expect(types['AWS::SNS::Topic']).toBe(1);
    expect(types['AWS::S3::Bucket']).toBe(1);
    expect(types['AWS::KMS::Key']).toBe(3);
  });

  test('README lists what a default cluster creates, by type', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### What each cluster creates'));
    for (const [type, count] of Object.entries(DEFAULT_CLUSTER)) {
      expect(section).toMatch(new RegExp(`\\| \`${type.replace(/:/g, ':')}\` \\| ${count} \\|`));
    }
  });
});

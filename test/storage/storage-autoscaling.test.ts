import { RemovalPolicy, Size, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BrokerInstanceType, ProvisionedCluster, ProvisionedClusterProps } from '../../src';
import { STORAGE_AUTOSCALING_UNAVAILABLE_REGIONS } from '../../src/storage/storage-autoscaling-rules';
import { testApp } from '../util/stacks';

const WARNING_ID = 'cdk-msk-constructs:StorageAutoScalingUnavailableInRegion';

function synth(region: string | undefined, props: Partial<ProvisionedClusterProps> = {}) {
  const app = testApp();
  const stack = new Stack(app, 'Test', region === undefined ? {} : { env: { region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', region === undefined ? { natGateways: 1 }
    : { availabilityZones: ['a', 'b', 'c'].map((az) => `${region}${az}`), natGateways: 1 });
  new ProvisionedCluster(stack, 'Events', { vpc, ...props });
  return { stack, template: Template.fromStack(stack), annotations: Annotations.fromStack(stack) };
}

describe('storage autoscaling regions', () => {
  test('MSK lists Osaka, Cape Town and Malaysia as Regions without storage autoscaling', () => {
    expect([...STORAGE_AUTOSCALING_UNAVAILABLE_REGIONS].sort()).toEqual(['af-south-1', 'ap-northeast-3', 'ap-southeast-5']);
  });

  test.each([...STORAGE_AUTOSCALING_UNAVAILABLE_REGIONS])('%s: no scaling target, and a warning naming the Region', (region) => {
    const { template, annotations } = synth(region);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
    annotations.hasWarning('/Test/Events', Match.stringLikeRegexp(`MSK has no storage autoscaling in ${region}`));
    // The volume-size lookup still guards the template's VolumeSize (volumes can also grow by hand).
    template.resourceCountIs('Custom::MskBrokerVolumeSize', 1);
  });

  test('no warning there when autoscaling is off (maxVolumeSize equal to volumeSize)', () => {
    const { annotations } = synth('ap-northeast-3', { storage: { volumeSize: Size.gibibytes(500), maxVolumeSize: Size.gibibytes(500) } });
    annotations.hasNoWarning('*', Match.stringLikeRegexp('storage autoscaling'));
  });

  test('no warning for Express brokers (no storage settings)', () => {
    const { annotations } = synth('af-south-1', { instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
    annotations.hasNoWarning('*', Match.stringLikeRegexp('storage autoscaling'));
  });

  test.each(['us-east-1', 'ap-northeast-1', 'ap-southeast-1'])('%s: a scaling target, no warning', (region) => {
    const { template, annotations } = synth(region);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    annotations.hasNoWarning('*', Match.stringLikeRegexp('storage autoscaling'));
  });

  test('a region-agnostic stack (token Region) gets the scaling target, and no warning (README says what happens there)', () => {
    const { template, annotations } = synth(undefined);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    annotations.hasNoWarning('*', Match.stringLikeRegexp('storage autoscaling'));
  });

  test('the warning has the library id', () => {
    const { stack } = synth('ap-southeast-5');
    const ids = stack.node.findAll().flatMap((c) => c.node.metadata).map((m) => JSON.stringify(m.data));
    expect(ids.some((data) => data.includes(WARNING_ID.split(':')[1]))).toBe(true);
  });
});

describe('storage autoscaling removal policy', () => {
  function policies(template: Template) {
    return ['AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy'].map((type) => {
      const found = Object.values(template.findResources(type));
      expect(found).toHaveLength(1);
      return [found[0].DeletionPolicy, found[0].UpdateReplacePolicy];
    });
  }

  test('the scaling target and policy are retained with the cluster (the default)', () => {
    const { template } = synth('us-east-1');
    expect(policies(template)).toEqual([['Retain', 'Retain'], ['Retain', 'Retain']]);
    template.hasResource('AWS::MSK::Cluster', { DeletionPolicy: 'Retain' });
  });

  test('they are deleted with a destroyed cluster', () => {
    const { template } = synth('us-east-1', { removalPolicy: RemovalPolicy.DESTROY });
    expect(policies(template)).toEqual([['Delete', 'Delete'], ['Delete', 'Delete']]);
  });

  test('they take exactly the cluster\'s policy (RETAIN_ON_UPDATE_OR_DELETE)', () => {
    const { template } = synth('us-east-1', { removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE });
    const cluster = Object.values(template.findResources('AWS::MSK::Cluster'))[0];
    const expected = [cluster.DeletionPolicy, cluster.UpdateReplacePolicy];
    expect(expected).toEqual(['RetainExceptOnCreate', 'Retain']);
    expect(policies(template)).toEqual([expected, expected]);
  });
});

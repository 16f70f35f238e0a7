import { Template } from 'aws-cdk-lib/assertions';
import { buildQuickstart } from '../../examples/quickstart';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

describe('examples/quickstart.ts', () => {
  const app = wallApp();
  const stack = buildQuickstart(app);
  const template = Template.fromStack(stack);
  const wall = runValidatorWall(app);

  test('passes the validator wall: built-in CloudFormation validation, six cdk-nag packs, cfn-guard', () => {
    expect(formatFindings(wall.errors)).toEqual([]);
  });

  test('has one MSK cluster with its configuration, key, log bucket and storage autoscaling', () => {
    template.resourceCountIs('AWS::MSK::Cluster', 1);
    template.resourceCountIs('AWS::MSK::Configuration', 1);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
  });

  test('library resources (without alarms and dashboard, asserted elsewhere) match the snapshot', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string }>;
    const library = Object.fromEntries(Object.entries(resources).filter(([id]) => id.startsWith('Events') && !id.startsWith('EventsMonitoring')));
    expect(library).toMatchSnapshot();
  });
});

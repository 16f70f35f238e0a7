import { Stack, aws_kinesisfirehose as firehose } from 'aws-cdk-lib';
import { CompliantVpc } from '../../examples/shared/compliant-vpc';
import { BrokerLogs, ProvisionedCluster } from '../../src';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

/**
 * The wall on the broker-log destinations the examples do not use: CloudWatch Logs (a created,
 * encrypted log group and the stack's shared delivery policy), an imported Firehose stream, and
 * S3 plus CloudWatch Logs together.
 */
describe('BrokerLogs destinations pass the validator wall', () => {
  const app = wallApp();
  const stack = new Stack(app, 'Logs', { env: { region: 'us-east-1' } });
  const { vpc } = new CompliantVpc(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  // Test-only: an imported stream creates no resource, so the wall has nothing of it to judge.
  const stream = firehose.DeliveryStream.fromDeliveryStreamName(stack, 'ImportedStream', 'msk-broker-logs');

  new ProvisionedCluster(stack, 'CloudWatch', { vpc, brokerLogs: BrokerLogs.cloudWatch() });
  new ProvisionedCluster(stack, 'Firehose', { vpc, brokerLogs: BrokerLogs.firehose(stream) });
  new ProvisionedCluster(stack, 'S3AndCloudWatch', { vpc, brokerLogs: BrokerLogs.combine(BrokerLogs.s3(), BrokerLogs.cloudWatch()) });

  const wall = runValidatorWall(app);

  test('the library adds no error findings', () => {
    const testOnly = ['Logs/ImportedStream'];
    const library = wall.errors.filter((f) => !testOnly.some((p) => f.resource.startsWith(p)));
    expect(formatFindings(library)).toEqual([]);
  });

  test('the wall saw the library\'s log groups, their keys and the shared delivery policy', () => {
    const assembly = app.synth();
    const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string }> };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::Logs::LogGroup')).toHaveLength(3); // 2 broker log groups + VPC flow logs
    expect(types.filter((t) => t === 'AWS::Logs::ResourcePolicy')).toHaveLength(1);
  });
});

import { Lazy, Stack } from 'aws-cdk-lib';
import { toCloudFormation } from '../../src/config/cloudformation-properties';
import { testApp } from '../util/stacks';

describe('toCloudFormation (properties written without an L1 class)', () => {
  test('upper-cases every key of plain objects, in arrays too, and drops undefined values', () => {
    expect(toCloudFormation({ s3DestinationConfiguration: { bucketArn: 'arn', expectedBucketOwner: undefined }, topicConfigurationList: [{ topicArn: 't' }] }))
      .toEqual({ S3DestinationConfiguration: { BucketArn: 'arn' }, TopicConfigurationList: [{ TopicArn: 't' }] });
  });

  test('leaves tokens and their values alone', () => {
    const stack = new Stack(testApp(), 'Test');
    const token = Lazy.any({ produce: () => ({ lowerCase: 1 }) });
    const converted = toCloudFormation({ value: token, name: Lazy.string({ produce: () => 'x' }) }) as Record<string, unknown>;
    expect(stack.resolve(converted)).toEqual({ Value: { lowerCase: 1 }, Name: 'x' });
  });
});

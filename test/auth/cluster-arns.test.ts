import { Fn, Stack } from 'aws-cdk-lib';
import { ClusterArns, literalArnEnvironment, literalClusterArn, parseClusterArn } from '../../src/auth/cluster-arns';
import { errorOf } from '../util/errors';
import { testApp } from '../util/stacks';

const ARN = 'arn:aws:kafka:eu-west-1:111111111111:cluster/orders/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-2';

describe('the cluster ARN parser (Arn.split)', () => {
  test('splits a literal cluster ARN into partition, Region, account, name and UUID', () => {
    expect(parseClusterArn(ARN)).toEqual({
      partition: 'aws', region: 'eu-west-1', account: '111111111111', clusterName: 'orders', clusterUuid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-2',
    });
    expect(literalClusterArn(ARN.replace(':aws:', ':aws-cn:'))?.partition).toBe('aws-cn');
  });

  test('splits a token ARN with Fn::Select of Fn::Split, resolved by CloudFormation', () => {
    const stack = new Stack(testApp());
    const parts = parseClusterArn(Fn.importValue('OrdersArn'));
    const fields = { 'Fn::Split': [':', { 'Fn::ImportValue': 'OrdersArn' }] };
    const path = { 'Fn::Split': ['/', { 'Fn::Select': [5, fields] }] };
    expect(stack.resolve(parts.region)).toEqual({ 'Fn::Select': [3, fields] });
    expect(stack.resolve(parts.account)).toEqual({ 'Fn::Select': [4, fields] });
    expect(stack.resolve(parts.clusterName)).toEqual({ 'Fn::Select': [1, path] });
    expect(stack.resolve(parts.clusterUuid)).toEqual({ 'Fn::Select': [2, path] });
  });

  test.each([
    'arn:aws:s3:::bucket',
    'arn:aws:kafka:eu-west-1:111111111111:topic/orders/uuid/t',
    'arn:aws:lambda:eu-west-1:111111111111:function:f',
    'not-an-arn',
  ])('fails when a literal is not a cluster ARN: %s', (arn) => {
    expect(literalClusterArn(arn)).toBeUndefined();
    expect(errorOf(() => parseClusterArn(arn))).toMatch(/\[ClusterArnInvalid\] clusterArn: '.*' is not an MSK cluster ARN .*Fix: /);
  });

  test('literal environments: any service\'s ARN with a Region and an account; nothing for tokens or S3 buckets', () => {
    expect(literalArnEnvironment(ARN)).toEqual({ region: 'eu-west-1', account: '111111111111' });
    expect(literalArnEnvironment('arn:aws:logs:us-east-2:222222222222:log-group:broker-logs:*')).toEqual({ region: 'us-east-2', account: '222222222222' });
    expect(literalArnEnvironment('arn:aws:s3:::bucket')).toBeUndefined();
    expect(literalArnEnvironment(Fn.importValue('X'))).toBeUndefined();
  });

  test('topic, group and transactional-id ARNs of a literal cluster ARN keep its name and UUID', () => {
    const arns = ClusterArns.fromArn(ARN);
    expect(arns.topic('orders-*')).toBe('arn:aws:kafka:eu-west-1:111111111111:topic/orders/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-2/orders-*');
    expect(arns.group('app')).toBe('arn:aws:kafka:eu-west-1:111111111111:group/orders/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-2/app');
    expect(errorOf(() => ClusterArns.fromArn('arn:aws:s3:::bucket').topic('t'))).toMatch(/\[ClusterArnInvalid\]/);
  });
});

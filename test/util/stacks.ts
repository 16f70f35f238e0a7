import { App, AppProps, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';

/**
 * The App for every test that is not a validator-wall test: aws-cdk-lib's built-in CloudFormation validation is
 * off. Outside the wall (test/util/validator-wall.ts, which turns it on with its findings as errors) that
 * validation only prints warnings nobody reads, yet it costs ~3 s to start in each jest file and ~1 s per
 * synthesis there: most of the suite's time. Template assertions do not depend on it.
 */
export function testApp(props: AppProps = {}): App {
  return new App({ ...props, builtinCloudFormationValidation: false });
}

/** A stack in us-east-1 (and `account`, when given) with a VPC over `azs` AZs (private subnets with egress). */
export function vpcStack(azs = 3, account?: string): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = testApp();
  const stack = new Stack(app, 'Test', { env: { region: 'us-east-1', account } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'].slice(0, azs),
    natGateways: 1,
  });
  return { app, stack, vpc };
}

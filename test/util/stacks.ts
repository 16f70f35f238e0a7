import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';

/** A stack in us-east-1 (and `account`, when given) with a VPC over `azs` AZs (private subnets with egress). */
export function vpcStack(azs = 3, account?: string): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { region: 'us-east-1', account } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'].slice(0, azs),
    natGateways: 1,
  });
  return { app, stack, vpc };
}

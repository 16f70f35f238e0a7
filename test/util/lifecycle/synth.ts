import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { CfnTemplate } from './template';
import { testApp } from '../stacks';

/** One warning annotation: its id (`cdk-msk-constructs:<Id>` without the prefix) and its message. */
export interface Warning {
  readonly id: string;
  readonly message: string;
}

/** A synthesized variant: its template and warnings, or the error synthesis threw. */
export type Synthesis =
  | { readonly template: CfnTemplate; readonly warnings: readonly Warning[]; readonly error?: undefined }
  | { readonly error: string; readonly template?: undefined; readonly warnings?: undefined };

/** What a variant builds in its stack. */
export type Build = (stack: Stack, env: LifecycleEnv) => void;

/** Shared by every variant: a cheap imported VPC over 3 AZs (no resources of its own). */
export interface LifecycleEnv {
  /** The VPC (imported: private subnets with egress in us-east-1a/b/c). */
  readonly vpc: ec2.IVpc;
  /** Another VPC, for rows that move a construct. */
  readonly otherVpc: ec2.IVpc;
}

const ACK = /^([\s\S]*?)\s*\[ack: cdk-msk-constructs:([^\]]+)\]$/;

/** Builds one variant in a fresh app (built-in validation off, as every non-wall test) and synthesizes it. */
export function synthesize(build: Build): Synthesis {
  const app: App = testApp();
  const stack = new Stack(app, 'Lifecycle', { env: { region: 'us-east-1', account: '111111111111' } });
  try {
    build(stack, { vpc: importedVpc(stack, 'Vpc', '10'), otherVpc: importedVpc(stack, 'OtherVpc', '20') });
    const artifact = app.synth().getStackByName(stack.stackName);
    const errors = artifact.messages.filter((m) => m.level === 'error').map((m) => String(m.entry.data));
    if (errors.length > 0) {
      return { error: errors.join('\n') };
    }
    const warnings = artifact.messages
      .filter((m) => m.level === 'warning')
      .map((m) => String(m.entry.data).match(ACK))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => ({ id: m[2], message: m[1] }));
    return { template: artifact.template as CfnTemplate, warnings };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function importedVpc(stack: Stack, id: string, octet: string): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, id, {
    vpcId: `vpc-0${octet}00000000000000`.slice(0, 21),
    vpcCidrBlock: `10.${octet}.0.0/16`,
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    privateSubnetIds: ['a', 'b', 'c'].map((az) => `subnet-0${octet}${az}0000000000000`.slice(0, 24)),
    privateSubnetRouteTableIds: ['a', 'b', 'c'].map((az) => `rtb-0${octet}${az}0000000000000`.slice(0, 21)),
    publicSubnetIds: ['a', 'b', 'c'].map((az) => `subnet-0${octet}${az}1111111111111`.slice(0, 24)),
    publicSubnetRouteTableIds: ['a', 'b', 'c'].map((az) => `rtb-0${octet}${az}1111111111111`.slice(0, 21)),
  });
}

import { Token, aws_ec2 as ec2 } from 'aws-cdk-lib';

/** The subnets chosen for the brokers and what validation needs to know about them. */
export interface BrokerSubnets {
  readonly subnetIds: string[];
  /** One entry per subnet (may contain tokens for imported subnets). */
  readonly availabilityZones: string[];
  /** True when every AZ is a known string, so AZ rules can be checked at synth time. */
  readonly azsKnown: boolean;
  /**
   * Why no subnets could be selected (e.g. the selection names a subnet type the VPC does not
   * have); set instead of throwing so that the rules report it with the property and a fix.
   */
  readonly selectionError?: string;
}

/**
 * Picks the broker subnets: the user's selection, or one private subnet per AZ in up to
 * `maxAzs` AZs (subnets with egress first, isolated ones when the VPC has no other).
 */
export function selectBrokerSubnets(vpc: ec2.IVpc, maxAzs: number, selection?: ec2.SubnetSelection): BrokerSubnets {
  let chosen: ec2.SelectedSubnets;
  try {
    chosen = vpc.selectSubnets(selection ?? defaultSelection(vpc, maxAzs));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      subnetIds: [],
      availabilityZones: [],
      azsKnown: true,
      selectionError: selection === undefined
        ? `the default selection (one private subnet per AZ) finds no subnets: ${reason}`
        : `the selection finds no subnets: ${reason}`,
    };
  }
  const availabilityZones = chosen.subnets.map((subnet) => subnet.availabilityZone);
  return {
    subnetIds: chosen.subnetIds,
    availabilityZones,
    azsKnown: availabilityZones.every((az) => !Token.isUnresolved(az)),
  };
}

function defaultSelection(vpc: ec2.IVpc, maxAzs: number): ec2.SubnetSelection {
  const subnetType = vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
  const candidates = subnetType === ec2.SubnetType.PRIVATE_WITH_EGRESS ? vpc.privateSubnets : vpc.isolatedSubnets;
  const azs = [...new Set(candidates.map((subnet) => subnet.availabilityZone))].slice(0, maxAzs);
  return { subnetType, onePerAz: true, availabilityZones: azs.length > 0 ? azs : undefined };
}

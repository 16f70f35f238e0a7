import { Token, aws_ec2 as ec2, aws_msk as msk } from 'aws-cdk-lib';
import { ALLOW_EVERYONE, aclsOpenByDefault, kafkaVersionAtLeast } from './connectivity-checks';
import { PublicBrokerPorts } from './public-access';
import { ClientAuthentication } from '../auth/client-authentication';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { KafkaVersion } from '../config/kafka-version';
import { registerRules } from '../validation/registry';
import { Rule, WarningRule } from '../validation/rules';

/** What the public-access rules look at, with the cluster's defaults applied. */
export interface PublicAccessFacts {
  /** True when the cluster asks for public access; every rule passes when false. */
  readonly enabled: boolean;
  /** Whether the broker subnets are public: undefined when that cannot be known (see `subnetIdsArePublic`). */
  readonly subnetsArePublic?: boolean;
  readonly clientAuthentication: ClientAuthentication;
  readonly kafkaVersion: KafkaVersion;
  readonly instanceType: BrokerInstanceType;
  /** The brokers' effective server properties (the library's defaults merged with the user's). */
  readonly serverProperties: { [key: string]: string };
  /** True when Prometheus open monitoring is on (any exporter). */
  readonly openMonitoring: boolean;
}

const aclModes = (f: PublicAccessFacts) => [
  ...(f.clientAuthentication.scramEnabled ? ['SASL/SCRAM'] : []),
  ...(f.clientAuthentication.mutualTlsEnabled ? ['mutual TLS'] : []),
];

/**
 * Errors for the `publicAccess` property: each names the property, the value and the fix.
 * Run them with `checkRules(cluster, 'ProvisionedCluster', PUBLIC_ACCESS_RULES, facts)`.
 * The cluster's TLS-only client traffic, in-cluster encryption and disabled unauthenticated
 * access, which MSK also requires, are not configurable in this library.
 */
export const PUBLIC_ACCESS_RULES: ReadonlyArray<Rule<PublicAccessFacts>> = [
  {
    id: 'PublicAccessVersion',
    failsWhen: (f) => f.enabled && kafkaVersionAtLeast(f.kafkaVersion, 2, 6, 0) === false,
    message: (f) => `publicAccess: Kafka ${f.kafkaVersion.version} does not support public access (MSK needs 2.6.0 or later). `
      + 'Fix: upgrade kafkaVersion, e.g. to KafkaVersion.V3_9_X_KRAFT, or remove publicAccess.',
  },
  {
    id: 'PublicAccessPrivateSubnets',
    failsWhen: (f) => f.enabled && f.subnetsArePublic === false,
    message: () => 'publicAccess: the broker subnets (vpcSubnets) are not all public, and MSK only turns on public access when every broker subnet routes to an internet gateway. '
      + 'Fix: remove publicAccess, or run the brokers in public subnets (vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }); '
      + 'broker subnets cannot change in place, so that replaces the cluster and loses its data.',
  },
  {
    id: 'PublicAccessNoAuthentication',
    failsWhen: (f) => f.enabled && f.clientAuthentication.modes.length === 0,
    message: () => 'publicAccess: no client authentication mode is enabled; MSK needs SASL/IAM, SASL/SCRAM or mutual TLS for public access. '
      + 'Fix: use ClientAuthentication.iam() (or .scram(), .mutualTls(cas)).',
  },
  {
    id: 'PublicAccessAclsOpen',
    failsWhen: (f) => f.enabled && aclModes(f).length > 0 && aclsOpenByDefault(f.serverProperties),
    message: (f) => `publicAccess: ${aclModes(f).join(' and ')} clients on the internet are authorized by Kafka ACLs, `
      + `and with ${ALLOW_EVERYONE}=${f.serverProperties[ALLOW_EVERYONE] ?? 'true (the MSK default)'} any authenticated client may use every topic that has no ACL; MSK requires it to be false. `
      + `Fix: create ACLs for your SCRAM users and certificate principals, then set serverProperties: { '${ALLOW_EVERYONE}': 'false' }, or use ClientAuthentication.iam() only.`,
  },
  {
    id: 'PublicAccessWithOpenMonitoring',
    failsWhen: (f) => f.enabled && f.openMonitoring && (f.kafkaVersion.isKraft || f.instanceType.isExpress),
    message: (f) => `publicAccess: ${f.instanceType.isExpress ? `Express brokers (${f.instanceType.instanceType})` : `KRaft clusters (${f.kafkaVersion.version})`} `
      + 'cannot have open monitoring and public access both on. Fix: remove openMonitoring, or remove publicAccess.',
  },
];
registerRules({ name: 'PUBLIC_ACCESS_RULES', file: 'src/network/public-access-rules.ts', severity: 'error', checkedBy: ['ProvisionedCluster'] }, PUBLIC_ACCESS_RULES);


/** Warnings for the `publicAccess` property. Run them with `warnRules(cluster, PUBLIC_ACCESS_WARNINGS, facts)`. */
export const PUBLIC_ACCESS_WARNINGS: ReadonlyArray<WarningRule<PublicAccessFacts>> = [
  {
    id: 'PublicAccess',
    failsWhen: (f) => f.enabled,
    message: (f) => `publicAccess: the brokers get public IP addresses and accept clients from the internet on ${publicAccessPorts(f.clientAuthentication).join(', ')}, `
      + 'limited only by authentication and the security groups; the cluster fails the compliance rules that require PublicAccess DISABLED (Control Tower CT.MSK.PR.2, AWS Config msk-cluster-public-access-disabled). '
      + 'Open the public ports only to the address ranges that need them (allowPublicClientAccessFrom), never to 0.0.0.0/0. '
      + 'CloudFormation cannot create a cluster with public access: if this deployment creates the cluster, deploy once without publicAccess, then add it. '
      + 'Acknowledge this warning once you accept the exposure.',
  },
  {
    id: 'PublicAccessSubnetsUnknown',
    failsWhen: (f) => f.enabled && f.subnetsArePublic === undefined,
    message: () => 'publicAccess: cannot tell at synth time whether the broker subnets (vpcSubnets) are public; '
      + 'MSK rejects public access unless every broker subnet routes to an internet gateway. Check the subnets before deploying.',
  },
];
registerRules({ name: 'PUBLIC_ACCESS_WARNINGS', file: 'src/network/public-access-rules.ts', severity: 'warning', checkedBy: ['ProvisionedCluster'] }, PUBLIC_ACCESS_WARNINGS);


/** Warnings for a peer given public broker access: run them with `warnRules(cluster, PUBLIC_PEER_WARNINGS, peer)`. */
export const PUBLIC_PEER_WARNINGS: ReadonlyArray<WarningRule<ec2.IPeer>> = [
  {
    id: 'PublicAccessFromAnywhere',
    failsWhen: (peer) => isAnywhere(peer),
    message: (peer) => `allowPublicClientAccessFrom: ${peer.uniqueId} lets every address on the internet reach the public broker ports; only client authentication stands in the way. `
      + 'Fix: pass the address ranges of your clients, e.g. ec2.Peer.ipv4(\'203.0.113.0/24\').',
  },
];
registerRules({ name: 'PUBLIC_PEER_WARNINGS', file: 'src/network/public-access-rules.ts', severity: 'warning', checkedBy: ['ProvisionedCluster'] }, PUBLIC_PEER_WARNINGS);


/** True for a peer that stands for every IPv4 or IPv6 address. */
export function isAnywhere(peer: ec2.IPeer): boolean {
  return !Token.isUnresolved(peer.uniqueId) && ['0.0.0.0/0', '::/0'].includes(peer.uniqueId);
}

/**
 * The PublicAccess property of AWS::MSK::Cluster's ConnectivityInfo: `SERVICE_PROVIDED_EIPS` for
 * true, an explicit `DISABLED` for false (the way to turn public access off again), undefined
 * when the property is not given (the template stays as it was).
 */
export function renderPublicAccess(enabled: boolean | undefined): msk.CfnCluster.PublicAccessProperty | undefined {
  if (enabled === undefined) {
    return undefined;
  }
  return { type: enabled ? 'SERVICE_PROVIDED_EIPS' : 'DISABLED' };
}

/** The public broker ports of the enabled modes, primary first: IAM 9198, SCRAM 9196, TLS 9194. */
export function publicAccessPorts(clientAuthentication: ClientAuthentication): number[] {
  const ports: number[] = [];
  if (clientAuthentication.iamEnabled) {
    ports.push(PublicBrokerPorts.SASL_IAM);
  }
  if (clientAuthentication.scramEnabled) {
    ports.push(PublicBrokerPorts.SASL_SCRAM);
  }
  if (clientAuthentication.mutualTlsEnabled) {
    ports.push(PublicBrokerPorts.TLS);
  }
  return ports;
}

/**
 * Whether the subnets with these ids are all public subnets of `vpc`: true when every one is
 * among `vpc.publicSubnets`, false when one is a known private or isolated subnet of `vpc`,
 * undefined when that cannot be known (e.g. a subnet imported by id that the VPC does not list).
 */
export function subnetIdsArePublic(vpc: ec2.IVpc, subnetIds: string[]): boolean | undefined {
  const publicIds = new Set(vpc.publicSubnets.map((subnet) => subnet.subnetId));
  const privateIds = new Set([...vpc.privateSubnets, ...vpc.isolatedSubnets].map((subnet) => subnet.subnetId));
  if (subnetIds.some((id) => privateIds.has(id) && !publicIds.has(id))) {
    return false;
  }
  if (subnetIds.length > 0 && subnetIds.every((id) => publicIds.has(id))) {
    return true;
  }
  return undefined;
}

/** Whether `selection` selects only public subnets of `vpc` (see `subnetIdsArePublic`). */
export function selectionIsPublic(vpc: ec2.IVpc, selection?: ec2.SubnetSelection): boolean | undefined {
  return subnetIdsArePublic(vpc, vpc.selectSubnets(selection).subnetIds);
}

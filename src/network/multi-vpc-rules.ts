import { aws_msk as msk } from 'aws-cdk-lib';
import { ALLOW_EVERYONE, aclsOpenByDefault, kafkaVersionAtLeast } from './connectivity-checks';
import { MultiVpcConnectivityOptions } from './multi-vpc';
import { ClientAuthentication } from '../auth/client-authentication';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { KafkaVersion } from '../config/kafka-version';
import { registerRules } from '../validation/registry';
import { Rule, WarningRule } from '../validation/rules';

/** What the multi-VPC rules look at, with the cluster's defaults applied. */
export interface MultiVpcFacts {
  /** The `multiVpcConnectivity` property; every rule passes when it is undefined. */
  readonly options?: MultiVpcConnectivityOptions;
  readonly clientAuthentication: ClientAuthentication;
  readonly instanceType: BrokerInstanceType;
  readonly kafkaVersion: KafkaVersion;
  /** The brokers' effective server properties (the library's defaults merged with the user's). */
  readonly serverProperties: { [key: string]: string };
}

/** The schemes `options` enables, by the names the property uses. */
export function enabledMultiVpcSchemes(options: MultiVpcConnectivityOptions | undefined): string[] {
  if (options === undefined) {
    return [];
  }
  return (['iam', 'scram', 'tls'] as const).filter((scheme) => options[scheme] === true);
}

/** The enabled schemes that the cluster's own client authentication does not enable. */
function schemesMissingOnCluster(f: MultiVpcFacts): string[] {
  const auth = f.clientAuthentication;
  const onCluster: Record<string, boolean> = { iam: auth.iamEnabled, scram: auth.scramEnabled, tls: auth.mutualTlsEnabled };
  return enabledMultiVpcSchemes(f.options).filter((scheme) => !onCluster[scheme]);
}

const FACTORY: Record<string, string> = { iam: 'iam: true', scram: 'scram: true', tls: 'mutualTls: [ca]' };

/**
 * Errors for the `multiVpcConnectivity` property: each names the property, the value and the fix.
 * Run them with `checkRules(cluster, 'ProvisionedCluster', MULTI_VPC_RULES, facts)`.
 */
export const MULTI_VPC_RULES: ReadonlyArray<Rule<MultiVpcFacts>> = [
  {
    id: 'MultiVpcNoScheme',
    failsWhen: (f) => f.options !== undefined && enabledMultiVpcSchemes(f.options).length === 0,
    message: (f) => `multiVpcConnectivity: ${JSON.stringify(f.options)} enables no authentication scheme. `
      + 'Fix: set iam, scram and/or tls to true, or leave multiVpcConnectivity out.',
  },
  {
    id: 'MultiVpcSchemeNotOnCluster',
    failsWhen: (f) => schemesMissingOnCluster(f).length > 0,
    message: (f) => `multiVpcConnectivity: ${schemesMissingOnCluster(f).join(', ')} is enabled for managed VPC connections but not in the cluster's clientAuthentication; `
      + 'MSK only offers a scheme over multi-VPC connectivity when the cluster enables it. '
      + `Fix: add ${schemesMissingOnCluster(f).map((s) => FACTORY[s]).join(', ')} to ClientAuthentication.of({...}), or turn the scheme off in multiVpcConnectivity.`,
  },
  {
    id: 'MultiVpcBurstable',
    failsWhen: (f) => f.options !== undefined && f.instanceType.isBurstable,
    message: (f) => `multiVpcConnectivity: ${f.instanceType.instanceType} brokers do not support multi-VPC private connectivity. `
      + 'Fix: use a larger instance type such as BrokerInstanceType.KAFKA_M7G_LARGE, or remove multiVpcConnectivity.',
  },
  {
    id: 'MultiVpcVersion',
    failsWhen: (f) => f.options !== undefined && kafkaVersionAtLeast(f.kafkaVersion, 2, 7, 1) === false,
    message: (f) => `multiVpcConnectivity: Kafka ${f.kafkaVersion.version} does not support multi-VPC private connectivity (MSK needs 2.7.1 or later). `
      + 'Fix: upgrade kafkaVersion, e.g. to KafkaVersion.V3_9_X_KRAFT, or remove multiVpcConnectivity.',
  },
  {
    id: 'MultiVpcAclsOpen',
    failsWhen: (f) => (f.options?.scram === true || f.options?.tls === true) && aclsOpenByDefault(f.serverProperties),
    message: (f) => `multiVpcConnectivity: ${enabledMultiVpcSchemes(f.options).filter((s) => s !== 'iam').join(' and ')} clients from other VPCs are authorized by Kafka ACLs, `
      + `and with ${ALLOW_EVERYONE}=${f.serverProperties[ALLOW_EVERYONE] ?? 'true (the MSK default)'} any authenticated client may use every topic that has no ACL; MSK requires it to be false. `
      + `Fix: create ACLs for your SCRAM users and certificate principals, then set serverProperties: { '${ALLOW_EVERYONE}': 'false' }, or use iam only.`,
  },
];
registerRules({ name: 'MULTI_VPC_RULES', file: 'src/network/multi-vpc-rules.ts', severity: 'error', checkedBy: ['ProvisionedCluster'] }, MULTI_VPC_RULES);


/** Warnings for the `multiVpcConnectivity` property. Run them with `warnRules(cluster, MULTI_VPC_WARNINGS, facts)`. */
export const MULTI_VPC_WARNINGS: ReadonlyArray<WarningRule<MultiVpcFacts>> = [
  {
    id: 'MultiVpcTwoStep',
    failsWhen: (f) => enabledMultiVpcSchemes(f.options).length > 0,
    message: (f) => `multiVpcConnectivity: enables ${enabledMultiVpcSchemes(f.options).join(', ')}, which CloudFormation rejects while it creates a cluster `
      + '("When creating a cluster, all vpcConnectivity auth schemes must be disabled"). If this deployment creates the cluster (first deployment, '
      + 'a new account or Region, or a replacement), deploy once without multiVpcConnectivity, then add it. '
      + 'Acknowledge this warning once the cluster exists in every environment this app deploys to.',
  },
];
registerRules({ name: 'MULTI_VPC_WARNINGS', file: 'src/network/multi-vpc-rules.ts', severity: 'warning', checkedBy: ['ProvisionedCluster'] }, MULTI_VPC_WARNINGS);


/**
 * The VpcConnectivity property of AWS::MSK::Cluster's ConnectivityInfo, or undefined when
 * `options` is undefined. Every scheme is rendered with an explicit Enabled, so turning one off
 * is an explicit update.
 */
export function renderVpcConnectivity(options: MultiVpcConnectivityOptions | undefined): msk.CfnCluster.VpcConnectivityProperty | undefined {
  if (options === undefined) {
    return undefined;
  }
  return {
    clientAuthentication: {
      sasl: { iam: { enabled: options.iam === true }, scram: { enabled: options.scram === true } },
      tls: { enabled: options.tls === true },
    },
  };
}

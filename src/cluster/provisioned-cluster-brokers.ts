import { Tokenization } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CLUSTER_ERRORS } from './cluster-errors';
import { ClientAuthentication } from '../auth/client-authentication';
import { BootstrapBrokers } from '../custom-resources/bootstrap-brokers';
import { BootstrapBrokerAttribute } from '../custom-resources/bootstrap-brokers-attributes';
import { MultiVpcConnectivityOptions } from '../network/multi-vpc';

/** What decides which broker strings a provisioned cluster has. */
export interface ProvisionedBrokerFacts {
  readonly clusterArn: string;
  readonly clientAuthentication: ClientAuthentication;
  readonly numberOfBrokerNodes: number;
  readonly publicAccessEnabled: boolean;
  readonly multiVpc?: MultiVpcConnectivityOptions;
}

const ENABLE_MODE = 'read the getter of an enabled mode, or enable it in clientAuthentication';

/**
 * The bootstrap broker strings of a provisioned cluster, read at deploy time by one `BootstrapBrokers` lookup
 * that the first read creates in the cluster (id `BootstrapBrokers`). Reading a string the cluster does not
 * have (a mode, public access or a multi-VPC scheme it does not enable) fails with `BrokersNotEnabled`.
 */
export class ProvisionedBrokerStrings {
  private lookup?: BootstrapBrokers;

  constructor(private readonly cluster: Construct, private readonly facts: ProvisionedBrokerFacts) {}

  /** A string of the cluster's private brokers, for a mode the cluster may enable. */
  public privateString(enabled: boolean, getter: string, mode: string, attribute: BootstrapBrokerAttribute, fix = ENABLE_MODE): string {
    if (!enabled) {
      throw CLUSTER_ERRORS.error(this.cluster, 'BrokersNotEnabled', getter, this.cluster.node.path, mode, fix);
    }
    if (!this.lookup) {
      // Whatever changes the strings MSK returns refreshes them: the auth modes, the broker count,
      // and (only when on, so that templates without them stay as they were) public access and
      // the multi-VPC schemes, which add their own strings when turned on in a later deployment.
      const vpcSchemes = (['iam', 'scram', 'tls'] as const).filter((scheme) => this.facts.multiVpc?.[scheme] === true);
      this.lookup = new BootstrapBrokers(this.cluster, 'BootstrapBrokers', {
        clusterArn: this.facts.clusterArn,
        refreshOn: `${this.facts.clientAuthentication.modes.map((m) => m.name).join(',')}|${Tokenization.stringifyNumber(this.facts.numberOfBrokerNodes)}`
          + (this.facts.publicAccessEnabled ? '|public' : '')
          + (vpcSchemes.length > 0 ? `|vpc:${vpcSchemes.join(',')}` : ''),
      });
    }
    return this.lookup.attribute(attribute);
  }

  /** A string of the cluster's public brokers: needs public access and the mode. */
  public publicString(modeEnabled: boolean, getter: string, mode: string, attribute: BootstrapBrokerAttribute): string {
    if (!this.facts.publicAccessEnabled) {
      return this.privateString(false, getter, 'public access', attribute,
        'set publicAccess: true (in a deployment after the one that creates the cluster: MSK turns public access on only on an existing cluster), or read the private getter');
    }
    return this.privateString(modeEnabled, getter, `${mode} (needed for its public brokers)`, attribute);
  }

  /** A string for managed VPC connections: needs the multi-VPC scheme. */
  public vpcConnectivityString(scheme: 'iam' | 'scram' | 'tls', getter: string, attribute: BootstrapBrokerAttribute): string {
    return this.privateString(this.facts.multiVpc?.[scheme] === true, getter, `multi-VPC connectivity for ${scheme}`, attribute,
      `set multiVpcConnectivity: { ${scheme}: true } (in a deployment after the one that creates the cluster), or read the private getter`);
  }
}

import { Fn, Token, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClusterBase, TopicLimits } from './cluster-base';
import { ClusterNetworkInfo } from './cluster-network';
import { IProvisionedCluster, MskClusterAttributes } from './cluster-ref';
import { ClientAuthentication } from '../auth/client-authentication';
import { ClusterArns } from '../auth/cluster-arns';

/** Which kind of cluster an import stands for. */
export type ImportedKind = 'ProvisionedCluster' | 'ServerlessCluster';

const SERVERLESS_TOPICS = 'MSK Serverless has no topic resource (AWS::MSK::Topic and the MSK topic APIs work on provisioned clusters only). Fix: create topics with a Kafka admin client.';

/**
 * A cluster defined outside this app. Grants work from the ARN (or the name); attributes
 * that were not given throw a clear error when read.
 */
export class ImportedCluster extends ClusterBase implements IProvisionedCluster {
  public readonly connections: ec2.Connections;
  private readonly arns: ClusterArns;
  private readonly auth: ClientAuthentication;

  constructor(scope: Construct, id: string, private readonly kind: ImportedKind, private readonly attrs: MskClusterAttributes) {
    super(scope, id);
    if (attrs.clusterArn === undefined && attrs.clusterName === undefined) {
      throw new Error(`${kind}.fromClusterAttributes: give clusterArn (preferred) or clusterName for '${this.node.path}'.`);
    }
    this.auth = attrs.clientAuthentication ?? ClientAuthentication.iam();
    this.arns = attrs.clusterArn !== undefined ? ClusterArns.fromArn(attrs.clusterArn) : ClusterArns.fromName(this, attrs.clusterName!);
    this.connections = new ec2.Connections({
      securityGroups: attrs.securityGroups ?? [],
      defaultPort: ec2.Port.tcp(this.auth.primaryPort),
    });
  }

  public get clusterArn(): string {
    return this.attrs.clusterArn ?? this.missing('clusterArn', 'import the cluster with its ARN');
  }

  public get clusterName(): string {
    if (this.attrs.clusterName !== undefined) {
      return this.attrs.clusterName;
    }
    const arn = this.attrs.clusterArn!;
    return Token.isUnresolved(arn) ? Fn.select(1, Fn.split('/', arn)) : arn.split('/')[1];
  }

  public get bootstrapBrokers(): string {
    const byMode: Record<string, string | undefined> = {
      iam: this.attrs.bootstrapBrokersSaslIam,
      scram: this.attrs.bootstrapBrokersSaslScram,
      tls: this.attrs.bootstrapBrokersTls,
    };
    return this.attrs.bootstrapBrokers ?? byMode[this.auth.modes[0]?.name ?? 'iam'] ?? this.missing('bootstrapBrokers', 'pass bootstrapBrokers in the attributes');
  }

  public get bootstrapBrokersSaslIam(): string {
    return this.attrs.bootstrapBrokersSaslIam ?? this.missing('bootstrapBrokersSaslIam', 'pass it in the attributes');
  }

  public get bootstrapBrokersSaslScram(): string {
    return this.attrs.bootstrapBrokersSaslScram ?? this.missing('bootstrapBrokersSaslScram', 'pass it in the attributes');
  }

  public get bootstrapBrokersTls(): string {
    return this.attrs.bootstrapBrokersTls ?? this.missing('bootstrapBrokersTls', 'pass it in the attributes');
  }

  /** @internal */
  public _policyArns(): ClusterArns {
    return this.arns;
  }

  /** @internal */
  public _networkInfo(): ClusterNetworkInfo {
    return {
      kind: this.kind === 'ServerlessCluster' ? 'serverless' : 'provisioned',
      definedHere: false,
      clientAuthentication: this.auth,
      securityGroups: this.attrs.securityGroups ?? [],
      multiVpcIam: false,
    };
  }

  /** @internal */
  public _topicLimits(): TopicLimits {
    if (this.kind === 'ServerlessCluster') {
      return { unsupported: SERVERLESS_TOPICS, defaultReplicationFactor: 3 };
    }
    if (this.attrs.clusterArn === undefined) {
      return { unsupported: 'a topic needs the cluster ARN. Fix: import the cluster with fromClusterArn or give clusterArn.', defaultReplicationFactor: 3 };
    }
    return { defaultReplicationFactor: 3 };
  }

  private missing(attribute: string, fix: string): never {
    throw new Error(`${this.kind} '${this.node.path}' was imported without ${attribute}. Fix: ${fix}.`);
  }
}

export { SERVERLESS_TOPICS };

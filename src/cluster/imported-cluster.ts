import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClusterBase, ProvisionedClusterBase, TopicLimits } from './cluster-base';
import { CLUSTER_ERRORS } from './cluster-errors';
import { ClusterNetworkInfo } from './cluster-network';
import { MskClusterAttributes } from './cluster-ref';
import { ClientAuthentication } from '../auth/client-authentication';
import { ClusterArns, parseClusterArn } from '../auth/cluster-arns';

/** Which kind of cluster an import stands for. */
export type ImportedKind = 'ProvisionedCluster' | 'ServerlessCluster';

/** What both kinds of import know: attributes, ARNs, authentication and connections. */
class ImportedFacts {
  public readonly arns: ClusterArns;
  public readonly auth: ClientAuthentication;
  public readonly connections: ec2.Connections;

  constructor(private readonly scope: Construct, private readonly kind: ImportedKind, public readonly attrs: MskClusterAttributes) {
    if (attrs.clusterArn === undefined && attrs.clusterName === undefined) {
      throw CLUSTER_ERRORS.errorAs(kind, scope, 'ImportedClusterIdentityMissing', kind, scope.node.path);
    }
    this.auth = attrs.clientAuthentication ?? ClientAuthentication.iam();
    this.arns = attrs.clusterArn !== undefined ? ClusterArns.fromArn(attrs.clusterArn) : ClusterArns.fromName(scope, attrs.clusterName!);
    this.connections = new ec2.Connections({
      securityGroups: attrs.securityGroups ?? [],
      defaultPort: ec2.Port.tcp(this.auth.primaryPort),
    });
  }

  public clusterArn(): string {
    return this.attrs.clusterArn ?? this.missing('clusterArn', 'import the cluster with its ARN');
  }

  public clusterName(): string {
    if (this.attrs.clusterName !== undefined) {
      return this.attrs.clusterName;
    }
    const arn = this.attrs.clusterArn!;
    return parseClusterArn(arn).clusterName;
  }

  public bootstrapBrokers(): string {
    const byMode: Record<string, string | undefined> = {
      iam: this.attrs.bootstrapBrokersSaslIam,
      scram: this.attrs.bootstrapBrokersSaslScram,
      tls: this.attrs.bootstrapBrokersTls,
    };
    return this.attrs.bootstrapBrokers ?? byMode[this.auth.modes[0]?.name ?? 'iam'] ?? this.missing('bootstrapBrokers', 'pass bootstrapBrokers in the attributes');
  }

  public networkInfo(): ClusterNetworkInfo {
    return {
      kind: this.kind === 'ServerlessCluster' ? 'serverless' : 'provisioned',
      definedHere: false,
      clientAuthentication: this.auth,
      securityGroups: this.attrs.securityGroups ?? [],
      multiVpcIam: false,
    };
  }

  public missing(attribute: string, fix: string): never {
    throw CLUSTER_ERRORS.errorAs(this.kind, this.scope, 'ImportedClusterAttributeMissing', attribute, this.kind, this.scope.node.path, fix);
  }
}

/**
 * A provisioned cluster defined outside this app. Grants work from the ARN (or the name);
 * attributes that were not given throw a clear error when read.
 */
export class ImportedCluster extends ProvisionedClusterBase {
  public readonly connections: ec2.Connections;
  private readonly facts: ImportedFacts;

  constructor(scope: Construct, id: string, kind: 'ProvisionedCluster', attrs: MskClusterAttributes) {
    super(scope, id);
    this.facts = new ImportedFacts(this, kind, attrs);
    this.connections = this.facts.connections;
  }

  public get clusterArn(): string {
    return this.facts.clusterArn();
  }

  public get clusterName(): string {
    return this.facts.clusterName();
  }

  public get bootstrapBrokers(): string {
    return this.facts.bootstrapBrokers();
  }

  public get bootstrapBrokersSaslIam(): string {
    return this.facts.attrs.bootstrapBrokersSaslIam ?? this.facts.missing('bootstrapBrokersSaslIam', 'pass it in the attributes');
  }

  public get bootstrapBrokersSaslScram(): string {
    return this.facts.attrs.bootstrapBrokersSaslScram ?? this.facts.missing('bootstrapBrokersSaslScram', 'pass it in the attributes');
  }

  public get bootstrapBrokersTls(): string {
    return this.facts.attrs.bootstrapBrokersTls ?? this.facts.missing('bootstrapBrokersTls', 'pass it in the attributes');
  }

  /** @internal */
  public _policyArns(): ClusterArns {
    return this.facts.arns;
  }

  /** @internal */
  public _networkInfo(): ClusterNetworkInfo {
    return this.facts.networkInfo();
  }

  /** @internal */
  public _topicLimits(): TopicLimits {
    if (this.facts.attrs.clusterArn === undefined) {
      return { unsupported: 'a topic needs the cluster ARN. Fix: import the cluster with fromClusterArn or give clusterArn.', defaultReplicationFactor: 3 };
    }
    return { defaultReplicationFactor: 3 };
  }
}

/**
 * A serverless cluster defined outside this app: no topics and no broker metrics (MSK Serverless
 * has neither), grants from the ARN (or the name).
 */
export class ImportedServerlessCluster extends ClusterBase {
  public readonly connections: ec2.Connections;
  private readonly facts: ImportedFacts;

  constructor(scope: Construct, id: string, attrs: MskClusterAttributes) {
    super(scope, id);
    this.facts = new ImportedFacts(this, 'ServerlessCluster', attrs);
    this.connections = this.facts.connections;
  }

  public get clusterArn(): string {
    return this.facts.clusterArn();
  }

  public get clusterName(): string {
    return this.facts.clusterName();
  }

  public get bootstrapBrokers(): string {
    return this.facts.bootstrapBrokers();
  }

  /** @internal */
  public _policyArns(): ClusterArns {
    return this.facts.arns;
  }

  /** @internal */
  public _networkInfo(): ClusterNetworkInfo {
    return this.facts.networkInfo();
  }
}

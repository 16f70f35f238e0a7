import { AspectPriority, Aspects, RemovalPolicy, Token, aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_msk as msk } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ClusterBase } from './cluster-base';
import { CLUSTER_ERRORS } from './cluster-errors';
import { defaultClusterName } from './cluster-name';
import { ClusterNetworkInfo } from './cluster-network';
import { IMskCluster } from './cluster-ref';
import { ImportedServerlessCluster } from './imported-cluster';
import { resolveServerlessVpcs, SERVERLESS_CLUSTER_RULES, SERVERLESS_CLUSTER_WARNINGS } from './serverless-cluster-rules';
import { ClientAuthentication } from '../auth/client-authentication';
import { ClusterArns } from '../auth/cluster-arns';
import { BootstrapBrokers } from '../custom-resources/bootstrap-brokers';
import { ServerlessClusterGuard } from '../custom-resources/serverless-cluster-guard';
import { ClusterAlarmOptions } from '../monitoring/alarm-options';
import { MonitoredClusterKind, MskClusterMonitoring } from '../monitoring/cluster-monitoring';
import { BrokerPorts } from '../network/ports';
import { VpcPlacement } from '../network/vpc-placement';
import { shareCreationTrace } from '../validation/creation-trace';
import { checkRules, warnRules } from '../validation/rules';

/**
 * One VPC a serverless cluster is reachable from. Placement (`VpcPlacement`): `vpcSubnets` in at least
 * 2 distinct AZs, by default one private subnet per AZ in up to 3 AZs; `securityGroups` (1–5), by default
 * a new security group with no ingress.
 */
export interface ServerlessVpcConfig extends VpcPlacement {
  /** The VPC. */
  readonly vpc: ec2.IVpc;
}

/**
 * Props of {@link ServerlessCluster}. Only `vpc` is required. Placement (`VpcPlacement`): `vpcSubnets` in
 * at least 2 distinct AZs, by default one private subnet per AZ in up to 3 AZs; `securityGroups` (1–5), by
 * default a new security group with no ingress.
 */
export interface ServerlessClusterProps extends VpcPlacement {
  /** The VPC the cluster is reachable from. */
  readonly vpc: ec2.IVpc;
  /**
   * More VPCs the cluster is reachable from (up to 4, for 5 in all).
   * @default - none
   */
  readonly additionalVpcs?: ServerlessVpcConfig[];
  /**
   * Name of the cluster.
   * @default - derived from the construct path, at most 64 characters
   */
  readonly clusterName?: string;
  /**
   * What happens to the cluster when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Alarms: on by default, with no topic list needed: cluster-wide ingress and egress against the
   * 200/400 MBps cluster quotas and the lag of every consumer group (docs/ALARMS.md).
   * `addConsumerLagAlarm` and `addThroughputAlarms` add more with the same actions.
   * @default - the recommended alarms, notifying a new SNS topic
   */
  readonly alarms?: ClusterAlarmOptions;
  /**
   * Create a CloudWatch dashboard (throughput per topic, lag per consumer group, alarm status).
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Tags of the cluster, set when it is created. Every property of a serverless cluster is fixed
   * at creation: changing tags here replaces it. Tags from `Tags.of()` (on the cluster or an
   * enclosing scope, such as an organisation-wide `Tags.of(app)`) are therefore not applied to the
   * cluster itself, with the warning `ServerlessTagsIgnored`; its other resources get them.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/** What is known about a serverless cluster defined elsewhere. */
export interface ServerlessClusterAttributes {
  /**
   * ARN of the cluster.
   * @default - derived from `clusterName`, with `*` for the UUID
   */
  readonly clusterArn?: string;
  /**
   * Name of the cluster.
   * @default - parsed from `clusterArn`
   */
  readonly clusterName?: string;
  /**
   * Security groups of the cluster's VPC endpoints.
   * @default - none: `connections` manages no ingress
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Bootstrap brokers (SASL/IAM).
   * @default - unknown: reading it throws
   */
  readonly bootstrapBrokers?: string;
}

/**
 * An MSK Serverless cluster: IAM authentication over TLS on port 9098, capacity managed by
 * MSK, reachable from up to 5 VPCs. Every property is fixed at creation: changing any of them
 * replaces the cluster and loses its data.
 */
export class ServerlessCluster extends ClusterBase {
  /** Imports a serverless cluster by ARN. */
  public static fromClusterArn(scope: Construct, id: string, clusterArn: string): IMskCluster {
    return new ImportedServerlessCluster(scope, id, { clusterArn });
  }

  /** Imports a serverless cluster from what is known about it. */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: ServerlessClusterAttributes): IMskCluster {
    return new ImportedServerlessCluster(scope, id, {
      clusterArn: attrs.clusterArn,
      clusterName: attrs.clusterName,
      securityGroups: attrs.securityGroups,
      bootstrapBrokersSaslIam: attrs.bootstrapBrokers,
    });
  }

  public readonly clusterArn: string;
  public readonly clusterName: string;
  public readonly connections: ec2.Connections;
  /** Security groups of every VPC configuration. */
  public readonly securityGroups: ec2.ISecurityGroup[];
  /** The underlying AWS::MSK::ServerlessCluster. */
  public readonly cfnCluster: msk.CfnServerlessCluster;

  private brokerLookup?: BootstrapBrokers;
  private readonly network: ClusterNetworkInfo;
  private readonly monitoring: MskClusterMonitoring;

  constructor(scope: Construct, id: string, props: ServerlessClusterProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    this.clusterName = props.clusterName ?? defaultClusterName(this);
    const vpcs = resolveServerlessVpcs(props);
    checkRules(this, 'ServerlessCluster', SERVERLESS_CLUSTER_RULES, { clusterName: this.clusterName, vpcs, removalPolicy: props.removalPolicy, tags: props.tags });

    const configs = vpcs.map((config, i) => ({
      subnetIds: config.subnets.subnetIds,
      groups: config.securityGroups ?? [new ec2.SecurityGroup(this, i === 0 ? 'SecurityGroup' : `SecurityGroup${i + 1}`, {
        vpc: config.vpc,
        description: `MSK Serverless cluster ${this.node.path}`,
        allowAllOutbound: false,
      })],
    }));
    this.securityGroups = configs.flatMap((config) => config.groups);
    this.connections = new ec2.Connections({
      securityGroups: this.securityGroups,
      defaultPort: ec2.Port.tcp(BrokerPorts.SASL_IAM),
    });

    const vpcConfigs = configs.map((config) => ({
      subnetIds: config.subnetIds,
      securityGroups: config.groups.map((group) => group.securityGroupId),
    }));
    const clientAuthentication = { sasl: { iam: { enabled: true } } };
    this.cfnCluster = new CreationTaggedServerlessCluster(this, 'Resource', {
      clusterName: this.clusterName,
      clientAuthentication,
      vpcConfigs,
      tags: props.tags,
    });
    // Every property of AWS::MSK::ServerlessCluster is create-only ("Update requires: Replacement", CloudFormation
    // template reference): the guard fails, before the cluster is touched, a change that would replace the live
    // cluster of this name with a new, empty one (see custom-resources/serverless-cluster-guard.lambda.ts).
    const guard = new ServerlessClusterGuard(this, 'ReplacementGuard', {
      clusterName: this.clusterName,
      vpcConfigs: vpcConfigs.map((config) => ({ subnetIds: config.subnetIds, securityGroupIds: config.securityGroups })),
      clientAuthentication,
      tags: props.tags ?? {},
    });
    this.cfnCluster.node.addDependency(guard.customResource);
    // After the tag aspects (MUTATING or DEFAULT priority) have run: name what Tags.of() added.
    const cfnCluster = this.cfnCluster;
    Aspects.of(this).add({
      visit: (node: IConstruct) => {
        if (node === cfnCluster) {
          warnRules(this, SERVERLESS_CLUSTER_WARNINGS, { ignoredTagKeys: ignoredTagKeys(cfnCluster, props.tags ?? {}) });
        }
      },
    }, { priority: AspectPriority.READONLY });
    this.cfnCluster.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    // The security groups this construct created go with the cluster: MSK's VPC endpoints use them,
    // and EC2 refuses to delete a group that network interfaces of a retained cluster still use.
    configs.forEach((config, i) => {
      if (!vpcs[i].securityGroups) {
        config.groups.forEach((group) => group.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN));
      }
    });
    this.clusterArn = this.cfnCluster.ref;
    this.network = {
      kind: 'serverless',
      definedHere: true,
      clientAuthentication: ClientAuthentication.iam(),
      vpc: vpcs[0].vpc,
      subnetIds: configs[0].subnetIds,
      securityGroups: configs[0].groups,
      multiVpcIam: false,
    };

    this.monitoring = new MskClusterMonitoring(this, 'Monitoring', {
      cluster: this,
      clusterKind: MonitoredClusterKind.serverless(),
      alarms: props.alarms,
      dashboard: props.dashboard ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /** Bootstrap brokers (SASL/IAM, port 9098), read at deploy time. */
  public get bootstrapBrokers(): string {
    if (!this.brokerLookup) {
      this.brokerLookup = new BootstrapBrokers(this, 'BootstrapBrokers', { clusterArn: this.clusterArn, refreshOn: 'iam' });
    }
    return this.brokerLookup.attribute('BootstrapBrokerStringSaslIam');
  }

  /**
   * Alarms when the summed throughput of `topics` (at most 10) nears the cluster quotas of MSK
   * Serverless (200 MBps in, 400 MBps out). The default alarms already watch every topic of the
   * cluster; use this for a threshold of its own on the topics that matter most. The quotas can be
   * raised by AWS: set the threshold with `percentOfQuota`.
   * @param percentOfQuota percent of the quota that fires the alarms (default 80)
   */
  public addThroughputAlarms(topics: string[], percentOfQuota: number = 80): cloudwatch.Alarm[] {
    if (topics.length < 1 || topics.length > 10) {
      throw CLUSTER_ERRORS.errorAs('ServerlessCluster', this, 'ThroughputAlarmTopicCount', topics.length);
    }
    if (!Token.isUnresolved(percentOfQuota) && (percentOfQuota <= 0 || percentOfQuota > 100)) {
      throw CLUSTER_ERRORS.errorAs('ServerlessCluster', this, 'ThroughputAlarmPercentOutOfRange', percentOfQuota);
    }
    return this.monitoring._addServerlessThroughputAlarms(topics, percentOfQuota);
  }

  /**
   * Allows `peer` to reach the cluster on the IAM port (9098).
   */
  public allowClientAccessFrom(peer: ec2.IConnectable, description?: string): void {
    this.connections.allowDefaultPortFrom(peer, description ?? 'Kafka clients (iam)');
  }

  /** @internal */
  public _policyArns(): ClusterArns {
    return ClusterArns.fromArn(this.clusterArn);
  }

  /** @internal */
  public _networkInfo(): ClusterNetworkInfo {
    return this.network;
  }
}

/**
 * AWS::MSK::ServerlessCluster that renders only the tags given when it was defined (the `tags`
 * prop): Tags is create-only on this resource type ("Update requires: Replacement", CloudFormation
 * template reference, "AWS::MSK::ServerlessCluster"), so tags added later through its TagManager
 * (by `Tags.of()` aspects) would replace the cluster. They stay in the TagManager, where
 * `ignoredTagKeys` finds them for the warning.
 */
class CreationTaggedServerlessCluster extends msk.CfnServerlessCluster {
  private readonly creationTags?: { [key: string]: string };

  constructor(scope: Construct, id: string, props: msk.CfnServerlessClusterProps) {
    super(scope, id, props);
    this.creationTags = props.tags;
  }

  protected get cfnProperties(): { [key: string]: unknown } {
    const tags = this.creationTags !== undefined && Object.keys(this.creationTags).length > 0 ? { ...this.creationTags } : undefined;
    return { ...super.cfnProperties, tags };
  }
}

/** Keys the cluster's TagManager holds that `creationTags` does not give with the same value. */
function ignoredTagKeys(cluster: msk.CfnServerlessCluster, creationTags: { [key: string]: string }): string[] {
  const applied = cluster.tags.tagValues();
  return Object.keys(applied).filter((key) => creationTags[key] !== applied[key]).sort();
}

import { RemovalPolicy, Token, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_logs as logs, aws_msk as msk, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ProvisionedClusterBase, TopicLimits } from './cluster-base';
import { CLUSTER_ERRORS } from './cluster-errors';
import { ClusterNetworkInfo } from './cluster-network';
import { IProvisionedCluster, MskClusterAttributes } from './cluster-ref';
import { ImportedCluster } from './imported-cluster';
import { KafkaAcls } from './kafka-acls';
import { ProvisionedBrokerStrings } from './provisioned-cluster-brokers';
import { resolveProvisionedCluster } from './provisioned-cluster-facts';
import { ProvisionedClusterProps } from './provisioned-cluster-props';
import { provisionedClusterResourceProps } from './provisioned-cluster-resource';
import { validateProvisionedCluster } from './provisioned-cluster-validation';
import { ClientAuthentication } from '../auth/client-authentication';
import { ClusterArns } from '../auth/cluster-arns';
import { KafkaAclAccess } from '../auth/kafka-acls/kafka-acl-access';
import { KAFKA_ACL_ADMIN_USERNAME } from '../auth/kafka-acls/kafka-acl-admin-user';
import { KafkaPrincipal } from '../auth/kafka-acls/kafka-principal';
import { CertificateUser } from '../auth/kafka-acls/kafka-user';
import { ScramUser, ScramUserOptions, ScramUsers } from '../auth/scram-users';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { toCloudFormation } from '../config/cloudformation-properties';
import { ClusterConfiguration } from '../config/cluster-configuration';
import { KafkaVersion } from '../config/kafka-version';
import { BrokerVolumeSize } from '../custom-resources/broker-volume-size';
import { createManagedKey } from '../encryption/cluster-key';
import { BrokerLogs } from '../logging/broker-logs';
import { MonitoredClusterKind, MskClusterMonitoring } from '../monitoring/cluster-monitoring';
import { MonitoringLevel } from '../monitoring/monitoring-level';
import { OpenMonitoringOptions, openMonitoringPorts } from '../monitoring/open-monitoring';
import { ClusterPolicy } from '../network/cluster-policy';
import { aclsOpenByDefault } from '../network/connectivity-checks';
import { PUBLIC_PEER_WARNINGS, publicAccessPorts } from '../network/public-access-rules';
import { StorageAutoScaling } from '../storage/storage-autoscaling';
import { storageAutoScalingAvailable } from '../storage/storage-autoscaling-rules';
import { shareCreationTrace } from '../validation/creation-trace';
import { warnRules } from '../validation/rules';

/**
 * A provisioned MSK cluster that is secure, observable and durable by default: customer-managed
 * KMS encryption, TLS everywhere, IAM authentication, private subnets across up to 3 AZs, a
 * durable broker configuration, storage autoscaling, per-broker metrics and broker logs in a
 * secure S3 bucket.
 */
export class ProvisionedCluster extends ProvisionedClusterBase implements IProvisionedCluster {
  /**
   * Imports a provisioned cluster by ARN. Grants name the exact cluster; broker strings and
   * security groups are unknown (use `fromClusterAttributes` to give them).
   */
  public static fromClusterArn(scope: Construct, id: string, clusterArn: string): IProvisionedCluster {
    return new ImportedCluster(scope, id, 'ProvisionedCluster', { clusterArn });
  }

  /** Imports a provisioned cluster from what is known about it. */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: MskClusterAttributes): IProvisionedCluster {
    return new ImportedCluster(scope, id, 'ProvisionedCluster', attrs);
  }

  public readonly clusterArn: string;
  public readonly clusterName: string;
  public readonly connections: ec2.Connections;
  /** The key that encrypts the broker volumes. */
  public readonly encryptionKey: kms.IKey;
  /** The brokers' security groups. */
  public readonly securityGroups: ec2.ISecurityGroup[];
  /** The broker log bucket, when the library created it. */
  public readonly logBucket?: s3.IBucket;
  /** The broker log group, when the library created it (`BrokerLogs.cloudWatch()`). */
  public readonly logGroup?: logs.ILogGroup;
  /** The MSK configuration the cluster runs with. */
  public readonly configuration: ClusterConfiguration;
  /** The Kafka version. */
  public readonly kafkaVersion: KafkaVersion;
  /** The broker instance type. */
  public readonly instanceType: BrokerInstanceType;
  /** How clients authenticate. */
  public readonly clientAuthentication: ClientAuthentication;
  /** Number of brokers (AZs times brokers per AZ). */
  public readonly numberOfBrokerNodes: number;
  /** The underlying AWS::MSK::Cluster. */
  public readonly cfnCluster: msk.CfnCluster;

  private readonly brokers: ProvisionedBrokerStrings;
  private scramUsers?: ScramUsers;
  private aclAdmin?: ScramUser;
  private defaultKafkaAcls?: KafkaAcls;
  private aclsReadyCheck?: IConstruct;
  /** Whether Kafka denies principals without an ACL (allow.everyone.if.no.acl.found false, or a token). */
  private readonly deniesByDefault: boolean;
  private clusterPolicy?: ClusterPolicy;
  private readonly publicAccessEnabled: boolean;
  private readonly network: ClusterNetworkInfo;
  /** The number of broker subnets (AZs). */
  private readonly azCount: number;
  private readonly removalPolicy: RemovalPolicy;
  private readonly openMonitoring?: OpenMonitoringOptions;

  constructor(scope: Construct, id: string, given: ProvisionedClusterProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);

    // Resolve props to facts, validate every rule table at once, then build.
    const resolved = resolveProvisionedCluster(this, given);
    validateProvisionedCluster(this, resolved);
    const { props, removalPolicy, subnets, storage } = resolved;
    this.removalPolicy = removalPolicy;
    this.instanceType = resolved.instanceType;
    this.kafkaVersion = resolved.kafkaVersion;
    this.clientAuthentication = resolved.clientAuthentication;
    this.clusterName = resolved.clusterName;
    this.numberOfBrokerNodes = resolved.numberOfBrokerNodes;
    this.azCount = subnets.subnetIds.length;
    this.publicAccessEnabled = props.publicAccess === true;
    this.openMonitoring = props.openMonitoring;

    // Build: network, key, configuration, logs, cluster.
    this.securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `MSK brokers of ${this.node.path}`,
      allowAllOutbound: false,
    })];
    // The brokers' network interfaces use the group: EC2 refuses to delete it while a retained cluster has them.
    if (!props.securityGroups) {
      this.securityGroups[0].applyRemovalPolicy(removalPolicy);
    }
    this.connections = new ec2.Connections({
      securityGroups: this.securityGroups,
      defaultPort: ec2.Port.tcp(this.clientAuthentication.primaryPort),
    });

    this.encryptionKey = props.encryptionKey ?? createManagedKey(this, 'Key', {
      description: `Encrypts the broker volumes of MSK cluster ${this.node.path}`,
      removalPolicy,
    });

    this.deniesByDefault = !aclsOpenByDefault(resolved.serverProperties);
    this.configuration = new ClusterConfiguration(this, 'Configuration', {
      kafkaVersion: this.kafkaVersion,
      serverProperties: { ...resolved.durableDefaults, ...resolved.serverProperties },
      description: `Broker configuration of ${this.node.path}`,
      // MSK refuses to delete a configuration a cluster uses: it stays with a retained cluster.
      removalPolicy,
    });

    const brokerLogs = (props.brokerLogs ?? BrokerLogs.s3())._bind(this, removalPolicy);
    this.logBucket = brokerLogs.createdBucket;
    this.logGroup = brokerLogs.createdLogGroup;

    // Looked up at deploy time (by name, so the lookup does not depend on the cluster), before the cluster is
    // updated: Standard brokers get the volume size the template may send (never below the live size once
    // autoscaling has grown it); every cluster gets a Kafka downgrade or a Standard <-> Express switch refused
    // with a clear error (MSK refuses both: "Amazon MSK version support", "Amazon MSK broker types"), and so does a
    // change of the subnets, security groups or volume key, which would replace the cluster with an empty one
    // (create-only in AWS::MSK::Cluster). Same id for both broker families, so that a switch updates this resource
    // instead of replacing it.
    const lookup = new BrokerVolumeSize(this, 'BrokerVolumeSize', {
      clusterName: this.clusterName,
      kafkaVersion: this.kafkaVersion.version,
      instanceType: this.instanceType.instanceType,
      clientSubnetIds: subnets.subnetIds,
      securityGroupIds: this.securityGroups.map((group) => group.securityGroupId),
      dataVolumeKmsKeyArn: this.encryptionKey.keyArn,
      storage: this.instanceType.isExpress ? undefined : {
        volumeSizeGiB: storage.volumeSizeGiB,
        provisionedThroughputMiBps: storage.provisionedThroughputMiBps,
        storageMode: storage.tieredStorage ? 'TIERED' : 'LOCAL',
      },
    });
    const volumeSize = this.instanceType.isExpress ? undefined : lookup;
    this.cfnCluster = new msk.CfnCluster(this, 'Resource', provisionedClusterResourceProps(resolved, {
      securityGroupIds: this.securityGroups.map((group) => group.securityGroupId),
      volumeKeyArn: this.encryptionKey.keyArn,
      configurationArn: this.configuration.configurationArn,
      configurationRevision: this.configuration.latestRevision,
      loggingInfo: brokerLogs.loggingInfo,
      volumeSizeGiB: volumeSize?.volumeSizeGiB,
    }));
    this.cfnCluster.applyRemovalPolicy(removalPolicy);
    this.cfnCluster.node.addDependency(...brokerLogs.dependencies);
    if (props.authorizerLogs === true) {
      // Authorizer logs go where the broker logs go: the destinations' policies already allow MSK's log delivery. Written as an
      // override, because CfnCluster only knows AuthorizerLogs from aws-cdk-lib 2.268.0 (older ones would drop the property).
      this.cfnCluster.addPropertyOverride('LoggingInfo.AuthorizerLogs', toCloudFormation(brokerLogs.loggingInfo.brokerLogs));
    }
    if (volumeSize === undefined) {
      // Express clusters do not read the lookup's value: the dependency makes it run first all the same.
      this.cfnCluster.node.addDependency(lookup);
    }
    this.network = {
      kind: 'provisioned',
      definedHere: true,
      clientAuthentication: this.clientAuthentication,
      vpc: props.vpc,
      subnetIds: subnets.subnetIds,
      securityGroups: this.securityGroups,
      multiVpcIam: props.multiVpcConnectivity?.iam === true,
      kafkaVersion: this.kafkaVersion,
      express: this.instanceType.isExpress,
    };
    this.clusterArn = this.cfnCluster.ref;
    this.brokers = new ProvisionedBrokerStrings(this, {
      clusterArn: this.clusterArn,
      clientAuthentication: this.clientAuthentication,
      numberOfBrokerNodes: this.numberOfBrokerNodes,
      publicAccessEnabled: this.publicAccessEnabled,
      multiVpc: props.multiVpcConnectivity,
    });

    // Alarms and dashboard.
    this._monitoring = new MskClusterMonitoring(this, 'Monitoring', {
      cluster: this,
      clusterKind: MonitoredClusterKind.provisioned(this.instanceType, this.numberOfBrokerNodes),
      monitoringLevel: props.monitoringLevel ?? MonitoringLevel.PER_BROKER,
      alarms: props.alarms,
      dashboard: props.dashboard ?? true,
      removalPolicy,
    });

    // Wire: storage autoscaling (standard brokers only, where MSK offers it), sharing the cluster's removal policy.
    const storageFacts = resolved.storageAutoScaling;
    if (storageFacts.autoscalingRequested && storageAutoScalingAvailable(storageFacts.region)) {
      new StorageAutoScaling(this, 'StorageAutoScaling', {
        clusterArn: this.clusterArn,
        minCapacityGiB: storage.volumeSizeGiB,
        maxCapacityGiB: storage.maxVolumeSizeGiB,
        targetUtilization: storage.targetUtilization,
        removalPolicy,
      });
    }
  }

  /** Bootstrap brokers of the primary authentication mode (IAM, else SCRAM, else TLS), read at deploy time. */
  public get bootstrapBrokers(): string {
    const primary = this.clientAuthentication.modes[0]?.name;
    if (primary === 'scram') {
      return this.bootstrapBrokersSaslScram;
    }
    return primary === 'tls' ? this.bootstrapBrokersTls : this.bootstrapBrokersSaslIam;
  }

  /** Bootstrap brokers for SASL/IAM clients (port 9098), read at deploy time. */
  public get bootstrapBrokersSaslIam(): string {
    return this.brokers.privateString(this.clientAuthentication.iamEnabled, 'bootstrapBrokersSaslIam', 'ClientAuthentication.iam()', 'BootstrapBrokerStringSaslIam');
  }

  /** Bootstrap brokers for SASL/SCRAM clients (port 9096), read at deploy time. */
  public get bootstrapBrokersSaslScram(): string {
    return this.brokers.privateString(this.clientAuthentication.scramEnabled, 'bootstrapBrokersSaslScram', 'ClientAuthentication.scram()', 'BootstrapBrokerStringSaslScram');
  }

  /** Bootstrap brokers for mutual-TLS clients (port 9094), read at deploy time. */
  public get bootstrapBrokersTls(): string {
    return this.brokers.privateString(this.clientAuthentication.mutualTlsEnabled, 'bootstrapBrokersTls', 'ClientAuthentication.mutualTls(cas)', 'BootstrapBrokerStringTls');
  }

  /**
   * Bootstrap brokers for SASL/IAM clients on the internet (port 9198), read at deploy time.
   * Requires `publicAccess: true` and IAM authentication.
   */
  public get bootstrapBrokersPublicSaslIam(): string {
    return this.brokers.publicString(this.clientAuthentication.iamEnabled, 'bootstrapBrokersPublicSaslIam', 'ClientAuthentication.iam()', 'BootstrapBrokerStringPublicSaslIam');
  }

  /**
   * Bootstrap brokers for SASL/SCRAM clients on the internet (port 9196), read at deploy time:
   * what a partner outside AWS puts in `bootstrap.servers`. Requires `publicAccess: true` and
   * SASL/SCRAM authentication.
   */
  public get bootstrapBrokersPublicSaslScram(): string {
    return this.brokers.publicString(this.clientAuthentication.scramEnabled, 'bootstrapBrokersPublicSaslScram', 'ClientAuthentication.scram()', 'BootstrapBrokerStringPublicSaslScram');
  }

  /**
   * Bootstrap brokers for mutual-TLS clients on the internet (port 9194), read at deploy time.
   * Requires `publicAccess: true` and mutual TLS.
   */
  public get bootstrapBrokersPublicTls(): string {
    return this.brokers.publicString(this.clientAuthentication.mutualTlsEnabled, 'bootstrapBrokersPublicTls', 'ClientAuthentication.mutualTls(cas)', 'BootstrapBrokerStringPublicTls');
  }

  /**
   * Bootstrap brokers for SASL/IAM clients of managed VPC connections (multi-VPC private
   * connectivity), read at deploy time. Requires `multiVpcConnectivity: { iam: true }`.
   */
  public get bootstrapBrokersVpcConnectivitySaslIam(): string {
    return this.brokers.vpcConnectivityString('iam', 'bootstrapBrokersVpcConnectivitySaslIam', 'BootstrapBrokerStringVpcConnectivitySaslIam');
  }

  /**
   * Bootstrap brokers for SASL/SCRAM clients of managed VPC connections (multi-VPC private
   * connectivity), read at deploy time. Requires `multiVpcConnectivity: { scram: true }`.
   */
  public get bootstrapBrokersVpcConnectivitySaslScram(): string {
    return this.brokers.vpcConnectivityString('scram', 'bootstrapBrokersVpcConnectivitySaslScram', 'BootstrapBrokerStringVpcConnectivitySaslScram');
  }

  /**
   * Bootstrap brokers for mutual-TLS clients of managed VPC connections (multi-VPC private
   * connectivity), read at deploy time. Requires `multiVpcConnectivity: { tls: true }`.
   */
  public get bootstrapBrokersVpcConnectivityTls(): string {
    return this.brokers.vpcConnectivityString('tls', 'bootstrapBrokersVpcConnectivityTls', 'BootstrapBrokerStringVpcConnectivityTls');
  }

  private policy(): ClusterPolicy {
    if (!this.clusterPolicy) {
      this.clusterPolicy = new ClusterPolicy(this, 'Policy', { clusterArn: this.clusterArn });
      // Other accounts' VPC connections to a retained cluster keep working after the stack is deleted.
      this.clusterPolicy.applyRemovalPolicy(this.removalPolicy);
    }
    return this.clusterPolicy;
  }

  /** @internal */
  public _policyArns(): ClusterArns {
    return ClusterArns.fromArn(this.clusterArn);
  }

  /** @internal */
  public _networkInfo(): ClusterNetworkInfo {
    return this.network;
  }

  /** @internal */
  public _topicLimits(): TopicLimits {
    // Math.min/max on a number token give a plain (wrong) number: an unknown broker count counts the fewest brokers
    // it can be (one per AZ), as the durability defaults do.
    const brokers = Token.isUnresolved(this.numberOfBrokerNodes) ? this.azCount : this.numberOfBrokerNodes;
    const rf = Math.max(1, Math.min(3, brokers));
    return {
      // AWS::MSK::Topic and MSK's topic APIs need Kafka 3.6.0 or later (2.8.2.tiered included: it is older).
      unsupported: this.kafkaVersion.isAtLeast(3, 6) ? undefined
        : `Kafka ${this.kafkaVersion.version} has no topic API (MSK needs 3.6.0 or later). Fix: upgrade kafkaVersion, or create topics with a Kafka admin client.`,
      defaultReplicationFactor: rf,
      brokerCount: this.numberOfBrokerNodes,
      requiredReplicationFactor: this.instanceType.isExpress ? 3 : undefined,
      recommendedPartitionsPerBroker: this.instanceType.recommendedPartitionsPerBroker,
      maxPartitionsPerBroker: this.instanceType.maxPartitionsPerBroker,
      instanceType: this.instanceType.instanceType,
    };
  }

  /**
   * Adds a SASL/SCRAM user: a Secrets Manager secret `AmazonMSK_<cluster>_<username>` with a
   * generated password, encrypted with the cluster's SCRAM key (rotation on), associated with
   * the cluster. Removing the call disassociates the user on the next deployment. The user can
   * only authenticate: Kafka ACLs decide what it may do (see README, "SCRAM users").
   */
  public addScramUser(username: string, options?: ScramUserOptions): ScramUser {
    if (!this.clientAuthentication.scramEnabled) {
      throw CLUSTER_ERRORS.error(this, 'ScramNotEnabled', this.node.path);
    }
    this.scramUsers ??= new ScramUsers(this, 'ScramUsers', {
      clusterArn: this.clusterArn,
      clusterName: this.clusterName,
      removalPolicy: this.removalPolicy,
    });
    this.scramUsers._useKafkaAcls(() => this.kafkaAcls);
    return this.scramUsers.addUser(username, options);
  }

  /**
   * The cluster's Kafka ACLs (for SASL/SCRAM users and mutual-TLS clients), created on first use with
   * what manages them: an admin SCRAM user, a worker Lambda in the cluster's VPC and the stack provider's
   * access to both (README, "Kafka ACLs"). Needs SASL/SCRAM enabled. `scramUser.grantConsume` and the
   * other grants of a `KafkaUser` add to it.
   */
  public get kafkaAcls(): KafkaAcls {
    this.defaultKafkaAcls ??= new KafkaAcls(this, 'KafkaAcls', { cluster: this });
    return this.defaultKafkaAcls;
  }

  /**
   * The mutual-TLS client whose certificate subject is `distinguishedName` (e.g.
   * `CN=orders.example.com,OU=Payments`), to grant it access with Kafka ACLs.
   */
  public certificateUser(distinguishedName: string): CertificateUser {
    if (!this.clientAuthentication.mutualTlsEnabled) {
      throw CLUSTER_ERRORS.error(this, 'MutualTlsNotEnabled', this.node.path);
    }
    return new CertificateUser(KafkaPrincipal.certificate(distinguishedName), this.kafkaAcls);
  }

  /** @internal */
  public _kafkaAclAccess(): KafkaAclAccess {
    return {
      clusterName: this.clusterName,
      removalPolicy: this.removalPolicy,
      scramEnabled: this.clientAuthentication.scramEnabled,
      tlsEnabled: this.clientAuthentication.mutualTlsEnabled,
      adminUser: () => {
        this.aclAdmin ??= this.addScramUser(KAFKA_ACL_ADMIN_USERNAME);
        return { user: this.aclAdmin, association: this.scramUsers!.cfnBatchScramSecret };
      },
      bootstrapServers: () => this.bootstrapBrokersSaslScram,
      denyByDefault: this.deniesByDefault,
      attachReadyCheck: (build) => {
        if (!this.aclsReadyCheck) {
          this.aclsReadyCheck = build(this);
          // Before any change of the cluster (its configuration above all), the check runs.
          this.cfnCluster.node.addDependency(this.aclsReadyCheck);
        }
      },
    };
  }

  /**
   * Adds a statement to the cluster policy (AWS::MSK::ClusterPolicy), created on first use.
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return this.policy().addToResourcePolicy(statement);
  }

  /**
   * Lets `principal` (e.g. `new iam.AccountPrincipal('222222222222')`) create multi-VPC
   * connections to this cluster from its own VPC (kafka:CreateVpcConnection,
   * GetBootstrapBrokers, DescribeCluster, DescribeClusterV2).
   */
  public grantVpcConnection(principal: iam.IPrincipal): void {
    this.policy().grantVpcConnection(principal);
  }

  /**
   * Opens the public ports of every enabled authentication mode (TLS 9194, SCRAM 9196,
   * IAM 9198) to `peer`. Requires `publicAccess: true`; warns for 0.0.0.0/0 and ::/0.
   */
  public allowPublicClientAccessFrom(peer: ec2.IPeer, description?: string): void {
    if (!this.publicAccessEnabled) {
      throw CLUSTER_ERRORS.error(this, 'PublicAccessNotEnabled', this.node.path);
    }
    warnRules(this, PUBLIC_PEER_WARNINGS, peer);
    for (const port of publicAccessPorts(this.clientAuthentication)) {
      this.connections.allowFrom(peer, ec2.Port.tcp(port), description ?? `Public Kafka clients (${port})`);
    }
  }

  /** The key that encrypts SCRAM secrets, once a SCRAM user exists. */
  public get scramSecretKey(): kms.IKey | undefined {
    return this.scramUsers?.encryptionKey;
  }

  /**
   * Allows `peer` (your Prometheus server) to scrape the enabled exporters: JMX 11001, node 11002.
   */
  public allowPrometheusFrom(peer: ec2.IConnectable, description?: string): void {
    if (!this.openMonitoring) {
      throw CLUSTER_ERRORS.error(this, 'OpenMonitoringNotEnabled', this.node.path);
    }
    for (const port of openMonitoringPorts(this.openMonitoring)) {
      this.connections.allowFrom(peer, ec2.Port.tcp(port), description ?? `Prometheus scraping (${port})`);
    }
  }

  /**
   * Allows `peer` to reach the brokers on the port of every enabled authentication mode
   * (IAM 9098, SCRAM 9096, TLS 9094).
   */
  public allowClientAccessFrom(peer: ec2.IConnectable, description?: string): void {
    for (const mode of this.clientAuthentication.modes) {
      this.connections.allowFrom(peer, ec2.Port.tcp(mode.port), description ?? `Kafka clients (${mode.name})`);
    }
  }
}

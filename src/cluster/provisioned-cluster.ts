import { Annotations, RemovalPolicy, Stack, Token, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_logs as logs, aws_msk as msk, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClusterBase, TopicLimits } from './cluster-base';
import { defaultClusterName } from './cluster-name';
import { ClusterNetworkInfo } from './cluster-network';
import { IProvisionedCluster, MskClusterAttributes } from './cluster-ref';
import { ImportedCluster } from './imported-cluster';
import { applySizing, ProvisionedClusterProps, sizingFamilyNotPinned } from './provisioned-cluster-props';
import { PROVISIONED_CLUSTER_RULES, PROVISIONED_CLUSTER_WARNINGS, synthDate } from './provisioned-cluster-rules';
import { ClientAuthentication } from '../auth/client-authentication';
import { ClusterArns } from '../auth/cluster-arns';
import { ScramUser, ScramUserOptions, ScramUsers } from '../auth/scram-users';
import { BrokerInstanceType } from '../config/broker-instance-type';
import { ClusterConfiguration } from '../config/cluster-configuration';
import { KafkaVersion } from '../config/kafka-version';
import { durableDefaults, weakenedDurability } from '../config/server-properties';
import { BootstrapBrokers } from '../custom-resources/bootstrap-brokers';
import { BootstrapBrokerAttribute } from '../custom-resources/bootstrap-brokers-attributes';
import { BrokerVolumeSize } from '../custom-resources/broker-volume-size';
import { createManagedKey } from '../encryption/cluster-key';
import { BrokerLogs } from '../logging/broker-logs';
import { ClusterMonitoring } from '../monitoring/cluster-monitoring';
import { MetricFactory } from '../monitoring/metric-factory';
import { MonitoringLevel } from '../monitoring/monitoring-level';
import { OPEN_MONITORING_RULES, OpenMonitoringOptions, openMonitoringPorts, renderOpenMonitoring } from '../monitoring/open-monitoring';
import { selectBrokerSubnets } from '../network/broker-subnets';
import { ClusterPolicy } from '../network/cluster-policy';
import { renderConnectivityInfo } from '../network/connectivity-info';
import { MultiVpcConnectivityOptions } from '../network/multi-vpc';
import { MULTI_VPC_RULES, MULTI_VPC_WARNINGS } from '../network/multi-vpc-rules';
import { PUBLIC_ACCESS_RULES, PUBLIC_ACCESS_WARNINGS, PUBLIC_PEER_WARNINGS, publicAccessPorts, subnetIdsArePublic } from '../network/public-access-rules';
import { resolveStorage } from '../storage/broker-storage';
import { StorageAutoScaling } from '../storage/storage-autoscaling';
import { STORAGE_AUTOSCALING_WARNINGS, storageAutoScalingAvailable } from '../storage/storage-autoscaling-rules';
import { shareCreationTrace } from '../validation/creation-trace';
import { checkRules, ID_PREFIX, warnRules } from '../validation/rules';

/** Defaults, in one place for README and tests. */
const DEFAULT_VERSION = KafkaVersion.V3_9_X_KRAFT;
const DEFAULT_ZOOKEEPER_VERSION = KafkaVersion.V3_9_X;
const DEFAULT_INSTANCE_TYPE = BrokerInstanceType.KAFKA_M7G_LARGE;
const MAX_AZS = 3;

/**
 * A provisioned MSK cluster that is secure, observable and durable by default: customer-managed
 * KMS encryption, TLS everywhere, IAM authentication, private subnets across up to 3 AZs, a
 * durable broker configuration, storage autoscaling, per-broker metrics and broker logs in a
 * secure S3 bucket.
 */
export class ProvisionedCluster extends ClusterBase implements IProvisionedCluster {
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

  private brokerLookup?: BootstrapBrokers;
  private scramUsers?: ScramUsers;
  private clusterPolicy?: ClusterPolicy;
  private readonly publicAccessEnabled: boolean;
  private readonly multiVpc?: MultiVpcConnectivityOptions;
  private readonly network: ClusterNetworkInfo;
  private readonly removalPolicy: RemovalPolicy;
  private readonly openMonitoring?: OpenMonitoringOptions;

  constructor(scope: Construct, id: string, props: ProvisionedClusterProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);

    // Check: resolve defaults, then validate everything at once.
    const unpinnedSizing = sizingFamilyNotPinned(props);
    props = applySizing(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.removalPolicy = removalPolicy;
    this.instanceType = props.instanceType ?? DEFAULT_INSTANCE_TYPE;
    this.kafkaVersion = props.kafkaVersion ?? (this.instanceType.isBurstable ? DEFAULT_ZOOKEEPER_VERSION : DEFAULT_VERSION);
    this.clientAuthentication = props.clientAuthentication ?? ClientAuthentication.iam();
    this.clusterName = props.clusterName ?? defaultClusterName(this);
    const subnets = selectBrokerSubnets(props.vpc, MAX_AZS, props.vpcSubnets);
    const brokersPerAz = props.brokersPerAz ?? 1;
    this.numberOfBrokerNodes = subnets.subnetIds.length * brokersPerAz;
    const storage = resolveStorage(props.storage);
    const facts = {
      subnets,
      brokersPerAz,
      brokerCount: this.numberOfBrokerNodes,
      storage,
      storageGiven: props.storage !== undefined,
      clusterName: this.clusterName,
      instanceType: this.instanceType,
      kafkaVersion: this.kafkaVersion,
      clientAuthentication: this.clientAuthentication,
      securityGroupCount: props.securityGroups?.length,
      serverProperties: props.serverProperties ?? {},
      zookeeperClientAccess: props.zookeeperClientAccess,
      removalPolicy: props.removalPolicy,
      sizingFamilyNotPinned: unpinnedSizing,
      synthDate: synthDate(this),
    };
    checkRules(this, 'ProvisionedCluster', PROVISIONED_CLUSTER_RULES, facts);
    checkRules(this, 'ProvisionedCluster', OPEN_MONITORING_RULES, props.openMonitoring);
    const serverProperties = props.serverProperties ?? {};
    const multiVpc = {
      options: props.multiVpcConnectivity,
      clientAuthentication: this.clientAuthentication,
      instanceType: this.instanceType,
      kafkaVersion: this.kafkaVersion,
      serverProperties,
    };
    const publicAccess = {
      enabled: props.publicAccess === true,
      subnetsArePublic: subnetIdsArePublic(props.vpc, subnets.subnetIds),
      clientAuthentication: this.clientAuthentication,
      kafkaVersion: this.kafkaVersion,
      instanceType: this.instanceType,
      serverProperties,
      openMonitoring: Boolean(props.openMonitoring?.jmxExporter || props.openMonitoring?.nodeExporter),
    };
    checkRules(this, 'ProvisionedCluster', MULTI_VPC_RULES, multiVpc);
    checkRules(this, 'ProvisionedCluster', PUBLIC_ACCESS_RULES, publicAccess);
    warnRules(this, MULTI_VPC_WARNINGS, multiVpc);
    warnRules(this, PUBLIC_ACCESS_WARNINGS, publicAccess);
    this.publicAccessEnabled = props.publicAccess === true;
    this.multiVpc = props.multiVpcConnectivity;
    this.openMonitoring = props.openMonitoring;
    warnRules(this, PROVISIONED_CLUSTER_WARNINGS, facts);

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

    const defaults = durableDefaults(this.numberOfBrokerNodes, this.instanceType.isExpress);
    const overrides = props.serverProperties ?? {};
    for (const weak of weakenedDurability(defaults, overrides)) {
      Annotations.of(this).addWarningV2(`${ID_PREFIX}:WeakDurability:${weak.key}`,
        `serverProperties: ${weak.key}=${weak.value} undoes a durability default: ${weak.risk}. If intended, acknowledge this warning.`);
    }
    this.configuration = new ClusterConfiguration(this, 'Configuration', {
      kafkaVersion: this.kafkaVersion,
      serverProperties: { ...defaults, ...overrides },
      description: `Broker configuration of ${this.node.path}`,
      // MSK refuses to delete a configuration a cluster uses: it stays with a retained cluster.
      removalPolicy,
    });

    const brokerLogs = (props.brokerLogs ?? BrokerLogs.s3())._bind(this, removalPolicy);
    this.logBucket = brokerLogs.createdBucket;
    this.logGroup = brokerLogs.createdLogGroup;

    const auth = this.clientAuthentication;
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
    this.cfnCluster = new msk.CfnCluster(this, 'Resource', {
      clusterName: this.clusterName,
      kafkaVersion: this.kafkaVersion.version,
      numberOfBrokerNodes: this.numberOfBrokerNodes,
      brokerNodeGroupInfo: {
        instanceType: this.instanceType.instanceType,
        clientSubnets: subnets.subnetIds,
        securityGroups: this.securityGroups.map((group) => group.securityGroupId),
        connectivityInfo: renderConnectivityInfo(props.multiVpcConnectivity, props.publicAccess),
        storageInfo: volumeSize === undefined ? undefined : {
          ebsStorageInfo: {
            volumeSize: volumeSize.volumeSizeGiB,
            provisionedThroughput: storage.provisionedThroughputMiBps === undefined ? undefined
              : { enabled: true, volumeThroughput: storage.provisionedThroughputMiBps },
          },
        },
      },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKmsKeyId: this.encryptionKey.keyArn },
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      clientAuthentication: {
        sasl: { iam: { enabled: auth.iamEnabled }, scram: { enabled: auth.scramEnabled } },
        tls: auth.mutualTlsEnabled
          ? { enabled: true, certificateAuthorityArnList: auth.certificateAuthorities.map((ca) => ca.certificateAuthorityArn) }
          : { enabled: false },
        unauthenticated: { enabled: false },
      },
      configurationInfo: { arn: this.configuration.configurationArn, revision: this.configuration.latestRevision },
      enhancedMonitoring: props.monitoringLevel ?? MonitoringLevel.PER_BROKER,
      storageMode: storage.tieredStorage ? 'TIERED' : undefined,
      zookeeperAccess: props.zookeeperClientAccess === undefined ? undefined : { enabled: props.zookeeperClientAccess },
      loggingInfo: brokerLogs.loggingInfo,
      openMonitoring: renderOpenMonitoring(props.openMonitoring),
    });
    this.cfnCluster.applyRemovalPolicy(removalPolicy);
    this.cfnCluster.node.addDependency(...brokerLogs.dependencies);
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
    };
    this.clusterArn = this.cfnCluster.ref;

    // Alarms and dashboard.
    const brokerIds = Token.isUnresolved(this.numberOfBrokerNodes) ? [] : Array.from({ length: this.numberOfBrokerNodes }, (_, i) => i + 1);
    this._monitoring = new ClusterMonitoring(this, 'Monitoring', {
      metrics: new MetricFactory(this, this.clusterName),
      clusterName: this.clusterName,
      context: {
        kind: this.instanceType.isExpress ? 'express' : 'standard',
        burstable: this.instanceType.isBurstable,
        iam: this.clientAuthentication.iamEnabled,
        perBrokerMetrics: (props.monitoringLevel ?? MonitoringLevel.PER_BROKER) !== MonitoringLevel.DEFAULT,
        brokerIds,
        ingressMBps: this.instanceType.sustainedIngressMBps,
        egressMBps: this.instanceType.sustainedEgressMBps,
      },
      alarms: props.alarms,
      dashboard: props.dashboard ?? true,
      removalPolicy,
    });

    // Wire: storage autoscaling (standard brokers only, where MSK offers it), sharing the cluster's removal policy.
    const autoscalingRequested = !this.instanceType.isExpress && storage.autoscaling && !Token.isUnresolved(storage.maxVolumeSizeGiB);
    const region = Stack.of(this).region;
    const storageFacts = { region: Token.isUnresolved(region) ? undefined : region, autoscalingRequested };
    warnRules(this, STORAGE_AUTOSCALING_WARNINGS, storageFacts);
    if (autoscalingRequested && storageAutoScalingAvailable(storageFacts.region)) {
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
    return this.brokerString(this.clientAuthentication.iamEnabled, 'bootstrapBrokersSaslIam', 'ClientAuthentication.iam()', 'BootstrapBrokerStringSaslIam');
  }

  /** Bootstrap brokers for SASL/SCRAM clients (port 9096), read at deploy time. */
  public get bootstrapBrokersSaslScram(): string {
    return this.brokerString(this.clientAuthentication.scramEnabled, 'bootstrapBrokersSaslScram', 'ClientAuthentication.scram()', 'BootstrapBrokerStringSaslScram');
  }

  /** Bootstrap brokers for mutual-TLS clients (port 9094), read at deploy time. */
  public get bootstrapBrokersTls(): string {
    return this.brokerString(this.clientAuthentication.mutualTlsEnabled, 'bootstrapBrokersTls', 'ClientAuthentication.mutualTls(cas)', 'BootstrapBrokerStringTls');
  }

  /**
   * Bootstrap brokers for SASL/IAM clients on the internet (port 9198), read at deploy time.
   * Requires `publicAccess: true` and IAM authentication.
   */
  public get bootstrapBrokersPublicSaslIam(): string {
    return this.publicBrokerString(this.clientAuthentication.iamEnabled, 'bootstrapBrokersPublicSaslIam', 'ClientAuthentication.iam()', 'BootstrapBrokerStringPublicSaslIam');
  }

  /**
   * Bootstrap brokers for SASL/SCRAM clients on the internet (port 9196), read at deploy time:
   * what a partner outside AWS puts in `bootstrap.servers`. Requires `publicAccess: true` and
   * SASL/SCRAM authentication.
   */
  public get bootstrapBrokersPublicSaslScram(): string {
    return this.publicBrokerString(this.clientAuthentication.scramEnabled, 'bootstrapBrokersPublicSaslScram', 'ClientAuthentication.scram()', 'BootstrapBrokerStringPublicSaslScram');
  }

  /**
   * Bootstrap brokers for mutual-TLS clients on the internet (port 9194), read at deploy time.
   * Requires `publicAccess: true` and mutual TLS.
   */
  public get bootstrapBrokersPublicTls(): string {
    return this.publicBrokerString(this.clientAuthentication.mutualTlsEnabled, 'bootstrapBrokersPublicTls', 'ClientAuthentication.mutualTls(cas)', 'BootstrapBrokerStringPublicTls');
  }

  /**
   * Bootstrap brokers for SASL/IAM clients of managed VPC connections (multi-VPC private
   * connectivity), read at deploy time. Requires `multiVpcConnectivity: { iam: true }`.
   */
  public get bootstrapBrokersVpcConnectivitySaslIam(): string {
    return this.vpcConnectivityBrokerString('iam', 'bootstrapBrokersVpcConnectivitySaslIam', 'BootstrapBrokerStringVpcConnectivitySaslIam');
  }

  /**
   * Bootstrap brokers for SASL/SCRAM clients of managed VPC connections (multi-VPC private
   * connectivity), read at deploy time. Requires `multiVpcConnectivity: { scram: true }`.
   */
  public get bootstrapBrokersVpcConnectivitySaslScram(): string {
    return this.vpcConnectivityBrokerString('scram', 'bootstrapBrokersVpcConnectivitySaslScram', 'BootstrapBrokerStringVpcConnectivitySaslScram');
  }

  /**
   * Bootstrap brokers for mutual-TLS clients of managed VPC connections (multi-VPC private
   * connectivity), read at deploy time. Requires `multiVpcConnectivity: { tls: true }`.
   */
  public get bootstrapBrokersVpcConnectivityTls(): string {
    return this.vpcConnectivityBrokerString('tls', 'bootstrapBrokersVpcConnectivityTls', 'BootstrapBrokerStringVpcConnectivityTls');
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
    const rf = Math.max(1, Math.min(3, this.numberOfBrokerNodes));
    return {
      // AWS::MSK::Topic and MSK's topic APIs need Kafka 3.6.0 or later (2.8.2.tiered included: it is older).
      unsupported: this.kafkaVersion.isAtLeast(3, 6) ? undefined
        : `Kafka ${this.kafkaVersion.version} has no topic API (MSK needs 3.6.0 or later). Fix: upgrade kafkaVersion, or create topics with a Kafka admin client.`,
      defaultReplicationFactor: Token.isUnresolved(rf) ? 3 : rf,
      brokerCount: this.numberOfBrokerNodes,
      requiredReplicationFactor: this.instanceType.isExpress ? 3 : undefined,
      recommendedPartitionsPerBroker: this.instanceType.recommendedPartitionsPerBroker,
      maxPartitionsPerBroker: this.instanceType.maxPartitionsPerBroker,
      instanceType: this.instanceType.instanceType,
    };
  }

  private brokerString(enabled: boolean, getter: string, mode: string, attribute: BootstrapBrokerAttribute,
    fix = 'read the getter of an enabled mode, or enable it in clientAuthentication'): string {
    if (!enabled) {
      throw new Error(`${getter}: cluster '${this.node.path}' does not enable ${mode}, so it has no such brokers. Fix: ${fix}.`);
    }
    if (!this.brokerLookup) {
      // Whatever changes the strings MSK returns refreshes them: the auth modes, the broker count,
      // and (only when on, so that templates without them stay as they were) public access and
      // the multi-VPC schemes, which add their own strings when turned on in a later deployment.
      const vpcSchemes = (['iam', 'scram', 'tls'] as const).filter((scheme) => this.multiVpc?.[scheme] === true);
      this.brokerLookup = new BootstrapBrokers(this, 'BootstrapBrokers', {
        clusterArn: this.clusterArn,
        refreshOn: `${this.clientAuthentication.modes.map((m) => m.name).join(',')}|${this.numberOfBrokerNodes}`
          + (this.publicAccessEnabled ? '|public' : '')
          + (vpcSchemes.length > 0 ? `|vpc:${vpcSchemes.join(',')}` : ''),
      });
    }
    return this.brokerLookup.attribute(attribute);
  }

  private publicBrokerString(modeEnabled: boolean, getter: string, mode: string, attribute: BootstrapBrokerAttribute): string {
    if (!this.publicAccessEnabled) {
      return this.brokerString(false, getter, 'public access', attribute,
        'set publicAccess: true (in a deployment after the one that creates the cluster: MSK turns public access on only on an existing cluster), or read the private getter');
    }
    return this.brokerString(modeEnabled, getter, `${mode} (needed for its public brokers)`, attribute);
  }

  private vpcConnectivityBrokerString(scheme: 'iam' | 'scram' | 'tls', getter: string, attribute: BootstrapBrokerAttribute): string {
    return this.brokerString(this.multiVpc?.[scheme] === true, getter, `multi-VPC connectivity for ${scheme}`, attribute,
      `set multiVpcConnectivity: { ${scheme}: true } (in a deployment after the one that creates the cluster), or read the private getter`);
  }

  /**
   * Adds a SASL/SCRAM user: a Secrets Manager secret `AmazonMSK_<cluster>_<username>` with a
   * generated password, encrypted with the cluster's SCRAM key (rotation on), associated with
   * the cluster. Removing the call disassociates the user on the next deployment. The user can
   * only authenticate: Kafka ACLs decide what it may do (see README, "SCRAM users").
   */
  public addScramUser(username: string, options?: ScramUserOptions): ScramUser {
    if (!this.clientAuthentication.scramEnabled) {
      throw new Error(`addScramUser: cluster '${this.node.path}' does not enable SASL/SCRAM. Fix: use ClientAuthentication.scram() or ClientAuthentication.of({ scram: true, ... }).`);
    }
    this.scramUsers ??= new ScramUsers(this, 'ScramUsers', {
      clusterArn: this.clusterArn,
      clusterName: this.clusterName,
      removalPolicy: this.removalPolicy,
    });
    return this.scramUsers.addUser(username, options);
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
      throw new Error(`allowPublicClientAccessFrom: cluster '${this.node.path}' has no public access. Fix: set publicAccess: true (after a first deployment without it).`);
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
      throw new Error(`allowPrometheusFrom: cluster '${this.node.path}' has no open monitoring. `
        + 'Fix: set openMonitoring: { jmxExporter: true, nodeExporter: true }.');
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

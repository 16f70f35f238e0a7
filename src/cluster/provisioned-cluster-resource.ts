import { IResolvable, IResolveContext, Token, aws_msk as msk } from 'aws-cdk-lib';
import { ProvisionedClusterResolution } from './provisioned-cluster-facts';
import { MonitoringLevel } from '../monitoring/monitoring-level';
import { renderOpenMonitoring } from '../monitoring/open-monitoring';
import { renderConnectivityInfo } from '../network/connectivity-info';

/** What the constructor created for the cluster resource to reference. */
export interface ProvisionedClusterParts {
  readonly securityGroupIds: string[];
  readonly volumeKeyArn: string;
  readonly configurationArn: string;
  readonly configurationRevision: number;
  readonly loggingInfo: msk.CfnCluster.LoggingInfoProperty;
  /** The volume size to send (Standard brokers: the deploy-time lookup's); undefined for Express brokers. */
  readonly volumeSizeGiB?: number;
}

/**
 * The properties of the AWS::MSK::Cluster of a resolved (and validated) provisioned cluster: TLS in transit and
 * between brokers, the volumes encrypted with the given key, unauthenticated access off.
 */
export function provisionedClusterResourceProps(resolved: ProvisionedClusterResolution, parts: ProvisionedClusterParts): msk.CfnClusterProps {
  const { props, storage, clientAuthentication: auth } = resolved;
  return {
    clusterName: resolved.clusterName,
    kafkaVersion: resolved.kafkaVersion.version,
    numberOfBrokerNodes: resolved.numberOfBrokerNodes,
    brokerNodeGroupInfo: {
      instanceType: resolved.instanceType.instanceType,
      clientSubnets: resolved.subnets.subnetIds,
      securityGroups: parts.securityGroupIds,
      connectivityInfo: renderConnectivityInfo(props.multiVpcConnectivity, props.publicAccess),
      storageInfo: parts.volumeSizeGiB === undefined ? undefined : {
        ebsStorageInfo: {
          volumeSize: parts.volumeSizeGiB,
          provisionedThroughput: storage.provisionedThroughputMiBps === undefined ? undefined
            : { enabled: true, volumeThroughput: storage.provisionedThroughputMiBps },
        },
      },
    },
    encryptionInfo: {
      encryptionAtRest: { dataVolumeKmsKeyId: parts.volumeKeyArn },
      encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
    },
    clientAuthentication: {
      sasl: { iam: { enabled: auth.iamEnabled }, scram: { enabled: auth.scramEnabled } },
      tls: auth.mutualTlsEnabled
        ? { enabled: true, certificateAuthorityArnList: auth.certificateAuthorities.map((ca) => ca.certificateAuthorityArn) }
        : { enabled: false },
      unauthenticated: { enabled: false },
    },
    configurationInfo: { arn: parts.configurationArn, revision: parts.configurationRevision },
    enhancedMonitoring: props.monitoringLevel ?? MonitoringLevel.PER_BROKER,
    storageMode: storage.tieredStorage ? 'TIERED' : undefined,
    zookeeperAccess: props.zookeeperClientAccess === undefined ? undefined : { enabled: props.zookeeperClientAccess },
    loggingInfo: parts.loggingInfo,
    openMonitoring: renderOpenMonitoring(props.openMonitoring),
    rebalancing: renderRebalancing(props.rebalancing),
  };
}

/**
 * `Rebalancing` of AWS::MSK::Cluster: ACTIVE or PAUSED ("AWS::MSK::Cluster Rebalancing", CloudFormation
 * template reference: an update with no interruption), or nothing when not set (MSK's default).
 */
function renderRebalancing(rebalancing: boolean | undefined): msk.CfnCluster.RebalancingProperty | undefined {
  if (rebalancing === undefined) {
    return undefined;
  }
  if (!Token.isUnresolved(rebalancing)) {
    return { status: rebalancing ? 'ACTIVE' : 'PAUSED' };
  }
  // A token: map it once it resolves to a boolean at synth time; anything else (a deploy-time value) goes
  // through unchanged for CloudFormation to check against ACTIVE and PAUSED.
  const status: IResolvable = {
    creationStack: [],
    resolve: (context: IResolveContext) => {
      const value: unknown = context.resolve(rebalancing);
      return typeof value === 'boolean' ? (value ? 'ACTIVE' : 'PAUSED') : value;
    },
    toString: () => 'rebalancing status',
  };
  return { status: Token.asString(status) };
}

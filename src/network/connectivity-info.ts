import { aws_msk as msk } from 'aws-cdk-lib';
import { MultiVpcConnectivityOptions } from './multi-vpc';
import { renderVpcConnectivity } from './multi-vpc-rules';
import { renderPublicAccess } from './public-access-rules';

/**
 * BrokerNodeGroupInfo.ConnectivityInfo of AWS::MSK::Cluster, or undefined when neither
 * multi-VPC connectivity nor public access is given, so existing templates do not change.
 */
export function renderConnectivityInfo(
  multiVpc: MultiVpcConnectivityOptions | undefined,
  publicAccess: boolean | undefined,
): msk.CfnCluster.ConnectivityInfoProperty | undefined {
  const vpcConnectivity = renderVpcConnectivity(multiVpc);
  const publicAccessProperty = renderPublicAccess(publicAccess);
  if (vpcConnectivity === undefined && publicAccessProperty === undefined) {
    return undefined;
  }
  return { vpcConnectivity, publicAccess: publicAccessProperty };
}

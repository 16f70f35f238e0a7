/**
 * The SASL/SCRAM user the library adds to a cluster to manage its Kafka ACLs (secret
 * `AmazonMSK_<clusterName>_cdk-msk-acl-admin`). It has ALTER and DESCRIBE on the cluster, the rights the Kafka
 * ACL APIs need (Apache Kafka documentation, "Authorization and ACLs": CreateAcls and DeleteAcls need ALTER
 * on the cluster, DescribeAcls needs DESCRIBE), and nothing else.
 */
export const KAFKA_ACL_ADMIN_USERNAME = 'cdk-msk-acl-admin';

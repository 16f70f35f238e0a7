import { registerRules } from '../validation/registry';
import { Rule } from '../validation/rules';

/** What the `KafkaAcls` rules look at. */
export interface KafkaAclsFacts {
  /** 'provisioned-here' for a provisioned cluster of this app, else what it is. */
  readonly clusterKind: 'provisioned-here' | 'serverless' | 'imported' | 'other';
  readonly scramEnabled: boolean;
}

/** Errors of `new KafkaAcls(...)` and `cluster.kafkaAcls`: each names the property and the fix. */
export const KAFKA_ACLS_RULES: ReadonlyArray<Rule<KafkaAclsFacts>> = [
  {
    id: 'KafkaAclsServerless',
    failsWhen: (f) => f.clusterKind === 'serverless',
    message: () => 'cluster: MSK Serverless authenticates clients with IAM only, and IAM policies authorize them; Kafka ACLs do not apply '
      + '(MSK developer guide, "Apache Kafka ACLs" and "MSK Serverless"). Fix: grant access with cluster.grantConsume, grantProduce and the other IAM grants.',
  },
  {
    id: 'KafkaAclsClusterNotDefinedHere',
    failsWhen: (f) => f.clusterKind === 'imported' || f.clusterKind === 'other',
    message: () => 'cluster: Kafka ACLs are managed by an admin SASL/SCRAM user that the library creates and associates with the cluster, and by a worker in '
      + 'the cluster\'s VPC; an imported cluster has neither. Fix: manage the ACLs in the app that defines the ProvisionedCluster.',
  },
  {
    id: 'KafkaAclsNeedScram',
    failsWhen: (f) => f.clusterKind === 'provisioned-here' && !f.scramEnabled,
    message: () => 'cluster: the library\'s ACL admin signs in with SASL/SCRAM, which the cluster does not enable. MSK also accepts the Kafka ACL APIs '
      + 'over IAM (MSK developer guide, "IAM access control"), but the library\'s handler does not sign in with IAM. Fix: enable SASL/SCRAM next to '
      + 'your other modes, e.g. clientAuthentication: ClientAuthentication.of({ tls: { certificateAuthorities }, scram: true }).',
  },
];
registerRules({ name: 'KAFKA_ACLS_RULES', file: 'src/cluster/kafka-acls-rules.ts', severity: 'error', checkedBy: ['KafkaAcls'] }, KAFKA_ACLS_RULES);

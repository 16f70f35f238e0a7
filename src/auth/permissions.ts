/**
 * The `kafka-cluster:` actions each grant needs, split by the resource they apply to, with the
 * dependent actions included (ReadData needs Connect, DescribeTopic and AlterGroup; WriteData
 * needs Connect and DescribeTopic).
 */
export interface ActionSet {
  readonly cluster: string[];
  readonly topic?: string[];
  readonly group?: string[];
  readonly transactionalId?: string[];
}

const a = (...names: string[]) => names.map((name) => `kafka-cluster:${name}`);

export const CONNECT: ActionSet = {
  cluster: a('Connect', 'DescribeCluster'),
};

export const PRODUCE: ActionSet = {
  cluster: a('Connect', 'WriteDataIdempotently'),
  topic: a('DescribeTopic', 'WriteData'),
};

export const CONSUME: ActionSet = {
  cluster: a('Connect'),
  topic: a('DescribeTopic', 'ReadData'),
  group: a('DescribeGroup', 'AlterGroup'),
};

export const TRANSACTIONAL_PRODUCE: ActionSet = {
  ...PRODUCE,
  transactionalId: a('DescribeTransactionalId', 'AlterTransactionalId'),
};

export const ADMIN: ActionSet = {
  cluster: a('Connect', 'DescribeCluster', 'DescribeClusterDynamicConfiguration'),
  topic: a('CreateTopic', 'DescribeTopic', 'AlterTopic', 'DeleteTopic', 'DescribeTopicDynamicConfiguration', 'AlterTopicDynamicConfiguration'),
  group: a('DescribeGroup', 'AlterGroup', 'DeleteGroup'),
};

/**
 * Cluster-level actions MSK Serverless does not support: the "Applicable to serverless clusters"
 * column of the MSK developer guide, "Semantics of IAM authorization policy actions and
 * resources" (kafka-actions), says No for exactly these. Never granted on a serverless cluster.
 */
export const NOT_ON_SERVERLESS: ReadonlyArray<string> = a('AlterCluster', 'DescribeClusterDynamicConfiguration', 'AlterClusterDynamicConfiguration');

/** `actions` without what the cluster kind does not support (see {@link NOT_ON_SERVERLESS}). */
export function actionsFor(actions: ActionSet, kind: 'provisioned' | 'serverless'): ActionSet {
  return kind === 'serverless' ? { ...actions, cluster: actions.cluster.filter((action) => !NOT_ON_SERVERLESS.includes(action)) } : actions;
}

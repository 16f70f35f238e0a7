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

/**
 * The lifecycle classifier on small hand-written templates: each rule it encodes (create-only properties
 * from the resource specification, references to replaced resources, the services' refusals, same-name
 * replacements, configurations still in use) both fires and stays quiet.
 */
import { classifyChanges, ResourceChange } from '../util/lifecycle/classify';
import { Judgement, judgeTemplates, MatrixRow, rowProblems } from '../util/lifecycle/matrix';
import { compareKafkaVersions, versionChangeRefusal } from '../util/lifecycle/msk-rules';
import { CfnResource, CfnTemplate, referencedIds } from '../util/lifecycle/template';

type Resources = Record<string, CfnResource>;

const CLUSTER: CfnResource = {
  Type: 'AWS::MSK::Cluster',
  DeletionPolicy: 'Retain',
  UpdateReplacePolicy: 'Retain',
  Properties: {
    ClusterName: 'events',
    KafkaVersion: '3.9.x',
    NumberOfBrokerNodes: 3,
    BrokerNodeGroupInfo: {
      InstanceType: 'kafka.m7g.large',
      ClientSubnets: ['subnet-1', 'subnet-2', 'subnet-3'],
      SecurityGroups: [{ 'Fn::GetAtt': ['Sg', 'GroupId'] }],
      StorageInfo: { EBSStorageInfo: { VolumeSize: 1000 } },
    },
    ConfigurationInfo: { Arn: { 'Fn::GetAtt': ['Config', 'Arn'] }, Revision: 1 },
  },
};
const CONFIG: CfnResource = { Type: 'AWS::MSK::Configuration', Properties: { Name: 'events-3-9', KafkaVersionsList: ['3.9.x'], ServerProperties: 'a=1' } };
const SG: CfnResource = { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: 'vpc-1', GroupDescription: 'brokers' } };
const BASE: Resources = { Cluster: CLUSTER, Config: CONFIG, Sg: SG };

/** `base` (deep-copied) with the value at each dotted path (`Id.Properties.A.B`, `Id.Type`) set, or deleted when undefined. */
function edited(base: Resources, changes: Record<string, unknown>): CfnTemplate {
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(base));
  for (const [dotted, value] of Object.entries(changes)) {
    const keys = dotted.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, copy);
    if (value === undefined) {
      delete parent[last];
    } else {
      parent[last] = value;
    }
  }
  return { Resources: copy as Resources };
}

/** logical id -> kind (and paths/refusals where there are any). */
function kinds(after: CfnTemplate, before: CfnTemplate = { Resources: BASE }): Record<string, string> {
  return Object.fromEntries(classifyChanges(before, after).map((c: ResourceChange) => [c.logicalId,
    [c.kind, ...c.paths].join(' ') + (c.refusals.length > 0 ? ` | ${c.refusals.join(' | ')}` : '')]));
}

describe('classifyChanges', () => {
  test('sees nothing when nothing changes', () => {
    expect(kinds({ Resources: BASE })).toEqual({ Cluster: 'unchanged', Config: 'unchanged', Sg: 'unchanged' });
  });

  test('replaces a resource whose create-only property changes, nested paths too', () => {
    expect(kinds(edited(BASE, { 'Cluster.Properties.BrokerNodeGroupInfo.ClientSubnets': ['subnet-4', 'subnet-5', 'subnet-6'] })).Cluster)
      .toBe('replaced BrokerNodeGroupInfo.ClientSubnets');
  });

  test('replaces the resources whose create-only properties reference a replaced one', () => {
    expect(kinds(edited(BASE, { 'Sg.Properties.VpcId': 'vpc-2' }))).toEqual({
      Cluster: 'replaced BrokerNodeGroupInfo.SecurityGroups (references a replaced resource)',
      Config: 'unchanged',
      Sg: 'replaced VpcId',
    });
  });

  test('updates in place what is not create-only, also a reference to a replaced resource', () => {
    const result = kinds(edited(BASE, { 'Cluster.Properties.NumberOfBrokerNodes': 6, 'Config.Properties.Name': 'events-3-9-b' }));
    expect(result).toEqual({ Cluster: 'updated ConfigurationInfo NumberOfBrokerNodes', Config: 'replaced Name', Sg: 'unchanged' });
  });

  test('replaces a resource whose type changes, and sees additions and removals', () => {
    const before: Resources = { Kept: { Type: 'AWS::SNS::Topic', Properties: {} }, Gone: { Type: 'AWS::SQS::Queue', Properties: {} } };
    expect(kinds({ Resources: { Kept: { Type: 'AWS::SQS::Queue', Properties: {} }, New: { Type: 'AWS::SNS::Topic', Properties: {} } } }, { Resources: before }))
      .toEqual({ Kept: 'replaced Type', Gone: 'removed', New: 'added' });
  });

  test('reads the create-only paths of the service spec after its corrections: a connector configuration updates in place', () => {
    const connector = (config: string): Resources => ({
      C: { Type: 'AWS::KafkaConnect::Connector', Properties: { ConnectorName: 'sink', ConnectorConfiguration: { topics: config }, KafkaConnectVersion: '2.7.1' } },
    });
    expect(kinds({ Resources: connector('b') }, { Resources: connector('a') })).toEqual({ C: 'updated ConnectorConfiguration' });
  });

  describe('refusals of the services', () => {
    test('a smaller literal VolumeSize; a token is not judged', () => {
      expect(kinds(edited(BASE, { 'Cluster.Properties.BrokerNodeGroupInfo.StorageInfo.EBSStorageInfo.VolumeSize': 500 })).Cluster)
        .toMatch(/^forbidden BrokerNodeGroupInfo \| BrokerNodeGroupInfo.StorageInfo.EBSStorageInfo.VolumeSize decreases from 1000 to 500 GiB/);
      const lookup = { 'Fn::GetAtt': ['Lookup', 'VolumeSize'] };
      expect(kinds(edited(BASE, { 'Cluster.Properties.BrokerNodeGroupInfo.StorageInfo.EBSStorageInfo.VolumeSize': lookup })).Cluster)
        .toBe('updated BrokerNodeGroupInfo');
    });

    test('a Kafka downgrade, and a ZooKeeper to KRaft switch other than 3.9.x to 3.9.x.kraft', () => {
      expect(kinds(edited(BASE, { 'Cluster.Properties.KafkaVersion': '3.8.x' })).Cluster).toMatch(/^forbidden KafkaVersion \| .*cannot downgrade/);
      expect(kinds(edited(BASE, { 'Cluster.Properties.KafkaVersion': '4.0.x.kraft' })).Cluster).toMatch(/^forbidden KafkaVersion \| .*only from 3.9.x/);
      expect(kinds(edited(BASE, { 'Cluster.Properties.KafkaVersion': '3.9.x.kraft' })).Cluster).toBe('updated KafkaVersion');
    });

    test('a switch between Standard and Express brokers', () => {
      expect(kinds(edited(BASE, { 'Cluster.Properties.BrokerNodeGroupInfo.InstanceType': 'express.m7g.large' })).Cluster)
        .toMatch(/^forbidden BrokerNodeGroupInfo \| .*Standard and Express/);
      expect(kinds(edited(BASE, { 'Cluster.Properties.BrokerNodeGroupInfo.InstanceType': 'kafka.m7g.xlarge' })).Cluster).toBe('updated BrokerNodeGroupInfo');
    });

    test('fewer partitions of a topic', () => {
      const topic = (n: number): Resources => ({ T: { Type: 'AWS::MSK::Topic', Properties: { ClusterArn: 'arn', TopicName: 'orders', ReplicationFactor: 3, PartitionCount: n } } });
      expect(kinds({ Resources: topic(3) }, { Resources: topic(6) }).T).toMatch(/^forbidden PartitionCount \| PartitionCount decreases from 6 to 3/);
      expect(kinds({ Resources: topic(12) }, { Resources: topic(6) }).T).toBe('updated PartitionCount');
    });

    test('another consumer group for a Lambda event source mapping', () => {
      const mapping = (group: string): Resources => ({
        M: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: 'f', EventSourceArn: 'arn', AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: group } } },
      });
      expect(kinds({ Resources: mapping('b') }, { Resources: mapping('a') }).M).toMatch(/^forbidden AmazonManagedKafkaEventSourceConfig \| .*consumer group/);
    });

    test('a replacement that keeps a unique name', () => {
      const connector = (version: string, name: unknown): Resources => ({
        C: { Type: 'AWS::KafkaConnect::Connector', Properties: { ConnectorName: name, KafkaConnectVersion: version } },
      });
      expect(kinds({ Resources: connector('3.7.x', 'sink') }, { Resources: connector('2.7.1', 'sink') }).C)
        .toMatch(/^forbidden KafkaConnectVersion \| ConnectorName stays "sink": the replacement is created before/);
      expect(kinds({ Resources: connector('3.7.x', 'sink-b') }, { Resources: connector('2.7.1', 'sink-a') }).C).toBe('replaced KafkaConnectVersion ConnectorName');
    });

    test('deleting a configuration that a retained cluster, left behind, still uses', () => {
      const gone = edited(BASE, { Cluster: undefined, Config: undefined });
      expect(kinds(gone).Config).toMatch(/^forbidden \| the configuration is deleted while cluster Cluster, removed from the stack but retained, still uses it/);
      const bothRetained = edited(BASE, { 'Config.DeletionPolicy': 'Retain' });
      expect(kinds(gone, bothRetained).Config).toBe('removed');
      // Replaced in the same deployment that moves the cluster to the new one: fine (under a new name: the
      // name is unique, msk-facts.md).
      const moved = edited(BASE, { 'Config.Properties.KafkaVersionsList': ['3.9.x', '4.0.x.kraft'], 'Config.Properties.Name': 'events-4-0' });
      expect(kinds(moved).Config).toBe('replaced KafkaVersionsList Name');
      expect(kinds(edited(BASE, { 'Config.Properties.KafkaVersionsList': ['3.9.x', '4.0.x.kraft'] })).Config).toMatch(/^forbidden KafkaVersionsList \| Name stays/);
    });
  });
});

describe('helpers', () => {
  test.each([
    ['3.8.x', '3.9.x', -1],
    ['3.9.x.kraft', '3.9.x', 0],
    ['4.0.x.kraft', '3.9.x', 1],
    ['2.8.2.tiered', '3.6.0', -1],
  ])('compareKafkaVersions(%s, %s) has the sign of %d', (a, b, sign) => {
    expect(Math.sign(compareKafkaVersions(a, b))).toBe(sign);
  });

  test('a KRaft cluster cannot go back to ZooKeeper', () => {
    expect(versionChangeRefusal('3.9.x.kraft', '3.9.x')).toMatch(/cannot go back to ZooKeeper/);
    expect(versionChangeRefusal('3.9.x', '3.9.x')).toBeUndefined();
  });

  test('referencedIds reads Ref, GetAtt (both forms) and Sub, not pseudo parameters', () => {
    expect([...referencedIds({
      a: { Ref: 'A' },
      b: { 'Fn::GetAtt': ['B', 'Arn'] },
      c: { 'Fn::GetAtt': 'C.Arn' },
      d: { Ref: 'AWS::Region' },
      e: { 'Fn::Sub': ['${D.Arn}/${X}/${AWS::AccountId}', { X: { Ref: 'E' } }] },
    })].sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});

describe('rowProblems (the matrix\'s verdict)', () => {
  const variant = { label: 'v', build: () => undefined };
  const row = (expect: MatrixRow['expect'], gap?: string): MatrixRow => ({ construct: 'C', prop: 'p', before: variant, after: variant, expect, gap });
  /** A judgement of `after` over BASE, with `warnings`. */
  const judgement = (after: CfnTemplate, warnings: Judgement['warnings'] = []): Judgement => judgeTemplates({ Resources: BASE }, after, warnings);
  const replacedCluster = judgement(edited(BASE, { 'Cluster.Properties.ClusterName': 'orders' }));

  test('fails a "safe" row that replaces a data-holding resource without a warning', () => {
    expect(rowProblems(row({ outcome: 'safe', replaces: ['AWS::MSK::Cluster'] }), replacedCluster))
      .toEqual([expect.stringMatching(/^UNSAFE without a warning or error: Cluster \(AWS::MSK::Cluster\) is REPLACED \(ClusterName\)/)]);
  });

  test('fails a row whose replaced types differ from what it says', () => {
    expect(rowProblems(row({ outcome: 'safe' }), judgement(edited(BASE, { 'Config.Properties.Name': 'other' }))))
      .toEqual([expect.stringMatching(/^expected replaced types \[\], the change replaces \["AWS::MSK::Configuration"\]/)]);
  });

  test('passes a "warns" row only when the warning names what is replaced', () => {
    const expectation = { outcome: 'warns', warning: 'ClusterNameFixed', names: 'AWS::MSK::Cluster', replaces: ['AWS::MSK::Cluster'] } as const;
    expect(rowProblems(row(expectation), replacedCluster)).toEqual([expect.stringMatching(/^expected warning ClusterNameFixed; the synthesis warns \[\]/)]);
    const named = judgement(edited(BASE, { 'Cluster.Properties.ClusterName': 'orders' }), [{ id: 'ClusterNameFixed', message: 'replaces the AWS::MSK::Cluster' }]);
    expect(rowProblems(row(expectation), named)).toEqual([]);
    const vague = judgement(edited(BASE, { 'Cluster.Properties.ClusterName': 'orders' }), [{ id: 'ClusterNameFixed', message: 'careful' }]);
    expect(rowProblems(row(expectation), vague)).toEqual(["warning ClusterNameFixed must name 'AWS::MSK::Cluster': careful"]);
    // A gap row passes while the library is silent, and asks to be promoted once it warns.
    expect(rowProblems(row(expectation, 'proposal'), replacedCluster)).toEqual([]);
    expect(rowProblems(row(expectation, 'proposal'), named)).toEqual(['the library now warns with ClusterNameFixed: remove `gap` from this row']);
  });

  test('fails an "unguarded" row that has become safe, and a row that changes nothing', () => {
    expect(rowProblems(row({ outcome: 'unguarded' }), judgement(edited(BASE, { 'Cluster.Properties.NumberOfBrokerNodes': 6 }))))
      .toEqual([expect.stringMatching(/^an unguarded row must replace data or be refused, but the change is safe/)]);
    expect(rowProblems(row({ outcome: 'safe' }), judgement({ Resources: BASE })))
      .toEqual(['the change changes nothing in the template: the row cannot fail; pick an `after` that differs']);
  });

  test('passes a "guarded" row only when the change is refused, the guard resource is updated in place and the refused resource waits for it', () => {
    const guard: CfnResource = { Type: 'Custom::Guard', Properties: { ServiceToken: 't', KafkaVersion: '3.9.x' } };
    const withGuard = { ...BASE, Cluster: { ...BASE.Cluster, DependsOn: ['Guard'] }, Guard: guard };
    const expectation = { outcome: 'guarded', guard: 'Custom::Guard' } as const;
    const judgeOver = (after: CfnTemplate) => judgeTemplates({ Resources: withGuard }, after, []);
    const downgrade = judgeOver(edited(withGuard, { 'Cluster.Properties.KafkaVersion': '3.8.x', 'Guard.Properties.KafkaVersion': '3.8.x' }));
    expect(rowProblems(row(expectation), downgrade)).toEqual([]);
    // The guard does not run: its properties do not change.
    expect(rowProblems(row(expectation), judgeOver(edited(withGuard, { 'Cluster.Properties.KafkaVersion': '3.8.x' }))))
      .toEqual([expect.stringMatching(/^the guard Custom::Guard must be updated in place/)]);
    // The guard is removed (a new one would be created instead of updated).
    expect(rowProblems(row(expectation), judgeOver(edited(withGuard, { 'Cluster.Properties.KafkaVersion': '3.8.x', 'Guard': undefined }))))
      .toEqual([expect.stringMatching(/^the guard Custom::Guard must be updated in place .*, but its changes are \["Guard removed"\]$/)]);
    // Nothing refused: the row should be 'safe'.
    expect(rowProblems(row(expectation), judgeOver(edited(withGuard, { 'Cluster.Properties.KafkaVersion': '3.9.x.kraft', 'Guard.Properties.KafkaVersion': '3.9.x.kraft' }))))
      .toEqual([expect.stringMatching(/^a guarded row must replace data or be refused, but the change is safe/)]);
    // The cluster does not wait for the guard: the guard might run after the refused update.
    const unordered = judgeTemplates({ Resources: { ...BASE, Guard: guard } }, edited({ ...BASE, Guard: guard },
      { 'Cluster.Properties.KafkaVersion': '3.8.x', 'Guard.Properties.KafkaVersion': '3.8.x' }), []);
    expect(rowProblems(row(expectation), unordered)).toEqual([expect.stringMatching(/^Cluster \(AWS::MSK::Cluster\) is refused: .*, but it does not wait for the updated guard \(Guard\)/)]);
  });

  test('checks a "fails" row\'s rule id', () => {
    const failed: Judgement = { error: 'cdk-msk-constructs: 1 problem:\n  - [VolumeSizeOutOfRange] …', changes: [], dataLost: [], forbidden: [], replacedTypes: [], warnings: [], prerequisites: new Map() };
    expect(rowProblems(row({ outcome: 'fails', rule: 'VolumeSizeOutOfRange' }), failed)).toEqual([]);
    expect(rowProblems(row({ outcome: 'fails', rule: 'Other' }), failed)).toEqual([expect.stringMatching(/^expected the error to name \[Other\]/)]);
    expect(rowProblems(row({ outcome: 'fails', rule: 'Other' }), replacedCluster)).toEqual([expect.stringMatching(/^expected synthesis to fail with \[Other\], but it succeeded/)]);
  });
});

/**
 * Stack deletion: whatever a retained resource needs in order to exist or work is retained too.
 *
 * CloudFormation deletes a stack's resources in reverse dependency order and skips those with
 * `DeletionPolicy: Retain`. A resource that a retained one refers to (Ref, Fn::GetAtt, Fn::Sub,
 * DependsOn) is still deleted, and then either the deletion fails (MSK refuses to delete a
 * configuration a cluster uses, EC2 a security group that network interfaces use) or the
 * retained resource stops working (a log bucket without its key or bucket policy, SCRAM users
 * without their association).
 *
 * For each construct, every resource reachable from a retained resource of the construct through
 * references must be retained, except:
 * - the types in HARMLESS, each with the reason its deletion does not hurt the retained resource;
 * - resources outside the construct (the VPC of the test stack): the application owns them, and
 *   README, "What deleting the stack leaves behind", says to retain a VPC that lives in the same stack.
 */
import { CfnElement, CfnResource as CfnResourceConstruct, RemovalPolicy, Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct, IConstruct } from 'constructs';
import {
  BrokerInstanceType,
  BrokerLogs,
  ClientAuthentication,
  ProvisionedCluster,
  ScramUsers,
  ServerlessCluster,
} from '../../src';
import { vpcStack } from '../util/stacks';

/** Resource types a retained resource may refer to, and why deleting them does not hurt it. */
const HARMLESS: Record<string, string> = {
  'Custom::MskBrokerVolumeSize': 'a deploy-time read of the live volume size: the cluster keeps the value it fed into VolumeSize, and deleting the custom resource calls no MSK API',
  'Custom::MskServerlessClusterGuard': 'a deploy-time check of the live serverless cluster that returns nothing: the cluster only waits for it, and deleting the custom resource calls no MSK API',
  'Custom::MskUpdateGuard': 'a deploy-time comparison of old and new settings that returns nothing: the guarded resource only waits for it, and deleting the custom resource calls no API',
  'Custom::MskKafkaAclsReady': 'a deploy-time check that the ACL admin may manage ACLs, returning nothing: the cluster only waits for it, and deleting the custom resource calls no API',
};

/**
 * Retained resource types whose retention only means "leave what they made in place": once the stack is gone
 * CloudFormation never calls them again, so nothing they refer to needs to survive with them.
 */
const RETAINED_MARKERS: Record<string, string> = {
  'Custom::MskKafkaAcls': 'retained, the ACLs stay on the retained cluster (they live in Kafka, not in the resource); the worker and provider that wrote them are not needed again',
};

/**
 * Resource types that attach to another resource (named by `property`) rather than being referred
 * to by it: when what they attach to is retained, they must be retained too, for `reason`.
 */
const ATTACHMENTS: Record<string, { readonly property: string; readonly reason: string }> = {
  'AWS::S3::BucketPolicy': { property: 'Bucket', reason: 'a retained bucket without its policy accepts plain HTTP and refuses log delivery' },
  'AWS::MSK::BatchScramSecret': { property: 'ClusterArn', reason: 'the SASL/SCRAM users of a retained cluster could no longer sign in' },
  'AWS::MSK::ClusterPolicy': { property: 'ClusterArn', reason: "other accounts' VPC connections to a retained cluster would lose access" },
  'AWS::MSK::Topic': { property: 'ClusterArn', reason: 'deleting a topic deletes its messages' },
  'AWS::ApplicationAutoScaling::ScalableTarget': { property: 'ResourceId', reason: 'the storage of a retained cluster would stop growing' },
};

interface CfnResource {
  readonly Type: string;
  readonly DeletionPolicy?: string;
  readonly DependsOn?: string | string[];
  readonly Properties?: unknown;
}

const isRetained = (r: CfnResource) => r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'RetainExceptOnCreate';

/** Logical ids `value` refers to: Ref, Fn::GetAtt and Fn::Sub placeholders. */
function references(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => references(v, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string') {
        out.add(v);
      } else if (key === 'Fn::GetAtt') {
        out.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        for (const m of String(text).matchAll(/\$\{([^}.!]+)[^}]*\}/g)) {
          out.add(m[1]);
        }
        if (Array.isArray(v)) {
          references(v[1], out);
        }
      } else {
        references(v, out);
      }
    }
  }
  return out;
}

function dependencies(resource: CfnResource): Set<string> {
  const out = references(resource.Properties);
  const dependsOn = resource.DependsOn === undefined ? [] : Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn];
  dependsOn.forEach((d) => out.add(d));
  return out;
}

/**
 * Every `retained needs needed (type)` where `needed`, reachable from a retained resource of
 * `subject`, is neither retained nor harmless. Resources outside `subject` (and the library's
 * per-stack singletons) are not followed.
 */
export function deletionProblems(subject: IConstruct): string[] {
  const stack = Stack.of(subject);
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, CfnResource>;
  // The construct's resources, and the per-stack singletons the library creates for it.
  const libraryScopes = [subject, ...stack.node.children.filter((c) => c.node.id.startsWith('CdkMskConstructs'))];
  const ids = new Set(libraryScopes.flatMap((scope) => scope.node.findAll())
    .filter((c): c is CfnElement => CfnElement.isCfnElement(c))
    .map((c) => stack.resolve(c.logicalId) as string));
  const inside = (id: string) => ids.has(id);
  const problems = new Set<string>();
  for (const [rootId, root] of Object.entries(resources)) {
    if (!isRetained(root) || !inside(rootId) || RETAINED_MARKERS[root.Type] !== undefined) {
      continue;
    }
    const seen = new Set<string>([rootId]);
    const queue = [rootId];
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const needed of dependencies(resources[id])) {
        const resource = resources[needed];
        if (resource === undefined || seen.has(needed) || !inside(needed) || HARMLESS[resource.Type] !== undefined) {
          continue;
        }
        seen.add(needed);
        if (!isRetained(resource)) {
          problems.add(`${id} needs ${needed} (${resource.Type}), which is not retained`);
        }
        queue.push(needed);
      }
    }
  }
  for (const [id, resource] of Object.entries(resources)) {
    const attachment = ATTACHMENTS[resource.Type];
    const properties = resource.Properties as Record<string, unknown> | undefined;
    if (attachment === undefined || !inside(id) || isRetained(resource)) {
      continue;
    }
    for (const target of references(properties?.[attachment.property])) {
      if (resources[target] !== undefined && isRetained(resources[target])) {
        problems.add(`${id} (${resource.Type}) attaches to the retained ${target} but is not retained: ${attachment.reason}`);
      }
    }
  }
  return [...problems].sort();
}

/** The construct of each scenario is `Test/Subject`. */
const SCENARIOS: Array<[string, (scope: Construct, vpc: ec2.Vpc) => void]> = [
  ['a provisioned cluster with the defaults', (scope, vpc) => {
    new ProvisionedCluster(scope, 'Subject', { vpc });
  }],
  ['a provisioned cluster with SASL/SCRAM users', (scope, vpc) => {
    const cluster = new ProvisionedCluster(scope, 'Subject', { vpc, clientAuthentication: ClientAuthentication.of({ iam: true, scram: true }) });
    cluster.addScramUser('alice');
    cluster.addScramUser('bob');
  }],
  ['a provisioned cluster with Kafka ACLs', (scope, vpc) => {
    const cluster = new ProvisionedCluster(scope, 'Subject', { vpc, clientAuthentication: ClientAuthentication.scram() });
    cluster.addScramUser('alice').grantConsume('orders', 'billing');
  }],
  ['a provisioned cluster with topics', (scope, vpc) => {
    const cluster = new ProvisionedCluster(scope, 'Subject', { vpc });
    cluster.addTopic('Orders', { topicName: 'orders', partitions: 6 });
    cluster.addTopic('Payments', { topicName: 'payments', partitions: 3, configs: { 'retention.ms': '604800000' } });
  }],
  ['a provisioned cluster with a multi-VPC cluster policy', (scope, vpc) => {
    const cluster = new ProvisionedCluster(scope, 'Subject', { vpc, multiVpcConnectivity: { iam: true } });
    cluster.grantVpcConnection(new iam.AccountPrincipal('222222222222'));
  }],
  ['a provisioned cluster with broker logs in S3 and CloudWatch Logs', (scope, vpc) => {
    new ProvisionedCluster(scope, 'Subject', { vpc, brokerLogs: BrokerLogs.combine(BrokerLogs.s3(), BrokerLogs.cloudWatch()) });
  }],
  ['an Express cluster', (scope, vpc) => {
    new ProvisionedCluster(scope, 'Subject', { vpc, instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE });
  }],
  ['a serverless cluster', (scope, vpc) => {
    new ServerlessCluster(scope, 'Subject', { vpc });
  }],
];

describe('deleting the stack', () => {
  test.each(SCENARIOS)('%s: whatever a retained resource needs is retained', (_name, build) => {
    const { stack, vpc } = vpcStack();
    build(stack, vpc);
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, CfnResource>;
    // The scenario retains its cluster, so the check is not vacuous.
    expect(Object.values(resources).filter((r) => isRetained(r) && /^AWS::MSK::(Serverless)?Cluster$/.test(r.Type))).toHaveLength(1);
    expect(deletionProblems(stack.node.findChild('Subject'))).toEqual([]);
  });
});

describe('removal policies that differ on purpose', () => {
  test('the configuration is retained on deletion, but the one a Kafka version change replaces is still deleted', () => {
    const { stack, vpc } = vpcStack();
    new ProvisionedCluster(stack, 'Subject', { vpc });
    const configuration = Object.values(Template.fromStack(stack).findResources('AWS::MSK::Configuration'))[0];
    expect(configuration.DeletionPolicy).toBe('Retain');
    expect(configuration.UpdateReplacePolicy).toBe('Delete');
  });

  test("the stack's log delivery policy is retained when one of its clusters is, and deleted when none is", () => {
    const policyOf = (policies: RemovalPolicy[]) => {
      const { stack, vpc } = vpcStack();
      policies.forEach((removalPolicy, i) => new ProvisionedCluster(stack, `Cluster${i}`, { vpc, removalPolicy, brokerLogs: BrokerLogs.cloudWatch() }));
      return Object.values(Template.fromStack(stack).findResources('AWS::Logs::ResourcePolicy'))[0];
    };
    expect(policyOf([RemovalPolicy.DESTROY, RemovalPolicy.RETAIN]).DeletionPolicy).toBe('Retain');
    expect(policyOf([RemovalPolicy.DESTROY, RemovalPolicy.DESTROY]).DeletionPolicy).toBeUndefined();
  });

  test('a security group given by the application keeps its own removal policy', () => {
    const { stack, vpc } = vpcStack();
    const group = new ec2.SecurityGroup(stack, 'Mine', { vpc });
    new ProvisionedCluster(stack, 'Subject', { vpc, securityGroups: [group] });
    new ServerlessCluster(stack, 'Spiky', { vpc, securityGroups: [group] });
    const groups = Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup');
    expect(Object.keys(groups)).toEqual([expect.stringMatching(/^Mine/)]);
    expect(Object.values(groups)[0].DeletionPolicy).toBeUndefined();
  });
});

describe('the deletion check', () => {
  test('catches a retained cluster whose configuration would be deleted (MSK refuses: the stack deletion fails)', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Subject', { vpc });
    (cluster.configuration.node.defaultChild as CfnResourceConstruct).applyRemovalPolicy(RemovalPolicy.DESTROY);
    expect(deletionProblems(cluster)).toEqual([expect.stringMatching(/^Subject[0-9A-F]{8} needs SubjectConfiguration[0-9A-F]{8} \(AWS::MSK::Configuration\), which is not retained$/)]);
  });

  test('catches an attachment of a retained cluster that would be deleted', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Subject', { vpc, clientAuthentication: ClientAuthentication.scram() });
    cluster.addScramUser('alice');
    (cluster.node.findChild('ScramUsers') as ScramUsers).cfnBatchScramSecret.applyRemovalPolicy(RemovalPolicy.DESTROY);
    expect(deletionProblems(cluster)).toEqual([expect.stringMatching(/^SubjectScramUsers[0-9A-F]{8} \(AWS::MSK::BatchScramSecret\) attaches to the retained Subject[0-9A-F]{8} but is not retained/)]);
  });

  test('with RemovalPolicy.DESTROY nothing is retained, so nothing is left behind', () => {
    const { stack, vpc } = vpcStack();
    const cluster = new ProvisionedCluster(stack, 'Subject', { vpc, removalPolicy: RemovalPolicy.DESTROY, clientAuthentication: ClientAuthentication.scram() });
    cluster.addScramUser('alice');
    cluster.grantVpcConnection(new iam.AccountPrincipal('222222222222'));
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, CfnResource>;
    // Topics keep their own default (RETAIN): none here.
    expect(Object.entries(resources).filter(([, r]) => isRetained(r)).map(([id]) => id)).toEqual([]);
  });
});

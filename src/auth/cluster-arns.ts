import { Fn, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Builds the IAM resource ARNs of a cluster and the topics, groups and transactional ids in it.
 *
 * When the cluster ARN is known (a literal, or a token such as a `Ref`) every ARN is derived
 * from it, UUID included, by splitting on `:cluster/`; when only the name is known the UUID is
 * `*`.
 */
export class ClusterArns {
  /** From a cluster ARN (literal or token). */
  public static fromArn(clusterArn: string): ClusterArns {
    return new ClusterArns(clusterArn, undefined);
  }

  /** From a cluster name alone, in the scope's account and Region: the UUID becomes `*`. */
  public static fromName(scope: IConstruct, clusterName: string): ClusterArns {
    const stack = Stack.of(scope);
    const prefix = `arn:${stack.partition}:kafka:${stack.region}:${stack.account}:`;
    return new ClusterArns(undefined, { prefix, path: `${clusterName}/*` });
  }

  private constructor(
    private readonly clusterArn: string | undefined,
    private readonly byName: { prefix: string; path: string } | undefined,
  ) {}

  /** The ARN to use in policies for the cluster itself. */
  public cluster(): string {
    return this.clusterArn ?? `${this.byName!.prefix}cluster/${this.byName!.path}`;
  }

  /** ARN of a topic (or topic prefix pattern). */
  public topic(name: string): string {
    return this.child('topic', name);
  }

  /** ARN of a consumer group (or group prefix pattern). */
  public group(name: string): string {
    return this.child('group', name);
  }

  /** ARN of a transactional id (or prefix pattern). */
  public transactionalId(id: string): string {
    return this.child('transactional-id', id);
  }

  private child(kind: string, name: string): string {
    if (this.byName) {
      return `${this.byName.prefix}${kind}/${this.byName.path}/${name}`;
    }
    const arn = this.clusterArn!;
    if (!Token.isUnresolved(arn)) {
      const [head, tail] = splitOnce(arn, ':cluster/');
      return `${head}:${kind}/${tail}/${name}`;
    }
    const parts = Fn.split(':cluster/', arn);
    return Fn.join('', [Fn.select(0, parts), `:${kind}/`, Fn.select(1, parts), `/${name}`]);
  }
}

function splitOnce(arn: string, separator: string): [string, string] {
  const at = arn.indexOf(separator);
  if (at < 0) {
    throw new Error(`clusterArn: '${arn}' is not an MSK cluster ARN (arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>).`);
  }
  return [arn.slice(0, at), arn.slice(at + separator.length)];
}

import { Arn, ArnComponents, ArnFormat, Fn, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { defineMessages } from '../validation/registry';

const CLUSTER_ARN_ERRORS = defineMessages({
  name: 'CLUSTER_ARN_ERRORS',
  file: 'src/auth/cluster-arns.ts',
  severity: 'error',
  kind: 'ClusterArns',
  checkedBy: ['ClusterArns'],
}, {
  ClusterArnInvalid: (arn: string) =>
    `clusterArn: '${arn}' is not an MSK cluster ARN (arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>). Fix: pass the ARN of an MSK cluster.`,
});

/**
 * Builds the IAM resource ARNs of a cluster and the topics, groups and transactional ids in it.
 *
 * When the cluster ARN is known (a literal, or a token such as a `Ref`) every ARN is derived
 * from it, UUID included (a literal through `literalClusterArn`, a token by swapping `:cluster/` for
 * the resource type); when only the name is known the UUID is `*`.
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
      const parts = literalClusterArn(arn);
      if (parts === undefined) {
        throw CLUSTER_ARN_ERRORS.error(undefined, 'ClusterArnInvalid', arn);
      }
      return `arn:${parts.partition}:kafka:${parts.region}:${parts.account}:${kind}/${parts.clusterName}/${parts.clusterUuid}/${name}`;
    }
    // A token ARN: swap the resource type in place. Same value as the components of parseClusterArn would
    // give, in a shorter template that policies of deployed stacks already use (no policy update on upgrade).
    const parts = Fn.split(':cluster/', arn);
    return Fn.join('', [Fn.select(0, parts), `:${kind}/`, Fn.select(1, parts), `/${name}`]);
  }
}

/**
 * The parts of an MSK cluster ARN, `arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`:
 * literals for a literal ARN, tokens (`Fn::Select` of `Fn::Split`) for a token.
 */
export interface ClusterArnComponents {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  /** The UUID MSK appends to the name ('' when a literal ARN has none). */
  readonly clusterUuid: string;
}

/**
 * Where a literal ARN of any service lives, or undefined for a token or a string that is not an ARN
 * (or names no Region or account, as S3 bucket ARNs do).
 */
export function literalArnEnvironment(arn: string): { readonly account: string; readonly region: string } | undefined {
  const parts = splitLiteral(arn);
  return parts?.account && parts.region ? { account: parts.account, region: parts.region } : undefined;
}

/** The parts of a literal MSK cluster ARN, or undefined for a token or a string that is not one. */
export function literalClusterArn(arn: string): ClusterArnComponents | undefined {
  const parts = splitLiteral(arn);
  if (parts === undefined || parts.service !== 'kafka' || parts.resource !== 'cluster' || !parts.region || !parts.account || !parts.partition) {
    return undefined;
  }
  const [clusterName = '', clusterUuid = ''] = (parts.resourceName ?? '').split('/');
  return { partition: parts.partition, region: parts.region, account: parts.account, clusterName, clusterUuid };
}

/**
 * Splits an MSK cluster ARN with `Arn.split`: a literal must be a cluster ARN (else this throws, naming the
 * expected form); a token gives `Fn::Select`/`Fn::Split` tokens that CloudFormation resolves at deploy time.
 */
export function parseClusterArn(arn: string): ClusterArnComponents {
  if (!Token.isUnresolved(arn)) {
    const parts = literalClusterArn(arn);
    if (parts === undefined) {
      throw CLUSTER_ARN_ERRORS.error(undefined, 'ClusterArnInvalid', arn);
    }
    return parts;
  }
  const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  // For a token, Arn.split's resourceName is the second '/'-separated field of `cluster/<name>/<uuid>`: the name.
  const resourcePath = Fn.split('/', Fn.select(5, Fn.split(':', arn)));
  return {
    partition: parts.partition!,
    region: parts.region!,
    account: parts.account!,
    clusterName: parts.resourceName!,
    clusterUuid: Fn.select(2, resourcePath),
  };
}

function splitLiteral(arn: string): ArnComponents | undefined {
  if (Token.isUnresolved(arn) || !arn.startsWith('arn:')) {
    return undefined;
  }
  try {
    return Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  } catch {
    return undefined; // fewer than 6 fields, or no partition, service or resource
  }
}

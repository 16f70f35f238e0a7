import { allowedContextKeysForRequest, isWildcardOnlyAction, runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AUTHORIZATION_GAPS } from './authorization-gaps';
import { DeployEnv } from './resource-identities';
import { CfnTemplate, TemplateResolver } from './template-resolver';

/** The account and Region a stack without a concrete environment is imagined deployed in. */
export const DEFAULT_ACCOUNT = '111111111111';
export const DEFAULT_REGION = 'us-east-1';

/** An IAM policy document, resolved. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatementJson[];
}

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Who makes a request: a role of the template (by logical id prefix), an AWS service, or any ARN. */
export type RequestPrincipal = { readonly role: string } | { readonly service: string } | { readonly arn: string };

export interface AccessRequest {
  readonly principal: RequestPrincipal;
  readonly action: string;
  /** The resource ARN ('*' for wildcard-only actions). */
  readonly resource: string;
  /** Request context keys; they override the defaults (aws:SecureTransport true, principal keys). */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /**
   * The identity policies of a principal given by ARN (one outside the template, e.g. in another
   * account, whose administrator delegates the access).
   */
  readonly identityPolicies?: PolicyDocument[];
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** A policy with where it came from. */
export interface LocatedPolicy {
  /** `<logicalId>` of the resource that holds it, with the property path. */
  readonly source: string;
  /** Whether it is an identity policy (else a resource policy: key, topic, bucket, cluster, ...). */
  readonly kind: 'identity' | 'resource' | 'trust';
  readonly document: PolicyDocument;
}

/**
 * Evaluates requests against the policies of one synthesized template, with its intrinsics
 * resolved to concrete ARNs: the identity policies of a role (its inline policies,
 * AWS::IAM::Policy and AWS::IAM::ManagedPolicy attached to it, and the customer-managed policies
 * in its ManagedPolicyArns) and the resource policy of the resource (topic policy, key policy,
 * bucket policy, queue policy, cluster policy, CloudWatch Logs resource policies, role trust
 * policy for sts:AssumeRole). AWS-managed policies are not known and not evaluated.
 */
export class AccessModel {
  /** The model of a stack, deployed in its own account and Region (or the defaults when unresolved). */
  public static of(stack: Stack, template?: CfnTemplate): AccessModel {
    const env: DeployEnv = {
      partition: 'aws',
      account: Token.isUnresolved(stack.account) ? DEFAULT_ACCOUNT : stack.account,
      region: Token.isUnresolved(stack.region) ? DEFAULT_REGION : stack.region,
      stackName: stack.stackName,
      urlSuffix: 'amazonaws.com',
    };
    return new AccessModel(new TemplateResolver(template ?? (Template.fromStack(stack).toJSON() as CfnTemplate), env));
  }

  public readonly env: DeployEnv;

  constructor(public readonly resolver: TemplateResolver) {
    this.env = resolver.env;
  }

  /**
   * The one logical id that starts with `prefix` (of `type`, when given); a logical id that is
   * `prefix` and the 8-character hash CDK appends wins over longer ones.
   */
  public logicalId(prefix: string, type?: string): string {
    const candidates = Object.entries(this.resolver.resources)
      .filter(([id, r]) => id.startsWith(prefix) && (type === undefined || r.Type === type))
      .map(([id]) => id);
    // A CDK logical id is the construct path followed by an 8-character hash: prefer that exact match.
    const exact = candidates.filter((id) => /^[0-9A-F]{8}$/.test(id.slice(prefix.length)));
    const found = exact.length === 1 ? exact : candidates;
    if (found.length !== 1) {
      throw new Error(`expected one resource${type ? ` of type ${type}` : ''} whose logical id starts with '${prefix}', found ${found.length}: ${found.join(', ')}`);
    }
    return found[0];
  }

  /** Every logical id of `type`. */
  public logicalIdsOf(type: string): string[] {
    return Object.entries(this.resolver.resources).filter(([, r]) => r.Type === type).map(([id]) => id);
  }

  /** `Ref` of the resource whose logical id starts with `prefix`, or `Fn::GetAtt` of `attribute`. */
  public arn(prefix: string, attribute?: string, type?: string): string {
    const id = this.logicalId(prefix, type);
    return attribute ? this.resolver.getAtt(id, attribute) : this.resolver.ref(id);
  }

  /** The ARN of the role whose logical id starts with `prefix`. */
  public roleArn(prefix: string): string {
    return this.resolver.getAtt(this.logicalId(prefix, 'AWS::IAM::Role'), 'Arn');
  }

  /** An ARN in this template's account and Region, e.g. `alarm:HighLag` for service cloudwatch. */
  public localArn(service: string, resource: string, overrides: { region?: string; account?: string } = {}): string {
    return `arn:${this.env.partition}:${service}:${overrides.region ?? this.env.region}:${overrides.account ?? this.env.account}:${resource}`;
  }

  /** Every policy the template writes, resolved: identity policies, resource policies and trust policies. */
  public allPolicies(): LocatedPolicy[] {
    const out: LocatedPolicy[] = [];
    for (const [id, r] of Object.entries(this.resolver.resources)) {
      const p = r.Properties ?? {};
      const doc = (value: unknown) => asDocument(this.resolver.resolve(value));
      switch (r.Type) {
        case 'AWS::IAM::Role':
          out.push({ source: `${id}.AssumeRolePolicyDocument`, kind: 'trust', document: doc(p.AssumeRolePolicyDocument) });
          for (const [n, inline] of ((p.Policies ?? []) as Array<{ PolicyDocument: unknown }>).entries()) {
            out.push({ source: `${id}.Policies[${n}]`, kind: 'identity', document: doc(inline.PolicyDocument) });
          }
          break;
        case 'AWS::IAM::Policy':
        case 'AWS::IAM::ManagedPolicy':
          out.push({ source: `${id}.PolicyDocument`, kind: 'identity', document: doc(p.PolicyDocument) });
          break;
        default: {
          const property = RESOURCE_POLICY_PROPERTY[r.Type];
          if (property) {
            out.push({ source: `${id}.${property}`, kind: 'resource', document: doc(p[property]) });
          }
        }
      }
    }
    return out;
  }

  /** The identity policies of the role whose logical id starts with `prefix`. */
  public identityPolicies(prefix: string): Array<{ name: string; policy: PolicyDocument }> {
    const roleId = this.logicalId(prefix, 'AWS::IAM::Role');
    const role = this.resolver.resources[roleId];
    const roleName = this.resolver.ref(roleId);
    const policies: Array<{ name: string; policy: PolicyDocument }> = [];
    const inline = (role.Properties?.Policies ?? []) as Array<{ PolicyName: unknown; PolicyDocument: unknown }>;
    inline.forEach((p, n) => policies.push({ name: `${roleId}.Policies[${n}]`, policy: asDocument(this.resolver.resolve(p.PolicyDocument)) }));
    const attachedArns = new Set((this.resolver.resolve(role.Properties?.ManagedPolicyArns ?? []) as string[]));
    for (const [id, r] of Object.entries(this.resolver.resources)) {
      if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') {
        continue;
      }
      const roles = this.resolver.resolve(r.Properties?.Roles ?? []) as string[];
      const attached = roles.includes(roleName) || (r.Type === 'AWS::IAM::ManagedPolicy' && attachedArns.has(this.resolver.ref(id)));
      if (attached) {
        policies.push({ name: id, policy: asDocument(this.resolver.resolve(r.Properties?.PolicyDocument)) });
      }
    }
    return policies;
  }

  /** The resource policy that governs `resourceArn`, merged when several apply; undefined when none. */
  public resourcePolicy(resourceArn: string): PolicyDocument | undefined {
    const statements: PolicyStatementJson[] = [];
    const add = (value: unknown) => statements.push(...asDocument(value).Statement);
    const [, , service, , account, rest = ''] = resourceArn.split(':');
    for (const [id, r] of Object.entries(this.resolver.resources)) {
      const p = r.Properties ?? {};
      switch (r.Type) {
        case 'AWS::SNS::TopicPolicy':
          if (service === 'sns' && (this.resolver.resolve(p.Topics) as string[]).includes(resourceArn)) {
            add(this.resolver.resolve(p.PolicyDocument));
          }
          break;
        case 'AWS::KMS::Key':
          if (service === 'kms' && this.resolver.getAtt(id, 'Arn') === resourceArn) {
            add(this.resolver.resolve(p.KeyPolicy));
          }
          break;
        case 'AWS::S3::BucketPolicy':
          if (service === 's3' && this.resolver.resolve(p.Bucket) === rest.split('/')[0]) {
            add(this.resolver.resolve(p.PolicyDocument));
          }
          break;
        case 'AWS::SQS::QueuePolicy': {
          const urls = this.resolver.resolve(p.Queues) as string[];
          if (service === 'sqs' && urls.some((url) => url.endsWith(`/${account}/${rest}`))) {
            add(this.resolver.resolve(p.PolicyDocument));
          }
          break;
        }
        case 'AWS::MSK::ClusterPolicy':
          if (service === 'kafka' && clusterOf(resourceArn) === this.resolver.resolve(p.ClusterArn)) {
            add(this.resolver.resolve(p.Policy));
          }
          break;
        case 'AWS::Logs::ResourcePolicy':
          // Account-level CloudWatch Logs resource policies apply to every log group of the account and Region.
          if (service === 'logs') {
            add(JSON.parse(String(this.resolver.resolve(p.PolicyDocument))));
          }
          break;
        case 'AWS::IAM::Role':
          if (service === 'iam' && this.resolver.getAtt(id, 'Arn') === resourceArn) {
            add(this.resolver.resolve(p.AssumeRolePolicyDocument));
          }
          break;
        default:
      }
    }
    return statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined;
  }

  /** Whether AWS would allow the request, per the template's policies. */
  public async decide(request: AccessRequest): Promise<Decision> {
    return (await this.evaluate(request)).decision;
  }

  /** The decision with the simulation's inputs, for failure messages. */
  public async evaluate(request: AccessRequest): Promise<{ decision: Decision; simulation: Simulation }> {
    const principal = this.principalArn(request.principal);
    const isRole = 'role' in request.principal;
    const isService = 'service' in request.principal;
    const context: Record<string, string | string[]> = {
      'aws:SecureTransport': 'true',
      'aws:PrincipalIsAWSService': isService ? 'true' : 'false',
      ...(isService ? { 'aws:PrincipalServiceName': principal } : { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': accountOf(principal) }),
      ...request.context,
    };
    const simulation: Simulation = {
      request: {
        principal,
        action: request.action,
        resource: { resource: request.resource, accountId: this.resourceAccount(request.resource) },
        contextVariables: context,
      },
      identityPolicies: isRole ? this.identityPolicies((request.principal as { role: string }).role)
        : (request.identityPolicies ?? []).map((policy, n) => ({ name: `external-${n}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resource === '*' ? undefined : this.resourcePolicy(request.resource),
    };
    const [service, action] = request.action.split(':');
    const wildcardOnly = await isWildcardOnlyAction(service, action);
    if (AUTHORIZATION_GAPS[request.action] && request.resource !== '*' && wildcardOnly) {
      // AWS's data has no resource type for this action although AWS authorizes it per resource
      // (see AUTHORIZATION_GAPS): evaluate against the resource without the data's validation.
      return { decision: unvalidated(simulation), simulation };
    }
    if (request.resource === '*' && !wildcardOnly) {
      // A call AWS authorizes against no particular resource although the action can name one
      // (glue:GetSchemaVersion by SchemaVersionId): only statements on '*' match it. The
      // simulator would instead expand '*' into every resource the policies name.
      return { decision: unvalidated(simulation), simulation };
    }
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error') {
      throw new Error(`the simulator rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
    }
    const ignored = (result.resultType === 'single' ? result.result.ignoredContextKeys : result.results.flatMap((r) => r.ignoredContextKeys ?? [])) ?? [];
    const given = Object.keys(request.context ?? {}).filter((k) => ignored.includes(k));
    if (given.length > 0) {
      // The simulator matches variable keys only after a '/' (aws:ResourceTag/x), not after a
      // colon (kms:EncryptionContext:x): keys of that form are valid for the action, so evaluate
      // again, unvalidated, with them. Any other ignored key is a mistake in the test.
      const allowed = await allowedContextKeysForRequest(service, action, request.resource, false, undefined);
      const wrong = given.filter((k) => !allowed.some((a) => a.includes('${') && k.toLowerCase().startsWith(a.slice(0, a.indexOf('${')))));
      if (wrong.length > 0) {
        throw new Error(`context keys ${wrong.join(', ')} do not apply to ${request.action} on ${request.resource}`);
      }
      return { decision: unvalidated(simulation), simulation };
    }
    return { decision: result.overallResult, simulation };
  }

  private principalArn(principal: RequestPrincipal): string {
    if ('role' in principal) {
      return this.roleArn(principal.role);
    }
    return 'service' in principal ? principal.service : principal.arn;
  }

  private resourceAccount(resourceArn: string): string {
    if (resourceArn === '*') {
      return this.env.account;
    }
    const account = resourceArn.split(':')[4];
    return account ? account : this.env.account;
  }
}

/** The property that holds the resource policy of each resource type that has one. */
export const RESOURCE_POLICY_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::MSK::ClusterPolicy': 'Policy',
  'AWS::Logs::ResourcePolicy': 'PolicyDocument',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
};

/**
 * Runs the simulator without its input validation (the caller validated what it could). The
 * unvalidated engine loads the resource policy without a name, which its analysis needs: hand it
 * over in iam-policy's "validated policy" form, which carries one.
 */
function unvalidated(simulation: Simulation): Decision {
  const resourcePolicy = simulation.resourcePolicy === undefined ? undefined
    : { __validated: true, policyDocument: simulation.resourcePolicy, metadata: { name: 'resource policy' }, errors: [] };
  return runUnsafeSimulation({ ...simulation, resourcePolicy }, {});
}

function asDocument(value: unknown): PolicyDocument {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value;
  const doc = parsed as { Statement?: unknown };
  if (!doc || !Array.isArray(doc.Statement)) {
    throw new Error(`not a policy document: ${JSON.stringify(value)}`);
  }
  return doc as PolicyDocument;
}

/**
 * The ARN of a topic, group or transactional id of a cluster (MSK developer guide, "IAM access
 * control", resources: `arn:<partition>:kafka:<region>:<account>:topic/<cluster name>/<cluster uuid>/<topic>`).
 */
export function kafkaResourceArn(clusterArn: string, kind: 'topic' | 'group' | 'transactional-id', name: string): string {
  return `${clusterArn.replace(':cluster/', `:${kind}/`)}/${name}`;
}

/** The cluster ARN a kafka ARN (cluster, topic, group, transactional id) belongs to. */
function clusterOf(kafkaArn: string): string {
  const m = /^(arn:[^:]+:kafka:[^:]+:[^:]+:)(cluster|topic|group|transactional-id)\/([^/]+)\/([^/]+)/.exec(kafkaArn);
  return m ? `${m[1]}cluster/${m[3]}/${m[4]}` : kafkaArn;
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

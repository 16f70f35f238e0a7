import { DeployEnv, IdentityInput, RESOURCE_IDENTITIES, ResourceIdentity, stableHex } from './resource-identities';

/** A synthesized CloudFormation template (the parts the resolver reads). */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Condition?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves a template's intrinsic functions (Ref, Fn::GetAtt, Fn::Join, Fn::Split, Fn::Select,
 * Fn::Sub, Fn::If, Fn::Equals/Not/And/Or, Fn::Base64, pseudo parameters) to the concrete values a
 * deployment in `env` would produce: a Ref or GetAtt of a resource becomes a realistic name or ARN
 * for its type (see RESOURCE_IDENTITIES). Anything it cannot resolve throws, naming what.
 */
export class TemplateResolver {
  private readonly identities = new Map<string, ResourceIdentity>();
  private readonly resolving = new Set<string>();

  constructor(public readonly template: CfnTemplate, public readonly env: DeployEnv) {}

  /** The resources of the template. */
  public get resources(): Record<string, CfnResource> {
    return this.template.Resources ?? {};
  }

  /** A value with every intrinsic resolved. */
  public resolve(value: unknown): Json {
    const resolved = this.walk(value);
    if (resolved === NO_VALUE) {
      throw new Error('AWS::NoValue at the top level');
    }
    return resolved;
  }

  /** What `Ref` of a logical id (resource, parameter or pseudo parameter) returns. */
  public ref(name: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Partition': this.env.partition,
      'AWS::Region': this.env.region,
      'AWS::AccountId': this.env.account,
      'AWS::URLSuffix': this.env.urlSuffix,
      'AWS::StackName': this.env.stackName,
      'AWS::StackId': `arn:${this.env.partition}:cloudformation:${this.env.region}:${this.env.account}:stack/${this.env.stackName}/${stableHex(this.env.stackName, 8)}-0000-4000-8000-000000000000`,
      'AWS::NotificationARNs': '',
    };
    if (name in pseudo) {
      return pseudo[name];
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) {
        throw new Error(`Ref: parameter '${name}' has no default`);
      }
      return String(parameter.Default);
    }
    return this.identity(name).ref;
  }

  /** What `Fn::GetAtt` of a resource attribute returns. */
  public getAtt(logicalId: string, attribute: string): string {
    const value = this.identity(logicalId).attributes[attribute];
    if (value === undefined) {
      throw new Error(`Fn::GetAtt: no value for ${this.resources[logicalId]?.Type}.${attribute} (${logicalId}); add it to RESOURCE_IDENTITIES`);
    }
    return value;
  }

  private identity(logicalId: string): ResourceIdentity {
    const cached = this.identities.get(logicalId);
    if (cached) {
      return cached;
    }
    const resource = this.resources[logicalId];
    if (!resource) {
      throw new Error(`Ref: no resource or parameter '${logicalId}' in the template`);
    }
    if (this.resolving.has(logicalId)) {
      throw new Error(`circular reference through '${logicalId}'`);
    }
    this.resolving.add(logicalId);
    try {
      const input: IdentityInput = {
        logicalId,
        type: resource.Type,
        env: this.env,
        prop: (name) => {
          const raw = resource.Properties?.[name];
          return raw === undefined ? undefined : this.resolve(raw);
        },
      };
      const fn = RESOURCE_IDENTITIES[resource.Type] ?? (isCustom(resource.Type) ? customIdentity : undefined);
      if (!fn) {
        throw new Error(`no identity for resource type ${resource.Type} (${logicalId}); add it to RESOURCE_IDENTITIES`);
      }
      const identity = fn(input);
      this.identities.set(logicalId, identity);
      return identity;
    } finally {
      this.resolving.delete(logicalId);
    }
  }

  private walk(value: unknown): Json | typeof NO_VALUE {
    if (value === null || typeof value !== 'object') {
      return value as Json;
    }
    if (Array.isArray(value)) {
      return value.map((v) => this.walk(v)).filter((v): v is Json => v !== NO_VALUE);
    }
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
      return this.intrinsic(keys[0], obj[keys[0]]);
    }
    const out: Record<string, Json> = {};
    for (const key of keys) {
      const v = this.walk(obj[key]);
      if (v !== NO_VALUE) {
        out[key] = v;
      }
    }
    return out;
  }

  private intrinsic(name: string, arg: unknown): Json | typeof NO_VALUE {
    switch (name) {
      case 'Ref':
        return arg === 'AWS::NoValue' ? NO_VALUE : this.ref(String(arg));
      case 'Fn::GetAtt': {
        const [logicalId, ...path] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        return this.getAtt(logicalId, path.join('.'));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown];
        return this.list(parts).map(String).join(separator);
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return this.str(source).split(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = this.list(list);
        const at = Number(this.walk(index));
        if (!(at >= 0 && at < items.length)) {
          throw new Error(`Fn::Select: index ${at} out of ${JSON.stringify(items)}`);
        }
        return items[at];
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        return this.walk(this.condition(condition) ? whenTrue : whenFalse);
      }
      case 'Fn::Equals': {
        const [a, b] = arg as [unknown, unknown];
        return JSON.stringify(this.walk(a)) === JSON.stringify(this.walk(b));
      }
      case 'Fn::Not':
        return !this.truthy((arg as unknown[])[0]);
      case 'Fn::And':
        return (arg as unknown[]).every((c) => this.truthy(c));
      case 'Fn::Or':
        return (arg as unknown[]).some((c) => this.truthy(c));
      case 'Condition':
        return this.condition(String(arg));
      case 'Fn::Base64':
        return Buffer.from(this.str(arg)).toString('base64');
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((az) => `${this.env.region}${az}`);
      case 'Fn::ToJsonString':
        return JSON.stringify(this.walk(arg));
      default:
        throw new Error(`intrinsic ${name} is not supported by the resolver`);
    }
  }

  private sub(arg: unknown): string {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_m, expr: string) => {
      if (expr in variables) {
        return this.str(variables[expr]);
      }
      if (expr.includes('.') && !expr.startsWith('AWS::')) {
        const [logicalId, ...path] = expr.split('.');
        return this.getAtt(logicalId, path.join('.'));
      }
      return this.ref(expr);
    }).replace(/\$\{!/g, '${');
  }

  private condition(name: string): boolean {
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) {
      throw new Error(`condition '${name}' is not defined`);
    }
    return this.truthy(definition);
  }

  private truthy(value: unknown): boolean {
    const v = this.walk(value);
    if (typeof v !== 'boolean') {
      throw new Error(`expected a condition, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  private str(value: unknown): string {
    const v = this.walk(value);
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw new Error(`expected a string, got ${JSON.stringify(v)}`);
    }
    return String(v);
  }

  private list(value: unknown): Json[] {
    const v = this.walk(value);
    if (!Array.isArray(v)) {
      throw new Error(`expected a list, got ${JSON.stringify(v)}`);
    }
    return v;
  }
}

function isCustom(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** A custom resource: any attribute reads as a plain string derived from its name. */
function customIdentity(input: IdentityInput): ResourceIdentity {
  return {
    ref: `${input.env.stackName}-${input.logicalId}-${stableHex(input.logicalId, 8)}`,
    attributes: new Proxy({}, { get: (_t, attribute: string) => `${attribute}-${stableHex(input.logicalId, 8)}` }),
  };
}

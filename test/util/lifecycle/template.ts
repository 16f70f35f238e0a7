/** The parts of a synthesized CloudFormation template the lifecycle classifier reads. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: string | string[];
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

/** The value at a dotted path (`A.B.C`), mapping over arrays on the way; undefined when absent. */
export function valueAt(properties: unknown, dottedPath: string): unknown {
  let values: unknown[] = [properties];
  for (const key of dottedPath.split('.')) {
    values = values.flatMap((v) => (Array.isArray(v) ? v.map((item) => field(item, key)) : [field(v, key)]));
  }
  const defined = values.filter((v) => v !== undefined);
  if (defined.length === 0) {
    return undefined;
  }
  return values.length === 1 ? values[0] : values;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The logical ids a template value refers to: `Ref`, `Fn::GetAtt` (array or `Id.Attr` string) and the
 * `${Id}` / `${Id.Attr}` variables of `Fn::Sub` (pseudo parameters such as `AWS::Region` are left out).
 */
export function referencedIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (typeof v !== 'object' || v === null) {
      return;
    }
    for (const [key, inner] of Object.entries(v as Record<string, unknown>)) {
      if (key === 'Ref' && typeof inner === 'string') {
        addId(ids, inner);
      } else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(inner) ? inner[0] : typeof inner === 'string' ? inner.split('.')[0] : undefined;
        if (typeof target === 'string') {
          addId(ids, target);
        }
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        const locals = Array.isArray(inner) && typeof inner[1] === 'object' && inner[1] !== null ? Object.keys(inner[1] as object) : [];
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const name = match[1].split('.')[0];
            if (!locals.includes(name)) {
              addId(ids, name);
            }
          }
        }
        if (Array.isArray(inner)) {
          visit(inner[1]);
        }
      } else {
        visit(inner);
      }
    }
  };
  visit(value);
  return ids;
}

function addId(ids: Set<string>, id: string): void {
  if (!id.startsWith('AWS::')) {
    ids.add(id);
  }
}

/**
 * The logical ids `id` waits for in `template`, directly or through others: its DependsOn and the resources its
 * properties refer to (CloudFormation creates and updates those first).
 */
export function prerequisites(template: CfnTemplate, id: string): Set<string> {
  const resources = template.Resources ?? {};
  const found = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    const resource = resources[queue.shift()!];
    if (resource === undefined) {
      continue;
    }
    const dependsOn = resource.DependsOn === undefined ? [] : Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn];
    for (const next of [...dependsOn, ...referencedIds(resource.Properties)]) {
      if (!found.has(next)) {
        found.add(next);
        queue.push(next);
      }
    }
  }
  return found;
}

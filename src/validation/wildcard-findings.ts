import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledge } from './acknowledgements';

/**
 * Acknowledges AwsSolutions-IAM5 for exactly the wildcard resources of `statements`, on
 * `policy`. cdk-nag reports one finding per wildcard resource, named by the resource with
 * CloudFormation references flattened (`{Ref: X}` -> `<X>`, `{Fn::GetAtt: [X, Y]}` -> `<X.Y>`,
 * `Fn::Join` joined); the ids computed here follow that naming. Statements added to the policy
 * later (by users) are not acknowledged. Call it once the statements are final.
 */
export function acknowledgeWildcardResources(policy: IConstruct, statements: iam.PolicyStatement[], reason: string): void {
  const stack = Stack.of(policy);
  const flattened = new Set<string>();
  for (const statement of statements) {
    const resolved: unknown = stack.resolve(statement.toStatementJson().Resource);
    for (const resource of Array.isArray(resolved) ? resolved : [resolved]) {
      const flat = flatten(resource);
      if (flat.includes('*')) {
        flattened.add(flat);
      }
    }
  }
  acknowledge(policy, [...flattened].map((flat) => ({ rule: `AwsSolutions-IAM5[Resource::${flat}]`, reason })));
}

/** A resolved CloudFormation value as one string, references written `<Name>` or `<Name.Attribute>`. */
function flatten(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const record = value as Record<string, unknown>;
  if (Array.isArray(record['Fn::Join'])) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  if (record['Fn::Sub'] !== undefined) {
    return flatten(record['Fn::Sub']);
  }
  if (Array.isArray(record['Fn::GetAtt'])) {
    const [name, attribute] = record['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(name)}.${flatten(attribute)}>`;
  }
  if (record['Fn::ImportValue'] !== undefined) {
    return flatten(record['Fn::ImportValue']);
  }
  if (record.Ref !== undefined) {
    return `<${flatten(record.Ref)}>`;
  }
  return JSON.stringify(value);
}

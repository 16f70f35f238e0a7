import { CfnResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { fingerprint, UpdateGuard } from '../../custom-resources/update-guard';

const SCHEMA_LOST = 'CloudFormation would create a new schema and delete the old one with every version in it (or, retained, leave it outside '
  + 'the stack), and a record that names a version of the old schema could no longer be read through the new one';

/**
 * Guards a Glue registry (`registry`, its AWS::Glue::Registry) against a deployment that renames it, which
 * would replace it with every schema in it (../../custom-resources/update-guard.ts).
 */
export function guardRegistryUpdates(scope: Construct, registry: CfnResource, registryName: string): UpdateGuard {
  return new UpdateGuard(scope, 'UpdateGuard', {
    subject: `schema registry ${scope.node.path}`,
    guarded: [registry],
    settings: [{
      property: 'registryName',
      value: registryName,
      change: 'replaces',
      reason: 'Name is create-only on AWS::Glue::Registry ("Update requires: Replacement", CloudFormation template reference): CloudFormation '
        + 'would create a new, empty registry and delete the old one with its schemas and their versions (or, retained, leave it outside the stack), '
        + 'and serializers and deserializers that use it would fail. Fix: revert the change. To move to a new registry deliberately, add it under a '
        + 'new construct id, register the schemas there and move the clients, then remove the old one.',
    }],
  });
}

/** What a schema's update guard compares. */
export interface SchemaGuardSettings {
  readonly schemaName: string;
  readonly dataFormat: string;
  readonly definition: string;
}

/**
 * Guards a Glue schema (`schema`, its AWS::Glue::Schema) against a deployment that changes its name, data
 * format or first definition, each of which would replace it with its versions.
 */
export function guardSchemaUpdates(scope: Construct, schema: CfnResource, settings: SchemaGuardSettings): UpdateGuard {
  const createOnly = (property: string) => `${property} is create-only on AWS::Glue::Schema ("Update requires: Replacement", CloudFormation template reference): `;
  return new UpdateGuard(scope, 'UpdateGuard', {
    subject: `schema '${settings.schemaName}' (${scope.node.path})`,
    guarded: [schema],
    settings: [
      {
        property: 'schemaName',
        value: settings.schemaName,
        change: 'replaces',
        reason: `${createOnly('Name')}${SCHEMA_LOST}. Fix: revert the change. To start a new schema deliberately, add it under a new construct id.`,
      },
      {
        property: 'dataFormat',
        value: settings.dataFormat,
        change: 'replaces',
        reason: `${createOnly('DataFormat')}a schema keeps its data format; a replacement of the same name fails while the old one exists. `
          + 'Fix: revert the change. To use another format, add a new schema under a new construct id and another schemaName.',
      },
      {
        // A fingerprint, not the text: a definition may be up to 170,000 characters.
        property: 'definition',
        value: fingerprint(settings.definition),
        change: 'replaces',
        reason: `${createOnly('SchemaDefinition')}the definition is the schema's first version, and a replacement of the same name fails while `
          + 'the old one exists. Fix: revert the change and add the new definition with schema.addVersion(), which Glue checks against the '
          + 'compatibility mode.',
      },
    ],
  });
}

import { Token } from 'aws-cdk-lib';
import { registerRules } from '../../validation/registry';
import { Rule } from '../../validation/rules';

/** Glue registry and schema names: letters, digits, '-', '_', '$', '#', '.'; 1–255 characters. */
const GLUE_NAME = /^[a-zA-Z0-9\-_$#.]{1,255}$/;
/** Longest schema definition Glue accepts, in characters. */
export const MAX_SCHEMA_DEFINITION = 170000;
/** Longest registry or schema description. */
export const MAX_GLUE_DESCRIPTION = 1000;

/** What the registry rules look at. */
export interface SchemaRegistryFacts {
  readonly registryName: string;
  readonly description?: string;
}

/** What the schema and schema version rules look at. */
export interface SchemaFacts {
  readonly where: string;
  readonly schemaName: string;
  /** Data format: AVRO, JSON or PROTOBUF. */
  readonly dataFormat: string;
  readonly definition: string;
  readonly description?: string;
}

/** What the schema-name rule of `addSchema` looks at. */
export interface SchemaNameFacts {
  readonly schemaName: string;
  /** Names of the schemas already added to the registry. */
  readonly existingNames: string[];
}

/** A literal registry ARN: `arn:<partition>:glue:<region>:<account>:registry/<name>`. */
const REGISTRY_ARN = /^arn:[a-z0-9-]+:glue:[a-z0-9-]+:\d{12}:registry\/[a-zA-Z0-9\-_$#.]{1,255}$/;

const badName = (name: string) => !Token.isUnresolved(name) && !GLUE_NAME.test(name);
const tooLong = (text: string | undefined, max: number) => text !== undefined && !Token.isUnresolved(text) && text.length > max;

/** True when an Avro or JSON definition is not JSON text (Avro schemas are written in JSON). */
export function definitionIsNotJson(format: string, definition: string): boolean {
  if (Token.isUnresolved(definition) || (format !== 'AVRO' && format !== 'JSON')) {
    return false;
  }
  try {
    JSON.parse(definition);
    return false;
  } catch {
    return true;
  }
}

export const SCHEMA_REGISTRY_RULES: Rule<SchemaRegistryFacts>[] = [
  {
    id: 'SchemaRegistryNameInvalid',
    failsWhen: (f) => badName(f.registryName),
    message: (f) => `registryName: '${f.registryName}' is not a Glue registry name. Fix: use 1–255 letters, digits, '-', '_', '$', '#' or '.'.`,
  },
  {
    id: 'SchemaRegistryDescriptionTooLong',
    failsWhen: (f) => tooLong(f.description, MAX_GLUE_DESCRIPTION),
    message: (f) => `description: ${f.description?.length} characters, above the ${MAX_GLUE_DESCRIPTION} Glue allows. Fix: shorten it.`,
  },
];
registerRules({ name: 'SCHEMA_REGISTRY_RULES', file: 'src/integrations/glue/schema-registry-rules.ts', severity: 'error', checkedBy: ['SchemaRegistry'] }, SCHEMA_REGISTRY_RULES);


export const SCHEMA_RULES: Rule<SchemaFacts>[] = [
  {
    id: 'SchemaNameInvalid',
    failsWhen: (f) => badName(f.schemaName),
    message: (f) => `schemaName: '${f.schemaName}' is not a Glue schema name. Fix: use 1–255 letters, digits, '-', '_', '$', '#' or '.'.`,
  },
  {
    id: 'SchemaDefinitionEmpty',
    failsWhen: (f) => !Token.isUnresolved(f.definition) && f.definition.trim().length === 0,
    message: (f) => `${f.where}: the definition is empty. Fix: give the ${f.dataFormat} schema text.`,
  },
  {
    id: 'SchemaDefinitionTooLong',
    failsWhen: (f) => tooLong(f.definition, MAX_SCHEMA_DEFINITION),
    message: (f) => `${f.where}: the definition has ${f.definition.length} characters, above the ${MAX_SCHEMA_DEFINITION} Glue accepts. Fix: split the schema or use references.`,
  },
  {
    id: 'SchemaDefinitionNotJson',
    failsWhen: (f) => f.definition.trim().length > 0 && definitionIsNotJson(f.dataFormat, f.definition),
    message: (f) => `${f.where}: the definition is not valid JSON, which every ${f.dataFormat} schema is. Fix: pass the schema as JSON text, e.g. JSON.stringify(schemaObject).`,
  },
  {
    id: 'SchemaDescriptionTooLong',
    failsWhen: (f) => tooLong(f.description, MAX_GLUE_DESCRIPTION),
    message: (f) => `description: ${f.description?.length} characters, above the ${MAX_GLUE_DESCRIPTION} Glue allows. Fix: shorten it.`,
  },
];
registerRules({ name: 'SCHEMA_RULES', file: 'src/integrations/glue/schema-registry-rules.ts', severity: 'error', checkedBy: ['RegistrySchema'] }, SCHEMA_RULES);


export const SCHEMA_NAME_RULES: Rule<SchemaNameFacts>[] = [
  {
    id: 'SchemaNameDuplicate',
    failsWhen: (f) => !Token.isUnresolved(f.schemaName) && f.existingNames.includes(f.schemaName),
    message: (f) => `schemaName: the registry already has a schema '${f.schemaName}'. Fix: use another name, or add a version with schema.addVersion().`,
  },
];
registerRules({ name: 'SCHEMA_NAME_RULES', file: 'src/integrations/glue/schema-registry-rules.ts', severity: 'error', checkedBy: ['SchemaRegistry'] }, SCHEMA_NAME_RULES);


export const REGISTRY_ARN_RULES: Rule<string>[] = [
  {
    id: 'SchemaRegistryArnInvalid',
    failsWhen: (arn) => !Token.isUnresolved(arn) && !REGISTRY_ARN.test(arn),
    message: (arn) => `registryArn: '${arn}' is not a Glue registry ARN. Fix: use arn:<partition>:glue:<region>:<account>:registry/<name>.`,
  },
];
registerRules({ name: 'REGISTRY_ARN_RULES', file: 'src/integrations/glue/schema-registry-rules.ts', severity: 'error', checkedBy: ['SchemaRegistry'] }, REGISTRY_ARN_RULES);


import { RemovalPolicy, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ManagedPolicyGrantee } from '../../src';
import { RegistrySchema, SchemaCompatibility, SchemaFormat, SchemaRegistry } from '../../src/integrations/glue/schema-registry';
import { REGISTRY_ARN_RULES, SCHEMA_NAME_RULES, SCHEMA_REGISTRY_RULES, SCHEMA_RULES } from '../../src/integrations/glue/schema-registry-rules';
import { errorOf } from '../util/errors';
import { testApp } from '../util/stacks';
import { formatFindings, runValidatorWall, wallApp } from '../util/validator-wall';

const ORDER_V1 = JSON.stringify({
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'shop',
  fields: [{ name: 'orderId', type: 'string' }, { name: 'amountCents', type: 'long' }],
});
const ORDER_V2 = JSON.stringify({
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'shop',
  fields: [{ name: 'orderId', type: 'string' }, { name: 'amountCents', type: 'long' }, { name: 'currency', type: 'string', default: 'EUR' }],
});
const REGISTRY_ARN = 'arn:aws:glue:eu-west-1:222222222222:registry/shared-events';

type Statement = { Action: string | string[]; Resource: unknown };

function stack(): Stack {
  return new Stack(testApp(), 'Test', { env: { region: 'us-east-1', account: '111111111111' } });
}

function grantedStatements(s: Stack): Statement[] {
  return Object.values(Template.fromStack(s).findResources('AWS::IAM::ManagedPolicy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

const actions = (statements: Statement[]) => statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));

function grantee(s: Stack, id = 'App'): ManagedPolicyGrantee {
  const role = new iam.Role(s, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return new ManagedPolicyGrantee(s, id, { role });
}

describe('registry and schemas', () => {
  test('a registry and a schema are retained by default; compatibility defaults to BACKWARD', () => {
    const s = stack();
    const registry = new SchemaRegistry(s, 'Registry', { registryName: 'orders', description: 'Order events' });
    registry.addSchema('OrderPlaced', { schemaName: 'orders-value', dataFormat: SchemaFormat.avro(), definition: ORDER_V1 });
    const template = Template.fromStack(s);
    template.hasResource('AWS::Glue::Registry', {
      Properties: { Name: 'orders', Description: 'Order events' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResource('AWS::Glue::Schema', {
      Properties: {
        Name: 'orders-value',
        DataFormat: 'AVRO',
        Compatibility: 'BACKWARD',
        SchemaDefinition: ORDER_V1,
        Registry: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Registry'), 'Arn'] } },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('removal policy, format and compatibility can be chosen; schemas follow the registry', () => {
    const s = stack();
    const registry = new SchemaRegistry(s, 'Registry', { removalPolicy: RemovalPolicy.DESTROY });
    registry.addSchema('Telemetry', {
      schemaName: 'telemetry',
      dataFormat: SchemaFormat.json(),
      compatibility: SchemaCompatibility.fullAll(),
      definition: JSON.stringify({ type: 'object', properties: { deviceId: { type: 'string' } } }),
    });
    const template = Template.fromStack(s);
    template.hasResource('AWS::Glue::Registry', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::Glue::Schema', { Properties: { DataFormat: 'JSON', Compatibility: 'FULL_ALL' }, DeletionPolicy: 'Delete' });
  });

  test('the generated registry name is a valid Glue name', () => {
    const s = stack();
    const registry = new SchemaRegistry(s, 'Registry');
    expect(registry.registryName).toMatch(/^[a-zA-Z0-9\-_$#.]{1,255}$/);
  });

  test('addVersion registers versions in order, after the schema', () => {
    const s = stack();
    const schema = new SchemaRegistry(s, 'Registry').addSchema('Orders', { schemaName: 'orders', dataFormat: SchemaFormat.avro(), definition: ORDER_V1 });
    const v2 = schema.addVersion('V2', ORDER_V2);
    const v3 = schema.addVersion('V3', ORDER_V2.replace('"EUR"', '"USD"'));
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::Glue::SchemaVersion', 2);
    template.hasResourceProperties('AWS::Glue::SchemaVersion', {
      Schema: { SchemaArn: { 'Fn::GetAtt': [s.getLogicalId(schema.cfnSchema), 'Arn'] } },
      SchemaDefinition: ORDER_V2,
    });
    const resources = template.toJSON().Resources;
    expect(resources[s.getLogicalId(v3)].DependsOn).toEqual([s.getLogicalId(v2)]);
    expect(resources[s.getLogicalId(v2)].DependsOn).toEqual([s.getLogicalId(schema.cfnSchema)]);
    expect(resources[s.getLogicalId(v2)].DeletionPolicy).toBe('Retain');
  });
});

describe('grants', () => {
  test('grantRead: GetRegistry on the registry, schema reads on its schemas; no write', () => {
    const s = stack();
    const registry = new SchemaRegistry(s, 'Registry', { registryName: 'orders' });
    registry.grantRead(grantee(s));
    const statements = grantedStatements(s);
    const registryArn = { 'Fn::GetAtt': [expect.stringMatching(/^Registry/), 'Arn'] };
    const schemasArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:us-east-1:111111111111:schema/orders/*']] };
    expect(statements).toEqual([
      // By schema version id, a call that names no registry: "*" in its own statement (Glue schema registry IAM examples for deserializers).
      { Effect: 'Allow', Action: 'glue:GetSchemaVersion', Resource: '*' },
      { Effect: 'Allow', Action: 'glue:GetRegistry', Resource: registryArn },
      { Effect: 'Allow', Action: ['glue:GetSchema', 'glue:GetSchemaByDefinition', 'glue:ListSchemaVersions'], Resource: [registryArn, schemasArn] },
    ]);
    expect(actions(statements)).not.toContain('glue:RegisterSchemaVersion');
    expect(actions(statements)).not.toContain('glue:CreateSchema');
  });

  test('grantWrite: registers versions; CreateSchema only with allowCreateSchema', () => {
    const plain = stack();
    new SchemaRegistry(plain, 'Registry').grantWrite(grantee(plain, 'Producer'));
    expect(actions(grantedStatements(plain))).toContain('glue:RegisterSchemaVersion');
    expect(actions(grantedStatements(plain))).not.toContain('glue:CreateSchema');
    const auto = stack();
    new SchemaRegistry(auto, 'Registry').grantWrite(grantee(auto, 'AutoRegistering'), { allowCreateSchema: true });
    expect(actions(grantedStatements(auto))).toContain('glue:CreateSchema');
  });

  test('a schema grants on itself only', () => {
    const s = stack();
    const schema = new SchemaRegistry(s, 'Registry').addSchema('Orders', { schemaName: 'orders', dataFormat: SchemaFormat.avro(), definition: ORDER_V1 });
    schema.grantWrite(grantee(s));
    const statements = grantedStatements(s);
    const text = JSON.stringify(statements.filter((st) => st.Resource !== '*'));
    expect(text).toContain(s.getLogicalId(schema.cfnSchema));
    expect(text).not.toContain('/*');
    expect(statements.filter((st) => st.Resource === '*')).toEqual([{ Effect: 'Allow', Action: 'glue:GetSchemaVersion', Resource: '*' }]);
  });

  test('an imported registry: name parsed, grants in its own account and Region', () => {
    const s = stack();
    const registry = SchemaRegistry.fromRegistryArn(s, 'Shared', REGISTRY_ARN);
    expect(registry.registryName).toBe('shared-events');
    expect(registry.env.region).toBe('eu-west-1');
    registry.grantRead(grantee(s));
    const text = JSON.stringify(grantedStatements(s));
    expect(text).toContain(REGISTRY_ARN);
    expect(text).toContain('arn:aws:glue:eu-west-1:222222222222:schema/shared-events/*');
  });
});

describe('validation', () => {
  test.each([
    ['the registry name has a space', () => new SchemaRegistry(stack(), 'R', { registryName: 'my registry' }), 'SchemaRegistryNameInvalid'],
    ['the registry description is too long', () => new SchemaRegistry(stack(), 'R', { description: 'x'.repeat(1001) }), 'SchemaRegistryDescriptionTooLong'],
    ['the registry ARN is not a Glue registry ARN', () => SchemaRegistry.fromRegistryArn(stack(), 'R', 'arn:aws:glue:us-east-1:111111111111:schema/x/y'), 'SchemaRegistryArnInvalid'],
  ])('fails when %s', (_name, make, id) => {
    expect(errorOf(make)).toContain(`[${id}]`);
  });

  const addSchema = (options: Partial<Parameters<SchemaRegistry['addSchema']>[1]>): RegistrySchema => {
    const registry = new SchemaRegistry(stack(), 'Registry');
    return registry.addSchema('S', { schemaName: 'orders', dataFormat: SchemaFormat.avro(), definition: ORDER_V1, ...options });
  };

  test.each([
    ['the schema name has a slash', { schemaName: 'orders/value' }, 'SchemaNameInvalid'],
    ['the definition is empty', { definition: '  ' }, 'SchemaDefinitionEmpty'],
    ['the definition is too long', { definition: JSON.stringify({ doc: 'x'.repeat(170000) }) }, 'SchemaDefinitionTooLong'],
    ['an Avro definition is not JSON', { definition: 'record OrderPlaced { string orderId; }' }, 'SchemaDefinitionNotJson'],
    ['a JSON Schema definition is not JSON', { dataFormat: SchemaFormat.json(), definition: '{ type: object }' }, 'SchemaDefinitionNotJson'],
    ['the description is too long', { description: 'x'.repeat(1001) }, 'SchemaDescriptionTooLong'],
  ])('fails when %s', (_name, options, id) => {
    expect(errorOf(() => addSchema(options))).toContain(`[${id}]`);
  });

  test('a Protobuf definition is not parsed as JSON', () => {
    expect(() => addSchema({ dataFormat: SchemaFormat.protobuf(), definition: 'syntax = "proto3"; message OrderPlaced { string order_id = 1; }' })).not.toThrow();
  });

  test('fails when two schemas of a registry share a name', () => {
    const registry = new SchemaRegistry(stack(), 'Registry');
    registry.addSchema('A', { schemaName: 'orders', dataFormat: SchemaFormat.avro(), definition: ORDER_V1 });
    expect(errorOf(() => registry.addSchema('B', { schemaName: 'orders', dataFormat: SchemaFormat.avro(), definition: ORDER_V1 })))
      .toContain('[SchemaNameDuplicate] schemaName: the registry already has a schema \'orders\'');
  });

  test('fails when a version is not JSON, naming the version', () => {
    const schema = addSchema({});
    expect(errorOf(() => schema.addVersion('V2', 'not json'))).toContain('[SchemaDefinitionNotJson] addVersion(\'V2\'):');
  });

  test('every rule id is unique and PascalCase', () => {
    const ids = [...SCHEMA_REGISTRY_RULES, ...SCHEMA_RULES, ...SCHEMA_NAME_RULES, ...REGISTRY_ARN_RULES].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(/^Schema[A-Z][A-Za-z]+$/));
  });
});

describe('the validator wall', () => {
  const app = wallApp();
  const s = new Stack(app, 'Schemas', { env: { region: 'us-east-1' } });
  const registry = new SchemaRegistry(s, 'Registry');
  const orders = registry.addSchema('Orders', { schemaName: 'orders-value', dataFormat: SchemaFormat.avro(), definition: ORDER_V1 });
  orders.addVersion('V2', ORDER_V2);
  orders.grantWrite(grantee(s, 'Producer'));
  orders.grantRead(grantee(s, 'Consumer'));
  const wall = runValidatorWall(app);

  test('passes: built-in CloudFormation validation, six cdk-nag packs, cfn-guard', () => {
    expect(formatFindings(wall.errors)).toEqual([]);
  });

  test('has no warnings on the registry', () => {
    expect(formatFindings(wall.warnings.filter((f) => f.resource.startsWith('Schemas/Registry')))).toEqual([]);
  });

  test('the wall saw the registry, the schema and its version', () => {
    const template = Template.fromStack(s);
    ['AWS::Glue::Registry', 'AWS::Glue::Schema', 'AWS::Glue::SchemaVersion'].forEach((type) => template.resourceCountIs(type, 1));
  });
});

import { Arn, ArnFormat, IResource, Names, RemovalPolicy, Resource, aws_glue as glue, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IDependable } from 'constructs';
import { REGISTRY_ARN_RULES, SCHEMA_NAME_RULES, SCHEMA_REGISTRY_RULES, SCHEMA_RULES } from './schema-registry-rules';
import { guardRegistryUpdates, guardSchemaUpdates } from './schema-registry-update-guard';
import { ManagedPolicyGrantee } from '../../auth/managed-policy-grantee';
import { checkRules } from '../../validation/rules';
import { acknowledgeWildcardResources } from '../../validation/wildcard-findings';

/** The data format of a schema. Fixed at creation. */
export class SchemaFormat {
  /** Apache Avro. */
  public static avro(): SchemaFormat {
    return new SchemaFormat('AVRO');
  }

  /** JSON Schema. */
  public static json(): SchemaFormat {
    return new SchemaFormat('JSON');
  }

  /** Protocol Buffers (proto2 or proto3). */
  public static protobuf(): SchemaFormat {
    return new SchemaFormat('PROTOBUF');
  }

  /** `AVRO`, `JSON` or `PROTOBUF`, as AWS::Glue::Schema takes it. */
  public readonly format: string;

  private constructor(format: string) {
    this.format = format;
  }
}

/**
 * Which new versions Glue accepts for a schema. Checked by Glue when a version is registered:
 * an incompatible `addVersion()` fails the deployment.
 */
export class SchemaCompatibility {
  /** Any change is accepted; no compatibility check. */
  public static none(): SchemaCompatibility {
    return new SchemaCompatibility('NONE');
  }

  /** No new versions can be registered. */
  public static disabled(): SchemaCompatibility {
    return new SchemaCompatibility('DISABLED');
  }

  /** Consumers on the new version can read data written with the previous version (Glue's default). */
  public static backward(): SchemaCompatibility {
    return new SchemaCompatibility('BACKWARD');
  }

  /** Consumers on the new version can read data written with every earlier version. */
  public static backwardAll(): SchemaCompatibility {
    return new SchemaCompatibility('BACKWARD_ALL');
  }

  /** Consumers on the previous version can read data written with the new version. */
  public static forward(): SchemaCompatibility {
    return new SchemaCompatibility('FORWARD');
  }

  /** Consumers on every earlier version can read data written with the new version. */
  public static forwardAll(): SchemaCompatibility {
    return new SchemaCompatibility('FORWARD_ALL');
  }

  /** Backward and forward compatible with the previous version. */
  public static full(): SchemaCompatibility {
    return new SchemaCompatibility('FULL');
  }

  /** Backward and forward compatible with every earlier version. */
  public static fullAll(): SchemaCompatibility {
    return new SchemaCompatibility('FULL_ALL');
  }

  /** The Glue compatibility mode, e.g. `BACKWARD`. */
  public readonly mode: string;

  private constructor(mode: string) {
    this.mode = mode;
  }
}

/** Options of `grantWrite`. */
export interface SchemaWriteOptions {
  /**
   * Also allow glue:CreateSchema, for serializers with schema auto-registration on.
   * @default false
   */
  readonly allowCreateSchema?: boolean;
}

/** A Glue Schema Registry, defined in this app or imported. */
export interface ISchemaRegistry extends IResource {
  /**
   * ARN of the registry.
   * @attribute
   */
  readonly registryArn: string;
  /**
   * Name of the registry.
   * @attribute
   */
  readonly registryName: string;

  /**
   * Lets `grantee` read the registry and every schema in it (consumers and deserializers):
   * glue:GetRegistry, GetSchema, GetSchemaVersion, GetSchemaByDefinition, ListSchemaVersions.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * Lets `grantee` register new versions of the schemas in the registry (producers and
   * serializers): the read actions plus glue:RegisterSchemaVersion, PutSchemaVersionMetadata
   * and QuerySchemaVersionMetadata, and glue:CreateSchema with `allowCreateSchema`.
   */
  grantWrite(grantee: iam.IGrantable, options?: SchemaWriteOptions): iam.Grant;
}

/** Props of {@link SchemaRegistry}. */
export interface SchemaRegistryProps {
  /**
   * Name of the registry. Fixed at creation: a deployment that changes it (which would replace
   * the registry and its schemas) fails before the registry is touched.
   * @default - a unique name generated from the construct path
   */
  readonly registryName?: string;
  /**
   * Description of the registry.
   * @default - none
   */
  readonly description?: string;
  /**
   * What happens to the registry, and the default for its schemas, when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** A schema to add to a registry with `registry.addSchema()`. */
export interface SchemaOptions {
  /**
   * Name of the schema (often the topic name, or `<topic>-value`). Fixed at creation: a
   * deployment that changes it (which would replace the schema) fails before the schema is touched.
   */
  readonly schemaName: string;
  /** Data format of the schema. Fixed at creation, like `schemaName`. */
  readonly dataFormat: SchemaFormat;
  /**
   * The first version of the schema, as text (Avro and JSON Schema: JSON text). Fixed at
   * creation: a deployment that changes it (which would replace the schema) fails before the
   * schema is touched; evolve the schema with `addVersion()`.
   */
  readonly definition: string;
  /**
   * Which new versions Glue accepts.
   * @default SchemaCompatibility.backward()
   */
  readonly compatibility?: SchemaCompatibility;
  /**
   * Description of the schema.
   * @default - none
   */
  readonly description?: string;
  /**
   * What happens to the schema, and its versions, when they leave the stack.
   * @default - the registry's removal policy (RemovalPolicy.RETAIN unless changed)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Props of {@link RegistrySchema}. */
export interface RegistrySchemaProps extends SchemaOptions {
  /** The registry the schema lives in. */
  readonly registry: ISchemaRegistry;
}

const READ_REGISTRY = ['glue:GetRegistry'];
const READ_SCHEMAS = ['glue:GetSchema', 'glue:GetSchemaByDefinition', 'glue:ListSchemaVersions'];
/**
 * Deserializers look a schema version up by the id a record carries, a call that names no registry or
 * schema, so the action takes "*" in its own statement (AWS Glue developer guide, "Getting started
 * with schema registry", IAM examples for deserializers: glue:GetSchemaVersion on "*").
 */
const READ_VERSION_BY_ID = ['glue:GetSchemaVersion'];
/** Why that statement names every resource (acknowledged on this library's managed policies; listed in README). */
export const SCHEMA_VERSION_BY_ID_REASON = 'glue:GetSchemaVersion by schema version id (how deserializers read the schema a record names) names no registry '
  + 'or schema, so it is granted on "*" alone, as the Glue schema registry IAM examples for deserializers show; every other action is limited to the registry.';
const WRITE_SCHEMAS = ['glue:RegisterSchemaVersion', 'glue:PutSchemaVersionMetadata', 'glue:QuerySchemaVersionMetadata'];
const CREATE_SCHEMA = ['glue:CreateSchema'];

/** Grants read (and optionally write) on a registry and the given schema ARNs. */
function grantSchemas(grantee: iam.IGrantable, registryArn: string, schemaArn: string, write: boolean, options: SchemaWriteOptions = {}): iam.Grant {
  const byId = iam.Grant.addToPrincipal({ grantee, actions: READ_VERSION_BY_ID, resourceArns: ['*'] });
  // Only on this library's own managed policies: on a user's policy it could hide other findings.
  if (grantee instanceof ManagedPolicyGrantee) {
    acknowledgeWildcardResources(grantee.policy, byId.principalStatements, SCHEMA_VERSION_BY_ID_REASON);
  }
  let grant = iam.Grant.addToPrincipal({ grantee, actions: READ_REGISTRY, resourceArns: [registryArn] })
    .combine(iam.Grant.addToPrincipal({ grantee, actions: READ_SCHEMAS, resourceArns: [registryArn, schemaArn] }))
    .combine(byId);
  if (write) {
    grant = grant.combine(iam.Grant.addToPrincipal({ grantee, actions: WRITE_SCHEMAS, resourceArns: [registryArn, schemaArn] }));
    if (options.allowCreateSchema) {
      grant = grant.combine(iam.Grant.addToPrincipal({ grantee, actions: CREATE_SCHEMA, resourceArns: [registryArn, schemaArn] }));
    }
  }
  return grant;
}

/**
 * An AWS Glue Schema Registry (AWS::Glue::Registry) holding the schemas of Kafka records.
 * Producers and consumers get access with `grantWrite` / `grantRead`; a Lambda consumer can
 * validate records against it (`schemaRegistry` of `KafkaLambdaConsumer`). The registry and its
 * schemas are retained by default.
 */
export class SchemaRegistry extends Resource implements ISchemaRegistry {
  /** Imports a registry from its ARN (`arn:<partition>:glue:<region>:<account>:registry/<name>`). */
  public static fromRegistryArn(scope: Construct, id: string, registryArn: string): ISchemaRegistry {
    checkRules(scope, `SchemaRegistry.fromRegistryArn('${id}')`, REGISTRY_ARN_RULES, registryArn);
    const parts = Arn.split(registryArn, ArnFormat.SLASH_RESOURCE_NAME);
    const schemasArn = `arn:${parts.partition}:glue:${parts.region}:${parts.account}:schema/${parts.resourceName}/*`;
    class Import extends Resource implements ISchemaRegistry {
      public readonly registryArn = registryArn;
      public readonly registryName = parts.resourceName!;

      public grantRead(grantee: iam.IGrantable): iam.Grant {
        return grantSchemas(grantee, registryArn, schemasArn, false);
      }

      public grantWrite(grantee: iam.IGrantable, options?: SchemaWriteOptions): iam.Grant {
        return grantSchemas(grantee, registryArn, schemasArn, true, options);
      }
    }
    return new Import(scope, id, { environmentFromArn: registryArn });
  }

  public readonly registryArn: string;
  public readonly registryName: string;
  /** The underlying AWS::Glue::Registry. */
  public readonly cfnRegistry: glue.CfnRegistry;

  private readonly removalPolicy: RemovalPolicy;
  private readonly schemaNames: string[] = [];

  constructor(scope: Construct, id: string, props: SchemaRegistryProps = {}) {
    super(scope, id);
    const registryName = props.registryName ?? Names.uniqueResourceName(this, { maxLength: 255, allowedSpecialCharacters: '-_' });
    checkRules(this, 'SchemaRegistry', SCHEMA_REGISTRY_RULES, { registryName, description: props.description });
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.cfnRegistry = new glue.CfnRegistry(this, 'Resource', { name: registryName, description: props.description });
    this.cfnRegistry.applyRemovalPolicy(this.removalPolicy);
    guardRegistryUpdates(this, this.cfnRegistry, registryName);
    this.registryArn = this.cfnRegistry.attrArn;
    this.registryName = registryName;
  }

  /** Adds a schema (AWS::Glue::Schema) with its first version. */
  public addSchema(id: string, options: SchemaOptions): RegistrySchema {
    checkRules(this, 'SchemaRegistry', SCHEMA_NAME_RULES, { schemaName: options.schemaName, existingNames: this.schemaNames });
    const schema = new RegistrySchema(this, id, {
      ...options,
      registry: this,
      removalPolicy: options.removalPolicy ?? this.removalPolicy,
    });
    this.schemaNames.push(options.schemaName);
    return schema;
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantSchemas(grantee, this.registryArn, this.schemasArn(), false);
  }

  public grantWrite(grantee: iam.IGrantable, options?: SchemaWriteOptions): iam.Grant {
    return grantSchemas(grantee, this.registryArn, this.schemasArn(), true, options);
  }

  /** ARN pattern of every schema in the registry: `...:schema/<registryName>/*`. */
  private schemasArn(): string {
    return this.stack.formatArn({ service: 'glue', resource: 'schema', resourceName: `${this.registryName}/*` });
  }
}

/**
 * A schema in a Glue Schema Registry (AWS::Glue::Schema) and its versions
 * (AWS::Glue::SchemaVersion). Name, data format and first definition are fixed at creation;
 * later versions are added with `addVersion()` and checked by Glue against the compatibility
 * mode when deployed.
 */
export class RegistrySchema extends Resource {
  /** ARN of the schema. */
  public readonly schemaArn: string;
  /** Name of the schema. */
  public readonly schemaName: string;
  /** Data format of the schema. */
  public readonly dataFormat: SchemaFormat;
  /** The registry the schema lives in. */
  public readonly registry: ISchemaRegistry;
  /** The id of the first schema version. */
  public readonly initialVersionId: string;
  /** The underlying AWS::Glue::Schema. */
  public readonly cfnSchema: glue.CfnSchema;

  private readonly removalPolicy: RemovalPolicy;
  private lastVersion: IDependable;

  constructor(scope: Construct, id: string, props: RegistrySchemaProps) {
    super(scope, id);
    checkRules(this, 'RegistrySchema', SCHEMA_RULES, {
      where: 'definition',
      schemaName: props.schemaName,
      dataFormat: props.dataFormat.format,
      definition: props.definition,
      description: props.description,
    });
    this.registry = props.registry;
    this.schemaName = props.schemaName;
    this.dataFormat = props.dataFormat;
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.cfnSchema = new glue.CfnSchema(this, 'Resource', {
      name: props.schemaName,
      registry: { arn: props.registry.registryArn },
      dataFormat: props.dataFormat.format,
      compatibility: (props.compatibility ?? SchemaCompatibility.backward()).mode,
      schemaDefinition: props.definition,
      description: props.description,
    });
    this.cfnSchema.applyRemovalPolicy(this.removalPolicy);
    guardSchemaUpdates(this, this.cfnSchema, { schemaName: props.schemaName, dataFormat: props.dataFormat.format, definition: props.definition });
    this.schemaArn = this.cfnSchema.attrArn;
    this.initialVersionId = this.cfnSchema.attrInitialSchemaVersionId;
    this.lastVersion = this.cfnSchema;
  }

  /**
   * Registers a new version of the schema (AWS::Glue::SchemaVersion), after the versions added
   * before it. Glue rejects it, failing the deployment, when it breaks the compatibility mode.
   * Versions are immutable: change a schema by adding a version, never by editing one.
   */
  public addVersion(id: string, definition: string): glue.CfnSchemaVersion {
    checkRules(this, 'RegistrySchema', SCHEMA_RULES, {
      where: `addVersion('${id}')`,
      schemaName: this.schemaName,
      dataFormat: this.dataFormat.format,
      definition,
    });
    const version = new glue.CfnSchemaVersion(this, id, {
      schema: { schemaArn: this.schemaArn },
      schemaDefinition: definition,
    });
    version.applyRemovalPolicy(this.removalPolicy);
    version.node.addDependency(this.lastVersion);
    this.lastVersion = version;
    return version;
  }

  /** Lets `grantee` read this schema and its versions (see `ISchemaRegistry.grantRead`). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantSchemas(grantee, this.registry.registryArn, this.schemaArn, false);
  }

  /** Lets `grantee` register versions of this schema (see `ISchemaRegistry.grantWrite`). */
  public grantWrite(grantee: iam.IGrantable, options?: SchemaWriteOptions): iam.Grant {
    return grantSchemas(grantee, this.registry.registryArn, this.schemaArn, true, options);
  }
}

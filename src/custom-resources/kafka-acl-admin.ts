/**
 * The Kafka admin calls the ACL handler (./kafka-acls.lambda.ts) makes, behind a small interface so that
 * unit tests use a fake and the real-broker tests (and the Lambda asset) the real client, plus the adapter
 * from @platformatic/kafka's Admin to it. The client is typed structurally here (no import): the package
 * is bundled into the Lambda asset by esbuild and is not a dependency of the jsii library.
 */
import {
  KAFKA_ACL_OPERATIONS, KAFKA_ACL_PATTERN_TYPES, KAFKA_ACL_PERMISSION_TYPES, KAFKA_ACL_RESOURCE_TYPES, KAFKA_CLUSTER_RESOURCE_NAME, KafkaAclEntry,
} from './kafka-acl-set';

/** Where and as whom the handler connects. */
export interface KafkaAdminConnection {
  /** `host:port` of each bootstrap broker. */
  readonly bootstrapServers: string[];
  /** SASL/SCRAM-SHA-512 credentials of the admin principal. */
  readonly username: string;
  readonly password: string;
  /** Whether the listener is TLS (MSK's SASL/SCRAM listeners are; the local test broker is not). */
  readonly tls: boolean;
}

/** The ACL calls of a connected Kafka admin client. */
export interface KafkaAclAdmin {
  /** Creates one ACL; creating an ACL that exists already succeeds (Kafka keeps one copy). */
  createAcl(acl: KafkaAclEntry): Promise<void>;
  /** Deletes exactly this ACL; resolves with how many ACLs matched (0 when it did not exist). */
  deleteAcl(acl: KafkaAclEntry): Promise<number>;
  /**
   * The ACLs of exactly `principal` on the cluster resource (CLUSTER 'kafka-cluster', LITERAL), of any operation,
   * host and permission (ALLOW and DENY): Kafka's DescribeAcls, which needs DESCRIBE on the cluster (Apache Kafka
   * documentation, "Authorization and ACLs").
   */
  describeClusterAcls(principal: string): Promise<KafkaAclEntry[]>;
  /** Closes the connections. */
  close(): Promise<void>;
}

/** Makes an admin client for a connection (connecting lazily, on its first call). */
export type KafkaAclAdminFactory = (connection: KafkaAdminConnection) => KafkaAclAdmin;

/** An ACL or an exact ACL filter in @platformatic/kafka's shape (numeric enumerations). */
interface PlatformaticAcl {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly resourcePatternType: number;
  readonly principal: string;
  readonly host: string;
  readonly operation: number;
  readonly permissionType: number;
}

/** An ACL filter in @platformatic/kafka's shape: null matches any name, principal or host. */
interface PlatformaticAclFilter {
  readonly resourceType: number;
  readonly resourceName: string | null;
  readonly resourcePatternType: number;
  readonly principal: string | null;
  readonly host: string | null;
  readonly operation: number;
  readonly permissionType: number;
}

/** One resource of a DescribeAcls answer and its ACLs, in @platformatic/kafka's shape. */
interface PlatformaticDescribedAcls {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly resourcePatternType: number;
  readonly acls: ReadonlyArray<{ readonly principal: string; readonly host: string; readonly operation: number; readonly permissionType: number }>;
}

/** The subset of @platformatic/kafka's Admin the adapter uses. */
export interface PlatformaticAclAdminClient {
  createAcls(options: { creations: PlatformaticAcl[] }): Promise<void>;
  deleteAcls(options: { filters: PlatformaticAcl[] }): Promise<unknown[]>;
  describeAcls(options: { filter: PlatformaticAclFilter }): Promise<PlatformaticDescribedAcls[]>;
  close(): Promise<void>;
}

/** Options the adapter passes to @platformatic/kafka's Admin constructor. */
export interface PlatformaticAdminOptions {
  readonly clientId: string;
  readonly bootstrapBrokers: string[];
  readonly sasl: { mechanism: 'SCRAM-SHA-512'; username: string; password: string };
  readonly tls?: Record<string, never>;
  readonly connectTimeout: number;
  readonly timeout: number;
  readonly retries: number;
}

/** The subset of the @platformatic/kafka module the adapter uses: Admin and the ACL enumerations. */
export interface PlatformaticAclModule {
  readonly Admin: new (options: PlatformaticAdminOptions) => PlatformaticAclAdminClient;
  readonly AclOperations: Readonly<Record<string, number>>;
  readonly AclPermissionTypes: Readonly<Record<string, number>>;
  readonly ResourcePatternTypes: Readonly<Record<string, number>>;
  readonly ResourceTypes: Readonly<Record<string, number>>;
}

/** Client id the handler's connections carry (visible in broker logs). */
export const KAFKA_ACL_CLIENT_ID = 'cdk-msk-constructs-acls';

/**
 * A factory of KafkaAclAdmin backed by @platformatic/kafka. Each call is one request with a short
 * client-side timeout and one client retry: the handler's own retry loop (bounded by its deadline) does the rest.
 */
export function platformaticAclAdminFactory(kafka: PlatformaticAclModule): KafkaAclAdminFactory {
  const code = (table: Readonly<Record<string, number>>, tableName: string, name: string): number => {
    const value = table[name];
    if (typeof value !== 'number') {
      throw new Error(`The Kafka client has no ${tableName}.${name}`);
    }
    return value;
  };
  const toKafka = (acl: KafkaAclEntry): PlatformaticAcl => ({
    resourceType: code(kafka.ResourceTypes, 'ResourceTypes', acl.resourceType),
    resourceName: acl.resourceName,
    resourcePatternType: code(kafka.ResourcePatternTypes, 'ResourcePatternTypes', acl.patternType),
    principal: acl.principal,
    host: acl.host,
    operation: code(kafka.AclOperations, 'AclOperations', acl.operation),
    permissionType: code(kafka.AclPermissionTypes, 'AclPermissionTypes', acl.permissionType),
  });
  /** The name of `value` in `names` (one of the vocabulary's), or undefined for a code the vocabulary does not know. */
  const nameOf = <N extends string>(table: Readonly<Record<string, number>>, names: readonly N[], value: number): N | undefined =>
    names.find((name) => table[name] === value);
  const fromKafka = (resource: PlatformaticDescribedAcls, a: PlatformaticDescribedAcls['acls'][number]): KafkaAclEntry | undefined => {
    const resourceType = nameOf(kafka.ResourceTypes, KAFKA_ACL_RESOURCE_TYPES, resource.resourceType);
    const patternType = nameOf(kafka.ResourcePatternTypes, KAFKA_ACL_PATTERN_TYPES, resource.resourcePatternType);
    const operation = nameOf(kafka.AclOperations, KAFKA_ACL_OPERATIONS, a.operation);
    const permissionType = nameOf(kafka.AclPermissionTypes, KAFKA_ACL_PERMISSION_TYPES, a.permissionType);
    return resourceType && patternType && operation && permissionType
      ? { resourceType, resourceName: resource.resourceName, patternType, principal: a.principal, host: a.host, operation, permissionType }
      : undefined;
  };
  return (connection) => {
    const admin = new kafka.Admin({
      clientId: KAFKA_ACL_CLIENT_ID,
      bootstrapBrokers: connection.bootstrapServers,
      sasl: { mechanism: 'SCRAM-SHA-512', username: connection.username, password: connection.password },
      ...(connection.tls ? { tls: {} } : {}),
      connectTimeout: 5_000,
      timeout: 10_000,
      retries: 1,
    });
    return {
      createAcl: async (acl) => {
        await admin.createAcls({ creations: [toKafka(acl)] });
      },
      // Every field of the filter is exact, so it matches this one ACL only.
      deleteAcl: async (acl) => (await admin.deleteAcls({ filters: [toKafka(acl)] })).length,
      // ANY operation and permission, any host (null): every ACL of the principal on the cluster resource.
      describeClusterAcls: async (principal) => {
        const described = await admin.describeAcls({
          filter: {
            resourceType: code(kafka.ResourceTypes, 'ResourceTypes', 'CLUSTER'),
            resourceName: KAFKA_CLUSTER_RESOURCE_NAME,
            resourcePatternType: code(kafka.ResourcePatternTypes, 'ResourcePatternTypes', 'LITERAL'),
            principal,
            host: null,
            operation: code(kafka.AclOperations, 'AclOperations', 'ANY'),
            permissionType: code(kafka.AclPermissionTypes, 'AclPermissionTypes', 'ANY'),
          },
        });
        return described.flatMap((resource) => resource.acls.map((a) => fromKafka(resource, a)))
          .filter((a): a is KafkaAclEntry => a !== undefined);
      },
      close: () => admin.close(),
    };
  };
}

/**
 * The Kafka admin calls the ACL handler (./kafka-acls.lambda.ts) makes, behind a small interface so that
 * unit tests use a fake and the real-broker tests (and the Lambda asset) the real client, plus the adapter
 * from @platformatic/kafka's Admin to it. The client is typed structurally here (no import): the package
 * is bundled into the Lambda asset by esbuild and is not a dependency of the jsii library.
 */
import { KafkaAclEntry } from './kafka-acl-set';

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

/** The subset of @platformatic/kafka's Admin the adapter uses. */
export interface PlatformaticAclAdminClient {
  createAcls(options: { creations: PlatformaticAcl[] }): Promise<void>;
  deleteAcls(options: { filters: PlatformaticAcl[] }): Promise<unknown[]>;
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
      close: () => admin.close(),
    };
  };
}

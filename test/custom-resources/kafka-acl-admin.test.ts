import {
  KAFKA_ACL_CLIENT_ID, PlatformaticAclAdminClient, PlatformaticAclModule, PlatformaticAdminOptions, platformaticAclAdminFactory,
} from '../../src/custom-resources/kafka-acl-admin';

/**
 * @platformatic/kafka's ACL enumerations, as its dist/apis/enumerations.js defines them in 2.12.1 (the values are Kafka's
 * wire codes: KIP-140). The real-broker tests (test/kafka) run the adapter against the package itself.
 */
const ENUMS = {
  ResourceTypes: { UNKNOWN: 0, ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 },
  ResourcePatternTypes: { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 },
  AclOperations: {
    UNKNOWN: 0,
    ANY: 1,
    ALL: 2,
    READ: 3,
    WRITE: 4,
    CREATE: 5,
    DELETE: 6,
    ALTER: 7,
    DESCRIBE: 8,
    CLUSTER_ACTION: 9,
    DESCRIBE_CONFIGS: 10,
    ALTER_CONFIGS: 11,
    IDEMPOTENT_WRITE: 12,
    CREATE_TOKENS: 13,
    DESCRIBE_TOKENS: 14,
    TWO_PHASE_COMMIT: 15,
  },
  AclPermissionTypes: { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 },
};

/** A fake @platformatic/kafka module: the options each Admin was made with and every call. */
function fakeModule(described: Awaited<ReturnType<PlatformaticAclAdminClient['describeAcls']>>) {
  const options: PlatformaticAdminOptions[] = [];
  const calls: Array<[string, unknown]> = [];
  class Admin implements PlatformaticAclAdminClient {
    constructor(o: PlatformaticAdminOptions) {
      options.push(o);
    }
    async createAcls(o: Parameters<PlatformaticAclAdminClient['createAcls']>[0]) {
      calls.push(['createAcls', o]);
    }
    async deleteAcls(o: Parameters<PlatformaticAclAdminClient['deleteAcls']>[0]) {
      calls.push(['deleteAcls', o]);
      return [];
    }
    async describeAcls(o: Parameters<PlatformaticAclAdminClient['describeAcls']>[0]) {
      calls.push(['describeAcls', o]);
      return described;
    }
    async close() {
      calls.push(['close', undefined]);
    }
  }
  const module: PlatformaticAclModule = { Admin, ...ENUMS };
  return { module, options, calls };
}

const CONNECTION = { bootstrapServers: ['b-1:9096'], username: 'cdk-msk-acl-admin', password: 'pw', tls: true };

describe('the @platformatic/kafka adapter', () => {
  test('describes the principal\'s ACLs on the cluster resource with an exact filter (CLUSTER kafka-cluster LITERAL, any operation, permission and host)', async () => {
    const fake = fakeModule([{
      resourceType: 4,
      resourceName: 'kafka-cluster',
      resourcePatternType: 3,
      acls: [
        { principal: 'User:cdk-msk-acl-admin', host: '*', operation: 7, permissionType: 3 },
        { principal: 'User:cdk-msk-acl-admin', host: '10.0.0.5', operation: 2, permissionType: 2 },
        // A code the vocabulary does not know (UNKNOWN) is left out.
        { principal: 'User:cdk-msk-acl-admin', host: '*', operation: 0, permissionType: 3 },
      ],
    }]);
    const admin = platformaticAclAdminFactory(fake.module)(CONNECTION);

    const acls = await admin.describeClusterAcls('User:cdk-msk-acl-admin');

    expect(fake.calls).toEqual([['describeAcls', {
      filter: {
        resourceType: 4, resourceName: 'kafka-cluster', resourcePatternType: 3, principal: 'User:cdk-msk-acl-admin', host: null, operation: 1, permissionType: 1,
      },
    }]]);
    expect(acls).toEqual([
      { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', principal: 'User:cdk-msk-acl-admin', host: '*', operation: 'ALTER', permissionType: 'ALLOW' },
      { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', principal: 'User:cdk-msk-acl-admin', host: '10.0.0.5', operation: 'ALL', permissionType: 'DENY' },
    ]);
    expect(fake.options).toEqual([{
      clientId: KAFKA_ACL_CLIENT_ID,
      bootstrapBrokers: ['b-1:9096'],
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'cdk-msk-acl-admin', password: 'pw' },
      tls: {},
      connectTimeout: 5_000,
      timeout: 10_000,
      retries: 1,
    }]);
  });

  test('creates and deletes one exact ACL in Kafka\'s codes', async () => {
    const fake = fakeModule([]);
    const admin = platformaticAclAdminFactory(fake.module)({ ...CONNECTION, tls: false });
    const acl = { resourceType: 'TOPIC', resourceName: 'orders', patternType: 'PREFIXED', principal: 'User:alice', host: '*', operation: 'READ', permissionType: 'ALLOW' } as const;

    await admin.createAcl(acl);
    await admin.deleteAcl(acl);
    await admin.close();

    const wire = { resourceType: 2, resourceName: 'orders', resourcePatternType: 4, principal: 'User:alice', host: '*', operation: 3, permissionType: 3 };
    expect(fake.calls).toEqual([['createAcls', { creations: [wire] }], ['deleteAcls', { filters: [wire] }], ['close', undefined]]);
    expect(fake.options[0]).not.toHaveProperty('tls');
  });

  test('fails when the client lacks a name of the vocabulary', async () => {
    const fake = fakeModule([]);
    const { CLUSTER: _cluster, ...withoutCluster } = ENUMS.ResourceTypes;
    const admin = platformaticAclAdminFactory({ ...fake.module, ResourceTypes: withoutCluster })(CONNECTION);

    await expect(admin.describeClusterAcls('User:cdk-msk-acl-admin')).rejects.toThrow('The Kafka client has no ResourceTypes.CLUSTER');
  });
});

// Size probe only: the ACL calls the future custom-resource handler makes, bundled with
// `npx esbuild test/kafka/client/acl-handler-sketch.mjs --bundle --platform=node --target=node22`.
import { Admin, AclOperations, AclPermissionTypes, ResourcePatternTypes, ResourceTypes } from '@platformatic/kafka';

export async function handler(event) {
  const admin = new Admin({
    clientId: 'cdk-msk-constructs-acls',
    bootstrapBrokers: event.bootstrap.split(','),
    sasl: { mechanism: 'SCRAM-SHA-512', username: event.username, password: event.password },
    tls: event.tls ? {} : undefined,
  });
  try {
    const filter = {
      resourceType: ResourceTypes.ANY, resourceName: null, resourcePatternType: ResourcePatternTypes.ANY,
      principal: null, host: null, operation: AclOperations.ANY, permissionType: AclPermissionTypes.ANY,
    };
    const existing = await admin.describeAcls({ filter });
    if (event.create?.length) await admin.createAcls({ creations: event.create });
    if (event.delete?.length) await admin.deleteAcls({ filters: event.delete });
    return { existing: existing.length };
  } finally {
    await admin.close();
  }
}

// Entry bundled by test/kafka/client.ts (esbuild, CommonJS) so jest can require the ESM-only client.
// Node 20 lacks Promise.withResolvers (Node 22 has it); @platformatic/kafka calls it. The Lambda
// runtime (nodejs22.x) has it natively, so this polyfill is for the Node 20 test runner only.
import './polyfill.mjs';

export {
  Admin,
  Consumer,
  Producer,
  stringSerializers,
  stringDeserializers,
  AclOperations,
  AclPermissionTypes,
  ResourcePatternTypes,
  ResourceTypes,
} from '@platformatic/kafka';

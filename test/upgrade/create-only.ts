/**
 * Create-only properties per CloudFormation resource type (changing one makes CloudFormation replace
 * the resource), derived from the CloudFormation registry schemas that aws-cdk-lib's built-in validator
 * (@aws/cloudformation-validate) ships offline.
 *
 * The validator keeps its compiled schemas as zstd frames inside its WebAssembly binary and has no API to
 * list them, so they are read from the binary: every zstd frame is a candidate, and the one whose JSON maps
 * type names to objects with `create_only_properties` (dotted paths, e.g. `BrokerNodeGroupInfo.ClientSubnets`)
 * is the schema set. zstd is decompressed with `zlib.zstdDecompressSync` (Node.js 22.15+) or the `zstd` CLI.
 * When neither works (or a validator update changes the layout), FALLBACK_CREATE_ONLY is used instead:
 * the MSK types, from /work/shared/reference/msk-facts.md, "CloudFormation create-only properties".
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** Create-only property paths of the MSK resource types (msk-facts.md), used when the schemas cannot be read. */
export const FALLBACK_CREATE_ONLY: Readonly<Record<string, readonly string[]>> = {
  'AWS::MSK::Cluster': [
    'ClusterName', 'BrokerNodeGroupInfo.ClientSubnets', 'BrokerNodeGroupInfo.SecurityGroups', 'BrokerNodeGroupInfo.BrokerAZDistribution',
    'EncryptionInfo.EncryptionAtRest', 'EncryptionInfo.EncryptionInTransit.InCluster',
  ],
  'AWS::MSK::ServerlessCluster': ['ClusterName', 'VpcConfigs', 'ClientAuthentication', 'Tags'],
  'AWS::MSK::Configuration': ['Name', 'KafkaVersionsList'],
  'AWS::MSK::VpcConnection': ['Authentication', 'ClientSubnets', 'SecurityGroups', 'TargetClusterArn', 'VpcId'],
  'AWS::MSK::BatchScramSecret': ['ClusterArn'],
  'AWS::MSK::ClusterPolicy': ['ClusterArn'],
  'AWS::MSK::Topic': ['ClusterArn', 'TopicName', 'ReplicationFactor'],
};

export interface CreateOnlyProperties {
  /** Where the lists come from. */
  readonly source: 'validator-schemas' | 'fallback';
  /** Why the schemas could not be read, for the fallback. */
  readonly reason?: string;
  /** Create-only property paths (dot-separated) of a resource type; [] when it has none or is unknown. */
  of(type: string): readonly string[];
  /** Whether the source knows the type at all. */
  knows(type: string): boolean;
}

let cached: CreateOnlyProperties | undefined;

/** The create-only properties, from the validator's schemas when they can be read. */
export function createOnlyProperties(): CreateOnlyProperties {
  if (!cached) {
    let schemas: Map<string, string[]> | undefined;
    let reason: string | undefined;
    try {
      schemas = readValidatorSchemas();
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
    cached = schemas
      ? { source: 'validator-schemas', of: (type) => schemas.get(type) ?? [], knows: (type) => schemas.has(type) }
      : { source: 'fallback', reason, of: (type) => FALLBACK_CREATE_ONLY[type] ?? [], knows: (type) => type in FALLBACK_CREATE_ONLY };
  }
  return cached;
}

/** The WebAssembly binary of aws-cdk-lib's built-in validator. */
export function validatorBinary(): string {
  const cdkLib = path.dirname(require.resolve('aws-cdk-lib/package.json'));
  const pkg = require.resolve('@aws/cloudformation-validate/package.json', { paths: [cdkLib] });
  return path.join(path.dirname(pkg), 'bindings_wasm_bg.wasm');
}

const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

/** Type name -> create-only paths, read from the validator binary; throws when they cannot be found. */
function readValidatorSchemas(): Map<string, string[]> {
  const binary = fs.readFileSync(validatorBinary());
  const decompress = zstdDecompressor();
  for (let at = binary.indexOf(ZSTD_MAGIC); at !== -1; at = binary.indexOf(ZSTD_MAGIC, at + 1)) {
    const end = frameEnd(binary, at);
    // Not a frame (the magic number occurring by chance), or too small to hold the schemas of ~1900 types.
    if (end === undefined || end - at < 100_000) {
      continue;
    }
    const text = decompress(binary.subarray(at, end)).toString('utf-8');
    if (!text.startsWith('{') || !text.includes('"create_only_properties"')) {
      continue;
    }
    const parsed: unknown = JSON.parse(text);
    const result = new Map<string, string[]>();
    for (const [type, schema] of Object.entries(parsed as Record<string, unknown>)) {
      const createOnly = typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>).create_only_properties : undefined;
      result.set(type, Array.isArray(createOnly) ? createOnly.filter((p): p is string => typeof p === 'string') : []);
    }
    if (!result.has('AWS::MSK::Cluster')) {
      throw new Error('the schema frame has no AWS::MSK::Cluster');
    }
    return result;
  }
  throw new Error(`no zstd frame with create_only_properties in ${validatorBinary()}`);
}

/** Decompresses one whole zstd frame. */
function zstdDecompressor(): (frame: Buffer) => Buffer {
  const native = (zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;
  if (native) {
    return (frame) => native(frame);
  }
  const probe = spawnSync('zstd', ['--version'], { encoding: 'utf-8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('neither zlib.zstdDecompressSync (Node.js 22.15+) nor the zstd CLI is available');
  }
  return (frame) => {
    const out = spawnSync('zstd', ['-dc', '-q'], { input: frame, maxBuffer: 256 * 1024 * 1024 });
    if (out.status !== 0) {
      throw new Error(`zstd failed: ${out.stderr.toString()}`);
    }
    return out.stdout;
  };
}

/**
 * The offset just past the zstd frame that starts at `at` (RFC 8878, 3.1.1: header, blocks, optional
 * checksum), or undefined when the bytes there are not a well-formed frame.
 */
function frameEnd(data: Buffer, at: number): number | undefined {
  const descriptor = data[at + 4];
  if (descriptor === undefined || bits(descriptor, 3, 1) !== 0) {
    return undefined; // reserved bit set: not a frame
  }
  const fcsFlag = bits(descriptor, 6, 2);
  const singleSegment = bits(descriptor, 5, 1);
  const hasChecksum = bits(descriptor, 2, 1);
  const dictionaryIdSize = [0, 1, 2, 4][bits(descriptor, 0, 2)];
  const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag];
  let offset = at + 5 + (singleSegment ? 0 : 1) + dictionaryIdSize + fcsSize;
  for (;;) {
    if (offset + 3 > data.length) {
      return undefined;
    }
    const header = data.readUIntLE(offset, 3);
    const last = bits(header, 0, 1);
    const type = bits(header, 1, 2);
    const size = bits(header, 3, 21);
    if (type === 3) {
      return undefined; // reserved block type
    }
    offset += 3 + (type === 1 ? 1 : size); // RLE blocks store one byte
    if (last) {
      break;
    }
  }
  offset += hasChecksum ? 4 : 0;
  return offset <= data.length ? offset : undefined;
}

/** `count` bits of `value` from bit `shift` (least significant first). */
function bits(value: number, shift: number, count: number): number {
  return Math.floor(value / 2 ** shift) % 2 ** count;
}

/**
 * The `Data` of the bootstrap-brokers custom resource's response: only the attributes the stack
 * reads, shortened when needed so that the whole response fits CloudFormation's limit.
 *
 * Kept free of any SDK import, like ./bootstrap-brokers-attributes, so it can be tested alone.
 * Not compiled by jsii (bundled into the handler).
 */
import { BOOTSTRAP_BROKER_ATTRIBUTES, BootstrapBrokerAttribute } from './bootstrap-brokers-attributes';

/**
 * Largest response body CloudFormation accepts from a custom resource ("The total size of the
 * response body can't exceed 4096 bytes": CloudFormation user guide, "Custom resource response
 * objects").
 */
export const MAX_RESPONSE_BYTES = 4096;

/** What the response copies from the request besides `Data` (see `submitResponse` of aws-cdk-lib's provider entrypoint). */
export interface ResponseEnvelope {
  readonly PhysicalResourceId: string;
  readonly StackId?: string;
  readonly RequestId?: string;
  readonly LogicalResourceId?: string;
}

/** The attributes the stack reads, each a non-empty broker string. */
export type BootstrapBrokersData = Partial<Record<BootstrapBrokerAttribute, string>>;

/** The response data and what had to be shortened to fit. */
export interface ShapedData {
  readonly data: BootstrapBrokersData;
  /** The attributes from which trailing brokers were dropped, with how many brokers each kept. */
  readonly shortened: ReadonlyArray<{ readonly attribute: BootstrapBrokerAttribute; readonly kept: number; readonly of: number }>;
}

/**
 * Size in bytes of the response the provider entrypoint sends for `data`: the JSON of Status,
 * Reason, StackId, RequestId, PhysicalResourceId, LogicalResourceId and Data.
 */
export function responseBytes(envelope: ResponseEnvelope, data: BootstrapBrokersData): number {
  return Buffer.byteLength(JSON.stringify({
    Status: 'SUCCESS',
    Reason: 'SUCCESS',
    StackId: envelope.StackId,
    RequestId: envelope.RequestId,
    PhysicalResourceId: envelope.PhysicalResourceId,
    LogicalResourceId: envelope.LogicalResourceId,
    Data: data,
  }), 'utf8');
}

/**
 * The data to return: the `required` attributes only (attributes nobody reads are left out,
 * never returned as ''), each the broker string GetBootstrapBrokers returned.
 *
 * When those strings together would make the response larger than MAX_RESPONSE_BYTES (possible
 * with many brokers, long cluster names and several strings read), trailing `host:port` entries
 * are dropped, always from the string with the most entries left, until it fits. A bootstrap list
 * need not name every broker: clients learn the others from the first one they reach (MSK
 * developer guide, "Get the bootstrap brokers for an Amazon MSK cluster": "This list may not
 * include all the brokers in the cluster"). When even one broker per string does not fit, this
 * throws an error that says so, instead of CloudFormation's opaque failure for an oversized response.
 */
export function shapeResponseData(
  brokers: Partial<Record<BootstrapBrokerAttribute, string | undefined>>,
  required: ReadonlyArray<BootstrapBrokerAttribute>,
  envelope: ResponseEnvelope,
): ShapedData {
  const wanted = BOOTSTRAP_BROKER_ATTRIBUTES.filter((key) => required.includes(key) && typeof brokers[key] === 'string' && brokers[key] !== '');
  const entries = new Map<BootstrapBrokerAttribute, string[]>(wanted.map((key) => [key, (brokers[key] as string).split(',')]));
  const render = (): BootstrapBrokersData => Object.fromEntries(wanted.map((key) => [key, entries.get(key)!.join(',')]));
  let data = render();
  if (responseBytes(envelope, data) <= MAX_RESPONSE_BYTES) {
    return { data, shortened: [] };
  }
  for (;;) {
    const longest = wanted.reduce<BootstrapBrokerAttribute | undefined>((best, key) =>
      (best === undefined || entries.get(key)!.length > entries.get(best)!.length ? key : best), undefined);
    if (longest === undefined || entries.get(longest)!.length <= 1) {
      throw new Error(`The broker strings the stack reads (${wanted.join(', ')}) do not fit CloudFormation's ${MAX_RESPONSE_BYTES}-byte limit for a custom-resource response `
        + `even with one broker each (${responseBytes(envelope, data)} bytes). Read fewer bootstrap broker attributes of cluster ${envelope.PhysicalResourceId} in this stack, `
        + 'or get them with the AWS CLI (aws kafka get-bootstrap-brokers)');
    }
    entries.get(longest)!.pop();
    data = render();
    if (responseBytes(envelope, data) <= MAX_RESPONSE_BYTES) {
      const shortened = wanted
        .map((key) => ({ attribute: key, kept: entries.get(key)!.length, of: (brokers[key] as string).split(',').length }))
        .filter((s) => s.kept < s.of);
      return { data, shortened };
    }
  }
}

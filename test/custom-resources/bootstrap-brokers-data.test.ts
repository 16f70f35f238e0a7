import { BOOTSTRAP_BROKER_ATTRIBUTES, BootstrapBrokerAttribute } from '../../src/custom-resources/bootstrap-brokers-attributes';
import { MAX_RESPONSE_BYTES, ResponseEnvelope, responseBytes, shapeResponseData } from '../../src/custom-resources/bootstrap-brokers-data';

/** The longest names CloudFormation and MSK allow: a 128-character stack name, a 255-character logical id, a 64-character cluster name. */
const CLUSTER_NAME = 'c'.repeat(64);
const LONG_ENVELOPE: ResponseEnvelope = {
  PhysicalResourceId: `arn:aws:kafka:ap-southeast-3:123456789012:cluster/${CLUSTER_NAME}/0a1b2c3d-4e5f-6789-abcd-ef0123456789-25`,
  StackId: `arn:aws:cloudformation:ap-southeast-3:123456789012:stack/${'s'.repeat(128)}/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
  RequestId: '0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  LogicalResourceId: 'L'.repeat(255),
};

const PORTS: Record<BootstrapBrokerAttribute, number> = {
  BootstrapBrokerString: 9092,
  BootstrapBrokerStringTls: 9094,
  BootstrapBrokerStringSaslScram: 9096,
  BootstrapBrokerStringSaslIam: 9098,
  BootstrapBrokerStringPublicTls: 9194,
  BootstrapBrokerStringPublicSaslScram: 9196,
  BootstrapBrokerStringPublicSaslIam: 9198,
  BootstrapBrokerStringVpcConnectivityTls: 14001,
  BootstrapBrokerStringVpcConnectivitySaslScram: 14001,
  BootstrapBrokerStringVpcConnectivitySaslIam: 14001,
  BootstrapBrokerStringIpv6: 20092,
  BootstrapBrokerStringTlsIpv6: 20094,
  BootstrapBrokerStringSaslScramIpv6: 20096,
  BootstrapBrokerStringSaslIamIpv6: 20098,
};

/** What GetBootstrapBrokers would return if it listed all `brokers` brokers of a cluster named `name`. */
function brokerStrings(brokers: number, name = CLUSTER_NAME): Record<BootstrapBrokerAttribute, string> {
  return Object.fromEntries(BOOTSTRAP_BROKER_ATTRIBUTES.map((key) => [key, Array.from({ length: brokers }, (_, i) =>
    `b-${i + 1}${key.includes('Public') ? '-public' : ''}.${name}.abc123.c25.kafka.ap-southeast-3.amazonaws.com:${PORTS[key]}`).join(',')])) as Record<BootstrapBrokerAttribute, string>;
}

describe('shapeResponseData', () => {
  test('returns the strings the stack reads and leaves the others out (no empty strings)', () => {
    const all = brokerStrings(3);
    const { data, shortened } = shapeResponseData({ ...all, BootstrapBrokerStringPublicTls: '' },
      ['BootstrapBrokerStringSaslIam', 'BootstrapBrokerStringSaslScram'], LONG_ENVELOPE);

    expect(data).toEqual({
      BootstrapBrokerStringSaslIam: all.BootstrapBrokerStringSaslIam,
      BootstrapBrokerStringSaslScram: all.BootstrapBrokerStringSaslScram,
    });
    expect(Object.values(data)).not.toContain('');
    expect(shortened).toEqual([]);
  });

  test('keeps every string whole when they fit: a 3-broker cluster with all nine strings a cluster of this library can have', () => {
    const all = brokerStrings(3, 'orders');
    const read: BootstrapBrokerAttribute[] = BOOTSTRAP_BROKER_ATTRIBUTES.filter((key) => !key.endsWith('Ipv6') && key !== 'BootstrapBrokerString');

    const { data, shortened } = shapeResponseData(all, read, LONG_ENVELOPE);

    expect(Object.keys(data).sort()).toEqual([...read].sort());
    for (const key of read) {
      expect(data[key]).toBe(all[key]);
    }
    expect(shortened).toEqual([]);
    expect(responseBytes(LONG_ENVELOPE, data)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  });

  test.each([1, 2, 3, 6, 9])('a 60-broker cluster with the longest names: the response with %i strings read stays within 4096 bytes', (count) => {
    const all = brokerStrings(60);
    // Alone, one full string of 60 brokers is already larger than the limit.
    expect(Buffer.byteLength(all.BootstrapBrokerStringSaslIam)).toBeGreaterThan(MAX_RESPONSE_BYTES);
    const read = BOOTSTRAP_BROKER_ATTRIBUTES.filter((key) => !key.endsWith('Ipv6') && key !== 'BootstrapBrokerString').slice(0, count);

    const { data, shortened } = shapeResponseData(all, read, LONG_ENVELOPE);

    expect(responseBytes(LONG_ENVELOPE, data)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(Object.keys(data).sort()).toEqual([...read].sort());
    for (const key of read) {
      const kept = data[key]!.split(',');
      // Whole host:port entries, the first ones MSK listed, at least 3 (more than one AZ's worth) for up to 6 strings.
      expect(all[key].split(',').slice(0, kept.length)).toEqual(kept);
      expect(kept.length).toBeGreaterThanOrEqual(count <= 6 ? 3 : 2);
    }
    expect(shortened.map((s) => s.attribute).sort()).toEqual([...read].sort());
    expect(shortened.every((s) => s.of === 60 && s.kept === data[s.attribute]!.split(',').length)).toBe(true);
  });

  test('shortens the string with the most brokers first', () => {
    const big = brokerStrings(60);
    const small = brokerStrings(2);
    const brokers = { BootstrapBrokerStringSaslIam: big.BootstrapBrokerStringSaslIam, BootstrapBrokerStringTls: small.BootstrapBrokerStringTls };
    const { data } = shapeResponseData(brokers, ['BootstrapBrokerStringSaslIam', 'BootstrapBrokerStringTls'], LONG_ENVELOPE);

    expect(data.BootstrapBrokerStringTls).toBe(small.BootstrapBrokerStringTls);
    expect(data.BootstrapBrokerStringSaslIam!.split(',').length).toBeGreaterThan(2);
  });

  test('fails with a clear message when not even one broker per string fits', () => {
    const huge = `${'b'.repeat(4100)}.kafka.us-east-1.amazonaws.com:9098`;
    expect(() => shapeResponseData({ BootstrapBrokerStringSaslIam: huge }, ['BootstrapBrokerStringSaslIam'], LONG_ENVELOPE))
      .toThrow(/^The broker strings the stack reads \(BootstrapBrokerStringSaslIam\) do not fit CloudFormation's 4096-byte limit for a custom-resource response even with one broker each/);
  });

  test('counts the envelope: the same data fits a short envelope and is shortened for a long one', () => {
    const all = brokerStrings(18, 'orders');
    const read: BootstrapBrokerAttribute[] = ['BootstrapBrokerStringSaslIam', 'BootstrapBrokerStringSaslScram', 'BootstrapBrokerStringPublicSaslScram'];
    const shortEnvelope: ResponseEnvelope = { PhysicalResourceId: 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/x' };
    const whole = shapeResponseData(all, read, shortEnvelope);
    expect(whole.shortened).toEqual([]);
    expect(responseBytes(LONG_ENVELOPE, whole.data)).toBeGreaterThan(MAX_RESPONSE_BYTES);

    const shaped = shapeResponseData(all, read, LONG_ENVELOPE);
    expect(shaped.shortened).not.toEqual([]);
    expect(responseBytes(LONG_ENVELOPE, shaped.data)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  });
});

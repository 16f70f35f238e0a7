import { KafkaVersion } from '../../src';

describe('KafkaVersion', () => {
  test.each([
    ['V3_6_0', KafkaVersion.V3_6_0, '3.6.0', false, true, true],
    ['V3_7_X', KafkaVersion.V3_7_X, '3.7.x', false, true, false],
    ['V3_7_X_KRAFT', KafkaVersion.V3_7_X_KRAFT, '3.7.x.kraft', true, true, false],
    ['V3_8_X', KafkaVersion.V3_8_X, '3.8.x', false, true, true],
    ['V3_8_X_KRAFT', KafkaVersion.V3_8_X_KRAFT, '3.8.x.kraft', true, true, true],
    ['V3_9_X', KafkaVersion.V3_9_X, '3.9.x', false, true, true],
    ['V3_9_X_KRAFT', KafkaVersion.V3_9_X_KRAFT, '3.9.x.kraft', true, true, true],
    ['V4_0_X_KRAFT', KafkaVersion.V4_0_X_KRAFT, '4.0.x.kraft', true, true, false],
    ['V4_1_X_KRAFT', KafkaVersion.V4_1_X_KRAFT, '4.1.x.kraft', true, true, false],
    ['V4_2_X_KRAFT', KafkaVersion.V4_2_X_KRAFT, '4.2.x.kraft', true, true, true],
  ])('%s is %s with kraft=%s tiered=%s express=%s', (_name, version, text, kraft, tiered, express) => {
    expect(version.version).toBe(text);
    expect(version.toString()).toBe(text);
    expect(version.isKraft).toBe(kraft);
    expect(version.supportsTieredStorage).toBe(tiered);
    expect(version.supportsExpress).toBe(express);
    expect(version.isEndOfSupport).toBe(false);
  });

  test('endOfSupportDate is the date MSK publishes, or undefined where it publishes none', () => {
    expect(KafkaVersion.V3_6_0.endOfSupportDate).toBe('2026-06-01');
    expect(KafkaVersion.of('3.4.0').endOfSupportDate).toBe('2025-08-04');
    expect([KafkaVersion.V3_7_X, KafkaVersion.V3_8_X, KafkaVersion.V3_9_X_KRAFT, KafkaVersion.V4_2_X_KRAFT].map((v) => v.endOfSupportDate))
      .toEqual([undefined, undefined, undefined, undefined]);
    expect(KafkaVersion.of('constructor').endOfSupportDate).toBeUndefined();
  });

  test('of() derives features from the string', () => {
    expect(KafkaVersion.of('2.8.2.tiered').supportsTieredStorage).toBe(true);
    expect(KafkaVersion.of('2.8.1').supportsTieredStorage).toBe(false);
    expect(KafkaVersion.of('3.5.1').isEndOfSupport).toBe(true);
    expect(KafkaVersion.of('4.3.x').isKraft).toBe(true);
    expect(KafkaVersion.of('3.9.x').isAtLeast(3, 8)).toBe(true);
    expect(KafkaVersion.of('3.9.x').isAtLeast(4, 0)).toBe(false);
  });

  test('an unparsable string has no features but is passed through', () => {
    const version = KafkaVersion.of('latest');
    expect(version.version).toBe('latest');
    expect(version.isKraft).toBe(false);
    expect(version.isEndOfSupport).toBe(false);
  });
});

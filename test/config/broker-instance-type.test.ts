import { BrokerInstanceType } from '../../src';

describe('BrokerInstanceType', () => {
  test.each([
    [BrokerInstanceType.KAFKA_T3_SMALL, 't3', false, 300, 300],
    [BrokerInstanceType.KAFKA_M5_LARGE, 'm5', false, 1000, 1500],
    [BrokerInstanceType.KAFKA_M5_2XLARGE, 'm5', false, 2000, 3000],
    [BrokerInstanceType.KAFKA_M5_24XLARGE, 'm5', false, 4000, 6000],
    [BrokerInstanceType.KAFKA_M7G_LARGE, 'm7g', false, 1000, 1500],
    [BrokerInstanceType.KAFKA_M7G_XLARGE, 'm7g', false, 1000, 1500],
    [BrokerInstanceType.KAFKA_M7G_4XLARGE, 'm7g', false, 4000, 6000],
    [BrokerInstanceType.KAFKA_M7G_16XLARGE, 'm7g', false, 4000, 6000],
    [BrokerInstanceType.EXPRESS_M7G_LARGE, 'm7g', true, 1000, 1500],
    [BrokerInstanceType.EXPRESS_M7G_XLARGE, 'm7g', true, 1000, 2000],
    [BrokerInstanceType.EXPRESS_M7G_16XLARGE, 'm7g', true, 20000, 32000],
  ])('%s: family %s, express %s, partitions %d/%d', (type, family, express, recommended, max) => {
    expect(type.family).toBe(family);
    expect(type.isExpress).toBe(express);
    expect(type.recommendedPartitionsPerBroker).toBe(recommended);
    expect(type.maxPartitionsPerBroker).toBe(max);
  });

  test('of() accepts new families and leaves unknown limits undefined', () => {
    const type = BrokerInstanceType.of('kafka.m8g.large');
    expect(type.instanceType).toBe('kafka.m8g.large');
    expect(type.family).toBe('m8g');
    expect(type.size).toBe('large');
    expect(type.maxPartitionsPerBroker).toBeUndefined();
    expect(type.maxProvisionedThroughputMiBps).toBeUndefined();
    expect(type.isKnown).toBe(false);
    expect(BrokerInstanceType.of('kafka.m7g.large').maxPartitionsPerBroker).toBe(1500);
    expect(BrokerInstanceType.of('kafka.m7g.large').isKnown).toBe(true);
  });

  test('only t3 is burstable', () => {
    expect(BrokerInstanceType.KAFKA_T3_SMALL.isBurstable).toBe(true);
    expect(BrokerInstanceType.KAFKA_M7G_LARGE.isBurstable).toBe(false);
  });

  test.each(['m7g.large', 'kafka.m7g', 'KAFKA.M7G.LARGE', 'ec2.m7g.large'])('fails when the name is %p, naming instanceType and the fix', (name) => {
    expect(() => BrokerInstanceType.of(name)).toThrow(/instanceType: .* is not an MSK broker instance type.*BrokerInstanceType.of/);
  });
});

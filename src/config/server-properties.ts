/** A map of Kafka server properties. */
export type ServerProperties = { [key: string]: string };

/**
 * Durable broker defaults for standard brokers: replication over every AZ, acks=all writes
 * that survive one broker loss, no unclean leader election, no topics created by accident.
 */
export function durableDefaults(brokerCount: number, isExpress: boolean): ServerProperties {
  if (isExpress) {
    // Express fixes replication (RF 3, min.insync.replicas 2) and does not accept those keys.
    return { 'auto.create.topics.enable': 'false' };
  }
  const replicationFactor = Math.max(1, Math.min(3, brokerCount));
  const minInsync = Math.max(1, replicationFactor - 1);
  return {
    'auto.create.topics.enable': 'false',
    'default.replication.factor': String(replicationFactor),
    'min.insync.replicas': String(minInsync),
    'unclean.leader.election.enable': 'false',
    'offsets.topic.replication.factor': String(replicationFactor),
    'transaction.state.log.replication.factor': String(replicationFactor),
    'transaction.state.log.min.isr': String(minInsync),
  };
}

/** Renders properties as the `key=value` lines an MSK configuration takes, keys sorted. */
export function renderServerProperties(properties: ServerProperties): string {
  return Object.keys(properties).sort().map((key) => `${key}=${properties[key]}`).join('\n');
}

/** A user override that weakens a durability default, and why it matters. */
export interface DurabilityOverride {
  readonly key: string;
  readonly value: string;
  readonly risk: string;
}

/** Lists the user's overrides that undo a durability default. */
export function weakenedDurability(defaults: ServerProperties, overrides: ServerProperties): DurabilityOverride[] {
  const found: DurabilityOverride[] = [];
  const given = (key: string) => overrides[key];
  const num = (value: string | undefined) => (value === undefined ? NaN : Number(value));
  if (given('unclean.leader.election.enable')?.trim() === 'true') {
    found.push({ key: 'unclean.leader.election.enable', value: 'true', risk: 'an out-of-sync replica can become leader and committed messages are lost' });
  }
  if (given('auto.create.topics.enable')?.trim() === 'true') {
    found.push({ key: 'auto.create.topics.enable', value: 'true', risk: 'a typo in a client creates a topic with default settings' });
  }
  const defaultRf = num(defaults['default.replication.factor']);
  const rf = num(given('default.replication.factor'));
  if (!isNaN(rf) && !isNaN(defaultRf) && rf < defaultRf) {
    found.push({ key: 'default.replication.factor', value: String(rf), risk: `fewer than ${defaultRf} copies of each message` });
  }
  const effectiveRf = isNaN(rf) ? defaultRf : rf;
  const minIsr = num(given('min.insync.replicas'));
  if (!isNaN(minIsr) && !isNaN(effectiveRf) && effectiveRf >= 3 && minIsr < 2) {
    found.push({ key: 'min.insync.replicas', value: String(minIsr), risk: 'acks=all writes are acknowledged by a single replica' });
  }
  if (!isNaN(minIsr) && !isNaN(effectiveRf) && minIsr >= effectiveRf && effectiveRf > 1) {
    found.push({ key: 'min.insync.replicas', value: String(minIsr), risk: `with replication factor ${effectiveRf}, losing one broker (e.g. during patching) blocks acks=all writes` });
  }
  return found;
}

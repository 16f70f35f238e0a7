import * as fs from 'fs';
import * as path from 'path';
import { REGENERATE, renderAlarmCatalog, withAlarmCatalog } from './alarms-doc';
import { ALARM_CATALOG } from '../../src/monitoring/alarm-catalog';

const DOC = path.join(__dirname, '..', '..', 'docs', 'ALARMS.md');
/** The alarm ids of the integrations (their constructs name them; test/integrations/*.test.ts assert them). */
const INTEGRATION_ALARMS = [
  'ReplicationLatencyAlarm', 'MessageLagAlarm', 'ReplicatorFailureAlarm', 'ReplicationFailuresAlarm', 'ConsumerGroupOffsetSyncFailureAlarm',
  'DataFreshnessAlarm', 'ErroredTasksAlarm', 'NoWorkersAlarm', 'OffsetLagAlarm', 'ChannelDataFreshnessAlarm', 'ChannelFailedRecordsAlarm',
];

describe('docs/ALARMS.md', () => {
  const doc = fs.readFileSync(DOC, 'utf8');

  test(`its catalog tables are generated from the alarm catalog (regenerate: ${REGENERATE})`, () => {
    const generated = withAlarmCatalog(doc, renderAlarmCatalog());
    if (process.env.UPDATE_ALARMS_DOC === '1') {
      fs.writeFileSync(DOC, generated);
      return;
    }
    if (generated !== doc) {
      throw new Error(`docs/ALARMS.md's catalog differs from src/monitoring/alarm-catalog.ts. Regenerate it:\n  ${REGENERATE}`);
    }
  });

  test.each(INTEGRATION_ALARMS)('has a table row and a runbook section for the integration alarm %s', (id) => {
    expect(doc).toContain(`| [${id}](#${id.toLowerCase()}) |`);
    const start = doc.indexOf(`\n## ${id}\n`);
    expect(start).toBeGreaterThan(0);
    const section = doc.slice(start + 1).split('\n## ')[0];
    expect(section).toContain('**Why:**');
    expect(section).toContain('**When it fires:**');
  });

  test.each([...ALARM_CATALOG.map((a) => a.id), 'ConsumerLag'])('has a runbook section for %s: why, when it fires, and why missing data counts as it does', (id) => {
    const start = doc.indexOf(`\n## ${id}\n`);
    expect(start).toBeGreaterThan(0);
    const section = doc.slice(start + 1).split('\n## ')[0];
    expect(section).toContain('**Why:**');
    expect(section).toContain('**When it fires:**');
    if (id !== 'ConsumerLag') {
      expect(section).toContain('**Missing data:**');
    }
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { ALARM_CATALOG } from '../../src/monitoring/alarm-catalog';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/alarm-defaults';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'ALARMS.md'), 'utf8');

describe('docs/ALARMS.md', () => {
  test.each([...ALARM_CATALOG.map((a) => a.id), 'ConsumerLag'])('documents %s with a runbook section and a table row', (id) => {
    expect(doc).toContain(`\n## ${id}\n`);
    expect(doc).toContain(`| [${id}](#${id.toLowerCase()}) |`);
  });

  test('states the default thresholds the code uses', () => {
    expect(doc).toContain(`> ${DEFAULT_THRESHOLDS.cpuPercent} %`);
    expect(doc).toContain(`≥ ${DEFAULT_THRESHOLDS.diskUsedPercent} %`);
    expect(doc).toContain(`> ${DEFAULT_THRESHOLDS.heapMemoryPercent} %`);
    expect(doc).toContain(`> ${DEFAULT_THRESHOLDS.connectionCount}`);
    expect(doc).toContain(`≤ ${DEFAULT_THRESHOLDS.cpuCreditBalance}`);
    expect(doc).toContain(`> ${DEFAULT_THRESHOLDS.throughputPercentOfQuota} %`);
  });
});

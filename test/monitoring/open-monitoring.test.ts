import { Stack } from 'aws-cdk-lib';
import { OPEN_MONITORING_RULES, OpenMonitoringOptions, openMonitoringPorts, renderOpenMonitoring } from '../../src/monitoring/open-monitoring';
import { BrokerPorts } from '../../src/network/ports';
import { checkRules } from '../../src/validation/rules';
import { errorOf, problemsOf } from '../util/errors';

describe('renderOpenMonitoring', () => {
  test('is undefined when open monitoring is not asked for', () => {
    expect(renderOpenMonitoring(undefined)).toBeUndefined();
  });

  test.each<[OpenMonitoringOptions, boolean, boolean]>([
    [{ jmxExporter: true }, true, false],
    [{ nodeExporter: true }, false, true],
    [{ jmxExporter: true, nodeExporter: true }, true, true],
    [{ jmxExporter: true, nodeExporter: false }, true, false],
  ])('%j renders both exporters explicitly', (options, jmx, node) => {
    expect(renderOpenMonitoring(options)).toEqual({
      prometheus: { jmxExporter: { enabledInBroker: jmx }, nodeExporter: { enabledInBroker: node } },
    });
  });
});

describe('openMonitoringPorts', () => {
  test('11001 for the JMX exporter, 11002 for the node exporter', () => {
    expect(openMonitoringPorts({ jmxExporter: true })).toEqual([11001]);
    expect(openMonitoringPorts({ nodeExporter: true })).toEqual([11002]);
    expect(openMonitoringPorts({ jmxExporter: true, nodeExporter: true })).toEqual([BrokerPorts.JMX_EXPORTER, BrokerPorts.NODE_EXPORTER]);
  });

  test('no ports when open monitoring is off', () => {
    expect(openMonitoringPorts(undefined)).toEqual([]);
  });
});

describe('openMonitoring validation', () => {
  test.each<[OpenMonitoringOptions]>([[{}], [{ jmxExporter: false, nodeExporter: false }], [{ nodeExporter: false }]])(
    'fails when %j enables no exporter, naming openMonitoring, the value and the fix', (options) => {
      const expected = [{
        ruleId: 'OpenMonitoringNoExporter',
        property: 'openMonitoring',
        message: `openMonitoring: ${JSON.stringify(options)} enables no Prometheus exporter. `
          + 'Fix: set jmxExporter and/or nodeExporter to true, or leave openMonitoring out to turn open monitoring off.',
        path: undefined,
      }];
      expect(problemsOf(() => renderOpenMonitoring(options))).toEqual(expected);
      expect(problemsOf(() => openMonitoringPorts(options))).toEqual(expected);
    });

  test('OPEN_MONITORING_RULES work with checkRules and name the construct', () => {
    const stack = new Stack(undefined, 'Test');
    expect(errorOf(() => checkRules(stack, 'ProvisionedCluster', OPEN_MONITORING_RULES, { jmxExporter: false })))
      .toMatch(/^cdk-msk-constructs: 1 problem in ProvisionedCluster 'Test':\n {2}- \[OpenMonitoringNoExporter\] openMonitoring: \{"jmxExporter":false\} enables no Prometheus exporter/);
    expect(() => checkRules(stack, 'ProvisionedCluster', OPEN_MONITORING_RULES, undefined)).not.toThrow();
    expect(() => checkRules(stack, 'ProvisionedCluster', OPEN_MONITORING_RULES, { nodeExporter: true })).not.toThrow();
  });
});

import { aws_msk as msk } from 'aws-cdk-lib';
import { BrokerPorts } from '../network/ports';
import { registerRules } from '../validation/registry';
import { checkRules, Rule } from '../validation/rules';

/**
 * Open monitoring with Prometheus: exporters that run on every broker and that a Prometheus
 * server in the VPC scrapes. Give at least one exporter.
 */
export interface OpenMonitoringOptions {
  /**
   * Run the Prometheus JMX exporter (Kafka metrics) on port 11001 of every broker.
   * @default false
   */
  readonly jmxExporter?: boolean;
  /**
   * Run the Prometheus node exporter (CPU, memory, disk metrics) on port 11002 of every broker.
   * @default false
   */
  readonly nodeExporter?: boolean;
}

/** True when `options` is given but enables no exporter. */
function enablesNothing(options: OpenMonitoringOptions | undefined): boolean {
  return options !== undefined && !options.jmxExporter && !options.nodeExporter;
}

/**
 * Errors for the `openMonitoring` property: each names the property, the value and the fix.
 * Run them with `checkRules(scope, kind, OPEN_MONITORING_RULES, props.openMonitoring)`.
 */
export const OPEN_MONITORING_RULES: ReadonlyArray<Rule<OpenMonitoringOptions | undefined>> = [
  {
    id: 'OpenMonitoringNoExporter',
    failsWhen: enablesNothing,
    message: (options) => `openMonitoring: ${JSON.stringify(options)} enables no Prometheus exporter. `
      + 'Fix: set jmxExporter and/or nodeExporter to true, or leave openMonitoring out to turn open monitoring off.',
  },
];
registerRules({ name: 'OPEN_MONITORING_RULES', file: 'src/monitoring/open-monitoring.ts', severity: 'error', checkedBy: ['ProvisionedCluster'] }, OPEN_MONITORING_RULES);


/**
 * The OpenMonitoring property of AWS::MSK::Cluster, or undefined when open monitoring is off.
 * Both exporters are rendered, so turning one off is an explicit update. Throws the
 * `OPEN_MONITORING_RULES` error for options that enable no exporter.
 */
export function renderOpenMonitoring(options: OpenMonitoringOptions | undefined): msk.CfnCluster.OpenMonitoringProperty | undefined {
  assertValid(options);
  if (options === undefined) {
    return undefined;
  }
  return {
    prometheus: {
      jmxExporter: { enabledInBroker: options.jmxExporter ?? false },
      nodeExporter: { enabledInBroker: options.nodeExporter ?? false },
    },
  };
}

/** The broker ports Prometheus scrapes: 11001 for the JMX exporter, 11002 for the node exporter. */
export function openMonitoringPorts(options: OpenMonitoringOptions | undefined): number[] {
  assertValid(options);
  const ports: number[] = [];
  if (options?.jmxExporter) {
    ports.push(BrokerPorts.JMX_EXPORTER);
  }
  if (options?.nodeExporter) {
    ports.push(BrokerPorts.NODE_EXPORTER);
  }
  return ports;
}

/** Runs OPEN_MONITORING_RULES for callers that render without a scope. */
function assertValid(options: OpenMonitoringOptions | undefined): void {
  checkRules(undefined, 'ProvisionedCluster', OPEN_MONITORING_RULES, options);
}

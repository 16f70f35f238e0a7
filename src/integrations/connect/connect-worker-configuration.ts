import * as crypto from 'crypto';
import { Fn, IResource, Names, Resource, Token, aws_kafkaconnect as kafkaconnect } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { WORKER_CONFIGURATION_RULES } from './connect-connector-rules';
import { checkRules } from '../../validation/rules';

/** An MSK Connect worker configuration, at one revision. */
export interface IWorkerConfiguration extends IResource {
  /**
   * ARN of the worker configuration.
   * @attribute
   */
  readonly workerConfigurationArn: string;
  /**
   * Revision connectors use.
   * @attribute
   */
  readonly revision: number;
}

/** Props of {@link ConnectWorkerConfiguration}. */
export interface ConnectWorkerConfigurationProps {
  /**
   * Worker properties, e.g. `{ 'key.converter': '...StringConverter', 'value.converter': '...StringConverter' }`.
   * `key.converter` and `value.converter` are required; properties MSK Connect manages
   * (`bootstrap.servers`, `security.*`, `sasl.*`, internal topics, ...) are rejected.
   */
  readonly properties: { [key: string]: string };
  /**
   * Name (1 to 128 characters).
   * @default - derived from the construct path and the properties, so that a change creates a new configuration before the old one is removed
   */
  readonly workerConfigurationName?: string;
  /**
   * Description.
   * @default - none
   */
  readonly description?: string;
}

/**
 * An MSK Connect worker configuration (AWS::KafkaConnect::WorkerConfiguration): the worker
 * properties of the connectors that use it. Its properties are fixed at creation: changing
 * them creates a new configuration and replaces every connector that uses it.
 */
export class ConnectWorkerConfiguration extends Resource implements IWorkerConfiguration {
  /** ARN of the worker configuration. */
  public readonly workerConfigurationArn: string;
  /** Revision of the worker configuration. */
  public readonly revision: number;
  /** The underlying AWS::KafkaConnect::WorkerConfiguration. */
  public readonly cfnWorkerConfiguration: kafkaconnect.CfnWorkerConfiguration;

  constructor(scope: Construct, id: string, props: ConnectWorkerConfigurationProps) {
    super(scope, id);
    const content = Object.keys(props.properties).sort().map((key) => `${key}=${props.properties[key]}`).join('\n') + '\n';
    const name = props.workerConfigurationName
      ?? `${Names.uniqueResourceName(this, { maxLength: 119, separator: '-' })}-${Token.isUnresolved(content) ? 'tokens' : hash(content)}`;
    checkRules(this, 'ConnectWorkerConfiguration', WORKER_CONFIGURATION_RULES, { properties: props.properties, name });

    this.cfnWorkerConfiguration = new kafkaconnect.CfnWorkerConfiguration(this, 'Resource', {
      name,
      description: props.description,
      propertiesFileContent: Token.isUnresolved(content) ? Fn.base64(content) : Buffer.from(content, 'utf-8').toString('base64'),
    });
    this.workerConfigurationArn = this.cfnWorkerConfiguration.attrWorkerConfigurationArn;
    this.revision = Token.asNumber(this.cfnWorkerConfiguration.attrRevision);
  }
}

function hash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 8);
}

import { IResource, Lazy, Resource, Token, aws_kafkaconnect as kafkaconnect, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CUSTOM_PLUGIN_RULES, CUSTOM_PLUGIN_WARNINGS, MAX_CUSTOM_PLUGIN_NAME_LENGTH } from './connect-connector-rules';
import { shareCreationTrace } from '../../validation/creation-trace';
import { checkRules, warnRules } from '../../validation/rules';
import { nameWithCreateOnlyHash } from '../create-only-name';

/** The file type of a custom plugin. */
export class CustomPluginContentType {
  /** A ZIP file with the connector JARs and their dependencies. */
  public static readonly ZIP = new CustomPluginContentType('ZIP');
  /** A single (uber) JAR file. */
  public static readonly JAR = new CustomPluginContentType('JAR');

  /** The value CloudFormation takes. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/** An MSK Connect custom plugin: connector code, at one revision. */
export interface ICustomPlugin extends IResource {
  /**
   * ARN of the custom plugin.
   * @attribute
   */
  readonly customPluginArn: string;
  /**
   * Revision of the plugin that connectors use.
   * @attribute
   */
  readonly revision: number;
}

/** What is known about an existing custom plugin. */
export interface CustomPluginAttributes {
  /** ARN of the custom plugin. */
  readonly customPluginArn: string;
  /**
   * Revision to use.
   * @default 1
   */
  readonly revision?: number;
}

/** Props of {@link ConnectCustomPlugin}. */
export interface ConnectCustomPluginProps {
  /** The bucket holding the plugin file. CloudFormation reads it while it creates the plugin. */
  readonly bucket: s3.IBucket;
  /** Key of the plugin file in the bucket, e.g. `plugins/confluentinc-kafka-connect-s3-10.5.0.zip`. */
  readonly fileKey: string;
  /** Whether the file is a ZIP or a JAR. */
  readonly contentType: CustomPluginContentType;
  /**
   * Version of the object, for a versioned bucket: pins the exact file.
   * @default - the latest version
   */
  readonly objectVersion?: string;
  /**
   * Name of the plugin (1 to 128 characters), unique in the account and Region. With a fixed
   * name, a change that replaces the plugin fails (the old plugin still holds the name while
   * CloudFormation creates the new one): a warning says so.
   * @default - derived from the construct path, plus a hash of the settings fixed at creation, so a replacement gets a new name
   */
  readonly customPluginName?: string;
  /**
   * Description of the plugin.
   * @default - none
   */
  readonly description?: string;
}

/**
 * An MSK Connect custom plugin (AWS::KafkaConnect::CustomPlugin) from a ZIP or JAR in S3.
 * Every property is fixed at creation: changing the file, its version, the type, the description
 * or the name replaces the plugin, and with it every connector that uses it. The default name
 * carries a hash of those settings, so the replacement (created before the old plugin is
 * deleted) gets a new name.
 */
export class ConnectCustomPlugin extends Resource implements ICustomPlugin {
  /** Imports an existing custom plugin. */
  public static fromCustomPluginAttributes(scope: Construct, id: string, attrs: CustomPluginAttributes): ICustomPlugin {
    class Imported extends Resource implements ICustomPlugin {
      public readonly customPluginArn = attrs.customPluginArn;
      public readonly revision = attrs.revision ?? 1;
    }
    return new Imported(scope, id);
  }

  /** ARN of the custom plugin. */
  public readonly customPluginArn: string;
  /** Revision of the plugin (1 for a new plugin). */
  public readonly revision: number;
  /** The underlying AWS::KafkaConnect::CustomPlugin. */
  public readonly cfnCustomPlugin: kafkaconnect.CfnCustomPlugin;

  constructor(scope: Construct, id: string, props: ConnectCustomPluginProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    // Every create-only property of AWS::KafkaConnect::CustomPlugin but the name (its CloudFormation
    // resource schema, createOnlyProperties: all of them): a change to any replaces the plugin.
    const fixedAtCreation = {
      description: props.description,
      contentType: props.contentType.value,
      location: {
        s3Location: { bucketArn: props.bucket.bucketArn, fileKey: props.fileKey, objectVersion: props.objectVersion },
      },
    };
    const name = props.customPluginName
      ?? Lazy.string({ produce: () => nameWithCreateOnlyHash(this, fixedAtCreation, { maxLength: MAX_CUSTOM_PLUGIN_NAME_LENGTH }) });
    const facts = { name, nameGiven: props.customPluginName !== undefined, fileKey: props.fileKey, contentType: props.contentType.value };
    checkRules(this, 'ConnectCustomPlugin', CUSTOM_PLUGIN_RULES, facts);
    warnRules(this, CUSTOM_PLUGIN_WARNINGS, facts);

    this.cfnCustomPlugin = new kafkaconnect.CfnCustomPlugin(this, 'Resource', { name, ...fixedAtCreation });
    this.customPluginArn = this.cfnCustomPlugin.attrCustomPluginArn;
    this.revision = Token.asNumber(this.cfnCustomPlugin.attrRevision);
  }
}

import { CfnDeletionPolicy, Names, RemovalPolicy, aws_msk as msk } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { KafkaVersion } from './kafka-version';
import { renderServerProperties } from './server-properties';

/** Props of {@link ClusterConfiguration}. */
export interface ClusterConfigurationProps {
  /** The Kafka version the configuration is for; part of its name. */
  readonly kafkaVersion: KafkaVersion;
  /** Server properties, already merged (defaults and overrides). */
  readonly serverProperties: { [key: string]: string };
  /**
   * Description of the configuration.
   * @default - none
   */
  readonly description?: string;
  /**
   * What happens to the configuration when the stack is deleted: give it the removal policy of
   * the cluster that uses it, because MSK refuses to delete a configuration a cluster uses ("You
   * can't delete a configuration that's attached to a cluster": MSK developer guide, "Delete
   * configuration"), so a retained cluster with a deleted configuration makes the stack deletion fail. A configuration
   * replaced by a Kafka version change is still deleted (the cluster has moved to the new one).
   * @default - deleted with the stack
   */
  readonly removalPolicy?: RemovalPolicy;
}

const MAX_NAME_LENGTH = 64;

/**
 * An MSK Configuration for one cluster.
 *
 * Its name is unique to the construct path and ends with the Kafka version, because
 * CloudFormation can only change a configuration's Kafka versions by replacing it: a version
 * change therefore creates a new configuration under a new name, and the cluster moves to it
 * in the same update. Changing server properties adds a revision in place.
 */
export class ClusterConfiguration extends Construct {
  /** ARN of the configuration. */
  public readonly configurationArn: string;
  /** Name of the configuration. */
  public readonly configurationName: string;
  /** The latest revision number (a token). */
  public readonly latestRevision: number;
  /** The server properties the configuration holds. */
  public readonly serverProperties: { [key: string]: string };

  constructor(scope: Construct, id: string, props: ClusterConfigurationProps) {
    super(scope, id);
    const suffix = `-${props.kafkaVersion.version.replace(/[^A-Za-z0-9]+/g, '-')}`;
    const base = Names.uniqueResourceName(this, {
      maxLength: MAX_NAME_LENGTH - suffix.length,
      separator: '-',
      allowedSpecialCharacters: '-',
    });
    this.configurationName = `${base}${suffix}`;
    this.serverProperties = { ...props.serverProperties };
    const resource = new msk.CfnConfiguration(this, 'Resource', {
      name: this.configurationName,
      description: props.description,
      kafkaVersionsList: [props.kafkaVersion.version],
      serverProperties: renderServerProperties(props.serverProperties),
    });
    // DeletionPolicy only: the UpdateReplacePolicy stays Delete, so that the configuration a
    // version change replaces (the cluster moves off it in the same update) does not linger.
    if (props.removalPolicy !== undefined) {
      resource.applyRemovalPolicy(props.removalPolicy, { applyToUpdateReplacePolicy: false });
      // Said explicitly (CloudFormation's default), so the template shows the choice (cfn-lint W3011).
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.DELETE;
    }
    this.configurationArn = resource.attrArn;
    this.latestRevision = resource.attrLatestRevisionRevision;
  }
}

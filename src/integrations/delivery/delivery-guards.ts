import { Annotations, Stack, Token, aws_glue as glue, aws_msk as msk } from 'aws-cdk-lib';
import type { DataDeliveryChannel } from './data-delivery-channel';
import { IcebergDeliveryOptions } from './delivery-destination';
import { fingerprint, UpdateGuard } from '../../custom-resources/update-guard';
import { ID_PREFIX } from '../../validation/errors';

/* What a Data Delivery channel fixes at creation, and the deploy-time and synth-time guards around it. */

/**
 * An Iceberg channel creates its own table, and a new channel cannot take over an existing table (MSK developer
 * guide, "Amazon MSK Data Delivery", Iceberg "Key concepts"). A change of a setting fixed at creation replaces the
 * channel: with the same table, the new channel would fail to create it. The guard refuses such a change before
 * the channel is touched; a change of the table itself passes (a new table).
 */
export function guardIcebergTable(channel: DataDeliveryChannel, iceberg: IcebergDeliveryOptions, createOnly: Record<string, unknown>): void {
  const stack = Stack.of(channel);
  const table = `${iceberg.namespace}.${iceberg.tableName}`;
  const settings = stack.toJsonString({ ...createOnly, table: undefined, destination: withoutTable(stack.resolve(createOnly.destination)) });
  new UpdateGuard(channel, 'UpdateGuard', {
    subject: `MSK Data Delivery channel of topic into table ${table} (${channel.node.path})`,
    settings: [{
      property: `settings of the channel into table ${table}`,
      value: Token.isUnresolved(settings) ? settings : fingerprint(settings),
      change: 'replaces',
      reason: 'CloudFormation replaces the channel (AWS::MSK::Channel: every setting but the data freshness is fixed at creation), and the new '
        + 'channel cannot create the table the old one writes (MSK developer guide, "Amazon MSK Data Delivery"). Fix: deliver into a new table '
        + '(a new tableName), or add a new DataDeliveryChannel with a new construct id and a new tableName, and remove this one.',
    }],
    guarded: [channel.cfnChannel],
  });
}

/** The destination without its data freshness, the one setting that changes in place. */
export function withoutFreshness(destination: Pick<msk.CfnChannelProps, 's3DestinationConfiguration' | 'icebergDestinationConfiguration'>): Record<string, unknown> {
  const strip = (config: object | undefined) => config === undefined ? undefined : { ...config, dataFreshnessInSeconds: undefined };
  return { s3: strip(destination.s3DestinationConfiguration), iceberg: strip(destination.icebergDestinationConfiguration) };
}

/** The Iceberg destination without its table names (a new table does not conflict). */
function withoutTable(destination: unknown): unknown {
  const d = destination as { iceberg?: Record<string, unknown> };
  return d.iceberg === undefined ? destination : { ...d, iceberg: { ...d.iceberg, destinationTableList: undefined } };
}

/** Warns when the schema of an Iceberg channel has versions beyond its first: MSK does not evolve the table. */
export function schemaVersionWarning(channel: DataDeliveryChannel, iceberg: IcebergDeliveryOptions): string[] {
  const versions = iceberg.schema.node.findAll().filter((c) => c instanceof glue.CfnSchemaVersion);
  if (versions.length > 0) {
    Annotations.of(channel).addWarningV2(`${ID_PREFIX}:DeliverySchemaVersions`,
      `schema: ${iceberg.schema.node.path} has versions added with addVersion(); MSK Data Delivery does not evolve an Iceberg table, and a schema `
      + 'change after the channel is created can stop delivery (MSK developer guide, "Amazon MSK Data Delivery", "Schema management"). '
      + 'Deliver the new schema through a new channel and table, or acknowledge this warning.');
  }
  return [];
}

import { CfnResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { UpdateGuard } from '../../custom-resources/update-guard';

/**
 * Guards a Lambda consumer's event source mapping (`mapping`) against a deployment that changes its consumer
 * group, which Lambda refuses (../../custom-resources/update-guard.ts).
 */
export function guardConsumerUpdates(scope: Construct, mapping: CfnResource, consumerGroup: string): UpdateGuard {
  return new UpdateGuard(scope, 'UpdateGuard', {
    subject: `Lambda consumer ${scope.node.path}`,
    guarded: [mapping],
    settings: [{
      property: 'consumerGroup',
      value: consumerGroup,
      change: 'refused',
      reason: 'Lambda cannot change the consumer group of a Kafka event source mapping ("After creating a Kafka event source mapping with the '
        + 'consumer group ID specified, you cannot update this value", Lambda developer guide, "Customizable consumer group ID"). Fix: revert '
        + 'the change. To consume as a new group deliberately, remove this consumer in one deployment and add one with the new consumerGroup '
        + 'in the next (the new group starts at its startingPosition).',
    }],
  });
}

import { CfnResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { UpdateGuard } from '../custom-resources/update-guard';

/** What a topic's update guard compares. */
export interface TopicGuardSettings {
  readonly topicName: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}

const CREATE_ONLY = 'is create-only on AWS::MSK::Topic ("Update requires: Replacement", CloudFormation template reference)';

/**
 * Guards a topic (`resource`, its AWS::MSK::Topic) against a deployment that would replace it or that Kafka
 * refuses: a new name or replication factor, or fewer partitions (./../custom-resources/update-guard.ts).
 */
export function guardTopicUpdates(scope: Construct, resource: CfnResource, settings: TopicGuardSettings): UpdateGuard {
  return new UpdateGuard(scope, 'UpdateGuard', {
    subject: `topic '${settings.topicName}' (${scope.node.path})`,
    guarded: [resource],
    settings: [
      {
        property: 'topicName',
        value: settings.topicName,
        change: 'replaces',
        reason: `TopicName ${CREATE_ONLY} and Kafka cannot rename a topic: CloudFormation would create a new, empty topic and delete the old one `
          + 'with its messages (or, retained, leave it outside the stack) while producers and consumers move to the new one. Fix: revert the change. '
          + 'To move to a new topic deliberately, add it under a new construct id, move the clients, then remove the old one.',
      },
      {
        property: 'replicationFactor',
        value: settings.replicationFactor,
        change: 'replaces',
        reason: `ReplicationFactor ${CREATE_ONLY}: CloudFormation would create a second topic of the same name, which Kafka refuses, or with `
          + 'another name replace the topic and its messages. Fix: revert the change (the prop only applies when the topic is created). To change '
          + 'the replication of the live topic, reassign its partitions with kafka-reassign-partitions.sh (Apache Kafka documentation, '
          + '"Increasing replication factor") and leave the prop as it was deployed.',
      },
      {
        property: 'partitions',
        value: settings.partitions,
        change: 'grows',
        reason: 'Kafka can add partitions to a topic but never remove them (Apache Kafka documentation, "Modifying topics"), so MSK would refuse '
          + 'the update. Fix: keep at least the deployed count. To have fewer partitions, create a new topic under a new construct id and move the clients to it.',
      },
    ],
  });
}

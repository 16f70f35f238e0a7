import { Template } from 'aws-cdk-lib/assertions';
import { buildQuickstart } from '../../examples/quickstart';
import { buildScramUsers } from '../../examples/scram-users';
import { testApp } from '../util/stacks';

/**
 * Data-safety guard: a changed logical id makes CloudFormation replace the resource, and a
 * replaced cluster, key or bucket loses data. These ids are pinned: a refactor that changes one
 * fails here. Change an expected id only together with a migration note in README.
 */
describe('logical ids of data-holding resources are pinned', () => {
  const template = Template.fromStack(buildQuickstart(testApp()));
  const idsOf = (type: string) => Object.keys(template.findResources(type)).filter((id) => id.startsWith('Events')).sort();

  test.each([
    ['AWS::MSK::Cluster', ['EventsD32975C2']],
    ['AWS::KMS::Key', ['EventsBrokerLogBucketKey87D1F1E8', 'EventsKey1BC2C457', 'EventsMonitoringAlarmTopicKey377F5502']],
    ['AWS::S3::Bucket', ['EventsBrokerLogBucketAccessLogs776343D2', 'EventsBrokerLogBucketD9321BCB']],
    ['AWS::EC2::SecurityGroup', ['EventsSecurityGroup8AA8DBFC']],
    ['AWS::MSK::Configuration', ['EventsConfiguration50BDEB25']],
  ])('%s', (type, expected) => {
    expect(idsOf(type)).toEqual(expected);
  });
});

test('logical ids of SCRAM user secrets and their key are pinned', () => {
  const template = Template.fromStack(buildScramUsers(testApp()));
  expect(Object.keys(template.findResources('AWS::SecretsManager::Secret')).sort())
    .toEqual(['PartnersScramUsersUserauditor4DC52650', 'PartnersScramUsersUserpartnerconnector1A039135']);
});

import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { ClientAuthentication, KafkaPrincipal, ProvisionedCluster } from '../../../src';
import { formatFindings, runValidatorWall, wallApp } from '../../util/validator-wall';

/** The wall on a SCRAM cluster with Kafka ACLs: the admin user, the worker in the VPC and the provider's access. */
describe('Kafka ACLs pass the validator wall', () => {
  const app = wallApp();
  const stack = new Stack(app, 'Acls', { env: { region: 'us-east-1', account: '123456789012' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
  });
  const cluster = new ProvisionedCluster(stack, 'Events', { vpc, clientAuthentication: ClientAuthentication.scram() });
  const orders = cluster.addScramUser('orders');
  orders.grantConsume('orders', 'orders-app');
  orders.grantProduce('payments.*');
  cluster.kafkaAcls.grantAdmin(KafkaPrincipal.scramUser('operator'));

  const wall = runValidatorWall(app);
  // The test's VPC has no flow log; that is the app's choice, not the library's.
  const library = (findings: typeof wall.errors) => findings.filter((f) => !f.resource.startsWith('Acls/Vpc/'));

  test('the library adds no error or warning findings', () => {
    expect(formatFindings(library(wall.errors))).toEqual([]);
    expect(formatFindings(library(wall.warnings))).toEqual([]);
  });
});

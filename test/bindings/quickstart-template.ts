/**
 * The reference for the Python, Java and Go smoke tests (test/bindings/<language>/): the README's quick start
 * (a default `ProvisionedCluster` named 'Events') in a stack 'MskQuickstart' in us-east-1, in a VPC 'Vpc' of
 * three isolated subnets (/22, named 'Private') in us-east-1a, b and c, without NAT gateways — the same stack
 * each smoke test writes in its own language. Writes the synthesized template to the file named by the first
 * argument.
 *
 *   npx ts-node --transpile-only test/bindings/quickstart-template.ts .tmp/bindings/quickstart.template.json
 */
import * as fs from 'fs';
import * as path from 'path';
import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { ProvisionedCluster } from '../../src';
import { testApp } from '../util/stacks';

const out = process.argv[2];
if (!out) {
  throw new Error('usage: quickstart-template.ts <out.json>');
}
// testApp(): the built-in CloudFormation validation off (it reports, it does not change the template).
const app = testApp();
const stack = new Stack(app, 'MskQuickstart', { env: { region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', {
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  natGateways: 0,
  subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
});
new ProvisionedCluster(stack, 'Events', { vpc });
const template = app.synth().getStackByName(stack.stackName).template as object;
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(template, null, 1));

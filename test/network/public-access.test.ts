import { Annotations, Stack, aws_acmpca as acmpca, aws_ec2 as ec2, aws_msk as msk } from 'aws-cdk-lib';
import { Annotations as Found, Match, Template } from 'aws-cdk-lib/assertions';
import { ClientAuthentication } from '../../src/auth/client-authentication';
import { BrokerInstanceType } from '../../src/config/broker-instance-type';
import { KafkaVersion } from '../../src/config/kafka-version';
import { BrokerPorts } from '../../src/network/ports';
import { PublicBrokerPorts } from '../../src/network/public-access';
import {
  PUBLIC_ACCESS_RULES, PUBLIC_ACCESS_WARNINGS, PUBLIC_PEER_WARNINGS, PublicAccessFacts,
  isAnywhere, publicAccessPorts, renderPublicAccess, selectionIsPublic, subnetIdsArePublic,
} from '../../src/network/public-access-rules';
import { warnRules } from '../../src/validation/rules';
import { ruleProblems } from '../util/errors';
import { testApp, vpcStack } from '../util/stacks';

const CA_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555';

function facts(overrides: Partial<PublicAccessFacts> = {}): PublicAccessFacts {
  return {
    enabled: true,
    subnetsArePublic: true,
    clientAuthentication: ClientAuthentication.iam(),
    kafkaVersion: KafkaVersion.V3_9_X_KRAFT,
    instanceType: BrokerInstanceType.KAFKA_M7G_LARGE,
    serverProperties: {},
    openMonitoring: false,
    ...overrides,
  };
}

function problems(f: PublicAccessFacts): string {
  return ruleProblems(PUBLIC_ACCESS_RULES, f);
}

function scramAndTls(): ClientAuthentication {
  const ca = acmpca.CertificateAuthority.fromCertificateAuthorityArn(new Stack(testApp()), 'Ca', CA_ARN);
  return ClientAuthentication.of({ scram: true, mutualTls: [ca] });
}

describe('public broker ports', () => {
  test('are 9198 (IAM), 9196 (SCRAM) and 9194 (TLS), each 100 above the port in the VPC', () => {
    expect([PublicBrokerPorts.SASL_IAM, PublicBrokerPorts.SASL_SCRAM, PublicBrokerPorts.TLS]).toEqual([9198, 9196, 9194]);
    expect(PublicBrokerPorts.SASL_IAM - BrokerPorts.SASL_IAM).toBe(100);
    expect(PublicBrokerPorts.SASL_SCRAM - BrokerPorts.SASL_SCRAM).toBe(100);
    expect(PublicBrokerPorts.TLS - BrokerPorts.TLS).toBe(100);
  });

  test('publicAccessPorts lists the ports of the enabled modes, primary first', () => {
    expect(publicAccessPorts(ClientAuthentication.iam())).toEqual([9198]);
    const ca = acmpca.CertificateAuthority.fromCertificateAuthorityArn(new Stack(testApp()), 'Ca', CA_ARN);
    expect(publicAccessPorts(ClientAuthentication.of({ iam: true, scram: true, mutualTls: [ca] }))).toEqual([9198, 9196, 9194]);
    expect(publicAccessPorts(scramAndTls())).toEqual([9196, 9194]);
  });
});

describe('renderPublicAccess', () => {
  test('SERVICE_PROVIDED_EIPS when on, an explicit DISABLED when off, nothing when not given', () => {
    expect(renderPublicAccess(true)).toEqual({ type: 'SERVICE_PROVIDED_EIPS' });
    expect(renderPublicAccess(false)).toEqual({ type: 'DISABLED' });
    expect(renderPublicAccess(undefined)).toBeUndefined();
  });

  test('synthesizes to BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess', () => {
    const { stack, vpc } = vpcStack();
    new msk.CfnCluster(stack, 'Cluster', {
      clusterName: 'events',
      kafkaVersion: '3.9.x.kraft',
      numberOfBrokerNodes: 3,
      brokerNodeGroupInfo: {
        instanceType: 'kafka.m7g.large',
        clientSubnets: vpc.publicSubnets.map((s) => s.subnetId),
        connectivityInfo: { publicAccess: renderPublicAccess(true) },
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Cluster', {
      BrokerNodeGroupInfo: Match.objectLike({ ConnectivityInfo: { PublicAccess: { Type: 'SERVICE_PROVIDED_EIPS' } } }),
    });
  });
});

describe('whether broker subnets are public', () => {
  const { stack, vpc } = vpcStack();

  test('true for the public subnets of a VPC, false for its private ones', () => {
    expect(selectionIsPublic(vpc, { subnetType: ec2.SubnetType.PUBLIC })).toBe(true);
    expect(selectionIsPublic(vpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS })).toBe(false);
    expect(selectionIsPublic(vpc)).toBe(false); // CDK's default selection: private subnets
    expect(subnetIdsArePublic(vpc, vpc.publicSubnets.map((s) => s.subnetId))).toBe(true);
  });

  test('false as soon as one known subnet is private', () => {
    expect(subnetIdsArePublic(vpc, [vpc.publicSubnets[0].subnetId, vpc.privateSubnets[1].subnetId])).toBe(false);
  });

  test('unknown (undefined) for subnets imported by id that the VPC does not list, and for no subnets', () => {
    const imported = ['subnet-0aaa', 'subnet-0bbb'].map((id, i) => ec2.Subnet.fromSubnetAttributes(stack, `Imported${i}`, { subnetId: id, availabilityZone: `us-east-1${'ab'[i]}` }));
    expect(selectionIsPublic(vpc, { subnets: imported })).toBeUndefined();
    expect(subnetIdsArePublic(vpc, [vpc.publicSubnets[0].subnetId, 'subnet-0ccc'])).toBeUndefined();
    expect(subnetIdsArePublic(vpc, [])).toBeUndefined();
  });

  test('known for an imported VPC that lists its public and private subnets', () => {
    const importedVpc = ec2.Vpc.fromVpcAttributes(stack, 'ImportedVpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      publicSubnetIds: ['subnet-0pub1', 'subnet-0pub2'],
      privateSubnetIds: ['subnet-0prv1', 'subnet-0prv2'],
    });
    expect(selectionIsPublic(importedVpc, { subnetType: ec2.SubnetType.PUBLIC })).toBe(true);
    expect(selectionIsPublic(importedVpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS })).toBe(false);
  });
});

describe('PUBLIC_ACCESS_RULES', () => {
  test('pass when public access is off, whatever the cluster', () => {
    expect(problems(facts({ enabled: false, subnetsArePublic: false, kafkaVersion: KafkaVersion.of('2.2.1'), openMonitoring: true, clientAuthentication: scramAndTls() }))).toBe('');
  });

  test('pass for IAM on public subnets, and for unknown subnets (a warning, not an error)', () => {
    expect(problems(facts())).toBe('');
    expect(problems(facts({ subnetsArePublic: undefined }))).toBe('');
  });

  test('fail on Kafka before 2.6.0, naming the property, the value and the fix', () => {
    expect(problems(facts({ kafkaVersion: KafkaVersion.of('2.5.1') }))).toBe("cdk-msk-constructs: 1 problem in ProvisionedCluster 'Test':\n"
      + '  - [PublicAccessVersion] publicAccess: Kafka 2.5.1 does not support public access (MSK needs 2.6.0 or later). '
      + 'Fix: upgrade kafkaVersion, e.g. to KafkaVersion.V3_9_X_KRAFT, or remove publicAccess.');
    expect(problems(facts({ kafkaVersion: KafkaVersion.of('2.6.0') }))).toBe('');
  });

  test('fail on private broker subnets, warning that moving them replaces the cluster', () => {
    const message = problems(facts({ subnetsArePublic: false }));
    expect(message).toContain('[PublicAccessPrivateSubnets] publicAccess: the broker subnets (vpcSubnets) are not all public');
    expect(message).toContain('broker subnets cannot change in place, so that replaces the cluster and loses its data');
  });

  test('fail without any authentication mode', () => {
    expect(problems(facts({ clientAuthentication: ClientAuthentication.of({}) })))
      .toContain('[PublicAccessNoAuthentication] publicAccess: no client authentication mode is enabled; MSK needs SASL/IAM, SASL/SCRAM or mutual TLS for public access.');
  });

  test('fail for SCRAM or mutual TLS while Kafka ACLs allow everyone', () => {
    const message = problems(facts({ clientAuthentication: scramAndTls() }));
    expect(message).toContain('[PublicAccessAclsOpen] publicAccess: SASL/SCRAM and mutual TLS clients on the internet are authorized by Kafka ACLs, '
      + 'and with allow.everyone.if.no.acl.found=true (the MSK default) any authenticated client may use every topic that has no ACL');
    expect(problems(facts({ clientAuthentication: ClientAuthentication.scram(), serverProperties: { 'allow.everyone.if.no.acl.found': 'true' } })))
      .toContain('SASL/SCRAM clients on the internet are authorized by Kafka ACLs, and with allow.everyone.if.no.acl.found=true any');
    expect(problems(facts({ clientAuthentication: scramAndTls(), serverProperties: { 'allow.everyone.if.no.acl.found': 'false' } }))).toBe('');
  });

  test('fail for open monitoring on KRaft or Express brokers', () => {
    expect(problems(facts({ openMonitoring: true })))
      .toContain('[PublicAccessWithOpenMonitoring] publicAccess: KRaft clusters (3.9.x.kraft) cannot have open monitoring and public access both on.');
    expect(problems(facts({ openMonitoring: true, instanceType: BrokerInstanceType.EXPRESS_M7G_LARGE, kafkaVersion: KafkaVersion.V3_9_X })))
      .toContain('publicAccess: Express brokers (express.m7g.large) cannot have open monitoring');
    expect(problems(facts({ openMonitoring: true, kafkaVersion: KafkaVersion.V3_9_X }))).toBe('');
  });

  test('tokens are not validated', () => {
    const stack = new Stack(undefined, 'Tokens');
    expect(problems(facts({ kafkaVersion: KafkaVersion.of(stack.stackId) }))).toBe('');
    expect(problems(facts({ clientAuthentication: scramAndTls(), serverProperties: { 'allow.everyone.if.no.acl.found': stack.stackId } }))).toBe('');
  });
});

describe('public access warnings', () => {
  test('PublicAccess is loud: exposure, compliance, the two-step deployment; it can be acknowledged', () => {
    const stack = new Stack(testApp(), 'Test');
    warnRules(stack, PUBLIC_ACCESS_WARNINGS, facts());
    const [warning, ...rest] = Found.fromStack(stack).findWarning('/Test', Match.anyValue());
    expect(rest).toEqual([]);
    const text = String(warning.entry.data);
    expect(text).toContain('publicAccess: the brokers get public IP addresses and accept clients from the internet on 9198');
    expect(text).toContain('CT.MSK.PR.2');
    expect(text).toContain('if this deployment creates the cluster, deploy once without publicAccess, then add it');
    expect(text).toContain('[ack: cdk-msk-constructs:PublicAccess]');

    const acknowledged = new Stack(testApp(), 'Acked');
    Annotations.of(acknowledged).acknowledgeWarning('cdk-msk-constructs:PublicAccess', 'reviewed');
    warnRules(acknowledged, PUBLIC_ACCESS_WARNINGS, facts());
    expect(Found.fromStack(acknowledged).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('PublicAccessSubnetsUnknown when the subnets cannot be checked', () => {
    const stack = new Stack(testApp(), 'Test');
    warnRules(stack, PUBLIC_ACCESS_WARNINGS, facts({ subnetsArePublic: undefined }));
    Found.fromStack(stack).hasWarning('/Test', Match.stringLikeRegexp('cannot tell at synth time whether the broker subnets'));
  });

  test('nothing when public access is off', () => {
    const stack = new Stack(testApp(), 'Test');
    warnRules(stack, PUBLIC_ACCESS_WARNINGS, facts({ enabled: false, subnetsArePublic: undefined }));
    expect(Found.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('PublicAccessFromAnywhere for 0.0.0.0/0 and ::/0, not for a client range', () => {
    expect(isAnywhere(ec2.Peer.anyIpv4())).toBe(true);
    expect(isAnywhere(ec2.Peer.anyIpv6())).toBe(true);
    expect(isAnywhere(ec2.Peer.ipv4('203.0.113.0/24'))).toBe(false);
    const stack = new Stack(testApp(), 'Test');
    warnRules(stack, PUBLIC_PEER_WARNINGS, ec2.Peer.anyIpv4());
    warnRules(stack, PUBLIC_PEER_WARNINGS, ec2.Peer.ipv4('203.0.113.0/24'));
    const warnings = Found.fromStack(stack).findWarning('/Test', Match.anyValue());
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain('allowPublicClientAccessFrom: 0.0.0.0/0 lets every address on the internet reach the public broker ports');
  });
});

import { Annotations, Stack, aws_acmpca as acmpca, aws_msk as msk } from 'aws-cdk-lib';
import { Annotations as Found, Match, Template } from 'aws-cdk-lib/assertions';
import { ClientAuthentication } from '../../src/auth/client-authentication';
import { BrokerInstanceType } from '../../src/config/broker-instance-type';
import { KafkaVersion } from '../../src/config/kafka-version';
import { renderConnectivityInfo } from '../../src/network/connectivity-info';
import { MultiVpcConnectivityOptions } from '../../src/network/multi-vpc';
import { MULTI_VPC_RULES, MULTI_VPC_WARNINGS, MultiVpcFacts, enabledMultiVpcSchemes, renderVpcConnectivity } from '../../src/network/multi-vpc-rules';
import { warnRules } from '../../src/validation/rules';
import { ruleProblems } from '../util/errors';
import { testApp, vpcStack } from '../util/stacks';

const CA_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555';

function facts(overrides: Partial<MultiVpcFacts> = {}): MultiVpcFacts {
  return {
    options: { iam: true },
    clientAuthentication: ClientAuthentication.iam(),
    instanceType: BrokerInstanceType.KAFKA_M7G_LARGE,
    kafkaVersion: KafkaVersion.V3_9_X_KRAFT,
    serverProperties: {},
    ...overrides,
  };
}

function problems(f: MultiVpcFacts): string {
  return ruleProblems(MULTI_VPC_RULES, f);
}

function allAuth(stack: Stack): ClientAuthentication {
  const ca = acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN);
  return ClientAuthentication.of({ iam: true, scram: true, mutualTls: [ca] });
}

describe('renderVpcConnectivity', () => {
  test('is undefined when multi-VPC connectivity is not asked for', () => {
    expect(renderVpcConnectivity(undefined)).toBeUndefined();
  });

  test.each<[MultiVpcConnectivityOptions, boolean, boolean, boolean]>([
    [{ iam: true }, true, false, false],
    [{ scram: true }, false, true, false],
    [{ tls: true }, false, false, true],
    [{ iam: true, scram: false, tls: true }, true, false, true],
  ])('%j renders every scheme with an explicit Enabled', (options, iam, scram, tls) => {
    expect(renderVpcConnectivity(options)).toEqual({
      clientAuthentication: { sasl: { iam: { enabled: iam }, scram: { enabled: scram } }, tls: { enabled: tls } },
    });
  });

  test('lists the enabled schemes', () => {
    expect(enabledMultiVpcSchemes(undefined)).toEqual([]);
    expect(enabledMultiVpcSchemes({ iam: true, scram: false, tls: true })).toEqual(['iam', 'tls']);
  });
});

describe('renderConnectivityInfo', () => {
  test('is undefined when neither multi-VPC connectivity nor public access is given, so templates do not change', () => {
    expect(renderConnectivityInfo(undefined, undefined)).toBeUndefined();
  });

  test('renders either or both', () => {
    expect(renderConnectivityInfo({ iam: true }, undefined))
      .toEqual({ vpcConnectivity: renderVpcConnectivity({ iam: true }), publicAccess: undefined });
    expect(renderConnectivityInfo(undefined, false)).toEqual({ vpcConnectivity: undefined, publicAccess: { type: 'DISABLED' } });
    expect(renderConnectivityInfo({ scram: true }, true)).toEqual({
      vpcConnectivity: renderVpcConnectivity({ scram: true }),
      publicAccess: { type: 'SERVICE_PROVIDED_EIPS' },
    });
  });

  test('synthesizes to BrokerNodeGroupInfo.ConnectivityInfo of AWS::MSK::Cluster', () => {
    const { stack, vpc } = vpcStack();
    new msk.CfnCluster(stack, 'Cluster', {
      clusterName: 'events',
      kafkaVersion: '3.9.x.kraft',
      numberOfBrokerNodes: 3,
      brokerNodeGroupInfo: {
        instanceType: 'kafka.m7g.large',
        clientSubnets: vpc.privateSubnets.map((s) => s.subnetId),
        connectivityInfo: renderConnectivityInfo({ iam: true, tls: true }, undefined),
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Cluster', {
      BrokerNodeGroupInfo: Match.objectLike({
        ConnectivityInfo: {
          VpcConnectivity: {
            ClientAuthentication: {
              Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } },
              Tls: { Enabled: true },
            },
          },
        },
      }),
    });
  });
});

describe('MULTI_VPC_RULES', () => {
  test('pass without multiVpcConnectivity, whatever the cluster', () => {
    expect(problems(facts({ options: undefined, instanceType: BrokerInstanceType.KAFKA_T3_SMALL, kafkaVersion: KafkaVersion.of('2.6.2') }))).toBe('');
  });

  test('pass for schemes the cluster enables, with ACLs closed for SCRAM and TLS', () => {
    const stack = new Stack(undefined, 'Test');
    expect(problems(facts({ options: { iam: true, scram: true, tls: true }, clientAuthentication: allAuth(stack), serverProperties: { 'allow.everyone.if.no.acl.found': 'false' } }))).toBe('');
  });

  test.each<[MultiVpcConnectivityOptions]>([[{}], [{ iam: false, scram: false, tls: false }]])(
    'fails when %j enables no scheme, naming the property, the value and the fix', (options) => {
      expect(problems(facts({ options }))).toBe("cdk-msk-constructs: 1 problem in ProvisionedCluster 'Test':\n"
        + `  - [MultiVpcNoScheme] multiVpcConnectivity: ${JSON.stringify(options)} enables no authentication scheme. `
        + 'Fix: set iam, scram and/or tls to true, or leave multiVpcConnectivity out.');
    });

  test('fails when a scheme is not enabled on the cluster, naming every missing scheme and its factory option', () => {
    const message = problems(facts({
      options: { iam: true, scram: true, tls: true },
      clientAuthentication: ClientAuthentication.iam(),
      serverProperties: { 'allow.everyone.if.no.acl.found': 'false' },
    }));
    expect(message).toContain("[MultiVpcSchemeNotOnCluster] multiVpcConnectivity: scram, tls is enabled for managed VPC connections but not in the cluster's clientAuthentication");
    expect(message).toContain('Fix: add scram: true, mutualTls: [ca] to ClientAuthentication.of({...})');
    expect(problems(facts({ options: { iam: true }, clientAuthentication: ClientAuthentication.scram() }))).toContain('multiVpcConnectivity: iam is enabled');
  });

  test('fails on kafka.t3.small', () => {
    expect(problems(facts({ instanceType: BrokerInstanceType.KAFKA_T3_SMALL, kafkaVersion: KafkaVersion.V3_9_X })))
      .toContain('[MultiVpcBurstable] multiVpcConnectivity: kafka.t3.small brokers do not support multi-VPC private connectivity. Fix: use a larger instance type');
  });

  test.each(['2.7.0', '2.6.2', '1.1.1'])('fails on Kafka %s (before 2.7.1)', (version) => {
    expect(problems(facts({ kafkaVersion: KafkaVersion.of(version) })))
      .toContain(`[MultiVpcVersion] multiVpcConnectivity: Kafka ${version} does not support multi-VPC private connectivity (MSK needs 2.7.1 or later). Fix: upgrade kafkaVersion`);
  });

  test.each(['2.7.1', '2.8.2.tiered', '3.6.0', '3.9.x', '4.1.x.kraft', 'custom-build'])('accepts Kafka %s (2.7.1 or later, or not parseable)', (version) => {
    expect(problems(facts({ kafkaVersion: KafkaVersion.of(version) }))).toBe('');
  });

  test.each<[MultiVpcConnectivityOptions, { [key: string]: string }, string]>([
    [{ scram: true }, {}, 'scram clients from other VPCs are authorized by Kafka ACLs, and with allow.everyone.if.no.acl.found=true (the MSK default)'],
    [{ tls: true }, { 'allow.everyone.if.no.acl.found': 'true' }, 'tls clients from other VPCs are authorized by Kafka ACLs, and with allow.everyone.if.no.acl.found=true any'],
    [{ iam: true, scram: true, tls: true }, {}, 'scram and tls clients'],
  ])('fails when %j reaches Kafka ACLs that allow everyone (%j)', (options, serverProperties, expected) => {
    const stack = new Stack(undefined, 'Test');
    const message = problems(facts({ options, clientAuthentication: allAuth(stack), serverProperties }));
    expect(message).toContain(`[MultiVpcAclsOpen] multiVpcConnectivity: ${expected}`);
    expect(message).toContain("Fix: create ACLs for your SCRAM users and certificate principals, then set serverProperties: { 'allow.everyone.if.no.acl.found': 'false' }");
  });

  test('IAM alone does not depend on Kafka ACLs; Kafka reads booleans trimmed and in any case', () => {
    const stack = new Stack(undefined, 'Test');
    expect(problems(facts({ options: { iam: true } }))).toBe('');
    expect(problems(facts({ options: { scram: true }, clientAuthentication: allAuth(stack), serverProperties: { 'allow.everyone.if.no.acl.found': ' FALSE ' } }))).toBe('');
  });

  test('a version given as a token is not validated', () => {
    const stack = new Stack(undefined, 'Test');
    expect(problems(facts({ kafkaVersion: KafkaVersion.of(stack.stackId) }))).toBe('');
    expect(problems(facts({ options: { scram: true }, clientAuthentication: allAuth(stack), serverProperties: { 'allow.everyone.if.no.acl.found': stack.stackId } }))).toBe('');
  });

  test('reports every failure in one error', () => {
    expect(problems(facts({ options: { scram: true }, instanceType: BrokerInstanceType.KAFKA_T3_SMALL, kafkaVersion: KafkaVersion.of('2.6.0') })))
      .toMatch(/^cdk-msk-constructs: 4 problems in ProvisionedCluster 'Test':\n {2}- \[MultiVpcSchemeNotOnCluster\].*\n {2}- \[MultiVpcBurstable\].*\n {2}- \[MultiVpcVersion\].*\n {2}- \[MultiVpcAclsOpen\]/);
  });
});

describe('MULTI_VPC_WARNINGS', () => {
  test('MultiVpcTwoStep says to deploy once without multiVpcConnectivity, and can be acknowledged', () => {
    const stack = new Stack(testApp(), 'Test');
    warnRules(stack, MULTI_VPC_WARNINGS, facts({ options: { iam: true, tls: true } }));
    const warnings = Found.fromStack(stack).findWarning('/Test', Match.stringLikeRegexp('MultiVpcTwoStep'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain('multiVpcConnectivity: enables iam, tls, which CloudFormation rejects while it creates a cluster');
    expect(warnings[0].entry.data).toContain('deploy once without multiVpcConnectivity, then add it');

    const acknowledged = new Stack(testApp(), 'Acked');
    Annotations.of(acknowledged).acknowledgeWarning('cdk-msk-constructs:MultiVpcTwoStep', 'the cluster exists in every environment');
    warnRules(acknowledged, MULTI_VPC_WARNINGS, facts({ options: { iam: true } }));
    expect(Found.fromStack(acknowledged).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('no warning without an enabled scheme', () => {
    const stack = new Stack(testApp(), 'Test');
    warnRules(stack, MULTI_VPC_WARNINGS, facts({ options: undefined }));
    warnRules(stack, MULTI_VPC_WARNINGS, facts({ options: {} }));
    expect(Found.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

/**
 * A partner connecting over the internet with SASL/SCRAM: the partner's own user, Kafka ACLs that
 * let it write one topic and read another, Kafka denying everything else by default, and public
 * access open to the partner's network only. README, "Kafka ACLs", walks through it.
 *
 * It takes three deployments, in order, selected with the context value `partnerStep`:
 *
 *   npx cdk deploy -c partnerStep=1   # the cluster, the partner's user and its ACLs (Kafka still allows everyone)
 *   npx cdk deploy -c partnerStep=2   # deny by default: allow.everyone.if.no.acl.found=false
 *   npx cdk deploy -c partnerStep=3   # public access, open to the partner's CIDR only (the default step)
 *
 * Step 2 needs the ACLs of step 1 on the cluster (the library's ACL admin must hold its own ACLs
 * before Kafka stops allowing principals without one), and MSK only turns public access on for a
 * cluster that exists and denies by default for SCRAM clients.
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/partner-scram-acls.ts"
 */
import { App, CfnOutput, Stack, StackProps, Validations, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClientAuthentication, ProvisionedCluster } from '../src';
import { CompliantVpc } from './shared/compliant-vpc';

/** The network the partner connects from (documentation range: replace it with the partner's). */
const PARTNER_CIDR = '203.0.113.0/24';

/** Props of {@link PartnerScramAclsStack}. */
export interface PartnerScramAclsStackProps extends StackProps {
  /** Which of the three deployments to synthesize (1, 2 or 3). */
  readonly step: number;
}

/** A SCRAM cluster shared with one partner over the internet. */
export class PartnerScramAclsStack extends Stack {
  constructor(scope: Construct, id: string, props: PartnerScramAclsStackProps) {
    super(scope, id, props);
    // Public access needs every broker subnet to route to an internet gateway (chosen at creation).
    const { vpc } = new CompliantVpc(this, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], publicSubnets: true });

    const cluster = new ProvisionedCluster(this, 'Partners', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      clientAuthentication: ClientAuthentication.scram(),
      serverProperties: props.step >= 2 ? { 'allow.everyone.if.no.acl.found': 'false' } : undefined,
      publicAccess: props.step >= 3,
    });

    // The partner's user: a generated password in Secrets Manager, and exactly the ACLs it needs.
    const partner = cluster.addScramUser('acme');
    partner.grantProduce('partner.acme.orders');
    partner.grantConsume('partner.acme.confirmations', 'acme');

    if (props.step >= 3) {
      cluster.allowPublicClientAccessFrom(ec2.Peer.ipv4(PARTNER_CIDR), 'Partner Acme (SASL/SCRAM)');
      // Control Tower's CT.MSK.PR.2 asks for public access off; reaching a partner outside AWS is this app's purpose.
      Validations.of(cluster).acknowledge({
        id: 'cdk-validator-cfnguard::msk_public_access_check',
        reason: 'The partner connects over the internet: SASL/SCRAM over TLS, Kafka ACLs denying by default, and only the partner\'s network admitted.',
      });
      // What to hand the partner: the public broker string, and the credentials from this secret.
      new CfnOutput(this, 'PartnerBrokers', { value: cluster.bootstrapBrokersPublicSaslScram });
    }
    new CfnOutput(this, 'PartnerSecretArn', { value: partner.secret.secretArn });
  }
}

/** Builds the example stack in `app` (step from the context value `partnerStep`, default 3). */
export function buildPartnerScramAcls(app: App): PartnerScramAclsStack {
  const step = Number(app.node.tryGetContext('partnerStep') ?? 3);
  return new PartnerScramAclsStack(app, 'MskPartnerScramAcls', { env: { region: 'us-east-1' }, step });
}

if (require.main === module) {
  const app = new App();
  buildPartnerScramAcls(app);
  app.synth();
}

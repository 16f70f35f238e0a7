import * as path from 'path';
import {
  Duration, Names, RemovalPolicy, Stack, Token, aws_ec2 as ec2, aws_iam as iam, aws_lambda as lambda, aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { createEncryptedLogGroup } from '../../logging/encrypted-log-group';
import { BrokerPorts } from '../../network/ports';
import { Acknowledgement, acknowledge } from '../../validation/acknowledgements';
import { acknowledgeWildcardResources } from '../../validation/wildcard-findings';

/** The worker's Lambda timeout; its entry point settles before it, and the stack provider waits for it. */
export const KAFKA_WORKER_TIMEOUT = Duration.minutes(5);

/** Rules acknowledged on the worker, with reasons (listed in README, "Kafka ACLs"). */
export const KAFKA_WORKER_ACKNOWLEDGEMENTS: Acknowledgement[] = [
  {
    rule: 'NIST.800.53.R5-LambdaConcurrency',
    reason: 'The worker runs only at deploy time, once per Kafka ACL resource being changed; reserving concurrency would take capacity from the '
      + 'account\'s unreserved pool (which Lambda keeps at 100 or more) for a function that is idle between deployments.',
  },
  {
    rule: 'HIPAA.Security-LambdaConcurrency',
    reason: 'The worker runs only at deploy time, once per Kafka ACL resource being changed; reserving concurrency would take capacity from the '
      + 'account\'s unreserved pool for a function that is idle between deployments.',
  },
  {
    rule: 'NIST.800.53.R5-LambdaDLQ',
    reason: 'The worker is invoked synchronously by the stack\'s provider, which reports every failure to CloudFormation; a dead-letter queue only '
      + 'receives failed asynchronous invocations.',
  },
  {
    rule: 'HIPAA.Security-LambdaDLQ',
    reason: 'The worker is invoked synchronously by the stack\'s provider, which reports every failure to CloudFormation; a dead-letter queue only '
      + 'receives failed asynchronous invocations.',
  },
  {
    rule: 'Serverless-LambdaTracing',
    reason: 'The worker runs at deploy time only and logs each Kafka request it makes; X-Ray tracing would need a route to the X-Ray endpoint, '
      + 'which the worker\'s security group does not have (it may only reach the brokers).',
  },
  {
    rule: 'Serverless-LambdaDLQ',
    reason: 'The worker is invoked synchronously by the stack\'s provider, which reports every failure to CloudFormation; a dead-letter queue only '
      + 'receives failed asynchronous invocations.',
  },
];

/** Why the worker's role names every network interface and calls the EC2 Describe actions on "*". */
const ENI_REASON = 'Lambda creates, describes and deletes the worker\'s network interfaces itself with the function\'s role, so their ids are unknown '
  + 'when the policy is written, and the EC2 Describe actions support no resource-level permissions; ec2:CreateNetworkInterface is limited to '
  + 'the worker\'s subnets and security group (Lambda developer guide, "Giving Lambda functions access to resources in an Amazon VPC").';

/** Construct id prefix of the workers (one per stack and VPC; the VPC's unique id follows). */
export const KAFKA_ACL_WORKER_ID = 'CdkMskConstructsKafkaAclWorker';

/** Where a worker runs: the cluster's VPC and subnets. */
export interface KafkaAclWorkerPlacement {
  readonly vpc: ec2.IVpc;
  readonly subnetIds: string[];
}

/**
 * The Kafka ACL worker Lambda of one stack and one VPC (./../../custom-resources/kafka-worker.lambda.ts):
 * it runs in the VPC of the clusters it manages, behind its own security group, which may only reach the
 * SASL/SCRAM port of those clusters' security groups. Its role has no AWS permission beyond its logs and
 * the network interfaces Lambda creates for it: the stack's provider reads the admin secret and invokes it.
 */
export class KafkaAclWorker extends Construct {
  /** The worker of `scope`'s stack for `placement.vpc`, created on first use. */
  public static of(scope: IConstruct, placement: KafkaAclWorkerPlacement): KafkaAclWorker {
    const stack = Stack.of(scope);
    const id = `${KAFKA_ACL_WORKER_ID}${Names.nodeUniqueId(placement.vpc.node)}`;
    const existing = stack.node.tryFindChild(id);
    if (existing instanceof KafkaAclWorker) {
      return existing;
    }
    return new KafkaAclWorker(stack, id, placement);
  }

  /** The worker's security group (no rule out, except one per cluster to its SCRAM port). */
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly function: lambda.Function;
  private readonly reached = new Set<string>();

  private constructor(scope: Construct, id: string, placement: KafkaAclWorkerPlacement) {
    super(scope, id);
    const stack = Stack.of(this);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: placement.vpc,
      description: 'cdk-msk-constructs Kafka ACL worker: reaches the SASL/SCRAM port of the MSK clusters whose ACLs it manages, nothing else',
      allowAllOutbound: false,
    });
    const logGroup = createEncryptedLogGroup(this, 'Logs', {
      purpose: 'the Kafka ACL worker\'s log (each ACL created or deleted)',
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-msk-constructs Kafka ACL worker: writes its log and lets Lambda manage its network interfaces; no other AWS access',
    });
    const ec2Arn = (resource: string, name: string) => stack.formatArn({ service: 'ec2', resource, resourceName: name });
    const subnets = Token.isUnresolved(placement.subnetIds) ? [ec2Arn('subnet', '*')] : placement.subnetIds.map((subnetId) => ec2Arn('subnet', subnetId));
    const statements = [
      new iam.PolicyStatement({
        actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        actions: ['ec2:CreateNetworkInterface'],
        resources: [ec2Arn('network-interface', '*'), ...subnets, ec2Arn('security-group', this.securityGroup.securityGroupId)],
      }),
      new iam.PolicyStatement({ actions: ['ec2:DeleteNetworkInterface'], resources: [ec2Arn('network-interface', '*')] }),
    ];
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'cdk-msk-constructs Kafka ACL worker: its log and its network interfaces',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup.logGroupArn}:*`] }),
        ...statements,
      ],
    });
    acknowledgeWildcardResources(policy, statements, ENI_REASON);
    acknowledgeWildcardResources(policy, [new iam.PolicyStatement({ resources: [`${logGroup.logGroupArn}:*`] })],
      'Lambda names the worker\'s log streams itself; the statement is limited to its one log group.');

    this.function = new lambda.Function(this, 'Function', {
      description: 'cdk-msk-constructs: creates and deletes the Kafka ACLs of MSK clusters in this VPC, invoked by the stack\'s custom-resource provider at deploy time',
      code: lambda.Code.fromAsset(path.join(__dirname, '..', '..', '..', 'assets', 'custom-resources', 'kafka-worker')),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      timeout: KAFKA_WORKER_TIMEOUT,
      memorySize: 256,
      role,
      logGroup,
      vpc: placement.vpc,
      vpcSubnets: { subnets: Token.isUnresolved(placement.subnetIds) ? undefined : placement.subnetIds.map((subnetId, i) => ec2.Subnet.fromSubnetId(this, `Subnet${i}`, subnetId)) },
      securityGroups: [this.securityGroup],
      // The brokers of a cluster with public access live in public subnets; the worker only talks to their
      // private addresses and never needs the internet (which a function there could not reach anyway).
      allowPublicSubnet: true,
    });
    // The function must not start before its role may create its network interfaces.
    this.function.node.addDependency(policy);
    acknowledge(this, KAFKA_WORKER_ACKNOWLEDGEMENTS);
  }

  /**
   * Lets the worker reach the SASL/SCRAM port (9096) of `groups` (a cluster's security groups), once per group:
   * an egress rule on the worker's group and an ingress rule on the cluster's, both written as their own
   * resources inside this construct, so that whatever depends on the worker waits for them.
   *
   * Not through `connections.allowTo`/`addEgressRule`: for a security-group peer they remove the worker group's
   * inline "no traffic" placeholder and add a separate rule, which leaves the group with no inline egress rule,
   * and EC2 then keeps its default rule allowing all outbound traffic (CloudFormation user guide,
   * AWS::EC2::SecurityGroup, SecurityGroupEgress).
   */
  public reach(groups: ec2.ISecurityGroup[]): void {
    for (const group of groups) {
      const id = Names.nodeUniqueId(group.node);
      if (this.reached.has(id)) {
        continue;
      }
      this.reached.add(id);
      const description = 'Kafka ACL worker to the brokers\' SASL/SCRAM listener';
      const port = { ipProtocol: 'tcp', fromPort: BrokerPorts.SASL_SCRAM, toPort: BrokerPorts.SASL_SCRAM, description };
      new ec2.CfnSecurityGroupEgress(this, `To${id}`, {
        groupId: this.securityGroup.securityGroupId, destinationSecurityGroupId: group.securityGroupId, ...port,
      });
      new ec2.CfnSecurityGroupIngress(this, `From${id}`, {
        groupId: group.securityGroupId, sourceSecurityGroupId: this.securityGroup.securityGroupId, ...port,
      });
    }
  }
}

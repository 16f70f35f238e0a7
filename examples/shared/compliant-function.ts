import { ArnFormat, Duration, RemovalPolicy, Stack, Validations, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_lambda as lambda, aws_logs as logs, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ManagedPolicyGrantee } from '../../src';

/** Props of {@link CompliantFunction}. */
export interface CompliantFunctionProps {
  /** The VPC the function runs in (its private subnets). */
  readonly vpc: ec2.IVpc;
  /** What the function does. */
  readonly description: string;
  /** Source of `index.js`; it must export `handler`. */
  readonly code: string;
  /** Environment variables. */
  readonly environment?: { [key: string]: string };
  /** Concurrent executions reserved (and capped) for the function. Default 5. */
  readonly reservedConcurrentExecutions?: number;
  /** Timeout. Default 30 seconds. */
  readonly timeout?: Duration;
}

/**
 * A Lambda function for the examples that passes the compliance packs: inline code on the
 * newest Node.js runtime, in the VPC's private subnets behind its own security group (no
 * outbound rule until something is allowed), X-Ray tracing, reserved concurrency, a
 * KMS-encrypted dead-letter queue and log group (one year, retained), and its own role whose
 * permissions all live in a customer-managed policy (`access`): no inline and no AWS managed
 * policy. Grant more to `access`, e.g. `cluster.grantProduce(fn.access, 'orders')`.
 */
export class CompliantFunction extends Construct {
  /** The function. */
  public readonly function: lambda.Function;
  /** The execution role. */
  public readonly role: iam.Role;
  /** Grants to the role, collected in a customer-managed policy. */
  public readonly access: ManagedPolicyGrantee;
  /** The function's security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The key of the log group and the dead-letter queue. */
  public readonly key: kms.Key;
  /** Where failed asynchronous invocations go. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: CompliantFunctionProps) {
    super(scope, id);
    this.key = this.createKey();
    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: this.key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Lambda function ${this.node.path}`,
      allowAllOutbound: false,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.access = new ManagedPolicyGrantee(this, 'Access', { role: this.role });
    const stack = Stack.of(this);
    const ec2Arn = (resource: string, name: string) => stack.formatArn({ service: 'ec2', resource, resourceName: name });
    this.access.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    // Network interfaces of a VPC function (what AWSLambdaVPCAccessExecutionRole allows, scoped).
    this.access.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'],
      resources: ['*'],
    }));
    this.access.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ec2:CreateNetworkInterface'],
      resources: [ec2Arn('network-interface', '*'), ec2Arn('security-group', this.securityGroup.securityGroupId),
        ...props.vpc.privateSubnets.concat(props.vpc.isolatedSubnets).map((subnet) => ec2Arn('subnet', subnet.subnetId))],
    }));
    this.access.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      resources: [ec2Arn('network-interface', '*')],
    }));
    this.access.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      resources: ['*'],
    }));
    this.access.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['sqs:SendMessage'],
      resources: [this.deadLetterQueue.queueArn],
    }));
    this.key.grant(this.access, 'kms:GenerateDataKey', 'kms:Decrypt');
    const eniArn = `arn:<AWS::Partition>:ec2:${stack.region}:<AWS::AccountId>:network-interface/*`;
    Validations.of(this.access.policy).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'ec2:Describe* and the X-Ray write actions support no resource-level permissions.' },
      { id: `AwsSolutions-IAM5[Resource::${eniArn}]`, reason: 'Lambda creates the network interfaces of a VPC function; their ids are unknown in advance.' },
    );
    // The queue is the last stop for failed events: it has no dead-letter queue of its own.
    Validations.of(this.deadLetterQueue).acknowledge(
      { id: 'Serverless-SQSRedrivePolicy', reason: 'This queue is the dead-letter queue; failed messages end here.' },
      { id: 'cdk-validator-cfnguard::sqs_dlq_check', reason: 'This queue is the dead-letter queue; failed messages end here.' },
    );

    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(props.code),
      environment: props.environment,
      role: this.role.withoutPolicyUpdates(),
      vpc: props.vpc,
      securityGroups: [this.securityGroup],
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? 5,
      deadLetterQueue: this.deadLetterQueue,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: 256,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
    });
    this.function.node.addDependency(this.access.policy);
  }

  /** A rotating key that CloudWatch Logs may use for this stack's log groups. */
  private createKey(): kms.Key {
    const stack = Stack.of(this);
    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the logs and dead letters of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }));
    // Control Tower CT.KMS.PR.3: only AWS services may create grants on the key.
    key.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
    return key;
  }
}

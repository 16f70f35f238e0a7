import {
  Aspects,
  Duration,
  IAspect,
  Names,
  Stack,
  Token,
  aws_cloudwatch as cloudwatch,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_lambda as lambda,
} from 'aws-cdk-lib';
import { Construct, Dependable, IConstruct, IDependable } from 'constructs';
import { ConsumerStartingPosition } from './consumer-starting-position';
import { DESCRIBE_NEEDS_STAR, ENI_NOT_KNOWN, FAILURE_OBJECTS, SCHEMAS_BY_ID } from './lambda-consumer-acknowledgements';
import { LambdaConsumerAuthentication } from './lambda-consumer-authentication';
import { LAMBDA_CONSUMER_NETWORK_WARNINGS, LAMBDA_CONSUMER_RULES, LAMBDA_CONSUMER_WARNINGS, LambdaConsumerFacts, LambdaConsumerNetworkFacts } from './lambda-consumer-rules';
import { guardConsumerUpdates } from './lambda-consumer-update-guard';
import { ConsumerFailureDestination } from './lambda-failure-destination';
import { KafkaAclOperation, KafkaAclResource } from '../../auth/kafka-acls/kafka-acl-resource';
import { ManagedPolicyGrantee } from '../../auth/managed-policy-grantee';
import { ScramUsers } from '../../auth/scram-users';
import { clusterInternals } from '../../cluster/cluster-internals';
import type { ClusterNetworkInfo } from '../../cluster/cluster-network';
import type { IMskCluster } from '../../cluster/cluster-ref';
import type { IntegrationAlarmOptions } from '../../monitoring/alarm-options';
import { shareCreationTrace } from '../../validation/creation-trace';
import { checkRules, warnRules } from '../../validation/rules';
import { acknowledgeWildcardResources } from '../../validation/wildcard-findings';
import { ISchemaRegistry } from '../glue/schema-registry';
import { createIntegrationAlarms } from '../integration-alarms';

/**
 * Provisioned mode for the event pollers: a minimum of pollers always runs (billed per event
 * poller unit), which gives faster scaling and is required for schema validation.
 */
export interface LambdaProvisionedPollers {
  /**
   * Pollers that always run (1–200).
   * @default 1
   */
  readonly minimumPollers?: number;
  /**
   * Pollers the mapping may scale up to (1–2000).
   * @default 200
   */
  readonly maximumPollers?: number;
  /**
   * Name of a poller group shared by several mappings of the same VPC, to share capacity.
   * @default - none: the mapping has its own pollers
   */
  readonly pollerGroupName?: string;
}

/** Validating records against a Glue Schema Registry before they reach the function. */
export interface LambdaSchemaRegistryOptions {
  /** The Glue registry holding the record schemas. The execution role gets `registry.grantRead`. */
  readonly registry: ISchemaRegistry;
  /**
   * How validated records reach the function.
   * @default lambda.EventRecordFormat.JSON (deserialized to JSON)
   */
  readonly eventRecordFormat?: lambda.EventRecordFormat;
  /**
   * Validate (and, with JSON, deserialize) the record value.
   * @default true
   */
  readonly validateValue?: boolean;
  /**
   * Validate (and, with JSON, deserialize) the record key.
   * @default false
   */
  readonly validateKey?: boolean;
}

/** Options of a {@link KafkaLambdaConsumer}, besides the cluster and the function. */
export interface LambdaConsumerOptions {
  /** The topic to read (one exact name). */
  readonly topic: string;
  /**
   * The Kafka consumer group of the pollers. Fixed at creation: Lambda cannot change it, so a
   * deployment that changes it fails before the mapping is touched (README, "Data safety").
   * @default - a name unique to this consumer, generated from its construct path
   */
  readonly consumerGroup?: string;
  /**
   * Where a new consumer group starts reading.
   * @default ConsumerStartingPosition.trimHorizon() (no record is skipped)
   */
  readonly startingPosition?: ConsumerStartingPosition;
  /**
   * Most records per invocation (1–10000).
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * Longest time to gather records before invoking (0–300 seconds).
   * @default - Lambda's default for Amazon MSK (500 ms)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Whether the mapping polls.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Event filter patterns, each a JSON object as text, e.g.
   * `JSON.stringify({ value: { type: ['order-placed'] } })`. Records matching none are
   * dropped without invoking the function.
   * @default - every record invokes the function
   */
  readonly filters?: string[];
  /**
   * Where Lambda reports batches it gave up on.
   * @default - none (a warning asks for one)
   */
  readonly onFailure?: ConsumerFailureDestination;
  /**
   * How the pollers authenticate to the brokers.
   * @default LambdaConsumerAuthentication.iam() (the cluster must enable SASL/IAM)
   */
  readonly authentication?: LambdaConsumerAuthentication;
  /**
   * Provisioned mode for the event pollers. Required for `schemaRegistry`.
   * @default - on-demand mode
   */
  readonly provisionedPollers?: LambdaProvisionedPollers;
  /**
   * Validate records against a Glue Schema Registry (provisioned mode only).
   * @default - no validation
   */
  readonly schemaRegistry?: LambdaSchemaRegistryOptions;
  /**
   * The function's execution role, which receives the consumer's permissions in a
   * customer-managed policy. Give it when the function is an import without its role.
   * @default - the function's role
   */
  readonly role?: iam.IRole;
  /**
   * Set to true when the cluster's VPC has interface endpoints for Lambda and STS (and Secrets
   * Manager, for SCRAM or mutual TLS) that the cluster's security groups reach on port 443, defined
   * outside this app. In on-demand mode the pollers reach Lambda and STS through the cluster's
   * subnets, so a cluster in isolated subnets (no NAT) without such endpoints gets the warning
   * `LambdaConsumerNetworkNoRoute`; endpoints for both services defined in this app in the
   * cluster's VPC are found without this option.
   * @default false
   */
  readonly vpcEndpointsExist?: boolean;
  /**
   * The recommended alarm: the function's offset lag (Lambda's OffsetLag) above
   * `offsetLagAlarmThreshold` for 15 minutes.
   * @default - on, with the cluster's alarm actions (none for an imported cluster)
   */
  readonly alarms?: IntegrationAlarmOptions;
  /**
   * The number of records the function may stay behind the topic (OffsetLag) for 15 minutes
   * before the offset-lag alarm fires. Size it to your throughput: the number of records produced
   * in the delay you accept.
   * @default 10000
   */
  readonly offsetLagAlarmThreshold?: number;
}

/** Props of {@link KafkaLambdaConsumer}. */
export interface KafkaLambdaConsumerProps extends LambdaConsumerOptions {
  /** The cluster to read from (provisioned, serverless or imported, in this account and Region). */
  readonly cluster: IMskCluster;
  /** The function to invoke with batches of records. */
  readonly function: lambda.IFunction;
}

const DESCRIBE_NETWORK = ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'];

/**
 * A Lambda function reading an MSK topic: an AWS::Lambda::EventSourceMapping for a
 * provisioned, serverless or imported cluster, with
 * - least-privilege permissions in a customer-managed policy attached to the function's role
 *   (kafka:DescribeClusterV2 and GetBootstrapBrokers on the cluster, the EC2 network-interface
 *   actions of the pollers, and under IAM the `kafka-cluster:` read actions on the topic and
 *   group; the secret, failure destination and schema registry when used);
 * - the one network rule the pollers need: their ENIs use the cluster's subnets and security
 *   groups, so each cluster security group allows itself on the broker port.
 *
 * In on-demand mode the pollers invoke the function through the cluster's VPC: its subnets
 * need a NAT gateway or interface endpoints for Lambda and STS (and Secrets Manager for SCRAM
 * or mutual TLS), and the cluster's security groups must reach them on port 443, e.g.
 * `endpoint.connections.allowDefaultPortFrom(cluster)`; the construct adds no such rule.
 * Provisioned mode (`provisionedPollers`) needs neither. A failure destination needs an
 * endpoint for its service in the cluster's VPC, reachable the same way.
 */
export class KafkaLambdaConsumer extends Construct {
  /** The topic read. */
  public readonly topic: string;
  /** The Kafka consumer group of the pollers. */
  public readonly consumerGroup: string;
  /** The customer-managed policy holding the consumer's permissions, attached to the execution role. */
  public readonly policy: iam.ManagedPolicy;
  /** Id (UUID) of the event source mapping. */
  public readonly eventSourceMappingId: string;
  /** ARN of the event source mapping. */
  public readonly eventSourceMappingArn: string;
  /** The underlying AWS::Lambda::EventSourceMapping. */
  public readonly cfnEventSourceMapping: lambda.CfnEventSourceMapping;
  /** The recommended alarms (empty with `alarms: { enabled: false }`). */
  public readonly alarms: cloudwatch.Alarm[];

  private readonly cluster: IMskCluster;
  private readonly functionName: string;

  constructor(scope: Construct, id: string, props: KafkaLambdaConsumerProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    const stack = Stack.of(this);
    const cluster = props.cluster;
    const network = clusterInternals(cluster).network;
    const authentication = props.authentication ?? LambdaConsumerAuthentication.iam();
    const consumerGroup = props.consumerGroup ?? Names.uniqueResourceName(this, { maxLength: 200, allowedSpecialCharacters: '-_.' });
    const role = props.role ?? props.function.role;
    const secretKeyKnown = authentication.secret === undefined || authentication.secret.encryptionKey !== undefined;
    const securityGroups = cluster.connections.securityGroups;
    const facts: LambdaConsumerFacts = {
      topic: props.topic,
      consumerGroup,
      batchSize: props.batchSize,
      maxBatchingWindow: props.maxBatchingWindow,
      startingPosition: props.startingPosition ?? ConsumerStartingPosition.trimHorizon(),
      authentication,
      clusterAuthentication: network?.clientAuthentication,
      clusterKind: network?.kind,
      pollers: props.provisionedPollers,
      schemaRegistry: props.schemaRegistry !== undefined,
      validateKey: props.schemaRegistry?.validateKey ?? false,
      validateValue: props.schemaRegistry?.validateValue ?? true,
      filters: props.filters ?? [],
      roleKnown: role !== undefined,
      clusterArn: cluster.clusterArn,
      stackRegion: stack.region,
      stackAccount: stack.account,
      functionRegion: props.function.env.region,
      functionAccount: props.function.env.account,
      failureDestination: props.onFailure !== undefined,
      clusterSecurityGroupsKnown: securityGroups.length > 0,
      secretKeyKnown,
    };
    checkRules(this, 'KafkaLambdaConsumer', LAMBDA_CONSUMER_RULES, facts);
    warnRules(this, LAMBDA_CONSUMER_WARNINGS, facts);
    // The network warning looks for VPC endpoints, which may be defined after the consumer:
    // it runs when the app is synthesized.
    const onDemand = props.provisionedPollers === undefined;
    if (onDemand && !(props.vpcEndpointsExist ?? false) && network?.vpc !== undefined && network.subnetIds !== undefined) {
      const vpc = network.vpc;
      const subnetIds = network.subnetIds;
      const self = this;
      const aspect: IAspect = {
        visit(node: IConstruct) {
          if (node === self) {
            warnRules(self, LAMBDA_CONSUMER_NETWORK_WARNINGS, networkFacts(vpc, subnetIds, authentication));
          }
        },
      };
      Aspects.of(this).add(aspect);
    }
    this.cluster = cluster;
    this.topic = props.topic;
    this.consumerGroup = consumerGroup;

    // Permissions: one customer-managed policy on the execution role.
    const access = new ManagedPolicyGrantee(this, 'Access', { role: role! });
    this.policy = access.policy;
    const grants = this.grantPollers(access, cluster, network, authentication, props);

    // Network: the pollers' ENIs use the cluster's security groups.
    for (const group of securityGroups) {
      group.connections.allowInternally(ec2.Port.tcp(authentication.port), `Lambda event source pollers (${authentication.mode})`);
    }

    // The mapping.
    const start = facts.startingPosition;
    const accessType = authentication._sourceAccessType();
    const registry = props.schemaRegistry;
    this.cfnEventSourceMapping = new lambda.CfnEventSourceMapping(this, 'Resource', {
      functionName: props.function.functionArn,
      eventSourceArn: cluster.clusterArn,
      topics: [props.topic],
      startingPosition: start.position,
      startingPositionTimestamp: start.timestampSeconds,
      batchSize: props.batchSize,
      maximumBatchingWindowInSeconds: props.maxBatchingWindow?.toSeconds(),
      enabled: props.enabled,
      amazonManagedKafkaEventSourceConfig: {
        consumerGroupId: consumerGroup,
        schemaRegistryConfig: registry === undefined ? undefined : {
          schemaRegistryUri: registry.registry.registryArn,
          eventRecordFormat: (registry.eventRecordFormat ?? lambda.EventRecordFormat.JSON).value,
          schemaValidationConfigs: [
            ...(facts.validateKey ? [{ attribute: 'KEY' }] : []),
            ...(facts.validateValue ? [{ attribute: 'VALUE' }] : []),
          ],
        },
      },
      sourceAccessConfigurations: accessType && authentication.secret
        ? [{ type: accessType, uri: authentication.secret.secretFullArn ?? authentication.secret.secretArn }]
        : undefined,
      destinationConfig: props.onFailure ? { onFailure: { destination: props.onFailure.destinationArn } } : undefined,
      filterCriteria: facts.filters.length > 0 ? { filters: facts.filters.map((pattern) => ({ pattern })) } : undefined,
      provisionedPollerConfig: props.provisionedPollers === undefined ? undefined : {
        minimumPollers: props.provisionedPollers.minimumPollers,
        maximumPollers: props.provisionedPollers.maximumPollers,
        pollerGroupName: props.provisionedPollers.pollerGroupName,
      },
    });
    guardConsumerUpdates(this, this.cfnEventSourceMapping, consumerGroup);
    // Lambda checks the execution role when it creates the mapping.
    grants.applyBefore(this.cfnEventSourceMapping);
    this.cfnEventSourceMapping.node.addDependency(this.policy);
    // With SCRAM, the pollers sign in with a secret that MSK must know first: the mapping waits for
    // the cluster's secret association (AWS::MSK::BatchScramSecret), wherever the app defines it.
    if (authentication.mode === 'scram') {
      this.cfnEventSourceMapping.node.addDependency(scramAssociationOf(this, cluster));
    }
    // With a known SCRAM or certificate principal, the pollers' Kafka ACLs: what a consumer needs, plus the
    // cluster configuration they read (the ACL counterpart of the IAM grants above). The mapping waits for them.
    const aclUser = authentication.aclUser;
    if (aclUser) {
      aclUser.grantConsume(props.topic, consumerGroup);
      aclUser.kafkaAcls.addAcl({ principal: aclUser.principal, resource: KafkaAclResource.cluster(), operation: KafkaAclOperation.DESCRIBE_CONFIGS });
      this.cfnEventSourceMapping.node.addDependency(aclUser.kafkaAcls);
    }
    this.eventSourceMappingId = this.cfnEventSourceMapping.ref;
    this.eventSourceMappingArn = this.cfnEventSourceMapping.attrEventSourceMappingArn;

    this.functionName = unqualifiedName(props.function);
    const lag = props.offsetLagAlarmThreshold ?? DEFAULT_OFFSET_LAG_THRESHOLD;
    this.alarms = createIntegrationAlarms(this, props.alarms, () => cluster.alarmActions, [{
      id: 'OffsetLagAlarm',
      definition: {
        // Lambda scales its pollers with the lag; a lag above the threshold in three consecutive 5-minute
        // periods means the function does not keep up, not a burst being absorbed. Lambda reports OffsetLag
        // while the mapping polls; a disabled or idle mapping reports nothing, which is not a lag: notBreaching.
        metric: this.metricOffsetLag(),
        threshold: lag,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        summary: `Lambda function of consumer ${this.node.path} is more than ${Token.isUnresolved(lag) ? 'the threshold of' : lag} records behind `
          + `topic ${props.topic} for 15 minutes (OffsetLag).`,
        action: 'Check the function\'s errors, duration and throttles (a failing batch is retried and blocks its partition); then raise '
          + 'concurrency, batch size or pollers, or add partitions.',
      },
    }]);
  }

  /**
   * Records the function is behind the topic (Lambda's OffsetLag: the offset difference between the
   * last record written to the topic and the last record the consumer group processed, measured for
   * the topic). Maximum over 5 minutes.
   *
   * Lambda publishes it in AWS/Lambda per function (dimension FunctionName, the Lambda developer guide,
   * "Types of metrics for Lambda functions", performance metrics): when one function has several Kafka
   * event source mappings, this is the largest lag among them.
   */
  public metricOffsetLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'OffsetLag',
      dimensionsMap: { FunctionName: this.functionName },
      statistic: 'Maximum',
      period: Duration.minutes(5),
      ...props,
    }).attachTo(this);
  }

  /** Largest offset lag of the consumer group on the topic (MSK metric MaxOffsetLag). */
  public metricMaxOffsetLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.cluster.metricMaxOffsetLag(this.consumerGroup, this.topic, props);
  }

  /** Every permission the pollers need, granted to `grantee`. */
  private grantPollers(grantee: iam.IGrantable, cluster: IMskCluster, network: ClusterNetworkInfo | undefined,
    authentication: LambdaConsumerAuthentication, props: KafkaLambdaConsumerProps): iam.Grant {
    const stack = Stack.of(this);
    const ec2Arn = (resource: string, name: string) => stack.formatArn({ service: 'ec2', resource, resourceName: name });
    // Subnets are known for clusters of this app, but only those of the first VPC of a serverless cluster.
    const allSubnetsKnown = network?.subnetIds !== undefined && !Token.isUnresolved(network.subnetIds)
      && network.securityGroups.length === cluster.connections.securityGroups.length;
    const subnets = allSubnetsKnown ? network!.subnetIds!.map((id) => ec2Arn('subnet', id)) : [ec2Arn('subnet', '*')];
    const groups = cluster.connections.securityGroups.length > 0
      ? cluster.connections.securityGroups.map((group) => ec2Arn('security-group', group.securityGroupId))
      : [ec2Arn('security-group', '*')];

    const describe = iam.Grant.addToPrincipal({ grantee, actions: DESCRIBE_NETWORK, resourceArns: ['*'] });
    const interfaces = iam.Grant.addToPrincipal({ grantee, actions: ['ec2:CreateNetworkInterface'], resourceArns: [ec2Arn('network-interface', '*'), ...subnets, ...groups] })
      .combine(iam.Grant.addToPrincipal({ grantee, actions: ['ec2:DeleteNetworkInterface'], resourceArns: [ec2Arn('network-interface', '*')] }));
    let grant = iam.Grant.addToPrincipal({ grantee, actions: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'], resourceArns: [cluster.clusterArn] })
      .combine(describe)
      .combine(interfaces);
    // The wildcards the pollers cannot do without, acknowledged by their exact finding ids.
    acknowledgeWildcardResources(this.policy, describe.principalStatements, DESCRIBE_NEEDS_STAR);
    acknowledgeWildcardResources(this.policy, interfaces.principalStatements, ENI_NOT_KNOWN);

    if (authentication.mode === 'iam') {
      grant = grant.combine(cluster.grantConsume(grantee, props.topic, this.consumerGroup));
      // Lambda's pollers read the cluster configuration (Lambda developer guide, "Configuring Lambda
      // permissions for Amazon MSK event source mappings"), but MSK Serverless does not support the
      // action (MSK developer guide, "Semantics of IAM authorization policy actions and resources").
      if (network?.kind !== 'serverless') {
        grant = grant.combine(iam.Grant.addToPrincipal({ grantee, actions: ['kafka-cluster:DescribeClusterDynamicConfiguration'], resourceArns: [cluster.clusterArn] }));
      }
    }
    const secret = authentication.secret;
    if (secret) {
      // In the role's policy, not the key policy (which `secret.grantRead` would edit).
      grant = grant.combine(iam.Grant.addToPrincipal({
        grantee,
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resourceArns: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
      }));
      if (secret.encryptionKey) {
        grant = grant.combine(iam.Grant.addToPrincipal({
          grantee,
          actions: ['kms:Decrypt'],
          resourceArns: [secret.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
        }));
      }
    }
    if (props.onFailure) {
      const failure = props.onFailure._grant(grantee);
      if (props.onFailure.kind === 's3') {
        acknowledgeWildcardResources(this.policy, failure.principalStatements, FAILURE_OBJECTS);
      }
      grant = grant.combine(failure);
    }
    if (props.schemaRegistry) {
      const registry = props.schemaRegistry.registry.grantRead(grantee);
      acknowledgeWildcardResources(this.policy, registry.principalStatements, SCHEMAS_BY_ID);
      grant = grant.combine(registry);
    }
    return grant;
  }
}

/** Default of `offsetLagAlarmThreshold`, in records. */
const DEFAULT_OFFSET_LAG_THRESHOLD = 10_000;

/** The name of the function without alias or version: Lambda's FunctionName dimension. */
function unqualifiedName(fn: lambda.IFunction): string {
  if (fn instanceof lambda.Alias) {
    return fn.version.lambda.functionName;
  }
  if (fn instanceof lambda.Version) {
    return fn.lambda.functionName;
  }
  return fn.functionName;
}

/**
 * The SCRAM secret associations (AWS::MSK::BatchScramSecret) of `cluster` in the app, looked up when
 * dependencies are rendered, so users added after the consumer count too.
 */
function scramAssociationOf(scope: IConstruct, cluster: IMskCluster): IDependable {
  const dependable: IDependable = {};
  Dependable.implement(dependable, {
    get dependencyRoots(): IConstruct[] {
      return scope.node.root.node.findAll()
        .filter((c): c is ScramUsers => c instanceof ScramUsers && c.cfnBatchScramSecret.clusterArn === cluster.clusterArn)
        .map((users) => users.cfnBatchScramSecret);
    },
  });
  return dependable;
}

/** The cluster's subnets that are isolated subnets of its VPC (no NAT route), and the endpoints the pollers miss. */
function networkFacts(vpc: ec2.IVpc, subnetIds: string[], authentication: LambdaConsumerAuthentication): LambdaConsumerNetworkFacts {
  const isolated = new Map(vpc.isolatedSubnets.map((subnet) => [subnet.subnetId, subnet.node.path]));
  const endpointServices = Stack.of(vpc).node.root.node.findAll()
    .filter((c): c is ec2.CfnVPCEndpoint => c instanceof ec2.CfnVPCEndpoint && c.vpcId === vpc.vpcId && (c.vpcEndpointType ?? 'Gateway') === 'Interface')
    // Names such as `com.amazonaws.${Region}.lambda${suffix}`: tokens (Region, an optional suffix) are left out.
    .map((endpoint) => (endpoint.serviceName ?? '').replace(/\$\{Token\[[^\]]*\]\}/g, ''));
  const has = (service: string) => endpointServices.some((name) => name.endsWith(`.${service}`));
  return {
    isolatedSubnets: Token.isUnresolved(subnetIds) ? [] : subnetIds.filter((id) => isolated.has(id)).map((id) => isolated.get(id)!),
    missingEndpoints: ['lambda', 'sts', ...(authentication.secret ? ['secretsmanager'] : [])].filter((service) => !has(service)),
  };
}

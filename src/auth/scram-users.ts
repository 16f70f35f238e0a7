import { CfnResource, Lazy, RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms, aws_msk as msk, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IKafkaAcls } from './kafka-acls/kafka-acl-grants';
import { KafkaPrincipal } from './kafka-acls/kafka-principal';
import { KafkaUser } from './kafka-acls/kafka-user';
import { SCRAM_SECRET_ACKNOWLEDGEMENTS } from './scram-secret-acknowledgements';
import { MAX_SECRETS_PER_ASSOCIATE_CALL, SCRAM_SECRET_PREFIX, SCRAM_USER_RULES, SCRAM_USERS_RULES } from './scram-user-rules';
import { guardScramSecretUpdates } from './scram-user-update-guard';
import { createManagedKey } from '../encryption/cluster-key';
import { acknowledge } from '../validation/acknowledgements';
import { defineMessages } from '../validation/registry';
import { checkRules } from '../validation/rules';

const SCRAM_USERS_ERRORS = defineMessages({
  name: 'SCRAM_USERS_ERRORS', file: 'src/auth/scram-users.ts', severity: 'error', kind: 'ScramUsers', checkedBy: ['ScramUsers'],
}, {
  ScramUserGrantsNeedCluster: () => 'grantConsume: these ScramUsers were created on their own (from a cluster ARN), so no KafkaAcls is known for their grants. '
    + 'Fix: add users with cluster.addScramUser(), or declare the ACLs with new KafkaAcls(this, id, { cluster }).grantConsume(KafkaPrincipal.scramUser(name), ...).',
  ScramUsersEmpty: () => 'addUser: the ScramUsers has no users, so its AWS::MSK::BatchScramSecret would associate nothing. Fix: call addUser(), or remove the construct.',
});

const SCRAM_USERS_WARNINGS = defineMessages({
  name: 'SCRAM_USERS_WARNINGS', file: 'src/auth/scram-users.ts', severity: 'warning', kind: 'ScramUsers', checkedBy: ['ScramUsers.addUser'],
}, {
  ScramUsersOverAssociateBatch: () => `ScramUsers: more than ${MAX_SECRETS_PER_ASSOCIATE_CALL} users share the cluster's one AWS::MSK::BatchScramSecret. `
    + `MSK's BatchAssociateScramSecret API takes at most ${MAX_SECRETS_PER_ASSOCIATE_CALL} secrets per call, and CloudFormation does not document `
    + `that its handler splits larger lists, so a deployment that adds more than ${MAX_SECRETS_PER_ASSOCIATE_CALL} users at once (the first one included) may fail. `
    + `Fix: add at most ${MAX_SECRETS_PER_ASSOCIATE_CALL} users per deployment, then acknowledge this warning.`,
});

/**
 * Length of generated SCRAM passwords: letters and digits only, about 380 bits of entropy.
 * No punctuation, so the password never needs escaping in a JAAS config (`password="..."`),
 * a Java properties file, a shell or a config-provider placeholder.
 */
export const SCRAM_PASSWORD_LENGTH = 64;

/** Options of one SCRAM user. */
export interface ScramUserOptions {
  /**
   * Name of the user's secret in Secrets Manager; MSK requires the prefix `AmazonMSK_`.
   * Fixed at creation: a new name would replace the secret and its password, so a deployment
   * that changes it fails before the secret is touched (README, "Data safety").
   * @default `AmazonMSK_<clusterName>_<username>`
   */
  readonly secretName?: string;
  /**
   * What happens to the user's secret when it leaves the stack.
   * @default - the removal policy of the cluster (RemovalPolicy.RETAIN unless changed)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A SASL/SCRAM user: its name, the secret holding `{"username","password"}`, and grant methods that add
 * Kafka ACLs for it to the cluster's `kafkaAcls` (README, "Kafka ACLs").
 */
export class ScramUser extends KafkaUser {
  /** @internal */
  public static _create(username: string, secret: secretsmanager.ISecret, users: ScramUsers): ScramUser {
    return new ScramUser(username, secret, users);
  }

  /** The Kafka username (ACL principal `User:<username>`). */
  public readonly username: string;
  /** The secret holding the credentials as JSON `{"username": ..., "password": ...}`. */
  public readonly secret: secretsmanager.ISecret;
  private readonly users: ScramUsers;

  private constructor(username: string, secret: secretsmanager.ISecret, users: ScramUsers) {
    super(KafkaPrincipal.scramUser(username));
    this.username = username;
    this.secret = secret;
    this.users = users;
  }

  protected aclsForGrants(): IKafkaAcls {
    return this.users._kafkaAcls();
  }
}

/** Props of {@link ScramUsers}. */
export interface ScramUsersProps {
  /** ARN of the provisioned cluster, in the same account and Region as this stack. */
  readonly clusterArn: string;
  /** Name of the cluster, for the default secret names. */
  readonly clusterName: string;
  /**
   * Removal policy of the key and the association (AWS::MSK::BatchScramSecret), and the default
   * removal policy of the user secrets: the cluster's, so that a retained cluster keeps its users.
   */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The SASL/SCRAM users of one MSK cluster: one customer-managed KMS key (rotation on), one
 * Secrets Manager secret per user with a generated password, and the cluster's single
 * AWS::MSK::BatchScramSecret, which lists every secret. Users added later are included;
 * a user removed from the code is disassociated on the next deployment (its secret follows
 * its removal policy).
 */
export class ScramUsers extends Construct {
  /** The key that encrypts every user's secret. */
  public readonly encryptionKey: kms.IKey;
  /** The association of the secrets with the cluster. */
  public readonly cfnBatchScramSecret: msk.CfnBatchScramSecret;

  private readonly clusterName: string;
  private readonly removalPolicy: RemovalPolicy;
  private readonly added: ScramUser[] = [];
  private readonly secretNames: string[] = [];
  private kafkaAclsOf?: () => IKafkaAcls;

  constructor(scope: Construct, id: string, props: ScramUsersProps) {
    super(scope, id);
    const stack = Stack.of(this);
    checkRules(this, 'ScramUsers', SCRAM_USERS_RULES, { clusterArn: props.clusterArn, stackAccount: stack.account, stackRegion: stack.region });
    this.clusterName = props.clusterName;
    this.removalPolicy = props.removalPolicy;

    const key = createManagedKey(this, 'Key', {
      description: `Encrypts the SASL/SCRAM secrets of MSK cluster ${props.clusterName} (${this.node.path})`,
      removalPolicy: props.removalPolicy,
    });
    // Each secret adds the Secrets Manager statement (kms:ViaService secretsmanager, this account).
    // MSK creates a grant on the key, as the principal that associates the secrets, to read them.
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowMskScramSecretAssociation',
      principals: [new iam.AccountPrincipal(stack.account)],
      actions: ['kms:CreateGrant', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:ViaService': `kafka.${stack.region}.amazonaws.com`,
          'kms:CallerAccount': stack.account,
        },
      },
    }));
    this.encryptionKey = key;

    // One association per cluster (ClusterArn is its identifier). It shares the cluster's removal
    // policy: deleting the stack must not log the users of a retained cluster out. The price: a
    // ScramUsers removed from the code (its last users with it) stays associated when retained
    // (README, "What deleting the stack leaves behind", says how to revoke them).
    this.cfnBatchScramSecret = new msk.CfnBatchScramSecret(this, 'Resource', {
      clusterArn: props.clusterArn,
      secretArnList: Lazy.list({ produce: () => this.added.map((user) => user.secret.secretArn) }),
    });
    this.cfnBatchScramSecret.applyRemovalPolicy(props.removalPolicy);

    this.node.addValidation({
      validate: () => this.added.length > 0 ? [] : [
        SCRAM_USERS_ERRORS.validationMessage(this, 'ScramUsersEmpty'),
      ],
    });
  }

  /**
   * Where the users' grants add Kafka ACLs (the cluster's `kafkaAcls`); set by the cluster that owns these users.
   * @internal
   */
  public _useKafkaAcls(kafkaAcls: () => IKafkaAcls): void {
    this.kafkaAclsOf = kafkaAcls;
  }

  /** @internal */
  public _kafkaAcls(): IKafkaAcls {
    if (!this.kafkaAclsOf) {
      throw SCRAM_USERS_ERRORS.error(this, 'ScramUserGrantsNeedCluster');
    }
    return this.kafkaAclsOf();
  }

  /** Every user added so far, in order. */
  public get users(): ScramUser[] {
    return [...this.added];
  }

  /**
   * Adds a SCRAM user: a secret with a generated password, associated with the cluster.
   * Kafka ACLs decide what the user may do (see README, "SASL/SCRAM users").
   */
  public addUser(username: string, options: ScramUserOptions = {}): ScramUser {
    const secretName = options.secretName ?? `${SCRAM_SECRET_PREFIX}${this.clusterName}_${username}`;
    checkRules(this, 'ScramUsers', SCRAM_USER_RULES, {
      username,
      secretName,
      existingUsernames: this.added.map((user) => user.username),
      existingSecretNames: this.secretNames,
    });

    const secret = new secretsmanager.Secret(this, `User-${username}`, {
      secretName,
      description: `SASL/SCRAM credentials of Kafka user ${username} on MSK cluster ${this.clusterName}`,
      encryptionKey: this.encryptionKey,
      generateSecretString: {
        secretStringTemplate: Stack.of(this).toJsonString({ username }),
        generateStringKey: 'password',
        passwordLength: SCRAM_PASSWORD_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
        requireEachIncludedType: true,
      },
      removalPolicy: options.removalPolicy ?? this.removalPolicy,
    });
    acknowledge(secret, SCRAM_SECRET_ACKNOWLEDGEMENTS);
    guardScramSecretUpdates(secret, secret.node.defaultChild as CfnResource, username, secretName);

    const user = ScramUser._create(username, secret, this);
    this.added.push(user);
    this.secretNames.push(secretName);
    if (this.added.length === MAX_SECRETS_PER_ASSOCIATE_CALL + 1) {
      SCRAM_USERS_WARNINGS.warn(this, 'ScramUsersOverAssociateBatch');
    }
    return user;
  }
}

import { aws_acmpca as acmpca } from 'aws-cdk-lib';
import { BrokerPorts } from '../network/ports';

/** Options for combining client authentication modes with `ClientAuthentication.of()`. */
export interface ClientAuthenticationOptions {
  /**
   * Enable SASL/IAM (port 9098).
   * @default false
   */
  readonly iam?: boolean;
  /**
   * Enable SASL/SCRAM (port 9096): users are Secrets Manager secrets associated with the cluster.
   * @default false
   */
  readonly scram?: boolean;
  /**
   * Enable mutual TLS (port 9094) with client certificates issued by these AWS Private CAs.
   * @default - mutual TLS off
   */
  readonly mutualTls?: acmpca.ICertificateAuthority[];
}

/** One enabled authentication mode: its name and broker port. */
export interface AuthMode {
  /** `iam`, `scram` or `tls`. */
  readonly name: string;
  /** The broker port for clients in the VPC. */
  readonly port: number;
}

/**
 * How clients authenticate to the brokers. Unauthenticated access is never offered, and every
 * mode runs over TLS.
 */
export class ClientAuthentication {
  /** SASL/IAM: clients sign in with AWS credentials; access is granted with IAM policies. */
  public static iam(): ClientAuthentication {
    return new ClientAuthentication({ iam: true });
  }

  /** SASL/SCRAM: username and password kept in Secrets Manager. */
  public static scram(): ClientAuthentication {
    return new ClientAuthentication({ scram: true });
  }

  /** Mutual TLS with client certificates issued by the given AWS Private CAs. */
  public static mutualTls(certificateAuthorities: acmpca.ICertificateAuthority[]): ClientAuthentication {
    return new ClientAuthentication({ mutualTls: certificateAuthorities });
  }

  /** Any combination of IAM, SCRAM and mutual TLS; at least one must be enabled. */
  public static of(options: ClientAuthenticationOptions): ClientAuthentication {
    return new ClientAuthentication(options);
  }

  /** True when SASL/IAM is enabled. */
  public readonly iamEnabled: boolean;
  /** True when SASL/SCRAM is enabled. */
  public readonly scramEnabled: boolean;
  /** True when mutual TLS is enabled. */
  public readonly mutualTlsEnabled: boolean;
  /** The certificate authorities trusted for mutual TLS (empty when mutual TLS is off). */
  public readonly certificateAuthorities: acmpca.ICertificateAuthority[];

  private constructor(options: ClientAuthenticationOptions) {
    this.iamEnabled = options.iam ?? false;
    this.scramEnabled = options.scram ?? false;
    this.mutualTlsEnabled = options.mutualTls !== undefined;
    this.certificateAuthorities = options.mutualTls ?? [];
  }

  /** Enabled modes, primary first (IAM, then SCRAM, then TLS). */
  public get modes(): AuthMode[] {
    const modes: AuthMode[] = [];
    if (this.iamEnabled) {
      modes.push({ name: 'iam', port: BrokerPorts.SASL_IAM });
    }
    if (this.scramEnabled) {
      modes.push({ name: 'scram', port: BrokerPorts.SASL_SCRAM });
    }
    if (this.mutualTlsEnabled) {
      modes.push({ name: 'tls', port: BrokerPorts.TLS });
    }
    return modes;
  }

  /** The port of the primary mode: IAM 9098, else SCRAM 9096, else TLS 9094. */
  public get primaryPort(): number {
    return this.modes[0]?.port ?? BrokerPorts.SASL_IAM;
  }
}

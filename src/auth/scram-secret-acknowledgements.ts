import { Acknowledgement } from '../validation/acknowledgements';

const NO_SCHEDULED_ROTATION = 'Secrets Manager has no managed or AWS-provided rotation function for MSK SCRAM credentials (rotation needs a custom Lambda), '
  + 'and MSK supports only single-user, password-only rotation: the old password stops authenticating once the new one reaches the brokers, '
  + 'so scheduled rotation would lock out running clients until they re-read the secret. Rotate by putting a new password in the secret when '
  + 'clients can reload it, or add your own rotation schedule with secret.addRotationSchedule().';

/** Rules acknowledged on each SCRAM user secret, with reasons (listed in README). */
export const SCRAM_SECRET_ACKNOWLEDGEMENTS: Acknowledgement[] = [
  { rule: 'AwsSolutions-SMG4', reason: NO_SCHEDULED_ROTATION },
  { rule: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: NO_SCHEDULED_ROTATION },
  { rule: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: NO_SCHEDULED_ROTATION },
];

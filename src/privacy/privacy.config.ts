// The settings of privacy over the life of the data (listed with the others in src/config.ts;
// docs/retention.md explains them): the comune's data protection officer, named in every
// privacy notice and record of processing, and how many filings the retention job takes a run.
export interface PrivacyConfig {
  readonly dpoEmail: string;
  readonly dpoPec: string | null;
  /** filings the retention job handles in one run, each in its own transaction */
  readonly retentionBatch: number;
}

export interface PrivacyEnv {
  DPO_EMAIL: string;
  DPO_PEC?: string | undefined;
  RETENTION_BATCH: number;
}

export function privacyConfig(env: PrivacyEnv): PrivacyConfig {
  return Object.freeze({ dpoEmail: env.DPO_EMAIL, dpoPec: env.DPO_PEC ?? null, retentionBatch: env.RETENTION_BATCH });
}

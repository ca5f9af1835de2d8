// The settings of privacy over the life of the data (spread into the environment schema of
// src/config.ts; docs/retention.md explains them): the comune's data protection officer, named
// in every privacy notice and record of processing, and how many filings the retention job
// takes in a run.
import { z } from 'zod';

export const privacyEnv = {
  DPO_EMAIL: z.string().email().default('dpo@comune.example.it').describe('e-mail address of the comune\'s data protection officer (RPD/DPO), named in every privacy notice and in the records of processing'),
  DPO_PEC: z.string().email().optional().describe('certified e-mail (PEC) of the DPO, when there is one'),
  RETENTION_BATCH: z.coerce.number().int().min(1).max(10_000).default(100).describe('filings the daily retention job handles in one run (each in its own transaction)'),
};

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

// Row types of the filings made without login and of the spent challenges
// (migrations/0037_anonymous_filings.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';

export type AnonymousStatus = 'pending' | 'confirmed' | 'expired';
export type ProofKind = 'pow' | 'question';

export interface AnonymousFilingsTable {
  id: Generated<number>;
  procedure_slug: string;
  owner_code: string;
  idempotency_key: string;
  email: string | null;
  email_key: string;
  network_key: string;
  proof: ProofKind;
  locale: 'it' | 'en';
  status: Generated<AnonymousStatus>;
  confirm_token_hash: string;
  tracking_token_hash: string | null;
  submission_public_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  confirmed_at: Date | null;
}

export interface AnonymousChallengesSpentTable {
  id: string;
  expires_at: Date;
}

export type AnonymousFilingRow = Selectable<AnonymousFilingsTable>;

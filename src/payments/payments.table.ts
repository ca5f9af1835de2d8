// Row types of the payments tables (migrations/0005_payments.sql): positions, attempts,
// notifications, transitions, and the sandbox provider's own books.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ComputedFeeItem } from './fees.ts';
import type { Receipt } from './providers/provider.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type OptionalJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export const POSITION_STATUSES = ['pending', 'paid', 'expired', 'cancelled'] as const;
export type PositionStatus = (typeof POSITION_STATUSES)[number];
export const ATTEMPT_STATUSES = ['pending', 'paid', 'failed', 'expired'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
export type TransitionSource = 'notification' | 'return' | 'reconciliation' | 'office';

export interface PaymentPositionsTable {
  id: Generated<number>;
  notice_number: string;
  iuv: string;
  iupd: string;
  provider: string;
  creditor_fiscal_code: string;
  debtor_type: 'F' | 'G';
  debtor_fiscal_code: string;
  debtor_name: string;
  debtor_email: string | null;
  owner_fiscal_code: string;
  amount_cents: number;
  /** the Italian causale, as pagoPA carries it */
  reason: string;
  /** the same reason in English, for the person's pages; null: one wording only */
  reason_en: string | null;
  /** yyyy-mm-dd */
  due_date: string;
  expire_after_due_date: Generated<boolean>;
  taxonomy_code: string;
  items: Json<ComputedFeeItem[]>;
  submission_id: number | null;
  status: Generated<PositionStatus>;
  publish_state: Generated<'to_publish' | 'published' | 'failed'>;
  publish_attempts: Generated<number>;
  publish_last_error: string | null;
  published_at: Date | null;
  next_check_at: Timestamp;
  checks: Generated<number>;
  receipt_id: string | null;
  paid_at: Date | null;
  paid_amount_cents: number | null;
  receipt: OptionalJson<Receipt>;
  /** paid after the notice had expired (the payment was taken all the same) */
  paid_after_expiry: Generated<boolean>;
  /** a receipt the position could not take: for another amount than the one due */
  anomaly: PositionAnomaly | null;
  /** what that receipt said was paid */
  anomaly_amount_cents: number | null;
  anomaly_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export type PositionAnomaly = 'amount_mismatch';

export interface PaymentAttemptsTable {
  id: Generated<number>;
  position_id: number;
  provider: string;
  provider_ref: string;
  status: Generated<AttemptStatus>;
  redirect_url: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PaymentNotificationsTable {
  id: Generated<number>;
  provider: string;
  event_id: string;
  position_id: number;
  reported_status: string;
  outcome: 'applied' | 'ignored';
  payload: Json<unknown>;
  received_at: Generated<Date>;
}

export interface PaymentTransitionsTable {
  id: Generated<number>;
  position_id: number;
  attempt_id: number | null;
  from_status: string;
  to_status: string;
  source: TransitionSource;
  notification_id: number | null;
  created_at: Generated<Date>;
  /** the hash chain (platform/hash-chain.ts); null on changes older than the chain */
  prev_hash: string | null;
  hash: string | null;
}

export interface SandboxPspPositionsTable {
  iuv: string;
  notice_number: string;
  creditor_fiscal_code: string;
  amount_cents: number;
  description: string;
  debtor_name: string;
  due_date: string;
  expire_after_due_date: boolean;
  status: Generated<'VALID' | 'PAID'>;
  receipt: OptionalJson<Receipt>;
  created_at: Generated<Date>;
}

export interface SandboxPspSessionsTable {
  id: string;
  iuv: string;
  return_ok_url: string;
  return_cancel_url: string;
  return_error_url: string;
  status: Generated<'open' | 'paid' | 'failed' | 'cancelled'>;
  created_at: Generated<Date>;
  closed_at: Date | null;
}

export type PositionRow = Selectable<PaymentPositionsTable>;
export type NewPosition = Insertable<PaymentPositionsTable>;
export type AttemptRow = Selectable<PaymentAttemptsTable>;
export type TransitionRow = Selectable<PaymentTransitionsTable>;
export type SandboxPositionRow = Selectable<SandboxPspPositionsTable>;
export type SandboxSessionRow = Selectable<SandboxPspSessionsTable>;

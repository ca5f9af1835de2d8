// Row types of the back office tables (migrations/0004_backoffice.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { PauseKind } from './legal-clock.ts';
import type { Kind, Proposal, Regime, State } from './workflow.ts';

type Json<T> = ColumnType<T, string, string>;
/** A calendar date: read as 'YYYY-MM-DD' (the date parsers of db/database.ts). */
type CalendarDate = ColumnType<string, string, string>;

export interface CasesTable {
  submission_id: number;
  office_code: string;
  procedure_id: number;
  status: State;
  is_open: ColumnType<boolean, never, never>;
  received_at: Date;
  receipt_date: CalendarDate;
  duration_days: number;
  silence_consent: boolean;
  due_date: CalendarDate;
  paused_since: CalendarDate | null;
  pause_kind: PauseKind | null;
  reply_by: CalendarDate | null;
  assignee_fiscal_code: string | null;
  assigned_at: Date | null;
  applicant_fiscal_code: string;
  company_fiscal_code: string;
  applicant_name: string;
  search_name: string;
  routed_rule: string | null;
  deadline_flagged_on: CalendarDate | null;
  decided_at: Date | null;
  last_event_seq: Generated<number>;
  last_event_hash: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  // kinds of procedure (migrations/0022_procedure_kinds.sql): the law the case was filed under
  kind: Generated<Kind>;
  regime: Generated<Regime>;
  adoption: Generated<boolean>;
  competitive: Generated<boolean>;
  proposal: Proposal | null;
  proposal_motivation: string | null;
  clock_start: CalendarDate | null;
  reopened_at: Date | null;
}

export type EventActorKind = 'clerk' | 'applicant' | 'system';

export interface CaseEventsTable {
  submission_id: number;
  seq: number;
  at: Date;
  actor_kind: EventActorKind;
  actor_fiscal_code: string | null;
  actor_name: string | null;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  data: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface CaseRequestsTable {
  id: Generated<number>;
  submission_id: number;
  kind: PauseKind;
  body: string;
  requested_by: string;
  requested_by_name: string;
  requested_at: Date;
  requested_on: CalendarDate;
  reply_by: CalendarDate;
  answered_at: Date | null;
  answered_on: CalendarDate | null;
}

export interface CaseMessagesTable {
  id: Generated<number>;
  submission_id: number;
  author_kind: 'applicant' | 'office';
  author_fiscal_code: string;
  author_name: string;
  office_code: string | null;
  body: string;
  request_id: number | null;
  created_at: Date;
}

export interface CaseNotesTable {
  id: Generated<number>;
  submission_id: number;
  author_fiscal_code: string;
  author_name: string;
  body: string;
  created_at: Date;
}

export interface CaseFilesTable {
  id: Generated<string>;
  submission_id: number;
  message_id: number | null;
  purpose: 'message' | 'decision';
  uploaded_by: string;
  original_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: Generated<Date>;
}

export type Outcome = 'approved' | 'rejected' | 'accepted_by_silence' | 'inadmissible' | 'prohibited';

export interface CaseDecisionsTable {
  id: Generated<number>;
  submission_id: number;
  outcome: Outcome;
  motivation: string;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date;
  document_id: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Date;
  actor_fiscal_code: string;
  action: string;
  submission_id: number | null;
  office_code: string | null;
  detail: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type CaseRequestRow = Selectable<CaseRequestsTable>;
export type CaseMessageRow = Selectable<CaseMessagesTable>;
export type CaseNoteRow = Selectable<CaseNotesTable>;
export type CaseFileRow = Selectable<CaseFilesTable>;
export type CaseDecisionRow = Selectable<CaseDecisionsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;

/** The head of one audit hash chain (audit_chain_heads). */
export interface AuditChainHeadsTable {
  chain: 'audit_log' | 'admin_audit' | 'payment_transitions';
  seq: ColumnType<number, number, number>;
  hash: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

// Row types of the journey's tables (migrations/0003_submissions.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** Answers of a form, by field name (the form engine's Answers). */
export type StoredAnswers = Record<string, unknown>;

export interface ApplicantSnapshot {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  birthDate?: string | undefined;
  placeOfBirth?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  spidLevel: number;
}

export interface CompanySnapshot {
  name: string;
  fiscalCode: string;
  vatNumber?: string | undefined;
}

/** The summary as the person confirmed it: per step, label and text rows. */
export interface SummarySnapshot {
  steps: Array<{ id: string; title: string; rows: Array<{ label: string; lines: string[] }> }>;
}

export interface DraftsTable {
  id: Generated<string>;
  owner_fiscal_code: string;
  /** for whom the owner acts: '' for themselves (migrations/0018_filing_parties.sql) */
  on_behalf_of: Generated<string>;
  procedure_id: number;
  procedure_version: number;
  answers: Json<StoredAnswers>;
  completed_steps: ColumnType<string[], string[] | undefined, string[]>;
  privacy_accepted_at: Date | null;
  idempotency_key: Generated<string>;
  expires_at: ColumnType<Date, Date, Date>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SubmissionsTable {
  id: Generated<number>;
  public_id: Generated<string>;
  idempotency_key: string;
  procedure_id: number;
  procedure_version: number;
  applicant_fiscal_code: string;
  company_fiscal_code: Generated<string>;
  applicant: Json<ApplicantSnapshot>;
  company: Json<CompanySnapshot | null>;
  answers: Json<StoredAnswers>;
  summary: Json<SummarySnapshot>;
  locale: 'it' | 'en';
  subject: string;
  received_at: Generated<Date>;
  office_code: string;
  status: Generated<string>;
  due_date: string;
  protocol_year: number | null;
  protocol_number: number | null;
  satisfaction_rating: number | null;
  satisfaction_comment: string | null;
}

export interface AttachmentsTable {
  id: Generated<string>;
  owner_fiscal_code: string;
  draft_id: string | null;
  submission_id: number | null;
  field_name: string;
  original_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: CreatedAt;
}

export interface ProtocolCountersTable {
  year: number;
  last_number: number;
}

export interface ProtocolRegisterTable {
  year: number;
  number: number;
  registered_at: Date;
  recorded_at: Generated<Date>;
  submission_id: number;
  sender: string;
  subject: string;
  fingerprints: Json<Array<{ name: string; sha256: string }>>;
}

/** Who a draft or a filing belongs to: a person, acting for themselves or for a company. */
export interface Owner {
  fiscalCode: string;
  /** '' when acting for themselves */
  companyFiscalCode: string;
}

export type DraftRow = Selectable<DraftsTable>;
export type SubmissionRow = Selectable<SubmissionsTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;

/** The status of a filing stored but held until its fees are paid (before-submission fees). */
export const AWAITING_PAYMENT = 'awaiting_payment';
/** A filing held for its fees whose payment notice expired unpaid: it was never filed. */
export const PAYMENT_EXPIRED = 'payment_expired';
/** Filings stored but not filed: no protocol number, no case in an office queue. */
export const NOT_FILED = [AWAITING_PAYMENT, PAYMENT_EXPIRED];

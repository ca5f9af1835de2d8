// Row types of the journey's tables (migrations/0003_submissions.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Access, Basis } from '../representation/acting.ts';

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
  /** named with the applicant on the summary (representation.ts) */
  coApplicants?: Array<{ fiscalCode: string; name: string }> | undefined;
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

/** What a draft keeps about acting for others (representation.ts): co-applicants, the procura. */
export interface DraftRepresentation {
  /** co-applicants, who see the filing in their area with the full right */
  coApplicants: Array<{ fiscalCode: string; name: string }>;
  /** the id of the procura speciale attachment (field `_procura`) when a professional files without a delegation */
  procuraAttachmentId?: string | undefined;
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
  representation: ColumnType<DraftRepresentation | null, string | undefined, string>;
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
  /** who pressed "Invia" (migrations/0018_filing_parties.sql) */
  filer_fiscal_code: Generated<string>;
  filer: Json<FilerSnapshot | null>;
  channel: Generated<'online' | 'desk'>;
  desk: string | null;
  assisted_session_id: string | null;
}

/** Who filed, on what ground (src/representation/acting.ts Basis), as the filing records it. */
export interface FilerSnapshot {
  fiscalCode: string;
  name: string;
  email?: string | undefined;
  basis: Basis;
  /** a professional's order and registration number, shown to the office */
  professional?: { orderName: string; registrationNumber: string; province: string } | undefined;
}

export type PartyRole = 'applicant' | 'co_applicant' | 'filer';

/** A party of a filing and the right it has on it. */
export interface SubmissionPartiesTable {
  submission_id: number;
  fiscal_code: string;
  kind: 'person' | 'company';
  role: PartyRole;
  access: Access;
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
  /** the wallet document the file was copied from (src/wallet), kept after the document goes */
  wallet_document_id: ColumnType<string | null, string | null | undefined, never>;
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
  /** incoming filings ('entrata') and the office's documents ('uscita', migrations/0024) */
  direction: Generated<'entrata' | 'uscita'>;
  /** whom an outgoing document is addressed to */
  recipient: string | null;
}

/** Whose a draft is: the person who fills it in, and for whom they act ('' for themselves). */
export interface Owner {
  fiscalCode: string;
  /** '' for themselves; a company's or a person's fiscal code; an assisted session (acting.ts onBehalfOf) */
  onBehalfOf: string;
}

export type DraftRow = Selectable<DraftsTable>;
export type SubmissionRow = Selectable<SubmissionsTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;

/** The status of a filing stored but held until its fees are paid (before-submission fees). */
export const AWAITING_PAYMENT = 'awaiting_payment';
/** A filing held for its fees whose payment notice expired unpaid: it was never filed. */
export const PAYMENT_EXPIRED = 'payment_expired';
/**
 * The statuses (of the filing's case) that take a filing out of the running: withdrawn by the
 * person, rejected or declared inadmissible by the office. It holds no place in a procedure's
 * cap, nor in a call's ranking (src/calls): the first on the reserve list moves up.
 */
export const OUT_OF_THE_RUNNING: readonly string[] = ['withdrawn', 'rejected', 'inadmissible'];

/** Filings stored but not filed: no protocol number, no case in an office queue. */
export const NOT_FILED = [AWAITING_PAYMENT, PAYMENT_EXPIRED];

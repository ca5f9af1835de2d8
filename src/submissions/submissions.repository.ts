// All the SQL of the `submissions` table: filings stored once per idempotency key, held for
// their fees or filed, the applicant's reads of their own filings, and the filings' protocol
// numbers (the register rows themselves are in protocol.repository.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AWAITING_PAYMENT, NOT_FILED, PAYMENT_EXPIRED } from './submissions.table.ts';
import type { ApplicantSnapshot, CompanySnapshot, Owner, StoredAnswers, SubmissionRow, SummarySnapshot } from './submissions.table.ts';

export type { Owner } from './submissions.table.ts';

type Db = Kysely<Database>;

export interface NewSubmission {
  idempotencyKey: string;
  procedureId: number;
  procedureVersion: number;
  owner: Owner;
  applicant: ApplicantSnapshot;
  company: CompanySnapshot | null;
  answers: StoredAnswers;
  summary: SummarySnapshot;
  locale: 'it' | 'en';
  subject: string;
  officeCode: string;
  durationDays: number;
  /** fees to pay before submission: stored, but not yet filed (see releaseAwaitingPayment) */
  awaitingPayment: boolean;
}

/**
 * Files once per idempotency key: a second insert with the same key (double click, retry)
 * returns undefined and the caller reads the first. The due date is computed by the database
 * from its own receipt time, in the Rome calendar.
 */
function submissionValues(s: NewSubmission) {
  return {
    idempotency_key: s.idempotencyKey,
    procedure_id: s.procedureId,
    procedure_version: s.procedureVersion,
    applicant_fiscal_code: s.owner.fiscalCode,
    company_fiscal_code: s.owner.companyFiscalCode,
    applicant: JSON.stringify(s.applicant),
    company: JSON.stringify(s.company),
    answers: JSON.stringify(s.answers),
    summary: JSON.stringify(s.summary),
    locale: s.locale,
    subject: s.subject,
    office_code: s.officeCode,
    due_date: sql<string>`((clock_timestamp() at time zone 'Europe/Rome')::date + ${s.durationDays}::integer)`,
    status: s.awaitingPayment ? AWAITING_PAYMENT : 'submitted',
  };
}

/**
 * A filing held for its payment (or lapsed with it, and paid late) becomes a filing of record:
 * its receipt time is now (the order of filings is the order they became complete) and its
 * legal deadline runs from today. Call it holding the intake lock. Undefined when it is not
 * (or no longer) held.
 */
export async function releaseAwaitingPayment(trx: Db, submissionId: number, durationDays: number): Promise<(SubmissionRow & { receipt_date: string }) | undefined> {
  return trx
    .updateTable('submissions')
    .set({
      status: 'submitted',
      received_at: sql<Date>`clock_timestamp()`,
      due_date: sql<string>`((clock_timestamp() at time zone 'Europe/Rome')::date + ${durationDays}::integer)`,
    })
    .where('id', '=', submissionId)
    .where('status', 'in', NOT_FILED)
    .returningAll()
    .returning(sql<string>`to_char(received_at at time zone 'Europe/Rome', 'YYYY-MM-DD')`.as('receipt_date'))
    .executeTakeFirst();
}

/** What the intake batch gets back of each filing it stored. */
export interface StoredSubmission {
  id: number;
  public_id: string;
  idempotency_key: string;
  received_at: Date;
  /** the Rome calendar day of received_at */
  receipt_date: string;
  due_date: string;
}

/**
 * Files a batch in one statement, once per idempotency key (keys already used are left out
 * and not returned). Each row's receipt time is the database clock when that row is written,
 * so the batch's order is the order of `rows`; the due dates come from the same clock.
 */
export async function insertSubmissions(db: Db, rows: readonly NewSubmission[]): Promise<StoredSubmission[]> {
  if (rows.length === 0) return [];
  return db
    .insertInto('submissions')
    .values(rows.map((s) => submissionValues(s)))
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(['id', 'public_id', 'idempotency_key', 'received_at', 'due_date', sql<string>`to_char(received_at at time zone 'Europe/Rome', 'YYYY-MM-DD')`.as('receipt_date')])
    .execute();
}

/** A filing held for its payment whose notice expired: it will not be filed. True if it was held. */
export async function lapseAwaitingPayment(trx: Db, submissionId: number): Promise<boolean> {
  const row = await trx.updateTable('submissions').set({ status: PAYMENT_EXPIRED }).where('id', '=', submissionId).where('status', '=', AWAITING_PAYMENT).returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function findSubmissionByKey(db: Db, owner: Owner, idempotencyKey: string): Promise<SubmissionRow | undefined> {
  return db
    .selectFrom('submissions')
    .selectAll()
    .where('idempotency_key', '=', idempotencyKey)
    .where('applicant_fiscal_code', '=', owner.fiscalCode)
    .where('company_fiscal_code', '=', owner.companyFiscalCode)
    .executeTakeFirst();
}

/** A filing seen by its applicant (or by anyone acting for the same company). */
export async function findOwnSubmission(db: Db, owner: Owner, publicId: string): Promise<SubmissionRow | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(publicId)) return undefined;
  let query = db.selectFrom('submissions').selectAll().where('public_id', '=', publicId);
  query = owner.companyFiscalCode
    ? query.where('company_fiscal_code', '=', owner.companyFiscalCode)
    : query.where('applicant_fiscal_code', '=', owner.fiscalCode).where('company_fiscal_code', '=', '');
  return query.executeTakeFirst();
}

export interface OwnSubmission {
  public_id: string;
  procedure_id: number;
  received_at: Date;
  status: string;
  due_date: string;
  protocol_year: number | null;
  protocol_number: number | null;
}

/** The owner's latest filings (a company's: whoever filed them for it). */
export async function listOwnSubmissions(db: Db, owner: Owner): Promise<OwnSubmission[]> {
  let query = db.selectFrom('submissions').select(['public_id', 'procedure_id', 'received_at', 'status', 'due_date', 'protocol_year', 'protocol_number']);
  query = owner.companyFiscalCode
    ? query.where('company_fiscal_code', '=', owner.companyFiscalCode)
    : query.where('applicant_fiscal_code', '=', owner.fiscalCode).where('company_fiscal_code', '=', '');
  return query.orderBy('received_at', 'desc').limit(200).execute();
}

export async function rateSubmission(db: Db, id: number, rating: number, comment: string | null): Promise<void> {
  await db.updateTable('submissions').set({ satisfaction_rating: rating, satisfaction_comment: comment }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- protocol numbers

export interface UnnumberedSubmission {
  id: number;
  received_at: Date;
  year: number;
  sender: string;
  subject: string;
  /** the attachments' names and SHA-256, in upload order (the register records them) */
  fingerprints: Array<{ name: string; sha256: string }>;
}

export async function unnumberedSubmissions(db: Db, limit: number): Promise<UnnumberedSubmission[]> {
  return db
    .selectFrom('submissions')
    .select([
      'id',
      'received_at',
      'subject',
      sql<number>`extract(year from received_at at time zone 'Europe/Rome')::integer`.as('year'),
      sql<string>`coalesce(company->>'name' || ' (' || (applicant->>'givenName') || ' ' || (applicant->>'familyName') || ')', (applicant->>'givenName') || ' ' || (applicant->>'familyName')) || ' - ' || applicant_fiscal_code`.as('sender'),
      sql<Array<{ name: string; sha256: string }>>`coalesce((select json_agg(json_build_object('name', a.original_name, 'sha256', a.sha256) order by a.created_at) from attachments a where a.submission_id = submissions.id), '[]'::json)`.as('fingerprints'),
    ])
    .where('protocol_number', 'is', null)
    .where('status', 'not in', NOT_FILED)
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The numbers the register gave to filings (protocol.repository.ts wrote the register rows). */
export async function setProtocolNumbers(db: Db, numbers: ReadonlyArray<{ submissionId: number; year: number; number: number }>): Promise<void> {
  if (numbers.length === 0) return;
  await sql`
    update submissions s set protocol_year = v.year, protocol_number = v.number
    from (select unnest(${sql.val(numbers.map((n) => n.submissionId))}::bigint[]) as id,
                 unnest(${sql.val(numbers.map((n) => n.year))}::integer[]) as year,
                 unnest(${sql.val(numbers.map((n) => n.number))}::integer[]) as number) v
    where s.id = v.id`.execute(db);
}

/** Filings waiting for a number, and how long the oldest has waited (metrics). */
export async function protocolBacklog(db: Db): Promise<{ count: number; oldestSeconds: number }> {
  const row = await db
    .selectFrom('submissions')
    .select([
      (eb) => eb.fn.countAll<number>().as('count'),
      sql<number>`coalesce(extract(epoch from clock_timestamp() - min(received_at)), 0)::float8`.as('oldest'),
    ])
    .where('protocol_number', 'is', null)
    .where('status', 'not in', NOT_FILED)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldestSeconds: Number(row.oldest) };
}

/** What the "received" message of newly numbered filings says of each (notifications). */
export async function receivedNoticeData(db: Db, submissionIds: readonly number[]) {
  if (submissionIds.length === 0) return [];
  return db
    .selectFrom('submissions')
    .select(['id', 'public_id', 'applicant_fiscal_code', 'locale', 'due_date', 'procedure_id', 'office_code'])
    .where('id', 'in', submissionIds)
    .execute();
}

export async function findSubmissionById(db: Db, id: number): Promise<SubmissionRow | undefined> {
  return db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------- filings counted for other domains

/** Rows of each procedure (every version): the administration's list. */
export async function countFilingsByProcedure(db: Db): Promise<Map<number, number>> {
  const rows = await db.selectFrom('submissions').select(['procedure_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('procedure_id').execute();
  return new Map(rows.map((r) => [r.procedure_id, Number(r.n)]));
}

/** Rows of each version of one procedure: its version history. */
export async function countFilingsByVersion(db: Db, procedureId: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('submissions').select(['procedure_version', (eb) => eb.fn.countAll<number>().as('n')]).where('procedure_id', '=', procedureId).groupBy('procedure_version').execute();
  return new Map(rows.map((r) => [r.procedure_version, Number(r.n)]));
}

/** Rows of a procedure (every version) received since an instant, or ever: a procedure's cap. */
export async function countFilingsSince(db: Db, procedureId: number, since: Date | null): Promise<number> {
  let query = db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).where('procedure_id', '=', procedureId);
  if (since) query = query.where('received_at', '>=', since);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The filing's status, office and due date as its case in the back office now has them. */
export async function setFilingProgress(trx: Transaction<Database>, submissionId: number, progress: { status?: string; officeCode?: string; dueDate?: string }): Promise<void> {
  const values = { status: progress.status, office_code: progress.officeCode, due_date: progress.dueDate };
  if (Object.values(values).every((v) => v === undefined)) return;
  await trx.updateTable('submissions').set(values).where('id', '=', submissionId).execute();
}

// ---------------------------------------------------------------- what the back office reads of a filing

/** A filing as the back office reads it behind a case. */
export interface CaseFiling {
  id: number;
  public_id: string;
  procedure_version: number;
  applicant: ApplicantSnapshot;
  company: CompanySnapshot | null;
  answers: Record<string, unknown>;
  summary: { steps: Array<{ id: string; title: string; rows: Array<{ label: string; lines: string[] }> }> };
  locale: 'it' | 'en';
  subject: string;
  protocol_year: number | null;
  protocol_number: number | null;
  satisfaction_rating: number | null;
}

/** The submission id of a public id (the URL form), or undefined. */
export async function submissionIdOf(db: Db, publicId: string): Promise<number | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(publicId)) return undefined;
  const row = await db.selectFrom('submissions').select('id').where('public_id', '=', publicId).executeTakeFirst();
  return row?.id;
}

/** The filing behind a case (it must exist). */
export async function filingOf(db: Db, submissionId: number): Promise<CaseFiling> {
  return db
    .selectFrom('submissions')
    .select(['id', 'public_id', 'procedure_version', 'applicant', 'company', 'answers', 'summary', 'locale', 'subject', 'protocol_year', 'protocol_number', 'satisfaction_rating'])
    .where('id', '=', submissionId)
    .executeTakeFirstOrThrow() as Promise<CaseFiling>;
}

/** Filings that have no case yet (filed before the back office existed), oldest first. */
export async function filingsWithoutCase(db: Db, limit: number) {
  return db
    .selectFrom('submissions as s')
    .leftJoin('cases as c', 'c.submission_id', 's.id')
    .innerJoin('procedure_versions as v', (join) => join.onRef('v.procedure_id', '=', 's.procedure_id').onRef('v.version', '=', 's.procedure_version'))
    .select([
      's.id',
      's.procedure_id',
      's.office_code',
      's.received_at',
      's.due_date',
      's.status',
      's.applicant',
      's.company',
      's.applicant_fiscal_code',
      's.company_fiscal_code',
      'v.definition',
      sql<string>`to_char(s.received_at at time zone 'Europe/Rome', 'YYYY-MM-DD')`.as('receipt_date'),
    ])
    .where('c.submission_id', 'is', null)
    // a filing waiting for its fees reaches the office when they are paid, or never (src/submissions)
    .where('s.status', 'not in', ['awaiting_payment', 'payment_expired'])
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

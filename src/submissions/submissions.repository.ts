// All the SQL of the `submissions` table: filings stored once per idempotency key, held for
// their fees or filed, the applicant's reads of their own filings, and the filings' protocol
// numbers (the register rows themselves are in protocol.repository.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AWAITING_PAYMENT, NOT_FILED, OUT_OF_THE_RUNNING, PAYMENT_EXPIRED } from './submissions.table.ts';
import type { ApplicantSnapshot, CompanySnapshot, FilerSnapshot, Owner, PartyRole, StoredAnswers, SubmissionRow, SummarySnapshot } from './submissions.table.ts';
import type { Access } from '../representation/acting.ts';
import type { Viewpoint } from './access.ts';

export type { Owner } from './submissions.table.ts';

type Db = Kysely<Database>;

export interface NewParty {
  fiscalCode: string;
  kind: 'person' | 'company';
  role: PartyRole;
  access: Access;
}

export interface NewSubmission {
  idempotencyKey: string;
  procedureId: number;
  procedureVersion: number;
  applicant: ApplicantSnapshot;
  company: CompanySnapshot | null;
  filer: FilerSnapshot;
  /** the parties and their rights (submission_parties), written with the filing */
  parties: NewParty[];
  /** filed at a help desk, in an assisted session */
  desk: { desk: string; sessionId: string } | null;
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
    applicant_fiscal_code: s.applicant.fiscalCode,
    company_fiscal_code: s.company?.fiscalCode ?? '',
    applicant: JSON.stringify(s.applicant),
    company: JSON.stringify(s.company),
    filer_fiscal_code: s.filer.fiscalCode,
    filer: JSON.stringify(s.filer),
    channel: s.desk ? ('desk' as const) : ('online' as const),
    desk: s.desk?.desk ?? null,
    assisted_session_id: s.desk?.sessionId ?? null,
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
  const stored = await db
    .insertInto('submissions')
    .values(rows.map((s) => submissionValues(s)))
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(['id', 'public_id', 'idempotency_key', 'received_at', 'due_date', sql<string>`to_char(received_at at time zone 'Europe/Rome', 'YYYY-MM-DD')`.as('receipt_date')])
    .execute();
  const idOfKey = new Map(stored.map((row) => [row.idempotency_key, row.id]));
  const parties = rows.flatMap((s) => {
    const id = idOfKey.get(s.idempotencyKey);
    return id === undefined ? [] : s.parties.map((p) => ({ submission_id: id, fiscal_code: p.fiscalCode, kind: p.kind, role: p.role, access: p.access }));
  });
  // a party named twice in one role (e.g. a co-applicant who is also the applicant) keeps the first
  if (parties.length > 0) await db.insertInto('submission_parties').values(parties).onConflict((oc) => oc.doNothing()).execute();
  return stored;
}

/** A filing held for its payment whose notice expired: it will not be filed. True if it was held. */
export async function lapseAwaitingPayment(trx: Db, submissionId: number): Promise<boolean> {
  const row = await trx.updateTable('submissions').set({ status: PAYMENT_EXPIRED }).where('id', '=', submissionId).where('status', '=', AWAITING_PAYMENT).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** The filing a key made, if the person filed it. */
export async function findSubmissionByKey(db: Db, owner: Owner, idempotencyKey: string): Promise<SubmissionRow | undefined> {
  return db.selectFrom('submissions').selectAll().where('idempotency_key', '=', idempotencyKey).where('filer_fiscal_code', '=', owner.fiscalCode).executeTakeFirst();
}

/** Filings seen from a viewpoint (access.ts), with the best right a matching party has. */
function visibleFrom(db: Db, viewpoint: Viewpoint) {
  let query = db
    .selectFrom('submissions as s')
    .innerJoin('submission_parties as p', 'p.submission_id', 's.id')
    .where('p.fiscal_code', '=', viewpoint.partyCode)
    .where('p.role', 'in', viewpoint.roles);
  if (viewpoint.filerFiscalCode) query = query.where('s.filer_fiscal_code', '=', viewpoint.filerFiscalCode);
  if (viewpoint.assistedSessionId) query = query.where('s.assisted_session_id', '=', viewpoint.assistedSessionId);
  return query;
}

const bestAccess = sql<Access>`case when bool_or(p.access = 'full') then 'full' else 'read' end`;

/** A filing as a viewpoint sees it, with the parties' best right; undefined for anyone else's. */
export async function findVisibleSubmission(db: Db, viewpoint: Viewpoint, publicId: string): Promise<(SubmissionRow & { party_access: Access }) | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(publicId)) return undefined;
  return visibleFrom(db, viewpoint)
    .where('s.public_id', '=', publicId)
    .selectAll('s')
    .select(bestAccess.as('party_access'))
    .groupBy('s.id')
    .executeTakeFirst() as Promise<(SubmissionRow & { party_access: Access }) | undefined>;
}

export interface OwnSubmission {
  public_id: string;
  procedure_id: number;
  received_at: Date;
  status: string;
  due_date: string;
  protocol_year: number | null;
  protocol_number: number | null;
  applicant_name: string;
  filer_name: string | null;
  channel: 'online' | 'desk';
  party_access: Access;
}

/** The latest filings a viewpoint sees (a company's: whoever filed them for it). */
export async function listVisibleSubmissions(db: Db, viewpoint: Viewpoint): Promise<OwnSubmission[]> {
  return visibleFrom(db, viewpoint)
    .select([
      's.public_id',
      's.procedure_id',
      's.received_at',
      's.status',
      's.due_date',
      's.protocol_year',
      's.protocol_number',
      's.channel',
      sql<string>`coalesce(s.company->>'name', (s.applicant->>'givenName') || ' ' || (s.applicant->>'familyName'))`.as('applicant_name'),
      sql<string | null>`case when s.filer_fiscal_code <> s.applicant_fiscal_code or s.company_fiscal_code <> '' then s.filer->>'name' end`.as('filer_name'),
      bestAccess.as('party_access'),
    ])
    .groupBy('s.id')
    .orderBy('s.received_at', 'desc')
    .limit(200)
    .execute();
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

/** A filing as an external protocol registry's segnatura describes it (src/protocol). */
export interface FilingForRegistry {
  id: number;
  received_at: Date;
  /** the receipt time as PostgreSQL writes it (microseconds kept: it is a cursor) */
  received_at_exact: string;
  subject: string;
  public_id: string;
  applicant: { givenName: string; familyName: string; fiscalCode: string };
  company: CompanySnapshot | null;
  answers: StoredAnswers;
  files: Array<{ name: string; sha256: string; contentType: string }>;
}

/**
 * Filings without a number received after `after` (receipt time, id), in receipt order: what an
 * external registry has not queued yet. Under the intake barrier every filing with a receipt time
 * has committed and later ones get later times, so a cursor misses none.
 */
export async function unnumberedFilingsAfter(db: Db, after: { receivedAt: string; id: number } | null, limit: number): Promise<FilingForRegistry[]> {
  const rows = await db
    .selectFrom('submissions')
    .select([
      'id',
      'received_at',
      sql<string>`received_at::text`.as('received_at_exact'),
      'subject',
      sql<string>`public_id::text`.as('public_id'),
      sql<FilingForRegistry['applicant']>`jsonb_build_object('givenName', applicant->>'givenName', 'familyName', applicant->>'familyName', 'fiscalCode', applicant_fiscal_code)`.as('applicant'),
      'company',
      'answers',
      sql<FilingForRegistry['files']>`coalesce((select jsonb_agg(jsonb_build_object('name', a.original_name, 'sha256', a.sha256, 'contentType', a.content_type) order by a.created_at, a.id) from attachments a where a.submission_id = submissions.id), '[]'::jsonb)`.as('files'),
    ])
    .where('protocol_number', 'is', null)
    .where('status', 'not in', NOT_FILED)
    .$if(after !== null, (q) => q.where(sql<boolean>`(received_at, id) > (${after!.receivedAt}::timestamptz, ${after!.id})`))
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) })) as FilingForRegistry[];
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
    .select(['id', 'public_id', 'applicant_fiscal_code', 'filer_fiscal_code', 'channel', 'locale', 'due_date', 'procedure_id', 'office_code'])
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
  // a filing withdrawn, rejected or inadmissible frees its place
  let query = db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).where('procedure_id', '=', procedureId).where('status', 'not in', OUT_OF_THE_RUNNING);
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
  applicant_fiscal_code: string;
  filer_fiscal_code: string;
  filer: FilerSnapshot | null;
  desk: string | null;
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
    .select(['id', 'public_id', 'procedure_version', 'applicant', 'company', 'answers', 'summary', 'locale', 'subject', 'protocol_year', 'protocol_number', 'satisfaction_rating', 'applicant_fiscal_code', 'filer_fiscal_code', 'filer', 'desk'])
    .where('id', '=', submissionId)
    .executeTakeFirstOrThrow() as Promise<CaseFiling>;
}

/** The confirmed summaries of many filings (the back office's exports with the answers). */
export async function filingSummaries(db: Db, submissionIds: readonly number[]): Promise<Map<number, CaseFiling['summary']>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await db.selectFrom('submissions').select(['id', 'summary']).where('id', 'in', submissionIds).execute();
  return new Map(rows.map((r) => [Number(r.id), r.summary as CaseFiling['summary']]));
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

/**
 * Every filing that names the person as a party (applicant, co-applicant or filer), with the
 * roles they hold on it: what their personal area shows as themselves, without its page limit
 * (the data export, src/personal-data).
 */
export async function filingsOfParty(db: Db, fiscalCode: string): Promise<Array<SubmissionRow & { roles: PartyRole[] }>> {
  const rows = await db
    .selectFrom('submissions as s')
    .innerJoin('submission_parties as p', 'p.submission_id', 's.id')
    .where('p.fiscal_code', '=', fiscalCode)
    .where('p.kind', '=', 'person')
    .selectAll('s')
    .select(sql<PartyRole[]>`json_agg(distinct p.role)`.as('roles'))
    .groupBy('s.id')
    .orderBy('s.received_at')
    .orderBy('s.id')
    .execute();
  return rows as Array<SubmissionRow & { roles: PartyRole[] }>;
}

/**
 * The retention of src/privacy: the personal content of a filing goes (answers, summary,
 * applicant, company, filer, parties, the rating's comment); what statistics read stays
 * (procedure, version, office, dates, status, locale, channel, protocol number).
 */
export async function anonymiseSubmission(db: Kysely<Database>, submissionId: number): Promise<void> {
  const applicant: ApplicantSnapshot = { fiscalCode: '', givenName: '', familyName: '', spidLevel: 0 };
  const summary: SummarySnapshot = { steps: [] };
  await db
    .updateTable('submissions')
    .set({
      answers: JSON.stringify({}),
      summary: JSON.stringify(summary),
      applicant: JSON.stringify(applicant),
      company: JSON.stringify(null),
      filer: JSON.stringify(null),
      applicant_fiscal_code: '',
      company_fiscal_code: '',
      filer_fiscal_code: '',
      satisfaction_comment: null,
      desk: null,
    })
    .where('id', '=', submissionId)
    .execute();
  await db.deleteFrom('submission_parties').where('submission_id', '=', submissionId).execute();
}

/** The language a filing was made in; undefined for an id no filing has. */
export async function filingLocale(db: Db, submissionId: number): Promise<'it' | 'en' | undefined> {
  const row = await db.selectFrom('submissions').select('locale').where('id', '=', submissionId).executeTakeFirst();
  return row?.locale;
}

/** The public ids and protocol numbers of many filings (a call's ranking, src/calls). */
export async function filingNumbers(db: Db, submissionIds: readonly number[]): Promise<Map<number, { publicId: string; protocolNumber: number | null; protocolYear: number | null }>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await db.selectFrom('submissions').select(['id', 'public_id', 'protocol_number', 'protocol_year']).where('id', 'in', [...submissionIds]).execute();
  return new Map(rows.map((r) => [Number(r.id), { publicId: r.public_id, protocolNumber: r.protocol_number, protocolYear: r.protocol_year }]));
}

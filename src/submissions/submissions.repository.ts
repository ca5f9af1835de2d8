// All the SQL of the journey: drafts, attachments, submissions and the protocol register.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AWAITING_PAYMENT, NOT_FILED, PAYMENT_EXPIRED } from './submissions.table.ts';
import type {
  ApplicantSnapshot,
  AttachmentRow,
  CompanySnapshot,
  DraftRow,
  StoredAnswers,
  SubmissionRow,
  SummarySnapshot,
} from './submissions.table.ts';

type Db = Kysely<Database>;

/** Who a draft or a filing belongs to: a person, acting for themselves or for a company. */
export interface Owner {
  fiscalCode: string;
  /** '' when acting for themselves */
  companyFiscalCode: string;
}

// ---------------------------------------------------------------- drafts

export async function findDraft(db: Db, owner: Owner, procedureId: number): Promise<DraftRow | undefined> {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('owner_fiscal_code', '=', owner.fiscalCode)
    .where('company_fiscal_code', '=', owner.companyFiscalCode)
    .where('procedure_id', '=', procedureId)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
}

/**
 * A published procedure (by slug) and the person's live draft of it, if any, in one query:
 * what every page of the journey needs first.
 */
export async function findProcedureAndDraft(db: Db, owner: Owner, slug: string): Promise<{ procedure: { id: number; version: number }; draft: DraftRow | undefined } | undefined> {
  const row = await db
    .selectFrom('procedures as p')
    .leftJoin('drafts as d', (join) =>
      join
        .onRef('d.procedure_id', '=', 'p.id')
        .on('d.owner_fiscal_code', '=', owner.fiscalCode)
        .on('d.company_fiscal_code', '=', owner.companyFiscalCode)
        .on('d.expires_at', '>', new Date()),
    )
    .select(['p.id as procedure_ref', 'p.published_version'])
    .selectAll('d')
    .where('p.slug', '=', slug)
    .where('p.status', '=', 'published')
    .executeTakeFirst();
  if (!row || row.published_version === null) return undefined;
  const { procedure_ref, published_version, ...draft } = row;
  return { procedure: { id: procedure_ref, version: published_version }, draft: draft.id === null ? undefined : (draft as DraftRow) };
}

export async function findDraftById(db: Db, owner: Owner, id: string): Promise<DraftRow | undefined> {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('id', '=', id)
    .where('owner_fiscal_code', '=', owner.fiscalCode)
    .where('company_fiscal_code', '=', owner.companyFiscalCode)
    .executeTakeFirst();
}

/**
 * One draft per person and procedure: a second "begin" finds the first. An expired draft in
 * the way is removed first.
 */
export async function createDraft(db: Db, owner: Owner, procedureId: number, version: number, expiresAt: Date): Promise<DraftRow> {
  await db
    .deleteFrom('drafts')
    .where('owner_fiscal_code', '=', owner.fiscalCode)
    .where('company_fiscal_code', '=', owner.companyFiscalCode)
    .where('procedure_id', '=', procedureId)
    .where('expires_at', '<=', new Date())
    .execute();
  await db
    .insertInto('drafts')
    .values({
      owner_fiscal_code: owner.fiscalCode,
      company_fiscal_code: owner.companyFiscalCode,
      procedure_id: procedureId,
      procedure_version: version,
      answers: '{}',
      expires_at: expiresAt,
    })
    .onConflict((oc) => oc.columns(['owner_fiscal_code', 'company_fiscal_code', 'procedure_id']).doNothing())
    .execute();
  const draft = await findDraft(db, owner, procedureId);
  if (!draft) throw new Error('draft vanished after insert');
  return draft;
}

export async function updateDraft(
  db: Db,
  id: string,
  changes: { answers?: StoredAnswers; completedSteps?: string[]; privacyAcceptedAt?: Date; expiresAt: Date },
): Promise<void> {
  await db
    .updateTable('drafts')
    .set({
      ...(changes.answers ? { answers: JSON.stringify(changes.answers) } : {}),
      ...(changes.completedSteps ? { completed_steps: changes.completedSteps } : {}),
      ...(changes.privacyAcceptedAt ? { privacy_accepted_at: changes.privacyAcceptedAt } : {}),
      expires_at: changes.expiresAt,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteDraft(db: Db, id: string): Promise<void> {
  await db.deleteFrom('drafts').where('id', '=', id).execute();
}

export interface DraftListItem {
  id: string;
  slug: string;
  title_it: string;
  title_en: string;
  updated_at: Date;
  expires_at: Date;
}

export async function listDrafts(db: Db, owner: Owner): Promise<DraftListItem[]> {
  return db
    .selectFrom('drafts as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .select(['d.id', 'p.slug', 'p.title_it', 'p.title_en', 'd.updated_at', 'd.expires_at'])
    .where('d.owner_fiscal_code', '=', owner.fiscalCode)
    .where('d.company_fiscal_code', '=', owner.companyFiscalCode)
    .where('d.expires_at', '>', new Date())
    .orderBy('d.updated_at', 'desc')
    .execute();
}

/** Expired drafts and their files; returns the storage keys to delete. */
export async function deleteExpiredDrafts(db: Db, now: Date): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const expired = trx.selectFrom('drafts').select('id').where('expires_at', '<=', now);
    const files = await trx.deleteFrom('attachments').where('draft_id', 'in', expired).where('submission_id', 'is', null).returning('storage_key').execute();
    await trx.deleteFrom('drafts').where('expires_at', '<=', now).execute();
    return files.map((f) => f.storage_key);
  });
}

// ---------------------------------------------------------------- attachments

export async function insertAttachment(
  db: Db,
  row: { id: string; ownerFiscalCode: string; draftId: string; fieldName: string; originalName: string; contentType: string; sizeBytes: number; sha256: string; storageKey: string },
): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      id: row.id,
      owner_fiscal_code: row.ownerFiscalCode,
      draft_id: row.draftId,
      field_name: row.fieldName,
      original_name: row.originalName,
      content_type: row.contentType,
      size_bytes: row.sizeBytes,
      sha256: row.sha256,
      storage_key: row.storageKey,
    })
    .execute();
}

export async function draftAttachments(db: Db, draftId: string): Promise<AttachmentRow[]> {
  return db.selectFrom('attachments').selectAll().where('draft_id', '=', draftId).where('submission_id', 'is', null).orderBy('created_at').execute();
}

export async function deleteDraftAttachment(db: Db, draftId: string, id: string): Promise<string | undefined> {
  const row = await db
    .deleteFrom('attachments')
    .where('id', '=', id)
    .where('draft_id', '=', draftId)
    .where('submission_id', 'is', null)
    .returning('storage_key')
    .executeTakeFirst();
  return row?.storage_key;
}

/** Files of a draft that the final answers no longer reference; returns their storage keys. */
export async function deleteUnusedDraftAttachments(db: Db, draftId: string): Promise<string[]> {
  const rows = await db.deleteFrom('attachments').where('draft_id', '=', draftId).where('submission_id', 'is', null).returning('storage_key').execute();
  return rows.map((r) => r.storage_key);
}

export async function submissionAttachments(db: Db, submissionId: number): Promise<AttachmentRow[]> {
  return db.selectFrom('attachments').selectAll().where('submission_id', '=', submissionId).orderBy('created_at').execute();
}

// ---------------------------------------------------------------- submissions

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
 * A filing held for its payment becomes a filing of record: its receipt time is now (the
 * order of filings is the order they became complete) and its legal deadline runs from today.
 * Call it holding the intake lock. Undefined when it is not (or no longer) held.
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
    .where('status', '=', AWAITING_PAYMENT)
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

/**
 * Moves the files of each draft to its filing, and deletes those the answers no longer use;
 * returns their storage keys by draft.
 */
export async function moveDraftFiles(db: Db, moves: ReadonlyArray<{ draftId: string; submissionId: number; fileIds: readonly string[] }>): Promise<Map<string, string[]>> {
  const kept = moves.flatMap((m) => m.fileIds.map((fileId) => ({ draftId: m.draftId, fileId, submissionId: m.submissionId })));
  if (kept.length > 0) {
    await sql`
      update attachments a set submission_id = v.submission_id
      from (select unnest(${sql.val(kept.map((k) => k.draftId))}::uuid[]) as draft_id,
                   unnest(${sql.val(kept.map((k) => k.fileId))}::uuid[]) as id,
                   unnest(${sql.val(kept.map((k) => k.submissionId))}::bigint[]) as submission_id) v
      where a.id = v.id and a.draft_id = v.draft_id`.execute(db);
  }
  const unused = new Map<string, string[]>();
  const draftIds = moves.map((m) => m.draftId);
  if (draftIds.length === 0) return unused;
  const rows = await db.deleteFrom('attachments').where('draft_id', 'in', draftIds).where('submission_id', 'is', null).returning(['draft_id', 'storage_key']).execute();
  for (const row of rows) unused.set(row.draft_id!, [...(unused.get(row.draft_id!) ?? []), row.storage_key]);
  return unused;
}

export async function deleteDrafts(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('drafts').where('id', 'in', ids).execute();
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

export interface SubmissionListItem {
  public_id: string;
  slug: string;
  title_it: string;
  title_en: string;
  received_at: Date;
  status: string;
  due_date: string;
  protocol_year: number | null;
  protocol_number: number | null;
}

export async function listOwnSubmissions(db: Db, owner: Owner): Promise<SubmissionListItem[]> {
  let query = db
    .selectFrom('submissions as s')
    .innerJoin('procedures as p', 'p.id', 's.procedure_id')
    .select(['s.public_id', 'p.slug', 'p.title_it', 'p.title_en', 's.received_at', 's.status', 's.due_date', 's.protocol_year', 's.protocol_number']);
  query = owner.companyFiscalCode
    ? query.where('s.company_fiscal_code', '=', owner.companyFiscalCode)
    : query.where('s.applicant_fiscal_code', '=', owner.fiscalCode).where('s.company_fiscal_code', '=', '');
  return query.orderBy('s.received_at', 'desc').limit(200).execute();
}

export async function rateSubmission(db: Db, id: number, rating: number, comment: string | null): Promise<void> {
  await db.updateTable('submissions').set({ satisfaction_rating: rating, satisfaction_comment: comment }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- protocol register

/**
 * The intake barrier. Whoever numbers filings holds it exclusively (an intake batch, or the
 * registrar); a transaction that gives a filing its receipt time outside a batch (a payment
 * releasing a held filing) holds it shared. With it held exclusively, every filing that has a
 * receipt time has committed, and every later filing will get a later receipt time: numbering
 * "all that is visible, in receipt order" is then gapless and in receipt order, without a
 * counter row locked by each filing.
 */
const INTAKE_LOCK = 7_315_004;

/** Inside a transaction (a transaction-scoped lock). */
export async function holdIntakeLock(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(${INTAKE_LOCK})`.execute(trx);
}

export async function takeIntakeBarrier(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${INTAKE_LOCK})`.execute(trx);
}

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

/** Reserves `count` numbers of a year; returns the first. */
export async function reserveProtocolNumbers(db: Db, year: number, count: number): Promise<number> {
  const row = await db
    .insertInto('protocol_counters')
    .values({ year, last_number: count })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: sql`protocol_counters.last_number + ${count}` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number - count + 1;
}

export async function registerProtocol(
  db: Db,
  entries: Array<{ submissionId: number; year: number; number: number; registeredAt: Date; sender: string; subject: string; fingerprints: Array<{ name: string; sha256: string }> }>,
): Promise<void> {
  if (entries.length === 0) return;
  // the register rows and the numbers on the filings, in one statement
  await db
    .with('registered', (q) =>
      q
        .insertInto('protocol_register')
        .values(
          entries.map((e) => ({
            year: e.year,
            number: e.number,
            registered_at: e.registeredAt,
            submission_id: e.submissionId,
            sender: e.sender,
            subject: e.subject,
            fingerprints: JSON.stringify(e.fingerprints),
          })),
        )
        .returning(['submission_id', 'year', 'number']),
    )
    .updateTable('submissions as s')
    .from('registered as r')
    .set((eb) => ({ protocol_year: eb.ref('r.year'), protocol_number: eb.ref('r.number') }))
    .whereRef('s.id', '=', 'r.submission_id')
    .execute();
}

export async function protocolOf(db: Db, submissionId: number): Promise<{ year: number; number: number; registered_at: Date } | undefined> {
  return db.selectFrom('protocol_register').select(['year', 'number', 'registered_at']).where('submission_id', '=', submissionId).executeTakeFirst();
}

/** The daily register: the registrations of one Rome calendar day, in number order. */
export async function registrationsOfDay(db: Db, day: string) {
  return db
    .selectFrom('protocol_register')
    .selectAll()
    .where(sql<boolean>`(registered_at at time zone 'Europe/Rome')::date = ${day}::date`)
    .orderBy('year')
    .orderBy('number')
    .execute();
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

/** What the "received" message of newly numbered filings says (notifications). */
export async function receivedNoticeData(db: Db, submissionIds: number[]) {
  if (submissionIds.length === 0) return [];
  return db
    .selectFrom('submissions as s')
    .innerJoin('procedures as p', 'p.id', 's.procedure_id')
    .innerJoin('offices as o', 'o.code', 's.office_code')
    .select(['s.id', 's.public_id', 's.applicant_fiscal_code', 's.locale', 's.due_date', 'p.title_it', 'p.title_en', 'o.name_it as office_it', 'o.name_en as office_en'])
    .where('s.id', 'in', submissionIds)
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

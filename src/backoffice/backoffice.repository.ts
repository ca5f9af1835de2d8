// All the SQL of the back office: cases and their queues, the hash-chained event log, requests,
// messages, notes, files, decisions, the staff audit log, and the statistics. Functions take
// a Kysely instance or a transaction first; the service decides which.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ApplicantSnapshot, CompanySnapshot } from '../submissions/submissions.table.ts';
import { chainHash, GENESIS_HASH } from './hash-chain.ts';
import type { PauseKind } from './legal-clock.ts';
import type {
  AuditLogRow,
  CaseDecisionRow,
  CaseEventRow,
  CaseFileRow,
  CaseMessageRow,
  CaseNoteRow,
  CaseRequestRow,
  CaseRow,
  EventActorKind,
  Outcome,
} from './backoffice.table.ts';
import type { State } from './workflow.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

// ---------------------------------------------------------------- cases

export interface NewCase {
  submissionId: number;
  officeCode: string;
  procedureId: number;
  receivedAt: Date;
  receiptDate: string;
  durationDays: number;
  silenceConsent: boolean;
  dueDate: string;
  applicantFiscalCode: string;
  companyFiscalCode: string;
  applicantName: string;
  routedRule: string | null;
}

/** Lowercase, without accents, single spaces: what the name search compares. */
export function searchText(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function caseValues(c: NewCase) {
  return {
    submission_id: c.submissionId,
    office_code: c.officeCode,
    procedure_id: c.procedureId,
    status: 'submitted' as const,
    received_at: c.receivedAt,
    receipt_date: c.receiptDate,
    duration_days: c.durationDays,
    silence_consent: c.silenceConsent,
    due_date: c.dueDate,
    applicant_fiscal_code: c.applicantFiscalCode,
    company_fiscal_code: c.companyFiscalCode,
    applicant_name: c.applicantName,
    search_name: searchText(`${c.applicantName} ${c.applicantFiscalCode} ${c.companyFiscalCode}`),
    routed_rule: c.routedRule,
  };
}

/** The case, locked for the rest of the transaction (changes to one filing run one at a time). */
export async function lockCase(trx: Trx, submissionId: number): Promise<CaseRow | undefined> {
  return trx.selectFrom('cases').selectAll().where('submission_id', '=', submissionId).forUpdate().executeTakeFirst();
}

export async function findCase(db: Db, submissionId: number): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
}

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

export async function filingOf(db: Db, submissionId: number): Promise<CaseFiling> {
  return db
    .selectFrom('submissions')
    .select(['id', 'public_id', 'procedure_version', 'applicant', 'company', 'answers', 'summary', 'locale', 'subject', 'protocol_year', 'protocol_number', 'satisfaction_rating'])
    .where('id', '=', submissionId)
    .executeTakeFirstOrThrow() as Promise<CaseFiling>;
}

export type CaseChanges = Partial<
  Pick<CaseRow, 'office_code' | 'status' | 'due_date' | 'paused_since' | 'pause_kind' | 'reply_by' | 'assignee_fiscal_code' | 'assigned_at' | 'deadline_flagged_on' | 'decided_at'>
>;

/** Changes the case and keeps the filing's own status, office and due date in step. */
export async function updateCase(trx: Trx, submissionId: number, changes: CaseChanges): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await trx
    .updateTable('cases')
    .set({ ...changes, updated_at: new Date() })
    .where('submission_id', '=', submissionId)
    .execute();
  const filing: { status?: string; office_code?: string; due_date?: string } = {};
  if (changes.status) filing.status = changes.status;
  if (changes.office_code) filing.office_code = changes.office_code;
  if (changes.due_date) filing.due_date = changes.due_date;
  if (Object.keys(filing).length > 0) await trx.updateTable('submissions').set(filing).where('id', '=', submissionId).execute();
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


// ---------------------------------------------------------------- the event log

export interface NewEvent {
  at: Date;
  actorKind: EventActorKind;
  actorFiscalCode: string | null;
  actorName: string | null;
  kind: string;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

/** What an event's hash covers: every column but the hashes themselves. */
export function eventContent(e: Pick<CaseEventRow, 'submission_id' | 'seq' | 'at' | 'actor_kind' | 'actor_fiscal_code' | 'actor_name' | 'kind' | 'from_state' | 'to_state' | 'reason' | 'data'>) {
  return {
    submissionId: Number(e.submission_id),
    seq: e.seq,
    at: new Date(e.at).toISOString(),
    actorKind: e.actor_kind,
    actorFiscalCode: e.actor_fiscal_code,
    actorName: e.actor_name,
    kind: e.kind,
    from: e.from_state,
    to: e.to_state,
    reason: e.reason,
    data: e.data,
  };
}

/** An event's row, linked to the previous hash of its chain. */
function chainedEvent(submissionId: number, seq: number, previousHash: string, event: NewEvent) {
  // JSON round trip: the hash covers exactly what jsonb gives back
  const data = JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>;
  const row = {
    submission_id: submissionId,
    seq,
    at: event.at,
    actor_kind: event.actorKind,
    actor_fiscal_code: event.actorFiscalCode,
    actor_name: event.actorName,
    kind: event.kind,
    from_state: event.fromState,
    to_state: event.toState,
    reason: event.reason,
    data,
  };
  const hash = chainHash(previousHash, eventContent(row));
  return { values: { ...row, data: JSON.stringify(data), prev_hash: previousHash, hash }, hash };
}

/**
 * Cases of new filings, each with the first event of its log, in two statements however many
 * (the filings of one intake batch). A filing that already has its case is left as it is;
 * returns how many cases were opened.
 */
export async function insertCasesWithFirstEvent(trx: Db, entries: ReadonlyArray<{ case: NewCase; firstEvent: NewEvent }>): Promise<number> {
  if (entries.length === 0) return 0;
  const prepared = entries.map((entry) => ({ entry, event: chainedEvent(entry.case.submissionId, 1, GENESIS_HASH, entry.firstEvent) }));
  const created = await trx
    .insertInto('cases')
    .values(prepared.map(({ entry, event }) => ({ ...caseValues(entry.case), last_event_seq: 1, last_event_hash: event.hash })))
    .onConflict((oc) => oc.column('submission_id').doNothing())
    .returning('submission_id')
    .execute();
  const opened = new Set(created.map((row) => Number(row.submission_id)));
  const events = prepared.filter(({ entry }) => opened.has(entry.case.submissionId)).map(({ event }) => event.values);
  if (events.length > 0) await trx.insertInto('case_events').values(events).execute();
  return opened.size;
}

/**
 * Appends an event to the filing's chain. The caller holds the case row locked (lockCase) and
 * passes it, so the head read here is the head written next.
 */
export async function appendEvent(trx: Trx, head: Pick<CaseRow, 'submission_id' | 'last_event_seq' | 'last_event_hash'>, event: NewEvent): Promise<{ seq: number; hash: string }> {
  const seq = head.last_event_seq + 1;
  const { values, hash } = chainedEvent(head.submission_id, seq, head.last_event_hash, event);
  await trx.insertInto('case_events').values(values).execute();
  await trx.updateTable('cases').set({ last_event_seq: seq, last_event_hash: hash }).where('submission_id', '=', head.submission_id).execute();
  head.last_event_seq = seq;
  head.last_event_hash = hash;
  return { seq, hash };
}

export async function listEvents(db: Db, submissionId: number): Promise<CaseEventRow[]> {
  return db.selectFrom('case_events').selectAll().where('submission_id', '=', submissionId).orderBy('seq').execute();
}

/** Events in chain order, a page at a time, after (submission, seq). */
export async function eventsAfter(db: Db, after: { submissionId: number; seq: number }, limit: number): Promise<CaseEventRow[]> {
  return db
    .selectFrom('case_events')
    .selectAll()
    .where(sql<boolean>`(submission_id, seq) > (${after.submissionId}::bigint, ${after.seq}::integer)`)
    .orderBy('submission_id')
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** Chain heads as the cases record them, a page at a time. */
export async function caseHeadsAfter(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('cases')
    .select(['submission_id', 'last_event_seq', 'last_event_hash'])
    .where('submission_id', '>', afterId)
    .orderBy('submission_id')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- requests (integration, 10-bis)

export async function insertRequest(
  trx: Db,
  r: { submissionId: number; kind: PauseKind; body: string; by: string; byName: string; at: Date; on: string; replyBy: string },
): Promise<number> {
  const row = await trx
    .insertInto('case_requests')
    .values({
      submission_id: r.submissionId,
      kind: r.kind,
      body: r.body,
      requested_by: r.by,
      requested_by_name: r.byName,
      requested_at: r.at,
      requested_on: r.on,
      reply_by: r.replyBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listRequests(db: Db, submissionId: number): Promise<CaseRequestRow[]> {
  return db.selectFrom('case_requests').selectAll().where('submission_id', '=', submissionId).orderBy('requested_at').execute();
}

export async function answerRequest(trx: Db, id: number, at: Date, on: string): Promise<void> {
  await trx.updateTable('case_requests').set({ answered_at: at, answered_on: on }).where('id', '=', id).where('answered_at', 'is', null).execute();
}

// ---------------------------------------------------------------- messages, notes, files

export async function insertMessage(
  trx: Db,
  m: { submissionId: number; authorKind: 'applicant' | 'office'; authorFiscalCode: string; authorName: string; officeCode: string | null; body: string; requestId: number | null; at: Date },
): Promise<number> {
  const row = await trx
    .insertInto('case_messages')
    .values({
      submission_id: m.submissionId,
      author_kind: m.authorKind,
      author_fiscal_code: m.authorFiscalCode,
      author_name: m.authorName,
      office_code: m.officeCode,
      body: m.body,
      request_id: m.requestId,
      created_at: m.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listMessages(db: Db, submissionId: number): Promise<CaseMessageRow[]> {
  return db.selectFrom('case_messages').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
}

export async function insertNote(trx: Db, n: { submissionId: number; authorFiscalCode: string; authorName: string; body: string; at: Date }): Promise<number> {
  const row = await trx
    .insertInto('case_notes')
    .values({ submission_id: n.submissionId, author_fiscal_code: n.authorFiscalCode, author_name: n.authorName, body: n.body, created_at: n.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listNotes(db: Db, submissionId: number): Promise<CaseNoteRow[]> {
  return db.selectFrom('case_notes').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
}

export interface NewCaseFile {
  submissionId: number;
  messageId: number | null;
  purpose: 'message' | 'decision';
  uploadedBy: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

export async function insertFile(trx: Db, f: NewCaseFile): Promise<string> {
  const row = await trx
    .insertInto('case_files')
    .values({
      submission_id: f.submissionId,
      message_id: f.messageId,
      purpose: f.purpose,
      uploaded_by: f.uploadedBy,
      original_name: f.originalName,
      content_type: f.contentType,
      size_bytes: f.sizeBytes,
      sha256: f.sha256,
      storage_key: f.storageKey,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listFiles(db: Db, submissionId: number): Promise<CaseFileRow[]> {
  return db.selectFrom('case_files').selectAll().where('submission_id', '=', submissionId).orderBy('created_at').execute();
}

export async function findFile(db: Db, submissionId: number, id: string): Promise<CaseFileRow | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return db.selectFrom('case_files').selectAll().where('submission_id', '=', submissionId).where('id', '=', id).executeTakeFirst();
}

export async function filingAttachments(db: Db, submissionId: number) {
  return db.selectFrom('attachments').selectAll().where('submission_id', '=', submissionId).orderBy('created_at').execute();
}

// ---------------------------------------------------------------- decisions

export async function insertDecision(
  trx: Db,
  d: { submissionId: number; outcome: Outcome; motivation: string; by: string | null; byName: string | null; at: Date; documentId: string | null },
): Promise<void> {
  await trx
    .insertInto('case_decisions')
    .values({
      submission_id: d.submissionId,
      outcome: d.outcome,
      motivation: d.motivation,
      decided_by: d.by,
      decided_by_name: d.byName,
      decided_at: d.at,
      document_id: d.documentId,
    })
    .execute();
}

export async function findDecision(db: Db, submissionId: number): Promise<CaseDecisionRow | undefined> {
  return db.selectFrom('case_decisions').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
}

// ---------------------------------------------------------------- staff

export interface StaffMember {
  fiscal_code: string;
  given_name: string;
  family_name: string;
}

export async function officeStaff(db: Db, officeCode: string): Promise<StaffMember[]> {
  return db
    .selectFrom('staff as s')
    .innerJoin('staff_offices as o', 'o.fiscal_code', 's.fiscal_code')
    .select(['s.fiscal_code', 's.given_name', 's.family_name'])
    .where('o.office_code', '=', officeCode)
    .where('s.active', '=', true)
    .orderBy('s.family_name')
    .orderBy('s.given_name')
    .execute();
}

export async function staffMember(db: Db, fiscalCode: string): Promise<StaffMember | undefined> {
  return db.selectFrom('staff').select(['fiscal_code', 'given_name', 'family_name']).where('fiscal_code', '=', fiscalCode).executeTakeFirst();
}

export async function officesByCode(db: Db, codes?: readonly string[]) {
  let query = db.selectFrom('offices').select(['code', 'name_it', 'name_en', 'email', 'phone']).orderBy('name_it');
  if (codes) {
    if (codes.length === 0) return [];
    query = query.where('code', 'in', codes);
  }
  return query.execute();
}

/**
 * The procedures a clerk's queue filter offers: those of their offices, and those whose
 * routing rules can send filings there (a few dozen rows: no scan of the cases).
 */
export async function proceduresOfOffices(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('procedures as p')
    .leftJoin('procedure_versions as v', (join) => join.onRef('v.procedure_id', '=', 'p.id').onRef('v.version', '=', 'p.published_version'))
    .select(['p.id', 'p.slug', 'p.title_it', 'p.title_en'])
    .where((eb) =>
      eb.or([
        eb('p.office_code', 'in', codes),
        ...codes.map((code) => sql<boolean>`v.definition -> 'routing' -> 'rules' @> ${JSON.stringify([{ office: code }])}::jsonb`),
      ]),
    )
    .orderBy('p.title_it')
    .execute();
}

export async function definitionOf(db: Db, procedureId: number, version: number) {
  const row = await db.selectFrom('procedure_versions').select('definition').where('procedure_id', '=', procedureId).where('version', '=', version).executeTakeFirst();
  return row?.definition;
}

export async function procedureTitles(db: Db, procedureId: number) {
  return db.selectFrom('procedures').select(['id', 'slug', 'title_it', 'title_en']).where('id', '=', procedureId).executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- queues

export type QueueStatus = 'open' | 'all' | State;
export type QueueBand = 'overdue' | 'due-soon' | 'on-time' | 'paused';

export interface QueueFilter {
  /** The offices to list (already limited to the clerk's). */
  offices: readonly string[];
  status: QueueStatus;
  procedureId?: number | undefined;
  /** a fiscal code, or 'none' for nobody */
  assignee?: string | undefined;
  band?: QueueBand | undefined;
  /** the Rome date the bands are measured from, and the days that are "soon" */
  today: string;
  soonUntil: string;
  search?: QueueSearch | undefined;
}

export type QueueSearch =
  | { kind: 'protocol'; number: number; year: number | null }
  | { kind: 'fiscalCode'; code: string }
  | { kind: 'name'; text: string };

export interface QueueCursor {
  dueDate: string;
  id: number;
}

type CasesQuery = ReturnType<typeof casesOfOffice>;

function casesOfOffice(db: Db, office: string) {
  return db.selectFrom('cases').where('office_code', '=', office);
}

function applyFilter(query: CasesQuery, f: QueueFilter, withStatus = true): CasesQuery {
  let q = query;
  if (withStatus) {
    if (f.status === 'open') q = q.where('is_open', '=', true);
    else if (f.status !== 'all') q = q.where('status', '=', f.status);
  }
  if (f.procedureId !== undefined) q = q.where('procedure_id', '=', f.procedureId);
  if (f.assignee === 'none') q = q.where('assignee_fiscal_code', 'is', null);
  else if (f.assignee) q = q.where('assignee_fiscal_code', '=', f.assignee);
  if (f.band) {
    q = q.where('is_open', '=', true);
    if (f.band === 'paused') q = q.where('paused_since', 'is not', null);
    else {
      q = q.where('paused_since', 'is', null);
      if (f.band === 'overdue') q = q.where('due_date', '<', f.today);
      else if (f.band === 'due-soon') q = q.where('due_date', '>=', f.today).where('due_date', '<=', f.soonUntil);
      else q = q.where('due_date', '>', f.soonUntil);
    }
  }
  const search = f.search;
  if (search?.kind === 'name') {
    q = q.where('search_name', 'like', `%${search.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  } else if (search?.kind === 'fiscalCode') {
    q = q.where((eb) => eb.or([eb('applicant_fiscal_code', '=', search.code), eb('company_fiscal_code', '=', search.code)]));
  } else if (search?.kind === 'protocol') {
    q = q.where('submission_id', 'in', (eb) => {
      let sub = eb.selectFrom('submissions').select('id').where('protocol_number', '=', search.number);
      if (search.year !== null) sub = sub.where('protocol_year', '=', search.year);
      return sub;
    });
  }
  return q;
}

/**
 * One page of the queue, by deadline: each office's cases come from an ordered index range
 * after the cursor, limited, and the pages merge (UNION ALL, then the same order and limit).
 * Returns the ids in order; queueRows fetches what the page shows.
 */
export async function queuePage(db: Db, f: QueueFilter, options: { after?: QueueCursor | undefined; limit: number; descending?: boolean }): Promise<Array<{ submission_id: number; due_date: string }>> {
  if (f.offices.length === 0) return [];
  const direction = options.descending ? 'desc' : 'asc';
  const parts = f.offices.map((office) => {
    let q = applyFilter(casesOfOffice(db, office), f).select(['submission_id', 'due_date']);
    if (options.after) {
      const { dueDate, id } = options.after;
      q = options.descending
        ? q.where(sql<boolean>`(due_date, submission_id) < (${dueDate}::date, ${id}::bigint)`)
        : q.where(sql<boolean>`(due_date, submission_id) > (${dueDate}::date, ${id}::bigint)`);
    }
    return q.orderBy('due_date', direction).orderBy('submission_id', direction).limit(options.limit);
  });
  if (parts.length === 1) return parts[0]!.execute();
  const union = sql.join(parts.map((p) => sql`(${p})`), sql` union all `);
  const order = options.descending ? sql`due_date desc, submission_id desc` : sql`due_date, submission_id`;
  const result = await sql<{ submission_id: number; due_date: string }>`select submission_id, due_date from (${union}) as page order by ${order} limit ${options.limit}`.execute(db);
  return result.rows.map((r) => ({ submission_id: Number(r.submission_id), due_date: r.due_date }));
}

/** The SQL of a queue page, for EXPLAIN in tests and benchmarks. */
export function queuePageSql(db: Db, f: QueueFilter, options: { after?: QueueCursor | undefined; limit: number }) {
  const parts = f.offices.map((office) => {
    let q = applyFilter(casesOfOffice(db, office), f).select(['submission_id', 'due_date']);
    if (options.after) q = q.where(sql<boolean>`(due_date, submission_id) > (${options.after.dueDate}::date, ${options.after.id}::bigint)`);
    return q.orderBy('due_date').orderBy('submission_id').limit(options.limit);
  });
  const union = sql.join(parts.map((p) => sql`(${p})`), sql` union all `);
  return sql`select submission_id, due_date from (${union}) as page order by due_date, submission_id limit ${options.limit}`;
}

export interface QueueRow {
  submission_id: number;
  public_id: string;
  protocol_year: number | null;
  protocol_number: number | null;
  received_at: Date;
  subject: string;
  status: State;
  office_code: string;
  procedure_id: number;
  title_it: string;
  title_en: string;
  due_date: string;
  paused_since: string | null;
  pause_kind: PauseKind | null;
  reply_by: string | null;
  applicant_name: string;
  applicant_fiscal_code: string;
  company_fiscal_code: string;
  assignee_fiscal_code: string | null;
  assignee_name: string | null;
}

export async function queueRows(db: Db, ids: number[]): Promise<QueueRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('submissions as s', 's.id', 'c.submission_id')
    .innerJoin('procedures as p', 'p.id', 'c.procedure_id')
    .leftJoin('staff as st', 'st.fiscal_code', 'c.assignee_fiscal_code')
    .select([
      'c.submission_id',
      's.public_id',
      's.protocol_year',
      's.protocol_number',
      'c.received_at',
      's.subject',
      'c.status',
      'c.office_code',
      'c.procedure_id',
      'p.title_it',
      'p.title_en',
      'c.due_date',
      'c.paused_since',
      'c.pause_kind',
      'c.reply_by',
      'c.applicant_name',
      'c.applicant_fiscal_code',
      'c.company_fiscal_code',
      'c.assignee_fiscal_code',
      sql<string | null>`case when st.fiscal_code is null then null else st.given_name || ' ' || st.family_name end`.as('assignee_name'),
    ])
    .where('c.submission_id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.submission_id), r]));
  return ids.map((id) => byId.get(id)).filter((r): r is QueueRow => r !== undefined);
}

/** Cases per status over the same offices and filters (the status filter aside). */
export async function statusCounts(db: Db, f: QueueFilter): Promise<Map<string, number>> {
  if (f.offices.length === 0) return new Map();
  let q = db.selectFrom('cases').where('office_code', 'in', f.offices) as unknown as CasesQuery;
  q = applyFilter(q, f, false);
  const rows = await q.select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
  return new Map(rows.map((r) => [r.status, Number(r.count)]));
}

// ---------------------------------------------------------------- the daily job's lists

/** Open cases whose reply period ended before `today` (integration or notice of refusal). */
export async function expiredReplies(db: Db, today: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('cases')
    .select('submission_id')
    .where('is_open', '=', true)
    .where('paused_since', 'is not', null)
    .where('reply_by', '<', today)
    .orderBy('reply_by')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.submission_id));
}

/** Open cases with a running clock due on or before `today` and not yet flagged for that due date. */
export async function reachedDeadlines(db: Db, today: string, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('cases')
    .select('submission_id')
    .where('is_open', '=', true)
    .where('paused_since', 'is', null)
    .where('due_date', '<=', today)
    .where('submission_id', '>', afterId)
    .where((eb) => eb.or([eb('deadline_flagged_on', 'is', null), eb('deadline_flagged_on', '<', eb.ref('due_date')), eb.and([eb('silence_consent', '=', true), eb('due_date', '<', today)])]))
    .orderBy('submission_id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.submission_id));
}

// ---------------------------------------------------------------- the audit log

/** Held for the instant of appending, so that the audit chain stays one sequence. */
const AUDIT_LOCK = 7_315_241;

export interface NewAudit {
  at: Date;
  actorFiscalCode: string;
  action: string;
  submissionId: number | null;
  officeCode: string | null;
  detail: Record<string, unknown>;
}

export function auditContent(a: Pick<AuditLogRow, 'id' | 'at' | 'actor_fiscal_code' | 'action' | 'submission_id' | 'office_code' | 'detail'>) {
  return {
    id: Number(a.id),
    at: new Date(a.at).toISOString(),
    actor: a.actor_fiscal_code,
    action: a.action,
    submissionId: a.submission_id === null ? null : Number(a.submission_id),
    office: a.office_code,
    detail: a.detail,
  };
}

export async function appendAudit(trx: Trx, entry: NewAudit): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const id = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('audit_log', 'id'))::bigint as id`.execute(trx);
  const nextId = Number(id.rows[0]!.id);
  const detail = JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown>;
  const prev = last?.hash ?? GENESIS_HASH;
  const row = {
    id: nextId,
    at: entry.at,
    actor_fiscal_code: entry.actorFiscalCode,
    action: entry.action,
    submission_id: entry.submissionId,
    office_code: entry.officeCode,
    detail,
  };
  const hash = chainHash(prev, auditContent(row));
  await sql`insert into audit_log (id, at, actor_fiscal_code, action, submission_id, office_code, detail, prev_hash, hash)
    overriding system value
    values (${nextId}, ${entry.at}, ${entry.actorFiscalCode}, ${entry.action}, ${entry.submissionId}, ${entry.officeCode}, ${JSON.stringify(detail)}::jsonb, ${prev}, ${hash})`.execute(trx);
}

export async function auditAfter(db: Db, afterId: number, limit: number): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function auditOfSubmission(db: Db, submissionId: number, limit = 200): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().where('submission_id', '=', submissionId).orderBy('id', 'desc').limit(limit).execute();
}

// ---------------------------------------------------------------- statistics

export interface StatisticsRow {
  office_code: string;
  procedure_id: number;
  title_it: string;
  title_en: string;
  received: number;
  decided: number;
  median_days: number | null;
  within_deadline: number;
  overdue_now: number;
  rating: number | null;
  ratings: number;
}

/** Per office and procedure, over filings received in [from, to): the figures of the statistics page. */
export async function statistics(db: Db, offices: readonly string[], from: string, to: string, today: string): Promise<StatisticsRow[]> {
  if (offices.length === 0) return [];
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('submissions as s', 's.id', 'c.submission_id')
    .innerJoin('procedures as p', 'p.id', 'c.procedure_id')
    .select([
      'c.office_code',
      'c.procedure_id',
      'p.title_it',
      'p.title_en',
      sql<number>`count(*)`.as('received'),
      sql<number>`count(c.decided_at)`.as('decided'),
      sql<number | null>`percentile_cont(0.5) within group (order by ((c.decided_at at time zone 'Europe/Rome')::date - c.receipt_date)) filter (where c.decided_at is not null)`.as('median_days'),
      sql<number>`count(*) filter (where c.decided_at is not null and (c.decided_at at time zone 'Europe/Rome')::date <= c.due_date)`.as('within_deadline'),
      sql<number>`count(*) filter (where c.is_open and c.paused_since is null and c.due_date < ${today}::date)`.as('overdue_now'),
      sql<number | null>`avg(s.satisfaction_rating)::float8`.as('rating'),
      sql<number>`count(s.satisfaction_rating)`.as('ratings'),
    ])
    .where('c.office_code', 'in', offices)
    .where('c.received_at', '>=', sql<Date>`(${from}::date::timestamp at time zone 'Europe/Rome')`)
    .where('c.received_at', '<', sql<Date>`(${to}::date::timestamp at time zone 'Europe/Rome')`)
    .groupBy(['c.office_code', 'c.procedure_id', 'p.title_it', 'p.title_en'])
    .orderBy('c.office_code')
    .orderBy('p.title_it')
    .execute();
  return rows.map((r) => ({
    ...r,
    procedure_id: Number(r.procedure_id),
    received: Number(r.received),
    decided: Number(r.decided),
    median_days: r.median_days === null ? null : Number(r.median_days),
    within_deadline: Number(r.within_deadline),
    overdue_now: Number(r.overdue_now),
    rating: r.rating === null ? null : Number(r.rating),
    ratings: Number(r.ratings),
  }));
}

// ---------------------------------------------------------------- payments of the offices' filings

/**
 * The position an earlier post of the same payment request form created, if any (the form's
 * key is in the event's data). The caller holds the case locked, so a second post waits for
 * the first and then finds it.
 */
export async function paymentRequestByKey(db: Db, submissionId: number, key: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('case_events')
    .select(sql<string>`data ->> 'positionId'`.as('position_id'))
    .where('submission_id', '=', submissionId)
    .where('kind', '=', 'payment_requested')
    .where(sql<boolean>`data ->> 'key' = ${key}`)
    .executeTakeFirst();
  return row ? Number(row.position_id) : undefined;
}

export type OfficePaymentStatus = 'pending' | 'paid' | 'expired' | 'cancelled';

export interface OfficePaymentsFilter {
  /** The offices to list (already limited to the clerk's). */
  offices: readonly string[];
  status?: OfficePaymentStatus | undefined;
  procedureId?: number | undefined;
  /** which date `from` and `to` (Rome calendar days, both included) apply to */
  dateOf: 'created' | 'paid';
  from?: string | undefined;
  to?: string | undefined;
}

export interface OfficePaymentRow {
  id: number;
  notice_number: string;
  iuv: string;
  reason: string;
  amount_cents: number;
  due_date: string;
  status: OfficePaymentStatus;
  taxonomy_code: string;
  debtor_name: string;
  debtor_fiscal_code: string;
  created_at: Date;
  paid_at: Date | null;
  paid_amount_cents: number | null;
  receipt_id: string | null;
  submission_id: number;
  public_id: string;
  protocol_number: number | null;
  protocol_year: number | null;
  office_code: string;
  title_it: string;
  title_en: string;
}

/**
 * The positions of the filings in the offices' queues, newest first, a page at a time after
 * the cursor (a position id). A position follows its filing: forwarded to another office, it
 * is that office's to see.
 */
export async function officePaymentsPage(db: Db, f: OfficePaymentsFilter, options: { before?: number | undefined; limit: number }): Promise<OfficePaymentRow[]> {
  if (f.offices.length === 0) return [];
  let q = db
    .selectFrom('payment_positions as pp')
    .innerJoin('cases as c', 'c.submission_id', 'pp.submission_id')
    .innerJoin('submissions as s', 's.id', 'c.submission_id')
    .innerJoin('procedures as p', 'p.id', 'c.procedure_id')
    .select([
      'pp.id',
      'pp.notice_number',
      'pp.iuv',
      'pp.reason',
      'pp.amount_cents',
      'pp.due_date',
      'pp.status',
      'pp.taxonomy_code',
      'pp.debtor_name',
      'pp.debtor_fiscal_code',
      'pp.created_at',
      'pp.paid_at',
      'pp.paid_amount_cents',
      'pp.receipt_id',
      'c.submission_id',
      's.public_id',
      's.protocol_number',
      's.protocol_year',
      'c.office_code',
      'p.title_it',
      'p.title_en',
    ])
    .where('c.office_code', 'in', f.offices);
  if (f.status) q = q.where('pp.status', '=', f.status);
  if (f.procedureId !== undefined) q = q.where('c.procedure_id', '=', f.procedureId);
  const column = f.dateOf === 'paid' ? sql.ref('pp.paid_at') : sql.ref('pp.created_at');
  if (f.from) q = q.where(sql<boolean>`${column} >= (${f.from}::date::timestamp at time zone 'Europe/Rome')`);
  if (f.to) q = q.where(sql<boolean>`${column} < ((${f.to}::date + 1)::timestamp at time zone 'Europe/Rome')`);
  if (options.before !== undefined) q = q.where('pp.id', '<', options.before);
  const rows = await q.orderBy('pp.id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), submission_id: Number(r.submission_id) }));
}

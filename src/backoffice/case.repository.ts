// The case of a filing and its hash-chained event log (the tables `cases` and `case_events`):
// opening cases, locking one for a change, changing it, appending to its log, and the lists the
// daily deadline job walks. Functions take a Kysely instance or a transaction first; the
// service decides which.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { chainHash, GENESIS_HASH } from '../platform/hash-chain.ts';
import type { CaseEventRow, CaseRow, EventActorKind } from './backoffice.table.ts';
import type { Kind, Regime, State } from './workflow.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

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
  /** The kind and rules of law at filing (workflow.ts), and the state the kind starts in. */
  kind: Kind;
  regime: Regime;
  adoption: boolean;
  competitive: boolean;
  status: State;
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
    status: c.status,
    kind: c.kind,
    regime: c.regime,
    adoption: c.adoption,
    competitive: c.competitive,
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

export type CaseChanges = Partial<
  Pick<CaseRow, 'office_code' | 'status' | 'due_date' | 'paused_since' | 'pause_kind' | 'reply_by' | 'assignee_fiscal_code' | 'assigned_at' | 'deadline_flagged_on' | 'decided_at' | 'proposal' | 'proposal_motivation' | 'clock_start' | 'reopened_at'>
>;

/** Changes the case (the filing's own copy of status, office and due date is the submissions service's). */
export async function updateCase(trx: Trx, submissionId: number, changes: CaseChanges): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await trx
    .updateTable('cases')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('submission_id', '=', submissionId)
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

// ---------------------------------------------------------------- the daily job's lists

/** Open cases whose reply period ended before `today` (integration, notice of refusal, conformation; the clock stopped or not). */
export async function expiredReplies(db: Db, today: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('cases')
    .select('submission_id')
    .where('is_open', '=', true)
    .where('reply_by', 'is not', null)
    .where('reply_by', '<', today)
    // an unanswered order to conform waits for the office's prohibition, not for the job
    .where('status', '<>', 'conformation_requested')
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
    .where((eb) =>
      eb.or([
        eb('deadline_flagged_on', 'is', null),
        eb('deadline_flagged_on', '<', eb.ref('due_date')),
        // past the deadline: silence-consent (art. 20) or a SCIA's consolidation (art. 19)
        eb.and([eb.or([eb('silence_consent', '=', true), eb('kind', '=', 'scia')]), eb('due_date', '<', today)]),
      ]),
    )
    .orderBy('submission_id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.submission_id));
}

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

// ---------------------------------------------------------------- an office's pace (expected dates)

/** The open cases of an office in the order they came in (the queue the expected dates count places in). */
export async function openCasesByReceipt(db: Db, officeCode: string): Promise<number[]> {
  const rows = await db.selectFrom('cases').select('submission_id').where('office_code', '=', officeCode).where('is_open', '=', true).orderBy('received_at').orderBy('submission_id').execute();
  return rows.map((r) => Number(r.submission_id));
}

/** The cases of an office decided (closed by the office, a withdrawal aside) from one Rome day to another (excluded). */
export async function decidedBetween(db: Db, officeCode: string, from: string, to: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select(sql<number>`count(*)::int`.as('decided'))
    .where('office_code', '=', officeCode)
    .where(sql<boolean>`decided_at >= (${from}::date::timestamp at time zone 'Europe/Rome') and decided_at < (${to}::date::timestamp at time zone 'Europe/Rome')`)
    .executeTakeFirst();
  return Number(row?.decided ?? 0);
}

// ---------------------------------------------------------------- readers of the log (staff alerts)

/**
 * Events of every case from `since` on, in the order of their times, a page at a time after
 * (at, submission, seq): what the staff alerts' job reads (src/backoffice/staff-alerts.service.ts).
 */
export async function eventsSince(db: Db, since: Date, after: { at: Date; submissionId: number; seq: number } | null, limit: number): Promise<CaseEventRow[]> {
  let query = db.selectFrom('case_events').selectAll().where('at', '>=', since);
  if (after) query = query.where(sql<boolean>`(at, submission_id, seq) > (${after.at}::timestamptz, ${after.submissionId}::bigint, ${after.seq}::integer)`);
  return query.orderBy('at').orderBy('submission_id').orderBy('seq').limit(limit).execute();
}

/** Open cases with a running clock due on or before `until`, a page at a time by id. */
export async function openCasesDueBy(db: Db, until: string, afterId: number, limit: number) {
  return db
    .selectFrom('cases')
    .select(['submission_id', 'office_code', 'assignee_fiscal_code', 'procedure_id', 'due_date'])
    .where('is_open', '=', true)
    .where('paused_since', 'is', null)
    .where('due_date', '<=', until)
    .where('submission_id', '>', afterId)
    .orderBy('submission_id')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- readers for the API (src/api)

/** A case as a back-office system lists it: no applicant data, the filing's public id and number. */
export interface IntegrationCaseRow {
  submission_id: number;
  public_id: string;
  office_code: string;
  procedure_id: number;
  kind: Kind;
  status: State;
  received_at: Date;
  updated_at: Date;
  due_date: string;
  protocol_number: number | null;
  protocol_year: number | null;
  /** updated_at as PostgreSQL writes it (microseconds): the cursor of the next page */
  cursor_at: string;
}

export interface IntegrationCaseFilter {
  /** the offices and, where limited, the procedures the caller sees (queue.repository's inScope) */
  scope: RawBuilder<boolean>;
  procedureId?: number | undefined;
  status?: State | undefined;
  updatedSince?: Date | undefined;
  after?: { updatedAt: string; id: number } | undefined;
  limit: number;
}

/** Cases by last change, oldest first, a page at a time after (updated_at, id): the API's list. */
export async function casesChangedAfter(db: Db, f: IntegrationCaseFilter): Promise<IntegrationCaseRow[]> {
  let q = db
    .selectFrom('cases as c')
    .innerJoin('submissions as s', 's.id', 'c.submission_id')
    .select(['c.submission_id', 's.public_id', 'c.office_code', 'c.procedure_id', 'c.kind', 'c.status', 'c.received_at', 'c.updated_at', 'c.due_date', 's.protocol_number', 's.protocol_year', sql<string>`c.updated_at::text`.as('cursor_at')])
    .where(f.scope);
  if (f.procedureId !== undefined) q = q.where('c.procedure_id', '=', f.procedureId);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.updatedSince) q = q.where('c.updated_at', '>=', f.updatedSince);
  if (f.after) q = q.where(sql<boolean>`(c.updated_at, c.submission_id) > (${f.after.updatedAt}::timestamptz, ${f.after.id}::bigint)`);
  const rows = await q.orderBy('c.updated_at').orderBy('c.submission_id').limit(f.limit).execute();
  return rows.map((r) => ({ ...r, submission_id: Number(r.submission_id), procedure_id: Number(r.procedure_id) }));
}

/** An event of the log with what decides who may hear of it (the case's office and procedure). */
export interface ScopedEventRow extends CaseEventRow {
  public_id: string;
  office_code: string;
  procedure_id: number;
  case_kind: Kind;
  /** at as PostgreSQL writes it (microseconds): the reader's cursor */
  cursor_at: string;
}

/** Events from `since` on, in the order of their times, after (at, submission, seq): what the webhooks' job reads. */
export async function scopedEventsSince(db: Db, since: Date, after: { at: string; submissionId: number; seq: number } | null, limit: number): Promise<ScopedEventRow[]> {
  let q = db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.submission_id', 'e.submission_id')
    .innerJoin('submissions as s', 's.id', 'e.submission_id')
    .selectAll('e')
    .select(['s.public_id', 'c.office_code', 'c.procedure_id', 'c.kind as case_kind', sql<string>`e.at::text`.as('cursor_at')])
    .where('e.at', '>=', since);
  if (after) q = q.where(sql<boolean>`(e.at, e.submission_id, e.seq) > (${after.at}::timestamptz, ${after.submissionId}::bigint, ${after.seq}::integer)`);
  const rows = await q.orderBy('e.at').orderBy('e.submission_id').orderBy('e.seq').limit(limit).execute();
  return rows.map((r) => ({ ...r, submission_id: Number(r.submission_id), procedure_id: Number(r.procedure_id) }));
}

// ---------------------------------------------------------------- retention (src/privacy)

/** Closed cases of a procedure closed before `closedBefore` (decided, or last changed when withdrawn), after `afterId`. */
export async function closedCasesBefore(db: Db, procedureId: number, closedBefore: Date, afterId: number, limit: number): Promise<Array<{ submissionId: number; closedAt: Date }>> {
  const rows = await db
    .selectFrom('cases')
    .select(['submission_id', sql<Date>`coalesce(decided_at, updated_at)`.as('closed_at')])
    .where('procedure_id', '=', procedureId)
    .where('is_open', '=', false)
    .where(sql<boolean>`coalesce(decided_at, updated_at) < ${closedBefore}`)
    .where('submission_id', '>', afterId)
    .orderBy('submission_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ submissionId: Number(r.submission_id), closedAt: new Date(r.closed_at) }));
}

/** The applicant's names on the case go (the queue's search follows); the log and updated_at stay. */
export async function anonymiseCaseRow(trx: Db, submissionId: number): Promise<void> {
  await trx.updateTable('cases').set({ applicant_name: '', search_name: '', applicant_fiscal_code: '', company_fiscal_code: '' }).where('submission_id', '=', submissionId).execute();
}

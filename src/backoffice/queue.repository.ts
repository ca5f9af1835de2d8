// The read models of the clerks' lists: the queue (filter, keyset pages by deadline, the rows a
// page shows, the counts per status) and the statistics per office and procedure.
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PauseKind } from './legal-clock.ts';
import { caseTextMatches } from './search.repository.ts';
import type { State } from './workflow.ts';

type Db = Kysely<Database>;

export type QueueStatus = 'open' | 'all' | State;
export type QueueBand = 'overdue' | 'due-soon' | 'on-time' | 'paused';

export interface QueueFilter {
  /** The offices to list (already limited to the clerk's). */
  offices: readonly string[];
  /** Per office, the only procedures the clerk sees there (staff-access.ts limitsOf); an office not named: all. */
  limits?: ProcedureLimits | undefined;
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

export type ProcedureLimits = Readonly<Record<string, readonly number[]>>;
type CasesQuery = ReturnType<typeof casesOfOffice>;

/** The cases of an office, of the procedures the clerk sees there when limited to some. */
function casesOfOffice(db: Db, office: string, limits: ProcedureLimits = {}) {
  const q = db.selectFrom('cases').where('office_code', '=', office);
  const limit = limits[office];
  return limit && limit.length > 0 ? q.where('procedure_id', 'in', [...limit]) : q;
}

/**
 * Rows of any of the offices, each within the clerk's limit there: `office` and `procedure` are
 * the columns (or expressions) that say a row's office and procedure. Shared by the lists of
 * the back office (the queue, the statistics, the offices' payments).
 */
export function inScope(office: Expression<unknown>, procedure: Expression<unknown>, offices: readonly string[], limits: ProcedureLimits = {}): RawBuilder<boolean> {
  const free = offices.filter((o) => !limits[o]?.length);
  const parts = offices.filter((o) => limits[o]?.length).map((o) => sql`(${office} = ${o} and ${procedure} in (${sql.join([...limits[o]!])}))`);
  if (free.length > 0) parts.unshift(sql`${office} in (${sql.join(free)})`);
  return parts.length === 0 ? sql<boolean>`false` : sql<boolean>`(${sql.join(parts, sql` or `)})`;
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
    q = q.where(caseTextMatches(search.text));
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
    let q = applyFilter(casesOfOffice(db, office, f.limits), f).select(['submission_id', 'due_date']);
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
    let q = applyFilter(casesOfOffice(db, office, f.limits), f).select(['submission_id', 'due_date']);
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

/** The filings of these public ids that are cases of the offices, in the order given (others left out). */
export async function caseIdsOf(db: Db, offices: readonly string[], publicIds: readonly string[]): Promise<number[]> {
  if (offices.length === 0 || publicIds.length === 0) return [];
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('submissions as s', 's.id', 'c.submission_id')
    .select(['c.submission_id', 's.public_id'])
    .where('c.office_code', 'in', offices)
    .where('s.public_id', 'in', publicIds)
    .execute();
  const byPublic = new Map(rows.map((r) => [r.public_id, Number(r.submission_id)]));
  return publicIds.map((p) => byPublic.get(p)).filter((id): id is number => id !== undefined);
}

/** Cases per status over the same offices and filters (the status filter aside). */
export async function statusCounts(db: Db, f: QueueFilter): Promise<Map<string, number>> {
  if (f.offices.length === 0) return new Map();
  let q = db.selectFrom('cases').where(inScope(sql.ref('office_code'), sql.ref('procedure_id'), f.offices, f.limits)) as unknown as CasesQuery;
  q = applyFilter(q, f, false);
  const rows = await q.select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
  return new Map(rows.map((r) => [r.status, Number(r.count)]));
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
}

// The days from receipt to decision (Rome days) and "decided within the legal deadline": the
// statistics page and the public figures (src/feedback) read the same two measures.
const medianDecisionDays = sql<number | null>`percentile_cont(0.5) within group (order by ((c.decided_at at time zone 'Europe/Rome')::date - c.receipt_date)) filter (where c.decided_at is not null)`;
const decidedOnTime = sql<number>`count(*) filter (where c.decided_at is not null and (c.decided_at at time zone 'Europe/Rome')::date <= c.due_date)`;

/** Per office and procedure, over filings received in [from, to): the figures of the statistics page. */
export async function statistics(db: Db, offices: readonly string[], from: string, to: string, today: string, limits: ProcedureLimits = {}): Promise<StatisticsRow[]> {
  if (offices.length === 0) return [];
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('procedures as p', 'p.id', 'c.procedure_id')
    .select([
      'c.office_code',
      'c.procedure_id',
      'p.title_it',
      'p.title_en',
      sql<number>`count(*)`.as('received'),
      sql<number>`count(c.decided_at)`.as('decided'),
      medianDecisionDays.as('median_days'),
      decidedOnTime.as('within_deadline'),
      sql<number>`count(*) filter (where c.is_open and c.paused_since is null and c.due_date < ${today}::date)`.as('overdue_now'),
    ])
    .where(inScope(sql.ref('c.office_code'), sql.ref('c.procedure_id'), offices, limits))
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
  }));
}

export interface AreaFiguresRow {
  /** null: every area together */
  area: string | null;
  received: number;
  decided: number;
  median_days: number | null;
  within_deadline: number;
}

/** Per catalogue area and overall, over every office's filings received in [from, to): the public figures. */
export async function figuresByArea(db: Db, from: string, to: string): Promise<AreaFiguresRow[]> {
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('procedures as p', 'p.id', 'c.procedure_id')
    .select([
      sql<string | null>`p.area`.as('area'),
      sql<number>`count(*)`.as('received'),
      sql<number>`count(c.decided_at)`.as('decided'),
      medianDecisionDays.as('median_days'),
      decidedOnTime.as('within_deadline'),
    ])
    .where('c.received_at', '>=', sql<Date>`(${from}::date::timestamp at time zone 'Europe/Rome')`)
    .where('c.received_at', '<', sql<Date>`(${to}::date::timestamp at time zone 'Europe/Rome')`)
    .groupBy(sql`grouping sets ((p.area), ())`)
    .execute();
  return rows.map((r) => ({
    area: r.area,
    received: Number(r.received),
    decided: Number(r.decided),
    median_days: r.median_days === null ? null : Number(r.median_days),
    within_deadline: Number(r.within_deadline),
  }));
}

// ---------------------------------------------------------------- exports with the answers

export interface ExportCaseRow {
  submission_id: number;
  public_id: string;
  protocol_year: number | null;
  protocol_number: number | null;
  received_at: Date;
  status: State;
  office_code: string;
  applicant_name: string;
  applicant_fiscal_code: string;
  company_fiscal_code: string;
}

/** Cases of the procedure in the offices received in [from, to) (Rome days; either may be open), oldest first. */
export async function casesOfProcedure(db: Db, filter: { offices: readonly string[]; procedureId: number; from?: string | undefined; to?: string | undefined; since?: Date | undefined }): Promise<ExportCaseRow[]> {
  if (filter.offices.length === 0) return [];
  let q = db
    .selectFrom('cases as c')
    .innerJoin('submissions as s', 's.id', 'c.submission_id')
    .select(['c.submission_id', 's.public_id', 's.protocol_year', 's.protocol_number', 'c.received_at', 'c.status', 'c.office_code', 'c.applicant_name', 'c.applicant_fiscal_code', 'c.company_fiscal_code'])
    .where('c.office_code', 'in', filter.offices)
    .where('c.procedure_id', '=', filter.procedureId);
  if (filter.from) q = q.where('c.received_at', '>=', sql<Date>`(${filter.from}::date::timestamp at time zone 'Europe/Rome')`);
  if (filter.to) q = q.where('c.received_at', '<', sql<Date>`(${filter.to}::date::timestamp at time zone 'Europe/Rome')`);
  if (filter.since) q = q.where('c.received_at', '>=', filter.since);
  const rows = await q.orderBy('c.received_at').orderBy('s.protocol_year').orderBy('s.protocol_number').orderBy('c.submission_id').execute();
  return rows.map((r) => ({ ...r, submission_id: Number(r.submission_id) }));
}

// ---------------------------------------------------------------- workload

export interface WorkloadRow {
  office_code: string;
  /** null on the office's own line (every case of the office), and on the line of unassigned cases */
  assignee_fiscal_code: string | null;
  assignee_name: string | null;
  /** true on the office's total line */
  office_total: boolean;
  open: number;
  due_this_week: number;
  overdue: number;
  decided: number;
  average_days: number | null;
}

/**
 * The workload per office and per clerk (the assignee) in it: open cases, those due from today
 * to `weekEnd` and those overdue (the clock running), and over the cases decided in [from, to)
 * (Rome days) the average days from receipt to decision.
 */
export async function workload(db: Db, offices: readonly string[], period: { today: string; weekEnd: string; from: string; to: string }): Promise<WorkloadRow[]> {
  if (offices.length === 0) return [];
  const decidedIn = sql<boolean>`(c.decided_at >= (${period.from}::date::timestamp at time zone 'Europe/Rome') and c.decided_at < (${period.to}::date::timestamp at time zone 'Europe/Rome'))`;
  const result = await sql<WorkloadRow & { grouping: number }>`
    select c.office_code, c.assignee_fiscal_code,
           max(case when st.fiscal_code is null then null else st.given_name || ' ' || st.family_name end) as assignee_name,
           grouping(c.assignee_fiscal_code) as grouping,
           count(*) filter (where c.is_open) as open,
           count(*) filter (where c.is_open and c.paused_since is null and c.due_date >= ${period.today}::date and c.due_date <= ${period.weekEnd}::date) as due_this_week,
           count(*) filter (where c.is_open and c.paused_since is null and c.due_date < ${period.today}::date) as overdue,
           count(*) filter (where ${decidedIn}) as decided,
           (avg(((c.decided_at at time zone 'Europe/Rome')::date - c.receipt_date)) filter (where ${decidedIn}))::float8 as average_days
    from cases c left join staff st on st.fiscal_code = c.assignee_fiscal_code
    where c.office_code in (${sql.join(offices)}) and (c.is_open or ${decidedIn})
    group by grouping sets ((c.office_code), (c.office_code, c.assignee_fiscal_code))
    order by c.office_code, grouping(c.assignee_fiscal_code) desc, max(st.family_name) nulls last, c.assignee_fiscal_code nulls last`.execute(db);
  return result.rows.map((r) => ({
    office_code: r.office_code,
    assignee_fiscal_code: r.assignee_fiscal_code,
    assignee_name: r.assignee_name,
    office_total: Number(r.grouping) === 1,
    open: Number(r.open),
    due_this_week: Number(r.due_this_week),
    overdue: Number(r.overdue),
    decided: Number(r.decided),
    average_days: r.average_days === null ? null : Math.round(Number(r.average_days) * 10) / 10,
  }));
}

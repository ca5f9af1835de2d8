// The staff alerts' SQL (the tables of migrations/0025_staff_alerts.sql): the alerts of each
// person, their choices, the job's cursor in the case log and the events it already read.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AlertDelivery, AlertFacts, AlertKind, StaffAlertRow } from './staff-alerts.table.ts';

type Db = Kysely<Database>;

export interface NewAlert {
  recipient: string;
  kind: AlertKind;
  submissionId: number;
  dedupeKey: string;
  facts: AlertFacts;
  delivery: AlertDelivery;
  at: Date;
}

/** The alerts not there yet (by person and dedupe key); returns the ones written. */
export async function insertAlerts(db: Db, alerts: readonly NewAlert[]): Promise<Array<{ id: number; recipient_fiscal_code: string }>> {
  if (alerts.length === 0) return [];
  return db
    .insertInto('staff_alerts')
    .values(
      alerts.map((a) => ({
        recipient_fiscal_code: a.recipient,
        kind: a.kind,
        submission_id: a.submissionId,
        dedupe_key: a.dedupeKey,
        facts: JSON.stringify(a.facts),
        delivery: a.delivery,
        created_at: a.at,
      })),
    )
    .onConflict((oc) => oc.columns(['recipient_fiscal_code', 'dedupe_key']).doNothing())
    .returning(['id', 'recipient_fiscal_code'])
    .execute();
}

/** A person's alerts, unread first, then the newest. */
export async function listAlerts(db: Db, recipient: string, limit: number, offset: number): Promise<StaffAlertRow[]> {
  return db
    .selectFrom('staff_alerts')
    .selectAll()
    .where('recipient_fiscal_code', '=', recipient)
    .orderBy(sql`read_at is null`, 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countAlerts(db: Db, recipient: string): Promise<{ total: number; unread: number }> {
  const row = await db
    .selectFrom('staff_alerts')
    .select([sql<number>`count(*)::int`.as('total'), sql<number>`(count(*) filter (where read_at is null))::int`.as('unread')])
    .where('recipient_fiscal_code', '=', recipient)
    .executeTakeFirstOrThrow();
  return row;
}

/** The unread count of every back office page: the partial index answers it. */
export async function countUnread(db: Db, recipient: string): Promise<number> {
  const row = await db.selectFrom('staff_alerts').select(sql<number>`count(*)::int`.as('n')).where('recipient_fiscal_code', '=', recipient).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return row.n;
}

/** Marks the person's alert read (once); undefined when it is not theirs. */
export async function markRead(db: Db, recipient: string, id: number, at: Date): Promise<StaffAlertRow | undefined> {
  return db
    .updateTable('staff_alerts')
    .set({ read_at: sql<Date>`coalesce(read_at, ${at}::timestamptz)` })
    .where('id', '=', id)
    .where('recipient_fiscal_code', '=', recipient)
    .returningAll()
    .executeTakeFirst();
}

export async function markAllRead(db: Db, recipient: string, at: Date): Promise<number> {
  const result = await db.updateTable('staff_alerts').set({ read_at: at }).where('recipient_fiscal_code', '=', recipient).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---------------------------------------------------------------- the digest

/** The people with alerts waiting for a digest. */
export async function digestRecipients(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('staff_alerts').select('recipient_fiscal_code').distinct().where('delivery', '=', 'digest').where('digested_on', 'is', null).execute();
  return rows.map((r) => r.recipient_fiscal_code);
}

/** Whether the person's digest of `day` was made already. */
export async function digestMadeOn(db: Db, recipient: string, day: string): Promise<boolean> {
  const row = await db.selectFrom('staff_alerts').select('id').where('recipient_fiscal_code', '=', recipient).where('digested_on', '=', day).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes the person's alerts waiting for a digest into the digest of `day`. A run at the same
 * time waits for the row locks and then finds them taken.
 */
export async function claimForDigest(db: Db, recipient: string, day: string): Promise<StaffAlertRow[]> {
  const rows = await db
    .updateTable('staff_alerts')
    .set({ digested_on: day })
    .where('recipient_fiscal_code', '=', recipient)
    .where('delivery', '=', 'digest')
    .where('digested_on', 'is', null)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id - b.id);
}

// ---------------------------------------------------------------- preferences

export interface StoredPreferences {
  deliveries: Partial<Record<string, AlertDelivery>>;
  deadlineDays: number;
  locale: 'it' | 'en';
}

export async function preferencesOf(db: Db, fiscalCodes: readonly string[]): Promise<Map<string, StoredPreferences>> {
  if (fiscalCodes.length === 0) return new Map();
  const rows = await db.selectFrom('staff_alert_preferences').selectAll().where('fiscal_code', 'in', [...fiscalCodes]).execute();
  return new Map(rows.map((r) => [r.fiscal_code, { deliveries: r.deliveries, deadlineDays: r.deadline_days, locale: r.locale }]));
}

export async function savePreferences(db: Db, fiscalCode: string, values: StoredPreferences, at: Date): Promise<void> {
  const row = { deliveries: JSON.stringify(values.deliveries), deadline_days: values.deadlineDays, locale: values.locale, updated_at: at };
  await db
    .insertInto('staff_alert_preferences')
    .values({ fiscal_code: fiscalCode, ...row })
    .onConflict((oc) => oc.column('fiscal_code').doUpdateSet(row))
    .execute();
}

// ---------------------------------------------------------------- the job's place in the log

/** The cursor, locked until the caller's transaction ends (a second run waits here). */
export async function lockCursor(db: Db): Promise<Date> {
  const row = await db.selectFrom('staff_alert_cursor').select('read_until').where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  return row.read_until;
}

export async function moveCursor(db: Db, readUntil: Date): Promise<void> {
  await db.updateTable('staff_alert_cursor').set({ read_until: readUntil }).where('id', '=', 1).execute();
}

/** Which of these events were read already (as "submission:seq"). */
export async function seenEvents(db: Db, events: ReadonlyArray<{ submission_id: number; seq: number }>): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = await db
    .selectFrom('staff_alert_events')
    .select(['submission_id', 'seq'])
    .where(
      sql<boolean>`(submission_id, seq) in (${sql.join(events.map((e) => sql`(${Number(e.submission_id)}::bigint, ${e.seq}::integer)`))})`,
    )
    .execute();
  return new Set(rows.map((r) => `${Number(r.submission_id)}:${r.seq}`));
}

export async function markSeen(db: Db, events: ReadonlyArray<{ submission_id: number; seq: number; at: Date }>): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('staff_alert_events')
    .values(events.map((e) => ({ submission_id: Number(e.submission_id), seq: e.seq, at: e.at })))
    .onConflict((oc) => oc.columns(['submission_id', 'seq']).doNothing())
    .execute();
}

/** Forgets the events read before `before` (the job never reads that far back again). */
export async function pruneSeen(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('staff_alert_events').where('at', '<', before).execute();
}

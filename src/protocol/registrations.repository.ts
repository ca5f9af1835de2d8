// All the SQL of the external registry's queue (protocol_registrations, migration 0029): queueing
// registrations, claiming the rows due with a lease, recording failures and the first answer.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ProtocolRegistrationRow, RegistrationPayload } from './registrations.table.ts';

type Db = Kysely<Database>;

/** The last filing queued (receipt time as PostgreSQL writes it, and id): the cursor of the next queueing. */
export async function lastQueuedFiling(trx: Db): Promise<{ receivedAt: string; id: number } | null> {
  const row = await trx
    .selectFrom('protocol_registrations')
    .select([sql<string>`received_at::text`.as('received_at'), 'submission_id'])
    .where('direction', '=', 'entrata')
    .orderBy('received_at', 'desc')
    .orderBy('submission_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { receivedAt: row.received_at, id: Number(row.submission_id) } : null;
}

export async function queue(trx: Db, rows: ReadonlyArray<{ messageId: string; direction: 'entrata' | 'uscita'; submissionId: number; receivedAt: string | null; payload: RegistrationPayload }>, now: Date): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('protocol_registrations')
    .values(rows.map((r) => ({ message_id: r.messageId, direction: r.direction, submission_id: r.submissionId, received_at: r.receivedAt === null ? null : sql<Date>`${r.receivedAt}::timestamptz`, payload: JSON.stringify(r.payload), next_attempt_at: now, created_at: now })))
    // queued already (a registrar and a batch racing): the first row stands
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The rows due, claimed: their attempt counted and their next attempt pushed to `leaseUntil`,
 * so another process (or a later run) takes them only if this one never records an outcome.
 */
export async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ProtocolRegistrationRow[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('protocol_registrations')
      .select('id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('protocol_registrations')
      .set({ attempts: sql`attempts + 1`, next_attempt_at: leaseUntil })
      .where('id', 'in', due.map((d) => d.id))
      .returningAll()
      .execute();
  });
}

export async function recordFailure(db: Db, id: number, error: string, nextAttemptAt: Date): Promise<void> {
  await db.updateTable('protocol_registrations').set({ last_error: error.slice(0, 500), next_attempt_at: nextAttemptAt }).where('id', '=', id).where('state', '=', 'pending').execute();
}

/** The row, locked until the caller commits (one answer is recorded at a time). */
export async function lockRegistration(trx: Transaction<Database>, id: number): Promise<ProtocolRegistrationRow | undefined> {
  return trx.selectFrom('protocol_registrations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function recordAnswer(trx: Transaction<Database>, id: number, answer: { registerCode: string; number: string; year: number; date: string }, now: Date): Promise<void> {
  await trx
    .updateTable('protocol_registrations')
    .set({ state: 'registered', registry_code: answer.registerCode, registry_number: answer.number, registry_year: answer.year, registry_date: answer.date, registered_at: now, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** The queue as operations see it: the pending first, then the latest registered. */
export async function registrations(db: Db, limit = 100): Promise<ProtocolRegistrationRow[]> {
  return db.selectFrom('protocol_registrations').selectAll().orderBy(sql`state = 'pending'`, 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function incomingRegistrationOf(db: Db, submissionId: number): Promise<ProtocolRegistrationRow | undefined> {
  return db.selectFrom('protocol_registrations').selectAll().where('submission_id', '=', submissionId).where('direction', '=', 'entrata').executeTakeFirst();
}

// All the SQL of payments: positions, attempts, notifications and transitions. Functions take
// a Kysely instance or a transaction first; services decide the transactions.
import { sql, type Kysely, type Updateable } from 'kysely';
import { appendToChain, chainHash, type LinkRow } from '../platform/hash-chain.ts';
import type { Database } from '../db/schema.ts';
import type {
  AttemptRow,
  AttemptStatus,
  NewPosition,
  PaymentPositionsTable,
  PositionRow,
  TransitionRow,
  TransitionSource,
} from './payments.table.ts';

type Db = Kysely<Database>;

/** The next base for a notice number: a sequence value, never handed out twice. */
export async function nextNoticeBase(db: Db): Promise<bigint> {
  const { rows } = await sql<{ base: string }>`select nextval('payment_notice_base_seq')::text as base`.execute(db);
  return BigInt(rows[0]!.base);
}

export async function insertPosition(db: Db, values: NewPosition): Promise<PositionRow> {
  return db.insertInto('payment_positions').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findPosition(db: Db, id: number): Promise<PositionRow | undefined> {
  return db.selectFrom('payment_positions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPositionByNotice(db: Db, noticeNumber: string, creditorFiscalCode: string): Promise<PositionRow | undefined> {
  return db
    .selectFrom('payment_positions')
    .selectAll()
    .where('notice_number', '=', noticeNumber)
    .where('creditor_fiscal_code', '=', creditorFiscalCode)
    .executeTakeFirst();
}

/** The position, locked until the transaction ends: its status changes one at a time. */
export async function lockPosition(db: Db, id: number): Promise<PositionRow | undefined> {
  return db.selectFrom('payment_positions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** `now` is the time of the change (updated_at). */
export async function updatePosition(db: Db, id: number, patch: Updateable<PaymentPositionsTable>, now: Date): Promise<void> {
  await db
    .updateTable('payment_positions')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Positions the person owes or owed: as debtor, or as the applicant who filed. */
export async function listPositionsForPerson(db: Db, fiscalCode: string): Promise<PositionRow[]> {
  return db
    .selectFrom('payment_positions')
    .selectAll()
    .where((eb) => eb.or([eb('owner_fiscal_code', '=', fiscalCode), eb('debtor_fiscal_code', '=', fiscalCode)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

export async function positionsOfSubmissions(db: Db, submissionIds: readonly number[]): Promise<PositionRow[]> {
  if (submissionIds.length === 0) return [];
  return db.selectFrom('payment_positions').selectAll().where('submission_id', 'in', submissionIds).orderBy('id').execute();
}

/**
 * Claims up to `limit` pending positions due at `asOf`, published or not, so that two processes
 * do not handle the same one at once (the claim is a short lease on next_check_at, from `asOf`).
 */
async function claimPendingPositions(db: Db, published: boolean, limit: number, leaseSeconds: number, asOf: Date): Promise<PositionRow[]> {
  const rows = await db
    .updateTable('payment_positions')
    .set({ next_check_at: new Date(asOf.getTime() + leaseSeconds * 1000), updated_at: asOf })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('payment_positions')
        .select('id')
        .where('status', '=', 'pending')
        .where('publish_state', published ? '=' : '<>', 'published')
        .where('next_check_at', '<=', asOf)
        .orderBy('next_check_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  // oldest first (an UPDATE returns its rows in no particular order)
  return rows.sort((a, b) => a.id - b.id);
}

/** Positions not yet registered with the provider. */
export function claimPositionsToPublish(db: Db, limit: number, leaseSeconds: number, asOf: Date): Promise<PositionRow[]> {
  return claimPendingPositions(db, false, limit, leaseSeconds, asOf);
}

/** Published pending positions due for a check with the provider. */
export function claimPositionsToCheck(db: Db, limit: number, leaseSeconds: number, asOf: Date): Promise<PositionRow[]> {
  return claimPendingPositions(db, true, limit, leaseSeconds, asOf);
}

export async function insertAttempt(db: Db, values: { position_id: number; provider: string; provider_ref: string; redirect_url: string }): Promise<AttemptRow> {
  return db.insertInto('payment_attempts').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findAttemptByRef(db: Db, provider: string, ref: string): Promise<AttemptRow | undefined> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_ref', '=', ref)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function latestAttempt(db: Db, positionId: number): Promise<AttemptRow | undefined> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('position_id', '=', positionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function pendingAttempts(db: Db, positionId: number): Promise<AttemptRow[]> {
  return db.selectFrom('payment_attempts').selectAll().where('position_id', '=', positionId).where('status', '=', 'pending').execute();
}

/** The attempt's status, locked until the transaction ends. */
export async function lockAttemptStatus(db: Db, id: number): Promise<AttemptStatus | undefined> {
  const row = await db.selectFrom('payment_attempts').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
  return row?.status;
}

export async function setAttemptStatus(db: Db, id: number, status: AttemptStatus, now: Date): Promise<void> {
  await db.updateTable('payment_attempts').set({ status, updated_at: now }).where('id', '=', id).execute();
}

/** Records a notification; undefined when its event id was seen before (a replay). */
export async function insertNotification(
  db: Db,
  values: { provider: string; event_id: string; position_id: number; reported_status: string; outcome: 'applied' | 'ignored'; payload: unknown },
): Promise<number | undefined> {
  const row = await db
    .insertInto('payment_notifications')
    .values({ ...values, payload: JSON.stringify(values.payload) })
    .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function setNotificationOutcome(db: Db, id: number, outcome: 'applied' | 'ignored'): Promise<void> {
  await db.updateTable('payment_notifications').set({ outcome }).where('id', '=', id).execute();
}

export async function countNotifications(db: Db, positionId: number): Promise<number> {
  const row = await db
    .selectFrom('payment_notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('position_id', '=', positionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a status change's hash covers. */
export function transitionContent(t: Pick<TransitionRow, 'id' | 'position_id' | 'attempt_id' | 'from_status' | 'to_status' | 'source' | 'notification_id' | 'created_at'>) {
  return {
    id: Number(t.id),
    positionId: Number(t.position_id),
    attemptId: t.attempt_id === null ? null : Number(t.attempt_id),
    from: t.from_status,
    to: t.to_status,
    source: t.source,
    notificationId: t.notification_id === null ? null : Number(t.notification_id),
    at: new Date(t.created_at).toISOString(),
  };
}

/** Appends a status change to the payments' hash chain (platform/hash-chain.ts), in the caller's transaction. */
export async function insertTransition(
  db: Db,
  values: { position_id: number; attempt_id: number | null; from_status: string; to_status: string; source: TransitionSource; notification_id: number | null },
): Promise<void> {
  await appendToChain(db, 'payment_transitions', async (trx, prev) => {
    // id and time taken under the head's lock: id order is chain order
    const taken = await sql<{ id: string; at: Date }>`select nextval(pg_get_serial_sequence('payment_transitions', 'id'))::text as id, now() as at`.execute(trx);
    const row = { ...values, id: Number(taken.rows[0]!.id), created_at: new Date(taken.rows[0]!.at) };
    const hash = chainHash(prev, transitionContent(row));
    await sql`insert into payment_transitions (id, position_id, attempt_id, from_status, to_status, source, notification_id, created_at, prev_hash, hash)
      overriding system value
      values (${row.id}, ${row.position_id}, ${row.attempt_id}, ${row.from_status}, ${row.to_status}, ${row.source}, ${row.notification_id}, ${row.created_at}, ${prev}, ${hash})`.execute(trx);
    return { hash, value: undefined };
  });
}

/** The chain's entries after `afterId`, in chain order, as the verify command reads them. */
export async function transitionLinksAfter(db: Db, afterId: number, limit: number): Promise<LinkRow[]> {
  const rows = await db.selectFrom('payment_transitions').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((t) => ({ id: Number(t.id), prevHash: t.prev_hash, hash: t.hash, content: transitionContent(t) }));
}

export async function listTransitions(db: Db, positionId: number): Promise<TransitionRow[]> {
  return db.selectFrom('payment_transitions').selectAll().where('position_id', '=', positionId).orderBy('id').execute();
}

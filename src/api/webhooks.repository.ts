// The SQL of webhook subscriptions, their deliveries and the webhook job's place in the case log
// (tables webhook_subscriptions, webhook_deliveries, webhook_cursor).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from './api.table.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

const sub = (r: WebhookSubscriptionRow): WebhookSubscriptionRow => ({ ...r, id: Number(r.id), client_id: Number(r.client_id) });
const delivery = (r: WebhookDeliveryRow): WebhookDeliveryRow => ({ ...r, id: Number(r.id), subscription_id: Number(r.subscription_id), submission_id: Number(r.submission_id) });

export async function insertSubscription(db: Db, s: { clientId: number; url: string; eventTypes: readonly string[]; secret: string; at: Date; by: string }): Promise<number> {
  const row = await db
    .insertInto('webhook_subscriptions')
    .values({ client_id: s.clientId, url: s.url, event_types: JSON.stringify(s.eventTypes), secret: s.secret, created_at: s.at, created_by: s.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function subscriptionsOf(db: Db, clientId: number): Promise<WebhookSubscriptionRow[]> {
  return (await db.selectFrom('webhook_subscriptions').selectAll().where('client_id', '=', clientId).orderBy('id').execute()).map(sub);
}

export async function setSubscriptionActive(db: Db, clientId: number, id: number, active: boolean): Promise<boolean> {
  const result = await db.updateTable('webhook_subscriptions').set({ active }).where('id', '=', id).where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findSubscription(db: Db, clientId: number, id: number): Promise<WebhookSubscriptionRow | undefined> {
  const row = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).where('client_id', '=', clientId).executeTakeFirst();
  return row && sub(row);
}

/** New URL and event types, or a new signing secret; false: not a subscription of the client. */
export async function changeSubscription(db: Db, clientId: number, id: number, changes: { url: string; eventTypes: readonly string[] } | { secret: string }): Promise<boolean> {
  const set = 'secret' in changes ? { secret: changes.secret } : { url: changes.url, event_types: JSON.stringify(changes.eventTypes) };
  const result = await db.updateTable('webhook_subscriptions').set(set).where('id', '=', id).where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The subscription goes, and its deliveries with it (on delete cascade). */
export async function deleteSubscription(db: Db, clientId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The active subscriptions of enabled clients, with their client's scope. */
export async function activeSubscriptions(db: Db) {
  const rows = await db
    .selectFrom('webhook_subscriptions as w')
    .innerJoin('api_clients as c', 'c.id', 'w.client_id')
    .selectAll('w')
    .select(['c.offices', 'c.procedure_ids', 'c.scopes'])
    .where('w.active', '=', true)
    .where('c.disabled_at', 'is', null)
    .execute();
  return rows.map((r) => ({ ...sub(r), offices: r.offices, procedureIds: r.procedure_ids.map(Number), scopes: r.scopes }));
}

/** A delivery to make; nothing when the subscription has it already (the reader rereads a window). */
export async function insertDelivery(db: Db, d: { messageId: string; subscriptionId: number; submissionId: number; seq: number; type: string; body: string; at: Date }): Promise<boolean> {
  const result = await db
    .insertInto('webhook_deliveries')
    .values({ message_id: d.messageId, subscription_id: d.subscriptionId, submission_id: d.submissionId, event_seq: d.seq, event_type: d.type, body: d.body, status: 'pending', next_attempt_at: d.at, created_at: d.at })
    .onConflict((oc) => oc.columns(['subscription_id', 'submission_id', 'event_seq']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Claims due deliveries: their next attempt is moved `leaseMs` ahead so that a run that stops
 * half way leaves them to be retried, not lost, and a second run at the same time skips them.
 */
export async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number, onlyId?: number): Promise<Array<WebhookDeliveryRow & { url: string; secret: string }>> {
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', now);
    if (onlyId !== undefined) q = q.where('id', '=', onlyId);
    const ids = (await q.orderBy('next_attempt_at').limit(limit).forUpdate().skipLocked().execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    await trx.updateTable('webhook_deliveries').set({ next_attempt_at: leaseUntil }).where('id', 'in', ids).execute();
    const rows = await trx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_subscriptions as w', 'w.id', 'd.subscription_id')
      .selectAll('d')
      .select(['w.url', 'w.secret'])
      .where('d.id', 'in', ids)
      .orderBy('d.id')
      .execute();
    return rows.map((r) => ({ ...delivery(r), url: r.url, secret: r.secret }));
  });
}

export async function recordAttempt(
  db: Db,
  id: number,
  outcome: { at: Date; status: number | null; error: string | null; delivered: boolean; nextAttemptAt: Date | null; failed: boolean },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_attempt_at: outcome.at,
      last_status: outcome.status,
      last_error: outcome.error,
      status: outcome.delivered ? 'delivered' : outcome.failed ? 'failed' : 'pending',
      delivered_at: outcome.delivered ? outcome.at : null,
      next_attempt_at: outcome.delivered || outcome.failed ? null : outcome.nextAttemptAt,
    }))
    .where('id', '=', id)
    .execute();
}

/** An administrator's replay: the delivery is due again now (the attempts so far are kept). */
export async function markForReplay(db: Db, clientId: number, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now })
    .where('id', '=', id)
    .where('subscription_id', 'in', (eb) => eb.selectFrom('webhook_subscriptions').select('id').where('client_id', '=', clientId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deliveriesOf(db: Db, clientId: number, limit: number, beforeId?: number): Promise<Array<WebhookDeliveryRow & { url: string }>> {
  let q = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as w', 'w.id', 'd.subscription_id')
    .selectAll('d')
    .select('w.url')
    .where('w.client_id', '=', clientId);
  if (beforeId !== undefined) q = q.where('d.id', '<', beforeId);
  const rows = await q.orderBy('d.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...delivery(r), url: r.url }));
}

export async function findDelivery(db: Db, clientId: number, id: number): Promise<(WebhookDeliveryRow & { url: string }) | undefined> {
  const row = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as w', 'w.id', 'd.subscription_id')
    .selectAll('d')
    .select('w.url')
    .where('w.client_id', '=', clientId)
    .where('d.id', '=', id)
    .executeTakeFirst();
  return row && { ...delivery(row), url: row.url };
}

// ---------------------------------------------------------------- the job's cursor

/** The cursor, locked for the run (a second run waits, then finds nothing new); created at `now` the first time. */
export async function lockCursor(trx: Trx, now: Date): Promise<Date> {
  await trx.insertInto('webhook_cursor').values({ id: true, read_until: now }).onConflict((oc) => oc.column('id').doNothing()).execute();
  const row = await trx.selectFrom('webhook_cursor').select('read_until').where('id', '=', true).forUpdate().executeTakeFirstOrThrow();
  return row.read_until;
}

export async function moveCursor(trx: Trx, to: Date): Promise<void> {
  await trx.updateTable('webhook_cursor').set({ read_until: sql<Date>`greatest(read_until, ${to}::timestamptz)` }).where('id', '=', true).execute();
}

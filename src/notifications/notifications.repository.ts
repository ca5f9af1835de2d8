// All the SQL of the notifications domain. Every function takes a Kysely instance or a
// transaction first, so that callers decide the transaction: other domains enqueue inside
// theirs, the worker claims with one statement and records each outcome with another. What is
// written inside another domain's transaction (enqueue, cancel, the login's contact) takes the
// database's time; everything else takes `now` from the caller's clock.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ContactRow, DeliveryChannel, DeliveryStatus } from './notifications.table.ts';

type Db = Kysely<Database>;

// ---------------------------------------------------------------------------------------------
// Notifications, deliveries and inbox rows (written at enqueue time)

export interface NewNotification {
  kind: string;
  recipientFiscalCode: string;
  locale: 'it' | 'en';
  data: Record<string, unknown>;
  dedupeKey: string;
  deliverAfter: Date | null;
}

/** Inserts the notification unless its dedupe key exists; returns the new id or undefined. */
export async function insertNotification(db: Db, n: NewNotification): Promise<number | undefined> {
  const [row] = await insertNotifications(db, [n]);
  return row?.id;
}

/** Inserts the notifications whose dedupe key is new, in one statement; returns those inserted. */
export async function insertNotifications(db: Db, rows: readonly NewNotification[]): Promise<Array<{ id: number; dedupe_key: string }>> {
  if (rows.length === 0) return [];
  return db
    .insertInto('notifications')
    .values(
      rows.map((n) => ({
        kind: n.kind,
        recipient_fiscal_code: n.recipientFiscalCode,
        locale: n.locale,
        data: JSON.stringify(n.data),
        dedupe_key: n.dedupeKey,
        deliver_after: n.deliverAfter ?? sql<Date>`now()`,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning(['id', 'dedupe_key'])
    .execute();
}

/**
 * Notifications with their deliveries and inbox messages in one statement, however many (the
 * protocol registrar's "received" messages of a batch). Those whose dedupe key is already there
 * are left out, with their channels; returns how many were written.
 */
export async function insertNotificationsWithChannels(
  db: Db,
  rows: ReadonlyArray<NewNotification & { channels: readonly DeliveryChannel[]; inbox: boolean }>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const input = JSON.stringify(
    rows.map((n) => ({
      kind: n.kind,
      recipient: n.recipientFiscalCode,
      locale: n.locale,
      data: n.data,
      dedupe_key: n.dedupeKey,
      deliver_after: n.deliverAfter?.toISOString() ?? null,
      channels: n.channels,
      inbox: n.inbox,
    })),
  );
  const result = await sql<{ n: number }>`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb)
        as t(kind text, recipient text, locale text, data jsonb, dedupe_key text, deliver_after timestamptz, channels text[], inbox boolean)
    ), written as (
      insert into notifications (kind, recipient_fiscal_code, locale, data, dedupe_key, deliver_after)
      select kind, recipient, locale, data, dedupe_key, coalesce(deliver_after, now()) from input
      on conflict (dedupe_key) do nothing
      returning id, dedupe_key, recipient_fiscal_code, deliver_after
    ), deliveries as (
      insert into notification_deliveries (notification_id, channel, next_attempt_at, updated_at)
      select w.id, c.channel, w.deliver_after, now()
      from written w join input i using (dedupe_key) cross join lateral unnest(i.channels) as c(channel)
    ), inbox as (
      insert into inbox_messages (notification_id, recipient_fiscal_code, visible_at)
      select w.id, w.recipient_fiscal_code, w.deliver_after from written w join input i using (dedupe_key) where i.inbox
      on conflict do nothing
    )
    select count(*)::integer as n from written`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export async function findNotificationByDedupeKey(db: Db, dedupeKey: string) {
  return db.selectFrom('notifications').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

export async function insertDeliveries(db: Db, rows: ReadonlyArray<{ notificationId: number; channel: DeliveryChannel; deliverAfter: Date | null }>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('notification_deliveries')
    .values(rows.map((r) => ({ notification_id: r.notificationId, channel: r.channel, next_attempt_at: r.deliverAfter ?? sql<Date>`now()`, updated_at: sql<Date>`now()` })))
    .execute();
}

/** The inbox message of each notification, visible from its delivery time. */
export async function insertInboxMessages(db: Db, notificationIds: readonly number[]): Promise<void> {
  if (notificationIds.length === 0) return;
  await db
    .insertInto('inbox_messages')
    .columns(['notification_id', 'recipient_fiscal_code', 'visible_at'])
    .expression((eb) => eb.selectFrom('notifications').select(['id', 'recipient_fiscal_code', 'deliver_after']).where('id', 'in', notificationIds))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Withdraws a notification not yet sent (a reminder that stopped mattering). */
export async function cancelNotification(db: Db, dedupeKey: string): Promise<boolean> {
  const cancelled = await db
    .updateTable('notifications')
    .set({ cancelled_at: sql`now()` })
    .where('dedupe_key', '=', dedupeKey)
    .where('cancelled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!cancelled) return false;
  await db
    .updateTable('notification_deliveries')
    .set({ status: 'cancelled', updated_at: sql`now()` })
    .where('notification_id', '=', cancelled.id)
    .where('status', 'in', ['pending', 'failed'])
    .execute();
  // an inbox message already shown stays: the person has seen it
  await db.deleteFrom('inbox_messages').where('notification_id', '=', cancelled.id).where('visible_at', '>', sql<Date>`now()`).execute();
  return true;
}

// ---------------------------------------------------------------------------------------------
// The worker's side of the outbox

export interface ClaimedDelivery {
  id: number;
  notificationId: number;
  channel: DeliveryChannel;
  attempts: number;
  kind: string;
  recipientFiscalCode: string;
  locale: 'it' | 'en';
  data: Record<string, unknown>;
}

/**
 * Claims up to `limit` due deliveries for this worker in one statement. FOR UPDATE SKIP LOCKED
 * lets concurrent workers pass over each other's rows instead of waiting or taking them twice;
 * the row leaves the due set (status 'sending') in the same statement. A row whose lease ran
 * out (its worker died mid-send) is due again.
 */
export async function claimDeliveries(db: Db, options: { workerId: string; limit: number; leaseMs: number; now: Date }): Promise<ClaimedDelivery[]> {
  const now = options.now;
  const lockedUntil = new Date(now.getTime() + options.leaseMs);
  const result = await sql<{
    id: number;
    notification_id: number;
    channel: DeliveryChannel;
    attempts: number;
    kind: string;
    recipient_fiscal_code: string;
    locale: 'it' | 'en';
    data: Record<string, unknown>;
  }>`
    with due as (
      select id from notification_deliveries
      where (status in ('pending', 'failed') and next_attempt_at <= ${now})
         or (status = 'sending' and locked_until < ${now})
      order by next_attempt_at, id
      limit ${options.limit}
      for update skip locked
    ), claimed as (
      update notification_deliveries d
      set status = 'sending',
          locked_by = ${options.workerId},
          locked_until = ${lockedUntil},
          attempts = d.attempts + 1,
          last_attempt_at = ${now},
          updated_at = ${now}
      from due
      where d.id = due.id
      returning d.id, d.notification_id, d.channel, d.attempts
    )
    select c.id, c.notification_id, c.channel, c.attempts, n.kind, n.recipient_fiscal_code, n.locale, n.data
    from claimed c join notifications n on n.id = c.notification_id
    order by c.id`.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    notificationId: r.notification_id,
    channel: r.channel,
    attempts: r.attempts,
    kind: r.kind,
    recipientFiscalCode: r.recipient_fiscal_code,
    locale: r.locale,
    data: r.data,
  }));
}

/** The outcome of a claimed delivery; only the worker holding the lease may record it. */
export async function finishDelivery(
  db: Db,
  id: number,
  workerId: string,
  outcome:
    | { status: 'sent'; externalId: string | null }
    | { status: 'skipped'; reason: string }
    | { status: 'failed'; error: string; retryInMs: number }
    | { status: 'dead'; error: string },
  now: Date,
): Promise<boolean> {
  const base = { locked_by: null, locked_until: null, updated_at: now };
  const values =
    outcome.status === 'sent'
      ? { ...base, status: 'sent' as const, external_id: outcome.externalId, sent_at: now }
      : outcome.status === 'skipped'
        ? { ...base, status: 'skipped' as const, last_error: outcome.reason }
        : outcome.status === 'failed'
          ? { ...base, status: 'failed' as const, last_error: outcome.error, next_attempt_at: new Date(now.getTime() + outcome.retryInMs) }
          : { ...base, status: 'dead' as const, last_error: outcome.error };
  const result = await db
    .updateTable('notification_deliveries')
    .set(values)
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// Administration of the outbox

export async function countDeliveriesByStatus(db: Db): Promise<Record<DeliveryStatus, number>> {
  const rows = await db
    .selectFrom('notification_deliveries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, failed: 0, sent: 0, skipped: 0, dead: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export async function listDeliveries(db: Db, options: { status: DeliveryStatus; limit: number; offset: number }) {
  return db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select([
      'd.id',
      'd.notification_id',
      'd.channel',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_attempt_at',
      'd.last_error',
      'd.external_id',
      'd.sent_at',
      'd.created_at',
      'd.updated_at',
      'n.kind',
      'n.recipient_fiscal_code',
      'n.dedupe_key',
    ])
    .where('d.status', '=', options.status)
    .orderBy('d.updated_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export async function getDelivery(db: Db, id: number) {
  return db.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An administrator's retry: due now, with a fresh set of attempts. */
export async function retryDelivery(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('notification_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'dead', 'pending'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// Contacts (preferences)

export async function getContact(db: Db, fiscalCode: string): Promise<ContactRow | undefined> {
  return db.selectFrom('notification_contacts').selectAll().where('fiscal_code', '=', fiscalCode).executeTakeFirst();
}

/**
 * The identity's e-mail at login: stored and taken as confirmed (the identity provider vouches
 * for it) unless the person chose another address themselves, which login never overwrites.
 */
export async function upsertIdentityEmail(db: Db, fiscalCode: string, email: string | null): Promise<void> {
  await db
    .insertInto('notification_contacts')
    .values({ fiscal_code: fiscalCode, email, email_source: 'identity', email_confirmed_at: email ? sql<Date>`now()` : null })
    .onConflict((oc) =>
      oc.column('fiscal_code').doUpdateSet({
        email: sql`case when notification_contacts.email_source = 'identity' and excluded.email is not null then excluded.email else notification_contacts.email end`,
        email_confirmed_at: sql`case when notification_contacts.email_source = 'identity' and excluded.email is not null
          then case when notification_contacts.email = excluded.email and notification_contacts.email_confirmed_at is not null
            then notification_contacts.email_confirmed_at else now() end
          else notification_contacts.email_confirmed_at end`,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export async function ensureContact(db: Db, fiscalCode: string, now: Date): Promise<void> {
  await db.insertInto('notification_contacts').values({ fiscal_code: fiscalCode, updated_at: now }).onConflict((oc) => oc.column('fiscal_code').doNothing()).execute();
}

export async function setPendingEmail(db: Db, fiscalCode: string, pending: { email: string; tokenHash: string; expiresAt: Date }, now: Date): Promise<void> {
  await ensureContact(db, fiscalCode, now);
  await db
    .updateTable('notification_contacts')
    .set({
      pending_email: pending.email,
      pending_token_hash: pending.tokenHash,
      pending_expires_at: pending.expiresAt,
      updated_at: now,
    })
    .where('fiscal_code', '=', fiscalCode)
    .execute();
}

/** The pending address whose token matches and has not expired, if any. */
export async function findPendingEmail(db: Db, fiscalCode: string, tokenHash: string, now: Date): Promise<string | undefined> {
  const row = await db
    .selectFrom('notification_contacts')
    .select('pending_email')
    .where('fiscal_code', '=', fiscalCode)
    .where('pending_token_hash', '=', tokenHash)
    .where('pending_expires_at', '>', now)
    .executeTakeFirst();
  return row?.pending_email ?? undefined;
}

export async function confirmPendingEmail(db: Db, fiscalCode: string, tokenHash: string, now: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('notification_contacts')
    .set({
      email: sql`pending_email`,
      email_source: 'person',
      email_confirmed_at: now,
      pending_email: null,
      pending_token_hash: null,
      pending_expires_at: null,
      updated_at: now,
    })
    .where('fiscal_code', '=', fiscalCode)
    .where('pending_token_hash', '=', tokenHash)
    .where('pending_expires_at', '>', now)
    .returning('email')
    .executeTakeFirst();
  return row?.email ?? undefined;
}

export async function setIoEnabled(db: Db, fiscalCode: string, enabled: boolean, now: Date): Promise<void> {
  await ensureContact(db, fiscalCode, now);
  await db.updateTable('notification_contacts').set({ io_enabled: enabled, updated_at: now }).where('fiscal_code', '=', fiscalCode).execute();
}

// ---------------------------------------------------------------------------------------------
// The inbox

/** The person's inbox messages visible at `now` (not cancelled), with what a page shows of each. */
function visibleInbox(db: Db, fiscalCode: string, now: Date) {
  return db
    .selectFrom('inbox_messages as m')
    .innerJoin('notifications as n', 'n.id', 'm.notification_id')
    .select(['m.notification_id as id', 'm.visible_at', 'm.read_at', 'n.kind', 'n.locale', 'n.data'])
    .where('m.recipient_fiscal_code', '=', fiscalCode)
    .where('m.visible_at', '<=', now)
    .where('n.cancelled_at', 'is', null);
}

/** The messages visible at `options.now`, newest first. */
export async function listInbox(db: Db, fiscalCode: string, options: { limit: number; offset: number; now: Date }) {
  return visibleInbox(db, fiscalCode, options.now)
    .orderBy('m.visible_at', 'desc')
    .orderBy('m.notification_id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export async function countInbox(db: Db, fiscalCode: string, now: Date): Promise<{ total: number; unread: number }> {
  const row = await db
    .selectFrom('inbox_messages as m')
    .innerJoin('notifications as n', 'n.id', 'm.notification_id')
    .select((eb) => [eb.fn.countAll<number>().as('total'), sql<number>`count(*) filter (where m.read_at is null)`.as('unread')])
    .where('m.recipient_fiscal_code', '=', fiscalCode)
    .where('m.visible_at', '<=', now)
    .where('n.cancelled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), unread: Number(row.unread) };
}

export async function countUnread(db: Db, fiscalCode: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('inbox_messages as m')
    .innerJoin('notifications as n', 'n.id', 'm.notification_id')
    .select((eb) => eb.fn.countAll<number>().as('unread'))
    .where('m.recipient_fiscal_code', '=', fiscalCode)
    .where('m.read_at', 'is', null)
    .where('m.visible_at', '<=', now)
    .where('n.cancelled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

export async function getInboxMessage(db: Db, fiscalCode: string, id: number, now: Date) {
  return visibleInbox(db, fiscalCode, now).where('m.notification_id', '=', id).executeTakeFirst();
}

export async function markInboxRead(db: Db, fiscalCode: string, id: number, now: Date): Promise<void> {
  await db
    .updateTable('inbox_messages')
    .set({ read_at: now })
    .where('recipient_fiscal_code', '=', fiscalCode)
    .where('notification_id', '=', id)
    .where('read_at', 'is', null)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// A person's data (their export and the deletion of their optional contacts, src/personal-data)

/** The notifications addressed to the person, oldest first, each with its deliveries' channel and status. */
export async function notificationsOf(db: Db, fiscalCode: string) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('notification_deliveries as d', 'd.notification_id', 'n.id')
    .select(['n.id', 'n.kind', 'n.locale', 'n.created_at', 'n.deliver_after', 'n.cancelled_at', 'd.channel', 'd.status', 'd.attempts', 'd.sent_at'])
    .where('n.recipient_fiscal_code', '=', fiscalCode)
    .orderBy('n.id')
    .orderBy('d.id')
    .execute();
}

/** Every inbox message of the person visible at `now`, read or not, oldest first. */
export async function wholeInbox(db: Db, fiscalCode: string, now: Date) {
  return visibleInbox(db, fiscalCode, now).orderBy('m.visible_at').orderBy('m.notification_id').execute();
}

/**
 * Forgets the person's optional contacts: no e-mail (kept as their own choice, so that the next
 * login does not store the identity's address again), no pending change, App IO off. What is
 * left is the in-portal inbox, which needs no contact.
 */
export async function forgetContacts(db: Db, fiscalCode: string, now: Date): Promise<void> {
  await ensureContact(db, fiscalCode, now);
  await db
    .updateTable('notification_contacts')
    .set({ email: null, email_source: 'person', email_confirmed_at: null, pending_email: null, pending_token_hash: null, pending_expires_at: null, io_enabled: false, updated_at: now })
    .where('fiscal_code', '=', fiscalCode)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// retention (src/privacy): the notifications about one filing, with their deliveries and inbox rows

/** The notifications whose key names the filing (`submission:<id>:…`, `case:<id>:…`) go; returns how many. */
export async function deleteFilingNotifications(db: Db, submissionId: number): Promise<number> {
  const rows = await db.selectFrom('notifications').select('id')
    .where((eb) => eb.or([eb('dedupe_key', 'like', `submission:${submissionId}:%`), eb('dedupe_key', 'like', `case:${submissionId}:%`)])).execute();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return 0;
  await db.deleteFrom('inbox_messages').where('notification_id', 'in', ids).execute();
  await db.deleteFrom('notification_deliveries').where('notification_id', 'in', ids).execute();
  await db.deleteFrom('notifications').where('id', 'in', ids).execute();
  return ids.length;
}

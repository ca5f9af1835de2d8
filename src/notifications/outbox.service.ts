// The outbox: how other domains say "tell the person". enqueueNotification runs INSIDE the
// caller's transaction and writes the notification, its deliveries (e-mail, App IO) and its
// inbox message there, so a change that rolls back sends nothing and a change that commits is
// never without its message. Delivery happens later, in the worker (worker.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import type { Database } from '../db/schema.ts';
import { isLocale, type Locale } from '../platform/i18n.ts';
import { channelsOf, isNotificationKind, kindSchemas, type KindData, type NotificationKind, type PublicNotificationKind } from './kinds.ts';
import * as repo from './notifications.repository.ts';
import type { DeliveryChannel, DeliveryStatus } from './notifications.table.ts';

const FISCAL_CODE = /^[A-Z0-9]{11,16}$/;

export interface EnqueueInput<K extends NotificationKind = PublicNotificationKind> {
  kind: K;
  /** codice fiscale of the person (or partita IVA of a business), any case */
  recipientFiscalCode: string;
  /** the language to write in: usually the locale the submission was filed in */
  locale: Locale;
  data: KindData<K>;
  /**
   * Identifies the event: a second enqueue with the same key (a retried request, a provider's
   * duplicate callback) writes nothing and returns the first. E.g. `submission:42:received`.
   */
  dedupeKey: string;
  /** not before this time: a reminder scheduled ahead of its deadline */
  deliverAfter?: Date;
}

export interface EnqueueResult {
  id: number;
  /** false when the dedupe key was already there */
  created: boolean;
}

export class NotificationInputError extends Error {
  override name = 'NotificationInputError';
}

/**
 * Writes a notification in the given transaction (or database: then it commits on its own).
 * Bad input throws, which rolls the caller's transaction back: it is a programming error.
 */
export async function enqueueNotification<K extends NotificationKind>(trx: Kysely<Database>, input: EnqueueInput<K>): Promise<EnqueueResult> {
  const row = checkedNotification(input);
  const id = await repo.insertNotification(trx, row);
  if (id === undefined) {
    const existing = await repo.findNotificationByDedupeKey(trx, input.dedupeKey);
    if (!existing) throw new Error(`notification ${input.dedupeKey} vanished`);
    return { id: existing.id, created: false };
  }
  await writeChannels(trx, [{ id, kind: input.kind, data: row.data, deliverAfter: row.deliverAfter }]);
  return { id, created: true };
}

/**
 * Several notifications in the caller's transaction with one statement, whatever their
 * number (the protocol registrar's "received" messages of a batch). Those whose dedupe key is
 * already there are left out; returns how many were written.
 */
export async function enqueueNotifications(trx: Kysely<Database>, inputs: ReadonlyArray<EnqueueInput<NotificationKind>>): Promise<number> {
  if (inputs.length === 0) return 0;
  return repo.insertNotificationsWithChannels(
    trx,
    inputs.map((input) => {
      const row = checkedNotification(input);
      const channels = channelsOf(row.kind, row.data);
      return { ...row, channels: channels.filter((c): c is DeliveryChannel => c !== 'inbox'), inbox: channels.includes('inbox') };
    }),
  );
}

/** Bad input throws, which rolls the caller's transaction back: it is a programming error. */
function checkedNotification(input: EnqueueInput<NotificationKind>): repo.NewNotification & { kind: NotificationKind; deliverAfter: Date | null } {
  if (!isNotificationKind(input.kind)) throw new NotificationInputError(`unknown notification kind ${String(input.kind)}`);
  const recipient = input.recipientFiscalCode.trim().toUpperCase();
  if (!FISCAL_CODE.test(recipient)) throw new NotificationInputError('recipientFiscalCode is not a fiscal code');
  if (!isLocale(input.locale)) throw new NotificationInputError(`unsupported locale ${String(input.locale)}`);
  if (!input.dedupeKey || input.dedupeKey.length > 200) throw new NotificationInputError('dedupeKey is required (at most 200 characters)');
  const parsed = kindSchemas[input.kind].safeParse(input.data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new NotificationInputError(`invalid data for ${input.kind}: ${problems}`);
  }
  return {
    kind: input.kind,
    recipientFiscalCode: recipient,
    locale: input.locale,
    data: parsed.data as Record<string, unknown>,
    dedupeKey: input.dedupeKey,
    deliverAfter: input.deliverAfter ?? null,
  };
}

/** The deliveries (e-mail, App IO) and the inbox message of new notifications. */
async function writeChannels(trx: Kysely<Database>, created: Array<{ id: number; kind: NotificationKind; data: Record<string, unknown>; deliverAfter: Date | null }>): Promise<void> {
  const deliveries = created.flatMap((n) =>
    channelsOf(n.kind, n.data)
      .filter((c): c is DeliveryChannel => c !== 'inbox')
      .map((channel) => ({ notificationId: n.id, channel, deliverAfter: n.deliverAfter })),
  );
  await repo.insertDeliveries(trx, deliveries);
  await repo.insertInboxMessages(trx, created.filter((n) => channelsOf(n.kind).includes('inbox')).map((n) => n.id));
}

/** Withdraws a notification not yet delivered (by its dedupe key); true if there was one. */
export async function cancelNotification(trx: Kysely<Database>, dedupeKey: string): Promise<boolean> {
  return repo.cancelNotification(trx, dedupeKey);
}

export const ADMIN_STATUSES = ['pending', 'failed', 'dead', 'sending', 'sent', 'skipped', 'cancelled'] as const satisfies readonly DeliveryStatus[];

/** The administrators' view of the outbox. */
export function createOutboxService(db: DB, clock: Clock) {
  return {
    enqueue: <K extends NotificationKind>(trx: Kysely<Database>, input: EnqueueInput<K>) => enqueueNotification(trx, input),
    cancel: (trx: Kysely<Database>, dedupeKey: string) => cancelNotification(trx, dedupeKey),
    counts: () => repo.countDeliveriesByStatus(db),
    list: (status: DeliveryStatus, page: number, pageSize = 50) => repo.listDeliveries(db, { status, limit: pageSize, offset: (page - 1) * pageSize }),
    get: (id: number) => repo.getDelivery(db, id),
    /** Due now with a fresh set of attempts; false if the delivery is not retryable. */
    retry: (id: number) => repo.retryDelivery(db, id, clock()),
  };
}

// Outgoing webhooks: a client's subscriptions (a URL, the event types, a signing secret of its
// own shown once; each changed, suspended, deleted or given a new secret by an administrator), the job that reads the case log from its cursor and writes one durable
// delivery per event and subscription that may see the case, and the sender: each delivery
// signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature
// `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, made by the `standardwebhooks` package),
// retried with exponential backoff until it is answered with a 2xx or the attempts run out
// (webhook-sender.ts).
// The workflow knows nothing of this: the log is read afterwards, like the staff alerts do.
import { randomUUID } from 'node:crypto';
import type { DB } from '../db/database.ts';
import { recordChange } from '../admin/audit.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import type { BackofficeService } from '../backoffice/backoffice.service.ts';
import type { ScopedEventRow } from '../backoffice/integration.service.ts';
import type { ApiClientRow } from './api.table.ts';
import { newSigningSecret } from './credentials.ts';
import * as repo from './webhooks.repository.ts';
import { urlProblem } from './webhook-targets.ts';
import { sendDue } from './webhook-sender.ts';

/** The event types a subscription may choose (docs/api.md). */
export const EVENT_TYPES = ['case.filed', 'case.state_changed', 'case.message_sent', 'case.message_received', 'case.forwarded', 'case.updated'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The log is reread this far back: an event written in a transaction that committed late has an earlier time. */
const REREAD_WINDOW_MS = 10 * 60_000;
const EVENTS_PAGE = 500;

/** The webhook type of an event of the case log; null: not told (a clerk's internal note). */
export function eventTypeOf(e: Pick<ScopedEventRow, 'kind' | 'data'>): EventType | null {
  if (e.kind === 'note') return null;
  if (e.kind === 'filed') return 'case.filed';
  if (e.kind === 'transition') return 'case.state_changed';
  if (e.kind === 'forwarded') return 'case.forwarded';
  if (e.kind === 'message') return (e.data as { direction?: string }).direction === 'to-applicant' ? 'case.message_sent' : 'case.message_received';
  return 'case.updated';
}

/** The body of a delivery: what happened to which case, no personal data (the case is read through the API). */
function bodyOf(e: ScopedEventRow, type: EventType, baseUrl: string): string {
  return JSON.stringify({
    type,
    timestamp: e.at.toISOString(),
    data: {
      case: e.public_id,
      url: `${baseUrl}/api/v1/cases/${e.public_id}`,
      seq: e.seq,
      event: e.kind,
      fromState: e.from_state,
      toState: e.to_state,
      office: e.office_code,
      procedureId: e.procedure_id,
      kind: e.case_kind,
    },
  });
}

type Subscription = Awaited<ReturnType<typeof repo.activeSubscriptions>>[number];

function wants(s: Subscription, e: ScopedEventRow, type: EventType): boolean {
  if (!s.event_types.includes(type) || !s.scopes.includes('cases:read')) return false;
  if (e.at < s.created_at) return false;
  if (!s.offices.includes(e.office_code)) return false;
  return s.procedureIds.length === 0 || s.procedureIds.includes(e.procedure_id);
}

export function createWebhooksService(db: DB, options: { clock: Clock; backoffice: BackofficeService; baseUrl: string; timeoutMs: number; allowPrivate: boolean }) {
  const { clock } = options;

  const deliverDue = (onlyId?: number) => sendDue(db, { clock, timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate }, onlyId);

  return {
    subscriptionsOf: (client: ApiClientRow) => repo.subscriptionsOf(db, client.id),

    /** A new subscription; its signing secret is returned here and never shown again. */
    async subscribe(admin: string, client: ApiClientRow, input: { url: string; eventTypes: readonly EventType[] }): Promise<{ id: number; secret: string }> {
      if (urlProblem(input.url)) throw new Error('bad url');
      const secret = newSigningSecret();
      const id = await db.transaction().execute(async (trx) => {
        const created = await repo.insertSubscription(trx, { clientId: client.id, url: input.url, eventTypes: input.eventTypes, secret, at: clock(), by: admin });
        await recordChange(trx, admin, 'api_client.subscribe', 'api_client', client.client_id, { url: input.url, events: input.eventTypes.join(' ') });
        return created;
      });
      return { id, secret };
    },

    async setSubscriptionActive(admin: string, client: ApiClientRow, id: number, active: boolean): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await repo.setSubscriptionActive(trx, client.id, id, active))) throw new NotFoundError('subscription');
        await recordChange(trx, admin, active ? 'api_client.subscription_on' : 'api_client.subscription_off', 'api_client', client.client_id, { subscription: id });
      });
    },

    findSubscription: async (client: ApiClientRow, id: number) => {
      const s = await repo.findSubscription(db, client.id, id);
      if (!s) throw new NotFoundError('subscription');
      return s;
    },

    async updateSubscription(admin: string, client: ApiClientRow, id: number, input: { url: string; eventTypes: readonly EventType[] }): Promise<void> {
      if (urlProblem(input.url)) throw new Error('bad url');
      await db.transaction().execute(async (trx) => {
        if (!(await repo.changeSubscription(trx, client.id, id, input))) throw new NotFoundError('subscription');
        await recordChange(trx, admin, 'api_client.subscription_update', 'api_client', client.client_id, { subscription: id, url: input.url, events: input.eventTypes.join(' ') });
      });
    },

    /** A new signing secret, shown once; it signs every delivery from now on, the pending ones too. */
    async rotateSubscriptionSecret(admin: string, client: ApiClientRow, id: number): Promise<string> {
      const secret = newSigningSecret();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.changeSubscription(trx, client.id, id, { secret }))) throw new NotFoundError('subscription');
        await recordChange(trx, admin, 'api_client.subscription_rotate', 'api_client', client.client_id, { subscription: id });
      });
      return secret;
    },

    /** The subscription and its delivery log go; the audit log keeps the URL it had. */
    async deleteSubscription(admin: string, client: ApiClientRow, id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const s = await repo.findSubscription(trx, client.id, id);
        if (!s || !(await repo.deleteSubscription(trx, client.id, id))) throw new NotFoundError('subscription');
        await recordChange(trx, admin, 'api_client.subscription_delete', 'api_client', client.client_id, { subscription: id, url: s.url });
      });
    },

    /**
     * Reads the case log from the cursor (rereading a window behind it) and writes the
     * deliveries of the new events; a delivery already written is not written again.
     */
    async consumeEvents(): Promise<{ events: number; deliveries: number }> {
      return db.transaction().execute(async (trx) => {
        const now = clock();
        const readUntil = await repo.lockCursor(trx, now);
        const subscriptions = await repo.activeSubscriptions(trx);
        const since = new Date(readUntil.getTime() - REREAD_WINDOW_MS);
        let after: { at: string; submissionId: number; seq: number } | null = null;
        let latest = readUntil;
        let events = 0;
        let deliveries = 0;
        for (;;) {
          const page = await options.backoffice.eventsForWebhooks(trx, since, after, EVENTS_PAGE);
          if (page.length === 0) break;
          for (const e of page) {
            events += 1;
            const type = eventTypeOf(e);
            if (!type) continue;
            for (const s of subscriptions.filter((x) => wants(x, e, type))) {
              const body = bodyOf(e, type, options.baseUrl);
              if (await repo.insertDelivery(trx, { messageId: `msg_${randomUUID()}`, subscriptionId: s.id, submissionId: e.submission_id, seq: e.seq, type, body, at: now })) deliveries += 1;
            }
          }
          const last = page[page.length - 1]!;
          after = { at: last.cursor_at, submissionId: last.submission_id, seq: last.seq };
          if (last.at > latest) latest = last.at;
        }
        await repo.moveCursor(trx, latest);
        return { events, deliveries };
      });
    },

    /** Sends the deliveries that are due, a page at a time. */
    deliverDue: () => deliverDue(),

    /** The client's deliveries, newest first. */
    deliveriesOf: (client: ApiClientRow, limit = 50, beforeId?: number) => repo.deliveriesOf(db, client.id, limit, beforeId),
    findDelivery: async (client: ApiClientRow, id: number) => {
      const d = await repo.findDelivery(db, client.id, id);
      if (!d) throw new NotFoundError('delivery');
      return d;
    },

    /** An administrator sends a delivery again now (same id, same body, newly signed); audited. */
    async replay(admin: string, client: ApiClientRow, id: number): Promise<boolean> {
      await db.transaction().execute(async (trx) => {
        if (!(await repo.markForReplay(trx, client.id, id, clock()))) throw new NotFoundError('delivery');
        await recordChange(trx, admin, 'api_client.replay', 'api_client', client.client_id, { delivery: id });
      });
      return (await deliverDue(id)).sent === 1;
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;

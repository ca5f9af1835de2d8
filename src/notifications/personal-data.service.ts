// What the notifications domain holds about a person, for their data export (GDPR art. 15 and
// 20, src/personal-data): their contacts and preferences, the messages of their in-portal inbox
// (composed in their language) and every notification sent to them with its channels and their
// status; and the deletion of the optional contacts on their request (e-mail, App IO), after
// which the portal reaches them through the inbox only.
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { Locale } from '../platform/i18n.ts';
import type { Clock } from '../platform/time.ts';
import { compose } from './compose.ts';
import { isNotificationKind } from './kinds.ts';
import * as repo from './notifications.repository.ts';

export interface PersonContacts {
  email: string | null;
  emailSource: string | null;
  emailConfirmedAt: Date | null;
  pendingEmail: string | null;
  appIo: boolean;
  updatedAt: Date | null;
}

export function createNotificationsPersonalData(db: DB, options: { config: Pick<Config, 'baseUrl' | 'comune'>; clock: Clock }) {
  const { clock } = options;
  return {
    /** The contacts the person has (the defaults when they never set any: no e-mail, App IO on). */
    async contactsOf(fiscalCode: string): Promise<PersonContacts> {
      const row = await repo.getContact(db, fiscalCode);
      return {
        email: row?.email ?? null,
        emailSource: row?.email ? row.email_source : null,
        emailConfirmedAt: row?.email_confirmed_at ?? null,
        pendingEmail: row?.pending_email ?? null,
        appIo: row?.io_enabled ?? true,
        updatedAt: row?.updated_at ?? null,
      };
    },

    /** The inbox, oldest first, each message composed in `locale`. */
    async inboxOf(fiscalCode: string, locale: Locale) {
      const rows = await repo.wholeInbox(db, fiscalCode, clock());
      return rows.flatMap((row) => {
        if (!isNotificationKind(row.kind)) return [];
        const message = compose(row.kind, row.data, { locale, channel: 'inbox', baseUrl: options.config.baseUrl, comuneName: options.config.comune.name });
        return [{ id: row.id, kind: row.kind, receivedAt: row.visible_at, readAt: row.read_at, subject: message.subject, paragraphs: message.paragraphs, facts: message.facts }];
      });
    },

    /** Every notification addressed to the person, with the channel and status of each delivery. */
    async notificationsOf(fiscalCode: string) {
      const rows = await repo.notificationsOf(db, fiscalCode);
      const byId = new Map<number, { id: number; kind: string; createdAt: Date; deliverAfter: Date; cancelledAt: Date | null; deliveries: Array<{ channel: string; status: string; attempts: number; sentAt: Date | null }> }>();
      for (const row of rows) {
        let item = byId.get(row.id);
        if (!item) {
          item = { id: row.id, kind: row.kind, createdAt: row.created_at, deliverAfter: row.deliver_after, cancelledAt: row.cancelled_at, deliveries: [] };
          byId.set(row.id, item);
        }
        if (row.channel) item.deliveries.push({ channel: row.channel, status: row.status ?? 'pending', attempts: row.attempts ?? 0, sentAt: row.sent_at ?? null });
      }
      return [...byId.values()];
    },

    /** Deletes the optional contacts (e-mail, pending e-mail, App IO): the inbox remains. */
    async forgetContacts(fiscalCode: string): Promise<void> {
      await repo.forgetContacts(db, fiscalCode, clock());
    },
  };
}

export type NotificationsPersonalData = ReturnType<typeof createNotificationsPersonalData>;

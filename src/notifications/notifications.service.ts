// The notification services the routes call: the outbox (enqueue, and its administration),
// contacts (preferences) and the inbox, over one database.
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import { createInboxService } from './channels/inbox.ts';
import { createContactsService } from './contacts.service.ts';
import { createOutboxService } from './outbox.service.ts';

export function createNotificationsService(db: DB, config: Config, clock: Clock) {
  return {
    outbox: createOutboxService(db, clock),
    contacts: createContactsService(db, clock),
    inbox: createInboxService(db, { comuneName: config.comune.name, baseUrl: config.baseUrl, clock }),
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

/** The retention job (src/privacy): the notifications, deliveries and inbox messages about a filing go, in the caller's transaction. */
export { deleteFilingNotifications } from './notifications.repository.ts';

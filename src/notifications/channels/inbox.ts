// The in-portal inbox ("Messaggi" in the personal area). Its rows are written with the
// notification itself (outbox.service.ts), so a message is there the moment the change commits,
// with no worker involved; each one is composed at reading time in the reader's language.
import type { DB } from '../../db/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import type { Clock } from '../../platform/time.ts';
import { compose, type ComposedMessage } from '../compose.ts';
import { isNotificationKind } from '../kinds.ts';
import * as repo from '../notifications.repository.ts';

export const INBOX_PAGE_SIZE = 20;

export interface InboxItem {
  id: number;
  receivedAt: Date;
  read: boolean;
  message: ComposedMessage;
}

/** A message is shown from its delivery time, on `options.clock`. */
export function createInboxService(db: DB, options: { comuneName: string; baseUrl: string; clock: Clock }) {
  const { clock } = options;
  const toItem = (row: { id: number; visible_at: Date; read_at: Date | null; kind: string; data: Record<string, unknown> }, locale: Locale): InboxItem | null => {
    if (!isNotificationKind(row.kind)) return null;
    return {
      id: row.id,
      receivedAt: row.visible_at,
      read: row.read_at !== null,
      message: compose(row.kind, row.data, { locale, channel: 'inbox', baseUrl: options.baseUrl, comuneName: options.comuneName }),
    };
  };

  return {
    unreadCount: (fiscalCode: string) => repo.countUnread(db, fiscalCode, clock()),

    async list(fiscalCode: string, locale: Locale, page: number) {
      const now = clock();
      const [rows, counts] = await Promise.all([
        repo.listInbox(db, fiscalCode, { limit: INBOX_PAGE_SIZE, offset: (page - 1) * INBOX_PAGE_SIZE, now }),
        repo.countInbox(db, fiscalCode, now),
      ]);
      const items = rows.map((row) => toItem(row, locale)).filter((item): item is InboxItem => item !== null);
      return { items, ...counts, page, pages: Math.max(1, Math.ceil(counts.total / INBOX_PAGE_SIZE)) };
    },

    /** Opens a message of this person (marking it read); anyone else's is not found. */
    async read(fiscalCode: string, id: number, locale: Locale): Promise<InboxItem> {
      const row = await repo.getInboxMessage(db, fiscalCode, id, clock());
      const item = row && toItem(row, locale);
      if (!item) throw new NotFoundError('message');
      if (!item.read) await repo.markInboxRead(db, fiscalCode, id, clock());
      return item;
    },
  };
}

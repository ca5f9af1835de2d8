// Shared pieces of the notification tests: row counts, enqueue shortcuts, and a worker over
// the real e-mail and App IO channels pointed at servers the test started (a real SMTP
// server, the App IO stand-in). Nothing of the project is mocked.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../../src/db/database.ts';
import type { Database } from '../../../src/db/schema.ts';
import { createIoChannel, createIoClient } from '../../../src/notifications/channels/app-io.ts';
import { createEmailChannel } from '../../../src/notifications/channels/email.ts';
import type { NotificationKind } from '../../../src/notifications/kinds.ts';
import { enqueueNotification } from '../../../src/notifications/outbox.service.ts';
import { createWorker } from '../../../src/notifications/worker.ts';
import { systemClock, type Clock } from '../../../src/platform/time.ts';
import { SAMPLES } from '../../unit/notifications/samples.ts';

export const MARIO = 'RSSMRA80A01H501U';
export const ADA = 'LVLDAA85T50G702B';
export const BASE_URL = 'https://sportello.comune.example.it';

export async function counts(db: Kysely<Database>) {
  const row = await sql<{ notifications: number; deliveries: number; inbox: number }>`select
    (select count(*) from notifications)::int as notifications,
    (select count(*) from notification_deliveries)::int as deliveries,
    (select count(*) from inbox_messages)::int as inbox`.execute(db);
  return row.rows[0]!;
}

export function enqueueSample(trx: Kysely<Database>, kind: NotificationKind, options: { to?: string; locale?: 'it' | 'en'; key?: string; data?: Record<string, unknown>; deliverAfter?: Date } = {}) {
  return enqueueNotification(trx, {
    kind,
    recipientFiscalCode: options.to ?? MARIO,
    locale: options.locale ?? 'it',
    data: { ...SAMPLES[kind], ...options.data } as never,
    dedupeKey: options.key ?? `${kind}:${Math.random()}`,
    ...(options.deliverAfter ? { deliverAfter: options.deliverAfter } : {}),
  });
}

export async function deliveries(db: DB, channel?: 'email' | 'io') {
  let query = db.selectFrom('notification_deliveries').selectAll().orderBy('id');
  if (channel) query = query.where('channel', '=', channel);
  return query.execute();
}

export function makeWorker(
  db: DB,
  options: { smtpPort?: number; io?: { url: string; apiKey: string } | null; maxAttempts?: number; backoffMs?: number; workerId?: string; batchSize?: number; clock?: Clock } = {},
) {
  const common = { db, baseUrl: BASE_URL, comuneName: 'Comune di Esempio' };
  // a test that waits for a retry moves its own clock instead of sleeping
  const clock = options.clock ?? systemClock;
  const email = createEmailChannel({ ...common, smtp: { host: '127.0.0.1', port: options.smtpPort ?? 1, secure: false }, from: '"Comune di Esempio" <noreply@comune.example.it>' });
  const io = createIoChannel({ ...common, client: options.io ? createIoClient({ apiUrl: options.io.url, apiKey: options.io.apiKey, clock }) : null });
  const worker = createWorker({
    db,
    channels: { email, io },
    maxAttempts: options.maxAttempts ?? 5,
    backoffMs: options.backoffMs ?? 50,
    pollMs: 50,
    jitter: 0,
    clock,
    ...(options.workerId ? { workerId: options.workerId } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
  });
  return Object.assign(worker, { close: () => email.close?.() });
}

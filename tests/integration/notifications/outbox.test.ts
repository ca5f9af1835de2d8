// The outbox's promise: a notification exists exactly when the change it is about committed.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberContact } from '../../../src/notifications/contacts.service.ts';
import { cancelNotification, enqueueNotification, NotificationInputError } from '../../../src/notifications/outbox.service.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { counts, enqueueSample, MARIO } from './harness.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const db = () => database.handle.db;

async function reset() {
  await sql`truncate inbox_messages, notification_deliveries, notifications, notification_contacts`.execute(db());
}

describe('the transactional outbox', () => {
  it('a rolled-back change leaves no notification', async () => {
    await reset();
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await rememberContact(trx, MARIO, 'mario.rossi@example.it'); // the change
          await enqueueSample(trx, 'submission.received', { key: 'submission:1:received' });
          throw new Error('the filing failed after the notification was written');
        }),
    ).rejects.toThrow(/filing failed/);
    expect(await counts(db())).toEqual({ notifications: 0, deliveries: 0, inbox: 0 });
    expect(await db().selectFrom('notification_contacts').selectAll().execute()).toEqual([]);
  });

  it('a committed change always has its notification: e-mail and App IO deliveries, and the inbox message', async () => {
    await reset();
    const result = await db()
      .transaction()
      .execute(async (trx) => {
        await rememberContact(trx, MARIO, 'mario.rossi@example.it');
        return enqueueSample(trx, 'submission.received', { key: 'submission:2:received' });
      });
    expect(result.created).toBe(true);
    expect(await counts(db())).toEqual({ notifications: 1, deliveries: 2, inbox: 1 });
    const rows = await db().selectFrom('notification_deliveries').select(['channel', 'status', 'attempts', 'notification_id']).orderBy('channel').execute();
    expect(rows).toEqual([
      { channel: 'email', status: 'pending', attempts: 0, notification_id: result.id },
      { channel: 'io', status: 'pending', attempts: 0, notification_id: result.id },
    ]);
    const stored = await db().selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ kind: 'submission.received', recipient_fiscal_code: MARIO, locale: 'it', dedupe_key: 'submission:2:received' });
    // extra keys travel with the data (an attachment renderer needs the submission id)
    expect(stored.data).toMatchObject({ protocolNumber: '0000042/2026', submissionId: 12 });
  });

  it('a retried caller never enqueues twice: the dedupe key returns the first', async () => {
    await reset();
    const first = await db().transaction().execute((trx) => enqueueSample(trx, 'payment.received', { key: 'payment:9:received' }));
    const again = await db().transaction().execute((trx) => enqueueSample(trx, 'payment.received', { key: 'payment:9:received' }));
    expect(again).toEqual({ id: first.id, created: false });
    expect(await counts(db())).toEqual({ notifications: 1, deliveries: 2, inbox: 1 });
  });

  it('two transactions racing with one dedupe key write one notification', async () => {
    await reset();
    const results = await Promise.all(
      [1, 2, 3].map(() => db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'submission:5:decision' }))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    // a decision has legal value: e-mail, App IO and PEC
    expect(await counts(db())).toEqual({ notifications: 1, deliveries: 3, inbox: 1 });
  });

  it('bad data is a programming error: it throws and rolls the caller back', async () => {
    await reset();
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await rememberContact(trx, MARIO, 'mario.rossi@example.it');
          await enqueueSample(trx, 'payment.requested', { data: { noticeNumber: '12345' } });
        }),
    ).rejects.toThrow(NotificationInputError);
    await expect(
      enqueueNotification(db(), { kind: 'nope' as never, recipientFiscalCode: MARIO, locale: 'it', data: {} as never, dedupeKey: 'k' }),
    ).rejects.toThrow(/unknown notification kind/);
    await expect(enqueueSample(db(), 'decision', { to: 'not a fiscal code' })).rejects.toThrow(/fiscal code/);
    expect(await counts(db())).toEqual({ notifications: 0, deliveries: 0, inbox: 0 });
    expect(await db().selectFrom('notification_contacts').selectAll().execute()).toEqual([]);
  });

  it('a reminder scheduled ahead is not due, nor in the inbox, until its time; cancelling withdraws it', async () => {
    await reset();
    const later = new Date(Date.now() + 3 * 24 * 3600 * 1000);
    await db().transaction().execute((trx) => enqueueSample(trx, 'deadline.reminder', { key: 'submission:7:reminder', deliverAfter: later }));
    const due = await db().selectFrom('notification_deliveries').select('next_attempt_at').execute();
    expect(due.every((d) => Math.abs(d.next_attempt_at.getTime() - later.getTime()) < 1000)).toBe(true);
    const inbox = await db().selectFrom('inbox_messages').selectAll().executeTakeFirstOrThrow();
    expect(inbox.visible_at.getTime()).toBeGreaterThan(Date.now());

    expect(await db().transaction().execute((trx) => cancelNotification(trx, 'submission:7:reminder'))).toBe(true);
    expect(await db().transaction().execute((trx) => cancelNotification(trx, 'submission:7:reminder'))).toBe(false);
    const statuses = await db().selectFrom('notification_deliveries').select('status').execute();
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    expect(await db().selectFrom('inbox_messages').selectAll().execute()).toEqual([]);
  });
});

// E-mail delivery through the worker to a real SMTP server started by the test: exactly once
// with two workers, retries with backoff, dead-letter, attachments, and the content in both
// languages.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.ts';
import { registerAttachmentRenderer } from '../../../src/notifications/attachments.ts';
import { rememberContact } from '../../../src/notifications/contacts.service.ts';
import { startDevSmtp, type DevSmtpServer } from '../../../src/notifications/dev-smtp.ts';
import { createOutboxService } from '../../../src/notifications/outbox.service.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { testClock } from '../../../src/platform/time.ts';
import { ADA, BASE_URL, deliveries, enqueueSample, makeWorker, MARIO } from './harness.ts';

let database: TestDatabase;
let smtp: DevSmtpServer;
const db = () => database.handle.db;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startDevSmtp({ port: 0 });
});
afterAll(async () => {
  await smtp?.close();
  await database?.drop();
});
beforeEach(async () => {
  await sql`truncate inbox_messages, notification_deliveries, notifications, notification_contacts`.execute(db());
  smtp.clear();
  smtp.setRefusal(null);
  await rememberContact(db(), MARIO, 'mario.rossi@example.it');
  await rememberContact(db(), ADA, 'ada.lovelace@example.it');
});

describe('e-mail delivery', () => {
  it('two workers on one outbox deliver each message exactly once', async () => {
    const total = 30;
    for (let i = 0; i < total; i++) {
      await db().transaction().execute((trx) => enqueueSample(trx, 'office.message', { to: i % 2 ? MARIO : ADA, key: `office:${i}`, data: { message: `Messaggio numero ${i}` } }));
    }
    // on PostgreSQL the second worker has a pool of its own, as another process would
    const other = database.url ? await openDatabase({ url: database.url, dataDir: 'memory://', poolSize: 4 }) : null;
    const one = makeWorker(db(), { smtpPort: smtp.port, workerId: 'worker-one', batchSize: 3 });
    const two = makeWorker(other?.db ?? db(), { smtpPort: smtp.port, workerId: 'worker-two', batchSize: 3 });
    const [a, b] = await Promise.all([one.drain(), two.drain()]);
    one.close();
    two.close();
    await other?.close();

    expect(a.sent + b.sent).toBe(total);
    const mails = smtp.messages();
    expect(mails).toHaveLength(total);
    const numbers = mails.map((m) => /Messaggio numero (\d+)/.exec(m.text ?? '')?.[1]).sort((x, y) => Number(x) - Number(y));
    expect(numbers).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(total);
    const rows = await deliveries(db(), 'email');
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.sent_at !== null && r.locked_by === null)).toBe(true);
    // App IO is off for these workers: recorded as skipped, not lost
    expect((await deliveries(db(), 'io')).every((r) => r.status === 'skipped' && r.last_error === 'App IO is not enabled')).toBe(true);
  });

  it('failure then success: retried after the backoff, attempts and last error recorded', async () => {
    const clock = testClock();
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'decision:1', deliverAfter: clock() }));
    let refusals = 1;
    smtp.setRefusal(() => (refusals-- > 0 ? { code: 451, message: 'Temporary local problem, try later' } : null));
    const worker = makeWorker(db(), { smtpPort: smtp.port, backoffMs: 400, clock });

    const first = await worker.runOnce();
    expect(first).toMatchObject({ failed: 1, sent: 0 });
    let [row] = await deliveries(db(), 'email');
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.last_error).toMatch(/451/);
    expect(row!.next_attempt_at.getTime() - row!.updated_at.getTime()).toBe(400);

    // not due yet: nobody takes it
    expect((await worker.runOnce()).claimed).toBe(0);
    clock.advance(399);
    expect((await worker.runOnce()).claimed).toBe(0);
    clock.advance(1);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    [row] = await deliveries(db(), 'email');
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.messages()).toHaveLength(1);
    worker.close();
  });

  it('waits twice as long after each failure, and dead-letters after the limit; an administrator may retry', async () => {
    const clock = testClock();
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'decision:2', deliverAfter: clock() }));
    smtp.setRefusal(() => ({ code: 421, message: 'Service not available' }));
    const worker = makeWorker(db(), { smtpPort: smtp.port, backoffMs: 100, maxAttempts: 3, clock });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const round = await worker.runOnce();
      const [row] = await deliveries(db(), 'email');
      expect(row!.attempts).toBe(attempt);
      if (attempt < 3) {
        expect(round.failed).toBe(1);
        // both set by the statement that recorded the failure: the wait exactly
        waits.push(row!.next_attempt_at.getTime() - row!.updated_at.getTime());
        clock.set(row!.next_attempt_at);
      } else {
        expect(round.dead).toBe(1);
        expect(row).toMatchObject({ status: 'dead' });
        expect(row!.last_error).toMatch(/421/);
      }
    }
    expect(waits).toEqual([100, 200]);
    // dead stays dead
    clock.advance(24 * 3600_000);
    expect((await worker.runOnce()).claimed).toBe(0);

    const outbox = createOutboxService(db(), clock);
    expect((await outbox.counts()).dead).toBe(1);
    const [dead] = await outbox.list('dead', 1);
    expect(dead).toMatchObject({ kind: 'decision', channel: 'email', recipient_fiscal_code: MARIO, attempts: 3 });
    smtp.setRefusal(null);
    expect(await outbox.retry(dead!.id)).toBe(true);
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    expect(smtp.messages()).toHaveLength(1);
    worker.close();
  });

  it('a message whose worker died mid-send is taken again once the lease runs out', async () => {
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'decision:lease' }));
    await db()
      .updateTable('notification_deliveries')
      .set({ status: 'sending', attempts: 1, locked_by: 'dead-worker', locked_until: new Date(Date.now() - 1000) })
      .where('channel', '=', 'email')
      .execute();
    const worker = makeWorker(db(), { smtpPort: smtp.port, workerId: 'survivor' });
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    const [row] = await deliveries(db(), 'email');
    expect(row).toMatchObject({ status: 'sent', attempts: 2, locked_by: null });
    // the dead worker's late answer changes nothing
    expect(smtp.messages()).toHaveLength(1);
    worker.close();
  });

  it('a message held by a live worker is left alone', async () => {
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'decision:held' }));
    await db()
      .updateTable('notification_deliveries')
      .set({ status: 'sending', attempts: 1, locked_by: 'busy-worker', locked_until: new Date(Date.now() + 60_000) })
      .where('channel', '=', 'email')
      .execute();
    const worker = makeWorker(db(), { smtpPort: smtp.port });
    await worker.drain();
    expect(smtp.messages()).toHaveLength(0);
    worker.close();
  });

  it('a refusal that retrying cannot change (5xx) is dead at once', async () => {
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'decision:3' }));
    smtp.setRefusal(() => ({ code: 550, message: 'Mailbox unavailable' }));
    const worker = makeWorker(db(), { smtpPort: smtp.port });
    expect(await worker.runOnce()).toMatchObject({ dead: 1 });
    const [row] = await deliveries(db(), 'email');
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row!.last_error).toMatch(/550/);
    worker.close();
  });

  it('an unreachable server is retried, not lost', async () => {
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'decision:4' }));
    const worker = makeWorker(db(), { smtpPort: 1 });
    expect(await worker.runOnce()).toMatchObject({ failed: 1 });
    const [row] = await deliveries(db(), 'email');
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
    worker.close();
  });

  it('with no confirmed address the e-mail is skipped and the reason recorded', async () => {
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { to: 'MRNLCU00A01H501J', key: 'decision:5' }));
    const worker = makeWorker(db(), { smtpPort: smtp.port });
    // e-mail, App IO, and PEC (a decision has legal value; this harness has no PEC channel)
    expect(await worker.runOnce()).toMatchObject({ skipped: 3 });
    const [row] = await deliveries(db(), 'email');
    expect(row).toMatchObject({ status: 'skipped', last_error: 'no confirmed e-mail address' });
    expect(smtp.messages()).toHaveLength(0);
    worker.close();
  });

  it('the "received" e-mail carries the receipt PDF from the attachment renderer', async () => {
    const pdf = Buffer.from('%PDF-1.7\n% receipt of submission 12\n' + '0'.repeat(2000));
    const asked: unknown[] = [];
    const unregister = registerAttachmentRenderer('submission.received', async (request) => {
      asked.push(request.data.submissionId);
      return { filename: `ricevuta-${String(request.data.protocolNumber).replace('/', '-')}.pdf`, content: pdf, contentType: 'application/pdf' };
    });
    try {
      await db().transaction().execute((trx) => enqueueSample(trx, 'submission.received', { key: 'submission:12:received' }));
      const worker = makeWorker(db(), { smtpPort: smtp.port });
      await worker.drain();
      worker.close();
    } finally {
      unregister();
    }
    expect(asked).toEqual([12]);
    const [mail] = smtp.messages();
    expect(mail!.attachments).toHaveLength(1);
    expect(mail!.attachments[0]).toMatchObject({ filename: 'ricevuta-0000042-2026.pdf', contentType: 'application/pdf' });
    expect(mail!.attachments[0]!.content.equals(pdf)).toBe(true);
    expect(mail!.text).toContain('In allegato trovi la ricevuta in PDF');
  });

  it('a failing attachment renderer makes the delivery retry', async () => {
    const unregister = registerAttachmentRenderer('submission.received', async () => {
      throw new Error('receipt not ready');
    });
    try {
      await db().transaction().execute((trx) => enqueueSample(trx, 'submission.received', { key: 'submission:13:received' }));
      const worker = makeWorker(db(), { smtpPort: smtp.port });
      expect(await worker.runOnce()).toMatchObject({ failed: 1 });
      worker.close();
    } finally {
      unregister();
    }
    const [row] = await deliveries(db(), 'email');
    expect(row).toMatchObject({ status: 'failed', last_error: 'attachment: receipt not ready' });
  });

  describe('content in both languages: the protocol number and the right links', () => {
    for (const locale of ['it', 'en'] as const) {
      it(`in ${locale}`, async () => {
        await db().transaction().execute((trx) => enqueueSample(trx, 'submission.received', { locale, key: `submission:20:${locale}` }));
        await db().transaction().execute((trx) => enqueueSample(trx, 'integration.requested', { locale, key: `integration:20:${locale}` }));
        const worker = makeWorker(db(), { smtpPort: smtp.port });
        await worker.drain();
        worker.close();
        const [received, integration] = smtp.messages();
        const requestLink = `${BASE_URL}/area-personale/richieste/7f0c?lang=${locale}`;
        const preferencesLink = `${BASE_URL}/area-personale/preferenze?lang=${locale}`;

        expect(received!.envelopeTo).toEqual(['mario.rossi@example.it']);
        expect(received!.from).toContain('noreply@comune.example.it');
        expect(received!.headers['auto-submitted']).toBe('auto-generated');
        for (const body of [received!.text!, received!.html!]) {
          expect(body).toContain('0000042/2026');
          expect(body).toContain(requestLink);
          expect(body).toContain(preferencesLink);
        }
        expect(integration!.text).toContain('Manca la copia del documento di identità.');
        expect(integration!.html).toContain(requestLink);
        expect(received!.html).toContain(`<html lang="${locale}">`);
        if (locale === 'it') {
          expect(received!.subject).toBe('Richiesta ricevuta, protocollo n. 0000042/2026: Cambio di residenza');
          expect(received!.text).toContain('Numero di protocollo: 0000042/2026');
          expect(received!.text).toContain(`Vedi la richiesta: ${requestLink}`);
          expect(integration!.subject).toBe('Servono integrazioni per la richiesta n. 0000042/2026');
          expect(integration!.text).toContain('Rispondi entro il 20 marzo 2026');
        } else {
          expect(received!.subject).toBe('Request received, protocol no. 0000042/2026: Change of residence');
          expect(received!.text).toContain('Protocol number: 0000042/2026');
          expect(received!.text).toContain(`View the request: ${requestLink}`);
          expect(integration!.subject).toBe('More information needed for request no. 0000042/2026');
          expect(integration!.text).toContain('Please answer by 20 March 2026');
        }
      });
    }
  });
});

// App IO delivery through the worker to the stand-in, a real HTTP server implementing the two
// calls with the documented validation.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContactsService } from '../../../src/notifications/contacts.service.ts';
import { startIoStandIn, type IoStandIn } from '../../../src/notifications/io-stand-in.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { systemClock, testClock } from '../../../src/platform/time.ts';
import { deliveries, enqueueSample, makeWorker, MARIO } from './harness.ts';

let database: TestDatabase;
let io: IoStandIn;
const db = () => database.handle.db;
const worker = () => makeWorker(db(), { io: { url: io.url, apiKey: io.apiKey } });

beforeAll(async () => {
  database = await createTestDatabase();
  io = await startIoStandIn({ port: 0 });
});
afterAll(async () => {
  await io?.close();
  await database?.drop();
});
beforeEach(async () => {
  await sql`truncate inbox_messages, notification_deliveries, notifications, notification_contacts`.execute(db());
  io.clear();
  io.setProfile(MARIO, { senderAllowed: true });
});

async function ioRow() {
  const [row] = await deliveries(db(), 'io');
  return row!;
}

describe('App IO delivery', () => {
  it('checks the profile, then sends a message within the limits', async () => {
    await db().transaction().execute((trx) => enqueueSample(trx, 'submission.received', { key: 'io:1' }));
    await worker().drain();
    expect(io.requests().map((r) => [r.path, r.status])).toEqual([
      ['/api/v1/profiles', 200],
      ['/api/v1/messages', 201],
    ]);
    const [message] = io.messages();
    expect(message!.fiscal_code).toBe(MARIO);
    expect(message!.content.subject).toBe('Richiesta ricevuta, protocollo n. 0000042/2026: Cambio di residenza');
    expect(message!.content.markdown).toContain('0000042/2026');
    expect(message!.content.markdown).toContain('(https://sportello.comune.example.it/area-personale/richieste/7f0c?lang=it)');
    expect(await ioRow()).toMatchObject({ status: 'sent', attempts: 1, external_id: message!.id });
  });

  it('a payment due carries the notice number, the amount and the payee', async () => {
    await db().transaction().execute((trx) => enqueueSample(trx, 'payment.requested', { key: 'io:2' }));
    await worker().drain();
    const [message] = io.messages();
    expect(message!.content.payment_data).toEqual({ amount: 1600, notice_number: '302032002700000251', invalid_after_due_date: false, payee: { fiscal_code: '03334231200' } });
    expect(message!.content.due_date).toBeDefined();
  });

  it('not on IO (404): no message, recorded as skipped', async () => {
    io.setProfile(MARIO, null);
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'io:3' }));
    await worker().drain();
    expect(io.messages()).toEqual([]);
    expect(io.requests().map((r) => [r.path, r.status])).toEqual([['/api/v1/profiles', 404]]);
    expect(await ioRow()).toMatchObject({ status: 'skipped', attempts: 1, last_error: 'not on App IO (404)' });
  });

  it('sender_allowed false: no message', async () => {
    io.setProfile(MARIO, { senderAllowed: false });
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'io:4' }));
    await worker().drain();
    expect(io.messages()).toEqual([]);
    expect(await ioRow()).toMatchObject({ status: 'skipped' });
    expect((await ioRow()).last_error).toMatch(/sender_allowed false/);
  });

  it('429: retried later, no sooner than Retry-After', async () => {
    const clock = testClock();
    await db().transaction().execute((trx) => enqueueSample(trx, 'office.message', { key: 'io:5', deliverAfter: clock() }));
    io.rateLimitNext(1, 1);
    const w = makeWorker(db(), { io: { url: io.url, apiKey: io.apiKey }, clock });
    expect(await w.runOnce()).toMatchObject({ failed: 1 });
    const failed = await ioRow();
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.last_error).toMatch(/429/);
    expect(failed.next_attempt_at.getTime() - failed.updated_at.getTime()).toBeGreaterThanOrEqual(1000);
    expect((await w.runOnce()).claimed).toBe(0);
    clock.set(failed.next_attempt_at);
    expect(await w.runOnce()).toMatchObject({ sent: 1 });
    expect(await ioRow()).toMatchObject({ status: 'sent', attempts: 2 });
    expect(io.messages()).toHaveLength(1);
  });

  it('the person switched IO off: nothing is asked of App IO', async () => {
    await createContactsService(db(), systemClock).setIoEnabled(MARIO, false);
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'io:6' }));
    await worker().drain();
    expect(io.requests()).toEqual([]);
    expect(await ioRow()).toMatchObject({ status: 'skipped', last_error: 'App IO switched off by the person' });
  });

  it('a business (partita IVA) has no IO profile: skipped without asking', async () => {
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { to: '01199250158', key: 'io:7' }));
    await worker().drain();
    expect(io.requests()).toEqual([]);
    expect(await ioRow()).toMatchObject({ status: 'skipped', last_error: 'not a personal fiscal code' });
  });

  it('a wrong subscription key is not retried: dead at once', async () => {
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'io:8' }));
    await makeWorker(db(), { io: { url: io.url, apiKey: 'wrong' } }).drain();
    expect(await ioRow()).toMatchObject({ status: 'dead', attempts: 1 });
    expect((await ioRow()).last_error).toMatch(/401/);
  });

  it('the longest texts the portal accepts still pass the stand-in\'s checks', async () => {
    await db().transaction().execute((trx) =>
      enqueueSample(trx, 'integration.requested', {
        key: 'io:9',
        data: { procedureTitle: 'Titolo '.repeat(70).slice(0, 500), message: 'Documento mancante: [allegato] *firmato*.\n'.repeat(150).slice(0, 5000) },
      }),
    );
    await worker().drain();
    expect(await ioRow()).toMatchObject({ status: 'sent' });
    const [message] = io.messages();
    expect(message!.content.subject.length).toBeLessThanOrEqual(120);
    expect(message!.content.markdown.length).toBeLessThanOrEqual(10_000);
  });

  describe('the stand-in checks bodies against the documented limits', () => {
    const valid = { fiscal_code: MARIO, content: { subject: 'Oggetto valido', markdown: 'x'.repeat(80) } };
    const post = (path: string, body: unknown, key = io.apiKey) =>
      fetch(`${io.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'Ocp-Apim-Subscription-Key': key }, body: JSON.stringify(body) });

    it.each([
      ['subject shorter than 10', { ...valid, content: { ...valid.content, subject: 'Corto' } }],
      ['subject longer than 120', { ...valid, content: { ...valid.content, subject: 's'.repeat(121) } }],
      ['markdown shorter than 80', { ...valid, content: { ...valid.content, markdown: 'x'.repeat(79) } }],
      ['markdown longer than 10000', { ...valid, content: { ...valid.content, markdown: 'x'.repeat(10_001) } }],
      ['a bad notice number', { ...valid, content: { ...valid.content, payment_data: { amount: 100, notice_number: '412345678901234567' } } }],
      ['an amount in euro, not cents', { ...valid, content: { ...valid.content, payment_data: { amount: 16.5, notice_number: '302032002700000251' } } }],
      ['a bad fiscal code', { ...valid, fiscal_code: 'RSSMRA80A01H501' }],
    ])('refuses %s with 400', async (_name, body) => {
      const response = await post('/messages', body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });

    it('accepts the limits themselves, and wants the subscription key', async () => {
      expect((await post('/messages', valid)).status).toBe(201);
      expect((await post('/messages', { ...valid, content: { subject: 's'.repeat(120), markdown: 'x'.repeat(10_000) } })).status).toBe(201);
      expect((await post('/messages', valid, 'wrong')).status).toBe(401);
      expect((await post('/profiles', { fiscal_code: 'nope' })).status).toBe(400);
    });
  });
});

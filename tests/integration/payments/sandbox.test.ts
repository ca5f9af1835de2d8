// Payments end to end on the embedded sandbox provider: positions and notice numbers, the
// payment pages and their access, "Paga online" through the sandbox's page and back, signed
// notifications (replayed, out of order, forged, for unknown positions), the return that asks
// the provider, reconciliation, the notice and receipt PDFs.
import { sql } from 'kysely';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidNoticeNumber, parseNoticeNumber } from '../../../src/payments/notice-number.ts';
import { noticeQr } from '../../../src/payments/payments.pdf.ts';
import { feesSchema } from '../../../src/payments/fees.ts';
import { createPaymentsService, type PositionView } from '../../../src/payments/payments.service.ts';
import { addDays, romeDate, testClock } from '../../../src/platform/time.ts';
import { SIGNATURE_HEADER, sign } from '../../../src/payments/providers/signature.ts';
import { buildApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { CITIZEN, createPosition, eventually, paidEvent, pathOf, positionInput, startPortal, type PaymentsHarness } from './harness.ts';

let h: PaymentsHarness;
let citizen: PortalAgent;
let other: PortalAgent;

beforeAll(async () => {
  h = await startPortal();
  citizen = await loginAs(h.app, TEST_PEOPLE.citizen);
  other = await loginAs(h.app, TEST_PEOPLE.citizen2);
});
afterAll(async () => h?.close());

const payments = () => h.app.services.payments;
const secret = () => h.app.config.payments.callbackSecret;

function notification(position: PositionView, status: 'pending' | 'paid' | 'failed', extra: Record<string, unknown> = {}) {
  const { receipt, ...event } = paidEvent({ noticeNumber: position.noticeNumber, creditorFiscalCode: position.creditor.fiscalCode, iuv: position.iuv, amountCents: position.amountCents });
  return { ...event, status, ...(status === 'paid' ? { receipt } : {}), ...extra };
}

async function notify(body: unknown, signature?: string) {
  const raw = JSON.stringify(body);
  return h.app.inject({
    method: 'POST',
    url: '/pagamenti/notifiche/sandbox',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature ?? sign(secret(), raw, Date.now()) },
    payload: raw,
  });
}

async function statusOf(id: number) {
  return (await payments().find(id))!.status;
}

/** Pays at the sandbox's page: "Paga online", then the chosen outcome. Returns the return URL. */
async function payAtSandbox(agent: PortalAgent, id: number, action: 'pay' | 'fail' | 'cancel', delivery: string): Promise<string> {
  const start = await agent.post(`/pagamenti/${id}/paga`);
  expect(start.statusCode).toBe(303);
  const checkout = String(start.headers.location);
  expect(checkout.startsWith(`${h.baseUrl}/sandbox-pagopa/pagamento/`)).toBe(true);
  const page = await agent.get(pathOf(checkout));
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('AMBIENTE DI PROVA');
  const done = await agent.post(pathOf(checkout), { action, delivery });
  expect(done.statusCode).toBe(303);
  return String(done.headers.location);
}

describe('payment positions', () => {
  it('get valid, unique aux-3 notice numbers, also when created at once', async () => {
    const created = await Promise.all(Array.from({ length: 30 }, () => createPosition(h.app)));
    const numbers = created.map((p) => p.noticeNumber);
    expect(new Set(numbers).size).toBe(30);
    for (const position of created) {
      expect(isValidNoticeNumber(position.noticeNumber)).toBe(true);
      const parts = parseNoticeNumber(position.noticeNumber)!;
      expect(parts.aux).toBe(3);
      expect(parts.segregationCode).toBe(h.app.config.payments.segregationCode);
      expect(position.iuv).toBe(parts.iuv);
      expect(position.creditor.fiscalCode).toBe('00085240950');
      expect(position.status).toBe('pending');
    }
  });

  it('never reuses a number, even one taken by a transaction that rolled back', async () => {
    let lost = '';
    await expect(
      h.app.db.transaction().execute(async (trx) => {
        lost = (await payments().createPosition(trx, { debtor: { fiscalCode: 'CSRGGL44L13H501E', name: 'Giulio Cesare' }, amountCents: 100, reason: 'x', dueDate: '2099-01-01', taxonomyCode: '0101108TS' })).noticeNumber;
        throw new Error('the filing failed');
      }),
    ).rejects.toThrow('the filing failed');
    const next = await createPosition(h.app);
    expect(next.noticeNumber).not.toBe(lost);
    expect(BigInt(next.noticeNumber.slice(3, 16))).toBeGreaterThan(BigInt(lost.slice(3, 16)));
  });

  it('refuses bad input: amounts not in cents, unknown debtors, long reasons', async () => {
    await expect(createPosition(h.app, { amountCents: 12.5 })).rejects.toThrow();
    await expect(createPosition(h.app, { amountCents: 0 })).rejects.toThrow();
    await expect(createPosition(h.app, { debtor: { fiscalCode: 'CSRGGL44L13H501A', name: 'X' } })).rejects.toThrow();
    await expect(createPosition(h.app, { reason: 'x'.repeat(141) })).rejects.toThrow();
    await expect(createPosition(h.app, { taxonomyCode: '01011' })).rejects.toThrow();
  });

  it('tells a company debtor from a person', async () => {
    const company = await createPosition(h.app, { debtor: { fiscalCode: '03334231200', name: 'Neri Forniture S.r.l.' }, ownerFiscalCode: 'CSRGGL44L13H501E' });
    expect(company.debtor.type).toBe('G');
  });

  it('a paid position cannot go back, even by hand in the database', async () => {
    const position = await createPosition(h.app);
    expect((await notify(notification(position, 'paid'))).statusCode).toBe(200);
    await expect(sql`update payment_positions set status = 'pending' where id = ${position.id}`.execute(h.app.db)).rejects.toThrow(/paid/);
  });
});

describe('payment pages', () => {
  it('send an anonymous visitor to log in and hide a position from other people', async () => {
    const position = await createPosition(h.app);
    const anonymous = await h.app.inject({ method: 'GET', url: `/pagamenti/${position.id}` });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/auth/login?returnTo=${encodeURIComponent(`/pagamenti/${position.id}`)}`);
    expect((await other.get(`/pagamenti/${position.id}`)).statusCode).toBe(404);
    expect((await other.get(`/pagamenti/${position.id}/avviso.pdf`)).statusCode).toBe(404);
    expect((await other.post(`/pagamenti/${position.id}/paga`)).statusCode).toBe(404);
    expect((await citizen.get('/pagamenti/abc')).statusCode).toBe(404);
  });

  it('a company\'s position is seen by whoever acts for the company, not by them as a person', async () => {
    const position = await createPosition(h.app, { debtor: { fiscalCode: '01199250158', name: 'Neri Forniture S.r.l.' }, ownerFiscalCode: 'RSSMRA80A01H501U' });
    const forCompany = await loginAs(h.app, TEST_PEOPLE.representative, { company: '01199250158' });
    expect((await forCompany.get(`/pagamenti/${position.id}`)).statusCode).toBe(200);
    expect((await forCompany.get('/pagamenti')).body).toContain(`href="/pagamenti/${position.id}"`);
    const asPerson = await loginAs(h.app, TEST_PEOPLE.representative, { company: 'self' });
    expect((await asPerson.get(`/pagamenti/${position.id}`)).statusCode).toBe(404);
    const owner = await loginAs(h.app, TEST_PEOPLE.citizen3);
    expect((await owner.get(`/pagamenti/${position.id}`)).statusCode).toBe(200);
  });

  it('show the position with its notice number in groups of four, "Paga online" and the notice', async () => {
    const position = await createPosition(h.app);
    const page = await citizen.get(`/pagamenti/${position.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(position.noticeNumberGrouped);
    expect(page.body).toContain('80,00');
    expect(page.body).toContain('Diritti di segreteria');
    expect(page.body).toMatch(/<form method="post" action="\/pagamenti\/\d+\/paga">\s*<input type="hidden" name="_csrf"/);
    expect(page.body).toContain(`href="/pagamenti/${position.id}/avviso.pdf"`);
    expect(page.headers['cache-control']).toBe('no-store');
    const english = await citizen.get(`/pagamenti/${position.id}?lang=en`);
    expect(english.body).toContain('Pay online');
    expect(english.body).toContain('€80.00');
    await citizen.get('/?lang=it'); // the language choice sticks: back to Italian
  });

  it('"Paga online" needs the CSRF token', async () => {
    const position = await createPosition(h.app);
    expect((await citizen.post(`/pagamenti/${position.id}/paga`, {}, { csrf: false })).statusCode).toBe(403);
  });

  it('list what is due and what was paid', async () => {
    const due = await createPosition(h.app, { reason: 'Da pagare per la lista' });
    const paid = await createPosition(h.app, { reason: 'Pagato per la lista' });
    await notify(notification(paid, 'paid'));
    const list = await citizen.get('/pagamenti');
    expect(list.statusCode).toBe(200);
    const [duePart, paidPart] = list.body.split('id="paid-heading"');
    expect(duePart).toContain(`href="/pagamenti/${due.id}"`);
    expect(paidPart).toContain(`href="/pagamenti/${paid.id}"`);
    expect(duePart).not.toContain(`href="/pagamenti/${paid.id}"`);
    expect((await other.get('/pagamenti')).body).not.toContain(`href="/pagamenti/${due.id}"`);
  });
});

describe('paying through the sandbox', () => {
  it('a return without any notification asks the provider and shows the payment made', async () => {
    const position = await createPosition(h.app);
    const back = await payAtSandbox(citizen, position.id, 'pay', 'none');
    expect(back).toBe(`${h.baseUrl}/pagamenti/${position.id}/esito?esito=ok`);
    expect(await statusOf(position.id)).toBe('pending'); // nothing is believed until asked
    const page = await citizen.get(pathOf(back));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pagamento riuscito');
    expect(page.body).toContain(`href="/pagamenti/${position.id}/ricevuta.pdf"`);
    expect(await statusOf(position.id)).toBe('paid');
    const transitions = await payments().transitions(position.id);
    expect(transitions.map((t) => [t.from_status, t.to_status, t.source])).toEqual([['pending', 'paid', 'return']]);
  });

  it('the return URL alone proves nothing', async () => {
    const position = await createPosition(h.app);
    await citizen.post(`/pagamenti/${position.id}/paga`);
    const forged = await citizen.get(`/pagamenti/${position.id}/esito?esito=ok`);
    expect(forged.statusCode).toBe(200);
    expect(forged.body).toContain('Stiamo aspettando la conferma');
    expect(await statusOf(position.id)).toBe('pending');
  });

  it('a refused payment leaves the position payable, and another try works', async () => {
    const position = await createPosition(h.app);
    const back = await payAtSandbox(citizen, position.id, 'fail', 'none');
    const page = await citizen.get(pathOf(back));
    expect(page.body).toContain('non è andato a buon fine');
    expect(page.body).toContain('Riprova il pagamento');
    expect(await statusOf(position.id)).toBe('pending');
    const again = await payAtSandbox(citizen, position.id, 'pay', 'none');
    await citizen.get(pathOf(again));
    expect(await statusOf(position.id)).toBe('paid');
  });

  it('a cancelled payment says so and changes nothing', async () => {
    const position = await createPosition(h.app);
    const back = await payAtSandbox(citizen, position.id, 'cancel', 'none');
    expect(back).toContain('esito=annullato');
    expect((await citizen.get(pathOf(back))).body).toContain('Hai annullato il pagamento');
    expect(await statusOf(position.id)).toBe('pending');
  });

  it('the sandbox\'s duplicated notifications over HTTP make one transition', async () => {
    const position = await createPosition(h.app);
    await payAtSandbox(citizen, position.id, 'pay', 'duplicate');
    // all three sent and answered
    await payments().sandbox!.delivered();
    expect(await statusOf(position.id)).toBe('paid');
    expect(await payments().notificationsCount(position.id)).toBe(1);
    const transitions = await payments().transitions(position.id);
    expect(transitions.map((t) => [t.to_status, t.source])).toEqual([['paid', 'notification']]);
  });

  it('the sandbox\'s out-of-order notifications leave the position paid', async () => {
    const position = await createPosition(h.app);
    await payAtSandbox(citizen, position.id, 'pay', 'out-of-order');
    await payments().sandbox!.delivered();
    expect(await payments().notificationsCount(position.id)).toBe(2);
    expect(await statusOf(position.id)).toBe('paid');
    const outcomes = await h.app.db.selectFrom('payment_notifications').select(['reported_status', 'outcome']).where('position_id', '=', position.id).orderBy('id').execute();
    expect(outcomes).toEqual([
      { reported_status: 'paid', outcome: 'applied' },
      { reported_status: 'pending', outcome: 'ignored' },
    ]);
  });

  it('a second payment of a paid notice is refused by the provider', async () => {
    const position = await createPosition(h.app);
    await citizen.post(`/pagamenti/${position.id}/paga`); // a first tab
    const first = await payAtSandbox(citizen, position.id, 'pay', 'none');
    await citizen.get(pathOf(first));
    // the position is paid: "Paga online" shows it instead of charging again
    const again = await citizen.post(`/pagamenti/${position.id}/paga`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/pagamenti/${position.id}`);
  });
});

describe('notifications', () => {
  it('the same notification three times makes one transition', async () => {
    const position = await createPosition(h.app);
    const body = notification(position, 'paid');
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await notify(body));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.json().outcome)).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await statusOf(position.id)).toBe('paid');
    expect(await payments().transitions(position.id)).toHaveLength(1);
    expect(await payments().notificationsCount(position.id)).toBe(1);
  });

  it('paid then pending stays paid', async () => {
    const position = await createPosition(h.app);
    expect((await notify(notification(position, 'paid'))).json().outcome).toBe('applied');
    const late = await notify(notification(position, 'pending'));
    expect(late.statusCode).toBe(200);
    expect(late.json()).toEqual({ outcome: 'ignored', status: 'paid' });
    const failed = await notify(notification(position, 'failed'));
    expect(failed.json()).toEqual({ outcome: 'ignored', status: 'paid' });
    expect(await statusOf(position.id)).toBe('paid');
    expect(await payments().transitions(position.id)).toHaveLength(1);
  });

  it('a bad signature is refused and changes nothing', async () => {
    const position = await createPosition(h.app);
    const body = notification(position, 'paid');
    const forged = await notify(body, sign('not-the-secret-not-the-secret-not-the-secret', JSON.stringify(body), Date.now()));
    expect(forged.statusCode).toBe(401);
    const unsigned = await h.app.inject({ method: 'POST', url: '/pagamenti/notifiche/sandbox', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(unsigned.statusCode).toBe(401);
    const stale = await notify(body, sign(secret(), JSON.stringify(body), Date.now() - 3600_000));
    expect(stale.statusCode).toBe(401);
    // signed, then altered on the way
    const raw = JSON.stringify(body);
    const tampered = await h.app.inject({
      method: 'POST',
      url: '/pagamenti/notifiche/sandbox',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(secret(), raw, Date.now()) },
      payload: raw.replace(`"paymentAmountCents":${position.amountCents}`, '"paymentAmountCents":1'),
    });
    expect(tampered.statusCode).toBe(401);
    expect(await statusOf(position.id)).toBe('pending');
    expect(await payments().notificationsCount(position.id)).toBe(0);
    expect(await payments().transitions(position.id)).toHaveLength(0);
  });

  it('a notification for an unknown position is refused and logged', async () => {
    const position = await createPosition(h.app);
    const body = notification(position, 'paid', { noticeNumber: '302032002700000251' });
    const answer = await notify(body);
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toEqual({ outcome: 'refused', reason: 'unknown-position' });
    expect(h.logs.some((line) => line.msg === 'payment notification for an unknown position refused' && line.noticeNumber === '302032002700000251')).toBe(true);
    expect(await statusOf(position.id)).toBe('pending');
  });

  it('a malformed notification is refused', async () => {
    const position = await createPosition(h.app);
    expect((await notify({ ...notification(position, 'paid'), receipt: undefined })).statusCode).toBe(400);
    expect((await notify({ hello: 'world' })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'POST', url: '/pagamenti/notifiche/pagopa', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(404);
  });
});

describe('reconciliation', () => {
  it('settles a position whose notification never came', async () => {
    const position = await createPosition(h.app);
    await payAtSandbox(citizen, position.id, 'pay', 'none');
    expect(await statusOf(position.id)).toBe('pending');
    const report = await payments().reconcile({ asOf: new Date(Date.now() + 86_400_000) });
    expect(report.settled).toBeGreaterThanOrEqual(1);
    expect(report.errors).toEqual([]);
    expect(await statusOf(position.id)).toBe('paid');
    const transitions = await payments().transitions(position.id);
    expect(transitions.map((t) => [t.to_status, t.source])).toEqual([['paid', 'reconciliation']]);
  });

  it('registers positions with the provider and expires those past their due date', async () => {
    const position = await createPosition(h.app, { dueDate: '2020-01-31', expireAfterDueDate: true });
    expect((await payments().find(position.id))!.published).toBe(false);
    await payments().reconcile({ asOf: new Date(Date.now() + 86_400_000) });
    expect((await payments().find(position.id))!.published).toBe(true);
    await payments().reconcile({ asOf: new Date(Date.now() + 2 * 86_400_000) });
    expect(await statusOf(position.id)).toBe('expired');
    // the owner is told, in the same transaction as the change, once
    const told = await h.app.db.selectFrom('notifications').select(['kind', 'recipient_fiscal_code', 'data']).where('dedupe_key', '=', `payment:${position.id}:expired`).execute();
    expect(told).toEqual([
      {
        kind: 'payment.expired',
        recipient_fiscal_code: CITIZEN.fiscalCode,
        data: expect.objectContaining({ amountCents: position.amountCents, noticeNumber: position.noticeNumber, dueDate: '2020-01-31', link: `/pagamenti/${position.id}` }),
      },
    ]);
    const inbox = await citizen.get('/area-personale/messaggi');
    expect(inbox.body).toContain('Pagamento scaduto');
    // money taken after all (a late receipt): it counts
    expect((await notify(notification(position, 'paid'))).json()).toEqual({ outcome: 'applied', status: 'paid' });
  });

  it('ends a visit to the payment page an hour later on its clock, with no waiting', async () => {
    // the same service over the same database, on a clock the test moves
    const clock = testClock(Date.now());
    const service = await createPaymentsService(h.app.db, h.app.config, { clock });
    try {
      const position = await h.app.db.transaction().execute((trx) => service.createPosition(trx, positionInput()));
      const checkout = await service.startPayment(position.id, CITIZEN);
      expect(await service.openCheckoutUrl(position.id, CITIZEN)).toBe(checkout);
      clock.advance(59 * 60_000);
      expect(await service.openCheckoutUrl(position.id, CITIZEN)).toBe(checkout);
      clock.advance(2 * 60_000);
      expect(await service.openCheckoutUrl(position.id, CITIZEN)).toBeNull();
      // the reconciliation finds the visit over, and the position still to pay
      const report = await service.reconcile();
      expect(report.attemptsExpired).toBeGreaterThanOrEqual(1);
      const attempts = await h.app.db.selectFrom('payment_attempts').select('status').where('position_id', '=', position.id).execute();
      expect(attempts).toEqual([{ status: 'expired' }]);
      expect(await statusOf(position.id)).toBe('pending');
    } finally {
      await service.close();
    }
  });

  it('runs on a timer that the app stops when it closes', async () => {
    // a second portal process on the same database, with the job every second
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', BASE_URL: h.baseUrl, PAYMENTS_RECONCILE_INTERVAL_SECONDS: '1' });
    const second = await buildApp(config, { database: h.database.handle, skipSetup: true });
    await second.ready();
    try {
      const position = await createPosition(h.app);
      await eventually(async () => (await payments().find(position.id))!.published, 10_000);
    } finally {
      await second.close();
    }
  });
});

describe('documents', () => {
  it('the notice PDF has creditor, debtor, amount, due date and the number in groups of four', async () => {
    const position = await createPosition(h.app, { amountCents: 12345, dueDate: '2099-03-15' });
    const res = await citizen.get(`/pagamenti/${position.id}/avviso.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`avviso-pagamento-${position.noticeNumber}.pdf`);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('AVVISO DI PAGAMENTO');
    expect(text).toContain(h.app.config.comune.name);
    expect(text).toContain('00085240950');
    expect(text).toContain('Giulio Cesare');
    expect(text).toContain('CSRGGL44L13H501E');
    expect(text).toContain('123,45 €');
    expect(text).toContain('15/03/2099');
    expect(text).toContain(position.noticeNumber.replace(/(.{4})(?=.)/g, '$1 '));
    const english = (await pdfText((await citizen.get(`/pagamenti/${position.id}/avviso.pdf?lang=en`)).rawPayload)).replace(/\s+/g, ' ');
    expect(english).toContain('PAYMENT NOTICE');
    expect(english).toContain('€123.45');
    await citizen.get('/?lang=it');
  });

  it('the notice QR code is PAGOPA|002|notice|creditor|cents at level M', async () => {
    const position = await createPosition(h.app, { amountCents: 8000 });
    const { payload, code } = noticeQr(position);
    expect(payload).toBe(`PAGOPA|002|${position.noticeNumber}|00085240950|8000`);
    expect(code.errorCorrectionLevel).toBe(QRCode.create(payload, { errorCorrectionLevel: 'M' }).errorCorrectionLevel);
    expect(code.errorCorrectionLevel.bit).toBe(0); // M
  });

  it('the receipt PDF exists only once paid, and says what was paid', async () => {
    const position = await createPosition(h.app);
    expect((await citizen.get(`/pagamenti/${position.id}/ricevuta.pdf`)).statusCode).toBe(404);
    const body = notification(position, 'paid');
    await notify(body);
    const res = await citizen.get(`/pagamenti/${position.id}/ricevuta.pdf`);
    expect(res.statusCode).toBe(200);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('RICEVUTA DI PAGAMENTO');
    expect(text).toContain('80,00 €');
    expect(text).toContain((body.receipt as { receiptId: string }).receiptId);
    expect(text).toContain(position.iuv);
    expect(text).toContain('Banca di Prova');
    // a paid position has no notice to pay any more
    expect((await citizen.get(`/pagamenti/${position.id}/avviso.pdf`)).statusCode).toBe(404);
  });
});

describe('for the submissions domain', () => {
  it('turns a definition\'s fees into a position inside the filing transaction', async () => {
    const fees = feesSchema.parse({
      taxonomyCode: '0101108TS',
      dueDays: 10,
      items: [
        { id: 'diritti', type: 'fixed', label: { it: 'Diritti', en: 'Fees' }, amountCents: 8000 },
        { id: 'bollo', type: 'stampDuty', label: { it: 'Bollo', en: 'Stamp' }, declaredBy: 'marca' },
      ],
    });
    const declared = { marca: { serial: '0123456789012345', issuedOn: '2025-01-10' } };
    const position = await h.app.db.transaction().execute((trx) =>
      payments().createPositionForFees(trx, { fees, answers: declared, debtor: CITIZEN, reason: { it: 'CILA - 2025/0000042', en: 'CILA - 2025/0000042' }, submissionId: 42 }),
    );
    expect(position!.amountCents).toBe(8000);
    expect(position!.submissionId).toBe(42);
    expect(position!.items.map((i) => [i.id, i.settlement])).toEqual([['diritti', 'online'], ['bollo', 'declared']]);
    expect(position!.dueDate).toBe(addDays(romeDate(new Date()), 10));
    const page = await citizen.get(`/pagamenti/${position!.id}`);
    expect(page.body).toContain('marca da bollo dichiarata, n. 0123456789012345');
    const onlyStamp = feesSchema.parse({ taxonomyCode: '0101108TS', items: [{ id: 'bollo', type: 'stampDuty', label: { it: 'Bollo', en: 'Stamp' }, declaredBy: 'marca' }] });
    expect(await h.app.db.transaction().execute((trx) => payments().createPositionForFees(trx, { fees: onlyStamp, answers: declared, debtor: CITIZEN, reason: { it: 'x', en: 'x' } }))).toBeNull();
  });

  it('tells whether a filing is paid', async () => {
    const submissionId = 900_000 + Math.floor(Math.random() * 1000);
    expect(await payments().submissionPaymentStatus(submissionId)).toBe('none');
    const first = await createPosition(h.app, { submissionId });
    const second = await createPosition(h.app, { submissionId, amountCents: 1600 });
    expect(await payments().submissionPaymentStatus(submissionId)).toBe('pending');
    await notify(notification(first, 'paid'));
    expect(await payments().submissionPaymentStatus(submissionId)).toBe('pending');
    await notify(notification(second, 'paid'));
    expect(await payments().submissionPaymentStatus(submissionId)).toBe('paid');
    const map = await payments().bySubmission([submissionId]);
    expect(map.get(submissionId)?.map((p) => p.status)).toEqual(['paid', 'paid']);
  });
});

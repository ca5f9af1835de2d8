// Payments in the back office, through the real app: a filing's payment status in the queue and
// on the case page; the clerk's request for a further payment (bad input refused with 422 and
// nothing written; one position, one message to the applicant and one event of the case's log;
// a double post of the same form creating nothing more), which the citizen then sees and pays
// in the sandbox, and which the office then sees paid; the notice and receipt as PDF; the
// offices' payments list with its filters, pages and CSV; another office's clerk seeing none of
// it; a closed case refusing a request.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChains } from '../../../src/backoffice/audit-verify.ts';
import { addDays, romeDate } from '../../../src/platform/time.ts';
import { formatNoticeNumber } from '../../../src/payments/notice-number.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, CITIZEN2, fileResidence, multipart } from './helpers.ts';

let t: TestApp;
let clerk: PortalAgent;
let edilizia: PortalAgent;
let citizen: PortalAgent;
let filing: { id: number; publicId: string };
let later: { id: number; publicId: string };
let paidId: number;
let expiredId: number;

const today = romeDate(new Date());
const casePath = (f: { publicId: string } = filing) => `/backoffice/pratiche/${f.publicId}`;
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

const positionsOf = (submissionId: number) => t.app.db.selectFrom('payment_positions').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
/** The payment requests sent to the filing's applicant (the residence certificate has no fees of its own). */
const requestedNotices = (recipient: string) =>
  t.app.db.selectFrom('notifications').selectAll().where('kind', '=', 'payment.requested').where('recipient_fiscal_code', '=', recipient).execute();
const paymentEvents = (submissionId: number) => t.app.db.selectFrom('case_events').selectAll().where('submission_id', '=', submissionId).where('kind', '=', 'payment_requested').execute();

/** The queue row of a filing (its <tr>), from the link to its case. */
function queueRow(body: string, f: { publicId: string }): string {
  const start = body.indexOf(`href="${casePath(f)}"`);
  expect(start, 'the filing is in the queue').toBeGreaterThan(-1);
  return body.slice(start, body.indexOf('</tr>', start));
}

function form(overrides: Record<string, string> = {}): Record<string, string> {
  return { importo: '80,50', causale: 'Diritti di istruttoria', scadenza: addDays(today, 30), tassonomia: '0101108TS', chiave: randomUUID(), ...overrides };
}

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  filing = await fileResidence(t.app, CITIZEN);
  later = await fileResidence(t.app, CITIZEN2);
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  edilizia = await loginAs(t, TEST_PEOPLE.clerkEdilizia);
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

describe('a filing with no payment', () => {
  it('says so in the queue and on the case page, which offers the request form', async () => {
    const queue = await clerk.get('/backoffice');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('<th scope="col">Pagamenti</th>');
    expect(queueRow(queue.body, filing)).toContain('data-payment="none">Nessun pagamento<');
    const page = await clerk.get(casePath());
    expect(page.body).toContain('Per questa pratica non è stato richiesto alcun pagamento.');
    expect(page.body).toContain(`action="${casePath()}/pagamento"`);
    expect(page.body).toContain(`value="${addDays(today, 30)}"`);
    // the residence certificate has no fees: the comune's default taxonomy code (PAGOPA_DEFAULT_TAXONOMY_CODE)
    expect(page.body).toContain('Se lo lasci vuoto si usa quello predefinito del Comune: 0101108TS.');
    expect(page.body).toMatch(/name="chiave" value="[0-9a-f-]{36}"/);
  });
});

describe('the clerk requests a payment', () => {
  it('refuses a bad amount with 422, the message and the input kept, and writes nothing', async () => {
    const before = await t.app.db.selectFrom('cases').select('last_event_seq').where('submission_id', '=', filing.id).executeTakeFirstOrThrow();
    const res = await clerk.post(`${casePath()}/pagamento`, form({ importo: 'ottanta', causale: 'Diritti di segreteria' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="error-summary"');
    expect(res.body).toContain('href="#payment-importo"');
    expect(res.body).toContain('Scrivi un importo in euro maggiore di zero, ad esempio 80 oppure 80,50 (al massimo due decimali).');
    expect(res.body).toMatch(/id="payment-importo" name="importo" value="ottanta"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('value="Diritti di segreteria"');
    expect(await positionsOf(filing.id)).toEqual([]);
    expect(await requestedNotices(CITIZEN.fiscalCode)).toEqual([]);
    const after = await t.app.db.selectFrom('cases').select('last_event_seq').where('submission_id', '=', filing.id).executeTakeFirstOrThrow();
    expect(after.last_event_seq).toBe(before.last_event_seq);
  });

  it.each([
    ['zero', { importo: '0' }, 'importo', 'Scrivi un importo in euro maggiore di zero'],
    ['three decimals', { importo: '10,555' }, 'importo', 'Scrivi un importo in euro maggiore di zero'],
    ['a past due date', { scadenza: addDays(today, -1) }, 'scadenza', 'Scrivi una data di scadenza da oggi a non oltre due anni.'],
    ['a due date too far', { scadenza: addDays(today, 800) }, 'scadenza', 'Scrivi una data di scadenza da oggi a non oltre due anni.'],
    ['a short reason', { causale: 'x' }, 'causale', 'Scrivi un testo di almeno 3 caratteri (al massimo 140).'],
    ['a bad taxonomy code', { tassonomia: '12345' }, 'tassonomia', 'Scrivi un codice di tassonomia pagoPA valido'],
  ])('refuses %s with 422 and changes nothing', async (_what, overrides, field, message) => {
    const res = await clerk.post(`${casePath()}/pagamento`, form(overrides));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`href="#payment-${field}"`);
    expect(res.body).toContain(message);
    expect(await positionsOf(filing.id)).toEqual([]);
    expect(await paymentEvents(filing.id)).toEqual([]);
  });

  it('in English, the message is in English', async () => {
    const res = await clerk.post(`${casePath()}/pagamento?lang=en`, form({ importo: '-5' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Enter an amount in euro above zero');
    await clerk.get('/backoffice?lang=it');
  });

  it('creates one position, one message to the applicant and one event, in one go; the same form again creates nothing', async () => {
    const sent = form();
    const res = await clerk.post(`${casePath()}/pagamento`, sent);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${casePath()}?fatto=payment`);
    const positions = await positionsOf(filing.id);
    expect(positions).toHaveLength(1);
    const position = positions[0]!;
    paidId = position.id;
    expect(position).toMatchObject({
      amount_cents: 8050,
      reason: 'Diritti di istruttoria',
      due_date: addDays(today, 30),
      taxonomy_code: '0101108TS',
      debtor_fiscal_code: CITIZEN.fiscalCode,
      debtor_name: 'Giulio Cesare',
      debtor_type: 'F',
      owner_fiscal_code: CITIZEN.fiscalCode,
      status: 'pending',
    });
    const notices = await requestedNotices(CITIZEN.fiscalCode);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ recipient_fiscal_code: CITIZEN.fiscalCode, dedupe_key: `payment:${position.id}:requested` });
    expect(notices[0]!.data).toMatchObject({ amountCents: 8050, noticeNumber: position.notice_number, link: `/pagamenti/${position.id}`, dueDate: addDays(today, 30) });
    const events = await paymentEvents(filing.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_kind: 'clerk', actor_fiscal_code: TEST_PEOPLE.clerkAnagrafe, reason: 'Diritti di istruttoria' });
    expect(events[0]!.data).toMatchObject({ positionId: position.id, amountCents: 8050, key: sent.chiave });
    expect((await verifyChains(t.app.db)).broken).toEqual([]);

    // a double click, or the form sent again from the browser's history
    const again = await clerk.post(`${casePath()}/pagamento`, sent);
    expect(again.statusCode).toBe(303);
    expect(await positionsOf(filing.id)).toHaveLength(1);
    expect(await requestedNotices(CITIZEN.fiscalCode)).toHaveLength(1);
    expect(await paymentEvents(filing.id)).toHaveLength(1);
  });

  it('two posts of the same form at once make one position', async () => {
    const third = await fileResidence(t.app, CITIZEN);
    const sent = form({ importo: '1.234,56' });
    const results = await Promise.all([clerk.post(`${casePath(third)}/pagamento`, sent), clerk.post(`${casePath(third)}/pagamento`, sent)]);
    expect(results.map((r) => r.statusCode)).toEqual([303, 303]);
    const positions = await positionsOf(third.id);
    expect(positions.map((p) => p.amount_cents)).toEqual([123456]);
    expect(await paymentEvents(third.id)).toHaveLength(1);
  });

  it('shows the confirmation, the position in the panel and the event, and "to pay" in the queue', async () => {
    const position = (await positionsOf(filing.id))[0]!;
    const page = await clerk.get(`${casePath()}?fatto=payment`);
    expect(page.body).toContain('Il pagamento è stato richiesto: il richiedente riceve l&#39;avviso');
    const row = page.body.slice(page.body.indexOf(`data-position="${position.id}"`));
    expect(row).toContain('Diritti di istruttoria');
    expect(row).toContain('80,50');
    expect(row).toContain(formatNoticeNumber(position.notice_number));
    expect(row).toContain('<strong>Da pagare</strong>');
    expect(row).toContain(`href="${casePath()}/pagamenti/${position.id}/avviso.pdf"`);
    expect(page.body).toContain('Situazione dei pagamenti: Da pagare.');
    expect(page.body).toContain(`Pagamento richiesto: 80,50`);
    expect(queueRow((await clerk.get('/backoffice')).body, filing)).toContain('data-payment="pending">Da pagare<');
  });

  it('the citizen finds it in the personal area\'s payments', async () => {
    const position = (await positionsOf(filing.id))[0]!;
    const list = await citizen.get('/pagamenti');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Diritti di istruttoria');
    expect(list.body).toContain(`/pagamenti/${position.id}`);
  });

  it('gives the clerk the notice as PDF, and logs it; no receipt before the payment', async () => {
    const notice = await clerk.get(`${casePath()}/pagamenti/${paidId}/avviso.pdf`);
    expect(notice.statusCode).toBe(200);
    expect(notice.headers['content-type']).toBe('application/pdf');
    expect(notice.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audits = await t.app.db.selectFrom('audit_log').selectAll().where('submission_id', '=', filing.id).where('action', '=', 'payment.notice').execute();
    expect(audits).toHaveLength(1);
    expect((await clerk.get(`${casePath()}/pagamenti/${paidId}/ricevuta.pdf`)).statusCode).toBe(404);
    // a position of another filing, through this filing's URL
    expect((await clerk.get(`${casePath(later)}/pagamenti/${paidId}/avviso.pdf`)).statusCode).toBe(404);
  });

  it('turns to paid once the citizen pays in the sandbox, with the receipt for the clerk', async () => {
    const start = await citizen.post(`/pagamenti/${paidId}/paga`);
    expect(start.statusCode).toBe(303);
    const checkout = pathOf(String(start.headers.location));
    expect((await citizen.get(checkout)).statusCode).toBe(200);
    const done = await citizen.post(checkout, { action: 'pay', delivery: 'none' });
    expect(done.statusCode).toBe(303);
    expect((await citizen.get(pathOf(String(done.headers.location)))).statusCode).toBe(200);
    expect((await t.app.services.payments.find(paidId))!.status).toBe('paid');

    expect(queueRow((await clerk.get('/backoffice')).body, filing)).toContain('data-payment="paid">Pagato<');
    const page = await clerk.get(casePath());
    expect(page.body).toContain('Situazione dei pagamenti: Pagato.');
    expect(page.body).toContain('<strong>Pagato</strong>');
    expect(page.body).toContain(`href="${casePath()}/pagamenti/${paidId}/ricevuta.pdf"`);
    expect(page.body).not.toContain(`/pagamenti/${paidId}/avviso.pdf`);
    const receipt = await clerk.get(`${casePath()}/pagamenti/${paidId}/ricevuta.pdf`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
  });

  it('shows "expired" for a filing whose only payment expired unpaid', async () => {
    const position = await t.app.db.transaction().execute((trx) =>
      t.app.services.payments.createPosition(trx, {
        debtor: { fiscalCode: CITIZEN2.fiscalCode, name: 'Ada Lovelace' },
        amountCents: 1600,
        reason: 'Imposta di bollo',
        dueDate: '2020-01-31',
        expireAfterDueDate: true,
        taxonomyCode: '0101108TS',
        submissionId: later.id,
      }),
    );
    expiredId = position.id;
    await t.app.services.payments.reconcile({ asOf: new Date(Date.now() + 86_400_000) });
    await t.app.services.payments.reconcile({ asOf: new Date(Date.now() + 2 * 86_400_000) });
    expect((await t.app.services.payments.find(expiredId))!.status).toBe('expired');
    expect(queueRow((await clerk.get('/backoffice')).body, later)).toContain('data-payment="expired">Scaduto<');
    expect((await clerk.get(casePath(later))).body).toContain('Situazione dei pagamenti: Scaduto.');
  });
});

describe('the offices\' payments list', () => {
  const notice = (id: number) => t.app.services.payments.find(id).then((p) => formatNoticeNumber(p!.noticeNumber));

  it('lists the positions of the office\'s filings, newest first, and is linked from the back office', async () => {
    expect((await clerk.get('/backoffice')).body).toContain('href="/backoffice/pagamenti"');
    const res = await clerk.get('/backoffice/pagamenti');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Pagamenti delle pratiche</h1>');
    const [paid, expired] = [await notice(paidId), await notice(expiredId)];
    expect(res.body.indexOf(expired)).toBeGreaterThan(-1);
    expect(res.body.indexOf(paid)).toBeGreaterThan(res.body.indexOf(expired));
    expect(res.body).toContain(`href="${casePath()}"`);
  });

  it.each([
    ['stato=paid', [true, false]],
    ['stato=expired', [false, true]],
    ['stato=pending', [false, false]],
    ['data=pagamento&dal=TODAY&al=TODAY', [true, false]],
    ['data=pagamento&al=YESTERDAY', [false, false]],
    ['data=creazione&dal=TODAY', [true, true]],
    ['data=creazione&dal=TOMORROW', [false, false]],
    ['data=creazione&al=YESTERDAY', [false, false]],
    ['procedura=999999', [false, false]],
  ])('filters by %s', async (query, [paidShown, expiredShown]) => {
    const q = query.replaceAll('YESTERDAY', addDays(today, -1)).replaceAll('TOMORROW', addDays(today, 1)).replaceAll('TODAY', today);
    const body = (await clerk.get(`/backoffice/pagamenti?${q}`)).body;
    expect(body.includes(await notice(paidId)), 'the paid one').toBe(paidShown);
    expect(body.includes(await notice(expiredId)), 'the expired one').toBe(expiredShown);
  });

  it('filters by procedure', async () => {
    const procedure = await t.app.db.selectFrom('procedures').select('id').where('slug', '=', 'certificato-residenza').executeTakeFirstOrThrow();
    const body = (await clerk.get(`/backoffice/pagamenti?procedura=${procedure.id}`)).body;
    expect(body).toContain(await notice(paidId));
    expect(body).toContain(await notice(expiredId));
  });

  it('exports the list as CSV with the same filters, and logs the export', async () => {
    const res = await clerk.get('/backoffice/pagamenti/export.csv?stato=paid');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="pagamenti-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Codice avviso,IUV,Protocollo,Procedimento,Ufficio,Causale,Importo (EUR),Stato,Scadenza,Richiesto il,Pagato il,Importo pagato (EUR),Identificativo ricevuta,Intestatario,CF/P.IVA intestatario,Tassonomia,Identificativo,Nota,Importo ricevuto non corrispondente (EUR)');
    expect(lines).toHaveLength(2);
    const paid = (await t.app.services.payments.find(paidId))!;
    const cells = lines[1]!.split(',');
    expect(cells.slice(0, 2)).toEqual([paid.noticeNumber, paid.iuv]);
    expect(cells).toContain('80.50');
    expect(cells).toContain('paid');
    expect(cells).toContain(filing.publicId);
    expect(cells).toContain(CITIZEN.fiscalCode);
    const all = await clerk.get('/backoffice/pagamenti/export.csv');
    expect(all.body.trim().split('\r\n')).toHaveLength(4);
    const exports = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'payments.export').execute();
    expect(exports).toHaveLength(2);
  });

  it('pages through many positions with a cursor', async () => {
    await t.app.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 50; i++) {
        await t.app.services.payments.createPosition(trx, { debtor: { fiscalCode: CITIZEN2.fiscalCode, name: 'Ada Lovelace' }, amountCents: 100 + i, reason: `Rata ${i + 1}`, dueDate: '2099-12-31', taxonomyCode: '0101108TS', submissionId: later.id });
      }
    });
    const first = await clerk.get('/backoffice/pagamenti');
    expect(first.body).toContain('Rata 50');
    expect(first.body).not.toContain(await notice(paidId));
    const next = /href="(\/backoffice\/pagamenti\?prima=\d+)" rel="next"/.exec(first.body)![1]!;
    const second = await clerk.get(next);
    expect(second.body).toContain(await notice(paidId));
    expect(second.body).not.toContain('Rata 50<');
    expect(second.body).not.toContain('rel="next"');
    expect(second.body).toContain('href="/backoffice/pagamenti">Prima pagina');
    // the export is never paged
    expect((await clerk.get('/backoffice/pagamenti/export.csv')).body.trim().split('\r\n')).toHaveLength(54);
  });
});

describe('another office', () => {
  it('sees none of these payments and cannot ask for one', async () => {
    const list = await edilizia.get('/backoffice/pagamenti');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(filing.publicId);
    expect(list.body).toContain('Nessun pagamento corrisponde ai filtri.');
    expect((await edilizia.get('/backoffice/pagamenti/export.csv')).body).not.toContain(filing.publicId);
    expect((await edilizia.get('/backoffice/pagamenti?ufficio=anagrafe')).statusCode).toBe(404);
    expect((await edilizia.get('/backoffice/pagamenti/export.csv?ufficio=anagrafe')).statusCode).toBe(404);
    expect((await edilizia.get(`${casePath()}/pagamenti/${paidId}/ricevuta.pdf`)).statusCode).toBe(404);
    const before = (await positionsOf(filing.id)).length;
    const res = await edilizia.post(`${casePath()}/pagamento`, form());
    expect(res.statusCode).toBe(404);
    expect(await positionsOf(filing.id)).toHaveLength(before);
  });

  it('and a citizen gets 404 on the whole of it', async () => {
    expect((await citizen.get('/backoffice/pagamenti')).statusCode).toBe(404);
    expect((await citizen.get('/backoffice/pagamenti/export.csv')).statusCode).toBe(404);
    expect((await citizen.get(`${casePath()}/pagamenti/${paidId}/ricevuta.pdf`)).statusCode).toBe(404);
  });
});

describe('a closed case', () => {
  it('refuses a payment request with a clear message and changes nothing', async () => {
    expect((await clerk.post(`${casePath()}/prendi-in-carico`)).statusCode).toBe(303);
    const token = /name="_csrf" value="([^"]+)"/.exec((await clerk.get(casePath())).body)![1]!;
    const body = multipart({ _csrf: token, esito: 'approved', motivazione: 'Residenza verificata: si rilascia il certificato.' });
    const decided = await clerk.inject({ method: 'POST', url: `${casePath()}/decisione`, payload: body.payload, headers: body.headers });
    expect(decided.statusCode).toBe(303);
    const page = await clerk.get(casePath());
    expect(page.body).not.toContain(`action="${casePath()}/pagamento"`);
    // the panel stays, read-only
    expect(page.body).toContain('Situazione dei pagamenti: Pagato.');
    const before = (await positionsOf(filing.id)).length;
    const res = await clerk.post(`${casePath()}/pagamento`, form());
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('La pratica è conclusa: non si possono più richiedere pagamenti.');
    expect(await positionsOf(filing.id)).toHaveLength(before);
    expect(await paymentEvents(filing.id)).toHaveLength(1);
  });
});

// Fees paid before submission (the zoning certificate, CDU): "Invia" stores the filing and its
// payment position, and the filing waits: no protocol number, no case in the office queue.
// When the sandbox payment is settled the filing is filed in that same transaction, with the
// payment time as its receipt time, then numbered, and the person hears of it. A payment that
// arrives after the notice expired files it all the same (the comune has the money); a receipt
// for another amount files nothing and is flagged for the office.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalAgent } from '../../helpers/login.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';
import { selfApplicant, type Applicant } from '../../../src/submissions/submissions.service.ts';
import { findStep } from '../../../src/forms/index.ts';
import { mustPayBeforeFiling } from '../../../src/payments/fees.ts';
import type { ProviderPosition } from '../../../src/payments/providers/provider.ts';
import { verifyChains } from '../../../src/backoffice/audit-verify.ts';
import { paidEvent, pathOf, signedHeaders, startPortal, type PaymentsHarness } from './harness.ts';

const CDU = 'certificato-destinazione-urbanistica';
const GIULIO: Applicant = selfApplicant({ fiscalCode: TEST_PEOPLE.citizen, givenName: 'Giulio', familyName: 'Cesare', spidLevel: 2 });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let h: PaymentsHarness;
let citizen: PortalAgent;
let clerk: PortalAgent;

beforeAll(async () => {
  h = await startPortal();
  citizen = await loginAs(h.app, TEST_PEOPLE.citizen);
  clerk = await loginAs(h.app, TEST_PEOPLE.clerkEdilizia);
});
afterAll(async () => h?.close());

/** Fills the CDU up to the summary (urgent or not) through the journey's service; returns the idempotency key. */
async function fillZoningCertificate(urgent: boolean): Promise<string> {
  const service = h.app.services.submissions;
  let context = await service.begin(GIULIO, CDU);
  await service.acceptPrivacy(context);
  await service.completeStep(context, 'dati-generali', null);
  context = (await service.loadDraft(GIULIO, CDU))!;
  const field = findStep(context.definition.form, 'terreni')!.fields.find((f) => f.name === 'estrattoMappa')!;
  const map = await service.storeUpload(context, field, { stream: Readable.from([PDF]), fileName: 'estratto.pdf' }, 0);
  await service.completeStep(context, 'terreni', {
    qualitaRichiedente: 'erede',
    particelle: [{ catastoParticella: { foglio: '12', particella: '345' } }],
    estrattoMappa: [map],
    urgente: urgent,
  });
  context = (await service.loadDraft(GIULIO, CDU))!;
  await service.completeStep(context, 'uso-bollo', { uso: 'successione', dichiarazioneEsenzione: true });
  return (await service.loadDraft(GIULIO, CDU))!.draft.idempotency_key;
}

async function filingOf(publicId: string) {
  return h.app.db.selectFrom('submissions').selectAll().where('public_id', '=', publicId).executeTakeFirstOrThrow();
}
async function caseOf(id: number) {
  return h.app.db.selectFrom('cases').select(['office_code', 'status']).where('submission_id', '=', id).executeTakeFirst();
}
async function positionsOf(id: number) {
  return h.app.db.selectFrom('payment_positions').select(['id', 'amount_cents', 'status']).where('submission_id', '=', id).execute();
}

describe('fees paid before submission', () => {
  let publicId: string;
  let key: string;

  it('the summary shows what is to pay and that the filing waits for it', async () => {
    key = await fillZoningCertificate(true);
    const summary = await citizen.get(`/servizi/${CDU}/domanda/riepilogo`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('Diritti di segreteria');
    expect(summary.body).toContain('Rilascio urgente entro 10 giorni');
    expect(summary.body).toMatch(/data-testid="fees-online">100,00\s€/);
    expect(summary.body).toContain('la domanda viene protocollata e arriva all&#39;ufficio quando il pagamento è completato');
    expect(summary.body).toContain('Conferma e vai al pagamento');
  });

  it('"Invia" stores the filing and its position, and the filing waits: no number, no case', async () => {
    const sent = await citizen.post(`/servizi/${CDU}/domanda/invia`, { idempotencyKey: key });
    expect(sent.statusCode).toBe(303);
    publicId = String(sent.headers.location).split('/')[3]!;
    const filing = await filingOf(publicId);
    expect(filing.status).toBe('awaiting_payment');
    const positions = await positionsOf(filing.id);
    expect(positions).toEqual([{ id: expect.any(Number), amount_cents: 10000, status: 'pending' }]);

    await h.app.services.registrar.flush();
    await h.app.services.backoffice.ensureCases();
    const after = await filingOf(publicId);
    expect(after.protocol_number).toBeNull();
    expect(await caseOf(filing.id)).toBeUndefined();

    const page = await citizen.get(pathOf(`${h.baseUrl}${String(sent.headers.location)}`));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Domanda registrata: manca il pagamento');
    expect(page.body).toContain(`href="/pagamenti/${positions[0]!.id}"`);
    expect(page.body).not.toContain('ricevuta.pdf');
    const area = await citizen.get('/area-personale');
    expect(area.body).toContain('In attesa di pagamento');
  });

  it('a second "Invia" with the same key shows the same filing and makes no second position', async () => {
    const again = await citizen.post(`/servizi/${CDU}/domanda/invia`, { idempotencyKey: key });
    expect(again.statusCode).toBe(303);
    expect(String(again.headers.location)).toContain(publicId);
    const filing = await filingOf(publicId);
    expect(await positionsOf(filing.id)).toHaveLength(1);
  });

  it('paying files it: receipt time of the payment, a case in the office queue, a protocol number, the message', async () => {
    const held = await filingOf(publicId);
    const [position] = await positionsOf(held.id);
    const start = await citizen.post(`/pagamenti/${position!.id}/paga`);
    expect(start.statusCode).toBe(303);
    const checkout = pathOf(String(start.headers.location));
    const done = await citizen.post(checkout, { action: 'pay', delivery: 'none' });
    expect(done.statusCode).toBe(303);
    // the return asks the provider, which settles the position and files the filing
    const back = await citizen.get(pathOf(String(done.headers.location)));
    expect(back.statusCode).toBe(200);

    // the settlement's listener numbered it before the page answered; a flush finds nothing left
    await h.app.services.registrar.flush();
    const filed = await filingOf(publicId);
    expect(filed.protocol_number).not.toBeNull();
    expect(filed.status).toBe('submitted');
    expect(filed.received_at.getTime()).toBeGreaterThan(held.received_at.getTime());
    expect(await caseOf(filed.id)).toEqual({ office_code: 'sportello-unico-edilizia', status: 'submitted' });
    // the register records the attachment's name and fingerprint
    const registered = await h.app.db.selectFrom('protocol_register').select(['number', 'fingerprints']).where('submission_id', '=', filed.id).executeTakeFirstOrThrow();
    expect(registered.number).toBe(filed.protocol_number);
    expect(registered.fingerprints).toEqual([{ name: 'estratto.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const received = await h.app.db.selectFrom('notifications').select('kind').where('dedupe_key', '=', `submission:${filed.id}:received`).execute();
    expect(received).toHaveLength(1);

    const page = await citizen.get(`/area-personale/richieste/${publicId}/conferma`);
    expect(page.body).toContain('Richiesta inviata');
    expect(page.body).toContain(`${String(filed.protocol_number).padStart(7, '0')}/`);
  });

  it('a duplicate notification of the payment files nothing twice', async () => {
    const filing = await filingOf(publicId);
    const [position] = await positionsOf(filing.id);
    expect(await h.app.db.transaction().execute((trx) => h.app.services.submissions.releaseAfterPayment(trx, filing.id))).toBe(false);
    await h.app.services.payments.reconcile();
    const cases = await h.app.db.selectFrom('cases').select('submission_id').where('submission_id', '=', filing.id).execute();
    expect(cases).toHaveLength(1);
    expect((await positionsOf(filing.id))[0]!.status).toBe('paid');
    expect(position).toBeDefined();
  });

  it('only fees paid before submission, with something to pay online, hold a filing back', async () => {
    const definition = (await h.app.services.submissions.begin(GIULIO, CDU)).definition;
    expect(mustPayBeforeFiling(definition.fees, { urgente: false })).toBe(true);
    expect(mustPayBeforeFiling({ ...definition.fees!, timing: 'after-submission' }, {})).toBe(false);
    expect(mustPayBeforeFiling({ ...definition.fees!, items: [] }, {})).toBe(false);
    expect(mustPayBeforeFiling(undefined, {})).toBe(false);
  });
});

/** Files the CDU held for its fees; the filing and its position. */
async function heldFiling() {
  const key = await fillZoningCertificate(false);
  const sent = await citizen.post(`/servizi/${CDU}/domanda/invia`, { idempotencyKey: key });
  expect(sent.statusCode).toBe(303);
  const filing = await filingOf(String(sent.headers.location).split('/')[3]!);
  const [position] = await positionsOf(filing.id);
  return { filing, position: position! };
}

describe('a held filing whose payment expires', () => {
  let filing: Awaited<ReturnType<typeof filingOf>>;
  let position: { id: number; amount_cents: number; status: string };

  it('is not filed (status payment_expired), and the person is told it was not sent and can be filed again', async () => {
    ({ filing, position } = await heldFiling());
    // a held filing's notice lapses at its due date: it must not wait for ever
    const { expire_after_due_date } = await h.app.db.selectFrom('payment_positions').select('expire_after_due_date').where('id', '=', position.id).executeTakeFirstOrThrow();
    expect(expire_after_due_date).toBe(true);
    await h.app.services.payments.publishPending();
    const { iuv } = await h.app.db.selectFrom('payment_positions').select('iuv').where('id', '=', position.id).executeTakeFirstOrThrow();
    // the due date has passed (moved back by hand: waiting ten days is not an option here)
    await h.app.db.updateTable('payment_positions').set({ due_date: '2020-01-31' }).where('id', '=', position.id).execute();
    await h.app.db.updateTable('sandbox_psp_positions').set({ due_date: '2020-01-31' }).where('iuv', '=', iuv).execute();
    await h.app.services.payments.reconcile({ asOf: new Date(Date.now() + 86_400_000) });

    expect((await positionsOf(filing.id))[0]!.status).toBe('expired');
    await h.app.services.registrar.flush();
    await h.app.services.backoffice.ensureCases();
    const after = await filingOf(filing.public_id);
    expect(after.status).toBe('payment_expired');
    expect(after.protocol_number).toBeNull();
    expect(await caseOf(filing.id)).toBeUndefined();

    const told = await h.app.db.selectFrom('notifications').select(['id', 'kind', 'recipient_fiscal_code']).where('dedupe_key', '=', `payment:${position.id}:expired`).execute();
    expect(told).toEqual([{ id: expect.any(Number), kind: 'payment.expired', recipient_fiscal_code: GIULIO.fiscalCode }]);
    const inbox = await citizen.get('/area-personale/messaggi');
    expect(inbox.body).toContain('Pagamento scaduto');
    const message = await citizen.get(`/area-personale/messaggi/${told[0]!.id}`);
    expect(message.statusCode).toBe(200);
    expect(message.body).toContain('è scaduto senza essere stato effettuato');
    expect(message.body).toContain('Se la domanda attendeva questo pagamento, non è stata inviata: puoi presentarla di nuovo.');
    expect(message.body).toContain(`/pagamenti/${position.id}`);

    const page = await citizen.get(`/area-personale/richieste/${filing.public_id}/conferma`);
    expect(page.body).toContain('Domanda non inviata: il pagamento è scaduto');
    expect(page.body).toContain(`href="/servizi/${CDU}"`);
    const area = await citizen.get('/area-personale');
    expect(area.body).toContain('Non inviata: pagamento scaduto');
    // and a new application of the same procedure can begin
    const again = await citizen.get(`/servizi/${CDU}/domanda`);
    expect(again.statusCode).toBe(303);
  });

  it('paid after the expiry, through the sandbox, it is filed all the same: number, office queue, payments CSV, one message that explains', async () => {
    expect((await filingOf(filing.public_id)).status).toBe('payment_expired');
    // the person pays the expired notice at a PSP with its code: the sandbox takes the money and notifies the portal
    const { iuv } = await h.app.db.selectFrom('payment_positions').select('iuv').where('id', '=', position.id).executeTakeFirstOrThrow();
    const sandbox = h.app.services.payments.sandbox!;
    const session = await sandbox.openSession({ iuv } as ProviderPosition, { ok: `${h.baseUrl}/ok`, cancel: `${h.baseUrl}/annullato`, error: `${h.baseUrl}/errore` });
    await sandbox.complete(session.reference, 'pay', 'normal');
    await sandbox.delivered();
    await h.app.services.registrar.flush();

    const filed = await filingOf(filing.public_id);
    expect(filed.status).toBe('submitted');
    expect(filed.protocol_number).not.toBeNull();
    expect(await caseOf(filed.id)).toEqual({ office_code: 'sportello-unico-edilizia', status: 'submitted' });
    const paid = await h.app.db.selectFrom('payment_positions').select(['status', 'paid_after_expiry']).where('id', '=', position.id).executeTakeFirstOrThrow();
    expect(paid).toEqual({ status: 'paid', paid_after_expiry: true });

    // the office sees it in its queue, on the case (noted as late) and in its payments CSV
    const queue = await clerk.get('/backoffice');
    expect(queue.body).toContain(filed.public_id);
    const casePage = await clerk.get(`/backoffice/pratiche/${filed.public_id}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain('Pagato dopo la scadenza dell&#39;avviso');
    const csv = await clerk.get('/backoffice/pagamenti/export.csv');
    const line = csv.body.split('\r\n').find((l) => l.includes(filed.public_id));
    expect(line).toBeDefined();
    expect(line).toContain(',paid,');
    expect(line).toContain('paid_after_expiry');

    // the expiry message stays; the payment's message says the request is filed after all
    const told = await h.app.db.selectFrom('notifications').select(['id', 'kind', 'dedupe_key', 'data']).where('recipient_fiscal_code', '=', GIULIO.fiscalCode).where('dedupe_key', 'like', `payment:${position.id}:%`).orderBy('id').execute();
    expect(told.map((n) => n.kind)).toEqual(['payment.requested', 'payment.expired', 'payment.received']);
    expect(told[2]!.data).toMatchObject({ afterExpiry: true, filingFiled: true });
    const message = await citizen.get(`/area-personale/messaggi/${told[2]!.id}`);
    expect(message.body).toContain('Pagamento ricevuto, richiesta inviata');
    expect(message.body).toContain('Non devi presentarla di nuovo');
    const received = await h.app.db.selectFrom('notifications').select('kind').where('dedupe_key', '=', `submission:${filed.id}:received`).execute();
    expect(received).toHaveLength(1);
    const page = await citizen.get(`/area-personale/richieste/${filing.public_id}/conferma`);
    expect(page.body).toContain('Richiesta inviata');
    expect((await verifyChains(h.app.db)).broken).toEqual([]);
  });
});

describe('a receipt for another amount than the one due', () => {
  it('pays nothing and files nothing: the position is flagged for the office, and logged without personal data', async () => {
    const { filing, position } = await heldFiling();
    await h.app.services.payments.publishPending();
    const row = await h.app.db.selectFrom('payment_positions').select(['notice_number', 'iuv', 'creditor_fiscal_code']).where('id', '=', position.id).executeTakeFirstOrThrow();
    const wrong = Number(position.amount_cents) - 1000;
    const euro = (wrong / 100).toFixed(2);
    const raw = JSON.stringify(paidEvent({ noticeNumber: row.notice_number, creditorFiscalCode: row.creditor_fiscal_code, iuv: row.iuv, amountCents: wrong }));
    const answer = await h.app.inject({
      method: 'POST',
      url: '/pagamenti/notifiche/sandbox',
      headers: signedHeaders(h.app, raw),
      payload: raw,
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ outcome: 'amount-mismatch', status: 'pending' });

    const flagged = await h.app.db.selectFrom('payment_positions').select(['status', 'anomaly', 'anomaly_amount_cents', 'paid_amount_cents']).where('id', '=', position.id).executeTakeFirstOrThrow();
    expect({ ...flagged, anomaly_amount_cents: Number(flagged.anomaly_amount_cents) }).toEqual({ status: 'pending', anomaly: 'amount_mismatch', anomaly_amount_cents: wrong, paid_amount_cents: null });
    await h.app.services.registrar.flush();
    const after = await filingOf(filing.public_id);
    expect(after.status).toBe('awaiting_payment');
    expect(after.protocol_number).toBeNull();
    expect(await caseOf(filing.id)).toBeUndefined();
    expect(await h.app.db.selectFrom('notifications').select('id').where('dedupe_key', '=', `payment:${position.id}:paid`).execute()).toEqual([]);

    const logged = h.logs.filter((l) => l.msg === 'payment amount does not match the amount due' && l.positionId === position.id);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ expectedCents: Number(position.amount_cents), receivedCents: wrong });
    expect(JSON.stringify(logged[0])).not.toContain(GIULIO.fiscalCode);

    // the office of the filing sees it, though the filing is not in its queue
    const list = await clerk.get('/backoffice/pagamenti');
    expect(list.body).toContain(`Importo non corrispondente: ricevuti ${euro.replace('.', ',')}`);
    const csv = await clerk.get('/backoffice/pagamenti/export.csv');
    const line = csv.body.split('\r\n').find((l) => l.includes(filing.public_id));
    expect(line).toContain(',pending,');
    expect(line).toContain(`amount_mismatch,${euro}`);
  });
});

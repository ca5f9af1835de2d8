// A payment's reason in the person's language: a filing made in English has its fee's reason
// in English on the payments list, the payment page, the messages and the receipt, while the
// causale that pagoPA carries stays the Italian one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { CITIZEN, fileProcedure } from '../backoffice/helpers.ts';
import { paidEvent, signedHeaders, startPortal, type PaymentsHarness } from './harness.ts';

const PARKING = 'abbonamento-sosta-residenti';
const ENGLISH = 'Residents&#39; parking permit';
const ITALIAN = 'Permesso di sosta per residenti';

let h: PaymentsHarness;
let citizen: PortalAgent;

beforeAll(async () => {
  h = await startPortal();
  citizen = await loginAs(h.app, TEST_PEOPLE.citizen);
});
afterAll(async () => h?.close());

describe('the reason of a payment for a filing made in English', () => {
  it('is English wherever the person reads it, and Italian for pagoPA', async () => {
    const filing = await fileProcedure(h.app, CITIZEN, PARKING, {}, 'en');
    const row = await h.app.db.selectFrom('payment_positions').selectAll().where('submission_id', '=', filing.id).executeTakeFirstOrThrow();
    expect(row.reason).toBe(ITALIAN);

    const list = await citizen.get('/pagamenti?lang=en');
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.body).toContain(`<a href="/pagamenti/${row.id}">${ENGLISH}</a>`);
    expect(list.body).not.toContain(ITALIAN);

    const page = await citizen.get(`/pagamenti/${row.id}?lang=en`);
    expect(page.body).toContain(`<h1>${ENGLISH}</h1>`);
    expect(page.body).not.toContain(ITALIAN);

    const request = await citizen.get(`/area-personale/richieste/${filing.publicId}?lang=en`);
    expect(request.body).toContain(ENGLISH);
    expect(request.body).not.toContain(ITALIAN);

    const raw = JSON.stringify(paidEvent({ noticeNumber: row.notice_number, creditorFiscalCode: row.creditor_fiscal_code, iuv: row.iuv, amountCents: row.amount_cents }));
    const notified = await h.app.inject({ method: 'POST', url: '/pagamenti/notifiche/sandbox', headers: signedHeaders(h.app, raw), payload: raw });
    expect(notified.statusCode).toBe(200);

    const receipt = await citizen.get(`/pagamenti/${row.id}/ricevuta.pdf?lang=en`);
    const text = (await pdfText(receipt.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain("Residents' parking permit");
    expect(text).not.toContain(ITALIAN);

    const inbox = await citizen.get('/area-personale/messaggi?lang=en');
    const paid = await h.app.db.selectFrom('notifications').select('id').where('dedupe_key', '=', `payment:${row.id}:paid`).executeTakeFirstOrThrow();
    expect(inbox.body).not.toContain(ITALIAN);
    const message = await citizen.get(`/area-personale/messaggi/${paid.id}?lang=en`);
    expect(message.statusCode).toBe(200);
    expect(message.body).toContain(ENGLISH);
    expect(message.body).not.toContain(ITALIAN);

    // and in Italian, the Italian reason
    expect((await citizen.get(`/pagamenti/${row.id}?lang=it`)).body).toContain(`<h1>${ITALIAN}</h1>`);
  });
});

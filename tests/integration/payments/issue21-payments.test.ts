// Issue 21's payment bugs, through the real app: a clerk's payment request with the optional
// taxonomy code left empty, for a procedure without one, takes the comune's configured default
// (and the form's hint says which); the "payment received" message of an English filing goes
// out in English.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, fileResidence } from '../backoffice/helpers.ts';

let t: TestApp;
let clerk: PortalAgent;
let citizen: PortalAgent;
const today = romeDate(new Date());
const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', PAGOPA_DEFAULT_TAXONOMY_CODE: '0101199TS' });
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

describe('issue 21: payments', () => {
  it('a payment request with no taxonomy code for a procedure without one uses the comune\'s default (bug 2)', async () => {
    const filing = await fileResidence(t.app, CITIZEN);
    const page = await clerk.get(`/backoffice/pratiche/${filing.publicId}`);
    expect(page.body).toContain('Se lo lasci vuoto si usa quello predefinito del Comune: 0101199TS.');
    const res = await clerk.post(`/backoffice/pratiche/${filing.publicId}/pagamento`, { importo: '10', causale: 'Diritti di segreteria', scadenza: addDays(today, 30), tassonomia: '', chiave: randomUUID() });
    expect(res.statusCode).toBe(303);
    const positions = await t.app.db.selectFrom('payment_positions').selectAll().where('submission_id', '=', filing.id).execute();
    expect(positions.map((p) => p.taxonomy_code)).toEqual(['0101199TS']);
  });

  it('tells an English filing\'s applicant of the payment in English (bug 3)', async () => {
    const filing = await fileResidence(t.app, CITIZEN);
    await t.app.db.updateTable('submissions').set({ locale: 'en' }).where('id', '=', filing.id).execute();
    const position = await t.app.db.transaction().execute((trx) =>
      t.app.services.payments.createPosition(trx, { debtor: { fiscalCode: CITIZEN.fiscalCode, name: 'Giulio Cesare' }, amountCents: 1600, reason: 'Imposta di bollo', dueDate: addDays(today, 10), taxonomyCode: '0101108TS', submissionId: filing.id }),
    );
    const start = await citizen.post(`/pagamenti/${position.id}/paga`);
    const checkout = pathOf(String(start.headers.location));
    await citizen.get(checkout);
    const done = await citizen.post(checkout, { action: 'pay', delivery: 'none' });
    expect(done.statusCode).toBe(303);
    await citizen.get(pathOf(String(done.headers.location)));
    const sent = await t.app.db.selectFrom('notifications').select(['locale']).where('dedupe_key', '=', `payment:${position.id}:paid`).execute();
    expect(sent.map((n) => n.locale)).toEqual(['en']);
  });
});

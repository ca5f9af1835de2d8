// Outgoing documents with the external protocol registry (PROTOCOL_REGISTRY=stand-in, the stand-in
// over real HTTP): the clerk's send asks the registry for the number first, with the form's send
// token as the segnatura's identifier; the number is on the PDF and on the case. Registry down:
// the form again (503, the text kept), nothing sent. Up again, the same token: one number only,
// also when the form is sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolRegistryHandle } from '../../../src/protocol/registry-choice.ts';
import type { RegistryStandIn } from '../../../src/protocol/registry.stand-in.ts';
import type { TestApp } from '../../helpers/app.ts';
import { appWithStandInRegistry } from './harness.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { CITIZEN, CITIZEN2, fileResidence } from '../backoffice/helpers.ts';

let t: TestApp;
let registry: ProtocolRegistryHandle;
let standIn: RegistryStandIn;
let clerk: PortalAgent;
beforeAll(async () => {
  ({ t, registry, standIn } = await appWithStandInRegistry());
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
});
afterAll(async () => t?.close());

const MOTIVO = 'Residenza verificata in anagrafe.';

/** A filing numbered by the registry, taken by the clerk, and the composed decision form (with its send token). */
async function composedDecision(person: typeof CITIZEN) {
  const filing = await fileResidence(t.app, person);
  await registry.work();
  const base = `/backoffice/pratiche/${filing.publicId}`;
  await clerk.post(`${base}/prendi-in-carico`);
  const composed = await clerk.post(`${base}/documenti/genera`, { modello: 'accoglimento', motivo: MOTIVO });
  expect(composed.statusCode).toBe(200);
  const token = /name="invio" value="([0-9]{15})"/.exec(composed.body)?.[1];
  expect(token).toBeDefined();
  const form = { modello: 'accoglimento', motivo: MOTIVO, giorni: '30', titolo: 'Certificato rilasciato', corpo: `Gentile ${person.givenName} ${person.familyName}, la domanda è accolta.`, invio: token!, azione: 'invia' };
  return { filing, base, form, token: token! };
}

const documentsOf = (id: number) => t.app.db.selectFrom('generated_documents').selectAll().where('submission_id', '=', id).execute();
const decisionOf = (id: number) => t.app.db.selectFrom('case_decisions').selectAll().where('submission_id', '=', id).executeTakeFirst();
const outgoing = () => standIn.registrations().filter((r) => r.direction === 'uscita');

describe('outgoing documents with the external protocol registry', () => {
  it('numbers the decision in the registry first; the number is on the PDF, the case and the portal\'s register', async () => {
    const { filing, base, form, token } = await composedDecision(CITIZEN);
    const before = outgoing().length;
    const sent = await clerk.post(`${base}/documenti/invia`, form);
    expect(sent.statusCode).toBe(303);
    const registered = outgoing().slice(before);
    // the stand-in validates each segnatura against the AgID schema before numbering it
    expect(registered).toMatchObject([{ messageId: `c_x000/AOO_01/PORTALE-U/${token}`, subject: 'Certificato rilasciato', direction: 'uscita' }]);
    const number = registered[0]!.number;
    const [doc] = await documentsOf(filing.id);
    expect(doc).toMatchObject({ protocol_number: Number(number), protocol_year: Number(registered[0]!.date.slice(0, 4)), sent_as: 'decision' });
    expect((await decisionOf(filing.id))?.outcome).toBe('approved');
    const copy = await t.app.db.selectFrom('protocol_register').selectAll().where('direction', '=', 'uscita').where('number', '=', Number(number)).executeTakeFirstOrThrow();
    expect(Number(copy.submission_id)).toBe(filing.id);
    const pdf = await clerk.get(`${base}/documenti/generati/${doc!.id}`);
    expect((await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ')).toContain(number);
    expect((await clerk.get(base)).body).toContain(`${number}/`);
    // the same form sent again (a double submit): the registry answers the same number, nothing more is sent
    const again = await clerk.post(`${base}/documenti/invia`, form);
    expect(again.statusCode).toBe(303);
    expect(outgoing().slice(before)).toHaveLength(1);
    expect(await documentsOf(filing.id)).toHaveLength(1);
  }, 120_000);

  it('registry down: the form again (503, the text kept), nothing sent; up again, the same token gives one number', async () => {
    const { filing, base, form, token } = await composedDecision(CITIZEN2);
    const before = outgoing().length;
    const caseBefore = await t.app.db.selectFrom('cases').select('status').where('submission_id', '=', filing.id).executeTakeFirstOrThrow();
    standIn.behaviour.down = true;
    try {
      const refused = await clerk.post(`${base}/documenti/invia`, form);
      expect(refused.statusCode).toBe(503);
      expect(refused.body).toContain('Il sistema di protocollo non risponde: il documento non è stato inviato. Riprova tra poco.');
      expect(refused.body).toContain(`name="invio" value="${token}"`);
      expect(refused.body).toContain(form.corpo);
    } finally {
      standIn.behaviour.down = false;
    }
    expect(await documentsOf(filing.id)).toEqual([]);
    expect(await decisionOf(filing.id)).toBeUndefined();
    expect(await t.app.db.selectFrom('cases').select('status').where('submission_id', '=', filing.id).executeTakeFirstOrThrow()).toEqual(caseBefore);
    expect(outgoing()).toHaveLength(before);
    // (slow is the same path: the client times out, the stand-in has registered it, the resend
    // with the token gets that number; shown for filings in external-registry.test.ts)

    // up again, the same token: the number the registry already gave, once; two sends at once too
    const [a, b] = await Promise.all([clerk.post(`${base}/documenti/invia`, form), clerk.post(`${base}/documenti/invia`, form)]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    const registered = outgoing().slice(before);
    expect(registered).toHaveLength(1);
    const docs = await documentsOf(filing.id);
    expect(docs.map((d) => d.protocol_number)).toEqual([Number(registered[0]!.number)]);
    expect((await decisionOf(filing.id))?.outcome).toBe('approved');
  }, 120_000);
});

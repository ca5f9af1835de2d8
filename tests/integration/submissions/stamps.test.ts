// A revenue stamp pays for one document: through the real app, a filing with a marca da bollo
// is accepted and its identifier recorded; another person's application naming the same stamp
// is refused on the step, in their language; of two filings sent together with one stamp,
// exactly one is filed and the other is sent back to the step, which says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const BASE = '/servizi/certificato-residenza/domanda';
const STAMP = '12345678901234';
const RACED = '55555666667777';

function idempotencyKey(html: string): string {
  const match = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(html);
  if (!match) throw new Error('no idempotency key on the summary');
  return match[1]!;
}

/** Walks the certificate's journey with this stamp; returns the response of the stamp's step. */
async function stampStep(agent: PortalAgent, serial: string, lang = '') {
  expect((await agent.get(`${BASE}${lang}`)).statusCode).toBe(303);
  await agent.post(`${BASE}/informativa${lang}`, { accept: 'yes' });
  await agent.post(`${BASE}/dati-generali${lang}`, {});
  return agent.post(`${BASE}/passo/certificato${lang}`, { intestatario: 'se-stesso', uso: 'bollo', 'marcaDaBollo.serial': serial, 'marcaDaBollo.issuedOn': '2026-01-15' });
}

async function toSummary(agent: PortalAgent, serial: string): Promise<string> {
  const step = await stampStep(agent, serial);
  expect(step.statusCode, step.body.slice(0, 200)).toBe(303);
  expect((await agent.post(`${BASE}/passo/dichiarazioni`, { dichiarazioneBollo: 'yes' })).headers.location).toBe(`${BASE}/riepilogo`);
  return idempotencyKey((await agent.get(`${BASE}/riepilogo`)).body);
}

const usedStamps = () => t.app.db.selectFrom('used_stamps').select(['identifier', 'field']).orderBy('identifier').execute();
const filings = async () => Number((await t.app.db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('a marca da bollo is used once in the portal', () => {
  it('files with a 14-digit stamp and records its identifier', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const key = await toSummary(citizen, '1234 5678 9012 34');
    const filed = await citizen.post(`${BASE}/invia`, { idempotencyKey: key });
    expect(filed.statusCode).toBe(303);
    expect(String(filed.headers.location)).toMatch(/\/conferma$/);
    expect(await usedStamps()).toEqual([{ identifier: STAMP, field: 'marcaDaBollo.serial' }]);
  });

  it('refuses the same stamp in another person\'s application, on the step, in their language', async () => {
    const other = await loginAs(t, TEST_PEOPLE.citizen2);
    const refused = await stampStep(other, STAMP);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`La marca da bollo n. ${STAMP} è già stata usata`);
    expect(refused.body).toContain('href="#f-marcaDaBollo-serial"');
    const english = await other.post(`${BASE}/passo/certificato?lang=en`, { intestatario: 'se-stesso', uso: 'bollo', 'marcaDaBollo.serial': STAMP, 'marcaDaBollo.issuedOn': '2026-01-15' });
    expect(english.statusCode).toBe(422);
    expect(english.body).toContain(`The revenue stamp no. ${STAMP} has already been used`);
    // nothing was kept: the step is still to be completed
    expect((await other.get(BASE)).headers.location).toBe(`${BASE}/passo/certificato`);
  });

  it('of two filings sent together with one stamp, files exactly one; the other goes back to the step', async () => {
    const [a, b] = await Promise.all([loginAs(t, TEST_PEOPLE.citizen3), loginAs(t, TEST_PEOPLE.citizen2)]);
    const keyA = await toSummary(a, RACED);
    const keyB = await toSummary(b, RACED);
    const before = await filings();
    const [ra, rb] = await Promise.all([a.post(`${BASE}/invia`, { idempotencyKey: keyA }), b.post(`${BASE}/invia`, { idempotencyKey: keyB })]);
    const locations = [String(ra.headers.location), String(rb.headers.location)];
    expect(locations.filter((l) => l.endsWith('/conferma'))).toHaveLength(1);
    expect(locations.filter((l) => l === `${BASE}/passo/certificato`)).toHaveLength(1);
    expect(await filings()).toBe(before + 1);
    expect((await usedStamps()).filter((s) => s.identifier === RACED)).toHaveLength(1);
    const loser = locations[0]!.endsWith('/conferma') ? b : a;
    const step = await loser.get(`${BASE}/passo/certificato`);
    expect(step.body).toContain(`La marca da bollo n. ${RACED} è già stata usata`);
    // the loser's draft is still there, to be filed with another stamp
    expect((await loser.get(`${BASE}/riepilogo`)).statusCode).toBe(200);
  });
});

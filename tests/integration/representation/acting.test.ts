// Acting for others through the real portal, on a clock the test moves: who sees a filing and
// who may act on it, for every ground a person acts on (a delegation of each scope and right,
// expired or revoked; a professional with and without a procura; a company's employee, of that
// company or another; a help-desk operator in and out of an assisted session). Every answer is
// the server's on that request: 404 for what is not allowed, the next request after a right ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate, testClock, type TestClock } from '../../../src/platform/time.ts';
import type { PartySnapshot, Scope } from '../../../src/representation/acting.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { multipart, PDF } from '../backoffice/helpers.ts';

let t: TestApp;
let clock: TestClock;
let start: number;

beforeAll(async () => {
  start = Date.now();
  clock = testClock(start);
  t = await createTestApp({}, { clock });
});
afterAll(async () => t?.close());

const RESIDENCE = '/servizi/certificato-residenza/domanda';
const LUCA = 'BRNLCU78D15H501J'; // professional
const MARCO = 'GLLMRC88B20F205B'; // employee of Fontana Impianti
const LAURA = 'SRTLRA81C50A944X'; // help-desk operator
const TERESA = 'RNLTRS40A41H501A';
const FONTANA = '04567890126';
const OFFICINE = '05678901231';

const day = (offset: number) => addDays(romeDate(new Date(start)), offset);
const person = (fiscalCode: string, givenName: string, familyName: string): PartySnapshot => ({ kind: 'person', fiscalCode, name: `${givenName} ${familyName}`, givenName, familyName });
const GIULIO = person(TEST_PEOPLE.citizen, 'Giulio', 'Cesare');
const ADA = person(TEST_PEOPLE.citizen2, 'Ada', 'Lovelace');

/** A delegation from Giulio to Ada, accepted. */
async function delegation(scope: Scope, access: 'read' | 'full', validTo: string | null = null): Promise<string> {
  const register = t.app.services.delegations;
  const d = await register.grant(GIULIO, { delegate: { fiscalCode: ADA.fiscalCode, givenName: 'Ada', familyName: 'Lovelace' }, scope, access, validFrom: romeDate(clock()), validTo }, { locale: 'it' });
  await register.accept(ADA, d.id);
  return d.id;
}

/** The residence certificate's journey, from the privacy notice to "Invia"; the response of Invia. */
async function fileResidence(agent: PortalAgent) {
  const begin = await agent.get(RESIDENCE);
  if (begin.statusCode !== 303) return begin;
  for (const [path, form] of [
    ['informativa', { accept: 'yes' }],
    ['dati-generali', {}],
    ['passo/certificato', { intestatario: 'se-stesso', uso: 'esente-pensione' }],
    ['passo/dichiarazioni', {}],
  ] as const) {
    const res = await agent.post(`${RESIDENCE}/${path}`, form);
    expect(res.statusCode, path).toBe(303);
  }
  const summary = await agent.get(`${RESIDENCE}/riepilogo`);
  const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(summary.body)?.[1];
  return agent.post(`${RESIDENCE}/invia`, { idempotencyKey: key ?? '' });
}

const requestOf = (location: string | undefined) => String(location).replace(/\/conferma$/, '');

async function actAs(agent: PortalAgent, choice: string) {
  return agent.post('/area-personale/per-chi', { choice, returnTo: '/area-personale' });
}

let giulio: PortalAgent;
let ownFiling: string;

beforeAll(async () => {
  giulio = await loginAs(t, TEST_PEOPLE.citizen);
  const filed = await fileResidence(giulio);
  expect(filed.statusCode).toBe(303);
  ownFiling = requestOf(filed.headers.location);
});

describe('a delegate', () => {
  it('with a full delegation covering the area files for the delegator; both see the filing, with who filed it', async () => {
    const id = await delegation({ kind: 'areas', areas: ['anagrafe-stato-civile'] }, 'full');
    const ada = await loginAs(t, ADA.fiscalCode);
    expect((await actAs(ada, `delegation:${id}`)).statusCode).toBe(303);
    const area = await ada.get('/area-personale');
    expect(area.body).toContain('Stai agendo per Giulio Cesare (CSRGGL44L13H501E) con una delega.');
    // the delegator's own filing, within the scope
    expect((await ada.get(ownFiling)).statusCode).toBe(200);
    const filed = await fileResidence(ada);
    expect(filed.statusCode).toBe(303);
    const request = requestOf(filed.headers.location);
    const seenByDelegate = await ada.get(request);
    expect(seenByDelegate.statusCode).toBe(200);
    expect(seenByDelegate.body).toContain('Ada Lovelace (LVLDAA85T50G702B), con delega');
    const seenByDelegator = await giulio.get(request);
    expect(seenByDelegator.statusCode).toBe(200);
    expect(seenByDelegator.body).toContain('Giulio Cesare (CSRGGL44L13H501E)');
    expect(seenByDelegator.body).toContain('Puoi consultare questa pratica e agire su di essa.');
    // the act is in the delegation's history
    const detail = await t.app.services.delegations.detailFor(GIULIO, id);
    expect(detail.events.some((e) => e.kind === 'act' && e.act === 'filed' && request.endsWith(e.submissionPublicId ?? '-'))).toBe(true);
    // back to herself: the delegator's filings are not hers
    await actAs(ada, 'self');
    expect((await ada.get(ownFiling)).statusCode).toBe(404);
    // she filed it: she keeps reading it, without acting on it
    const asFiler = await ada.get(request);
    expect(asFiler.statusCode).toBe(200);
    expect(asFiler.body).toContain('Puoi consultare questa pratica.');
    await t.app.services.delegations.revoke(GIULIO, id);
  });

  it.each([
    ['another area', { kind: 'areas', areas: ['tributi'] } as Scope],
    ['other named procedures', { kind: 'procedures', slugs: ['rimborso-imu'] } as Scope],
  ])('with a delegation for %s neither sees the filing nor files it', async (_label, scope) => {
    const id = await delegation(scope, 'full');
    const ada = await loginAs(t, ADA.fiscalCode);
    await actAs(ada, `delegation:${id}`);
    expect((await ada.get(ownFiling)).statusCode).toBe(404);
    expect((await ada.get(`${ownFiling}/ricevuta.pdf`)).statusCode).toBe(404);
    const begin = await ada.get(RESIDENCE);
    expect(begin.statusCode).toBe(403);
    expect(begin.body).toContain('non comprende questo servizio');
    await t.app.services.delegations.revoke(ADA, id);
  });

  it('with a read-only delegation sees the filing but cannot file, write or withdraw', async () => {
    const id = await delegation({ kind: 'all' }, 'read');
    const ada = await loginAs(t, ADA.fiscalCode);
    await actAs(ada, `delegation:${id}`);
    const page = await ada.get(ownFiling);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/messaggio"');
    expect((await ada.get(`${ownFiling}/messaggio`)).statusCode).toBe(404);
    expect((await ada.post(`${ownFiling}/ritira`, { reason: 'x', confirm: 'yes' })).statusCode).toBe(404);
    expect((await ada.post(`${ownFiling}/valutazione`, { stelle: '1' })).statusCode).toBe(404);
    const begin = await ada.get(RESIDENCE);
    expect(begin.statusCode).toBe(403);
    expect(begin.body).toContain('sola consultazione');
    await t.app.services.delegations.revoke(GIULIO, id);
  });

  it('loses the right once the delegation expires or is revoked: the revocation on the next request', async () => {
    const expiring = await delegation({ kind: 'all' }, 'full', day(2));
    const ada = await loginAs(t, ADA.fiscalCode);
    await actAs(ada, `delegation:${expiring}`);
    expect((await ada.get(ownFiling)).statusCode).toBe(200);
    // three days on (a new login: a session lasts hours), the expired delegation is no choice
    clock.set(`${day(3)}T09:00:00Z`);
    const later = await loginAs(t, ADA.fiscalCode);
    expect((await actAs(later, `delegation:${expiring}`)).statusCode).toBe(422);
    expect((await later.get('/area-personale/per-chi')).body).not.toContain(`delegation:${expiring}`);
    expect((await later.get(ownFiling)).statusCode).toBe(404);
    clock.set(start);
    await t.app.services.delegations.revoke(GIULIO, expiring);

    const revoked = await delegation({ kind: 'all' }, 'full');
    await actAs(ada, `delegation:${revoked}`);
    expect((await ada.get(ownFiling)).statusCode).toBe(200);
    await t.app.services.delegations.revoke(GIULIO, revoked);
    const next = await ada.get(ownFiling);
    expect(next.statusCode).toBe(404);
    expect(next.body).toContain('non è più valido');
    // and cannot choose it again
    expect((await actAs(ada, `delegation:${revoked}`)).statusCode).toBe(422);
  });

  it('someone else cannot use a delegation that is not theirs', async () => {
    const id = await delegation({ kind: 'all' }, 'full');
    const mario = await loginAs(t, TEST_PEOPLE.citizen3);
    const chosen = await actAs(mario, `delegation:${id}`);
    expect(chosen.statusCode).toBe(422);
    expect(chosen.body).toContain('Scegli per chi agisci');
    expect((await mario.get(ownFiling)).statusCode).toBe(404);
    await t.app.services.delegations.revoke(GIULIO, id);
  });
});

describe('a professional', () => {
  const client = { clientKind: 'person', clientFiscalCode: TEST_PEOPLE.citizen, clientGivenName: 'Giulio', clientFamilyName: 'Cesare', orderName: 'Collegio dei geometri di Roma', registrationNumber: '1234' };

  it('names the client with their order and number; bad input is refused with messages', async () => {
    const luca = await loginAs(t, LUCA);
    const bad = await luca.post('/area-personale/per-chi/cliente', { ...client, clientFiscalCode: 'CSRGGL44L13H501A', registrationNumber: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Il codice fiscale del cliente non è valido');
    expect(bad.body).toContain('Indica il numero di iscrizione');
    expect((await luca.post('/area-personale/per-chi/cliente', client)).statusCode).toBe(303);
    expect((await luca.get('/area-personale')).body).toContain('Stai agendo come professionista per il cliente Giulio Cesare');
  });

  it('without a delegation cannot send until the procura is attached; then the client sees the filing and the office sees who filed it', async () => {
    const luca = await loginAs(t, LUCA);
    await luca.post('/area-personale/per-chi/cliente', client);
    // the client's own filing is not the professional's to see
    expect((await luca.get(ownFiling)).statusCode).toBe(404);
    const refused = await fileResidence(luca);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`${RESIDENCE}/procura`);
    const page = await luca.get(`${RESIDENCE}/procura`);
    expect(page.statusCode, String(page.headers.location)).toBe(200);
    const upload = multipart({ _csrf: await luca.csrfToken() }, [{ field: 'procura', name: 'procura.pdf', type: 'application/pdf', bytes: PDF }]);
    const attached = await luca.inject({ method: 'POST', url: `${RESIDENCE}/procura`, headers: upload.headers, payload: upload.payload });
    expect(attached.statusCode).toBe(303);
    const summary = await luca.get(`${RESIDENCE}/riepilogo`);
    expect(summary.body).toContain('Procura allegata: procura.pdf');
    const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(summary.body)![1]!;
    const filed = await luca.post(`${RESIDENCE}/invia`, { idempotencyKey: key });
    expect(filed.statusCode).toBe(303);
    const request = requestOf(filed.headers.location);
    const forClient = await giulio.get(request);
    expect(forClient.statusCode).toBe(200);
    expect(forClient.body).toContain('come professionista (Collegio dei geometri di Roma, n. 1234) con procura speciale');
    expect(forClient.body).toContain('procura.pdf');
    // the office: the case page names the professional
    const row = await t.app.db.selectFrom('submissions').select(['id', 'filer_fiscal_code', 'applicant_fiscal_code']).where('public_id', '=', request.split('/').pop()!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ filer_fiscal_code: LUCA, applicant_fiscal_code: TEST_PEOPLE.citizen });
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const casePage = await clerk.get(`/backoffice/pratiche/${request.split('/').pop()}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain('Luca Bruno (BRNLCU78D15H501J), come professionista (Collegio dei geometri di Roma, n. 1234)');
    // the client is told, in their inbox
    const parties = await t.app.db.selectFrom('submission_parties').select(['fiscal_code', 'role', 'access']).where('submission_id', '=', row.id).orderBy('role').execute();
    expect(parties).toEqual([
      { fiscal_code: TEST_PEOPLE.citizen, role: 'applicant', access: 'full' },
      { fiscal_code: LUCA, role: 'filer', access: 'full' },
    ]);
  });

  it('with a full delegation from the client needs no procura, and the filing records the delegation', async () => {
    const register = t.app.services.delegations;
    const d = await register.grant(GIULIO, { delegate: { fiscalCode: LUCA, givenName: 'Luca', familyName: 'Bruno' }, scope: { kind: 'all' }, access: 'full', validFrom: romeDate(clock()), validTo: null }, { locale: 'it' });
    await register.accept(person(LUCA, 'Luca', 'Bruno'), d.id);
    const luca = await loginAs(t, LUCA);
    await luca.post('/area-personale/per-chi/cliente', client);
    const filed = await fileResidence(luca);
    expect(String(filed.headers.location)).toMatch(/\/conferma$/);
    const page = await giulio.get(requestOf(filed.headers.location));
    expect(page.body).toContain('con delega nel portale');
    await register.revoke(GIULIO, d.id);
  });
});

describe("a company's employee", () => {
  it('acts for the company that authorised them, never for another', async () => {
    const marco = await loginAs(t, MARCO);
    const page = await marco.get('/area-personale/per-chi');
    expect(page.body).toContain('Fontana Impianti');
    expect((await actAs(marco, `company:${OFFICINE}`)).statusCode).toBe(422);
    expect((await actAs(marco, `company:${FONTANA}`)).statusCode).toBe(303);
    expect((await marco.get('/area-personale')).body).toContain('come addetto autorizzato');
    // a citizens' procedure is not for a company
    expect((await marco.get(RESIDENCE)).statusCode).toBe(403);
  });
});

describe('a help-desk operator', () => {
  it('sees nobody\'s filings outside an assisted session, and only the session\'s inside it', async () => {
    const laura = await loginAs(t, LAURA);
    expect((await laura.get(ownFiling)).statusCode).toBe(404);
    const opened = await laura.post('/sportello/sessioni', {
      fiscalCode: TERESA,
      givenName: 'Teresa',
      familyName: 'Rinaldi',
      birthDate: '1940-01-01',
      documentType: 'cie',
      documentNumber: 'CA12345AB',
      documentIssuer: 'Comune di Roma',
      sex: 'F',
      documentExpiry: day(900),
      email: 'teresa.rinaldi@example.it',
    });
    expect(opened.statusCode, opened.body.slice(0, 2000)).toBe(303);
    const session = String(opened.headers.location);
    const banner = await laura.get('/servizi');
    expect(banner.body).toContain('Presentata allo sportello');
    expect((await laura.get(ownFiling)).statusCode).toBe(404);
    const filed = await fileResidence(laura);
    expect(filed.statusCode).toBe(303);
    const request = requestOf(filed.headers.location);
    expect((await laura.get(request)).statusCode).toBe(200);
    expect((await laura.get(`${request}/ricevuta.pdf`)).statusCode).toBe(200);
    const row = await t.app.db.selectFrom('submissions').select(['channel', 'desk', 'applicant_fiscal_code', 'filer_fiscal_code']).where('public_id', '=', request.split('/').pop()!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'desk', desk: 'urp-centro', applicant_fiscal_code: TERESA, filer_fiscal_code: LAURA });
    // the person, later, with her own identity
    const teresa = await loginAs(t, TERESA);
    const hers = await teresa.get(request);
    expect(hers.statusCode).toBe(200);
    expect(hers.body).toContain('allo sportello urp-centro');
    // the session ends: the operator sees nothing of hers any more
    expect((await laura.post(`${session}/termina`, {})).statusCode).toBe(303);
    expect((await laura.get(request)).statusCode).toBe(404);
  });
});

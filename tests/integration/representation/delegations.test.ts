// The delegation register through the real portal, on a clock the test moves: when a
// delegation is in force (pending, accepted, within its dates, revoked, expired), what it covers
// and with which right; the personal area's pages (only the two parties see a delegation, bad
// input answered with messages in Italian and English, CSRF); the clerks' paper registrations
// with their two files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate, testClock, type TestClock } from '../../../src/platform/time.ts';
import type { PartySnapshot } from '../../../src/representation/acting.ts';
import { DelegationRefusedError, type GrantInput } from '../../../src/representation/delegations.service.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { storedFiles } from '../../helpers/stored-files.ts';
import { multipart, PDF, PNG } from '../backoffice/helpers.ts';

let t: TestApp;
let clock: TestClock;
let start: number;

beforeAll(async () => {
  // from the wall time, so that the logins' tokens are current
  start = Date.now();
  clock = testClock(start);
  t = await createTestApp({}, { clock });
});
afterAll(async () => t?.close());

const register = () => t.app.services.delegations;
const today = () => romeDate(clock());
const day = (offset: number) => addDays(romeDate(new Date(start)), offset);
/** Moves the clock to noon (Rome) `offset` days after the start. */
const moveTo = (offset: number) => clock.set(`${day(offset)}T11:00:00Z`);

const person = (fiscalCode: string, givenName: string, familyName: string): PartySnapshot => ({ kind: 'person', fiscalCode, name: `${givenName} ${familyName}`, givenName, familyName });
const GIULIO = person(TEST_PEOPLE.citizen, 'Giulio', 'Cesare');
const ADA = person(TEST_PEOPLE.citizen2, 'Ada', 'Lovelace');
const MARIO = person(TEST_PEOPLE.citizen3, 'Mario', 'Rossi');
const TERESA = 'RNLTRS40A41H501A';

function grant(delegate: PartySnapshot, over: Partial<GrantInput> = {}): GrantInput {
  return { delegate: { fiscalCode: delegate.fiscalCode, givenName: delegate.givenName!, familyName: delegate.familyName! }, scope: { kind: 'all' }, access: 'full', validFrom: today(), validTo: null, ...over };
}

async function refusal(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DelegationRefusedError);
  return (error as DelegationRefusedError).issues.map((i) => `${i.field} ${i.code}`);
}

const RESIDENCE = { slug: 'cambio-residenza', area: 'anagrafe-stato-civile' };
const IMU = { slug: 'rimborso-imu', area: 'tributi' };

describe('the register, by the clock', () => {
  it('a pending delegation is not in force until the delegate accepts it; then within its dates, both included', async () => {
    moveTo(0);
    const d = await register().grant(GIULIO, grant(ADA, { validTo: day(10) }), { locale: 'it' });
    expect(d.status).toBe('pending');
    expect(await register().activeFor(ADA.fiscalCode, d.id)).toBeNull();
    expect(await register().activeReceived(ADA.fiscalCode)).toEqual([]);
    expect(await register().coveringDelegation(GIULIO.fiscalCode, ADA.fiscalCode, RESIDENCE)).toBeNull();

    // only the delegate accepts
    await expect(register().accept(GIULIO, d.id)).rejects.toMatchObject({ statusCode: 404 });
    await expect(register().accept(MARIO, d.id)).rejects.toMatchObject({ statusCode: 404 });
    expect((await register().accept(ADA, d.id)).status).toBe('active');
    // a second click changes nothing
    expect((await register().accept(ADA, d.id)).status).toBe('active');
    expect((await register().activeFor(ADA.fiscalCode, d.id))?.id).toBe(d.id);
    expect((await register().activeReceived(ADA.fiscalCode)).map((x) => x.id)).toEqual([d.id]);
    expect((await register().coveringDelegation(GIULIO.fiscalCode, ADA.fiscalCode, RESIDENCE))?.id).toBe(d.id);
    // a delegate never holds it the other way round
    expect(await register().activeFor(GIULIO.fiscalCode, d.id)).toBeNull();

    moveTo(10);
    expect((await register().activeFor(ADA.fiscalCode, d.id))?.status).toBe('active');
    moveTo(11);
    expect(await register().activeFor(ADA.fiscalCode, d.id)).toBeNull();
    expect(await register().coveringDelegation(GIULIO.fiscalCode, ADA.fiscalCode, RESIDENCE)).toBeNull();
    const { granted } = await register().listFor(GIULIO);
    expect(granted.find((x) => x.id === d.id)?.status).toBe('expired');
    // an expired delegation cannot be revoked, nor accepted again
    await expect(register().revoke(GIULIO, d.id)).rejects.toMatchObject({ statusCode: 409 });

    // and an identical one can be granted again: the expired one is closed
    const again = await register().grant(GIULIO, grant(ADA), { locale: 'it' });
    expect(again.status).toBe('pending');
    expect((await register().detailFor(GIULIO, d.id)).events.map((e) => e.kind)).toEqual(['granted', 'accepted', 'expired']);
    await register().revoke(GIULIO, again.id);
  });

  it('an accepted delegation that starts later is in force from its first day', async () => {
    moveTo(0);
    const d = await register().grant(MARIO, grant(ADA, { validFrom: day(3), scope: { kind: 'areas', areas: ['tributi'] } }), { locale: 'it' });
    await register().accept(ADA, d.id);
    moveTo(2);
    expect(await register().activeFor(ADA.fiscalCode, d.id)).toBeNull();
    const { received } = await register().listFor(ADA);
    expect(received.find((x) => x.id === d.id)).toMatchObject({ status: 'active', inEffect: false });
    moveTo(3);
    expect((await register().activeFor(ADA.fiscalCode, d.id))?.id).toBe(d.id);
    await register().revoke(ADA, d.id);
  });

  it('a revocation by either party takes effect at once', async () => {
    moveTo(0);
    for (const revoker of [GIULIO, MARIO]) {
      const d = await register().grant(GIULIO, grant(MARIO, { scope: { kind: 'procedures', slugs: ['rimborso-imu'] } }), { locale: 'it' });
      await register().accept(MARIO, d.id);
      expect(await register().activeFor(MARIO.fiscalCode, d.id)).not.toBeNull();
      await expect(register().revoke(ADA, d.id)).rejects.toMatchObject({ statusCode: 404 });
      expect((await register().revoke(revoker, d.id)).status).toBe('revoked');
      expect(await register().activeFor(MARIO.fiscalCode, d.id)).toBeNull();
      expect(await register().coveringDelegation(GIULIO.fiscalCode, MARIO.fiscalCode, IMU)).toBeNull();
      const events = (await register().detailFor(MARIO, d.id)).events;
      expect(events.at(-1)).toMatchObject({ kind: 'revoked', actorFiscalCode: revoker.fiscalCode });
      // accepting after the revocation is a conflict, not a change
      await expect(register().accept(MARIO, d.id)).rejects.toMatchObject({ statusCode: 409 });
    }
  });

  it('the scope decides which procedures a delegation covers, and only full access may file', async () => {
    moveTo(0);
    const rows: [GrantInput['scope'], GrantInput['access'], boolean, boolean][] = [
      [{ kind: 'all' }, 'full', true, true],
      [{ kind: 'areas', areas: ['tributi'] }, 'full', false, true],
      [{ kind: 'procedures', slugs: ['cambio-residenza'] }, 'full', true, false],
      [{ kind: 'all' }, 'read', false, false],
    ];
    for (const [scope, access, residence, imu] of rows) {
      const d = await register().grant(ADA, grant(GIULIO, { scope, access }), { locale: 'it' });
      await register().accept(GIULIO, d.id);
      expect((await register().activeFor(GIULIO.fiscalCode, d.id))?.access, JSON.stringify(scope)).toBe(access);
      expect(!!(await register().coveringDelegation(ADA.fiscalCode, GIULIO.fiscalCode, RESIDENCE)), `${JSON.stringify(scope)} ${access} residence`).toBe(residence);
      expect(!!(await register().coveringDelegation(ADA.fiscalCode, GIULIO.fiscalCode, IMU)), `${JSON.stringify(scope)} ${access} imu`).toBe(imu);
      await register().revoke(ADA, d.id);
    }
  });

  it('refuses oneself, a bad fiscal code, a start in the past, an end before the start, an unknown procedure, an identical open delegation', async () => {
    moveTo(0);
    expect(await refusal(register().grant(GIULIO, grant(GIULIO), { locale: 'it' }))).toEqual(['delegate.fiscalCode self']);
    expect(await refusal(register().grant(GIULIO, { ...grant(ADA), delegate: { fiscalCode: 'LVLDAA85T50G702C', givenName: 'Ada', familyName: 'Lovelace' } }, { locale: 'it' }))).toEqual(['delegate.fiscalCode fiscalCode']);
    expect(await refusal(register().grant(GIULIO, grant(ADA, { validFrom: day(-1) }), { locale: 'it' }))).toEqual(['validFrom fromPast']);
    expect(await refusal(register().grant(GIULIO, grant(ADA, { validFrom: day(5), validTo: day(4) }), { locale: 'it' }))).toEqual(['validTo toBeforeFrom']);
    expect(await refusal(register().grant(GIULIO, grant(ADA, { scope: { kind: 'procedures', slugs: ['cambio-residenza', 'non-esiste'] } }), { locale: 'it' }))).toEqual(['scope.procedures unknownProcedure']);

    const first = await register().grant(GIULIO, grant(ADA, { scope: { kind: 'areas', areas: ['tributi', 'servizi-sociali'] } }), { locale: 'it' });
    // the same scope written in another order, another access: still the same delegation
    expect(await refusal(register().grant(GIULIO, grant(ADA, { scope: { kind: 'areas', areas: ['servizi-sociali', 'tributi'] }, access: 'read' }), { locale: 'it' }))).toEqual(['scope duplicate']);
    // another scope is another delegation, and so is the other direction
    const other = await register().grant(GIULIO, grant(ADA, { scope: { kind: 'areas', areas: ['tributi'] } }), { locale: 'it' });
    const back = await register().grant(ADA, grant(GIULIO, { scope: { kind: 'areas', areas: ['tributi', 'servizi-sociali'] } }), { locale: 'it' });
    for (const [who, d] of [[GIULIO, first], [GIULIO, other], [ADA, back]] as const) await register().revoke(who, d.id);
    // once revoked, it may be granted again
    const renewed = await register().grant(GIULIO, grant(ADA, { scope: { kind: 'areas', areas: ['tributi', 'servizi-sociali'] } }), { locale: 'it' });
    await register().refuse(ADA, renewed.id);
    expect((await register().detailFor(GIULIO, renewed.id)).delegation.status).toBe('refused');
  });

  it('records the acts done under a delegation', async () => {
    moveTo(0);
    const d = await register().grant(GIULIO, grant(ADA, { scope: { kind: 'procedures', slugs: ['certificato-residenza'] } }), { locale: 'it' });
    await register().accept(ADA, d.id);
    await register().recordAct(d.id, { kind: 'filed', submissionPublicId: '3b1f4b7e-0000-4000-8000-000000000001', at: clock() });
    const events = (await register().detailFor(GIULIO, d.id)).events;
    expect(events.at(-1)).toMatchObject({ kind: 'act', act: 'filed', actorFiscalCode: ADA.fiscalCode, actorRole: 'delegate', submissionPublicId: '3b1f4b7e-0000-4000-8000-000000000001' });
    await expect(register().recordAct('3b1f4b7e-0000-4000-8000-000000000002', { kind: 'filed', at: clock() })).rejects.toMatchObject({ statusCode: 404 });
    await register().revoke(ADA, d.id);
  });
});

const AREA = '/area-personale/deleghe';

async function grantOnline(agent: PortalAgent, form: Record<string, string>) {
  return agent.post(`${AREA}/nuova`, { ambito: 'tutti', accesso: 'completo', dal: today(), ...form });
}

describe('the personal area', () => {
  let giulio: PortalAgent;
  let ada: PortalAgent;
  let mario: PortalAgent;
  let id: string;

  beforeAll(async () => {
    moveTo(0);
    [giulio, ada, mario] = [await loginAs(t, TEST_PEOPLE.citizen), await loginAs(t, TEST_PEOPLE.citizen2), await loginAs(t, TEST_PEOPLE.citizen3)];
  });

  it('lists the delegations under "Deleghe" in the personal area', async () => {
    const area = await giulio.get('/area-personale');
    expect(area.body).toContain(`href="${AREA}"`);
    const list = await giulio.get(AREA);
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toContain('no-store');
    expect(list.body).toContain('Deleghe ricevute');
    expect(list.body).toContain(`href="${AREA}/nuova"`);
    expect(list.body).toMatch(new RegExp(`class="nav-link active" href="${AREA}" aria-current="page"`));
    expect((await giulio.get(`${AREA}/nuova`)).statusCode).toBe(200);
  });

  it('answers bad input with 422 and a message for each field, in Italian and in English, writing nothing', async () => {
    const before = (await register().listFor(GIULIO)).granted.length;
    const empty = await giulio.post(`${AREA}/nuova`, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('id="error-summary"');
    expect(empty.body).toContain('Compila il campo «Codice fiscale della persona delegata».');
    expect(empty.body).toContain('Scegli una risposta per «Per quali servizi».');
    expect(empty.body).toContain('Scegli una risposta per «Che cosa può fare la persona delegata».');
    expect(empty.body).toContain('href="#delega-ambito-tutti"');

    const self = await grantOnline(giulio, { delegato_cf: TEST_PEOPLE.citizen, delegato_nome: 'Giulio', delegato_cognome: 'Cesare', ambito: 'servizi', al: day(-1) });
    expect(self.statusCode).toBe(422);
    expect(self.body).toContain('Non puoi delegare te stesso');
    expect(self.body).toContain('«Valida fino al (facoltativo)»: la delega non può finire prima di iniziare.');

    await giulio.get('/?lang=en');
    const english = await grantOnline(giulio, { delegato_cf: 'LVLDAA85T50G702C', delegato_nome: 'Ada', delegato_cognome: 'Lovelace', dal: day(-1), ambito: 'aree' });
    expect(english.statusCode).toBe(422);
    expect(english.body).toContain('“Fiscal code of the delegate”: enter a valid fiscal code');
    expect(english.body).toContain('“Valid from”: the delegation cannot start before today.');
    expect(english.body).toContain('“Areas”: choose at least one area.');
    await giulio.get('/?lang=it');
    expect((await register().listFor(GIULIO)).granted.length).toBe(before);
  });

  it('grants a delegation: 303 to the list, the delegate told in their inbox', async () => {
    const res = await grantOnline(giulio, { delegato_cf: TEST_PEOPLE.citizen2.toLowerCase(), delegato_nome: 'Ada', delegato_cognome: 'Lovelace', ambito: 'servizi', servizi: 'cambio-residenza', al: day(30) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${AREA}?fatto=concessa`);
    const list = await giulio.get(String(res.headers.location));
    expect(list.body).toContain('Delega concessa.');
    expect(list.body).toContain('Ada Lovelace');
    expect(list.body).toContain('In attesa di accettazione');
    expect(list.body).toContain('Cambio di residenza');
    const granted = (await register().listFor(GIULIO)).granted.find((d) => d.delegate.fiscalCode === TEST_PEOPLE.citizen2 && d.status === 'pending');
    id = granted!.id;
    const inbox = await ada.get('/area-personale/messaggi');
    expect(inbox.body).toContain('Hai ricevuto una delega da Giulio Cesare');
  });

  it('hides a delegation from anyone but its two parties: 404 on the page and on every action', async () => {
    const missing = await mario.get(`${AREA}/3b1f4b7e-0000-4000-8000-00000000dead`);
    expect(missing.statusCode).toBe(404);
    for (const path of [`${AREA}/${id}`, `${AREA}/${id}/revoca`, `${AREA}/not-a-uuid`]) {
      const res = await mario.get(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.body).not.toContain('Ada Lovelace');
    }
    for (const action of ['accetta', 'rifiuta', 'revoca']) expect((await mario.post(`${AREA}/${id}/${action}`)).statusCode, action).toBe(404);
    // the delegator may not accept for the delegate
    expect((await giulio.post(`${AREA}/${id}/accetta`)).statusCode).toBe(404);
    expect((await register().detailFor(GIULIO, id)).delegation.status).toBe('pending');
  });

  it('refuses an action without the CSRF token', async () => {
    const res = await ada.post(`${AREA}/${id}/accetta`, {}, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await register().detailFor(ADA, id)).delegation.status).toBe('pending');
  });

  it('lets the delegate see and accept a pending delegation', async () => {
    const list = await ada.get(AREA);
    expect(list.body).toContain(`action="${AREA}/${id}/accetta"`);
    const page = await ada.get(`${AREA}/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Giulio Cesare ti ha delegato ad agire per suo conto.');
    const res = await ada.post(`${AREA}/${id}/accetta`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${AREA}/${id}?fatto=accettata`);
    const after = await ada.get(String(res.headers.location));
    expect(after.body).toContain('Hai accettato la delega.');
    expect(after.body).toContain('Delega accettata da Ada Lovelace');
    expect(await register().activeFor(TEST_PEOPLE.citizen2, id)).not.toBeNull();
  });

  it('revokes after a confirmation page, with effect on the next request', async () => {
    const confirm = await giulio.get(`${AREA}/${id}/revoca`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('La revoca ha effetto subito');
    const res = await giulio.post(`${AREA}/${id}/revoca`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${AREA}?fatto=revocata`);
    expect(await register().activeFor(TEST_PEOPLE.citizen2, id)).toBeNull();
    const list = await ada.get(AREA);
    expect(list.body).toContain('Revocata');
    expect(list.body).not.toContain(`${AREA}/${id}/revoca`);
  });

  it('shows a delegation as expired the day after its last day', async () => {
    const res = await grantOnline(giulio, { delegato_cf: TEST_PEOPLE.citizen3, delegato_nome: 'Mario', delegato_cognome: 'Rossi', al: day(1) });
    expect(res.statusCode).toBe(303);
    const d = (await register().listFor(MARIO)).received.find((x) => x.status === 'pending')!;
    expect((await mario.post(`${AREA}/${d.id}/accetta`)).statusCode).toBe(303);
    moveTo(2);
    // the sessions ended while the clock moved: log in again
    const again = await loginAs(t, TEST_PEOPLE.citizen3);
    const page = await again.get(`${AREA}/${d.id}`);
    expect(page.body).toContain('Scaduta');
    expect(page.body).not.toContain(`${AREA}/${d.id}/revoca`);
    expect(await register().activeFor(TEST_PEOPLE.citizen3, d.id)).toBeNull();
    moveTo(0);
  });
});

describe('paper delegations at the desk', () => {
  let clerk: PortalAgent;
  let action: string;
  let token: string;
  const FORM = () => ({
    delegante_cf: TERESA,
    delegante_nome: 'Teresa',
    delegante_cognome: 'Rinaldi',
    delegante_nascita: '1940-01-01',
    documento_tipo: 'cie',
    documento_numero: 'ca 12345 ab',
    documento_ente: 'Comune di Roma',
    documento_scadenza: day(400),
    delegato_cf: TEST_PEOPLE.citizen3,
    delegato_nome: 'Mario',
    delegato_cognome: 'Rossi',
    ambito: 'aree',
    aree: 'anagrafe-stato-civile',
    accesso: 'completo',
    dal: today(),
    al: '',
  });
  const FILES = [
    { field: 'modulo', name: 'modulo firmato.pdf', type: 'application/pdf', bytes: PDF },
    { field: 'copia_documento', name: 'cie.png', type: 'image/png', bytes: PNG },
  ];
  const send = (fields: Record<string, string>, files = FILES) => {
    const body = multipart({ _csrf: token, ...fields }, files);
    return clerk.inject({ method: 'POST', url: action, payload: body.payload, headers: body.headers });
  };

  beforeAll(async () => {
    moveTo(0);
    clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const form = await clerk.get('/backoffice/deleghe/nuova');
    expect(form.statusCode).toBe(200);
    action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(form.body)![1]!.replace(/&amp;/g, '&');
    token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  });

  it('are for clerks only: anyone else gets 404', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    for (const path of ['/backoffice/deleghe', '/backoffice/deleghe/nuova']) expect((await citizen.get(path)).statusCode, path).toBe(404);
    expect((await citizen.post('/backoffice/deleghe/nuova', FORM())).statusCode).toBe(404);
    // the form is multipart: a plain post is no page's
    expect((await clerk.post('/backoffice/deleghe/nuova', FORM())).statusCode).toBe(400);
    const list = await clerk.get('/backoffice/deleghe');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/backoffice/deleghe" aria-current="page"');
  });

  it('refuse an expired identity document, a wrong document number, a missing or wrong file, leaving no file behind', async () => {
    const before = await storedFiles(t.app);
    const expired = await send({ ...FORM(), documento_scadenza: day(-1) });
    expect(expired.statusCode).toBe(422);
    expect(expired.body).toContain('«Scadenza del documento»: il documento è scaduto.');
    const wrongNumber = await send({ ...FORM(), documento_tipo: 'passaporto', documento_numero: 'YA12' });
    expect(wrongNumber.statusCode).toBe(422);
    expect(wrongNumber.body).toContain('«Numero del documento»: il numero non ha la forma del documento scelto');
    const mismatch = await send({ ...FORM(), delegante_nascita: '1941-01-01' });
    expect(mismatch.body).toContain('la data non corrisponde al codice fiscale del delegante');
    const noType = await send({ ...FORM(), documento_tipo: '' });
    expect(noType.statusCode).toBe(422);
    expect(noType.body).toContain('Scegli una risposta per «Tipo di documento».');
    const noFiles = await send(FORM(), []);
    expect(noFiles.statusCode).toBe(422);
    expect(noFiles.body).toContain('Allega il file «Modulo di delega firmato».');
    const text = await send(FORM(), [FILES[0]!, { field: 'copia_documento', name: 'cie.png', type: 'image/png', bytes: Buffer.from('not an image at all') }]);
    expect(text.statusCode).toBe(422);
    expect(text.body).toContain('non è di un tipo accettato');
    expect(await storedFiles(t.app)).toBe(before);
    expect((await register().paperList({ fiscalCode: TERESA, page: 1 })).items).toEqual([]);
  });

  it('register a signed form: active at once, recorded with the clerk, the delegate told, the files kept', async () => {
    const res = await send(FORM());
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/backoffice\/deleghe\/[0-9a-f-]{36}\?fatto=registrata$/);
    const id = location.split('/')[3]!.split('?')[0]!;
    const view = await register().activeFor(TEST_PEOPLE.citizen3, id);
    expect(view).toMatchObject({ origin: 'paper', status: 'active', access: 'full', scope: { kind: 'areas', areas: ['anagrafe-stato-civile'] } });
    expect((await register().coveringDelegation(TERESA, TEST_PEOPLE.citizen3, RESIDENCE))?.id).toBe(id);

    const page = await clerk.get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Delega cartacea registrata');
    expect(page.body).toContain('CA12345AB');
    expect(page.body).toContain('modulo firmato.pdf');
    const file = await clerk.get(`/backoffice/deleghe/${id}/modulo`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const { paper, events } = await register().paperDetail(id);
    expect(paper).toMatchObject({ clerkFiscalCode: TEST_PEOPLE.clerkAnagrafe, document: { type: 'cie', number: 'CA12345AB', issuer: 'Comune di Roma' } });
    expect(events).toMatchObject([{ kind: 'registered', actorFiscalCode: TEST_PEOPLE.clerkAnagrafe, actorRole: 'clerk' }]);

    const found = await clerk.get('/backoffice/deleghe?q=rnltrs');
    expect(found.body).toContain('Teresa Rinaldi');
    expect((await clerk.get('/backoffice/deleghe?q=ZZZZ')).body).not.toContain('Teresa Rinaldi');
    // an online delegation is not a clerk's to open
    const online = (await register().listFor(GIULIO)).granted[0]!;
    expect((await clerk.get(`/backoffice/deleghe/${online.id}`)).statusCode).toBe(404);

    // the delegate sees it in force, and so does the delegator once she logs in herself
    const mario = await loginAs(t, TEST_PEOPLE.citizen3);
    expect((await mario.get('/area-personale/messaggi')).body).toContain('Hai ricevuto una delega da Teresa Rinaldi');
    const teresa = await loginAs(t, TERESA);
    const list = await teresa.get(AREA);
    expect(list.body).toContain('Mario Rossi');
    expect(list.body).toContain('Attiva');

    // the same delegation twice is refused; the files of the refused one are removed
    const before = await storedFiles(t.app);
    const twice = await send(FORM());
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain('Esiste già una delega in attesa o attiva');
    expect(await storedFiles(t.app)).toBe(before);

    // revoked by the clerk, with a confirmation, at once
    const unconfirmed = await clerk.post(`/backoffice/deleghe/${id}/revoca`, {});
    expect(unconfirmed.statusCode).toBe(422);
    const revoked = await clerk.post(`/backoffice/deleghe/${id}/revoca`, { conferma: 'yes' });
    expect(revoked.statusCode).toBe(303);
    expect(await register().activeFor(TEST_PEOPLE.citizen3, id)).toBeNull();
    expect((await register().paperDetail(id)).events.at(-1)).toMatchObject({ kind: 'revoked', actorRole: 'clerk' });
  });
});

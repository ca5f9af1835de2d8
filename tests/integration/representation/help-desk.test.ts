// The help desk through the real app: only operators (staff with a desk) reach /sportello;
// the identity typed at the desk is checked (codice fiscale, birth date, sex, names, document)
// and refused in the person's language with nothing stored; a session lets its operator act
// for the person until it ends or expires (clock moved, no sleeps) and no other operator sees
// it; the filings made in it are listed with their receipts (e-mailed through the outbox); the
// statistics count filings per channel, procedure and desk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAttachments } from '../../../src/notifications/attachments.ts';
import { addDays, romeDate } from '../../../src/platform/time.ts';
import { selfApplicant, type Applicant } from '../../../src/submissions/submissions.service.ts';
import { errorsOf, post } from '../admin/helpers.ts';
import { fileResidence } from '../backoffice/helpers.ts';
import { createIdentityTestApp, type IdentityTestApp } from '../identity/setup.ts';
import { loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';

const OPERATOR = 'SRTLRA81C50A944X'; // Laura Sarti, URP centro
const TERESA: Applicant = selfApplicant({ fiscalCode: 'RNLTRS40A41H501A', givenName: 'Teresa', familyName: 'Rinaldi', spidLevel: 2 });
const MINUTE = 60_000;

let t: IdentityTestApp;
let operator: PortalAgent;

const today = () => romeDate(t.app.services.clock());

function teresaForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    fiscalCode: 'rnltrs40a41h501a',
    familyName: 'Rinaldi',
    givenName: 'Teresa',
    birthDate: '1940-01-01',
    sex: 'F',
    documentType: 'cie',
    documentNumber: 'ca 12345 ab',
    documentIssuer: 'Comune di Roma',
    documentExpiry: addDays(today(), 900),
    email: 'teresa.rinaldi@example.it',
    phone: '+39 333 1234567',
    ...overrides,
  };
}

async function sessionCount(): Promise<number> {
  const row = await t.app.db.selectFrom('assisted_sessions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Opens a session as the operator; returns its id. */
async function openSessionFor(agent: PortalAgent, form: Record<string, string>): Promise<string> {
  const res = await agent.post('/sportello/sessioni', form);
  expect(res.statusCode, errorsOf(res.body).join('\n')).toBe(303);
  const match = /^\/sportello\/sessioni\/([0-9a-f-]{36})$/.exec(String(res.headers.location));
  expect(match).not.toBeNull();
  return match![1]!;
}

beforeAll(async () => {
  t = await createIdentityTestApp();
  operator = await loginAs(t, OPERATOR);
});
afterAll(async () => {
  await t?.close();
});

describe('the operator role', () => {
  it('the bundled provider seeds Laura Sarti as the operator of urp-centro', async () => {
    const row = await t.app.db.selectFrom('staff').select(['desk_code']).where('fiscal_code', '=', OPERATOR).executeTakeFirstOrThrow();
    expect(row.desk_code).toBe('urp-centro');
    const home = await operator.get('/servizi');
    expect(home.body).toContain('href="/sportello"><span>Sportello</span>');
    expect(home.body).not.toContain('href="/backoffice"');
    const desk = await operator.get('/sportello');
    expect(desk.statusCode).toBe(200);
    expect(desk.body).toContain('URP - Sportello del cittadino, centro');
  });

  it('citizens, clerks and administrators get 404 on the desk; nobody logged in goes to the login', async () => {
    for (const who of [TEST_PEOPLE.citizen, TEST_PEOPLE.clerkAnagrafe, TEST_PEOPLE.admin]) {
      const agent = await loginAs(t, who);
      expect((await agent.get('/sportello')).statusCode, who).toBe(404);
      expect((await agent.get('/sportello/sessioni/nuova')).statusCode, who).toBe(404);
      // before the CSRF check: a form's existence is not revealed either
      expect((await agent.post('/sportello/sessioni', teresaForm(), { csrf: false })).statusCode, who).toBe(404);
      expect((await agent.get('/servizi')).body, who).not.toContain('href="/sportello"');
    }
    const anonymous = new PortalAgent(t.app);
    const res = await anonymous.get('/sportello');
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toMatch(/^\/auth\/login\?level=2&returnTo=%2Fsportello/);
  });

  it('the statistics are for operators and administrators only', async () => {
    const admin = await loginAs(t, TEST_PEOPLE.admin);
    expect((await admin.get('/sportello/statistiche')).statusCode).toBe(200);
    expect((await admin.get('/admin')).body).toContain('href="/sportello/statistiche"');
    expect((await operator.get('/sportello/statistiche')).statusCode).toBe(200);
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await citizen.get('/sportello/statistiche')).statusCode).toBe(404);
    expect((await citizen.get('/sportello/statistiche.csv')).statusCode).toBe(404);
  });
});

describe('the identity checked at the desk', () => {
  const refusals: Array<{ what: string; form: Record<string, string>; it: string; en: string }> = [
    { what: 'an expired document', form: { documentExpiry: '2020-01-31' }, it: '#b-documentExpiry Il documento è scaduto: serve un documento valido', en: '#b-documentExpiry The document has expired: a valid document is needed' },
    {
      what: 'a CIE number of the wrong shape',
      form: { documentNumber: 'CA1234567' },
      it: '#b-documentNumber Il numero della carta d\'identità elettronica ha due lettere, cinque cifre e due lettere, ad esempio CA12345AB',
      en: '#b-documentNumber An electronic identity card\'s number has two letters, five digits and two letters, for example CA12345AB',
    },
    { what: 'a wrong check character', form: { fiscalCode: 'RNLTRS40A41H501B' }, it: '#b-fiscalCode Il codice fiscale non è valido: controlla i 16 caratteri', en: '#b-fiscalCode The fiscal code is not valid: check the 16 characters' },
    {
      what: 'a birth date the codice fiscale does not say',
      form: { birthDate: '1940-01-02' },
      it: '#b-birthDate La data di nascita non corrisponde al codice fiscale: controlla entrambi sul documento',
      en: '#b-birthDate The date of birth does not match the fiscal code: check both on the document',
    },
    { what: 'the other sex', form: { sex: 'M' }, it: '#b-sex Il sesso non corrisponde al codice fiscale: controlla entrambi sul documento', en: '#b-sex The sex does not match the fiscal code: check both on the document' },
    {
      what: 'an expiry absurdly far away',
      form: { documentExpiry: '2099-12-31' },
      it: '#b-documentExpiry La scadenza è oltre 11 anni da oggi: controllala sul documento',
      en: '#b-documentExpiry The expiry is more than 11 years from today: check it on the document',
    },
    {
      what: 'no document for a person the portal does not know',
      form: { documentType: '', documentNumber: '', documentIssuer: '', documentExpiry: '' },
      it: '#b-documentType Il portale non conosce questa persona: registra il documento di identità che ti mostra',
      en: '#b-documentType The portal does not know this person: record the identity document they show you',
    },
    { what: 'half a document', form: { documentIssuer: '' }, it: '#b-documentIssuer Compila tutti i dati del documento, o nessuno', en: '#b-documentIssuer Fill in all the document\'s details, or none' },
  ];
  for (const refusal of refusals) {
    it(`refuses ${refusal.what}, in Italian and English, storing nothing`, async () => {
      const before = await sessionCount();
      const italian = await operator.post('/sportello/sessioni', teresaForm(refusal.form));
      expect(italian.statusCode).toBe(422);
      expect(errorsOf(italian.body)).toEqual([refusal.it]);
      const english = await operator.post('/sportello/sessioni?lang=en', teresaForm(refusal.form));
      expect(english.statusCode).toBe(422);
      expect(errorsOf(english.body)).toEqual([refusal.en]);
      await operator.get('/sportello?lang=it');
      // the form keeps what was typed
      expect(english.body).toContain('value="Rinaldi"');
      expect(await sessionCount()).toBe(before);
      expect(operator.session()?.acting).toBeUndefined();
    });
  }

  it('names that do not match the codice fiscale need the operator\'s confirmation', async () => {
    const form = { fiscalCode: 'CSRGGL44L13H501E', familyName: 'Cesare', givenName: 'Giulio', birthDate: '1944-07-13', sex: 'M', documentType: 'carta-identita', documentNumber: 'AU1234567', documentIssuer: 'Comune di Roma', documentExpiry: addDays(today(), 400) };
    const refused = await operator.post('/sportello/sessioni', form);
    expect(refused.statusCode).toBe(422);
    expect(errorsOf(refused.body)).toEqual(['#b-confirmNames Nome e cognome non corrispondono al codice fiscale: controllali sul documento e, se sono giusti, conferma']);
    expect(refused.body).toContain('id="b-confirmNames"');
    const id = await openSessionFor(operator, { ...form, confirmNames: 'yes' });
    await operator.post(`/sportello/sessioni/${id}/termina`);
  });

  it('a refused session is not opened without the CSRF token', async () => {
    const before = await sessionCount();
    const res = await operator.post('/sportello/sessioni', teresaForm(), { csrf: false });
    expect(res.statusCode).toBe(403);
    const forged = await operator.post('/sportello/sessioni', teresaForm(), { csrf: 'not-the-token' });
    expect(forged.statusCode).toBe(403);
    expect(await sessionCount()).toBe(before);
  });
});

describe('the look-up by codice fiscale', () => {
  it('shows the names the portal knows, never the filings', async () => {
    const unknown = await operator.post('/sportello/sessioni/cerca', { fiscalCode: 'RSSMRA80A01H501U' });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('Il portale non conosce questo codice fiscale');
    // Ada Lovelace files online; the desk sees her name, the birth date and sex from her code
    const filing = await fileResidence(t.app, selfApplicant({ fiscalCode: TEST_PEOPLE.citizen2, givenName: 'Ada', familyName: 'Lovelace', spidLevel: 2 }));
    const known = await operator.post('/sportello/sessioni/cerca', { fiscalCode: ` ${TEST_PEOPLE.citizen2.toLowerCase()} ` });
    expect(known.statusCode).toBe(200);
    expect(known.body).toContain('Il portale conosce questa persona');
    expect(known.body).toContain('Nome: Ada Lovelace.');
    expect(known.body).toContain('value="1985-12-10"');
    expect(known.body).toMatch(/value="F" checked/);
    expect(known.body).not.toContain(filing.publicId);
    expect(known.body).not.toMatch(/residenza/i);
    const bad = await operator.post('/sportello/sessioni/cerca?lang=en', { fiscalCode: 'RSSMRA80A01H501X' });
    expect(bad.statusCode).toBe(422);
    expect(errorsOf(bad.body)).toEqual(['#lookup-fiscalCode The fiscal code is not valid: check the 16 characters']);
    await operator.get('/sportello?lang=it');
  });

  it('a person the portal knows may be served without a document', async () => {
    const id = await openSessionFor(operator, { fiscalCode: TEST_PEOPLE.citizen2, familyName: 'Lovelace', givenName: 'Ada', birthDate: '1985-12-10', sex: 'F' });
    const page = await operator.get(`/sportello/sessioni/${id}`);
    expect(page.body).toContain('Nessuno: persona già nota al portale');
    await operator.post(`/sportello/sessioni/${id}/termina`);
  });
});

describe('an assisted session', () => {
  it('opens for the person, makes the operator act for them, ends', async () => {
    const id = await openSessionFor(operator, teresaForm());
    expect(operator.session()?.acting).toEqual({ fiscalCode: OPERATOR, choice: { kind: 'assisted', sessionId: id } });
    const open = await t.app.services.helpDesk.openSession(OPERATOR, id);
    expect(open).toMatchObject({
      id,
      desk: 'urp-centro',
      operatorFiscalCode: OPERATOR,
      person: { kind: 'person', fiscalCode: TERESA.fiscalCode, name: 'Teresa Rinaldi', birthDate: '1940-01-01', email: 'teresa.rinaldi@example.it', phone: '+39 333 1234567' },
      document: { type: 'cie', number: 'CA12345AB', issuer: 'Comune di Roma' },
    });
    const page = await operator.get(`/sportello/sessioni/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sessione per Teresa Rinaldi');
    expect(page.body).toContain('<a class="btn btn-primary" href="/servizi">Scegli il servizio</a>');
    expect((await operator.get('/sportello')).body).toContain(`href="/sportello/sessioni/${id}"`);

    const ended = await operator.post(`/sportello/sessioni/${id}/termina`);
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe('/sportello?esito=ended');
    expect(operator.session()?.acting).toBeUndefined();
    expect(await t.app.services.helpDesk.openSession(OPERATOR, id)).toBeNull();
    const after = await operator.get(`/sportello/sessioni/${id}`);
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Terminata');
    expect(after.body).not.toContain('Scegli il servizio');
    expect(after.body).not.toContain('/termina');
  });

  it('a new session ends the previous one: one person at a time', async () => {
    const first = await openSessionFor(operator, teresaForm());
    const second = await openSessionFor(operator, teresaForm({ fiscalCode: 'RSSMRA80A01H501U', familyName: 'Rossi', givenName: 'Mario', birthDate: '1980-01-01', sex: 'M' }));
    expect(await t.app.services.helpDesk.openSession(OPERATOR, first)).toBeNull();
    expect(await t.app.services.helpDesk.openSession(OPERATOR, second)).not.toBeNull();
    await operator.post(`/sportello/sessioni/${second}/termina`);
  });

  it('expires by itself after two hours', async () => {
    const id = await openSessionFor(operator, teresaForm());
    t.advance(119 * MINUTE);
    expect(await t.app.services.helpDesk.openSession(OPERATOR, id)).not.toBeNull();
    t.advance(2 * MINUTE);
    try {
      expect(await t.app.services.helpDesk.openSession(OPERATOR, id)).toBeNull();
      // the operator's login went idle meanwhile: a new one sees the session expired
      const again = await loginAs(t, OPERATOR);
      const page = await again.get(`/sportello/sessioni/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Scaduta');
      expect(page.body).not.toContain('/termina');
      await expect(t.app.services.helpDesk.receipts.email(OPERATOR, id, '00000000-0000-0000-0000-000000000000')).rejects.toThrow(/open assisted session/);
    } finally {
      t.advance(-121 * MINUTE);
    }
  });

  it('is nobody else\'s: another operator gets null and 404', async () => {
    const id = await openSessionFor(operator, teresaForm());
    // the administrator makes Anna Ferri an operator of the other desk
    const admin = await loginAs(t, TEST_PEOPLE.admin);
    const anna = await t.app.db.selectFrom('staff').select('id').where('fiscal_code', '=', TEST_PEOPLE.clerkAnagrafe).executeTakeFirstOrThrow();
    const form = (await admin.get(`/admin/personale/${anna.id}`)).body;
    expect(form).toContain('URP - Sportello del cittadino, centro');
    await post(admin, `/admin/personale/${anna.id}`, { givenName: 'Anna', familyName: 'Ferri', email: '', role: 'clerk', offices: 'anagrafe', desk: 'sportello-quartiere-nord', active: 'yes' });
    const refused = await post(admin, `/admin/personale/${anna.id}`, { givenName: 'Anna', familyName: 'Ferri', role: 'clerk', desk: 'nessuno-sportello', active: 'yes' }, 422);
    expect(errorsOf(refused.body)).toEqual(['#b-desk Scegli una delle voci proposte']);
    const other = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    expect((await other.get('/sportello')).body).toContain('Sportello polifunzionale di quartiere - Nord');
    expect(await t.app.services.helpDesk.openSession(TEST_PEOPLE.clerkAnagrafe, id)).toBeNull();
    expect((await other.get(`/sportello/sessioni/${id}`)).statusCode).toBe(404);
    expect((await other.get(`/sportello/sessioni/${id}/promemoria`)).statusCode).toBe(404);
    expect((await other.post(`/sportello/sessioni/${id}/termina`)).statusCode).toBe(404);
    await expect(t.app.services.helpDesk.handOverDrafts(id, TEST_PEOPLE.clerkAnagrafe)).rejects.toThrow(/assisted session/);
    expect(await t.app.services.helpDesk.openSession(OPERATOR, id)).not.toBeNull();
    expect((await other.get('/sportello/sessioni/not-a-session')).statusCode).toBe(404);
    // the desk is taken away: Anna is a clerk again, and no operator
    await post(admin, `/admin/personale/${anna.id}`, { givenName: 'Anna', familyName: 'Ferri', role: 'clerk', offices: 'anagrafe', desk: '', active: 'yes' });
    expect((await other.get('/sportello')).statusCode).toBe(404);
    await operator.post(`/sportello/sessioni/${id}/termina`);
  });
});

describe('filings made at the desk: receipts, drafts, statistics', () => {
  const period = () => `dal=${addDays(romeDate(new Date()), -1)}&al=${addDays(romeDate(new Date()), 1)}`;

  it('lists the session\'s filings with their receipts, e-mails a receipt once, and counts desk and online filings', async () => {
    const stats = t.app.services.helpDesk.statistics;
    const asked = { from: addDays(romeDate(new Date()), -1), to: addDays(romeDate(new Date()), 1) };
    const before = await stats.compute(asked);
    const id = await openSessionFor(operator, teresaForm());
    // filed through the real filing path; the channel is what the core's filing will write
    // while the operator acts in the session (migrations/0018_filing_parties.sql)
    const atDesk = await fileResidence(t.app, { ...TERESA, email: 'teresa.rinaldi@example.it' });
    await t.app.db
      .updateTable('submissions')
      .set({ channel: 'desk', desk: 'urp-centro', assisted_session_id: id } as never)
      .where('id', '=', atDesk.id)
      .execute();
    await fileResidence(t.app);
    await fileResidence(t.app);

    const page = await operator.get(`/sportello/sessioni/${id}`);
    expect(page.body).toContain('Certificato di residenza');
    expect(page.body).toContain(`href="/area-personale/richieste/${atDesk.publicId}/ricevuta.pdf"`);
    const emailed = await operator.post(`/sportello/sessioni/${id}/ricevute/${atDesk.publicId}/email`);
    expect(emailed.headers.location).toBe(`/sportello/sessioni/${id}?esito=sent`);
    const again = await operator.post(`/sportello/sessioni/${id}/ricevute/${atDesk.publicId}/email`);
    expect(again.headers.location).toBe(`/sportello/sessioni/${id}?esito=already`);
    const sent = await t.app.db.selectFrom('notifications').selectAll().where('kind', '=', 'desk.receipt').execute();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.recipient_fiscal_code).toBe(TERESA.fiscalCode);
    expect(sent[0]!.data).toMatchObject({ email: 'teresa.rinaldi@example.it', fiscalCode: TERESA.fiscalCode, link: `/area-personale/richieste/${atDesk.publicId}` });
    const deliveries = await t.app.db.selectFrom('notification_deliveries').select('channel').where('notification_id', '=', sent[0]!.id).execute();
    expect(deliveries.map((d) => d.channel)).toEqual(['email']);
    const [pdf] = await renderAttachments({ id: sent[0]!.id, kind: 'desk.receipt', recipientFiscalCode: TERESA.fiscalCode, locale: 'it', data: sent[0]!.data as Record<string, unknown>, db: t.app.db });
    expect(pdf?.contentType).toBe('application/pdf');
    expect(Buffer.from(pdf!.content).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await operator.get(`/sportello/sessioni/${id}`)).body).toContain('Ricevuta inviata per e-mail');
    // another session's filing is not this session's
    expect((await operator.post(`/sportello/sessioni/${id}/ricevute/${(await fileResidence(t.app)).publicId}/email`)).statusCode).toBe(404);

    const note = await operator.get(`/sportello/sessioni/${id}/promemoria`);
    expect(note.body).toContain(`con il tuo codice fiscale ${TERESA.fiscalCode}`);

    const after = await stats.compute(asked);
    const residence = (s: typeof after) => s.procedures.find((p) => p.procedure.slug === 'certificato-residenza') ?? { online: 0, desk: 0 };
    expect(residence(after).desk - residence(before).desk).toBe(1);
    expect(residence(after).online - residence(before).online).toBe(3);
    const urp = (s: typeof after) => s.desks.find((d) => d.desk.code === 'urp-centro')!.filings;
    expect(urp(after) - urp(before)).toBe(1);
    expect(after.desks.find((d) => d.desk.code === 'sportello-quartiere-nord')!.filings).toBe(0);

    const html = await operator.get(`/sportello/statistiche?${period()}`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('Certificato di residenza');
    const csv = await operator.get(`/sportello/statistiche.csv?${period()}&lang=en`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    await operator.get('/sportello?lang=it');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('from,to,service (code),service,channel,help desk (code),help desk,requests');
    // the desk's English name has a comma: quoted
    expect(lines).toContain(`${asked.from},${asked.to},certificato-residenza,Certificate of residence,desk,urp-centro,"Public relations office (URP) - Citizens' desk, town centre",${urp(after)}`);
  });

  it('hands the session\'s live drafts over to the person, with their files', async () => {
    const id = await openSessionFor(operator, teresaForm());
    const procedure = await t.app.db.selectFrom('procedures').select(['id', 'published_version']).where('slug', '=', 'certificato-residenza').executeTakeFirstOrThrow();
    const draft = await t.app.db
      .insertInto('drafts')
      .values({ owner_fiscal_code: OPERATOR, on_behalf_of: `assisted:${id}`, procedure_id: procedure.id, procedure_version: procedure.published_version!, answers: '{}', expires_at: new Date(Date.now() + 86_400_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await operator.get(`/sportello/sessioni/${id}`);
    expect(page.body).toContain('Bozze non inviate in questa sessione: 1.');
    expect(page.body).toContain(`/sportello/sessioni/${id}/bozze`);
    expect((await operator.post(`/sportello/sessioni/${id}/bozze`)).statusCode).toBe(303);
    const moved = await t.app.db.selectFrom('drafts').select(['owner_fiscal_code', 'on_behalf_of']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(moved).toEqual({ owner_fiscal_code: 'RNLTRS40A41H501A', on_behalf_of: '' });
    // nothing left to hand over
    expect(await t.app.services.helpDesk.handOverDrafts(id, OPERATOR)).toEqual([]);
    await operator.post(`/sportello/sessioni/${id}/termina`);
    await expect(t.app.services.helpDesk.handOverDrafts(id, OPERATOR)).rejects.toThrow(/open assisted session/);
  });
});

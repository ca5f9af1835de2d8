// Company roles through the real portal: the company register stand-in over real HTTP (started
// here, so the tests can change its companies and take it down), the register's answers kept
// and reused by the portal's clock (moved, never slept), the employees a legal representative
// authorises and revokes, and the personal area's pages in Italian and English.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RegistryUnavailableError } from '../../../src/representation/company-registry.ts';
import { STAND_IN_TOKEN, StandInCompanyRegistry, startCompanyRegistryStandIn, TEST_COMPANIES, type CompanyRegistryStandIn } from '../../../src/representation/company-registry.stand-in.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, type PortalAgent } from '../../helpers/login.ts';

const FONTANA = '04567890126';
const OFFICINE = '05678901231';
const NERI = '01199250158';
const SARA = 'FNTSRA72E45F205E';
const MARCO = 'GLLMRC88B20F205B';
const MARIO = 'RSSMRA80A01H501U';
const GIOVANNA = 'NREGNN70H70F205U';
const ADA = 'LVLDAA85T50G702B';
const LUCA = 'MRNLCU00A01H501J';
const MINUTE = 60_000;

let registry: CompanyRegistryStandIn;
let t: TestApp;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
const db = () => t.database.handle.db;
const companies = () => t.app.services.companies;
const person = (fiscalCode: string, identityCompanies: { name: string; fiscalCode: string; vatNumber: string | null }[] = []) => ({ fiscalCode, companies: identityCompanies });
const registryCalls = () => registry.requests().filter((r) => r.path !== '/token.oauth2').length;
const employeesPath = (code: string) => `/area-personale/imprese/${code}/addetti`;

beforeAll(async () => {
  registry = await startCompanyRegistryStandIn({ port: 0 });
  t = await createTestApp({ COMPANY_REGISTRY: 'stand-in', COMPANY_REGISTRY_URL: registry.url, COMPANY_REGISTRY_CACHE_SECONDS: '600' }, { clock });
});
afterAll(async () => {
  await t?.close();
  await registry?.close();
});
beforeEach(async () => {
  // every test starts with the register's first answer still to ask, and up
  await sql`delete from company_registry_checks`.execute(db());
  registry.setAvailable(true);
  for (const company of TEST_COMPANIES) registry.setCompany(company);
  registry.clear();
});

describe('the company register stand-in, over real HTTP', () => {
  it('serves the test companies to a bearer of its token, and nothing to others', async () => {
    const answer = await fetch(`${registry.url}/imprese/${FONTANA}`, { headers: { authorization: `Bearer ${STAND_IN_TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ denominazione: 'Fontana Impianti S.r.l.', partitaIva: FONTANA, rappresentantiLegali: [{ codiceFiscale: SARA, carica: 'amministratore unico' }] });
    expect((await fetch(`${registry.url}/imprese/${FONTANA}`)).status).toBe(401);
  });

  it('its client reads the companies and their legal representatives', async () => {
    const client = new StandInCompanyRegistry(registry.url, 2000);
    expect(await client.legalRepresentatives(OFFICINE)).toEqual({
      name: 'Officine Esempio S.n.c.',
      fiscalCode: OFFICINE,
      vatNumber: OFFICINE,
      legalRepresentatives: [{ fiscalCode: MARIO, givenName: 'Mario', familyName: 'Rossi', role: 'legale rappresentante' }],
    });
    expect(await client.legalRepresentatives('03334231200')).toBeNull();
    expect((await client.companiesRepresentedBy(GIOVANNA)).map((c) => c.name)).toEqual(['Neri Forniture S.r.l.']);
    expect(await client.companiesRepresentedBy(ADA)).toEqual([]);
    registry.setAvailable(false);
    await expect(client.legalRepresentatives(FONTANA)).rejects.toBeInstanceOf(RegistryUnavailableError);
  });
});

describe('the register\'s answers, kept and reused', () => {
  it('a second question within COMPANY_REGISTRY_CACHE_SECONDS is answered from the kept answer; after it, the register is asked again', async () => {
    const first = await companies().actableCompanies(person(MARIO));
    expect(first).toEqual([{ company: { kind: 'company', fiscalCode: OFFICINE, name: 'Officine Esempio S.n.c.', vatNumber: OFFICINE }, basis: { kind: 'legal-representative', source: 'registry', checkedAt: expect.any(String) } }]);
    expect(registryCalls()).toBe(1);
    offset += 9 * MINUTE;
    expect(await companies().actableCompanies(person(MARIO))).toEqual(first);
    expect(await companies().roleFor(person(MARIO), OFFICINE)).toEqual(first[0]);
    expect(registryCalls()).toBe(1);
    offset += 2 * MINUTE;
    const later = await companies().actableCompanies(person(MARIO));
    expect(registryCalls()).toBe(2);
    // the filing records the time of the check it relied on
    const basis = later[0]!.basis as { checkedAt: string };
    expect(basis.checkedAt).not.toBe((first[0]!.basis as { checkedAt: string }).checkedAt);
    expect(Math.abs(Date.parse(basis.checkedAt) - clock().getTime())).toBeLessThan(5000);
  });

  it('a representative no longer in the register loses the role once the kept answer expires', async () => {
    expect(await companies().roleFor(person(SARA), FONTANA)).toMatchObject({ basis: { kind: 'legal-representative', source: 'registry' } });
    registry.setCompany({ ...TEST_COMPANIES[0]!, rappresentantiLegali: [{ codiceFiscale: MARIO, nome: 'Mario', cognome: 'Rossi', carica: 'amministratore unico', rappresentanteLegale: true }] });
    expect(await companies().roleFor(person(SARA), FONTANA)).not.toBeNull();
    offset += 11 * MINUTE;
    expect(await companies().roleFor(person(SARA), FONTANA)).toBeNull();
    expect(await companies().roleFor(person(MARIO), FONTANA)).toMatchObject({ company: { name: 'Fontana Impianti S.r.l.' }, basis: { source: 'registry' } });
  });

  it('the register down: a valid kept answer stands; without one, no registry company (and the page says why)', async () => {
    await companies().actableCompanies(person(MARIO));
    registry.setAvailable(false);
    expect(await companies().roleFor(person(MARIO), OFFICINE)).toMatchObject({ basis: { source: 'registry' } });
    expect((await companies().overview(person(MARIO))).registry).toBe('checked');
    offset += 11 * MINUTE;
    expect(await companies().roleFor(person(MARIO), OFFICINE)).toBeNull();
    expect(await companies().overview(person(MARIO))).toEqual({ roles: [], registry: 'unavailable' });

    const mario = await loginAs(t, MARIO);
    const page = await mario.get('/area-personale/imprese');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('il registro delle imprese non risponde');
    // a representative the register cannot confirm now: the management page says so (503), no crash
    const manage = await mario.get(employeesPath(OFFICINE));
    expect(manage.statusCode).toBe(503);
    expect(manage.body).toContain('Registro delle imprese non raggiungibile');
  });

  it('the register down keeps neither identity companies nor authorisations from working', async () => {
    registry.setAvailable(false);
    const neri = { name: 'Neri Forniture S.r.l.', fiscalCode: NERI, vatNumber: NERI };
    expect(await companies().roleFor(person(GIOVANNA, [neri]), NERI)).toMatchObject({ basis: { kind: 'legal-representative', source: 'identity' } });
    expect(await companies().roleFor(person(MARCO), FONTANA)).toMatchObject({ basis: { kind: 'employee', authorisedBy: SARA } });
  });
});

describe('employees a company authorises', () => {
  let sara: PortalAgent;
  beforeAll(async () => {
    sara = await loginAs(t, SARA);
  });

  it('the seeded employee: Marco Gallo acts for Fontana Impianti, authorised by Sara Fontana', async () => {
    const role = await companies().roleFor(person(MARCO), FONTANA);
    expect(role).toEqual({
      company: { kind: 'company', fiscalCode: FONTANA, name: 'Fontana Impianti S.r.l.', vatNumber: FONTANA },
      basis: { kind: 'employee', authorisationId: expect.stringMatching(/^[0-9a-f-]{36}$/), authorisedBy: SARA },
    });
    const marco = await loginAs(t, MARCO);
    const page = await marco.get('/area-personale/imprese');
    expect(page.body).toContain('Fontana Impianti S.r.l.');
    expect(page.body).toContain('Addetto autorizzato da Sara Fontana');
    expect(page.body).not.toContain(employeesPath(FONTANA));
    // an employee does not manage the company's employees
    expect((await marco.get(employeesPath(FONTANA))).statusCode).toBe(404);
  });

  it('a legal representative authorises an employee, who may then act for the company (and for no other)', async () => {
    const added = await sara.post(employeesPath(FONTANA), { codiceFiscale: ' lvldaa85t50g702b ', nome: 'Ada', cognome: 'Lovelace' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${employeesPath(FONTANA)}?esito=autorizzato`);
    const list = await sara.get(String(added.headers.location));
    expect(list.body).toContain('Addetto autorizzato: da ora può presentare pratiche');
    expect(list.body).toContain('Ada Lovelace');
    expect(list.body).toContain(ADA);

    expect(await companies().roleFor(person(ADA), FONTANA)).toMatchObject({ basis: { kind: 'employee', authorisedBy: SARA } });
    expect(await companies().roleFor(person(ADA), OFFICINE)).toBeNull();
    const ada = await loginAs(t, ADA);
    expect((await ada.get('/area-personale/imprese')).body).toContain('Fontana Impianti S.r.l.');
    // an employee of Fontana is nobody at Officine Esempio
    expect((await ada.get(employeesPath(OFFICINE))).statusCode).toBe(404);
    expect((await companies().roleFor(person(MARCO), OFFICINE))).toBeNull();

    // a second time (a double click): nothing new
    const again = await sara.post(employeesPath(FONTANA), { codiceFiscale: ADA, nome: 'Ada', cognome: 'Lovelace' });
    expect(again.headers.location).toBe(`${employeesPath(FONTANA)}?esito=gia-autorizzato`);
    const rows = await db().selectFrom('company_authorisations').select('id').where('employee_fiscal_code', '=', ADA).where('revoked_at', 'is', null).execute();
    expect(rows).toHaveLength(1);
  });

  it('revocation takes effect at once', async () => {
    await sara.post(employeesPath(FONTANA), { codiceFiscale: LUCA, nome: 'Luca', cognome: 'Marino' });
    const luca = await loginAs(t, LUCA);
    expect((await luca.get('/area-personale/imprese')).body).toContain('Fontana Impianti S.r.l.');
    const { id } = await db().selectFrom('company_authorisations').select('id').where('employee_fiscal_code', '=', LUCA).where('revoked_at', 'is', null).executeTakeFirstOrThrow();

    const confirm = await sara.get(`${employeesPath(FONTANA)}/${id}/revoca`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Luca Marino (codice fiscale MRNLCU00A01H501J) non potrà più presentare pratiche per Fontana Impianti S.r.l.');
    const revoked = await sara.post(`${employeesPath(FONTANA)}/${id}/revoca`);
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`${employeesPath(FONTANA)}?esito=revocato`);

    expect(await companies().roleFor(person(LUCA), FONTANA)).toBeNull();
    expect((await luca.get('/area-personale/imprese')).body).not.toContain('Fontana Impianti S.r.l.');
    const row = await db().selectFrom('company_authorisations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.revoked_by).toBe(SARA);
    expect(row.revoked_at).not.toBeNull();
    // revoking again changes nothing
    expect((await sara.post(`${employeesPath(FONTANA)}/${id}/revoca`)).headers.location).toBe(`${employeesPath(FONTANA)}?esito=gia-revocato`);
  });

  it('anyone but a current legal representative gets 404, and changes nothing', async () => {
    const mario = await loginAs(t, MARIO);
    const before = await db().selectFrom('company_authorisations').select('id').execute();
    expect((await mario.get(employeesPath(FONTANA))).statusCode).toBe(404);
    expect((await mario.post(employeesPath(FONTANA), { codiceFiscale: ADA, nome: 'Ada', cognome: 'Lovelace' })).statusCode).toBe(404);
    expect((await mario.post(employeesPath(FONTANA), { codiceFiscale: 'bad', nome: '', cognome: '' })).statusCode).toBe(404);
    const marcoId = (await companies().roleFor(person(MARCO), FONTANA))!.basis as { authorisationId: string };
    expect((await mario.get(`${employeesPath(FONTANA)}/${marcoId.authorisationId}/revoca`)).statusCode).toBe(404);
    expect((await mario.post(`${employeesPath(FONTANA)}/${marcoId.authorisationId}/revoca`)).statusCode).toBe(404);
    // an authorisation of another company, through a company the person does represent
    expect((await mario.get(`${employeesPath(OFFICINE)}/${marcoId.authorisationId}/revoca`)).statusCode).toBe(404);
    expect((await mario.get(employeesPath('12345678901'))).statusCode).toBe(404);
    expect((await mario.get(employeesPath('not-a-code'))).statusCode).toBe(404);
    expect(await db().selectFrom('company_authorisations').select('id').execute()).toEqual(before);
    expect(await companies().roleFor(person(MARCO), FONTANA)).not.toBeNull();
  });

  it('a bad codice fiscale, or no name: 422 with the errors at the top, nothing added', async () => {
    const before = await db().selectFrom('company_authorisations').select('id').execute();
    const refused = await sara.post(employeesPath(FONTANA), { codiceFiscale: 'RSSMRA80A01H501A', nome: '', cognome: 'Rossi' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="error-summary"');
    expect(refused.body).toContain('href="#codiceFiscale">Inserisci un codice fiscale valido');
    expect(refused.body).toContain('href="#nome">Inserisci il nome');
    expect(refused.body).not.toContain('href="#cognome"');
    expect(refused.body).toContain('value="Rossi"');
    const self = await sara.post(employeesPath(FONTANA), { codiceFiscale: SARA, nome: 'Sara', cognome: 'Fontana' });
    expect(self.statusCode).toBe(422);
    expect(self.body).toContain('non ti serve un&#39;autorizzazione');
    const english = await sara.post(`${employeesPath(FONTANA)}?lang=en`, { codiceFiscale: '123', nome: 'A', cognome: 'B' });
    expect(english.statusCode).toBe(422);
    expect(english.body).toContain('Enter a valid codice fiscale');
    expect(await db().selectFrom('company_authorisations').select('id').execute()).toEqual(before);
  });

  it('a form without the CSRF token is refused, and changes nothing', async () => {
    const before = await db().selectFrom('company_authorisations').select('id').execute();
    const refused = await sara.post(employeesPath(FONTANA), { codiceFiscale: ADA, nome: 'Ada', cognome: 'Lovelace' }, { csrf: false });
    expect(refused.statusCode).toBe(403);
    const marcoId = ((await companies().roleFor(person(MARCO), FONTANA))!.basis as { authorisationId: string }).authorisationId;
    expect((await sara.post(`${employeesPath(FONTANA)}/${marcoId}/revoca`, {}, { csrf: 'forged' })).statusCode).toBe(403);
    expect(await db().selectFrom('company_authorisations').select('id').execute()).toEqual(before);
    expect(await companies().roleFor(person(MARCO), FONTANA)).not.toBeNull();
  });
});

describe('the pages', () => {
  it('list each company and its ground, in Italian and in English', async () => {
    const sara = await loginAs(t, SARA);
    const it_ = await sara.get('/area-personale/imprese');
    expect(it_.statusCode).toBe(200);
    expect(it_.headers['cache-control']).toBe('no-store');
    expect(it_.body).toContain('<h1>Imprese</h1>');
    expect(it_.body).toContain('Legale rappresentante (amministratore unico) secondo il registro delle imprese');
    expect(it_.body).toContain(`href="${employeesPath(FONTANA)}"`);
    const en = await sara.get('/area-personale/imprese?lang=en');
    expect(en.body).toContain('<h1>Companies</h1>');
    expect(en.body).toContain('Legal representative (amministratore unico) according to the company register');
    expect(en.body).toContain('Manage employees');
    const manage = await sara.get(`${employeesPath(FONTANA)}?lang=en`);
    expect(manage.statusCode).toBe(200);
    expect(manage.body).toContain('Employees of Fontana Impianti S.r.l.');
    expect(manage.body).toContain('Marco Gallo');
    expect(manage.body).toContain('Authorise an employee');
  });

  it('a company of the identity is shown as such, and its representative manages its employees', async () => {
    const giovanna = await loginAs(t, GIOVANNA, { company: NERI });
    const page = await giovanna.get('/area-personale/imprese');
    expect(page.body).toContain('Neri Forniture S.r.l.');
    expect(page.body).toContain('Legale rappresentante, secondo la tua identità digitale');
    expect((await giovanna.get(employeesPath(NERI))).statusCode).toBe(200);
  });

  it('someone with no company is told how to get one; the personal area links the page', async () => {
    const luca = await loginAs(t, 'CSRGGL44L13H501E');
    const page = await luca.get('/area-personale/imprese');
    expect(page.body).toContain('non risulti legale rappresentante');
    expect((await luca.get('/area-personale')).body).toContain('href="/area-personale/imprese"');
  });

  it('nobody logged in: to the login page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/area-personale/imprese' });
    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/^\/auth\/login\?/);
  });
});

// Offices and staff: an administrator adds an office and changes it, adds a clerk who then
// works in that office (their next login carries the role), refuses bad input with pointed
// messages, cannot lock themselves out, and every change is in the audit log with what changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { errorsOf, post } from './helpers.ts';

let t: TestApp;
let admin: PortalAgent;
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, TEST_PEOPLE.admin);
});
afterAll(async () => t?.close());

const OFFICE = {
  code: 'ufficio-sport',
  nameIt: 'Ufficio Sport',
  nameEn: 'Sports Office',
  email: 'sport@comune.example.it',
  phone: '+39 0523 492999',
  address: 'Via dello Sport 1, 29121 Piacenza',
  hoursIt: 'Lunedì-venerdì 9:00-12:00',
  hoursEn: 'Monday to Friday 9:00-12:00',
  ioServiceKeyRef: 'IO_KEY_SPORT',
};

describe('offices', () => {
  it('refuses a bad office with pointed messages', async () => {
    const res = await post(admin, '/admin/uffici', { ...OFFICE, code: 'Ufficio Sport', email: 'not-an-email', phone: 'abc', ioServiceKeyRef: 'chiave segreta!' }, 422);
    expect(errorsOf(res.body)).toEqual([
      '#b-code Usa lettere minuscole, cifre e trattini singoli, ad esempio «contributo-affitto»',
      '#b-email Scrivi un indirizzo e-mail valido, ad esempio nome@comune.it',
      '#b-phone Scrivi un numero di telefono, ad esempio +39 0523 492111',
      '#b-ioServiceKeyRef Usa lettere, cifre e i segni _ . : / -',
    ]);
    const taken = await post(admin, '/admin/uffici', { ...OFFICE, code: 'anagrafe' }, 422);
    expect(errorsOf(taken.body)).toEqual(['#b-code Esiste già un ufficio con codice «anagrafe»']);
  });

  it('adds an office, changes it, and audits both', async () => {
    const created = await post(admin, '/admin/uffici', OFFICE);
    expect(created.headers.location).toBe('/admin/uffici/ufficio-sport?esito=created');
    await post(admin, '/admin/uffici/ufficio-sport', { ...OFFICE, phone: '+39 0523 492998', hoursIt: 'Lunedì 9:00-12:00' });
    const row = await t.app.db.selectFrom('offices').selectAll().where('code', '=', 'ufficio-sport').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name_it: 'Ufficio Sport', phone: '+39 0523 492998', opening_hours_it: 'Lunedì 9:00-12:00', io_service_key_ref: 'IO_KEY_SPORT' });
    const list = await admin.get('/admin/uffici');
    expect(list.body).toContain('Ufficio Sport');
    expect(list.body).toContain('IO_KEY_SPORT');
    const audit = await t.app.db.selectFrom('admin_audit').selectAll().where('subject_type', '=', 'office').orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.actor_fiscal_code])).toEqual([['office.create', TEST_PEOPLE.admin], ['office.update', TEST_PEOPLE.admin]]);
    expect(audit[1]!.details).toEqual({ changes: { phone: ['+39 0523 492999', '+39 0523 492998'], opening_hours_it: ['Lunedì-venerdì 9:00-12:00', 'Lunedì 9:00-12:00'] } });
    const log = await admin.get('/admin/registro');
    expect(log.body).toContain('Ufficio modificato');
    expect(log.body).toContain('phone: «+39 0523 492999» → «+39 0523 492998»');
  });
});

/** A member's page: addressed by their internal id, never by the fiscal code. */
async function memberPath(fiscalCode: string): Promise<string> {
  const row = await t.app.db.selectFrom('staff').select('id').where('fiscal_code', '=', fiscalCode).executeTakeFirstOrThrow();
  return `/admin/personale/${row.id}`;
}

describe('staff', () => {
  it('refuses a bad member with pointed messages', async () => {
    const res = await post(admin, '/admin/personale', { fiscalCode: 'CSRGGL44L13H501A', givenName: '', familyName: 'Cesare', role: 'clerk', active: 'yes' }, 422);
    expect(errorsOf(res.body)).toEqual([
      '#b-fiscalCode Il codice fiscale non è valido: controlla i 16 caratteri',
      '#b-givenName Compila questo campo',
      '#b-offices Scegli almeno un ufficio per un operatore',
    ]);
    const taken = await post(admin, '/admin/personale', { fiscalCode: TEST_PEOPLE.clerkAnagrafe, givenName: 'Anna', familyName: 'Ferri', role: 'clerk', offices: 'anagrafe', active: 'yes' }, 422);
    expect(errorsOf(taken.body)).toEqual([`#b-fiscalCode La persona con codice fiscale ${TEST_PEOPLE.clerkAnagrafe} è già nel personale`]);
  });

  it('adds a clerk of the new office, who then has the back office and not the administration', async () => {
    const created = await post(admin, '/admin/personale', { fiscalCode: 'lvldaa85t50g702b', givenName: 'Ada', familyName: 'Lovelace', email: 'ada@comune.example.it', role: 'clerk', offices: ['ufficio-sport', 'anagrafe'], active: 'yes' });
    const adaPath = String(created.headers.location).replace('?esito=created', '');
    expect(adaPath).toBe(await memberPath(TEST_PEOPLE.citizen2));
    const member = await admin.get(adaPath);
    expect(member.statusCode).toBe(200);
    expect(member.body).toMatch(/value="ufficio-sport" checked/);
    const ada = await loginAs(t, TEST_PEOPLE.citizen2);
    const home = await ada.get('/');
    expect(home.body).toContain('href="/backoffice"');
    expect(home.body).not.toContain('href="/admin"');
    expect((await ada.get('/admin')).statusCode).toBe(404);

    // promoted: the next request already carries the role
    await post(admin, adaPath, { givenName: 'Ada', familyName: 'Lovelace', email: '', role: 'admin', offices: 'ufficio-sport', active: 'yes' });
    expect((await ada.get('/admin')).statusCode).toBe(200);
    // deactivated: no role at all, and logged out (her sessions end with the deactivation)
    await post(admin, adaPath, { givenName: 'Ada', familyName: 'Lovelace', email: '', role: 'admin', offices: 'ufficio-sport' });
    const afterwards = await ada.get('/admin');
    expect(afterwards.statusCode).toBe(303);
    expect(String(afterwards.headers.location)).toMatch(/^\/auth\/login\?.*expired=1/);
    const audit = await t.app.db.selectFrom('admin_audit').select(['action', 'details']).where('subject_type', '=', 'staff').where('subject_id', '=', TEST_PEOPLE.citizen2).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['staff.create', 'staff.update', 'staff.update']);
    expect(audit[2]!.details).toEqual({ changes: { active: [true, false] } });
  });

  it('does not let an administrator lock themselves out', async () => {
    const selfPath = await memberPath(TEST_PEOPLE.admin);
    const self = await post(admin, selfPath, { givenName: 'Elena', familyName: 'Ricci', role: 'clerk', offices: 'anagrafe', active: 'yes' }, 422);
    expect(errorsOf(self.body)).toEqual(['#b-role Non puoi togliere a te stesso il ruolo di amministratore: chiedilo a un altro amministratore']);
    const inactive = await post(admin, selfPath, { givenName: 'Elena', familyName: 'Ricci', role: 'admin' }, 422);
    expect(errorsOf(inactive.body)).toEqual(['#b-active Non puoi togliere a te stesso il ruolo di amministratore: chiedilo a un altro amministratore']);
    expect((await admin.get('/admin')).statusCode).toBe(200);
  });

  it('addresses members by id: no fiscal code in the links of the list and the audit log, and none answers', async () => {
    const fiscalCode = /[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]/i;
    const hrefs = async (url: string) => [...(await admin.get(url)).body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    const list = await hrefs('/admin/personale');
    expect(list).toContain(await memberPath(TEST_PEOPLE.clerkAnagrafe));
    expect(list.filter((href) => fiscalCode.test(href))).toEqual([]);
    const log = await hrefs('/admin/registro');
    expect(log).toContain(await memberPath(TEST_PEOPLE.citizen2));
    expect(log.filter((href) => fiscalCode.test(href))).toEqual([]);
    expect((await admin.get(`/admin/personale/${TEST_PEOPLE.clerkAnagrafe}`)).statusCode).toBe(404);
    expect((await admin.get('/admin/personale/99999999999999999999')).statusCode).toBe(404);
    const page = await admin.get(await memberPath(TEST_PEOPLE.clerkAnagrafe));
    expect(page.body).toContain(`action="${await memberPath(TEST_PEOPLE.clerkAnagrafe)}"`);
  });
});

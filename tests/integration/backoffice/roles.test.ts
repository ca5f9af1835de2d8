// Roles inside an office: the head of office (dirigente) carries headOf on their user and
// actor and sees the badge; an auditor reads the queue and a case but every POST on it answers
// 403 and changes nothing; a clerk limited to one procedure of an office does not see another
// procedure's cases (case page 404, queue, export, statistics); administrators set the roles
// with a confirmation, 422 on bad input, each change in the admin audit log.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor } from '../../../src/backoffice/backoffice.http.ts';
import { findStaffForSession } from '../../../src/identity/identity.repository.ts';
import { buildUser, type SessionIdentity } from '../../../src/identity/user.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { errorsOf, post as adminPost } from '../admin/helpers.ts';
import { CITIZEN, fileProcedure, fileResidence } from './helpers.ts';

let t: TestApp;
let auditor: PortalAgent;
let admin: PortalAgent;
let residence: { id: number; publicId: string };
let family: { id: number; publicId: string };

beforeAll(async () => {
  t = await createTestApp();
  residence = await fileResidence(t.app, CITIZEN);
  family = await fileProcedure(t.app, CITIZEN, 'certificato-stato-famiglia');
  auditor = await loginAs(t, TEST_PEOPLE.auditor);
  admin = await loginAs(t, TEST_PEOPLE.admin);
});
afterAll(async () => t?.close());

const casePath = (f: { publicId: string }) => `/backoffice/pratiche/${f.publicId}`;
const procedureId = async (slug: string) => (await t.app.db.selectFrom('procedures').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const staffId = async (fiscalCode: string) => (await t.app.db.selectFrom('staff').select('id').where('fiscal_code', '=', fiscalCode).executeTakeFirstOrThrow()).id;
const eventsOf = (id: number) => t.app.db.selectFrom('case_events').select(['seq', 'kind', 'hash']).where('submission_id', '=', id).orderBy('seq').execute();

describe('the head of office', () => {
  it('carries the offices they head on the user and the back office actor', async () => {
    const { staff } = await findStaffForSession(t.app.db, TEST_PEOPLE.head, randomUUID());
    const user = buildUser({ fiscalCode: TEST_PEOPLE.head, givenName: 'Marta', familyName: 'Colombo', companies: [] } as unknown as SessionIdentity, staff!);
    expect(user.headOf).toEqual(['anagrafe', 'sportello-unico-edilizia']);
    expect(user.auditorOf).toEqual([]);
    const actor = staffActor(user);
    expect(actor.headOf).toEqual(['anagrafe', 'sportello-unico-edilizia']);
    expect(actor.readOnlyOffices).toEqual([]);
    const clerk = staffActor(buildUser({ fiscalCode: TEST_PEOPLE.clerkAnagrafe, companies: [] } as unknown as SessionIdentity, (await findStaffForSession(t.app.db, TEST_PEOPLE.clerkAnagrafe, randomUUID())).staff!));
    expect(clerk.headOf).toEqual([]);
  });

  it('sees the badge in the back office, and a clerk does not', async () => {
    const head = await loginAs(t, TEST_PEOPLE.head);
    expect((await head.get('/backoffice')).body).toContain('Dirigente');
    expect((await head.get('/backoffice?lang=en')).body).toContain('Head of office');
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    expect((await clerk.get('/backoffice')).body).not.toContain('Dirigente');
  });
});

describe('an auditor', () => {
  it('sees the queue and the case, read only, with no action form', async () => {
    expect((await auditor.get('/backoffice')).body).toContain(residence.publicId);
    const page = await auditor.get(casePath(residence));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sola lettura');
    expect(page.body).not.toMatch(/<form method="post" action="[^"]*\/pratiche\//);
    expect((await auditor.get(`${casePath(residence)}?lang=en`)).body).toContain('You are an auditor of this office');
    expect((await auditor.get('/backoffice/statistiche')).statusCode).toBe(200);
    expect((await auditor.get('/backoffice/export.csv?stato=all')).body).toContain(residence.publicId);
  });

  it.each(['prendi-in-carico', 'rilascia', 'avvia-istruttoria', 'assegna', 'note', 'messaggi', 'integrazione', 'preavviso-rigetto', 'decisione', 'inoltra', 'pagamento', 'azione-futura'])(
    'gets 403 on %s, which changes nothing',
    async (action) => {
      const before = await eventsOf(residence.id);
      const notes = await t.app.db.selectFrom('case_notes').select('id').where('submission_id', '=', residence.id).execute();
      const res = await auditor.post(`${casePath(residence)}/${action}`, { testo: 'Una nota qualsiasi, abbastanza lunga.', giorni: '10', ufficio: 'tributi', motivo: 'Motivo valido', assegnatario: TEST_PEOPLE.clerkAnagrafe });
      expect(res.statusCode).toBe(action === 'azione-futura' ? 404 : 403);
      if (action !== 'azione-futura') expect(res.body).toMatch(/Accesso in sola lettura|Read-only access/);
      expect(await eventsOf(residence.id)).toEqual(before);
      expect(await t.app.db.selectFrom('case_notes').select('id').where('submission_id', '=', residence.id).execute()).toEqual(notes);
    },
  );

  it('is refused by the service too (lockFor), whatever route calls it', async () => {
    const { staff } = await findStaffForSession(t.app.db, TEST_PEOPLE.auditor, randomUUID());
    const actor = staffActor(buildUser({ fiscalCode: TEST_PEOPLE.auditor, companies: [] } as unknown as SessionIdentity, staff!));
    await expect(t.app.services.backoffice.note(actor, residence.publicId, { text: 'Nota del revisore' })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('is offered to nobody as an assignee', async () => {
    const page = await (await loginAs(t, TEST_PEOPLE.clerkAnagrafe)).get(casePath(residence));
    expect(page.body).not.toContain('Giorgio Valli');
  });
});

describe('a clerk limited to some procedures', () => {
  it('the administrator limits Anna Ferri to the residence certificate, with a confirmation, audited', async () => {
    const id = await staffId(TEST_PEOPLE.clerkAnagrafe);
    const residenceId = await procedureId('certificato-residenza');
    const form = await admin.get(`/admin/personale/${id}/ruoli`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="ruolo-anagrafe"');
    const confirm = await adminPost(admin, `/admin/personale/${id}/ruoli`, { 'ruolo-anagrafe': 'clerk', 'procedure-anagrafe': String(residenceId) }, 200);
    expect(confirm.body).toContain('name="conferma" value="si"');
    expect(await t.app.db.selectFrom('staff_office_procedures').selectAll().execute()).toEqual([]);
    await adminPost(admin, `/admin/personale/${id}/ruoli`, { 'ruolo-anagrafe': 'clerk', 'procedure-anagrafe': String(residenceId), conferma: 'si' });
    const rows = await t.app.db.selectFrom('staff_office_procedures').select(['fiscal_code', 'office_code', 'procedure_id']).execute();
    expect(rows).toEqual([{ fiscal_code: TEST_PEOPLE.clerkAnagrafe, office_code: 'anagrafe', procedure_id: residenceId }]);
    const audit = await t.app.db.selectFrom('admin_audit').selectAll().where('action', '=', 'staff.roles').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_fiscal_code: TEST_PEOPLE.admin, subject_id: TEST_PEOPLE.clerkAnagrafe, details: { changes: { anagrafe: ['clerk', 'clerk [certificato-residenza]'] } } });
    expect((await admin.get('/admin/registro')).body).toContain('Ruoli negli uffici modificati');
  });

  it('does not see another procedure of the same office: case 404, queue, export, statistics', async () => {
    const anna = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    expect((await anna.get(casePath(residence))).statusCode).toBe(200);
    const other = await anna.get(casePath(family));
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Cesare');
    const queue = (await anna.get('/backoffice?stato=all')).body;
    expect(queue).toContain(residence.publicId);
    expect(queue).not.toContain(family.publicId);
    const csv = (await anna.get('/backoffice/export.csv?stato=all')).body;
    expect(csv).toContain(residence.publicId);
    expect(csv).not.toContain(family.publicId);
    const stats = (await anna.get('/backoffice/statistiche')).body;
    expect(stats).toContain('Certificato di residenza');
    expect(stats).not.toMatch(/stato di famiglia/i);
    expect((await anna.post(`${casePath(family)}/note`, { testo: 'Una nota qualsiasi, abbastanza lunga.' })).statusCode).toBe(404);
    // a colleague without the limit still sees both
    const head = await loginAs(t, TEST_PEOPLE.head);
    expect((await head.get(casePath(family))).statusCode).toBe(200);
  });

  it('keeps the role and procedures when the member\'s offices change on the staff form', async () => {
    const id = await staffId(TEST_PEOPLE.clerkAnagrafe);
    await adminPost(admin, `/admin/personale/${id}`, { givenName: 'Anna', familyName: 'Ferri', email: 'anna.ferri@comune.example.it', role: 'clerk', offices: ['anagrafe', 'tributi'], desk: '', active: 'yes' });
    expect(await t.app.db.selectFrom('staff_office_procedures').select('office_code').execute()).toEqual([{ office_code: 'anagrafe' }]);
    await adminPost(admin, `/admin/personale/${id}`, { givenName: 'Anna', familyName: 'Ferri', email: 'anna.ferri@comune.example.it', role: 'clerk', offices: ['anagrafe'], desk: '', active: 'yes' });
  });
});

describe('the roles form refuses bad input with 422 and changes nothing', () => {
  it.each([
    ['an office that is not the member\'s', { 'ruolo-anagrafe': 'clerk', 'ruolo-tributi': 'head' }, '#b-ruolo-tributi L\'ufficio «tributi» non è tra quelli della persona'],
    ['an office that does not exist', { 'ruolo-anagrafe': 'clerk', 'ruolo-ufficio-inesistente': 'head' }, '#b-ruolo-ufficio-inesistente L\'ufficio «ufficio-inesistente» non è tra quelli della persona'],
    ['an unknown role', { 'ruolo-anagrafe': 'sindaco' }, '#b-ruolo-anagrafe Scegli il ruolo in Ufficio anagrafe'],
    ['a procedure of another office', { 'ruolo-anagrafe': 'clerk', 'procedure-anagrafe': 'cila' }, '#b-procedure-anagrafe Scegli solo procedimenti di Ufficio anagrafe'],
    ['a procedure that does not exist', { 'ruolo-anagrafe': 'clerk', 'procedure-anagrafe': '999999' }, '#b-procedure-anagrafe Scegli solo procedimenti di Ufficio anagrafe'],
  ])('%s', async (_what, form, message) => {
    const id = await staffId(TEST_PEOPLE.head);
    const before = await t.app.db.selectFrom('staff_offices').selectAll().where('fiscal_code', '=', TEST_PEOPLE.head).orderBy('office_code').execute();
    const audits = await t.app.db.selectFrom('admin_audit').select('id').execute();
    const body = { ...form, 'ruolo-sportello-unico-edilizia': 'head', conferma: 'si' } as Record<string, string>;
    if (body['procedure-anagrafe'] === 'cila') body['procedure-anagrafe'] = String(await procedureId('cila'));
    const res = await adminPost(admin, `/admin/personale/${id}/ruoli`, body, 422);
    const office = (await t.app.db.selectFrom('offices').select('name_it').where('code', '=', 'anagrafe').executeTakeFirstOrThrow()).name_it;
    expect(errorsOf(res.body)).toEqual([message.replace('Ufficio anagrafe', office)]);
    expect(await t.app.db.selectFrom('staff_offices').selectAll().where('fiscal_code', '=', TEST_PEOPLE.head).orderBy('office_code').execute()).toEqual(before);
    expect(await t.app.db.selectFrom('admin_audit').select('id').execute()).toEqual(audits);
  });

  it('names the office in the reader\'s language', async () => {
    const id = await staffId(TEST_PEOPLE.head);
    const res = await adminPost(admin, `/admin/personale/${id}/ruoli?lang=en`, { 'ruolo-anagrafe': 'mayor', 'ruolo-sportello-unico-edilizia': 'head' }, 422);
    const office = (await t.app.db.selectFrom('offices').select('name_en').where('code', '=', 'anagrafe').executeTakeFirstOrThrow()).name_en;
    expect(errorsOf(res.body)).toEqual([`#b-ruolo-anagrafe Choose the role in ${office}`]);
  });
});

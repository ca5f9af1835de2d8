// The privacy pages through the real app: the retention page and the records of processing are
// an administrator's only (404 to a clerk, as the whole /admin area), need the form token, and
// refuse bad input with 422 and an error summary, changing nothing; turning the job on is in the
// administrators' audit; the records download as CSV; a procedure's privacy notice is linked
// from its service page and reads in Italian and English; the head of an office places a legal
// hold from the case page (a reason is required; a plain clerk cannot).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, fileResidence } from '../backoffice/helpers.ts';

let t: TestApp;
let admin: PortalAgent;
const auditActions = async () => (await t.app.db.selectFrom('admin_audit').select('action').where('subject_type', '=', 'retention').execute()).map((r) => r.action);
const settings = () => t.app.db.selectFrom('retention_settings').selectAll().executeTakeFirst();

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, TEST_PEOPLE.admin);
}, 120_000);
afterAll(async () => t?.close());

describe('the retention page', () => {
  it('answers 404 to a clerk and to a citizen, and a post without the form token is refused', async () => {
    for (const who of [TEST_PEOPLE.clerkTributi, TEST_PEOPLE.citizen]) {
      const agent = await loginAs(t, who);
      expect((await agent.get('/admin/conservazione')).statusCode).toBe(404);
      expect((await agent.get('/admin/registro-trattamenti')).statusCode).toBe(404);
      expect((await agent.post('/admin/conservazione/attivazione', { enabled: 'true', confirm: 'yes' })).statusCode).toBe(404);
    }
    const noToken = await admin.post('/admin/conservazione/attivazione', { enabled: 'false' }, { csrf: false });
    expect(noToken.statusCode).toBe(403);
    expect(await auditActions()).toEqual([]);
  });

  it('shows the dry run and the policies, and records that the dry run was seen', async () => {
    const page = await admin.get('/admin/conservazione');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('Simulazione: cosa verrebbe cancellato ora');
    expect(page.body).toContain('Politiche in vigore');
    // an area default with its legal basis (tributi: prescrizione ordinaria)
    expect(page.body).toContain('art. 2946 c.c.');
    expect((await settings())?.dry_run_seen_by).toBe(TEST_PEOPLE.admin);
    const en = await admin.get('/admin/conservazione?lang=en');
    expect(en.body).toContain('Dry run: what would be deleted now');
  });

  it('refuses to turn the job on without the confirmation (422, nothing changes), then turns it on and off, audited', async () => {
    await admin.get('/admin/conservazione?lang=it');
    const refused = await admin.post('/admin/conservazione/attivazione', { enabled: 'true' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="error-summary"');
    expect(refused.body).toContain('Conferma di aver verificato la simulazione.');
    const garbage = await admin.post('/admin/conservazione/attivazione', { enabled: 'maybe' });
    expect(garbage.statusCode).toBe(422);
    expect((await settings())?.enabled).toBe(false);
    expect(await auditActions()).toEqual([]);

    const on = await admin.post('/admin/conservazione/attivazione', { enabled: 'true', confirm: 'yes' });
    expect(on.statusCode).toBe(303);
    expect((await settings())?.enabled).toBe(true);
    const off = await admin.post('/admin/conservazione/attivazione', { enabled: 'false' });
    expect(off.statusCode).toBe(303);
    expect((await settings())?.enabled).toBe(false);
    expect((await auditActions()).sort()).toEqual(['retention.disable', 'retention.enable']);
  });

  it('places a legal hold from the administration (422 without a reason or with an unknown case) and shows it', async () => {
    const { publicId, id } = await fileResidence(t.app, CITIZEN);
    await admin.get('/admin/conservazione?lang=it');
    const noReason = await admin.post('/admin/conservazione/blocchi', { publicId, reason: '' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Scrivi il motivo');
    const unknown = await admin.post('/admin/conservazione/blocchi', { publicId: '00000000-0000-0000-0000-000000000000', reason: 'Contenzioso' });
    expect(unknown.statusCode).toBe(422);
    expect(await t.app.db.selectFrom('legal_holds').selectAll().execute()).toEqual([]);
    const placed = await admin.post('/admin/conservazione/blocchi', { publicId, reason: 'Contenzioso in corso' });
    expect(placed.statusCode).toBe(303);
    const page = await admin.get('/admin/conservazione');
    expect(page.body).toContain(publicId);
    expect(page.body).toContain('Contenzioso in corso');
    const again = await admin.post('/admin/conservazione/blocchi', { publicId, reason: 'Di nuovo' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('già in blocco legale');
    const removed = await admin.post(`/admin/conservazione/blocchi/${publicId}/rimozione`, { reason: 'Causa chiusa' });
    expect(removed.statusCode).toBe(303);
    expect(await t.app.services.privacy.holds.holdOf(id)).toBeUndefined();
  });
});

describe('the records of processing', () => {
  it('lists every published procedure and downloads as CSV', async () => {
    const page = await admin.get('/admin/registro-trattamenti?lang=it');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Registro delle attività di trattamento');
    expect(page.body).toContain('Certificato di residenza');
    expect(page.body).toContain('dati relativi alla salute');
    const csv = await admin.get('/admin/registro-trattamenti.csv?lang=it');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('registro-trattamenti.csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('Titolare');
    expect(lines.length).toBeGreaterThan(50);
  });
});

describe('the privacy notice', () => {
  it('is linked from the service page and reads in Italian and English', async () => {
    const service = await t.app.inject({ url: '/servizi/certificato-residenza' });
    expect(service.body).toContain('href="/servizi/certificato-residenza/privacy"');
    const it_ = await t.app.inject({ url: '/servizi/certificato-residenza/privacy' });
    expect(it_.statusCode).toBe(200);
    expect(it_.body).toContain('Informativa sul trattamento dei dati personali');
    expect(it_.body).toContain('Comune di Esempio');
    expect(it_.body).toContain('dpo@comune.example.it');
    expect(it_.body).toContain('Garante per la protezione dei dati personali');
    expect(it_.body).toContain('href="/area-personale/i-miei-dati"');
    expect(it_.body).toContain('per 50 anni');
    const en = await t.app.inject({ url: '/servizi/certificato-residenza/privacy?lang=en' });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Privacy notice');
    expect(en.body).toContain('lodge a complaint');
    expect((await t.app.inject({ url: '/servizi/non-esiste/privacy' })).statusCode).toBe(404);
  });
});

describe('legal holds from the case page', () => {
  it('the head of the office places and removes one (reason required); a plain clerk sees no form and gets 404', async () => {
    const { publicId, id } = await fileResidence(t.app, CITIZEN);
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const clerkPage = await clerk.get(`/backoffice/pratiche/${publicId}`);
    expect(clerkPage.statusCode).toBe(200);
    expect(clerkPage.body).toContain('Blocco legale');
    expect(clerkPage.body).not.toContain(`/backoffice/pratiche/${publicId}/blocco-legale`);
    expect((await clerk.post(`/backoffice/pratiche/${publicId}/blocco-legale`, { action: 'place', reason: 'Contenzioso' })).statusCode).toBe(404);

    const head = await loginAs(t, TEST_PEOPLE.head, { level: 3 });
    const headPage = await head.get(`/backoffice/pratiche/${publicId}`);
    expect(headPage.body).toContain(`/backoffice/pratiche/${publicId}/blocco-legale`);
    const refused = await head.post(`/backoffice/pratiche/${publicId}/blocco-legale`, { action: 'place', reason: '' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="error-summary"');
    expect(await t.app.services.privacy.holds.holdOf(id)).toBeUndefined();
    const placed = await head.post(`/backoffice/pratiche/${publicId}/blocco-legale`, { action: 'place', reason: 'Richiesta della Procura' });
    expect(placed.statusCode).toBe(303);
    expect((await head.get(`/backoffice/pratiche/${publicId}`)).body).toContain('Richiesta della Procura');
    const removed = await head.post(`/backoffice/pratiche/${publicId}/blocco-legale`, { action: 'remove', reason: 'Archiviazione' });
    expect(removed.statusCode).toBe(303);
    expect(await t.app.services.privacy.holds.holdOf(id)).toBeUndefined();
  });
});

// Versions: publishing freezes a version; a draft begun on version 1 is completed and filed on
// version 1 after version 2 is published (with a new required question), while new drafts use
// version 2; the versions page counts the filings of each; the difference between versions
// reads as what changed; an old version can become the draft again; archive and restore take
// a procedure out of the catalogue and back. Import refuses broken files with pointed messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { buildSportGrant, errorsOf, field, fileAsCitizen, post } from './helpers.ts';
import { withToken } from '../../helpers/multipart-token.ts';

let t: TestApp;
let admin: PortalAgent;
let base: string;
let id: number;
const SLUG = 'contributo-sport-versioni';
const JOURNEY = `/servizi/${SLUG}/domanda`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, TEST_PEOPLE.admin);
  ({ id, base } = await buildSportGrant(admin, SLUG));
  await post(admin, `${base}/pubblica`, {});
});
afterAll(async () => t?.close());

describe('versions', () => {
  it('keeps a draft on the version it began with after a new version is published', async () => {
    // a citizen begins on version 1 and completes the first step
    const early = await loginAs(t, TEST_PEOPLE.citizen2);
    const csrf = await early.csrfToken();
    expect((await early.get(JOURNEY)).statusCode).toBe(303);
    for (const [url, form] of [
      [`${JOURNEY}/informativa`, { accept: 'yes' }],
      [`${JOURNEY}/dati-generali`, {}],
      [`${JOURNEY}/passo/dati`, { nomeFiglio: 'Luca Lovelace', categoria: 'amatoriale' }],
    ] as const) {
      expect((await early.post(url, form, { csrf })).statusCode, url).toBe(303);
    }

    // version 2 asks for the child's fiscal code too
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'codiceFiscale', name: 'codiceFiscaleFiglio', labelIt: 'Codice fiscale del figlio', labelEn: 'Child\'s fiscal code', hintIt: 'Ad esempio RSSMRA80A01G535J', hintEn: 'For example RSSMRA80A01G535J' }));
    const versions = await admin.get(`${base}/versioni`);
    expect(versions.body).toContain('Bozza');
    await post(admin, `${base}/pubblica`, {});
    expect((await t.app.db.selectFrom('procedures').select('published_version').where('id', '=', id).executeTakeFirstOrThrow()).published_version).toBe(2);

    // the early draft goes on without the new question and is filed on version 1
    for (const [url, form] of [
      [`${JOURNEY}/passo/certificato`, { haCertificato: 'no' }],
    ] as const) {
      expect((await early.post(url, form, { csrf })).statusCode, url).toBe(303);
    }
    const summary = await early.get(`${JOURNEY}/riepilogo`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).not.toContain('Codice fiscale del figlio');
    const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(summary.body)![1]!;
    expect((await early.post(`${JOURNEY}/invia`, { idempotencyKey: key }, { csrf })).statusCode).toBe(303);

    // a new applicant gets version 2, which requires the fiscal code
    const late = await loginAs(t, TEST_PEOPLE.citizen3);
    await late.get(JOURNEY);
    const lateCsrf = await late.csrfToken();
    await late.post(`${JOURNEY}/informativa`, { accept: 'yes' }, { csrf: lateCsrf });
    await late.post(`${JOURNEY}/dati-generali`, {}, { csrf: lateCsrf });
    const refused = await late.post(`${JOURNEY}/passo/dati`, { nomeFiglio: 'Anna Rossi', categoria: 'amatoriale' }, { csrf: lateCsrf });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#f-codiceFiscaleFiglio"');
    const filed = await fileAsCitizen(late, SLUG, [
      ['dati', { nomeFiglio: 'Anna Rossi', categoria: 'amatoriale', codiceFiscaleFiglio: 'MRNLCU00A01H501J' }],
      ['certificato', { haCertificato: 'no' }],
    ]);

    const rows = await t.app.db.selectFrom('submissions').select(['public_id', 'procedure_version', 'answers']).where('procedure_id', '=', id).orderBy('id').execute();
    expect(rows.map((r) => r.procedure_version)).toEqual([1, 2]);
    expect(rows[0]!.answers).not.toHaveProperty('codiceFiscaleFiglio');
    expect(rows[1]).toMatchObject({ public_id: filed, answers: { codiceFiscaleFiglio: 'MRNLCU00A01H501J' } });
  });

  it('shows each version with its filings, and the difference between two', async () => {
    const page = await admin.get(`${base}/versioni`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Versione 2[\s\S]*?Attiva[\s\S]*?<td class="text-end">1<\/td>[\s\S]*?Versione 1[\s\S]*?<td class="text-end">1<\/td>/);
    const diff = await admin.get(`${base}/versioni/confronta?da=1&a=2`);
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toContain('Campo «Codice fiscale del figlio» (codiceFiscaleFiglio)');
    expect(diff.body).toContain('Aggiunto');
    expect(diff.body).not.toContain('Tolto');
  });

  it('refuses to publish a draft equal to the published version, and restores an old version as the draft', async () => {
    await post(admin, `${base}/versioni/1/ripristina`, {});
    const diff = await admin.get(`${base}/versioni/confronta?da=2&a=bozza`);
    expect(diff.body).toContain('Tolto');
    expect(diff.body).toContain('codiceFiscaleFiglio');
    await post(admin, `${base}/versioni/2/ripristina`, {});
    const same = await post(admin, `${base}/pubblica`, {}, 422);
    expect(errorsOf(same.body)).toEqual(['#b-publish La bozza è uguale alla versione pubblicata: non c\'è niente da pubblicare']);
    await post(admin, `${base}/bozza/elimina`, {});
    expect(await t.app.db.selectFrom('procedure_drafts').select('procedure_id').where('procedure_id', '=', id).executeTakeFirst()).toBeUndefined();
  });

  it('keeps published versions frozen in the database', async () => {
    await expect(
      t.app.db.updateTable('procedure_versions').set({ definition: '{}' }).where('procedure_id', '=', id).where('version', '=', 1).execute(),
    ).rejects.toThrow(/published and cannot change/);
  });

  it('archives a procedure out of the catalogue and restores it', async () => {
    await post(admin, `${base}/archivia`, {});
    expect((await admin.get(`/servizi/${SLUG}`)).statusCode).toBe(404);
    const list = await admin.get('/admin?stato=archived');
    expect(list.body).toContain(SLUG);
    await post(admin, `${base}/ripristina`, {});
    expect((await admin.get(`/servizi/${SLUG}`)).statusCode).toBe(200);
    const audit = await admin.get('/admin/registro');
    expect(audit.body).toContain('Procedimento archiviato');
    expect(audit.body).toContain('Procedimento ripristinato');
    expect(audit.body).toContain('Versione pubblicata');
  });
});

describe('import and export', () => {
  it('refuses a broken file with messages that point at the problem, and imports nothing', async () => {
    const exported = await admin.get(`${base}/esporta?versione=2`);
    const broken = exported.body
      .replace('slug: contributo-sport-versioni', 'slug: sport-importato')
      .replace('en: Child\'s full name', 'en: ""')
      .replace('office: cultura-sport', 'office: ufficio-inesistente');
    const res = await post(admin, '/admin/importa', { text: broken }, 422);
    expect(errorsOf(res.body)).toEqual(['#b-text form.steps[0].fields[0].label.en: missing English text']);
    const unknownOffice = await post(admin, '/admin/importa', { text: broken.replace('en: ""', 'en: Child name') }, 422);
    expect(errorsOf(unknownOffice.body)[0]).toMatch(/^#b-text office: unknown office "ufficio-inesistente"/);
    const yaml = await post(admin, '/admin/importa', { text: 'slug: [unclosed' }, 422);
    expect(errorsOf(yaml.body)[0]).toMatch(/^#b-text line 1: /);
    expect(await t.app.db.selectFrom('procedures').select('id').where('slug', '=', 'sport-importato').executeTakeFirst()).toBeUndefined();
  });

  it('imports an exported file as the draft of a new procedure, and refuses an existing address unless asked', async () => {
    const exported = await admin.get(`${base}/esporta`);
    const again = await post(admin, '/admin/importa', { text: exported.body }, 422);
    expect(errorsOf(again.body)).toEqual(['#b-replace Esiste già un procedimento con indirizzo «contributo-sport-versioni»: spunta la casella per sostituirne la bozza']);
    const copy = exported.body.replace('slug: contributo-sport-versioni', 'slug: sport-importato');
    const res = await post(admin, '/admin/importa', { text: copy });
    const newId = Number(/\/admin\/procedimenti\/(\d+)\?esito=imported/.exec(String(res.headers.location))![1]);
    const row = await t.app.db.selectFrom('procedures').select(['slug', 'status', 'source']).where('id', '=', newId).executeTakeFirstOrThrow();
    expect(row).toEqual({ slug: 'sport-importato', status: 'draft', source: 'import' });
    await post(admin, `/admin/procedimenti/${newId}/pubblica`, {});
    expect((await admin.get('/servizi/sport-importato')).statusCode).toBe(200);
    // replacing the draft of an existing procedure leaves its published version alone
    await post(admin, '/admin/importa', { text: copy.replace('Contributo per lo sport giovanile', 'Contributo sport (nuovo testo)'), replace: 'yes' });
    expect((await admin.get('/servizi/sport-importato')).body).toContain('Contributo per lo sport giovanile');
    expect((await admin.get(`/admin/procedimenti/${newId}`)).body).toContain('Bozza in corso');
  });

  it('imports a file uploaded as multipart', async () => {
    const exported = await admin.get(`${base}/esporta`);
    const text = exported.body.replace('slug: contributo-sport-versioni', 'slug: sport-da-file');
    const page = await admin.get('/admin/importa');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const boundary = '----sportello';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sport.yaml"\r\nContent-Type: application/yaml\r\n\r\n${text}\r\n--${boundary}--\r\n`;
    const res = await admin.inject({ method: 'POST', url: '/admin/importa', payload: withToken(token, payload, `multipart/form-data; boundary=${boundary}`), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode).toBe(303);
    expect(await t.app.db.selectFrom('procedures').select('source').where('slug', '=', 'sport-da-file').executeTakeFirst()).toEqual({ source: 'import' });
  });
});

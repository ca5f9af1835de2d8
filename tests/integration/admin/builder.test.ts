// The builder round trip, through the real app: an administrator creates a procedure on the
// admin pages (service page, two steps, a choice, a condition, a routing rule), the content
// checks refuse to publish it while texts are missing, it is published, a citizen files it and
// the filing lands in the office the rules chose. Also: refused input is pointed at the input
// to fix, and export gives back the definition format.
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedureDefinitionSchema } from '../../../src/catalogue/definition.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { buildSportGrant, createProcedure, errorsOf, field, fileAsCitizen, METADATA, post } from './helpers.ts';

let t: TestApp;
let admin: PortalAgent;
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, TEST_PEOPLE.admin);
});
afterAll(async () => t?.close());

describe('the procedure builder', () => {
  let id: number;
  let base: string;

  it('lists the catalogue with status, version, office and filings', async () => {
    const res = await admin.get('/admin');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Certificato di residenza');
    expect(res.body).toContain('Ufficio Anagrafe e Stato Civile');
    expect(res.body).toMatch(/<caption>\d+ procedimenti<\/caption>/);
  });

  it('refuses a new procedure with a bad address, pointing at it', async () => {
    const res = await post(admin, '/admin/procedimenti', { slug: 'Nuovo Servizio', titleIt: '', area: 'nessuna', audience: 'citizens', office: 'cultura-sport' }, 422);
    expect(errorsOf(res.body)).toEqual([
      '#b-slug Usa lettere minuscole, cifre e trattini singoli, ad esempio «contributo-affitto»',
      '#b-titleIt Compila questo campo',
      '#b-area Scegli una delle voci proposte',
    ]);
    expect(res.body).toContain('aria-invalid="true"');
    const taken = await post(admin, '/admin/procedimenti', { slug: 'certificato-residenza', titleIt: 'Doppione', area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' }, 422);
    expect(errorsOf(taken.body)).toEqual(['#b-slug Esiste già un procedimento con indirizzo «certificato-residenza»']);
  });

  it('creates a draft that the content checks refuse to publish, listing what to fix', async () => {
    ({ id, base } = await createProcedure(admin, 'contributo-sport-giovani'));
    const overview = await admin.get(base);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Mai pubblicato');
    const res = await post(admin, `${base}/pubblica`, {}, 422);
    const errors = errorsOf(res.body);
    expect(res.body).toContain('Non è stato pubblicato');
    expect(errors).toContain(`${base}/scheda#b-titleEn Scheda del servizio: manca il testo inglese: titolo`);
    expect(errors).toContain(`${base}/passi/dati#b-titleIt Passo «Dati della domanda»: il passo «dati» non ha campi`);
    expect(await t.app.db.selectFrom('procedure_versions').select('version').where('procedure_id', '=', id).execute()).toEqual([]);
  });

  it('refuses fields with pointed messages and keeps what was typed', async () => {
    let res = await post(admin, `${base}/passi/dati/campi`, field({ name: 'nome figlio', type: 'radio', labelIt: 'Nome', options: 'a | A | A\nBad Value | B | B', min: '5', max: '2' }), 422);
    expect(errorsOf(res.body)).toEqual([
      '#b-name Usa lettere e cifre senza spazi, iniziando con una lettera minuscola, ad esempio «dataNascita»',
      '#b-options Riga 2 delle scelte: scrivi codice | etichetta italiana | etichetta inglese, con un codice di lettere minuscole, cifre e trattini',
      '#b-max Il massimo è minore del minimo',
    ]);
    expect(res.body).toContain('value="nome figlio"');
    res = await post(admin, `${base}/passi/dati/campi`, field({ name: 'nome', labelIt: 'Nome', condField: 'nonEsiste', condOp: 'equals', condValue: 'x' }), 422);
    expect(errorsOf(res.body)).toEqual(['#b-condField La condizione può usare solo un campo che viene prima; «nonEsiste» non lo è']);
    res = await post(admin, `${base}/passi/dati/campi`, field({ name: 'nome', labelIt: 'Nome', condAdvanced: 'any: [{ field: altro, equals: 1 }]' }), 422);
    expect(errorsOf(res.body)).toEqual(['#b-condField La condizione può usare solo un campo che viene prima; «altro» non lo è']);
  });

  it('builds the rest through the pages and publishes version 1', async () => {
    await post(admin, `${base}/scheda`, METADATA);
    // the steps and fields of a small grant (helpers.ts), here on the draft created above
    await post(admin, `${base}/passi/dati/campi`, field({ name: 'nomeFiglio', labelIt: 'Nome e cognome del figlio', labelEn: 'Child\'s full name', maxLength: '100' }));
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'radio', name: 'categoria', labelIt: 'Tipo di attività', labelEn: 'Kind of activity', options: 'amatoriale | Amatoriale | Amateur\nagonistica | Agonistica | Competitive' }));
    await post(admin, `${base}/passi`, { id: 'certificato', titleIt: 'Certificato medico', titleEn: 'Medical certificate' });
    await post(admin, `${base}/passi/certificato/campi`, field({ type: 'yesno', name: 'haCertificato', labelIt: 'Hai il certificato medico?', labelEn: 'Do you have the medical certificate?' }));
    await post(admin, `${base}/passi/certificato/campi`, field({ type: 'date', name: 'dataCertificato', labelIt: 'Data del certificato', labelEn: 'Date of the certificate', condField: 'haCertificato', condOp: 'equals', condValue: 'sì' }));
    // competitive activities go to the social services office: a routing rule, without YAML
    const wrong = await post(admin, `${base}/instradamento/regole`, { ruleId: 'agonistica', condField: 'categoria', condOp: 'equals', condValue: 'pro', office: 'servizi-sociali' }, 422);
    expect(errorsOf(wrong.body)).toEqual(['#b-condValue Scrivi il codice di una delle scelte: amatoriale, agonistica']);
    await post(admin, `${base}/instradamento/regole`, { ruleId: 'agonistica', descriptionIt: 'Le attività agonistiche vanno ai servizi sociali', descriptionEn: 'Competitive activities go to social services', condField: 'categoria', condOp: 'equals', condValue: 'agonistica', office: 'servizi-sociali' });
    await post(admin, `${base}/instradamento/regole`, { ruleId: 'imprese', condField: 'applicant:business', office: 'suap' });
    await post(admin, `${base}/instradamento/regole/imprese/sposta`, { direction: 'up' });
    const routing = await admin.get(`${base}/instradamento`);
    expect(routing.body).toMatch(/il richiedente è un&#39;impresa, la domanda va a: SUAP[\s\S]*Se Tipo di attività è uguale a agonistica, la domanda va a: Servizi Sociali/);
    await post(admin, `${base}/instradamento/regole/imprese/elimina`, {});
    // an enrolment fee by kind of activity, paid with pagoPA after filing
    const badFees = await post(admin, `${base}/costi/impostazioni`, { timing: 'after-submission', taxonomyCode: 'xyz', dueDays: '30' }, 422);
    expect(errorsOf(badFees.body)).toEqual(['#b-taxonomyCode Scrivi un codice di tassonomia pagoPA, ad esempio 0101108TS']);
    await post(admin, `${base}/costi/impostazioni`, { timing: 'after-submission', taxonomyCode: '0101108TS', dueDays: '30' });
    const badItem = await post(admin, `${base}/costi/voci`, { itemId: 'quota', labelIt: 'Quota', labelEn: 'Fee', feeType: 'perOption', field: 'categoria', amounts: 'amatoriale = 20\npro = 35' }, 422);
    expect(errorsOf(badItem.body)).toEqual(['#b-amounts Riga 2: scrivi codice = importo, con uno di questi codici: amatoriale, agonistica']);
    await post(admin, `${base}/costi/voci`, { itemId: 'quota', labelIt: 'Quota di iscrizione', labelEn: 'Enrolment fee', feeType: 'perOption', field: 'categoria', amounts: 'amatoriale = 20\nagonistica = 35,50' });
    const feesPage = await admin.get(`${base}/costi`);
    expect(feesPage.body).toMatch(/Quota di iscrizione<\/strong>: secondo «Tipo di attività»: amatoriale: 20,00\s€, agonistica: 35,50\s€/);

    const overview = await admin.get(base);
    expect(overview.body).toContain('Nessun problema trovato.');
    const preview = await admin.get(`${base}/anteprima/certificato`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Hai il certificato medico?');
    expect(preview.body).toContain('Rispondi solo se a «Hai il certificato medico?» hai risposto «Sì».');
    const tried = await post(admin, `${base}/anteprima/certificato`, { haCertificato: 'yes', dataCertificato: '31/02/2026' }, 422);
    expect(tried.body).toContain('inserisci una data vera');

    const published = await post(admin, `${base}/pubblica`, {});
    expect(published.headers.location).toBe(`${base}?esito=published`);
    const row = await t.app.db.selectFrom('procedures').select(['status', 'source', 'published_version', 'office_code']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'published', source: 'builder', published_version: 1, office_code: 'cultura-sport' });
    expect(await t.app.db.selectFrom('procedure_drafts').select('procedure_id').where('procedure_id', '=', id).executeTakeFirst()).toBeUndefined();
    const page = await t.app.inject('/servizi/contributo-sport-giovani');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Contributo per lo sport giovanile');
  });

  it('is filed by a citizen and routed to the office the builder chose', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen2);
    const amateur = await fileAsCitizen(citizen, 'contributo-sport-giovani', [
      ['dati', { nomeFiglio: 'Luca Lovelace', categoria: 'amatoriale' }],
      ['certificato', { haCertificato: 'yes', dataCertificato: '10/01/2026' }],
    ]);
    const citizen3 = await loginAs(t, TEST_PEOPLE.citizen3);
    const competitive = await fileAsCitizen(citizen3, 'contributo-sport-giovani', [
      ['dati', { nomeFiglio: 'Anna Rossi', categoria: 'agonistica' }],
      ['certificato', { haCertificato: 'no' }],
    ]);
    const rows = await t.app.db.selectFrom('submissions').select(['public_id', 'office_code', 'procedure_version', 'answers']).where('procedure_id', '=', id).execute();
    const byId = new Map(rows.map((r) => [r.public_id, r]));
    expect(byId.get(amateur)).toMatchObject({ office_code: 'cultura-sport', procedure_version: 1, answers: { nomeFiglio: 'Luca Lovelace', categoria: 'amatoriale', haCertificato: true, dataCertificato: '2026-01-10' } });
    expect(byId.get(competitive)).toMatchObject({ office_code: 'servizi-sociali', procedure_version: 1, answers: { nomeFiglio: 'Anna Rossi', categoria: 'agonistica', haCertificato: false } });
    const positions = await t.app.db
      .selectFrom('payment_positions as p')
      .innerJoin('submissions as s', 's.id', 'p.submission_id')
      .select(['s.public_id', 'p.amount_cents', 'p.taxonomy_code'])
      .where('s.procedure_id', '=', id)
      .execute();
    expect(new Map(positions.map((p) => [p.public_id, [p.amount_cents, p.taxonomy_code]]))).toEqual(new Map([[amateur, [2000, '0101108TS']], [competitive, [3550, '0101108TS']]]));
    const list = await admin.get('/admin?q=sport+giovanile');
    expect(list.body).toMatch(/contributo-sport-giovani[\s\S]*?<td class="text-end">2<\/td>/);
  });

  it('exports the published version in the definition format', async () => {
    const res = await admin.get(`${base}/esporta`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="contributo-sport-giovani-v1.yaml"');
    const parsed = procedureDefinitionSchema.parse(parseYaml(res.body));
    expect(parsed.form.steps.map((s) => s.id)).toEqual(['dati', 'certificato']);
    expect(parsed.form.steps[1]!.fields[1]!.showIf).toEqual({ field: 'haCertificato', equals: true });
  });

  it('builds through the shared helper too (used by the other tests)', async () => {
    const built = await buildSportGrant(admin, 'contributo-sport-bis');
    await post(admin, `${built.base}/pubblica`, {});
  });
});

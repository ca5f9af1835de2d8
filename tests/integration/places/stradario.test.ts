// The comune's street list through the real app: the administrator uploads it (multipart, CSRF
// token first in the body), a bad file changes nothing and says what is wrong line by line, the upload is in
// the audit; then a citizen's filing with a comune and a street is checked against the lists
// (an ambiguous comune, a house number the street does not have) and keeps the codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { createProcedure, errorsOf, field, post } from '../admin/helpers.ts';
import { CITIZEN, CITIZEN2, fileProcedure } from '../backoffice/helpers.ts';

let t: TestApp;
let admin: PortalAgent;
let citizen: PortalAgent;

const GOOD = 'codice;denominazione;da;a;parita;cap;localita\r\nR1;Via Roma;1;199;dispari;29121;\r\nR1;Via Roma;2;200;pari;29121;\r\nC9;Piazza Cavalli;;;;29121;\r\nG5;Via Giuseppe Garibaldi;1;120;tutti;;\r\n';
const BAD = 'codice;denominazione;da;a;parita\nR1;Via Roma;10;5;dispari\n;Via senza codice;;;\nR3;Via Verdi;1;9;qualche\n';

async function upload(csv: string, csrf = true) {
  const page = await admin.get('/admin/stradario');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const boundary = '----stradario';
  const payload = `${csrf ? `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` : ''}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="vie.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return admin.inject({ method: 'POST', url: '/admin/stradario', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

const streetCount = async () => (await t.app.services.places.state()).current?.street_count ?? 0;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.ready();
  admin = await loginAs(t, TEST_PEOPLE.admin);
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

describe('the street list page', () => {
  it('shows the example list of the embedded default, and offers the template', async () => {
    const page = await admin.get('/admin/stradario');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Stradario in uso: 12 vie');
    expect(page.body).toContain('Corso Vittorio Emanuele II');
    const template = await admin.get('/admin/stradario/modello.csv');
    expect(template.headers['content-type']).toMatch(/^text\/csv/);
    expect(template.body.split('\r\n')[0]).toBe('codice;denominazione;da;a;parita;cap;localita');
  });

  it('refuses an upload without the form token, and a bad file line by line, changing nothing', async () => {
    expect((await upload(GOOD, false)).statusCode).toBe(403);
    const audited = await t.app.db.selectFrom('admin_audit').select('id').where('subject_type', '=', 'street_list').execute();
    const res = await upload(BAD);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res.body)).toEqual([
      '#b-file Riga 2: il civico «a» (5) è minore del civico «da» (10)',
      '#b-file Riga 3: il codice della via manca o non è valido (lettere, cifre, punto, trattino; al massimo 20 caratteri)',
      '#b-file Riga 4: la parità deve essere dispari, pari o tutti',
    ]);
    expect(await streetCount()).toBe(12);
    expect(await t.app.db.selectFrom('admin_audit').select('id').where('subject_type', '=', 'street_list').execute()).toEqual(audited);
    const english = await admin.inject({ method: 'GET', url: '/admin/stradario?lang=en' });
    expect(english.body).toContain('Street list in use: 12 streets');
    await admin.get('/admin/stradario?lang=it');
  });

  it('replaces the whole list with a good file, in the audit', async () => {
    const res = await upload(GOOD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/stradario?esito=sostituito&vie=3');
    const page = await admin.get(String(res.headers.location));
    expect(page.body).toContain('Stradario sostituito: 3 vie.');
    expect(page.body).toContain('1–199 dispari, 2–200 pari');
    expect(await streetCount()).toBe(3);
    const entry = await t.app.db.selectFrom('admin_audit').select(['action', 'actor_fiscal_code']).where('subject_type', '=', 'street_list').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'street_list.replace', actor_fiscal_code: TEST_PEOPLE.admin });
    expect((await admin.get('/admin/stradario/stradario.csv')).body).toContain('R1;Via Roma;2;200;pari;29121;');
  });
});

describe('a filing with a comune and a street', () => {
  const step = (id: string, form: Record<string, string>) => citizen.post(`/servizi/cambio-residenza/domanda/passo/${id}`, form);

  it('asks the province of an ambiguous comune and checks the street and its numbers', async () => {
    const service = t.app.services.submissions;
    const context = await service.begin(CITIZEN, 'cambio-residenza');
    await service.acceptPrivacy(context);
    await service.completeStep(context, 'dati-generali', null);
    // the place of birth SPID sends as a cadastral code, by its name
    expect((await citizen.get('/servizi/cambio-residenza/domanda/dati-generali')).body).toContain('13 luglio 1944, Roma (RM)');

    const ambiguous = await step('provenienza', { tipoTrasferimento: 'altro-comune', comuneProvenienza: 'castro', cittadinanzaNonUe: 'no' });
    expect(ambiguous.statusCode).toBe(422);
    expect(errorsOf(ambiguous.body)[0]).toContain('ci sono più comuni di nome Castro. Aggiungi la provincia tra parentesi: «Castro (BG)», «Castro (LE)»');
    expect(ambiguous.body).toMatch(/<input[^>]*name="comuneProvenienza"[^>]*list="f-comuneProvenienza-list"/);
    expect((await step('provenienza', { tipoTrasferimento: 'altro-comune', comuneProvenienza: 'Castro (le)', cittadinanzaNonUe: 'no' })).statusCode).toBe(303);

    const page = await citizen.get('/servizi/cambio-residenza/domanda/passo/abitazione');
    expect(page.body).toContain('<option value="Piazza Cavalli">');
    const base = { titoloOccupazione: 'proprieta', 'datiCatastali.foglio': '12', 'datiCatastali.particella': '345' };
    const unknown = await step('abitazione', { ...base, 'nuovoIndirizzo.street': 'Via Inesistente', 'nuovoIndirizzo.number': '1' });
    expect(errorsOf(unknown.body)[0]).toBe('#f-nuovoIndirizzo-street «Via Inesistente» non è nello stradario del comune. Controlla come è scritta o scegli tra i suggerimenti, ad esempio «Via Roma»');
    const absent = await step('abitazione', { ...base, 'nuovoIndirizzo.street': 'v. roma', 'nuovoIndirizzo.number': '201' });
    expect(absent.statusCode).toBe(422);
    expect(errorsOf(absent.body)[0]).toBe('#f-nuovoIndirizzo-number In Via Roma non esiste il civico 201. I civici di questa via sono: 1–199 (dispari), 2–200 (pari)');
    expect((await step('abitazione', { ...base, 'nuovoIndirizzo.street': 'v. roma', 'nuovoIndirizzo.number': '12/a' })).statusCode).toBe(303);
    const draft = (await service.loadDraft(CITIZEN, 'cambio-residenza'))!.draft.answers as Record<string, unknown>;
    expect(draft.comuneProvenienza).toEqual({ code: '075096', name: 'Castro', province: 'LE' });
    expect(draft.nuovoIndirizzo).toEqual({ code: 'R1', street: 'Via Roma', number: '12/A' });
  });

  it('files, keeping the codes, and shows the names on the summary of the filing', async () => {
    const filed = await fileProcedure(t.app, CITIZEN2, 'cambio-residenza', { tipoTrasferimento: 'altro-comune', comuneProvenienza: { code: '058091', name: 'Roma', province: 'RM' } });
    const row = await t.app.db.selectFrom('submissions').select(['answers']).where('id', '=', filed.id).executeTakeFirstOrThrow();
    const answers = row.answers as Record<string, unknown>;
    expect(answers.comuneProvenienza).toEqual({ code: '058091', name: 'Roma', province: 'RM' });
    expect(answers.nuovoIndirizzo).toEqual({ code: 'R1', street: 'Via Roma', number: '10' });
  });
});

describe('the builder', () => {
  it('offers the comune and street types, and adds one of each to a step', async () => {
    const { base } = await createProcedure(admin, 'luoghi-builder');
    const page = await admin.get(`${base}/passi/dati/campi/nuovo`);
    expect(page.body).toContain('<option value="comune">Comune italiano (elenco ISTAT)</option>');
    expect(page.body).toContain('<option value="street">Via dello stradario e numero civico</option>');
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'comune', name: 'comuneNascita', labelIt: 'Comune di nascita', labelEn: 'Comune of birth' }));
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'street', name: 'viaIntervento', labelIt: 'Via dell’intervento', labelEn: 'Street of the works' }));
    const exported = (await admin.get(`${base}/esporta`)).body;
    expect(exported).toMatch(/name: comuneNascita\s+type: comune/);
    expect(exported).toMatch(/name: viaIntervento\s+type: street/);
  });
});

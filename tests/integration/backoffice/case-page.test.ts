// The case page laid out for daily work and the office's corrections of a filing's data,
// through the real app: every section renders without JavaScript (?tab=) for a filing with
// messages, payments and events; a refused form comes back in the section holding it; a
// correction with a reason changes the value shown (the original kept, readable), tells the
// applicant and goes in the log; a value the form engine refuses changes nothing; a clerk of
// another office gets 404; the applicant's page shows the correction.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, fileProcedure, multipart } from './helpers.ts';

let t: TestApp;
let clerk: PortalAgent;
let citizen: PortalAgent;
let filing: { id: number; publicId: string };

const ORIGINAL_CF = 'RSSMRA80A01H501U';
const CORRECT_CF = 'LVLDAA85T50G702B';
const casePath = () => `/backoffice/pratiche/${filing.publicId}`;
const correctionPath = () => `${casePath()}/correzione`;
const caseRow = () => t.app.db.selectFrom('cases').selectAll().where('submission_id', '=', filing.id).executeTakeFirstOrThrow();
const corrections = () => t.app.db.selectFrom('answer_corrections').selectAll().where('submission_id', '=', filing.id).orderBy('id').execute();

/** The panel of a section, from its opening tag to the next panel (or the end of the page). */
function panel(body: string, tab: string): { open: string; content: string } {
  const start = body.indexOf(`id="panel-${tab}"`);
  expect(start, `panel ${tab}`).toBeGreaterThan(-1);
  const tagEnd = body.indexOf('>', start);
  const next = body.indexOf('class="case-panel"', tagEnd);
  return { open: body.slice(start, tagEnd), content: body.slice(tagEnd, next === -1 ? undefined : next) };
}

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  filing = await fileProcedure(t.app, CITIZEN, 'certificato-residenza', { intestatario: 'altra-persona', codiceFiscaleIntestatario: ORIGINAL_CF, uso: 'esente-pensione', note: 'Serve entro fine mese' });
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
  // a case with history: taken, a message, a note, a payment request
  expect((await clerk.post(`${casePath()}/prendi-in-carico`)).statusCode).toBe(303);
  expect((await clerk.post(`${casePath()}/messaggi`, { testo: 'Buongiorno, stiamo verificando i dati.' })).statusCode).toBe(303);
  expect((await clerk.post(`${casePath()}/note`, { testo: 'Controllare il codice fiscale.' })).statusCode).toBe(303);
  const today = romeDate(t.app.services.backoffice.clock());
  const payment = { importo: '16', causale: 'Diritti di segreteria', scadenza: addDays(today, 30), tassonomia: '0101108TS', chiave: randomUUID() };
  expect((await clerk.post(`${casePath()}/pagamento`, payment)).statusCode).toBe(303);
});
afterAll(async () => t?.close());

describe('the case page', () => {
  it('shows the summary bar, the actions and every section without JavaScript', async () => {
    const expected: Record<string, string[]> = {
      domanda: ['Dati della domanda', ORIGINAL_CF, 'Correggi i dati della domanda'],
      documenti: ['Nessun documento generato'],
      messaggi: ['Buongiorno, stiamo verificando i dati.', 'Controllare il codice fiscale.'],
      pagamenti: ['Diritti di segreteria', '16,00'],
      storico: ['Cronologia degli eventi', 'Accessi ai dati della pratica'],
    };
    for (const [tab, texts] of Object.entries(expected)) {
      const res = await clerk.get(`${casePath()}?tab=${tab}`);
      expect(res.statusCode, tab).toBe(200);
      expect(res.body).toContain('aria-label="Sintesi della pratica"');
      expect(res.body).toContain('id="case-actions"');
      expect(res.body).toMatch(new RegExp(`id="tab-${tab}" role="tab" href="[^"]+\\?tab=${tab}" aria-controls="panel-${tab}" aria-selected="true"`));
      const shown = panel(res.body, tab);
      expect(shown.open, tab).not.toContain('hidden');
      for (const text of texts) expect(shown.content, `${tab}: ${text}`).toContain(text);
      for (const other of Object.keys(expected).filter((x) => x !== tab)) expect(panel(res.body, other).open, other).toContain('hidden');
    }
  });

  it('shows the application by default, and ignores an unknown section', async () => {
    expect(panel((await clerk.get(casePath())).body, 'domanda').open).not.toContain('hidden');
    expect(panel((await clerk.get(`${casePath()}?tab=%3Cx%3E`)).body, 'domanda').open).not.toContain('hidden');
  });

  it('shows the section where an action done is seen', async () => {
    expect(panel((await clerk.get(`${casePath()}?fatto=message`)).body, 'messaggi').open).not.toContain('hidden');
    expect(panel((await clerk.get(`${casePath()}?fatto=payment`)).body, 'pagamenti').open).not.toContain('hidden');
    expect(panel((await clerk.get(`${casePath()}?fatto=taken`)).body, 'domanda').open).not.toContain('hidden');
  });

  it('answers a refused message in the messages section, with its error summary', async () => {
    const res = await clerk.post(`${casePath()}/messaggi?tab=domanda`, { testo: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="error-summary"');
    expect(res.body).toContain('href="#message-testo"');
    expect(panel(res.body, 'messaggi').open).not.toContain('hidden');
    expect(panel(res.body, 'messaggi').content).toContain('id="message-testo"');
    expect(panel(res.body, 'domanda').open).toContain('hidden');
  });

  it('answers a refused payment request in the payments section', async () => {
    const res = await clerk.post(`${casePath()}/pagamento`, { importo: 'ottanta', causale: 'Diritti', chiave: randomUUID() });
    expect(res.statusCode).toBe(422);
    expect(panel(res.body, 'pagamenti').open).not.toContain('hidden');
    expect(res.body).toContain('href="#payment-importo"');
  });

  it('serves the script of the tabs from the page\'s own origin, no inline script', async () => {
    const res = await clerk.get(casePath());
    expect(res.body).toContain('<script src="/assets/js/case-page.js" defer></script>');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = await clerk.get('/assets/js/case-page.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
  });
});

describe('correcting the application data', () => {
  it('shows the answers that can be corrected, not those other questions depend on', async () => {
    const res = await clerk.get(correctionPath());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('name="codiceFiscaleIntestatario"');
    expect(res.body).toContain(`value="${ORIGINAL_CF}"`);
    expect(res.body).toContain('name="note"');
    expect(res.body).not.toContain('name="intestatario"');
    expect(res.body).not.toContain('name="uso"');
    expect(res.body).toContain('Non si correggono qui gli allegati');
  });

  it('refuses an invalid value with the field\'s message and changes nothing', async () => {
    const before = await caseRow();
    const res = await clerk.post(correctionPath(), { codiceFiscaleIntestatario: 'RSSMRA80A01H501X', note: 'Serve entro fine mese', _motivo: 'Errore materiale nel codice fiscale' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="error-summary"');
    expect(res.body).toContain('href="#f-codiceFiscaleIntestatario"');
    expect(res.body).toMatch(/codice fiscale/i);
    expect(res.body).toContain('value="RSSMRA80A01H501X"');
    expect(await corrections()).toHaveLength(0);
    expect((await caseRow()).last_event_seq).toBe(before.last_event_seq);
  });

  it('refuses a correction without a reason, or that changes nothing', async () => {
    const noReason = await clerk.post(correctionPath(), { codiceFiscaleIntestatario: CORRECT_CF, note: 'Serve entro fine mese', _motivo: '' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Indica il motivo della correzione');
    const nothing = await clerk.post(correctionPath(), { codiceFiscaleIntestatario: ORIGINAL_CF, note: 'Serve entro fine mese', _motivo: 'Nessuna modifica in realtà' });
    expect(nothing.statusCode).toBe(422);
    expect(nothing.body).toContain('Non hai modificato nessuna risposta.');
    expect(await corrections()).toHaveLength(0);
  });

  it('gives 404 to a clerk of another office', async () => {
    const other = await loginAs(t, TEST_PEOPLE.clerkTributi);
    expect((await other.get(correctionPath())).statusCode).toBe(404);
    expect((await other.post(correctionPath(), { codiceFiscaleIntestatario: CORRECT_CF, _motivo: 'Errore materiale' })).statusCode).toBe(404);
    expect(await corrections()).toHaveLength(0);
  });

  it('corrects a value with a reason: shown marked, the original readable, the applicant told, the log written', async () => {
    const before = await caseRow();
    const res = await clerk.post(correctionPath(), { codiceFiscaleIntestatario: CORRECT_CF.toLowerCase(), note: 'Serve entro fine mese', _motivo: 'Errore materiale nel codice fiscale, verificato in anagrafe' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${casePath()}?tab=domanda&fatto=corrected`);

    const rows = await corrections();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ field: 'codiceFiscaleIntestatario', old_value: ORIGINAL_CF, new_value: CORRECT_CF, corrected_by: TEST_PEOPLE.clerkAnagrafe });
    // the filed answers stay as the receipt prints them
    const submission = await t.app.db.selectFrom('submissions').select('answers').where('id', '=', filing.id).executeTakeFirstOrThrow();
    expect((submission.answers as Record<string, unknown>).codiceFiscaleIntestatario).toBe(ORIGINAL_CF);

    const page = await clerk.get(res.headers.location as string);
    expect(page.body).toContain('Dati della domanda corretti. Il richiedente ne è stato informato.');
    const answers = panel(page.body, 'domanda').content;
    expect(answers).toContain(CORRECT_CF);
    expect(answers).toContain('Corretto dall&#39;ufficio');
    expect(answers).toContain(`Valore presentato: <s>${ORIGINAL_CF}</s>`);
    expect(answers).toContain('Errore materiale nel codice fiscale, verificato in anagrafe');

    const history = panel(page.body, 'storico').content;
    expect(history).toContain('Dati della domanda corretti: Codice fiscale della persona');
    expect(history).toContain('Correzioni già registrate');

    const after = await caseRow();
    expect(after.last_event_seq).toBe(before.last_event_seq + 1);
    const event = await t.app.db.selectFrom('case_events').selectAll().where('submission_id', '=', filing.id).where('kind', '=', 'corrected').executeTakeFirstOrThrow();
    expect(event.reason).toBe('Errore materiale nel codice fiscale, verificato in anagrafe');

    const notice = await t.app.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `case:${filing.id}:corrected:${event.seq}`).executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ kind: 'office.message', recipient_fiscal_code: CITIZEN.fiscalCode });
    const message = (notice.data as { message: string }).message;
    expect(message).toContain(`da «${ORIGINAL_CF}» a «${CORRECT_CF}»`);
    expect(message).toContain('Errore materiale nel codice fiscale');
  });

  it('shows the correction on the applicant\'s request page, in their language', async () => {
    const res = await citizen.get(`/area-personale/richieste/${filing.publicId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(CORRECT_CF);
    expect(res.body).toContain('Corretto dall&#39;ufficio il');
    expect(res.body).toContain(`Valore che avevi indicato: ${ORIGINAL_CF}`);
    const en = await citizen.get(`/area-personale/richieste/${filing.publicId}?lang=en`);
    expect(en.body).toContain('Corrected by the office on');
  });

  it('refuses corrections once the case is decided', async () => {
    const page = await clerk.get(casePath());
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const body = multipart({ _csrf: token, esito: 'approved', motivazione: 'Requisiti verificati, certificato rilasciato.' });
    const decided = await clerk.inject({ method: 'POST', url: `${casePath()}/decisione`, payload: body.payload, headers: body.headers });
    expect(decided.statusCode).toBe(303);
    expect((await caseRow()).status).toBe('approved');
    expect((await clerk.get(casePath())).body).not.toContain('Correggi i dati della domanda');
    expect((await clerk.get(correctionPath())).statusCode).toBe(409);
    expect((await clerk.post(correctionPath(), { codiceFiscaleIntestatario: ORIGINAL_CF, _motivo: 'Ripristino del valore' })).statusCode).toBe(409);
    expect(await corrections()).toHaveLength(1);
  });
});

// The whole way through the real app (app.inject, people logged in at the bundled test
// provider): a citizen's filing appears in the competent office's queue; the clerk takes it in
// charge, asks for an integration (a bad request first: 422 and nothing changed); the citizen
// sees the request and answers with a document; the clerk approves with a signed PDF; the
// citizen sees the decision and downloads it. Along the way: the clock, the messages, the
// notifications, the event log and the audit of reads, the CSV export, the ZIP, statistics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChains } from '../../../src/backoffice/audit-verify.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, fileResidence, multipart, PDF } from './helpers.ts';

let t: TestApp;
let clerk: PortalAgent;
let citizen: PortalAgent;
let filing: { id: number; publicId: string };
let protocol: string;

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  filing = await fileResidence(t.app, CITIZEN);
  const row = await t.app.db.selectFrom('submissions').select(['protocol_number', 'protocol_year']).where('id', '=', filing.id).executeTakeFirstOrThrow();
  protocol = `${String(row.protocol_number).padStart(7, '0')}/${row.protocol_year}`;
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

const casePath = () => `/backoffice/pratiche/${filing.publicId}`;
const requestPath = () => `/area-personale/richieste/${filing.publicId}`;
const caseRow = () => t.app.db.selectFrom('cases').selectAll().where('submission_id', '=', filing.id).executeTakeFirstOrThrow();

describe('a filing from the queue to the decision', () => {
  it('appears in the office queue with its protocol number, applicant and deadline', async () => {
    const res = await clerk.get('/backoffice');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="${casePath()}"`);
    expect(res.body).toContain(protocol);
    expect(res.body).toContain('Cesare Giulio');
    expect(res.body).toContain('Inviata');
    expect(res.body).toMatch(/mancano 3 giorni|manca 1 giorno|scade oggi/);
  });

  it('finds it by protocol number, fiscal code and name, and not by another name', async () => {
    for (const q of [protocol, String(Number(protocol.split('/')[0])), CITIZEN.fiscalCode.toLowerCase(), 'cesare', 'Cesare Giu']) {
      const res = await clerk.get(`/backoffice?q=${encodeURIComponent(q)}`);
      expect(res.body, q).toContain(casePath());
    }
    expect((await clerk.get('/backoffice?q=Lovelace')).body).not.toContain(casePath());
  });

  it('shows the case page, and logs the read', async () => {
    const res = await clerk.get(casePath());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Pratica ${protocol}`);
    expect(res.body).toContain('Responsabile del procedimento');
    expect(res.body).toContain('Prendi in carico');
    const reads = await t.app.db.selectFrom('audit_log').selectAll().where('submission_id', '=', filing.id).where('action', '=', 'case.view').execute();
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads[0]!.actor_fiscal_code).toBe(TEST_PEOPLE.clerkAnagrafe);
  });

  it('is taken in charge: the clerk is its responsabile and it is under review', async () => {
    const res = await clerk.post(`${casePath()}/prendi-in-carico`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${casePath()}?fatto=taken`);
    expect(await caseRow()).toMatchObject({ status: 'in_review', assignee_fiscal_code: TEST_PEOPLE.clerkAnagrafe });
    const page = await clerk.get(`${casePath()}?fatto=taken`);
    expect(page.body).toContain('Hai preso in carico la pratica.');
    expect(page.body).toContain('Anna Ferri');
  });

  it('refuses an empty integration request with 422 and the error summary, changing nothing', async () => {
    const before = await caseRow();
    const res = await clerk.post(`${casePath()}/integrazione`, { testo: 'corto', giorni: '45' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="error-summary"');
    expect(res.body).toContain('href="#integration-testo"');
    expect(res.body).toContain('href="#integration-giorni"');
    expect(res.body).toContain('Indica un numero di giorni da 1 a 30.');
    expect(res.body).toMatch(/<textarea[^>]*id="integration-testo"[^>]*aria-invalid="true"[^>]*>corto<\/textarea>/);
    const after = await caseRow();
    expect(after.last_event_seq).toBe(before.last_event_seq);
    expect(after.status).toBe('in_review');
  });

  it('asks for an integration: the clock pauses and the applicant is notified', async () => {
    const res = await clerk.post(`${casePath()}/integrazione`, { testo: 'Allegare copia del contratto di locazione.', giorni: '15' });
    expect(res.statusCode).toBe(303);
    const c = await caseRow();
    expect(c).toMatchObject({ status: 'integration_requested', pause_kind: 'integration' });
    const note = await t.app.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `case:${filing.id}:integration`).executeTakeFirstOrThrow();
    expect(note).toMatchObject({ kind: 'integration.requested', recipient_fiscal_code: CITIZEN.fiscalCode });
    const page = await clerk.get(casePath());
    expect(page.body).toContain('termine sospeso');
  });

  it('shows the request to the citizen in the personal area', async () => {
    const res = await citizen.get(requestPath());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Integrazione richiesta');
    expect(res.body).toContain('L&#39;ufficio ti chiede un&#39;integrazione');
    expect(res.body).toContain('Allegare copia del contratto di locazione.');
    expect(res.body).toContain(`href="${requestPath()}/rispondi"`);
    expect(res.body).toContain('Anna Ferri');
    const area = await citizen.get('/area-personale');
    expect(area.body).toContain('Integrazione richiesta');
  });

  it('refuses an empty answer, and takes the answer with its document', async () => {
    const form = await citizen.get(`${requestPath()}/rispondi`);
    expect(form.statusCode).toBe(200);
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(form.body)![1]!.replace(/&amp;/g, '&');
    expect(action).not.toContain('_csrf=');
    const replyToken = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const empty = multipart({ _csrf: replyToken, testo: '' });
    const refused = await citizen.inject({ method: 'POST', url: action, payload: empty.payload, headers: empty.headers });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#reply-testo"');
    expect((await caseRow()).status).toBe('integration_requested');

    const body = multipart({ _csrf: replyToken, testo: 'Ecco il contratto di locazione registrato.' }, [{ field: 'allegati', name: 'contratto.pdf', type: 'application/pdf', bytes: PDF }]);
    const res = await citizen.inject({ method: 'POST', url: action, payload: body.payload, headers: body.headers });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${requestPath()}?fatto=risposta`);
    expect(await caseRow()).toMatchObject({ status: 'in_review', pause_kind: null });
    const page = await citizen.get(`${requestPath()}?fatto=risposta`);
    expect(page.body).toContain('La risposta è stata inviata');
    expect(page.body).toContain('contratto.pdf');
  });

  it('shows the answer and its document to the clerk, and logs the download', async () => {
    const page = await clerk.get(casePath());
    expect(page.body).toContain('Ecco il contratto di locazione registrato.');
    const link = /href="(\/backoffice\/pratiche\/[^"]+\/documenti\/[0-9a-f-]{36})">contratto\.pdf/.exec(page.body)![1]!;
    const file = await clerk.get(link);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const downloads = await t.app.db.selectFrom('audit_log').selectAll().where('submission_id', '=', filing.id).where('action', '=', 'file.download').execute();
    expect(downloads).toHaveLength(1);
  });

  it('approves with a signed decision the citizen then sees and downloads', async () => {
    const page = await clerk.get(casePath());
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const body = multipart({ _csrf: token, esito: 'approved', motivazione: 'Residenza verificata: si rilascia il certificato.' }, [{ field: 'documento', name: 'provvedimento firmato.pdf', type: 'application/pdf', bytes: PDF }]);
    const res = await clerk.inject({ method: 'POST', url: `${casePath()}/decisione`, payload: body.payload, headers: body.headers });
    expect(res.statusCode).toBe(303);
    expect(await caseRow()).toMatchObject({ status: 'approved' });

    const view = await citizen.get(requestPath());
    expect(view.body).toContain('Accolta');
    expect(view.body).toContain('La domanda è stata accolta.');
    expect(view.body).toContain('Residenza verificata: si rilascia il certificato.');
    const link = /href="([^"]+\/documenti\/[0-9a-f-]{36})">Scarica il provvedimento/.exec(view.body)![1]!;
    const doc = await citizen.get(link);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-disposition']).toContain("filename*=UTF-8''provvedimento%20firmato.pdf");
    // closed: no more answers, messages or withdrawal
    expect(view.body).not.toContain('Ritira la domanda');
    expect((await citizen.get(`${requestPath()}/messaggio`)).statusCode).toBe(404);
    const decision = await t.app.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `case:${filing.id}:decision`).executeTakeFirstOrThrow();
    expect(decision.kind).toBe('decision');
  });

  it('refuses an action the closed filing no longer allows, with 409 and nothing changed', async () => {
    const before = await caseRow();
    const res = await clerk.post(`${casePath()}/preavviso-rigetto`, { motivi: 'Motivi che arrivano troppo tardi.' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Azione non consentita');
    const after = await caseRow();
    expect(after.last_event_seq).toBe(before.last_event_seq);
    expect(after.status).toBe('approved');
  });

  it('kept a complete, intact event log and audit trail', async () => {
    const events = await t.app.db.selectFrom('case_events').selectAll().where('submission_id', '=', filing.id).orderBy('seq').execute();
    expect(events.map((e) => (e.kind === 'transition' ? `${e.from_state}->${e.to_state}` : e.kind))).toEqual([
      'filed',
      'assigned',
      'submitted->in_review',
      'in_review->integration_requested',
      'integration_requested->in_review',
      'message',
      'in_review->approved',
    ]);
    expect(events.every((e, i) => i === 0 || e.prev_hash === events[i - 1]!.hash)).toBe(true);
    expect(events[3]).toMatchObject({ actor_fiscal_code: TEST_PEOPLE.clerkAnagrafe, actor_kind: 'clerk' });
    expect(events[4]).toMatchObject({ actor_fiscal_code: CITIZEN.fiscalCode, actor_kind: 'applicant' });
    expect(events[6]!.reason).toBe('Residenza verificata: si rilascia il certificato.');
    expect((await verifyChains(t.app.db)).broken).toEqual([]);
    const page = await clerk.get(casePath());
    expect(page.body).toContain('Cronologia degli eventi');
    expect(page.body).toContain('Consultazione della pratica');
  });
});

describe('exports and statistics', () => {
  it('streams the queue as CSV with every filter applied', async () => {
    const res = await clerk.get('/backoffice/export.csv?stato=all');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Protocollo,Ricevuta il,Procedimento/);
    expect(lines.some((l) => l.includes(protocol) && l.includes('approved') && l.includes(filing.publicId))).toBe(true);
    const open = await clerk.get('/backoffice/export.csv');
    expect(open.body).not.toContain(filing.publicId);
    const exports = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'queue.export').execute();
    expect(exports.length).toBe(2);
  });

  it('gives every document of a filing as one ZIP', async () => {
    const res = await clerk.get(`${casePath()}/documenti.zip`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(res.rawPayload.includes(Buffer.from('messaggi/contratto.pdf'))).toBe(true);
    expect(res.rawPayload.includes(Buffer.from('provvedimento/provvedimento firmato.pdf'))).toBe(true);
  });

  it('shows statistics with SVG charts and the tables behind them', async () => {
    const res = await clerk.get('/backoffice/statistiche');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('role="img"');
    expect(res.body).toMatch(/<caption>Ufficio Ufficio Anagrafe e Stato Civile: domande per procedimento<\/caption>/);
    expect(res.body).toContain('Certificato di residenza');
  });

  it('shows the English texts', async () => {
    const res = await clerk.get('/backoffice?lang=en&stato=all');
    expect(res.body).toContain('Case queue');
    expect(res.body).toContain('Approved');
  });
});

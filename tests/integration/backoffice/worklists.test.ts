// The clerks' work lists through the real app: bulk take and assign (a case of another office
// ignored and untouched, a closed one refused with its reason), the search over answers,
// addresses and messages within the clerk's offices, saved filters per person, the exports
// with the answers (CSV and XLSX read back with exceljs, formula cells neutralised) and the
// ranking of a capped call, the receipt in the case ZIP, the workload with a moved clock.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, CITIZEN2, CLERK_ANAGRAFE, fileProcedure, fileResidence } from './helpers.ts';

const COLLEAGUE = { fiscalCode: 'BNCLCU80A41H501S', name: 'Lucia Bianchi' };

let t: TestApp;
let clerk: PortalAgent;
let edilizia: PortalAgent;

/** A form POST with repeated fields, as a browser sends ticked checkboxes. */
async function postPairs(agent: PortalAgent, url: string, pairs: Array<[string, string]>, csrf = true) {
  const body = new URLSearchParams(pairs);
  if (csrf) body.set('_csrf', await agent.csrfToken());
  return agent.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const caseOf = (id: number) => t.app.db.selectFrom('cases').selectAll().where('submission_id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestApp();
  await t.app.db.insertInto('staff').values({ fiscal_code: COLLEAGUE.fiscalCode, given_name: 'Lucia', family_name: 'Bianchi', email: null, is_admin: false, updated_at: new Date() }).execute();
  await t.app.db.insertInto('staff_offices').values({ fiscal_code: COLLEAGUE.fiscalCode, office_code: 'anagrafe' }).execute();
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  edilizia = await loginAs(t, TEST_PEOPLE.clerkEdilizia);
}, 60_000);
afterAll(async () => t?.close());

describe('bulk actions', () => {
  it('take several cases: another office ignored and untouched, a closed one refused with its reason', async () => {
    const [a, b, closed] = [await fileResidence(t.app), await fileResidence(t.app, CITIZEN2), await fileResidence(t.app)];
    const other = await fileProcedure(t.app, CITIZEN, 'accesso-atti-edilizi');
    const service = t.app.services.backoffice;
    await service.take(CLERK_ANAGRAFE, closed.publicId);
    await service.decide(CLERK_ANAGRAFE, closed.publicId, { outcome: 'approved', motivation: 'Requisiti verificati in anagrafe.', document: null });

    const ids = [a, b, closed, other].map((f) => ['pratiche', f.publicId] as [string, string]);
    expect((await postPairs(clerk, '/backoffice/azioni-multiple', [['azione', 'prendi'], ...ids], false)).statusCode).toBe(403);
    const res = await postPairs(clerk, '/backoffice/azioni-multiple', [['azione', 'prendi'], ...ids]);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Pratiche elaborate: 2.');
    expect(res.body).toContain('Pratiche non elaborate: 1.');
    expect(res.body).toContain('stato che non lo consente');
    expect(res.body).toContain('Pratiche ignorate perché non trovate tra quelle dei tuoi uffici: 1.');
    expect(res.body).not.toContain(other.publicId);
    for (const f of [a, b]) expect(await caseOf(f.id)).toMatchObject({ status: 'in_review', assignee_fiscal_code: CLERK_ANAGRAFE.fiscalCode });
    expect(await caseOf(closed.id)).toMatchObject({ status: 'approved' });
    expect(await caseOf(other.id)).toMatchObject({ status: 'submitted', assignee_fiscal_code: null });
    const events = await t.app.db.selectFrom('case_events').select('kind').where('submission_id', '=', other.id).execute();
    expect(events.map((e) => e.kind)).not.toContain('assigned');
  });

  it('assigns the ticked cases (or every case of the page) to a colleague of the office', async () => {
    const filings = [await fileResidence(t.app), await fileResidence(t.app)];
    const res = await postPairs(clerk, '/backoffice/azioni-multiple', [['azione', 'assegna'], ['assegnatario', COLLEAGUE.fiscalCode], ['tutte', '1'], ...filings.map((f) => ['pagina', f.publicId] as [string, string])]);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Pratiche elaborate: 2.');
    for (const f of filings) expect((await caseOf(f.id)).assignee_fiscal_code).toBe(COLLEAGUE.fiscalCode);
  });

  it('refuses with 422 and a message when nothing is ticked or no colleague is chosen', async () => {
    const none = await postPairs(clerk, '/backoffice/azioni-multiple', [['azione', 'prendi']]);
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Seleziona almeno una pratica.');
    const f = await fileResidence(t.app);
    const noAssignee = await postPairs(clerk, '/backoffice/azioni-multiple', [['azione', 'assegna'], ['pratiche', f.publicId]]);
    expect(noAssignee.statusCode).toBe(422);
    expect((await caseOf(f.id)).assignee_fiscal_code).toBeNull();
  });

  it('the queue has a checkbox per case and the bulk form with its CSRF token', async () => {
    const res = await clerk.get('/backoffice');
    expect(res.body).toContain('name="pratiche"');
    expect(res.body).toContain('action="/backoffice/azioni-multiple"');
    expect(res.body).toContain('Tutte le pratiche di questa pagina');
  });
});

describe('search', () => {
  it('finds a case by a word of an answer, of an address and of a message, never one of another office', async () => {
    const answer = await fileProcedure(t.app, CITIZEN, 'certificato-residenza', { intestatario: 'se-stesso', uso: 'esente-pensione', note: 'Serve per la pratica ornitorinco' });
    const messaged = await fileResidence(t.app);
    await t.app.services.backoffice.officeMessage(CLERK_ANAGRAFE, messaged.publicId, { text: 'Ci serve un chiarimento sul pangolino', files: [] });
    const address = await fileProcedure(t.app, CITIZEN, 'accesso-atti-edilizi', { indirizzoImmobile: { street: 'Via Zanardelli', number: '7', cap: '29121', city: 'Piacenza', province: 'PC' } });
    const search = async (agent: PortalAgent, q: string) => (await agent.get(`/backoffice?stato=all&q=${encodeURIComponent(q)}`)).body;

    expect(await search(clerk, 'Ornitorinco')).toContain(answer.publicId);
    expect(await search(clerk, 'ornitorinco')).not.toContain(messaged.publicId);
    expect(await search(clerk, 'pangolino')).toContain(messaged.publicId);
    expect(await search(clerk, 'Pensione (esente)')).toContain(answer.publicId);
    expect(await search(edilizia, 'zanardelli')).toContain(address.publicId);
    expect(await search(clerk, 'zanardelli')).not.toContain(address.publicId);
    expect(await search(edilizia, 'ornitorinco')).not.toContain(answer.publicId);
  });
});

describe('saved filters', () => {
  it('are saved, reused and deleted by their owner; another person gets 404', async () => {
    const saved = await clerk.post('/backoffice/filtri', { nome: 'Le mie aperte', filtro: 'stato=all&assegnatario=me&dopo=2026-01-01.3' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/backoffice?stato=all&assegnatario=me');
    const row = await t.app.db.selectFrom('saved_filters').selectAll().where('staff_fiscal_code', '=', CLERK_ANAGRAFE.fiscalCode).executeTakeFirstOrThrow();
    expect((await clerk.get('/backoffice')).body).toContain('Le mie aperte');
    const use = await clerk.get(`/backoffice/filtri/${row.id}`);
    expect(use.statusCode).toBe(303);
    expect(use.headers.location).toBe('/backoffice?stato=all&assegnatario=me');

    expect((await edilizia.get(`/backoffice/filtri/${row.id}`)).statusCode).toBe(404);
    expect((await edilizia.post(`/backoffice/filtri/${row.id}/elimina`)).statusCode).toBe(404);
    expect((await edilizia.get('/backoffice')).body).not.toContain('Le mie aperte');
    expect((await clerk.post('/backoffice/filtri', { nome: '', filtro: 'stato=all' })).statusCode).toBe(422);

    expect((await clerk.post(`/backoffice/filtri/${row.id}/elimina`)).statusCode).toBe(303);
    expect((await clerk.get(`/backoffice/filtri/${row.id}`)).statusCode).toBe(404);
  });
});

describe('exports with the answers', () => {
  let procedureId: number;
  beforeAll(async () => {
    procedureId = (await t.app.db.selectFrom('procedures').select('id').where('slug', '=', 'certificato-residenza').executeTakeFirstOrThrow()).id;
    await fileProcedure(t.app, CITIZEN2, 'certificato-residenza', { intestatario: 'se-stesso', uso: 'esente-pensione', note: '=HYPERLINK("http://example.com")' });
  });

  it('CSV: one column per question with the displayed values, formula cells neutralised, audited', async () => {
    const res = await clerk.get(`/backoffice/esportazioni/file?procedura=${procedureId}&formato=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, ...lines] = res.body.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toContain('Per chi chiedi il certificato?');
    expect(header).toContain('Uso del certificato');
    expect(header).toContain("Note per l'ufficio");
    expect(res.body).toContain('Pensione (esente)');
    expect(res.body).toContain('Per me');
    expect(res.body).not.toContain('esente-pensione');
    expect(res.body).toContain(`"'=HYPERLINK(""http://example.com"")"`);
    expect(lines.filter(Boolean).length).toBeGreaterThan(5);
    const audits = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'answers.export').execute();
    expect(audits.length).toBeGreaterThanOrEqual(1);
  });

  it('XLSX: read back with exceljs, the same columns and values, no formula', async () => {
    const res = await clerk.get(`/backoffice/esportazioni/file?procedura=${procedureId}&formato=xlsx&lang=en`);
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    // the fixed columns in the clerk's language, the questions as the filing's version and language had them
    expect(header).toContain('Status');
    expect(header).toContain('Per chi chiedi il certificato?');
    const purpose = header.indexOf('Uso del certificato') + 1;
    const notes = header.indexOf("Note per l'ufficio") + 1;
    expect(purpose * notes).toBeGreaterThan(0);
    const values: string[] = [];
    const noteCells: ExcelJS.Cell[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      values.push(String(row.getCell(purpose).value));
      noteCells.push(row.getCell(notes));
    });
    // the summary kept with the filing is in the language the applicant filed in
    expect(values).toContain('Pensione (esente)');
    const formula = noteCells.find((c) => String(c.value).includes('HYPERLINK'))!;
    expect(formula.type).toBe(ExcelJS.ValueType.String);
    expect(formula.value).toBe('\'=HYPERLINK("http://example.com")');
  });

  it('a procedure of no office of the clerk is a 404', async () => {
    const other = (await t.app.db.selectFrom('procedures').select('id').where('slug', '=', 'accesso-atti-edilizi').executeTakeFirstOrThrow()).id;
    expect((await clerk.get(`/backoffice/esportazioni/file?procedura=${other}`)).statusCode).toBe(404);
  });

  it('the ranking of a capped call marks the cap and the reserve list, in receipt order', async () => {
    // a published version never changes: the fixture lifts the guard for this one edit
    await sql`alter table procedure_versions disable trigger user`.execute(t.app.db);
    await sql`update procedure_versions set definition = jsonb_set(definition, '{maxFilings}', '3') where procedure_id = ${procedureId}`.execute(t.app.db);
    const res = await clerk.get(`/backoffice/esportazioni/file?procedura=${procedureId}&formato=csv&graduatoria=1&lang=it`);
    // the call closed at its cap: opened again for the tests that follow
    await sql`update procedure_versions set definition = definition - 'maxFilings' where procedure_id = ${procedureId}`.execute(t.app.db);
    await sql`alter table procedure_versions enable trigger user`.execute(t.app.db);
    expect(res.statusCode).toBe(200);
    const lines = res.body.replace(/^\ufeff/, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toContain('Posizione,Graduatoria');
    const rows = lines.slice(1);
    expect(rows.length).toBeGreaterThan(3);
    rows.forEach((line, i) => {
      expect(line).toContain(`,${i + 1},${i < 3 ? 'Entro il limite' : 'Riserva'},`);
    });
    const received = rows.map((r) => r.split(',')[1]!);
    expect([...received].sort()).toEqual(received);
  });
});

describe('the case ZIP and the receipt', () => {
  it('the ZIP holds the application PDF; the receipt downloads from the case page, 404 for another office', async () => {
    const f = await fileResidence(t.app);
    const page = await clerk.get(`/backoffice/pratiche/${f.publicId}`);
    expect(page.body).toContain(`/backoffice/pratiche/${f.publicId}/ricevuta.pdf`);
    const receipt = await clerk.get(`/backoffice/pratiche/${f.publicId}/ricevuta.pdf`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await edilizia.get(`/backoffice/pratiche/${f.publicId}/ricevuta.pdf`)).statusCode).toBe(404);

    const zip = (await clerk.get(`/backoffice/pratiche/${f.publicId}/documenti.zip`)).rawPayload;
    // the first entry: its name, then its deflated bytes up to the data descriptor
    const nameLength = zip.readUInt16LE(26);
    const name = zip.subarray(30, 30 + nameLength).toString('utf8');
    expect(name).toMatch(/^domanda\/ricevuta-\d{4}-\d+\.pdf$/);
    const end = zip.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), 30 + nameLength);
    const pdf = inflateRawSync(zip.subarray(30 + nameLength, end));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('workload', () => {
  let w: TestApp;
  const clock = testClock(new Date());
  afterAll(async () => w?.close());

  it('per office and per clerk: open, due this week, overdue, average days to decision', async () => {
    w = await createTestApp({}, { clock });
    const [dueSoon, overdue, decided] = [await fileResidence(w.app), await fileResidence(w.app), await fileResidence(w.app)];
    const service = w.app.services.backoffice;
    await service.take(CLERK_ANAGRAFE, dueSoon.publicId);
    await w.app.db.updateTable('cases').set({ due_date: '2026-12-10' }).where('submission_id', '=', dueSoon.id).execute();
    await w.app.db.updateTable('cases').set({ due_date: '2026-12-01' }).where('submission_id', '=', overdue.id).execute();
    await w.app.db.updateTable('cases').set({ receipt_date: '2026-11-27' }).where('submission_id', '=', decided.id).execute();
    clock.set('2026-12-07T10:00:00Z'); // a Monday: the week ends on Sunday 13
    await service.take(CLERK_ANAGRAFE, decided.publicId);
    await service.decide(CLERK_ANAGRAFE, decided.publicId, { outcome: 'approved', motivation: 'Requisiti verificati in anagrafe.', document: null });

    const load = await service.workload(['anagrafe'], {});
    expect(load.weekEnd).toBe('2026-12-13');
    const office = load.rows.find((r) => r.office_total)!;
    expect(office).toMatchObject({ open: 2, due_this_week: 1, overdue: 1, decided: 1, average_days: 10 });
    const anna = load.rows.find((r) => !r.office_total && r.assignee_fiscal_code === CLERK_ANAGRAFE.fiscalCode)!;
    expect(anna).toMatchObject({ open: 1, due_this_week: 1, overdue: 0, decided: 1, average_days: 10 });
    const nobody = load.rows.find((r) => !r.office_total && r.assignee_fiscal_code === null)!;
    expect(nobody).toMatchObject({ open: 1, due_this_week: 0, overdue: 1, decided: 0 });

    const agent = await loginAs(w, TEST_PEOPLE.clerkAnagrafe);
    const page = await agent.get('/backoffice/statistiche?lang=en');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Workload');
    expect(page.body).toContain('The whole office');
    const csv = await agent.get('/backoffice/carico.csv?lang=it');
    expect(csv.body).toContain('anagrafe,Tutto l\'ufficio,,2,1,1,1,10');
    expect(csv.body).toContain(`anagrafe,Anna Ferri,${CLERK_ANAGRAFE.fiscalCode},1,1,0,1,10`);
  });
});


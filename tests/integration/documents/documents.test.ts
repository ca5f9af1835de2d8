// Documents through the real app's services: the default templates merge for every seeded
// procedure, a template with a forbidden construct is refused, versions and restore, and the
// outgoing protocol: the number is on the PDF, shares the filings' counter in order and without
// gaps, and is not used by a refused action.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { CITIZEN, CLERK_ANAGRAFE, CLERK_EDILIZIA, CLERK_TRIBUTI, fileProcedure, fileResidence, REPRESENTATIVE } from '../backoffice/helpers.ts';
import { PURPOSES } from '../../../src/documents/purposes.ts';
import { TemplateInvalidError } from '../../../src/documents/templates.service.ts';
import { WorkflowRefusedError } from '../../../src/backoffice/backoffice.service.ts';

let t: TestApp;
const ADMIN = { fiscalCode: 'RCCLNE79B68D612V', name: 'Elena Ricci' };

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
});
afterAll(async () => t?.close());

const procedureId = async (slug: string) => (await t.app.db.selectFrom('procedures').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const registerRows = () => t.app.db.selectFrom('protocol_register').select(['year', 'number', 'direction', 'submission_id']).orderBy('year').orderBy('number').execute();
const counter = async () => (await t.app.db.selectFrom('protocol_counters').select('last_number').executeTakeFirst())?.last_number ?? 0;

describe('default templates', () => {
  it('merge every field for every seeded procedure, in both languages', async () => {
    const slugs = readdirSync('src/catalogue/seed/procedures').filter((f) => f.endsWith('.yaml')).map((f) => (parse(readFileSync(`src/catalogue/seed/procedures/${f}`, 'utf8')) as { slug: string }).slug);
    expect(slugs.length).toBeGreaterThan(50);
    const templates = t.app.services.documents.templates;
    for (const slug of slugs) {
      const id = await procedureId(slug);
      for (const purpose of PURPOSES) {
        for (const locale of ['it', 'en'] as const) {
          const merged = await templates.preview(id, purpose.key, locale, purpose.defaults[locale]);
          expect(merged.body, `${slug} ${purpose.key} ${locale}`).not.toMatch(/undefined|\{\{|\{%|\[object/);
          expect(merged.body).toContain('Maria Bianchi');
        }
      }
    }
    // every procedure x purpose x language: over a minute with the 135 procedures of issue 18
  }, 300_000);
});

describe('templates of a procedure', () => {
  it('refuses a forbidden construct at save, keeps versions and restores an old one', async () => {
    const id = await procedureId('certificato-residenza');
    const templates = t.app.services.documents.templates;
    for (const body of ['{% include "layout.njk" %}', '{{ richiedente.constructor }}', '{{ testo | safe }}', '{{ process }}', '{{ richiedente.nonEsiste }}', '{{ range(10) }}']) {
      await expect(templates.save(ADMIN, id, 'accoglimento', 'it', { title: 'T', body })).rejects.toBeInstanceOf(TemplateInvalidError);
    }
    expect((await templates.template(id, 'accoglimento', 'it')).versions).toHaveLength(0);
    expect(await templates.save(ADMIN, id, 'accoglimento', 'it', { title: 'Accolta', body: 'Prima {{ richiedente.nome }}' })).toBe(1);
    expect(await templates.save(ADMIN, id, 'accoglimento', 'it', { title: 'Accolta', body: 'Seconda {{ richiedente.nome }}' })).toBe(2);
    expect(await templates.restore(ADMIN, id, 'accoglimento', 'it', 1)).toBe(3);
    const now = await templates.template(id, 'accoglimento', 'it');
    expect(now.current).toMatchObject({ version: 3, body: 'Prima {{ richiedente.nome }}' });
    expect(now.versions.map((v) => [v.version, v.restored_from, v.saved_by_name])).toEqual([[3, 1, 'Elena Ricci'], [2, null, 'Elena Ricci'], [1, null, 'Elena Ricci']]);
  });
});

describe('outgoing protocol', () => {
  it('numbers a filing, a document, a filing as n, n+1, n+2, and the PDF carries the number', async () => {
    const first = await fileResidence(t.app, CITIZEN);
    const docs = t.app.services.documents;
    await t.app.services.backoffice.take(CLERK_ANAGRAFE, first.publicId);
    const draft = await docs.compose(CLERK_ANAGRAFE, first.publicId, 'comunicazione', 'La pratica è in lavorazione.');
    await docs.send(CLERK_ANAGRAFE, first.publicId, { purpose: 'comunicazione', title: draft.title, body: draft.body, text: 'In allegato la comunicazione.' });
    const second = await fileResidence(t.app, CITIZEN);
    const rows = (await registerRows()).slice(-3);
    expect(rows.map((r) => r.direction)).toEqual(['entrata', 'uscita', 'entrata']);
    expect(rows.map((r) => r.submission_id)).toEqual([first.id, first.id, second.id]);
    expect(rows[1]!.number).toBe(rows[0]!.number + 1);
    expect(rows[2]!.number).toBe(rows[1]!.number + 1);
    const [sent] = await docs.caseDocuments(CLERK_ANAGRAFE, first.publicId).then((c) => c.documents);
    expect(sent!.protocol_number).toBe(rows[1]!.number);
    const file = await docs.documentFile(CLERK_ANAGRAFE, first.publicId, sent!.id);
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream) chunks.push(chunk as Buffer);
    const text = (await pdfText(Buffer.concat(chunks))).replace(/\s+/g, ' ');
    expect(text).toContain(`${String(rows[1]!.number).padStart(7, '0')}/${rows[1]!.year}`);
    expect(text).toContain('in uscita');
    expect(text).toContain('La pratica è in lavorazione.');
  });

  it('uses no number when the action is refused, and the clerk of another office gets 404', async () => {
    const filing = await fileResidence(t.app, CITIZEN);
    const docs = t.app.services.documents;
    const before = await counter();
    // a rejection needs a notice of refusal first: the workflow table refuses it
    await expect(docs.send(CLERK_ANAGRAFE, filing.publicId, { purpose: 'rigetto', title: 'Rigetto', body: 'No.', text: 'Motivi.' })).rejects.toBeInstanceOf(WorkflowRefusedError);
    expect(await counter()).toBe(before);
    expect((await registerRows()).filter((r) => r.submission_id === filing.id).map((r) => r.direction)).toEqual(['entrata']);
    expect((await docs.caseDocuments(CLERK_ANAGRAFE, filing.publicId)).documents).toHaveLength(0);
    await expect(docs.compose(CLERK_TRIBUTI, filing.publicId, 'comunicazione', 'x')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('documents sent with their actions', () => {
  /** The case's status and the files of its messages and decision, by purpose. */
  const caseState = async (id: number) => ({
    status: (await t.app.db.selectFrom('cases').select('status').where('submission_id', '=', id).executeTakeFirstOrThrow()).status,
    files: (await t.app.db.selectFrom('case_files').select(['purpose', 'original_name']).where('submission_id', '=', id).orderBy('created_at').execute()).map((f) => `${f.purpose}:${f.original_name}`),
  });

  it('an inadmissibility is the decision itself, without a notice of refusal first', async () => {
    const filing = await fileResidence(t.app, CITIZEN);
    const docs = t.app.services.documents;
    await t.app.services.backoffice.take(CLERK_ANAGRAFE, filing.publicId);
    const draft = await docs.compose(CLERK_ANAGRAFE, filing.publicId, 'inammissibilita', 'La domanda è stata presentata fuori termine.');
    await docs.send(CLERK_ANAGRAFE, filing.publicId, { purpose: 'inammissibilita', title: draft.title, body: draft.body, text: 'La domanda è stata presentata fuori termine.' });
    const state = await caseState(filing.id);
    expect(state.status).toBe('inadmissible');
    expect(state.files).toEqual([expect.stringMatching(/^decision:inammissibilita-\d{7}-\d{4}\.pdf$/)]);
  });

  it('a SCIA: the order to conform opens its pause with the order attached; the prohibition is the decision with its document', async () => {
    const filing = await fileProcedure(t.app, REPRESENTATIVE, 'scia-esercizio-vicinato');
    const docs = t.app.services.documents;
    const before = await counter();
    const order = await docs.compose(CLERK_EDILIZIA, filing.publicId, 'ordine-conformazione', 'Adeguare l\'insegna al regolamento comunale.');
    await docs.send(CLERK_EDILIZIA, filing.publicId, { purpose: 'ordine-conformazione', title: order.title, body: order.body, text: 'Adeguare l\'insegna al regolamento comunale.', replyDays: 30 });
    let state = await caseState(filing.id);
    expect(state.status).toBe('conformation_requested');
    expect(state.files).toEqual([expect.stringMatching(/^message:ordine-conformazione-\d{7}-\d{4}\.pdf$/)]);
    const prohibition = await docs.compose(CLERK_EDILIZIA, filing.publicId, 'divieto-prosecuzione', 'Misure non adottate nel termine.');
    await docs.send(CLERK_EDILIZIA, filing.publicId, { purpose: 'divieto-prosecuzione', title: prohibition.title, body: prohibition.body, text: 'Misure non adottate nel termine.' });
    state = await caseState(filing.id);
    expect(state.status).toBe('prohibited');
    expect(state.files[1]).toMatch(/^decision:divieto-prosecuzione-\d{7}-\d{4}\.pdf$/);
    expect(await counter()).toBe(before + 2);
  });
});

describe('the pages', () => {
  it('an administrator saves a template (422 on a forbidden construct); a clerk sends a decision from it; the applicant sees it', async () => {
    const { loginAs, TEST_PEOPLE } = await import('../../helpers/login.ts');
    const admin = await loginAs(t, TEST_PEOPLE.admin);
    const id = await procedureId('certificato-residenza');
    const editor = `/admin/procedimenti/${id}/modelli/accoglimento/it`;
    expect((await admin.get('/admin/modelli')).statusCode).toBe(200);
    expect((await admin.get(`/admin/procedimenti/${id}/modelli`)).statusCode).toBe(200);
    const bad = await admin.post(editor, { titolo: 'Accoglimento', testo: '{% include "layout.njk" %}' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('costrutto non ammesso');
    const preview = await admin.post(editor, { titolo: 'Accoglimento', testo: 'Gentile **{{ richiedente.nome }}**', anteprima: '1' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('<strong>Maria Bianchi</strong>');
    const saved = await admin.post(editor, { titolo: 'Certificato rilasciato', testo: 'Gentile {{ richiedente.nome }}, la domanda è accolta.\n\n{{ testo }}' });
    expect(saved.statusCode).toBe(303);
    const versions = (await t.app.services.documents.templates.template(id, 'accoglimento', 'it')).versions.length;

    const filing = await fileResidence(t.app, CITIZEN);
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const base = `/backoffice/pratiche/${filing.publicId}`;
    await clerk.post(`${base}/prendi-in-carico`);
    const other = await loginAs(t, TEST_PEOPLE.clerkTributi);
    expect((await other.get(`${base}/documenti/genera`)).statusCode).toBe(404);
    expect((await clerk.get(`${base}/documenti/genera`)).statusCode).toBe(200);
    expect((await clerk.post(`${base}/documenti/genera`, { modello: 'accoglimento', motivo: 'corto' })).statusCode).toBe(422);
    const composed = await clerk.post(`${base}/documenti/genera`, { modello: 'accoglimento', motivo: 'Residenza verificata in anagrafe.' });
    expect(composed.statusCode).toBe(200);
    expect(composed.body).toContain('Gentile Giulio Cesare, la domanda è accolta.');
    const form = { modello: 'accoglimento', motivo: 'Residenza verificata in anagrafe.', giorni: '30', titolo: 'Certificato rilasciato', corpo: 'Gentile Giulio Cesare, la domanda è accolta. Residenza verificata.', versione: String(versions) };
    const pdf = await clerk.post(`${base}/documenti/invia`, { ...form, azione: 'pdf' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ')).toContain('ANTEPRIMA');
    const before = await counter();
    const sent = await clerk.post(`${base}/documenti/invia`, { ...form, azione: 'invia' });
    expect(sent.statusCode).toBe(303);
    expect(await counter()).toBe(before + 1);
    const decision = await t.app.db.selectFrom('case_decisions').selectAll().where('submission_id', '=', filing.id).executeTakeFirstOrThrow();
    expect(decision.outcome).toBe('approved');
    expect(decision.document_id).not.toBeNull();
    const page = await clerk.get(base);
    expect(page.body).toContain(`${String(before + 1).padStart(7, '0')}/`);
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const request = await citizen.get(`/area-personale/richieste/${filing.publicId}`);
    expect(request.body).toContain(`accoglimento-${String(before + 1).padStart(7, '0')}`);
  });
});

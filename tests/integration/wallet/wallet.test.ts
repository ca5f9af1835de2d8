// The document wallet through the real app, logged in through the bundled provider: a citizen
// keeps an identity document, reuses it in a form's file field (a copy with the same SHA-256 the
// clerk downloads byte for byte, still there after the document is deleted), saves a filing's
// attachment to the wallet; expired documents and types the field does not take are not
// offered and a forged choice attaches nothing; another person's document is a 404 everywhere.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answers, type FileRef } from '../../../src/forms/index.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { answerStepsBefore, CITIZEN, multipart, PDF, PNG, REPRESENTATIVE, valueFor } from '../backoffice/helpers.ts';
import { NotFoundError } from '../../../src/platform/errors.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const WALLET = '/area-personale/documenti';
const MARRIAGE = 'pubblicazioni-matrimonio';
const HOBBY = 'tesserino-hobbisti';
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type File = { field: string; name: string; type: string; bytes: Buffer };

/** A multipart POST with the CSRF token where the forms put it: first in the body. */
async function post(agent: PortalAgent, url: string, fields: Record<string, string>, files: File[] = []) {
  const token = await agent.csrfToken(WALLET);
  const body = multipart({ _csrf: token, ...fields }, files);
  return agent.inject({ method: 'POST', url, headers: body.headers, payload: body.payload });
}

/** Adds a document to the agent's wallet through the upload form; returns its id. */
async function upload(agent: PortalAgent, owner: string, facts: Record<string, string>, file: File) {
  const res = await post(agent, WALLET, facts, [file]);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  const row = await t.app.db.selectFrom('wallet_documents').select(['id', 'sha256']).where('owner_fiscal_code', '=', owner).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return row.id;
}


const draftOf = (slug: string) => t.app.services.submissions.loadDraft(CITIZEN, slug);
const walletAttachments = (draftId: string) => t.app.db.selectFrom('attachments').selectAll().where('draft_id', '=', draftId).where('wallet_document_id', 'is not', null).execute();

describe('the document wallet', () => {
  let citizen: PortalAgent;
  let other: PortalAgent;
  let idCard: string;
  let expired: string;
  let photo: string;
  let othersDocument: string;
  let publicId: string;
  let filedAttachment: { id: string; sha256: string };

  it('shows the wallet as a tab of the personal area, not cached', async () => {
    citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const area = await citizen.get('/area-personale');
    expect(area.body).toContain(`href="${WALLET}"`);
    const page = await citizen.get(WALLET);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('I miei documenti');
    expect((await citizen.get(`${WALLET}?lang=en`)).body).toContain('My documents');
    // the language choice stays with the session: back to Italian
    expect((await citizen.get(`${WALLET}?lang=it`)).body).toContain('I miei documenti');
  });

  it('keeps an uploaded identity document with its SHA-256, and refuses bad input changing nothing', async () => {
    idCard = await upload(citizen, CITIZEN.fiscalCode, { kind: 'carta-identita', title: 'Carta d’identità', expiresOn: '2099-12-31' }, { field: 'documento', name: 'carta.pdf', type: 'application/pdf', bytes: PDF });
    const row = await t.app.db.selectFrom('wallet_documents').selectAll().where('id', '=', idCard).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'carta-identita', sha256: sha(PDF), content_type: 'application/pdf', source: 'upload' });
    const before = await t.app.db.selectFrom('wallet_documents').select('id').execute();
    const noTitle = await post(citizen, WALLET, { kind: 'passaporto', title: '' }, [{ field: 'documento', name: 'p.pdf', type: 'application/pdf', bytes: PDF }]);
    expect(noTitle.statusCode).toBe(422);
    expect(noTitle.body).toContain('href="#wallet-title"');
    const disguised = await post(citizen, `${WALLET}?lang=en`, { kind: 'passaporto', title: 'Passport' }, [{ field: 'documento', name: 'p.pdf', type: 'application/pdf', bytes: Buffer.from('not a pdf') }]);
    expect(disguised.statusCode).toBe(422);
    expect(disguised.body).toContain('is not of an accepted type');
    await citizen.get(`${WALLET}?lang=it`);
    expect(await t.app.db.selectFrom('wallet_documents').select('id').execute()).toHaveLength(before.length);
    const listed = await citizen.get(WALLET);
    expect(listed.body).toContain('Carta d’identità');
    const download = await citizen.get(`${WALLET}/${idCard}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.rawPayload.equals(PDF)).toBe(true);
  });

  it('offers the document in a file field that takes PDF, and attaches a copy with the same hash', async () => {
    expired = await upload(citizen, CITIZEN.fiscalCode, { kind: 'patente', title: 'Patente vecchia', expiresOn: '2020-01-31' }, { field: 'documento', name: 'patente.pdf', type: 'application/pdf', bytes: PDF });
    await answerStepsBefore(t.app, CITIZEN, MARRIAGE, 'allegati');
    const step = await citizen.get(`/servizi/${MARRIAGE}/domanda/passo/allegati`);
    expect(step.statusCode).toBe(200);
    expect(step.body).toContain('Usa un documento salvato');
    expect(step.body).toContain(`name="_salvato:nullaOsta" id="f-nullaOsta-salvato-${idCard}" value="${idCard}"`);
    expect(step.body).not.toContain(expired);
    const context = (await draftOf(MARRIAGE))!;
    // a forged choice of the expired document: not found, nothing attached
    const forged = await post(citizen, `/servizi/${MARRIAGE}/domanda/passo/allegati`, { '_salvato:nullaOsta': expired });
    expect(forged.statusCode).toBe(404);
    expect(await walletAttachments(context.draft.id)).toHaveLength(0);

    const res = await post(citizen, `/servizi/${MARRIAGE}/domanda/passo/allegati`, { '_salvato:nullaOsta': idCard });
    expect([303, 422]).toContain(res.statusCode);
    const [attached] = await walletAttachments(context.draft.id);
    expect(attached).toMatchObject({ wallet_document_id: idCard, sha256: sha(PDF), field_name: 'nullaOsta' });
    const walletRow = await t.app.db.selectFrom('wallet_documents').select('storage_key').where('id', '=', idCard).executeTakeFirstOrThrow();
    // a copy of its own: the filing does not share the wallet's bytes
    expect(attached!.storage_key).not.toBe(walletRow.storage_key);

    // the rest of the step and the filing, as the person would
    const service = t.app.services.submissions;
    const loaded = (await draftOf(MARRIAGE))!;
    const files = (loaded.draft.answers as Answers).nullaOsta as unknown as FileRef[];
    expect(files.map((f) => f.sha256)).toEqual([sha(PDF)]);
    const stepAnswers: Answers = {};
    const allegati = loaded.definition.form.steps.find((s) => s.id === 'allegati')!;
    for (const field of allegati.fields) stepAnswers[field.name] = field.name === 'nullaOsta' ? (files as unknown as Answers[string]) : ((await valueFor(t.app, loaded, field)) as Answers[string]);
    await service.completeStep(loaded, 'allegati', stepAnswers);
    const ready = (await draftOf(MARRIAGE))!;
    const filed = await service.submit(CITIZEN, MARRIAGE, ready.draft.idempotency_key, 'it');
    if (!filed.ok) throw new Error(`not filed: ${filed.stepId}`);
    publicId = filed.publicId;
    const rows = await t.app.db.selectFrom('attachments').innerJoin('submissions', 'submissions.id', 'attachments.submission_id').select(['attachments.id', 'attachments.sha256', 'attachments.wallet_document_id']).where('submissions.public_id', '=', publicId).execute();
    const fromWallet = rows.find((r) => r.wallet_document_id === idCard)!;
    expect(fromWallet.sha256).toBe(sha(PDF));
    filedAttachment = { id: fromWallet.id, sha256: fromWallet.sha256 };
  });

  it('lets the clerk download identical bytes, marked as from the wallet, also after the document is deleted', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const casePage = await clerk.get(`/backoffice/pratiche/${publicId}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain('dal fascicolo documenti del cittadino');
    const first = await clerk.get(`/backoffice/pratiche/${publicId}/allegati/${filedAttachment.id}`);
    expect(first.statusCode).toBe(200);
    expect(sha(first.rawPayload)).toBe(filedAttachment.sha256);
    expect(first.rawPayload.equals(PDF)).toBe(true);

    const confirm = await citizen.get(`${WALLET}/${idCard}/elimina`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Eliminare il documento?');
    const deleted = await citizen.post(`${WALLET}/${idCard}/elimina`);
    expect(deleted.statusCode).toBe(303);
    expect(await t.app.db.selectFrom('wallet_documents').select('id').where('id', '=', idCard).execute()).toHaveLength(0);
    expect((await citizen.get(`${WALLET}/${idCard}/file`)).statusCode).toBe(404);

    const again = await clerk.get(`/backoffice/pratiche/${publicId}/allegati/${filedAttachment.id}`);
    expect(again.statusCode).toBe(200);
    expect(sha(again.rawPayload)).toBe(filedAttachment.sha256);
  });

  it('saves an attachment of an earlier filing to the wallet', async () => {
    const request = await citizen.get(`/area-personale/richieste/${publicId}`);
    expect(request.body).toContain('Salva nei miei documenti');
    const page = await citizen.get(WALLET);
    expect(page.body).toContain(`name="attachmentId" value="${filedAttachment.id}"`);
    const saved = await citizen.post(`${WALLET}/da-richiesta`, { publicId, attachmentId: filedAttachment.id });
    expect(saved.statusCode).toBe(303);
    const row = await t.app.db.selectFrom('wallet_documents').selectAll().where('source_public_id', '=', publicId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'filing', sha256: filedAttachment.sha256, owner_fiscal_code: CITIZEN.fiscalCode });
    expect((await citizen.get(WALLET)).body).toMatch(/Salvato dalla domanda \d{7}\/\d{4}/);
  });

  it('answers 404 for another person’s document everywhere, and a forged reuse attaches nothing', async () => {
    other = await loginAs(t, TEST_PEOPLE.citizen2);
    othersDocument = await upload(other, 'LVLDAA85T50G702B', { kind: 'passaporto', title: 'Passaporto di Ada' }, { field: 'documento', name: 'passaporto.pdf', type: 'application/pdf', bytes: PDF });
    expect((await citizen.get(`${WALLET}/${othersDocument}/file`)).statusCode).toBe(404);
    expect((await citizen.get(`${WALLET}/${othersDocument}/elimina`)).statusCode).toBe(404);
    expect((await citizen.post(`${WALLET}/${othersDocument}/elimina`)).statusCode).toBe(404);
    expect((await citizen.get(WALLET)).body).not.toContain('Passaporto di Ada');
    // and a filing of someone else cannot be saved to one's wallet
    expect((await other.post(`${WALLET}/da-richiesta`, { publicId, attachmentId: filedAttachment.id })).statusCode).toBe(404);

    await answerStepsBefore(t.app, CITIZEN, MARRIAGE, 'allegati');
    const context = (await draftOf(MARRIAGE))!;
    const forged = await post(citizen, `/servizi/${MARRIAGE}/domanda/passo/allegati`, { '_salvato:nullaOsta': othersDocument });
    expect(forged.statusCode).toBe(404);
    expect(await walletAttachments(context.draft.id)).toHaveLength(0);
    expect(await t.app.db.selectFrom('wallet_documents').select('id').where('id', '=', othersDocument).execute()).toHaveLength(1);
  });

  it('offers only what the field takes, and refuses a forged choice of another type', async () => {
    photo = await upload(citizen, CITIZEN.fiscalCode, { kind: 'altro', title: 'Fototessera' }, { field: 'documento', name: 'foto.png', type: 'image/png', bytes: PNG });
    const pdf = await upload(citizen, CITIZEN.fiscalCode, { kind: 'certificato', title: 'Certificato medico' }, { field: 'documento', name: 'certificato.pdf', type: 'application/pdf', bytes: PDF });
    await answerStepsBefore(t.app, CITIZEN, HOBBY, 'tesserino');
    const step = await citizen.get(`/servizi/${HOBBY}/domanda/passo/tesserino?lang=en`);
    expect(step.body).toContain('Use a saved document');
    expect(step.body).toContain(`value="${photo}"`);
    expect(step.body).not.toContain(`value="${pdf}"`);
    const context = (await draftOf(HOBBY))!;
    const forged = await post(citizen, `/servizi/${HOBBY}/domanda/passo/tesserino?lang=it`, { '_salvato:fotografia': pdf });
    expect(forged.statusCode).toBe(422);
    expect(forged.body).toContain('non è di un tipo accettato');
    expect(await walletAttachments(context.draft.id)).toHaveLength(0);
  });

  it('does not offer the person’s documents when they act for someone else', async () => {
    const representative = await loginAs(t, TEST_PEOPLE.representative, { company: '01199250158' });
    const page = await representative.get(WALLET);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stai agendo per un’altra persona o impresa');
    // their own document, kept while acting for the company, is not attached to the company's draft
    const own = await upload(representative, REPRESENTATIVE.fiscalCode, { kind: 'carta-identita', title: 'Carta di Giovanna' }, { field: 'documento', name: 'carta.pdf', type: 'application/pdf', bytes: PDF });
    const context = await t.app.services.submissions.begin(REPRESENTATIVE, 'accesso-atti-edilizi');
    expect(context.draft.on_behalf_of).toBe('01199250158');
    const field = context.definition.form.steps.flatMap((step) => step.fields).find((f) => f.name === 'preliminare')!;
    await expect(t.app.services.submissions.attachSaved(context, field, own, 0)).rejects.toBeInstanceOf(NotFoundError);
    expect(await walletAttachments(context.draft.id)).toHaveLength(0);
  });

  it('deletes documents some months after their expiry, in the periodic job', async () => {
    expect(await t.app.db.selectFrom('wallet_documents').select('id').where('id', '=', expired).execute()).toHaveLength(1);
    expect(await t.app.services.wallet.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await t.app.db.selectFrom('wallet_documents').select('id').where('id', '=', expired).execute()).toHaveLength(0);
    expect(await t.app.db.selectFrom('wallet_documents').select('id').where('id', '=', photo).execute()).toHaveLength(1);
    const exported = await t.app.services.wallet.listForExport({ fiscalCode: CITIZEN.fiscalCode });
    expect(exported.map((d) => d.title)).toContain('Fototessera');
  });
});

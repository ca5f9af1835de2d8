// Digitally signed attachments through the real portal: a CILA filed with its technical report
// as a .p7m, the clerk's case page showing the verified signer; an unsigned or tampered file
// refused where a signature is required (nothing stored); a signature from an unknown CA
// accepted and marked. The CA the portal trusts is the test one, written to a file and named
// by SIGNATURE_TRUSTED_CAS as an operator would.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../../src/forms/index.ts';
import { UploadRefusedError } from '../../../src/submissions/submissions.service.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';
import { makeCa, makeSigner, samplePdf, sharedPki, signCades, signPades, tamperedContent } from '../../helpers/signatures.ts';
import { CITIZEN, fileProcedure, multipart } from '../backoffice/helpers.ts';

let t: TestApp;
let pki: Awaited<ReturnType<typeof sharedPki>>;

beforeAll(async () => {
  pki = await sharedPki();
  const dir = await mkdtemp(path.join(tmpdir(), 'sportello-cas-'));
  await writeFile(path.join(dir, 'root.pem'), pki.root.pem);
  t = await createTestApp({ SIGNATURE_TRUSTED_CAS: dir });
});
afterAll(async () => t?.close());

const field: FieldDefinition = { name: 'relazione', type: 'file', label: { it: 'Relazione', en: 'Report' }, required: true, accept: ['application/pdf'], max: 2, signature: 'required' };
const attachmentsOf = (draftId: string) => t.app.db.selectFrom('attachments').select('id').where('draft_id', '=', draftId).execute();

describe('a field that requires a signature', () => {
  it('refuses an unsigned PDF and a tampered .p7m, keeping nothing', async () => {
    const context = await t.app.services.submissions.begin(CITIZEN, 'scia-edilizia');
    for (const [bytes, reason] of [[samplePdf(), 'unsigned'], [await tamperedContent(samplePdf(), pki.signer), 'signatureInvalid']] as const) {
      const error = await t.app.services.submissions.storeUpload(context, field, { stream: Readable.from([Buffer.from(bytes)]), fileName: 'relazione.pdf' }, 0).catch((e: unknown) => e);
      expect((error as UploadRefusedError).reason).toBe(reason);
    }
    expect(await attachmentsOf(context.draft.id)).toEqual([]);
  });

  it('takes a PAdES PDF and a .p7m from an unknown CA, the latter marked', async () => {
    const context = await t.app.services.submissions.begin(CITIZEN, 'scia-edilizia');
    const pades = await t.app.services.submissions.storeUpload(context, field, { stream: Readable.from([Buffer.from(await signPades(pki.signer, { chain: pki.chain }))]), fileName: 'relazione.pdf' }, 0);
    expect(pades).toMatchObject({ contentType: 'application/pdf', signature: { status: 'valid', signer: 'Mario Rossi', contentType: 'application/pdf' } });
    const stranger = await makeSigner(await makeCa('Unknown CA'), { givenName: 'Ugo', surname: 'Ignoto', fiscalCode: 'GNTUGO70A01H501X' });
    const p7m = await t.app.services.submissions.storeUpload(context, field, { stream: Readable.from([Buffer.from(await signCades(samplePdf(), stranger))]), fileName: 'relazione.pdf.p7m' }, 1);
    expect(p7m).toMatchObject({ contentType: 'application/pkcs7-mime', signature: { status: 'untrusted', signer: 'Ugo Ignoto' } });
  });

  it('says on the step page, in the person\'s language, that an unsigned file is refused', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const context = await t.app.services.submissions.begin(CITIZEN, 'cila');
    await t.app.services.submissions.acceptPrivacy(context);
    await t.app.services.submissions.completeStep(context, 'dati-generali', null);
    const post = async (name: string, bytes: Uint8Array, lang = '') => {
      const body = multipart({ _csrf: await citizen.csrfToken() }, [{ field: 'relazioneAsseverata', name, type: 'application/pdf', bytes: Buffer.from(bytes) }]);
      return citizen.inject({ method: 'POST', url: `/servizi/cila/domanda/passo/allegati${lang ? `?${lang.slice(1)}` : ''}`, headers: body.headers, payload: body.payload });
    };
    const refused = await post('relazione.pdf', samplePdf());
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Il file «relazione.pdf» non è firmato digitalmente');
    expect(await attachmentsOf(context.draft.id)).toEqual([]);
    const english = await post('relazione.pdf', samplePdf(), '&lang=en');
    expect(english.body).toContain('The file “relazione.pdf” is not digitally signed');
    // a signed one goes in (the step still asks for its other files) and says who signed it
    const signed = await post('relazione.pdf.p7m', await signCades(samplePdf(), pki.signer, { chain: pki.chain }), '&lang=it');
    expect(signed.body).toContain('relazione.pdf.p7m');
    expect(signed.body).toContain('firmato da Mario Rossi');
    expect(await attachmentsOf(context.draft.id)).toHaveLength(1);
  });
});

describe('a CILA filed with a .p7m', () => {
  it('shows the clerk the verified signer beside the attachment, hands back the .p7m as filed, and the applicant sees who signed', async () => {
    const filed = await fileProcedure(t.app, CITIZEN, 'cila');
    const row = await t.app.db
      .selectFrom('attachments')
      .innerJoin('attachment_signatures', 'attachment_signatures.attachment_id', 'attachments.id')
      .select(['attachments.id', 'attachments.content_type', 'attachment_signatures.status', 'attachment_signatures.signer_fiscal_code'])
      .where('attachments.submission_id', '=', filed.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ content_type: 'application/pkcs7-mime', status: 'valid', signer_fiscal_code: 'RSSMRA80A01H501U' });
    const clerk = await loginAs(t, TEST_PEOPLE.clerkEdilizia);
    const page = await clerk.get(`/backoffice/pratiche/${filed.publicId}?tab=domanda`);
    expect(page.statusCode).toBe(200);
    for (const text of ['documento.pdf.p7m', 'Firma valida', 'Firma CAdES (.p7m)', 'Mario Rossi', 'RSSMRA80A01H501U', 'Test Qualified CA', 'Data di firma dichiarata']) expect(page.body).toContain(text);
    const english = await clerk.get(`/backoffice/pratiche/${filed.publicId}?tab=domanda&lang=en`);
    expect(english.body).toContain('Valid signature');
    const download = await clerk.get(`/backoffice/pratiche/${filed.publicId}/allegati/${row.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/pkcs7-mime');
    expect(download.rawPayload[0]).toBe(0x30);
    // the applicant's page of the filing: the summary says who signed
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await citizen.get(`/area-personale/richieste/${filed.publicId}`)).body).toMatch(/documento\.pdf\.p7m \(\d KB\), firmato da Mario Rossi/);
  });
});

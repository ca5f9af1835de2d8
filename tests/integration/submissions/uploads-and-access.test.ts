// Attachments and access through the submissions service on a real database and a real local
// file store: refused uploads leave nothing behind; a person never reaches another person's
// draft, filing or attachment (not found, as if it did not exist); the receipt says what the
// law requires.
import { Readable } from 'node:stream';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../../src/forms/index.ts';
import { NotFoundError } from '../../../src/platform/errors.ts';
import { renderReceipt } from '../../../src/submissions/receipt.ts';
import { UploadRefusedError, safeFileName } from '../../../src/submissions/submissions.service.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { applicant, fillResidenceCertificate, RESIDENCE } from '../../helpers/applicants.ts';
import { pdfText } from '../../helpers/pdf-text.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const field: FieldDefinition = {
  name: 'documento',
  type: 'file',
  label: { it: 'Documento', en: 'Document' },
  required: true,
  accept: ['application/pdf'],
  maxSizeMb: 0.001,
  max: 2,
};

async function storedFiles(): Promise<number> {
  const root = t.app.config.submissions.filesDir;
  const dirs = await readdir(root).catch(() => []);
  let count = 0;
  for (const dir of dirs) count += (await readdir(`${root}/${dir}`)).length;
  return count;
}

async function attachmentRows(draftId: string) {
  return t.app.db.selectFrom('attachments').selectAll().where('draft_id', '=', draftId).execute();
}

describe('uploads', () => {
  it('stores a PDF with its SHA-256 and the type read from the bytes', async () => {
    const person = applicant(1);
    const context = await t.app.services.submissions.begin(person, RESIDENCE);
    const ref = await t.app.services.submissions.storeUpload(context, field, { stream: Readable.from([PDF]), fileName: 'domanda.pdf' }, 0);
    expect(ref).toMatchObject({ name: 'domanda.pdf', contentType: 'application/pdf', size: PDF.length });
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await attachmentRows(context.draft.id)).toHaveLength(1);
  });

  it.each([
    ['too large', Buffer.concat([PDF, Buffer.alloc(2000, 32)]), 'grande.pdf', 'tooLarge'],
    ['an image disguised as a PDF', PNG, 'finto.pdf', 'wrongType'],
    ['empty', Buffer.alloc(0), 'vuoto.pdf', 'empty'],
    ['text pretending to be a PDF', Buffer.from('just some text, not a pdf'), 'testo.pdf', 'wrongType'],
  ])('refuses a file that is %s and leaves nothing stored', async (_what, bytes, name, reason) => {
    const person = applicant(2);
    const context = await t.app.services.submissions.begin(person, RESIDENCE);
    const before = await storedFiles();
    const error = await t.app.services.submissions.storeUpload(context, field, { stream: Readable.from([bytes]), fileName: name }, 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadRefusedError);
    expect((error as UploadRefusedError).reason).toBe(reason);
    expect(await storedFiles()).toBe(before);
    expect(await attachmentRows(context.draft.id)).toHaveLength(0);
  });

  it('refuses more files than the field allows', async () => {
    const context = await t.app.services.submissions.begin(applicant(3), RESIDENCE);
    const error = await t.app.services.submissions.storeUpload(context, field, { stream: Readable.from([PDF]), fileName: 'terzo.pdf' }, 2).catch((e: unknown) => e);
    expect((error as UploadRefusedError).reason).toBe('tooMany');
  });

  it('never uses a file name as a path', async () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\windows\\system.ini')).toBe('system.ini');
    expect(safeFileName('a\u0000b"<c>.pdf')).toBe('abc.pdf');
    const context = await t.app.services.submissions.begin(applicant(4), RESIDENCE);
    const ref = await t.app.services.submissions.storeUpload(context, field, { stream: Readable.from([PDF]), fileName: '../../../tmp/evil.pdf' }, 0);
    expect(ref.name).toBe('evil.pdf');
    const [row] = await attachmentRows(context.draft.id);
    expect(row!.storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
  });
});

describe('access to drafts, filings and attachments', () => {
  it('gives each person their own draft, and B cannot delete A\'s', async () => {
    const a = applicant(10);
    const b = applicant(11);
    const draftA = await t.app.services.submissions.begin(a, RESIDENCE);
    const again = await t.app.services.submissions.begin(a, RESIDENCE);
    expect(again.draft.id).toBe(draftA.draft.id);
    const draftB = await t.app.services.submissions.begin(b, RESIDENCE);
    expect(draftB.draft.id).not.toBe(draftA.draft.id);
    await expect(t.app.services.submissions.deleteDraft(b, draftA.draft.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.app.services.submissions.loadDraft(a, RESIDENCE)).toBeDefined();
  });

  it('lets only the applicant read a filing and its receipt', async () => {
    const a = applicant(20);
    const b = applicant(21);
    const key = await fillResidenceCertificate(t.app, a);
    const filed = await t.app.services.submissions.submit(a, RESIDENCE, key, 'it');
    if (!filed.ok) throw new Error('not filed');
    const own = await t.app.services.submissions.ownSubmission(a, filed.publicId);
    expect(own.protocol?.number).toBeGreaterThan(0);
    await expect(t.app.services.submissions.ownSubmission(b, filed.publicId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.app.services.submissions.ownSubmission(applicant(20, { company: { name: 'ACME', fiscalCode: '97735020584' } }), filed.publicId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.app.services.submissions.ownAttachment(b, filed.publicId, '00000000-0000-0000-0000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('writes a receipt with the segnatura, the answers, the deadline and the office', async () => {
    const a = applicant(30);
    const key = await fillResidenceCertificate(t.app, a);
    const filed = await t.app.services.submissions.submit(a, RESIDENCE, key, 'it');
    if (!filed.ok) throw new Error('not filed');
    const { submission, protocol, attachments, office } = await t.app.services.submissions.ownSubmission(a, filed.publicId);
    const pdf = await renderReceipt({
      submission,
      protocol,
      procedureTitle: 'Certificato di residenza',
      procedureVersion: submission.procedure_version,
      officeName: office!.name_it,
      attachments,
      segnatura: t.app.config.protocol,
      comuneName: 'Comune di Esempio',
      locale: 'it',
    });
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    const number = String(protocol!.number).padStart(7, '0');
    expect(text).toContain(`Protocollo n.: ${number}/${protocol!.year}`);
    expect(text).toContain(`c_x000|AOO_01|REG_UFF|${number}|`);
    expect(text).toContain('Certificato di residenza');
    expect(text).toContain(a.fiscalCode);
    expect(text).toContain('Pensione (esente)');
    expect(text).toContain('Ufficio Anagrafe');
    expect(text).toMatch(/Termine per la conclusione del procedimento .*: \d{1,2} \w+ \d{4}/);
  });
});

describe('draft expiry', () => {
  it('purges expired drafts and their files, and keeps the others', async () => {
    const person = applicant(40);
    const context = await t.app.services.submissions.begin(person, RESIDENCE);
    await t.app.services.submissions.storeUpload(context, field, { stream: Readable.from([PDF]), fileName: 'vecchio.pdf' }, 0);
    const keep = await t.app.services.submissions.begin(applicant(41), RESIDENCE);
    await t.app.db.updateTable('drafts').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', context.draft.id).execute();
    const before = await storedFiles();
    expect(await t.app.services.submissions.purgeExpiredDrafts()).toBe(1);
    expect(await storedFiles()).toBe(before - 1);
    expect(await t.app.db.selectFrom('drafts').select('id').where('id', '=', context.draft.id).executeTakeFirst()).toBeUndefined();
    expect(await t.app.db.selectFrom('drafts').select('id').where('id', '=', keep.draft.id).executeTakeFirst()).toBeDefined();
    // an expired draft is not resumed: beginning again makes a new one
    expect(await t.app.services.submissions.loadDraft(person, RESIDENCE)).toBeUndefined();
  });
});

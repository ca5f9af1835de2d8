// The files of a case for the clerks of its office: the filing's attachments, the files added
// after filing (messages, the decision), and all of them as one ZIP. Every download is audited.
import type { Readable } from 'node:stream';
import { NotFoundError } from '../platform/errors.ts';
import { audit, staffCase, type BackofficeContext, type StaffActor } from './case-context.ts';
import { protocolLabel } from './case-notices.ts';
import { findFile, listFiles } from './case-records.repository.ts';
import { filingAttachments, filingOf } from '../submissions/submissions.service.ts';
import { Readable as NodeReadable } from 'node:stream';
import type { Locale } from '../platform/i18n.ts';
import { uniqueNames, zipStream, type ZipEntry } from './zip.ts';

/** The receipt PDF the applicant got for a filing (the submissions service renders it). */
export type FilingReceipt = (submissionId: number, locale: Locale) => Promise<{ filename: string; content: Uint8Array }>;

/** A document of the case ZIP beyond the stored files: its folder and name, and how to read it. */
export interface ExtraDocument {
  folder: string;
  name: string;
  at: Date;
  open(): Promise<Readable>;
}

export interface CaseDownload {
  name: string;
  contentType: string;
  stream: Readable;
}

export function createCaseFiles(ctx: BackofficeContext, options: { receipt?: FilingReceipt | undefined } = {}) {
  const { db, storage } = ctx;

  /**
   * The one place where documents that are not stored files join the case ZIP: the filing's
   * receipt (the application PDF). Generated documents (src/documents) are case files already:
   * they come with the decision's and the messages' files.
   */
  async function extraDocuments(c: { submission_id: number; received_at: Date }): Promise<ExtraDocument[]> {
    const extra: ExtraDocument[] = [];
    if (options.receipt) {
      const receipt = await options.receipt(c.submission_id, 'it');
      extra.push({ folder: 'domanda', name: receipt.filename, at: c.received_at, open: async () => NodeReadable.from([Buffer.from(receipt.content)]) });
    }
    return extra;
  }

  return {
    /** The receipt PDF of the filing, for a clerk of its office; audited. */
    async receipt(actor: StaffActor, publicId: string, locale: Locale): Promise<CaseDownload> {
      const c = await staffCase(ctx, actor, publicId);
      if (!options.receipt) throw new NotFoundError('receipt');
      const receipt = await options.receipt(c.submission_id, locale);
      await audit(ctx, actor, 'receipt.download', { submissionId: c.submission_id, officeCode: c.office_code }, { name: receipt.filename });
      return { name: receipt.filename, contentType: 'application/pdf', stream: NodeReadable.from([Buffer.from(receipt.content)]) };
    },

    /** A file of the filing (its attachments) for a clerk of its office; audited. */
    async attachment(actor: StaffActor, publicId: string, attachmentId: string): Promise<CaseDownload> {
      const c = await staffCase(ctx, actor, publicId);
      const file = (await filingAttachments(db, c.submission_id)).find((a) => a.id === attachmentId);
      if (!file) throw new NotFoundError('attachment');
      await audit(ctx, actor, 'attachment.download', { submissionId: c.submission_id, officeCode: c.office_code }, { attachmentId, name: file.original_name, sha256: file.sha256 });
      return { name: file.original_name, contentType: file.content_type, stream: await storage.get(file.storage_key) };
    },

    /** A file added after filing (messages, the decision) for a clerk of its office; audited. */
    async caseFile(actor: StaffActor, publicId: string, fileId: string): Promise<CaseDownload> {
      const c = await staffCase(ctx, actor, publicId);
      const file = await findFile(db, c.submission_id, fileId);
      if (!file) throw new NotFoundError('file');
      await audit(ctx, actor, 'file.download', { submissionId: c.submission_id, officeCode: c.office_code }, { fileId, name: file.original_name, sha256: file.sha256 });
      return { name: file.original_name, contentType: file.content_type, stream: await storage.get(file.storage_key) };
    },

    /** Every file of the filing as one ZIP, streamed; audited. */
    async zip(actor: StaffActor, publicId: string): Promise<{ name: string; stream: Readable }> {
      const c = await staffCase(ctx, actor, publicId);
      const [filing, attachments, files] = await Promise.all([filingOf(db, c.submission_id), filingAttachments(db, c.submission_id), listFiles(db, c.submission_id)]);
      const stored = (key: string) => () => storage.get(key);
      const all = [
        ...(await extraDocuments(c)),
        ...attachments.map((a) => ({ folder: 'domanda', name: a.original_name, open: stored(a.storage_key), at: a.created_at })),
        ...files.map((f) => ({ folder: f.purpose === 'decision' ? 'provvedimento' : 'messaggi', name: f.original_name, open: stored(f.storage_key), at: f.created_at })),
      ];
      const names = uniqueNames(all.map((f) => f.name));
      const entries: ZipEntry[] = all.map((f, i) => ({ name: `${f.folder}/${names[i]!}`, modified: new Date(f.at), open: f.open }));
      await audit(ctx, actor, 'case.zip', { submissionId: c.submission_id, officeCode: c.office_code }, { files: entries.length });
      const label = protocolLabel(filing)?.replace('/', '-') ?? filing.public_id.slice(0, 8);
      return { name: `pratica-${label}.zip`, stream: zipStream(entries) };
    },
  };
}

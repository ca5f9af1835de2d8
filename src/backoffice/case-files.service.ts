// The files of a case for the clerks of its office: the filing's attachments, the files added
// after filing (messages, the decision), and all of them as one ZIP. Every download is audited.
import type { Readable } from 'node:stream';
import { NotFoundError } from '../platform/errors.ts';
import { audit, staffCase, type BackofficeContext, type StaffActor } from './case-context.ts';
import { protocolLabel } from './case-notices.ts';
import { findFile, listFiles } from './case-records.repository.ts';
import { filingAttachments, filingOf } from '../submissions/submissions.service.ts';
import { uniqueNames, zipStream, type ZipEntry } from './zip.ts';

export interface CaseDownload {
  name: string;
  contentType: string;
  stream: Readable;
}

export function createCaseFiles(ctx: BackofficeContext) {
  const { db, storage } = ctx;
  return {
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
      const all = [
        ...attachments.map((a) => ({ name: `domanda/${a.original_name}`, key: a.storage_key, at: a.created_at })),
        ...files.map((f) => ({ name: `${f.purpose === 'decision' ? 'provvedimento' : 'messaggi'}/${f.original_name}`, key: f.storage_key, at: f.created_at })),
      ];
      const names = uniqueNames(all.map((f) => f.name.split('/')[1]!)).map((n, i) => `${all[i]!.name.split('/')[0]}/${n}`);
      const entries: ZipEntry[] = all.map((f, i) => ({ name: names[i]!, modified: new Date(f.at), open: () => storage.get(f.key) }));
      await audit(ctx, actor, 'case.zip', { submissionId: c.submission_id, officeCode: c.office_code }, { files: entries.length });
      const label = protocolLabel(filing)?.replace('/', '-') ?? filing.public_id.slice(0, 8);
      return { name: `pratica-${label}.zip`, stream: zipStream(entries) };
    },
  };
}

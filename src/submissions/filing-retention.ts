// What the retention job (src/privacy) asks of the filings, inside its transaction: the size of
// a filing's attachments, their removal (rows, signatures and stored files), and the removal of
// the filing's personal content. The row, its statistics columns and the protocol register stay.
import type { DB } from '../db/database.ts';
import { attachmentTotals, deleteSubmissionAttachments } from './attachments.repository.ts';
import { deleteCorrections } from './corrections.repository.ts';
import { anonymiseSubmission } from './submissions.repository.ts';
import type { FileStorage } from './storage.ts';

/** Count and bytes of each filing's attachments. */
export const filingAttachmentTotals = (db: DB, submissionIds: readonly number[]) => attachmentTotals(db, submissionIds);

/**
 * Deletes a filing's attachments: the rows in `trx`, then the stored files, before the caller
 * commits, so that a storage failure rolls the rows back and the next run tries again (deleting
 * a file already gone is not an error).
 */
export async function purgeFilingAttachments(trx: DB, storage: FileStorage, submissionId: number): Promise<{ files: number; bytes: number }> {
  const removed = await deleteSubmissionAttachments(trx, submissionId);
  for (const file of removed) await storage.delete(file.key);
  return { files: removed.length, bytes: removed.reduce((sum, f) => sum + f.bytes, 0) };
}

/** Removes the personal content of a filing (answers, applicant, parties, corrections), in `trx`. */
export async function anonymiseFiling(trx: DB, submissionId: number): Promise<void> {
  await deleteCorrections(trx, submissionId);
  await anonymiseSubmission(trx, submissionId);
}

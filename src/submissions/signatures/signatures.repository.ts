// All the SQL of the `attachment_signatures` table: the outcome of verifying an attachment's
// signature, written once when the file is uploaded and read by the pages that show it.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AttachmentSignatureRow } from './signatures.table.ts';

type Db = Kysely<Database>;

export async function insertSignature(db: Db, row: AttachmentSignatureRow): Promise<void> {
  await db.insertInto('attachment_signatures').values(row).execute();
}

/** The signatures of these attachments, by attachment id (unsigned ones have none). */
export async function signaturesOf(db: Db, attachmentIds: readonly string[]): Promise<Map<string, AttachmentSignatureRow>> {
  if (attachmentIds.length === 0) return new Map();
  const rows = await db.selectFrom('attachment_signatures').selectAll().where('attachment_id', 'in', [...attachmentIds]).execute();
  return new Map(rows.map((row) => [row.attachment_id, row]));
}

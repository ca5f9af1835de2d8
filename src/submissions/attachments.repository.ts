// All the SQL of the `attachments` table: a file belongs to a draft while the person fills it,
// then moves to the filing made from that draft.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AttachmentRow } from './submissions.table.ts';

type Db = Kysely<Database>;

export async function insertAttachment(
  db: Db,
  row: { id: string; ownerFiscalCode: string; draftId: string; fieldName: string; originalName: string; contentType: string; sizeBytes: number; sha256: string; storageKey: string; walletDocumentId?: string },
): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      id: row.id,
      owner_fiscal_code: row.ownerFiscalCode,
      draft_id: row.draftId,
      field_name: row.fieldName,
      original_name: row.originalName,
      content_type: row.contentType,
      size_bytes: row.sizeBytes,
      sha256: row.sha256,
      storage_key: row.storageKey,
      ...(row.walletDocumentId ? { wallet_document_id: row.walletDocumentId } : {}),
    })
    .execute();
}

export async function draftAttachments(db: Db, draftId: string): Promise<AttachmentRow[]> {
  return db.selectFrom('attachments').selectAll().where('draft_id', '=', draftId).where('submission_id', 'is', null).orderBy('created_at').execute();
}

export async function deleteDraftAttachment(db: Db, draftId: string, id: string): Promise<string | undefined> {
  const row = await db
    .deleteFrom('attachments')
    .where('id', '=', id)
    .where('draft_id', '=', draftId)
    .where('submission_id', 'is', null)
    .returning('storage_key')
    .executeTakeFirst();
  return row?.storage_key;
}

/** Files of a draft that no filing took; returns their storage keys. */
export async function deleteUnusedDraftAttachments(db: Db, draftId: string): Promise<string[]> {
  const rows = await db.deleteFrom('attachments').where('draft_id', '=', draftId).where('submission_id', 'is', null).returning('storage_key').execute();
  return rows.map((r) => r.storage_key);
}

/** Files of the drafts expired at `now` that no filing took; returns their storage keys. */
export async function deleteFilesOfExpiredDrafts(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .deleteFrom('attachments')
    .using('drafts')
    .whereRef('drafts.id', '=', 'attachments.draft_id')
    .where('drafts.expires_at', '<=', now)
    .where('attachments.submission_id', 'is', null)
    .returning('attachments.storage_key')
    .execute();
  return rows.map((r) => r.storage_key);
}

export async function submissionAttachments(db: Db, submissionId: number): Promise<AttachmentRow[]> {
  return db.selectFrom('attachments').selectAll().where('submission_id', '=', submissionId).orderBy('created_at').execute();
}

/**
 * Moves the files of each draft to its filing, and deletes those the answers no longer use;
 * returns their storage keys by draft.
 */
export async function moveDraftFiles(db: Db, moves: ReadonlyArray<{ draftId: string; submissionId: number; fileIds: readonly string[] }>): Promise<Map<string, string[]>> {
  const kept = moves.flatMap((m) => m.fileIds.map((fileId) => ({ draftId: m.draftId, fileId, submissionId: m.submissionId })));
  if (kept.length > 0) {
    await sql`
      update attachments a set submission_id = v.submission_id
      from (select unnest(${sql.val(kept.map((k) => k.draftId))}::uuid[]) as draft_id,
                   unnest(${sql.val(kept.map((k) => k.fileId))}::uuid[]) as id,
                   unnest(${sql.val(kept.map((k) => k.submissionId))}::bigint[]) as submission_id) v
      where a.id = v.id and a.draft_id = v.draft_id`.execute(db);
  }
  const unused = new Map<string, string[]>();
  const draftIds = moves.map((m) => m.draftId);
  if (draftIds.length === 0) return unused;
  const rows = await db.deleteFrom('attachments').where('draft_id', 'in', draftIds).where('submission_id', 'is', null).returning(['draft_id', 'storage_key']).execute();
  for (const row of rows) unused.set(row.draft_id!, [...(unused.get(row.draft_id!) ?? []), row.storage_key]);
  return unused;
}

/** The files of drafts handed over to another person follow them. */
export async function changeDraftFilesOwner(db: Db, draftIds: readonly string[], ownerFiscalCode: string): Promise<void> {
  if (draftIds.length > 0) await db.updateTable('attachments').set({ owner_fiscal_code: ownerFiscalCode }).where('draft_id', 'in', [...draftIds]).execute();
}

/** The count and bytes of the attachments of each filing (privacy's dry run). */
export async function attachmentTotals(db: Db, submissionIds: readonly number[]): Promise<Map<number, { files: number; bytes: number }>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('attachments')
    .select(['submission_id', (eb) => eb.fn.countAll<string>().as('files'), (eb) => eb.fn.sum<string>('size_bytes').as('bytes')])
    .where('submission_id', 'in', submissionIds)
    .groupBy('submission_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.submission_id), { files: Number(r.files), bytes: Number(r.bytes ?? 0) }]));
}

/** Deletes a filing's attachment rows (their signatures go with them); returns the storage keys and the bytes. */
export async function deleteSubmissionAttachments(db: Db, submissionId: number): Promise<Array<{ key: string; bytes: number }>> {
  const rows = await db.deleteFrom('attachments').where('submission_id', '=', submissionId).returning(['storage_key', 'size_bytes']).execute();
  return rows.map((r) => ({ key: r.storage_key, bytes: Number(r.size_bytes) }));
}

// What happens on a case besides its state: the integration requests and notices of refusal
// (`case_requests`), the messages between office and applicant, the clerks' notes, the files
// added after filing, and the decision.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PauseKind } from './legal-clock.ts';
import type { CaseDecisionRow, CaseFileRow, CaseMessageRow, CaseNoteRow, CaseRequestRow, Outcome } from './backoffice.table.ts';

type Db = Kysely<Database>;

// ---------------------------------------------------------------- requests (integration, 10-bis)

export async function insertRequest(
  trx: Db,
  r: { submissionId: number; kind: PauseKind; body: string; by: string; byName: string; at: Date; on: string; replyBy: string },
): Promise<number> {
  const row = await trx
    .insertInto('case_requests')
    .values({
      submission_id: r.submissionId,
      kind: r.kind,
      body: r.body,
      requested_by: r.by,
      requested_by_name: r.byName,
      requested_at: r.at,
      requested_on: r.on,
      reply_by: r.replyBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listRequests(db: Db, submissionId: number): Promise<CaseRequestRow[]> {
  return db.selectFrom('case_requests').selectAll().where('submission_id', '=', submissionId).orderBy('requested_at').execute();
}

export async function answerRequest(trx: Db, id: number, at: Date, on: string): Promise<void> {
  await trx.updateTable('case_requests').set({ answered_at: at, answered_on: on }).where('id', '=', id).where('answered_at', 'is', null).execute();
}

// ---------------------------------------------------------------- messages, notes, files

export async function insertMessage(
  trx: Db,
  m: { submissionId: number; authorKind: 'applicant' | 'office'; authorFiscalCode: string; authorName: string; officeCode: string | null; body: string; requestId: number | null; at: Date },
): Promise<number> {
  const row = await trx
    .insertInto('case_messages')
    .values({
      submission_id: m.submissionId,
      author_kind: m.authorKind,
      author_fiscal_code: m.authorFiscalCode,
      author_name: m.authorName,
      office_code: m.officeCode,
      body: m.body,
      request_id: m.requestId,
      created_at: m.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listMessages(db: Db, submissionId: number): Promise<CaseMessageRow[]> {
  return db.selectFrom('case_messages').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
}

export async function insertNote(trx: Db, n: { submissionId: number; authorFiscalCode: string; authorName: string; body: string; at: Date }): Promise<number> {
  const row = await trx
    .insertInto('case_notes')
    .values({ submission_id: n.submissionId, author_fiscal_code: n.authorFiscalCode, author_name: n.authorName, body: n.body, created_at: n.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listNotes(db: Db, submissionId: number): Promise<CaseNoteRow[]> {
  return db.selectFrom('case_notes').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
}

export interface NewCaseFile {
  submissionId: number;
  messageId: number | null;
  purpose: 'message' | 'decision';
  uploadedBy: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

export async function insertFile(trx: Db, f: NewCaseFile): Promise<string> {
  const row = await trx
    .insertInto('case_files')
    .values({
      submission_id: f.submissionId,
      message_id: f.messageId,
      purpose: f.purpose,
      uploaded_by: f.uploadedBy,
      original_name: f.originalName,
      content_type: f.contentType,
      size_bytes: f.sizeBytes,
      sha256: f.sha256,
      storage_key: f.storageKey,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listFiles(db: Db, submissionId: number): Promise<CaseFileRow[]> {
  return db.selectFrom('case_files').selectAll().where('submission_id', '=', submissionId).orderBy('created_at').execute();
}

export async function findFile(db: Db, submissionId: number, id: string): Promise<CaseFileRow | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return db.selectFrom('case_files').selectAll().where('submission_id', '=', submissionId).where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------- decisions

export async function insertDecision(
  trx: Db,
  d: { submissionId: number; outcome: Outcome; motivation: string; by: string | null; byName: string | null; at: Date; documentId: string | null },
): Promise<void> {
  await trx
    .insertInto('case_decisions')
    .values({
      submission_id: d.submissionId,
      outcome: d.outcome,
      motivation: d.motivation,
      decided_by: d.by,
      decided_by_name: d.byName,
      decided_at: d.at,
      document_id: d.documentId,
    })
    .execute();
}

/** The case's current decision: the latest one after its last reopening, if any. */
export async function findDecision(db: Db, submissionId: number): Promise<CaseDecisionRow | undefined> {
  return db
    .selectFrom('case_decisions as d')
    .innerJoin('cases as c', 'c.submission_id', 'd.submission_id')
    .selectAll('d')
    .where('d.submission_id', '=', submissionId)
    .where((eb) => eb.or([eb('c.reopened_at', 'is', null), eb('d.decided_at', '>=', eb.ref('c.reopened_at'))]))
    .orderBy('d.decided_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}


// ---------------------------------------------------------------- retention (src/privacy)

/** Files the applicant sent with their messages (the office's own documents and the decision stay). */
function applicantFiles(db: Db, submissionIds: readonly number[]) {
  return db
    .selectFrom('case_files')
    .where('submission_id', 'in', submissionIds)
    .where('purpose', '=', 'message')
    .where(sql<boolean>`message_id in (select id from case_messages where author_kind = 'applicant' and submission_id in (${sql.join([...submissionIds])}))`);
}

export async function applicantFileTotals(db: Db, submissionIds: readonly number[]): Promise<Map<number, { files: number; bytes: number }>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await applicantFiles(db, submissionIds)
    .select(['submission_id', (eb) => eb.fn.countAll<string>().as('files'), (eb) => eb.fn.sum<string>('size_bytes').as('bytes')])
    .groupBy('submission_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.submission_id), { files: Number(r.files), bytes: Number(r.bytes ?? 0) }]));
}

export async function deleteApplicantFiles(trx: Db, submissionId: number): Promise<Array<{ key: string; bytes: number }>> {
  const ids = (await applicantFiles(trx, [submissionId]).select('id').execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = await trx.deleteFrom('case_files').where('id', 'in', ids).returning(['storage_key', 'size_bytes']).execute();
  return rows.map((r) => ({ key: r.storage_key, bytes: Number(r.size_bytes) }));
}

/** The texts of a case's messages, notes and requests emptied, the applicant's name on their messages too. */
export async function emptyCaseTexts(trx: Db, submissionId: number): Promise<void> {
  await trx.updateTable('case_messages').set({ body: '' }).where('submission_id', '=', submissionId).execute();
  await trx.updateTable('case_messages').set({ author_fiscal_code: '', author_name: '' }).where('submission_id', '=', submissionId).where('author_kind', '=', 'applicant').execute();
  await trx.updateTable('case_notes').set({ body: '' }).where('submission_id', '=', submissionId).execute();
  await trx.updateTable('case_requests').set({ body: '' }).where('submission_id', '=', submissionId).execute();
}

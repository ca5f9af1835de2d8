// What the retention job and the legal holds (src/privacy) ask of the cases: the closed cases
// whose time is up, the size of the files the applicant sent, the removal of those files and
// of the texts of messages, notes and requests, the applicant's name off the case, and the
// events "legal hold placed / removed" in the case's hash-chained log. The log, the decision and
// the office's own documents stay.
import { NotFoundError } from '../platform/errors.ts';
import type { DB } from '../db/database.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { anonymiseCaseRow, appendEvent, closedCasesBefore, findCase, lockCase } from './case.repository.ts';
import { applicantFileTotals, deleteApplicantFiles, emptyCaseTexts } from './case-records.repository.ts';
import { caseIdFor, type BackofficeContext, type StaffActor, type Trx } from './case-context.ts';
import { maySeeCase } from './staff-access.ts';

/** Closed cases of a procedure closed before `closedBefore`, a page at a time (by id). */
export const closedCases = (db: DB, procedureId: number, closedBefore: Date, afterId: number, limit: number) => closedCasesBefore(db, procedureId, closedBefore, afterId, limit);

/** Count and bytes of the files each case's applicant sent with messages. */
export const caseFileTotals = (db: DB, submissionIds: readonly number[]) => applicantFileTotals(db, submissionIds);

/** The applicant's files of a case: rows in `trx`, then the stored files, before the caller commits. */
export async function purgeCaseFiles(trx: DB, storage: FileStorage, submissionId: number): Promise<{ files: number; bytes: number }> {
  const removed = await deleteApplicantFiles(trx, submissionId);
  for (const file of removed) await storage.delete(file.key);
  return { files: removed.length, bytes: removed.reduce((sum, f) => sum + f.bytes, 0) };
}

/** The texts exchanged on the case emptied (messages, notes, requests). */
export const emptyCaseMessages = (trx: DB, submissionId: number) => emptyCaseTexts(trx, submissionId);

/** The applicant's name and fiscal code off the case row. */
export const anonymiseCase = (trx: DB, submissionId: number) => anonymiseCaseRow(trx, submissionId);

/** The case of a public id as a staff member sees it: 404 when they may not (an administrator sees every case). */
export async function caseForHold(ctx: Pick<BackofficeContext, 'db'>, actor: StaffActor | 'admin', publicId: string): Promise<{ submissionId: number; officeCode: string }> {
  const id = await caseIdFor(ctx as BackofficeContext, publicId);
  const c = await findCase(ctx.db, id);
  if (!c || (actor !== 'admin' && !maySeeCase(actor, c))) throw new NotFoundError('case');
  return { submissionId: id, officeCode: c.office_code };
}

/** "Legal hold placed/removed" in the case's log, in the caller's transaction (the case locked). */
export async function logLegalHold(trx: Trx, submissionId: number, entry: { at: Date; fiscalCode: string; name: string; placed: boolean; reason: string }): Promise<void> {
  const c = await lockCase(trx, submissionId);
  if (!c) throw new NotFoundError('case');
  await appendEvent(trx, c, {
    at: entry.at,
    actorKind: 'clerk',
    actorFiscalCode: entry.fiscalCode,
    actorName: entry.name,
    kind: entry.placed ? 'legal_hold_placed' : 'legal_hold_removed',
    fromState: c.status,
    toState: c.status,
    reason: entry.reason,
    data: {},
  });
}

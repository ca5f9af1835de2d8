// The SQL of the office's corrections of filed answers: the one owner of answer_corrections.
import type { DB as Db } from '../db/database.ts';
import type { AnswerCorrectionRow } from './corrections.table.ts';

export interface NewCorrection {
  submissionId: number;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  reason: string;
  by: string;
  byName: string;
  at: Date;
}

export async function insertCorrections(db: Db, rows: readonly NewCorrection[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('answer_corrections')
    .values(
      rows.map((r) => ({
        submission_id: r.submissionId,
        field: r.field,
        old_value: JSON.stringify(r.oldValue ?? null),
        new_value: JSON.stringify(r.newValue ?? null),
        reason: r.reason,
        corrected_by: r.by,
        corrected_by_name: r.byName,
        corrected_at: r.at,
      })),
    )
    .execute();
}

/** A filing's corrections, oldest first. */
export async function listCorrections(db: Db, submissionId: number): Promise<AnswerCorrectionRow[]> {
  return db.selectFrom('answer_corrections').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
}

/** Removes the corrections of a filing (they hold answers): the retention of src/privacy. */
export async function deleteCorrections(db: Db, submissionId: number): Promise<void> {
  await db.deleteFrom('answer_corrections').where('submission_id', '=', submissionId).execute();
}

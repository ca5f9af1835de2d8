// The SQL of prefilled answers (table prefilled_answers, migrations/0032): recorded per draft
// once fetched, moved to the filing in the filing transaction, read by the clerk's case page.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { PrefillRegister } from '../forms/index.ts';
import type { PrefilledAnswerRow } from './prefill.table.ts';

export interface NewPrefilledAnswer {
  field: string;
  source: string;
  register: PrefillRegister;
  value: unknown;
  editable: boolean;
  fetchedAt: Date;
}

/** The prefilled answers of a draft still being filled in. */
export function draftPrefills(db: DB, draftId: string): Promise<PrefilledAnswerRow[]> {
  return db.selectFrom('prefilled_answers').selectAll().where('draft_ref', '=', draftId).where('submission_id', 'is', null).orderBy('id').execute();
}

/** Records values fetched for a draft; a field recorded already keeps its first value. */
export async function recordDraftPrefills(db: DB, draftId: string, rows: readonly NewPrefilledAnswer[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('prefilled_answers')
    .values(rows.map((r) => ({ draft_id: draftId, draft_ref: draftId, field: r.field, source: r.source, register: r.register, value: JSON.stringify(r.value), editable: r.editable, fetched_at: r.fetchedAt })))
    .onConflict((oc) => oc.columns(['draft_ref', 'field']).doNothing())
    .execute();
}

/**
 * In the filing transaction (the draft rows already gone): the drafts' rows become their
 * filings'; orphans of drafts abandoned go. One statement for a whole intake batch: on a click
 * day a statement per filing was most of the batch's round trips. The delete sees the rows as
 * before the update (one snapshot), so it leaves out the batch's own drafts by name.
 */
export async function moveToSubmissions(trx: Transaction<Database>, moves: ReadonlyArray<{ draftId: string; submissionId: number }>): Promise<void> {
  if (moves.length === 0) return;
  const draftIds = moves.map((m) => m.draftId);
  await sql`
    with moves as (select unnest(${sql.val(draftIds)}::uuid[]) as draft_ref, unnest(${sql.val(moves.map((m) => m.submissionId))}::bigint[]) as submission_id),
    moved as (
      update prefilled_answers p set submission_id = m.submission_id, draft_id = null
      from moves m where p.draft_ref = m.draft_ref and p.submission_id is null
      returning p.id
    )
    delete from prefilled_answers where draft_id is null and submission_id is null and draft_ref <> all(${sql.val(draftIds)}::uuid[])`.execute(trx);
}

export function submissionPrefills(db: DB, submissionId: number): Promise<PrefilledAnswerRow[]> {
  return db.selectFrom('prefilled_answers').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
}

/** The retention job (src/privacy): the values the registers gave for a filing go with its answers. */
export async function deleteSubmissionPrefills(db: DB, submissionId: number): Promise<void> {
  await db.deleteFrom('prefilled_answers').where('submission_id', '=', submissionId).execute();
}

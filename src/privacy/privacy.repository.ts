// All the SQL of the privacy tables: the retention job's switch, what it has purged of each
// filing (stage by stage), and the legal holds. Functions take a Kysely instance or a
// transaction first; the service decides which.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LegalHoldRow, RetentionSettingsRow, RetentionStage } from './privacy.table.ts';

type Db = Kysely<Database>;

const OFF: RetentionSettingsRow = { id: 1, enabled: false, dry_run_seen_by: null, dry_run_seen_at: null, changed_by: null, changed_at: null };

export async function readSettings(db: Db): Promise<RetentionSettingsRow> {
  return (await db.selectFrom('retention_settings').selectAll().where('id', '=', 1).executeTakeFirst()) ?? OFF;
}

export async function recordDryRunSeen(db: Db, by: string, at: Date): Promise<void> {
  await db
    .insertInto('retention_settings')
    .values({ id: 1, enabled: false, dry_run_seen_by: by, dry_run_seen_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ dry_run_seen_by: by, dry_run_seen_at: at }))
    .execute();
}

export async function setEnabled(db: Db, enabled: boolean, by: string, at: Date): Promise<void> {
  await db
    .insertInto('retention_settings')
    .values({ id: 1, enabled, changed_by: by, changed_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ enabled, changed_by: by, changed_at: at }))
    .execute();
}

/** Of these filings, those whose stage is already done. */
export async function stagesDone(db: Db, submissionIds: readonly number[], stage: RetentionStage): Promise<Set<number>> {
  if (submissionIds.length === 0) return new Set();
  const rows = await db.selectFrom('retention_purges').select('submission_id').where('submission_id', 'in', submissionIds).where('stage', '=', stage).execute();
  return new Set(rows.map((r) => Number(r.submission_id)));
}

/** Marks the stage done; false when it already was (a second run racing this one). */
export async function markStageDone(db: Db, entry: { submissionId: number; stage: RetentionStage; at: Date; attachments: number; bytes: number }): Promise<boolean> {
  const rows = await db
    .insertInto('retention_purges')
    .values({ submission_id: entry.submissionId, stage: entry.stage, purged_at: entry.at, attachments: entry.attachments, bytes: entry.bytes })
    .onConflict((oc) => oc.columns(['submission_id', 'stage']).doNothing())
    .returning('submission_id')
    .execute();
  return rows.length === 1;
}

export async function purgeTotals(db: Db): Promise<Array<{ stage: RetentionStage; filings: number; attachments: number; bytes: number }>> {
  const rows = await db
    .selectFrom('retention_purges')
    .select(['stage', (eb) => eb.fn.countAll<string>().as('filings'), (eb) => eb.fn.sum<string>('attachments').as('attachments'), (eb) => eb.fn.sum<string>('bytes').as('bytes')])
    .groupBy('stage')
    .execute();
  return rows.map((r) => ({ stage: r.stage, filings: Number(r.filings), attachments: Number(r.attachments ?? 0), bytes: Number(r.bytes ?? 0) }));
}

// ---------------------------------------------------------------- legal holds

export async function heldAmong(db: Db, submissionIds: readonly number[]): Promise<Set<number>> {
  if (submissionIds.length === 0) return new Set();
  const rows = await db.selectFrom('legal_holds').select('submission_id').where('submission_id', 'in', submissionIds).execute();
  return new Set(rows.map((r) => Number(r.submission_id)));
}

export async function findHold(db: Db, submissionId: number): Promise<LegalHoldRow | undefined> {
  return db.selectFrom('legal_holds').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
}

export async function listHolds(db: Db): Promise<LegalHoldRow[]> {
  return db.selectFrom('legal_holds').selectAll().orderBy('placed_at', 'desc').execute();
}

/** false when the case was already held. */
export async function insertHold(db: Db, hold: LegalHoldRow): Promise<boolean> {
  const rows = await db.insertInto('legal_holds').values(hold).onConflict((oc) => oc.column('submission_id').doNothing()).returning('submission_id').execute();
  return rows.length === 1;
}

export async function deleteHold(db: Db, submissionId: number): Promise<LegalHoldRow | undefined> {
  return db.deleteFrom('legal_holds').where('submission_id', '=', submissionId).returningAll().executeTakeFirst();
}

// All the SQL of the administration, the one writer of its two tables: the builder's drafts
// (one per procedure) and the audit of changes. Procedures, their versions and offices are the
// catalogue's; staff the identity's; filings the submissions': the services ask those domains.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AdminAuditRow, AuditSubject, ProcedureDraftRow } from './admin.table.ts';
import type { DraftDefinition } from './draft.ts';

type Db = Kysely<Database>;

// ---------------------------------------------------------------- drafts

export async function findDraft(db: Db, procedureId: number): Promise<ProcedureDraftRow | undefined> {
  return db.selectFrom('procedure_drafts').selectAll().where('procedure_id', '=', procedureId).executeTakeFirst();
}

/** When each procedure's draft was last changed (procedures without one are absent). */
export async function draftTimes(db: Db): Promise<Map<number, Date>> {
  const rows = await db.selectFrom('procedure_drafts').select(['procedure_id', 'updated_at']).execute();
  return new Map(rows.map((r) => [r.procedure_id, r.updated_at]));
}

export async function saveDraft(db: Db, procedureId: number, definition: DraftDefinition, basedOn: number | null, actor: string, now: Date): Promise<void> {
  const json = JSON.stringify(definition);
  await db
    .insertInto('procedure_drafts')
    .values({ procedure_id: procedureId, definition: json, based_on_version: basedOn, created_by: actor, updated_by: actor })
    .onConflict((oc) => oc.column('procedure_id').doUpdateSet({ definition: json, updated_by: actor, updated_at: now }))
    .execute();
}

export async function deleteDraft(db: Db, procedureId: number): Promise<void> {
  await db.deleteFrom('procedure_drafts').where('procedure_id', '=', procedureId).execute();
}

// ---------------------------------------------------------------- audit

export async function insertAudit(
  db: Db,
  entry: { actor: string; action: string; subjectType: AuditSubject; subjectId: string; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('admin_audit')
    .values({ actor_fiscal_code: entry.actor, action: entry.action, subject_type: entry.subjectType, subject_id: entry.subjectId, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}

export async function listAudit(db: Db, filter: { subjectType?: AuditSubject | undefined; subjectId?: string | undefined; limit: number; offset: number }): Promise<AdminAuditRow[]> {
  let query = db.selectFrom('admin_audit').selectAll();
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

// All the SQL of the administration, the one writer of its two tables: the builder's drafts
// (one per procedure) and the audit of changes. Procedures, their versions and offices are the
// catalogue's; staff the identity's; filings the submissions': the services ask those domains.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { appendToChain, chainHash, type LinkRow } from '../platform/hash-chain.ts';
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

/** What an audit entry's hash covers. */
export function adminAuditContent(a: Pick<AdminAuditRow, 'id' | 'at' | 'actor_fiscal_code' | 'action' | 'subject_type' | 'subject_id' | 'details'>) {
  return {
    id: Number(a.id),
    at: new Date(a.at).toISOString(),
    actor: a.actor_fiscal_code,
    action: a.action,
    subjectType: a.subject_type,
    subjectId: a.subject_id,
    details: a.details,
  };
}

/** Appends to the administration's hash chain (platform/hash-chain.ts), in the caller's transaction. */
export async function insertAudit(
  db: Db,
  entry: { actor: string; action: string; subjectType: AuditSubject; subjectId: string; details?: Record<string, unknown> },
): Promise<void> {
  await appendToChain(db, 'admin_audit', async (trx, prev) => {
    // the id and the time are taken under the head's lock: id order is chain order; now() is
    // the transaction's time, as the column's default would have it
    const taken = await sql<{ id: string; at: Date }>`select nextval(pg_get_serial_sequence('admin_audit', 'id'))::text as id, now() as at`.execute(trx);
    const id = Number(taken.rows[0]!.id);
    const at = new Date(taken.rows[0]!.at);
    const details = JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>;
    const hash = chainHash(prev, adminAuditContent({ id, at, actor_fiscal_code: entry.actor, action: entry.action, subject_type: entry.subjectType, subject_id: entry.subjectId, details }));
    await sql`insert into admin_audit (id, at, actor_fiscal_code, action, subject_type, subject_id, details, prev_hash, hash)
      overriding system value
      values (${id}, ${at}, ${entry.actor}, ${entry.action}, ${entry.subjectType}, ${entry.subjectId}, ${JSON.stringify(details)}::jsonb, ${prev}, ${hash})`.execute(trx);
    return { hash, value: undefined };
  });
}

/** The chain's entries after `afterId`, in chain order, as the verify command reads them. */
export async function auditLinksAfter(db: Db, afterId: number, limit: number): Promise<LinkRow[]> {
  const rows = await db.selectFrom('admin_audit').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((a) => ({ id: Number(a.id), prevHash: a.prev_hash, hash: a.hash, content: adminAuditContent(a) }));
}

export async function listAudit(db: Db, filter: { subjectType?: AuditSubject | undefined; subjectId?: string | undefined; limit: number; offset: number }): Promise<AdminAuditRow[]> {
  let query = db.selectFrom('admin_audit').selectAll();
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

// The staff audit log (`audit_log`): one hash chain of who read or exported what, appended
// through the chain's head (src/platform/hash-chain.ts) so that it stays one sequence.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendToChain, chainHash, type LinkRow } from '../platform/hash-chain.ts';
import type { AuditLogRow } from './backoffice.table.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export interface NewAudit {
  at: Date;
  actorFiscalCode: string;
  action: string;
  submissionId: number | null;
  officeCode: string | null;
  detail: Record<string, unknown>;
}

export function auditContent(a: Pick<AuditLogRow, 'id' | 'at' | 'actor_fiscal_code' | 'action' | 'submission_id' | 'office_code' | 'detail'>) {
  return {
    id: Number(a.id),
    at: new Date(a.at).toISOString(),
    actor: a.actor_fiscal_code,
    action: a.action,
    submissionId: a.submission_id === null ? null : Number(a.submission_id),
    office: a.office_code,
    detail: a.detail,
  };
}

export async function appendAudit(trx: Trx, entry: NewAudit): Promise<void> {
  await appendToChain(trx, 'audit_log', async (db, prev) => {
    // the id is taken under the head's lock, so id order is chain order
    const id = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('audit_log', 'id'))::bigint as id`.execute(db);
    const nextId = Number(id.rows[0]!.id);
    const detail = JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown>;
    const row = {
      id: nextId,
      at: entry.at,
      actor_fiscal_code: entry.actorFiscalCode,
      action: entry.action,
      submission_id: entry.submissionId,
      office_code: entry.officeCode,
      detail,
    };
    const hash = chainHash(prev, auditContent(row));
    await sql`insert into audit_log (id, at, actor_fiscal_code, action, submission_id, office_code, detail, prev_hash, hash)
      overriding system value
      values (${nextId}, ${entry.at}, ${entry.actorFiscalCode}, ${entry.action}, ${entry.submissionId}, ${entry.officeCode}, ${JSON.stringify(detail)}::jsonb, ${prev}, ${hash})`.execute(db);
    return { hash, value: undefined };
  });
}

/** The chain's entries after `afterId`, in chain order, as the verify command reads them. */
export async function auditLinksAfter(db: Db, afterId: number, limit: number): Promise<LinkRow[]> {
  const rows = await auditAfter(db, afterId, limit);
  return rows.map((a) => ({ id: Number(a.id), prevHash: a.prev_hash, hash: a.hash, content: auditContent(a) }));
}

export async function auditAfter(db: Db, afterId: number, limit: number): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function auditOfSubmission(db: Db, submissionId: number, limit = 200): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().where('submission_id', '=', submissionId).orderBy('id', 'desc').limit(limit).execute();
}

/** The staff reads and exports of these filings, oldest first (a person's data export, src/personal-data). */
export async function auditOfSubmissions(db: Db, submissionIds: readonly number[]): Promise<AuditLogRow[]> {
  if (submissionIds.length === 0) return [];
  return db.selectFrom('audit_log').selectAll().where('submission_id', 'in', submissionIds).orderBy('id').execute();
}

/** The exports of these procedures' answers (rankings too), oldest first: their rows are not linked to one filing. */
export async function exportsOfProcedures(db: Db, procedureIds: readonly number[]): Promise<AuditLogRow[]> {
  if (procedureIds.length === 0) return [];
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', 'in', ['answers.export', 'ranking.export'])
    .where(sql<number>`(detail->>'procedureId')::int`, 'in', procedureIds)
    .orderBy('id')
    .execute();
}

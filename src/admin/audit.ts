// The audit of the administration: every change to a procedure, an office or a staff member is
// recorded in the transaction that makes it (who, what, on what, with the details), and read
// back newest first with the name of whoever made it. The entries are one hash chain, with its
// head recorded in the same transaction (platform/hash-chain.ts), checked by npm run audit:verify.
import type { DB } from '../db/database.ts';
import { staffIds, staffNames } from '../identity/staff.service.ts';
import * as repo from './admin.repository.ts';
import type { AdminAuditRow, AuditSubject } from './admin.table.ts';

export interface AuditListRow extends AdminAuditRow {
  actor_name: string | null;
  /** the internal id of the staff member a 'staff' entry is about (their page's address) */
  subject_staff_id: number | null;
}

export function recordChange(trx: DB, actor: string, action: string, subjectType: AuditSubject, subjectId: string | number, details?: Record<string, unknown>): Promise<void> {
  return repo.insertAudit(trx, { actor, action, subjectType, subjectId: String(subjectId), details });
}

/** The administration's hash chain as the verify command reads it (backoffice/audit-verify.ts). */
export function adminAuditLinksAfter(db: DB, afterId: number, limit: number) {
  return repo.auditLinksAfter(db, afterId, limit);
}

/** The properties that differ, each as [before, after]: the details of an "update" entry. */
export function changes<T extends object>(before: T, after: T): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[String(key)] = [a ?? null, b ?? null];
  }
  return out;
}

/** One page of the audit, newest first; `more` when there is a next page. */
export async function auditLog(db: DB, filter: { subjectType?: AuditSubject | undefined; subjectId?: string | undefined }, page: number, pageSize = 50) {
  const rows = await repo.listAudit(db, { ...filter, limit: pageSize + 1, offset: (page - 1) * pageSize });
  const shown = rows.slice(0, pageSize);
  const [names, ids] = await Promise.all([
    staffNames(db, shown.map((r) => r.actor_fiscal_code)),
    staffIds(db, shown.filter((r) => r.subject_type === 'staff').map((r) => r.subject_id)),
  ]);
  return {
    rows: shown.map((row): AuditListRow => ({
      ...row,
      actor_name: names.get(row.actor_fiscal_code) ?? null,
      subject_staff_id: row.subject_type === 'staff' ? (ids.get(row.subject_id) ?? null) : null,
    })),
    more: rows.length > pageSize,
  };
}

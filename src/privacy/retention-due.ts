// What the retention job finds due and what it weighs: the policy in force per procedure, the
// closed filings past their time stage by stage (held cases set apart), the files and bytes
// purging them removes, and the purge of one filing in its own transaction, which also marks
// its stages done (a second run finds nothing left to do for it).
import { caseRetention } from '../backoffice/backoffice.service.ts';
import { publishedDefinitions } from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import { deleteFilingNotifications } from '../notifications/notifications.service.ts';
import { deleteSubmissionPrefills } from '../prefill/prefill.service.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { anonymiseFiling, filingAttachmentTotals, purgeFilingAttachments } from '../submissions/submissions.service.ts';
import * as repo from './privacy.repository.ts';
import type { RetentionStage } from './privacy.table.ts';
import { closedBefore, resolvePolicy, STAGES, type RetentionPolicy } from './retention-policy.ts';

const PAGE = 500;

export interface ProcedurePolicy {
  id: number;
  slug: string;
  title: { it: string; en: string };
  area: string;
  policy: RetentionPolicy;
}

/** A filing whose time is up for some stages. */
export interface DueFiling {
  submissionId: number;
  procedureId: number;
  stages: RetentionStage[];
}

export interface ProcedureCounts {
  procedureId: number;
  filings: number;
  /** filings whose personal content goes now (the last stage) */
  anonymised: number;
  attachments: number;
  bytes: number;
  /** closed filings past their time but kept by a legal hold */
  held: number;
}

export function emptyCounts(procedureId: number): ProcedureCounts {
  return { procedureId, filings: 0, anonymised: 0, attachments: 0, bytes: 0, held: 0 };
}

/** The policy in force for every procedure with a published version. */
export async function retentionPolicies(db: DB): Promise<ProcedurePolicy[]> {
  const rows = await publishedDefinitions(db);
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.definition.title, area: r.definition.area, policy: resolvePolicy(r.definition) }));
}

/** The filings due now, procedure by procedure, and the held ones left out (by procedure). */
export async function dueFilings(db: DB, now: Date): Promise<{ due: DueFiling[]; held: Map<number, Set<number>> }> {
  const byFiling = new Map<number, DueFiling>();
  const held = new Map<number, Set<number>>();
  for (const procedure of await retentionPolicies(db)) {
    for (const { stage, years } of STAGES) {
      const cutoff = closedBefore(now, years(procedure.policy));
      let after = 0;
      for (;;) {
        const page = await caseRetention.closedCases(db, procedure.id, cutoff, after, PAGE);
        if (page.length === 0) break;
        after = page[page.length - 1]!.submissionId;
        const ids = page.map((c) => c.submissionId);
        const [done, holds] = await Promise.all([repo.stagesDone(db, ids, stage), repo.heldAmong(db, ids)]);
        for (const id of ids) {
          if (done.has(id)) continue;
          if (holds.has(id)) {
            held.set(procedure.id, (held.get(procedure.id) ?? new Set()).add(id));
            continue;
          }
          const entry = byFiling.get(id) ?? { submissionId: id, procedureId: procedure.id, stages: [] };
          entry.stages.push(stage);
          byFiling.set(id, entry);
        }
        if (page.length < PAGE) break;
      }
    }
  }
  const due = [...byFiling.values()].sort((a, b) => a.submissionId - b.submissionId);
  return { due, held };
}

/** Counts per procedure of what purging `due` removes. */
export async function countsOf(db: DB, due: readonly DueFiling[], held: Map<number, Set<number>>): Promise<ProcedureCounts[]> {
  const withFiles = due.filter((f) => f.stages.includes('attachments')).map((f) => f.submissionId);
  const [filings, caseFiles] = await Promise.all([filingAttachmentTotals(db, withFiles), caseRetention.caseFileTotals(db, withFiles)]);
  const counts = new Map<number, ProcedureCounts>();
  for (const f of due) {
    const c = counts.get(f.procedureId) ?? emptyCounts(f.procedureId);
    c.filings += 1;
    if (f.stages.includes('filing')) c.anonymised += 1;
    for (const totals of [filings.get(f.submissionId), caseFiles.get(f.submissionId)]) {
      c.attachments += totals?.files ?? 0;
      c.bytes += totals?.bytes ?? 0;
    }
    counts.set(f.procedureId, c);
  }
  for (const [procedureId, ids] of held) {
    const c = counts.get(procedureId) ?? emptyCounts(procedureId);
    c.held = ids.size;
    counts.set(procedureId, c);
  }
  return [...counts.values()].sort((a, b) => a.procedureId - b.procedureId);
}

/** One filing's due stages, in one transaction; null when a legal hold came in between. */
export async function purgeOne(db: DB, storage: FileStorage, filing: DueFiling, now: Date): Promise<{ files: number; bytes: number } | null> {
  return db.transaction().execute(async (trx) => {
    if ((await repo.heldAmong(trx, [filing.submissionId])).size > 0) return null;
    const total = { files: 0, bytes: 0 };
    for (const stage of filing.stages) {
      let removed = { files: 0, bytes: 0 };
      if (stage === 'attachments') {
        const own = await purgeFilingAttachments(trx, storage, filing.submissionId);
        const sent = await caseRetention.purgeCaseFiles(trx, storage, filing.submissionId);
        removed = { files: own.files + sent.files, bytes: own.bytes + sent.bytes };
      } else if (stage === 'messages') {
        await caseRetention.emptyCaseMessages(trx, filing.submissionId);
        await deleteFilingNotifications(trx, filing.submissionId);
      } else {
        await anonymiseFiling(trx, filing.submissionId);
        await deleteSubmissionPrefills(trx, filing.submissionId);
        await caseRetention.anonymiseCase(trx, filing.submissionId);
      }
      await repo.markStageDone(trx, { submissionId: filing.submissionId, stage, at: now, attachments: removed.files, bytes: removed.bytes });
      total.files += removed.files;
      total.bytes += removed.bytes;
    }
    return total;
  });
}

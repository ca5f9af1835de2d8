// The retention job and its dry run: which closed filings have outlived their procedure's policy
// (src/privacy/retention-policy.ts), stage by stage (attachments, messages, the filing itself),
// and their purge. Each filing is purged in its own transaction that also marks its stages done,
// so a run that stops half-way leaves every filing either done or untouched and the next run
// takes up the rest. The job does nothing until an administrator has seen the dry run and turned
// it on. Every other domain's rows are changed by that domain's service; the protocol register,
// the case log and the audit chains are never touched.
import { recordChange } from '../admin/audit.ts';
import { caseRetention } from '../backoffice/backoffice.service.ts';
import { publishedDefinitions } from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import { deleteFilingNotifications } from '../notifications/notifications.service.ts';
import type { Clock } from '../platform/time.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { anonymiseFiling, filingAttachmentTotals, purgeFilingAttachments } from '../submissions/submissions.service.ts';
import { PrivacyRefusal } from './privacy-refusal.ts';
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
interface DueFiling {
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

export interface RunResult {
  ran: boolean;
  filings: number;
  attachments: number;
  bytes: number;
  /** filings left for the next run (the batch was full) */
  more: boolean;
  perProcedure: ProcedureCounts[];
}

function emptyCounts(procedureId: number): ProcedureCounts {
  return { procedureId, filings: 0, anonymised: 0, attachments: 0, bytes: 0, held: 0 };
}

export function createRetentionService(db: DB, deps: { clock: Clock; storage: FileStorage; batch: number }) {
  const { clock, storage } = deps;

  async function policies(): Promise<ProcedurePolicy[]> {
    const rows = await publishedDefinitions(db);
    return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.definition.title, area: r.definition.area, policy: resolvePolicy(r.definition) }));
  }

  /** The filings due now, procedure by procedure, and the held ones left out (by procedure). */
  async function dueFilings(now: Date): Promise<{ due: DueFiling[]; held: Map<number, Set<number>> }> {
    const byFiling = new Map<number, DueFiling>();
    const held = new Map<number, Set<number>>();
    for (const procedure of await policies()) {
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
  async function countsOf(due: readonly DueFiling[], held: Map<number, Set<number>>): Promise<ProcedureCounts[]> {
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
  async function purgeOne(filing: DueFiling, now: Date): Promise<{ files: number; bytes: number } | null> {
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
          await caseRetention.anonymiseCase(trx, filing.submissionId);
        }
        await repo.markStageDone(trx, { submissionId: filing.submissionId, stage, at: now, attachments: removed.files, bytes: removed.bytes });
        total.files += removed.files;
        total.bytes += removed.bytes;
      }
      return total;
    });
  }

  return {
    policies,

    settings: () => repo.readSettings(db),

    /** What the job would do now, per procedure; recorded as seen by `seenBy` (an administrator). */
    async dryRun(seenBy?: string) {
      const now = clock();
      const { due, held } = await dueFilings(now);
      const perProcedure = await countsOf(due, held);
      if (seenBy) await repo.recordDryRunSeen(db, seenBy, now);
      return { at: now, perProcedure, holds: await repo.listHolds(db), done: await repo.purgeTotals(db) };
    },

    /** Turns the job on or off; on only after the dry run was seen. In the administrators' audit. */
    async setEnabled(actor: string, enabled: boolean): Promise<void> {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const settings = await repo.readSettings(trx);
        if (enabled && !settings.dry_run_seen_at) throw new PrivacyRefusal('enable', 'privacy.retention.error.notSeen');
        await repo.setEnabled(trx, enabled, actor, now);
        await recordChange(trx, actor, enabled ? 'retention.enable' : 'retention.disable', 'retention', 'job', { seenAt: settings.dry_run_seen_at?.toISOString() ?? null });
      });
    },

    /**
     * The job: at most `limit` filings due now, each in its own transaction. Refuses (ran:
     * false) until an administrator turned it on. Logs counts only.
     */
    async run(limit = deps.batch): Promise<RunResult> {
      const empty: RunResult = { ran: false, filings: 0, attachments: 0, bytes: 0, more: false, perProcedure: [] };
      if (!(await repo.readSettings(db)).enabled) return empty;
      const now = clock();
      const { due } = await dueFilings(now);
      const batch = due.slice(0, limit);
      const result: RunResult = { ...empty, ran: true, more: due.length > batch.length };
      const counts = new Map<number, ProcedureCounts>();
      for (const filing of batch) {
        const removed = await purgeOne(filing, now);
        if (!removed) continue;
        const c = counts.get(filing.procedureId) ?? emptyCounts(filing.procedureId);
        c.filings += 1;
        if (filing.stages.includes('filing')) c.anonymised += 1;
        c.attachments += removed.files;
        c.bytes += removed.bytes;
        counts.set(filing.procedureId, c);
        result.filings += 1;
        result.attachments += removed.files;
        result.bytes += removed.bytes;
      }
      result.perProcedure = [...counts.values()].sort((a, b) => a.procedureId - b.procedureId);
      return result;
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;

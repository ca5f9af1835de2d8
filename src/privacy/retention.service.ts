// The retention job and its dry run: which closed filings have outlived their procedure's policy
// (src/privacy/retention-policy.ts), stage by stage (attachments, messages, the filing itself),
// and their purge. Each filing is purged in its own transaction that also marks its stages done,
// so a run that stops half-way leaves every filing either done or untouched and the next run
// takes up the rest. The job does nothing until an administrator has seen the dry run and turned
// it on. Every other domain's rows are changed by that domain's service; the protocol register,
// the case log and the audit chains are never touched.
import { recordChange } from '../admin/audit.ts';
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { countsOf, dueFilings, emptyCounts, purgeOne, retentionPolicies, type ProcedureCounts } from './retention-due.ts';
import { PrivacyRefusal } from './privacy-refusal.ts';
import * as repo from './privacy.repository.ts';

export type { ProcedureCounts, ProcedurePolicy } from './retention-due.ts';

export interface RunResult {
  ran: boolean;
  filings: number;
  attachments: number;
  bytes: number;
  /** filings left for the next run (the batch was full) */
  more: boolean;
  /** filings whose purge failed (a storage error): rolled back whole, tried again next run */
  failed: number;
  perProcedure: ProcedureCounts[];
}

export function createRetentionService(db: DB, deps: { clock: Clock; storage: FileStorage; batch: number }) {
  const { clock, storage } = deps;

  return {
    policies: () => retentionPolicies(db),

    settings: () => repo.readSettings(db),

    /** What the job would do now, per procedure; recorded as seen by `seenBy` (an administrator). */
    async dryRun(seenBy?: string) {
      const now = clock();
      const { due, held } = await dueFilings(db, now);
      const perProcedure = await countsOf(db, due, held);
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
     * false) until an administrator turned it on. The job (src/jobs.ts) logs the counts only.
     */
    async run(limit = deps.batch): Promise<RunResult> {
      const empty: RunResult = { ran: false, filings: 0, attachments: 0, bytes: 0, more: false, failed: 0, perProcedure: [] };
      if (!(await repo.readSettings(db)).enabled) return empty;
      const now = clock();
      const { due } = await dueFilings(db, now);
      const batch = due.slice(0, limit);
      const result: RunResult = { ...empty, ran: true, more: due.length > batch.length };
      const counts = new Map<number, ProcedureCounts>();
      for (const filing of batch) {
        // one filing's failure rolls back that filing only; the others go on
        const removed = await purgeOne(db, storage, filing, now).catch(() => {
          result.failed += 1;
          return null;
        });
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

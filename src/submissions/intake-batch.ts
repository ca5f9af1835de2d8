// Group commit of filings. On a click day thousands of "Invia" arrive together; each filing in
// its own transaction costs a dozen round trips to PostgreSQL, and the round trips, not the
// work, are what the portal spends its time on (docs/scale.md). Here the filings that arrive
// while a batch is being written wait for the next one, and a batch is stored in one
// transaction with a few statements whatever its size: the window and cap of each procedure,
// one insert of all the filings (each with its own receipt time, in arrival order), their
// files, their drafts, and the other domains' hooks (the office queue, the fees), which also
// take the whole batch. At low load a batch holds one filing and nothing waits.
//
// A batch holds the intake barrier exclusively (protocol.ts) and numbers its filings before it
// commits, so a filing is acknowledged with its protocol number and "received" message
// already written. If a batch fails, its filings are tried again one by one, so that one bad
// filing fails alone.
import { IntakeClosedError, intakeRoomInTransaction } from './intake.ts';
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import * as attachmentsRepo from './attachments.repository.ts';
import * as draftsRepo from './drafts.repository.ts';
import type { FiledSubmission, FilingHooks } from './filing.service.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { takeIntakeBarrier } from './protocol.repository.ts';
import * as repo from './submissions.repository.ts';

/** A filing ready to store: validated, routed, with the snapshot of what the person confirmed. */
export interface PreparedFiling {
  row: repo.NewSubmission;
  draftId: string;
  fileIds: string[];
  /** what the hooks receive, without what the database assigns when storing */
  filed: Omit<FiledSubmission, 'id' | 'publicId' | 'receivedAt' | 'receiptDate' | 'dueDate'>;
}

/** What became of one filing: stored (with the files to delete), or its key was already used. */
export type FilingOutcome = { stored: repo.StoredSubmission; unusedFiles: string[] } | { alreadyFiled: true };

interface Waiting {
  filing: PreparedFiling;
  resolve: (outcome: FilingOutcome) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 200;

/** numberInIntake: the protocol registry's numbering in the batch (protocol-registry.ts) */
export function createIntakeBatcher(db: DB, hooks: FilingHooks, numberInIntake: (trx: Transaction<Database>) => Promise<unknown>, clock: Clock) {
  const queue: Waiting[] = [];
  let writing = false;

  async function writeBatch(filings: readonly PreparedFiling[]): Promise<Array<FilingOutcome | IntakeClosedError>> {
    return db.transaction().execute(async (trx) => {
      // exclusive: every earlier filing has committed, so this batch can number in receipt order
      await takeIntakeBarrier(trx);
      const outcomes: Array<FilingOutcome | IntakeClosedError | undefined> = new Array(filings.length);
      // one filing per key: a double click split over one batch files once
      const firstOfKey = new Map<string, number>();
      const repeats: Array<[repeat: number, first: number]> = [];
      const byProcedure = new Map<number, number[]>();
      filings.forEach((filing, index) => {
        const first = firstOfKey.get(filing.row.idempotencyKey);
        if (first !== undefined) return void repeats.push([index, first]);
        firstOfKey.set(filing.row.idempotencyKey, index);
        const list = byProcedure.get(filing.row.procedureId) ?? [];
        list.push(index);
        byProcedure.set(filing.row.procedureId, list);
      });
      // the window and the cap of each procedure (locked in id order: no deadlock between batches)
      const admitted: number[] = [];
      const now = clock();
      for (const [procedureId, indexes] of [...byProcedure].sort((a, b) => a[0] - b[0])) {
        try {
          const room = await intakeRoomInTransaction(trx, procedureId, indexes.length, now);
          admitted.push(...indexes.slice(0, room));
          for (const index of indexes.slice(room)) outcomes[index] = new IntakeClosedError('full');
        } catch (error) {
          if (!(error instanceof IntakeClosedError)) throw error;
          for (const index of indexes) outcomes[index] = error;
        }
      }
      admitted.sort((a, b) => a - b); // arrival order is receipt order
      const stored = new Map((await repo.insertSubmissions(trx, admitted.map((i) => filings[i]!.row))).map((row) => [row.idempotency_key, row]));
      const filed: FiledSubmission[] = [];
      const moves: Array<{ draftId: string; submissionId: number; fileIds: string[] }> = [];
      for (const index of admitted) {
        const filing = filings[index]!;
        const row = stored.get(filing.row.idempotencyKey);
        if (!row) {
          outcomes[index] = { alreadyFiled: true };
          continue;
        }
        moves.push({ draftId: filing.draftId, submissionId: row.id, fileIds: filing.fileIds });
        filed.push({ ...filing.filed, id: row.id, publicId: row.public_id, receivedAt: row.received_at, receiptDate: row.receipt_date, dueDate: row.due_date });
      }
      const unusedFiles = await attachmentsRepo.moveDraftFiles(trx, moves);
      await draftsRepo.deleteDrafts(trx, moves.map((m) => m.draftId));
      for (const hook of hooks.stored) await hook(trx, filed);
      const complete = filed.filter((f) => !f.awaitingPayment);
      if (complete.length > 0) for (const hook of hooks.filed) await hook(trx, complete);
      if (complete.length > 0) await numberInIntake(trx);
      for (const index of admitted) {
        const filing = filings[index]!;
        const row = stored.get(filing.row.idempotencyKey);
        if (row) outcomes[index] = { stored: row, unusedFiles: unusedFiles.get(filing.draftId) ?? [] };
      }
      // a repeat shares its first's fate: refused with it, or shown the filing it made
      for (const [repeat, first] of repeats) outcomes[repeat] = outcomes[first] instanceof IntakeClosedError ? outcomes[first] : { alreadyFiled: true };
      return outcomes.map((outcome) => outcome ?? { alreadyFiled: true });
    });
  }

  async function drain() {
    writing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_BATCH);
        try {
          const outcomes = await writeBatch(batch.map((w) => w.filing));
          batch.forEach((waiting, i) => settle(waiting, outcomes[i]!));
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(error);
            continue;
          }
          // one by one: the filing that made the batch fail fails alone
          for (const waiting of batch) {
            try {
              settle(waiting, (await writeBatch([waiting.filing]))[0]!);
            } catch (alone) {
              waiting.reject(alone);
            }
          }
        }
      }
    } finally {
      writing = false;
    }
  }

  function settle(waiting: Waiting, outcome: FilingOutcome | IntakeClosedError) {
    if (outcome instanceof IntakeClosedError) waiting.reject(outcome);
    else waiting.resolve(outcome);
  }

  return {
    /** Stores the filing with the others arriving now; resolves once its batch has committed. */
    file(filing: PreparedFiling): Promise<FilingOutcome> {
      return new Promise<FilingOutcome>((resolve, reject) => {
        queue.push({ filing, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}

export type IntakeBatcher = ReturnType<typeof createIntakeBatcher>;

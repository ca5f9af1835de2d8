// The protocol registrar (DPR 445/2000): gives each filing its number, progressive per Rome
// calendar year, never reused, no gaps, in server-receipt order, and writes the register row
// (date, sender, subject, attachment fingerprints) in the same transaction.
//
// Numbering "all that is visible, in receipt order" is gapless and ordered only when no filing
// with a receipt time is still uncommitted: that is the intake barrier, an advisory lock (see
// holdIntakeLock in protocol.repository.ts). Filings are stored in intake batches (intake-batch.ts)
// that take the barrier exclusively, so each batch numbers its own filings (and any left
// unnumbered) before it commits: one counter update per batch, not a row lock per filing. A
// filing completed outside a batch (a payment releasing a filing held for it) holds the barrier
// shared, and this registrar numbers it right after, or at the tick of its safety net (src/jobs.ts)
// for anything left unnumbered. Several processes may run registrars: the lock serialises them.
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import * as register from './protocol.repository.ts';
import * as filings from './submissions.repository.ts';
import { romeDate } from '../platform/time.ts';

export interface NumberedFiling {
  submissionId: number;
  year: number;
  number: number;
  registeredAt: Date;
}

/** Runs in the numbering transaction: what must happen exactly when a filing gets its number. */
export type NumberedHook = (trx: Transaction<Database>, filings: NumberedFiling[]) => Promise<void>;

export interface ProtocolRegistrar {
  /** Numbers every filing committed before this call; resolves when they have numbers. */
  flush(): Promise<void>;
  /** Resolves when the flushes in progress have finished. */
  stop(): Promise<void>;
}

const BATCH = 1000;

export async function numberPendingBatch(db: DB, batchSize = BATCH, onNumbered?: NumberedHook): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await register.takeIntakeBarrier(trx);
    return numberPending(trx, batchSize, onNumbered);
  });
}

/**
 * Numbers the filings not yet numbered, in receipt order, inside a transaction that holds the
 * intake barrier (the registrar's own, or an intake batch's: see intake-batch.ts).
 */
export async function numberPending(trx: Transaction<Database>, batchSize = BATCH, onNumbered?: NumberedHook): Promise<number> {
  const pending = await filings.unnumberedSubmissions(trx, batchSize);
  if (pending.length === 0) return 0;
  const entries: register.RegisterEntry[] = [];
  // pending is in receipt order, so the years come in order too
  let index = 0;
  while (index < pending.length) {
    const year = pending[index]!.year;
    let end = index;
    while (end < pending.length && pending[end]!.year === year) end++;
    const first = await register.reserveProtocolNumbers(trx, year, end - index);
    for (let i = index; i < end; i++) {
      const s = pending[i]!;
      entries.push({
        submissionId: s.id,
        year,
        number: first + (i - index),
        registeredAt: s.received_at,
        sender: s.sender,
        subject: s.subject,
        fingerprints: s.fingerprints,
      });
    }
    index = end;
  }
  await register.insertRegisterEntries(trx, entries);
  await filings.setProtocolNumbers(trx, entries);
  if (onNumbered) await onNumbered(trx, entries);
  return pending.length;
}

/**
 * Numbers given by an external registry (src/protocol): the filings get them, the portal's
 * register keeps a copy of each registration (the receipt, the daily register and the area read
 * it), and the "received" hook runs, in the caller's transaction, as when the built-in register
 * numbers. The copy's key is (year, number): a comune switches registry at the start of a year.
 */
export async function recordExternalNumbers(trx: Transaction<Database>, entries: register.RegisterEntry[], onNumbered?: NumberedHook): Promise<void> {
  if (entries.length === 0) return;
  await register.insertRegisterEntries(trx, entries);
  await filings.setProtocolNumbers(trx, entries);
  if (onNumbered) await onNumbered(trx, entries);
}

/**
 * An outgoing document numbered by an external registry: the portal's register keeps a copy of
 * the registration (as recordExternalNumbers does for filings), in the action's transaction.
 */
export async function recordExternalOutgoing(trx: Transaction<Database>, entry: register.OutgoingEntry): Promise<void> {
  await register.insertOutgoingEntry(trx, entry);
}

/** Filings without a number after a (receipt time, id) cursor: what an external registry has not queued. */
export const unnumberedFilingsAfter = filings.unnumberedFilingsAfter;
export type { FilingForRegistry } from './submissions.repository.ts';

/** Runs `work` in a transaction holding the intake barrier exclusively (see holdIntakeLock). */
export async function underIntakeBarrier<T>(db: DB, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await register.takeIntakeBarrier(trx);
    return work(trx);
  });
}

export interface OutgoingRegistration {
  year: number;
  number: number;
  registeredAt: Date;
}

/**
 * Registers a document the office sends (direction "uscita") in the caller's transaction, from
 * the same yearly counter as the filings. It takes the intake barrier exclusively and first
 * numbers every filing already received (with the registrar's hook), so the register stays in
 * time order: a filing received before the document has the lower number. The counter row stays
 * locked until the caller commits; if the caller's transaction fails, the number returns with it
 * (no gap). Keep the rest of that transaction short: intake waits for it.
 */
export async function registerOutgoing(
  trx: Transaction<Database>,
  entry: { submissionId: number; at: Date; sender: string; recipient: string; subject: string; fingerprints: Array<{ name: string; sha256: string }> },
  onNumbered?: NumberedHook,
): Promise<OutgoingRegistration> {
  await register.takeIntakeBarrier(trx);
  while ((await numberPending(trx, BATCH, onNumbered)) === BATCH) {
    // a full batch: there may be more
  }
  const year = Number(romeDate(entry.at).slice(0, 4));
  const number = await register.reserveProtocolNumbers(trx, year, 1);
  await register.insertOutgoingEntry(trx, { ...entry, year, number, registeredAt: entry.at });
  return { year, number, registeredAt: entry.at };
}

export function createProtocolRegistrar(db: DB, onNumbered?: NumberedHook): ProtocolRegistrar {
  let current: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  async function drain() {
    while ((await numberPendingBatch(db, BATCH, onNumbered)) === BATCH) {
      // a full batch: there may be more
    }
  }

  // A run must *start* after the caller's commit to include it: callers arriving during a run
  // share one follow-up run instead of each starting their own.
  function flush(): Promise<void> {
    if (!current) {
      current = drain().finally(() => {
        current = null;
      });
      return current;
    }
    if (!next) {
      next = current.catch(() => {}).then(() => {
        next = null;
        return flush();
      });
    }
    return next;
  }

  return {
    flush,
    async stop() {
      await Promise.allSettled([current, next]);
    },
  };
}

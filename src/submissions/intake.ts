// Enforcing a procedure's intake window (the rules: src/catalogue/intake.ts). The settings are
// read from the procedure's current published version, so that a deadline moved by a new
// version applies to drafts begun on an older one. A draft cannot begin outside the window; a
// filing is checked again inside the filing transaction, under a lock on the procedure when it
// has a cap, so that concurrent filings never exceed it.
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { filingLimit, hasIntakeLimits, IntakeClosedError, intakeOf as intakeCounted, intakeState, type FilingCounter, type Intake, type IntakeSettings } from '../catalogue/intake.ts';
import { publishedIntakeSettings } from '../catalogue/procedures.service.ts';
import { systemClock } from '../platform/time.ts';
import * as repo from './submissions.repository.ts';

export { IntakeClosedError } from '../catalogue/intake.ts';

/** Filings of a procedure since a moment (null: ever): what the caps count. */
export const countFilingsSince: FilingCounter = (db, procedureId, since) => repo.countFilingsSince(db, procedureId, since ? new Date(since) : null);

/** The window of a procedure now, with the filings counted when there is a cap. */
export function intakeOf(db: DB, procedureId: number, settings: IntakeSettings, now = systemClock()): Promise<Intake> {
  return intakeCounted(db, procedureId, settings, now, countFilingsSince);
}

/** Before a draft begins: refused outside the window or when the cap is reached. */
export async function assertIntakeOpen(db: DB, procedureId: number, settings: IntakeSettings, now = systemClock()): Promise<void> {
  if (!hasIntakeLimits(settings)) return;
  const intake = await intakeOf(db, procedureId, settings, now);
  if (intake.status !== 'open') throw new IntakeClosedError(intake.status);
}

/**
 * Inside the filing transaction, before the filings are inserted: how many of `wanted` filings
 * of one procedure filed together (an intake batch) the cap still takes, the first ones in
 * order; the window open or closed for all of them. The procedure row is locked until the
 * transaction ends, so that the count and the insert of concurrent filings happen one after
 * the other.
 */
export async function intakeRoomInTransaction(trx: Transaction<Database>, procedureId: number, wanted: number, now = systemClock()): Promise<number> {
  // read and locked at once (one round trip of the batch, not two): batches take turns on the
  // exclusive intake barrier anyway, so the row lock costs them no waiting; what it still
  // orders is a batch against a change of the procedure
  const settings = await publishedIntakeSettings(trx, procedureId, true);
  if (!settings) throw new IntakeClosedError('closed');
  if (!hasIntakeLimits(settings)) return wanted;
  // a cap with an unlimited reserve list limits nothing here: no count of the call's filings
  const intake = filingLimit(settings) === null ? intakeState(settings, now, null) : await intakeOf(trx, procedureId, settings, now);
  if (intake.status !== 'open') throw new IntakeClosedError(intake.status);
  return intake.remaining === null ? wanted : Math.min(wanted, intake.remaining);
}

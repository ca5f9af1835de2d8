// Opening and closing of a procedure: a call for grants or a "click day" takes applications
// only from `opensAt`, until `closesAt`, and at most `maxFilings` of them (counted from the
// opening). The settings are read from the procedure's current published version, so that a
// deadline moved by a new version applies to drafts begun on an older one. A draft cannot
// begin outside the window; a filing is checked again inside the filing transaction, under a
// lock on the procedure when it has a cap, so that concurrent filings never exceed it.
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { publishedIntakeSettings } from '../catalogue/procedures.service.ts';
import { DomainError } from '../platform/errors.ts';
import { systemClock } from '../platform/time.ts';
import { countFilingsSince } from '../submissions/submissions.service.ts';

export interface IntakeSettings {
  opensAt?: string | undefined;
  closesAt?: string | undefined;
  maxFilings?: number | undefined;
}

export type IntakeStatus = 'open' | 'notYetOpen' | 'closed' | 'full';

export interface Intake {
  status: IntakeStatus;
  opensAt: string | null;
  closesAt: string | null;
  maxFilings: number | null;
  /** filings since the opening, counted only when there is a cap */
  filed: number | null;
  remaining: number | null;
}

/** A draft begun or a filing sent outside the window, or beyond the cap. */
export class IntakeClosedError extends DomainError {
  override readonly statusCode = 409;
  override readonly pageKey: string;
  constructor(readonly status: Exclude<IntakeStatus, 'open'>) {
    super(`procedure not taking applications: ${status}`);
    this.pageKey = `intake.${status}`;
  }
}

export function hasIntakeLimits(settings: IntakeSettings): boolean {
  return Boolean(settings.opensAt || settings.closesAt || settings.maxFilings);
}

/** Where the window stands at `now`, given the filings counted so far (null: not counted). */
export function intakeState(settings: IntakeSettings, now: Date, filed: number | null): Intake {
  const opensAt = settings.opensAt ?? null;
  const closesAt = settings.closesAt ?? null;
  const maxFilings = settings.maxFilings ?? null;
  const remaining = maxFilings !== null && filed !== null ? Math.max(0, maxFilings - filed) : null;
  let status: IntakeStatus = 'open';
  if (opensAt && now.getTime() < Date.parse(opensAt)) status = 'notYetOpen';
  else if (closesAt && now.getTime() >= Date.parse(closesAt)) status = 'closed';
  else if (remaining === 0) status = 'full';
  return { status, opensAt, closesAt, maxFilings, filed, remaining };
}

/** The window of a procedure now, with the filings counted when there is a cap. */
export async function intakeOf(db: DB, procedureId: number, settings: IntakeSettings, now = systemClock()): Promise<Intake> {
  const filed = settings.maxFilings ? await countFilingsSince(db, procedureId, settings.opensAt ?? null) : null;
  return intakeState(settings, now, filed);
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
 * order; the window open or closed for all of them. With a cap, the procedure row is locked
 * until the transaction ends, so that the count and the insert of concurrent filings happen
 * one after the other.
 */
export async function intakeRoomInTransaction(trx: Transaction<Database>, procedureId: number, wanted: number, now = systemClock()): Promise<number> {
  let settings = await publishedIntakeSettings(trx, procedureId, false);
  if (!settings) throw new IntakeClosedError('closed');
  if (!hasIntakeLimits(settings)) return wanted;
  if (settings.maxFilings) settings = (await publishedIntakeSettings(trx, procedureId, true)) ?? settings;
  const intake = await intakeOf(trx, procedureId, settings, now);
  if (intake.status !== 'open') throw new IntakeClosedError(intake.status);
  return intake.remaining === null ? wanted : Math.min(wanted, intake.remaining);
}

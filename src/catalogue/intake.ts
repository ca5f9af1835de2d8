// Opening and closing of a procedure: a call for grants or a "click day" takes applications
// only from `opensAt`, until `closesAt`, and at most `maxFilings` of them (counted from the
// opening). This module holds the window's rules; src/submissions/intake.ts enforces them when
// a draft begins and inside the filing transaction.
import type { DB } from '../db/database.ts';
import { DomainError } from '../platform/errors.ts';

/**
 * How many filings a procedure has had since a moment (null: ever). The filings belong to
 * src/submissions, above the catalogue: it hands this in (src/services.ts), so that the
 * catalogue shows the places left without importing the domain that files.
 */
export type FilingCounter = (db: DB, procedureId: number, since: string | null) => Promise<number>;

export interface IntakeSettings {
  opensAt?: string | undefined;
  closesAt?: string | undefined;
  maxFilings?: number | undefined;
  /** a call's reserve list (src/calls): filings beyond maxFilings are taken onto it, up to `reserve` more */
  call?: { reserve?: number | 'unlimited' | undefined } | undefined;
}

/** How many filings the window takes in all: the cap and a call's reserve list (null: no limit). */
export function filingLimit(settings: IntakeSettings): number | null {
  if (!settings.maxFilings) return null;
  const reserve = settings.call?.reserve ?? 0;
  return reserve === 'unlimited' ? null : settings.maxFilings + reserve;
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
  const limit = filingLimit(settings);
  const remaining = limit !== null && filed !== null ? Math.max(0, limit - filed) : null;
  let status: IntakeStatus = 'open';
  if (opensAt && now.getTime() < Date.parse(opensAt)) status = 'notYetOpen';
  else if (closesAt && now.getTime() >= Date.parse(closesAt)) status = 'closed';
  else if (remaining === 0) status = 'full';
  return { status, opensAt, closesAt, maxFilings, filed, remaining };
}

/** The window of a procedure now, with the filings counted when there is a cap. */
export async function intakeOf(db: DB, procedureId: number, settings: IntakeSettings, now: Date, countFilings: FilingCounter): Promise<Intake> {
  const filed = settings.maxFilings ? await countFilings(db, procedureId, settings.opensAt ?? null) : null;
  return intakeState(settings, now, filed);
}


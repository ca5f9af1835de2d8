// What the journey tells whoever watches it, without saying who: a page of a procedure version
// reached, a step's answers refused (the fields and messages), a filing made (when its draft
// began) and drafts that expired (where each had got to). The submissions domain calls it and
// knows nothing of what is done with it (src/insight counts it; services.ts wires the two).
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Locale } from '../platform/i18n.ts';

/** A page of one procedure version's journey: informativa, dati-generali, a step id, riepilogo or inviata. */
export interface JourneyPlace {
  procedureId: number;
  version: number;
  step: string;
}

/** The page after the last one a filing passes through. */
export const JOURNEY_FILED = 'inviata';

export interface JourneyObserver {
  /** a draft arrived at this page for the first time (called after the draft was saved) */
  reached(place: JourneyPlace): void;
  /** a step's answers refused with these field errors (the 422 the person sees) */
  refused(place: JourneyPlace, errors: ReadonlyArray<{ field: string; message: string }>, locale: Locale): void;
  /** a filing stored (after its transaction committed), with when its draft began */
  filed(place: Omit<JourneyPlace, 'step'>, begunAt: Date, filedAt: Date): void;
  /** drafts that expired, at the page each would have resumed on, inside the purge's transaction */
  abandoned(trx: Transaction<Database>, places: readonly JourneyPlace[], at: Date): Promise<void>;
}

/** Nobody watching (a service built without an observer, e.g. in unit tests). */
export const NO_OBSERVER: JourneyObserver = {
  reached: () => undefined,
  refused: () => undefined,
  filed: () => undefined,
  abandoned: async () => undefined,
};

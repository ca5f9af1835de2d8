// Service insight: where people stop in a procedure's journey, which answers the form refuses
// and how long filing takes, counted per day and procedure version without saying who. The
// journey's observer (src/submissions/journey-observer.ts) adds to counters held in memory,
// which `flush` writes in one batch (the job `insight-flush`, and when the portal closes);
// expired drafts are counted in the purge's own transaction. The funnel reads a period back
// with small counts suppressed (insight.rules.ts).
import { definitionOfVersion, officesByCode, proceduresOfOffices, procedureTitles } from '../catalogue/catalogue.service.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { DB } from '../db/database.ts';
import type { User } from '../identity/user.ts';
import { isAdmin } from '../identity/policies.ts';
import { NotFoundError } from '../platform/errors.ts';
import { addDays, romeDate, type Clock } from '../platform/time.ts';
import type { JourneyObserver, JourneyPlace } from '../submissions/journey-observer.ts';
import { JOURNEY_FILED } from '../submissions/journey-observer.ts';
import { JOURNEY_APPLICANT, JOURNEY_PRIVACY } from '../submissions/submissions.service.ts';
import { createCounterBuffer, type StepCount } from './insight.buffer.ts';
import type { InsightConfig } from './insight.config.ts';
import * as repo from './insight.repository.ts';
import { completionBucket, completionView, fieldKey, fieldMessages, funnelSteps, messageKeyOf } from './insight.rules.ts';

/** The periods the pages offer, in days back from today. */
export const INSIGHT_PERIODS = [30, 90] as const;
export type InsightPeriod = (typeof INSIGHT_PERIODS)[number];

/** The page after the form's steps, before the filing. */
const SUMMARY = 'riepilogo';

/** The journey's pages of a definition, in order. */
export function journeyPages(definition: ProcedureDefinition | undefined): string[] {
  return [JOURNEY_PRIVACY, JOURNEY_APPLICANT, ...(definition?.form.steps.map((s) => s.id) ?? []), SUMMARY, JOURNEY_FILED];
}

export function createInsightService(db: DB, options: { clock: Clock; config: InsightConfig }) {
  const { clock } = options;
  const minCount = options.config.minCount;
  const buffer = createCounterBuffer();
  const stepRow = (place: JourneyPlace, day: string, reached: number, abandoned: number): StepCount => ({ day, procedure_id: place.procedureId, procedure_version: place.version, step_id: place.step, reached, abandoned });

  const observer: JourneyObserver = {
    reached(place) {
      buffer.addStep(stepRow(place, romeDate(clock()), 1, 0));
    },
    refused(place, errors, locale) {
      const day = romeDate(clock());
      for (const error of errors) {
        buffer.addFieldError({ day, procedure_id: place.procedureId, procedure_version: place.version, step_id: place.step, field: fieldKey(error.field), message_key: messageKeyOf(error.message, locale), count: 1 });
      }
    },
    filed(place, begunAt, filedAt) {
      const day = romeDate(filedAt);
      buffer.addStep(stepRow({ ...place, step: JOURNEY_FILED }, day, 1, 0));
      buffer.addCompletion({ day, procedure_id: place.procedureId, procedure_version: place.version, bucket: completionBucket(filedAt.getTime() - begunAt.getTime()), count: 1 });
    },
    // hourly and in the purge's transaction: written at once, so a purge and its counts go together
    async abandoned(trx, places, at) {
      if (places.length === 0) return;
      const counts = createCounterBuffer();
      for (const place of places) counts.addStep(stepRow(place, romeDate(at), 0, 1));
      await repo.addCounts(trx, counts.drain());
    },
  };

  let flushing: Promise<number> | null = null;
  async function writePending(): Promise<number> {
    const batch = buffer.drain();
    const size = batch.steps.length + batch.fieldErrors.length + batch.completions.length;
    if (size === 0) return 0;
    try {
      await db.transaction().execute((trx) => repo.addCounts(trx, batch));
    } catch (error) {
      buffer.restore(batch);
      throw error;
    }
    return size;
  }

  /** The procedures a member of staff may read the insight of: administrators all, clerks their offices' (within their limits). */
  async function visibleProcedures(user: User) {
    if (isAdmin(user)) return proceduresOfOffices(db, (await officesByCode(db)).map((o) => o.code));
    const seen = new Map<number, Awaited<ReturnType<typeof proceduresOfOffices>>[number]>();
    for (const office of user.offices) {
      const limits = user.procedureLimits[office] ?? [];
      for (const p of await proceduresOfOffices(db, [office])) if (limits.length === 0 || limits.includes(p.id)) seen.set(p.id, p);
    }
    return [...seen.values()].sort((a, b) => a.title_it.localeCompare(b.title_it));
  }

  return {
    observer,
    /** Writes the counters waiting in memory (one transaction); returns how many rows it added to. Runs one at a time. */
    async flush(): Promise<number> {
      while (flushing) await flushing.catch(() => undefined);
      flushing = writePending();
      try {
        return await flushing;
      } finally {
        flushing = null;
      }
    },
    /** how many counters wait for the next flush */
    pending: () => buffer.size,
    minCount,
    visibleProcedures,

    /** 404 unless the member of staff may read the procedure's insight. */
    async assertVisible(user: User, procedureId: number): Promise<void> {
      if (!(await visibleProcedures(user)).some((p) => p.id === procedureId)) throw new NotFoundError('procedure insight');
    },

    /** A procedure's funnel, refusals and times to complete over the last `days` days, small counts suppressed. */
    async funnel(procedureId: number, days: InsightPeriod) {
      const procedure = await procedureTitles(db, procedureId).catch(() => undefined);
      if (!procedure) throw new NotFoundError('procedure');
      const to = romeDate(clock());
      const from = addDays(to, -(days - 1));
      const [steps, errors, completions] = await Promise.all([repo.stepCounts(db, procedureId, from, to), repo.fieldErrorCounts(db, procedureId, from, to), repo.completionCounts(db, procedureId, from, to)]);
      const newest = Math.max(0, ...steps.map((r) => r.procedure_version));
      const definition = newest > 0 ? ((await definitionOfVersion(db, procedureId, newest)) as ProcedureDefinition | undefined) : undefined;
      const n = (value: unknown) => Number(value ?? 0);
      return {
        procedure,
        from,
        to,
        days,
        minCount,
        definition,
        hasData: steps.length + errors.length + completions.length > 0,
        steps: funnelSteps(steps.map((r) => ({ ...r, reached: n(r.reached), abandoned: n(r.abandoned) })), journeyPages(definition), minCount),
        fields: fieldMessages(errors.map((r) => ({ ...r, count: n(r.count) })), minCount),
        completion: completionView(completions.map((r) => ({ ...r, count: n(r.count) })), minCount),
      };
    },
  };
}

export type InsightService = ReturnType<typeof createInsightService>;
export type Funnel = Awaited<ReturnType<InsightService['funnel']>>;

// The comune's service figures, for everyone (the public page /dati-servizi): over the last 12
// months, per catalogue area and overall, the filings received, the median days to a decision,
// the share decided within the legal deadline (both from the back office's statistics), the
// share of 4-5 stars among the after-outcome ratings and, overall, among the page ratings.
// Small counts are hidden (rating.ts): a figure about four people is a figure about someone.
import type { BackofficeService } from '../backoffice/backoffice.service.ts';
import { AREAS } from '../catalogue/areas.ts';
import { procedureNames } from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import { addDays, romeDate, type Clock } from '../platform/time.ts';
import * as repo from './feedback.repository.ts';
import { shownCount, shownShare, type Shown } from './rating.ts';

/** A line of the public figures, as the page may show it. */
export interface FiguresLine {
  /** a catalogue area's code, or null for the whole comune */
  area: string | null;
  received: Shown;
  /** median days from receipt to decision; null when fewer than 5 were decided */
  medianDays: number | null;
  decided: Shown;
  /** percent decided within the deadline among those decided; null on a small base */
  onTime: number | null;
  ratings: Shown;
  /** percent of 4-5 stars among the after-outcome ratings; null on a small base */
  satisfied: number | null;
}

export interface Figures {
  from: string;
  /** the last day counted */
  until: string;
  lines: FiguresLine[];
  overall: FiguresLine;
  pageVotes: Shown;
  /** percent of 4-5 stars among the page ratings; null on a small base */
  pageClear: number | null;
}

const CACHE_MS = 60_000;

export function createFigures(db: DB, options: { clock: Clock; backoffice: Pick<BackofficeService, 'figuresByArea'> }) {
  let cached: { at: number; figures: Figures } | null = null;

  async function compute(now: Date): Promise<Figures> {
    const to = addDays(romeDate(now), 1);
    const from = addDays(to, -365);
    const [areas, ratings, pages] = await Promise.all([options.backoffice.figuresByArea(from, to), repo.serviceRatingSums(db, from, to), repo.pageRatingSums(db, from, to)]);
    // the ratings are kept per procedure: their area is the catalogue's
    const names = await procedureNames(db, [...new Set(ratings.map((r) => r.procedure_id))]);
    const rated = new Map<string | null, { votes: number; good: number }>();
    const add = (key: string | null, votes: number, good: number) => {
      const sum = rated.get(key) ?? { votes: 0, good: 0 };
      rated.set(key, { votes: sum.votes + votes, good: sum.good + good });
    };
    for (const r of ratings) {
      add(names.get(r.procedure_id)?.area ?? null, r.votes, r.good);
      if (names.has(r.procedure_id)) add(null, r.votes, r.good);
    }
    const line = (area: string | null): FiguresLine => {
      const row = areas.find((a) => a.area === area) ?? { received: 0, decided: 0, median_days: null, within_deadline: 0 };
      const votes = rated.get(area) ?? { votes: 0, good: 0 };
      return {
        area,
        received: shownCount(row.received),
        decided: shownCount(row.decided),
        medianDays: shownShare(0, row.decided) === null || row.median_days === null ? null : Math.round(row.median_days),
        onTime: shownShare(row.within_deadline, row.decided),
        ratings: shownCount(votes.votes),
        satisfied: shownShare(votes.good, votes.votes),
      };
    };
    // every area of the catalogue, those with nothing yet too (a zero is a figure)
    const areaCodes = [...new Set([...AREAS.map((a) => a.code), ...areas.map((a) => a.area), ...rated.keys()].filter((a): a is string => a !== null))];
    return {
      from,
      until: addDays(to, -1),
      lines: areaCodes.map(line),
      overall: line(null),
      pageVotes: shownCount(pages.votes),
      pageClear: shownShare(pages.good, pages.votes),
    };
  }

  return {
    /** The figures of the last 12 months (computed at most once a minute: the page is public). */
    async publicFigures(): Promise<Figures> {
      const now = options.clock();
      if (cached && Math.abs(now.getTime() - cached.at) < CACHE_MS) return cached.figures;
      const figures = await compute(now);
      cached = { at: now.getTime(), figures };
      return figures;
    },
  };
}

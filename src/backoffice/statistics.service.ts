// The statistics read model: per office and procedure, over a period of filing (by default the
// year up to today), the filings received and decided, the median days to a decision, the share
// decided within the deadline, the cases overdue now and the applicants' rating after the
// outcome (asked by src/feedback, over the ratings given in the period); with totals per office.
// Also the same measures per catalogue area for the comune's public figures (src/feedback). Clerks see their offices (within the procedures they are limited to), administrators every office.
import { addDays, romeDate } from '../platform/time.ts';
import type { BackofficeContext } from './case-context.ts';
import { officesByCode } from './directory.ts';
import { figuresByArea, statistics, workload, type ProcedureLimits, type StatisticsRow } from './queue.repository.ts';
import { serviceRatingsOf } from '../feedback/feedback.service.ts';

/** The last day (Sunday) of the week of `today`. */
export function weekEndOf(today: string): string {
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay();
  return addDays(today, (7 - weekday) % 7);
}

/** A share in whole percent, or null when there is nothing to share. */
function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 100);
}

export function createStatistics(ctx: BackofficeContext) {
  const { db } = ctx;
  return {
    /** The figures of the period [from, to) (defaults: the 365 days up to today), grouped by office. */
    async statistics(offices: readonly string[], period: { from?: string | undefined; to?: string | undefined }, limits: ProcedureLimits = {}) {
      const today = romeDate(ctx.clock());
      const to = period.to ?? addDays(today, 1);
      const from = period.from && period.from < to ? period.from : addDays(to, -365);
      const [counted, officeRows, ratings] = await Promise.all([statistics(db, offices, from, to, today, limits), officesByCode(db, offices), serviceRatingsOf(db, from, to)]);
      const rows = counted.map((r) => ({ ...r, ...ratings(r.procedure_id, r.office_code) }));
      const groups = officeRows
        .map((office) => {
          const own = rows.filter((r) => r.office_code === office.code);
          const sum = (key: 'received' | 'decided' | 'within_deadline' | 'overdue_now') => own.reduce((s, r) => s + r[key], 0);
          return {
            office,
            rows: own.map((r: StatisticsRow & { rating: number | null; ratings: number }) => ({ ...r, withinShare: percent(r.within_deadline, r.decided) })),
            total: { received: sum('received'), decided: sum('decided'), withinShare: percent(sum('within_deadline'), sum('decided')), overdue: sum('overdue_now') },
          };
        })
        .filter((g) => g.rows.length > 0);
      return { from, to, today, groups };
    },

    /**
     * The workload per office and per clerk: open, due this week (to Sunday), overdue; and the
     * average days to a decision over the cases decided in the period (default: the 365 days up to today).
     */
    async workload(offices: readonly string[], period: { from?: string | undefined; to?: string | undefined }) {
      const today = romeDate(ctx.clock());
      const to = period.to ?? addDays(today, 1);
      const from = period.from && period.from < to ? period.from : addDays(to, -365);
      const [rows, officeRows] = await Promise.all([workload(db, offices, { today, weekEnd: weekEndOf(today), from, to }), officesByCode(db, offices)]);
      return { today, weekEnd: weekEndOf(today), from, to, rows, offices: officeRows };
    },

    /** Per catalogue area and overall, the filings received in [from, to) and how they were decided. */
    figuresByArea: (from: string, to: string) => figuresByArea(db, from, to),

    /** Offices for the statistics: a clerk's own, every office for an administrator. */
    async allOfficeCodes(): Promise<string[]> {
      return (await officesByCode(db)).map((o) => o.code);
    },
  };
}

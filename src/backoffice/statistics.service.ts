// The statistics read model: per office and procedure, over a period of filing (by default the
// year up to today), the filings received and decided, the median days to a decision, the share
// decided within the deadline, the cases overdue now and the applicants' rating; with totals
// per office. Clerks see their offices (within the procedures they are limited to), administrators every office.
import { addDays, romeDate } from '../platform/time.ts';
import type { BackofficeContext } from './case-context.ts';
import { officesByCode } from './directory.ts';
import { statistics, type ProcedureLimits, type StatisticsRow } from './queue.repository.ts';

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
      const [rows, officeRows] = await Promise.all([statistics(db, offices, from, to, today, limits), officesByCode(db, offices)]);
      const groups = officeRows
        .map((office) => {
          const own = rows.filter((r) => r.office_code === office.code);
          const sum = (key: 'received' | 'decided' | 'within_deadline' | 'overdue_now') => own.reduce((s, r) => s + r[key], 0);
          return {
            office,
            rows: own.map((r: StatisticsRow) => ({ ...r, withinShare: percent(r.within_deadline, r.decided) })),
            total: { received: sum('received'), decided: sum('decided'), withinShare: percent(sum('within_deadline'), sum('decided')), overdue: sum('overdue_now') },
          };
        })
        .filter((g) => g.rows.length > 0);
      return { from, to, today, groups };
    },

    /** Offices for the statistics: a clerk's own, every office for an administrator. */
    async allOfficeCodes(): Promise<string[]> {
      return (await officesByCode(db)).map((o) => o.code);
    },
  };
}

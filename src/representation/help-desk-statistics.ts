// The help desk's statistics: over a period (Rome calendar days, both included), the filings of
// record per procedure made online by the person and at a help desk, and per desk, with the
// same figures as CSV lines. Counts only: nobody's data.
import { csvLine } from '../backoffice/csv.ts';
import { procedureNames, type ProcedureName } from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import { addDays, romeDate, type Clock } from '../platform/time.ts';
import { filingChannels } from '../submissions/submissions.service.ts';
import type { HelpDeskRow } from './help-desk.table.ts';

/** The default period: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;

export interface ProcedureChannels {
  procedure: ProcedureName;
  online: number;
  desk: number;
  total: number;
  /** the share filed at a desk, 0..100 */
  deskShare: number;
}

export interface DeskFilings {
  desk: HelpDeskRow;
  filings: number;
  procedures: Array<{ procedure: ProcedureName; filings: number }>;
}

export interface ChannelStatistics {
  from: string;
  to: string;
  procedures: ProcedureChannels[];
  desks: DeskFilings[];
  total: { online: number; desk: number; total: number; deskShare: number };
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

/** The period asked, or the last 30 days; a start after the end is read as the 30 days up to the end. */
export function periodOf(asked: { from?: string | undefined; to?: string | undefined }, today: string): { from: string; to: string } {
  const to = asked.to ?? today;
  const from = asked.from && asked.from <= to ? asked.from : addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  return { from, to };
}

function unknownProcedure(id: number): ProcedureName {
  return { id, slug: String(id), area: '', title_it: `#${id}`, title_en: `#${id}` };
}

export function createHelpDeskStatistics(db: DB, options: { clock: Clock; desks: () => Promise<HelpDeskRow[]> }) {
  async function compute(asked: { from?: string | undefined; to?: string | undefined }): Promise<ChannelStatistics> {
    const { from, to } = periodOf(asked, romeDate(options.clock()));
    const [counts, deskRows] = await Promise.all([filingChannels.countFilingsByChannel(db, from, to), options.desks()]);
    const names = await procedureNames(db, [...new Set(counts.map((c) => c.procedure_id))]);
    const nameOf = (id: number) => names.get(id) ?? unknownProcedure(id);

    const byProcedure = new Map<number, ProcedureChannels>();
    for (const c of counts) {
      const row = byProcedure.get(c.procedure_id) ?? { procedure: nameOf(c.procedure_id), online: 0, desk: 0, total: 0, deskShare: 0 };
      row[c.channel] += c.filings;
      row.total += c.filings;
      byProcedure.set(c.procedure_id, row);
    }
    const procedures = [...byProcedure.values()].map((p) => ({ ...p, deskShare: share(p.desk, p.total) })).sort((a, b) => b.total - a.total || a.procedure.title_it.localeCompare(b.procedure.title_it));

    const desks = deskRows.map((desk) => {
      const own = counts.filter((c) => c.channel === 'desk' && c.desk === desk.code);
      return {
        desk,
        filings: own.reduce((sum, c) => sum + c.filings, 0),
        procedures: own.map((c) => ({ procedure: nameOf(c.procedure_id), filings: c.filings })).sort((a, b) => b.filings - a.filings),
      };
    });
    const online = procedures.reduce((sum, p) => sum + p.online, 0);
    const desk = procedures.reduce((sum, p) => sum + p.desk, 0);
    return { from, to, procedures, desks, total: { online, desk, total: online + desk, deskShare: share(desk, online + desk) } };
  }

  return {
    compute,

    /** The same counts as CSV (one line per procedure, channel and desk), under the header given in the reader's language. */
    async *csv(asked: { from?: string | undefined; to?: string | undefined }, header: readonly string[], locale: 'it' | 'en'): AsyncGenerator<string> {
      const stats = await compute(asked);
      yield csvLine(header);
      const title = (p: ProcedureName) => (locale === 'it' ? p.title_it : p.title_en);
      for (const p of stats.procedures) yield csvLine([stats.from, stats.to, p.procedure.slug, title(p.procedure), 'online', '', '', p.online]);
      for (const d of stats.desks) {
        const name = locale === 'it' ? d.desk.name_it : d.desk.name_en;
        for (const p of d.procedures) yield csvLine([stats.from, stats.to, p.procedure.slug, title(p.procedure), 'desk', d.desk.code, name, p.filings]);
      }
    },
  };
}

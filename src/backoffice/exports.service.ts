// The exports of a procedure's cases WITH the form's answers (CSV and XLSX): one column per
// question, labelled as the definition version each filing used labelled it, holding the value
// as the applicant confirmed it (the summary kept with the filing: choices by their label,
// addresses written out, files by name, a repeatable group's items each as their own rows of
// the summary, so each its own column). With the ranking of a capped call (maxFilings): the
// position in receipt order, within the cap or on the reserve list. Every export is audited.
import ExcelJS from 'exceljs';
import { publishedIntakeSettings } from '../catalogue/procedures.service.ts';
import { NotFoundError } from '../platform/errors.ts';
import { filingSummaries, type CaseFiling } from '../submissions/submissions.service.ts';
import { audit, type BackofficeContext, type StaffActor } from './case-context.ts';
import { protocolLabel } from './case-notices.ts';
import { csvLine } from './csv.ts';
import { proceduresOfOffices } from './directory.ts';
import { casesOfProcedure } from './queue.repository.ts';

export interface AnswersExportParams {
  procedureId: number;
  from?: string | undefined;
  to?: string | undefined;
  /** the ranking of a capped call: positions in receipt order, from the call's opening */
  ranking: boolean;
}

/** The texts of the fixed columns and cells, in the clerk's language. */
export interface ExportLabels {
  columns: string[];
  rankingColumns: [string, string];
  withinCap: string;
  reserve: string;
  status: (status: string) => string;
}

export interface ExportTable {
  name: string;
  header: string[];
  rows: Array<Array<string | number>>;
  cap: number | null;
}

type Summary = CaseFiling['summary'];

/** The answer columns over many filings: first seen, first placed; a label repeated in another step names its step. */
export function answerColumns(summaries: readonly Summary[]): { keys: string[]; labels: string[]; cells: (summary: Summary) => Map<string, string> } {
  const keyOf = (stepId: string, label: string, n: number) => `${stepId}\u0000${label}\u0000${n}`;
  const cells = (summary: Summary) => {
    const map = new Map<string, string>();
    for (const step of summary.steps ?? []) {
      const seen = new Map<string, number>();
      for (const row of step.rows) {
        const n = (seen.get(row.label) ?? 0) + 1;
        seen.set(row.label, n);
        map.set(keyOf(step.id, row.label, n), row.lines.join('; '));
      }
    }
    return map;
  };
  const keys: string[] = [];
  const titles = new Map<string, { label: string; step: string }>();
  for (const summary of summaries) {
    for (const step of summary.steps ?? []) {
      const seen = new Map<string, number>();
      for (const row of step.rows) {
        const n = (seen.get(row.label) ?? 0) + 1;
        seen.set(row.label, n);
        const key = keyOf(step.id, row.label, n);
        if (titles.has(key)) continue;
        keys.push(key);
        titles.set(key, { label: n > 1 ? `${row.label} (${n})` : row.label, step: step.title });
      }
    }
  }
  const count = new Map<string, number>();
  for (const t of titles.values()) count.set(t.label, (count.get(t.label) ?? 0) + 1);
  const labels = keys.map((k) => {
    const t = titles.get(k)!;
    return count.get(t.label)! > 1 ? `${t.step}: ${t.label}` : t.label;
  });
  return { keys, labels, cells };
}

const romeDateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function createExports(ctx: BackofficeContext) {
  const { db } = ctx;
  return {
    /** The procedures a clerk may export (those of their offices). */
    exportableProcedures: (actor: StaffActor) => proceduresOfOffices(db, actor.offices),

    /** The table of the export; 404 for a procedure of no office of the clerk's. */
    async answersTable(actor: StaffActor, params: AnswersExportParams, labels: ExportLabels, format: 'csv' | 'xlsx'): Promise<ExportTable> {
      const procedure = (await proceduresOfOffices(db, actor.offices)).find((p) => Number(p.id) === params.procedureId);
      if (!procedure) throw new NotFoundError('procedure');
      const settings = params.ranking ? await publishedIntakeSettings(db, params.procedureId, false) : undefined;
      const cap = settings?.maxFilings ?? null;
      const since = params.ranking && settings?.opensAt ? new Date(settings.opensAt) : undefined;
      const cases = await casesOfProcedure(db, { offices: actor.offices, procedureId: params.procedureId, from: params.from, to: params.to, since });
      const summaries = await filingSummaries(db, cases.map((c) => c.submission_id));
      const columns = answerColumns(cases.map((c) => summaries.get(c.submission_id) ?? { steps: [] }));
      const header = [...labels.columns, ...(params.ranking ? labels.rankingColumns : []), ...columns.labels];
      const rows = cases.map((c, i) => {
        const cells = columns.cells(summaries.get(c.submission_id) ?? { steps: [] });
        const rank = params.ranking ? [i + 1, cap === null || i < cap ? labels.withinCap : labels.reserve] : [];
        return [protocolLabel(c) ?? '', romeDateTime.format(c.received_at), labels.status(c.status), c.office_code, c.applicant_name, c.applicant_fiscal_code, c.company_fiscal_code, c.public_id, ...rank, ...columns.keys.map((k) => cells.get(k) ?? '')];
      });
      await audit(ctx, actor, params.ranking ? 'ranking.export' : 'answers.export', { officeCode: actor.offices.length === 1 ? actor.offices[0]! : null }, { procedureId: params.procedureId, from: params.from ?? null, to: params.to ?? null, format, rows: rows.length });
      const slug = params.ranking ? 'graduatoria' : 'risposte';
      return { name: `${slug}-${procedure.id}-${params.from ?? 'inizio'}-${params.to ?? 'oggi'}`, header, rows, cap };
    },
  };
}

/** The table as CSV (with a BOM for spreadsheets), formula-looking cells neutralised. */
export function tableCsv(table: ExportTable): string {
  return `\ufeff${csvLine(table.header)}${table.rows.map((r) => csvLine(r)).join('')}`;
}

/**
 * The table as an XLSX workbook. Every cell is written as a value (text or number), never as a
 * formula; text that looks like one gets the same leading apostrophe as in the CSV, so a copy
 * pasted elsewhere stays inert too.
 */
export async function tableXlsx(table: ExportTable, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  const inert = (v: string | number) => (typeof v === 'number' ? v : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  sheet.addRow(table.header);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map(inert));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

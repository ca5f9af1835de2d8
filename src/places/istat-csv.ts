// ISTAT's list of comuni (Elenco-comuni-italiani.csv, published at
// https://www.istat.it/storage/codici-unita-amministrative/Elenco-comuni-italiani.csv):
// semicolon separated, Windows-1252, a header whose cells may hold line breaks. Columns are
// found by the start of their header, not by position, since ISTAT adds and renames columns
// over the years. Used by scripts/update-comuni.ts.
import type { Comune } from './comuni-data.ts';
import { readCsv } from './csv.ts';

const COLUMNS = {
  istat: 'codice comune formato alfanumerico',
  name: 'denominazione in italiano',
  fullName: 'denominazione (italiana e straniera)',
  cadastral: 'codice catastale del comune',
  province: 'sigla automobilistica',
  region: 'denominazione regione',
} as const;

const headerKey = (cell: string) => cell.replace(/\s+/g, ' ').trim().toLowerCase();

export class IstatCsvError extends Error {
  override name = 'IstatCsvError';
}

/** The comuni of an ISTAT CSV (already decoded to text). Throws IstatCsvError on a file it cannot read. */
export function parseIstatCsv(text: string): Comune[] {
  const [header, ...rows] = readCsv(text, ';');
  if (!header) throw new IstatCsvError('the file is empty');
  const keys = header.fields.map(headerKey);
  const index = Object.fromEntries(
    Object.entries(COLUMNS).map(([name, start]) => [name, keys.findIndex((k) => k.startsWith(start))]),
  ) as Record<keyof typeof COLUMNS, number>;
  const missing = Object.entries(index).filter(([, i]) => i < 0).map(([name]) => COLUMNS[name as keyof typeof COLUMNS]);
  if (missing.length > 0) throw new IstatCsvError(`columns not found: ${missing.join(', ')}`);
  const comuni: Comune[] = [];
  for (const row of rows) {
    const cell = (name: keyof typeof COLUMNS) => (row.fields[index[name]] ?? '').trim();
    const comune: Comune = { istat: cell('istat'), name: cell('name'), cadastral: cell('cadastral').toUpperCase(), province: cell('province').toUpperCase(), region: cell('region') };
    if (!/^\d{6}$/.test(comune.istat) || !comune.name || !/^[A-Z]\d{3}$/.test(comune.cadastral) || !/^[A-Z]{2}$/.test(comune.province)) {
      throw new IstatCsvError(`line ${row.line}: not a comune (${row.fields.slice(0, 6).join(';')})`);
    }
    const fullName = cell('fullName');
    if (fullName && fullName !== comune.name) comune.fullName = fullName;
    comuni.push(comune);
  }
  if (comuni.length === 0) throw new IstatCsvError('no comuni in the file');
  return comuni;
}

// The CSV an administrator uploads as the comune's street list: one row per street, or per
// house-number range of a street (rows with the same code add ranges). Columns are found by
// their header, in Italian or English (codice/code, denominazione/name, da/from, a/to,
// parita/parity, cap, localita/locality), separated by ";" or ",". Every problem is reported
// with its line; a file with any problem is refused whole.
import { readCsv } from './csv.ts';
import type { NumberRange, Parity, Street } from './streets.ts';

export const MAX_STREETS = 20_000;
export const MAX_PROBLEMS = 50;

export interface CsvProblem {
  /** 0: the file as a whole */
  line: number;
  key: string;
  params?: Record<string, string | number>;
}

export type StradarioParse = { ok: true; streets: Street[] } | { ok: false; problems: CsvProblem[] };

const COLUMNS: Record<string, readonly string[]> = {
  code: ['codice', 'code', 'codice via'],
  name: ['denominazione', 'name', 'street', 'via'],
  from: ['da', 'from', 'civico da'],
  to: ['a', 'to', 'civico a'],
  parity: ['parita', 'parity'],
  cap: ['cap', 'postcode'],
  locality: ['localita', 'locality', 'frazione'],
};
const PARITY: Record<string, Parity> = { '': 'all', tutti: 'all', all: 'all', dispari: 'odd', odd: 'odd', pari: 'even', even: 'even' };

/** The template offered for download: the columns, and two example streets. */
export const STRADARIO_TEMPLATE = ['codice;denominazione;da;a;parita;cap;localita', '0001;Via Roma;1;99;dispari;29121;', '0001;Via Roma;2;50;pari;29121;', '0002;Piazza Cavalli;;;;29121;', ''].join('\r\n');

const plain = (cell: string) => cell.normalize('NFD').replace(/\p{M}/gu, '').replace(/[_\s]+/g, ' ').trim().toLowerCase();

function columnsOf(header: string[]): Record<string, number> {
  const keys = header.map(plain);
  return Object.fromEntries(Object.entries(COLUMNS).map(([name, names]) => [name, keys.findIndex((k) => names.includes(k))]));
}

function readNumber(cell: string): number | null | 'bad' {
  if (cell === '') return null;
  return /^\d{1,5}$/.test(cell) ? Number(cell) : 'bad';
}

export function parseStradario(text: string): StradarioParse {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const records = readCsv(text, firstLine.includes(';') ? ';' : ',');
  const [header, ...rows] = records;
  const problems: CsvProblem[] = [];
  const columns = header ? columnsOf(header.fields) : {};
  for (const column of ['code', 'name'] as const) if (!header || columns[column]! < 0) problems.push({ line: header?.line ?? 1, key: 'places.csv.missingColumn', params: { column: COLUMNS[column]![0]! } });
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length === 0) return { ok: false, problems: [{ line: 0, key: 'places.csv.empty' }] };
  if (rows.length > MAX_STREETS) return { ok: false, problems: [{ line: 0, key: 'places.csv.tooMany', params: { max: MAX_STREETS } }] };
  const streets = new Map<string, Street & { line: number }>();
  for (const row of rows) {
    const cell = (name: string) => (columns[name]! >= 0 ? (row.fields[columns[name]!] ?? '').replace(/\s+/g, ' ').trim() : '');
    const line = row.line;
    const report = (key: string, params: Record<string, string | number> = {}) => problems.push({ line, key, params });
    const code = cell('code');
    const name = cell('name');
    if (!/^[A-Za-z0-9_.-]{1,20}$/.test(code)) report('places.csv.code');
    if (name.length < 2 || name.length > 200) report('places.csv.name');
    const from = readNumber(cell('from'));
    const to = readNumber(cell('to'));
    const parity = PARITY[plain(cell('parity'))];
    if (from === 'bad' || to === 'bad') report('places.csv.number');
    else if (from === null && to !== null) report('places.csv.toWithoutFrom');
    else if (from !== null && to !== null && to < from) report('places.csv.toBeforeFrom', { from, to });
    if (parity === undefined) report('places.csv.parity');
    const cap = cell('cap');
    if (cap && !/^\d{5}$/.test(cap)) report('places.csv.cap');
    const known = streets.get(code);
    if (known && plain(known.name) !== plain(name)) report('places.csv.twoNames', { code, first: known.line });
    if (problems.length >= MAX_PROBLEMS) break;
    if (problems.length > 0) continue;
    const range: NumberRange | null = typeof from === 'number' ? { from, to: typeof to === 'number' ? to : null, parity: parity ?? 'all' } : null;
    const street = known ?? { code, name, line, ranges: [], ...(cap ? { cap } : {}), ...(cell('locality') ? { locality: cell('locality') } : {}) };
    if (range) street.ranges.push(range);
    streets.set(code, street);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, streets: [...streets.values()].map(({ line: _line, ...street }) => street) };
}

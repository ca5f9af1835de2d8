// A comune's street list (stradario) as the form engine sees it: streets with their code, their
// denomination and, where known, the house-number ranges that exist on them. Pure: the list
// reaches the form engine through the form context (a port the caller fills from the database,
// places.service.ts); here only matching what a person typed and checking a house number.
import { normalizePlaceName } from './comuni.ts';

export type Parity = 'odd' | 'even' | 'all';

export interface NumberRange {
  from: number;
  /** null: open-ended */
  to: number | null;
  parity: Parity;
}

export interface Street {
  code: string;
  /** the denomination, e.g. "Via Roma" */
  name: string;
  cap?: string | undefined;
  locality?: string | undefined;
  /** empty: numbers unknown, any number is accepted */
  ranges: NumberRange[];
}

export type StreetMatch = { kind: 'found'; street: Street } | { kind: 'ambiguous'; candidates: Street[] } | { kind: 'unknown' };

export interface StreetDirectory {
  readonly size: number;
  find(text: string): StreetMatch;
  byCode(code: string): Street | undefined;
  /** the denominations, sorted, for suggestions */
  labels(): readonly string[];
}

// abbreviations of the toponym's kind, as people write them (longest first)
const ABBREVIATIONS: Array<[string, string]> = [
  ['p.zza', 'piazza'],
  ['p.za', 'piazza'],
  ['pzza', 'piazza'],
  ['pza', 'piazza'],
  ['p.le', 'piazzale'],
  ['v.le', 'viale'],
  ['vle', 'viale'],
  ['c.so', 'corso'],
  ['cso', 'corso'],
  ['l.go', 'largo'],
  ['vic', 'vicolo'],
  ['str', 'strada'],
  ['loc', 'localita'],
  ['fraz', 'frazione'],
  ['v', 'via'],
];
const KINDS = new Set(['via', 'viale', 'piazza', 'piazzale', 'corso', 'largo', 'vicolo', 'strada', 'localita', 'frazione', 'vicolo', 'contrada', 'borgo', 'galleria', 'lungargine', 'salita', 'stradone', 'piazzetta']);

/** How a street name is compared: as a place name, with "V." read as "Via", "P.za" as "Piazza"... */
export function normalizeStreetName(text: string): string {
  let name = normalizePlaceName(text);
  for (const [abbr, full] of ABBREVIATIONS) {
    const next = name.charAt(abbr.length);
    if (name.startsWith(abbr) && (next === '.' || next === ' ')) {
      name = full + ' ' + name.slice(abbr.length);
      break;
    }
  }
  return name.replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The name without its kind ("roma" for "via roma"), to accept "Roma" when only one street is called so. */
const withoutKind = (normalized: string): string | null => {
  const space = normalized.indexOf(' ');
  return space > 0 && KINDS.has(normalized.slice(0, space)) ? normalized.slice(space + 1) : null;
};

export function createStreetDirectory(streets: Street[]): StreetDirectory {
  const exact = new Map<string, Street[]>();
  const loose = new Map<string, Street[]>();
  const push = (map: Map<string, Street[]>, key: string, street: Street) => map.set(key, [...(map.get(key) ?? []), street]);
  for (const street of streets) {
    const key = normalizeStreetName(street.name);
    push(exact, key, street);
    const bare = withoutKind(key);
    if (bare) push(loose, bare, street);
  }
  const byCode = new Map(streets.map((s) => [s.code, s]));
  let labels: string[] | undefined;
  const result = (found: Street[] | undefined): StreetMatch | null =>
    !found || found.length === 0 ? null : found.length === 1 ? { kind: 'found', street: found[0]! } : { kind: 'ambiguous', candidates: found };
  return {
    size: streets.length,
    byCode: (code) => byCode.get(code),
    labels: () => (labels ??= [...new Set(streets.map((s) => s.name))].sort((a, b) => a.localeCompare(b, 'it'))),
    find(text) {
      const key = normalizeStreetName(text);
      return result(exact.get(key)) ?? result(loose.get(withoutKind(key) ?? key)) ?? { kind: 'unknown' };
    },
  };
}

const HOUSE_NUMBER = /^(\d{1,5})(?:\s*[/-]?\s*[A-Za-z0-9]{1,5})?$/;
const WITHOUT_NUMBER = /^s\.?\s?n\.?\s?c\.?$/i;

/** A house number as stored ("12", "12/A", "snc"), or null when it is not one. */
export function normalizeHouseNumber(text: string): string | null {
  const typed = text.replace(/\s+/g, ' ').trim();
  if (WITHOUT_NUMBER.test(typed)) return 'snc';
  return HOUSE_NUMBER.test(typed) ? typed.toUpperCase().replace(/\s*([/-])\s*/, '$1') : null;
}

/** Whether the number (its digits; "snc" always) is within one of the street's ranges; true when none is known. */
export function numberExists(street: Street, houseNumber: string): boolean {
  if (street.ranges.length === 0 || houseNumber === 'snc') return true;
  const n = Number(HOUSE_NUMBER.exec(houseNumber)?.[1] ?? NaN);
  if (!Number.isInteger(n)) return false;
  return street.ranges.some((r) => n >= r.from && (r.to === null || n <= r.to) && (r.parity === 'all' || (r.parity === 'odd') === (n % 2 === 1)));
}

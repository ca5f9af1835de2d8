// The comuni of Italy as a directory the form engine can ask, with no I/O: the list ships with
// the code (comuni.data.json, refreshed by `npm run places:comuni`), so it is plain data like
// the code itself. Finding a comune from what a person typed: its name (case, accents and
// apostrophes do not matter), "Name (PR)", the ISTAT code or the cadastral code. A name that
// several comuni share (Castro, BG and LE) needs its province.
import shipped from './comuni.data.json' with { type: 'json' };
import { unpackComuni, type Comune, type ComuniFile } from './comuni-data.ts';

export type { Comune };

export type ComuneMatch =
  | { kind: 'found'; comune: Comune }
  /** several comuni have this name: the person must add the province */
  | { kind: 'ambiguous'; name: string; candidates: Comune[] }
  /** the name exists, but not in the province given */
  | { kind: 'wrongProvince'; name: string; province: string; candidates: Comune[] }
  | { kind: 'unknown' };

export interface ComuneDirectory {
  find(text: string): ComuneMatch;
  byIstat(code: string): Comune | undefined;
  byCadastral(code: string): Comune | undefined;
  /** "Name (PR)" of every comune, sorted, for suggestions */
  labels(): readonly string[];
  readonly size: number;
  readonly source: string;
  readonly asOf: string;
}

/** How a name is compared: no case, no accents, one kind of apostrophe, single spaces. */
export function normalizePlaceName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\s*(['-])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Piacenza (PC)": how the portal writes a comune. */
export const comuneLabel = (comune: Pick<Comune, 'name' | 'province'>): string => `${comune.name} (${comune.province})`;

const WITH_PROVINCE = /^(.+?)\s*\(\s*([A-Za-z]{2})\s*\)$/;

export function createComuneDirectory(list: Comune[], meta: { source: string; asOf: string } = { source: '', asOf: '' }): ComuneDirectory {
  const byName = new Map<string, Comune[]>();
  const add = (name: string, comune: Comune) => {
    const key = normalizePlaceName(name);
    const known = byName.get(key) ?? [];
    if (!known.includes(comune)) byName.set(key, [...known, comune]);
  };
  for (const comune of list) {
    add(comune.name, comune);
    if (comune.fullName) {
      add(comune.fullName, comune);
      for (const part of comune.fullName.split('/')) add(part, comune);
    }
  }
  const byIstat = new Map(list.map((c) => [c.istat, c]));
  const byCadastral = new Map(list.map((c) => [c.cadastral, c]));
  let labels: string[] | undefined;
  return {
    size: list.length,
    source: meta.source,
    asOf: meta.asOf,
    byIstat: (code) => byIstat.get(code),
    byCadastral: (code) => byCadastral.get(code.toUpperCase()),
    labels: () => (labels ??= list.map(comuneLabel).sort((a, b) => a.localeCompare(b, 'it'))),
    find(text) {
      const typed = text.replace(/\s+/g, ' ').trim();
      if (/^\d{6}$/.test(typed)) {
        const comune = byIstat.get(typed);
        return comune ? { kind: 'found', comune } : { kind: 'unknown' };
      }
      if (/^[A-Za-z]\d{3}$/.test(typed)) {
        const comune = byCadastral.get(typed.toUpperCase());
        if (comune) return { kind: 'found', comune };
      }
      const withProvince = WITH_PROVINCE.exec(typed);
      const name = withProvince ? withProvince[1]! : typed;
      const candidates = byName.get(normalizePlaceName(name)) ?? [];
      if (candidates.length === 0) return { kind: 'unknown' };
      if (withProvince) {
        const province = withProvince[2]!.toUpperCase();
        const inProvince = candidates.filter((c) => c.province === province);
        return inProvince.length === 1 ? { kind: 'found', comune: inProvince[0]! } : { kind: 'wrongProvince', name: candidates[0]!.name, province, candidates };
      }
      return candidates.length === 1 ? { kind: 'found', comune: candidates[0]! } : { kind: 'ambiguous', name: candidates[0]!.name, candidates };
    },
  };
}

/**
 * A place of birth as a person reads it: SPID sends the cadastral code ("H501"), shown as
 * "Roma (RM)"; a code the list does not have (a foreign country, "Z..."), or a name, as sent.
 */
export function placeOfBirthText(place: string): string {
  const comune = /^[A-Za-z]\d{3}$/.test(place.trim()) ? comuni().byCadastral(place.trim()) : undefined;
  return comune ? comuneLabel(comune) : place;
}

let directory: ComuneDirectory | undefined;

/** The comuni shipped with the portal. */
export function comuni(): ComuneDirectory {
  const file = shipped as ComuniFile;
  return (directory ??= createComuneDirectory(unpackComuni(file), { source: file.source, asOf: file.asOf }));
}

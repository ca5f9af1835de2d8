// The list of Italian comuni as the portal ships it (src/places/comuni.data.json): ISTAT code,
// name, cadastral (Belfiore) code, province abbreviation and region, in a compact form (one
// array per comune, regions named once). Written by `npm run places:comuni` from ISTAT's
// published CSV (istat-csv.ts); read by comuni.ts.

export interface Comune {
  /** ISTAT code, six digits (e.g. "033032") */
  istat: string;
  /** Italian name (e.g. "Bolzano") */
  name: string;
  /** the name in both languages where it has two (e.g. "Bolzano/Bozen"), else absent */
  fullName?: string;
  /** codice catastale (Belfiore), e.g. "G535" */
  cadastral: string;
  /** sigla automobilistica, e.g. "PC" */
  province: string;
  region: string;
}

/** The file: where the list came from and when, the regions, and one row per comune. */
export interface ComuniFile {
  source: string;
  /** yyyy-mm-dd: when the list was converted */
  asOf: string;
  regions: string[];
  /** [istat, name, cadastral, province, region index, full name?] */
  comuni: Array<[string, string, string, string, number] | [string, string, string, string, number, string]>;
}

export function packComuni(comuni: Comune[], source: string, asOf: string): ComuniFile {
  const regions = [...new Set(comuni.map((c) => c.region))].sort((a, b) => a.localeCompare(b, 'it'));
  const sorted = [...comuni].sort((a, b) => a.istat.localeCompare(b.istat));
  return {
    source,
    asOf,
    regions,
    comuni: sorted.map((c) => {
      const row: [string, string, string, string, number] = [c.istat, c.name, c.cadastral, c.province, regions.indexOf(c.region)];
      return c.fullName ? [...row, c.fullName] : row;
    }),
  };
}

export function unpackComuni(file: ComuniFile): Comune[] {
  return file.comuni.map(([istat, name, cadastral, province, region, fullName]) => ({
    istat,
    name,
    cadastral,
    province,
    region: file.regions[region] ?? '',
    ...(fullName ? { fullName } : {}),
  }));
}

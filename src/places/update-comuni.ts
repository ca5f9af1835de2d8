// The yearly update of the shipped list of comuni (`npm run places:comuni`): reads ISTAT's CSV
// from a URL (by default ISTAT's own) or a local file, and writes comuni.data.json in the
// portal's compact form. The CLI is scripts/update-comuni.ts; this module does the work, so
// that tests run it on a fixture.
import { readFile, writeFile } from 'node:fs/promises';
import { packComuni, type ComuniFile } from './comuni-data.ts';
import { decodeText } from './csv.ts';
import { parseIstatCsv } from './istat-csv.ts';

export const ISTAT_URL = 'https://www.istat.it/storage/codici-unita-amministrative/Elenco-comuni-italiani.csv';

async function readSource(source: string): Promise<Uint8Array> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  return readFile(source);
}

/** Converts the CSV at `source` and writes it to `out`; returns what was written. */
export async function updateComuni(source: string, out: string, asOf: string, label = source): Promise<ComuniFile> {
  const comuni = parseIstatCsv(decodeText(await readSource(source)));
  const file = packComuni(comuni, label, asOf);
  // one comune per line: small diffs when the yearly update changes a few
  const body = JSON.stringify({ ...file, comuni: [] }, null, 1).replace('"comuni": []', `"comuni": [\n${file.comuni.map((row) => JSON.stringify(row)).join(',\n')}\n]`);
  await writeFile(out, `${body}\n`);
  return file;
}

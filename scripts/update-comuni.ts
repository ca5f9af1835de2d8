// `npm run places:comuni [-- <url or file> [--source "label"]]`: refreshes src/places/comuni.data.json
// from ISTAT's list of comuni (docs/places.md). Without arguments it downloads ISTAT's current CSV.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ISTAT_URL, updateComuni } from '../src/places/update-comuni.ts';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--source');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : undefined;
const source = args[0] ?? ISTAT_URL;
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/places/comuni.data.json');
const asOf = new Date().toISOString().slice(0, 10);
const file = await updateComuni(source, out, asOf, label ?? (/^https?:/.test(source) ? source : path.basename(source)));
console.log(`${path.relative(process.cwd(), out)}: ${file.comuni.length} comuni from ${file.source} (${asOf})`);

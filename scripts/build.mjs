// `npm run build`: compiles src/ to dist/ (tsconfig.build.json) and copies beside the compiled
// modules the files of src/ that are not TypeScript (the seed catalogue's YAML, the builder's
// browser script...), since the code finds those next to its own module (import.meta.url).
// The folders at the package root (views/, public/, migrations/) are not copied: dist/ mirrors
// src/ at the same depth, so the paths the code resolves from its module to the root
// (`../../views`) reach the same folders from dist/ as from src/, and the image ships them once.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
  const from = path.join(entry.parentPath ?? entry.path, entry.name);
  cpSync(from, path.join(dist, path.relative(src, from)));
  copied += 1;
}
console.log(`dist/: compiled, ${copied} asset files copied from src/`);

// `npm test`: the whole suite in three shards, run one after the other, each in fresh workers.
// The files of a shard share their worker's loaded modules (isolate: false in vitest.config.ts,
// for speed), and memory a closed app and its PGlite database leave behind stays with the worker
// (about 250 MB a file): a worker that ran a hundred files was killed for lack of memory on a
// 24 GB machine. A third of the suite per worker pair stays well under that. With arguments
// (files, -t, ...) it is a single `vitest run` with them.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const vitest = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const args = process.argv.slice(2);
const SHARDS = 3;
const runs = args.length > 0 ? [args] : Array.from({ length: SHARDS }, (_, i) => [`--shard=${i + 1}/${SHARDS}`]);
for (const run of runs) {
  const result = spawnSync(process.execPath, [vitest, 'run', ...run], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

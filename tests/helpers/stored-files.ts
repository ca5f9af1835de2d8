// How many files the portal's local file storage holds (DATA_DIR/files, one folder per key
// prefix): tests count them before and after a request to see that it left nothing behind.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

export async function storedFiles(app: FastifyInstance): Promise<number> {
  const root = app.config.submissions.filesDir;
  const dirs = await readdir(root).catch(() => [] as string[]);
  let count = 0;
  for (const dir of dirs) count += (await readdir(path.join(root, dir))).length;
  return count;
}

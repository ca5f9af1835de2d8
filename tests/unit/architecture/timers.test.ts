// Background work has one home: the jobs listed in src/jobs.ts, run by the scheduler of
// src/platform/jobs.ts. A periodic timer anywhere else would run in every replica again.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
// the shutdown closes idle keep-alive connections while it drains: not background work
const ALLOWED = ['src/platform/jobs.ts', 'src/server.ts'];

describe('periodic timers', () => {
  it('are set only by the scheduler', () => {
    const files = readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    const timers = files.filter((file) => !ALLOWED.includes(file) && /\bsetInterval\(/.test(readFileSync(path.join(root, file), 'utf8')));
    expect(timers).toEqual([]);
  });
});

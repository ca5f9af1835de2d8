// The project stands on its own: nothing it ships or documents points at files outside the
// repository (the facts it relies on are restated in docs/specs/).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const OUTSIDE = /SPECS\.md|SPECS §|SPECS section|DESIGN\.md|\.\.\/shared\b/;

describe('the repository', () => {
  it('cites no file outside itself in src/, docs/, views/, tests/ or the README', () => {
    const files = ['src', 'docs', 'views', 'tests']
      .flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)))
      .concat(path.join(root, 'README.md'))
      .filter((file) => file !== import.meta.filename && /\.(ts|js|md|njk|fixture)$/.test(file));
    const citing = files.filter((file) => OUTSIDE.test(readFileSync(file, 'utf8'))).map((file) => path.relative(root, file));
    expect(citing).toEqual([]);
  });
});

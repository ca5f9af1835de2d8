// The back office's boundaries, read from its source: it imports no other domain's repository
// (it asks that domain's service), and it writes only its own tables, so that each of them has
// one owner and the filing's own row is the submissions domain's to write.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve(import.meta.dirname, '../../../src/backoffice');
const OWN_TABLES = ['cases', 'case_events', 'case_requests', 'case_messages', 'case_notes', 'case_files', 'case_decisions', 'audit_log'];

const sources = readdirSync(DIR)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(path.join(DIR, name), 'utf8') }));

/** The tables a source writes, through Kysely or in raw SQL. */
function writtenTables(text: string): string[] {
  const builder = [...text.matchAll(/\.(?:insertInto|updateTable|deleteFrom)\(\s*'(\w+)/g)].map((m) => m[1]!);
  // raw SQL: the sql`...` templates
  const raw = [...text.matchAll(/sql`[^`]*?\b(?:insert\s+into|update|delete\s+from)\s+(\w+)/gi)].map((m) => m[1]!);
  return [...builder, ...raw];
}

describe('the back office boundaries', () => {
  it('reads its sources', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it.each(sources.map((s) => [s.name, s.text]))('%s imports no other domain\'s repository', (_name, text) => {
    const imports = [...text.matchAll(/from '(\.\.\/[^']+)'/g)].map((m) => m[1]!);
    expect(imports.filter((i) => /repository\.ts$/.test(i))).toEqual([]);
  });

  it.each(sources.map((s) => [s.name, s.text]))('%s writes only the back office\'s tables', (_name, text) => {
    for (const table of writtenTables(text)) expect(OWN_TABLES).toContain(table);
  });

  it('sees a write to another domain\'s table', () => {
    expect(writtenTables("await trx.updateTable('submissions').set({ status })")).toEqual(['submissions']);
    expect(writtenTables('await sql`insert into submissions (id) values (1)`.execute(trx)')).toEqual(['submissions']);
  });
});

// The domain boundaries of docs/architecture.md: every table has one owner, the lint rules
// (eslint-rules/) that `npm run lint` runs fail on files that break them, and the allowlist
// of today's violations holds only violations.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { foreignRepositoryImports, foreignTables, isRepository, knownTables, namedTables, noForeignRepository, noForeignTable, root, tableOwners } from '../../../eslint-rules/index.js';

const sources = readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('table owners', () => {
  const tables = knownTables();
  const owners = tableOwners();

  it('every table of the schema and the migrations has one owning repository in docs/architecture.md, of its domain', () => {
    expect([...tables].filter((table) => !owners.has(table))).toEqual([]);
    expect([...owners.keys()].filter((table) => !tables.has(table))).toEqual([]);
    for (const [table, owner] of owners) {
      expect(existsSync(path.join(root, owner.repository)), `${table}: ${owner.repository}`).toBe(true);
      expect(isRepository(owner.repository), table).toBe(true);
      expect(owner.domain.split(' ')[0], table).toBe(owner.repository.split('/')[1]);
    }
  });

  it('each table is named in the SQL of its owning repository only, apart from the listed violations', () => {
    const violations: string[] = [];
    for (const file of sources) {
      for (const table of namedTables(readFileSync(path.join(root, file), 'utf8'), tables).keys()) {
        if (owners.get(table)?.repository !== file) violations.push(`${file} ${table}`);
      }
    }
    const allowed = foreignTables.map((a) => `${a.file} ${a.table}`);
    expect(violations.filter((v) => !allowed.includes(v)), 'new violations').toEqual([]);
    expect(allowed.filter((a) => !violations.includes(a)), 'allowlist entries that are no longer violations: remove them').toEqual([]);
  });

  it("the listed imports of another domain's repository are all still there", () => {
    for (const { file, imports } of foreignRepositoryImports) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(text.includes(`/${path.basename(imports)}'`), `${file} no longer imports ${imports}: remove the entry`).toBe(true);
    }
  });
});

describe('the lint rules', () => {
  // without test globals, RuleTester runs the cases at once and throws on the first failure
  const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
  const at = (file: string) => path.join(root, file);

  it('no-foreign-repository: a domain imports its own repository, never another one', () => {
    tester.run('no-foreign-repository', noForeignRepository, {
      valid: [
        { filename: at('src/payments/payments.service.ts'), code: "import * as repo from './payments.repository.ts';" },
        { filename: at('src/backoffice/x.ts'), code: "import { x } from '../payments/payments.service.ts';" },
        { filename: at('src/backoffice/x.ts'), code: "import * as repo from '../payments/payments.repository.ts';", options: [{ allow: [{ file: 'src/backoffice/x.ts', imports: 'src/payments/payments.repository.ts' }] }] },
      ],
      invalid: [
        { filename: at('src/backoffice/x.ts'), code: "import * as repo from '../payments/payments.repository.ts';", errors: [{ messageId: 'foreign' }] },
        { filename: at('src/backoffice/x.ts'), code: "export { x } from '../payments/payments.repository.ts';", errors: [{ messageId: 'foreign' }] },
        { filename: at('src/jobs.ts'), code: "const repo = await import('./payments/payments.repository.ts');", errors: [{ messageId: 'foreign' }] },
      ],
    });
  });

  it('no-foreign-table: SQL on a table only in its owning repository', () => {
    tester.run('no-foreign-table', noForeignTable, {
      valid: [
        { filename: at('src/payments/payments.repository.ts'), code: "db.selectFrom('payment_positions').selectAll();" },
        { filename: at('src/payments/x.ts'), code: "const label = 'selectFrom payments';" },
      ],
      invalid: [
        { filename: at('src/payments/payments.service.ts'), code: "db.selectFrom('payment_positions').selectAll();", errors: [{ messageId: 'foreign' }] },
        { filename: at('src/backoffice/backoffice.repository.ts'), code: "db.insertInto('staff').values(row);", errors: [{ messageId: 'foreign' }] },
        { filename: at('src/backoffice/backoffice.repository.ts'), code: 'sql`update submissions set status = ${s}`;', errors: [{ messageId: 'foreign' }] },
      ],
    });
  });

  it('npm run lint fails on the fixture files that break each rule', async () => {
    const eslint = new ESLint({ cwd: root });
    const [repository] = await eslint.lintText(fixture('foreign-repository.fixture'), { filePath: at('src/backoffice/fixture.ts') });
    expect(repository!.messages.map((m) => m.ruleId)).toEqual(['local/no-foreign-repository']);
    const [table] = await eslint.lintText(fixture('foreign-table.fixture'), { filePath: at('src/backoffice/fixture.ts') });
    expect(table!.messages.map((m) => `${m.ruleId} ${m.line}`)).toEqual(['local/no-foreign-table 5', 'local/no-foreign-table 6']);
  });
});

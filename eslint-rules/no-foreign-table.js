// Lint rule: each table is named in the SQL of one file only, its owning repository (the
// ownership table of docs/architecture.md); SQL outside repositories and a repository naming
// another domain's table are refused. Option `allow`: a list of { file, table } pairs tolerated
// for now.
import { ALLOW_OPTION, knownTables, namedTables, repositoryPath, tableOwners } from './sql-tables.js';

let cache = null;
function ownership() {
  cache ??= { tables: knownTables(), owners: tableOwners() };
  return cache;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'forbid SQL on a table outside its owning repository' },
    schema: ALLOW_OPTION,
    messages: {
      foreign: "{{file}} names the table '{{table}}', owned by {{owner}}: only that repository runs SQL on it; ask its domain's service (docs/architecture.md).",
      unowned: "the table '{{table}}' has no owner in docs/architecture.md",
    },
  },
  create(context) {
    const file = repositoryPath(context.filename);
    const allowed = new Set((context.options[0]?.allow ?? []).filter((a) => a.file === file).map((a) => a.table));
    return {
      Program(node) {
        const { tables, owners } = ownership();
        for (const [table, line] of namedTables(context.sourceCode.text, tables)) {
          const owner = owners.get(table);
          const loc = { line, column: 0 };
          if (!owner) context.report({ node, loc, messageId: 'unowned', data: { table } });
          else if (owner.repository !== file && !allowed.has(table)) context.report({ node, loc, messageId: 'foreign', data: { file, table, owner: owner.repository } });
        }
      },
    };
  },
};

// The project's own lint rules (loaded by eslint.config.js as the plugin `local`): the domain
// boundaries of docs/architecture.md. The helpers and the allowlist are exported for the tests.
import noForeignRepository from './no-foreign-repository.js';
import noForeignTable from './no-foreign-table.js';

export { foreignRepositoryImports, foreignTables } from './boundary-allowlist.js';
export { isRepository, knownTables, namedTables, root, tableOwners } from './sql-tables.js';
export { noForeignRepository, noForeignTable };

export default { meta: { name: 'local' }, rules: { 'no-foreign-repository': noForeignRepository, 'no-foreign-table': noForeignTable } };

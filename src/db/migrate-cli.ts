// `npm run migrate`: applies pending migrations to the configured database and exits.
import { loadConfig } from '../config.ts';
import { openDatabase } from './database.ts';
import { migrate } from './migrator.ts';

const config = loadConfig();
const handle = await openDatabase(config.database);
try {
  const applied = await migrate(handle);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the database is current.');
} finally {
  await handle.close();
}

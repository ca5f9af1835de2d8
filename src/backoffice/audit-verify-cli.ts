// `npm run audit:verify`: checks every filing's event chain and the staff audit chain on the
// configured database; prints the first broken link of each and exits with 1, or 0 when intact.
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrator.ts';
import { describeBreak, verifyChains } from './audit-verify.ts';

const config = loadConfig();
const handle = await openDatabase(config.database);
try {
  await migrate(handle);
  const report = await verifyChains(handle.db);
  console.log(`Checked ${report.events} events of ${report.filings} filings and ${report.auditEntries} audit entries.`);
  if (report.broken.length === 0) {
    console.log('Every chain is intact.');
  } else {
    for (const b of report.broken) console.error(`BROKEN: ${describeBreak(b)}`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}

// `npm run audit:verify`: checks every filing's event chain and the chained logs (staff audit,
// administration audit, payment status changes, each against its recorded head) on the
// configured database (read only); prints the first broken link of each and exits with 1, or
// 0 when every chain is intact (2 when the database is not migrated yet).
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { pendingMigrations } from '../db/migrator.ts';
import { describeBreak, verifyChains } from './audit-verify.ts';

const config = loadConfig();
const handle = await openDatabase(config.database);
let code = 0;
try {
  const pending = await pendingMigrations(handle);
  if (pending.length > 0) {
    console.error(`The database is not up to date (pending: ${pending.join(', ')}): run npm run migrate first.`);
    code = 2;
  } else {
    const report = await verifyChains(handle.db);
    const { audit_log, admin_audit, payment_transitions } = report.chains;
    console.log(`Checked ${report.events} events of ${report.filings} filings, ${audit_log} staff audit entries, ${admin_audit} administration audit entries and ${payment_transitions} payment status changes.`);
    if (report.broken.length === 0) {
      console.log('Every chain is intact.');
    } else {
      for (const b of report.broken) console.error(`BROKEN: ${describeBreak(b)}`);
      code = 1;
    }
  }
} finally {
  await handle.close();
}
// the embedded database's runtime may end the process on close: say how it went explicitly
await new Promise<void>((resolve) => process.stderr.write('', () => process.stdout.write('', () => resolve())));
process.exit(code);

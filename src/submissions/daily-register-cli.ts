// `npm run protocol:daily -- [YYYY-MM-DD]`: the daily protocol register (DPR 445/2000): every
// registration of one Rome calendar day (default: yesterday), in number order, as CSV on
// standard output, with the SHA-256 of the CSV on standard error so the file can be sealed.
import { createHash } from 'node:crypto';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { addDays, isCalendarDate, romeDate, systemClock } from '../platform/time.ts';
import { dailyRegisterCsv } from './daily-register.ts';

const day = process.argv[2] ?? addDays(romeDate(systemClock()), -1);
if (!isCalendarDate(day)) {
  console.error('usage: npm run protocol:daily -- YYYY-MM-DD');
  process.exit(2);
}
const config = loadConfig();
const handle = await openDatabase(config.database);
try {
  const csv = await dailyRegisterCsv(handle.db, config.protocol, day);
  process.stdout.write(csv);
  console.error(`SHA-256 ${createHash('sha256').update(csv).digest('hex')}`);
} finally {
  await handle.close();
}

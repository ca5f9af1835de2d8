// `npm run protocol:daily -- [YYYY-MM-DD]`: the daily protocol register (DPR 445/2000): every
// registration of one Rome calendar day (default: yesterday), in number order, as CSV on
// standard output, with the SHA-256 of the CSV on standard error so the file can be sealed.
import { createHash } from 'node:crypto';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { dailyRegisterCsv } from './daily-register.ts';

const day = process.argv[2] ?? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date(Date.now() - 86_400_000));
if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
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

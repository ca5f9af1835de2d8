// The built portal end to end, as CI's last check of `npm run build` (.ci/run): starts
// `node dist/server.js` on a fresh PostgreSQL database (in development, where the bundled test
// identity provider runs; production refuses it), waits for /readyz, logs a citizen in through
// the test provider over plain HTTP and files the one-step procedure through its pages, then
// stops the server with SIGTERM and expects a clean exit. Run after `npm run build`:
//
//   npx tsx tests/dist/smoke.ts
//   SMOKE_DATABASE_URL=postgres://user@host:5432/postgres SMOKE_PORT=3800 npx tsx tests/dist/smoke.ts
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Browser, login, prepareFiling } from '../../bench/lib/agent.ts';
import { CLICK_DAY_SLUG, CLICK_DAY_STEP } from '../../bench/lib/citizens.ts';
import { freshDatabase, ROOT, startProcess, waitReady, type Child } from '../../bench/lib/processes.ts';

const adminUrl = process.env.SMOKE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const port = Number(process.env.SMOKE_PORT ?? 3800);
const portal = `http://127.0.0.1:${port}`;
const DATABASE = 'sportello_smoke_dist';
const CITIZEN = 'CSRGGL44L13H501E';

function step(text: string) {
  console.log(`smoke: ${text}`);
}

async function dropDatabase() {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${DATABASE} with (force)`);
  } finally {
    await client.end();
  }
}

async function fileOnce(): Promise<string> {
  const browser = new Browser();
  await login(browser, portal, CITIZEN);
  step(`logged in as ${CITIZEN} through the test identity provider`);
  const ready = await prepareFiling(browser, portal, CLICK_DAY_SLUG, CLICK_DAY_STEP, CITIZEN);
  const filed = await browser.request(`${portal}/servizi/${CLICK_DAY_SLUG}/domanda/invia`, {
    form: Object.fromEntries(new URLSearchParams(ready.body)),
  });
  if (filed.status !== 303 || !filed.location?.includes('/area-personale/richieste/')) throw new Error(`filing: ${filed.status} ${filed.body.slice(0, 300)}`);
  const confirmation = await browser.request(filed.location);
  if (confirmation.status !== 200) throw new Error(`confirmation page: ${confirmation.status}`);
  return filed.location;
}

if (!existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sportello-smoke-'));
let server: Child | null = null;
try {
  const databaseUrl = await freshDatabase(adminUrl, DATABASE);
  server = startProcess('dist/server.js', ['dist/server.js'], {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    TEST_IDP_PORT: String(port + 1),
    DEV_SMTP_PORT: '0',
    DEV_IO_PORT: '0',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  }, portal, { replaceEnv: true });
  // a cold start migrates and loads the seed catalogue: generous, this is not a timing check
  await waitReady(server, `${portal}/readyz`, 180_000);
  step('dist/server.js is ready on PostgreSQL');
  const filing = await fileOnce();
  step(`filed: ${filing}`);
  const exit = await server.kill('SIGTERM');
  server = null;
  if (exit !== 0) throw new Error(`dist/server.js exited with ${exit} on SIGTERM`);
  step('stopped cleanly');
} catch (error) {
  if (server) console.error(server.output());
  throw error;
} finally {
  await server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase().catch(() => {});
}

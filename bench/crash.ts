// `npm run bench:crash`: a click day with crashes. On a private PostgreSQL cluster (initdb in a
// temporary folder, its own port: killing it harms nobody), the portal takes filings from
// logged-in citizens while, at random moments, the portal is killed with SIGKILL and restarted,
// and PostgreSQL is killed with SIGKILL (postmaster and backends) and restarted (crash
// recovery). Each citizen's browser does what a person does when a page fails: tries again a
// moment later with the same summary (the same idempotency key). Afterwards:
//   - every filing whose 303 a client received is stored, none twice (one per key, one per
//     citizen), and the year's protocol numbers have no gap and no duplicate;
//   - then a graceful stop: SIGTERM under load, every request in flight gets its answer (no
//     connection reset), the process exits 0.
// Prints PASS/FAIL lines; exits 1 on any FAIL.
//
//   npm run bench:crash                      # 3 portal kills, 2 PostgreSQL kills, at least 40 s of load
//   npm run bench:crash -- --duration 60 --portal-kills 5 --pg-kills 3 --seed 42
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Pool } from 'undici';
import { CLICK_DAY_SLUG, fillThroughPages, filingBody, layDrafts, loginCitizens, type Citizen } from './lib/citizens.ts';
import { checkInvariants, printChecks, type Acknowledged, type Check } from './lib/invariants.ts';
import { createPrivateCluster, type PrivateCluster } from './lib/pgcluster.ts';
import { freshDatabase, startPortal, type Child } from './lib/processes.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '40' },
    'portal-kills': { type: 'string', default: '3' },
    'pg-kills': { type: 'string', default: '2' },
    citizens: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '24' },
    seed: { type: 'string' },
    'pg-port': { type: 'string', default: '55432' },
    port: { type: 'string', default: '3500' },
  },
});

const seed = Number(args.seed ?? Math.floor(Math.random() * 1e9));
// mulberry32: the same seed, the same kill times
let state = seed >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const durationMs = Number(args.duration) * 1000;
const port = Number(args.port);
const concurrency = Number(args.concurrency);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
function log(message: string) {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${message}`);
}

let cluster: PrivateCluster | null = null;
let portal: Child | null = null;
async function cleanup() {
  await portal?.kill('SIGKILL');
  await cluster?.destroy();
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

const confirmation = /^\/area-personale\/richieste\/([0-9a-f-]{36})\/conferma$/;

try {
  log(`seed ${seed}; starting a private PostgreSQL on port ${args['pg-port']}`);
  cluster = await createPrivateCluster(Number(args['pg-port']));
  await cluster.start();
  const databaseUrl = await freshDatabase(cluster.adminUrl, 'sportello_crash');
  // the registrar's safety-net timer numbers what a killed process left unnumbered
  const portalOptions = { port, databaseUrl, poolSize: 10, env: { PROTOCOL_FLUSH_MS: '500' } };
  // a portal that dies when nobody killed it (e.g. on losing PostgreSQL) is a FAIL, and is
  // started again so that the run goes on
  const unexpected: string[] = [];
  let killing = false;
  const watch = (child: Child) => {
    void child.exited.then((code) => {
      if (killing || child !== portal) return;
      unexpected.push(`pid ${child.pid} exited with ${code}: ${child.output().split('\n').find((l) => /Error/.test(l)) ?? ''}`);
      log(`the portal died by itself (exit ${code}); starting it again`);
      void startPortal(portalOptions).then((next) => {
        portal = next;
        watch(next);
      });
    });
  };
  portal = await startPortal(portalOptions);
  watch(portal);
  log(`portal up (pid ${portal.pid}); logging in ${args.citizens} citizens`);
  const template = await fillThroughPages(portal.url, databaseUrl, 'cittadino-9000001');
  const citizens = await loginCitizens(portal.url, 1, Number(args.citizens), 16);
  await layDrafts(databaseUrl, citizens, template);

  // ---- the load: each browser takes the next citizen and tries until a 303 (or gives up)
  const acknowledged: Acknowledged[] = [];
  const stats = { attempts: 0, ok: 0, refused: 0, failed: 0, gaveUp: 0, retriedAfterFailure: 0 };
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency, headersTimeout: 20_000, bodyTimeout: 20_000 });
  let next = 0;
  let stop = false;
  let stopAt = 0;
  async function file(citizen: Citizen): Promise<void> {
    const giveUpAt = () => (stop ? stopAt + 30_000 : Infinity);
    for (let attempt = 0; Date.now() < giveUpAt(); attempt++) {
      stats.attempts++;
      if (attempt > 0) stats.retriedAfterFailure++;
      try {
        const response = await pool.request({
          method: 'POST',
          path: `/servizi/${CLICK_DAY_SLUG}/domanda/invia`,
          headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: filingBody(citizen),
        });
        await response.body.dump();
        const match = response.statusCode === 303 ? confirmation.exec(String(response.headers.location ?? '')) : null;
        if (match) {
          stats.ok++;
          acknowledged.push({ publicId: match[1]!, idempotencyKey: citizen.idempotencyKey });
          return;
        }
        if (response.statusCode === 503) stats.refused++;
        else stats.failed++;
      } catch {
        stats.failed++;
      }
      await sleep(150 + random() * 350);
    }
    stats.gaveUp++;
  }
  // a fifth of the crowd (at most 500) is kept for the graceful stop at the end
  const reserved = Math.min(500, Math.floor(citizens.length / 5));
  const crowd = citizens.slice(0, citizens.length - reserved);
  const browsers = Array.from({ length: concurrency }, async () => {
    while (!stop && next < crowd.length) await file(crowd[next++]!);
  });

  // ---- the crashes, at random moments, one at a time
  const events: Array<{ at: number; what: 'portal' | 'postgres' }> = [
    ...Array.from({ length: Number(args['portal-kills']) }, () => ({ at: 0, what: 'portal' as const })),
    ...Array.from({ length: Number(args['pg-kills']) }, () => ({ at: 0, what: 'postgres' as const })),
  ];
  // in a random order, each after a random stretch of load with everything up
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  const loadStart = Date.now();
  const log_: string[] = [];
  for (const event of events) {
    await sleep(1500 + random() * 4500);
    const down = 300 + random() * 1500;
    if (event.what === 'portal') {
      log(`SIGKILL portal (pid ${portal.pid}) after ${stats.ok} acknowledged filings; restart in ${down.toFixed(0)} ms`);
      killing = true;
      await portal.kill('SIGKILL');
      killing = false;
      await sleep(down);
      portal = await startPortal(portalOptions);
      watch(portal);
      log(`portal back (pid ${portal.pid})`);
    } else {
      log(`SIGKILL PostgreSQL after ${stats.ok} acknowledged filings; restart in ${down.toFixed(0)} ms`);
      await cluster.kill();
      await sleep(down);
      await cluster.start();
      log('PostgreSQL back (crash recovery done)');
    }
    log_.push(`${event.what}@${((Date.now() - loadStart) / 1000).toFixed(1)}s`);
  }
  const rest = Math.max(3000, loadStart + durationMs - Date.now());
  await sleep(rest);
  stop = true;
  stopAt = Date.now();
  log('load stopped; letting the browsers in the middle of a retry finish');
  await Promise.all(browsers);
  await pool.close();
  log(`${stats.ok} acknowledged, ${stats.attempts} attempts (${stats.retriedAfterFailure} retries, ${stats.refused} answered 503, ${stats.failed} failed), ${stats.gaveUp} gave up`);

  const checks: Check[] = await checkInvariants(databaseUrl, acknowledged, stats.gaveUp);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ n: string }>('select count(*) as n from (select applicant_fiscal_code from submissions group by 1 having count(*) > 1) d');
  checks.push({ name: 'each citizen filed once (retries after a crash found the first filing)', pass: Number(rows[0]!.n) === 0, detail: `${rows[0]!.n} citizens with more than one filing` });
  checks.push({ name: 'the crashes happened', pass: log_.length === events.length, detail: log_.join(', ') || 'none' });
  checks.push({ name: 'the portal never died by itself (losing PostgreSQL included)', pass: unexpected.length === 0, detail: unexpected.join('; ') || 'no unexpected exit' });

  // ---- graceful stop: SIGTERM while requests are in flight
  const remaining = [...crowd.slice(next), ...citizens.slice(crowd.length)];
  await layDrafts(databaseUrl, remaining, template);
  const drainPool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency });
  const drain = { answered: 0, refusedAtClose: 0, reset: 0, refusedConnection: 0 };
  let sigtermSent = false;
  let sigtermAt = 0;
  let index = 0;
  const drainers = Array.from({ length: concurrency }, async () => {
    for (;;) {
      const citizen = remaining[index++];
      if (!citizen) return;
      try {
        const response = await drainPool.request({
          method: 'POST',
          path: `/servizi/${CLICK_DAY_SLUG}/domanda/invia`,
          headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: filingBody(citizen),
        });
        await response.body.dump();
        if (response.statusCode === 503) drain.refusedAtClose++;
        else drain.answered++;
        const match = response.statusCode === 303 ? confirmation.exec(String(response.headers.location ?? '')) : null;
        if (match) acknowledged.push({ publicId: match[1]!, idempotencyKey: citizen.idempotencyKey });
      } catch (error) {
        // refused at connect: the listener is closed, nothing was sent; anything else lost an answer
        if ((error as { code?: string }).code === 'ECONNREFUSED') drain.refusedConnection++;
        else drain.reset++;
        if (sigtermSent) return;
      }
      if (sigtermSent && Date.now() - sigtermAt > 20_000) return;
    }
  });
  await sleep(1500);
  sigtermSent = true;
  sigtermAt = Date.now();
  log('SIGTERM to the portal under load');
  const termAt = Date.now();
  killing = true;
  const exit = await portal.kill('SIGTERM');
  killing = false;
  log(`portal exited with ${exit} ${Date.now() - termAt} ms after SIGTERM`);
  if (exit !== 0) console.log(portal.output());
  await Promise.all(drainers);
  await drainPool.close();
  checks.push({
    name: 'SIGTERM drains the requests in flight and exits 0',
    pass: exit === 0 && drain.reset === 0 && drain.answered + drain.refusedAtClose > 0,
    detail: `exit ${exit}; ${drain.answered} answered, ${drain.refusedAtClose} answered 503 while closing, ${drain.refusedConnection} refused at connect after close, ${drain.reset} connections reset`,
  });
  // the next start numbers whatever the stopped process left unnumbered
  portal = await startPortal(portalOptions);
  killing = true;
  const final = await checkInvariants(databaseUrl, acknowledged, stats.gaveUp + drain.reset);
  await portal.kill('SIGTERM');
  checks.push(...final.map((c) => ({ ...c, name: `after the graceful stop: ${c.name}` })));
  await client.end();

  console.log('');
  const ok = printChecks(checks);
  console.log(`seed ${seed} (run again with --seed ${seed})`);
  await cleanup();
  process.exit(ok ? 0 : 1);
} catch (error) {
  console.error(error);
  await cleanup();
  process.exit(2);
}

// `npm run bench:crash`: a click day with crashes. On a private PostgreSQL cluster (initdb in a
// temporary folder, its own port: killing it harms nobody), the portal takes filings from
// logged-in citizens for a capped call (the seeded click-day call, its cap set below the crowd
// through the builder) while the portal is killed with SIGKILL and restarted, and PostgreSQL is
// killed with SIGKILL (postmaster and backends) and restarted (crash recovery). The kills are
// scheduled by the load's progress, not by the clock: each when the acknowledged filings cross
// a (seeded, random) point of the crowd, and only once requests are outstanding (sent, not yet
// answered); the number outstanding at the instant of each SIGKILL is recorded, and a kill with
// none outstanding, fewer than 5 kills or fewer than 2 of either kind is a FAIL. Each
// citizen's browser does what a person does when a page fails: tries again a moment later with
// the same summary (the same idempotency key), until the load is over. Afterwards:
//   - every filing whose 303 a client received is stored, none twice (one per key, one per
//     citizen), and the year's protocol numbers have no gap and no duplicate;
//   - the call: admitted applications never beyond the cap, the reserve list without gaps,
//     the ranking (src/calls) in protocol-number order and matching the stored placements;
//   - then a graceful stop: SIGTERM under load, every request in flight gets its answer (no
//     connection reset), the process exits 0.
// Prints PASS/FAIL lines and the seed; exits 1 on any FAIL.
//
//   npm run bench:crash                      # 4000 citizens, cap 1000, 4 portal and 3 PostgreSQL kills
//   npm run bench:crash -- --short           # the CI version (.ci/run): 400 citizens, cap 150, 2 portal and 3 PostgreSQL kills, about 2 minutes
//   npm run bench:crash -- --portal-kills 5 --pg-kills 3 --cap 500 --seed 42
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Pool } from 'undici';
import { checkCall, prepareCappedCall } from './lib/call.ts';
import { CLICK_DAY_SLUG, fillThroughPages, filingBody, layDrafts, loginCitizens, type Citizen } from './lib/citizens.ts';
import { checkInvariants, printChecks, type Acknowledged, type Check } from './lib/invariants.ts';
import { createPrivateCluster, type PrivateCluster } from './lib/pgcluster.ts';
import { freshDatabase, startPortal, type Child } from './lib/processes.ts';

const { values: args } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    'portal-kills': { type: 'string' },
    'pg-kills': { type: 'string' },
    citizens: { type: 'string' },
    cap: { type: 'string' },
    concurrency: { type: 'string' },
    // a kill waits (up to 20 s) until at least this many requests are outstanding
    'min-outstanding': { type: 'string' },
    // the load stops after this many seconds even if the crowd has not filed (then FAILs)
    'max-load': { type: 'string' },
    seed: { type: 'string' },
    'pg-port': { type: 'string', default: '55432' },
    port: { type: 'string', default: '3500' },
  },
});

const preset = args.short
  ? { citizens: 400, cap: 150, portalKills: 2, pgKills: 3, concurrency: 12, maxLoad: 240 }
  : { citizens: 4000, cap: 1000, portalKills: 4, pgKills: 3, concurrency: 24, maxLoad: 900 };
const option = (name: string, fallback: number) => (args[name as keyof typeof args] === undefined ? fallback : Number(args[name as keyof typeof args]));
const citizenCount = option('citizens', preset.citizens);
const cap = option('cap', preset.cap);
const concurrency = option('concurrency', preset.concurrency);
const minOutstanding = option('min-outstanding', Math.max(1, Math.floor(concurrency / 4)));
const maxLoadMs = option('max-load', preset.maxLoad) * 1000;

const seed = Number(args.seed ?? Math.floor(Math.random() * 1e9));
// mulberry32: the same seed, the same kill points
let state = seed >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const port = Number(args.port);
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
// interrupted (Ctrl-C, or a CI timeout): no PostgreSQL left running in the temporary folder
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().then(() => process.exit(130)));

const confirmation = /^\/area-personale\/richieste\/([0-9a-f-]{36})\/conferma$/;

try {
  log(`seed ${seed}; starting a private PostgreSQL on port ${args['pg-port']}`);
  cluster = await createPrivateCluster(Number(args['pg-port']));
  await cluster.start();
  const databaseUrl = await freshDatabase(cluster.adminUrl, 'sportello_crash');
  const how = await prepareCappedCall(databaseUrl, CLICK_DAY_SLUG, cap);
  log(`${CLICK_DAY_SLUG}: maxFilings ${cap} (${how}), reserve list unlimited`);
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
  log(`portal up (pid ${portal.pid}); logging in ${citizenCount} citizens`);
  const template = await fillThroughPages(portal.url, databaseUrl, 'cittadino-9000001');
  const citizens = await loginCitizens(portal.url, 1, citizenCount, 16);
  await layDrafts(databaseUrl, citizens, template);

  // ---- the load: each browser takes the next citizen and tries until a 303 (or gives up)
  const acknowledged: Acknowledged[] = [];
  const stats = { attempts: 0, ok: 0, refused: 0, failed: 0, gaveUp: 0, retriedAfterFailure: 0 };
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency, headersTimeout: 20_000, bodyTimeout: 20_000 });
  // the requests sent and not yet answered; each learns how it ended (a kill's victims)
  type Request = { ended: 'acknowledged' | 'failed' | null };
  const outstanding = new Set<Request>();
  let next = 0;
  let stop = false;
  let stopAt = 0;
  async function file(citizen: Citizen): Promise<void> {
    const giveUpAt = () => (stop ? stopAt + 30_000 : Infinity);
    for (let attempt = 0; Date.now() < giveUpAt(); attempt++) {
      stats.attempts++;
      if (attempt > 0) stats.retriedAfterFailure++;
      const request: Request = { ended: null };
      outstanding.add(request);
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
          request.ended = 'acknowledged';
          stats.ok++;
          acknowledged.push({ publicId: match[1]!, idempotencyKey: citizen.idempotencyKey });
          return;
        }
        if (response.statusCode === 503) stats.refused++;
        else stats.failed++;
      } catch {
        stats.failed++;
      } finally {
        outstanding.delete(request);
        request.ended ??= 'failed';
      }
      await sleep(150 + random() * 350);
    }
    stats.gaveUp++;
  }
  // a fifth of the crowd (at most 500) is kept for the graceful stop at the end
  const reserved = Math.min(500, Math.floor(citizens.length / 5));
  const crowd = citizens.slice(0, citizens.length - reserved);
  let loadOver = false;
  const loadStart = Date.now();
  const browsers = Array.from({ length: concurrency }, async () => {
    while (!stop && next < crowd.length) await file(crowd[next++]!);
  });
  const loadDone = Promise.all(browsers).then(() => void (loadOver = true));
  const maxLoad = setTimeout(() => {
    log(`the load has run for ${maxLoadMs / 1000} s: stopping it`);
    stop = true;
    stopAt = Date.now();
  }, maxLoadMs);

  // ---- the crashes, by the load's progress: kill i once the acknowledged filings pass a random
  // point in the i-th of equal slices of 5%..90% of the crowd, and requests are outstanding
  const what: Array<'portal' | 'postgres'> = [...Array.from({ length: option('portal-kills', preset.portalKills) }, () => 'portal' as const), ...Array.from({ length: option('pg-kills', preset.pgKills) }, () => 'postgres' as const)];
  for (let i = what.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [what[i], what[j]] = [what[j]!, what[i]!];
  }
  const slice = 0.85 / what.length;
  const plan = what.map((kind, i) => ({ kind, at: Math.floor(crowd.length * (0.05 + slice * (i + 0.1 + 0.8 * random()))), down: 300 + random() * 1500 }));
  log(`load of ${crowd.length} filings by ${concurrency} browsers; kills planned at ${plan.map((p) => `${p.kind}@${p.at}`).join(', ')} acknowledged`);
  interface Kill {
    kind: 'portal' | 'postgres';
    second: number;
    acknowledged: number;
    outstanding: number;
    victims: Request[];
  }
  const kills: Kill[] = [];
  const until = async (condition: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition() && Date.now() < deadline) await sleep(2);
    return condition();
  };
  for (const step of plan) {
    await until(() => stats.ok >= step.at || loadOver || stop, Infinity);
    if (loadOver || stop) break;
    // the portal answers filings now: wait for a moment with enough of them in flight
    await until(() => outstanding.size >= minOutstanding, 20_000);
    const victims = [...outstanding];
    const kill: Kill = { kind: step.kind, second: (Date.now() - loadStart) / 1000, acknowledged: stats.ok, outstanding: victims.length, victims };
    if (step.kind === 'portal') {
      killing = true;
      await portal.kill('SIGKILL');
      killing = false;
    } else await cluster.kill();
    kills.push(kill);
    log(`SIGKILL ${step.kind === 'portal' ? `portal (pid ${portal.pid})` : 'PostgreSQL'} at ${kill.acknowledged} acknowledged filings with ${kill.outstanding} requests outstanding; restart in ${step.down.toFixed(0)} ms`);
    await sleep(step.down);
    if (step.kind === 'portal') {
      portal = await startPortal(portalOptions);
      watch(portal);
      log(`portal back (pid ${portal.pid})`);
    } else {
      await cluster.start();
      log('PostgreSQL back (crash recovery done)');
    }
  }
  await loadDone;
  clearTimeout(maxLoad);
  await pool.close();
  log(`load over after ${((Date.now() - loadStart) / 1000).toFixed(1)} s: ${stats.ok} acknowledged, ${stats.attempts} attempts (${stats.retriedAfterFailure} retries, ${stats.refused} answered 503, ${stats.failed} failed), ${stats.gaveUp} gave up`);
  for (const [i, k] of kills.entries()) {
    const lost = k.victims.filter((r) => r.ended === 'failed').length;
    log(`kill ${i + 1} (${k.kind}, ${k.second.toFixed(1)} s into the load, ${k.acknowledged}/${crowd.length} acknowledged): ${k.outstanding} outstanding, of which ${k.outstanding - lost} were answered 303 and ${lost} failed and were sent again`);
  }

  const checks: Check[] = await checkInvariants(databaseUrl, acknowledged, stats.gaveUp);
  // (checkInvariants waited for the registrar: every filing has its number now)
  checks.push(...(await checkCall(databaseUrl, CLICK_DAY_SLUG, cap)));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ n: string }>('select count(*) as n from (select applicant_fiscal_code from submissions group by 1 having count(*) > 1) d');
  checks.push({ name: 'each citizen filed once (retries after a crash found the first filing)', pass: Number(rows[0]!.n) === 0, detail: `${rows[0]!.n} citizens with more than one filing` });
  const portalKills = kills.filter((k) => k.kind === 'portal').length;
  checks.push({
    name: 'at least 5 kills during the load, at least 2 of the portal and 2 of PostgreSQL, all planned ones done',
    pass: kills.length >= 5 && portalKills >= 2 && kills.length - portalKills >= 2 && kills.length === plan.length,
    detail: `${kills.length} of ${plan.length} planned: ${portalKills} portal, ${kills.length - portalKills} PostgreSQL`,
  });
  checks.push({
    name: 'every kill happened with filings in flight (requests sent, not yet answered)',
    pass: kills.length > 0 && kills.every((k) => k.outstanding > 0),
    detail: kills.map((k) => `${k.kind}@${k.acknowledged}: ${k.outstanding} outstanding`).join(', ') || 'no kill',
  });
  checks.push({ name: 'the whole crowd filed during the load', pass: stats.ok === crowd.length && !stop, detail: `${stats.ok}/${crowd.length} acknowledged${stop ? `; stopped after ${maxLoadMs / 1000} s` : ''}` });
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
  const final = [...(await checkInvariants(databaseUrl, acknowledged, stats.gaveUp + drain.reset)), ...(await checkCall(databaseUrl, CLICK_DAY_SLUG, cap))];
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
  console.log(`FAIL the crash run broke off; seed ${seed} (run again with --seed ${seed})`);
  await cleanup();
  process.exit(2);
}

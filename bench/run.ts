// `npm run bench`: the click-day load benchmark. Runs the portal (src/server.ts, its own
// process) on a fresh database of a real PostgreSQL server, and beside it the reference server
// (bench/reference-server.ts: bare Fastify, same database, same pool), and measures, one after
// the other so that they never share the CPU:
//
//   browse     anonymous catalogue and procedure pages, closed loop      vs the same bytes from memory
//   click day  distinct logged-in citizens filing the one-step procedure vs one insert per request
//              a) capacity: closed loop (what the portal completes at most)
//              b) an offered rate (default 1,000 filings/s, open loop): p99, memory
//              c) overload: 3x the measured capacity offered: completed/s, 503s, no crash
//
// then checks the invariants (every 303 stored, none twice, protocol numbers gapless) and
// writes bench/results/<time>.json and .svg (and latest.json, latest.svg).
//
//   npm run bench                          # the full run (about 5 to 10 minutes)
//   npm run bench -- --quick               # a short smoke run
//   npm run bench -- --duration 20 --rate 1000 --concurrency 64 --citizens 12000
//   npm run bench -- --only browse --port 3500 --database-name sportello_bench_pages
//   BENCH_DATABASE_URL=postgres://user@host:5432/postgres npm run bench
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { renderChart } from './lib/chart.ts';
import { CLICK_DAY_SLUG, fillThroughPages, filingBody, layDrafts, loginCitizens, reopenCall, type Citizen } from './lib/citizens.ts';
import { checkInvariants, printChecks, type Acknowledged } from './lib/invariants.ts';
import { runLoad, type LoadResult, type Shot } from './lib/load.ts';
import { cpuMeter, freshDatabase, memoryOf, memorySampler, portalEnv, postgresPidsFor, ROOT, startNode, startPortal, waitReady, type Child } from './lib/processes.ts';

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    duration: { type: 'string', default: '10' },
    rate: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '24' },
    citizens: { type: 'string' },
    pool: { type: 'string', default: '10' },
    // the portal listens on port, its test provider on port+1, the reference on port+10 and
    // the login portal on port+20: another port and database name let two runs share a machine
    port: { type: 'string', default: '3400' },
    'database-name': { type: 'string', default: 'sportello_bench' },
    // scale-out: this many portal processes on one PostgreSQL (the load goes round robin) and
    // the notification worker as a process of its own
    processes: { type: 'string', default: '1' },
    // browse: stop after the page scenario (profiling the public pages without the crowd)
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
  },
});

const quick = args.quick;
const durationS = quick ? 3 : Number(args.duration);
const rate = quick ? 300 : Number(args.rate);
const concurrency = Number(args.concurrency);
const poolSize = Number(args.pool);
const port = Number(args.port);
const citizensCount = Number(args.citizens ?? (quick ? 1200 : Math.ceil(rate * durationS * 1.1)));
const durationMs = durationS * 1000;
const processCount = Number(args.processes);
if (!Number.isInteger(processCount) || processCount < 1 || processCount > 8) throw new Error(`--processes: 1 to 8, not ${args.processes}`);
// three overload runs in a row: the target is to hold in every one of them
const OVERLOAD_RUNS = 3;
// dropped and created by name: a plain identifier only
if (!/^[a-z_][a-z0-9_]*$/.test(args['database-name'])) throw new Error(`--database-name: not a plain identifier: ${args['database-name']}`);
if (args.only !== undefined && args.only !== 'browse') throw new Error(`--only: unknown scenario ${args.only} (browse)`);

const PAGES = ['/', '/servizi', `/servizi/${CLICK_DAY_SLUG}`, '/servizi/certificato-residenza', '/servizi/cambio-residenza', '/servizi/contributo-affitto', '/servizi/iscrizione-asilo-nido', '/servizi/dichiarazione-tari'];

function load(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}
function log(message: string) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

const children: Child[] = [];
async function cleanup() {
  await Promise.all(children.map((c) => c.kill('SIGKILL')));
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

interface Scenario {
  name: string;
  server: 'portal' | 'reference';
  result: LoadResult;
  peakRssMb: number;
  loadAverage: { before: string; after: string };
  /** CPU seconds the server's processes (portal processes and worker, or the reference) and PostgreSQL used in the scenario */
  cpu: { serverSeconds: number; postgresSeconds: number; wallSeconds: number };
}
const scenarios: Scenario[] = [];
const databaseName = args['database-name'];

async function measure(name: string, servers: Child | Child[], kind: Scenario['server'], run: () => Promise<LoadResult>): Promise<LoadResult> {
  const list = Array.isArray(servers) ? servers : [servers];
  const before = load();
  log(`${name}: start (load average ${before})`);
  const sampler = memorySampler(list[0]!.pid);
  const serverCpu = cpuMeter(() => list.map((c) => c.pid));
  const postgresCpu = cpuMeter(() => postgresPidsFor(databaseName));
  sampler.start();
  serverCpu.start();
  postgresCpu.start();
  const started = performance.now();
  const result = await run();
  const cpu = { serverSeconds: round2(serverCpu.stop()), postgresSeconds: round2(postgresCpu.stop()), wallSeconds: round2((performance.now() - started) / 1000) };
  const peakRssMb = Math.round(sampler.stop());
  const after = load();
  scenarios.push({ name, server: kind, result, peakRssMb, loadAverage: { before, after }, cpu });
  log(
    `${name}: ${result.ok} done (${result.okPerSecond}/s), ${result.refused} refused (503), ${result.errors} errors; ` +
      `p50 ${result.latencyOkMs.p50} ms, p95 ${result.latencyOkMs.p95} ms, p99 ${result.latencyOkMs.p99} ms; 503 p99 ${result.latencyRefusedMs.p99} ms; peak RSS ${peakRssMb} MB` +
      (result.late ? `; ${result.late} requests sent over 50 ms late (the load generator was short of CPU)` : ''),
  );
  return result;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function pageShots(): () => Shot {
  let i = 0;
  return () => ({ method: 'GET', path: PAGES[i++ % PAGES.length]! });
}

/** The crowd as a queue: a citizen refused with 503 goes back to the end and tries again later. */
function crowd(citizens: Citizen[], acknowledged: Acknowledged[], counters: { inDoubt: number; wrongRedirect: number }) {
  const queue = [...citizens];
  let head = 0;
  const confirmation = /^\/area-personale\/richieste\/([0-9a-f-]{36})\/conferma$/;
  return {
    next(): Shot | null {
      const citizen = queue[head++];
      if (!citizen) return null;
      return { method: 'POST', path: `/servizi/${CLICK_DAY_SLUG}/domanda/invia`, headers: { cookie: citizen.cookie }, body: filingBody(citizen), tag: citizen };
    },
    onResult(shot: Shot, status: number | null, headers: Record<string, string | string[] | undefined>) {
      const citizen = shot.tag as Citizen;
      if (status === 503) {
        queue.push(citizen);
        return;
      }
      const match = status === 303 ? confirmation.exec(String(headers.location ?? '')) : null;
      if (match) acknowledged.push({ publicId: match[1]!, idempotencyKey: citizen.idempotencyKey });
      else if (status === 303) counters.wrongRedirect++;
      else counters.inDoubt++;
    },
    classify(status: number, headers: Record<string, string | string[] | undefined>) {
      if (status === 503) return 'refused' as const;
      return status === 303 && confirmation.test(String(headers.location ?? '')) ? ('ok' as const) : ('error' as const);
    },
  };
}

try {
  const started = new Date();
  log(`Sportello click-day benchmark: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GB, load average ${load()}`);
  log(`scenarios of ${durationS} s, ${concurrency} clients in closed loop, ${rate}/s offered, ${citizensCount} citizens, pool ${poolSize}, ${processCount} portal process(es)`);
  const databaseUrl = await freshDatabase(args.database, args['database-name']);
  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    const { rows } = await c.query<{ v: string }>('show server_version');
    await c.end();
    return rows[0]!.v;
  })();

  log('starting the portal (migrations, seed catalogue)');
  const portal = await startPortal({ port, databaseUrl, poolSize });
  children.push(portal);
  // scale-out: more portal processes on the same database, and the worker apart
  const portals = [portal];
  for (let i = 1; i < processCount; i++) {
    const more = await startPortal({ port: port + 30 + 2 * i, databaseUrl, poolSize, env: { NOTIFICATIONS_WORKER: 'false' } });
    children.push(more);
    portals.push(more);
  }
  const filers: Child[] = [...portals];
  if (processCount > 1) {
    const worker = startNode('worker', 'src/worker.ts', portalEnv({ port: port + 29, databaseUrl, poolSize: 4 }), '');
    children.push(worker);
    filers.push(worker);
  }
  const origins = portals.map((p) => p.url);
  const idle = memoryOf(portal.pid);
  log(`portal ready, pid ${portal.pid}, RSS ${idle?.rssMb.toFixed(0)} MB`);

  // the reference serves the very bytes the portal renders for the same pages
  // and the same headers, but those of the connection and the moment, which its server writes
  const perResponse = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  const pages: Record<string, { contentType: string; body: string; headers: Record<string, string> }> = {};
  for (const page of PAGES) {
    const response = await fetch(`${portal.url}${page}`);
    if (response.status !== 200) throw new Error(`${page}: ${response.status}`);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!perResponse.has(name)) headers[name] = value;
    });
    pages[page] = { contentType: response.headers.get('content-type') ?? 'text/html', body: await response.text(), headers };
  }
  mkdirSync(path.join(ROOT, 'bench', '.data'), { recursive: true });
  const pagesFile = path.join(ROOT, 'bench', '.data', `pages-${port}.json`);
  writeFileSync(pagesFile, JSON.stringify(pages));
  const reference = startNode('reference', 'bench/reference-server.ts', { PORT: String(port + 10), DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: String(poolSize), PAGES: pagesFile }, `http://127.0.0.1:${port + 10}`);
  children.push(reference);
  await waitReady(reference, `${reference.url}/readyz`);

  // ---- browse: warm both, then measure
  await runLoad({ origin: reference.url, mode: { kind: 'closed', concurrency }, durationMs: 1000, next: pageShots() });
  await runLoad({ origin: portal.url, mode: { kind: 'closed', concurrency }, durationMs: 1000, next: pageShots() });
  const refPages = await measure('browse, reference (bytes from memory)', reference, 'reference', () => runLoad({ origin: reference.url, mode: { kind: 'closed', concurrency }, durationMs, next: pageShots() }));
  const portalPages = await measure('browse, portal', portal, 'portal', () => runLoad({ origin: portal.url, mode: { kind: 'closed', concurrency }, durationMs, next: pageShots() }));
  if (args.only === 'browse') {
    const percent = Math.round((portalPages.okPerSecond / refPages.okPerSecond) * 1000) / 10;
    console.log(`\npages/s ${portalPages.okPerSecond} (reference ${refPages.okPerSecond}, ratio ${percent}%)`);
    await portal.kill('SIGTERM');
    await reference.kill('SIGTERM');
    process.exit(0);
  }

  // ---- the crowd
  log(`logging in ${citizensCount} citizens through the test provider (before the measured window)`);
  const loginStart = Date.now();
  // through another process of the portal: the bundled test identity provider keeps every
  // login in memory, which a real SPID/CIE provider does elsewhere; the sessions (sealed
  // cookies, same key) are good on the measured process, whose memory then is the portal's own
  const loginPortal = await startPortal({ port: port + 20, databaseUrl, poolSize: 4 });
  children.push(loginPortal);
  const template = await fillThroughPages(portal.url, databaseUrl, 'cittadino-9000000', loginPortal.url);
  const citizens = await loginCitizens(loginPortal.url, 1, citizensCount, 16, (done) => log(`  ${done} logged in`));
  await loginPortal.kill('SIGTERM');
  const loginSeconds = (Date.now() - loginStart) / 1000;
  log(`${citizensCount} citizens logged in in ${loginSeconds.toFixed(0)} s; portal RSS ${memoryOf(portal.pid)?.rssMb.toFixed(0)} MB`);

  const acknowledged: Acknowledged[] = [];
  const counters = { inDoubt: 0, wrongRedirect: 0 };
  const filingBodyBytes = filingBody(citizens[0]!).length;

  // ---- click day a) capacity
  await runLoad({
    origin: reference.url,
    mode: { kind: 'closed', concurrency },
    durationMs: 1000,
    next: () => ({ method: 'POST', path: `/servizi/${CLICK_DAY_SLUG}/domanda/invia`, body: 'x'.repeat(filingBodyBytes) }),
  });
  const refInserts = await measure('click day, reference (one insert)', reference, 'reference', () =>
    runLoad({
      origin: reference.url,
      mode: { kind: 'closed', concurrency },
      durationMs,
      next: () => ({ method: 'POST', path: `/servizi/${CLICK_DAY_SLUG}/domanda/invia`, headers: { cookie: citizens[0]!.cookie }, body: filingBody(citizens[0]!) }),
    }),
  );
  // each scenario is a click day of its own: every citizen's draft laid again, the call reopened
  const freshCrowd = async () => {
    await layDrafts(databaseUrl, citizens, template);
    await reopenCall(databaseUrl);
    return crowd(citizens, acknowledged, counters);
  };
  // warm the filing path up (the JIT, the pools) with a short unmeasured run
  let c = await freshCrowd();
  await runLoad({ origin: origins, mode: { kind: 'closed', concurrency }, durationMs: 3000, next: c.next, onResult: c.onResult, classify: c.classify });
  c = await freshCrowd();
  const capacity = await measure('click day, portal, capacity (closed loop)', filers, 'portal', () =>
    runLoad({ origin: origins, mode: { kind: 'closed', concurrency }, durationMs, next: c.next, onResult: c.onResult, classify: c.classify }),
  );

  // ---- click day b) the offered rate, or 80% of the capacity when the capacity is below it
  const offeredRate = capacity.okPerSecond >= rate ? rate : Math.max(50, Math.round(capacity.okPerSecond * 0.8));
  const offeredLabel = offeredRate === rate ? `${rate}/s offered` : `${offeredRate}/s offered (80% of the capacity, below ${rate}/s)`;
  c = await freshCrowd();
  const offered = await measure(`click day, portal, ${offeredLabel} (open loop)`, filers, 'portal', () =>
    runLoad({ origin: origins, mode: { kind: 'open', rate: offeredRate }, durationMs, next: c.next, onResult: c.onResult, classify: c.classify }),
  );

  // ---- click day c) three times the capacity, three runs in a row
  const overloadRate = Math.max(50, Math.round(capacity.okPerSecond * 3));
  const overloads: LoadResult[] = [];
  for (let run = 1; run <= OVERLOAD_RUNS; run++) {
    c = await freshCrowd();
    overloads.push(
      await measure(`click day, portal, ${overloadRate}/s offered (3x capacity, run ${run} of ${OVERLOAD_RUNS})`, filers, 'portal', () =>
        runLoad({ origin: origins, mode: { kind: 'open', rate: overloadRate }, durationMs, next: c.next, onResult: c.onResult, classify: c.classify }),
      ),
    );
  }
  const overload = overloads.reduce((worst, r) => (r.okPerSecond < worst.okPerSecond ? r : worst));
  const alive = (await Promise.all(portals.map((p) => fetch(`${p.url}/healthz`).then((r) => r.status === 200).catch(() => false)))).every(Boolean);
  const peakOverall = memoryOf(portal.pid)?.peakMb ?? 0;

  // ---- graceful stop, then the invariants
  const exits = await Promise.all(portals.map((p) => p.kill('SIGTERM')));
  const exit = exits.find((e) => e !== 0) ?? 0;
  await Promise.all(filers.filter((f) => !portals.includes(f)).map((f) => f.kill('SIGTERM')));
  await reference.kill('SIGTERM');
  log(`portal stopped on SIGTERM with exit ${exit}; checking the invariants`);
  const checks = await checkInvariants(databaseUrl, acknowledged, counters.inDoubt + counters.wrongRedirect);

  // ---- report
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : 0);
  const targets = [
    { name: 'submission intake >= 50% of the reference insert rate', value: `${ratio(capacity.okPerSecond, refInserts.okPerSecond)}%`, pass: capacity.okPerSecond >= 0.5 * refInserts.okPerSecond },
    { name: 'public pages >= 80% of the reference static-bytes rate', value: `${ratio(portalPages.okPerSecond, refPages.okPerSecond)}%`, pass: portalPages.okPerSecond >= 0.8 * refPages.okPerSecond },
    { name: `p99 < 100 ms at ${offeredLabel}`, value: `${offered.latencyOkMs.p99} ms (${offered.okPerSecond}/s done, ${offered.refused} refused)`, pass: offered.latencyOkMs.p99 < 100 && offered.refused === 0 && offered.errors === 0 },
    { name: `memory < 300 MB resident at ${offeredLabel}`, value: `${scenarios.find((s) => s.result === offered)!.peakRssMb} MB`, pass: scenarios.find((s) => s.result === offered)!.peakRssMb < 300 },
    {
      name: `at 3x capacity completed/s >= 90% of the peak in each of ${OVERLOAD_RUNS} runs`,
      value: `${overloads.map((r) => `${r.okPerSecond}/s (${ratio(r.okPerSecond, capacity.okPerSecond)}%)`).join(', ')} vs ${capacity.okPerSecond}/s`,
      pass: overloads.every((r) => r.okPerSecond >= 0.9 * capacity.okPerSecond),
    },
    { name: 'overload answered quickly (p99 of 503s < 100 ms)', value: `${overload.latencyRefusedMs.p99} ms over ${overload.refused} refusals`, pass: overload.latencyRefusedMs.count === 0 || overload.latencyRefusedMs.p99 < 100 },
    { name: 'no crash under overload', value: alive ? 'alive' : 'DEAD', pass: alive },
    { name: 'graceful stop on SIGTERM', value: `exit ${exit}`, pass: exit === 0 },
  ];
  console.log('\n| scenario | done/s | p50 ms | p95 ms | p99 ms | 503 | errors | peak RSS MB |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const s of scenarios) {
    const r = s.result;
    console.log(`| ${s.name} | ${r.okPerSecond} | ${r.latencyOkMs.p50} | ${r.latencyOkMs.p95} | ${r.latencyOkMs.p99} | ${r.refused} | ${r.errors} | ${s.peakRssMb} |`);
  }
  const perCore = (s: Scenario | undefined) => (s && s.cpu.serverSeconds > 0 ? Math.round(s.result.ok / s.cpu.serverSeconds) : 0);
  const perPostgresCore = (s: Scenario | undefined) => (s && s.cpu.postgresSeconds > 0 ? Math.round(s.result.ok / s.cpu.postgresSeconds) : 0);
  const capacityScenario = scenarios.find((s) => s.result === capacity);
  const referenceScenario = scenarios.find((s) => s.result === refInserts);
  console.log(`\nsubmissions/s ${capacity.okPerSecond} (reference ${refInserts.okPerSecond}, ratio ${ratio(capacity.okPerSecond, refInserts.okPerSecond)}%)`);
  console.log(
    `filings per second per core of the portal: ${perCore(capacityScenario)} (per core of PostgreSQL: ${perPostgresCore(capacityScenario)}; ` +
      `the reference: ${perCore(referenceScenario)} inserts per core of its process, ${perPostgresCore(referenceScenario)} per core of PostgreSQL)`,
  );
  console.log('CPU seconds per scenario (server processes / PostgreSQL / wall): ' + scenarios.map((s) => `${s.name}: ${s.cpu.serverSeconds} / ${s.cpu.postgresSeconds} / ${s.cpu.wallSeconds}`).join('; '));
  console.log(`pages/s ${portalPages.okPerSecond} (reference ${refPages.okPerSecond}, ratio ${ratio(portalPages.okPerSecond, refPages.okPerSecond)}%)`);
  console.log(`portal peak memory ${Math.round(peakOverall)} MB resident over the whole run (${Math.round(idle?.rssMb ?? 0)} MB idle after start)\n`);
  for (const t of targets) console.log(`${t.pass ? 'PASS' : 'FAIL'} target: ${t.name}: ${t.value}`);
  const invariantsOk = printChecks(checks, 'invariant: ');

  const finished = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  mkdirSync(args.out, { recursive: true });
  const commit = (() => {
    if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
    try {
      return execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    } catch {
      return null;
    }
  })();
  const report = {
    started: started.toISOString(),
    finished: finished.toISOString(),
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: pgVersion, commit },
    settings: { durationS, concurrency, rate, offeredRate, overloadRate, overloadRuns: OVERLOAD_RUNS, processes: processCount, citizens: citizensCount, poolSize, loginSeconds, filingBodyBytes, pages: PAGES },
    summary: {
      submissionsPerSecond: capacity.okPerSecond,
      referenceInsertsPerSecond: refInserts.okPerSecond,
      submissionRatioPercent: ratio(capacity.okPerSecond, refInserts.okPerSecond),
      pagesPerSecond: portalPages.okPerSecond,
      referencePagesPerSecond: refPages.okPerSecond,
      pageRatioPercent: ratio(portalPages.okPerSecond, refPages.okPerSecond),
      offeredRate,
      offeredLatencyMs: offered.latencyOkMs,
      overloadCompletedPerSecond: overloads.map((r) => r.okPerSecond),
      filingsPerSecondPerPortalCore: perCore(capacityScenario),
      filingsPerSecondPerPostgresCore: perPostgresCore(capacityScenario),
      referenceInsertsPerSecondPerCore: perCore(referenceScenario),
      portalIdleRssMb: Math.round(idle?.rssMb ?? 0),
      portalPeakRssMb: Math.round(peakOverall),
    },
    targets,
    invariants: checks,
    scenarios,
  };
  const json = JSON.stringify(report, null, 2);
  writeFileSync(path.join(args.out, `${stamp}.json`), json);
  writeFileSync(path.join(args.out, 'latest.json'), json);
  const svg = renderChart(
    `Sportello click-day benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} cores`,
    scenarios.map((s) => ({ title: s.name, timeline: s.result.timeline })),
  );
  writeFileSync(path.join(args.out, `${stamp}.svg`), svg);
  writeFileSync(path.join(args.out, 'latest.svg'), svg);
  log(`results: ${path.relative(ROOT, path.join(args.out, `${stamp}.json`))} and .svg`);
  await cleanup();
  process.exit(invariantsOk ? 0 : 1);
} catch (error) {
  console.error(error);
  await cleanup();
  process.exit(2);
}

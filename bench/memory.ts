// `npm run bench:memory`: the resident memory (RSS) of one portal process at rest, the target
// being under 150 MB for production. It builds nothing: run `npm run build` first. Each
// scenario starts the portal, waits for /readyz, makes a few requests a visitor makes (home,
// catalogue, a procedure page, a stylesheet, the probes), lets it idle and reads VmRSS from /proc:
//
//   production   node dist/server.js, NODE_ENV=production, on a fresh PostgreSQL database, the
//                pagoPA provider and SPID configured with local addresses that nothing serves
//                (nothing is called at rest: discovery waits for the first login)
//   embedded     node dist/server.js with no DATABASE_URL: PGlite in a temporary folder, in
//                development, with the stand-ins (test identity provider, mail, App IO, sandbox)
//   npm start    the same through tsx (what `npm start` runs on a fresh clone)
//
// and writes bench/results/memory-<time>.json and .txt.
//
//   npm run bench:memory
//   npm run bench:memory -- --only production --root /tmp/copy   # another built tree (e.g. npm ci --omit=dev)
//   BENCH_DATABASE_URL=postgres://user@host:5432/postgres npm run bench:memory
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freshDatabase, memoryOf, ROOT, startProcess, waitReady, type Child } from './lib/processes.ts';

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    port: { type: 'string', default: '3700' },
    // the built tree to run (dist/, views/, public/, migrations/, node_modules/)
    root: { type: 'string', default: ROOT },
    only: { type: 'string' },
    // seconds at rest before the reading (timers, the first garbage collections)
    idle: { type: 'string', default: '15' },
    // more node flags for the portal, e.g. --node-args=--max-semi-space-size=2
    'node-args': { type: 'string', default: '' },
    label: { type: 'string', default: '' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
  },
});

const port = Number(args.port);
const root = path.resolve(args.root);
const idleMs = Number(args.idle) * 1000;
const nodeArgs = args['node-args'].split(' ').filter(Boolean);
const url = `http://127.0.0.1:${port}`;
const NOWHERE = 'http://127.0.0.1:9';

/** What a comune's production start has, with addresses that nothing serves. */
function productionEnv(databaseUrl: string, dataDir: string): Record<string, string> {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    BASE_URL: 'https://sportello.comune-di-prova.it',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SESSION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    SMTP_URL: 'smtp://127.0.0.1:9',
    MAIL_FROM: 'noreply@comune-di-prova.it',
    PAYMENTS_PROVIDER: 'pagopa',
    PAGOPA_GPD_URL: NOWHERE,
    PAGOPA_CHECKOUT_URL: NOWHERE,
    PAGOPA_SUBSCRIPTION_KEY: 'bench',
    PAGOPA_IBAN: 'IT02L1234512345123456789012',
    CREDITOR_FISCAL_CODE: '00085240950',
    PAGOPA_SEGREGATION_CODE: '02',
    PAYMENTS_CALLBACK_SECRET: randomBytes(32).toString('hex'),
    SPID_ISSUER: 'https://127.0.0.1:9/spid',
    SPID_CLIENT_ID: 'https://sportello.comune-di-prova.it',
    OIDC_PRIVATE_JWK: JSON.stringify({ ...key, kid: 'bench', alg: 'ES256', use: 'sig' }),
  };
}

function embeddedEnv(dataDir: string): Record<string, string> {
  return { NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), TEST_IDP_PORT: String(port + 1), DEV_SMTP_PORT: '0', DEV_IO_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
}

interface Scenario {
  name: string;
  args: string[];
  env(dataDir: string): Promise<Record<string, string>>;
}

const scenarios: Scenario[] = [
  {
    name: 'production',
    args: [...nodeArgs, 'dist/server.js'],
    env: async (dataDir) => productionEnv(await freshDatabase(args.database, 'sportello_bench_memory'), dataDir),
  },
  { name: 'embedded', args: [...nodeArgs, 'dist/server.js'], env: async (dataDir) => embeddedEnv(dataDir) },
  { name: 'npm start', args: [...nodeArgs, '--import', 'tsx', 'src/server.ts'], env: async (dataDir) => embeddedEnv(dataDir) },
];

/** A few requests a visitor makes; the procedure page is the first one the catalogue links. */
async function visit(): Promise<number> {
  let count = 0;
  const get = async (pathname: string) => {
    const response = await fetch(url + pathname);
    const body = await response.text();
    count += 1;
    if (response.status !== 200) throw new Error(`GET ${pathname}: ${response.status}`);
    return body;
  };
  for (let round = 0; round < 3; round += 1) {
    await get('/');
    const catalogue = await get('/servizi');
    const slug = /href="\/servizi\/([a-z0-9-]+)"/.exec(catalogue)?.[1];
    if (slug) await get(`/servizi/${slug}`);
    await get('/servizi?lang=en');
    await get('/healthz');
    await get('/readyz');
  }
  return count;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(scenario: Scenario) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sportello-bench-memory-'));
  let child: Child | null = null;
  try {
    const env = await scenario.env(dataDir);
    child = startProcess(`portal (${scenario.name})`, scenario.args, env, url, { cwd: root, replaceEnv: true });
    await waitReady(child, `${url}/readyz`);
    const booted = memoryOf(child.pid);
    const requests = await visit();
    const afterRequests = memoryOf(child.pid);
    await sleep(idleMs);
    const idle = memoryOf(child.pid);
    return { scenario: scenario.name, command: `node ${scenario.args.join(' ')}`, requests, bootedMb: booted?.rssMb, afterRequestsMb: afterRequests?.rssMb, idleMb: idle?.rssMb, peakMb: idle?.peakMb };
  } finally {
    await child?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!existsSync(path.join(root, 'dist', 'server.js'))) throw new Error(`${root}/dist/server.js is missing: run \`npm run build\` first`);
const results = [];
for (const scenario of scenarios) {
  if (args.only && args.only !== scenario.name) continue;
  const result = await measure(scenario);
  results.push(result);
  console.log(`${result.scenario.padEnd(12)} booted ${result.bootedMb?.toFixed(0)} MB, after ${result.requests} requests ${result.afterRequestsMb?.toFixed(0)} MB, idle ${result.idleMb?.toFixed(0)} MB (peak ${result.peakMb?.toFixed(0)} MB)`);
}

const stamp = new Date().toISOString().replace(/:/g, '-').slice(0, 19);
const report = { when: new Date().toISOString(), label: args.label, node: process.version, cpus: os.cpus().length, root, idleSeconds: idleMs / 1000, nodeArgs, results };
mkdirSync(args.out, { recursive: true });
writeFileSync(path.join(args.out, `memory-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
console.log(`written: ${path.relative(ROOT, path.join(args.out, `memory-${stamp}.json`))}`);

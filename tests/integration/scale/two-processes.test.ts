// Scale-out without Docker: two portal processes (`src/server.ts`, as `npm start` runs it) and
// the notification worker (`src/worker.ts`) on one fresh PostgreSQL database, behind a tiny
// round-robin proxy in this test. A citizen logs in through one process and goes on on the
// other (the session is a sealed cookie: any process with the key reads it); the journey goes
// through the proxy, alternating processes at each request; a double click lands on both
// processes at once and files once, with one protocol number; the "received" message is
// delivered once although three processes run workers against the same outbox.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, idempotencyKeyIn, login, prepareFiling } from '../../../bench/lib/agent.ts';
import { CLICK_DAY_SLUG, CLICK_DAY_STEP, fiscalCodeOf } from '../../../bench/lib/citizens.ts';
import { startNode, waitReady, type Child } from '../../../bench/lib/processes.ts';
import { startDevSmtp, type DevSmtpServer } from '../../../src/notifications/dev-smtp.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A round-robin HTTP proxy: each request to the next backend; counts who got what. */
async function roundRobinProxy(backends: string[]): Promise<{ url: string; hits: number[]; server: Server }> {
  const hits = backends.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const index = next++ % backends.length;
    hits[index]!++;
    const target = new URL(req.url ?? '/', backends[index]);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

const SESSION_KEY = 'a3'.repeat(32);

describe.skipIf(!process.env.DATABASE_URL)('two portal processes and a worker on one database (PostgreSQL: PGlite belongs to one process)', () => {
  let database: TestDatabase;
  let smtp: DevSmtpServer;
  let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;
  const children: Child[] = [];
  let a: Child;
  let b: Child;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startDevSmtp({ port: 0 });
    dataDir = mkdtempSync(path.join(tmpdir(), 'sportello-scale-'));
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    const common = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url!,
      // attachments live in a folder every process sees (a shared volume in production)
      DATA_DIR: dataDir,
      SESSION_KEY,
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '10000',
      SMTP_URL: smtp.url,
      IO_ENABLED: 'false',
      WORKER_POLL_MS: '100',
      PROTOCOL_FLUSH_MS: '200',
    };
    const portal = (port: number, idpPort: number) => ({
      ...common,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      TEST_IDP_PORT: String(idpPort),
      // each portal process delivers too: with the worker process, three workers on one outbox
      NOTIFICATIONS_WORKER: 'true',
    });
    // one after the other: the first applies the migrations and loads the catalogue
    a = startNode('portal A', 'src/server.ts', portal(ports[0]!, ports[1]!), `http://127.0.0.1:${ports[0]}`);
    children.push(a);
    await waitReady(a, `${a.url}/readyz`);
    b = startNode('portal B', 'src/server.ts', portal(ports[2]!, ports[3]!), `http://127.0.0.1:${ports[2]}`);
    children.push(b);
    await waitReady(b, `${b.url}/readyz`);
    const worker = startNode('worker', 'src/worker.ts', common, '');
    children.push(worker);
    proxy = await roundRobinProxy([a.url, b.url]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGTERM')));
    await new Promise((resolve) => proxy?.server.close(resolve));
    await smtp?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('keeps the session across processes, files once on a double click split over both, and delivers one message', async () => {
    const person = 'cittadino-424242';
    const browser = new Browser();
    await login(browser, a.url, person);

    // the same cookie, straight to the other process
    browser.rewrite = (url) => url.replace(a.url, b.url);
    const area = await browser.request(`${a.url}/area-personale`);
    expect(area.status).toBe(200);
    expect(area.body).toContain('Numero 424242');

    // then through the proxy, one process after the other
    browser.rewrite = (url) => url.replace(a.url, proxy.url);
    const ready = await prepareFiling(browser, a.url, CLICK_DAY_SLUG, CLICK_DAY_STEP, person);
    const summary = await browser.request(`${a.url}/servizi/${CLICK_DAY_SLUG}/domanda/riepilogo`);
    expect(idempotencyKeyIn(summary.body)).toBe(ready.idempotencyKey);
    expect(proxy.hits[0]).toBeGreaterThan(2);
    expect(proxy.hits[1]).toBeGreaterThan(2);

    // a double click: two requests at once, one to each process
    const before = [...proxy.hits];
    const post = () => browser.request(`${a.url}/servizi/${CLICK_DAY_SLUG}/domanda/invia`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, form: Object.fromEntries(new URLSearchParams(ready.body)) });
    const [first, second] = await Promise.all([post(), post()]);
    expect(proxy.hits[0]! - before[0]!).toBe(1);
    expect(proxy.hits[1]! - before[1]!).toBe(1);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(first.location).toMatch(/\/area-personale\/richieste\/[0-9a-f-]{36}\/conferma$/);
    expect(second.location).toBe(first.location);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ protocol_year: number; protocol_number: number | null }>('select protocol_year, protocol_number from submissions where applicant_fiscal_code = $1', [fiscalCodeOf(person)]);
      expect(rows).toHaveLength(1);
      const register = await client.query<{ number: number }>('select number from protocol_register');
      expect(register.rows.map((r) => r.number)).toEqual([1]);

      // the confirmation, through the proxy, with the number
      const confirmation = await browser.request(first.location!);
      expect(confirmation.status).toBe(200);
      expect(confirmation.body).toMatch(/0000001\/\d{4}/);

      // three workers (two in the portals, one process of its own) on one outbox: one e-mail
      const mails = await smtp.waitFor(1, 30_000);
      expect(mails[0]!.subject).toContain('0000001');
      await new Promise((r) => setTimeout(r, 1500));
      expect(smtp.messages()).toHaveLength(1);
      const deliveries = await client.query<{ channel: string; status: string; attempts: number }>(
        "select channel, status, attempts from notification_deliveries where channel = 'email'",
      );
      expect(deliveries.rows).toEqual([{ channel: 'email', status: 'sent', attempts: 1 }]);
    } finally {
      await client.end();
    }
  }, 120_000);
});

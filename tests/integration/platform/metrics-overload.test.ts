// Metrics in Prometheus format, kept from the public (a bearer token on the portal's port, 404
// in production without one, or a port of their own), and overload answered at once with 503 and Retry-After when
// requests would only queue for a database connection (a public page kept in memory needs
// none, and is still served).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createTestApp, testConfig, type TestApp } from '../../helpers/app.ts';

const apps: TestApp[] = [];
afterAll(async () => Promise.all(apps.map((a) => a.close())));

describe('metrics', () => {
  it('exposes request latency by route, pool usage and the protocol backlog', async () => {
    const t = await createTestApp();
    apps.push(t);
    await t.app.inject('/servizi');
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/servizi"/);
    expect(res.body).toContain('sportello_db_pool_connections{state="total"}');
    expect(res.body).toContain('sportello_protocol_backlog 0');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('who may read the metrics', () => {
  const token = 'a-scraper-token-of-at-least-32-characters';

  it('with METRICS_TOKEN: 404 on the portal\'s port without the token or with another, 200 with it', async () => {
    const t = await createTestApp({ METRICS_TOKEN: token });
    apps.push(t);
    expect((await t.app.inject('/metrics')).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token.slice(1)}x` } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: `Basic ${token}` } })).statusCode).toBe(404);
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('sportello_db_pool_connections');
  });

  it('in production, without a token, the portal\'s port has no /metrics', async () => {
    const production = {
      NODE_ENV: 'production',
      SESSION_KEY: randomBytes(32).toString('hex'),
      BASE_URL: 'https://sportello.comune-di-prova.it',
      SMTP_HOST: 'smtp.comune-di-prova.it',
      MAIL_FROM: 'noreply@comune-di-prova.it',
      PAYMENTS_PROVIDER: 'pagopa',
      PAYMENTS_CALLBACK_SECRET: 'x'.repeat(32),
      PAGOPA_GPD_URL: 'https://api.uat.platform.pagopa.it',
      PAGOPA_CHECKOUT_URL: 'https://api.uat.platform.pagopa.it',
      PAGOPA_SUBSCRIPTION_KEY: 'key',
      PAGOPA_IBAN: 'IT02L1234512345123456789012',
      CREDITOR_FISCAL_CODE: '00085240950',
      PAGOPA_SEGREGATION_CODE: '02',
      SPID_ISSUER: 'https://spid.example.it',
      SPID_CLIENT_ID: 'https://sportello.comune-di-prova.it',
    };
    expect((await testConfig(production)).metrics.publicRoute).toBe('off');
    expect((await testConfig({ ...production, METRICS_TOKEN: token })).metrics.publicRoute).toBe('token');
    expect(loadConfig({ NODE_ENV: 'development' }).metrics.publicRoute).toBe('open');
  });

  it('METRICS_PORT serves /metrics on a port of its own, and nothing else there', async () => {
    const t = await createTestApp({ METRICS_PORT: '0', METRICS_TOKEN: token });
    const url = t.app.metrics.portUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await res.text()).toContain('http_request_duration_seconds');
    expect((await fetch(`${url}/servizi`)).status).toBe(404);
    await t.close();
    expect(t.app.metrics.portUrl()).toBeNull();
  });
});

describe.skipIf(!process.env.DATABASE_URL)('overload (PostgreSQL: PGlite has no pool to exhaust)', () => {
  it('answers 503 with Retry-After while the pool queue is full, and recovers', async () => {
    const t = await createTestApp({ OVERLOAD_MAX_POOL_WAITING: '0', OVERLOAD_RETRY_AFTER_SECONDS: '7' }, { poolSize: 1 });
    apps.push(t);
    // a public page kept in memory needs no connection: it is still served (from the first hook)
    await t.app.inject('/');
    expect((await t.app.inject('/')).headers['x-page-cache']).toBe('hit');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // hold the only connection, and queue one request behind it
    const holder = t.app.db.connection().execute(async (conn) => {
      await sql`select 1`.execute(conn);
      await held;
    });
    const queued = t.app.inject('/servizi');
    await new Promise((r) => setTimeout(r, 100));
    const refused = await t.app.inject('/servizi');
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('7');
    expect(refused.body).toContain('Servizio molto richiesto');
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    const kept = await t.app.inject('/');
    expect(kept.statusCode).toBe(200);
    expect(kept.headers['x-page-cache']).toBe('hit');
    release();
    await holder;
    expect((await queued).statusCode).toBe(200);
    expect((await t.app.inject('/servizi')).statusCode).toBe(200);
    const metrics = await t.app.inject('/metrics');
    expect(metrics.body).toMatch(/sportello_overload_rejections_total\{reason="pool"\} 1/);
  });
});

// Metrics in Prometheus format, and overload answered at once with 503 and Retry-After when
// requests would only queue for a database connection (a public page kept in memory needs
// none, and is still served).
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';

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

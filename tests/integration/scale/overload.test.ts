// Filing under overload: past the cap of filings in flight the portal answers 503 with
// Retry-After at once (it does not queue the request behind the others), and takes filings
// again as soon as the ones in flight are done.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';

const BASE = '/servizi/bando-contributi-click-day/domanda';
const INTAKE_LOCK = 7_315_004;

async function readyToFile(agent: PortalAgent): Promise<string> {
  await agent.get(BASE);
  await agent.post(`${BASE}/informativa`, { accept: 'yes' });
  await agent.post(`${BASE}/dati-generali`, {});
  const step = await agent.post(`${BASE}/passo/domanda`, { tipoMezzo: 'cargo-bike', spesaPrevista: '2.400,00', iban: 'IT60X0542811101000000123456', dichiarazioneRequisiti: 'yes' });
  expect(step.headers.location).toBe(`${BASE}/riepilogo`);
  const summary = await agent.get(`${BASE}/riepilogo`);
  return /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(summary.body)![1]!;
}

describe.skipIf(!process.env.DATABASE_URL)('filings in flight (PostgreSQL: a second connection holds the intake back)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ OVERLOAD_MAX_FILINGS_IN_FLIGHT: '1', OVERLOAD_RETRY_AFTER_SECONDS: '3', LOGIN_RATE_LIMIT: '10000' });
  });
  afterAll(async () => t?.close());

  it('refuses at once past the cap, with Retry-After, and recovers', async () => {
    const first = await loginAs(t, TEST_PEOPLE.citizen);
    const second = await loginAs(t, TEST_PEOPLE.citizen2);
    const firstKey = await readyToFile(first);
    const secondKey = await readyToFile(second);

    // the registrar's exclusive lock, held from outside: the first filing waits inside
    const holder = new pg.Client({ connectionString: t.database.url });
    await holder.connect();
    await holder.query('select pg_advisory_lock($1)', [INTAKE_LOCK]);
    const pending = first.post(`${BASE}/invia`, { idempotencyKey: firstKey });
    await new Promise((r) => setTimeout(r, 300));

    const started = Date.now();
    const refused = await second.post(`${BASE}/invia`, { idempotencyKey: secondKey });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('3');
    expect(Date.now() - started).toBeLessThan(1000);
    // the next refusal is the page kept by the first, sent from the first hooks (before the
    // session and the language are read) with the same head
    const kept = await second.post(`${BASE}/invia`, { idempotencyKey: secondKey });
    expect(kept.statusCode).toBe(503);
    expect(kept.headers['retry-after']).toBe('3');
    expect(kept.headers['cache-control']).toBe('no-store');
    expect(kept.headers['content-security-policy']).toBe(refused.headers['content-security-policy']);
    expect(kept.headers['set-cookie']).toBeUndefined();
    expect(kept.body).toBe(refused.body);

    await holder.query('select pg_advisory_unlock($1)', [INTAKE_LOCK]);
    await holder.end();
    expect((await pending).statusCode).toBe(303);
    const again = await second.post(`${BASE}/invia`, { idempotencyKey: secondKey });
    expect(again.statusCode).toBe(303);
    const metrics = await t.app.inject('/metrics');
    expect(metrics.body).toMatch(/sportello_overload_rejections_total\{reason="inflight"\} 2/);
  });
});

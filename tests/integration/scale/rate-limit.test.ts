// Per-person rate limit on filing: one identity cannot flood the intake (429 with Retry-After),
// and another person filing at the same time is not slowed down by it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SUBMIT_RATE_LIMIT: '3', LOGIN_RATE_LIMIT: '10000' });
});
afterAll(async () => t?.close());

const URL = '/servizi/bando-contributi-click-day/domanda/invia';

describe('filings per person', () => {
  it('answers 429 with Retry-After past the limit, for that person only', async () => {
    const flooder = await loginAs(t, TEST_PEOPLE.citizen);
    const other = await loginAs(t, TEST_PEOPLE.citizen2);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await flooder.post(URL, { idempotencyKey: '00000000-0000-4000-8000-00000000000' + i })).statusCode);
    expect(statuses.slice(0, 3)).not.toContain(429);
    const refused = await flooder.post(URL, { idempotencyKey: '00000000-0000-4000-8000-000000000009' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(statuses[3]).toBe(429);
    expect((await other.post(URL, { idempotencyKey: '00000000-0000-4000-8000-000000000010' })).statusCode).not.toBe(429);
  });
});

// The identity settings at work, on one portal configured away from the defaults: served over
// https (Secure cookies, the public redirect URI), client_secret_basic at the test provider,
// shorter session limits, a low login rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';
import { createIdentityTestApp, jwtPayload, type IdentityTestApp } from './setup.ts';

const MINUTE = 60_000;
let t: IdentityTestApp;

beforeAll(async () => {
  t = await createIdentityTestApp({
    env: {
      BASE_URL: 'https://sportello.example.it',
      TEST_IDP_CLIENT_AUTH: 'client_secret_basic',
      SESSION_IDLE_MINUTES: '5',
      SESSION_MAX_HOURS: '1',
      LOGIN_RATE_LIMIT: '6',
    },
  });
});
afterAll(async () => {
  await t?.close();
});

describe('a portal served over https', () => {
  it('marks the session cookie Secure and sends the public redirect URI', async () => {
    const res = await t.app.inject({ url: '/auth/login?provider=test-spid' });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers['set-cookie'])).toMatch(/sportello_session=.*; Secure/);
    const request = jwtPayload(new URL(String(res.headers.location)).searchParams.get('request')!);
    expect(request.redirect_uri).toBe('https://sportello.example.it/auth/callback');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
  });
});

describe('client_secret_basic and shorter sessions', () => {
  it('logs in with a client secret at the test provider, and the session ends after 5 idle minutes', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await agent.get('/')).body).toContain('Giulio Cesare');
    t.advance(4 * MINUTE);
    expect((await agent.get('/')).body).toContain('Giulio Cesare');
    t.advance(6 * MINUTE);
    expect((await agent.get('/')).body).not.toContain('Giulio Cesare');
  });

  it('logout still revokes the token (authenticated with the client secret)', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen2);
    const token = agent.session()!.get('identity')!.accessToken!;
    expect((await agent.post('/auth/logout')).statusCode).toBe(303);
    expect((await t.app.services.identity.introspect('test-spid', token)).active).toBe(false);
  });
});

describe('login rate limit', () => {
  it('answers 429 once an address has asked too often in a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await new PortalAgent(t.app).get('/auth/login')).statusCode);
    expect(statuses).toContain(429);
    const first429 = statuses.indexOf(429);
    expect(statuses.slice(0, first429).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
    const page = await t.app.inject({ url: '/auth/login' });
    expect(page.body).toContain('Troppe richieste');
  });
});

// The login session: a fresh session at login (nothing from before survives), the idle and
// absolute limits enforced on the server, logout (POST, CSRF-protected) revoking the token at
// the provider and clearing the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateAtProvider, beginLogin, finishLogin, loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';
import { createIdentityTestApp, type IdentityTestApp } from './setup.ts';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

let t: IdentityTestApp;
function advance(ms: number) {
  t.advance(ms);
}

beforeAll(async () => {
  t = await createIdentityTestApp({
    routes: async (app) => {
      const { requireUser } = await import('../../../src/identity/policies.ts');
      app.get('/test/private', { preHandler: requireUser() }, async (request) => ({ fiscalCode: request.user!.fiscalCode }));
    },
  });
});
afterAll(async () => {
  await t?.close();
});

async function introspect(agent: PortalAgent, token: string) {
  return t.app.services.identity.introspect('test-spid', token);
}

describe('a fresh session at login', () => {
  it('clears everything the session held before (no fixation, new CSRF secret)', async () => {
    const agent = new PortalAgent(t.app);
    // a session that already has content: a CSRF secret and something planted
    await agent.get('/auth/login?provider=test-spid');
    const before = agent.session()!;
    agent.setSession({ ...before.data(), _csrf: 'planted-secret', planted: 'by someone else' });
    const location = String((await agent.get('/auth/login?provider=test-spid&level=2')).headers.location);
    const callback = await authenticateAtProvider(t.app, location, { person: TEST_PEOPLE.citizen, level: 2 });
    const cookieBefore = agent.sessionCookie;
    expect((await finishLogin(agent, callback)).statusCode).toBe(303);
    const after = agent.session()!;
    expect(agent.sessionCookie).not.toBe(cookieBefore);
    expect(after.get('identity')).toBeDefined();
    expect(after.get('planted')).toBeUndefined();
    expect(after.get('_csrf')).toBeUndefined();
    expect(after.get('login')).toBeUndefined();
  });
});

describe('session limits', () => {
  it('ends after 30 minutes without use; the next page asks to log in again', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await agent.get('/test/private')).statusCode).toBe(200);
    advance(29 * MINUTE);
    expect((await agent.get('/test/private')).statusCode).toBe(200);
    advance(29 * MINUTE); // used 29 minutes ago: still alive
    expect((await agent.get('/test/private')).statusCode).toBe(200);
    advance(31 * MINUTE);
    const res = await agent.get('/test/private');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/auth/login?expired=1&returnTo=%2Ftest%2Fprivate');
    expect(agent.session()!.get('identity')).toBeUndefined();
    const login = await agent.get(String(res.headers.location));
    expect(login.body).toContain('La tua sessione è scaduta');
  });

  it('ends 12 hours after login even when used all the time', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen2);
    for (let elapsed = 0; elapsed < 11 * HOUR + 40 * MINUTE; elapsed += 20 * MINUTE) {
      advance(20 * MINUTE);
      expect((await agent.get('/test/private')).statusCode).toBe(200);
    }
    advance(20 * MINUTE);
    const res = await agent.get('/test/private');
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toContain('expired=1');
    // the page without login requirement just shows the person as logged out
    const home = await agent.get('/');
    expect(home.body).not.toContain('Ada Lovelace');
  });
});

describe('logout', () => {
  it('revokes the access token at the provider and clears the session', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen3);
    const token = agent.session()!.get('identity')!.accessToken!;
    expect((await introspect(agent, token)).active).toBe(true);
    const revocations = t.app.identity.testIdp!.revocations;
    const res = await agent.post('/auth/logout');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(t.app.identity.testIdp!.revocations).toBe(revocations + 1);
    expect((await introspect(agent, token)).active).toBe(false);
    expect(agent.sessionCookie).toBeUndefined();
    const home = await agent.get('/');
    expect(home.body).not.toContain('Mario Rossi');
    expect((await agent.get('/test/private')).statusCode).toBe(303);
  });

  it('without a CSRF token: 403 and nothing changes', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen);
    const token = agent.session()!.get('identity')!.accessToken!;
    const res = await agent.post('/auth/logout', {}, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await agent.get('/test/private')).statusCode).toBe(200);
    expect((await introspect(agent, token)).active).toBe(true);
  });

  it('with a wrong CSRF token: 403 and nothing changes', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen);
    const other = await loginAs(t, TEST_PEOPLE.citizen2);
    const res = await agent.post('/auth/logout', {}, { csrf: await other.csrfToken() });
    expect(res.statusCode).toBe(403);
    expect((await agent.get('/test/private')).statusCode).toBe(200);
  });

  it('is not a GET', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await agent.get('/auth/logout')).statusCode).toBe(404);
    expect((await agent.get('/test/private')).statusCode).toBe(200);
  });
});

describe('pages for logged-in people', () => {
  it('are never cached; the login redirect keeps the page to come back to', async () => {
    const anonymous = new PortalAgent(t.app);
    const res = await anonymous.get('/test/private?x=1');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/auth/login?returnTo=%2Ftest%2Fprivate%3Fx%3D1');
    const location = await beginLogin(anonymous, { level: 2, returnTo: '/test/private?x=1' });
    const callback = await authenticateAtProvider(t.app, location, { person: TEST_PEOPLE.citizen, level: 2 });
    const done = await finishLogin(anonymous, callback);
    expect(done.headers.location).toBe('/test/private?x=1');
    const page = await anonymous.get('/test/private?x=1');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.json()).toEqual({ fiscalCode: TEST_PEOPLE.citizen });
  });
});

// Sessions ended on the server (issue 14, findings 2 and 15): a copy of the session cookie is
// refused after logout, after "log out everywhere" (every session of the person, on any
// device), after an administrator deactivates a staff member, and in another portal process
// on the same database once it has polled the revocations. The cookie lives as long as
// SESSION_MAX_HOURS says, not a fixed 12 hours.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { createTestApp, testConfig, type TestApp } from '../../helpers/app.ts';
import { loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Another browser holding a copy of the agent's cookies (a stolen or forgotten session). */
function copyOf(agent: PortalAgent, app: FastifyInstance = agent.app): PortalAgent {
  const copy = new PortalAgent(app);
  for (const [name, value] of agent.cookies) copy.cookies.set(name, value);
  return copy;
}

/** Turned away as a stranger: sent to log in. */
function expectSentToLogin(response: { statusCode: number; headers: Record<string, unknown> }) {
  expect(response.statusCode).toBe(303);
  expect(String(response.headers.location)).toMatch(/^\/auth\/login\?/);
}

describe('logout ends the session on the server', () => {
  it('a copy of a citizen\'s cookie no longer opens the personal area nor changes a setting', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const thief = copyOf(citizen);
    const token = await thief.csrfToken('/area-personale/preferenze');
    const stolen = copyOf(thief);
    expect((await copyOf(stolen).get('/area-personale')).statusCode).toBe(200);

    expect((await citizen.post('/auth/logout')).statusCode).toBe(303);

    expectSentToLogin(await copyOf(stolen).get('/area-personale'));
    expectSentToLogin(await copyOf(stolen).post('/area-personale/preferenze/app-io', { io: 'on' }, { csrf: token }));
  });

  it('a copy of a clerk\'s cookie no longer opens the back office', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const stolen = copyOf(clerk);
    expect((await copyOf(stolen).get('/backoffice')).statusCode).toBe(200);
    await clerk.post('/auth/logout');
    expect((await copyOf(stolen).get('/backoffice')).statusCode).not.toBe(200);
    expectSentToLogin(await copyOf(stolen).get('/area-personale'));
  });
});

describe('an administrator deactivating a staff member', () => {
  it('ends the member\'s sessions: the cookie opens neither the back office nor the personal area', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkTributi);
    expect((await clerk.get('/backoffice')).statusCode).toBe(200);
    const admin = await loginAs(t, TEST_PEOPLE.admin);
    const member = await t.app.db.selectFrom('staff').select('id').where('fiscal_code', '=', TEST_PEOPLE.clerkTributi).executeTakeFirstOrThrow();
    const deactivated = await admin.post(`/admin/personale/${member.id}`, { givenName: 'Davide', familyName: 'Greco', email: '', role: 'clerk', offices: 'tributi' });
    expect(deactivated.statusCode).toBe(303);
    expect((await clerk.get('/backoffice')).statusCode).not.toBe(200);
    expectSentToLogin(await clerk.get('/area-personale'));
    // the administrator's own session goes on
    expect((await admin.get('/admin')).statusCode).toBe(200);
  });
});

describe('log out everywhere', () => {
  it('is offered on the preferences page, in Italian and English', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen3);
    const page = await citizen.get('/area-personale/preferenze');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('action="/auth/logout-everywhere"');
    expect(page.body).toContain('Esci da tutti i dispositivi');
    expect((await citizen.get('/area-personale/preferenze?lang=en')).body).toContain('Log out everywhere');
  });

  it('ends every session of the person, a second login included, and says so', async () => {
    const phone = await loginAs(t, TEST_PEOPLE.citizen2);
    const laptop = await loginAs(t, TEST_PEOPLE.citizen2);
    const someoneElse = await loginAs(t, TEST_PEOPLE.representative, { company: 'self' });
    expect((await laptop.get('/area-personale')).statusCode).toBe(200);

    const res = await phone.post('/auth/logout-everywhere');
    expect(res.statusCode).toBe(303);
    const done = await phone.get(String(res.headers.location));
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Sei uscito da tutti i dispositivi');
    expect((await phone.get(`${String(res.headers.location)}?lang=en`)).body).toContain('You have logged out everywhere');

    expectSentToLogin(await phone.get('/area-personale'));
    expectSentToLogin(await laptop.get('/area-personale'));
    // another person's session is not touched
    expect((await someoneElse.get('/area-personale')).statusCode).toBe(200);
    // a new login works
    expect((await (await loginAs(t, TEST_PEOPLE.citizen2)).get('/area-personale')).statusCode).toBe(200);
  });

  it('needs the CSRF token', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await citizen.post('/auth/logout-everywhere', {}, { csrf: false })).statusCode).toBe(403);
    expect((await citizen.get('/area-personale')).statusCode).toBe(200);
  });
});

describe('another portal process on the same database', () => {
  let replica: FastifyInstance;
  beforeAll(async () => {
    replica = await buildApp(await testConfig(), { database: t.database.handle, skipSetup: true });
    await replica.ready();
  });
  afterAll(async () => {
    await replica?.close();
  });

  it('refuses a session revoked elsewhere once it has polled the revocations', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen3);
    const there = copyOf(citizen, replica);
    expect((await there.get('/area-personale')).statusCode).toBe(200);
    await citizen.post('/auth/logout');
    // the replica learns of it at its next poll (every SESSION_REVOCATION_POLL_SECONDS)
    expect(await replica.services.identity.pollRevocations()).toBeGreaterThanOrEqual(1);
    expectSentToLogin(await there.get('/area-personale'));
  });

  it('refuses the sessions of a person who logged out everywhere in another process', async () => {
    const here = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const there = await loginAs(replica, TEST_PEOPLE.clerkAnagrafe);
    expect((await there.get('/area-personale')).statusCode).toBe(200);
    await here.post('/auth/logout-everywhere');
    await replica.services.identity.pollRevocations();
    expectSentToLogin(await there.get('/area-personale'));
  });

  it('knows at start the revocations made before it started', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const copy = copyOf(citizen);
    await citizen.post('/auth/logout');
    const late = await buildApp(await testConfig(), { database: t.database.handle, skipSetup: true });
    try {
      await late.ready();
      expectSentToLogin(await copyOf(copy, late).get('/area-personale'));
    } finally {
      await late.close();
    }
  });
});

describe('the session cookie lives SESSION_MAX_HOURS', () => {
  let long: TestApp;
  beforeAll(async () => {
    long = await createTestApp({ SESSION_MAX_HOURS: '24', SESSION_IDLE_MINUTES: String(24 * 60) });
  });
  afterAll(async () => {
    await long?.close();
  });

  it('with 24 hours, a cookie last written 13 hours ago still opens the personal area', async () => {
    const citizen = await loginAs(long, TEST_PEOPLE.citizen);
    const data = citizen.session()!.data();
    citizen.setSession({ ...data, __ts: Math.round(Date.now() / 1000) - 13 * 3600 });
    expect((await citizen.get('/area-personale')).statusCode).toBe(200);
  });
});

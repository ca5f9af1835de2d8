// Who may do what, through the real guards on routes registered by the test: citizens,
// people acting for a company (chosen on /auth/choose-company), clerks of their offices and
// administrators; staff areas answer 404 to anyone else, a login redirect to nobody logged in.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';
import { createIdentityTestApp, h1, type IdentityTestApp } from './setup.ts';

let t: IdentityTestApp;

async function testRoutes(app: FastifyInstance) {
  const { requireAdmin, requireClerk, requireUser } = await import('../../../src/identity/policies.ts');
  const me = async (request: { user: unknown }) => request.user;
  app.get('/test/citizen', { preHandler: requireUser() }, me);
  app.get('/test/level3', { preHandler: requireUser({ level: 3 }) }, me);
  app.get('/test/clerk', { preHandler: requireClerk() }, me);
  app.get('/test/clerk/:office', { preHandler: requireClerk({ office: (r) => (r.params as { office: string }).office }) }, me);
  app.get('/test/admin', { preHandler: requireAdmin() }, me);
  // the staff menu links /backoffice and /admin only when those pages exist
  if (!app.hasRoute({ method: 'GET', url: '/backoffice' })) app.get('/backoffice', { preHandler: requireClerk() }, me);
  if (!app.hasRoute({ method: 'GET', url: '/admin' })) app.get('/admin', { preHandler: requireAdmin() }, me);
}

beforeAll(async () => {
  t = await createIdentityTestApp({ routes: testRoutes });
});
afterAll(async () => {
  await t?.close();
});

async function statuses(agent: PortalAgent, paths: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const path of paths) out[path] = (await agent.get(path)).statusCode;
  return out;
}

const AREAS = ['/test/citizen', '/test/clerk', '/test/clerk/anagrafe', '/test/clerk/tributi', '/test/admin'];

describe('each role is refused where the others go', () => {
  it('nobody logged in: a login redirect everywhere, back to the page asked', async () => {
    const anonymous = new PortalAgent(t.app);
    for (const path of AREAS) {
      const res = await anonymous.get(path);
      expect(res.statusCode, path).toBe(303);
      expect(String(res.headers.location), path).toMatch(/^\/auth\/login\?/);
      expect(String(res.headers.location), path).toContain(`returnTo=${encodeURIComponent(path)}`);
    }
  });

  const table: { who: string; person: string; company?: string; expected: Record<string, number> }[] = [
    { who: 'citizen', person: TEST_PEOPLE.citizen, expected: { '/test/citizen': 200, '/test/clerk': 404, '/test/clerk/anagrafe': 404, '/test/clerk/tributi': 404, '/test/admin': 404 } },
    { who: 'business', person: TEST_PEOPLE.representative, company: '01199250158', expected: { '/test/citizen': 200, '/test/clerk': 404, '/test/clerk/anagrafe': 404, '/test/clerk/tributi': 404, '/test/admin': 404 } },
    { who: 'clerk of anagrafe', person: TEST_PEOPLE.clerkAnagrafe, expected: { '/test/citizen': 200, '/test/clerk': 200, '/test/clerk/anagrafe': 200, '/test/clerk/tributi': 404, '/test/admin': 404 } },
    { who: 'clerk of tributi', person: TEST_PEOPLE.clerkTributi, expected: { '/test/citizen': 200, '/test/clerk': 200, '/test/clerk/anagrafe': 404, '/test/clerk/tributi': 200, '/test/admin': 404 } },
    { who: 'administrator', person: TEST_PEOPLE.admin, expected: { '/test/citizen': 200, '/test/clerk': 404, '/test/clerk/anagrafe': 404, '/test/clerk/tributi': 404, '/test/admin': 200 } },
  ];
  for (const row of table) {
    it(row.who, async () => {
      const agent = await loginAs(t, row.person, { company: row.company });
      expect(await statuses(agent, AREAS)).toEqual(row.expected);
    });
  }

  it('a refused staff area looks like any missing page', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const refused = await citizen.get('/test/clerk');
    const missing = await citizen.get('/nothing-here');
    expect(refused.statusCode).toBe(404);
    expect(h1(refused.body)).toBe(h1(missing.body));
  });
});

describe('request.user', () => {
  it('carries the person, the level, the provider, roles and offices', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkEdilizia, { level: 3 });
    const user = (await clerk.get('/test/citizen')).json();
    expect(user).toMatchObject({
      fiscalCode: 'GLLBRN68S02F257U',
      givenName: 'Bruno',
      familyName: 'Galli',
      displayName: 'Bruno Galli',
      birthDate: '1968-11-02',
      placeOfBirth: { locality: 'F257', region: 'Emilia-Romagna' },
      email: 'bruno.galli@comune.example.it',
      phone: '+390512345678',
      spidLevel: 3,
      provider: 'test-spid',
      providerKind: 'spid',
      roles: ['citizen', 'clerk'],
      offices: ['sportello-unico-edilizia', 'suap'],
      company: null,
      companies: [],
      companyChoicePending: false,
    });
    expect(user).not.toHaveProperty('accessToken');
  });

  it('the staff menu links the areas that exist, for those who may enter them', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkSociali);
    expect((await clerk.get('/servizi')).body).toContain('href="/backoffice"><span>Backoffice</span>');
    const admin = await loginAs(t, TEST_PEOPLE.admin);
    const page = (await admin.get('/servizi?lang=en')).body;
    expect(page).toContain('href="/admin"><span>Administration</span>');
    expect(page).not.toContain('href="/backoffice"');
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await citizen.get('/servizi')).body).not.toContain('href="/backoffice"');
  });

  it('a staff member removed by an administrator loses the role at the next request', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkSociali);
    expect((await clerk.get('/test/clerk')).statusCode).toBe(200);
    await t.database.handle.db.updateTable('staff').set({ active: false }).where('fiscal_code', '=', TEST_PEOPLE.clerkSociali).execute();
    try {
      expect((await clerk.get('/test/clerk')).statusCode).toBe(404);
      expect((await clerk.get('/test/citizen')).json().roles).toEqual(['citizen']);
    } finally {
      await t.database.handle.db.updateTable('staff').set({ active: true }).where('fiscal_code', '=', TEST_PEOPLE.clerkSociali).execute();
    }
  });
});

describe('SPID level', () => {
  it('a page needing level 3 sends a level 2 person to log in again at level 3', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen, { level: 2 });
    const res = await citizen.get('/test/level3');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/auth/login?level=3&returnTo=%2Ftest%2Flevel3');
    const page = await citizen.get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('provider=test-spid&amp;level=3&amp;returnTo=%2Ftest%2Flevel3');
    const strong = await loginAs(t, TEST_PEOPLE.citizen, { level: 3 });
    expect((await strong.get('/test/level3')).statusCode).toBe(200);
  });

  it('staff areas need level 2: a clerk at level 1 is asked to log in again', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe, { level: 1 });
    const res = await clerk.get('/test/clerk');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/auth/login?level=2&returnTo=%2Ftest%2Fclerk');
    // a citizen at level 1 learns nothing about it
    const citizen = await loginAs(t, TEST_PEOPLE.citizen, { level: 1 });
    expect((await citizen.get('/test/clerk')).statusCode).toBe(404);
  });
});

describe('acting for a company', () => {
  it('after login a representative chooses for whom to act; until then guarded pages send them there', async () => {
    const rep = await loginAs(t, TEST_PEOPLE.representativeOfTwo, { returnTo: '/test/citizen' });
    const pending = await rep.get('/test/citizen');
    expect(pending.statusCode).toBe(303);
    expect(pending.headers.location).toBe('/auth/choose-company?returnTo=%2Ftest%2Fcitizen');
    const page = await rep.get(String(pending.headers.location));
    expect(page.statusCode).toBe(200);
    expect(h1(page.body)).toBe('Per chi agisci?');
    expect(page.body).toContain('<label for="acting-self">Per me, come persona fisica</label>');
    expect(page.body).toContain('<label for="acting-03334231200">Esempio Costruzioni S.r.l.</label>');
    expect(page.body).toContain('<label for="acting-97735020584">Cooperativa Sociale Esempio</label>');
    expect(page.headers['cache-control']).toBe('no-store');

    const chosen = await rep.post('/auth/choose-company', { actingFor: '97735020584', returnTo: '/test/citizen' });
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe('/test/citizen');
    const user = (await rep.get('/test/citizen')).json();
    expect(user.roles).toEqual(['citizen', 'business']);
    expect(user.company).toEqual({ name: 'Cooperativa Sociale Esempio', fiscalCode: '97735020584', vatNumber: '97735020584' });
    expect(user.companies).toHaveLength(2);

    // and back to acting for themselves
    await rep.post('/auth/choose-company', { actingFor: 'self' });
    const self = (await rep.get('/test/citizen')).json();
    expect(self.roles).toEqual(['citizen']);
    expect(self.company).toBeNull();
  });

  it('a company the identity does not carry is refused (422) and nothing changes', async () => {
    const rep = await loginAs(t, TEST_PEOPLE.representative, { company: '01199250158' });
    const res = await rep.post('/auth/choose-company', { actingFor: '03334231200' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Scegli per chi vuoi agire.');
    expect((await rep.get('/test/citizen')).json().company.fiscalCode).toBe('01199250158');
  });

  it('without or with a wrong CSRF token: 403 and nothing changes', async () => {
    const rep = await loginAs(t, TEST_PEOPLE.representativeOfTwo, { company: '03334231200' });
    expect((await rep.post('/auth/choose-company', { actingFor: 'self' }, { csrf: false })).statusCode).toBe(403);
    expect((await rep.post('/auth/choose-company', { actingFor: 'self' }, { csrf: 'forged-token' })).statusCode).toBe(403);
    expect((await rep.get('/test/citizen')).json().company.fiscalCode).toBe('03334231200');
  });

  it('a person without companies is not asked', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const res = await citizen.get('/auth/choose-company?returnTo=%2Fservizi');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/servizi');
  });
});

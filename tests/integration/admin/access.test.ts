// Access to the administration: every page and every action under /admin (read from the
// router, so a route added later is covered too) answers 404 to a citizen and to a clerk,
// valid form token or not, and changes nothing; someone not logged in is sent to log in; an
// administrator gets every page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { buildSportGrant } from './helpers.ts';

let t: TestApp;
let admin: PortalAgent;
let routes: Array<{ method: 'GET' | 'POST'; url: string }>;
const auditCount = async () => Number((await t.app.db.selectFrom('admin_audit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** Every route of the router under /admin, from fastify's printRoutes tree. */
function adminRoutes(tree: string): Array<{ method: string; path: string }> {
  const found: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]*)\)$/.exec(line.replace(/\s+$/, ''));
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/^\/+/, '/').replace(/^\/(?!\/)/, '/');
    for (const method of match[3]!.split(', ')) found.push({ method, path: path.startsWith('/') ? path : `/${path}` });
  }
  return found.filter((r) => r.path === '/admin' || r.path.startsWith('/admin/'));
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, TEST_PEOPLE.admin);
  const { id } = await buildSportGrant(admin, 'accesso-admin');
  // a staff member's page is addressed by the member's id
  const staff = await t.app.db.selectFrom('staff').select('id').where('fiscal_code', '=', TEST_PEOPLE.admin).executeTakeFirstOrThrow();
  const values: Record<string, string> = { id: String(id), staffId: String(staff.id), stepId: 'dati', name: 'nomeFiglio', version: '1', fiscalCode: TEST_PEOPLE.admin, code: 'anagrafe', purpose: 'accoglimento', locale: 'it' };
  // an API client's pages are addressed by its id (src/api)
  values.clientId = String((await t.app.services.api.clients.create(TEST_PEOPLE.admin, { name: 'Accesso', scopes: ['cases:read'], offices: ['anagrafe'], procedureIds: [], rateLimitPerMinute: 10 })).id);
  // and a webhook subscription's page by its id too
  const apiClient = await t.app.services.api.clients.find(Number(values.clientId));
  values.subscriptionId = String((await t.app.services.api.webhooks.subscribe(TEST_PEOPLE.admin, apiClient, { url: 'https://gestionale.example.it/hooks', eventTypes: ['case.filed'] })).id);
  routes = adminRoutes(t.app.printRoutes({ commonPrefix: false }))
    .filter((r) => r.method === 'GET' || r.method === 'POST')
    .map((r) => ({ method: r.method as 'GET' | 'POST', url: r.path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? '1') }));
});
afterAll(async () => t?.close());

describe('the administration area', () => {
  it('finds the admin routes in the router', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContainEqual({ method: 'POST', url: expect.stringMatching(/^\/admin\/procedimenti\/\d+\/pubblica$/) });
    expect(routes).toContainEqual({ method: 'GET', url: '/admin/personale' });
  });

  for (const who of ['citizen', 'clerkAnagrafe'] as const) {
    it(`answers 404 to a ${who} on every page and action, and changes nothing`, async () => {
      const agent = await loginAs(t, TEST_PEOPLE[who]);
      const before = await auditCount();
      const token = await agent.csrfToken();
      for (const route of routes) {
        const res = route.method === 'GET' ? await agent.get(route.url) : await agent.post(route.url, { direction: 'up', yaml: '', text: 'x' }, { csrf: token });
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(404);
        // not the administration frame (the site's main menu has its own "Amministrazione", the comune's)
        expect(res.body).not.toContain('admin-nav-title');
      }
      for (const route of routes.filter((r) => r.method === 'POST')) {
        expect((await agent.post(route.url, {}, { csrf: false })).statusCode, `POST ${route.url} without a token`).toBe(404);
      }
      expect(await auditCount()).toBe(before);
      const home = await agent.get('/');
      expect(home.body).not.toContain('href="/admin"');
    });
  }

  it('sends someone not logged in to log in', async () => {
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const res = await t.app.inject(route.url);
      expect(res.statusCode, route.url).toBe(303);
      expect(String(res.headers.location)).toMatch(/^\/auth\/login\?level=2&returnTo=/);
    }
  });

  it('shows every page to an administrator, with the area in the menu', async () => {
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const res = await admin.get(route.url);
      // a webhook delivery's replay page needs a delivery (none here): 404; the preview's exit
      // page, with no exit met, sends on to the summary: 303
      const expected = route.url.endsWith('/confronta') || route.url.endsWith('/ripeti') ? 404 : route.url.endsWith('/percorso/uscita') ? 303 : 200;
      expect(res.statusCode, `GET ${route.url}`).toBe(expected);
    }
    const home = await admin.get('/');
    expect(home.body).toContain('href="/admin"');
  });
});

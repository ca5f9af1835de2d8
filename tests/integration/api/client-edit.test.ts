// An administrator edits an API client and its webhook subscriptions through the real app:
// refused input (422, error summary, nothing changed), narrowing the offices takes effect on
// the next API call with a token already issued (a case of the removed office answers 404),
// taking a scope away revokes the client's tokens, and a subscription is changed, given a new
// signing secret and deleted; every change is in the administration's audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../../src/api/api.table.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, fileResidence } from '../backoffice/helpers.ts';

let t: TestApp;
let admin: PortalAgent;
let residence: { id: number; publicId: string };
const ALL: Scope[] = ['cases:read', 'cases:transition', 'messages:write', 'documents:read'];

beforeAll(async () => {
  t = await createTestApp();
  residence = await fileResidence(t.app, CITIZEN);
  admin = await loginAs(t, TEST_PEOPLE.admin);
}, 180_000);
afterAll(async () => t?.close());

async function tokenOf(client: { clientId: string; secret: string }): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret });
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/oauth/token', payload: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().access_token as string;
}

const readCase = (token: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${residence.publicId}`, headers: { authorization: `Bearer ${token}` } });

/** A form POST with repeated fields (checkboxes), as a browser sends it. */
async function postForm(url: string, fields: Array<[string, string]>) {
  const body = new URLSearchParams([['_csrf', await admin.csrfToken()], ...fields]);
  return admin.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const auditOf = async (clientId: string) => t.app.db.selectFrom('admin_audit').select(['action', 'details']).where('subject_type', '=', 'api_client').where('subject_id', '=', clientId).orderBy('id').execute();

describe('editing an API client', () => {
  it('refuses bad input with 422 and changes nothing; narrowing the offices answers 404 on the next call; a scope taken away revokes the tokens', async () => {
    const created = await t.app.services.api.clients.create(TEST_PEOPLE.admin, { name: 'Gestionale', scopes: ALL, offices: ['anagrafe', 'tributi'], procedureIds: [], rateLimitPerMinute: 100 });
    const token = await tokenOf(created);
    expect((await readCase(token)).statusCode).toBe(200);
    const url = `/admin/api/clienti/${created.id}/modifica`;

    const form = await admin.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.body).toContain('value="Gestionale"');
    expect(form.body).toMatch(/value="tributi"[^>]*checked/);

    const before = await t.app.services.api.clients.find(created.id);
    const auditBefore = (await auditOf(created.clientId)).length;
    const bad = await postForm(url, [['name', ''], ['offices', 'anagrafe'], ['rateLimit', 'molte']]);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="error-summary"');
    expect(bad.body).toContain('href="#b-name"');
    expect(bad.body).toContain('href="#b-scopes"');
    expect(bad.body).toContain('href="#b-rateLimit"');
    expect(await t.app.services.api.clients.find(created.id)).toEqual(before);
    expect(await auditOf(created.clientId)).toHaveLength(auditBefore);

    // without a form token: refused, nothing changed
    const noCsrf = await admin.inject({ method: 'POST', url, payload: 'name=X&scopes=cases%3Aread&offices=tributi&rateLimit=5', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(noCsrf.statusCode).toBe(403);

    const narrowed = await postForm(url, [['name', 'Gestionale tributi'], ...ALL.map((s): [string, string] => ['scopes', s]), ['offices', 'tributi'], ['rateLimit', '50']]);
    expect(narrowed.statusCode).toBe(303);
    expect(narrowed.headers.location).toBe(`/admin/api/clienti/${created.id}?esito=updated`);
    // the same token, the next call: the case of the office taken away is not there any more
    expect((await readCase(token)).statusCode).toBe(404);
    const page = await admin.get(String(narrowed.headers.location));
    expect(page.body).toContain('Client aggiornato');
    expect(page.body).toContain('Gestionale tributi');
    const audit = await auditOf(created.clientId);
    expect(audit.at(-1)).toMatchObject({ action: 'api_client.update', details: { changes: { offices: ['anagrafe tributi', 'tributi'], rateLimit: [100, 50] }, tokensRevoked: false } });

    // a scope taken away: the tokens issued with it go, a new one has the new scopes
    const fewerScopes = await postForm(url, [['name', 'Gestionale tributi'], ['scopes', 'cases:read'], ['offices', 'anagrafe'], ['rateLimit', '50']]);
    expect(fewerScopes.headers.location).toBe(`/admin/api/clienti/${created.id}?esito=updatedRevoked`);
    expect((await readCase(token)).statusCode).toBe(401);
    const fresh = await tokenOf(created);
    expect((await readCase(fresh)).statusCode).toBe(200);
    const message = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${residence.publicId}/messages`, headers: { authorization: `Bearer ${fresh}` }, payload: { text: 'x' } });
    expect(message.statusCode).toBe(403);
    expect((await auditOf(created.clientId)).at(-1)).toMatchObject({ action: 'api_client.update', details: { tokensRevoked: true } });
    expect((await admin.get('/admin/registro')).body).toContain('Client modificato');
  });

  it('edits a webhook subscription, gives it a new signing secret and deletes it; another client\'s subscription is a 404', async () => {
    const { clients, webhooks } = t.app.services.api;
    const created = await clients.create(TEST_PEOPLE.admin, { name: 'Ricevitore', scopes: ['cases:read'], offices: ['anagrafe'], procedureIds: [], rateLimitPerMinute: 10 });
    const other = await clients.create(TEST_PEOPLE.admin, { name: 'Altro', scopes: ['cases:read'], offices: ['anagrafe'], procedureIds: [], rateLimitPerMinute: 10 });
    const client = await clients.find(created.id);
    const subscription = await webhooks.subscribe(TEST_PEOPLE.admin, client, { url: 'https://gestionale.example.it/hooks', eventTypes: ['case.filed'] });
    const base = `/admin/api/clienti/${client.id}/webhook/${subscription.id}`;

    expect((await admin.get(`/admin/api/clienti/${client.id}`)).body).toContain(`${base}/modifica`);
    const form = await admin.get(`${base}/modifica`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="https://gestionale.example.it/hooks"');
    expect((await admin.get(`/admin/api/clienti/${other.id}/webhook/${subscription.id}/modifica`)).statusCode).toBe(404);

    const bad = await postForm(`${base}/modifica`, [['url', 'ftp://x'], ['events', 'case.filed']]);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#b-url"');
    expect((await webhooks.findSubscription(client, subscription.id)).url).toBe('https://gestionale.example.it/hooks');

    const changed = await postForm(`${base}/modifica`, [['url', 'https://nuovo.example.it/hooks'], ['events', 'case.filed'], ['events', 'case.state_changed']]);
    expect(changed.statusCode).toBe(303);
    expect(await webhooks.findSubscription(client, subscription.id)).toMatchObject({ url: 'https://nuovo.example.it/hooks', event_types: ['case.filed', 'case.state_changed'] });

    const rotated = await postForm(`${base}/segreto`, []);
    expect(rotated.statusCode).toBe(200);
    const secret = /id="signing-secret">([^<]+)</.exec(rotated.body)![1]!;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(subscription.secret);
    expect((await webhooks.findSubscription(client, subscription.id)).secret).toBe(secret);

    expect((await postForm(`/admin/api/clienti/${other.id}/webhook/${subscription.id}/elimina`, [])).statusCode).toBe(404);
    const deleted = await postForm(`${base}/elimina`, []);
    expect(deleted.headers.location).toBe(`/admin/api/clienti/${client.id}?esito=subscriptionDeleted`);
    expect(await webhooks.subscriptionsOf(client)).toEqual([]);

    const actions = (await auditOf(created.clientId)).map((a) => a.action);
    expect(actions).toEqual(['api_client.create', 'api_client.subscribe', 'api_client.subscription_update', 'api_client.subscription_rotate', 'api_client.subscription_delete']);
    // the signing secret is in no audit entry
    expect(JSON.stringify(await auditOf(created.clientId))).not.toContain(secret);
  });
});

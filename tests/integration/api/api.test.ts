// The API for back-office systems through the real app: tokens (client credentials), the
// access matrix of scopes x offices x procedures, state changes through the workflow (a refused
// one changes nothing), a message the applicant reads, downloads, the OpenAPI document, the
// per-client rate limit, and webhooks delivered to a real receiver, verified with the reference
// Standard Webhooks verifier, retried after a 500 and replayed by an administrator.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../../src/api/api.table.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';
import { CITIZEN, fileProcedure, fileResidence } from '../backoffice/helpers.ts';

let t: TestApp;
let offsetMs = 0;
let residence: { id: number; publicId: string };
let moving: { id: number; publicId: string };
let family: { id: number; publicId: string };
const ALL: Scope[] = ['cases:read', 'cases:transition', 'messages:write', 'documents:read'];

// a receiver: answers each request with the next status of `statuses` (then 200), keeps what came
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
const statuses: number[] = [];
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => new Date(Date.now() + offsetMs) });
  residence = await fileResidence(t.app, CITIZEN);
  moving = await fileProcedure(t.app, CITIZEN, 'cambio-residenza', { cittadinanzaNonUe: true });
  family = await fileProcedure(t.app, CITIZEN, 'certificato-stato-famiglia');
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
}, 180_000);
afterAll(async () => {
  receiver?.close();
  await t?.close();
});

const procedureIdOf = async (id: number) => (await t.app.db.selectFrom('cases').select('procedure_id').where('submission_id', '=', id).executeTakeFirstOrThrow()).procedure_id;

async function newClient(scopes: Scope[], offices: string[], procedureIds: number[] = [], rateLimitPerMinute = 1000) {
  return t.app.services.api.clients.create('RSSMRA80A01H501U', { name: `Sistema ${scopes.join(' ')} ${offices.join(' ')}`, scopes, offices, procedureIds, rateLimitPerMinute });
}

function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/v1/oauth/token', payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}

async function tokenOf(client: { clientId: string; secret: string }): Promise<string> {
  const res = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().access_token as string;
}

const api = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });

describe('token endpoint (client credentials)', () => {
  it('issues a bearer token for the right secret, in the body or with Basic, and refuses the rest', async () => {
    const client = await newClient(['cases:read'], ['anagrafe']);
    const ok = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'cases:read' });
    const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`).toString('base64');
    expect((await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })).statusCode).toBe(200);
    const bad = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: `${client.secret}x` });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({ error: 'invalid_client' });
    const badBasic = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from(`${client.clientId}:nope`).toString('base64')}` });
    expect(badBasic.statusCode).toBe(401);
    expect(badBasic.headers['www-authenticate']).toContain('Basic');
    expect((await tokenRequest({ grant_type: 'password', client_id: client.clientId, client_secret: client.secret })).json()).toEqual({ error: 'unsupported_grant_type' });
    expect((await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret, scope: 'cases:transition' })).json()).toEqual({ error: 'invalid_scope' });
  });

  it('keeps the old secret for the grace period after a rotation, or revokes it at once', async () => {
    const client = await newClient(['cases:read'], ['anagrafe']);
    const clients = t.app.services.api.clients;
    const oldToken = await tokenOf(client);
    const graced = await clients.rotate('RSSMRA80A01H501U', client.id, false);
    expect(graced.previousUntil).not.toBeNull();
    await tokenOf(client);
    await tokenOf({ clientId: client.clientId, secret: graced.secret });
    expect((await api(oldToken, 'GET', '/cases')).statusCode).toBe(200);
    const revoked = await clients.rotate('RSSMRA80A01H501U', client.id, true);
    expect((await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: graced.secret })).statusCode).toBe(401);
    expect((await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret })).statusCode).toBe(401);
    // the tokens the old secrets got are gone with them
    expect((await api(oldToken, 'GET', '/cases')).statusCode).toBe(401);
    const fresh = await tokenOf({ clientId: client.clientId, secret: revoked.secret });
    await clients.setDisabled('RSSMRA80A01H501U', client.id, true);
    expect((await api(fresh, 'GET', '/cases')).statusCode).toBe(401);
    expect((await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: revoked.secret })).statusCode).toBe(401);
  });

  it('answers 401 as a problem without a token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/cases' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(res.json()).toMatchObject({ type: 'urn:sportello:problem:unauthorized', status: 401, title: expect.any(String) });
  });
});

describe('access matrix (scopes x offices x procedures)', () => {
  // what each client gets on the residence certificate case (anagrafe): 200, 403 (scope), 404 (outside)
  const rows: Array<{ name: string; scopes: Scope[]; offices: string[]; procedures: 'none' | 'same' | 'other'; read: number; list: number; transition: number; message: number; receipt: number }> = [
    { name: 'every scope, its office', scopes: ALL, offices: ['anagrafe'], procedures: 'none', read: 200, list: 3, transition: 409, message: 201, receipt: 200 },
    { name: 'read only', scopes: ['cases:read'], offices: ['anagrafe'], procedures: 'none', read: 200, list: 3, transition: 403, message: 403, receipt: 403 },
    { name: 'documents only', scopes: ['documents:read'], offices: ['anagrafe'], procedures: 'none', read: 403, list: -1, transition: 403, message: 403, receipt: 200 },
    { name: 'its procedure only', scopes: ALL, offices: ['anagrafe'], procedures: 'same', read: 200, list: 1, transition: 409, message: 201, receipt: 200 },
    { name: 'another procedure of the office', scopes: ALL, offices: ['anagrafe'], procedures: 'other', read: 404, list: 1, transition: 404, message: 404, receipt: 404 },
    { name: 'another office', scopes: ALL, offices: ['tributi'], procedures: 'none', read: 404, list: 0, transition: 404, message: 404, receipt: 404 },
  ];

  it.each(rows)('$name', async (row) => {
    const procedureIds = row.procedures === 'none' ? [] : [await procedureIdOf(row.procedures === 'same' ? residence.id : family.id)];
    const token = await tokenOf(await newClient(row.scopes, row.offices, procedureIds));
    const id = residence.publicId;
    expect((await api(token, 'GET', `/cases/${id}`)).statusCode).toBe(row.read);
    const list = await api(token, 'GET', '/cases');
    if (row.list < 0) expect(list.statusCode).toBe(403);
    else expect(list.json().items).toHaveLength(row.list);
    // a refused transition (409) proves the scope let it through to the workflow
    expect((await api(token, 'POST', `/cases/${id}/transitions`, { action: 'solve' })).statusCode).toBe(row.transition);
    expect((await api(token, 'POST', `/cases/${id}/messages`, { text: `Messaggio da ${row.name}` })).statusCode).toBe(row.message);
    expect((await api(token, 'GET', `/cases/${id}/receipt`)).statusCode).toBe(row.receipt);
  });
});

describe('cases', () => {
  let token: string;
  let client: { id: number; clientId: string; secret: string };
  let subscription: { id: number; secret: string };

  beforeAll(async () => {
    client = await newClient(ALL, ['anagrafe']);
    token = await tokenOf(client);
    subscription = await t.app.services.api.webhooks.subscribe('RSSMRA80A01H501U', (await t.app.services.api.clients.find(client.id))!, { url: receiverUrl, eventTypes: ['case.state_changed'] });
  });

  it('lists by last change with a cursor and filters', async () => {
    const first = await api(token, 'GET', '/cases?limit=2');
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(2);
    const next = await api(token, 'GET', `/cases?limit=2&cursor=${first.json().nextCursor}`);
    const ids = [...first.json().items, ...next.json().items].map((i: { id: string }) => i.id);
    expect(new Set(ids)).toEqual(new Set([residence.publicId, moving.publicId, family.publicId]));
    expect(next.json().nextCursor).toBeNull();
    const procedure = await procedureIdOf(family.id);
    expect((await api(token, 'GET', `/cases?procedure=${procedure}`)).json().items.map((i: { id: string }) => i.id)).toEqual([family.publicId]);
    expect((await api(token, 'GET', '/cases?state=approved')).json().items).toEqual([]);
    expect((await api(token, 'GET', '/cases?updatedSince=2999-01-01T00:00:00Z')).json().items).toEqual([]);
    const bad = await api(token, 'GET', '/cases?state=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect((await api(token, 'GET', '/cases?cursor=abc')).statusCode).toBe(400);
  });

  it('reads a case with its answers and files, and downloads an attachment', async () => {
    const res = await api(token, 'GET', `/cases/${moving.publicId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: moving.publicId, office: 'anagrafe', state: 'submitted', applicant: { fiscalCode: CITIZEN.filer.fiscalCode } });
    expect(Object.keys(body.answers).length).toBeGreaterThan(0);
    expect(body.attachments.length).toBeGreaterThan(0);
    const file = body.attachments[0];
    const download = await api(token, 'GET', file.href.replace('/api/v1', ''));
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain(file.contentType);
    expect(download.rawPayload.length).toBe(file.size);
    expect((await api(token, 'GET', `/cases/${moving.publicId}/attachments/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await api(token, 'GET', '/cases/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('changes the state through the workflow, as api:<client id> in the case log', async () => {
    const res = await api(token, 'POST', `/cases/${residence.publicId}/transitions`, { action: 'start_review' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: residence.publicId, state: 'in_review' });
    const events = await t.app.db.selectFrom('case_events').selectAll().where('submission_id', '=', residence.id).orderBy('seq').execute();
    expect(events.at(-1)).toMatchObject({ kind: 'transition', actor_fiscal_code: `api:${client.clientId}`, from_state: 'submitted', to_state: 'in_review' });
  });

  it('refuses what the workflow refuses, with the reason, and changes nothing', async () => {
    const before = await t.app.db.selectFrom('cases').select(['status', 'last_event_seq']).where('submission_id', '=', residence.id).executeTakeFirstOrThrow();
    // art. 10-bis: no rejection without a notice of the reasons first
    const refused = await api(token, 'POST', `/cases/${residence.publicId}/transitions`, { action: 'reject', motivation: 'Mancano i requisiti' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'workflow_refused', action: 'reject', reason: 'refusalNoticeRequired', status: 409 });
    const missing = await api(token, 'POST', `/cases/${residence.publicId}/transitions`, { action: 'approve' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: 'invalid_input', field: 'motivation' });
    expect((await api(token, 'POST', `/cases/${residence.publicId}/transitions`, { action: 'adopt' })).statusCode).toBe(400);
    const after = await t.app.db.selectFrom('cases').select(['status', 'last_event_seq']).where('submission_id', '=', residence.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('sends a message the applicant reads in their personal area', async () => {
    const text = 'Il certificato sarà pronto domani in ufficio.';
    const res = await api(token, 'POST', `/cases/${residence.publicId}/messages`, { text });
    expect(res.statusCode, res.body).toBe(201);
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const page = await citizen.inject({ method: 'GET', url: `/area-personale/richieste/${residence.publicId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(text);
  });

  it('delivers the webhook signed per Standard Webhooks, retries after a 500, and an administrator replays it', async () => {
    const webhooks = t.app.services.api.webhooks;
    received.length = 0;
    statuses.push(500);
    const consumed = await webhooks.consumeEvents();
    expect(consumed.deliveries).toBe(1);
    // a second read of the same window writes nothing again
    expect((await webhooks.consumeEvents()).deliveries).toBe(0);
    expect(await webhooks.deliverDue()).toEqual({ sent: 0, failed: 1 });
    expect(received).toHaveLength(1);
    // not due yet: nothing is sent
    expect(await webhooks.deliverDue()).toEqual({ sent: 0, failed: 0 });
    offsetMs = 31_000;
    expect(await webhooks.deliverDue()).toEqual({ sent: 1, failed: 0 });
    expect(received).toHaveLength(2);
    const verifier = new Webhook(subscription.secret);
    const delivered = received[1]!;
    const payload = verifier.verify(delivered.body, delivered.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'case.state_changed', data: { case: residence.publicId, fromState: 'submitted', toState: 'in_review', office: 'anagrafe' } });
    expect(delivered.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
    expect(() => new Webhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`).verify(delivered.body, delivered.headers as Record<string, string>)).toThrow();

    // the delivery log and the replay, through the admin pages
    const admin = await loginAs(t, TEST_PEOPLE.admin);
    const log = await admin.inject({ method: 'GET', url: `/admin/api/clienti/${client.id}/consegne` });
    expect(log.statusCode).toBe(200);
    const deliveryId = /\/consegne\/(\d+)\/ripeti/.exec(log.body)![1];
    const confirm = await admin.inject({ method: 'GET', url: `/admin/api/clienti/${client.id}/consegne/${deliveryId}/ripeti` });
    expect(confirm.statusCode).toBe(200);
    const noToken = await admin.inject({ method: 'POST', url: `/admin/api/clienti/${client.id}/consegne/${deliveryId}/ripeti`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(noToken.statusCode).toBe(403);
    const csrf = await admin.csrfToken(`/admin/api/clienti/${client.id}/consegne/${deliveryId}/ripeti`);
    const replay = await admin.inject({ method: 'POST', url: `/admin/api/clienti/${client.id}/consegne/${deliveryId}/ripeti`, payload: `_csrf=${encodeURIComponent(csrf)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toContain('esito=replayed');
    expect(received).toHaveLength(3);
    expect(verifier.verify(received[2]!.body, received[2]!.headers as Record<string, string>)).toMatchObject({ type: 'case.state_changed' });
    const audit = await t.app.db.selectFrom('admin_audit').select(['action', 'subject_id']).where('subject_type', '=', 'api_client').where('subject_id', '=', client.clientId).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['api_client.create', 'api_client.subscribe', 'api_client.replay']));
  });
});

describe('rate limit and OpenAPI', () => {
  it('answers 429 with Retry-After past the client\'s own limit', async () => {
    const token = await tokenOf(await newClient(['cases:read'], ['anagrafe'], [], 2));
    expect((await api(token, 'GET', '/cases')).statusCode).toBe(200);
    expect((await api(token, 'GET', '/cases')).statusCode).toBe(200);
    const limited = await api(token, 'GET', '/cases');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('documents every API route, generated from the route schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const expected = ['/oauth/token', '/cases', '/cases/{caseId}', '/cases/{caseId}/attachments/{fileId}', '/cases/{caseId}/files/{fileId}', '/cases/{caseId}/receipt', '/cases/{caseId}/transitions', '/cases/{caseId}/messages', '/procedures', '/procedures/{slug}'];
    expect(Object.keys(doc.paths).sort()).toEqual([...expected].sort());
    // each documented operation is a route of the app, and the other way round (the list above is all of /api/v1)
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(operations)) expect(t.app.hasRoute({ method: method.toUpperCase() as 'GET', url: `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}` }), `${method} ${path}`).toBe(true);
    }
    expect(doc.components.securitySchemes.oauth2).toMatchObject({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: expect.stringMatching(/\/api\/v1\/oauth\/token$/) } } });
    expect(Object.keys(doc.components.securitySchemes.oauth2.flows.clientCredentials.scopes).sort()).toEqual([...ALL].sort());
    for (const path of expected.filter((p) => p.startsWith('/cases'))) {
      for (const operation of Object.values(doc.paths[path]) as Array<{ security: unknown; responses: Record<string, unknown> }>) {
        expect(operation.security).toEqual([{ oauth2: [expect.any(String)] }]);
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
      }
    }
    expect(doc.paths['/cases/{caseId}/transitions'].post.requestBody.content['application/json'].schema.properties.action.enum).toContain('start_review');
  });
});

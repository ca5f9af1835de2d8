// Login through the SPID/CIE OpenID federation, over real HTTP: the portal's entity
// configuration, the providers listed by the bundled trust anchors (each trust chain resolved),
// and a full login where the request object's client_id is the portal's entity id and the
// provider registers the portal automatically by resolving the portal's own trust chain.
import { createServer } from 'node:net';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateJwk } from '../../../src/identity/keys.ts';
import { beginLogin, authenticateAtProvider, finishLogin, loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';
import { createIdentityTestApp, jwtPayload, type IdentityTestApp } from './setup.ts';

let t: IdentityTestApp;
let base: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  // the providers fetch the portal's entity configuration: the portal listens for real
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // the portal's own federation and encryption keys made here, not while its plugins start
  const [federationKey, encryptionKey] = await Promise.all([generatePrivateJwk(), generatePrivateJwk()]);
  t = await createIdentityTestApp({
    env: { OIDC_MODE: 'federation', BASE_URL: base, FEDERATION_PRIVATE_JWK: JSON.stringify(federationKey), OIDC_ENCRYPTION_JWK: JSON.stringify(encryptionKey) },
  });
  await t.app.listen({ port, host: '127.0.0.1' });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe("the portal's entity configuration", () => {
  it('is a self-signed entity statement with its federation keys, superiors, trust marks and relying party metadata', async () => {
    const res = await fetch(`${base}/.well-known/openid-federation`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/entity-statement+jwt');
    const jwt = await res.text();
    expect(decodeProtectedHeader(jwt).typ).toBe('entity-statement+jwt');
    const unverified = jwtPayload(jwt) as { jwks: { keys: { kid: string }[] } };
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(unverified.jwks as never));
    expect(payload).toMatchObject({ iss: base, sub: base });
    expect(Number(payload.exp)).toBeGreaterThan(Number(payload.iat));
    const anchors = t.app.identity.testIdp as unknown as { anchors: { entityId: string }[] };
    expect(payload.authority_hints).toEqual(anchors.anchors.map((a) => a.entityId));
    expect((payload.trust_marks as unknown[]).length).toBe(2);
    const rp = (payload.metadata as Record<string, Record<string, unknown>>).openid_relying_party!;
    expect(rp).toMatchObject({
      client_id: base,
      client_registration_types: ['automatic'],
      redirect_uris: [`${base}/auth/callback`],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'RS256',
      userinfo_encrypted_response_alg: 'RSA-OAEP-256',
      application_type: 'web',
    });
    const coreKeys = (rp.jwks as { keys: { kid: string; use: string }[] }).keys;
    expect(coreKeys.map((k) => k.use).sort()).toEqual(['enc', 'sig']);
    // the federation keys are not the OpenID Connect keys
    const federationKids = unverified.jwks.keys.map((k) => k.kid);
    expect(coreKeys.some((k) => federationKids.includes(k.kid))).toBe(false);
    expect((payload.metadata as Record<string, Record<string, unknown>>).federation_entity).toMatchObject({ homepage_uri: base });
  });
});

describe('the login page', () => {
  it("lists the providers the trust anchors list, with the names from their metadata", async () => {
    const page = await t.app.inject({ url: '/auth/login' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('SPID di prova (Sportello)');
    expect(page.body).toContain('CIE di prova (Sportello)');
    expect(page.body).toContain('data-provider="test-spid"');
    expect(page.body).toContain('data-provider="test-cie"');
  });
});

describe('a login through the federation', () => {
  it('sends a request object whose client_id and iss are the entity id, and lands with the right person and level', async () => {
    const agent = new PortalAgent(t.app);
    const url = new URL(await beginLogin(agent, { provider: 'test-spid', level: 2, returnTo: '/area-personale' }));
    const op = (t.app.identity.testIdp as unknown as { providers: { id: string; entityId: string }[] }).providers.find((p) => p.id === 'test-spid')!;
    expect(url.toString().startsWith(`${op.entityId}/`)).toBe(true);
    expect(url.searchParams.get('client_id')).toBe(base);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const request = jwtPayload(url.searchParams.get('request')!);
    expect(request).toMatchObject({ client_id: base, iss: base, aud: op.entityId, prompt: 'consent login', acr_values: 'https://www.spid.gov.it/SpidL2' });
    expect(String(request.state).length).toBeGreaterThanOrEqual(32);
    expect(String(request.nonce).length).toBeGreaterThanOrEqual(32);
    const callback = await authenticateAtProvider(t.app, url.toString(), { person: TEST_PEOPLE.citizen, level: 2 });
    const done = await finishLogin(agent, callback);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/area-personale');
    const person = agent.session()!.get('identity')!;
    expect(person).toMatchObject({ fiscalCode: TEST_PEOPLE.citizen, spidLevel: 2, provider: 'test-spid', providerKind: 'spid' });
    const page = await agent.get('/area-personale');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Giulio Cesare');
  }, 60_000);

  it('works with CIE at level 3 and logout revokes the token at the provider', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen2, { provider: 'test-cie', level: 3 });
    expect(agent.session()!.get('identity')).toMatchObject({ fiscalCode: TEST_PEOPLE.citizen2, spidLevel: 3, providerKind: 'cie' });
    // the provider answers userinfo as the portal's metadata asks: a JWT encrypted for its key (a JWE has five parts)
    const op = (t.app.identity.testIdp as unknown as { providers: { id: string; entityId: string }[] }).providers.find((p) => p.id === 'test-cie')!;
    const userinfo = await fetch(`${op.entityId}/me`, { headers: { authorization: `Bearer ${agent.session()!.get('identity')!.accessToken}` } });
    expect(userinfo.headers.get('content-type')).toContain('application/jwt');
    expect((await userinfo.text()).split('.')).toHaveLength(5);
    const before = t.app.identity.testIdp!.revocations;
    expect((await agent.post('/auth/logout')).statusCode).toBe(303);
    expect(t.app.identity.testIdp!.revocations).toBeGreaterThan(before);
  }, 60_000);
});

describe('automatic registration at the provider', () => {
  it('refuses a client_id that is an entity id outside the federation', async () => {
    const op = (t.app.identity.testIdp as unknown as { providers: { id: string; entityId: string }[] }).providers.find((p) => p.id === 'test-spid')!;
    const stranger = 'http://127.0.0.1:9/not-a-member';
    const query = new URLSearchParams({ client_id: stranger, response_type: 'code', scope: 'openid', redirect_uri: `${stranger}/callback`, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const res = await fetch(`${op.entityId}/auth?${query.toString()}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('client');
  });
});

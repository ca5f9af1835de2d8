// Logins that must not go through, each with a clear page and no session person: a level
// below the one required, a tampered state, a replayed code, a wrong nonce, a cancelled login,
// identities without a valid fiscal number, and too many attempts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateAtProvider, beginLogin, finishLogin, loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';
import { redactedPath } from '../../../src/platform/log-redaction.ts';
import { createIdentityTestApp, h1, type IdentityTestApp } from './setup.ts';

let t: IdentityTestApp;
beforeAll(async () => {
  t = await createIdentityTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function callbackFor(agent: PortalAgent, person: string, options: { level?: 1 | 2 | 3; providerLevel?: 1 | 2 | 3 } = {}) {
  const location = await beginLogin(agent, { level: options.level ?? 2, returnTo: '/servizi' });
  return authenticateAtProvider(t.app, location, { person, level: options.providerLevel ?? options.level ?? 2 });
}

/** The reason the portal logged for the last response that failed the protocol checks. */
function lastRefusal(): string {
  const entry = [...t.logs].reverse().find((l) => l.msg === 'login refused: provider response failed the checks');
  return entry ? `${String(entry.error)} ${String(entry.message)} ${String(entry.detail)}` : '';
}

/**
 * The callback of a refused login: a 303 to the refusal page, whose URL has neither the code nor
 * the state; then that page, as the browser shows it.
 */
async function refused(agent: PortalAgent, callback: string) {
  const answer = await finishLogin(agent, callback);
  expect(answer.statusCode).toBe(303);
  const location = String(answer.headers.location);
  expect(location.startsWith('/auth/errore?')).toBe(true);
  expect(location).not.toMatch(/[?&](code|state|error)=/);
  const { searchParams } = new URL(callback);
  for (const secret of [searchParams.get('code'), searchParams.get('state')]) if (secret) expect(location).not.toContain(secret);
  return agent.get(location);
}

function expectNoPerson(agent: PortalAgent) {
  expect(agent.session()?.get('identity')).toBeUndefined();
}

describe('SPID level', () => {
  it('a procedure needing level 2 refuses a level 1 login (403, clear page, no session)', async () => {
    const agent = new PortalAgent(t.app);
    const location = await beginLogin(agent, { level: 2 });
    // the portal asked for level 2...
    const request = JSON.parse(Buffer.from(new URL(location).searchParams.get('request')!.split('.')[1]!, 'base64url').toString());
    expect(request.acr_values).toBe('https://www.spid.gov.it/SpidL2');
    // ...the person authenticated at level 1
    const callback = await authenticateAtProvider(t.app, location, { person: TEST_PEOPLE.citizen, level: 1 });
    const res = await refused(agent, callback);
    expect(res.statusCode).toBe(403);
    expect(h1(res.body)).toBe('Livello di sicurezza insufficiente');
    expect(res.body).toContain('livello di sicurezza 1');
    expect(res.body).toContain('href="/auth/login?level=2&amp;returnTo=%2F"');
    expectNoPerson(agent);
    const page = await agent.get('/');
    expect(page.body).not.toContain('Giulio Cesare');
  });

  it('a level 3 procedure refuses a level 2 login', async () => {
    const agent = new PortalAgent(t.app);
    const res = await refused(agent, await callbackFor(agent, TEST_PEOPLE.citizen, { level: 3, providerLevel: 2 }));
    expect(res.statusCode).toBe(403);
    expectNoPerson(agent);
  });

  it('a refused step-up leaves the existing lower-level login as it was', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen2, { level: 1, requestLevel: 1 });
    const res = await refused(agent, await callbackFor(agent, TEST_PEOPLE.citizen2, { level: 3, providerLevel: 1 }));
    expect(res.statusCode).toBe(403);
    expect(agent.session()!.get('identity')).toMatchObject({ fiscalCode: TEST_PEOPLE.citizen2, spidLevel: 1 });
  });
});

describe('protocol checks', () => {
  it('a tampered state is refused (400) and the code is not used', async () => {
    const agent = new PortalAgent(t.app);
    const callback = new URL(await callbackFor(agent, TEST_PEOPLE.citizen));
    const state = callback.searchParams.get('state')!;
    // a different last character (a random state may already end in X)
    callback.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('X') ? 'Y' : 'X'}`);
    const res = await refused(agent, callback.toString());
    expect(res.statusCode).toBe(400);
    expect(h1(res.body)).toBe('Accesso non riuscito');
    expectNoPerson(agent);
    expect(agent.session()?.get('login')).toBeUndefined();
  });

  it('a callback without a login started in this browser is refused', async () => {
    const victim = new PortalAgent(t.app);
    const attacker = new PortalAgent(t.app);
    // the attacker's own code and state, presented in the victim's browser (login CSRF)
    const callback = await callbackFor(attacker, TEST_PEOPLE.citizen3);
    const res = await refused(victim, callback);
    expect(res.statusCode).toBe(400);
    expectNoPerson(victim);
  });

  it('a replayed code is refused: in the same session, and in a new login', async () => {
    const agent = new PortalAgent(t.app);
    const callback = await callbackFor(agent, TEST_PEOPLE.citizen);
    const first = await finishLogin(agent, callback);
    expect(first.statusCode).toBe(303);
    const other = new PortalAgent(t.app);
    // the same callback again in another browser: no login in progress there
    expect((await refused(other, callback)).statusCode).toBe(400);
    // a fresh login whose state the replay carries: the provider refuses the spent code
    const location = await beginLogin(other, { level: 2 });
    expect(location).toContain(t.app.identity.testIdp!.issuer);
    const replay = new URL(callback);
    replay.searchParams.set('state', other.session()!.get('login')!.state);
    const res = await refused(other, replay.toString());
    expect(res.statusCode).toBe(400);
    expect(lastRefusal()).toMatch(/invalid_grant|grant request is invalid/);
    expect(h1(res.body)).toBe('Accesso non riuscito');
    expectNoPerson(other);
  });

  it('an ID token whose nonce is not the one in the session is refused', async () => {
    const agent = new PortalAgent(t.app);
    const callback = await callbackFor(agent, TEST_PEOPLE.citizen);
    // the session's nonce replaced (as if the token had been minted for another login)
    const session = agent.session()!;
    const login = session.get('login')!;
    agent.setSession({ login: { ...login, nonce: 'A'.repeat(48) } });
    const res = await refused(agent, callback);
    expect(res.statusCode).toBe(400);
    expectNoPerson(agent);
    expect(lastRefusal()).toMatch(/nonce/);
  });

  it('a PKCE verifier that does not match is refused', async () => {
    const agent = new PortalAgent(t.app);
    const callback = await callbackFor(agent, TEST_PEOPLE.citizen);
    const login = agent.session()!.get('login')!;
    agent.setSession({ login: { ...login, codeVerifier: 'x'.repeat(43) } });
    expect((await refused(agent, callback)).statusCode).toBe(400);
    expectNoPerson(agent);
    expect(lastRefusal()).toMatch(/invalid_grant|PKCE/i);
  });

  it('a login left unfinished for more than 10 minutes must start again', async () => {
    const agent = new PortalAgent(t.app);
    const callback = await callbackFor(agent, TEST_PEOPLE.citizen);
    t.advance(11 * 60 * 1000);
    try {
      const res = await refused(agent, callback);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('è scaduta');
    } finally {
      t.advance(-11 * 60 * 1000);
    }
  });

  it('a login cancelled at the provider says so', async () => {
    const agent = new PortalAgent(t.app);
    const location = await beginLogin(agent, { level: 2, returnTo: '/servizi' });
    const callback = await authenticateAtProvider(t.app, location, { cancel: true });
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    const res = await refused(agent, callback);
    expect(res.statusCode).toBe(400);
    expect(h1(res.body)).toBe('Accesso annullato');
    expect(res.body).toContain('href="/auth/login?level=2&amp;returnTo=%2Fservizi"');
    expect(res.headers['cache-control']).toBe('no-store');
    expectNoPerson(agent);
    // the state never reaches the portal's log lines; the request lines carry the path alone
    // (this test's logger has no serializers: the portal's own drops the query string)
    const state = new URL(callback).searchParams.get('state')!;
    expect(JSON.stringify(t.logs.filter((l) => l.msg !== 'incoming request'))).not.toContain(state);
    expect(redactedPath(`/auth/callback?code=abc123&state=${state}`)).toBe('/auth/callback');
  });

  it('the refusal page takes no reason it does not know, and sends only to the portal\'s own pages', async () => {
    const agent = new PortalAgent(t.app);
    const res = await agent.get('/auth/errore?motivo=%3Cscript%3E&livello=9&returnTo=https%3A%2F%2Fevil.example');
    expect(res.statusCode).toBe(400);
    expect(h1(res.body)).toBe('Accesso non riuscito');
    // back to log in, for a page of the portal only
    expect(res.body).toContain('href="/auth/login?level=2&amp;returnTo=%2F"');
  });
});

describe('fiscal number', () => {
  it('an identity without a fiscal number is refused with a clear page', async () => {
    const agent = new PortalAgent(t.app);
    const res = await refused(agent, await callbackFor(agent, 'no-fiscal-number'));
    expect(res.statusCode).toBe(403);
    expect(h1(res.body)).toBe('Codice fiscale mancante');
    expectNoPerson(agent);
  });

  it('a fiscal number with a wrong check character is refused', async () => {
    const agent = new PortalAgent(t.app);
    const res = await refused(agent, await callbackFor(agent, 'bad-fiscal-number'));
    expect(res.statusCode).toBe(403);
    expect(h1(res.body)).toBe('Codice fiscale non valido');
    expectNoPerson(agent);
  });

  it('the refusal page speaks English too', async () => {
    const agent = new PortalAgent(t.app);
    const callback = await callbackFor(agent, 'bad-fiscal-number');
    const location = String((await finishLogin(agent, callback)).headers.location);
    expect(h1((await agent.get(`${location}&lang=en`)).body)).toBe('Fiscal code not valid');
    await agent.get('/?lang=it');
  });
});

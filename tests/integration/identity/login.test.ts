// Login against the bundled test provider over real HTTP: the authorization request the portal
// sends, each SPID level, SPID and CIE, returnTo, the person on the request and in the page,
// the session cookie, no-store on authenticated pages, the portal's JWKS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateAtProvider, beginLogin, finishLogin, loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';
import { createIdentityTestApp, h1, jwtPayload, type IdentityTestApp } from './setup.ts';

let t: IdentityTestApp;
beforeAll(async () => {
  t = await createIdentityTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('login page', () => {
  it('offers "Entra con SPID" and "Entra con CIE", marked as test providers, in Italian and English', async () => {
    const it = await t.app.inject({ url: '/auth/login?returnTo=%2Fservizi' });
    expect(it.statusCode).toBe(200);
    expect(h1(it.body)).toBe('Accedi');
    expect(it.body).toContain('Entra con SPID');
    expect(it.body).toContain('Entra con CIE');
    expect(it.body).toContain('href="/auth/login?provider=test-spid&amp;level=2&amp;returnTo=%2Fservizi"');
    expect(it.body).toContain('gestore di identità di prova');
    const en = await t.app.inject({ url: '/auth/login?lang=en' });
    expect(en.body).toContain('Log in with SPID');
    expect(en.body).toContain('Log in with CIE');
    expect(en.body).toContain('<html lang="en">');
  });

  it('says which level a service needs', async () => {
    const page = await t.app.inject({ url: '/auth/login?level=3&returnTo=%2Fservizi' });
    expect(page.body).toContain('livello di sicurezza 3');
    expect(page.body).toContain('provider=test-spid&amp;level=3');
  });

  it('answers an unknown provider with the login page and a message', async () => {
    const page = await t.app.inject({ url: '/auth/login?provider=nope' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('non è disponibile');
  });

  it('publishes the portal keys (public parts only) at /.well-known/jwks.json', async () => {
    const res = await t.app.inject({ url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    const jwks = res.json() as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
    expect(jwks.keys[0]!.kid).toEqual(expect.any(String));
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwks.keys[0]).not.toHaveProperty(secret);
  });
});

describe('the authorization request', () => {
  it('is a signed request object with PKCE S256, state, nonce, prompt, acr_values and the claims', async () => {
    const agent = new PortalAgent(t.app);
    const location = await beginLogin(agent, { level: 3, returnTo: '/servizi' });
    const url = new URL(location);
    expect(url.origin).toBe(t.app.identity.testIdp!.issuer);
    expect(url.searchParams.get('client_id')).toBe('sportello-spid');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('openid');
    const request = jwtPayload(url.searchParams.get('request')!);
    expect(request).toMatchObject({
      iss: 'sportello-spid',
      aud: t.app.identity.testIdp!.issuer,
      client_id: 'sportello-spid',
      response_type: 'code',
      scope: 'openid',
      code_challenge_method: 'S256',
      prompt: 'consent login',
      acr_values: 'https://www.spid.gov.it/SpidL3',
      redirect_uri: 'http://127.0.0.1:3000/auth/callback',
    });
    expect(request.state).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(request.nonce).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(request.state).not.toBe(request.nonce);
    expect(request.code_challenge).toBe(url.searchParams.get('code_challenge'));
    const claims = request.claims as { userinfo: Record<string, unknown>; id_token?: unknown };
    expect(Object.keys(claims.userinfo)).toEqual(
      expect.arrayContaining([
        'https://attributes.eid.gov.it/fiscal_number',
        'given_name',
        'family_name',
        'birthdate',
        'place_of_birth',
        'email',
        'phone_number',
        'https://attributes.eid.gov.it/company_name',
        'https://attributes.eid.gov.it/company_fiscal_number',
        'https://attributes.eid.gov.it/vat_number',
      ]),
    );
    expect(claims.id_token).toBeUndefined();
    // the session remembers the login in progress, the secrets stay on the server side
    const pending = agent.session()!.get('login')!;
    expect(pending).toMatchObject({ provider: 'test-spid', level: 3, returnTo: '/servizi', state: request.state, nonce: request.nonce });
    expect(pending.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,}$/);
  });

  it('asks CIE for the attributes in the ID token too', async () => {
    const agent = new PortalAgent(t.app);
    const location = await beginLogin(agent, { provider: 'test-cie' });
    const request = jwtPayload(new URL(location).searchParams.get('request')!);
    expect(request.client_id).toBe('sportello-cie');
    expect(Object.keys((request.claims as { id_token: object }).id_token)).toContain('https://attributes.eid.gov.it/fiscal_number');
  });
});

describe('login at each SPID level', () => {
  for (const level of [1, 2, 3] as const) {
    it(`level ${level}: the person is on the request with the level the provider stated`, async () => {
      const agent = new PortalAgent(t.app);
      const location = await beginLogin(agent, { level: 1, returnTo: '/servizi?area=anagrafe' });
      const callback = await authenticateAtProvider(t.app, location, { person: TEST_PEOPLE.citizen2, level });
      const done = await finishLogin(agent, callback);
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/servizi?area=anagrafe');
      expect(done.headers['cache-control']).toBe('no-store');
      const identity = agent.session()!.get('identity')!;
      expect(identity).toMatchObject({
        fiscalCode: 'LVLDAA85T50G702B',
        givenName: 'Ada',
        familyName: 'Lovelace',
        birthDate: '1985-12-10',
        placeOfBirth: { locality: 'G702', region: 'Toscana' },
        email: 'ada.lovelace@example.it',
        phone: '+393337654321',
        spidLevel: level,
        provider: 'test-spid',
        companies: [],
        staff: false,
      });
      expect(agent.session()!.get('login')).toBeUndefined();
      const page = await agent.get('/servizi');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Ada Lovelace');
      expect(page.body).toContain('action="/auth/logout"');
      expect(page.headers['cache-control']).toBe('no-store');
    });
  }

  it('a higher level than asked is accepted', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen, { level: 3, requestLevel: 2 });
    expect(agent.session()!.get('identity')!.spidLevel).toBe(3);
  });

  it('logs in with CIE (attributes from the ID token and userinfo)', async () => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen3, { provider: 'test-cie', level: 3 });
    expect(agent.session()!.get('identity')).toMatchObject({ fiscalCode: 'RSSMRA80A01H501U', provider: 'test-cie', providerKind: 'cie', spidLevel: 3 });
  });
});

describe('returnTo', () => {
  it.each([
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/auth/logout', '/'],
    ['/servizi/certificato-residenza?x=1', '/servizi/certificato-residenza?x=1'],
  ])('returnTo %s sends the person to %s', async (returnTo, expected) => {
    const agent = await loginAs(t, TEST_PEOPLE.citizen, { returnTo });
    expect(agent.session()!.get('identity')).toBeDefined();
    const pendingReturn = await agent.get(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    // already logged in at the level asked: straight back
    expect(pendingReturn.statusCode).toBe(303);
    expect(pendingReturn.headers.location).toBe(expected);
  });
});

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Lax, not Secure on plain local http', async () => {
    const agent = new PortalAgent(t.app);
    const res = await agent.get('/auth/login?provider=test-spid');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('sportello_session=');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
  });

  it('pages seen without a login stay cacheable', async () => {
    const res = await t.app.inject({ url: '/servizi' });
    expect(res.headers['cache-control']).not.toBe('no-store');
  });
});

describe('the test provider', () => {
  it('marks its pages as a test provider, in Italian and English, with labels and landmarks', async () => {
    const agent = new PortalAgent(t.app);
    const location = await beginLogin(agent, { level: 2 });
    const { ProviderBrowser } = await import('../../helpers/login.ts');
    const browser = new ProviderBrowser();
    const page = await browser.followToPortal(location, t.app.services.identity.redirectUri);
    const html = await page.response.text();
    expect(page.response.status).toBe(200);
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('Gestore di identità DI PROVA');
    expect(html).toMatch(/<main id="main-content"/);
    expect(html).toMatch(/<h1>Accesso di prova<\/h1>/);
    expect(html).toContain('<label for="person-CSRGGL44L13H501E">Giulio Cesare (CSRGGL44L13H501E)</label>');
    expect(html).toContain('<legend class="h3">Livello di sicurezza SPID</legend>');
    // the CIE provider's page names CIE's level, not SPID's (issue 21)
    const cie = await new ProviderBrowser().followToPortal(await beginLogin(new PortalAgent(t.app), { provider: 'test-cie', level: 2 }), t.app.services.identity.redirectUri);
    const cieHtml = await cie.response.text();
    expect(cieHtml).toContain('<legend class="h3">Livello di sicurezza CIE</legend>');
    expect(cieHtml).not.toContain('SPID</legend>');
    expect(html).toMatch(/id="level-2" value="2" checked/);
    expect(html).toContain('bootstrap-italia.min.css');
    const css = await fetch(`${t.app.identity.testIdp!.issuer}/assets/bootstrap-italia/css/bootstrap-italia.min.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    await css.arrayBuffer();
    const en = await browser.request(`${page.url}?lang=en`);
    const english = await en.text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('TEST identity provider');
  });

  it('asks again when nothing was chosen (422, errors linked to the fields)', async () => {
    const agent = new PortalAgent(t.app);
    const location = await beginLogin(agent, { level: 2 });
    const { ProviderBrowser } = await import('../../helpers/login.ts');
    const browser = new ProviderBrowser();
    const page = await browser.followToPortal(location, t.app.services.identity.redirectUri);
    await page.response.arrayBuffer();
    const res = await browser.request(page.url, { method: 'POST', form: { action: 'login', level: '2' } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<a href="#field-person">Scegli una persona di prova.</a>');
  });
});

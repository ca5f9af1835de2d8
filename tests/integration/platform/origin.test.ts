// CSRF's second line (issue 14, finding 16): a state-changing request that a browser says comes
// from another site (Origin, Sec-Fetch-Site) is refused even with a valid token; the portal's
// own pages, and older clients that send neither header, go through; routes authenticated
// otherwise (`config: { csrf: false }`, the payment provider's signed callbacks) are exempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_PATH } from '../../../src/payments/providers/index.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, type PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';

let t: TestApp;
let citizen: PortalAgent;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
  token = await citizen.csrfToken('/area-personale/preferenze');
});
afterAll(async () => {
  await t?.close();
});

/** The App IO preference form, sent with a valid token and the headers given. */
function saveSetting(headers: Record<string, string>, url = '/area-personale/preferenze/app-io') {
  return citizen.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ io: 'on', _csrf: token }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

describe('state-changing requests from another site', () => {
  it('are refused with a valid token when the Origin is another site\'s', async () => {
    const res = await saveSetting({ origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Richiesta da un altro sito');
    const en = await saveSetting({ origin: 'https://evil.example' }, '/area-personale/preferenze/app-io?lang=en');
    expect(en.statusCode).toBe(403);
    expect(en.body).toContain('Request from another site');
  });

  it('are refused when the browser says Sec-Fetch-Site: cross-site', async () => {
    expect((await saveSetting({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
  });

  it('go through from the portal\'s own origin, and from clients that send no Origin', async () => {
    const portal = new URL(t.app.config.baseUrl).origin;
    expect((await saveSetting({ origin: portal, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(303);
    expect((await saveSetting({})).statusCode).toBe(303);
  });

  it('outside production, go through from the origin the browser used for the portal (localhost for 127.0.0.1)', async () => {
    expect((await saveSetting({ host: 'localhost:3000', origin: 'http://localhost:3000' })).statusCode).toBe(303);
  });

  it('leave alone the routes authenticated otherwise (a provider\'s signed callback)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${CALLBACK_PATH}/sandbox`,
      payload: '{}',
      headers: { 'content-type': 'application/json', origin: 'https://psp.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.statusCode).not.toBe(403);
    expect(res.json()).toMatchObject({ outcome: 'refused' });
  });
});

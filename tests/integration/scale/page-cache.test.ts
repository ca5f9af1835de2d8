// The page cache of the public catalogue (src/catalogue/page-cache.ts): anonymous pages are
// rendered once per language and URL and served from memory until the catalogue changes; a
// publication shows within a second; a person with a session always gets a fresh page that no
// shared cache may keep; a procedure with an opening time is kept one second at most. A kept
// page is sent by the cache's first hook: with the same headers as a rendered one, in the
// language chosen, and counted in /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishVersion } from '../../../src/catalogue/catalogue.repository.ts';
import { procedurePageTtl } from '../../../src/catalogue/page-cache.ts';
import { testClock, type TestClock } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';

let t: TestApp;
let clock: TestClock;
beforeAll(async () => {
  // from the wall time, so that the logins' tokens are current; moved by hand after that
  clock = testClock(Date.now());
  t = await createTestApp({ LOGIN_RATE_LIMIT: '10000' }, { clock });
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('the public page cache', () => {
  it('renders an anonymous page once per language and URL, then serves the same bytes', async () => {
    const first = await get('/servizi/certificato-residenza');
    const second = await get('/servizi/certificato-residenza');
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-page-cache']).toBe('miss');
    expect(second.headers['x-page-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(second.headers['set-cookie']).toBeUndefined();

    const english = await get('/servizi/certificato-residenza', { cookie: 'lang=en' });
    expect(english.headers['x-page-cache']).toBe('miss');
    expect(english.body).toContain('Certificate of residence');
    expect((await get('/servizi/certificato-residenza', { cookie: 'lang=en' })).headers['x-page-cache']).toBe('hit');
    expect((await get('/servizi?area=tributi')).headers['x-page-cache']).toBe('miss');
    expect((await get('/servizi?area=tributi')).headers['x-page-cache']).toBe('hit');
  });

  it('does not keep a page that does not exist', async () => {
    expect((await get('/servizi/non-esiste')).statusCode).toBe(404);
    expect((await get('/servizi/non-esiste')).headers['x-page-cache']).toBeUndefined();
  });

  it('shows a publication within a second', async () => {
    expect((await get('/servizi/certificato-residenza')).headers['x-page-cache']).toBe('hit');
    const procedure = await t.app.services.catalogue.get('certificato-residenza');
    const changed = { ...procedure.definition, title: { it: 'Certificato di residenza (nuova versione)', en: 'Certificate of residence (new version)' } };
    await publishVersion(t.app.db, procedure.id, procedure.version, changed, clock());
    clock.advance(1100);
    const after = await get('/servizi/certificato-residenza');
    expect(after.headers['x-page-cache']).toBe('miss');
    const list = await get('/servizi');
    expect(list.body).toContain('Certificato di residenza (nuova versione)');
  });

  it('never serves or keeps a page for a person with a session, and keeps it out of shared caches', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const page = await citizen.get('/servizi/certificato-residenza');
    expect(page.statusCode).toBe(200);
    expect(page.headers['x-page-cache']).toBeUndefined();
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('Giulio');
    expect((await citizen.get('/servizi/certificato-residenza')).headers['x-page-cache']).toBeUndefined();
    // and the anonymous copy never shows the person
    expect((await get('/servizi/certificato-residenza')).body).not.toContain('Giulio');
  });

  it('sends a kept page with the headers of a rendered one (security headers included)', async () => {
    const url = '/servizi/cambio-residenza';
    const miss = await get(url);
    const hit = await get(url);
    expect([miss.headers['x-page-cache'], hit.headers['x-page-cache']]).toEqual(['miss', 'hit']);
    expect(hit.body).toBe(miss.body);
    const comparable = (headers: Record<string, unknown>) => {
      const { date: _date, 'x-page-cache': _cache, ...rest } = headers;
      return rest;
    };
    expect(comparable(hit.headers)).toEqual(comparable(miss.headers));
    expect(hit.headers['content-security-policy']).toContain("default-src 'self'");
    expect(hit.headers['vary']).toBe('cookie');
    expect(hit.headers['cache-control']).toBeUndefined();
    expect(hit.headers['set-cookie']).toBeUndefined();
    // the very security headers of any other page the portal renders
    const other = await get('/servizi/non-esiste');
    for (const name of ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy']) {
      expect(hit.headers[name], name).toBe(other.headers[name]);
    }
    // HEAD: the same head, no body
    const head = await t.app.inject({ method: 'HEAD', url });
    expect(head.headers['x-page-cache']).toBe('hit');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(miss.body)));
    expect(head.body).toBe('');
  });

  it('serves the kept page of the language chosen, and sets the cookie when the choice changes', async () => {
    const url = '/servizi/contributo-affitto';
    await get(url);
    await get(url, { cookie: 'lang=en' });
    const italian = await get(url);
    expect(italian.headers['x-page-cache']).toBe('hit');
    expect(italian.body).toContain('<html lang="it">');
    const english = await get(url, { cookie: 'lang=en' });
    expect(english.headers['x-page-cache']).toBe('hit');
    expect(english.body).toContain('<html lang="en">');

    // ?lang=en without the cookie: the English page and the cookie that keeps the choice
    const switched = await get(`${url}?lang=en`);
    expect(switched.body).toContain('<html lang="en">');
    expect(switched.headers['set-cookie']).toMatch(/^lang=en;/);
    const again = await get(`${url}?lang=en`);
    expect(again.headers['set-cookie']).toMatch(/^lang=en;/);
    // with the cookie already saying so, from memory and without a cookie
    const kept = await get(`${url}?lang=en`, { cookie: 'lang=en' });
    expect(kept.headers['x-page-cache']).toBe('hit');
    expect(kept.headers['set-cookie']).toBeUndefined();
    expect(kept.body).toContain('<html lang="en">');
    // back to Italian from an English cookie
    const back = await get(`${url}?lang=it`, { cookie: 'lang=en' });
    expect(back.body).toContain('<html lang="it">');
    expect(back.headers['set-cookie']).toMatch(/^lang=it;/);
  });

  it('never sends the kept bytes to a request with a session cookie, even one that does not open', async () => {
    const url = '/servizi/iscrizione-asilo-nido';
    await get(url);
    expect((await get(url)).headers['x-page-cache']).toBe('hit');
    const stale = await get(url, { cookie: 'sportello_session=not-a-sealed-session' });
    expect(stale.statusCode).toBe(200);
    expect(stale.headers['x-page-cache']).toBeUndefined();
    expect(stale.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('counts the pages sent from memory in /metrics', async () => {
    const count = async () => {
      const metrics = (await get('/metrics')).body;
      const line = metrics.split('\n').find((l) => l.startsWith('http_request_duration_seconds_count{') && l.includes('route="/servizi/:slug"') && l.includes('status="200"') && l.includes('method="GET"'));
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    await get('/servizi/dichiarazione-tari');
    const before = await count();
    for (let i = 0; i < 3; i++) expect((await get('/servizi/dichiarazione-tari')).headers['x-page-cache']).toBe('hit');
    expect(await count()).toBe(before + 3);
  });

  it('keeps the page of a procedure with an opening time one second at most, never past the opening', () => {
    const now = Date.parse('2026-03-02T08:59:59.500+01:00');
    expect(procedurePageTtl({ opensAt: null, closesAt: null, maxFilings: null }, now)).toBe(Infinity);
    expect(procedurePageTtl({ opensAt: '2026-03-02T09:00:00+01:00', closesAt: null, maxFilings: null }, now)).toBe(500);
    expect(procedurePageTtl({ opensAt: '2026-03-01T09:00:00+01:00', closesAt: null, maxFilings: null }, now)).toBe(1000);
    expect(procedurePageTtl({ opensAt: null, closesAt: null, maxFilings: 100 }, now)).toBe(1000);
  });
});

// The page cache of the public catalogue (src/catalogue/page-cache.ts): anonymous pages are
// rendered once per language and URL and served from memory until the catalogue changes; a
// publication shows within a second; a person with a session always gets a fresh page that no
// shared cache may keep; a procedure with an opening time is kept one second at most.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishVersion } from '../../../src/catalogue/catalogue.repository.ts';
import { procedurePageTtl } from '../../../src/catalogue/page-cache.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_LIMIT: '10000' });
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
    await publishVersion(t.app.db, procedure.id, procedure.version, changed);
    await new Promise((r) => setTimeout(r, 1100));
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
    // and the anonymous copy never shows the person
    expect((await get('/servizi/certificato-residenza')).body).not.toContain('Giulio');
  });

  it('keeps the page of a procedure with an opening time one second at most, never past the opening', () => {
    const now = Date.parse('2026-03-02T08:59:59.500+01:00');
    expect(procedurePageTtl({ opensAt: null, closesAt: null, maxFilings: null }, now)).toBe(Infinity);
    expect(procedurePageTtl({ opensAt: '2026-03-02T09:00:00+01:00', closesAt: null, maxFilings: null }, now)).toBe(500);
    expect(procedurePageTtl({ opensAt: '2026-03-01T09:00:00+01:00', closesAt: null, maxFilings: null }, now)).toBe(1000);
    expect(procedurePageTtl({ opensAt: null, closesAt: null, maxFilings: 100 }, now)).toBe(1000);
  });
});

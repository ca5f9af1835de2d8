// The public catalogue through the real app on a real database: home, list, search, the
// procedure page, the language switch, the JSON API, health checks and the error pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

function resultSlugs(html: string): string[] {
  return [...html.matchAll(/class="card-title h5"><a href="\/servizi\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
}

describe('home and catalogue pages', () => {
  it('shows the areas and the most used services in Italian', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<html lang="it">');
    expect(res.body).toContain('Anagrafe e stato civile');
    expect(res.body).toContain('data-element="accessibility-link"');
    expect(res.body).toContain('data-element="privacy-policy-link"');
    expect(resultSlugs(res.body)).toContain('certificato-residenza');
  });

  it('lists every published procedure and filters by area', async () => {
    const all = resultSlugs((await get('/servizi')).body);
    expect(all.length).toBeGreaterThanOrEqual(10);
    const registry = resultSlugs((await get('/servizi?area=anagrafe-stato-civile')).body);
    expect(registry).toContain('certificato-residenza');
    expect(registry.length).toBeLessThan(all.length);
    const unknownArea = await get('/servizi?area=luna');
    expect(unknownArea.statusCode).toBe(200);
    expect(resultSlugs(unknownArea.body).length).toBe(all.length);
  });

  it.each([
    ['certificato residenza'],
    ['residenza'],
    ['Residenza'],
    ['residensa'],
    ['certificate of residence'],
  ])('finds the residence certificate searching «%s»', async (q) => {
    const res = await get(`/servizi?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    expect(resultSlugs(res.body)).toContain('certificato-residenza');
  });

  it('ranks the certificate first for its own title and says when nothing matches', async () => {
    expect(resultSlugs((await get('/servizi?q=certificato%20di%20residenza')).body)[0]).toBe('certificato-residenza');
    const none = await get('/servizi?q=xyzzyqwerty');
    expect(resultSlugs(none.body)).toEqual([]);
    expect(none.body).toContain('Nessun servizio trovato per «xyzzyqwerty»');
  });

  it('escapes what the person typed', async () => {
    const res = await get('/servizi?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).toContain('&lt;script&gt;');
  });

  it('shows a procedure as a scheda servizio with every section and the apply button', async () => {
    const res = await get('/servizi/certificato-residenza');
    expect(res.statusCode).toBe(200);
    for (const heading of ["Cos&#39;è", 'A chi è rivolto', 'Come fare', 'Cosa serve', 'Quanto costa', 'Tempi e scadenze', 'Ufficio responsabile', 'Riferimenti normativi']) {
      expect(res.body).toContain(heading);
    }
    expect(res.body).toContain('href="/servizi/certificato-residenza/domanda"');
    expect(res.body).toContain('DPR 30 maggio 1989, n. 223');
    expect(res.body).toContain('aria-current="page"');
  });
});

describe('every service page', () => {
  it('renders for every published procedure in Italian and English', async () => {
    const { items } = (await get('/api/v1/procedures')).json() as { items: Array<{ slug: string; title: { it: string; en: string } }> };
    for (const { slug } of items) {
      for (const lang of ['it', 'en'] as const) {
        const res = await get(`/servizi/${slug}?lang=${lang}`);
        expect(res.statusCode, `${slug} ${lang}`).toBe(200);
        expect(res.body, `${slug} ${lang}`).toContain(`<html lang="${lang}">`);
        expect(res.body, `${slug} ${lang}`).not.toMatch(/undefined|\[object Object\]/);
      }
    }
  }, 120_000);
});

describe('language', () => {
  it('switches to English with ?lang=en and keeps it across pages with a cookie', async () => {
    const first = await get('/servizi/certificato-residenza?lang=en');
    expect(first.body).toContain('<html lang="en">');
    expect(first.body).toContain('Certificate of residence');
    expect(first.body).toContain('What it is');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/lang=en/);
    const next = await get('/servizi', { cookie: cookie.split(';')[0]! });
    expect(next.body).toContain('<html lang="en">');
    expect(next.body).toContain('All services');
    expect(next.body).toContain('href="/servizi?lang=it"');
  });
});

describe('errors', () => {
  it('answers 404 with a helpful page in the person\'s language', async () => {
    const res = await get('/servizi/non-esiste');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Pagina non trovata');
    expect(res.body).toContain('href="/servizi"');
    const en = await get('/nowhere?lang=en');
    expect(en.statusCode).toBe(404);
    expect(en.body).toContain('Page not found');
  });

  it('sets a strict Content-Security-Policy and other security headers', async () => {
    const res = await get('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves Bootstrap Italia from its package, and nothing else from node_modules', async () => {
    expect((await get('/assets/bootstrap-italia/css/bootstrap-italia.min.css')).statusCode).toBe(200);
    expect((await get('/assets/bootstrap-italia/svg/sprites.svg')).statusCode).toBe(200);
    expect((await get('/assets/bootstrap-italia/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2')).statusCode).toBe(200);
    expect((await get('/assets/bootstrap-italia/../package.json')).statusCode).toBe(404);
  });
});

describe('JSON API', () => {
  it('lists, filters and searches procedures', async () => {
    const all = (await get('/api/v1/procedures')).json();
    expect(all.count).toBe(all.items.length);
    // issue 18: at least as many procedures as the modelled comune offered
    expect(all.count).toBeGreaterThanOrEqual(123);
    expect(all.items[0]).toMatchObject({ title: { it: expect.any(String), en: expect.any(String) } });
    const area = (await get('/api/v1/procedures?area=anagrafe-stato-civile')).json();
    expect(area.items.every((i: { area: string }) => i.area === 'anagrafe-stato-civile')).toBe(true);
    const search = (await get('/api/v1/procedures?q=residenza')).json();
    expect(search.items.map((i: { slug: string }) => i.slug)).toContain('certificato-residenza');
  });

  it('refuses a bad query with a clear JSON error', async () => {
    const res = await get('/api/v1/procedures?area=luna');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('unknown area');
  });

  it('returns one procedure with its definition and office, or 404 as JSON', async () => {
    const one = await get('/api/v1/procedures/certificato-residenza');
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ slug: 'certificato-residenza', version: 1, office: { code: 'anagrafe' } });
    expect(one.json().definition.form.steps.length).toBeGreaterThan(0);
    const missing = await get('/api/v1/procedures/non-esiste');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.status).toBe(404);
  });

  it('publishes an OpenAPI document', async () => {
    const doc = (await get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    // one document for /api/v1: the catalogue's paths beside the back-office API's (src/api)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/procedures', '/procedures/{slug}']));
  });
});

describe('health', () => {
  it('is alive and ready with migrations applied', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });
});

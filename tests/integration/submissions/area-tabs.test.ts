// The personal area's tab bar is one partial on every page of the area: the same tabs
// everywhere ("Pagamenti" included), the current one marked aria-current, and every page
// personal (no-store).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';

let t: TestApp;
let citizen: PortalAgent;

beforeAll(async () => {
  t = await createTestApp();
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

/** The tab bar's links (href, and whether aria-current), in order. */
function tabs(body: string): Array<{ href: string; current: boolean }> {
  const start = body.indexOf('<ul class="nav nav-tabs">');
  expect(start, 'a tab bar').toBeGreaterThan(-1);
  const bar = body.slice(start, body.indexOf('</ul>', start));
  return [...bar.matchAll(/<a class="nav-link[^"]*" href="([^"]+)"( aria-current="page")?>/g)].map((m) => ({ href: m[1]!, current: Boolean(m[2]) }));
}

const PAGES = ['/area-personale', '/area-personale/messaggi', '/area-personale/preferenze', '/pagamenti', '/area-personale/documenti', '/area-personale/i-miei-dati', '/area-personale/deleghe'];

describe('the personal area\'s tabs', () => {
  it.each(PAGES)('%s has the same tabs, Pagamenti among them, and marks itself current', async (path) => {
    const page = await citizen.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    const bar = tabs(page.body);
    const desk = tabs((await citizen.get('/area-personale')).body);
    expect(bar.map((tab) => tab.href)).toEqual(desk.map((tab) => tab.href));
    expect(bar.map((tab) => tab.href)).toEqual(expect.arrayContaining(PAGES));
    expect(bar.filter((tab) => tab.current).map((tab) => tab.href)).toEqual([path]);
  });
});

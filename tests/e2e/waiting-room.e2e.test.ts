// The waiting room of a click day in Chromium: before the call opens, a citizen who begins an
// application gets a place in the queue and a page that says when it opens and refreshes
// itself without JavaScript (with it, only the status box is asked again); the page passes axe
// on a phone and on a desktop, in Italian and English, and fits a 390 px screen.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { publishCall } from '../helpers/calls.ts';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

const SLUG = 'bando-sala-attesa';
const SOON = 'bando-apre-subito';
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ WAITING_ROOM_PROCEDURES: `${SLUG},${SOON}`, WAITING_ROOM_RATE: '1', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  // opens in two hours, so that nobody is let in while the test runs
  const opensAt = new Date(e2e.portal.app.services.clock().getTime() + 2 * 3600_000).toISOString();
  await publishCall(e2e.portal.app, SLUG, `opensAt: "${opensAt}"\nmaxFilings: 10\ncall: { onePer: person, ranking: { by: receipt }, reserve: unlimited }`);
}, 120_000);
afterAll(async () => e2e?.close());

it('gives a place before the opening, on a page that refreshes itself, accessible on a phone and a desktop', async () => {
  const page = await loggedIn(e2e, TEST_PEOPLE.citizen, `/servizi/${SLUG}`);
  await page.goto(`${e2e.baseUrl}/servizi/${SLUG}/domanda`);
  await expect.poll(() => page.locator('h1').textContent()).toContain('Sala d\'attesa virtuale');
  const body = (await page.locator('main').textContent()) ?? '';
  expect(body).toContain('Il tuo posto in fila è il numero 1.');
  expect(body).toMatch(/Le domande si aprono il /);
  // with JavaScript the status box is asked again in place (public/js/waiting-room.js), the
  // whole-page refresh is only for browsers without it
  expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
  expect(await page.locator('[data-waiting-status][data-refresh]').count()).toBe(1);
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    await page.setViewportSize(viewport);
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
  }
  // a reload keeps the place
  await page.reload();
  expect((await page.locator('main').textContent()) ?? '').toContain('Il tuo posto in fila è il numero 1.');
  await page.goto(`${e2e.baseUrl}/servizi/${SLUG}/domanda?lang=en`);
  await expect.poll(() => page.locator('h1').textContent()).toContain('Virtual waiting room');
  await expectAccessible(page);

  // without JavaScript the page reloads itself
  const cookies = await page.context().cookies();
  const noScript = await e2e.browser.newContext({ javaScriptEnabled: false });
  await noScript.addCookies(cookies);
  const plain = await noScript.newPage();
  await plain.goto(`${e2e.baseUrl}/servizi/${SLUG}/domanda?lang=it`);
  expect(await plain.locator('meta[http-equiv="refresh"]').count()).toBe(1);
  expect((await plain.locator('main').textContent()) ?? '').toContain('Il tuo posto in fila è il numero 1.');
  await noScript.close();
}, 120_000);

it('with JavaScript, asks again in place and takes the person to the form when the call opens', async () => {
  // opens in a few seconds: the status box is asked again every few seconds until then
  const opensAt = new Date(e2e.portal.app.services.clock().getTime() + 12_000).toISOString();
  await publishCall(e2e.portal.app, SOON, `opensAt: "${opensAt}"\nmaxFilings: 10\ncall: { onePer: person, ranking: { by: receipt }, reserve: unlimited }`);
  const page = await loggedIn(e2e, TEST_PEOPLE.citizen2, `/servizi/${SOON}`);
  await page.goto(`${e2e.baseUrl}/servizi/${SOON}/domanda`);
  await expect.poll(() => page.locator('h1').textContent()).toContain('Sala d\'attesa virtuale');
  await page.waitForURL(/\/informativa$/, { timeout: 90_000 });
}, 150_000);

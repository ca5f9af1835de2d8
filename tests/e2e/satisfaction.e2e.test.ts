// The page rating in Chromium with the keyboard alone: on the home page and on a service page,
// stars chosen with the arrow keys, sent, a reason chosen, sent, and the thanks back on the page;
// then the public figures in Italian and English. Axe on every page visited.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
});
afterAll(async () => e2e?.close());

/** Rates the page open in `page` with the keyboard: from 5 stars, `down` arrow presses lower. */
async function rateWithKeyboard(page: Page, down: number, reason: string) {
  await page.getByRole('radio', { name: 'Valuta 5 stelle su 5' }).focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < down; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/valutazione\/motivo/);
  await expectAccessible(page);
  await page.getByRole('radio', { name: reason }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
}

it('rates the home and a service page with the keyboard, accessibly', async () => {
  const page = await (await e2e.browser.newContext()).newPage();
  await page.goto(`${e2e.baseUrl}/`);
  await expectAccessible(page);
  await rateWithKeyboard(page, 1, 'Le indicazioni erano chiare');
  await page.waitForURL(`${e2e.baseUrl}/`);
  expect(await page.getByRole('status').filter({ hasText: 'Grazie, il tuo parere' }).count()).toBe(1);
  await expectAccessible(page);

  await page.goto(`${e2e.baseUrl}/servizi/certificato-residenza`);
  await expectAccessible(page);
  await rateWithKeyboard(page, 3, 'Ho avuto problemi tecnici');
  await page.waitForURL(`${e2e.baseUrl}/servizi/certificato-residenza`);
  expect(await page.getByText('Grazie, il tuo parere').count()).toBe(1);

  const stored = await e2e.portal.app.db.selectFrom('page_ratings').select(['page', 'stars', 'reason', 'votes']).orderBy('page').execute();
  expect(stored).toEqual([
    { page: '/', stars: 4, reason: 'clear', votes: 1 },
    { page: '/servizi/certificato-residenza', stars: 2, reason: 'technical', votes: 1 },
  ]);
});

it('shows the public figures in Italian and English, accessibly', async () => {
  const page = await (await e2e.browser.newContext()).newPage();
  await page.goto(`${e2e.baseUrl}/`);
  await page.getByRole('link', { name: 'I servizi in numeri' }).click();
  await page.waitForURL(/\/dati-servizi/);
  expect(await page.getByRole('table').getByRole('rowheader', { name: 'Tutti i servizi' }).count()).toBe(1);
  await expectAccessible(page);
  await page.goto(`${e2e.baseUrl}/dati-servizi?lang=en`);
  expect(await page.getByRole('heading', { name: 'How these figures are computed' }).count()).toBe(1);
  await expectAccessible(page);
});

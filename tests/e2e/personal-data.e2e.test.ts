// "I miei dati" in Chromium: the page with the categories passes axe in Italian and English,
// its download link gives the ZIP, and the deletion of the optional contacts goes through its
// confirmation page (refused without the box, axe on the error too) to the page's notice.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, fileResidence } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
});
afterAll(async () => e2e?.close());

it('shows, downloads and deletes the optional contacts, accessibly', async () => {
  await fileResidence(e2e.portal.app, CITIZEN);
  const page = await loggedIn(e2e, TEST_PEOPLE.citizen, '/area-personale/i-miei-dati');
  expect(await page.getByRole('heading', { level: 1, name: 'I miei dati' }).count()).toBe(1);
  expect(await page.getByRole('link', { name: 'I miei dati', exact: true }).getAttribute('aria-current')).toBe('page');
  await expectAccessible(page);

  // the download link answers with the archive
  const href = await page.getByRole('link', { name: /Scarica i miei dati/ }).getAttribute('href');
  const download = await page.request.get(`${e2e.baseUrl}${href}`);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/zip');
  expect((await download.body()).subarray(0, 2).toString()).toBe('PK');

  await page.goto(`${e2e.baseUrl}/area-personale/i-miei-dati?lang=en`);
  expect(await page.getByRole('heading', { level: 2, name: 'What cannot be deleted and why' }).count()).toBe(1);
  await expectAccessible(page);

  await page.goto(`${e2e.baseUrl}/area-personale/i-miei-dati?lang=it`);
  await page.getByRole('link', { name: 'Cancella i contatti facoltativi' }).click();
  await page.waitForURL(/cancella-contatti$/);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Cancella i contatti' }).click();
  expect(await page.getByRole('alert').textContent()).toContain('conferma di aver capito');
  await expectAccessible(page);
  // Bootstrap Italia draws its own box over the label: the label is what a person clicks
  await page.locator('label[for="conferma"]').click();
  expect(await page.locator('#conferma').isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Cancella i contatti' }).click();
  await page.waitForURL(/contatti=cancellati/);
  expect(await page.getByRole('status').filter({ hasText: 'sono stati cancellati' }).count()).toBe(1);
  await expectAccessible(page);
}, 90_000);

// The document wallet in Chromium: a citizen adds an identity document on the wallet page with
// the keyboard alone, then a form step with a file field offers it as "Usa un documento
// salvato" and takes it with the keyboard; axe on every page, in Italian and English.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { answerStepsBefore, CITIZEN, PDF } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
});
afterAll(async () => e2e?.close());

const WALLET = '/area-personale/documenti';
const SLUG = 'pubblicazioni-matrimonio';


it('keeps a document added with the keyboard and offers it in a file field, accessibly', async () => {
  const page = await loggedIn(e2e, TEST_PEOPLE.citizen, WALLET);
  await expectAccessible(page);
  await page.getByLabel('Tipo di documento').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Carta d’identità');
  await page.keyboard.press('Tab');
  // a date input takes the digits in the locale's order; typed it is the same without JavaScript
  await page.getByLabel('Data di scadenza (facoltativa)').fill('2099-12-31');
  // the file chooser is the operating system's: its result set directly
  await page.getByLabel(/^File \(PDF/).setInputFiles({ name: 'carta.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Salva il documento' }).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(await page.getByRole('status').textContent()).toContain('Il documento è stato salvato');
  expect(await page.getByRole('table').textContent()).toContain('Carta d’identità');
  await expectAccessible(page);
  await page.goto(`${e2e.baseUrl}${WALLET}?lang=en`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My documents');
  await expectAccessible(page);

  await answerStepsBefore(e2e.portal.app, CITIZEN, SLUG, 'allegati');
  await page.goto(`${e2e.baseUrl}/servizi/${SLUG}/domanda/passo/allegati?lang=it`);
  const offer = page.getByRole('group', { name: 'Usa un documento salvato' }).first();
  const option = offer.getByRole('radio', { name: /Carta d’identità/ });
  await option.focus();
  await page.keyboard.press('Space');
  expect(await option.isChecked()).toBe(true);
  await expectAccessible(page);
  await page.goto(`${e2e.baseUrl}/servizi/${SLUG}/domanda/passo/allegati?lang=en`);
  expect(await page.getByRole('group', { name: 'Use a saved document' }).count()).toBeGreaterThan(0);
  await expectAccessible(page);
});

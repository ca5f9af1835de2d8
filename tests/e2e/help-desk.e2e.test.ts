// A help-desk operator, in a real browser and with the keyboard's usual controls: the desk, a
// refused identity (the error summary), the look-up, the session, the note for the person, the
// statistics, the end of the session. Every page passes axe with zero violations.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate } from '../../src/platform/time.ts';
import { expectAccessible, logInAs, startE2E, submitButton, type E2E } from './browser.ts';

const OPERATOR = 'SRTLRA81C50A944X';
let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  page = await (await e2e.browser.newContext()).newPage();
});
afterAll(async () => e2e?.close());

const submit = (name: string) => submitButton(page, name);

describe('the help desk in a browser', () => {
  it('logs the operator in and shows the desk', async () => {
    await logInAs(e2e, page, OPERATOR, '/sportello');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sportello al pubblico');
    await expectAccessible(page);
  });

  it('refuses an implausible identity with the error summary, then opens the session', async () => {
    await page.getByRole('link', { name: 'Nuova sessione' }).click();
    await page.waitForURL(/\/sportello\/sessioni\/nuova$/);
    await expectAccessible(page);
    await page.locator('#lookup-fiscalCode').fill('RNLTRS40A41H501A');
    await submit('Cerca per codice fiscale');
    await expect(page.getByText('Il portale non conosce questo codice fiscale').isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    // the look-up filled in the code, the birth date and the sex
    await page.getByLabel('Cognome').fill('Rinaldi');
    await page.getByLabel('Nome', { exact: true }).fill('Teresa');
    await page.getByLabel('Tipo di documento').selectOption('cie');
    await page.getByLabel('Numero del documento').fill('CA1234567');
    await page.getByLabel('Rilasciato da').fill('Comune di Roma');
    await page.getByLabel('Data di scadenza').fill('2020-01-31');
    await submit('Apri la sessione');
    const summary = page.getByRole('alert');
    await expect(summary.textContent()).resolves.toContain('Il documento è scaduto');
    await expectAccessible(page);
    await page.getByLabel('Numero del documento').fill('CA12345AB');
    await page.getByLabel('Data di scadenza').fill(addDays(romeDate(new Date()), 900));
    await submit('Apri la sessione');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sessione per Teresa Rinaldi');
    await expectAccessible(page);
  });

  it('prints the note, shows the statistics, ends the session', async () => {
    const session = page.url();
    await page.getByRole('link', { name: 'Stampa il promemoria per la persona' }).click();
    await expect(page.getByText('con il tuo codice fiscale RNLTRS40A41H501A').isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await page.goto(`${e2e.baseUrl}/sportello/statistiche`);
    await expectAccessible(page);
    await page.goto(session);
    await submit('Termina la sessione');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Sessione terminata');
    await expectAccessible(page);
  });
});

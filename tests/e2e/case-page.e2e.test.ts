// The case page in Chromium: a clerk moves through its tabs with the keyboard (arrow keys, Home
// and End, the g-then-letter shortcuts, which leave typing in a field alone) and corrects an
// answer of the application (a value the form engine refuses first). Axe (WCAG 2.1 AA) on every
// tab, in Italian and in English, and on the correction page with and without errors.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, fileProcedure } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let clerk: Page;
let filing: { id: number; publicId: string };
const casePath = () => `/backoffice/pratiche/${filing.publicId}`;

/** The tab whose panel is shown, by its name. */
async function selectedTab(page: Page): Promise<string> {
  return ((await page.locator('[role="tab"][aria-selected="true"]').textContent()) ?? '').trim();
}

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  filing = await fileProcedure(e2e.portal.app, CITIZEN, 'certificato-residenza', { intestatario: 'altra-persona', codiceFiscaleIntestatario: 'RSSMRA80A01H501U', uso: 'esente-pensione' });
  clerk = await loggedIn(e2e, TEST_PEOPLE.clerkAnagrafe, casePath());
});
afterAll(async () => e2e?.close());

describe('the case page with the keyboard', () => {
  it('moves through the tabs with the arrow keys, and every tab passes axe', async () => {
    expect(await selectedTab(clerk)).toBe('Domanda');
    await expectAccessible(clerk);
    await clerk.getByRole('tab', { name: 'Domanda' }).focus();
    for (const name of ['Documenti', 'Messaggi', 'Pagamenti', 'Storico']) {
      await clerk.keyboard.press('ArrowRight');
      expect(await selectedTab(clerk)).toBe(name);
      await expect(clerk.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('tab');
      expect(await clerk.getByRole('tabpanel').count()).toBe(1);
      await expectAccessible(clerk);
    }
    await clerk.keyboard.press('Home');
    expect(await selectedTab(clerk)).toBe('Domanda');
    await clerk.keyboard.press('End');
    expect(await selectedTab(clerk)).toBe('Storico');
    expect(clerk.url()).toContain('tab=storico');
  });

  it('goes to a section with g then its letter, but not while typing in a field', async () => {
    await clerk.keyboard.press('g');
    await clerk.keyboard.press('m');
    expect(await selectedTab(clerk)).toBe('Messaggi');
    const note = clerk.getByLabel('Nuova nota');
    await note.click();
    await clerk.keyboard.type('gd gp');
    expect(await selectedTab(clerk)).toBe('Messaggi');
    await expect(note.inputValue()).resolves.toBe('gd gp');
    await note.fill('');
    await clerk.locator('h1').click();
    await clerk.keyboard.press('g');
    await clerk.keyboard.press('a');
    await expect(clerk.evaluate(() => document.activeElement?.id)).resolves.toBe('case-actions');
  });

  it('every tab passes axe in English', async () => {
    await clerk.goto(`${e2e.baseUrl}${casePath()}?lang=en`);
    for (const name of ['Application', 'Documents', 'Messages', 'Payments', 'History']) {
      await clerk.getByRole('tab', { name }).click();
      expect(await selectedTab(clerk)).toBe(name);
      await expectAccessible(clerk);
    }
    await clerk.goto(`${e2e.baseUrl}${casePath()}?lang=it`);
  });
});

describe('correcting an answer', () => {
  it('refuses a wrong tax code with the field\'s message, then corrects it with a reason', async () => {
    await clerk.keyboard.press('g');
    await clerk.keyboard.press('d');
    expect(await selectedTab(clerk)).toBe('Domanda');
    await clerk.getByRole('link', { name: 'Correggi i dati della domanda' }).click();
    await clerk.waitForURL(/\/correzione$/);
    await expectAccessible(clerk);
    const code = clerk.getByLabel('Codice fiscale della persona');
    await code.fill('RSSMRA80A01H501X');
    await clerk.getByLabel('Motivo della correzione').fill('Errore materiale nel codice fiscale');
    await clerk.getByRole('button', { name: 'Registra la correzione' }).click();
    await clerk.waitForSelector('#error-summary');
    await expectAccessible(clerk);
    await clerk.locator('#error-summary a').first().click();
    await expect(clerk.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('codiceFiscaleIntestatario');
    await clerk.keyboard.press('Control+A');
    await clerk.keyboard.type('LVLDAA85T50G702B');
    await clerk.getByRole('button', { name: 'Registra la correzione' }).click();
    await clerk.waitForURL(/fatto=corrected/);
    expect(await selectedTab(clerk)).toBe('Domanda');
    const panel = (await clerk.getByRole('tabpanel').textContent()) ?? '';
    expect(panel).toContain('LVLDAA85T50G702B');
    expect(panel).toContain('Corretto dall\'ufficio');
    expect(panel).toContain('RSSMRA80A01H501U');
    await expectAccessible(clerk);
  });
});

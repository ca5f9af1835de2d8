// Company roles in Chromium: Sara Fontana, legal representative of Fontana Impianti according to
// the company register stand-in, opens her companies, authorises an employee (after a refused
// form, with the keyboard), revokes the authorisation after its confirmation; Marco Gallo, the
// seeded employee, sees the company he may act for. Axe (WCAG 2.1 AA) on every page, in Italian
// and in English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let sara: Page;
const employees = '/area-personale/imprese/04567890126/addetti';

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  sara = await loggedIn(e2e, 'FNTSRA72E45F205E', '/area-personale/imprese');
});
afterAll(async () => e2e?.close());

describe('a legal representative manages the company\'s employees', () => {
  it('sees the company and why, and opens its employees', async () => {
    expect(await sara.textContent('main')).toContain('secondo il registro delle imprese');
    await expectAccessible(sara);
    await sara.getByRole('link', { name: /Gestisci gli addetti/ }).click();
    await sara.waitForURL((url) => url.pathname === employees);
    expect(await sara.getByRole('row', { name: /Marco Gallo/ }).textContent()).toContain('GLLMRC88B20F205B');
    await expectAccessible(sara);
  });

  it('authorises an employee after a refused form', async () => {
    await sara.getByLabel('Codice fiscale').fill('LVLDAA85T50G702A');
    await sara.getByRole('button', { name: 'Autorizza' }).click();
    await sara.waitForSelector('#error-summary');
    await expectAccessible(sara);
    await sara.getByRole('link', { name: /Inserisci un codice fiscale valido/ }).click();
    await sara.keyboard.press('Control+A');
    await sara.keyboard.type('LVLDAA85T50G702B');
    await sara.getByLabel('Nome', { exact: true }).fill('Ada');
    await sara.getByLabel('Cognome').fill('Lovelace');
    await sara.getByLabel('Cognome').press('Enter');
    await sara.waitForURL(/esito=autorizzato/);
    expect(await sara.getByRole('status').textContent()).toContain('Addetto autorizzato');
    await expectAccessible(sara);
  });

  it('revokes it after the confirmation', async () => {
    await sara.getByRole('link', { name: /Revoca - Ada Lovelace/ }).click();
    await sara.waitForURL(/\/revoca$/);
    expect(await sara.textContent('main')).toContain('Ada Lovelace (codice fiscale LVLDAA85T50G702B)');
    await expectAccessible(sara);
    await sara.getByRole('button', { name: 'Revoca l\'autorizzazione' }).click();
    await sara.waitForURL(/esito=revocato/);
    expect(await sara.getByRole('row', { name: /Ada Lovelace/ }).textContent()).toContain('LVLDAA85T50G702B');
    await expectAccessible(sara);
  });

  it('the same pages in English', async () => {
    for (const path of ['/area-personale/imprese?lang=en', `${employees}?lang=en`]) {
      await sara.goto(`${e2e.baseUrl}${path}`);
      await expectAccessible(sara);
    }
    const marcoId = await sara.getByRole('row', { name: /Marco Gallo/ }).getByRole('link').getAttribute('href');
    await sara.goto(`${e2e.baseUrl}${marcoId}?lang=en`);
    expect(await sara.getByRole('heading', { level: 1 }).textContent()).toBe('Revoke the authorisation?');
    await expectAccessible(sara);
  });
});

describe('an authorised employee', () => {
  it('sees the company and who authorised them', async () => {
    const marco = await loggedIn(e2e, 'GLLMRC88B20F205B', '/area-personale/imprese');
    expect(await marco.textContent('main')).toContain('Addetto autorizzato da Sara Fontana');
    await expectAccessible(marco);
  });
});

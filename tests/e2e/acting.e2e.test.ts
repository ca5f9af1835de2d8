// Acting for others in Chromium, two journeys. A delegation: Giulio grants Ada a full
// delegation for every service (the form filled and sent with the keyboard only), Ada accepts
// it, chooses to act for him, sees the banner and files the residence certificate; both
// request pages show the filing and who filed it. The help desk: Laura opens an assisted
// session for Teresa from her CIE, every page of the journey says it is filed at the desk, she
// files the certificate, downloads the receipt (naming Teresa and the desk) and ends the
// session. Axe (WCAG 2.1 AA) on every page, the acting choice, the delegation form and the
// session page also in English.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate } from '../../src/platform/time.ts';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { expectAccessible, loggedIn, logInAs, startE2E, submitButton, type E2E } from './browser.ts';

const RESIDENCE = '/servizi/certificato-residenza/domanda';
const LAURA = 'SRTLRA81C50A944X';
const TERESA = 'RNLTRS40A41H501A';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
});
afterAll(async () => e2e?.close());

/** Ticks a radio or checkbox as a person does: Bootstrap Italia draws its own box over the label. */
async function tick(page: Page, label: string): Promise<void> {
  await page.locator('label', { hasText: label }).first().click();
}

/** Presses Tab until the element with this id has the focus, as a keyboard user moves through a form. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

const heading = async (page: Page) => ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
const main = async (page: Page) => (await page.textContent('main')) ?? '';

/**
 * The residence certificate's journey from the procedure's start to the confirmation, for
 * oneself (or the person acted for) and for a pension; `each` runs on every page of the way.
 * Returns the request page's path.
 */
async function fileResidence(page: Page, each: (page: Page) => Promise<void>): Promise<string> {
  await page.goto(`${e2e.baseUrl}${RESIDENCE}`);
  await page.waitForURL(/\/informativa$/);
  await each(page);
  await tick(page, 'Ho letto e compreso l\'informativa sulla privacy');
  await submitButton(page, 'Avanti');
  expect(page.url()).toMatch(/\/dati-generali$/);
  await each(page);
  await submitButton(page, 'Avanti');
  expect(page.url()).toMatch(/\/passo\/certificato$/);
  await each(page);
  await tick(page, 'Per me');
  await page.getByLabel('Uso del certificato').selectOption('esente-pensione');
  await submitButton(page, 'Salva e continua');
  expect(page.url()).toMatch(/\/passo\/dichiarazioni$/);
  await each(page);
  await submitButton(page, 'Salva e continua');
  expect(page.url()).toMatch(/\/riepilogo$/);
  await each(page);
  await submitButton(page, 'Conferma e invia');
  expect(page.url()).toMatch(/\/conferma$/);
  expect(await heading(page)).toBe('Richiesta inviata');
  await each(page);
  return new URL(page.url()).pathname.replace(/\/conferma$/, '');
}

describe('a delegate files for the person who delegated her', () => {
  let giulio: Page;
  let ada: Page;
  let request: string;

  it('Giulio grants Ada a full delegation for every service, with the keyboard only', async () => {
    giulio = await loggedIn(e2e, TEST_PEOPLE.citizen, '/area-personale/deleghe/nuova');
    await giulio.goto(`${e2e.baseUrl}/area-personale/deleghe/nuova?lang=en`);
    expect(await heading(giulio)).toBe('New delegation');
    await expectAccessible(giulio);
    await giulio.goto(`${e2e.baseUrl}/area-personale/deleghe/nuova?lang=it`);
    await expectAccessible(giulio);

    await tabTo(giulio, 'delega-delegato_cf');
    await giulio.keyboard.type(TEST_PEOPLE.citizen2);
    await giulio.keyboard.press('Tab');
    await giulio.keyboard.type('Ada');
    await giulio.keyboard.press('Tab');
    await giulio.keyboard.type('Lovelace');
    await tabTo(giulio, 'delega-ambito-tutti');
    await giulio.keyboard.press('Space');
    // the access group: Tab reaches its first choice, the arrow moves to the next one
    await tabTo(giulio, 'delega-accesso-lettura');
    await giulio.keyboard.press('ArrowDown');
    expect(await giulio.evaluate(() => document.activeElement?.id)).toBe('delega-accesso-completo');
    await giulio.keyboard.press('Space');
    await tabTo(giulio, 'delega-dal');
    await Promise.all([giulio.waitForURL(/fatto=concessa/), giulio.keyboard.press('Enter')]);
    expect(await giulio.getByRole('row', { name: /Ada Lovelace/ }).textContent()).toContain('In attesa di accettazione');
    await expectAccessible(giulio);
  });

  it('Ada accepts it and chooses to act for Giulio; the banner says so', async () => {
    ada = await loggedIn(e2e, TEST_PEOPLE.citizen2, '/area-personale/deleghe');
    await ada.getByRole('link', { name: 'Giulio Cesare', exact: true }).click();
    await ada.waitForURL(/\/area-personale\/deleghe\/[^/?]+$/);
    await expectAccessible(ada);
    await submitButton(ada, 'Accetta');
    expect(ada.url()).toMatch(/fatto=accettata/);
    await expectAccessible(ada);

    await ada.goto(`${e2e.baseUrl}/area-personale/per-chi?lang=en`);
    expect(await heading(ada)).toBe('Who you act for');
    await expectAccessible(ada);
    await ada.goto(`${e2e.baseUrl}/area-personale/per-chi?lang=it`);
    expect(await heading(ada)).toBe('Per chi agisci');
    await expectAccessible(ada);
    await tick(ada, 'Per Giulio Cesare (CSRGGL44L13H501E), che ti ha delegato');
    await submitButton(ada, 'Conferma');
    const banner = ada.locator('[data-acting="delegate"]');
    expect(await banner.textContent()).toContain('Stai agendo per Giulio Cesare (CSRGGL44L13H501E) con una delega.');
    await expectAccessible(ada);
  });

  it('Ada files the residence certificate for Giulio, the banner on every page', async () => {
    request = await fileResidence(ada, async (page) => {
      expect(await page.locator('[data-acting="delegate"]').textContent()).toContain('Giulio Cesare');
      await expectAccessible(page);
    });
  });

  it('both request pages show the filing, filed by Ada', async () => {
    await ada.goto(`${e2e.baseUrl}${request}`);
    expect(await heading(ada)).toMatch(/^Richiesta \d{7}\/\d{4}$/);
    expect(await main(ada)).toContain('Certificato di residenza');
    expect(await main(ada)).toContain('Presentata da');
    expect(await main(ada)).toContain('Ada Lovelace (LVLDAA85T50G702B), con delega');
    await expectAccessible(ada);

    await giulio.goto(`${e2e.baseUrl}${request}`);
    const text = await main(giulio);
    expect(text).toContain('Certificato di residenza');
    expect(text).toContain('Giulio Cesare (CSRGGL44L13H501E)');
    expect(text).toContain('Presentata da');
    expect(text).toContain('Ada Lovelace (LVLDAA85T50G702B), con delega');
    await expectAccessible(giulio);
  });
});

describe('an operator files at the help desk for a person', () => {
  let laura: Page;
  let session: string;

  it('opens an assisted session for Teresa, identified from her CIE', async () => {
    laura = await (await e2e.browser.newContext()).newPage();
    await logInAs(e2e, laura, LAURA, '/sportello');
    await laura.getByRole('link', { name: 'Nuova sessione' }).click();
    await laura.waitForURL(/\/sportello\/sessioni\/nuova$/);
    await expectAccessible(laura);
    await laura.locator('#b-fiscalCode').fill(TERESA);
    await laura.getByLabel('Cognome').fill('Rinaldi');
    await laura.getByLabel('Nome', { exact: true }).fill('Teresa');
    await laura.getByLabel('Data di nascita').fill('1940-01-01');
    await tick(laura, 'Femminile');
    await laura.getByLabel('Tipo di documento').selectOption('cie');
    await laura.getByLabel('Numero del documento').fill('CA12345AB');
    await laura.getByLabel('Rilasciato da').fill('Comune di Roma');
    await laura.getByLabel('Data di scadenza').fill(addDays(romeDate(new Date()), 900));
    await laura.getByLabel('E-mail').fill('teresa.rinaldi@example.it');
    await submitButton(laura, 'Apri la sessione');
    expect(await heading(laura)).toBe('Sessione per Teresa Rinaldi');
    session = new URL(laura.url()).pathname;
    await expectAccessible(laura);
    await laura.goto(`${e2e.baseUrl}${session}?lang=en`);
    expect(await heading(laura)).toBe('Session for Teresa Rinaldi');
    await expectAccessible(laura);
    await laura.goto(`${e2e.baseUrl}${session}?lang=it`);
  });

  it('files the residence certificate, "Presentata allo sportello" on every page, and downloads the receipt', async () => {
    await filed(laura);
    const download = laura.waitForEvent('download');
    await laura.getByRole('link', { name: 'Scarica la ricevuta (PDF)' }).click();
    const text = await pdfText(await readFile(await (await download).path()));
    expect(text).toContain('Teresa Rinaldi');
    expect(text).toContain(TERESA);
    expect(text).toContain('Laura Sarti');
    expect(text).toContain('Presentata allo sportello');
  });

  async function filed(page: Page): Promise<void> {
    await fileResidence(page, async (p) => {
      const banner = p.locator('[data-acting="assisted"]');
      expect(await banner.textContent()).toContain('Presentata allo sportello');
      expect(await banner.textContent()).toContain('Teresa Rinaldi');
      await expectAccessible(p);
    });
  }

  it('finds the filing in the session and ends it', async () => {
    await laura.goto(`${e2e.baseUrl}${session}`);
    expect(await laura.getByRole('row', { name: /Certificato di residenza/ }).count()).toBe(1);
    await expectAccessible(laura);
    await submitButton(laura, 'Termina la sessione');
    expect(await laura.getByRole('status').first().textContent()).toContain('Sessione terminata');
    expect(await laura.locator('[data-acting]').count()).toBe(0);
    await expectAccessible(laura);
  });
});

// A person finds a service: home -> search -> procedure page, in Italian and in English, with
// the keyboard alone for the search, and every page accessible.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let page: Page;
beforeAll(async () => {
  e2e = await startE2E();
  page = await (await e2e.browser.newContext()).newPage();
});
afterAll(async () => e2e?.close());

describe('finding a service', () => {
  it('goes from the home page to the procedure page through the search', async () => {
    await page.goto(`${e2e.baseUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Servizi online');
    await expectAccessible(page);

    // keyboard only: focus the search box, type, press Enter
    await page.getByRole('searchbox', { name: 'Cerca un servizio' }).first().focus();
    await page.keyboard.type('certificato residenza');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/servizi\?q=/);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Certificato di residenza' }).click();
    await page.waitForURL(/\/servizi\/certificato-residenza$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Certificato di residenza');
    expect(await page.getByRole('link', { name: 'Compila online' }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
  });

  it('switches language and keeps it while browsing', async () => {
    await page.goto(`${e2e.baseUrl}/servizi/certificato-residenza`);
    await page.getByRole('link', { name: 'Read in English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Certificate of residence');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Services' }).click();
    await page.waitForURL(/\/servizi$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('All services');
    await expectAccessible(page);
  });

  it('browses an area and shows helpful error and information pages', async () => {
    await page.goto(`${e2e.baseUrl}/servizi?area=tributi&lang=it`);
    await expectAccessible(page);
    const notFound = await page.goto(`${e2e.baseUrl}/servizi/non-esiste`);
    expect(notFound?.status()).toBe(404);
    await expectAccessible(page);
    for (const path of ['/accessibilita', '/privacy', '/note-legali']) {
      await page.goto(`${e2e.baseUrl}${path}`);
      await expectAccessible(page);
    }
  });
});

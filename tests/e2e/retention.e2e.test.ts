// Privacy pages in Chromium: the administrator opens the retention page (its dry run), tries to
// turn the job on without the confirmation (the error summary), then turns it on with the
// keyboard; opens the records of processing; a visitor reads a procedure's privacy notice from
// its service page, in Italian and in English. Axe (WCAG 2.1 AA) on every page visited.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { expectAccessible, logInAs, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  page = await (await e2e.browser.newContext()).newPage();
});
afterAll(async () => e2e?.close());

const heading = async (p: Page) => ((await p.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();

describe('privacy over the life of the data', () => {
  it('an administrator reads the dry run and turns the job on after a refused attempt', async () => {
    await logInAs(e2e, page, TEST_PEOPLE.admin, '/admin/conservazione');
    expect(await heading(page)).toBe('Conservazione dei dati');
    await expect(page.getByRole('heading', { name: 'Simulazione: cosa verrebbe cancellato ora' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/\/admin\/conservazione\/attivazione$/), page.getByRole('button', { name: 'Attiva la procedura' }).click()]);
    await expect(page.locator('#error-summary').textContent()).resolves.toContain('Conferma di aver verificato la simulazione.');
    await expectAccessible(page);
    await page.getByLabel(/Ho verificato la simulazione/).focus();
    await page.keyboard.press('Space');
    await Promise.all([page.waitForURL(/\/admin\/conservazione\?esito=enabled$/), page.getByRole('button', { name: 'Attiva la procedura' }).press('Enter')]);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Procedura di conservazione attivata.');
    await expectAccessible(page);
  });

  it('an administrator reads the records of processing', async () => {
    await page.goto(`${e2e.baseUrl}/admin/registro-trattamenti`);
    expect(await heading(page)).toBe('Registro delle attività di trattamento');
    await expect(page.getByRole('link', { name: 'Scarica il registro (CSV)' }).count()).resolves.toBe(1);
    await expectAccessible(page);
  });

  it('a visitor reads the privacy notice from the service page, in Italian and English', async () => {
    const visitor = await (await e2e.browser.newContext()).newPage();
    await visitor.goto(`${e2e.baseUrl}/servizi/certificato-residenza`);
    await Promise.all([visitor.waitForURL(/\/servizi\/certificato-residenza\/privacy$/), visitor.getByRole('link', { name: 'Informativa sul trattamento dei dati' }).click()]);
    expect(await heading(visitor)).toContain('Informativa sul trattamento dei dati personali');
    await expectAccessible(visitor);
    await visitor.goto(`${e2e.baseUrl}/servizi/certificato-residenza/privacy?lang=en`);
    expect(await heading(visitor)).toContain('Privacy notice');
    await expectAccessible(visitor);
  });
});

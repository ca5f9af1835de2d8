// What a person sees of the portal's protections, in the browser: "log out everywhere" ends the
// session on another device too (and its confirmation page), a hand-edited address gets a
// clear 400 page with a way back, and a limit reached gets a 429 page with a way back; every
// page accessible, the logout reached with the keyboard alone.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { expectAccessible, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
beforeAll(async () => {
  // two e-mail changes an hour, so the limit is reached in a few steps
  e2e = await startE2E({ EMAIL_CHANGE_RATE_LIMIT: '2' });
});
afterAll(async () => e2e?.close());

async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

/** A new browser (its own cookies), logged in as `person` through the test identity provider. */
async function loggedIn(person: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${e2e.baseUrl}/auth/login?returnTo=/area-personale`);
  await page.getByRole('link', { name: /Entra con SPID/ }).first().click();
  await page.waitForURL(/\/interaction\//);
  await page.locator('label', { hasText: new RegExp(person) }).first().click();
  await page.locator('button[value="login"]').click();
  await page.waitForURL(/\/area-personale$/);
  return { context, page };
}

describe('log out everywhere', () => {
  it('ends the session on the other device too, from the keyboard, with an accessible confirmation', async () => {
    const laptop = await loggedIn(TEST_PEOPLE.citizen);
    const phone = await loggedIn(TEST_PEOPLE.citizen);

    await laptop.page.goto(`${e2e.baseUrl}/area-personale/preferenze`);
    await expectAccessible(laptop.page);
    const button = laptop.page.getByRole('button', { name: 'Esci da tutti i dispositivi' });
    await button.focus();
    await Promise.all([laptop.page.waitForURL(/\/auth\/logout-everywhere$/), laptop.page.keyboard.press('Enter')]);
    expect(await heading(laptop.page)).toBe('Sei uscito da tutti i dispositivi');
    await expectAccessible(laptop.page);

    // the other device's cookie no longer opens the personal area: it is sent to log in
    await phone.page.goto(`${e2e.baseUrl}/area-personale`);
    expect(new URL(phone.page.url()).pathname).toBe('/auth/login');
    await laptop.page.goto(`${e2e.baseUrl}/area-personale`);
    expect(new URL(laptop.page.url()).pathname).toBe('/auth/login');
    await laptop.context.close();
    await phone.context.close();
  });
});

describe('pages of refusal', () => {
  it('answers a hand-edited address with a 400 page naming the value and a link back without filters', async () => {
    const { context, page } = await loggedIn(TEST_PEOPLE.citizen2);
    const response = await page.goto(`${e2e.baseUrl}/servizi?q=%00`);
    expect(response?.status()).toBe(400);
    expect(await heading(page)).toBe('Indirizzo o dati non validi');
    expect(await page.textContent('main')).toContain('q');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Torna alla pagina senza filtri' }).click();
    await page.waitForURL(/\/servizi$/);
    expect(await heading(page)).toBe('Tutti i servizi');
    await context.close();
  });

  it('answers too many e-mail changes with a 429 page and a way back', async () => {
    const { context, page } = await loggedIn(TEST_PEOPLE.citizen2);
    const statuses: number[] = [];
    for (const address of ['uno@posta.example', 'due@posta.example', 'tre@posta.example']) {
      await page.goto(`${e2e.baseUrl}/area-personale/preferenze`);
      await page.locator('#email').fill(address);
      // the answer to this change has come before the next page is asked for
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/area-personale/preferenze/email') && r.request().method() === 'POST'),
        page.locator('#email').press('Enter'),
      ]);
      statuses.push(answer.status());
    }
    await page.waitForLoadState('load');
    expect(statuses).toEqual([303, 303, 429]);
    expect(await heading(page)).toBe('Troppe richieste di cambio e-mail');
    expect(await page.textContent('main')).toContain('al massimo 2 volte');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Torna indietro' }).click();
    await page.waitForURL(/\/area-personale\/preferenze/);
    await context.close();
  });
});

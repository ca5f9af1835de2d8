// Prefill in a real browser: Ada Lovelace begins home-delivered meals and finds the delivery
// address filled in from ANPR (the registers' stand-in), marked "Dato da ANPR" and tied to the
// inputs for screen readers. axe checks each page visited.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, logInAs, startE2E, type E2E } from './browser.ts';

const ADA = 'LVLDAA85T50G702B';
let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  page = await (await e2e.browser.newContext()).newPage();
});
afterAll(async () => e2e?.close());

describe('prefill from ANPR', () => {
  it('shows the residence prefilled and marked, accessible', async () => {
    await logInAs(e2e, page, ADA, '/servizi/pasti-a-domicilio');
    await page.goto(`${e2e.baseUrl}/servizi/pasti-a-domicilio/domanda`);
    await page.waitForURL(/\/informativa$/);
    await page.locator('label', { hasText: 'Ho letto e compreso l\'informativa sulla privacy' }).first().click();
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/dati-generali$/);
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/passo\/beneficiario$/);
    await expectAccessible(page);
    expect(await page.getByLabel('Via o piazza').inputValue()).toBe('Via Roma');
    expect(await page.getByLabel('CAP').inputValue()).toBe('29121');
    const note = page.getByText(/^Dato da ANPR, /);
    expect(await note.isVisible()).toBe(true);
    // the note describes the fieldset of the address
    const id = await note.getAttribute('id');
    expect(await page.locator(`fieldset[aria-describedby~="${id}"]`).count()).toBe(1);
  });
});

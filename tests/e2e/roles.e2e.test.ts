// Roles inside an office in a real browser: an administrator makes Anna Ferri head of the
// registry office with the keyboard alone (the staff list, her record, the roles form, the
// confirmation), in Italian and English; then Anna sees the "Dirigente" badge in the back
// office. axe checks every page visited.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, logInAs, startE2E, type E2E } from './browser.ts';

const ADMIN = 'RCCLNE79B68D612V';
const ANNA = 'FRRNNA75C55A944U';
let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  page = await (await e2e.browser.newContext()).newPage();
});
afterAll(async () => e2e?.close());

/** Focuses a control and presses a key on it, waiting for the page it leads to. */
async function press(target: ReturnType<Page['getByRole']>, key = 'Enter') {
  await target.focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
  await expectAccessible(page);
}

describe('roles inside an office', () => {
  it('an administrator makes a clerk head of office with the keyboard', async () => {
    await logInAs(e2e, page, ADMIN, '/admin/personale');
    await expectAccessible(page);
    await press(page.getByRole('link', { name: 'Ferri Anna' }));
    await press(page.getByRole('link', { name: 'Ruoli negli uffici' }));
    const role = page.getByRole('group', { name: /^Ruolo in / });
    // the arrow keys move the choice from clerk to head, as in any radio group
    await role.getByRole('radio', { name: 'Impiegato' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await role.getByRole('radio', { name: 'Dirigente' }).isChecked()).toBe(true);
    await press(page.getByRole('button', { name: 'Controlla le modifiche' }));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Confermi i ruoli di Anna Ferri');
    await press(page.getByRole('button', { name: 'Conferma', exact: true }));
    await expect(page.getByRole('status').textContent()).resolves.toContain('Modifiche salvate');
    await page.goto(`${e2e.baseUrl}/admin/personale`);
    await expectAccessible(page);
    expect(await page.getByRole('row', { name: /Ferri Anna/ }).textContent()).toContain('(Dirigente)');
  });

  it('the roles form in English', async () => {
    await page.goto(`${e2e.baseUrl}/admin/personale?lang=en`);
    await press(page.getByRole('link', { name: 'Ferri Anna' }));
    await press(page.getByRole('link', { name: 'Roles in offices' }));
    expect(await page.getByRole('group', { name: /^Role in / }).getByRole('radio', { name: 'Head of office' }).isChecked()).toBe(true);
  });

  it('the head of office sees the badge in the back office', async () => {
    const anna = await (await e2e.browser.newContext()).newPage();
    await logInAs(e2e, anna, ANNA, '/backoffice');
    expect(await anna.getByText('Dirigente', { exact: true }).isVisible()).toBe(true);
    await expectAccessible(anna);
  });
});

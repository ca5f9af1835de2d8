// Staff alerts in Chromium: a clerk sees the alert of a new filing (the count in the back
// office's sections, the alerts page), opens the case from it, and changes the preferences
// with the keyboard alone (a refused value first). Axe (WCAG 2.1 AA) on every page visited, in
// Italian and in English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, fileResidence } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let clerk: Page;
let filing: { id: number; publicId: string };

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  filing = await fileResidence(e2e.portal.app, CITIZEN);
  // the job's run, as the scheduler would make it a minute later
  await e2e.portal.app.services.staffAlerts.consumeEvents();
  clerk = await loggedIn(e2e, TEST_PEOPLE.clerkAnagrafe, '/backoffice');
});
afterAll(async () => e2e?.close());

describe('a clerk and the alerts', () => {
  it('sees the new filing\'s alert and opens the case from it', async () => {
    const section = clerk.getByRole('link', { name: /^Avvisi \(non letti: 1\)$/ });
    await expectAccessible(clerk);
    await Promise.all([clerk.waitForURL(/\/backoffice\/avvisi$/), section.click()]);
    await expectAccessible(clerk);
    const row = clerk.getByRole('row', { name: /Nuova pratica/ });
    await expect(row.textContent()).resolves.toContain('Certificato di residenza');
    await Promise.all([clerk.waitForURL(new RegExp(`/backoffice/pratiche/${filing.publicId}$`)), row.getByRole('link', { name: /^Apri la pratica/ }).click()]);
    await expectAccessible(clerk);
    // read now: no count left in the sections
    await clerk.goto(`${e2e.baseUrl}/backoffice/avvisi`);
    await expect(clerk.getByRole('link', { name: 'Avvisi', exact: true }).count()).resolves.toBe(1);
    await expect(clerk.getByRole('row', { name: /Nuova pratica/ }).textContent()).resolves.toContain('Letto');
  });

  it('changes the preferences with the keyboard, after a refused value', async () => {
    await Promise.all([clerk.waitForURL(/\/backoffice\/avvisi\/preferenze$/), clerk.getByRole('link', { name: 'Preferenze degli avvisi', exact: true }).click()]);
    await expectAccessible(clerk);
    // new filings: from the digest (the default) to an e-mail at once, with the arrow keys
    await clerk.getByRole('group', { name: /Nuove pratiche/ }).getByRole('radio', { name: 'Nel riepilogo giornaliero via e-mail' }).focus();
    await clerk.keyboard.press('ArrowUp');
    const days = clerk.getByLabel('Giorni di preavviso per le scadenze');
    await days.focus();
    await clerk.keyboard.press('ControlOrMeta+A');
    await clerk.keyboard.type('0');
    await clerk.keyboard.press('Enter');
    await clerk.waitForSelector('#error-summary');
    await expectAccessible(clerk);
    await clerk.getByRole('link', { name: 'Indica un numero intero di giorni da 1 a 60.' }).click();
    await clerk.keyboard.press('ControlOrMeta+A');
    await clerk.keyboard.type('8');
    await clerk.keyboard.press('Enter');
    await clerk.waitForURL(/fatto=salvate/);
    await expect(clerk.getByRole('status').first().textContent()).resolves.toContain('Preferenze salvate.');
    await expectAccessible(clerk);
    await expect(days.inputValue()).resolves.toBe('8');
    const saved = await e2e.portal.app.services.staffAlerts.preferences(TEST_PEOPLE.clerkAnagrafe);
    expect(saved).toMatchObject({ deadlineDays: 8, deliveries: { new_filing: 'immediate' } });
  });

  it('reads both pages in English', async () => {
    await clerk.goto(`${e2e.baseUrl}/backoffice/avvisi?lang=en`);
    expect(await clerk.getByRole('heading', { level: 1 }).textContent()).toBe('Alerts');
    await expectAccessible(clerk);
    await clerk.goto(`${e2e.baseUrl}/backoffice/avvisi/preferenze?lang=en`);
    expect(await clerk.getByRole('heading', { level: 1 }).textContent()).toBe('Alert preferences');
    await expectAccessible(clerk);
  });
});

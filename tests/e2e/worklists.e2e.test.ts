// The clerk's work lists in Chromium: ten filings in the registry office's queue, bulk-assigned
// to a colleague with the keyboard alone ("every case on this page", the action, the colleague,
// Enter); then the exports page and the statistics with the workload. Axe on every page, in
// Italian and in English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, fileResidence } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

const COLLEAGUE = 'BNCLCU80A41H501S';
let e2e: E2E;
let clerk: Page;
let filings: Array<{ id: number; publicId: string }>;

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  const db = e2e.portal.app.db;
  await db.insertInto('staff').values({ fiscal_code: COLLEAGUE, given_name: 'Lucia', family_name: 'Bianchi', email: null, is_admin: false, updated_at: new Date() }).execute();
  await db.insertInto('staff_offices').values({ fiscal_code: COLLEAGUE, office_code: 'anagrafe' }).execute();
  filings = [];
  for (let i = 0; i < 10; i++) filings.push(await fileResidence(e2e.portal.app, CITIZEN));
  clerk = await loggedIn(e2e, TEST_PEOPLE.clerkAnagrafe, '/backoffice');
}, 120_000);
afterAll(async () => e2e?.close());

/** Every case of the page to the first colleague, with the keyboard only. */
async function bulkAssign(page: Page, labels: { all: string; action: string; colleague: string; submit: string }) {
  await page.getByLabel(labels.all, { exact: true }).focus();
  await page.keyboard.press('Space');
  await page.getByLabel(labels.action, { exact: true }).focus();
  await page.keyboard.press('ArrowDown'); // take in charge -> assign
  await page.getByLabel(labels.colleague, { exact: true }).focus();
  await page.keyboard.press('ArrowDown'); // the placeholder -> Bianchi, the first colleague by name
  await page.getByRole('button', { name: labels.submit }).focus();
  await Promise.all([page.waitForURL(/azioni-multiple/), page.keyboard.press('Enter')]);
}

describe('bulk assignment with the keyboard', () => {
  it('assigns the ten cases of the page to a colleague (Italian)', async () => {
    await expectAccessible(clerk);
    await bulkAssign(clerk, { all: 'Tutte le pratiche di questa pagina', action: 'Azione', colleague: 'Collega (per assegnare)', submit: 'Esegui sulle pratiche selezionate' });
    await expect(clerk.getByRole('status').textContent()).resolves.toContain('Pratiche elaborate: 10.');
    await expectAccessible(clerk);
    const rows = await e2e.portal.app.db.selectFrom('cases').select('assignee_fiscal_code').where('submission_id', 'in', filings.map((f) => f.id)).execute();
    expect(rows.map((r) => r.assignee_fiscal_code)).toEqual(Array(10).fill(COLLEAGUE));
  });

  it('the same in English; the exports page and the workload pass axe', async () => {
    await clerk.goto(`${e2e.baseUrl}/backoffice?lang=en`);
    await expectAccessible(clerk);
    await bulkAssign(clerk, { all: 'Every case on this page', action: 'Action', colleague: 'Colleague (to assign)', submit: 'Run on the selected cases' });
    await expect(clerk.getByRole('status').textContent()).resolves.toContain('Cases done: 10.');
    await expectAccessible(clerk);
    for (const path of ['/backoffice/esportazioni?lang=en', '/backoffice/statistiche?lang=en', '/backoffice/esportazioni?lang=it', '/backoffice/statistiche?lang=it']) {
      await clerk.goto(`${e2e.baseUrl}${path}`);
      await expectAccessible(clerk);
    }
    await expect(clerk.getByRole('table', { name: 'Carico di lavoro per ufficio e per persona' }).textContent()).resolves.toContain('Lucia Bianchi');
  });
});

// A decision the head of office adopts, in Chromium: a building permit (a procedure whose
// decisions the head adopts) is taken in charge by the building desk's clerk, who proposes its
// approval with the keyboard; the head of office (Marta Colombo) finds the proposal on the case
// page and adopts it; the case is approved. Axe on every page, the clerk's in Italian, the
// head's in English too.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, fileProcedure } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let filing: { id: number; publicId: string };

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  filing = await fileProcedure(e2e.portal.app, CITIZEN, 'permesso-di-costruire');
}, 120_000);
afterAll(async () => e2e?.close());

const statusOf = async () => (await e2e.portal.app.db.selectFrom('cases').select(['status', 'proposal']).where('submission_id', '=', filing.id).executeTakeFirstOrThrow());

/** Submits a form by its button, with the keyboard, and waits for the page its 303 leads to (`?fatto=<done>`). */
async function pressButton(page: Page, name: string, done: string) {
  await page.getByRole('button', { name, exact: true }).focus();
  await Promise.all([page.waitForURL((url) => url.searchParams.get('fatto') === done), page.keyboard.press('Enter')]);
}

describe('the clerk proposes, the head of office adopts', () => {
  it('the clerk takes the case in charge and proposes its approval with the keyboard', async () => {
    const clerk = await loggedIn(e2e, TEST_PEOPLE.clerkEdilizia, `/backoffice/pratiche/${filing.publicId}`);
    await expectAccessible(clerk);
    await pressButton(clerk, 'Prendi in carico', 'taken');
    // the clerk may not decide this procedure: the page offers the proposal instead
    await expect(clerk.getByRole('heading', { name: 'Proponi la decisione al dirigente' }).isVisible()).resolves.toBe(true);
    await expect(clerk.getByRole('button', { name: 'Invia la proposta' }).isVisible()).resolves.toBe(true);
    await clerk.getByLabel('Accoglimento', { exact: true }).focus();
    await clerk.keyboard.press('Space');
    await clerk.getByLabel('Motivazione proposta', { exact: true }).focus();
    await clerk.keyboard.type('Progetto conforme agli strumenti urbanistici e al regolamento edilizio.');
    await pressButton(clerk, 'Invia la proposta', 'proposed');
    await expect(clerk.getByRole('status').first().textContent()).resolves.toContain('La proposta è stata inviata al dirigente.');
    await expectAccessible(clerk);
    expect(await statusOf()).toMatchObject({ status: 'proposed', proposal: 'approved' });
    // the clerk cannot adopt their own proposal
    expect(await clerk.getByRole('button', { name: 'Adotta la decisione' }).count()).toBe(0);
    await clerk.close();
  });

  it('the head of office sees the proposal and adopts it (English)', async () => {
    const head = await loggedIn(e2e, TEST_PEOPLE.head, `/backoffice/pratiche/${filing.publicId}?lang=en`);
    await expectAccessible(head);
    await expect(head.getByText(/Proposal: Approval\./).isVisible()).resolves.toBe(true);
    await pressButton(head, 'Adopt the decision', 'adopted');
    await expect(head.getByRole('status').first().textContent()).resolves.toContain('The decision has been adopted and sent to the applicant.');
    await expectAccessible(head);
    expect(await statusOf()).toMatchObject({ status: 'approved', proposal: null });
    await head.goto(`${e2e.baseUrl}/backoffice/pratiche/${filing.publicId}?lang=it`);
    await expectAccessible(head);
    await head.close();
  });
});

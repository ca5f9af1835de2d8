// Prefill in a real browser: Ada Lovelace begins home-delivered meals and finds the delivery
// address filled in from ANPR (the registers' stand-in), marked "Dato da ANPR" and tied to the
// inputs for screen readers; and the exit page of the rent grant for an ISEE over its threshold.
// axe checks each page visited.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, logInAs, startE2E, type E2E } from './browser.ts';
import type { Answers } from '../../src/forms/index.ts';
import { CITIZEN2, valueFor } from '../integration/backoffice/helpers.ts';

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

describe('an exit page', () => {
  it('tells a person over the ISEE threshold why they cannot apply and what to do, accessible', async () => {
    // the steps before are filled through the portal's own services, as the integration tests do;
    // the ISEE over the call's threshold (17.160,00 euro) is the answer that rules Ada out
    const slug = 'contributo-affitto';
    const service = e2e.portal.app.services.submissions;
    let context = await service.begin(CITIZEN2, slug);
    await service.acceptPrivacy(context);
    await service.completeStep(context, 'dati-generali', null);
    for (const step of context.definition.form.steps) {
      const answers: Answers = {};
      for (const field of step.fields) {
        if (field.showIf) continue;
        answers[field.name] = field.name === 'valoreIsee' ? 2_000_000 : ((await valueFor(e2e.portal.app, context, field)) as Answers[string]);
      }
      context = (await service.loadDraft(CITIZEN2, slug))!;
      await service.completeStep(context, step.id, answers);
      if (step.id === 'nucleo') break;
    }
    await page.goto(`${e2e.baseUrl}/servizi/${slug}/domanda/uscita`);
    await expect.poll(() => page.getByText('Non puoi presentare la domanda perché il valore ISEE del tuo nucleo supera la soglia').count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('link', { name: /Torna/ }).click();
    await page.waitForURL(/\/passo\/nucleo$/);
  });
});

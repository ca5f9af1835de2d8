// The document wallet in Chromium: a citizen adds an identity document on the wallet page with
// the keyboard alone, then a form step with a file field offers it as "Usa un documento
// salvato" and takes it with the keyboard; axe on every page, in Italian and English.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isStepVisible, type Answers } from '../../src/forms/index.ts';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, PDF, valueFor } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
});
afterAll(async () => e2e?.close());

const WALLET = '/area-personale/documenti';
const SLUG = 'pubblicazioni-matrimonio';

/** The steps before the attachments, answered through the service as the person would. */
async function answerStepsBeforeAttachments() {
  const service = e2e.portal.app.services.submissions;
  let context = await service.begin(CITIZEN, SLUG);
  await service.acceptPrivacy(context);
  await service.completeStep(context, 'dati-generali', null);
  let answers: Answers = {};
  for (const step of context.definition.form.steps) {
    if (step.id === 'allegati') break;
    if (!isStepVisible(step, answers)) continue;
    const stepAnswers: Answers = {};
    for (const field of step.fields) stepAnswers[field.name] = (await valueFor(e2e.portal.app, context, field)) as Answers[string];
    context = (await service.loadDraft(CITIZEN, SLUG))!;
    answers = await service.completeStep(context, step.id, stepAnswers);
  }
}

it('keeps a document added with the keyboard and offers it in a file field, accessibly', async () => {
  const page = await loggedIn(e2e, TEST_PEOPLE.citizen, WALLET);
  await expectAccessible(page);
  await page.getByLabel('Tipo di documento').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Carta d’identità');
  await page.keyboard.press('Tab');
  // a date input takes the digits in the locale's order; typed it is the same without JavaScript
  await page.getByLabel('Data di scadenza (facoltativa)').fill('2099-12-31');
  // the file chooser is the operating system's: its result set directly
  await page.getByLabel(/^File \(PDF/).setInputFiles({ name: 'carta.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Salva il documento' }).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(await page.getByRole('status').textContent()).toContain('Il documento è stato salvato');
  expect(await page.getByRole('table').textContent()).toContain('Carta d’identità');
  await expectAccessible(page);
  await page.goto(`${e2e.baseUrl}${WALLET}?lang=en`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My documents');
  await expectAccessible(page);

  await answerStepsBeforeAttachments();
  await page.goto(`${e2e.baseUrl}/servizi/${SLUG}/domanda/passo/allegati?lang=it`);
  const offer = page.getByRole('group', { name: 'Usa un documento salvato' }).first();
  const option = offer.getByRole('radio', { name: /Carta d’identità/ });
  await option.focus();
  await page.keyboard.press('Space');
  expect(await option.isChecked()).toBe(true);
  await expectAccessible(page);
  await page.goto(`${e2e.baseUrl}/servizi/${SLUG}/domanda/passo/allegati?lang=en`);
  expect(await page.getByRole('group', { name: 'Use a saved document' }).count()).toBeGreaterThan(0);
  await expectAccessible(page);
});

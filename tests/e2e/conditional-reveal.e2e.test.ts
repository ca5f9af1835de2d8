// The reveal of conditional questions in Chromium, on the change of residence's "Nuova
// abitazione" step: the lease details are asked only of a tenant (or a registered loan), the
// host's name only of a guest. With JavaScript they are hidden until the choice that asks for
// them is made with the keyboard, hidden again when it changes, and the step goes on with them
// empty; without JavaScript every question is shown with the sentence saying when to answer it,
// and the step works the same. Axe on every state, in Italian; one check in English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { answerStepsBefore, CITIZEN } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
});
afterAll(async () => e2e?.close());

const SLUG = 'cambio-residenza';
const STEP = `/servizi/${SLUG}/domanda/passo/abitazione`;
const NEXT = `/servizi/${SLUG}/domanda/passo/famiglia`;
const TITLE = 'A che titolo occupi l\'abitazione?';
const CONTRACT = /^Estremi di registrazione del contratto/;
const HOST = 'Nome e cognome di chi ti ospita';
const CONTRACT_HINT = 'Rispondi solo se a «A che titolo occupi l\'abitazione?» hai risposto una di queste: «Intestatario di un contratto di locazione registrato», «Comodato d\'uso gratuito registrato».';

/** Whether the field labelled `label` is shown, checked on its wrapper's hidden attribute as well as on screen. */
async function shown(page: Page, label: string | RegExp): Promise<boolean> {
  const input = page.getByLabel(label);
  const hidden = await input.evaluate((el) => (el.closest('[data-reveal-if]') as HTMLElement | null)?.hidden ?? false);
  const visible = await input.isVisible();
  expect(visible, `${String(label)}: on screen as its hidden attribute says`).toBe(!hidden);
  return visible;
}

async function fillTheRest(page: Page): Promise<void> {
  await page.getByLabel('Via o piazza').fill('Via Roma');
  await page.getByLabel('Numero civico').fill('10');
  await page.getByLabel('Foglio').fill('12');
  await page.getByLabel('Particella').fill('345');
}

it('hides the questions that do not apply yet, reveals them by keyboard and goes on without them', async () => {
  await answerStepsBefore(e2e.portal.app, CITIZEN, SLUG, 'abitazione');
  const page = await loggedIn(e2e, TEST_PEOPLE.citizen, STEP);
  expect(await shown(page, CONTRACT)).toBe(false);
  expect(await shown(page, HOST)).toBe(false);
  await expectAccessible(page);

  // the choice with the keyboard: the first option is the empty one, then Proprietario, then the lease
  const title = page.getByLabel(TITLE);
  await title.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await title.inputValue()).toBe('locazione');
  expect(await shown(page, CONTRACT)).toBe(true);
  expect(await shown(page, HOST)).toBe(false);
  // the choice says which questions it reveals; the sentence stays under the question
  const contractWrapper = await page.getByLabel(CONTRACT).evaluate((el) => el.closest('[data-reveal-if]')!.id);
  expect((await title.getAttribute('aria-controls'))?.split(' ')).toContain(contractWrapper);
  expect(await page.getByText(CONTRACT_HINT).isVisible()).toBe(true);
  await expectAccessible(page);
  await page.keyboard.press('Tab');
  expect(await page.getByLabel(CONTRACT).evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type('Agenzia delle Entrate di Piacenza, n. 123');

  // back to Proprietario: hidden again, what was typed is not sent
  await title.focus();
  await page.keyboard.press('ArrowUp');
  expect(await title.inputValue()).toBe('proprieta');
  expect(await shown(page, CONTRACT)).toBe(false);
  expect(await shown(page, HOST)).toBe(false);
  await expectAccessible(page);

  await fillTheRest(page);
  await page.getByRole('button', { name: 'Salva e continua' }).focus();
  await Promise.all([page.waitForURL(`${e2e.baseUrl}${NEXT}`), page.keyboard.press('Enter')]);
  const answers = (await e2e.portal.app.services.submissions.loadDraft(CITIZEN, SLUG))!.draft.answers as Record<string, unknown>;
  expect(answers.titoloOccupazione).toBe('proprieta');
  expect(answers).not.toHaveProperty('datiContratto');

  // coming back: the stored choice decides what is shown
  await page.goto(`${e2e.baseUrl}${STEP}`);
  expect(await page.getByLabel(TITLE).inputValue()).toBe('proprieta');
  expect(await shown(page, CONTRACT)).toBe(false);

  // in English, the same
  await page.goto(`${e2e.baseUrl}${STEP}?lang=en`);
  expect(await shown(page, 'Name and surname of your host')).toBe(false);
  await page.getByLabel('On what basis do you occupy the home?').selectOption('ospite');
  expect(await shown(page, 'Name and surname of your host')).toBe(true);
  await expectAccessible(page);

  // without JavaScript: every question, each with its sentence, and the step goes on
  const noScript = await (await e2e.browser.newContext({ storageState: await page.context().storageState(), javaScriptEnabled: false })).newPage();
  await noScript.goto(`${e2e.baseUrl}${STEP}?lang=it`);
  expect(await noScript.getByLabel(CONTRACT).isVisible()).toBe(true);
  expect(await noScript.getByLabel(HOST).isVisible()).toBe(true);
  expect(await noScript.getByText(CONTRACT_HINT).isVisible()).toBe(true);
  expect(await noScript.getByText('Rispondi solo se a «A che titolo occupi l\'abitazione?» hai risposto «Ospite di chi ha già titolo sull\'abitazione».').isVisible()).toBe(true);
  expect(await noScript.getByLabel(TITLE).getAttribute('aria-controls')).toBeNull();
  await noScript.getByLabel(TITLE).selectOption('proprieta');
  await Promise.all([noScript.waitForURL(`${e2e.baseUrl}${NEXT}`), noScript.getByRole('button', { name: 'Salva e continua' }).click()]);
  await noScript.context().close();

  // axe runs as a script in the page: it checks the same page with the reveal script refused
  const unrevealed = await (await e2e.browser.newContext({ storageState: await page.context().storageState() })).newPage();
  await unrevealed.route('**/assets/js/form-reveal.js', (route) => route.abort());
  await unrevealed.goto(`${e2e.baseUrl}${STEP}?lang=it`);
  expect(await unrevealed.getByText(CONTRACT_HINT).isVisible()).toBe(true);
  expect(await unrevealed.getByLabel(HOST).isVisible()).toBe(true);
  await expectAccessible(unrevealed);
  await unrevealed.context().close();
});

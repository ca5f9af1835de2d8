// Axe on the pages these fixes changed, in Chromium: the payments list with the personal
// area's tab bar and an English reason, the request page whose term is suspended, the clerk's
// case page in English with the language of the filing, the refused-login page, and the
// catalogue's search.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, fileProcedure } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
});
afterAll(async () => e2e?.close());

it('the changed pages pass axe', async () => {
  const parking = await fileProcedure(e2e.portal.app, CITIZEN, 'abbonamento-sosta-residenti', {}, 'en');
  const residence = await fileProcedure(e2e.portal.app, CITIZEN, 'certificato-residenza', { intestatario: 'se-stesso', uso: 'esente-pensione' }, 'en');

  const clerk = await loggedIn(e2e, TEST_PEOPLE.clerkAnagrafe, `/backoffice/pratiche/${residence.publicId}`);
  await clerk.getByRole('button', { name: 'Prendi in carico' }).first().click();
  await clerk.goto(`${e2e.baseUrl}/backoffice/pratiche/${residence.publicId}?tab=domanda&lang=en`);
  expect(await clerk.getByText('Language of the application').count()).toBe(1);
  await expectAccessible(clerk);
  const csrf = await clerk.locator('input[name="_csrf"]').first().getAttribute('value');
  const asked = await clerk.request.post(`${e2e.baseUrl}/backoffice/pratiche/${residence.publicId}/integrazione`, { form: { _csrf: csrf!, testo: 'Allegare copia del contratto di locazione.', giorni: '15' }, maxRedirects: 0 });
  expect(asked.status()).toBe(303);

  const page = await loggedIn(e2e, TEST_PEOPLE.citizen, '/pagamenti?lang=en');
  expect(await page.getByRole('link', { name: 'Payments' }).getAttribute('aria-current')).toBe('page');
  expect(await page.getByRole('link', { name: "Residents' parking permit" }).count()).toBeGreaterThan(0);
  await expectAccessible(page);
  await page.goto(`${e2e.baseUrl}/area-personale/richieste/${residence.publicId}?lang=it`);
  expect(await page.getByTestId('due-date').textContent()).toContain('Termine sospeso dal');
  await expectAccessible(page);
  await page.goto(`${e2e.baseUrl}/area-personale/richieste/${parking.publicId}`);
  await expectAccessible(page);

  await page.goto(`${e2e.baseUrl}/auth/errore?motivo=cancelled&livello=2&returnTo=%2Fservizi`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Accesso annullato');
  await expectAccessible(page);
  await page.goto(`${e2e.baseUrl}/servizi?q=change%20of%20address&lang=en`);
  await expectAccessible(page);
});

// "Where people stop" in Chromium: the back office's funnel page of the residence certificate
// (to a clerk of its office) and the builder's tab (to an administrator), with counts shown and
// counts suppressed, pass axe; the period is chosen without JavaScript.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { applicant, fillResidenceCertificate, RESIDENCE } from '../helpers/applicants.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let procedureId: number;

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  const app = e2e.portal.app;
  procedureId = (await app.db.selectFrom('procedures').select('id').where('slug', '=', RESIDENCE).executeTakeFirstOrThrow()).id;
  // six people reach the summary; one of them files
  for (let n = 1; n <= 6; n++) await fillResidenceCertificate(app, applicant(700 + n));
  const key = (await app.services.submissions.loadDraft(applicant(701), RESIDENCE))!.draft.idempotency_key;
  await app.services.submissions.submit(applicant(701), RESIDENCE, key, 'it');
  const place = { procedureId, version: 1, step: 'certificato' };
  for (let n = 0; n < 7; n++) app.services.insight.observer.refused(place, [{ field: 'uso', message: 'Compila il campo «Uso del certificato»' }], 'it');
  await app.services.insight.flush();
});
afterAll(async () => e2e?.close());

it('shows a clerk where people stop, accessibly, with small counts suppressed', async () => {
  const page = await loggedIn(e2e, TEST_PEOPLE.clerkAnagrafe, '/backoffice/statistiche/procedimenti');
  await page.getByRole('link', { name: 'Certificato di residenza' }).click();
  await page.waitForURL(/\/percorso$/);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Dove si fermano le persone');
  expect(await page.getByRole('table', { name: /Errori per campo/ }).textContent()).toContain('Uso del certificato');
  expect(await page.textContent('main')).toContain('meno di 5');
  await page.getByLabel('Intervallo di tempo').selectOption('90');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await page.waitForURL(/periodo=90/);
  await expectAccessible(page);
});

it('shows an administrator the builder’s tab, accessibly, in English too', async () => {
  const page = await loggedIn(e2e, TEST_PEOPLE.admin, `/admin/procedimenti/${procedureId}`);
  await page.getByRole('link', { name: 'Dove si fermano le persone' }).click();
  await page.waitForURL(/\/dove-si-fermano$/);
  expect(await page.getByRole('table', { name: /Pagine della domanda/ }).textContent()).toContain('Riepilogo');
  await expectAccessible(page);
  await page.goto(`${e2e.baseUrl}/admin/procedimenti/${procedureId}/dove-si-fermano?lang=en`);
  expect(await page.textContent('main')).toContain('fewer than 5');
  await expectAccessible(page);
});

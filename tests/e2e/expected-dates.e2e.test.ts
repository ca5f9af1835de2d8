// The expected decision date in Chromium: an office that decided six filings in the last weeks
// (a back-office service over the same database, on a clock set back), then the person's
// request page shows the date and opens "Come calcoliamo questa data" from the keyboard, and
// the clerk's case page shows the same date; axe (WCAG 2.1 AA) on each, in Italian and English.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackofficeService } from '../../src/backoffice/backoffice.service.ts';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, CITIZEN2, CLERK_ANAGRAFE, fileProcedure } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

const SLUG = 'iscrizione-albo-presidenti-seggio';
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
}, 120_000);
afterAll(async () => e2e?.close());

it('shows the person and the clerk the expected decision date, accessibly', async () => {
  const app = e2e.portal.app;
  const others = [];
  for (let i = 0; i < 8; i++) others.push(await fileProcedure(app, CITIZEN2, SLUG));
  const mine = await fileProcedure(app, CITIZEN, SLUG);
  let at = Date.now() - 20 * 86_400_000;
  const past = createBackofficeService(app.db, { storage: app.services.storage, clock: () => new Date(at) });
  for (const filing of others.slice(0, 6)) {
    at += 2 * 86_400_000;
    await past.take(CLERK_ANAGRAFE, filing.publicId);
    await past.decide(CLERK_ANAGRAFE, filing.publicId, { outcome: 'approved', motivation: 'Requisiti verificati.', document: null });
  }

  const person = await loggedIn(e2e, TEST_PEOPLE.citizen, `/area-personale/richieste/${mine.publicId}`);
  const section = person.getByRole('region', { name: 'Data prevista della decisione' });
  expect(await section.textContent()).toMatch(/Data prevista della decisione: \d{1,2} \w+ \d{4} \(entro il termine di legge: \d{1,2} \w+ \d{4}\)/);
  await section.getByText('Come calcoliamo questa data').focus();
  await person.keyboard.press('Enter');
  await expect(section.getByText(/numero 3 nella coda/).isVisible()).resolves.toBe(true);
  await expectAccessible(person);
  await person.goto(`${e2e.baseUrl}/area-personale/richieste/${mine.publicId}?lang=en`);
  expect(await person.getByRole('region', { name: 'Expected decision date' }).textContent()).toContain('How we estimate this date');
  await expectAccessible(person);

  const clerk = await loggedIn(e2e, TEST_PEOPLE.clerkAnagrafe, `/backoffice/pratiche/${mine.publicId}`);
  const line = (await person.getByRole('region', { name: 'Expected decision date' }).locator('strong').textContent())!;
  const date = /: (.+?) \(/.exec(line)![1]!;
  expect(await clerk.getByTestId('expected-date').textContent()).toContain('Data prevista della decisione:');
  await expectAccessible(clerk);
  await clerk.goto(`${e2e.baseUrl}/backoffice/pratiche/${mine.publicId}?lang=en`);
  expect(await clerk.getByTestId('expected-date').textContent()).toContain(`Expected decision date: ${date}`);
  await expectAccessible(clerk);
}, 180_000);

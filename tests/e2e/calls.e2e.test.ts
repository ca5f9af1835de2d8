// The seeded click day in Chromium: a citizen files the grant application, sees their position
// in the ranking on their request page; an administrator publishes the ranking; the public
// ranking page, anonymous by protocol number, in Italian and English. Axe on every page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

const SLUG = 'bando-contributi-click-day';
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
}, 120_000);
afterAll(async () => e2e?.close());

it('files in the seeded call, shows the position, publishes the ranking, accessibly', async () => {
  const page = await loggedIn(e2e, TEST_PEOPLE.citizen, `/servizi/${SLUG}`);
  await expectAccessible(page);
  const choose = (label: string) => page.locator('label', { hasText: label }).first().click();
  const fileOnce = async () => {
    await page.goto(`${e2e.baseUrl}/servizi/${SLUG}/domanda`);
    await page.waitForURL(/\/informativa$/);
    await choose('Ho letto e compreso l\'informativa sulla privacy');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/dati-generali$/);
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/passo\/domanda$/);
    await choose('Bicicletta a pedalata assistita');
    await page.getByLabel('Spesa prevista').fill('900');
    await page.getByLabel('IBAN su cui ricevere il contributo').fill('IT60X0542811101000000123456');
    await choose('Dichiaro di essere residente');
    await page.getByRole('button', { name: 'Salva e continua' }).click();
    await page.waitForURL(/\/riepilogo$/);
    await page.getByRole('button', { name: 'Conferma e invia' }).click();
  };
  await fileOnce();
  await page.waitForURL(/\/conferma$/);
  const protocol = (await page.getByTestId('protocol-number').textContent())!.trim();
  await page.getByRole('link', { name: 'Vai all\'area personale' }).click();
  await page.waitForURL(/\/area-personale$/);
  await page.getByRole('link', { name: /Bando contributi per biciclette/ }).first().click();
  await page.waitForURL(/\/area-personale\/richieste\/[0-9a-f-]{36}$/);
  expect(await page.getByTestId('call-standing').textContent()).toBe('1 (ammessa)');
  await expectAccessible(page);
  const mine = page.url();

  // a second application by the same person: refused with the message and a link to the first
  await fileOnce();
  await page.waitForSelector('h1');
  expect(((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim()).toBe('Hai già presentato una domanda per questo bando');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Vedi la domanda già presentata' }).click();
  await page.waitForURL(mine);

  const admin = await loggedIn(e2e, TEST_PEOPLE.admin, `/bandi/${SLUG}/graduatoria`);
  await expectAccessible(admin);
  await admin.getByRole('button', { name: 'Pubblica la graduatoria' }).click();
  await admin.waitForURL(/esito=published/);

  const visitor = await (await e2e.browser.newContext()).newPage();
  await visitor.goto(`${e2e.baseUrl}/bandi/${SLUG}/graduatoria`);
  const table = (await visitor.locator('table').textContent()) ?? '';
  expect(table).toContain(protocol);
  expect(table).toContain('Ammessa');
  expect(table).not.toContain(TEST_PEOPLE.citizen);
  await expectAccessible(visitor);
  await visitor.goto(`${e2e.baseUrl}/bandi/${SLUG}/graduatoria?lang=en`);
  expect(await visitor.locator('table').textContent()).toContain('Admitted');
  await expectAccessible(visitor);
}, 180_000);

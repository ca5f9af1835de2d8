// The seeded click day end to end in Chromium, with its cap lowered to one grant: three citizens
// apply through the pages; the first is admitted, the next two go onto the reserve list; a
// second application of the first is refused as soon as it begins, with a link to the first;
// the first withdraws and the first reserve moves up; an administrator publishes the ranking;
// the public ranking page names protocol numbers only, in Italian and English. Axe on every page.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

const SLUG = 'bando-contributi-click-day';
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  // the seeded call with one grant instead of a thousand (the reserve list stays unlimited)
  const seed = await readFile(new URL('../../src/catalogue/seed/procedures/bando-contributi-click-day.yaml', import.meta.url), 'utf8');
  expect(seed).toContain('maxFilings: 1000');
  const admin = e2e.portal.app.services.admin;
  const { id } = await admin.importDefinition(TEST_PEOPLE.admin, seed.replace('maxFilings: 1000', 'maxFilings: 1'), 'bando-contributi-click-day.yaml', true);
  await admin.publish(TEST_PEOPLE.admin, id, { acceptWarnings: true });
}, 120_000);
afterAll(async () => e2e?.close());

/** A citizen logged in who applies through the pages; their protocol number and request page. */
async function apply(person: string): Promise<{ page: Page; protocol: string; request: string }> {
  const page = await loggedIn(e2e, person, `/servizi/${SLUG}`);
  const choose = (label: string) => page.locator('label', { hasText: label }).first().click();
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
  await page.waitForURL(/\/conferma$/);
  const protocol = (await page.getByTestId('protocol-number').textContent())!.trim();
  await page.getByRole('link', { name: 'Vai all\'area personale' }).click();
  await page.waitForURL(/\/area-personale$/);
  await page.getByRole('link', { name: /Bando contributi per biciclette/ }).first().click();
  await page.waitForURL(/\/area-personale\/richieste\/[0-9a-f-]{36}$/);
  return { page, protocol, request: page.url() };
}

async function standingOn(page: Page, request: string): Promise<string | null> {
  await page.goto(request);
  return page.getByTestId('call-standing').textContent();
}

it('runs the click day: cap, reserve list, a withdrawal moving the reserve up, the published ranking, accessibly', async () => {
  const first = await apply(TEST_PEOPLE.citizen);
  expect(await first.page.getByTestId('call-standing').textContent()).toBe('1 (ammessa)');
  await expectAccessible(first.page);
  const second = await apply(TEST_PEOPLE.citizen2);
  expect(await second.page.getByTestId('call-standing').textContent()).toBe('riserva 1');
  const third = await apply(TEST_PEOPLE.citizen3);
  expect(await third.page.getByTestId('call-standing').textContent()).toBe('riserva 2');
  await expectAccessible(third.page);

  // a second application by the first citizen: refused as soon as it begins, with a link to the first
  await first.page.goto(`${e2e.baseUrl}/servizi/${SLUG}/domanda`);
  expect(((await first.page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim()).toBe('Hai già presentato una domanda per questo bando');
  await expectAccessible(first.page);
  await first.page.getByRole('link', { name: 'Vedi la domanda già presentata' }).click();
  await first.page.waitForURL(first.request);

  // the first citizen withdraws: the first on the reserve list moves up
  await first.page.getByRole('link', { name: 'Ritira la domanda' }).click();
  await first.page.waitForURL(/\/ritira$/);
  await expectAccessible(first.page);
  await first.page.locator('label[for="withdraw-conferma"]').click();
  await first.page.getByRole('button', { name: 'Ritira la domanda' }).click();
  await first.page.waitForURL(/fatto=ritirata/);
  expect(await first.page.getByTestId('call-standing').textContent()).toBe('esclusa dalla graduatoria');
  expect(await standingOn(second.page, second.request)).toBe('1 (ammessa)');
  expect(await standingOn(third.page, third.request)).toBe('riserva 1');

  const admin = await loggedIn(e2e, TEST_PEOPLE.admin, `/bandi/${SLUG}/graduatoria`);
  await expectAccessible(admin);
  await admin.getByRole('button', { name: 'Pubblica la graduatoria' }).click();
  await admin.waitForURL(/esito=published/);

  const visitor = await (await e2e.browser.newContext()).newPage();
  await visitor.goto(`${e2e.baseUrl}/bandi/${SLUG}/graduatoria`);
  const row = async (protocol: string) => ((await visitor.locator('tr', { hasText: protocol }).textContent()) ?? '').replace(/\s+/g, ' ');
  expect(await row(second.protocol)).toContain('Ammessa');
  expect(await row(third.protocol)).toContain('Riserva');
  const table = (await visitor.locator('table').textContent()) ?? '';
  // protocol numbers only: no fiscal codes, no names
  for (const person of [TEST_PEOPLE.citizen, TEST_PEOPLE.citizen2, TEST_PEOPLE.citizen3]) expect(table).not.toContain(person);
  for (const name of ['Cesare', 'Lovelace', 'Rossi']) expect(table).not.toContain(name);
  await expectAccessible(visitor);
  await visitor.goto(`${e2e.baseUrl}/bandi/${SLUG}/graduatoria?lang=en`);
  expect(await visitor.locator('table').textContent()).toContain('Admitted');
  await expectAccessible(visitor);
}, 180_000);

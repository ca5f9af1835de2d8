// A citizen files a procedure with an attachment, end to end in Chromium: log in through the
// bundled provider's page, privacy notice, general details, the form step with a photo,
// summary, "Conferma e invia", confirmation with the protocol number, personal area. Axe runs
// on every page; the form is filled with the keyboard where a person would type.
import path from 'node:path';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { expectAccessible, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let page: Page;
let photo: string;
beforeAll(async () => {
  e2e = await startE2E();
  page = await (await e2e.browser.newContext()).newPage();
  const dir = await mkdtemp(path.join(tmpdir(), 'e2e-'));
  photo = path.join(dir, 'rifiuti.png');
  await writeFile(photo, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex'));
});
afterAll(async () => e2e?.close());

const SLUG = 'segnalazione-abbandono-rifiuti';

/** Ticks a radio or checkbox as a person does: Bootstrap Italia draws its own box over the label. */
async function choose(label: string | RegExp): Promise<void> {
  await page.locator('label', { hasText: label }).first().click();
}

async function heading(): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

describe('filing a report with a photo', () => {
  it('logs in through the test provider from the procedure page', async () => {
    await page.goto(`${e2e.baseUrl}/servizi/${SLUG}`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Compila online' }).first().click();
    await page.waitForURL(/\/auth\/login/);
    await expectAccessible(page);
    await page.getByRole('link', { name: /Entra con SPID/ }).first().click();
    await page.waitForURL(/\/interaction\//);
    await expectAccessible(page);
    await choose(new RegExp(TEST_PEOPLE.citizen));
    await page.locator('button[value="login"]').click();
    await page.waitForURL(/\/informativa$/);
  });

  it('goes through privacy and general details', async () => {
    expect(await heading()).toBe('Informativa sulla privacy');
    await expectAccessible(page);
    // without the checkbox: an error summary that links to it
    await page.getByRole('button', { name: 'Avanti' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('conferma di aver letto');
    await expectAccessible(page);
    await choose('Ho letto e compreso l\'informativa sulla privacy');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/dati-generali$/);
    expect(await heading()).toBe('Dati generali');
    expect(await page.textContent('main')).toContain(TEST_PEOPLE.citizen);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/passo\/segnalazione$/);
  });

  it('fills the step with an address, choices, a date and a photo', async () => {
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Salva e continua' }).click();
    await page.waitForSelector('#error-summary');
    await expectAccessible(page);
    await page.getByLabel('Via o piazza').fill('Via Roma');
    await page.getByLabel('Numero civico').fill('10');
    await page.getByLabel('CAP').fill('29121');
    await page.getByLabel('Comune', { exact: true }).fill('Piacenza');
    await page.getByLabel('Provincia').fill('PC');
    await choose('Sacchi di rifiuti domestici');
    await choose('Pochi oggetti');
    await page.getByLabel('Quando li hai visti').fill('2026-11-20');
    await page.locator('input[type="file"]').setInputFiles(photo);
    await page.getByRole('button', { name: 'Salva e continua' }).click();
    await page.waitForURL(/\/riepilogo$/);
  });

  it('confirms and sends, then finds the request in the personal area', async () => {
    expect(await heading()).toBe('Riepilogo');
    expect(await page.textContent('main')).toContain('rifiuti.png');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Conferma e invia' }).click();
    await page.waitForURL(/\/conferma$/);
    expect(await heading()).toBe('Richiesta inviata');
    expect(await page.getByTestId('protocol-number').textContent()).toMatch(/^\d{7}\/\d{4}$/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Vai all\'area personale' }).click();
    await page.waitForURL(/\/area-personale$/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Segnalazione di rifiuti abbandonati' }).first().click();
    await page.waitForURL(/\/area-personale\/richieste\/[0-9a-f-]{36}$/);
    expect(await page.textContent('main')).toContain('rifiuti.png');
    await expectAccessible(page);
  });
});

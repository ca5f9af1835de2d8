// A citizen books a CIE appointment in a real browser: the form, the page of free times (the
// time chosen with the keyboard), the summary, the confirmation with the .ics link, the
// appointment's page and its cancellation; then the clerk's day list. axe checks each page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, logInAs, startE2E, submitButton, type E2E } from './browser.ts';

const CITIZEN = 'CSRGGL44L13H501E';
// Marta Colombo: head of the registry office, so she also edits its calendars
const HEAD = 'CLMMRT70L52A944I';
const BASE = '/servizi/appuntamento-carta-identita-elettronica/domanda';
let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  page = await (await e2e.browser.newContext()).newPage();
});
afterAll(async () => e2e?.close());

const choose = (name: string, value: string) => page.locator(`input[name="${name}"][value="${value}"]`).check({ force: true });

describe('a CIE appointment', () => {
  it('is booked by a citizen, with the keyboard, on accessible pages', async () => {
    await logInAs(e2e, page, CITIZEN, '/servizi/appuntamento-carta-identita-elettronica');
    await page.goto(`${e2e.baseUrl}${BASE}`);
    await page.waitForURL(/\/informativa$/);
    await page.locator('label', { hasText: 'Ho letto e compreso l\'informativa sulla privacy' }).first().click();
    await submitButton(page, 'Avanti');
    await submitButton(page, 'Avanti');
    await page.waitForURL(/\/passo\/richiesta$/);
    await choose('intestatario', 'se-stesso');
    await page.getByLabel('Motivo della richiesta').selectOption('scadenza');
    await choose('validaEspatrio', 'yes');
    await submitButton(page, 'Salva e continua');
    await page.waitForURL(/\/passo\/appuntamento$/);
    await choose('consegna', 'residenza');
    await page.getByLabel('Telefono per eventuali comunicazioni').fill('+390512345678');
    await submitButton(page, 'Salva e continua');

    // the summary sends the person to choose a time first
    await page.waitForURL(/\/appuntamento$/);
    await expectAccessible(page);
    const first = page.locator('input[name="slot"]').first();
    await first.focus();
    await page.keyboard.press('Space');
    expect(await first.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Conferma l\'orario e continua' }).focus();
    await Promise.all([page.waitForURL(/\/riepilogo$/), page.keyboard.press('Enter')]);
    await expectAccessible(page);
    expect(await page.getByTestId('appointment-held').textContent()).toContain('Orario riservato');

    await submitButton(page, 'Conferma e invia');
    await page.waitForURL(/\/conferma$/);
    await expectAccessible(page);
    expect(await page.getByTestId('appointment').textContent()).toContain('Piazza Cavalli 2');
    expect(await page.getByRole('link', { name: 'Aggiungi al calendario (file .ics)' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Sposta o annulla l\'appuntamento' }).click();
    await page.waitForURL(/\/appuntamento$/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Annulla l\'appuntamento' }).click();
    await page.waitForURL(/\/annulla$/);
    await expectAccessible(page);
  });

  it('shows the office the list of the day and the calendar form', async () => {
    const head = await (await e2e.browser.newContext()).newPage();
    page = head;
    await logInAs(e2e, head, HEAD, '/backoffice/appuntamenti');
    await expectAccessible(head);
    await head.getByRole('link', { name: /Appuntamenti del giorno - Sportello carta/ }).click();
    await head.waitForURL(/\/backoffice\/appuntamenti\/\d+$/);
    await expectAccessible(head);
    await head.goBack();
    await head.getByRole('link', { name: /Modifica - Sportello carta/ }).click();
    await head.waitForURL(/\/calendari\/\d+$/);
    await expectAccessible(head);
    expect(await head.getByLabel('Giovedì').inputValue()).toBe('08:30-12:30, 14:30-17:00');
  });
});

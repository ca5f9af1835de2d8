// API clients in a real browser: an administrator creates a client for a back-office system,
// sees its secret once (the client page never shows it), adds a webhook subscription and sees
// its signing secret once, then opens the (empty) delivery log, edits the client and opens the subscription's page. axe checks
// every page visited; the secret works at the token endpoint.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, logInAs, startE2E, type E2E } from './browser.ts';

const ADMIN = 'RCCLNE79B68D612V';
let e2e: E2E;
let page: Page;
let secret = '';

beforeAll(async () => {
  e2e = await startE2E();
  page = await (await e2e.browser.newContext()).newPage();
});
afterAll(async () => e2e?.close());

/** Ticks a checkbox as a person does: Bootstrap Italia draws it on its label, so the label is clicked. */
async function tick(group: string, label: string | RegExp) {
  const box = page.getByRole('group', { name: group }).getByLabel(label).first();
  await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
  expect(await box.isChecked()).toBe(true);
}

async function submit(name: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  await expectAccessible(page);
}

describe('API clients', () => {
  it('an administrator creates a client and sees its secret once', async () => {
    await logInAs(e2e, page, ADMIN, '/admin/api/clienti');
    await expectAccessible(page);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nuovo client' }).click()]);
    await expectAccessible(page);
    // refused input: the error summary, 422
    await submit('Crea il client');
    expect(await page.locator('#error-summary').textContent()).toContain('Scegli almeno un permesso');
    await page.getByLabel('Nome del sistema').fill('Gestionale anagrafe');
    await tick('Permessi', 'Leggere le pratiche');
    await tick('Uffici', /Anagrafe/);
    await submit('Crea il client');
    const clientId = (await page.locator('#client-id').textContent())!;
    secret = (await page.locator('#client-secret').textContent())!;
    expect(secret).toMatch(/^spcs_/);
    expect(await page.getByRole('status').textContent()).toContain('non sarà più mostrato');

    const token = await fetch(`${e2e.baseUrl}/api/v1/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }) });
    expect(token.status).toBe(200);
  }, 90_000);

  it('the client page does not show it again; a webhook\'s signing secret is shown once; the delivery log', async () => {
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Torna al client' }).click()]);
    await expectAccessible(page);
    expect(await page.content()).not.toContain(secret);
    await page.getByLabel('Indirizzo del ricevitore (https)').fill('https://gestionale.comune.example.it/webhook');
    await tick('Eventi', 'Cambio di stato');
    await submit('Aggiungi l\'iscrizione');
    expect(await page.locator('#signing-secret').textContent()).toMatch(/^whsec_/);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Torna al client' }).click()]);
    await page.goto(`${page.url().split('?')[0]}/consegne`);
    await expectAccessible(page);
    expect(await page.getByText('Nessuna consegna.').isVisible()).toBe(true);
  }, 90_000);

  it('an administrator edits the client and sees the confirmation; the subscription\'s page', async () => {
    await page.goto(page.url().replace(/\/consegne$/, '/modifica'));
    await expectAccessible(page);
    await page.getByLabel('Nome del sistema').fill('Gestionale anagrafe e stato civile');
    await submit('Salva le modifiche');
    expect(await page.getByRole('status').textContent()).toContain('Client aggiornato');
    expect(await page.locator('h1').textContent()).toContain('Gestionale anagrafe e stato civile');
    // the subscription's own page (URL and events, a new signing secret, deletion)
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /^Modifica l'iscrizione/ }).click()]);
    await expectAccessible(page);
  }, 90_000);
});

// Fees in the browser, paid in the payment sandbox. A citizen files a procedure with a fee paid
// after filing (the residents' parking permit), pays it and sees it paid: on the return page,
// which asks the provider, and on the request page. Another files one whose fees are paid
// before filing (the zoning certificate, CDU): the filing waits for its payment ("Domanda
// registrata: manca il pagamento") and, paid, is filed with a protocol number. Axe on every
// page, the sandbox's included.
import path from 'node:path';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { expectAccessible, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let page: Page;
let document: string;
beforeAll(async () => {
  e2e = await startE2E();
  page = await (await e2e.browser.newContext()).newPage();
  const dir = await mkdtemp(path.join(tmpdir(), 'e2e-'));
  document = path.join(dir, 'libretto.pdf');
  await writeFile(document, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
});
afterAll(async () => e2e?.close());

/** Ticks a radio or checkbox as a person does: Bootstrap Italia draws its own box over the label. */
async function choose(label: string | RegExp, on: Page = page): Promise<void> {
  await on.locator('label', { hasText: label }).first().click();
}

/** Opens a procedure's form, logs in as the person, accepts the privacy notice and passes the applicant's details: on the first step. */
async function beginFiling(on: Page, slug: string, fiscalCode: string, firstStep: string): Promise<void> {
  await on.goto(`${e2e.baseUrl}/servizi/${slug}/domanda`);
  await on.getByRole('link', { name: /Entra con SPID/ }).first().click();
  await on.waitForURL(/\/interaction\//);
  await choose(new RegExp(fiscalCode), on);
  await on.locator('button[value="login"]').click();
  await on.waitForURL(/\/informativa$/);
  await choose('Ho letto e compreso', on);
  await on.getByRole('button', { name: 'Avanti' }).click();
  await on.getByRole('button', { name: 'Avanti' }).click();
  await on.waitForURL(new RegExp(`/passo/${firstStep}$`));
}

/** From a payment's page: "Paga online", then paid at once in the sandbox, and back. */
async function payInSandbox(on: Page, check: (page: Page) => Promise<void> = async () => {}): Promise<void> {
  await on.waitForURL(/\/pagamenti\/\d+$/);
  await check(on);
  await on.getByRole('button', { name: 'Paga online' }).click();
  await on.waitForURL(/\/sandbox-pagopa\//);
  await check(on);
  await choose('Subito', on);
  await on.getByRole('button', { name: 'Paga (simulato)' }).click();
  await on.waitForURL(/\/esito/);
  await expect(on.getByRole('status').first().textContent()).resolves.toContain('Pagamento riuscito');
  await check(on);
}

describe('a procedure with a fee, paid in the sandbox', () => {
  it('files the parking permit', async () => {
    await beginFiling(page, 'abbonamento-sosta-residenti', TEST_PEOPLE.citizen2, 'veicolo');
    await choose('Primo');
    await page.getByLabel('Zona di sosta').selectOption('b-stazione');
    await page.getByLabel('Targa del veicolo').fill('AB123CD');
    await page.getByLabel('Titolo sul veicolo').selectOption('proprieta');
    await page.locator('input[type="file"]').first().setInputFiles(document);
    await choose('Dichiaro, consapevole');
    await page.getByRole('button', { name: 'Salva e continua' }).click();
    await page.waitForURL(/\/riepilogo$/);
    await page.getByRole('button', { name: 'Conferma e invia' }).click();
    await page.waitForURL(/\/conferma$/);
    expect(await page.textContent('main')).toContain('50,00');
    await expectAccessible(page);
  });

  it('pays online in the sandbox and sees the payment done', async () => {
    await page.getByRole('link', { name: 'Paga online' }).click();
    await payInSandbox(page, expectAccessible);
    await page.goto(`${e2e.baseUrl}/area-personale`);
    await page.getByRole('link', { name: 'Permesso di sosta per residenti' }).first().click();
    await page.waitForURL(/\/area-personale\/richieste\//);
    expect(await page.textContent('main')).toContain('Pagato');
    await expectAccessible(page);
    // the person was asked to pay with the filing, and told when it was paid
    const kinds = await e2e.portal.app.db
      .selectFrom('notifications')
      .select('kind')
      .where('recipient_fiscal_code', '=', TEST_PEOPLE.citizen2)
      .where('kind', 'like', 'payment.%')
      .execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(['payment.received', 'payment.requested']);
  });
});

describe('fees paid before filing (the zoning certificate)', () => {
  let cdu: Page;
  let requestUrl: string;
  beforeAll(async () => {
    cdu = await (await e2e.browser.newContext()).newPage();
  });

  it('fills the certificate and sees the fees on the summary', async () => {
    await beginFiling(cdu, 'certificato-destinazione-urbanistica', TEST_PEOPLE.citizen, 'terreni');
    await cdu.getByLabel('Chiedi il certificato in qualità di').selectOption('erede');
    await cdu.getByLabel('Foglio', { exact: true }).first().fill('12');
    await cdu.getByLabel('Particella', { exact: true }).first().fill('345');
    await cdu.locator('input[type="file"]').first().setInputFiles(document);
    await choose(/^\s*No\s*$/, cdu);
    await cdu.getByRole('button', { name: 'Salva e continua' }).click();
    await cdu.waitForURL(/\/passo\/uso-bollo$/);
    await choose('Dichiarazione di successione (esente)', cdu);
    await choose('Dichiaro che il certificato sarà usato esclusivamente', cdu);
    await cdu.getByRole('button', { name: 'Salva e continua' }).click();
    await cdu.waitForURL(/\/riepilogo$/);
    const summary = await cdu.textContent('main');
    expect(summary).toContain('Diritti di segreteria');
    expect(summary).not.toContain('Rilascio urgente entro 10 giorni');
    await expect(cdu.getByTestId('fees-online').textContent()).resolves.toMatch(/50,00\s€/);
    await expectAccessible(cdu);
  });

  it('confirms: the filing is recorded and waits for the payment', async () => {
    await cdu.getByRole('button', { name: 'Conferma e vai al pagamento' }).click();
    await cdu.waitForURL(/\/area-personale\/richieste\/[^/]+\/conferma$/);
    requestUrl = cdu.url().replace(/\/conferma$/, '');
    await expect(cdu.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Domanda registrata: manca il pagamento');
    expect(await cdu.textContent('main')).toContain('50,00');
    await expectAccessible(cdu);
  });

  it('pays in the sandbox, and the request is filed with a protocol number', async () => {
    await cdu.getByRole('link', { name: 'Paga online' }).click();
    await payInSandbox(cdu);
    // the number is given right after the payment's transaction commits: look again for a moment
    const protocol = cdu.getByRole('definition').filter({ hasText: /^\s*\d{7}\/\d{4}\s*$/ });
    for (let tries = 0; tries < 20; tries++) {
      await cdu.goto(requestUrl);
      if ((await protocol.count()) > 0) break;
      await cdu.waitForTimeout(250);
    }
    await expect(protocol.first().textContent()).resolves.toMatch(/\d{7}\/\d{4}/);
    expect(await cdu.textContent('main')).toContain('Pagato');
  });
});

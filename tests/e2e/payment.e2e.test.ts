// A citizen files a procedure with a fee (the residents' parking permit), pays it in the
// payment sandbox, and sees it paid: on the return page, which asks the provider, and on the
// request page. Axe on every page, the sandbox's included.
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

async function choose(label: string | RegExp): Promise<void> {
  await page.locator('label', { hasText: label }).first().click();
}

describe('a procedure with a fee, paid in the sandbox', () => {
  it('files the parking permit', async () => {
    await page.goto(`${e2e.baseUrl}/servizi/abbonamento-sosta-residenti/domanda`);
    await page.getByRole('link', { name: /Entra con SPID/ }).first().click();
    await page.waitForURL(/\/interaction\//);
    await choose(new RegExp(TEST_PEOPLE.citizen2));
    await page.locator('button[value="login"]').click();
    await page.waitForURL(/\/informativa$/);
    await choose('Ho letto e compreso');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/passo\/veicolo$/);
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
    await page.waitForURL(/\/pagamenti\/\d+$/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Paga online' }).click();
    await page.waitForURL(/\/sandbox-pagopa\//);
    await expectAccessible(page);
    await choose('Subito');
    await page.getByRole('button', { name: 'Paga (simulato)' }).click();
    await page.waitForURL(/\/esito/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Pagamento riuscito');
    await expectAccessible(page);
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

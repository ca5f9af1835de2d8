// Delegations in Chromium: a citizen grants one (a refused empty form first), the delegate
// accepts it, the delegator revokes it after the confirmation page; a clerk registers a paper
// delegation with its two scans (a refused form first) and finds it in the list. Axe (WCAG 2.1
// AA) on every page of the way, in Italian and in English.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate } from '../../src/platform/time.ts';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { PDF, PNG } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let files: { form: string; document: string };

/** Ticks a radio or checkbox as a person does: Bootstrap Italia draws its own box over the label. */
async function tick(page: Page, label: string): Promise<void> {
  await page.locator('label', { hasText: label }).first().click();
}

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  const dir = await mkdtemp(path.join(tmpdir(), 'e2e-deleghe-'));
  files = { form: path.join(dir, 'modulo.pdf'), document: path.join(dir, 'cie.png') };
  await writeFile(files.form, PDF);
  await writeFile(files.document, PNG);
});
afterAll(async () => e2e?.close());

describe('a delegation online', () => {
  let giulio: Page;
  let ada: Page;

  it('is granted from the personal area, after an error summary for an empty form', async () => {
    giulio = await loggedIn(e2e, TEST_PEOPLE.citizen, '/area-personale/deleghe');
    await expectAccessible(giulio);
    await giulio.getByRole('link', { name: 'Nuova delega' }).click();
    await expectAccessible(giulio);
    await giulio.getByLabel('Valida dal', { exact: true }).fill('');
    await giulio.getByRole('button', { name: 'Concedi la delega' }).click();
    await giulio.waitForSelector('#error-summary');
    await expectAccessible(giulio);

    await giulio.getByLabel('Codice fiscale della persona delegata', { exact: true }).fill(TEST_PEOPLE.citizen2);
    await giulio.getByLabel('Nome della persona delegata', { exact: true }).fill('Ada');
    await giulio.getByLabel('Cognome della persona delegata', { exact: true }).fill('Lovelace');
    await tick(giulio, 'Solo alcuni servizi (li scegli qui sotto)');
    await giulio.getByText('Anagrafe e stato civile (').click();
    await tick(giulio, 'Cambio di residenza');
    await tick(giulio, 'Consultazione e presentazione di pratiche');
    await giulio.getByLabel('Valida dal', { exact: true }).fill(romeDate(new Date()));
    await giulio.getByLabel('Valida fino al (facoltativo)', { exact: true }).fill(addDays(romeDate(new Date()), 30));
    await giulio.getByRole('button', { name: 'Concedi la delega' }).click();
    await giulio.waitForURL(/fatto=concessa/);
    expect(await giulio.getByRole('row', { name: /Ada Lovelace/ }).textContent()).toContain('In attesa di accettazione');
    await expectAccessible(giulio);
  });

  it('is accepted by the delegate, in English', async () => {
    ada = await loggedIn(e2e, TEST_PEOPLE.citizen2, '/area-personale/deleghe');
    await ada.goto(`${e2e.baseUrl}/area-personale/deleghe?lang=en`);
    await expectAccessible(ada);
    await ada.getByRole('link', { name: 'Giulio Cesare', exact: true }).click();
    await expectAccessible(ada);
    await ada.getByRole('button', { name: 'Accept' }).click();
    await ada.waitForURL(/fatto=accettata/);
    expect(await ada.getByRole('status').first().textContent()).toContain('You accepted the delegation.');
    await expectAccessible(ada);
  });

  it('is revoked by the delegator after the confirmation page', async () => {
    await giulio.goto(`${e2e.baseUrl}/area-personale/deleghe`);
    await giulio.getByRole('link', { name: /Revoca - Ada Lovelace/ }).click();
    await expectAccessible(giulio);
    await giulio.getByRole('button', { name: 'Revoca la delega' }).click();
    await giulio.waitForURL(/fatto=revocata/);
    expect(await giulio.getByRole('row', { name: /Ada Lovelace/ }).textContent()).toContain('Revocata');
    await expectAccessible(giulio);
  });
});

describe('a paper delegation at the desk', () => {
  it('is registered by a clerk with its two scans, after an error summary, and found in the list', async () => {
    const clerk = await loggedIn(e2e, TEST_PEOPLE.clerkAnagrafe, '/backoffice/deleghe');
    await expectAccessible(clerk);
    await clerk.getByRole('link', { name: 'Registra una delega cartacea' }).click();
    await expectAccessible(clerk);
    await clerk.getByRole('button', { name: 'Registra la delega' }).click();
    await clerk.waitForSelector('#error-summary');
    await expectAccessible(clerk);

    await clerk.getByLabel('Codice fiscale del delegante', { exact: true }).fill('RNLTRS40A41H501A');
    await clerk.getByLabel('Nome del delegante', { exact: true }).fill('Teresa');
    await clerk.getByLabel('Cognome del delegante', { exact: true }).fill('Rinaldi');
    await clerk.getByLabel('Data di nascita del delegante', { exact: true }).fill('1940-01-01');
    await clerk.getByLabel('Tipo di documento', { exact: true }).selectOption('cie');
    await clerk.getByLabel('Numero del documento', { exact: true }).fill('CA12345AB');
    await clerk.getByLabel('Rilasciato da', { exact: true }).fill('Comune di Roma');
    await clerk.getByLabel('Scadenza del documento', { exact: true }).fill(addDays(romeDate(new Date()), 400));
    await clerk.getByLabel('Codice fiscale della persona delegata', { exact: true }).fill(TEST_PEOPLE.citizen3);
    await clerk.getByLabel('Nome della persona delegata', { exact: true }).fill('Mario');
    await clerk.getByLabel('Cognome della persona delegata', { exact: true }).fill('Rossi');
    await tick(clerk, 'Tutti i servizi del Comune');
    await tick(clerk, 'Solo consultazione');
    await clerk.getByLabel('Modulo di delega firmato', { exact: true }).setInputFiles(files.form);
    await clerk.getByLabel('Copia del documento d\'identità', { exact: true }).setInputFiles(files.document);
    await clerk.getByRole('button', { name: 'Registra la delega' }).click();
    await clerk.waitForURL(/fatto=registrata/);
    await expectAccessible(clerk);
    await clerk.goto(`${e2e.baseUrl}/backoffice/deleghe?q=RNLTRS&lang=en`);
    expect(await clerk.getByRole('row', { name: /Teresa Rinaldi/ }).textContent()).toContain('View only');
    await expectAccessible(clerk);
    await clerk.goto(`${e2e.baseUrl}/backoffice/deleghe?lang=it`);
  });
});

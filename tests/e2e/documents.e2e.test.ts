// Document templates in Chromium: an administrator edits the approval template of the
// residence certificate (preview, then save), a clerk generates the decision letter from it on a
// case, previews it and sends it; the case page lists it with its outgoing protocol number.
// Axe (WCAG 2.1 AA) on every page visited.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, fileResidence } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let admin: Page;
let clerk: Page;
let filing: { id: number; publicId: string };

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  filing = await fileResidence(e2e.portal.app, CITIZEN);
  admin = await loggedIn(e2e, TEST_PEOPLE.admin, '/admin/modelli');
  clerk = await loggedIn(e2e, TEST_PEOPLE.clerkAnagrafe, `/backoffice/pratiche/${filing.publicId}`);
});
afterAll(async () => e2e?.close());

describe('a template edited by an administrator becomes the clerk’s decision letter', () => {
  it('the administrator previews and saves a new version', async () => {
    await expectAccessible(admin);
    await admin.getByRole('link', { name: 'Certificato di residenza' }).first().click();
    await expectAccessible(admin);
    await admin.getByRole('link', { name: /Modifica Provvedimento di accoglimento \(IT\)/ }).click();
    await expectAccessible(admin);
    const body = admin.getByLabel('Testo (Markdown con campi unione)');
    await body.fill('Gentile **{{ richiedente.nome }}**, la domanda è accolta.\n\n- {{ testo }}');
    await admin.getByRole('button', { name: 'Anteprima' }).click();
    await expect(admin.locator('#preview-heading').textContent()).resolves.toContain('Anteprima');
    await expectAccessible(admin);
    await admin.getByRole('button', { name: 'Salva nuova versione' }).click();
    await admin.waitForURL(/esito=saved/);
    expect(await admin.textContent('main')).toContain('Modello salvato come versione 1.');
    await expectAccessible(admin);
  });

  it('the clerk generates the decision from it and sends it', async () => {
    await clerk.getByRole('button', { name: 'Prendi in carico' }).click();
    await clerk.waitForURL(/fatto=taken/);
    // the generated documents are in the case page's Documenti tab
    await clerk.getByRole('tab', { name: /^Documenti/ }).click();
    await clerk.getByRole('link', { name: 'Genera documento' }).click();
    await expectAccessible(clerk);
    await clerk.getByLabel('Documento').selectOption('accoglimento');
    await clerk.getByLabel('Testo o motivazione').fill('Residenza verificata in anagrafe.');
    await clerk.getByRole('button', { name: 'Componi il testo' }).click();
    const corpo = clerk.getByLabel('Testo (Markdown con campi unione)');
    await expect(corpo.inputValue()).resolves.toContain('Gentile **Giulio Cesare**, la domanda è accolta.');
    await expectAccessible(clerk);
    await clerk.getByRole('button', { name: 'Anteprima', exact: true }).click();
    await expect(clerk.locator('#preview-heading + p + p strong').textContent()).resolves.toBe('Giulio Cesare');
    await expectAccessible(clerk);
    await clerk.getByRole('button', { name: 'Invia al richiedente' }).click();
    await clerk.waitForURL(/fatto=document/);
    expect(await clerk.textContent('main')).toContain('Documento inviato con il numero di protocollo in uscita.');
    const section = clerk.locator('section[aria-labelledby="documents-heading"]');
    await expect(section.textContent()).resolves.toMatch(/Prot\. \d{7}\/\d{4}/);
    await expectAccessible(clerk);
  });
});

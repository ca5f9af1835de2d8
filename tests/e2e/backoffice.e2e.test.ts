// The back office in Chromium: a citizen's filing is in the registry office's queue; the clerk
// takes it in charge and asks for an integration (a refused empty request first); the citizen
// answers from the personal area with a document; the clerk approves with the signed decision;
// the citizen sees it. Axe (WCAG 2.1 AA) on every back-office page (the payments panel, the
// payment request form and the offices' payments list among them) and every page of the
// citizen's answer, in Italian and in English; forms submitted with the keyboard where a person
// would type.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, fileResidence, PDF } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let clerk: Page;
let citizen: Page;
let filing: { id: number; publicId: string };
let document: string;

async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  filing = await fileResidence(e2e.portal.app, CITIZEN);
  const dir = await mkdtemp(path.join(tmpdir(), 'e2e-bo-'));
  document = path.join(dir, 'provvedimento.pdf');
  await writeFile(document, PDF);
  clerk = await loggedIn(e2e, TEST_PEOPLE.clerkAnagrafe, '/backoffice');
  citizen = await loggedIn(e2e, TEST_PEOPLE.citizen, '/area-personale');
});
afterAll(async () => e2e?.close());

const casePath = () => `/backoffice/pratiche/${filing.publicId}`;
const requestPath = () => `/area-personale/richieste/${filing.publicId}`;

describe('a clerk carries a filing to a decision the citizen sees', () => {
  it('finds the filing in the queue and opens it', async () => {
    expect(await heading(clerk)).toBe('Pratiche da lavorare');
    await expectAccessible(clerk);
    const row = clerk.getByRole('row', { name: /Cesare Giulio/ });
    await expect(row.textContent()).resolves.toContain('Certificato di residenza');
    // the filter form with the keyboard: a search, then Enter
    await clerk.getByLabel('Cerca per protocollo, codice fiscale o nome').fill('cesare');
    await clerk.keyboard.press('Enter');
    await clerk.waitForURL(/q=cesare/);
    await expectAccessible(clerk);
    await clerk.getByRole('row', { name: /Cesare Giulio/ }).getByRole('link').click();
    await clerk.waitForURL(new RegExp(`${casePath()}$`));
    expect(await heading(clerk)).toMatch(/^Pratica \d{7}\/\d{4}$/);
    await expectAccessible(clerk);
  });

  it('takes it in charge', async () => {
    await clerk.getByRole('button', { name: 'Prendi in carico' }).click();
    await clerk.waitForURL(/fatto=taken/);
    await expect(clerk.getByRole('status').first().textContent()).resolves.toContain('Hai preso in carico la pratica.');
    expect(await clerk.textContent('main')).toContain('In istruttoria');
    await expectAccessible(clerk);
  });

  it('asks for an integration, after a refused empty request', async () => {
    await clerk.getByRole('button', { name: 'Invia la richiesta di integrazione' }).click();
    await clerk.waitForSelector('#error-summary');
    await expectAccessible(clerk);
    await clerk.getByRole('link', { name: /Scrivi un testo di almeno 10 caratteri/ }).click();
    await clerk.keyboard.type('Allegare copia del contratto di locazione registrato.');
    await clerk.getByRole('button', { name: 'Invia la richiesta di integrazione' }).click();
    await clerk.waitForURL(/fatto=integration/);
    expect(await clerk.textContent('main')).toContain('termine sospeso');
    await expectAccessible(clerk);
  });

  it('the citizen sees the request and answers with a document', async () => {
    await citizen.goto(`${e2e.baseUrl}${requestPath()}`);
    await expectAccessible(citizen);
    expect(await citizen.textContent('main')).toContain('Allegare copia del contratto di locazione registrato.');
    await citizen.getByRole('link', { name: 'Rispondi' }).click();
    await citizen.waitForURL(/\/rispondi$/);
    expect(await heading(citizen)).toBe('Rispondi all\'ufficio');
    await expectAccessible(citizen);
    await citizen.getByRole('button', { name: 'Invia' }).click();
    await citizen.waitForSelector('#error-summary');
    await expectAccessible(citizen);
    await citizen.getByLabel('Il tuo messaggio').fill('Ecco il contratto di locazione.');
    await citizen.setInputFiles('#reply-allegati', document);
    await citizen.getByRole('button', { name: 'Invia' }).click();
    await citizen.waitForURL(/fatto=risposta/);
    expect(await citizen.textContent('main')).toContain('La risposta è stata inviata');
    expect(await citizen.textContent('main')).toContain('In istruttoria');
    await expectAccessible(citizen);
  });

  it('the clerk sees the answer and approves with the signed decision', async () => {
    await clerk.goto(`${e2e.baseUrl}${casePath()}`);
    expect(await clerk.textContent('main')).toContain('Ecco il contratto di locazione.');
    await expectAccessible(clerk);
    await clerk.locator('label', { hasText: 'Accogli la domanda' }).click();
    await clerk.getByLabel('Motivazione').fill('Residenza verificata nei registri anagrafici.');
    await clerk.setInputFiles('#decision-documento', document);
    await clerk.getByRole('button', { name: 'Registra la decisione' }).click();
    await clerk.waitForURL(/fatto=decided/);
    expect(await clerk.textContent('main')).toContain('Decisione registrata: Accolta');
    await expectAccessible(clerk);
  });

  it('the citizen sees the decision and can download it', async () => {
    await citizen.goto(`${e2e.baseUrl}${requestPath()}`);
    const main = await citizen.textContent('main');
    expect(main).toContain('La domanda è stata accolta.');
    expect(main).toContain('Residenza verificata nei registri anagrafici.');
    const link = citizen.getByRole('link', { name: /Scarica il provvedimento/ });
    const href = await link.getAttribute('href');
    const response = await citizen.request.get(`${e2e.baseUrl}${href}`);
    expect(response.status()).toBe(200);
    expect(Buffer.from(await response.body()).equals(PDF)).toBe(true);
    await expectAccessible(citizen);
  });
});

describe('every other back-office page passes axe', () => {
  it('the queue with filters and counts, in both languages', async () => {
    for (const query of ['?stato=all', '?stato=approved&ordine=scadenza-desc', '?scadenza=overdue', '?stato=all&lang=en', '?lang=it']) {
      await clerk.goto(`${e2e.baseUrl}/backoffice${query}`);
      await expectAccessible(clerk);
    }
  });

  it('a closed case, in English too', async () => {
    await clerk.goto(`${e2e.baseUrl}${casePath()}?lang=en`);
    expect(await heading(clerk)).toMatch(/^Case \d{7}\/\d{4}$/);
    await expectAccessible(clerk);
    await clerk.goto(`${e2e.baseUrl}${casePath()}?lang=it`);
    await expectAccessible(clerk);
  });

  it('a case with every action form, and their error summaries', async () => {
    const other = await fileResidence(e2e.portal.app, CITIZEN);
    await clerk.goto(`${e2e.baseUrl}/backoffice/pratiche/${other.publicId}`);
    await clerk.getByRole('button', { name: 'Prendi in carico' }).click();
    await clerk.waitForURL(/fatto=taken/);
    await expectAccessible(clerk);
    await clerk.getByRole('button', { name: 'Inoltra' }).click();
    await clerk.waitForSelector('#error-summary');
    await expectAccessible(clerk);
    await clerk.getByRole('button', { name: 'Registra la decisione' }).click();
    await clerk.waitForSelector('#error-summary');
    await expectAccessible(clerk);
    // notes are in the Messages tab
    await clerk.getByRole('tab', { name: /^Messaggi/ }).click();
    await clerk.getByLabel('Nuova nota').fill('Chiamato il richiedente per chiarimenti.');
    await clerk.getByRole('button', { name: 'Aggiungi la nota' }).click();
    await clerk.waitForURL(/fatto=note/);
    await expectAccessible(clerk);
    // the citizen's message and withdrawal pages for that filing
    await citizen.goto(`${e2e.baseUrl}/area-personale/richieste/${other.publicId}/messaggio`);
    await expectAccessible(citizen);
    await citizen.goto(`${e2e.baseUrl}/area-personale/richieste/${other.publicId}/ritira`);
    await expectAccessible(citizen);
    await citizen.getByRole('button', { name: 'Ritira la domanda' }).click();
    await citizen.waitForSelector('#error-summary');
    await expectAccessible(citizen);
  });

  it('a payment request with its error summary, the payments panel and the offices\' payments list', async () => {
    const other = await fileResidence(e2e.portal.app, CITIZEN);
    await clerk.goto(`${e2e.baseUrl}/backoffice/pratiche/${other.publicId}?tab=pagamenti`);
    await clerk.getByRole('button', { name: 'Richiedi il pagamento' }).click();
    await clerk.waitForSelector('#error-summary');
    await expectAccessible(clerk);
    await clerk.getByLabel('Importo in euro').fill('80,50');
    await clerk.getByLabel('Causale').fill('Diritti di istruttoria');
    await clerk.getByLabel('Codice di tassonomia pagoPA (facoltativo)').fill('0101108TS');
    await clerk.getByRole('button', { name: 'Richiedi il pagamento' }).click();
    await clerk.waitForURL(/fatto=payment/);
    expect(await clerk.textContent('main')).toContain('Situazione dei pagamenti: Da pagare.');
    await expectAccessible(clerk);
    await clerk.goto(`${e2e.baseUrl}/backoffice`);
    await expectAccessible(clerk);
    await clerk.getByRole('navigation', { name: 'Sezioni del back office' }).getByRole('link', { name: 'Pagamenti' }).click();
    await clerk.waitForURL(/\/backoffice\/pagamenti$/);
    expect(await heading(clerk)).toBe('Pagamenti delle pratiche');
    expect(await clerk.textContent('main')).toContain('Diritti di istruttoria');
    await expectAccessible(clerk);
    for (const query of ['?stato=pending&data=pagamento', '?lang=en', '?lang=it']) {
      await clerk.goto(`${e2e.baseUrl}/backoffice/pagamenti${query}`);
      await expectAccessible(clerk);
    }
  });

  it('the statistics, with their charts and tables', async () => {
    await clerk.goto(`${e2e.baseUrl}/backoffice/statistiche`);
    expect(await heading(clerk)).toBe('Statistiche');
    expect(await clerk.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await expectAccessible(clerk);
    await clerk.goto(`${e2e.baseUrl}/backoffice/statistiche?lang=en`);
    await expectAccessible(clerk);
  });
});

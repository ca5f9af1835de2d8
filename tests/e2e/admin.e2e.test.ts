// An administrator, in a real browser, builds a two-step procedure with a condition, walks it
// in the whole-journey preview and publishes it; every administration page on the way (and the
// offices, staff, import, audit, fees, routing, preview, content checks and version pages)
// passes axe with zero violations.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, logInAs, startE2E, submitButton, type E2E } from './browser.ts';

const ADMIN = 'RCCLNE79B68D612V';
let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  page = await (await e2e.browser.newContext()).newPage();
});
afterAll(async () => e2e?.close());

async function go(path: string) {
  const response = await page.goto(`${e2e.baseUrl}${path}`);
  expect(response?.status(), path).toBe(200);
  await expectAccessible(page);
}

/** A text in both languages: the fieldset named by its legend, one input per language. */
async function both(legend: string, it: string, en: string) {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Italiano').fill(it);
  await group.getByLabel('Inglese').fill(en);
}

const submit = (name: string) => submitButton(page, name);

describe('the procedure builder in a browser', () => {
  it('logs the administrator in through the test identity provider', async () => {
    await logInAs(e2e, page, ADMIN, '/admin');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Amministrazione');
    await expectAccessible(page);
  });

  it('builds a two-step procedure with a condition and publishes it', async () => {
    await page.getByRole('link', { name: 'Nuovo procedimento' }).click();
    await page.waitForURL(/\/admin\/procedimenti\/nuovo$/);
    await expectAccessible(page);
    await page.getByLabel('Indirizzo della pagina').fill('iscrizione-corsi-nuoto');
    await both('Titolo', 'Iscrizione ai corsi di nuoto', 'Swimming course enrolment');
    await page.getByLabel('Argomento').selectOption('cultura-sport');
    await page.getByLabel('Ufficio competente').selectOption('cultura-sport');
    await submit('Crea la bozza');
    await expect(page.getByRole('heading', { name: 'Controlli dei contenuti' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    const base = new URL(page.url()).pathname;

    // the service page, both languages
    await page.getByRole('navigation', { name: 'Parti del procedimento' }).getByRole('link', { name: 'Scheda del servizio' }).click();
    await page.waitForURL(/\/scheda$/);
    await expectAccessible(page);
    await both('Descrizione breve', 'Iscrivi i tuoi figli ai corsi comunali di nuoto.', 'Enrol your children in the municipal swimming courses.');
    await both('Cos\'è', 'I corsi di nuoto della piscina comunale per i ragazzi dai 6 ai 14 anni.', 'Swimming courses at the municipal pool for children aged 6 to 14.');
    await both('A chi è rivolto', 'Ai genitori dei ragazzi residenti.', 'Parents of resident children.');
    await both('Come fare', 'Compila la domanda online.', 'Fill in the application online.');
    await submit('Salva');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Modifiche salvate');
    await expectAccessible(page);

    // step 1: a yes/no question
    await go(`${base}/passi/dati`);
    await page.getByRole('link', { name: 'Aggiungi un campo' }).click();
    await page.waitForURL(/\/campi\/nuovo$/);
    await expectAccessible(page);
    await page.getByLabel('Tipo di campo').selectOption('yesno');
    expect(await page.getByRole('group', { name: 'Scelte' }).isHidden()).toBe(true);
    await page.getByLabel('Nome del campo', { exact: true }).fill('sapeteNuotare');
    await both('Etichetta (la domanda)', 'Tuo figlio sa già nuotare?', 'Can your child already swim?');
    await submit('Aggiungi il campo');
    await expectAccessible(page);

    // step 2, with a field shown only when the answer is yes
    await go(`${base}/modulo`);
    await page.getByLabel('Codice del passo').fill('livello');
    await both('Titolo del passo', 'Livello', 'Level');
    await submit('Aggiungi il passo');
    await page.waitForURL(/\/passi\/livello\?esito=created$/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Aggiungi un campo' }).click();
    await page.waitForURL(/\/campi\/nuovo$/);
    await page.getByLabel('Tipo di campo').selectOption('select');
    await page.getByLabel('Nome del campo', { exact: true }).fill('livello');
    await both('Etichetta (la domanda)', 'Che livello ha raggiunto?', 'Which level has your child reached?');
    await page.getByLabel('Scelte possibili').fill('base | Base | Basic\navanzato | Avanzato | Advanced');
    const condition = page.getByRole('group', { name: 'Mostra il campo solo se' });
    await condition.getByLabel('Il campo').selectOption('sapeteNuotare');
    await condition.getByLabel('Condizione', { exact: true }).selectOption('equals');
    await condition.getByLabel('Valore').fill('sì');
    await submit('Aggiungi il campo');
    await page.waitForURL(/\/campi\/livello\?esito=saved$/);
    await expect(page.locator('#field-preview').textContent()).resolves.toContain('Che livello ha raggiunto?');
    await expectAccessible(page);
    // with JavaScript the preview follows the typing (nothing is saved until "Salva")
    await page.getByRole('group', { name: 'Etichetta (la domanda)' }).getByLabel('Italiano').fill('Che livello ha raggiunto in acqua?');
    await page.waitForFunction(() => document.querySelector('#field-preview')?.textContent?.includes('in acqua'));
    await expectAccessible(page);

    // the citizen's view of step 2, and trying its validation
    await go(`${base}/anteprima/livello`);
    await expect(page.getByText('Rispondi solo se a «Tuo figlio sa già nuotare?» hai risposto «Sì».').count()).resolves.toBe(1);
    await submit('Prova la validazione');
    await expectAccessible(page);

    // the whole journey as a citizen walks it, to the summary: the answer of step 1 shows the field of step 2
    await go(`${base}/percorso`);
    await expect(page.getByText('Anteprima — nulla viene inviato').isVisible()).resolves.toBe(true);
    await page.locator('label', { hasText: /^Sì$/ }).click();
    await submit('Continua');
    await page.getByLabel(/Che livello ha raggiunto/).selectOption('base');
    await expectAccessible(page);
    await submit('Continua');
    await expect(page.getByRole('heading', { name: 'Riepilogo' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await go(`${base}/controlli`);

    // publish
    await go(base);
    await expect(page.getByText('Nessun problema trovato.').isVisible()).resolves.toBe(true);
    await submit('Pubblica la versione 1');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Pubblicato');
    await expectAccessible(page);

    await go('/servizi/iscrizione-corsi-nuoto');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Iscrizione ai corsi di nuoto');
    // some twenty pages through axe, with the whole-journey preview: generous on a busy machine (not a timing check)
  }, 240_000);

  it('keeps every other administration page accessible', async () => {
    const base = new URL(await page.goto(`${e2e.baseUrl}/admin?q=nuoto`).then(() => page.getByRole('link', { name: 'Iscrizione ai corsi di nuoto' }).getAttribute('href')) as string, e2e.baseUrl).pathname;
    // a member's page is addressed by their internal id, never by the fiscal code
    const member = new URL(await page.goto(`${e2e.baseUrl}/admin/personale`).then(() => page.getByRole('link', { name: 'Ricci Elena' }).getAttribute('href')) as string, e2e.baseUrl).pathname;
    expect(member).toMatch(/^\/admin\/personale\/\d+$/);
    for (const path of [
      '/admin',
      `${base}/modulo`,
      `${base}/passi/livello`,
      `${base}/passi/dati/campi/sapeteNuotare`,
      `${base}/costi`,
      `${base}/instradamento`,
      `${base}/logica`,
      `${base}/versioni`,
      '/admin/importa',
      '/admin/uffici',
      '/admin/uffici/nuovo',
      '/admin/uffici/anagrafe',
      '/admin/personale',
      '/admin/personale/nuovo',
      member,
      '/admin/registro',
      // the comune's street list (src/places), with the example list of the embedded default
      '/admin/stradario',
      '/admin?lang=en',
      `${base}?lang=en`,
    ]) {
      await go(path);
    }
    // fees: the settings first, then the form of the items appears
    await go(`${base}/costi?lang=it`);
    await page.getByLabel('Codice di tassonomia pagoPA').fill('0101108TS');
    await submit('Aggiungi i pagamenti');
    await expect(page.getByRole('heading', { name: 'Aggiungi una voce' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    // a refused form, with its error summary
    await go('/admin/procedimenti/nuovo?lang=it');
    await page.getByLabel('Indirizzo della pagina').fill('Non Valido');
    await page.getByRole('button', { name: 'Crea la bozza' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Ci sono errori da correggere');
    await expectAccessible(page);
    // twenty pages, each checked by axe: generous on a busy two-core machine (not a timing check)
  }, 180_000);
});

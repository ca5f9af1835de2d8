// A report of dumped waste without login, end to end in Chromium: the procedure page's "send
// without SPID", the same journey's steps, the e-mail page (the browser does the proof of work),
// the confirmation link read from the mail the portal sent over SMTP, confirmed with the button,
// and the tracking page with the protocol number. Axe runs on every page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevSmtp, type DevSmtpServer } from '../../src/notifications/dev-smtp.ts';
import { expectAccessible, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
let smtp: DevSmtpServer;
let page: Page;
const SLUG = 'segnalazione-abbandono-rifiuti';
const EMAIL = 'passante@example.it';

beforeAll(async () => {
  smtp = await startDevSmtp({ port: 0 });
  // a lighter proof of work than in production keeps the test quick on a busy machine
  e2e = await startE2E({ SMTP_URL: smtp.url, ANONYMOUS_POW_BITS: '10' });
  page = await (await e2e.browser.newContext()).newPage();
});
afterAll(async () => {
  await e2e?.close();
  await smtp?.close();
});

const choose = (label: string) => page.locator('label', { hasText: label }).first().click();
const heading = async () => ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();

describe('a report of dumped waste without login', () => {
  it('fills the report without SPID, as anyone would', async () => {
    await page.goto(`${e2e.baseUrl}/servizi/${SLUG}`);
    await page.getByRole('link', { name: 'Invia senza SPID o CIE' }).click();
    await page.waitForURL(/\/senza-login$/);
    expect(await heading()).toBe('Invia senza accedere');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Inizia senza accedere' }).click();
    await page.waitForURL(/\/informativa$/);
    await choose('Ho letto e compreso l\'informativa sulla privacy');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/dati-generali$/);
    expect(await page.textContent('main')).toContain('Stai inviando senza accedere');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/passo\/segnalazione$/);
    await page.getByLabel('Via o piazza').fill('Via Roma');
    await page.getByLabel('Numero civico').fill('10');
    await page.getByLabel('CAP').fill('29121');
    await page.getByLabel('Comune', { exact: true }).fill('Piacenza');
    await page.getByLabel('Provincia').fill('PC');
    await choose('Mobili o ingombranti');
    await choose('Un cumulo');
    await page.getByLabel('Quando li hai visti').fill('2026-11-20');
    await page.getByRole('button', { name: 'Salva e continua' }).click();
    await page.waitForURL(/\/riepilogo$/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Continua' }).click();
    await page.waitForURL(/\/senza-login\/invio$/);
  });

  it('gives an address; the browser answers the challenge; the link arrives by e-mail', async () => {
    expect(await heading()).toBe('Conferma il tuo indirizzo e-mail');
    // the script solves the proof of work and hides the question meant for browsers without it
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Controllo completato|calcolo/);
    await page.getByLabel('Indirizzo e-mail').fill(EMAIL);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Invia e ricevi il collegamento' }).click();
    await page.waitForURL(/\/controlla-email$/);
    expect(await heading()).toBe('Controlla la tua e-mail');
    await expectAccessible(page);
  });

  it('confirms from the mailed link and follows the report by its secret link', async () => {
    await e2e.portal.app.notifications.worker.drain();
    const mail = smtp.messages().find((m) => m.to.includes(EMAIL));
    const link = /https?:\/\/\S+\/segnalazioni\/conferma\/[A-Za-z0-9_-]{43}\S*/.exec(mail!.text ?? '')![0];
    // another browser, as the mail is often opened on a phone
    const phone = await (await e2e.browser.newContext()).newPage();
    await phone.goto(link);
    expect(((await phone.getByRole('heading', { level: 1 }).textContent()) ?? '').trim()).toBe('Conferma l\'invio della segnalazione');
    await expectAccessible(phone);
    await phone.getByRole('button', { name: 'Conferma l\'invio' }).click();
    await phone.waitForURL(/\/segnalazioni\/[A-Za-z0-9_-]{43}\?inviata=1$/);
    expect(((await phone.getByRole('heading', { level: 1 }).textContent()) ?? '').trim()).toBe('La tua segnalazione');
    expect(await phone.locator('#tracking-protocol').textContent()).toMatch(/^\d{7}\/\d{4}$/);
    expect(await phone.textContent('main')).toContain('Segnalazione di rifiuti abbandonati');
    await expectAccessible(phone);
  });
});

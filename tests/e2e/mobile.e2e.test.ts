// Mobile first (issue 21): a representative page of every role at 390px (a phone) and at
// 1280px (a desk), each passing axe and drawing nothing wider than the window; then every other
// page of each role at 390px (one browser context per role, a list of addresses), and the
// development mailbox once mail was sent; the header's menu opened by touch and by keyboard,
// closed with Escape, and reachable without JavaScript.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { CITIZEN, fileResidence } from '../integration/backoffice/helpers.ts';
import { expectAccessible, logInAs, startE2E, type E2E } from './browser.ts';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 800 };

let e2e: E2E;
let filing: { id: number; publicId: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  filing = await fileResidence(e2e.portal.app, CITIZEN);
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await e2e?.close();
});

async function newPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, ...options });
  contexts.push(context);
  return context.newPage();
}

/** The elements that stick out of the window on the right, named as a selector would. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const names: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const box = element.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0 && element.closest('.table-responsive, .visually-hidden') === null) {
        const id = element.id ? `#${element.id}` : '';
        const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
        names.push(`${element.tagName.toLowerCase()}${id}${classes} (right ${Math.round(box.right)})`);
      }
    }
    return [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`, ...names.slice(0, 12)];
  });
}

/** At a phone's width and then at a desk's: status 200, no horizontal overflow, axe. */
async function checkBothWidths(page: Page, path: string): Promise<void> {
  for (const viewport of [PHONE, DESK]) {
    await page.setViewportSize(viewport);
    const response = await page.goto(`${e2e.baseUrl}${path}`);
    expect(response?.status(), path).toBe(200);
    expect(await overflowing(page), `${path} at ${viewport.width}px`).toEqual([]);
    await expectAccessible(page);
  }
}

/** At a phone's width only: status 200, no horizontal overflow, axe. */
async function checkPhone(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${e2e.baseUrl}${path}`);
  expect(response?.status(), path).toBe(200);
  expect(await overflowing(page), `${path} at ${PHONE.width}px`).toEqual([]);
  await expectAccessible(page);
}

/** The first link of a page whose address matches, as a path (to reach a page addressed by an id). */
async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string | undefined> {
  await page.goto(`${e2e.baseUrl}${path}`);
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.find((href) => pattern.test(href));
}

describe('every role\'s pages on a phone and on a desk', () => {
  it('public pages: home, catalogue, a service page, the site map', async () => {
    const page = await newPage(e2e.browser);
    for (const path of ['/', '/servizi', '/servizi/certificato-residenza', '/mappa-del-sito', '/mappa-del-sito?lang=en']) {
      await checkBothWidths(page, path);
    }
  });

  it('a citizen: a form step with the stepper, the summary, the personal area and a request', async () => {
    const page = await newPage(e2e.browser);
    await logInAs(e2e, page, TEST_PEOPLE.citizen, '/area-personale');
    await checkBothWidths(page, '/area-personale');
    await checkBothWidths(page, `/area-personale/richieste/${filing.publicId}`);
    await page.goto(`${e2e.baseUrl}/servizi/segnalazione-abbandono-rifiuti/domanda`);
    await page.waitForURL(/\/informativa$/);
    await page.locator('label', { hasText: 'Ho letto e compreso' }).first().click();
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/dati-generali$/);
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForURL(/\/passo\/segnalazione$/);
    const step = new URL(page.url()).pathname;
    await checkBothWidths(page, step);
    // on a phone the stepper says where the person is and shows only the current step
    await page.setViewportSize(PHONE);
    await page.reload();
    const stepper = page.getByRole('navigation', { name: 'Passi della domanda' });
    await expect(stepper.textContent()).resolves.toMatch(/Passo 3 di \d/);
    const current = stepper.locator('[aria-current="step"]');
    const width = async (locator: typeof current) => (await locator.boundingBox())?.width ?? 0;
    expect(await width(current)).toBeGreaterThan(100);
    expect(await width(stepper.locator('li:not([aria-current])').first()), 'other steps hidden on a phone').toBeLessThanOrEqual(1);
    await page.setViewportSize(DESK);
    expect(await width(stepper.locator('li:not([aria-current])').first()), 'every step on a desk').toBeGreaterThan(50);
    await checkBothWidths(page, '/servizi/segnalazione-abbandono-rifiuti/domanda/riepilogo');
  });

  it('a clerk: the queue, a case, the statistics', async () => {
    const page = await newPage(e2e.browser);
    await logInAs(e2e, page, TEST_PEOPLE.head, '/backoffice');
    for (const path of ['/backoffice', `/backoffice/pratiche/${filing.publicId}`, '/backoffice/statistiche']) {
      await checkBothWidths(page, path);
    }
  });

  it('an administrator: the procedure list and the builder', async () => {
    const page = await newPage(e2e.browser);
    await logInAs(e2e, page, TEST_PEOPLE.admin, '/admin');
    await checkBothWidths(page, '/admin');
    const builder = await page.locator('th[scope="row"] a').first().getAttribute('href');
    const id = /\/admin\/procedimenti\/(\d+)/.exec(builder ?? '')?.[1];
    expect(id, 'a procedure in the list').toBeDefined();
    for (const path of [`/admin/procedimenti/${id}`, `/admin/procedimenti/${id}/modulo`]) {
      await checkBothWidths(page, path);
    }
  });
});

describe('every other page of each role on a phone', () => {
  it('a citizen: the personal area\'s tabs, messages, payments, documents, data, delegations', async () => {
    const page = await newPage(e2e.browser);
    await logInAs(e2e, page, TEST_PEOPLE.citizen, '/area-personale');
    const paths = ['/area-personale/messaggi', '/area-personale/preferenze', '/area-personale/documenti', '/area-personale/i-miei-dati', '/area-personale/deleghe', '/area-personale/imprese', '/area-personale/per-chi', '/pagamenti', `/area-personale/richieste/${filing.publicId}/messaggio`];
    for (const path of paths) await checkPhone(page, path);
  });

  it('a clerk: alerts and their preferences, exports, the statistics by procedure', async () => {
    const page = await newPage(e2e.browser);
    await logInAs(e2e, page, TEST_PEOPLE.head, '/backoffice');
    for (const path of ['/backoffice/avvisi', '/backoffice/avvisi/preferenze', '/backoffice/esportazioni', '/backoffice/statistiche/procedimenti']) await checkPhone(page, path);
    const journey = await firstLink(page, '/backoffice/statistiche/procedimenti', /^\/backoffice\/statistiche\/procedimenti\/\d+\/percorso/);
    if (journey) await checkPhone(page, journey);
  });

  it('an administrator: the builder\'s pages, staff, offices, retention, registers, templates', async () => {
    const page = await newPage(e2e.browser);
    await logInAs(e2e, page, TEST_PEOPLE.admin, '/admin');
    const builder = await firstLink(page, '/admin', /^\/admin\/procedimenti\/\d+$/);
    expect(builder, 'a procedure in the list').toBeDefined();
    const step = await firstLink(page, `${builder}/modulo`, /^\/admin\/procedimenti\/\d+\/passi\/[^/]+$/);
    const field = step ? await firstLink(page, step, /^\/admin\/procedimenti\/\d+\/passi\/[^/]+\/campi\/(?!nuovo)[^/]+$/) : undefined;
    const staffMember = await firstLink(page, '/admin/personale', /^\/admin\/personale\/\d+$/);
    const office = await firstLink(page, '/admin/uffici', /^\/admin\/uffici\/(?!nuovo)[^/]+$/);
    const builderPages = ['scheda', 'percorso', 'versioni', 'controlli', 'modelli', 'dove-si-fermano'].map((tail) => `${builder}/${tail}`);
    const paths = [
      ...builderPages, step, field,
      '/admin/procedimenti/nuovo', '/admin/importa', '/admin/personale', '/admin/personale/nuovo', staffMember, `${staffMember}/ruoli`,
      '/admin/uffici', office, '/admin/conservazione', '/admin/registro', '/admin/registro-trattamenti', '/admin/modelli', '/admin/notifiche',
    ];
    for (const path of paths) {
      expect(path, 'a page found through a link').toBeDefined();
      await checkPhone(page, path!);
    }
  });
});

describe('the development mailbox on a phone', () => {
  it('lists the mail sent and shows one, passing axe without horizontal overflow', async () => {
    // the filing's e-mail to the citizen, delivered to the development mail server
    await e2e.portal.app.notifications.worker.drain();
    expect(e2e.portal.app.notifications.devSmtp!.messages().length, 'some mail was sent').toBeGreaterThan(0);
    const page = await newPage(e2e.browser);
    await checkPhone(page, '/dev/mail');
    const mail = await firstLink(page, '/dev/mail', /^\/dev\/mail\/\d+$/);
    expect(mail, 'a mail in the list').toBeDefined();
    await checkPhone(page, mail!);
  });
});

describe('the header menu on a phone', () => {
  it('opens by touch and closes with its close button', async () => {
    const page = await newPage(e2e.browser, { hasTouch: true, isMobile: true });
    await page.goto(`${e2e.baseUrl}/servizi`);
    const toggler = page.locator('.custom-navbar-toggler');
    const menu = page.locator('#menu');
    expect(await menu.getByRole('link', { name: 'Amministrazione' }).isVisible()).toBe(false);
    await toggler.tap();
    await expect.poll(() => toggler.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => menu.getByRole('link', { name: 'Servizi' }).isVisible()).toBe(true);
    for (const name of ['Amministrazione', 'Novità', 'Vivere il comune']) expect(await menu.getByRole('link', { name }).isVisible()).toBe(true);
    await expectAccessible(page);
    await menu.locator('.close-div button').tap();
    await expect.poll(() => toggler.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => menu.isVisible()).toBe(false);
  });

  it('opens with the keyboard, lets Tab reach its links, closes with Escape and gives focus back', async () => {
    const page = await newPage(e2e.browser);
    await page.goto(`${e2e.baseUrl}/`);
    const toggler = page.locator('.custom-navbar-toggler');
    for (let i = 0; i < 20 && !(await toggler.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await toggler.evaluate((el) => el === document.activeElement), 'the toggler is reached with Tab').toBe(true);
    expect(await toggler.getAttribute('aria-label')).toBe('Apri il menu');
    await page.keyboard.press('Enter');
    await expect.poll(() => toggler.getAttribute('aria-expanded')).toBe('true');
    // once the panel has slid in, focus is on its close button and stays inside it
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('close-menu'))).toBe(true);
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? ''));
    }
    expect(reached).toEqual(expect.arrayContaining(['Amministrazione', 'Novità', 'Servizi', 'Vivere il comune']));
    await page.keyboard.press('Escape');
    await expect.poll(() => toggler.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => toggler.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('is reachable without JavaScript', async () => {
    const page = await newPage(e2e.browser, { javaScriptEnabled: false });
    await page.goto(`${e2e.baseUrl}/`);
    const menu = page.locator('#menu');
    expect(await menu.getByRole('link', { name: 'Servizi' }).isVisible()).toBe(false);
    await page.locator('.custom-navbar-toggler').click();
    await page.waitForURL(/#menu$/);
    for (const name of ['Amministrazione', 'Novità', 'Servizi', 'Vivere il comune']) expect(await menu.getByRole('link', { name }).isVisible(), name).toBe(true);
    expect(await overflowing(page)).toEqual([]);
    await menu.getByRole('link', { name: 'Servizi' }).click();
    await page.waitForURL(/\/servizi$/);
  });
});

// The browser side of end-to-end tests: the real portal listening on 127.0.0.1, Debian's
// Chromium through playwright-core (no browser is ever downloaded), and an axe check (WCAG 2.1
// AA) that every visited page must pass with zero violations.
import { AxeBuilder } from '@axe-core/playwright';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2E {
  portal: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A port nobody listens on now: the portal must know its own URL before it starts (OIDC redirect). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The portal on a free port. Two test files run side by side, so a port found free may be taken
 * before the portal (or its test identity provider, on the next port) listens: then another.
 */
async function listeningPortal(env: Record<string, string>): Promise<{ portal: TestApp; baseUrl: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let portal: TestApp | undefined;
    try {
      portal = await createTestApp({ BASE_URL: baseUrl, PORT: String(port), ...env });
      await portal.app.listen({ port, host: '127.0.0.1' });
      return { portal, baseUrl };
    } catch (error) {
      await portal?.close().catch(() => {});
      if (attempt >= 5 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
}

export async function startE2E(env: Record<string, string> = {}): Promise<E2E> {
  const { portal, baseUrl } = await listeningPortal(env);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    portal,
    baseUrl,
    browser,
    async close() {
      await browser.close();
      await portal.close();
    },
  };
}

/** A new browser context logged in as a test person through the bundled provider, on `returnTo`. */
export async function loggedIn(e2e: E2E, person: string, returnTo: string): Promise<Page> {
  const page = await (await e2e.browser.newContext()).newPage();
  await page.goto(`${e2e.baseUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByRole('link', { name: /Entra con SPID/ }).first().click();
  await page.waitForURL(/\/interaction\//);
  await page.locator('label', { hasText: new RegExp(person) }).first().click();
  await page.locator('button[value="login"]').click();
  await page.waitForURL((url) => url.pathname === returnTo.split('?')[0]);
  return page;
}

/** Runs axe with the WCAG 2.1 A and AA rules and fails with a readable list of violations. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Logs a test person in at level 2 through the test provider's page, as a person clicks it, and waits for `returnTo`. */
export async function logInAs(e2e: E2E, page: Page, person: string, returnTo: string): Promise<void> {
  await page.goto(`${e2e.baseUrl}/auth/login?provider=test-spid&level=2&returnTo=${encodeURIComponent(returnTo)}`);
  // Bootstrap Italia draws radio buttons on their labels
  await page.locator(`label[for="person-${person}"]`).click();
  await page.locator('label[for="level-2"]').click();
  await Promise.all([page.waitForURL(`${e2e.baseUrl}${returnTo}`), page.locator('button[name="action"][value="login"]').click()]);
}

/** Presses a form's button (named exactly) and waits for the page it leads to. */
export async function submitButton(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

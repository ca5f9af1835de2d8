// Lighthouse audit of the portal as a phone sees it (`npm run lighthouse`): starts the portal on
// an embedded PGlite in a temporary folder (as the browser tests do: NODE_ENV=test, the bundled
// test identity provider), logs a test citizen in with Playwright to open a form step, then runs
// Lighthouse 12 in its default mobile mode (Moto G Power emulation, simulated slow 4G) with
// Debian's Chromium on three pages: the home page, a service page and a form step (its session
// cookie passed through `extraHeaders`). Prints the four category scores and writes them to
// bench/results/lighthouse-<date>.json.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { generatePrivateJwk } from '../src/identity/keys.ts';

const CHROME = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CITIZEN = 'CSRGGL44L13H501E'; // Giulio Cesare, a person of the test provider
const SERVICE = 'segnalazione-abbandono-rifiuti';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Logs the citizen in through the test provider, passes the privacy notice and the general details: the form step's URL and the session cookie. */
async function formStepSession(baseUrl: string): Promise<{ url: string; cookie: string }> {
  const browser = await chromium.launch({ executablePath: CHROME, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await (await browser.newContext()).newPage();
    const start = `/servizi/${SERVICE}/domanda`;
    await page.goto(`${baseUrl}/auth/login?provider=test-spid&level=2&returnTo=${encodeURIComponent(start)}`);
    await page.locator(`label[for="person-${CITIZEN}"]`).click();
    await page.locator('label[for="level-2"]').click();
    await Promise.all([page.waitForURL(/\/informativa$/), page.locator('button[name="action"][value="login"]').click()]);
    await page.locator('label', { hasText: 'Ho letto e compreso' }).first().click();
    await Promise.all([page.waitForURL(/\/dati-generali$/), page.getByRole('button', { name: 'Avanti' }).click()]);
    await Promise.all([page.waitForURL(/\/passo\//), page.getByRole('button', { name: 'Avanti' }).click()]);
    const cookies = await page.context().cookies(baseUrl);
    return { url: page.url(), cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sportello-lighthouse-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port), BASE_URL: baseUrl, OIDC_PRIVATE_JWK: JSON.stringify(await generatePrivateJwk()) });
  const app = await buildApp(config);
  await app.listen({ port, host: '127.0.0.1' });
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    const step = await formStepSession(baseUrl);
    const pages = [
      { name: 'home', url: `${baseUrl}/` },
      { name: 'service page', url: `${baseUrl}/servizi/${SERVICE}` },
      { name: 'form step', url: step.url, headers: { Cookie: step.cookie } },
    ];
    const results: { page: string; path: string; scores: Record<string, number>; below90: string[] }[] = [];
    for (const target of pages) {
      const run = await lighthouse(target.url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES], ...(target.headers ? { extraHeaders: target.headers } : {}) });
      if (!run) throw new Error(`no result for ${target.url}`);
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((run.lhr.categories[c]?.score ?? 0) * 100)]));
      const failing = Object.values(run.lhr.audits)
        .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'manual')
        .map((audit) => `${audit.id}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
      results.push({ page: target.name, path: new URL(target.url).pathname, scores, below90: failing });
      console.log(`${target.name.padEnd(13)} ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join('  ')}`);
      if (failing.length) console.log(`  below 90: ${failing.join(', ')}`);
      if (run.lhr.runtimeError) console.log(`  runtime error: ${run.lhr.runtimeError.code} ${run.lhr.runtimeError.message}`);
      const consoleErrors = (run.lhr.audits['errors-in-console']?.details as { items?: { source?: string; description?: string; url?: string }[] } | undefined)?.items ?? [];
      for (const item of consoleErrors) console.log(`  console: ${item.source ?? ''} ${item.description ?? ''} ${item.url ?? ''}`);
    }
    const date = new Date().toISOString().slice(0, 10);
    await mkdir(path.join(ROOT, 'bench', 'results'), { recursive: true });
    const file = path.join(ROOT, 'bench', 'results', `lighthouse-${date}.json`);
    await writeFile(file, `${JSON.stringify({ date: new Date().toISOString(), lighthouse: '12.2.3', formFactor: 'mobile', chromium: CHROME, results }, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(ROOT, file)}`);
  } finally {
    chrome.kill();
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();

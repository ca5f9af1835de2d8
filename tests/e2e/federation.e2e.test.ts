// Login through the SPID/CIE OpenID federation in a real browser: the login page lists the
// providers the bundled trust anchors list (named from their metadata), the person chooses the
// SPID test provider, logs in there, and lands in the personal area. axe checks each page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateJwk } from '../../src/identity/keys.ts';
import { expectAccessible, startE2E, type E2E } from './browser.ts';

let e2e: E2E;

beforeAll(async () => {
  const [federationKey, encryptionKey] = await Promise.all([generatePrivateJwk(), generatePrivateJwk()]);
  e2e = await startE2E({ OIDC_MODE: 'federation', FEDERATION_PRIVATE_JWK: JSON.stringify(federationKey), OIDC_ENCRYPTION_JWK: JSON.stringify(encryptionKey) });
}, 120_000);
afterAll(async () => e2e?.close());

describe('login through the federation', () => {
  it('chooses the SPID test provider from the list and lands in the personal area', async () => {
    const page = await (await e2e.browser.newContext()).newPage();
    await page.goto(`${e2e.baseUrl}/auth/login?returnTo=%2Farea-personale`);
    await expectAccessible(page);
    const spid = page.getByRole('region', { name: /SPID/ }).getByRole('link', { name: /SPID di prova/ });
    expect(await page.getByRole('link', { name: /CIE di prova/ }).isVisible()).toBe(true);
    await Promise.all([page.waitForURL(/\/op\/spid\/interaction\//), spid.click()]);
    await expectAccessible(page);
    await page.locator('label[for="person-CSRGGL44L13H501E"]').click();
    await page.locator('label[for="level-2"]').click();
    await Promise.all([page.waitForURL(`${e2e.baseUrl}/area-personale`), page.locator('button[name="action"][value="login"]').click()]);
    expect(await page.content()).toContain('Giulio Cesare');
    await expectAccessible(page);
  }, 120_000);
});

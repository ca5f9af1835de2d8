// The bundled test provider never runs in production, whatever its caller says.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestIdp, type TestIdpOptions } from '../../../src/identity/test-idp/test-idp.ts';

const options: TestIdpOptions = {
  env: 'test',
  host: '127.0.0.1',
  port: 0,
  publicUrl: null,
  clientAuth: 'private_key_jwt',
  redirectUri: 'http://127.0.0.1:3000/auth/callback',
  portalJwks: { keys: [] },
  clients: [{ clientId: 'sportello-spid', kind: 'spid' }],
  clientName: 'Sportello',
  assetsBaseUrl: null,
};

describe('startTestIdp', () => {
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = saved;
  });

  it('refuses NODE_ENV=production in the configuration', async () => {
    await expect(startTestIdp({ ...options, env: 'production' })).rejects.toThrow(/refuses to run in production/);
  });

  it('refuses NODE_ENV=production in the process environment', async () => {
    process.env.NODE_ENV = 'production';
    await expect(startTestIdp(options)).rejects.toThrow(/refuses to run in production/);
  });

  it('serves its discovery document and a marked home page otherwise', async () => {
    const idp = await startTestIdp(options);
    try {
      const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(discovery.issuer).toBe(idp.issuer);
      expect(discovery.acr_values_supported).toEqual(['https://www.spid.gov.it/SpidL1', 'https://www.spid.gov.it/SpidL2', 'https://www.spid.gov.it/SpidL3']);
      expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
      expect(discovery.revocation_endpoint).toEqual(expect.any(String));
      expect(discovery.claims_supported).toContain('https://attributes.eid.gov.it/fiscal_number');
      const home = await (await fetch(`${idp.issuer}/?lang=en`)).text();
      expect(home).toContain('TEST identity provider');
    } finally {
      await idp.close();
    }
  });
});
